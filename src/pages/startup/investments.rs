//! The startup's follow-ups (definitions §7.4): where each investor it met stands with it, the
//! check-ins due now, and its word on every investment recorded for it — confirmed or disputed,
//! sent through the outbox. It receives its own pairs only; nobody else's amounts reach it.

use crate::components::check_ins::CheckIns;
use crate::i18n::{format_krw, Key, OutcomeKey};
use crate::names::NameEntry;
use crate::state::language::{use_language, use_text};
use crate::state::sync::SyncService;
use leptos::prelude::*;
use roadshow_core::event_draft::parse_kst;
use roadshow_core::follow_up::{due_check_ins, last_day};
use roadshow_core::meeting_answers::{MeetingSides, Side};
use roadshow_core::model::{FollowUp, FollowUpStage, MeetingStatus, PlannedMeeting};
use roadshow_core::overlay;
use roadshow_core::sync::{Cell, Change, Delivery};
use roadshow_core::wire::{EventBasics, MeetingState};

#[component]
pub(super) fn Investments(
    event: EventBasics,
    meetings: Vec<PlannedMeeting>,
    states: Vec<MeetingState>,
    follow_ups: Vec<FollowUp>,
    investor_names: Vec<NameEntry>,
    sync: SyncService,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let outbox = sync.outbox();
    let meetings = StoredValue::new(meetings);
    let states = StoredValue::new(states);
    let server = StoredValue::new(follow_ups);
    let names = StoredValue::new(investor_names);
    let parse_time = |text: &Option<String>| text.as_deref().and_then(parse_kst);
    let last = last_day(parse_time(&event.starts_at), parse_time(&event.ends_at));
    // What this device shows: the server's records with its own unsent marks and confirmations.
    let shown = Memo::new(move |_| {
        outbox.with(|outbox| {
            let meetings: Vec<PlannedMeeting> = meetings.with_value(|meetings| {
                states.with_value(|states| {
                    meetings
                        .iter()
                        .map(|meeting| {
                            let server = states
                                .iter()
                                .find(|state| {
                                    state.investor == meeting.investor
                                        && state.startup == meeting.startup
                                })
                                .map(|state| state.sides.clone())
                                .unwrap_or_else(|| {
                                    MeetingSides::agreeing_on(
                                        meeting.status.unwrap_or(MeetingStatus::Proposed),
                                    )
                                });
                            let sides = overlay::meeting_sides(
                                outbox,
                                &server,
                                (&meeting.investor, &meeting.startup),
                                Side::Startup,
                                None,
                            );
                            PlannedMeeting {
                                status: Some(sides.status()),
                                ..meeting.clone()
                            }
                        })
                        .collect()
                })
            });
            let follow_ups: Vec<FollowUp> = server.with_value(|server| {
                server
                    .iter()
                    .filter_map(|entry| {
                        overlay::follow_up(outbox, Some(entry), (&entry.investor, &entry.startup))
                    })
                    .collect()
            });
            (meetings, follow_ups)
        })
    });
    let due = Signal::derive(move || {
        shown.with(|(meetings, follow_ups)| {
            due_check_ins(last, meetings, follow_ups, crate::clock::today_kst())
        })
    });
    let name_of = move |id: &str| {
        names.with_value(|names| crate::names::entry_name(names, id, language.get()))
    };
    let rows = move || {
        let follow_ups = shown.with(|(_, follow_ups)| follow_ups.clone());
        if follow_ups.is_empty() {
            return view! { <p class="empty">{move || text(Key::Outcome(OutcomeKey::InvestmentsEmpty))}</p> }.into_any();
        }
        view! {
            <ul class="investment-cards">
                {follow_ups.into_iter().map(|entry| {
                    let investor = entry.investor.clone();
                    let startup = entry.startup.clone();
                    let invested = entry.stage == FollowUpStage::Invested;
                    let amount = entry.amount_krw.map(|amount| format_krw(amount, language.get())).unwrap_or_default();
                    let date = entry.date.map(|date| date.format("%Y-%m-%d").to_string()).unwrap_or_default();
                    let answer = move |confirmed: bool| {
                        let change = Change::Investment {
                            investor: investor.clone(),
                            startup: startup.clone(),
                            confirmed,
                        };
                        if let Err(error) = sync.record(change) {
                            leptos::logging::warn!("confirmation not stored on this device: {error}");
                        }
                    };
                    let word = match entry.confirmed {
                        Some(true) => OutcomeKey::Confirmed,
                        Some(false) => OutcomeKey::Disputed,
                        None => OutcomeKey::AwaitingConfirmation,
                    };
                    let cell = Cell::Investment { investor: entry.investor.clone(), startup: entry.startup.clone() };
                    let delivery = move || outbox.with(|outbox| overlay::delivery(outbox, &cell).map(|delivery| match delivery {
                        Delivery::SavedOnDevice => text(Key::Outcome(OutcomeKey::SavedOnDevice)).to_owned(),
                        Delivery::Synced => text(Key::Outcome(OutcomeKey::Synced)).to_owned(),
                        Delivery::Rejected { reason } => format!("{}: {}", text(Key::Outcome(OutcomeKey::Refused)), reason.message),
                    }));
                    view! {
                        <li class="investment-card" data-investor=entry.investor.clone() data-stage=entry.stage.as_str()>
                            <h3>{name_of(&entry.investor)}</h3>
                            <p><strong>{move || text(Key::Outcome(OutcomeKey::Stage(entry.stage)))}</strong></p>
                            {invested.then(|| {
                                let confirm = answer.clone();
                                let dispute = answer.clone();
                                view! {
                                    <p class="invested-line">{amount.clone()}" · "{date.clone()}" · "
                                        <span class="confirmation">{move || text(Key::Outcome(word))}</span>
                                    </p>
                                    <div class="stage-steps" role="group" aria-label=move || text(Key::Outcome(OutcomeKey::InvestmentsTitle))>
                                        <button type="button" class="primary confirm-investment" on:click=move |_| confirm(true)>
                                            {move || text(Key::Outcome(OutcomeKey::ConfirmInvestment))}
                                        </button>
                                        <button type="button" class="secondary dispute-investment" on:click=move |_| dispute(false)>
                                            {move || text(Key::Outcome(OutcomeKey::DisputeInvestment))}
                                        </button>
                                    </div>
                                    <p class="delivery" role="status">{delivery}</p>
                                }
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <CheckIns due show_startup=false names/>
        <section class="card investments" aria-labelledby="investments-title">
            <h2 id="investments-title">{move || text(Key::Outcome(OutcomeKey::InvestmentsTitle))}</h2>
            {rows}
        </section>
    }
}
