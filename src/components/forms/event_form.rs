//! "Create a roadshow event": validated as the organizer types by the same core function the
//! server runs, then created and opened at its organizer link.

use super::field::TextField;
use crate::api::{self, ApiError};
use crate::i18n::{problem_message, Key};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::event_draft::EventDraft;
use roadshow_core::problem::Problem;
use std::collections::BTreeSet;

const FIELDS: [&str; 4] = ["name", "venue", "starts_at", "ends_at"];

/// The program a new event is created in (definitions §7.5): its id and its organizer's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InProgram {
    pub program_id: String,
    pub secret: String,
}

/// `in_program`: created in that program (by its organizer), and `on_created` told so that its
/// list shows the new event.
#[component]
pub fn CreateEventForm(
    #[prop(optional)] in_program: Option<InProgram>,
    #[prop(optional)] on_created: Option<Callback<()>>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let name = RwSignal::new(String::new());
    let venue = RwSignal::new(String::new());
    let starts_at = RwSignal::new(String::new());
    let ends_at = RwSignal::new(String::new());
    let touched = RwSignal::new(BTreeSet::<&'static str>::new());
    let draft = Memo::new(move |_| EventDraft {
        name: name.get(),
        venue: venue.get(),
        starts_at: starts_at.get(),
        ends_at: ends_at.get(),
    });
    let problems: Memo<Vec<Problem>> =
        Memo::new(move |_| draft.get().validate().err().unwrap_or_default());

    // The new event's organizer link, shown here (with the warning to keep it) before the
    // organizer opens the console: it is the only key to the event.
    let created = RwSignal::new(None::<(api::CreatedEvent, String)>);
    let create = Action::new_local(move |draft: &EventDraft| {
        let draft = draft.clone();
        let in_program = in_program.clone();
        async move {
            let answer = match &in_program {
                Some(program) => {
                    api::create_event_in_program(&program.program_id, &program.secret, &draft)
                        .await?
                }
                None => api::create_event(&draft).await?,
            };
            created.set(Some((answer, draft.name.trim().to_owned())));
            if let Some(on_created) = on_created {
                on_created.run(());
            }
            Ok::<_, ApiError>(())
        }
    });
    let server_problems = move || match create.value().get() {
        Some(Err(ApiError::Rejected { body, .. })) => body
            .fields
            .into_iter()
            .flat_map(|(path, messages)| {
                messages
                    .into_iter()
                    .map(move |message| (path.clone(), message.code))
            })
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    };

    let message_for = move |field: &'static str| {
        Signal::derive(move || {
            if !touched.with(|touched| touched.contains(field)) {
                return None;
            }
            let lang = language.get();
            problems
                .with(|problems| {
                    problems
                        .iter()
                        .find(|problem| problem.path == field)
                        .map(|p| p.code)
                })
                .or_else(|| {
                    server_problems()
                        .into_iter()
                        .find(|(path, _)| path == field)
                        .map(|(_, code)| code)
                })
                .map(|code| problem_message(code, lang).to_owned())
        })
    };
    let leave = move |field: &'static str| {
        Callback::new(move |()| {
            touched.update(|touched| {
                touched.insert(field);
            })
        })
    };
    let general_error = move || match create.value().get() {
        Some(Err(ApiError::Rejected { status: 422, .. })) => Some(text(Key::FixFieldsBelow)),
        Some(Err(ApiError::Network)) => Some(text(Key::NetworkProblem)),
        Some(Err(_)) => Some(text(Key::ServerProblem)),
        _ => None,
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        touched.set(FIELDS.into_iter().collect());
        if problems.with(Vec::is_empty) {
            create.dispatch_local(draft.get());
        } else {
            focus_first_invalid(&problems.get());
        }
    };

    view! {
        {move || created.get().map(|(event, name)| view! { <crate::components::organizer_link::OrganizerLink link=event.organizer_link event_name=name/> })}
        <form class="card event-form" on:submit=submit novalidate=true aria-labelledby="create-event-title"
            hidden=move || created.with(Option::is_some)>
            <h2 id="create-event-title">{move || text(Key::CreateEventTitle)}</h2>
            <p class="form-error" role="alert">{general_error}</p>
            <TextField id="name" label=Key::EventName hint=Key::EventNameHint required=true
                value=name message=message_for("name") on_leave=leave("name")/>
            <TextField id="venue" label=Key::Venue hint=Key::VenueHint
                value=venue message=message_for("venue") on_leave=leave("venue")/>
            <div class="field-row">
                <TextField id="starts_at" label=Key::StartsAt input_type="datetime-local" required=true
                    value=starts_at message=message_for("starts_at") on_leave=leave("starts_at")/>
                <TextField id="ends_at" label=Key::EndsAt input_type="datetime-local" required=true
                    value=ends_at message=message_for("ends_at") on_leave=leave("ends_at")/>
            </div>
            <p class="hint">{move || text(Key::KstNote)}</p>
            <button type="submit" class="primary" disabled=move || create.pending().get()>
                {move || if create.pending().get() { text(Key::Creating) } else { text(Key::CreateEvent) }}
            </button>
        </form>
    }
}

/// Moves keyboard focus to the first field with a problem, so the person lands where to fix it.
fn focus_first_invalid(problems: &[Problem]) {
    let Some(first) = FIELDS
        .iter()
        .find(|field| problems.iter().any(|p| p.path == **field))
    else {
        return;
    };
    if let Some(element) = document().get_element_by_id(first) {
        use wasm_bindgen::JsCast;
        if let Some(input) = element.dyn_ref::<web_sys::HtmlElement>() {
            if let Err(error) = input.focus() {
                leptos::logging::warn!("cannot focus {first}: {error:?}");
            }
        }
    }
}
