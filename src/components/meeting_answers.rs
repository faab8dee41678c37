//! A phone's answers to its published meetings (definitions §7.1): accept or decline (with a
//! reason chip), and on the day whether the meeting happened. Every tap is a mutation in the
//! link's outbox — stored on the device before the screen shows it — and each meeting says
//! where its last word stands (saved on this device, sent, refused with the reason).

use crate::i18n::{problem_message, slot_parts, Key, OutcomeKey};
use crate::names::NameEntry;
use crate::state::language::{use_language, use_text};
use crate::state::sync::SyncService;
use leptos::prelude::*;
use roadshow_core::meeting_answers::{
    Answer, Attendance, DeclineReason, MeetingSides, MeetingWord, Side, DECLINE_TEXT_MAX_CHARS,
};
use roadshow_core::model::{MeetingSettings, MeetingStatus, PlannedMeeting};
use roadshow_core::overlay;
use roadshow_core::sync::{Cell, Change, Delivery, Outbox};
use roadshow_core::wire::MeetingState;

/// Records a word; a device that cannot store it says so in the sync badge (the service keeps
/// the trouble), so nothing is shown as saved that was not.
fn record(sync: SyncService, change: Change) {
    if let Err(error) = sync.record(change) {
        leptos::logging::warn!("answer not stored on this device: {error}");
    }
}

/// Where the device's latest word of a kind stands, in the person's language.
fn delivery_text(delivery: &Delivery, lang: crate::i18n::Lang) -> String {
    let text = |key| crate::i18n::text(Key::Outcome(key), lang);
    match delivery {
        Delivery::SavedOnDevice => text(OutcomeKey::SavedOnDevice).to_owned(),
        Delivery::Synced => text(OutcomeKey::Synced).to_owned(),
        Delivery::Rejected { reason } => {
            let detail = reason
                .fields
                .values()
                .flatten()
                .next()
                .map(|message| problem_message(message.code, lang).to_owned())
                .unwrap_or_else(|| reason.message.clone());
            format!("{}: {detail}", text(OutcomeKey::Refused))
        }
    }
}

/// The status badge of a meeting: its word, and its name for the stylesheet's colour.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<MeetingStatus>) -> impl IntoView {
    let text = use_text();
    view! {
        <span class="badge meeting-status" data-status=move || status.get().as_str()>
            {move || text(Key::Outcome(OutcomeKey::Status(status.get())))}
        </span>
    }
}

#[component]
pub fn MeetingAnswers(
    settings: MeetingSettings,
    meetings: Vec<PlannedMeeting>,
    states: Vec<MeetingState>,
    side: Side,
    sync: SyncService,
    /// The other side's names by id (Korean, English).
    counterparts: Vec<NameEntry>,
) -> impl IntoView {
    let text = use_text();
    let outbox = sync.outbox();
    let settings = StoredValue::new(settings);
    let counterparts = StoredValue::new(counterparts);
    let mut meetings = meetings;
    meetings.sort_by_key(|meeting| (meeting.slot, meeting.table));
    let cards = meetings
        .into_iter()
        .enumerate()
        .map(|(index, meeting)| {
            let server = states
                .iter()
                .find(|state| {
                    state.investor == meeting.investor && state.startup == meeting.startup
                })
                .map(|state| state.sides.clone())
                .unwrap_or_else(|| {
                    MeetingSides::agreeing_on(meeting.status.unwrap_or(MeetingStatus::Proposed))
                });
            view! {
                <MeetingCard index meeting server side sync outbox settings counterparts/>
            }
        })
        .collect_view();
    view! {
        <section class="card meeting-answers" aria-labelledby="meeting-answers-title">
            <h2 id="meeting-answers-title">{move || text(Key::Outcome(OutcomeKey::AnswersTitle))}</h2>
            <p class="hint">{move || text(Key::Outcome(OutcomeKey::AnswersIntro))}</p>
            <ul class="meeting-cards">{cards}</ul>
        </section>
    }
}

