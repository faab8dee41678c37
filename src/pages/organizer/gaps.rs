//! "Fill the gaps" (빈자리 채우기, definitions §7.2) on the meeting board: the organizer picks a
//! slot, the match worker computes `roadshow repair`'s proposal on the event's snapshot at the
//! version the console shows (`crate::solver::MatchSolver::request_repair`), the tab previews it
//! (kept, added, unplaced with reasons, Σ M added, and the command's exact JSON), and publishing
//! sends the whole plan: kept meetings, the freed meetings' history and the added ones
//! (`roadshow_core::gap_plan::repaired_plan`). The server keeps what each side said about every
//! meeting that stays put and gives new or moved ones a higher calendar SEQUENCE.

use super::matches::{score_text, use_directory};
use super::schedule::slot_time;
use crate::api::ApiError;
use crate::i18n::{Key, OrgKey};
use crate::solver::protocol::RepairProposal;
use crate::solver::{use_match_solver, SolverError};
use crate::state::language::use_text;
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::export::SlotClock;
use roadshow_core::gap_plan::repaired_plan;

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

#[derive(Debug, Clone, PartialEq)]
enum RepairState {
    Idle,
    Computing,
    Ready(Box<RepairProposal>),
    Failed(SolverError),
}

#[component]
pub fn FillGaps() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let solver = use_match_solver();
    let directory = use_directory(data);
    let settings = Memo::new(move |_| {
        data.with_roster(|snapshot| snapshot.as_ref().map(|s| s.event.meetings.clone()))
    });
    let from_slot = RwSignal::new(0i64);
    let state = RwSignal::new(RepairState::Idle);
    let confirming = RwSignal::new(false);
    let compute = move || {
        state.set(RepairState::Computing);
        confirming.set(false);
        solver.request_repair(from_slot.get_untracked(), move |result| {
            // The tab may be gone by the time the worker answers.
            let _ = state.try_set(match result {
                Ok(proposal) => RepairState::Ready(Box::new(proposal)),
                Err(error) => RepairState::Failed(error),
            });
        });
    };
    let publish = Action::new_local(move |plan: &Vec<roadshow_core::model::PlannedMeeting>| {
        let plan = plan.clone();
        async move {
            let receipt = data.publish_plan(plan, true).await?;
            // The proposal is in the plan now; a new one starts from the published plan.
            let _ = state.try_set(RepairState::Idle);
            Ok::<_, ApiError>(receipt)
        }
    });
    let stale = move || match &*state.read() {
        RepairState::Ready(proposal) => proposal.version != data.version().get(),
        _ => false,
    };
    let slot_options = move || {
        let Some(settings) = settings.get() else {
            return Vec::new();
        };
        let clock = SlotClock::from_settings(&settings).ok();
        (0..settings.slots.max(0))
            .map(|slot| {
                let time = clock
                    .as_ref()
                    .and_then(|c| u32::try_from(slot).ok().map(|s| slot_time(c, s)));
                (slot, time)
            })
            .collect::<Vec<_>>()
    };
    let preview = move || {
        let RepairState::Ready(proposal) = state.get() else {
            return None;
        };
        let clock = settings
            .get()
            .and_then(|settings| SlotClock::from_settings(&settings).ok());
        let repair = proposal.repair.clone();
        let when = move |slot: u32| {
            clock
                .as_ref()
                .map(|clock| format!(" ({})", slot_time(clock, slot)))
                .unwrap_or_default()
        };
        let added_rows = repair
            .added
            .iter()
            .map(|meeting| {
                let (investor, startup) = directory.with_untracked(|d| {
                    (
                        d.investor_name(&meeting.investor).to_owned(),
                        d.startup_name(&meeting.startup).to_owned(),
                    )
                });
                view! {
                    <tr data-investor=meeting.investor.clone() data-startup=meeting.startup.clone()>
                        <td>{move || text(org(OrgKey::SlotNumber))}" "{meeting.slot + 1}{when(meeting.slot)}</td>
                        <td>{move || text(org(OrgKey::TableLabel))}" "{meeting.table + 1}</td>
                        <td>{investor}</td>
                        <td>{startup}</td>
                        <td class="number">{score_text(meeting.score)}</td>
                    </tr>
                }
            })
            .collect_view();
        let unplaced_rows = repair
            .unplaced
            .iter()
            .map(|pair| {
                let (investor, startup) = directory.with_untracked(|d| {
                    (
                        d.investor_name(&pair.investor).to_owned(),
                        d.startup_name(&pair.startup).to_owned(),
                    )
                });
                let reason = super::schedule::reason_key(pair.reason);
                view! {
                    <tr data-reason=pair.reason.as_str()>
                        <td>{investor}</td>
                        <td>{startup}</td>
                        <td>{move || text(org(reason))}</td>
                    </tr>
                }
            })
            .collect_view();
        let has_added = !repair.added.is_empty();
        let has_unplaced = !repair.unplaced.is_empty();
        Some(view! {
            <div class="repair-preview" data-from-slot=proposal.from_slot.to_string()>
                <dl class="repair-counts">
                    <div><dt>{move || text(org(OrgKey::RepairKept))}</dt><dd data-count="kept">{repair.kept.len()}</dd></div>
                    <div><dt>{move || text(org(OrgKey::RepairAdded))}</dt><dd data-count="added">{repair.added.len()}</dd></div>
                    <div><dt>{move || text(org(OrgKey::RepairUnplaced))}</dt><dd data-count="unplaced">{repair.unplaced.len()}</dd></div>
                    <div><dt>{move || text(org(OrgKey::RepairTotal))}</dt><dd data-count="total_added">{score_text(repair.total_added)}</dd></div>
                </dl>
                {if has_added {
                    view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="repair-added-caption">
                            <table class="board-table repair-added">
                                <caption id="repair-added-caption">{move || text(org(OrgKey::RepairAdded))}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{move || text(org(OrgKey::SlotNumber))}</th>
                                        <th scope="col">{move || text(org(OrgKey::TableLabel))}</th>
                                        <th scope="col">{move || text(org(OrgKey::ColInvestor))}</th>
                                        <th scope="col">{move || text(org(OrgKey::ColStartup))}</th>
                                        <th scope="col" class="number">{move || text(org(OrgKey::ColScore))}</th>
                                    </tr>
                                </thead>
                                <tbody>{added_rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="empty">{move || text(org(OrgKey::NothingToAdd))}</p> }.into_any()
                }}
                {has_unplaced.then(|| view! {
                    <table class="board-table repair-unplaced">
                        <caption>{move || text(org(OrgKey::RepairUnplaced))}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || text(org(OrgKey::ColInvestor))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColStartup))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColReason))}</th>
                            </tr>
                        </thead>
                        <tbody>{unplaced_rows}</tbody>
                    </table>
                })}
                <details class="repair-json">
                    <summary>{move || text(org(OrgKey::RepairJson))}</summary>
                    <pre tabindex="0"><code>{proposal.json.clone()}</code></pre>
                </details>
            </div>
        })
    };
    let plan = move || match &*state.read_untracked() {
        RepairState::Ready(proposal) => data
            .meeting_board()
            .with_untracked(|board| Some(repaired_plan(&board.meetings, &proposal.repair))),
        _ => None,
    };
    let can_publish = move || {
        matches!(&*state.read(), RepairState::Ready(p) if !p.repair.added.is_empty())
            && !stale()
            && !publish.pending().get()
    };
    view! {
        <section class="fill-gaps card" aria-labelledby="gaps-title">
            <h3 id="gaps-title">{move || text(org(OrgKey::GapsTitle))}</h3>
            <p class="hint">{move || text(org(OrgKey::GapsHint))}</p>
            <form class="board-controls" on:submit=move |event| { event.prevent_default(); compute(); }>
                <label class="control" for="repair-from-slot">
                    <span>{move || text(org(OrgKey::FromSlot))}</span>
                    <select
                        id="repair-from-slot"
                        on:change=move |event| {
                            if let Ok(slot) = event_target_value(&event).parse::<i64>() {
                                from_slot.set(slot);
                            }
                        }
                    >
                        {move || slot_options().into_iter().map(|(slot, time)| view! {
                            <option value=slot.to_string() selected=move || from_slot.get() == slot>
                                {move || text(org(OrgKey::SlotNumber))}" "{slot + 1}{time.clone().map(|t| format!(" · {t}"))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="primary" disabled=move || matches!(*state.read(), RepairState::Computing)>
                    {move || text(org(OrgKey::ComputeRepair))}
                </button>
            </form>
            <p class="repair-status" role="status" aria-live="polite" data-state=move || match &*state.read() {
                RepairState::Idle => "idle",
                RepairState::Computing => "computing",
                RepairState::Ready(_) => "ready",
                RepairState::Failed(_) => "failed",
            }>
                {move || match &*state.read() {
                    RepairState::Computing => text(org(OrgKey::Computing)).to_owned(),
                    RepairState::Failed(error) => format!("{} ({error})", text(org(OrgKey::RepairFailed))),
                    RepairState::Ready(_) if stale() => text(org(OrgKey::RepairStale)).to_owned(),
                    _ => String::new(),
                }}
            </p>
            {preview}
            <div class="publish">
                <button type="button" class="primary" disabled=move || !can_publish() on:click=move |_| confirming.set(true)>
                    {move || text(org(OrgKey::PublishRepair))}
                </button>
                {move || (confirming.get() && can_publish()).then(|| view! {
                    <div class="confirm" role="alertdialog" aria-labelledby="repair-publish-question">
                        <p id="repair-publish-question">{move || text(org(OrgKey::ConfirmPublishRepair))}</p>
                        <button
                            type="button"
                            class="primary"
                            on:click=move |_| {
                                confirming.set(false);
                                if let Some(plan) = plan() {
                                    publish.dispatch(plan);
                                }
                            }
                        >
                            {move || text(org(OrgKey::Confirm))}
                        </button>
                        <button type="button" on:click=move |_| confirming.set(false)>{move || text(org(OrgKey::Cancel))}</button>
                    </div>
                })}
                <p role="status" aria-live="polite" class="repair-publish-status">
                    {move || {
                        if publish.pending().get() {
                            return text(org(OrgKey::Publishing)).to_owned();
                        }
                        match publish.value().get() {
                            Some(Ok(_)) => text(org(OrgKey::RepairPublished)).to_owned(),
                            Some(Err(error)) => format!("{} {}", text(org(OrgKey::PublishFailed)), text(super::api_problem_key(&error))),
                            None => String::new(),
                        }
                    }}
                </p>
            </div>
        </section>
    }
}
