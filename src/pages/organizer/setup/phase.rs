//! The phase card: move the event to its next phase or back, and (when investors see others'
//! scores only after the organizer reveals them) reveal or hide the scores, each asked first.

use super::super::format::phase_label;
use crate::api::{self, ApiError};
use crate::i18n::{FeedbackKey, Key, OrgKey};
use crate::state::language::use_text;
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::model::{Phase, RevealMode};
use roadshow_core::wire::FeedbackRelease;

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
pub(super) fn PhaseControl() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let phase = Memo::new(move |_| {
        data.event_state()
            .with(|state| state.as_ref().map(|state| state.phase).unwrap_or_default())
    });
    let open = RwSignal::new(None::<Asking>);
    let change =
        Action::new_local(move |change: &api::EventChange| data.change_event(change.clone()));
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
            <FeedbackControl change/>
            {move || failure().map(|error| view! { <p class="error" role="alert">{move || text(crate::i18n::request_problem(&error))}</p> })}
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

/// Releases the startups' feedback reports (definitions §8.4), once the results are published;
/// with or without each startup's exact rank. The server refuses a release before.
#[component]
fn FeedbackControl(change: Action<api::EventChange, Result<(), ApiError>>) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let state = Memo::new(move |_| {
        data.event_state().with(|state| {
            state
                .as_ref()
                .map(|state| (state.phase, state.feedback))
                .unwrap_or_default()
        })
    });
    let send = move |release: FeedbackRelease| {
        change.dispatch(api::EventChange {
            feedback: Some(release),
            ..Default::default()
        });
    };
    let key = |key: FeedbackKey| Key::Feedback(key);
    // One box per part of the release: what it shows, and the release with it turned on or off.
    let checkbox = move |id: &'static str,
                         label: FeedbackKey,
                         part: fn(FeedbackRelease) -> bool,
                         with: fn(FeedbackRelease, bool) -> FeedbackRelease| {
        view! {
            <label>
                <input type="checkbox" id=id
                    prop:checked=move || part(state.get().1)
                    disabled=move || change.pending().get() || state.get().0 != Phase::ResultsPublished
                    on:change=move |event| send(with(state.get_untracked().1, event_target_checked(&event)))/>
                " "{move || text(key(label))}
            </label>
        }
    };
    view! {
        <fieldset class="feedback-release" data-released=move || state.get().1.released.to_string()>
            <legend>{move || text(key(FeedbackKey::ControlTitle))}</legend>
            <p class="hint">{move || text(key(FeedbackKey::ReleaseHint))}</p>
            {move || (state.get().0 != Phase::ResultsPublished).then(|| view! {
                <p class="hint" id="feedback-after-results">{move || text(key(FeedbackKey::ReleaseAfterResults))}</p>
            })}
            {checkbox("feedback-released", FeedbackKey::Release, |release| release.released,
                |release, on| FeedbackRelease { released: on, ..release })}
            {checkbox("feedback-exact-rank", FeedbackKey::ExactRank, |release| release.exact_rank,
                |release, on| FeedbackRelease { exact_rank: on, ..release })}
        </fieldset>
    }
}
