//! The match board tab: the organizer tunes weights a–d, the threshold and the mode, and sees
//! the selected pairs with the parts of M, and "best" against "stable" side by side. A minimum
//! number of meetings per startup (definitions §7.3) makes "best" select with floors; when no
//! selection can meet it, the certificate is shown in plain words, with the startups and the
//! investors' supplies. Every number comes from the match worker (`crate::solver`); this tab
//! only shows and asks.

use crate::i18n::{Key, OrgKey};
use crate::solver::protocol::{BoardResult, ModeSummary, SolveSettings};
use crate::solver::{use_match_solver, MatchSolver};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::export::Directory;
use roadshow_core::model::MatchMode;

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

pub(super) use super::directory::{score_text, use_directory};

#[component]
pub fn MatchBoard() -> impl IntoView {
    let text = use_text();
    let solver = use_match_solver();
    solver.follow();
    view! {
        <section class="match-board" aria-labelledby="matches-title">
            <h2 id="matches-title">{move || text(org(OrgKey::MatchesTitle))}</h2>
            <MatchSettingsForm solver/>
            <SolverStatus solver/>
            <FloorCertificate solver/>
            <ModeComparison solver/>
            <super::frontier::PolicyFrontier solver/>
            <super::met_before::MetBeforeNotes solver/>
            <PairsTable solver/>
        </section>
    }
}

/// Weights, threshold and mode. The inputs are filled once (and again after a reset) rather than
/// bound to the settings, so typing "0." is not rewritten to "0" under the organizer's fingers.
#[component]
fn MatchSettingsForm(solver: MatchSolver) -> impl IntoView {
    let text = use_text();
    let loaded = Memo::new(move |_| solver.settings().with(Option::is_some));
    let generation = RwSignal::new(0u32);
    let update = move |change: &dyn Fn(&mut SolveSettings)| {
        if let Some(mut settings) = solver.settings().get_untracked() {
            change(&mut settings);
            solver.set_settings(settings);
        }
    };
    let number_input = move |id: &'static str,
                             label: OrgKey,
                             read: fn(&SolveSettings) -> f64,
                             write: fn(&mut SolveSettings, f64)| {
        let initial = solver
            .settings()
            .with_untracked(|settings| settings.as_ref().map(read).unwrap_or_default());
        view! {
            <label class="control" for=id>
                <span>{move || text(org(label))}</span>
                <input
                    id=id
                    type="number"
                    inputmode="decimal"
                    min="0"
                    step="0.05"
                    value=initial.to_string()
                    on:input=move |event| {
                        if let Ok(value) = event_target_value(&event).trim().parse::<f64>() {
                            if value.is_finite() && value >= 0.0 {
                                update(&|settings| write(settings, value));
                            }
                        }
                    }
                />
            </label>
        }
    };
    let mode_radio = move |mode: MatchMode, id: &'static str, label: OrgKey| {
        view! {
            <label class="choice" for=id>
                <input
                    id=id
                    type="radio"
                    name="match-mode"
                    prop:checked=move || solver.settings().with(|settings| settings.is_some_and(|s| s.mode == mode))
                    on:change=move |_| update(&|settings| settings.mode = mode)
                />
                <span>{move || text(org(label))}</span>
            </label>
        }
    };
    view! {
        <form class="match-settings board-controls" on:submit=|event| event.prevent_default()>
            {move || {
                generation.track();
                loaded.get().then(|| view! {
                    <fieldset class="weights">
                        <legend>{move || text(org(OrgKey::MatchSettings))}</legend>
                        {number_input("weight-fit", OrgKey::WeightFit, |s| s.weights.fit, |s, v| s.weights.fit = v)}
                        {number_input("weight-own", OrgKey::WeightOwn, |s| s.weights.own, |s, v| s.weights.own = v)}
                        {number_input("weight-interest", OrgKey::WeightInterest, |s| s.weights.interest, |s, v| s.weights.interest = v)}
                        {number_input("weight-startup-interest", OrgKey::WeightStartupInterest, |s| s.weights.startup_interest, |s, v| s.weights.startup_interest = v)}
                        {number_input("match-threshold", OrgKey::Threshold, |s| s.threshold, |s, v| s.threshold = v)}
                    </fieldset>
                })
            }}
            {move || {
                generation.track();
                loaded.get().then(|| {
                    let initial = solver.settings().with_untracked(|s| s.map_or(0, |s| s.min_startup_meetings));
                    view! {
                        <label class="control floor" for="min-startup-meetings">
                            <span>{move || text(org(OrgKey::FloorLabel))}</span>
                            <input
                                id="min-startup-meetings"
                                type="number"
                                inputmode="numeric"
                                min="0"
                                step="1"
                                value=initial.to_string()
                                aria-describedby="floor-hint"
                                on:input=move |event| {
                                    let typed = event_target_value(&event);
                                    let floor = if typed.trim().is_empty() { Some(0) } else { typed.trim().parse::<u32>().ok() };
                                    if let Some(floor) = floor {
                                        update(&|settings| settings.min_startup_meetings = floor);
                                    }
                                }
                            />
                            <span id="floor-hint" class="hint">{move || text(org(OrgKey::FloorHint))}</span>
                        </label>
                    }
                })
            }}
            <fieldset class="segmented">
                <legend>{move || text(org(OrgKey::MatchMode))}</legend>
                {mode_radio(MatchMode::Best, "mode-best", OrgKey::ModeBest)}
                {mode_radio(MatchMode::Stable, "mode-stable", OrgKey::ModeStable)}
            </fieldset>
            <button
                type="button"
                on:click=move |_| {
                    solver.reset_settings();
                    generation.update(|generation| *generation += 1);
                }
            >
                {move || text(org(OrgKey::ResetWeights))}
            </button>
        </form>
    }
}

