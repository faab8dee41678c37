//! Setup: the event's settings (saved with PATCH and checked by the server with core's rules),
//! the phase, the investors (one by one or a roster CSV) with their links, and the startup
//! registration link.

use super::phase_label;
use super::removal::{RemovalOutcome, RemovalStatus, RemoveButton};
use super::roster::{parse_roster, server_problems, RosterEntry, RosterError, RosterProblem};
use crate::api::{self, ApiError, ExistingInvestors, PersonKind, RosterReceipt};
use crate::i18n::{
    problem_message, roster_column_problem, roster_existing, roster_line_problem, roster_receipt,
    roster_same_as, roster_whole_problem, Key, Lang, OrgKey,
};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::{use_organizer_data, OrganizerData};
use leptos::prelude::*;
use roadshow_core::model::{Criterion, Event, Investor, Phase, RevealMode};
use std::collections::BTreeMap;

#[component]
pub fn SetupPanel() -> impl IntoView {
    // `?field=first-slot` (a link from another tab naming a missing setting) brings that field
    // into view with keyboard focus, once the panel is on the page.
    let query = leptos_router::hooks::use_query_map();
    let field = query.with_untracked(|query| query.get("field"));
    Effect::new(move |_| {
        if let Some(field) = &field {
            focus_field(field);
        }
    });
    view! {
        <div class="setup">
            <PhaseControl/>
            <InvestorsSection/>
            <RegistrationLinkSection/>
            <super::removal::StartupsSection/>
            <SettingsForm/>
        </div>
    }
}

fn focus_field(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    element.scroll_into_view();
    if let Err(error) = element.focus() {
        leptos::logging::warn!("cannot focus {id}: {error:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Phase

fn next_phase(phase: Phase) -> Option<(Phase, OrgKey, OrgKey)> {
    match phase {
        Phase::Draft => Some((
            Phase::Registration,
            OrgKey::ToRegistration,
            OrgKey::ConfirmRegistration,
        )),
        Phase::Registration => Some((Phase::Scoring, OrgKey::ToScoring, OrgKey::ConfirmScoring)),
        Phase::Scoring => Some((
            Phase::ScoringClosed,
            OrgKey::ToScoringClosed,
            OrgKey::ConfirmScoringClosed,
        )),
        Phase::ScoringClosed => Some((
            Phase::ResultsPublished,
            OrgKey::ToResultsPublished,
            OrgKey::ConfirmResultsPublished,
        )),
        Phase::ResultsPublished => None,
    }
}

/// The phase before this one, and the question that says what going back does.
fn previous_phase(phase: Phase) -> Option<(Phase, OrgKey)> {
    match phase {
        Phase::Draft => None,
        Phase::Registration => Some((Phase::Draft, OrgKey::ConfirmBackToDraft)),
        Phase::Scoring => Some((Phase::Registration, OrgKey::ConfirmBackToRegistration)),
        Phase::ScoringClosed => Some((Phase::Scoring, OrgKey::ConfirmBackToScoring)),
        Phase::ResultsPublished => Some((Phase::ScoringClosed, OrgKey::ConfirmBackToScoringClosed)),
    }
}

/// Which confirmation is open in the phase card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asking {
    Forward,
    Back,
    Reveal,
    Hide,
}

/// A button that asks before it acts: pressing it shows the question with "confirm — label"
/// and "cancel" in its place, and keyboard focus moves to the confirmation.
#[component]
fn Confirmed(
    /// Which question this button opens.
    asking: Asking,
    open: RwSignal<Option<Asking>>,
    label: Signal<&'static str>,
    question: Signal<&'static str>,
    #[prop(into)] disabled: Signal<bool>,
    #[prop(optional)] primary: bool,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let text = use_text();
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = confirm_button.get() {
            if let Err(error) = button.focus() {
                leptos::logging::warn!("cannot focus the confirmation: {error:?}");
            }
        }
    });
    let question_id = match asking {
        Asking::Forward => "question-forward",
        Asking::Back => "question-back",
        Asking::Reveal => "question-reveal",
        Asking::Hide => "question-hide",
    };
    move || {
        if open.get() == Some(asking) {
            view! {
                <div class="confirm" role="alertdialog" aria-labelledby=question_id>
                    <p id=question_id>{move || question.get()}</p>
                    <button type="button" class="primary" node_ref=confirm_button
                        on:click=move |_| { open.set(None); on_confirm.run(()); }>
                        {move || text(Key::Org(OrgKey::Confirm))}" — "{move || label.get()}
                    </button>
                    <button type="button" on:click=move |_| open.set(None)>{move || text(Key::Org(OrgKey::Cancel))}</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class:primary=primary disabled=move || disabled.get()
                    on:click=move |_| open.set(Some(asking))>{move || label.get()}</button>
            }
            .into_any()
        }
    }
}

