//! The schedule tab: the slot × table grid of the chosen selection (times in KST), the pairs
//! that could not be placed with the reason, and publishing — after which every investor and
//! startup sees its own agenda.

use super::matches::{use_directory, SolverStatus};
use crate::api::ApiError;
use crate::i18n::{problem_message, Key, OrgKey};
use crate::solver::use_match_solver;
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::export::{Directory, SlotClock};
use roadshow_core::matching::{Meeting, MeetingSchedule};
use roadshow_core::model::MeetingSettings;
use roadshow_core::model::PlannedMeeting;
use roadshow_core::problem::ProblemCode;
use roadshow_core::schedule::UnplacedReason;

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

/// `13:40–14:00` in KST.
pub(super) fn slot_time(clock: &SlotClock, slot: u32) -> String {
    use chrono::Timelike;
    let (start, end) = (clock.slot_start(slot), clock.slot_end(slot));
    format!(
        "{:02}:{:02}–{:02}:{:02}",
        start.hour(),
        start.minute(),
        end.hour(),
        end.minute()
    )
}

pub(super) fn reason_key(reason: UnplacedReason) -> OrgKey {
    match reason {
        UnplacedReason::NoCommonAvailableSlot => OrgKey::ReasonNoCommonSlot,
        UnplacedReason::AllCommonSlotsBooked => OrgKey::ReasonAllBooked,
        UnplacedReason::TablesFull => OrgKey::ReasonTablesFull,
    }
}

