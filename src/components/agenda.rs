//! A person's published meetings: a table by time, and the same as an iCalendar file (KST)
//! written by core's exporter, for investors and startups alike.

use crate::components::meeting_answers::{MeetingAnswers, StatusBadge};
use crate::download;
use crate::i18n::{slot_parts, Key, OutcomeKey};
use crate::state::language::{use_language, use_text};
use crate::state::sync::SyncService;
use leptos::prelude::*;
use roadshow_core::export::{
    agenda_ics_with_revisions, AgendaOwner, CalendarHeader, CalendarRevision, Directory,
    ExportError, SlotClock,
};
use roadshow_core::matching::Meeting;
use roadshow_core::meeting_answers::{MeetingSides, Side};
use roadshow_core::model::{MeetingStatus, PlannedMeeting};
use roadshow_core::overlay;
use roadshow_core::wire::{EventBasics, MeetingState};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaSide {
    Investor,
    Startup,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum CalendarError {
    #[error(transparent)]
    Times(#[from] ExportError),
    #[error(transparent)]
    Download(#[from] download::DownloadError),
}

impl CalendarError {
    /// Why there is no file, in words the person can act on.
    fn explanation(&self) -> Key {
        match self {
            CalendarError::Times(ExportError::MeetingTimesMissing) => Key::CalendarNeedsTimes,
            CalendarError::Times(ExportError::SlotLengthNotPositive { .. }) => {
                Key::CalendarBadLength
            }
            CalendarError::Times(_) => Key::CalendarUnreadable,
            CalendarError::Download(_) => Key::CalendarBrowserRefused,
        }
    }
}

pub use crate::names::NameEntry;

/// The names for the language: the English one where given.
fn directory_for(
    investors: &[NameEntry],
    startups: &[NameEntry],
    lang: crate::i18n::Lang,
) -> Directory {
    let pick = |entries: &[NameEntry]| {
        entries
            .iter()
            .map(|(id, ko, en)| (id.clone(), crate::names::pick(ko, en.as_deref(), lang)))
            .collect::<Vec<_>>()
    };
    Directory::new(pick(investors), pick(startups))
}

impl AgendaSide {
    fn side(self) -> Side {
        match self {
            AgendaSide::Investor => Side::Investor,
            AgendaSide::Startup => Side::Startup,
        }
    }
}

/// `investor_names` and `startup_names` map ids to display names (Korean, English). `states`
/// are what each side said about each meeting; answers go through `sync`, the link's outbox.
#[component]
pub fn Agenda(
    event: EventBasics,
    meetings: Vec<PlannedMeeting>,
    states: Vec<MeetingState>,
    side: AgendaSide,
    owner_id: String,
    investor_names: Vec<NameEntry>,
    startup_names: Vec<NameEntry>,
    sync: SyncService,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let mut own: Vec<PlannedMeeting> = meetings
        .into_iter()
        .filter(|meeting| match side {
            AgendaSide::Investor => meeting.attended_by(&owner_id),
            AgendaSide::Startup => meeting.startup == owner_id,
        })
        .collect();
    own.sort_by_key(|meeting| (meeting.slot, meeting.table));
    let server_sides = |meeting: &PlannedMeeting| {
        states
            .iter()
            .find(|state| state.investor == meeting.investor && state.startup == meeting.startup)
            .map(|state| (state.sides.clone(), state.sequence))
            .unwrap_or_else(|| {
                let status = meeting.status.unwrap_or(MeetingStatus::Proposed);
                (MeetingSides::agreeing_on(status), 0)
            })
    };
    let sides: StoredValue<Vec<(MeetingSides, i64)>> =
        StoredValue::new(own.iter().map(server_sides).collect());
    let outbox = sync.outbox();
    let answers = {
        let counterparts = match side {
            AgendaSide::Investor => startup_names.clone(),
            AgendaSide::Startup => investor_names.clone(),
        };
        (!own.is_empty()).then(|| {
            view! {
                <MeetingAnswers settings=event.meetings.clone() meetings=own.clone() states=states.clone()
                    side=side.side() sync counterparts/>
            }
        })
    };
    let directory =
        Memo::new(move |_| directory_for(&investor_names, &startup_names, language.get()));
    let settings = StoredValue::new(event.meetings.clone());
    // Without slot times there is no calendar to make: say so next to the button, before a tap.
    let failure = RwSignal::new(
        SlotClock::from_settings(&event.meetings)
            .err()
            .map(CalendarError::from),
    );
    let no_times = failure.with_untracked(Option::is_some);
    let has_meetings = !own.is_empty();
    let own = StoredValue::new(own);
    let download_calendar = move |_| {
        let result = (|| -> Result<(), CalendarError> {
            let clock = SlotClock::from_settings(&settings.get_value())?;
            let lang = language.get_untracked();
            let event_name = crate::names::pick(&event.name, event.name_en.as_deref(), lang);
            let venue = event
                .venue
                .as_deref()
                .map(|venue| crate::names::pick(venue, event.venue_en.as_deref(), lang));
            let header = CalendarHeader {
                event_id: &event.id,
                event_name: &event_name,
                venue: venue.as_deref(),
                clock,
                stamp: crate::clock::now_utc(),
            };
            let meetings: Vec<Meeting> = own.with_value(|own| {
                own.iter()
                    .map(|meeting| Meeting {
                        investor: meeting.investor.clone(),
                        startup: meeting.startup.clone(),
                        slot: u32::try_from(meeting.slot).unwrap_or_default(),
                        table: u32::try_from(meeting.table).unwrap_or_default(),
                        attendees: meeting.attendees.clone(),
                    })
                    .collect()
            });
            let owner = match side {
                AgendaSide::Investor => AgendaOwner::Investor(&owner_id),
                AgendaSide::Startup => AgendaOwner::Startup(&owner_id),
            };
            // Each meeting with its calendar revision and its status as the server has it.
            let revisions: Vec<CalendarRevision> = sides.with_value(|sides| {
                sides
                    .iter()
                    .map(|(sides, sequence)| CalendarRevision {
                        status: Some(sides.status()),
                        sequence: *sequence,
                    })
                    .collect()
            });
            let calendar = directory.with_untracked(|directory| {
                agenda_ics_with_revisions(&header, &meetings, owner, directory, |meeting| {
                    meetings
                        .iter()
                        .position(|other| other == meeting)
                        .and_then(|index| revisions.get(index).copied())
                        .unwrap_or_default()
                })
            });
            download::save_text_file(
                &format!("roadshow-{}-{}.ics", event.id, owner_id),
                "text/calendar",
                &calendar,
            )?;
            Ok(())
        })();
        failure.set(result.err());
    };
    let rows = move || {
        let lang = language.get();
        own.with_value(|own| {
            own.iter()
                .enumerate()
                .map(|(index, meeting)| {
                    let counterpart = directory.with(|directory| match side {
                        AgendaSide::Investor => directory.startup_name(&meeting.startup).to_owned(),
                        AgendaSide::Startup => directory.investor_name(&meeting.investor).to_owned(),
                    });
                    // The date and the times never break inside (2026-/12-/10) in a narrow column.
                    let (label, when) = settings.with_value(|settings| slot_parts(settings, meeting.slot, lang));
                    let pair = (meeting.investor.clone(), meeting.startup.clone());
                    let status = Signal::derive(move || {
                        let server = sides.with_value(|sides| sides[index].0.clone());
                        outbox.with(|outbox| {
                            overlay::meeting_sides(outbox, &server, (&pair.0, &pair.1), side.side(), None)
                        })
                        .status()
                    });
                    view! {
                        <tr>
                            <td>
                                {label}
                                {when.map(|(date, times)| view! { " · "<span class="nowrap">{date}</span>" "<span class="nowrap">{times}</span> })}
                            </td>
                            <td>{counterpart}</td>
                            <td>{meeting.table + 1}</td>
                            <td><StatusBadge status/></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card agenda" aria-labelledby="agenda-title">
            <h2 id="agenda-title">{move || text(Key::AgendaTitle)}</h2>
            {if has_meetings {
                view! {
                    <table class="agenda-table">
                        <thead><tr>
                            <th scope="col">{move || text(Key::TimeKst)}</th>
                            <th scope="col">{move || text(Key::MeetingWith)}</th>
                            <th scope="col">{move || text(Key::TableLabel)}</th>
                            <th scope="col">{move || text(Key::Outcome(OutcomeKey::StatusColumn))}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <button type="button" class="secondary download-ics" on:click=download_calendar disabled=no_times
                        aria-describedby="ics-problem">{move || text(Key::DownloadIcs)}</button>
                    <p class="form-error ics-problem" id="ics-problem" role="alert">
                        {move || failure.get().map(|error| text(error.explanation()))}
                    </p>
                }.into_any()
            } else {
                view! { <p class="empty">{move || text(Key::AgendaNotPublished)}</p> }.into_any()
            }}
        </section>
        {answers}
    }
}
