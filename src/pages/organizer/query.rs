//! The console's URL state: tab, sort and filters live in the query string so a projected board
//! can be reloaded as it is. No link carries the organizer's secret: the console takes it from
//! the organizer link's fragment once, keeps it for the browser tab (see
//! [`crate::storage::load_tab_secret`]) and clears it from the address bar, so a tab or filter
//! link copied from the console does not hand over the event.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The current page's URL with some query parameters set (`Some`) or removed (`None`); with
/// `only` the other parameters are dropped (a new tab starts without the old tab's filters).
pub fn href_with(updates: &[(&str, Option<&str>)], only: bool) -> String {
    let query = use_query_map();
    let mut pairs: Vec<(String, String)> = if only {
        Vec::new()
    } else {
        query.with(|query| {
            query
                .into_iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect()
        })
    };
    for (key, value) in updates {
        pairs.retain(|(known, _)| known != key);
        if let Some(value) = value {
            pairs.push(((*key).to_owned(), (*value).to_owned()));
        }
    }
    build_href(&current_path(), &pairs)
}

/// A navigation callback that can be called outside the component's setup (event handlers).
#[allow(dead_code)] // used by the leaderboard, next commit
pub fn query_setter() -> impl Fn(&[(&str, Option<&str>)]) + Clone + 'static {
    let navigate = use_navigate();
    let query = use_query_map();
    move |updates| {
        let mut pairs: Vec<(String, String)> = query.with_untracked(|query| {
            query
                .into_iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect()
        });
        for (key, value) in updates {
            pairs.retain(|(known, _)| known != key);
            if let Some(value) = value {
                pairs.push(((*key).to_owned(), (*value).to_owned()));
            }
        }
        let href = build_href(&current_path(), &pairs);
        navigate(
            &href,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    }
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_default()
}

/// `path` with the query `pairs`, and never a fragment.
pub fn build_href(path: &str, pairs: &[(String, String)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    format!("{path}{query}")
}

fn encode(text: &str) -> String {
    let mut encoded = String::new();
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

#[cfg(test)]
mod tests {
    use super::build_href;

    #[test]
    fn encodes_values_and_carries_no_fragment() {
        let pairs = vec![
            ("tab".to_owned(), "leaderboard".to_owned()),
            ("q".to_owned(), "수소 &#k=x".to_owned()),
        ];
        assert_eq!(
            build_href("/events/e1/organize", &pairs),
            "/events/e1/organize?tab=leaderboard&q=%EC%88%98%EC%86%8C%20%26%23k%3Dx"
        );
        assert_eq!(build_href("/p", &[]), "/p");
    }
}
