//! `/programs/new`: a program of roadshows is created (definitions §7.5), and its organizer's
//! link shown once, with the way onto the program's page.

use crate::api::{self, ApiError};
use crate::i18n::{problem_message, Key, ProgramKey};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::wire::{CreatedProgram, ProgramDraft};

fn key(key: ProgramKey) -> Key {
    Key::Program(key)
}

#[component]
pub fn CreateProgramPage() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let name = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let create = Action::new_local(move |draft: &ProgramDraft| {
        let draft = draft.clone();
        async move { api::create_program(&draft).await }
    });
    let created = move || create.value().get().and_then(Result::ok);
    let name_problem = move || match create.value().get() {
        Some(Err(ApiError::Rejected { body, .. })) => body
            .fields
            .get("name")
            .and_then(|messages| messages.first())
            .map(|message| problem_message(message.code, language.get()).to_owned()),
        Some(Err(error)) => Some(text(crate::i18n::request_problem(&error)).to_owned()),
        _ => None,
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let english = name_en.get();
        create.dispatch_local(ProgramDraft {
            name: name.get(),
            name_en: Some(english).filter(|name| !name.trim().is_empty()),
        });
    };
    view! {
        {move || created().map(|program: CreatedProgram| view! {
            <section class="card created-program" aria-labelledby="created-program-title">
                <h1 id="created-program-title">{move || text(key(ProgramKey::PageTitle))}</h1>
                <p class="warning">{move || text(Key::KeepLinkWarning)}</p>
                <p><a class="program-link" href=program.organizer_link.clone() rel="external">{move || text(key(ProgramKey::PageTitle))}" →"</a></p>
            </section>
        })}
        <form class="card program-form" on:submit=submit novalidate=true aria-labelledby="new-program-title"
            hidden=move || created().is_some()>
            <h1 id="new-program-title">{move || text(key(ProgramKey::NewProgramHeading))}</h1>
            <label for="program-name">{move || text(key(ProgramKey::ProgramName))}</label>
            <input id="program-name" type="text" required=true aria-describedby="program-name-error"
                aria-invalid=move || name_problem().is_some().then_some("true")
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            <p class="field-error" id="program-name-error" role="alert">{name_problem}</p>
            <label for="program-name-en">{move || text(key(ProgramKey::ProgramNameEn))}</label>
            <input id="program-name-en" type="text" lang="en"
                prop:value=move || name_en.get() on:input=move |ev| name_en.set(event_target_value(&ev))/>
            <button type="submit" class="primary" disabled=move || create.pending().get()>{move || text(key(ProgramKey::CreateProgram))}</button>
        </form>
    }
}
