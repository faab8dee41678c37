//! The app ships as three bundles on one origin, each with its own document:
//!  - the main app (home and the investor's pages; `index.html`, built into `/`);
//!  - the organizer console (`/events/:id/organize`, and the import page `/events/new/import`;
//!    `console.html`, built into `/console/`);
//!  - the startup's screens (`/events/:id/register`, `/events/:id/startup`; `startup.html`, built
//!    into `/startup-app/`).
//!
//! The server hands out each bundle's document by path, so going from one bundle to another is a
//! full page load, never a client-side route change.

use std::cell::Cell;

/// One of the app's bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// Home and the investor's pages (`index.html`).
    Main,
    /// The organizer console (`console.html`).
    Console,
    /// The startup's registration form and own page (`startup.html`).
    Startup,
}

/// The bundle whose document the server answers `path` with. Keep in step with
/// `EVENT_PAGE_DOCUMENTS` in `server/src/assets.rs` and the service worker's `OTHER_BUNDLE_PAGE`
/// (`public/sw.js`): `/events/{id}/{page}` exactly for the pages below, the main app otherwise.
pub fn bundle_for_path(path: &str) -> Bundle {
    let mut parts = path.strip_prefix('/').unwrap_or(path).split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("events"), Some(id), Some(page), None) if !id.is_empty() => match page {
            "organize" | "import" => Bundle::Console,
            "register" | "startup" => Bundle::Startup,
            _ => Bundle::Main,
        },
        (Some("programs"), Some(id), Some("organize"), None) if !id.is_empty() => Bundle::Console,
        (Some("programs"), Some("new"), None, None) => Bundle::Console,
        _ => Bundle::Main,
    }
}

/// Opens `url` (e.g. a new event's organizer link) with a full page load, so the server serves
/// the document of the bundle that owns it.
pub fn load_page(url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Err(error) = window.location().assign(url) {
        leptos::logging::warn!("cannot open {url}: {error:?}");
    }
}

/// Loads the page again (e.g. a phone opening the round the organizer moved the event to).
pub fn reload() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Err(error) = window.location().reload() {
        leptos::logging::warn!("cannot reload: {error:?}");
    }
}

thread_local! {
    /// Which bundle is running, noted once at start-up by its root component.
    static RUNNING: Cell<Option<Bundle>> = const { Cell::new(None) };
}

/// Called once by each bundle's root component.
pub fn note_bundle(bundle: Bundle) {
    RUNNING.with(|cell| cell.set(Some(bundle)));
}

/// For a router's fallback: when an in-app link (e.g. the header's home link in the console)
/// led to a path another bundle owns, loads it from the server. Returns whether it did. A path
/// this bundle's own document was served for never reloads, so a stale document cannot loop.
pub fn leave_for_other_bundle() -> bool {
    let Some(running) = RUNNING.with(Cell::get) else {
        return false;
    };
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(path) = window.location().pathname() else {
        return false;
    };
    if bundle_for_path(&path) == running || document_path().as_deref() == Some(path.as_str()) {
        return false;
    }
    window.location().reload().is_ok()
}

/// The path this document was loaded for (the navigation entry's URL; later history pushes do
/// not change it).
fn document_path() -> Option<String> {
    let window = web_sys::window()?;
    let entry = window
        .performance()?
        .get_entries_by_type("navigation")
        .get(0);
    let url = js_sys::Reflect::get(&entry, &"name".into())
        .ok()?
        .as_string()?;
    web_sys::Url::new(&url).ok().map(|url| url.pathname())
}

#[cfg(test)]
mod tests {
    use super::{bundle_for_path, Bundle};

    #[test]
    fn only_the_organize_path_is_the_consoles() {
        assert_eq!(bundle_for_path("/events/e1/organize"), Bundle::Console);
        assert_eq!(bundle_for_path("/events/e1/organize/"), Bundle::Main);
        assert_eq!(bundle_for_path("/events//organize"), Bundle::Main);
        assert_eq!(bundle_for_path("/events/e1/organize/x"), Bundle::Main);
        assert_eq!(bundle_for_path("/console/index.html"), Bundle::Main);
        assert_eq!(bundle_for_path("/events/new/import"), Bundle::Console);
        assert_eq!(bundle_for_path("/events/new/import/"), Bundle::Main);
    }

    #[test]
    fn the_register_and_startup_paths_are_the_startups() {
        assert_eq!(bundle_for_path("/events/e1/register"), Bundle::Startup);
        assert_eq!(bundle_for_path("/events/e1/startup"), Bundle::Startup);
        assert_eq!(bundle_for_path("/events/e1/startup/"), Bundle::Main);
        assert_eq!(bundle_for_path("/events//register"), Bundle::Main);
        assert_eq!(bundle_for_path("/events/e1/register/x"), Bundle::Main);
        assert_eq!(bundle_for_path("/startup-app/index.html"), Bundle::Main);
    }

    #[test]
    fn home_and_the_investors_pages_are_the_main_apps() {
        assert_eq!(bundle_for_path("/"), Bundle::Main);
        assert_eq!(bundle_for_path("/events/e1/score"), Bundle::Main);
        assert_eq!(bundle_for_path("/some/deep/link"), Bundle::Main);
    }
}
