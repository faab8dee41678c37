//! Policy frontier (docs/definitions.md §7.7): "best" on M' = M + β·[policy pair], where a
//! **policy pair** is an investor based in the capital region (`hq_region` Seoul, Gyeonggi or
//! Incheon) with a startup outside it; `roadshow match SNAPSHOT --policy-bonus B`; and the
//! frontier (β over a grid → Σ M without the bonus, number of policy pairs) the organizer picks
//! a point from.
//!
//! The bonus is added to the candidates' weights and the same exact solver as "best" runs on them
//! ([`BestMatching::solve`], then the zero-score top-up [`fill_greedily`], both in the greedy order
//! of definitions §4.8); meeting floors (definitions §7.3) compose by running
//! [`select_with_floors`] on the same bonus weights.
//!
//! Why the number of policy pairs never falls as β rises: let x₁ be optimal for β₁ and x₂ for
//! β₂ > β₁, with p₁, p₂ policy pairs. Optimality gives M(x₁) + β₁p₁ ≥ M(x₂) + β₁p₂ and
//! M(x₂) + β₂p₂ ≥ M(x₁) + β₂p₁; adding them, (β₂ − β₁)(p₂ − p₁) ≥ 0. This needs only that each
//! selection is an exact optimum, not any particular tie-break (the solver's fixed-point grid,
//! ~1e-11 of the top score, could only matter for grid steps that small).
//!
//! # Decisions where the definitions are silent
//!
//! - **What is printed.** `score` and `total` are M and Σ M *without* the bonus (what the
//!   frontier plots; the bonus is a way to choose, not a better match), and the pairs are listed
//!   in §4.8's order by M. `blocking_pairs` is counted with M, as §4.8 defines it;
//!   `min_startup_meetings` as always. `policy_pairs` is added to the `match` output.
//! - **Who is a policy pair.** The investor's `hq_region` is Seoul, Gyeonggi or Incheon and the
//!   startup has a `region` that is not. An investor without `hq_region`, or a startup without
//!   `region` (or with a blank one), never makes a policy pair. Region names compare trimmed and
//!   ASCII case-insensitively (as fit's region part does, definitions §4.6).
//! - **β** must be a finite number ≥ 0 (`--policy-bonus` with anything else is wrong usage,
//!   exit status 2). β = 0 selects exactly as "best" does and only adds `policy_pairs`.
//! - **Threshold and vetoes** apply to M: the bonus never brings back a pair that is vetoed or
//!   below the organizer's threshold.
//! - **Mode.** The bonus applies to "best": `--policy-bonus` selects "best" whatever the event's
//!   `match.mode`, and together with `--mode stable` is wrong usage (exit status 2), like a floor.
//! - **With a floor** (`--min-startup-meetings K`): allowed; the selection maximises Σ M' subject
//!   to the floors (definitions §7.3 on the bonus weights, the same "today's selection is kept
//!   when it meets the floors" rule). When the floors are impossible the certificate is printed
//!   (exit status 3) exactly as without the bonus: it does not depend on scores.
//! - **The frontier** solves each β of the grid from scratch (not warm), so each point is the
//!   selection `--policy-bonus β` prints; grid values are taken in the order given.

use super::floors::{floor_targets, select_with_floors, FloorOutcome};
use super::flow::{BestMatching, FlowError};
use super::instance::MatchingInstance;
use super::stable::fill_greedily;
use super::{FloorInfeasible, MatchBoard, MatchError, Selection};
use crate::model::{Investor, Snapshot, Startup, CAPITAL_REGIONS};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a policy-bonus selection could not run.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PolicyError {
    /// β is negative, infinite or not a number (wrong usage).
    #[error("the policy bonus must be a number of at least 0, got {0}")]
    Bonus(f64),
    #[error(transparent)]
    Match(#[from] MatchError),
}

impl From<FlowError> for PolicyError {
    fn from(error: FlowError) -> Self {
        PolicyError::Match(MatchError::Flow(error))
    }
}

/// `roadshow match --policy-bonus B`: the `match` output plus `policy_pairs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicySelection {
    #[serde(flatten)]
    pub selection: Selection,
    /// Chosen pairs with the investor in the capital region and the startup outside it.
    pub policy_pairs: usize,
}

/// The bonus selection, or (with a floor) the certificate that the floor is impossible.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyOutcome {
    Selected(PolicySelection),
    Infeasible(FloorInfeasible),
}

/// One point of the policy frontier: at bonus `beta`, the selection's Σ M (without the bonus)
/// and its number of policy pairs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FrontierPoint {
    pub beta: f64,
    pub total: f64,
    pub policy_pairs: usize,
}

fn in_capital_region(region: &str) -> bool {
    let region = region.trim();
    CAPITAL_REGIONS
        .iter()
        .any(|capital| capital.eq_ignore_ascii_case(region))
}

/// Whether the pair is a policy pair: the investor's `hq_region` is in the capital region and the
/// startup has a (non-blank) `region` outside it.
pub fn is_policy_pair(investor: &Investor, startup: &Startup) -> bool {
    let investor_in_capital = investor.hq_region.as_deref().is_some_and(in_capital_region);
    let startup_outside = startup
        .region
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty() && !in_capital_region(r));
    investor_in_capital && startup_outside
}

