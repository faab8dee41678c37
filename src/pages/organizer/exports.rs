//! The exports tab: CSV files (from the match worker, which holds the solvers), the whole event
//! as JSON (byte for byte what the server exports, so re-importing reproduces the ranking and
//! schedule), an .ics calendar per investor and per startup from the published meetings, and a
//! print view (A4) of the ranking and the schedule.

use super::matches::{score_text, use_directory};
use super::schedule::ScheduleGrid;
use crate::api;
use crate::clock::now_utc;
use crate::download::save_text_file;
use crate::i18n::{Key, OrgKey};
use crate::names;
use crate::solver::use_match_solver;
use crate::state::language::{use_language, use_text};
use crate::state::organizer::{use_organizer_data, OrganizerData};
use leptos::prelude::*;
use roadshow_core::export::{agenda_ics, AgendaOwner, CalendarHeader, SlotClock};
use roadshow_core::matching::Meeting;
use roadshow_core::ranking::TotalMode;

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

/// What the last export did, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportStatus {
    Idle,
    Preparing,
    Saved,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvFile {
    Scores,
    Ranking,
    Matches,
    Schedule,
}

impl CsvFile {
    fn slug(self) -> &'static str {
        match self {
            CsvFile::Scores => "scores",
            CsvFile::Ranking => "ranking",
            CsvFile::Matches => "matches",
            CsvFile::Schedule => "schedule",
        }
    }

    fn label(self) -> OrgKey {
        match self {
            CsvFile::Scores => OrgKey::CsvScores,
            CsvFile::Ranking => OrgKey::CsvRanking,
            CsvFile::Matches => OrgKey::CsvMatches,
            CsvFile::Schedule => OrgKey::CsvSchedule,
        }
    }
}

/// What the print view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PrintView {
    Ranking,
    Schedule,
}

#[component]
pub fn ExportsPanel() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let solver = use_match_solver();
    let status = RwSignal::new(ExportStatus::Idle);
    let file_base = move || format!("roadshow-{}", data.event_id());
    let finish = move |saved: Result<(), String>| match saved {
        Ok(()) => status.set(ExportStatus::Saved),
        Err(reason) => {
            leptos::logging::warn!("export failed: {reason}");
            status.set(ExportStatus::Failed);
        }
    };

    let save_csv = move |file: CsvFile| {
        status.set(ExportStatus::Preparing);
        solver.request_exports(move |result| {
            let saved = result.map_err(|error| error.to_string()).and_then(|files| {
                let contents = match file {
                    CsvFile::Scores => files.scores_csv,
                    CsvFile::Ranking => files.ranking_csv,
                    CsvFile::Matches => files.matches_csv,
                    CsvFile::Schedule => files.schedule_csv,
                };
                save_text_file(
                    &format!("{}-{}.csv", file_base(), file.slug()),
                    "text/csv",
                    &contents,
                )
                .map_err(|error| error.to_string())
            });
            finish(saved);
        });
    };

    let save_snapshot = Action::new_local(move |_: &()| async move {
        let saved = match api::fetch_snapshot_text(&data.event_id(), &data.secret()).await {
            Ok(json) => save_text_file(&format!("{}.json", file_base()), "application/json", &json)
                .map_err(|e| e.to_string()),
            Err(error) => Err(error.to_string()),
        };
        finish(saved);
    });

    let csv_button = move |file: CsvFile| {
        view! {
            <button type="button" on:click=move |_| save_csv(file)>{move || text(org(file.label()))}</button>
        }
    };
    view! {
        <section class="exports" aria-labelledby="exports-title">
            <h2 id="exports-title">{move || text(org(OrgKey::ExportsTitle))}</h2>
            <div class="export-controls">
                <fieldset>
                    <legend>{move || text(org(OrgKey::CsvFiles))}</legend>
                    {csv_button(CsvFile::Scores)}
                    {csv_button(CsvFile::Ranking)}
                    {csv_button(CsvFile::Matches)}
                    {csv_button(CsvFile::Schedule)}
                </fieldset>
                <fieldset>
                    <legend>"JSON"</legend>
                    <button
                        type="button"
                        on:click=move |_| {
                            status.set(ExportStatus::Preparing);
                            save_snapshot.dispatch(());
                        }
                    >
                        {move || text(org(OrgKey::SnapshotJson))}
                    </button>
                </fieldset>
                <super::outcomes::OutcomeFiles/>
                <Calendars on_saved=finish/>
                <p role="status" aria-live="polite" class="export-status">
                    {move || match status.get() {
                        ExportStatus::Idle => "",
                        ExportStatus::Preparing => text(org(OrgKey::Preparing)),
                        ExportStatus::Saved => text(org(OrgKey::Downloaded)),
                        ExportStatus::Failed => text(org(OrgKey::ExportFailed)),
                    }}
                </p>
            </div>
            <PrintViews/>
        </section>
    }
}

