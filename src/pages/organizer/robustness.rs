//! "How firm is the cut?" (definitions §8.5), under the leaderboard: for a cut K (award places
//! or finalists), P(rank ≤ K) for each startup over 2,000 resamples of the judges, and the
//! judges whose absence alone would change the top K — computed in the match worker
//! (`crate::solver::MatchSolver::request_robustness`) with `roadshow robustness`'s code on the
//! data version the console shows; its JSON is the command's output byte for byte. With a
//! track's board chosen above (`?track=T`), the analysis is that board's (`--track T`).

use super::matches::use_directory;
use crate::i18n::{Key, OrgKey};
use crate::solver::protocol::RobustnessReport;
use crate::solver::{use_match_solver, SolverError};
use crate::state::language::use_text;
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Debug, Clone, PartialEq)]
enum RobustnessState {
    Idle,
    Computing,
    /// The report, and the track whose board it is about (`None`: the whole event's).
    Ready(Box<(RobustnessReport, Option<String>)>),
    Failed(SolverError),
}

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

#[component]
pub fn RobustnessSection() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let solver = use_match_solver();
    let directory = use_directory(data);
    // The event's own cut (`event.cut`) when it has one, else the podium.
    let default_cut = data.with_roster(|snapshot| {
        snapshot
            .as_ref()
            .and_then(|snapshot| snapshot.event.extra.get("cut"))
            .and_then(serde_json::Value::as_u64)
            .and_then(|cut| u32::try_from(cut).ok())
            .filter(|cut| *cut >= 1)
            .unwrap_or(3)
    });
    let cut = RwSignal::new(default_cut);
    let state = RwSignal::new(RobustnessState::Idle);
    let query = use_query_map();
    let track = Memo::new(move |_| query.with(|query| query.get("track")));
    let compute = move |_| {
        state.set(RobustnessState::Computing);
        let asked = track.get_untracked();
        solver.request_robustness(cut.get_untracked(), asked.clone(), move |result| {
            // The tab may be gone by the time the worker answers.
            let _ = state.try_set(match result {
                Ok(report) => RobustnessState::Ready(Box::new((report, asked))),
                Err(error) => RobustnessState::Failed(error),
            });
        });
    };
    let judge_names = move |ids: &[String]| {
        directory.with(|directory| {
            ids.iter()
                .map(|id| directory.investor_name(id).to_owned())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    let result = move || match state.get() {
        RobustnessState::Idle => ().into_any(),
        RobustnessState::Computing => {
            view! { <p role="status">{move || text(org(OrgKey::Computing))}</p> }.into_any()
        }
        RobustnessState::Failed(error) => view! {
            <p role="alert">{move || text(org(OrgKey::RobustnessFailed))}" "{error.to_string()}</p>
        }
        .into_any(),
        // A result about another board than the one chosen now is not shown.
        RobustnessState::Ready(ready) if ready.1 != track.get() => ().into_any(),
        RobustnessState::Ready(ready) => {
            let report = ready.0;
            let decisive = report.robustness.decisive_judges.clone();
            let stale = report.version != data.version().get_untracked();
            let rows = report
                .robustness
                .startups
                .iter()
                .map(|row| {
                    let name = directory.with(|d| d.startup_name(&row.startup).to_owned());
                    let rank = row
                        .rank
                        .map(|rank| rank.to_string())
                        .unwrap_or_else(|| "–".into());
                    let percent = format!("{:.1}%", row.p_top_k * 100.0);
                    let without = judge_names(&row.out_of_top_k_without);
                    view! {
                        <tr data-startup=row.startup.clone()>
                            <td>{rank}</td>
                            <th scope="row">{name}</th>
                            <td class="number">{percent}</td>
                            <td>{without}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                {stale.then(|| view! { <p class="notice" role="status">{move || text(org(OrgKey::RobustnessStale))}</p> })}
                <p class="decisive-judges">
                    <strong>{move || text(org(OrgKey::DecisiveJudges))}": "</strong>
                    {if decisive.is_empty() { text(org(OrgKey::NoDecisiveJudges)).to_owned() } else { judge_names(&decisive) }}
                </p>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="robustness-caption">
                    <table class="robustness">
                        <caption id="robustness-caption">{move || text(org(OrgKey::RobustnessCaption))}</caption>
                        <thead><tr>
                            <th scope="col">{move || text(org(OrgKey::ColRank))}</th>
                            <th scope="col">{move || text(org(OrgKey::ColStartup))}</th>
                            <th scope="col">{move || text(org(OrgKey::ColTopKChance))}</th>
                            <th scope="col">{move || text(org(OrgKey::ColOutWithout))}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <details>
                    <summary>{move || text(org(OrgKey::RobustnessJson))}</summary>
                    <pre class="robustness-json">{report.json.clone()}</pre>
                </details>
            }
            .into_any()
        }
    };
    view! {
        <section class="card robustness-section" aria-labelledby="robustness-title">
            <h2 id="robustness-title">{move || text(org(OrgKey::RobustnessTitle))}
                {move || track.get().map(|name| format!(" · {name}"))}</h2>
            <p class="hint" id="robustness-hint">{move || text(org(OrgKey::RobustnessHint))}</p>
            <div class="controls">
                <label class="control" for="robustness-cut">{move || text(org(OrgKey::CutLabel))}</label>
                <input id="robustness-cut" type="number" min="1" step="1" inputmode="numeric"
                    aria-describedby="robustness-hint"
                    prop:value=move || cut.get().to_string()
                    on:change=move |event| {
                        if let Ok(value) = event_target_value(&event).trim().parse::<u32>() {
                            cut.set(value.max(1));
                        }
                    }/>
                <button type="button" class="secondary compute-robustness" on:click=compute
                    disabled=move || state.get() == RobustnessState::Computing>
                    {move || text(org(OrgKey::ComputeRobustness))}
                </button>
            </div>
            {result}
        </section>
    }
}
