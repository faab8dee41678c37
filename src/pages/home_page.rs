use crate::components::forms::CreateEventForm;
use crate::i18n::{Key, ProgramKey};
use crate::state::language::use_text;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let text = use_text();
    view! {
        <section class="intro">
            <h1>{move || text(Key::Tagline)}</h1>
            <p>{move || text(Key::TaglineDetail)}</p>
        </section>
        <CreateEventForm/>
        // The import page is the console's bundle: a full page load (`rel="external"`).
        <p class="import-link"><a href="/events/new/import" rel="external">{move || text(Key::ImportEventLink)}</a></p>
        <p class="import-link"><a href="/programs/new" rel="external">{move || text(Key::Program(ProgramKey::NewProgramLink))}</a></p>
    }
}
