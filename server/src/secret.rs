//! Link secrets: 256 random bits, URL-safe, of which the server keeps only the SHA-256.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A freshly drawn secret, shown once to whoever created the link.
pub struct LinkSecret(String);

impl LinkSecret {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        LinkSecret(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn sha256_hex(&self) -> String {
        sha256_hex(&self.0)
    }
}

pub fn sha256_hex(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Random ids for events: short enough for a URL, long enough not to be guessed by counting.
pub fn new_event_id() -> String {
    let mut bytes = [0u8; 9];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_carry_256_bits_and_differ() {
        let a = LinkSecret::generate();
        let b = LinkSecret::generate();
        assert_eq!(URL_SAFE_NO_PAD.decode(a.as_str()).unwrap().len(), 32);
        assert_ne!(a.as_str(), b.as_str());
        assert_eq!(a.sha256_hex().len(), 64);
        assert_ne!(a.sha256_hex(), a.as_str());
    }
}
