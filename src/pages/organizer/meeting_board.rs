//! The meeting board tab ("미팅 현황 / Meeting board", issue 14, definitions §7.1): the plan as
//! a slot × table grid, each meeting labelled and coloured by its status, live as phones answer
//! (the console's replica follows the change feed). Selecting a meeting shows what each side
//! said and lets the organizer answer or mark attendance on a side's behalf, or cancel and
//! restore it — each action a mutation in the organizer's outbox (`OrganizerData::outbox`),
//! stored on this device first, with its outcome (saved, or rejected with the reason) shown.
//! Below the grid, "fill the gaps" ([`super::gaps`]).

use super::attendees::AttendeePicker;
use super::matches::use_directory;
use super::schedule::slot_time;
use crate::i18n::{problem_message, Key, Lang, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use crate::state::sync::SyncTrouble;
use leptos::prelude::*;
use roadshow_core::export::SlotClock;
use roadshow_core::meeting_answers::{
    Answer, Attendance, DeclineReason, MeetingWord, Side, SideWord,
};
use roadshow_core::model::{MeetingStatus, PlannedMeeting};
use roadshow_core::sync::{Change, Delivery, Rejection};
use std::collections::HashMap;

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

pub(super) fn status_key(status: MeetingStatus) -> OrgKey {
    match status {
        MeetingStatus::Proposed => OrgKey::StatusProposed,
        MeetingStatus::Confirmed => OrgKey::StatusConfirmed,
        MeetingStatus::Declined => OrgKey::StatusDeclined,
        MeetingStatus::Held => OrgKey::StatusHeld,
        MeetingStatus::NoShow => OrgKey::StatusNoShow,
        MeetingStatus::Cancelled => OrgKey::StatusCancelled,
    }
}

/// A shape beside the word, so the status never rests on colour alone (nor on reading it).
pub(super) fn status_mark(status: MeetingStatus) -> &'static str {
    match status {
        MeetingStatus::Proposed => "○",
        MeetingStatus::Confirmed => "✓",
        MeetingStatus::Declined => "✕",
        MeetingStatus::Held => "●",
        MeetingStatus::NoShow => "!",
        MeetingStatus::Cancelled => "⊘",
    }
}

fn reason_key(reason: DeclineReason) -> OrgKey {
    match reason {
        DeclineReason::Schedule => OrgKey::ReasonSchedule,
        DeclineReason::NotRelevant => OrgKey::ReasonNotRelevant,
        DeclineReason::AlreadyInContact => OrgKey::ReasonAlreadyInContact,
        DeclineReason::Other => OrgKey::ReasonOther,
    }
}

fn reason_code(reason: DeclineReason) -> &'static str {
    match reason {
        DeclineReason::Schedule => "schedule",
        DeclineReason::NotRelevant => "not_relevant",
        DeclineReason::AlreadyInContact => "already_in_contact",
        DeclineReason::Other => "other",
    }
}

fn side_key(side: Side) -> OrgKey {
    match side {
        Side::Investor => OrgKey::ColInvestor,
        Side::Startup => OrgKey::ColStartup,
    }
}

fn side_slug(side: Side) -> &'static str {
    match side {
        Side::Investor => "investor",
        Side::Startup => "startup",
    }
}

fn status_of(meeting: &PlannedMeeting) -> MeetingStatus {
    meeting.status.unwrap_or(MeetingStatus::Proposed)
}

/// The pair a selection names.
type Pair = (String, String);

