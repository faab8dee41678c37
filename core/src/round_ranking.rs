//! Ranking by round and the final total (docs/definitions.md §8.1): `roadshow rank SNAPSHOT
//! --round R` ranks within round R exactly as definitions §4.1–4.5, with the round's criteria,
//! scale, judges and minimum judges; `roadshow rank SNAPSHOT --final` prints the final total.
//!
//! A round is ranked by building its one-round snapshot ([`crate::rounds::round_snapshot`]: the
//! round's settings in place of the event's, only its scores) and running the ordinary
//! [`Scoreboard`] on it, so nothing of §4.1–4.5 is written twice.
//!
//! # Decisions where the definitions are silent
//!
//! - **A snapshot without rounds** is one round: `--final` (and plain `rank`) print exactly what
//!   `rank` prints today; `--round R` is wrong usage there (exit status 2), as is an unknown R.
//! - **Plain `rank` on a snapshot with rounds** prints the final total (as `--final`): the
//!   event's own criteria no longer describe every score.
//! - **`final_only`** prints the last round's ranking exactly as `--round LAST` does.
//! - **`weighted`** prints the rank rows with `total` = Σ_r w_r·T_r\[s\] / Σ_r w_r over the rounds
//!   where s has a total (T_r in the chosen mode: normalized, or raw with `--raw`), and
//!   `raw_total` / `normalized_total` the same formula over each mode's round totals; ranked as
//!   §4.4 (totals within 1e-9 share a rank, startups without any round total last, unranked).
//!   The fields that do not combine across rounds are: `se`, `ci_low`, `ci_high` null (no
//!   interval is defined for the combination); `judges` = distinct investors who scored s in
//!   the rounds where s has a total; `needs` = the largest `needs` of those rounds (the first
//!   round's when s has no total anywhere); `disagreement` = true when any of those rounds flags
//!   it; `criteria` = {} (rounds may have different criteria). An added field `rounds` maps each
//!   round id, in event order, to T_r\[s\] (null where s has no total).

use crate::model::Snapshot;
use crate::problem::Problem;
use crate::ranking::{rank_order, Ranking, Scoreboard, StartupResult, TotalMode};
use crate::rounds::{round_index, round_snapshot, FinalTotal};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use thiserror::Error;

/// Why a round could not be ranked.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RoundRankError {
    /// `--round` on an event without rounds (wrong usage).
    #[error("the event has no rounds; rank it without --round")]
    NoRounds,
    /// No round has this id (wrong usage).
    #[error("the event has no round {0:?}")]
    UnknownRound(String),
    /// The snapshot (or the round's snapshot) has problems.
    #[error("the snapshot has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
}

/// One round's ranking: the round's one-round snapshot (for ids and criterion keys) and the
/// ranking of §4.1–4.5 on it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundRanking {
    pub snapshot: Snapshot,
    pub ranking: Ranking,
    /// The round's scoreboard (judge totals, diagnostics).
    pub board: Scoreboard,
}

/// Ranks the round at `index` (any index for a snapshot without rounds: the snapshot itself).
fn rank_at(
    snapshot: &Snapshot,
    index: usize,
    mode: TotalMode,
) -> Result<RoundRanking, Vec<Problem>> {
    let one = round_snapshot(snapshot, index);
    let mut board = Scoreboard::from_snapshot(&one)?;
    let ranking = board.ranking(mode);
    Ok(RoundRanking {
        snapshot: one,
        ranking,
        board,
    })
}

/// `roadshow rank --round R`: §4.1–4.5 within round `round`.
pub fn rank_round(
    snapshot: &Snapshot,
    round: &str,
    mode: TotalMode,
) -> Result<RoundRanking, RoundRankError> {
    if snapshot.event.rounds.is_empty() {
        return Err(RoundRankError::NoRounds);
    }
    let index = round_index(&snapshot.event, round)
        .ok_or_else(|| RoundRankError::UnknownRound(round.to_owned()))?;
    rank_at(snapshot, index, mode).map_err(RoundRankError::Invalid)
}

