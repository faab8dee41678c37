//! The startup's own bundle (`src/bin/roadshow-startup.rs`, `startup.html`, built into
//! `/startup-app/`): the registration form (`/events/:event_id/register`) and the startup's page
//! (`/events/:event_id/startup`), so the main app that investors load on their phones does not
//! link the profile form, zone picker and agenda editor. The two routes share this bundle: the
//! form's "open my page" link is a client-side route change.

use crate::app::NotFound;
use crate::components::layout::Header;
use crate::navigation::{note_bundle, Bundle};
use crate::pages::{StartupPage, StartupRegisterPage};
use crate::state::language::provide_language;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn StartupApp() -> impl IntoView {
    note_bundle(Bundle::Startup);
    provide_language();
    view! {
        <Router>
            <Header/>
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/events/:event_id/register") view=StartupRegisterPage/>
                    <Route path=path!("/events/:event_id/startup") view=StartupPage/>
                </Routes>
            </main>
        </Router>
    }
}
