//! A new event's organizer link (after creating or importing it): the warning that it is the
//! only key to the event, a copy button, an e-mail to oneself, and the way into the console.

use crate::i18n::{text as text_in, Key};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;

/// The new event's organizer link with the warning that it is the only key to the event, a
/// copy button, an e-mail to oneself, and the way into the console.
#[component]
pub fn OrganizerLink(link: String, event_name: String) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let absolute = format!("{origin}{link}");
    let copy = {
        let absolute = absolute.clone();
        Action::new_local(move |_: &()| {
            let absolute = absolute.clone();
            async move { crate::clipboard::copy_text(&absolute).await }
        })
    };
    let mail = {
        let absolute = absolute.clone();
        move || {
            let lang = language.get();
            let subject = format!("{}: {event_name}", text_in(Key::OrganizerMailSubject, lang));
            let body = format!(
                "{}\n\n{absolute}\n\n{}",
                text_in(Key::OrganizerMailBody, lang),
                text_in(Key::KeepLinkWarning, lang)
            );
            crate::link::mailto_href(&subject, &body)
        }
    };
    // The form the organizer submitted is gone: keyboard and screen-reader focus land here.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            if let Err(error) = heading.focus() {
                leptos::logging::warn!("cannot focus the organizer link: {error:?}");
            }
        }
    });
    view! {
        <section class="card keep-link organizer-link" aria-labelledby="organizer-link-title">
            <h2 id="organizer-link-title" tabindex="-1" node_ref=heading>{move || text(Key::OrganizerLinkTitle)}</h2>
            <p>{move || text(Key::OrganizerLinkIntro)}</p>
            <p class="warning" id="organizer-link-warning">{move || text(Key::KeepLinkWarning)}</p>
            <label class="visually-hidden" for="organizer-link">{move || text(Key::OrganizerLinkTitle)}</label>
            <input id="organizer-link" type="text" readonly=true value=absolute aria-describedby="organizer-link-warning"/>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| { copy.dispatch_local(()); }>{move || text(Key::CopyLink)}</button>
                <a class="button" href=mail>{move || text(Key::EmailToSelf)}</a>
                // The console is its own bundle: `rel="external"` makes this a full page load, so
                // the server serves the console's document.
                <a class="button primary" href=link rel="external">{move || text(Key::OpenConsole)}</a>
                <span role="status" class="copy-status">
                    {move || match copy.value().get() {
                        Some(Ok(())) => text(Key::Copied),
                        Some(Err(_)) => text(Key::CopyFailed),
                        None => "",
                    }}
                </span>
            </div>
        </section>
    }
}
