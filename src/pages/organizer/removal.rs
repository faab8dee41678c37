//! Removing startups and investors: one from its detail or its row, or many startups at once
//! (spam registrations through the shared link). Before asking, the console says what goes with
//! them — counted from its own data: scores, interest marks and comments, meetings — and that
//! other startups' normalized totals may move; afterwards, what the server says it removed.

use crate::api::{self, ApiError, PersonKind, RemovedCounts};
use crate::i18n::{removal_counts, removal_done, removal_question, startups_counted, Key, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::{use_organizer_data, OrganizerData};
use leptos::prelude::*;
use roadshow_core::model::ProfileStatus;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How a removal ended, kept by the part of the page that outlives the removed person's row.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RemovalOutcome {
    Done { who: String, counts: RemovedCounts },
    Failed(ApiError),
}

/// What removing `ids` would take with it, from the console's data (tracked: the question stays
/// true while a score arrives).
fn expected_counts(data: OrganizerData, kind: PersonKind, ids: &[String]) -> RemovedCounts {
    let involves = |investor: &str, startup: &str| {
        let id = match kind {
            PersonKind::Startup => startup,
            PersonKind::Investor => investor,
        };
        ids.iter().any(|known| known == id)
    };
    let scores = data.snapshot().with(|snapshot| {
        snapshot.as_ref().map_or(0, |snapshot| {
            snapshot
                .scores
                .iter()
                .filter(|entry| involves(&entry.investor, &entry.startup))
                .count()
        })
    });
    let verdicts = data.verdicts().with(|verdicts| {
        verdicts
            .iter()
            .filter(|((investor, startup), verdict)| {
                involves(investor, startup)
                    && (verdict.want.is_some() || !verdict.comment.trim().is_empty())
            })
            .count()
    });
    let meetings = data.meetings().with(|meetings| {
        meetings
            .iter()
            .filter(|meeting| involves(&meeting.investor, &meeting.startup))
            .count()
    });
    RemovedCounts {
        scores: scores as i64,
        verdicts: verdicts as i64,
        meetings: meetings as i64,
    }
}

static NEXT_QUESTION: AtomicUsize = AtomicUsize::new(0);

/// A removal button that asks first: the question (what goes with it, that totals may move)
/// with "confirm — label" and "cancel" in its place, keyboard focus on the confirmation. The
/// outcome goes to `outcome`, which the caller shows (the removed row itself disappears).
#[component]
pub(super) fn RemoveButton(
    kind: PersonKind,
    /// Who is removed.
    #[prop(into)]
    ids: Signal<Vec<String>>,
    /// How the question and the outcome name them (a name, or "3 selected startups").
    #[prop(into)]
    who: Signal<String>,
    label: OrgKey,
    /// The button's accessible name when `label` alone is ambiguous (a row's "remove").
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
    outcome: RwSignal<Option<RemovalOutcome>>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let open = RwSignal::new(false);
    let question_id = format!(
        "remove-question-{}",
        NEXT_QUESTION.fetch_add(1, Ordering::Relaxed)
    );
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = confirm_button.get() {
            if let Err(error) = button.focus() {
                leptos::logging::warn!("cannot focus the confirmation: {error:?}");
            }
        }
    });
    let remove = Action::new_local(move |(ids, who): &(Vec<String>, String)| {
        let (ids, who) = (ids.clone(), who.clone());
        async move {
            let answer = api::remove_people(&data.event_id(), &data.secret(), kind, &ids).await;
            outcome.set(Some(match answer {
                Ok(removal) => RemovalOutcome::Done {
                    who,
                    counts: removal.total(),
                },
                Err(error) => RemovalOutcome::Failed(error),
            }));
            data.refresh();
        }
    });
    let question = move || {
        let lang = language.get();
        let counts = ids.with(|ids| expected_counts(data, kind, ids));
        removal_question(
            lang,
            &who.get(),
            &removal_counts(lang, counts.scores, counts.verdicts, counts.meetings),
        )
    };
    let accessible = move || aria_label.map(|name| name.get());
    move || {
        if open.get() {
            let labelled_by = question_id.clone();
            let question_id = question_id.clone();
            view! {
                <div class="confirm removal-confirm" role="alertdialog" aria-labelledby=labelled_by>
                    <p id=question_id>{question}</p>
                    <button type="button" class="danger" node_ref=confirm_button
                        on:click=move |_| {
                            open.set(false);
                            let chosen = ids.get_untracked();
                            if !chosen.is_empty() {
                                remove.dispatch((chosen, who.get_untracked()));
                            }
                        }>
                        {move || text(Key::Org(OrgKey::Confirm))}" — "{move || text(Key::Org(label))}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>{move || text(Key::Org(OrgKey::Cancel))}</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="danger" aria-label=accessible
                    disabled=move || remove.pending().get() || ids.with(Vec::is_empty)
                    on:click=move |_| { outcome.set(None); open.set(true); }>
                    {move || if remove.pending().get() { text(Key::Org(OrgKey::Removing)) } else { text(Key::Org(label)) }}
                </button>
            }
            .into_any()
        }
    }
}

