//! The policy frontier on the match board (definitions §7.7): Σ M against the number of
//! capital-region → non-capital pairs for β on a grid, each point an exact solve in the worker;
//! picking a point solves the board with that β.

use crate::i18n::{Key, ProgramKey};
use crate::solver::protocol::FrontierResult;
use crate::solver::MatchSolver;
use crate::state::language::use_text;
use leptos::prelude::*;

fn key(key: ProgramKey) -> Key {
    Key::Program(key)
}

/// β = 0, 0.05, …, 1: 21 values, in the units of M (each part of M lies in [0, 1]).
pub fn beta_grid() -> Vec<f64> {
    (0..=20).map(|step| f64::from(step) / 20.0).collect()
}

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 220.0;
const MARGIN: f64 = 36.0;

/// The chart's points: x by policy pairs, y by Σ M, each scaled to the plot (a single value
/// sits in the middle).
pub fn chart_points(points: &[(usize, f64)]) -> Vec<(f64, f64)> {
    let span = |values: Vec<f64>| {
        let low = values.iter().copied().fold(f64::INFINITY, f64::min);
        let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (low, high)
    };
    let (x_low, x_high) = span(points.iter().map(|(x, _)| *x as f64).collect());
    let (y_low, y_high) = span(points.iter().map(|(_, y)| *y).collect());
    let scale = |value: f64, low: f64, high: f64, length: f64| {
        if high > low {
            (value - low) / (high - low) * length
        } else {
            length / 2.0
        }
    };
    points
        .iter()
        .map(|&(x, y)| {
            (
                MARGIN + scale(x as f64, x_low, x_high, WIDTH - 2.0 * MARGIN),
                HEIGHT - MARGIN - scale(y, y_low, y_high, HEIGHT - 2.0 * MARGIN),
            )
        })
        .collect()
}

#[component]
pub fn PolicyFrontier(solver: MatchSolver) -> impl IntoView {
    let text = use_text();
    let frontier = RwSignal::new(None::<FrontierResult>);
    let failed = RwSignal::new(false);
    let computing = RwSignal::new(false);
    let compute = move |_| {
        computing.set(true);
        failed.set(false);
        solver.request_frontier(beta_grid(), move |answer| {
            computing.set(false);
            match answer {
                Ok(result) => frontier.set(Some(result)),
                Err(error) => {
                    leptos::logging::warn!("the policy frontier failed: {error}");
                    failed.set(true);
                }
            }
        });
    };
    let in_use = move || {
        solver
            .settings()
            .with(|settings| settings.and_then(|s| s.policy_bonus))
    };
    let pick = move |beta: Option<f64>| {
        if let Some(mut settings) = solver.settings().get_untracked() {
            settings.policy_bonus = beta;
            solver.set_settings(settings);
        }
    };
    let policy_pairs = move || {
        solver
            .board()
            .with(|board| board.as_ref().and_then(|b| b.policy_pairs))
    };
    view! {
        <section class="card policy-frontier" aria-labelledby="frontier-title">
            <h3 id="frontier-title">{move || text(key(ProgramKey::FrontierHeading))}</h3>
            <p class="hint">{move || text(key(ProgramKey::FrontierIntro))}</p>
            <div class="actions">
                <button type="button" id="compute-frontier" on:click=compute disabled=move || computing.get()>
                    {move || if computing.get() { text(key(ProgramKey::FrontierComputing)) } else { text(key(ProgramKey::FrontierCompute)) }}
                </button>
                {move || in_use().map(|beta| view! {
                    <p class="beta-in-use" role="status" data-beta=beta.to_string()>
                        {move || text(key(ProgramKey::UsingBeta))}" "{format!("{beta:.2}")}
                        {move || policy_pairs().map(|count| format!(" · {} {count}", text(key(ProgramKey::PolicyPairs))))}
                    </p>
                    <button type="button" id="clear-beta" on:click=move |_| pick(None)>{move || text(key(ProgramKey::ClearBeta))}</button>
                })}
            </div>
            {move || failed.get().then(|| view! { <p class="form-error" role="alert">{move || text(key(ProgramKey::FrontierFailed))}</p> })}
            {move || frontier.get().map(|result| {
                let points: Vec<(usize, f64)> = result.points.iter().map(|p| (p.policy_pairs, p.total)).collect();
                let placed = chart_points(&points);
                let path = placed.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
                view! {
                    <svg class="frontier-chart" role="img" aria-labelledby="frontier-chart-title" viewBox=format!("0 0 {WIDTH} {HEIGHT}") width="100%">
                        <title id="frontier-chart-title">{move || text(key(ProgramKey::FrontierChartLabel))}</title>
                        <line x1=MARGIN y1=HEIGHT - MARGIN x2=WIDTH - MARGIN y2=HEIGHT - MARGIN class="axis"/>
                        <line x1=MARGIN y1=MARGIN x2=MARGIN y2=HEIGHT - MARGIN class="axis"/>
                        <polyline points=path class="frontier-line"/>
                        {placed.iter().map(|(x, y)| view! { <circle cx=*x cy=*y r="4"/> }).collect_view()}
                        <text x=WIDTH / 2.0 y=HEIGHT - 8.0 text-anchor="middle">{move || text(key(ProgramKey::PolicyPairs))}</text>
                        <text x="12" y=HEIGHT / 2.0 text-anchor="middle" transform=format!("rotate(-90 12 {})", HEIGHT / 2.0)>{move || text(key(ProgramKey::TotalM))}</text>
                    </svg>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="frontier-caption">
                        <table class="board-table frontier-table">
                            <caption id="frontier-caption">{move || text(key(ProgramKey::FrontierCaption))}</caption>
                            <thead><tr>
                                <th scope="col" class="number">{move || text(key(ProgramKey::Beta))}</th>
                                <th scope="col" class="number">{move || text(key(ProgramKey::TotalM))}</th>
                                <th scope="col" class="number">{move || text(key(ProgramKey::PolicyPairs))}</th>
                                <th scope="col"><span class="visually-hidden">{move || text(key(ProgramKey::UsePoint))}</span></th>
                            </tr></thead>
                            <tbody>
                                {result.points.iter().map(|point| {
                                    let beta = point.beta;
                                    view! {
                                        <tr data-beta=beta.to_string() data-total=point.total.to_string() data-policy-pairs=point.policy_pairs.to_string()>
                                            <td class="number">{format!("{beta:.2}")}</td>
                                            <td class="number">{super::directory::score_text(point.total)}</td>
                                            <td class="number">{point.policy_pairs}</td>
                                            <td>
                                                <button type="button" class="use-beta" aria-pressed=move || (in_use() == Some(beta)).to_string()
                                                    on:click=move |_| pick(Some(beta))>
                                                    {move || text(key(ProgramKey::UsePoint))}
                                                    <span class="visually-hidden">{format!(" β {beta:.2}")}</span>
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_21_values_from_0_to_1() {
        let grid = beta_grid();
        assert_eq!(grid.len(), 21);
        assert_eq!((grid[0], grid[10], grid[20]), (0.0, 0.5, 1.0));
    }

    #[test]
    fn points_fill_the_plot_and_a_single_value_sits_in_the_middle() {
        let placed = chart_points(&[(0, 10.0), (4, 8.0)]);
        assert_eq!(placed[0], (MARGIN, MARGIN));
        assert_eq!(placed[1], (WIDTH - MARGIN, HEIGHT - MARGIN));
        let flat = chart_points(&[(2, 5.0), (2, 5.0)]);
        assert_eq!(flat[0], (WIDTH / 2.0, HEIGHT / 2.0));
    }
}