/// One line of the weighted final ranking (the `rank` row's fields plus `rounds`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinalRow {
    pub startup: String,
    pub rank: Option<u32>,
    pub total: Option<f64>,
    pub raw_total: Option<f64>,
    pub normalized_total: Option<f64>,
    pub se: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub judges: u32,
    pub needs: u32,
    pub disagreement: bool,
    /// Always empty: rounds may have different criteria.
    pub criteria: BTreeMap<String, f64>,
    /// Round id → T_r\[s\] in the chosen mode, in event order.
    #[serde(serialize_with = "ordered_map")]
    pub rounds: Vec<(String, Option<f64>)>,
}

fn ordered_map<S: Serializer>(
    entries: &[(String, Option<f64>)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// The final total: one round's ranking (no rounds, or `final_only`), or the weighted rows.
#[derive(Debug, Clone, PartialEq)]
pub enum FinalRanking {
    Round(Box<RoundRanking>),
    Weighted(Vec<FinalRow>),
}

/// `roadshow rank --final` (see the module docs).
pub fn final_ranking(snapshot: &Snapshot, mode: TotalMode) -> Result<FinalRanking, Vec<Problem>> {
    let event = &snapshot.event;
    let rounds = event.rounds.len();
    if rounds == 0 || event.final_total.unwrap_or_default() == FinalTotal::FinalOnly {
        return Ok(FinalRanking::Round(Box::new(rank_at(
            snapshot,
            rounds.saturating_sub(1),
            mode,
        )?)));
    }
    let ranked: Vec<RoundRanking> = (0..rounds)
        .map(|r| rank_at(snapshot, r, mode))
        .collect::<Result<_, _>>()?;
    Ok(FinalRanking::Weighted(weighted_rows(snapshot, &ranked)))
}

/// Σ w·T / Σ w over the present terms; `None` when there are none.
fn weighted(terms: impl Iterator<Item = (f64, Option<f64>)>) -> Option<f64> {
    let (mut sum, mut weights, mut any) = (0.0, 0.0, false);
    for (w, t) in terms {
        if let Some(t) = t {
            sum += w * t;
            weights += w;
            any = true;
        }
    }
    any.then(|| sum / weights)
}

fn weighted_rows(snapshot: &Snapshot, ranked: &[RoundRanking]) -> Vec<FinalRow> {
    let event = &snapshot.event;
    let startups = snapshot.startups.len();
    let investors = snapshot.investors.len();
    // Per round, per startup (snapshot position): its result in that round.
    let results: Vec<Vec<Option<&StartupResult>>> = ranked
        .iter()
        .map(|round| {
            let mut by_startup = vec![None; startups];
            for result in &round.ranking.startups {
                by_startup[result.startup] = Some(result);
            }
            by_startup
        })
        .collect();
    let result = |r: usize, s: usize| results[r][s];
    let weights: Vec<f64> = event.rounds.iter().map(|round| round.weight()).collect();
    let pick = |s: usize, field: fn(&StartupResult) -> Option<f64>| {
        weighted((0..ranked.len()).map(|r| (weights[r], result(r, s).and_then(field))))
    };
    let totals: Vec<Option<f64>> = (0..startups).map(|s| pick(s, |x| x.total)).collect();
    let mut by_id: Vec<usize> = (0..startups).collect();
    by_id.sort_by(|&a, &b| snapshot.startups[a].id.cmp(&snapshot.startups[b].id));
    let mut listing_order = vec![0u32; startups];
    for (position, &s) in by_id.iter().enumerate() {
        listing_order[s] = position as u32;
    }
    let (order, ranks) = rank_order(&totals, &listing_order);
    order
        .into_iter()
        .map(|s| {
            let counted: Vec<usize> = (0..ranked.len())
                .filter(|&r| result(r, s).is_some_and(|x| x.total.is_some()))
                .collect();
            let judges: HashSet<usize> = counted
                .iter()
                .flat_map(|&r| {
                    (0..investors).filter(move |&j| ranked[r].board.judge_total(j, s).is_some())
                })
                .collect();
            let needs = if counted.is_empty() {
                result(0, s).map_or(0, |x| x.needs)
            } else {
                counted
                    .iter()
                    .filter_map(|&r| result(r, s).map(|x| x.needs))
                    .max()
                    .unwrap_or(0)
            };
            FinalRow {
                startup: snapshot.startups[s].id.clone(),
                rank: ranks[s],
                total: totals[s],
                raw_total: pick(s, |x| x.raw_total),
                normalized_total: pick(s, |x| x.normalized_total),
                se: None,
                ci_low: None,
                ci_high: None,
                judges: judges.len() as u32,
                needs,
                disagreement: counted
                    .iter()
                    .any(|&r| result(r, s).is_some_and(|x| x.disagreement)),
                criteria: BTreeMap::new(),
                rounds: event
                    .rounds
                    .iter()
                    .enumerate()
                    .map(|(r, round)| (round.id.clone(), result(r, s).and_then(|x| x.total)))
                    .collect(),
            }
        })
        .collect()
}

/// The startups promoted from round `round` (definitions §8.1), in id order: `{"top": N}` —
/// every startup ranked N or better by the round's chosen total (a tie at the cut promotes all
/// of it); `{"startups": […]}` — that list; no `promote` — none.
pub fn promoted(
    snapshot: &Snapshot,
    round: &str,
    mode: TotalMode,
) -> Result<Vec<String>, RoundRankError> {
    let ranked = rank_round(snapshot, round, mode)?;
    let index = round_index(&snapshot.event, round).unwrap_or(0);
    let promote = snapshot.event.rounds[index].promote.clone();
    let mut ids: Vec<String> = match promote {
        Some(p) => match (p.top, p.startups) {
            (Some(top), _) => ranked
                .ranking
                .startups
                .iter()
                .filter(|x| x.rank.is_some_and(|rank| i64::from(rank) <= top))
                .map(|x| snapshot.startups[x.startup].id.clone())
                .collect(),
            (None, Some(list)) => list,
            (None, None) => Vec::new(),
        },
        None => Vec::new(),
    };
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The key in `promote` under which the console records the N of a confirmed top N: the list
/// `startups` was the round's top N when the organizer confirmed it.
pub const CONFIRMED_TOP: &str = "confirmed_top";

/// How the round's top N today differs from the list the organizer confirmed from it
/// (definitions §8.1: a later change that would alter the top N is shown, never applied).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PromotionDrift {
    /// The N confirmed.
    pub top: i64,
    /// In today's top N, not on the confirmed list (id order).
    pub would_enter: Vec<String>,
    /// On the confirmed list, no longer in today's top N (id order).
    pub would_leave: Vec<String>,
}

/// The drift of round `round`'s confirmed promotion; `None` when the round's promotion is not a
/// confirmed top N (by hand, `{"top": N}` alone, or none) or nothing would change.
pub fn promotion_drift(
    snapshot: &Snapshot,
    round: &str,
    mode: TotalMode,
) -> Result<Option<PromotionDrift>, RoundRankError> {
    if snapshot.event.rounds.is_empty() {
        return Err(RoundRankError::NoRounds);
    }
    let index = round_index(&snapshot.event, round)
        .ok_or_else(|| RoundRankError::UnknownRound(round.to_owned()))?;
    let Some(promote) = &snapshot.event.rounds[index].promote else {
        return Ok(None);
    };
    let (Some(list), Some(top)) = (
        &promote.startups,
        promote.extra.get(CONFIRMED_TOP).and_then(|n| n.as_i64()),
    ) else {
        return Ok(None);
    };
    let mut today = snapshot.clone();
    today.event.rounds[index].promote = Some(crate::rounds::Promote {
        top: Some(top),
        ..Default::default()
    });
    let now: HashSet<String> = promoted(&today, round, mode)?.into_iter().collect();
    let confirmed: HashSet<&String> = list.iter().collect();
    let mut would_enter: Vec<String> = now
        .iter()
        .filter(|id| !confirmed.contains(id))
        .cloned()
        .collect();
    let mut would_leave: Vec<String> = list
        .iter()
        .filter(|id| !now.contains(*id))
        .cloned()
        .collect();
    would_enter.sort();
    would_leave.sort();
    would_leave.dedup();
    Ok(
        (!would_enter.is_empty() || !would_leave.is_empty()).then_some(PromotionDrift {
            top,
            would_enter,
            would_leave,
        }),
    )
}
