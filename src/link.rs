//! Role links carry their secret in the URL fragment (`#k=…`), which browsers never send to the
//! server in the request line or a Referer.

pub fn secret_from_fragment(fragment: &str) -> Option<String> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("k="))
        .filter(|secret| !secret.is_empty())
        .map(str::to_owned)
}

/// Takes the fragment (and with it a link's secret) out of the address bar without a reload or a
/// new history entry, so copying the address or a bookmark does not carry the secret.
pub fn clear_fragment_from_address_bar() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(query), Ok(hash)) = (location.pathname(), location.search(), location.hash())
    else {
        return;
    };
    if hash.is_empty() {
        return;
    }
    let cleared = window.history().and_then(|history| {
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        history.replace_state_with_url(&state, "", Some(&format!("{path}{query}")))
    });
    if let Err(error) = cleared {
        leptos::logging::warn!(
            "the link's secret could not be cleared from the address bar: {error:?}"
        );
    }
}

/// `text` with every byte outside RFC 3986's unreserved set percent-encoded (UTF-8), for a
/// query value or a `mailto:` header field.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// A `mailto:` link without a recipient (the person's own mail program fills in the sender and
/// asks for the address), with a subject and a body (RFC 6068: line breaks as CRLF).
pub fn mailto_href(subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:?subject={}&body={}",
        percent_encode(subject),
        percent_encode(&body)
    )
}

#[cfg(test)]
mod tests {
    use super::{mailto_href, percent_encode, secret_from_fragment};

    #[test]
    fn reads_the_secret_from_the_fragment_only() {
        assert_eq!(secret_from_fragment("#k=abc").as_deref(), Some("abc"));
        assert_eq!(secret_from_fragment("#x=1&k=abc").as_deref(), Some("abc"));
        assert_eq!(secret_from_fragment("#k="), None);
        assert_eq!(secret_from_fragment(""), None);
    }

    #[test]
    fn encodes_korean_spaces_and_link_characters() {
        assert_eq!(percent_encode("a b&c=d#k"), "a%20b%26c%3Dd%23k");
        assert_eq!(percent_encode("수소"), "%EC%88%98%EC%86%8C");
    }

    #[test]
    fn mailto_keeps_the_whole_link_in_the_body() {
        let href = mailto_href(
            "로드쇼 링크",
            "key:\nhttps://x.test/events/e1/organize#k=s3cr3t",
        );
        assert_eq!(
            href,
            "mailto:?subject=%EB%A1%9C%EB%93%9C%EC%87%BC%20%EB%A7%81%ED%81%AC\
             &body=key%3A%0D%0Ahttps%3A%2F%2Fx.test%2Fevents%2Fe1%2Forganize%23k%3Ds3cr3t"
        );
    }
}