#[component]
pub fn MeetingBoardPanel() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let selected = RwSignal::new(None::<Pair>);
    // A memo, so an answer arriving does not rebuild the tab (and lose a repair preview).
    let has_plan = Memo::new(move |_| {
        data.meeting_board()
            .with(|board| !board.meetings.is_empty())
    });
    let published = move || {
        data.event_state()
            .with(|state| state.as_ref().is_some_and(|s| s.meetings_published))
    };
    view! {
        <section class="meeting-board" aria-labelledby="meeting-board-title">
            <h2 id="meeting-board-title">{move || text(org(OrgKey::MeetingBoardTitle))}</h2>
            <p class="hint">{move || text(org(OrgKey::MeetingBoardHint))}</p>
            {move || (has_plan.get() && !published()).then(|| view! {
                <p class="notice">{move || text(org(OrgKey::PlanNotPublished))}</p>
            })}
            <OutboxNotice/>
            {move || if has_plan.get() {
                view! {
                    <StatusSummary/>
                    <StatusGrid selected/>
                    {move || selected.get().map(|pair| view! { <MeetingDetail pair selected/> })}
                    <super::gaps::FillGaps/>
                }.into_any()
            } else {
                view! { <p class="empty">{move || text(org(OrgKey::NoPlanYet))}</p> }.into_any()
            }}
        </section>
    }
}