#[component]
fn PhaseControl() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let phase = Memo::new(move |_| {
        data.event_state()
            .with(|state| state.as_ref().map(|state| state.phase).unwrap_or_default())
    });
    let open = RwSignal::new(None::<Asking>);
    let change = Action::new_local(move |change: &api::EventChange| {
        let change = change.clone();
        async move {
            api::update_event(&data.event_id(), &data.secret(), &change).await?;
            data.refresh();
            Ok::<_, ApiError>(())
        }
    });
    let failure = move || change.value().get().and_then(Result::err);
    let to_phase = move |phase: Phase| {
        Callback::new(move |()| {
            change.dispatch(api::EventChange {
                phase: Some(phase),
                ..Default::default()
            });
        })
    };
    view! {
        <section class="card phase-control" aria-labelledby="phase-title">
            <h2 id="phase-title">{move || text(Key::Org(OrgKey::PhaseControl))}</h2>
            <p>{move || text(Key::Org(OrgKey::CurrentPhase))}": "<strong data-phase=move || format!("{:?}", phase.get())>{move || text(phase_label(phase.get()))}</strong></p>
            <div class="phase-actions">
                {move || next_phase(phase.get()).map(|(next, action, question)| view! {
                    <Confirmed asking=Asking::Forward open primary=true disabled=change.pending()
                        label=Signal::derive(move || text(Key::Org(action)))
                        question=Signal::derive(move || text(Key::Org(question)))
                        on_confirm=to_phase(next)/>
                })}
                {move || previous_phase(phase.get()).map(|(previous, question)| view! {
                    <Confirmed asking=Asking::Back open disabled=change.pending()
                        label=Signal::derive(move || text(Key::Org(OrgKey::PhaseBack)))
                        question=Signal::derive(move || text(Key::Org(question)))
                        on_confirm=to_phase(previous)/>
                })}
            </div>
            <RevealControl open change/>
            {move || failure().map(|error| view! { <p class="error" role="alert">{move || text(super::api_problem_key(&error))}</p> })}
        </section>
    }
}

/// Shown when investors see others' scores only once the organizer reveals them: reveal (or
/// hide again), each confirmed.
#[component]
fn RevealControl(
    open: RwSignal<Option<Asking>>,
    change: Action<api::EventChange, Result<(), ApiError>>,
) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let state = Memo::new(move |_| {
        data.event_state().with(|state| {
            state
                .as_ref()
                .map(|state| (state.reveal_mode, state.scores_revealed))
        })
    });
    let set_revealed = move |revealed: bool| {
        Callback::new(move |()| {
            change.dispatch(api::EventChange {
                scores_revealed: Some(revealed),
                ..Default::default()
            });
        })
    };
    move || match state.get() {
        Some((RevealMode::AfterOrganizerReveal, revealed)) => Some(view! {
            <div class="reveal" data-revealed=revealed.to_string()>
                <h3>{move || text(Key::Org(OrgKey::RevealTitle))}</h3>
                <p role="status">{move || text(Key::Org(if revealed { OrgKey::RevealShown } else { OrgKey::RevealHidden }))}</p>
                {if revealed {
                    view! {
                        <Confirmed asking=Asking::Hide open disabled=change.pending()
                            label=Signal::derive(move || text(Key::Org(OrgKey::HideScores)))
                            question=Signal::derive(move || text(Key::Org(OrgKey::ConfirmHide)))
                            on_confirm=set_revealed(false)/>
                    }.into_any()
                } else {
                    view! {
                        <Confirmed asking=Asking::Reveal open primary=true disabled=change.pending()
                            label=Signal::derive(move || text(Key::Org(OrgKey::RevealScores)))
                            question=Signal::derive(move || text(Key::Org(OrgKey::ConfirmReveal)))
                            on_confirm=set_revealed(true)/>
                    }.into_any()
                }}
            </div>
        }),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Investors and links

/// A link just issued (path and fragment), to show once with copy and QR.
#[derive(Debug, Clone, PartialEq)]
struct IssuedLink {
    owner: String,
    link: String,
}

fn absolute(link: &str) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{link}")
}

fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        // The promise only says whether the browser allowed it; the link stays visible either way.
        let _promise = window.navigator().clipboard().write_text(text);
    }
}

