use crate::components::layout::Header;
use crate::i18n::Key;
use crate::pages::{HomePage, InvestorPage, StartupPage, StartupRegisterPage};
use crate::state::language::{provide_language, use_text};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The main app: home, investor and startup pages. The organizer console
/// (`/events/:event_id/organize`) is a bundle of its own, [`crate::console_app::ConsoleApp`], so
/// this one does not link it; see [`crate::navigation`].
#[component]
pub fn App() -> impl IntoView {
    crate::navigation::note_bundle(false);
    provide_language();
    crate::offline::register_service_worker();
    view! {
        <Router>
            <Header/>
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/events/:event_id/score") view=InvestorPage/>
                    <Route path=path!("/events/:event_id/register") view=StartupRegisterPage/>
                    <Route path=path!("/events/:event_id/startup") view=StartupPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// Both bundles' router fallback: a path the other bundle owns is loaded from the server.
#[component]
pub(crate) fn NotFound() -> impl IntoView {
    crate::navigation::leave_for_other_bundle();
    let text = use_text();
    view! {
        <section class="card">
            <h1>{move || text(Key::NotFoundTitle)}</h1>
            <p><a href="/">{move || text(Key::BackHome)}</a></p>
        </section>
    }
}
