//! The organizer console's own bundle (`src/bin/roadshow-console.rs`, `console.html`): the
//! `/events/:event_id/organize` route, the import page (`/events/new/import`) and the program
//! organizer's pages (`/programs/new`, `/programs/:program_id/organize`), so the main app
//! that investors and startups load on their phones does not link the console, its solver
//! client, QR codes, rankings, or the snapshot reader and validation the import preview needs.

use crate::app::NotFound;
use crate::components::layout::Header;
use crate::pages::{CreateProgramPage, ImportPage, OrganizerPage, ProgramPage};
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
                    <Route path=path!("/events/new/import") view=ImportPage/>
                    <Route path=path!("/events/:event_id/organize") view=OrganizerPage/>
                    <Route path=path!("/programs/new") view=CreateProgramPage/>
                    <Route path=path!("/programs/:program_id/organize") view=ProgramPage/>
                </Routes>
            </main>
        </Router>
    }
}
