//! The investor's follow-ups (definitions §7.4): every company it held a meeting with, where the
//! pair stands, and the next step — a follow-up meeting, due diligence, a term sheet, an
//! investment (amount in 억/만 and date) or passing (with a reason) — plus the check-ins due now.
//! Each step is checked by core's rules before it is stored, and travels through the outbox like
//! a score.

use crate::components::check_ins::CheckIns;
use crate::components::meeting_answers::StatusBadge;
use crate::i18n::{format_krw, problem_message, Key, OutcomeKey};
use crate::names::NameEntry;
use crate::state::language::{use_language, use_text};
use crate::state::sync::SyncService;
use leptos::prelude::*;
use roadshow_core::event_draft::parse_kst;
use roadshow_core::follow_up::{last_day, moves_back, record_problems, slot_day, CheckIn};
use roadshow_core::meeting_answers::{MeetingSides, Side};
use roadshow_core::model::{FollowUp, FollowUpStage, MeetingStatus, PlannedMeeting};
use roadshow_core::overlay;
use roadshow_core::problem::Problem;
use roadshow_core::startup_form::parse_krw;
use roadshow_core::sync::{Cell, Change, Outbox};
use roadshow_core::wire::{EventBasics, MeetingState};

/// The investor's own meetings with the status this device shows (its unsent marks included).
fn shown_meetings(
    outbox: &Outbox,
    meetings: &[PlannedMeeting],
    states: &[MeetingState],
) -> Vec<PlannedMeeting> {
    meetings
        .iter()
        .map(|meeting| {
            let server = states
                .iter()
                .find(|state| {
                    state.investor == meeting.investor && state.startup == meeting.startup
                })
                .map(|state| state.sides.clone())
                .unwrap_or_else(|| {
                    MeetingSides::agreeing_on(meeting.status.unwrap_or(MeetingStatus::Proposed))
                });
            let sides = overlay::meeting_sides(
                outbox,
                &server,
                (&meeting.investor, &meeting.startup),
                Side::Investor,
                None,
            );
            PlannedMeeting {
                status: Some(sides.status()),
                ..meeting.clone()
            }
        })
        .collect()
}

/// The investor's pairs with what this device shows for each.
fn shown_follow_ups(
    outbox: &Outbox,
    meetings: &[PlannedMeeting],
    server: &[FollowUp],
) -> Vec<FollowUp> {
    meetings
        .iter()
        .filter_map(|meeting| {
            let stored = server.iter().find(|entry| {
                entry.investor == meeting.investor && entry.startup == meeting.startup
            });
            overlay::follow_up(outbox, stored, (&meeting.investor, &meeting.startup))
        })
        .collect()
}