#[component]
fn MeetingCard(
    index: usize,
    meeting: PlannedMeeting,
    server: MeetingSides,
    side: Side,
    sync: SyncService,
    outbox: Signal<Outbox>,
    settings: StoredValue<MeetingSettings>,
    counterparts: StoredValue<Vec<NameEntry>>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let pair = (meeting.investor.clone(), meeting.startup.clone());
    let shown = {
        let pair = pair.clone();
        Memo::new(move |_| {
            outbox.with(|outbox| {
                overlay::meeting_sides(outbox, &server, (&pair.0, &pair.1), side, None)
            })
        })
    };
    let status = Signal::derive(move || shown.get().status());
    let own_answer = move || shown.with(|sides| sides.side(side).answer.clone());
    let own_attendance = move || shown.with(|sides| sides.side(side).attendance);
    let counterpart_id = match side {
        Side::Investor => meeting.startup.clone(),
        Side::Startup => meeting.investor.clone(),
    };
    let counterpart = move || {
        counterparts
            .with_value(|names| crate::names::entry_name(names, &counterpart_id, language.get()))
    };
    let slot = meeting.slot;
    let when = move || {
        let (label, when) =
            settings.with_value(|settings| slot_parts(settings, slot, language.get()));
        match when {
            Some((date, times)) => format!("{label} · {date} {times}"),
            None => label,
        }
    };
    let table = meeting.table + 1;
    let word = {
        let pair = pair.clone();
        move |word: MeetingWord| Change::Meeting {
            investor: pair.0.clone(),
            startup: pair.1.clone(),
            on_behalf_of: None,
            word,
        }
    };
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(DeclineReason::Schedule);
    let reason_text = RwSignal::new(String::new());
    let answer_word = word.clone();
    let accept = move |_| {
        declining.set(false);
        record(
            sync,
            answer_word(MeetingWord::Answer {
                answer: Answer::Accept,
            }),
        );
    };
    let decline_word = word.clone();
    let send_decline = move |_| {
        let text = reason_text.get_untracked();
        let text = text.trim();
        record(
            sync,
            decline_word(MeetingWord::Answer {
                answer: Answer::Decline {
                    reason: reason.get_untracked(),
                    text: (!text.is_empty()).then(|| text.to_owned()),
                },
            }),
        );
        declining.set(false);
    };
    let mark_word = word.clone();
    let mark = move |attendance: Attendance| {
        record(
            sync,
            mark_word(MeetingWord::Attendance {
                attendance: Some(attendance),
            }),
        )
    };
    let delivery = move |cell: Cell| {
        outbox.with(|outbox| {
            overlay::delivery(outbox, &cell).map(|delivery| delivery_text(delivery, language.get()))
        })
    };
    let answer_cell = Cell::MeetingAnswer {
        investor: pair.0.clone(),
        startup: pair.1.clone(),
        side: None,
    };
    let attendance_cell = Cell::MeetingAttendance {
        investor: pair.0.clone(),
        startup: pair.1.clone(),
        side: None,
    };
    let answer_state = move || delivery(answer_cell.clone());
    let attendance_state = move || delivery(attendance_cell.clone());
    let name = format!("meeting-{index}");
    let is_cancelled = move || status.get() == MeetingStatus::Cancelled;
    let decline_checked =
        move || declining.get() || matches!(own_answer(), Some(Answer::Decline { .. }));
    view! {
        <li class="meeting-card" data-investor=pair.0.clone() data-startup=pair.1.clone()>
            <h3 class="meeting-with">{counterpart}</h3>
            <p class="meeting-when">{when}" · "{move || text(Key::TableLabel)}" "{table}</p>
            <StatusBadge status/>
            <p class="hint" hidden=move || !is_cancelled()>{move || text(Key::Outcome(OutcomeKey::CancelledNote))}</p>
            <div class="meeting-controls" hidden=is_cancelled>
                <fieldset class="want meeting-answer">
                    <legend>{move || text(Key::Outcome(OutcomeKey::YouSaid))}</legend>
                    <label class="choice">
                        <input type="radio" name=format!("{name}-answer") value="accept"
                            prop:checked=move || !declining.get() && own_answer() == Some(Answer::Accept)
                            on:change=accept/>
                        <span>{move || text(Key::Outcome(OutcomeKey::Accept))}</span>
                    </label>
                    <label class="choice">
                        <input type="radio" name=format!("{name}-answer") value="decline"
                            prop:checked=decline_checked
                            on:change=move |_| declining.set(true)/>
                        <span>{move || text(Key::Outcome(OutcomeKey::Decline))}</span>
                    </label>
                </fieldset>
                    <fieldset class="decline-reasons" hidden=move || !declining.get()>
                        <legend>{move || text(Key::Outcome(OutcomeKey::DeclineWhy))}</legend>
                        {DeclineReason::ALL.into_iter().map(|choice| view! {
                            <label class="chip">
                                <input type="radio" name=format!("{name}-reason")
                                    prop:checked=move || reason.get() == choice
                                    on:change=move |_| reason.set(choice)/>
                                <span>{move || text(Key::Outcome(OutcomeKey::Reason(choice)))}</span>
                            </label>
                        }).collect_view()}
                        <label class="field">
                            <span>{move || text(Key::Outcome(OutcomeKey::DeclineText))}</span>
                            <input type="text" maxlength=DECLINE_TEXT_MAX_CHARS
                                prop:value=move || reason_text.get()
                                on:input=move |event| reason_text.set(event_target_value(&event))/>
                        </label>
                        <button type="button" class="primary send-decline" on:click=send_decline>
                            {move || text(Key::Outcome(OutcomeKey::SendDecline))}
                        </button>
                    </fieldset>
                <p class="delivery" role="status">{answer_state}</p>
                <fieldset class="want meeting-attendance">
                    <legend>{move || text(Key::Outcome(OutcomeKey::AttendanceQuestion))}</legend>
                    <label class="choice">
                        <input type="radio" name=format!("{name}-attendance") value="held"
                            prop:checked=move || own_attendance() == Some(Attendance::Held)
                            on:change={let mark = mark.clone(); move |_| mark(Attendance::Held)}/>
                        <span>{move || text(Key::Outcome(OutcomeKey::Held))}</span>
                    </label>
                    <label class="choice">
                        <input type="radio" name=format!("{name}-attendance") value="no_show"
                            prop:checked=move || own_attendance() == Some(Attendance::NoShow)
                            on:change={let mark = mark.clone(); move |_| mark(Attendance::NoShow)}/>
                        <span>{move || text(Key::Outcome(OutcomeKey::NoShow))}</span>
                    </label>
                </fieldset>
                <p class="delivery" role="status">{attendance_state}</p>
            </div>
        </li>
    }
}
