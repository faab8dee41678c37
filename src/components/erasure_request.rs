//! "Ask to erase my data" (definitions §10) on an investor's or a startup's profile: the holder
//! sends a request with an optional note; the organizer executes it. A request already waiting
//! is shown instead of the form (asking again would return the same one).

use crate::api::{self, ApiError, ErasureRequest};
use crate::i18n::{Key, PrivacyKey};
use crate::state::language::use_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use roadshow_core::privacy::MAX_ERASURE_NOTE_CHARS;
use roadshow_core::wire::Role;

fn key(key: PrivacyKey) -> Key {
    Key::Privacy(key)
}

#[component]
pub fn ErasureRequestSection(event_id: String, secret: String, audience: Role) -> impl IntoView {
    let text = use_text();
    let link = StoredValue::new((event_id, secret));
    // The holder's waiting request, once known (`None` inside: there is none).
    let waiting = RwSignal::new(None::<Option<ErasureRequest>>);
    let failure = RwSignal::new(None::<ApiError>);
    let sending = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    spawn_local(async move {
        let (event_id, secret) = link.get_value();
        match api::fetch_erasure_requests(&event_id, &secret).await {
            Ok(list) => waiting.set(Some(
                list.requests
                    .into_iter()
                    .find(|request| request.executed_at.is_none()),
            )),
            // The form still works; sending reports its own trouble.
            Err(_) => waiting.set(Some(None)),
        }
    });
    let send = move |_| {
        sending.set(true);
        let (event_id, secret) = link.get_value();
        let words = note.get_untracked();
        let words = (!words.trim().is_empty()).then_some(words);
        spawn_local(async move {
            match api::request_erasure(&event_id, &secret, words).await {
                Ok(request) => {
                    failure.set(None);
                    waiting.set(Some(Some(request)));
                }
                Err(error) => failure.set(Some(error)),
            }
            sending.set(false);
        });
    };
    let hint = match audience {
        Role::Investor => PrivacyKey::ErasureHintInvestor,
        _ => PrivacyKey::ErasureHintStartup,
    };
    view! {
        <section class="card erasure-request" aria-labelledby="erasure-title">
            <h2 id="erasure-title">{move || text(key(PrivacyKey::ErasureTitle))}</h2>
            <p class="hint" id="erasure-hint">{move || text(key(hint))}</p>
            {move || match waiting.get() {
                None => ().into_any(),
                Some(Some(request)) => view! {
                    <p class="status erasure-waiting" role="status">
                        {move || text(key(PrivacyKey::ErasureAsked))}" · "{request.requested_at.clone()}" — "
                        {move || text(key(PrivacyKey::ErasureWaiting))}
                    </p>
                }.into_any(),
                Some(None) => view! {
                    <div class="field">
                        <label for="erasure-note">{move || text(key(PrivacyKey::ErasureNote))}</label>
                        <textarea id="erasure-note" rows="2" maxlength=MAX_ERASURE_NOTE_CHARS.to_string()
                            aria-describedby="erasure-hint"
                            prop:value=move || note.get()
                            on:input=move |event| note.set(event_target_value(&event))></textarea>
                    </div>
                    <button type="button" class="secondary ask-erasure" on:click=send disabled=move || sending.get()>
                        {move || text(key(PrivacyKey::AskErasure))}
                    </button>
                }.into_any(),
            }}
            <p class="field-message" role="alert">
                {move || failure.get().map(|error| format!("{}: {error}", text(key(PrivacyKey::ErasureFailed))))}
            </p>
        </section>
    }
}