/// The outcome of the last removal: what went with it, or why nothing was removed.
#[component]
pub(super) fn RemovalStatus(outcome: RwSignal<Option<RemovalOutcome>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    view! {
        <p class="removal-status" role="status">
            {move || outcome.get().map(|outcome| match outcome {
                RemovalOutcome::Done { who, counts } => {
                    let lang = language.get();
                    view! {
                        <span class="removed">
                            {removal_done(lang, &who, &removal_counts(lang, counts.scores, counts.verdicts, counts.meetings))}
                        </span>
                    }
                    .into_any()
                }
                RemovalOutcome::Failed(error) => view! {
                    <span class="error">{move || text(super::api_problem_key(&error))}</span>
                }
                .into_any(),
            })}
        </p>
    }
}

/// Every startup with its status, to select and remove at once (spam registrations).
#[component]
pub(super) fn StartupsSection() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let startups = Memo::new(move |_| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .map(|snapshot| {
                    snapshot
                        .startups
                        .iter()
                        .map(|startup| {
                            (
                                startup.id.clone(),
                                crate::names::startup_name(startup, lang),
                                startup.status == Some(ProfileStatus::Draft),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let chosen = RwSignal::new(Vec::<String>::new());
    // Only ids still in the event count (a removal elsewhere may have taken some).
    let selected = Memo::new(move |_| {
        startups.with(|startups| {
            chosen.with(|chosen| {
                startups
                    .iter()
                    .filter(|(id, _, _)| chosen.contains(id))
                    .map(|(id, _, _)| id.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let outcome = RwSignal::new(None::<RemovalOutcome>);
    let who = Signal::derive(move || startups_counted(language.get(), selected.with(Vec::len)));
    let select_drafts = move |_| {
        let drafts: Vec<String> = startups.with(|startups| {
            startups
                .iter()
                .filter(|(_, _, draft)| *draft)
                .map(|(id, _, _)| id.clone())
                .collect()
        });
        chosen.set(drafts);
    };
    view! {
        <section class="card startups-section" aria-labelledby="startups-title">
            <h2 id="startups-title">{move || text(Key::Org(OrgKey::StartupsTitle))}</h2>
            <p class="hint">{move || text(Key::Org(OrgKey::StartupsHint))}</p>
            {move || {
                if startups.with(Vec::is_empty) {
                    return view! { <p class="empty">{move || text(Key::Org(OrgKey::NoStartups))}</p> }.into_any();
                }
                view! {
                    <fieldset class="startup-choices">
                        <legend>{move || text(Key::Org(OrgKey::StartupsList))}</legend>
                        <ul class="people">
                            {startups.get().into_iter().map(|(id, name, draft)| {
                                let checked_id = id.clone();
                                let row_id = id.clone();
                                view! {
                                    <li class="startup-choice" data-startup=row_id>
                                        <label>
                                            <input type="checkbox" prop:checked=move || chosen.with(|chosen| chosen.contains(&checked_id))
                                                on:change=move |event| {
                                                    let on = event_target_checked(&event);
                                                    let id = id.clone();
                                                    chosen.update(|chosen| {
                                                        chosen.retain(|known| *known != id);
                                                        if on { chosen.push(id); }
                                                    });
                                                }/>
                                            <span class="person-name">{name}</span>
                                            <span class="badge status" data-draft=draft.to_string()>
                                                {move || text(Key::Org(if draft { OrgKey::StatusDraft } else { OrgKey::StatusPublished }))}
                                            </span>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </fieldset>
                }.into_any()
            }}
            <div class="bulk-actions">
                <button type="button" on:click=select_drafts>{move || text(Key::Org(OrgKey::SelectDrafts))}</button>
                <button type="button" on:click=move |_| chosen.set(Vec::new())>{move || text(Key::Org(OrgKey::ClearSelection))}</button>
                <RemoveButton kind=PersonKind::Startup ids=selected who label=OrgKey::RemoveSelected outcome/>
            </div>
            <RemovalStatus outcome/>
        </section>
    }
}
