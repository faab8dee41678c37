use crate::components::layout::Header;
use crate::i18n::Key;
use crate::pages::{HomePage, InvestorPage};
use crate::state::language::{provide_language, use_text};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The main app: home and the investor's pages, what investors load on their phones. The
/// organizer console (`/events/:event_id/organize`, [`crate::console_app::ConsoleApp`]) and the
/// startup's screens (`/events/:event_id/register` and `/startup`,
/// [`crate::startup_app::StartupApp`]) are bundles of their own, so this one links neither; see
/// [`crate::navigation`].
#[component]
pub fn App() -> impl IntoView {
    crate::navigation::note_bundle(crate::navigation::Bundle::Main);
    provide_language();
    crate::offline::register_service_worker();
    view! {
        <Router>
            <Header/>
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/events/:event_id/score") view=InvestorPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// Every bundle's router fallback: a path another bundle owns is loaded from the server.
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
