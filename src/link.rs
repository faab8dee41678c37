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

#[cfg(test)]
mod tests {
    use super::secret_from_fragment;

    #[test]
    fn reads_the_secret_from_the_fragment_only() {
        assert_eq!(secret_from_fragment("#k=abc").as_deref(), Some("abc"));
        assert_eq!(secret_from_fragment("#x=1&k=abc").as_deref(), Some("abc"));
        assert_eq!(secret_from_fragment("#k="), None);
        assert_eq!(secret_from_fragment(""), None);
    }
}