/// "제안됨 5 · 확정 3 · …": the legend of the grid's colours, with the counts.
#[component]
fn StatusSummary() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let counts = Memo::new(move |_| {
        data.meeting_board().with(|board| {
            MeetingStatus::ALL.map(|status| {
                (
                    status,
                    board
                        .meetings
                        .iter()
                        .filter(|m| status_of(m) == status)
                        .count(),
                )
            })
        })
    });
    view! {
        <section class="status-summary" aria-labelledby="status-summary-title">
            <h3 id="status-summary-title" class="visually-hidden">{move || text(org(OrgKey::StatusLegend))}</h3>
            <ul class="status-legend">
                {move || counts.get().into_iter().map(|(status, count)| view! {
                    <li class="meeting-status" data-status=status.as_str() data-count=count.to_string()>
                        <span class="status-mark" aria-hidden="true">{status_mark(status)}</span>
                        {move || text(org(status_key(status)))}" "<strong>{count}</strong>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn StatusGrid(selected: RwSignal<Option<Pair>>) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let directory = use_directory(data);
    let settings = Memo::new(move |_| {
        data.with_roster(|snapshot| snapshot.as_ref().map(|s| s.event.meetings.clone()))
    });
    // Meetings by place; each cell redraws only the meetings whose status changed, so a live
    // update keeps the organizer's place (and keyboard focus) in the grid.
    let by_place = Memo::new(move |_| {
        data.meeting_board().with(|board| {
            let mut places: HashMap<(i64, i64), Vec<PlannedMeeting>> = HashMap::new();
            for meeting in &board.meetings {
                places
                    .entry((meeting.slot, meeting.table))
                    .or_default()
                    .push(meeting.clone());
            }
            for here in places.values_mut() {
                // The meeting that holds the place first, then what it replaced.
                here.sort_by_key(|m| {
                    matches!(
                        status_of(m),
                        MeetingStatus::Declined | MeetingStatus::NoShow | MeetingStatus::Cancelled
                    )
                });
            }
            places
        })
    });
    move || {
        let Some(settings) = settings.get() else {
            return ().into_any();
        };
        let clock = SlotClock::from_settings(&settings).ok();
        let (slots, tables) = (settings.slots.max(0), settings.tables.max(0));
        let rows = (0..slots)
            .map(|slot| {
                let time = clock
                    .as_ref()
                    .and_then(|clock| u32::try_from(slot).ok().map(|s| slot_time(clock, s)));
                let cells = (0..tables)
                    .map(|table| {
                        let here = move || {
                            by_place.with(|places| places.get(&(slot, table)).cloned().unwrap_or_default())
                        };
                        view! {
                            <td class="meeting-cells" class:free=move || by_place.with(|places| !places.contains_key(&(slot, table)))>
                                <For
                                    each=here
                                    key=|m| (m.investor.clone(), m.startup.clone(), status_of(m).as_str())
                                    children=move |meeting| view! { <MeetingCell meeting directory selected/> }
                                />
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-slot=slot.to_string()>
                        <th scope="row" class="slot-time">
                            {move || text(org(OrgKey::SlotNumber))}" "{slot + 1}
                            {time.map(|time| view! { <span class="time">{time}</span> })}
                        </th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="status-grid-caption">
                <table class="board-table status-grid">
                    <caption id="status-grid-caption">{move || text(org(OrgKey::MeetingBoardGrid))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || text(org(OrgKey::ColSlot))}</th>
                            {(0..tables).map(|table| view! {
                                <th scope="col">{move || text(org(OrgKey::TableLabel))}" "{table + 1}</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

/// One meeting in the grid: a button (keyboard: Tab, Enter or Space) naming both sides and the
/// status in words, coloured by status.
#[component]
fn MeetingCell(
    meeting: PlannedMeeting,
    directory: Memo<roadshow_core::export::Directory>,
    selected: RwSignal<Option<Pair>>,
) -> impl IntoView {
    let text = use_text();
    let status = status_of(&meeting);
    let pair: Pair = (meeting.investor.clone(), meeting.startup.clone());
    let (investor, startup) = directory.with_untracked(|d| {
        (
            d.investor_name(&meeting.investor).to_owned(),
            d.startup_name(&meeting.startup).to_owned(),
        )
    });
    let is_selected = {
        let pair = pair.clone();
        move || selected.with(|s| s.as_ref() == Some(&pair))
    };
    view! {
        <button
            type="button"
            class="meeting-cell meeting-status"
            data-status=status.as_str()
            data-investor=meeting.investor.clone()
            data-startup=meeting.startup.clone()
            aria-pressed=move || is_selected().to_string()
            on:click=move |_| selected.set(Some(pair.clone()))
        >
            <span class="investor">{investor}</span>
            <span class="startup">{startup}</span>
            <span class="status-word"><span class="status-mark" aria-hidden="true">{status_mark(status)}</span>" "{move || text(org(status_key(status)))}</span>
        </button>
    }
}

/// What one side said, in words.
fn answer_words(word: &SideWord, lang: Lang) -> String {
    let t = |key| crate::i18n::text(org(key), lang);
    match &word.answer {
        None => t(OrgKey::NoAnswerYet).to_owned(),
        Some(Answer::Accept) => t(OrgKey::AnswerAccepted).to_owned(),
        Some(Answer::Decline { reason, text }) => {
            let mut words = format!("{} · {}", t(OrgKey::AnswerDeclined), t(reason_key(*reason)));
            if let Some(text) = text.as_deref().filter(|text| !text.is_empty()) {
                words.push_str(&format!(" — “{text}”"));
            }
            words
        }
    }
}

fn attendance_words(word: &SideWord, lang: Lang) -> &'static str {
    let t = |key| crate::i18n::text(org(key), lang);
    match word.attendance {
        None => t(OrgKey::NotMarked),
        Some(Attendance::Held) => t(OrgKey::StatusHeld),
        Some(Attendance::NoShow) => t(OrgKey::StatusNoShow),
    }
}

#[component]
fn MeetingDetail(pair: Pair, selected: RwSignal<Option<Pair>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let directory = use_directory(data);
    let (investor, startup) = pair.clone();
    let found = {
        let pair = pair.clone();
        Memo::new(move |_| {
            data.meeting_board().with(|board| {
                let meeting = board
                    .meetings
                    .iter()
                    .filter(|m| (&m.investor, &m.startup) == (&pair.0, &pair.1))
                    .max_by_key(|m| !matches!(status_of(m), MeetingStatus::Cancelled))
                    .cloned();
                let state = board
                    .states
                    .iter()
                    .find(|s| (&s.investor, &s.startup) == (&pair.0, &pair.1))
                    .cloned();
                (meeting, state)
            })
        })
    };
    let clock = Memo::new(move |_| {
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .and_then(|s| SlotClock::from_settings(&s.event.meetings).ok())
        })
    });
    let names = {
        let (investor, startup) = (investor.clone(), startup.clone());
        move || {
            directory.with(|d| {
                format!(
                    "{} · {}",
                    d.investor_name(&investor),
                    d.startup_name(&startup)
                )
            })
        }
    };
    let sides = move || {
        found.with(|(_, state)| state.as_ref().map(|s| s.sides.clone()).unwrap_or_default())
    };
    let side_row = move |side: Side| {
        view! {
            <tr data-side=side_slug(side)>
                <th scope="row">{move || text(org(side_key(side)))}</th>
                <td class="answer">{move || answer_words(sides().side(side), language.get())}</td>
                <td class="attendance">{move || attendance_words(sides().side(side), language.get())}</td>
            </tr>
        }
    };
    view! {
        <section id="meeting-detail" class="card meeting-detail" aria-labelledby="meeting-detail-title" tabindex="-1">
            <h3 id="meeting-detail-title">{move || text(org(OrgKey::SelectedMeeting))}": "{names.clone()}</h3>
            {move || found.get().0.map(|meeting| {
                let status = status_of(&meeting);
                let when = clock.get().and_then(|clock| u32::try_from(meeting.slot).ok().map(|s| slot_time(&clock, s)));
                view! {
                    <p class="meeting-facts">
                        <span class="meeting-status badge" data-status=status.as_str()>
                            <span class="status-mark" aria-hidden="true">{status_mark(status)}</span>" "{move || text(org(status_key(status)))}
                        </span>
                        " "{move || text(org(OrgKey::SlotNumber))}" "{meeting.slot + 1}
                        {when.map(|when| format!(" ({when})"))}
                        " · "{move || text(org(OrgKey::TableLabel))}" "{meeting.table + 1}
                    </p>
                }
            })}
            {move || found.with(|(_, state)| state.as_ref().map(|s| s.sequence)).map(|sequence| view! {
                <p class="sequence">{move || text(org(OrgKey::CalendarSequence))}": "<span data-sequence=sequence.to_string()>{sequence}</span></p>
            })}
            {move || sides().cancelled.then(|| view! { <p class="notice">{move || text(org(OrgKey::CancelledByOrganizer))}</p> })}
            <table class="board-table sides">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{move || text(org(OrgKey::SelectedMeeting))}</span></th>
                        <th scope="col">{move || text(org(OrgKey::SideAnswer))}</th>
                        <th scope="col">{move || text(org(OrgKey::SideAttendance))}</th>
                    </tr>
                </thead>
                <tbody>
                    {side_row(Side::Investor)}
                    {side_row(Side::Startup)}
                </tbody>
            </table>
            <AttendeePicker pair=pair.clone()/>
            <div class="on-behalf">
                <SideActions pair=pair.clone() side=Side::Investor/>
                <SideActions pair=pair.clone() side=Side::Startup/>
            </div>
            <OrganizerActions pair=pair.clone() cancelled=Signal::derive(move || sides().cancelled)/>
            <ActionResults pair=pair.clone()/>
            <button type="button" class="close" on:click=move |_| selected.set(None)>{move || text(org(OrgKey::CloseMeeting))}</button>
        </section>
    }
}

/// What went wrong with recording an action on this device.
#[derive(Debug, Clone, PartialEq)]
enum RecordTrouble {
    NoOutbox,
    NotStored(crate::storage::StorageError),
}

fn record(change: Change) -> Result<(), RecordTrouble> {
    let outbox = use_organizer_data()
        .outbox()
        .ok_or(RecordTrouble::NoOutbox)?;
    outbox.record(change).map_err(RecordTrouble::NotStored)
}

fn meeting_change(pair: &Pair, on_behalf_of: Option<Side>, word: MeetingWord) -> Change {
    Change::Meeting {
        investor: pair.0.clone(),
        startup: pair.1.clone(),
        on_behalf_of,
        word,
    }
}

/// One side's answer and attendance, said by the organizer on its behalf.
#[component]
fn SideActions(pair: Pair, side: Side) -> impl IntoView {
    let text = use_text();
    let slug = side_slug(side);
    let reason = RwSignal::new(DeclineReason::Schedule);
    let note = RwSignal::new(String::new());
    let trouble = RwSignal::new(None::<RecordTrouble>);
    let pair = StoredValue::new(pair);
    let send = move |word: MeetingWord| {
        trouble.set(record(meeting_change(&pair.get_value(), Some(side), word)).err());
    };
    let reason_id = format!("{slug}-decline-reason");
    let note_id = format!("{slug}-decline-text");
    let legend_id = format!("{slug}-on-behalf");
    view! {
        <fieldset class="side-actions" data-side=slug>
            <legend id=legend_id>{move || text(org(side_key(side)))}" — "{move || text(org(OrgKey::AnswerOnBehalf))}</legend>
            <div class="action-row">
                <button type="button" data-action="accept" on:click=move |_| send(MeetingWord::Answer { answer: Answer::Accept })>
                    {move || text(org(OrgKey::ActAccept))}
                </button>
            </div>
            <div class="action-row decline">
                <label for=reason_id.clone()>{move || text(org(OrgKey::DeclineReasonLabel))}</label>
                <select
                    id=reason_id
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        if let Some(found) = DeclineReason::ALL.into_iter().find(|r| reason_code(*r) == value) {
                            reason.set(found);
                        }
                    }
                >
                    {DeclineReason::ALL.into_iter().map(|r| view! {
                        <option value=reason_code(r) selected=move || reason.get() == r>{move || text(org(reason_key(r)))}</option>
                    }).collect_view()}
                </select>
                <label for=note_id.clone()>{move || text(org(OrgKey::DeclineTextLabel))}</label>
                <input
                    id=note_id
                    type="text"
                    maxlength=roadshow_core::meeting_answers::DECLINE_TEXT_MAX_CHARS.to_string()
                    prop:value=move || note.get()
                    on:input=move |event| note.set(event_target_value(&event))
                />
                <button
                    type="button"
                    data-action="decline"
                    on:click=move |_| {
                        let text = note.get_untracked().trim().to_owned();
                        send(MeetingWord::Answer {
                            answer: Answer::Decline {
                                reason: reason.get_untracked(),
                                text: (!text.is_empty()).then_some(text),
                            },
                        });
                    }
                >
                    {move || text(org(OrgKey::ActDecline))}
                </button>
            </div>
            <div class="action-row">
                <button type="button" data-action="held" on:click=move |_| send(MeetingWord::Attendance { attendance: Some(Attendance::Held) })>
                    {move || text(org(OrgKey::ActHeld))}
                </button>
                <button type="button" data-action="no_show" on:click=move |_| send(MeetingWord::Attendance { attendance: Some(Attendance::NoShow) })>
                    {move || text(org(OrgKey::ActNoShow))}
                </button>
                <button type="button" data-action="clear_mark" on:click=move |_| send(MeetingWord::Attendance { attendance: None })>
                    {move || text(org(OrgKey::ActClearMark))}
                </button>
            </div>
            {move || trouble.get().map(|_| view! { <p class="field-error" role="alert">{move || text(org(OrgKey::ActionNotStored))}</p> })}
        </fieldset>
    }
}

#[component]
fn OrganizerActions(pair: Pair, cancelled: Signal<bool>) -> impl IntoView {
    let text = use_text();
    let trouble = RwSignal::new(None::<RecordTrouble>);
    let pair = StoredValue::new(pair);
    view! {
        <fieldset class="organizer-actions" aria-labelledby="organizer-actions-legend">
            <legend id="organizer-actions-legend">{move || text(org(OrgKey::OrganizerActions))}</legend>
            <button
                type="button"
                data-action=move || if cancelled.get() { "restore" } else { "cancel" }
                on:click=move |_| {
                    let word = MeetingWord::Cancel { cancelled: !cancelled.get_untracked() };
                    trouble.set(record(meeting_change(&pair.get_value(), None, word)).err());
                }
            >
                {move || text(org(if cancelled.get() { OrgKey::ActRestoreMeeting } else { OrgKey::ActCancelMeeting }))}
            </button>
            {move || trouble.get().map(|_| view! { <p class="field-error" role="alert">{move || text(org(OrgKey::ActionNotStored))}</p> })}
        </fieldset>
    }
}

/// An action of the organizer's outbox in words: "투자자 · 수락".
fn action_words(change: &Change, lang: Lang) -> String {
    let t = |key| crate::i18n::text(org(key), lang);
    let Change::Meeting {
        on_behalf_of, word, ..
    } = change
    else {
        return String::new();
    };
    let what = match word {
        MeetingWord::Answer {
            answer: Answer::Accept,
        } => t(OrgKey::ActAccept).to_owned(),
        MeetingWord::Answer {
            answer: Answer::Decline { reason, .. },
        } => format!("{} ({})", t(OrgKey::ActDecline), t(reason_key(*reason))),
        MeetingWord::Attendance {
            attendance: Some(Attendance::Held),
        } => t(OrgKey::ActHeld).to_owned(),
        MeetingWord::Attendance {
            attendance: Some(Attendance::NoShow),
        } => t(OrgKey::ActNoShow).to_owned(),
        MeetingWord::Attendance { attendance: None } => t(OrgKey::ActClearMark).to_owned(),
        MeetingWord::Cancel { cancelled: true } => t(OrgKey::ActCancelMeeting).to_owned(),
        MeetingWord::Cancel { cancelled: false } => t(OrgKey::ActRestoreMeeting).to_owned(),
    };
    match on_behalf_of {
        Some(side) => format!("{} · {what}", t(side_key(*side))),
        None => what,
    }
}

/// Why the server refused an action, in the organizer's language where the code is known.
fn rejection_words(reason: &Rejection, lang: Lang) -> String {
    let fields: Vec<String> = reason
        .fields
        .values()
        .flatten()
        .map(|field| problem_message(field.code, lang).to_owned())
        .collect();
    if fields.is_empty() {
        reason.message.clone()
    } else {
        fields.join(" ")
    }
}

/// Every action on this pair still in the organizer's outbox, newest first, with its outcome.
#[component]
fn ActionResults(pair: Pair) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let entries = Memo::new(move |_| {
        let Some(outbox) = data.outbox() else {
            return Vec::new();
        };
        outbox.outbox().with(|outbox| {
            outbox
                .entries
                .iter()
                .rev()
                .filter(|entry| {
                    matches!(&entry.mutation.change, Change::Meeting { investor, startup, .. }
                        if (investor, startup) == (&pair.0, &pair.1))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="action-results" aria-labelledby="action-results-title">
            <h4 id="action-results-title">{move || text(org(OrgKey::ActionResults))}</h4>
            <div role="status" aria-live="polite">
            <ul>
                {move || {
                    let entries = entries.get();
                    if entries.is_empty() {
                        return view! { <li class="empty">{move || text(org(OrgKey::NoActionsYet))}</li> }.into_any();
                    }
                    entries.into_iter().map(|entry| {
                        let lang = language.get();
                        let what = action_words(&entry.mutation.change, lang);
                        let (state, outcome) = match &entry.delivery {
                            Delivery::SavedOnDevice => ("saved_on_device", text(org(OrgKey::DeliverySaved)).to_owned()),
                            Delivery::Synced => ("synced", text(org(OrgKey::DeliverySynced)).to_owned()),
                            Delivery::Rejected { reason } => ("rejected", format!("{}: {}", text(org(OrgKey::DeliveryRejected)), rejection_words(reason, lang))),
                        };
                        view! {
                            <li data-delivery=state data-seq=entry.mutation.seq.to_string()>
                                <span class="action">{what}</span>" — "<span class="outcome">{outcome}</span>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            </div>
        </section>
    }
}

/// Why the organizer's actions are not reaching the server, when they are not.
#[component]
fn OutboxNotice() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    move || {
        let trouble = data.outbox().and_then(|outbox| outbox.trouble().get())?;
        let key = match trouble {
            SyncTrouble::Offline => OrgKey::OutboxOffline,
            SyncTrouble::LinkRefused => OrgKey::OutboxLinkRefused,
            SyncTrouble::Server => OrgKey::OutboxServer,
            SyncTrouble::Storage(_) => OrgKey::ActionNotStored,
        };
        Some(
            view! { <p class="card notice outbox-trouble" role="status">{move || text(org(key))}</p> },
        )
    }
}