/// The meetings as stored on the server (what investors and startups see once published).
fn published_meetings(data: OrganizerData) -> Vec<Meeting> {
    data.meetings().with_untracked(|rows| {
        rows.iter()
            .filter_map(|row| {
                Some(Meeting {
                    investor: row.investor.clone(),
                    startup: row.startup.clone(),
                    slot: u32::try_from(row.slot).ok()?,
                    table: u32::try_from(row.table).ok()?,
                    attendees: row.attendees.clone(),
                })
            })
            .collect()
    })
}

/// One picker and button for investors, one for startups; calendars hold the published meetings.
#[component]
fn Calendars(on_saved: impl Fn(Result<(), String>) + Copy + 'static) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let directory = use_directory(data);
    let language = use_language();
    let people = Memo::new(move |_| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot.as_ref().map_or_else(Default::default, |s| {
                let investors: Vec<(String, String)> = s
                    .investors
                    .iter()
                    .map(|i| (i.id.clone(), names::firm_name(i, lang)))
                    .collect();
                let startups: Vec<(String, String)> = s
                    .startups
                    .iter()
                    .map(|st| (st.id.clone(), names::startup_name(st, lang)))
                    .collect();
                (investors, startups)
            })
        })
    });
    let investor = RwSignal::new(String::new());
    let startup = RwSignal::new(String::new());
    let has_meetings = move || data.meetings().with(|meetings| !meetings.is_empty());

    let save = move |owner_is_investor: bool| {
        let id = if owner_is_investor {
            investor.get_untracked()
        } else {
            startup.get_untracked()
        };
        let id = if id.is_empty() {
            let (investors, startups) = people.get_untracked();
            let first = if owner_is_investor {
                investors.first().cloned()
            } else {
                startups.first().cloned()
            };
            first.map(|(id, _)| id).unwrap_or_default()
        } else {
            id
        };
        let meetings = published_meetings(data);
        let saved = data.snapshot().with_untracked(|snapshot| {
            let snapshot = snapshot
                .as_ref()
                .ok_or_else(|| "no event loaded".to_owned())?;
            let event = &snapshot.event;
            let clock =
                SlotClock::from_settings(&event.meetings).map_err(|error| error.to_string())?;
            let lang = language.get_untracked();
            let (event_name, venue) = (
                names::event_name(event, lang),
                names::event_venue(event, lang),
            );
            let header = CalendarHeader {
                event_id: &event.id,
                event_name: &event_name,
                venue: venue.as_deref(),
                clock,
                stamp: now_utc(),
            };
            let owner = if owner_is_investor {
                AgendaOwner::Investor(&id)
            } else {
                AgendaOwner::Startup(&id)
            };
            let calendar = directory
                .with_untracked(|directory| agenda_ics(&header, &meetings, owner, directory));
            save_text_file(
                &format!("roadshow-{}-{id}.ics", event.id),
                "text/calendar",
                &calendar,
            )
            .map_err(|error| error.to_string())
        });
        on_saved(saved);
    };

    let picker = move |owner_is_investor: bool| {
        let (select_id, label, selected) = if owner_is_investor {
            ("ics-investor", OrgKey::CalendarInvestor, investor)
        } else {
            ("ics-startup", OrgKey::CalendarStartup, startup)
        };
        view! {
            <div class="calendar-picker">
                <label for=select_id>{move || text(org(label))}</label>
                <select id=select_id on:change=move |event| selected.set(event_target_value(&event))>
                    {move || {
                        let (investors, startups) = people.get();
                        let list = if owner_is_investor { investors } else { startups };
                        list.into_iter().map(|(id, name)| { let label = format!("{name} ({id})"); view! { <option value=id>{label}</option> } }).collect_view()
                    }}
                </select>
                <button
                    type="button"
                    aria-describedby="ics-hint"
                    disabled=move || !has_meetings()
                    on:click=move |_| save(owner_is_investor)
                >
                    {move || text(org(OrgKey::DownloadIcs))}
                    <span class="visually-hidden">" "{move || text(org(label))}</span>
                </button>
            </div>
        }
    };
    view! {
        <fieldset class="calendars">
            <legend>{move || text(org(OrgKey::Calendars))}</legend>
            <p id="ics-hint" class="hint" hidden=has_meetings>{move || text(org(OrgKey::CalendarNeedsMeetings))}</p>
            {picker(true)}
            {picker(false)}
        </fieldset>
    }
}