#[component]
pub(super) fn FollowUps(
    event: EventBasics,
    investor_id: String,
    meetings: Vec<PlannedMeeting>,
    states: Vec<MeetingState>,
    follow_ups: Vec<FollowUp>,
    startup_names: Vec<NameEntry>,
    sync: SyncService,
) -> impl IntoView {
    let text = use_text();
    let outbox = sync.outbox();
    let own: Vec<PlannedMeeting> = meetings
        .into_iter()
        .filter(|meeting| meeting.investor == investor_id)
        .collect();
    let own = StoredValue::new(own);
    let states = StoredValue::new(states);
    let server = StoredValue::new(follow_ups);
    let names = StoredValue::new(startup_names);
    let shown = Memo::new(move |_| {
        outbox.with(|outbox| {
            let meetings = own
                .with_value(|own| states.with_value(|states| shown_meetings(outbox, own, states)));
            let follow_ups =
                server.with_value(|server| shown_follow_ups(outbox, &meetings, server));
            (meetings, follow_ups)
        })
    });
    let parse_time = |text: &Option<String>| text.as_deref().and_then(parse_kst);
    let last = last_day(parse_time(&event.starts_at), parse_time(&event.ends_at));
    let due: Signal<Vec<CheckIn>> = Signal::derive(move || {
        shown.with(|(meetings, follow_ups)| {
            roadshow_core::follow_up::due_check_ins(
                last,
                meetings,
                follow_ups,
                crate::clock::today_kst(),
            )
        })
    });
    let held = Memo::new(move |_| {
        shown.with(|(meetings, _)| {
            meetings
                .iter()
                .filter(|meeting| meeting.status == Some(MeetingStatus::Held))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let settings = StoredValue::new(event.meetings.clone());
    let event_start = parse_time(&event.starts_at);
    view! {
        <CheckIns due show_startup=true names/>
        <section class="card follow-ups" aria-labelledby="follow-ups-title">
            <h2 id="follow-ups-title">{move || text(Key::Outcome(OutcomeKey::FollowUpsTitle))}</h2>
            <p class="hint">{move || text(Key::Outcome(OutcomeKey::FollowUpsIntro))}</p>
            {move || {
                let held = held.get();
                if held.is_empty() {
                    return view! { <p class="empty">{move || text(Key::Outcome(OutcomeKey::FollowUpsEmpty))}</p> }.into_any();
                }
                view! {
                    <ul class="follow-up-cards">
                        {held.into_iter().enumerate().map(|(index, meeting)| {
                            let meeting_day = settings.with_value(|settings| slot_day(settings, event_start, meeting.slot));
                            let pair = (meeting.investor.clone(), meeting.startup.clone());
                            let current = {
                                let pair = pair.clone();
                                Signal::derive(move || shown.with(|(_, follow_ups)| {
                                    follow_ups.iter().find(|entry| entry.investor == pair.0 && entry.startup == pair.1).cloned()
                                }))
                            };
                            view! { <PairCard index pair current meeting_day names sync outbox/> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn PairCard(
    index: usize,
    pair: (String, String),
    current: Signal<Option<FollowUp>>,
    meeting_day: Option<chrono::NaiveDate>,
    names: StoredValue<Vec<NameEntry>>,
    sync: SyncService,
    outbox: Signal<Outbox>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let startup_id = pair.1.clone();
    let name = move || {
        names.with_value(|names| crate::names::entry_name(names, &startup_id, language.get()))
    };
    let stage = move || {
        current.with(|entry| {
            entry
                .as_ref()
                .map_or(FollowUpStage::Met, |entry| entry.stage)
        })
    };
    let amount_text = RwSignal::new(String::new());
    let date_text = RwSignal::new(String::new());
    let reason_text = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let send = {
        let pair = pair.clone();
        move |stage: FollowUpStage| {
            let mut entry = FollowUp {
                investor: pair.0.clone(),
                startup: pair.1.clone(),
                stage,
                amount_krw: None,
                date: None,
                confirmed: None,
                reason: None,
            };
            let mut found = Vec::new();
            match stage {
                FollowUpStage::Invested => {
                    match parse_krw(&amount_text.get_untracked()) {
                        Ok(amount) => entry.amount_krw = amount,
                        Err(code) => found.push(Problem::new("amount_krw", code)),
                    }
                    let date = date_text.get_untracked();
                    if !date.trim().is_empty() {
                        match chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
                            Ok(date) => entry.date = Some(date),
                            Err(_) => found.push(Problem::new(
                                "date",
                                roadshow_core::problem::ProblemCode::InvalidFormat,
                            )),
                        }
                    }
                }
                FollowUpStage::Passed => {
                    let reason = reason_text.get_untracked();
                    entry.reason = (!reason.trim().is_empty()).then(|| reason.trim().to_owned());
                }
                _ => {}
            }
            if found.is_empty() {
                found = record_problems(&entry, meeting_day);
            }
            problems.set(found.clone());
            if !found.is_empty() {
                return;
            }
            let change = Change::Stage {
                investor: entry.investor,
                startup: entry.startup,
                stage,
                amount_krw: entry.amount_krw.map(serde_json::Number::from),
                date: entry.date,
                reason: entry.reason,
            };
            if let Err(error) = sync.record(change) {
                leptos::logging::warn!("stage not stored on this device: {error}");
            }
        }
    };
    let problem_at = move |field: &'static str| {
        move || {
            problems.with(|problems| {
                problems
                    .iter()
                    .find(|problem| problem.path == field)
                    .map(|problem| problem_message(problem.code, language.get()))
            })
        }
    };
    let delivery = {
        let cell = Cell::Stage {
            investor: pair.0.clone(),
            startup: pair.1.clone(),
        };
        move || {
            outbox.with(|outbox| {
                overlay::delivery(outbox, &cell).map(|delivery| match delivery {
                    roadshow_core::sync::Delivery::SavedOnDevice => {
                        text(Key::Outcome(OutcomeKey::SavedOnDevice)).to_owned()
                    }
                    roadshow_core::sync::Delivery::Synced => {
                        text(Key::Outcome(OutcomeKey::Synced)).to_owned()
                    }
                    roadshow_core::sync::Delivery::Rejected { reason } => format!(
                        "{}: {}",
                        text(Key::Outcome(OutcomeKey::Refused)),
                        reason
                            .fields
                            .values()
                            .flatten()
                            .next()
                            .map(|message| problem_message(message.code, language.get()).to_owned())
                            .unwrap_or_else(|| reason.message.clone())
                    ),
                })
            })
        }
    };
    let forward_steps = [
        FollowUpStage::FollowUp,
        FollowUpStage::DueDiligence,
        FollowUpStage::TermSheet,
    ];
    let amount_id = format!("amount-{index}");
    let date_id = format!("invested-on-{index}");
    let reason_id = format!("pass-reason-{index}");
    let invested_line = move || {
        current.with(|entry| {
            entry
                .as_ref()
                .filter(|entry| entry.stage == FollowUpStage::Invested)
                .map(|entry| {
                    let amount = entry
                        .amount_krw
                        .map(|amount| format_krw(amount, language.get()))
                        .unwrap_or_default();
                    let date = entry
                        .date
                        .map(|date| date.format("%Y-%m-%d").to_string())
                        .unwrap_or_default();
                    let word = match entry.confirmed {
                        Some(true) => OutcomeKey::Confirmed,
                        Some(false) => OutcomeKey::Disputed,
                        None => OutcomeKey::AwaitingConfirmation,
                    };
                    format!("{amount} · {date} · {}", text(Key::Outcome(word)))
                })
        })
    };
    let held = Signal::derive(|| MeetingStatus::Held);
    view! {
        <li class="follow-up-card" data-startup=pair.1.clone()>
            <h3>{name}</h3>
            <StatusBadge status=held/>
            <p class="current-stage">
                {move || text(Key::Outcome(OutcomeKey::CurrentStage))}": "
                <strong data-stage=move || stage().as_str()>{move || text(Key::Outcome(OutcomeKey::Stage(stage())))}</strong>
            </p>
            <p class="invested-line">{invested_line}</p>
            <div class="stage-steps" role="group" aria-label=move || text(Key::Outcome(OutcomeKey::MoveTo))>
                {forward_steps.into_iter().map(|step| {
                    let send = send.clone();
                    view! {
                        <button type="button" class="secondary stage-step" data-stage=step.as_str()
                            disabled=move || moves_back(stage(), step) || stage() == step
                            on:click=move |_| send(step)>
                            {move || text(Key::Outcome(OutcomeKey::Stage(step)))}
                        </button>
                    }
                }).collect_view()}
            </div>
            <fieldset class="invest-form" disabled=move || stage().is_final()>
                <legend>{move || text(Key::Outcome(OutcomeKey::Stage(FollowUpStage::Invested)))}</legend>
                <label class="field" for=amount_id.clone()>
                    <span>{move || text(Key::Outcome(OutcomeKey::Amount))}</span>
                    <input id=amount_id.clone() type="text" inputmode="text" autocomplete="off"
                        aria-describedby=format!("{amount_id}-hint")
                        prop:value=move || amount_text.get()
                        on:input=move |event| amount_text.set(event_target_value(&event))/>
                    <span class="hint" id=format!("{amount_id}-hint")>{move || text(Key::Outcome(OutcomeKey::AmountHint))}</span>
                    <span class="form-error" role="alert">{problem_at("amount_krw")}</span>
                </label>
                <label class="field" for=date_id.clone()>
                    <span>{move || text(Key::Outcome(OutcomeKey::InvestedOn))}</span>
                    <input id=date_id.clone() type="date"
                        prop:value=move || date_text.get()
                        on:input=move |event| date_text.set(event_target_value(&event))/>
                    <span class="form-error" role="alert">{problem_at("date")}</span>
                </label>
                <button type="button" class="primary record-investment"
                    on:click={let send = send.clone(); move |_| send(FollowUpStage::Invested)}>
                    {move || text(Key::Outcome(OutcomeKey::RecordInvestment))}
                </button>
            </fieldset>
            <fieldset class="pass-form" disabled=move || stage().is_final()>
                <legend>{move || text(Key::Outcome(OutcomeKey::Stage(FollowUpStage::Passed)))}</legend>
                <label class="field" for=reason_id.clone()>
                    <span>{move || text(Key::Outcome(OutcomeKey::PassReason))}</span>
                    <input id=reason_id.clone() type="text" maxlength=roadshow_core::follow_up::REASON_MAX_CHARS
                        prop:value=move || reason_text.get()
                        on:input=move |event| reason_text.set(event_target_value(&event))/>
                    <span class="form-error" role="alert">{problem_at("reason")}</span>
                </label>
                <button type="button" class="secondary record-pass"
                    on:click={let send = send.clone(); move |_| send(FollowUpStage::Passed)}>
                    {move || text(Key::Outcome(OutcomeKey::RecordPass))}
                </button>
            </fieldset>
            <p class="delivery" role="status">{delivery}</p>
        </li>
    }
}
