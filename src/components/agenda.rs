//! A person's published meetings: a table by time, and the same as an iCalendar file (KST)
//! written by core's exporter, for investors and startups alike.

use crate::api::{EventView, MeetingRow};
use crate::download;
use crate::i18n::{slot_time, Key};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::export::{agenda_ics, AgendaOwner, CalendarHeader, Directory, SlotClock};
use roadshow_core::matching::Meeting;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaSide {
    Investor,
    Startup,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum CalendarError {
    #[error(transparent)]
    Times(#[from] roadshow_core::export::ExportError),
    #[error(transparent)]
    Download(#[from] download::DownloadError),
}

/// `names` maps ids to display names for both investors and startups.
#[component]
pub fn Agenda(
    event: EventView,
    meetings: Vec<MeetingRow>,
    side: AgendaSide,
    owner_id: String,
    investor_names: Vec<(String, String)>,
    startup_names: Vec<(String, String)>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let mut own: Vec<MeetingRow> = meetings
        .into_iter()
        .filter(|meeting| match side {
            AgendaSide::Investor => meeting.investor == owner_id,
            AgendaSide::Startup => meeting.startup == owner_id,
        })
        .collect();
    own.sort_by_key(|meeting| (meeting.slot, meeting.table));
    let directory = StoredValue::new(Directory::new(investor_names, startup_names));
    let settings = StoredValue::new(event.meetings.clone());
    let failure = RwSignal::new(None::<CalendarError>);
    let has_meetings = !own.is_empty();
    let own = StoredValue::new(own);
    let download_calendar = move |_| {
        let result = (|| -> Result<(), CalendarError> {
            let clock = SlotClock::from_settings(&settings.get_value())?;
            let header = CalendarHeader {
                event_id: &event.id,
                event_name: &event.name,
                venue: event.venue.as_deref(),
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
                    })
                    .collect()
            });
            let owner = match side {
                AgendaSide::Investor => AgendaOwner::Investor(&owner_id),
                AgendaSide::Startup => AgendaOwner::Startup(&owner_id),
            };
            let calendar = directory.with_value(|directory| agenda_ics(&header, &meetings, owner, directory));
            download::save_text_file(&format!("roadshow-{}-{}.ics", event.id, owner_id), "text/calendar", &calendar)?;
            Ok(())
        })();
        failure.set(result.err());
    };
    let rows = move || {
        let lang = language.get();
        own.with_value(|own| {
            own.iter()
                .map(|meeting| {
                    let counterpart = directory.with_value(|directory| match side {
                        AgendaSide::Investor => directory.startup_name(&meeting.startup).to_owned(),
                        AgendaSide::Startup => directory.investor_name(&meeting.investor).to_owned(),
                    });
                    let time = settings.with_value(|settings| slot_time(settings, meeting.slot, lang));
                    view! {
                        <tr><td>{time}</td><td>{counterpart}</td><td>{meeting.table + 1}</td></tr>
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
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <button type="button" class="secondary download-ics" on:click=download_calendar>{move || text(Key::DownloadIcs)}</button>
                    <p class="form-error" role="alert">{move || failure.get().map(|_| text(Key::DownloadFailed))}</p>
                }.into_any()
            } else {
                view! { <p class="empty">{move || text(Key::AgendaNotPublished)}</p> }.into_any()
            }}
        </section>
    }
}
