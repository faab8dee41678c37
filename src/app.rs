use crate::components::layout::Header;
use crate::i18n::Key;
use crate::pages::{HomePage, InvestorPage, OrganizerPage, StartupPage, StartupRegisterPage};
use crate::state::language::{provide_language, use_text};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_language();
    crate::offline::register_service_worker();
    view! {
        <Router>
            <Header/>
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/events/:event_id/organize") view=OrganizerPage/>
                    <Route path=path!("/events/:event_id/score") view=InvestorPage/>
                    <Route path=path!("/events/:event_id/register") view=StartupRegisterPage/>
                    <Route path=path!("/events/:event_id/startup") view=StartupPage/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let text = use_text();
    view! {
        <section class="card">
            <h1>{move || text(Key::NotFoundTitle)}</h1>
            <p><a href="/">{move || text(Key::BackHome)}</a></p>
        </section>
    }
}