/// "Computing…" while the worker works, then how long it took; the failure if there is one.
#[component]
pub(super) fn SolverStatus(solver: MatchSolver) -> impl IntoView {
    let text = use_text();
    let computing = solver.computing();
    view! {
        <p class="solver-status" role="status" aria-live="polite" data-computing=move || computing.get().to_string()>
            {move || if computing.get() {
                view! { <span class="computing">{move || text(org(OrgKey::Computing))}</span> }.into_any()
            } else {
                let took = solver.board().with(|board| board.as_ref().map(|b| format!(" · {} {:.0}", text(org(OrgKey::SolveTime)), b.solve_ms + b.load_ms)));
                view! { <span>{move || text(org(OrgKey::UpToDate))}{took}</span> }.into_any()
            }}
        </p>
        {move || solver.failure().get().map(|error| view! {
            <p class="card problem" role="alert" title=error.to_string()>{move || text(org(OrgKey::SolverFailed))}</p>
        })}
    }
}

/// Why the floor cannot be met (definitions §7.3): the sentence, the startups of S and the
/// investors who could meet them with their supplies. The board below is then without the floor.
#[component]
fn FloorCertificate(solver: MatchSolver) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let directory = use_directory(use_organizer_data());
    move || {
        let (certificate, floor) = solver.board().with(|board| {
            board.as_ref().and_then(|b| {
                b.floor_infeasible
                    .clone()
                    .map(|c| (c, b.settings.min_startup_meetings))
            })
        })?;
        let (count, need, supply, cap) = (
            certificate.startups.len(),
            certificate.need,
            certificate.supply,
            certificate.total_cap,
        );
        let sentence = move || {
            super::format::floor_certificate_sentence(
                language.get(),
                count,
                floor,
                need,
                supply,
                cap,
            )
        };
        let startups = directory.with(|d| {
            certificate
                .startups
                .iter()
                .map(|id| (id.clone(), d.startup_name(id).to_owned()))
                .collect::<Vec<_>>()
        });
        let investors = directory.with(|d| {
            certificate
                .investors
                .iter()
                .map(|i| {
                    (
                        i.investor.clone(),
                        d.investor_name(&i.investor).to_owned(),
                        i.supply,
                    )
                })
                .collect::<Vec<_>>()
        });
        Some(view! {
            <section class="card notice floor-certificate" role="alert" aria-labelledby="floor-certificate-title"
                data-need=certificate.need.to_string() data-supply=certificate.supply.to_string()>
                <h3 id="floor-certificate-title">{move || text(org(OrgKey::FloorImpossible))}</h3>
                <p class="certificate-sentence">{sentence}</p>
                <h4>{move || text(org(OrgKey::CertificateStartups))}</h4>
                <ul class="certificate-startups">
                    {startups.into_iter().map(|(id, name)| view! { <li data-startup=id>{name}</li> }).collect_view()}
                </ul>
                <table class="board-table certificate-investors">
                    <caption>{move || text(org(OrgKey::CertificateInvestors))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || text(org(OrgKey::ColInvestor))}</th>
                            <th scope="col" class="number">{move || text(org(OrgKey::ColSupply))}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {investors.into_iter().map(|(id, name, supply)| view! {
                            <tr data-investor=id><td>{name}</td><td class="number">{supply}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p>{move || text(org(OrgKey::FloorWithout))}</p>
            </section>
        })
    }
}

#[component]
fn ModeComparison(solver: MatchSolver) -> impl IntoView {
    let text = use_text();
    let directory = use_directory(use_organizer_data());
    let chosen = move || {
        solver
            .settings()
            .with(|settings| settings.map(|s| s.mode).unwrap_or_default())
    };
    let row = move |label: OrgKey, value: fn(&ModeSummary, &Directory) -> String| {
        let cell = move |pick: fn(&BoardResult) -> &ModeSummary| {
            move || {
                solver.board().with(|board| {
                    board
                        .as_ref()
                        .map(|b| directory.with(|d| value(pick(b), d)))
                        .unwrap_or_default()
                })
            }
        };
        view! {
            <tr>
                <th scope="row">{move || text(org(label))}</th>
                <td class="number" data-mode="best">{cell(|b| &b.best)}</td>
                <td class="number" data-mode="stable">{cell(|b| &b.stable)}</td>
            </tr>
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="comparison-caption">
            <table class="board-table comparison" aria-labelledby="comparison-caption">
                <caption id="comparison-caption">{move || text(org(OrgKey::Comparison))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || text(org(OrgKey::Measure))}</th>
                        <th scope="col" class="number" class:chosen=move || chosen() == MatchMode::Best>{move || text(org(OrgKey::ModeBest))}</th>
                        <th scope="col" class="number" class:chosen=move || chosen() == MatchMode::Stable>{move || text(org(OrgKey::ModeStable))}</th>
                    </tr>
                </thead>
                <tbody>
                    {row(OrgKey::TotalScore, |s, _| score_text(s.total))}
                    {row(OrgKey::MeetingCount, |s, _| s.meetings.to_string())}
                    {row(OrgKey::BlockingPairs, |s, _| s.blocking_pairs.to_string())}
                    {row(OrgKey::MinMeetings, |s, _| s.min_startup_meetings.to_string())}
                    {row(OrgKey::LeastServed, |s, d| {
                        s.least_served.iter().map(|id| d.startup_name(id).to_owned()).collect::<Vec<_>>().join(", ")
                    })}
                </tbody>
            </table>
        </div>
    }
}

const PAIRS_PAGE: usize = 100;

#[component]
fn PairsTable(solver: MatchSolver) -> impl IntoView {
    let text = use_text();
    let directory = use_directory(use_organizer_data());
    let header = move |label: OrgKey| view! { <th scope="col" class="number">{move || text(org(label))}</th> };
    // A large event selects thousands of pairs; drawing them all after every weight change would
    // block the page for hundreds of milliseconds, so rows come a page at a time.
    let shown = RwSignal::new(PAIRS_PAGE);
    let total = move || {
        solver
            .board()
            .with(|board| board.as_ref().map_or(0, |b| b.pairs.len()))
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="pairs-caption">
            <table class="board-table pairs">
                <caption id="pairs-caption">{move || text(org(OrgKey::PairsTitle))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || text(org(OrgKey::ColInvestor))}</th>
                        <th scope="col">{move || text(org(OrgKey::ColStartup))}</th>
                        {header(OrgKey::ColScore)}
                        {header(OrgKey::ColFit)}
                        {header(OrgKey::ColOwn)}
                        {header(OrgKey::ColInterest)}
                        {header(OrgKey::ColStartupInterest)}
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || solver.board().with(|board| {
                            board.as_ref().map(|b| b.pairs.iter().take(shown.get()).cloned().collect::<Vec<_>>()).unwrap_or_default()
                        })
                        key=|pair| (pair.investor.clone(), pair.startup.clone(), pair.score.to_bits())
                        children=move |pair| {
                            let (investor_id, startup_id) = (pair.investor.clone(), pair.startup.clone());
                            let investor = move || directory.with(|d| d.investor_name(&investor_id).to_owned());
                            let startup = move || directory.with(|d| d.startup_name(&startup_id).to_owned());
                            view! {
                                <tr data-investor=pair.investor.clone() data-startup=pair.startup.clone()>
                                    <td>{investor}</td>
                                    <td>{startup}</td>
                                    <td class="number score">{score_text(pair.score)}</td>
                                    <td class="number">{score_text(pair.fit)}</td>
                                    <td class="number">{score_text(pair.own)}</td>
                                    <td class="number">{score_text(pair.interest)}</td>
                                    <td class="number">{score_text(pair.startup_interest)}</td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </div>
        {move || (total() > shown.get()).then(|| view! {
            <button type="button" class="show-more" on:click=move |_| shown.update(|shown| *shown += PAIRS_PAGE)>
                {move || text(org(OrgKey::ShowMorePairs))}{move || format!(" ({} / {})", shown.get().min(total()), total())}
            </button>
        })}
        {move || solver.board().with(|board| board.as_ref().is_some_and(|b| b.pairs.is_empty())).then(|| view! {
            <p class="empty">{move || text(org(OrgKey::NoPairs))}</p>
        })}
    }
}