/// A print-ready copy of the ranking or the schedule; the print style sheet hides the console
/// around it and sets the page to A4.
#[component]
fn PrintViews() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let directory = use_directory(data);
    let showing = RwSignal::new(None::<PrintView>);
    let open = move |view: PrintView| {
        showing.set(Some(view));
        // After the view is in the page; the browser's own dialog does the rest.
        request_animation_frame(crate::print::print_page);
    };
    let ranking_rows = move || {
        data.scores_revision().track();
        let lang = language.get();
        let names = data.snapshot().with_untracked(|snapshot| {
            snapshot
                .as_ref()
                .map(|s| {
                    s.startups
                        .iter()
                        .map(|st| names::startup_name(st, lang))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        });
        let mut standings = data
            .with_live_ranking(|live| live.standings(TotalMode::Normalized).to_vec())
            .unwrap_or_default();
        // Unranked startups last, in listing order (as the leaderboard shows them).
        standings.sort_by_key(|standing| standing.rank.unwrap_or(u32::MAX));
        standings
            .into_iter()
            .map(|standing| {
                let name = names.get(standing.startup).cloned().unwrap_or_default();
                view! {
                    <tr>
                        <td class="number">{standing.rank.map(|rank| rank.to_string()).unwrap_or_else(|| "–".into())}</td>
                        <td>{name}</td>
                        <td class="number">{standing.total.map(score_text).unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="print-controls">
            <legend>{move || text(org(OrgKey::PrintTitle))}</legend>
            <button type="button" on:click=move |_| open(PrintView::Ranking)>{move || text(org(OrgKey::PrintRanking))}</button>
            <button type="button" on:click=move |_| open(PrintView::Schedule)>{move || text(org(OrgKey::PrintSchedule))}</button>
        </fieldset>
        {move || showing.get().map(|view_kind| {
            let title = move || {
                let lang = language.get();
                data.snapshot().with_untracked(|s| s.as_ref().map(|s| names::event_name(&s.event, lang)).unwrap_or_default())
            };
            let body = match view_kind {
                PrintView::Ranking => view! {
                    <h2>{move || text(org(OrgKey::TabLeaderboard))}</h2>
                    <table class="board-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || text(org(OrgKey::ColRank))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColStartup))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColTotal))}</th>
                            </tr>
                        </thead>
                        <tbody>{ranking_rows}</tbody>
                    </table>
                }.into_any(),
                PrintView::Schedule => {
                    let meetings = published_meetings(data);
                    let settings = data.snapshot().with_untracked(|s| s.as_ref().map(|s| s.event.meetings.clone()).unwrap_or_default());
                    view! {
                        <h2>{move || text(org(OrgKey::ScheduleTitle))}</h2>
                        <ScheduleGrid meetings settings directory=directory.get_untracked()/>
                    }.into_any()
                }
            };
            view! {
                <article class="print-view" aria-label=move || text(org(OrgKey::PrintTitle))>
                    <h1>{title}</h1>
                    {body}
                </article>
            }
        })}
    }
}
