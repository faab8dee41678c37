//! The organizer console's own bundle (`src/bin/roadshow-console.rs`, `console.html`): only the
//! `/events/:event_id/organize` route, so the main app that investors and startups load on their
//! phones does not link the console, its solver client, QR codes and rankings.

use crate::app::NotFound;
use crate::components::layout::Header;
use crate::pages::OrganizerPage;
use crate::state::language::provide_language;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn ConsoleApp() -> impl IntoView {
    crate::navigation::note_bundle(crate::navigation::Bundle::Console);
    provide_language();
    view! {
        <Router>
            <Header/>
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/events/:event_id/organize") view=OrganizerPage/>
                </Routes>
            </main>
        </Router>
    }
}
