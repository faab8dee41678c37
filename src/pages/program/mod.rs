//! The program organizer's page (definitions §7.5), in the console bundle: the program's
//! roadshows (each one's console a click away), a new roadshow made in it or an existing one
//! brought in, and the program's figures (`figures.rs`). `/programs/new` creates a program.

mod create;
mod figures;
mod firms;

pub use create::CreateProgramPage;

use crate::api::{self, ApiError, ErrorCode, ProgramRecord};
use crate::components::forms::{CreateEventForm, InProgram};
use crate::i18n::{request_problem, Key, Lang, ProgramKey};
use crate::link::secret_from_fragment;
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

fn key(key: ProgramKey) -> Key {
    Key::Program(key)
}

/// This tab's kept key of a program, apart from events' keys.
fn tab_key_name(program_id: &str) -> String {
    format!("program-{program_id}")
}

#[component]
pub fn ProgramPage() -> impl IntoView {
    let text = use_text();
    let params = use_params_map();
    let location = use_location();
    let program_id =
        Memo::new(move |_| params.with(|params| params.get("program_id").unwrap_or_default()));
    let from_link = secret_from_fragment(&location.hash.get_untracked());
    if from_link.is_some() {
        crate::link::clear_fragment_from_address_bar();
    }
    move || {
        let program_id = program_id.get();
        let secret = from_link.clone().or_else(|| {
            crate::storage::load_tab_secret(&tab_key_name(&program_id)).unwrap_or_else(|error| {
                leptos::logging::warn!("this tab's program key cannot be read: {error}");
                None
            })
        });
        match secret {
            Some(secret) => view! { <Program program_id secret/> }.into_any(),
            None => view! {
                <section class="card problem" role="alert">
                    <h1>{move || text(key(ProgramKey::PageTitle))}</h1>
                    <p>{move || text(key(ProgramKey::NeedsProgramLink))}</p>
                </section>
            }
            .into_any(),
        }
    }
}

#[component]
fn Program(program_id: String, secret: String) -> impl IntoView {
    let text = use_text();
    let ids = StoredValue::new((program_id.clone(), secret.clone()));
    // Asked at once, beside the program's record.
    let reload = RwSignal::new(0_u32);
    let report = figures::program_report(program_id.clone(), secret.clone(), reload);
    // The program as last read; a refresh (a roadshow created or brought in) replaces it in
    // place, so the page keeps what it shows (a new event's link, the filters).
    let record = RwSignal::new(None::<ProgramRecord>);
    let load = Action::new_local(move |_: &()| {
        let (program_id, secret) = ids.get_value();
        async move {
            let read = api::fetch_program(&program_id, &secret).await?;
            if let Err(error) = crate::storage::save_tab_secret(&tab_key_name(&program_id), &secret)
            {
                leptos::logging::warn!("the program key is not kept for a reload: {error}");
            }
            record.set(Some(read));
            Ok::<_, ApiError>(())
        }
    });
    load.dispatch_local(());
    let refresh = Callback::new(move |()| {
        load.dispatch_local(());
        reload.update(|count| *count += 1);
    });
    let loaded = Memo::new(move |_| record.with(Option::is_some));
    let current = Memo::new(move |_| record.get().unwrap_or_default());
    move || {
        if loaded.get() {
            let (program_id, secret) = ids.get_value();
            return view! { <ProgramBody record=current report reload program_id secret refresh/> }
                .into_any();
        }
        match load.value().get() {
            Some(Err(error)) => {
                let problem = match error.status() {
                    Some(404) => key(ProgramKey::ProgramNotFound),
                    _ => request_problem(&error),
                };
                view! {
                    <section class="card problem" role="alert">
                        <h1>{move || text(key(ProgramKey::PageTitle))}</h1>
                        <p>{move || text(problem)}</p>
                    </section>
                }
                .into_any()
            }
            _ => view! { <p class="loading" role="status">{move || text(Key::Loading)}</p> }
                .into_any(),
        }
    }
}

fn program_name(record: &ProgramRecord, lang: Lang) -> String {
    crate::names::pick(&record.name, record.name_en.as_deref(), lang)
}

#[component]
fn ProgramBody(
    record: Memo<ProgramRecord>,
    report: LocalResource<Result<crate::api::ProgramReport, ApiError>>,
    reload: RwSignal<u32>,
    program_id: String,
    secret: String,
    refresh: Callback<()>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let name = move || record.with(|record| program_name(record, language.get()));
    view! {
        <div class="program">
            <header class="program-header">
                <p class="eyebrow">{move || text(key(ProgramKey::PageTitle))}</p>
                <h1>{name}</h1>
            </header>
            <EventsSection record program_id=program_id.clone() secret=secret.clone()/>
            <figures::ProgramFigures record report/>
            <firms::FirmsSection program_id=program_id.clone() secret=secret.clone() reload/>
            <div class="program-forms no-print">
                <CreateEventForm in_program=InProgram { program_id: program_id.clone(), secret: secret.clone() } on_created=refresh/>
                <AttachForm program_id secret refresh/>
            </div>
        </div>
    }
}

