//! The app ships as two bundles on one origin: the main app (home, investor and startup pages;
//! `index.html`) and the organizer console (`/events/:id/organize`; `console.html`, built into
//! `/console/`). The server hands out each bundle's document by path, so going from one to the
//! other is a full page load, never a client-side route change.

use std::cell::Cell;

/// Whether the server answers `path` with the console's document. Keep in step with
/// `is_console_document` in `server/src/assets.rs`: `/events/{id}/organize`, nothing more.
pub fn is_console_path(path: &str) -> bool {
    let mut parts = path.strip_prefix('/').unwrap_or(path).split('/');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("events"), Some(id), Some("organize"), None) if !id.is_empty()
    )
}

/// Opens `url` (e.g. a new event's organizer link) with a full page load, so the server serves
/// the document of the bundle that owns it.
pub fn load_page(url: &str) {
    let Some(window) = web_sys::window() else { return };
    if let Err(error) = window.location().assign(url) {
        leptos::logging::warn!("cannot open {url}: {error:?}");
    }
}

thread_local! {
    /// Which bundle is running, noted once at start-up by its root component.
    static IN_CONSOLE: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Called once by the root component: `true` in the console bundle, `false` in the main app.
pub fn note_bundle(console: bool) {
    IN_CONSOLE.with(|cell| cell.set(Some(console)));
}

/// For a router's fallback: when an in-app link (e.g. the header's home link in the console)
/// led to a path the other bundle owns, loads it from the server. Returns whether it did. A path
/// this bundle's own document was served for never reloads, so a stale document cannot loop.
pub fn leave_for_other_bundle() -> bool {
    let Some(console) = IN_CONSOLE.with(Cell::get) else { return false };
    let Some(window) = web_sys::window() else { return false };
    let Ok(path) = window.location().pathname() else { return false };
    if is_console_path(&path) == console || document_path().as_deref() == Some(path.as_str()) {
        return false;
    }
    window.location().reload().is_ok()
}

/// The path this document was loaded for (the navigation entry's URL; later history pushes do
/// not change it).
fn document_path() -> Option<String> {
    let window = web_sys::window()?;
    let entry = window.performance()?.get_entries_by_type("navigation").get(0);
    let url = js_sys::Reflect::get(&entry, &"name".into()).ok()?.as_string()?;
    web_sys::Url::new(&url).ok().map(|url| url.pathname())
}

#[cfg(test)]
mod tests {
    use super::is_console_path;

    #[test]
    fn only_the_organize_path_is_the_consoles() {
        assert!(is_console_path("/events/e1/organize"));
        assert!(!is_console_path("/events/e1/organize/"));
        assert!(!is_console_path("/events//organize"));
        assert!(!is_console_path("/events/e1/score"));
        assert!(!is_console_path("/"));
        assert!(!is_console_path("/events/e1/organize/x"));
    }
}