/// The instance with β added to the score of every candidate flagged in `policy` (one flag per
/// candidate). Capacities and the cap are unchanged.
pub fn bonus_instance(instance: &MatchingInstance, policy: &[bool], beta: f64) -> MatchingInstance {
    let mut bonus = instance.clone();
    for (candidate, &flag) in bonus.candidates.iter_mut().zip(policy) {
        if flag {
            candidate.score += beta;
        }
    }
    bonus
}

/// "Best" on M' (candidate indices, unordered): the exact optimum of the bonus weights with the
/// zero-score top-up, as [`MatchBoard::select`] does for M.
pub fn select_with_bonus(
    instance: &MatchingInstance,
    policy: &[bool],
    beta: f64,
) -> Result<Vec<usize>, FlowError> {
    let bonus = bonus_instance(instance, policy, beta);
    let mut chosen = BestMatching::solve(&bonus)?.selected();
    fill_greedily(&bonus, &mut chosen);
    Ok(chosen)
}

fn check_beta(beta: f64) -> Result<(), PolicyError> {
    if beta.is_finite() && beta >= 0.0 {
        Ok(())
    } else {
        Err(PolicyError::Bonus(beta))
    }
}

impl MatchBoard {
    /// One flag per candidate of [`Self::instance`]: is it a policy pair? `snapshot` must be the
    /// one the board was built from.
    pub fn policy_flags(&self, snapshot: &Snapshot) -> Vec<bool> {
        self.instance
            .candidates
            .iter()
            .zip(&self.candidate_member)
            .map(|(c, &member)| {
                let investor = &snapshot.investors[self.investor_pos[member as usize]];
                let startup = &snapshot.startups[self.startup_pos[c.startup as usize]];
                is_policy_pair(investor, startup)
            })
            .collect()
    }

    /// "Best" on M' = M + β·[policy pair] (definitions §7.7), under `min_startup_meetings`
    /// (0 = no floor; definitions §7.3). Scores and total are M; see the module docs.
    pub fn select_with_policy_bonus(
        &self,
        snapshot: &Snapshot,
        beta: f64,
        min_startup_meetings: u32,
    ) -> Result<PolicyOutcome, PolicyError> {
        check_beta(beta)?;
        let policy = self.policy_flags(snapshot);
        let mut chosen = select_with_bonus(&self.instance, &policy, beta)?;
        if min_startup_meetings > 0 {
            let bonus = bonus_instance(&self.instance, &policy, beta);
            let targets = floor_targets(&bonus, min_startup_meetings);
            match select_with_floors(&bonus, &targets, &chosen)? {
                FloorOutcome::Selected(floored) => chosen = floored,
                FloorOutcome::Infeasible(c) => {
                    return Ok(PolicyOutcome::Infeasible(self.infeasible_of(&c)))
                }
            }
        }
        chosen.sort_by(|&a, &b| self.instance.greedy_before(a, b));
        let policy_pairs = chosen.iter().filter(|&&p| policy[p]).count();
        Ok(PolicyOutcome::Selected(PolicySelection {
            selection: self.selection_of(&chosen),
            policy_pairs,
        }))
    }

    /// The policy frontier: for each β of `betas` (in the order given), Σ M without the bonus
    /// and the number of policy pairs of the "best" selection on M'. Each point is what
    /// `--policy-bonus β` prints.
    pub fn policy_frontier(
        &self,
        snapshot: &Snapshot,
        betas: &[f64],
    ) -> Result<Vec<FrontierPoint>, PolicyError> {
        let policy = self.policy_flags(snapshot);
        betas
            .iter()
            .map(|&beta| {
                check_beta(beta)?;
                let mut chosen = select_with_bonus(&self.instance, &policy, beta)?;
                // Summed in the printed order, so the total is the printed one to the last bit.
                chosen.sort_by(|&a, &b| self.instance.greedy_before(a, b));
                Ok(FrontierPoint {
                    beta,
                    total: chosen
                        .iter()
                        .map(|&p| self.instance.candidates[p].score)
                        .sum(),
                    policy_pairs: chosen.iter().filter(|&&p| policy[p]).count(),
                })
            })
            .collect()
    }
}

/// `roadshow match --policy-bonus B [--min-startup-meetings K]`: validate, rank, and select
/// "best" on M' (see [`MatchBoard::select_with_policy_bonus`]).
pub fn match_snapshot_with_policy_bonus(
    snapshot: &Snapshot,
    beta: f64,
    min_startup_meetings: u32,
) -> Result<PolicyOutcome, PolicyError> {
    check_beta(beta)?;
    let board = MatchBoard::from_snapshot(snapshot)?;
    board.select_with_policy_bonus(snapshot, beta, min_startup_meetings)
}

/// The frontier of a snapshot (validate, rank, then [`MatchBoard::policy_frontier`]).
pub fn policy_frontier_of_snapshot(
    snapshot: &Snapshot,
    betas: &[f64],
) -> Result<Vec<FrontierPoint>, PolicyError> {
    MatchBoard::from_snapshot(snapshot)?.policy_frontier(snapshot, betas)
}