#[component]
fn LinkBox(
    link: String,
    /// What the link is: an investor's own, or the registration link every startup shares.
    #[prop(default = OrgKey::PersonalLink)]
    label: OrgKey,
) -> impl IntoView {
    let text = use_text();
    let full = absolute(&link);
    let copied = RwSignal::new(false);
    let show_qr = RwSignal::new(false);
    let to_copy = full.clone();
    let qr_link = full.clone();
    view! {
        <div class="issued-link">
            <p class="hint">{move || text(Key::Org(OrgKey::LinkShownOnce))}</p>
            <label>
                <span class="visually-hidden">{move || text(Key::Org(label))}</span>
                <input type="text" readonly=true value=full class="link-text"/>
            </label>
            <button type="button" on:click=move |_| { copy_text(&to_copy); copied.set(true); }>
                {move || if copied.get() { text(Key::Copied) } else { text(Key::CopyLink) }}
            </button>
            <button type="button" aria-expanded=move || show_qr.get().to_string() on:click=move |_| show_qr.update(|shown| *shown = !*shown)>
                {move || if show_qr.get() { text(Key::Org(OrgKey::HideQr)) } else { text(Key::Org(OrgKey::ShowQr)) }}
            </button>
            {move || show_qr.get().then(|| view! { <super::qr::QrCode link=qr_link.clone()/> })}
        </div>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum LinkAction {
    Issue(String),
    Revoke(String),
}

#[component]
fn InvestorsSection() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let language = use_language();
    let investors = Memo::new(move |_| {
        data.roster_revision().track();
        let lang = language.get();
        data.snapshot().with_untracked(|snapshot| {
            snapshot
                .as_ref()
                .map(|snapshot| {
                    snapshot
                        .investors
                        .iter()
                        .map(|investor| {
                            (
                                investor.id.clone(),
                                crate::names::investor_label(investor, lang),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let issued = RwSignal::new(Vec::<IssuedLink>::new());
    let revoked = RwSignal::new(Vec::<String>::new());
    let removal = RwSignal::new(None::<RemovalOutcome>);
    let link_action = Action::new_local(move |action: &LinkAction| {
        let action = action.clone();
        async move {
            match action {
                LinkAction::Issue(id) => {
                    let link =
                        api::reissue_investor_link(&data.event_id(), &data.secret(), &id).await?;
                    revoked.update(|revoked| revoked.retain(|known| *known != id));
                    issued.update(|issued| {
                        issued.retain(|known| known.owner != id);
                        issued.push(IssuedLink {
                            owner: id,
                            link: link.link,
                        });
                    });
                }
                LinkAction::Revoke(id) => {
                    api::revoke_investor_link(&data.event_id(), &data.secret(), &id).await?;
                    issued.update(|issued| issued.retain(|known| known.owner != id));
                    revoked.update(|revoked| revoked.push(id));
                }
            }
            Ok::<_, ApiError>(())
        }
    });

    view! {
        <section class="card" aria-labelledby="investors-title">
            <h2 id="investors-title">{move || text(Key::Org(OrgKey::Investors))}</h2>
            <AddInvestorForm issued/>
            <RosterImport issued/>
            <RemovalStatus outcome=removal/>
            {move || link_action.value().get().and_then(Result::err).map(|error| view! {
                <p class="error" role="alert">{move || text(super::api_problem_key(&error))}</p>
            })}
            {move || {
                let investors = investors.get();
                if investors.is_empty() {
                    return view! { <p class="empty">{move || text(Key::Org(OrgKey::NoInvestors))}</p> }.into_any();
                }
                view! {
                    <ul class="people">
                        {investors.into_iter().map(|(id, label)| {
                            let issue_id = id.clone();
                            let revoke_id = id.clone();
                            let shown_id = id.clone();
                            let revoked_id = id.clone();
                            let remove_ids = vec![id.clone()];
                            let reissue_label = label.clone();
                            let remove_label = label.clone();
                            let who = label.clone();
                            view! {
                                <li class="person" data-investor=id.clone()>
                                    <span class="person-name">{label.clone()}</span>
                                    <span class="actions">
                                        <button type="button" aria-label=move || format!("{} — {reissue_label}", text(Key::Org(OrgKey::ReissueLink)))
                                            on:click=move |_| { link_action.dispatch(LinkAction::Issue(issue_id.clone())); }>
                                            {move || text(Key::Org(OrgKey::ReissueLink))}
                                        </button>
                                        <button type="button" class="danger" on:click=move |_| { link_action.dispatch(LinkAction::Revoke(revoke_id.clone())); }>
                                            {move || text(Key::Org(OrgKey::RevokeLink))}
                                        </button>
                                        <RemoveButton kind=PersonKind::Investor ids=Signal::stored(remove_ids) who=Signal::stored(who)
                                            label=OrgKey::RemoveInvestor outcome=removal
                                            aria_label=Signal::derive(move || format!("{} — {remove_label}", text(Key::Org(OrgKey::RemoveInvestor))))/>
                                    </span>
                                    {move || revoked.with(|revoked| revoked.contains(&revoked_id)).then(|| view! {
                                        <p class="hint" role="status">{move || text(Key::Org(OrgKey::LinkRevoked))}</p>
                                    })}
                                    {move || issued.with(|issued| issued.iter().find(|known| known.owner == shown_id).map(|known| known.link.clone()))
                                        .map(|link| view! { <LinkBox link/> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Creates one investor and remembers its new link to show.
async fn add_investor(data: OrganizerData, investor: Investor) -> Result<IssuedLink, ApiError> {
    let created = api::create_investor(&data.event_id(), &data.secret(), &investor).await?;
    Ok(IssuedLink {
        owner: created.id,
        link: created.link,
    })
}

#[component]
fn AddInvestorForm(issued: RwSignal<Vec<IssuedLink>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let firm = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let add = Action::new_local(move |investor: &Investor| {
        let investor = investor.clone();
        async move {
            let link = add_investor(data, investor).await?;
            issued.update(|issued| issued.push(link));
            firm.set(String::new());
            person.set(String::new());
            contact.set(String::new());
            data.refresh();
            Ok::<_, ApiError>(())
        }
    });
    let errors = move || field_errors(&add.value().get());
    view! {
        <form class="add-investor" on:submit=move |event| {
            event.prevent_default();
            let value = serde_json::json!({
                "id": "", "firm": firm.get_untracked().trim(),
                "person": Some(person.get_untracked().trim().to_owned()).filter(|value| !value.is_empty()),
                "contact": Some(contact.get_untracked().trim().to_owned()).filter(|value| !value.is_empty()),
            });
            match serde_json::from_value::<Investor>(value) {
                Ok(investor) => { add.dispatch(investor); }
                Err(error) => leptos::logging::warn!("investor form: {error}"),
            }
        }>
            <h3>{move || text(Key::Org(OrgKey::AddInvestor))}</h3>
            <div class="field-row">
                <TextInput id="investor-firm" label=OrgKey::Firm value=firm error=Signal::derive(move || message(language.get(), &errors(), "firm")) required=true/>
                <TextInput id="investor-person" label=OrgKey::Person value=person error=Signal::derive(move || message(language.get(), &errors(), "person")) required=false/>
                <TextInput id="investor-contact" label=OrgKey::Contact value=contact error=Signal::derive(move || message(language.get(), &errors(), "contact")) required=false/>
            </div>
            <button type="submit" class="primary" disabled=move || add.pending().get()>{move || text(Key::Org(OrgKey::Add))}</button>
        </form>
    }
}

#[component]
fn TextInput(
    id: &'static str,
    label: OrgKey,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    required: bool,
) -> impl IntoView {
    let text = use_text();
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{move || text(Key::Org(label))}</label>
            <input id=id type="text" required=required prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=error_id.clone()/>
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// How the last roster import ended.
#[derive(Debug, Clone, PartialEq)]
enum RosterOutcome {
    Stored(RosterReceipt),
    /// Nothing stored: the server's problems, on the file's lines.
    Refused(Vec<RosterProblem>),
    Failed(ApiError),
}

/// The roster CSV: read and checked line by line here, then sent in one request that stores
/// every investor or none. Lines that are investors the event already has are listed with whom
/// they match, and sent again with the organizer's choice: update them or skip them.
#[component]
fn RosterImport(issued: RwSignal<Vec<IssuedLink>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let csv_text = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<RosterError>::new());
    // The entries last sent, for the update-or-skip choice.
    let sent = StoredValue::new(Vec::<RosterEntry>::new());
    let import = Action::new_local(
        move |(entries, existing): &(Vec<RosterEntry>, Option<ExistingInvestors>)| {
            let (entries, existing) = (entries.clone(), *existing);
            async move {
                let investors: Vec<Investor> =
                    entries.iter().map(|entry| entry.investor.clone()).collect();
                let answer =
                    api::import_roster(&data.event_id(), &data.secret(), &investors, existing)
                        .await;
                sent.set_value(entries.clone());
                match answer {
                    Ok(receipt) => {
                        issued.update(|issued| {
                            issued.extend(receipt.created.iter().map(|created| IssuedLink {
                                owner: created.id.clone(),
                                link: created.link.clone(),
                            }))
                        });
                        csv_text.set(String::new());
                        data.refresh();
                        RosterOutcome::Stored(receipt)
                    }
                    Err(ApiError::Rejected { status: 422, body }) => {
                        let known = data.snapshot().with_untracked(|snapshot| {
                            snapshot
                                .as_ref()
                                .map(|snapshot| {
                                    roadshow_core::roster::known_entries(
                                        &snapshot.investors,
                                        &investors,
                                    )
                                })
                                .unwrap_or_default()
                        });
                        RosterOutcome::Refused(server_problems(&entries, &known, &body))
                    }
                    Err(error) => RosterOutcome::Failed(error),
                }
            }
        },
    );
    let outcome = move || import.value().get();
    let refused = move || match outcome() {
        Some(RosterOutcome::Refused(problems)) => problems,
        _ => Vec::new(),
    };
    // Lines that are investors the event has, and whether nothing else is wrong (then the
    // organizer may resend with a choice).
    let existing = move || {
        refused()
            .into_iter()
            .filter_map(|problem| match problem {
                RosterProblem::Existing { line, investor } => Some((line, investor)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let only_existing = move || {
        let refused = refused();
        !refused.is_empty()
            && refused
                .iter()
                .all(|problem| matches!(problem, RosterProblem::Existing { .. }))
    };
    let investor_name = move |id: &str| {
        let lang = language.get();
        data.snapshot().with_untracked(|snapshot| {
            snapshot.as_ref().and_then(|snapshot| {
                snapshot
                    .investors
                    .iter()
                    .find(|investor| investor.id == id)
                    .map(|investor| crate::names::investor_label(investor, lang))
            })
        })
    };
    let messages = move || {
        let lang = language.get();
        let mut shown: Vec<String> = problems
            .get()
            .iter()
            .map(|error| roster_message(lang, error))
            .collect();
        shown.extend(refused().into_iter().filter_map(|problem| match problem {
            RosterProblem::Column { line, column, code } => {
                Some(roster_column_problem(lang, line, column, code))
            }
            RosterProblem::Line { line, code } => Some(roster_line_problem(lang, line, code)),
            RosterProblem::SameAs { line, first } => Some(roster_same_as(lang, line, first)),
            RosterProblem::Whole { code } => Some(roster_whole_problem(lang, code)),
            RosterProblem::Existing { .. } => None,
        }));
        shown
    };
    let resend = move |choice: ExistingInvestors| {
        let entries = sent.get_value();
        if !entries.is_empty() {
            import.dispatch((entries, Some(choice)));
        }
    };
    view! {
        <form class="roster-import" on:submit=move |event| {
            event.prevent_default();
            match parse_roster(&csv_text.get_untracked()) {
                Ok(entries) => { problems.set(Vec::new()); import.dispatch((entries, None)); }
                Err(errors) => { problems.set(errors); import.value().set(None); }
            }
        }>
            <h3>{move || text(Key::Org(OrgKey::ImportRoster))}</h3>
            <p class="hint" id="roster-hint">{move || text(Key::Org(OrgKey::RosterHint))}</p>
            <label for="roster-text">{move || text(Key::Org(OrgKey::RosterText))}</label>
            <textarea id="roster-text" rows="5" aria-describedby="roster-hint roster-problems" prop:value=move || csv_text.get()
                on:input=move |event| csv_text.set(event_target_value(&event))></textarea>
            <div role="alert" class="roster-outcome">
                {move || matches!(outcome(), Some(RosterOutcome::Refused(_))).then(|| view! {
                    <p class="error roster-refused">{move || text(Key::Org(OrgKey::RosterNothingStored))}</p>
                })}
                <ul id="roster-problems" class="field-error">
                    {move || messages().into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}
                </ul>
                {move || match outcome() {
                    Some(RosterOutcome::Failed(error)) => Some(view! { <p class="error">{move || text(super::api_problem_key(&error))}</p> }),
                    _ => None,
                }}
            </div>
            {move || {
                let existing = existing();
                (!existing.is_empty()).then(|| {
                    let lang = language.get();
                    view! {
                        <div class="roster-existing" role="group" aria-labelledby="roster-existing-title">
                            <p id="roster-existing-title">{move || text(Key::Org(OrgKey::RosterExistingTitle))}</p>
                            <ul id="roster-existing">
                                {existing.into_iter().map(|(line, investor)| {
                                    let name = investor.as_deref().and_then(investor_name);
                                    view! { <li>{roster_existing(lang, line, name.as_deref())}</li> }
                                }).collect_view()}
                            </ul>
                            {only_existing().then(|| view! {
                                <p class="hint">{move || text(Key::Org(OrgKey::RosterExistingHint))}</p>
                                <button type="button" class="primary" disabled=move || import.pending().get()
                                    on:click=move |_| resend(ExistingInvestors::Update)>
                                    {move || text(Key::Org(OrgKey::RosterUpdateExisting))}
                                </button>
                                <button type="button" disabled=move || import.pending().get()
                                    on:click=move |_| resend(ExistingInvestors::Skip)>
                                    {move || text(Key::Org(OrgKey::RosterSkipExisting))}
                                </button>
                            })}
                        </div>
                    }
                })
            }}
            <p class="roster-receipt" role="status">
                {move || match outcome() {
                    Some(RosterOutcome::Stored(receipt)) => roster_receipt(language.get(), receipt.created.len(), receipt.updated.len(), receipt.skipped.len()),
                    _ => String::new(),
                }}
            </p>
            <button type="submit" class="primary" disabled=move || import.pending().get()>
                {move || if import.pending().get() { text(Key::Org(OrgKey::Importing)) } else { text(Key::Org(OrgKey::ImportInvestors)) }}
            </button>
        </form>
    }
}

fn roster_message(lang: Lang, error: &RosterError) -> String {
    match (lang, error) {
        // The reader's own detail is English: the Korean message says what to check instead.
        (Lang::Ko, RosterError::Unreadable { line, .. }) => {
            format!("{line}행: CSV로 읽을 수 없습니다 (따옴표와 쉼표를 확인하세요)")
        }
        (Lang::Ko, RosterError::NoFirmColumn) => "1행: 머리글에 firm 열이 없습니다".to_owned(),
        (Lang::Ko, RosterError::UnknownColumn(column)) => format!("1행: 알 수 없는 열 `{column}`"),
        (Lang::Ko, RosterError::MissingFirm { line }) => {
            format!("{line}행: firm(회사)이 비어 있습니다")
        }
        (
            Lang::Ko,
            RosterError::NotANumber {
                line,
                column,
                value,
            },
        ) => format!("{line}행: `{column}`은 정수여야 합니다 (`{value}`)"),
        (Lang::Ko, RosterError::UnknownStage { line, value }) => {
            format!("{line}행: 알 수 없는 투자 단계 `{value}`")
        }
        (Lang::Ko, RosterError::Empty) => "투자자가 한 명도 없습니다".to_owned(),
        (Lang::En, error) => error.to_string(),
    }
}

#[component]
fn RegistrationLinkSection() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let issued = RwSignal::new(None::<String>);
    let revoked = RwSignal::new(false);
    let issue = Action::new_local(move |_: &()| async move {
        let link = api::reissue_registration_link(&data.event_id(), &data.secret()).await?;
        revoked.set(false);
        issued.set(Some(link.link));
        Ok::<_, ApiError>(())
    });
    let revoke = Action::new_local(move |_: &()| async move {
        api::revoke_registration_link(&data.event_id(), &data.secret()).await?;
        issued.set(None);
        revoked.set(true);
        Ok::<_, ApiError>(())
    });
    let failure = move || {
        issue
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| revoke.value().get().and_then(Result::err))
    };
    view! {
        <section class="card" aria-labelledby="registration-title">
            <h2 id="registration-title">{move || text(Key::Org(OrgKey::RegistrationLink))}</h2>
            <button type="button" class="primary" on:click=move |_| { issue.dispatch(()); }>{move || text(Key::Org(OrgKey::IssueLink))}</button>
            <button type="button" class="danger" on:click=move |_| { revoke.dispatch(()); }>{move || text(Key::Org(OrgKey::RevokeLink))}</button>
            {move || revoked.get().then(|| view! { <p class="hint" role="status">{move || text(Key::Org(OrgKey::LinkRevoked))}</p> })}
            {move || issued.get().map(|link| view! {
                <p class="hint">{move || text(Key::Org(OrgKey::SharedRegistrationHint))}</p>
                <LinkBox link label=OrgKey::SharedRegistrationLink/>
            })}
            {move || failure().map(|error| view! { <p class="error" role="alert">{move || text(super::api_problem_key(&error))}</p> })}
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Settings

/// The server's field messages by path (`settings.criteria[0].weight` → …), empty on success.
fn field_errors<T>(result: &Option<Result<T, ApiError>>) -> BTreeMap<String, Vec<String>> {
    match result {
        Some(Err(ApiError::Rejected { body, .. })) => body
            .fields
            .iter()
            .map(|(path, messages)| {
                (
                    path.clone(),
                    messages
                        .iter()
                        .map(|message| message.code.clone())
                        .collect(),
                )
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// The message for one field path in the chosen language (from the problem code).
fn message(lang: Lang, errors: &BTreeMap<String, Vec<String>>, path: &str) -> Option<String> {
    let codes = errors.get(path)?;
    Some(
        codes
            .iter()
            .map(|code| {
                serde_json::from_value::<roadshow_core::problem::ProblemCode>(
                    serde_json::Value::String(code.clone()),
                )
                .map(|code| problem_message(code, lang).to_owned())
                .unwrap_or_else(|_| code.clone())
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[component]
fn SettingsForm() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    // The form edits its own copy; the live event is read once (a score arriving must not
    // overwrite what the organizer is typing).
    let initial = data
        .snapshot()
        .with_untracked(|snapshot| snapshot.as_ref().map(|snapshot| snapshot.event.clone()));
    let Some(initial) = initial else {
        return ().into_any();
    };
    let draft = RwSignal::new(initial);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |settings: &Event| {
        let mut settings = settings.clone();
        // The phase and reveal mode are the live state, changed on their own.
        let reveal = settings.reveal.take();
        settings.phase = None;
        async move {
            let change = api::EventChange {
                settings: Some(settings),
                reveal_mode: reveal,
                ..Default::default()
            };
            let answer = api::update_event(&data.event_id(), &data.secret(), &change).await;
            saved.set(answer.is_ok());
            data.refresh();
            answer.map(|_| ())
        }
    });
    let errors = Memo::new(move |_| field_errors(&save.value().get()));
    let error_at =
        move |path: String| Signal::derive(move || message(language.get(), &errors.get(), &path));

    let first_slot_error = error_at("settings.meetings.first_slot".into());
    // Problems of the scale or the criteria as a whole (`breaks_stored_data`: scores exist).
    let scale_error = error_at("settings.scale".into());
    let criteria_error = error_at("settings.criteria".into());
    let criteria_count = move || draft.with(|draft| draft.criteria.len());
    view! {
        <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">{move || text(Key::Org(OrgKey::SettingsTitle))}</h2>
            <form class="settings" on:submit=move |event| { event.prevent_default(); save.dispatch(draft.get_untracked()); }>
                <fieldset aria-describedby="criteria-error">
                    <legend>{move || text(Key::Org(OrgKey::Criteria))}</legend>
                    <p class="field-error" id="criteria-error">{move || criteria_error.get()}</p>
                    {move || (0..criteria_count()).map(|index| view! { <CriterionFields index draft error_at/> }).collect_view()}
                    <button type="button" on:click=move |_| draft.update(|draft| {
                        let key = format!("criterion{}", draft.criteria.len() + 1);
                        if let Ok(criterion) = serde_json::from_value::<Criterion>(serde_json::json!({"key": key, "weight": 1.0})) {
                            draft.criteria.push(criterion);
                        }
                    })>{move || text(Key::Org(OrgKey::AddCriterion))}</button>
                </fieldset>
                <fieldset aria-describedby="scale-error">
                    <legend>{move || text(Key::Org(OrgKey::TabSetup))}</legend>
                    <p class="field-error" id="scale-error">{move || scale_error.get()}</p>
                    <NumberField id="scale-min" label=OrgKey::ScaleMin error=error_at("settings.scale.min".into())
                        get=Signal::derive(move || draft.with(|d| d.scale.min.to_string()))
                        set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.scale.min = value) })/>
                    <NumberField id="scale-max" label=OrgKey::ScaleMax error=error_at("settings.scale.max".into())
                        get=Signal::derive(move || draft.with(|d| d.scale.max.to_string()))
                        set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.scale.max = value) })/>
                    <NumberField id="min-judges" label=OrgKey::MinJudges error=error_at("settings.min_judges".into())
                        get=Signal::derive(move || draft.with(|d| d.min_judges.to_string()))
                        set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.min_judges = value) })/>
                    <NumberField id="registration-limit" label=OrgKey::RegistrationLimit hint=OrgKey::RegistrationLimitHint
                        placeholder="200" error=error_at("settings.registration_limit".into())
                        get=Signal::derive(move || draft.with(|d| d.registration_limit.map(|v| v.to_string()).unwrap_or_default()))
                        set=Callback::new(move |value: String| draft.update(|d| d.registration_limit = value.trim().parse().ok()))/>
                    <div class="field">
                        <label for="reveal-mode">{move || text(Key::Org(OrgKey::RevealMode))}</label>
                        <select id="reveal-mode" on:change=move |event| {
                            let mode = match event_target_value(&event).as_str() {
                                "never" => RevealMode::Never,
                                "after-own-scoring" => RevealMode::AfterOwnScoring,
                                _ => RevealMode::AfterOrganizerReveal,
                            };
                            draft.update(|d| d.reveal = Some(mode));
                        }>
                            {[(RevealMode::Never, "never", OrgKey::RevealNever), (RevealMode::AfterOwnScoring, "after-own-scoring", OrgKey::RevealAfterOwn), (RevealMode::AfterOrganizerReveal, "after-organizer-reveal", OrgKey::RevealAfterOrganizer)]
                                .into_iter()
                                .map(|(mode, value, label)| view! {
                                    <option value=value selected=move || draft.with(|d| d.reveal.unwrap_or_default() == mode)>{move || text(Key::Org(label))}</option>
                                }).collect_view()}
                        </select>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || text(Key::Org(OrgKey::MeetingSettings))}</legend>
                    <div class="field">
                        <label for="first-slot">{move || text(Key::Org(OrgKey::FirstSlot))}</label>
                        <input id="first-slot" type="datetime-local" aria-describedby="first-slot-error"
                            aria-invalid=move || first_slot_error.with(Option::is_some).to_string()
                            prop:value=move || draft.with(|d| d.meetings.first_slot.map(|time| time.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default())
                            on:change=move |event| {
                                let value = event_target_value(&event);
                                draft.update(|d| d.meetings.first_slot = roadshow_core::event_draft::parse_kst(&value));
                            }/>
                        <p class="field-error" id="first-slot-error">{move || first_slot_error.get()}</p>
                    </div>
                    <NumberField id="slot-minutes" label=OrgKey::SlotMinutes error=error_at("settings.meetings.slot_minutes".into())
                        get=Signal::derive(move || draft.with(|d| d.meetings.slot_minutes.map(|v| v.to_string()).unwrap_or_default()))
                        set=Callback::new(move |value: String| draft.update(|d| d.meetings.slot_minutes = value.parse().ok()))/>
                    <NumberField id="slot-count" label=OrgKey::SlotCount error=error_at("settings.meetings.slots".into())
                        get=Signal::derive(move || draft.with(|d| d.meetings.slots.to_string()))
                        set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.meetings.slots = value) })/>
                    <NumberField id="tables" label=OrgKey::Tables error=error_at("settings.meetings.tables".into())
                        get=Signal::derive(move || draft.with(|d| d.meetings.tables.to_string()))
                        set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.meetings.tables = value) })/>
                    <NumberField id="investor-capacity" label=OrgKey::InvestorCapacity error=error_at("settings.meetings.investor_capacity".into())
                        get=Signal::derive(move || draft.with(|d| d.meetings.investor_capacity.map(|v| v.to_string()).unwrap_or_default()))
                        set=Callback::new(move |value: String| draft.update(|d| d.meetings.investor_capacity = value.parse().ok()))/>
                    <NumberField id="startup-capacity" label=OrgKey::StartupCapacity error=error_at("settings.meetings.startup_capacity".into())
                        get=Signal::derive(move || draft.with(|d| d.meetings.startup_capacity.map(|v| v.to_string()).unwrap_or_default()))
                        set=Callback::new(move |value: String| draft.update(|d| d.meetings.startup_capacity = value.parse().ok()))/>
                </fieldset>
                <RunningOrder draft/>
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { text(Key::Org(OrgKey::Saving)) } else { text(Key::Org(OrgKey::SaveSettings)) }}
                </button>
                <p role="status" class="save-status">
                    {move || match save.value().get() {
                        Some(Ok(())) if saved.get() => text(Key::Org(OrgKey::Saved)),
                        Some(Err(_)) => text(Key::Org(OrgKey::NotSaved)),
                        _ => "",
                    }}
                </p>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn NumberField(
    id: &'static str,
    label: OrgKey,
    error: Signal<Option<String>>,
    get: Signal<String>,
    set: Callback<String>,
    /// A hint under the field (read with it).
    #[prop(optional)]
    hint: Option<OrgKey>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let text = use_text();
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id>{move || text(Key::Org(label))}</label>
            <input id=id type="number" inputmode="numeric" prop:value=move || get.get()
                placeholder=placeholder
                on:change=move |event| set.run(event_target_value(&event))
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=described_by/>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{move || text(Key::Org(hint))}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

#[component]
fn CriterionFields(
    index: usize,
    draft: RwSignal<Event>,
    error_at: impl Fn(String) -> Signal<Option<String>> + Copy + 'static,
) -> impl IntoView {
    let text = use_text();
    let field = move |suffix: &'static str,
                      label: OrgKey,
                      read: fn(&Criterion) -> String,
                      write: fn(&mut Criterion, String)| {
        let id = format!("criterion-{index}-{suffix}");
        let error = error_at(format!("settings.criteria[{index}].{suffix}"));
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id.clone()>{move || text(Key::Org(label))}</label>
                <input id=id type="text"
                    prop:value=move || draft.with(|d| d.criteria.get(index).map(read).unwrap_or_default())
                    on:change=move |event| { let value = event_target_value(&event); draft.update(|d| if let Some(c) = d.criteria.get_mut(index) { write(c, value) }); }
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=error_id.clone()/>
                <p class="field-error" id=error_id>{move || error.get()}</p>
            </div>
        }
    };
    fn anchors(criterion: &mut Criterion) -> &mut roadshow_core::model::Anchors {
        criterion.anchors.get_or_insert_with(Default::default)
    }
    fn text_of(value: &Option<String>) -> String {
        value.clone().unwrap_or_default()
    }
    fn optional(value: String) -> Option<String> {
        Some(value.trim().to_owned()).filter(|value| !value.is_empty())
    }
    view! {
        <div class="criterion" role="group" aria-label=move || format!("{} {}", text(Key::Org(OrgKey::Criteria)), index + 1)>
            {field("key", OrgKey::CriterionKey, |c| c.key.clone(), |c, v| c.key = v.trim().to_owned())}
            {field("label_ko", OrgKey::LabelKo, |c| text_of(&c.label_ko), |c, v| c.label_ko = optional(v))}
            {field("label_en", OrgKey::LabelEn, |c| text_of(&c.label_en), |c, v| c.label_en = optional(v))}
            {field("weight", OrgKey::Weight, |c| c.weight.to_string(), |c, v| if let Ok(w) = v.parse() { c.weight = w })}
            {field("anchors.low_ko", OrgKey::AnchorLowKo, |c| c.anchors.as_ref().map(|a| text_of(&a.low_ko)).unwrap_or_default(), |c, v| anchors(c).low_ko = optional(v))}
            {field("anchors.low_en", OrgKey::AnchorLowEn, |c| c.anchors.as_ref().map(|a| text_of(&a.low_en)).unwrap_or_default(), |c, v| anchors(c).low_en = optional(v))}
            {field("anchors.mid_ko", OrgKey::AnchorMidKo, |c| c.anchors.as_ref().map(|a| text_of(&a.mid_ko)).unwrap_or_default(), |c, v| anchors(c).mid_ko = optional(v))}
            {field("anchors.mid_en", OrgKey::AnchorMidEn, |c| c.anchors.as_ref().map(|a| text_of(&a.mid_en)).unwrap_or_default(), |c, v| anchors(c).mid_en = optional(v))}
            {field("anchors.high_ko", OrgKey::AnchorHighKo, |c| c.anchors.as_ref().map(|a| text_of(&a.high_ko)).unwrap_or_default(), |c, v| anchors(c).high_ko = optional(v))}
            {field("anchors.high_en", OrgKey::AnchorHighEn, |c| c.anchors.as_ref().map(|a| text_of(&a.high_en)).unwrap_or_default(), |c, v| anchors(c).high_en = optional(v))}
            <button type="button" class="danger" on:click=move |_| draft.update(|d| { if index < d.criteria.len() { d.criteria.remove(index); } })>
                {move || text(Key::Org(OrgKey::RemoveCriterion))}
            </button>
        </div>
    }
}

/// The pitches' running order, kept in the settings as `running_order` (startup ids).
#[component]
fn RunningOrder(draft: RwSignal<Event>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let startups = Memo::new(move |_| {
        data.roster_revision().track();
        let lang = language.get();
        data.snapshot().with_untracked(|snapshot| {
            snapshot
                .as_ref()
                .map(|s| {
                    s.startups
                        .iter()
                        .map(|startup| {
                            (
                                startup.id.clone(),
                                crate::names::startup_name(startup, lang),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let order = move || {
        let stored: Vec<String> = draft.with(|d| {
            d.extra
                .get("running_order")
                .and_then(|value| serde_json::from_value(value.clone()).ok())
                .unwrap_or_default()
        });
        startups.with(|startups| {
            let mut ordered: Vec<(String, String)> = stored
                .iter()
                .filter_map(|id| startups.iter().find(|(known, _)| known == id).cloned())
                .collect();
            ordered.extend(
                startups
                    .iter()
                    .filter(|(id, _)| !stored.contains(id))
                    .cloned(),
            );
            ordered
        })
    };
    let swap = move |from: usize, to: usize| {
        let mut ids: Vec<String> = order().into_iter().map(|(id, _)| id).collect();
        if to < ids.len() {
            ids.swap(from, to);
            draft.update(|d| {
                d.extra
                    .insert("running_order".into(), serde_json::json!(ids));
            });
        }
    };
    view! {
        <fieldset>
            <legend>{move || text(Key::Org(OrgKey::RunningOrder))}</legend>
            <ol class="running-order">
                {move || order().into_iter().enumerate().map(|(position, (_, name))| {
                    let up_label = name.clone();
                    let down_label = up_label.clone();
                    view! {
                        <li>
                            <span>{name}</span>
                            <button type="button" disabled=position == 0 aria-label=move || format!("{} — {up_label}", text(Key::Org(OrgKey::MoveUp)))
                                on:click=move |_| { if position > 0 { swap(position, position - 1) } }>"↑"</button>
                            <button type="button" aria-label=move || format!("{} — {down_label}", text(Key::Org(OrgKey::MoveDown)))
                                on:click=move |_| swap(position, position + 1)>"↓"</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </fieldset>
    }
}
