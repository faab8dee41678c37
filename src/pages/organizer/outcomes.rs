//! The Outcomes tab ("성과 / Outcomes", definitions §7.4): the funnel from a proposed meeting to an
//! investment with the invested KRW (reported by investors, confirmed by startups), the meetings
//! by status, every no-show by name, and the outcome CSVs. Every number is core's
//! [`roadshow_core::funnel::funnel`] of the event with its meetings and follow-ups, so the tab
//! and `roadshow report` read the same data; it follows the feed live.

use super::follow_up_corrections::FollowUpCorrections;
use super::matches::use_directory;
use super::meeting_board::{status_key, status_mark};
use super::schedule::slot_time;
use crate::download::save_text_file;
use crate::i18n::{format_krw, Key, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::export::SlotClock;
use roadshow_core::funnel::{funnel, Funnel, FunnelStep};
use roadshow_core::model::MeetingStatus;

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

fn step_key(step: FunnelStep) -> OrgKey {
    match step {
        FunnelStep::Proposed => OrgKey::StepProposed,
        FunnelStep::Confirmed => OrgKey::StepConfirmed,
        FunnelStep::Held => OrgKey::StepHeld,
        FunnelStep::FollowUp => OrgKey::StepFollowUp,
        FunnelStep::DueDiligence => OrgKey::StepDueDiligence,
        FunnelStep::TermSheet => OrgKey::StepTermSheet,
        FunnelStep::Invested => OrgKey::StepInvested,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutcomeFile {
    Meetings,
    FollowUps,
}

/// Why an outcome file was not offered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum OutcomeFileError {
    #[error("the event is not loaded yet")]
    NotLoaded,
    #[error(transparent)]
    Written(#[from] roadshow_core::export::ExportError),
    #[error(transparent)]
    Download(#[from] crate::download::DownloadError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileStatus {
    Idle,
    Saved,
    Failed,
}

#[component]
pub fn OutcomesPanel() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let figures = Memo::new(move |_| data.with_outcomes(|snapshot| snapshot.map(funnel)));
    view! {
        <section class="outcomes" aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">{move || text(org(OrgKey::OutcomesTitle))}</h2>
            {move || figures.get().map(|figures| view! {
                <FunnelTable figures=figures.clone()/>
                <StatusTable figures=figures.clone()/>
                <NoShows figures/>
            })}
            <FollowUpCorrections/>
            <OutcomeFiles/>
        </section>
    }
}

#[component]
fn FunnelTable(figures: Funnel) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let widest = figures.count(FunnelStep::Proposed).max(1);
    let (reported, confirmed) = (figures.invested_krw, figures.invested_krw_confirmed);
    let rows = figures
        .steps
        .iter()
        .map(|count| {
            let step = count.step;
            let share = (count.pairs * 100 / widest).min(100);
            let amount = (step == FunnelStep::Invested).then(|| {
                view! {
                    <span class="krw" data-krw="reported" data-amount=reported.to_string()>
                        {move || format!("{} {}", format_krw(reported, language.get()), text(org(OrgKey::InvestedReported)))}
                    </span>
                    <span class="krw" data-krw="confirmed" data-amount=confirmed.to_string()>
                        {move || format!("{} {}", format_krw(confirmed, language.get()), text(org(OrgKey::InvestedConfirmed)))}
                    </span>
                }
            });
            view! {
                <tr data-step=step.as_str()>
                    <th scope="row">{move || text(org(step_key(step)))}</th>
                    <td class="number pairs">{count.pairs}</td>
                    <td class="bar" aria-hidden="true"><span class="funnel-bar" style=format!("width: {share}%")></span></td>
                    <td class="amount">{amount}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="funnel-caption">
            <table class="board-table funnel">
                <caption id="funnel-caption">{move || text(org(OrgKey::FunnelTitle))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || text(org(OrgKey::ColStep))}</th>
                        <th scope="col" class="number">{move || text(org(OrgKey::ColPairs))}</th>
                        <td></td>
                        <th scope="col">{move || text(org(OrgKey::ColAmount))}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="hint">{move || text(org(OrgKey::FunnelHint))}</p>
        <p class="passed" data-passed=figures.passed.to_string()>{move || text(org(OrgKey::PassedPairs))}": "<strong>{figures.passed}</strong></p>
    }
}

#[component]
fn StatusTable(figures: Funnel) -> impl IntoView {
    let text = use_text();
    view! {
        <table class="board-table outcome-statuses">
            <caption>{move || text(org(OrgKey::StatusLegend))}</caption>
            <tbody>
                {MeetingStatus::ALL.into_iter().map(|status| {
                    let count = figures.meetings(status);
                    view! {
                        <tr data-status=status.as_str()>
                            <th scope="row">
                                <span class="meeting-status badge" data-status=status.as_str()>
                                    <span class="status-mark" aria-hidden="true">{status_mark(status)}</span>" "{move || text(org(status_key(status)))}
                                </span>
                            </th>
                            <td class="number">{count}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Every missed meeting with both names and its time: kept in sight, never dropped.
#[component]
fn NoShows(figures: Funnel) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let directory = use_directory(data);
    let clock = data.with_roster(|snapshot| {
        snapshot
            .as_ref()
            .and_then(|s| SlotClock::from_settings(&s.event.meetings).ok())
    });
    let rows = figures
        .no_shows
        .iter()
        .map(|missed| {
            let (investor, startup) = directory.with_untracked(|d| {
                (
                    d.investor_name(&missed.investor).to_owned(),
                    d.startup_name(&missed.startup).to_owned(),
                )
            });
            let when = clock
                .as_ref()
                .and_then(|c| u32::try_from(missed.slot).ok().map(|s| slot_time(c, s)));
            view! {
                <tr data-investor=missed.investor.clone() data-startup=missed.startup.clone() data-slot=missed.slot.to_string()>
                    <td>{move || text(org(OrgKey::SlotNumber))}" "{missed.slot + 1}{when.map(|w| format!(" ({w})"))}</td>
                    <td>{move || text(org(OrgKey::TableLabel))}" "{missed.table + 1}</td>
                    <td>{investor}</td>
                    <td>{startup}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = figures.no_shows.is_empty();
    view! {
        <section class="no-shows" aria-labelledby="no-shows-title">
            <h3 id="no-shows-title">{move || text(org(OrgKey::NoShowsTitle))}" ("{figures.no_shows.len()}")"</h3>
            {if empty {
                view! { <p class="empty">{move || text(org(OrgKey::NoNoShows))}</p> }.into_any()
            } else {
                view! {
                    <table class="board-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || text(org(OrgKey::SlotNumber))}</th>
                                <th scope="col">{move || text(org(OrgKey::TableLabel))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColInvestor))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColStartup))}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// The meetings-with-status and follow-ups CSVs, written by core from the console's copy.
#[component]
pub(super) fn OutcomeFiles() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let directory = use_directory(data);
    let status = RwSignal::new(FileStatus::Idle);
    let save = move |file: OutcomeFile| {
        let written = data.with_outcomes(|snapshot| {
            let snapshot = snapshot?;
            let clock = SlotClock::from_settings(&snapshot.event.meetings).ok();
            let written = directory.with_untracked(|directory| match file {
                OutcomeFile::Meetings => roadshow_core::outcome_csv::meetings_status_csv(
                    snapshot,
                    clock.as_ref(),
                    directory,
                ),
                OutcomeFile::FollowUps => {
                    roadshow_core::outcome_csv::follow_ups_csv(snapshot, directory)
                }
            });
            Some(written)
        });
        let slug = match file {
            OutcomeFile::Meetings => "meetings-status",
            OutcomeFile::FollowUps => "follow-ups",
        };
        let saved = written
            .ok_or(OutcomeFileError::NotLoaded)
            .and_then(|written| Ok(written?))
            .and_then(|contents: String| {
                Ok(save_text_file(
                    &format!("roadshow-{}-{slug}.csv", data.event_id()),
                    "text/csv",
                    &contents,
                )?)
            });
        status.set(match saved {
            Ok(()) => FileStatus::Saved,
            Err(reason) => {
                leptos::logging::warn!("outcome file not made: {reason}");
                FileStatus::Failed
            }
        });
    };
    view! {
        <fieldset class="outcome-files exports-inline">
            <legend>{move || text(org(OrgKey::OutcomeFiles))}</legend>
            <button type="button" data-file="meetings-status" on:click=move |_| save(OutcomeFile::Meetings)>
                {move || text(org(OrgKey::DownloadMeetingStatus))}
            </button>
            <button type="button" data-file="follow-ups" on:click=move |_| save(OutcomeFile::FollowUps)>
                {move || text(org(OrgKey::DownloadFollowUps))}
            </button>
            <p role="status" aria-live="polite" class="outcome-file-status">
                {move || match status.get() {
                    FileStatus::Idle => "",
                    FileStatus::Saved => text(org(OrgKey::Downloaded)),
                    FileStatus::Failed => text(org(OrgKey::FileNotMade)),
                }}
            </p>
        </fieldset>
    }
}