#[component]
pub fn ScheduleBoard() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let solver = use_match_solver();
    solver.follow();
    let schedule = Memo::new(move |_| {
        solver
            .board()
            .with(|board| board.as_ref().map(|b| b.schedule.clone()))
    });
    let meeting_settings = Memo::new(move |_| {
        data.with_roster(|snapshot| snapshot.as_ref().map(|s| s.event.meetings.clone()))
    });
    let directory = use_directory(data);
    view! {
        <section class="schedule-board" aria-labelledby="schedule-title">
            <h2 id="schedule-title">{move || text(org(OrgKey::ScheduleTitle))}</h2>
            <SolverStatus solver/>
            <PublishControl schedule settings=meeting_settings/>
            {move || match (schedule.get(), meeting_settings.get()) {
                (Some(schedule), Some(settings)) => view! {
                    <p class="slots-used">{move || text(org(OrgKey::SlotsUsed))}": "{schedule.slots_used}" / "{settings.slots}</p>
                    <ScheduleGrid meetings=schedule.meetings.clone() settings directory=directory.get()/>
                    <UnplacedList schedule directory=directory.get()/>
                }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

/// The grid: one row per slot, one column per table; each cell names the investor and startup.
/// Also used by the print view.
#[component]
pub(super) fn ScheduleGrid(
    meetings: Vec<Meeting>,
    settings: MeetingSettings,
    directory: Directory,
) -> impl IntoView {
    let text = use_text();
    let clock = SlotClock::from_settings(&settings).ok();
    let slots = u32::try_from(settings.slots).unwrap_or(0);
    let tables = u32::try_from(settings.tables).unwrap_or(0);
    let mut cells: Vec<Option<Meeting>> = vec![None; (slots as usize) * (tables as usize)];
    for meeting in meetings {
        if meeting.slot < slots && meeting.table < tables {
            let at = (meeting.slot * tables + meeting.table) as usize;
            cells[at] = Some(meeting);
        }
    }
    let rows = (0..slots)
        .map(|slot| {
            let time = clock.as_ref().map_or_else(|| format!("#{}", slot + 1), |clock| slot_time(clock, slot));
            let row_cells = (0..tables)
                .map(|table| match &cells[(slot * tables + table) as usize] {
                    Some(meeting) => {
                        // A firm of several people names who attends (definitions §8.6).
                        let attendees = (!meeting.attendees.is_empty()).then(|| {
                            let names = meeting
                                .attendees
                                .iter()
                                .map(|id| directory.investor_name(id).to_owned())
                                .collect::<Vec<_>>()
                                .join(", ");
                            view! {
                                <span class="attendees">{move || text(org(OrgKey::Attendees))}": "{names}</span>
                            }
                        });
                        view! {
                            <td class="meeting" data-investor=meeting.investor.clone() data-startup=meeting.startup.clone()
                                data-attendees=(!meeting.attendees.is_empty()).then(|| meeting.attendees.join(" "))>
                                <span class="investor">{directory.investor_name(&meeting.investor).to_owned()}</span>
                                <span class="startup">{directory.startup_name(&meeting.startup).to_owned()}</span>
                                {attendees}
                            </td>
                        }
                        .into_any()
                    }
                    None => view! { <td class="free"></td> }.into_any(),
                })
                .collect_view();
            view! {
                <tr data-slot=slot.to_string()>
                    <th scope="row" class="slot-time">{time}</th>
                    {row_cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        {clock.is_none().then(|| view! { <p class="hint">{move || text(org(OrgKey::NoSlotTimes))}</p> })}
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="schedule-grid-caption">
            <table class="board-table schedule-grid">
                <caption id="schedule-grid-caption">{move || text(org(OrgKey::ScheduleGrid))}</caption>
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
}

#[component]
fn UnplacedList(schedule: MeetingSchedule, directory: Directory) -> impl IntoView {
    let text = use_text();
    let empty = schedule.unplaced.is_empty();
    view! {
        <section class="unplaced" aria-labelledby="unplaced-title">
            <h3 id="unplaced-title">{move || text(org(OrgKey::Unplaced))}" ("{schedule.unplaced.len()}")"</h3>
            {if empty {
                view! { <p class="empty">{move || text(org(OrgKey::NoUnplaced))}</p> }.into_any()
            } else {
                view! {
                    <table class="board-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || text(org(OrgKey::ColInvestor))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColStartup))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColReason))}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {schedule.unplaced.iter().map(|pair| {
                                let reason = reason_key(pair.reason);
                                view! {
                                    <tr data-reason=pair.reason.as_str()>
                                        <td>{directory.investor_name(&pair.investor).to_owned()}</td>
                                        <td>{directory.startup_name(&pair.startup).to_owned()}</td>
                                        <td>{move || text(org(reason))}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// A meeting setting that publishing needs (agendas and calendars give times, not slot numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NeededSetting {
    FirstSlot,
    SlotMinutes,
}

impl NeededSetting {
    /// The settings publishing still needs, in the order of the setup form.
    fn missing(settings: &MeetingSettings) -> Vec<NeededSetting> {
        let mut missing = Vec::new();
        if settings.first_slot.is_none() {
            missing.push(NeededSetting::FirstSlot);
        }
        if settings.slot_minutes.is_none_or(|minutes| minutes <= 0) {
            missing.push(NeededSetting::SlotMinutes);
        }
        missing
    }

    /// The server's problem path for it (`PUT /meetings` answers 422 with these).
    fn from_path(path: &str) -> Option<NeededSetting> {
        match path {
            "meetings.first_slot" | "settings.meetings.first_slot" => {
                Some(NeededSetting::FirstSlot)
            }
            "meetings.slot_minutes" | "settings.meetings.slot_minutes" => {
                Some(NeededSetting::SlotMinutes)
            }
            _ => None,
        }
    }

    fn label(self) -> OrgKey {
        match self {
            NeededSetting::FirstSlot => OrgKey::FirstSlot,
            NeededSetting::SlotMinutes => OrgKey::SlotMinutes,
        }
    }

    /// The setup form's input (`?tab=setup&field=…` focuses it).
    fn field_id(self) -> &'static str {
        match self {
            NeededSetting::FirstSlot => "first-slot",
            NeededSetting::SlotMinutes => "slot-minutes",
        }
    }
}

/// "첫 미팅 시작 (KST) — 설정에서 입력", a link to the setup field.
#[component]
fn SettingLink(
    setting: NeededSetting,
    #[prop(optional)] problem: Option<ProblemCode>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let href = super::query::href_with(
        &[("tab", Some("setup")), ("field", Some(setting.field_id()))],
        true,
    );
    view! {
        <li data-setting=setting.field_id()>
            <a href=href>{move || text(org(setting.label()))}" — "{move || text(org(OrgKey::GoToSetting))}</a>
            {move || problem.map(|code| format!(" ({})", problem_message(code, language.get())))}
        </li>
    }
}

/// The plan as it would be sent: the chosen schedule's meetings.
fn planned_meetings(schedule: &MeetingSchedule) -> Vec<roadshow_core::model::PlannedMeeting> {
    schedule.meetings.iter().map(Meeting::planned).collect()
}

/// A problem of the plan with the meeting it is in (investor and startup ids), when its path
/// names one (`meetings[3].slot`).
type PlanProblem = (roadshow_core::problem::Problem, Option<(String, String)>);

/// Publish with a confirmation step: the organizer sees what will happen before it happens.
/// Publishing needs the first slot's time and the slot length; until both are set the button is
/// off and the missing settings are named, each a link to its field. The plan is checked by
/// core's rules before it is sent, as the server checks it (a computed schedule passes; a hand
/// edit or stale data may not): while it has problems they are listed and the button stays off.
#[component]
fn PublishControl(
    schedule: Memo<Option<MeetingSchedule>>,
    settings: Memo<Option<MeetingSettings>>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let confirming = RwSignal::new(false);
    let publish = Action::new_local(move |meetings: &Vec<PlannedMeeting>| {
        let meetings = meetings.clone();
        async move { data.publish_plan(meetings, true).await }
    });
    let missing = Memo::new(move |_| {
        settings.with(|settings| {
            settings
                .as_ref()
                .map(NeededSetting::missing)
                .unwrap_or_default()
        })
    });
    let directory = use_directory(data);
    let plan_problems = Memo::new(move |_| {
        data.roster_revision().track();
        let Some(plan) = schedule.with(|schedule| schedule.as_ref().map(planned_meetings)) else {
            return Vec::<PlanProblem>::new();
        };
        let problems = data.snapshot().with_untracked(|snapshot| {
            snapshot
                .as_ref()
                .map(|snapshot| roadshow_core::validate::plan_problems(&plan, snapshot))
                .unwrap_or_default()
        });
        problems
            .into_iter()
            .map(|problem| {
                let meeting = problem
                    .path
                    .strip_prefix("meetings[")
                    .and_then(|rest| rest.split(']').next()?.parse::<usize>().ok())
                    .and_then(|index| plan.get(index))
                    .map(|meeting| (meeting.investor.clone(), meeting.startup.clone()));
                (problem, meeting)
            })
            .collect()
    });
    // What the server refused, field by field (a setting it needs, or anything else by path).
    let refused = move || match publish.value().get() {
        Some(Err(ApiError::Rejected { body, .. })) if !body.fields.is_empty() => Some(
            body.fields
                .into_iter()
                .flat_map(|(path, messages)| {
                    messages
                        .into_iter()
                        .map(move |message| (path.clone(), message.code))
                })
                .collect::<Vec<_>>(),
        ),
        _ => None,
    };
    let published = move || {
        data.event_state()
            .with(|state| state.as_ref().is_some_and(|s| s.meetings_published))
    };
    let rows = move || {
        schedule.with_untracked(|schedule| {
            schedule
                .as_ref()
                .map(|schedule| {
                    schedule
                        .meetings
                        .iter()
                        .map(Meeting::planned)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div class="publish">
            {move || published().then(|| view! { <p class="badge published">{move || text(org(OrgKey::PublishedState))}</p> })}
            <button
                type="button"
                class="primary"
                aria-describedby=move || {
                    let mut ids = Vec::new();
                    if !missing.with(Vec::is_empty) { ids.push("publish-needs"); }
                    if !plan_problems.with(Vec::is_empty) { ids.push("plan-problems"); }
                    (!ids.is_empty()).then(|| ids.join(" "))
                }
                disabled=move || schedule.with(Option::is_none) || publish.pending().get() || !missing.with(Vec::is_empty) || !plan_problems.with(Vec::is_empty)
                on:click=move |_| confirming.set(true)
            >
                {move || text(org(OrgKey::Publish))}
            </button>
            {move || {
                let missing = missing.get();
                (!missing.is_empty()).then(|| view! {
                    <div class="publish-needs notice" id="publish-needs">
                        <p>{move || text(org(OrgKey::PublishNeeds))}</p>
                        <ul>{missing.into_iter().map(|setting| view! { <SettingLink setting/> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || {
                let problems = plan_problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="publish-needs notice plan-problems" id="plan-problems" role="alert">
                        <p>{move || text(org(OrgKey::PlanProblems))}</p>
                        <ul>
                            {problems.into_iter().map(|(problem, meeting)| {
                                let code = problem.code;
                                let (path, shown_path) = (problem.path.clone(), problem.path);
                                let names = meeting.map(|(investor, startup)| directory.with(|directory| {
                                    format!("{} · {}", directory.investor_name(&investor), directory.startup_name(&startup))
                                }));
                                view! {
                                    <li data-path=path>
                                        {names.map(|names| view! { <span class="meeting-names">{names}</span>" " })}
                                        <code>{shown_path}</code>" "{move || problem_message(code, language.get())}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
            {move || (confirming.get() && missing.with(Vec::is_empty) && plan_problems.with(Vec::is_empty)).then(|| view! {
                <div class="confirm" role="alertdialog" aria-labelledby="publish-question">
                    <p id="publish-question">{move || text(org(OrgKey::ConfirmPublish))}</p>
                    <button
                        type="button"
                        class="primary"
                        on:click=move |_| {
                            confirming.set(false);
                            publish.dispatch(rows());
                        }
                    >
                        {move || text(org(OrgKey::Confirm))}
                    </button>
                    <button type="button" on:click=move |_| confirming.set(false)>{move || text(org(OrgKey::Cancel))}</button>
                </div>
            })}
            <p role="status" aria-live="polite" class="publish-status">
                {move || {
                    if publish.pending().get() {
                        return text(org(OrgKey::Publishing)).to_owned();
                    }
                    match publish.value().get() {
                        Some(Ok(_)) => text(org(OrgKey::PublishedOk)).to_owned(),
                        Some(Err(ApiError::Rejected { body, .. })) if !body.fields.is_empty() => text(org(OrgKey::PublishRefused)).to_owned(),
                        Some(Err(error)) => format!("{} {}", text(org(OrgKey::PublishFailed)), text(super::api_problem_key(&error))),
                        None => String::new(),
                    }
                }}
            </p>
            {move || refused().map(|problems| view! {
                <ul class="publish-refused field-error" role="alert">
                    {problems.into_iter().map(|(path, code)| {
                        match NeededSetting::from_path(&path) {
                            Some(setting) => view! { <SettingLink setting problem=code/> }.into_any(),
                            None => view! {
                                <li><code>{path}</code>" "{move || problem_message(code, language.get())}</li>
                            }.into_any(),
                        }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::NeededSetting;
    use roadshow_core::model::MeetingSettings;

    #[test]
    fn publishing_needs_a_first_slot_and_a_positive_length() {
        let mut settings = MeetingSettings::default();
        assert_eq!(
            NeededSetting::missing(&settings),
            vec![NeededSetting::FirstSlot, NeededSetting::SlotMinutes]
        );
        settings.slot_minutes = Some(0);
        settings.first_slot = roadshow_core::event_draft::parse_kst("2026-12-10T13:00");
        assert!(settings.first_slot.is_some());
        assert_eq!(
            NeededSetting::missing(&settings),
            vec![NeededSetting::SlotMinutes]
        );
        settings.slot_minutes = Some(20);
        assert_eq!(NeededSetting::missing(&settings), Vec::new());
        assert_eq!(
            NeededSetting::from_path("meetings.slot_minutes"),
            Some(NeededSetting::SlotMinutes)
        );
        assert_eq!(NeededSetting::from_path("meetings.slots"), None);
    }
}