#[component]
fn EventsSection(record: Memo<ProgramRecord>, program_id: String, secret: String) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let ids = StoredValue::new((program_id, secret));
    let open = Action::new_local(move |event_id: &String| {
        let (program_id, secret) = ids.get_value();
        let event_id = event_id.clone();
        async move {
            let issued = api::event_organizer_link(&program_id, &secret, &event_id).await?;
            crate::navigation::load_page(&issued.link);
            Ok::<_, ApiError>(())
        }
    });
    let open_problem = move || match open.value().get() {
        Some(Err(error)) => Some(text(request_problem(&error))),
        _ => None,
    };
    let rows = move || {
        record.with(|record| record.events.clone()).into_iter().map(|event| {
            let id = event.id.clone();
            let row_id = event.id.clone();
            let names = StoredValue::new((event.name.clone(), event.name_en.clone()));
            let name = move || names.with_value(|(ko, en)| crate::names::pick(ko, en.as_deref(), language.get()));
            let date = event.starts_at.as_ref().map(roadshow_core::event_draft::display_kst).unwrap_or_default();
            let phase = crate::pages::organizer::phase_label(event.phase);
            view! {
                <tr data-event=row_id>
                    <th scope="row">{name}</th>
                    <td>{date}</td>
                    <td>{event.venue.clone().unwrap_or_default()}</td>
                    <td>{move || text(phase)}</td>
                    <td class="no-print">
                        <button type="button" class="open-console" disabled=move || open.pending().get()
                            on:click=move |_| { open.dispatch_local(id.clone()); }>
                            {move || text(key(ProgramKey::OpenConsole))}
                            <span class="visually-hidden">": "{name}</span>
                        </button>
                    </td>
                </tr>
            }
        }).collect_view()
    };
    let empty = Memo::new(move |_| record.with(|record| record.events.is_empty()));
    view! {
        <section class="card program-events" aria-labelledby="program-events-title">
            <h2 id="program-events-title">{move || text(key(ProgramKey::EventsHeading))}</h2>
            <p class="form-error" role="alert">{open_problem}</p>
            <p class="hint" hidden=move || !empty.get()>{move || text(key(ProgramKey::NoEvents))}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="program-events-caption" hidden=move || empty.get()>
                <table class="program-events-table">
                    <caption id="program-events-caption">{move || text(key(ProgramKey::EventsCaption))}</caption>
                    <thead><tr>
                        <th scope="col">{move || text(key(ProgramKey::EventName))}</th>
                        <th scope="col">{move || text(key(ProgramKey::EventDate))}</th>
                        <th scope="col">{move || text(key(ProgramKey::EventVenue))}</th>
                        <th scope="col">{move || text(key(ProgramKey::EventPhase))}</th>
                        <th scope="col" class="no-print"><span class="visually-hidden">{move || text(key(ProgramKey::OpenConsole))}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The event id and organizer key of a pasted organizer link (`…/events/{id}/organize#k=…`).
fn organizer_link_parts(link: &str) -> Option<(String, String)> {
    let (path, fragment) = link.trim().split_once('#')?;
    let secret = secret_from_fragment(&format!("#{fragment}"))?;
    let path = path.split('?').next()?;
    let mut parts = path.trim_end_matches('/').rsplit('/');
    let page = parts.next()?;
    let event_id = parts.next()?;
    let events = parts.next()?;
    (page == "organize" && events == "events" && !event_id.is_empty())
        .then(|| (event_id.to_owned(), secret))
}

#[component]
fn AttachForm(program_id: String, secret: String, refresh: Callback<()>) -> impl IntoView {
    let text = use_text();
    let link = RwSignal::new(String::new());
    let bad_link = RwSignal::new(false);
    let ids = StoredValue::new((program_id, secret));
    let attach = Action::new_local(move |(event_id, organizer_key): &(String, String)| {
        let (program_id, secret) = ids.get_value();
        let (event_id, organizer_key) = (event_id.clone(), organizer_key.clone());
        async move {
            api::attach_event(&program_id, &secret, &event_id, &organizer_key).await?;
            refresh.run(());
            Ok::<_, ApiError>(())
        }
    });
    let message = move || {
        if bad_link.get() {
            return Some(text(key(ProgramKey::AttachLinkInvalid)));
        }
        match attach.value().get() {
            Some(Err(ApiError::Rejected { body, .. }))
                if body.code == ErrorCode::InOtherProgram =>
            {
                Some(text(key(ProgramKey::InOtherProgram)))
            }
            Some(Err(error)) => Some(text(request_problem(&error))),
            _ => None,
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match organizer_link_parts(&link.get()) {
            Some(parts) => {
                bad_link.set(false);
                attach.dispatch_local(parts);
            }
            None => bad_link.set(true),
        }
    };
    view! {
        <form class="card attach-form" on:submit=submit novalidate=true aria-labelledby="attach-title">
            <h2 id="attach-title">{move || text(key(ProgramKey::AttachHeading))}</h2>
            <label for="attach-link">{move || text(key(ProgramKey::AttachLink))}</label>
            <p class="hint" id="attach-link-hint">{move || text(key(ProgramKey::AttachHint))}</p>
            <input id="attach-link" type="url" autocomplete="off" aria-describedby="attach-link-hint attach-link-error"
                aria-invalid=move || message().is_some().then_some("true")
                prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev))/>
            <p class="field-error" id="attach-link-error" role="alert">{message}</p>
            <button type="submit" disabled=move || attach.pending().get()>{move || text(key(ProgramKey::Attach))}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::organizer_link_parts;

    #[test]
    fn a_pasted_organizer_link_gives_its_event_and_key() {
        assert_eq!(
            organizer_link_parts("https://roadshow.example/events/Ab-9_x/organize#k=s3cret"),
            Some(("Ab-9_x".to_owned(), "s3cret".to_owned()))
        );
        assert_eq!(
            organizer_link_parts(" /events/e1/organize#k=abc "),
            Some(("e1".to_owned(), "abc".to_owned()))
        );
        for not_a_link in [
            "",
            "/events/e1/organize",
            "/events/e1/score#k=abc",
            "/programs/p1/organize#k=abc",
            "/events//organize#k=abc",
        ] {
            assert_eq!(organizer_link_parts(not_a_link), None, "{not_a_link}");
        }
    }
}
