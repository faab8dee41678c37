//! The organizer's page of one event, opened by the organizer link `/events/{id}/organize#k=…`.
//! The secret stays in the fragment (never in the request line or a Referer) and is sent as a
//! bearer token.

use crate::api::{self, ApiError, OrganizerEvent};
use crate::i18n::{phase_key, Key};
use crate::state::language::use_text;
use leptos::prelude::*;
use crate::link::secret_from_fragment;
use leptos_router::hooks::{use_location, use_params_map};

/// Why the organizer page cannot be shown, in words the organizer can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum OrganizerPageError {
    #[error("the link has no secret")]
    MissingSecret,
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl OrganizerPageError {
    fn explanation(&self) -> Key {
        match self {
            OrganizerPageError::MissingSecret => Key::LinkMissing,
            OrganizerPageError::Api(error) => match error.status() {
                None => Key::NetworkProblem,
                Some(401 | 403) => Key::LinkNotValid,
                Some(404) => Key::EventNotFound,
                Some(_) => Key::ServerProblem,
            },
        }
    }
}

#[component]
pub fn OrganizerPage() -> impl IntoView {
    let text = use_text();
    let params = use_params_map();
    let location = use_location();
    let event_id = move || params.with(|params| params.get("event_id").unwrap_or_default());
    let secret = move || secret_from_fragment(&location.hash.get());
    let event = LocalResource::new(move || {
        let event_id = event_id();
        let secret = secret();
        async move {
            let secret = secret.ok_or(OrganizerPageError::MissingSecret)?;
            Ok::<_, OrganizerPageError>(api::fetch_event(&event_id, &secret).await?)
        }
    });

    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{move || text(Key::Loading)}</p> }>
            {move || event.get().map(|result| match result {
                Ok(event) => view! { <EventSummary event/> }.into_any(),
                Err(error) => view! { <PageProblem error on_retry=move || event.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn PageProblem(error: OrganizerPageError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let text = use_text();
    let key = error.explanation();
    let retryable = matches!(key, Key::NetworkProblem | Key::ServerProblem);
    view! {
        <section class="card problem" role="alert">
            <h1>{move || text(Key::OrganizerConsole)}</h1>
            <p>{move || text(key)}</p>
            {retryable.then(|| view! {
                <button type="button" on:click=move |_| on_retry()>{move || text(Key::Retry)}</button>
            })}
        </section>
    }
}

#[component]
fn EventSummary(event: OrganizerEvent) -> impl IntoView {
    let text = use_text();
    let phase = phase_key(&event.phase);
    let when = format!(
        "{} – {}",
        display_kst(event.starts_at.as_deref().unwrap_or_default()),
        display_kst(event.ends_at.as_deref().unwrap_or_default())
    );
    let link = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default();
    view! {
        <section class="card event-summary" aria-labelledby="event-name">
            <p class="eyebrow">{move || text(Key::OrganizerConsole)}</p>
            <h1 id="event-name">{event.name.clone()}</h1>
            {event.fictional.then(|| view! { <p class="badge fictional">{move || text(Key::FictionalDemo)}</p> })}
            <dl class="facts">
                <dt>{move || text(Key::Venue)}</dt><dd>{event.venue.clone().unwrap_or_default()}</dd>
                <dt>{move || text(Key::When)}</dt><dd>{when}</dd>
                <dt>{move || text(Key::Phase)}</dt><dd data-phase=event.phase.clone()>{move || text(phase)}</dd>
            </dl>
        </section>
        <section class="card keep-link">
            <p>{move || text(Key::KeepLinkWarning)}</p>
            <label class="visually-hidden" for="organizer-link">{move || text(Key::OrganizerConsole)}</label>
            <input id="organizer-link" type="text" readonly=true value=link/>
        </section>
    }
}

/// `2026-12-10T10:00:00+09:00` → `2026-12-10 10:00 KST`.
fn display_kst(rfc3339: &str) -> String {
    roadshow_core::event_draft::parse_kst(rfc3339)
        .map(|time| roadshow_core::event_draft::display_kst(&time))
        .unwrap_or_else(|| rfc3339.to_owned())
}

