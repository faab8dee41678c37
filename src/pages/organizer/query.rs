//! The console's URL state: tab, sort and filters live in the query string so a projected board
//! can be reloaded or shared as it is. The fragment (`#k=…`) is kept on every link, or a reload
//! would lose the organizer's secret.

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
    build_href(&current_path(), &pairs, &current_fragment())
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
        let href = build_href(&current_path(), &pairs, &current_fragment());
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

fn current_fragment() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

pub fn build_href(path: &str, pairs: &[(String, String)], fragment: &str) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    format!("{path}{query}{fragment}")
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
    fn keeps_the_fragment_and_encodes_values() {
        let pairs = vec![
            ("tab".to_owned(), "leaderboard".to_owned()),
            ("q".to_owned(), "수소 &".to_owned()),
        ];
        assert_eq!(
            build_href("/events/e1/organize", &pairs, "#k=abc"),
            "/events/e1/organize?tab=leaderboard&q=%EC%88%98%EC%86%8C%20%26#k=abc"
        );
        assert_eq!(build_href("/p", &[], ""), "/p");
    }
}
