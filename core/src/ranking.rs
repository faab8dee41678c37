//! Ranking (docs/definitions.md §4.1–4.5): raw and severity-normalized totals, uncertainty, ranks
//! with ties, per-criterion ranks, judge diagnostics and disagreement flags.
//!
//! # Public API
//!
//! - [`Scoreboard`] holds the scores by index (investor, startup, criterion are positions in the
//!   snapshot's lists and `event.criteria`) with running sums, and is the live structure:
//!   - [`Scoreboard::from_snapshot`] validates and builds it (abstentions and conflicted scores
//!     are left out: "absent, not zero").
//!   - [`Scoreboard::set_score`] changes one score (or removes it with `None`) in time
//!     proportional to the startups that investor scored, not to all scores.
//!   - [`Scoreboard::standings`] gives totals and ranks (cheap: O(startups × criteria) plus a
//!     sort); [`Leaderboard::refresh`] gives the same while keeping the last order between calls.
//!   - [`Scoreboard::ranking`] gives the full ranking (O(all scores));
//!     [`Scoreboard::judge_diagnostics`] gives severity, spread and agreement per investor.
//!   - For matching (definitions §4.7): [`Scoreboard::judge_total`] gives investor j's own
//!     weighted total of startup s, raw and normalized ([`JudgeTotal`]), `None` when j has no
//!     score on s; [`Scoreboard::normalized_total`] and [`Scoreboard::raw_total`] give N\[s\] and
//!     R\[s\], `None` when nobody scored s. [`Scoreboard::judge_totals`] lists every t\[j,s\] at
//!     once (O(all scores), cheaper than one call per pair). [`Scoreboard::scale`] gives the
//!     bounds to map them to [0, 1].
//! - [`Ranking`] is the full result, startups in rank order; [`rank_snapshot`] is the one-call
//!   path from a snapshot.
//!
//! # Decisions where the definitions are silent
//!
//! - A criterion nobody scored for a startup is left out of both sums of R\[s\] and N\[s\] (the
//!   weighted mean runs over criteria with scores); a startup nobody scored has no total.
//! - t\[j,s\] (per-judge total) uses the chosen mode: normalized scores for the normalized ranking,
//!   raw for `--raw`. se, the interval, the disagreement flag and agreement all use that t, so
//!   they describe the numbers being ranked. t\[j,s\] averages over the criteria j scored on s.
//! - Per-criterion means shown with a ranking, and per-criterion ranks, use the chosen mode too
//!   (normalized means x̄'\[s,c\] by default), so the shown criterion means combine to the total.
//!   The raw mean, median, count and sample standard deviation are always available.
//! - Ties: a startup shares the rank of the tie group's leader when its total is within 1e-9 of
//!   the leader's; tied and unscored startups are listed by id (ascending), so the listing does
//!   not depend on input order.
//! - The disagreement threshold is compared with a 1e-9 allowance (sd ≥ threshold − 1e-9), so a
//!   spread of exactly 2.5 is flagged despite rounding.
//! - Judge severity and spread use raw scores over all criteria: severity μ\[j\] − μ (μ the mean of
//!   all scores), spread the population standard deviation of j's scores. Agreement is computed
//!   over startups j scored that at least one other judge scored; undefined below 3 such startups
//!   or when either side is constant.
//! - se, ci_low and ci_high are `None` (printed `null`) below 2 judges; the disagreement flag is
//!   false there. Scores of an investor on a startup it, or a member of its firm (definitions
//!   §8.6, `crate::teams`), declared a conflict with do not count.
//! - definitions §4.2 pools μ\[c\], σ\[c\] over raw scores, so adding a constant to one judge's
//!   scores moves μ\[c\] (and σ\[c\]) and with them every N\[s\] a little; what is invariant is
//!   each startup's position relative to the pool, (x̄'\[s,c\] − μ\[c\]) / σ\[c\], when every
//!   judge is rescaled.
//! - σ\[j,c\] = 0 is detected exactly: sums are kept as integers. Scale bounds are limited to
//!   ±1,000 (validation) so the sums can never overflow.
//!
//! # Determinism and the live case
//!
//! Counts and sums of scores are exact integers, so raw aggregates do not depend on order. The
//! normalized mean x̄'\[s,c\] = μ\[c\] + (σ\[c\]·Z\[s,c\] + D\[s,c\]) / n\[s,c\] is kept decomposed: Z sums
//! (x − μ\[j,c\]) / σ\[j,c\] over judges rescaled, D sums x − μ\[j,c\] over judges only shifted.
//! A change of μ\[c\], σ\[c\] therefore costs nothing per startup, and a change of one judge's
//! μ\[j,c\], σ\[j,c\] touches only that judge's startups. [`Scoreboard::set_score`] updates Z and D
//! by difference, so after many live updates they may differ from a fresh build by rounding
//! (~1e-13); a fresh build from the same snapshot is bit-identical on every platform.

use crate::model::Snapshot;
use crate::problem::Problem;
use crate::stats;
use crate::validate::validate;
use std::collections::HashMap;
use thiserror::Error;

/// Totals within this distance share a rank.
pub const TIE_TOLERANCE: f64 = 1e-9;
/// Fewer scores than this on a criterion, and a judge's scores are only shifted, not rescaled.
pub const MIN_SCORES_TO_RESCALE: u32 = 3;
/// Sample standard deviation of judges' totals that flags disagreement on a 1–10 scale.
pub const DISAGREEMENT_ON_1_TO_10: f64 = 2.5;

const ABSENT: i32 = i32::MIN;

/// Which total ranks the startups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TotalMode {
    /// Severity-normalized N\[s\] (the default).
    #[default]
    Normalized,
    /// Raw R\[s\].
    Raw,
}

/// Misuse of [`Scoreboard::set_score`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ScoreError {
    #[error("investor index {0} is out of range")]
    UnknownInvestor(usize),
    #[error("startup index {0} is out of range")]
    UnknownStartup(usize),
    #[error("criterion index {0} is out of range")]
    UnknownCriterion(usize),
    #[error("score {value} is outside the scale {min}–{max}")]
    OutOfScale { value: i64, min: i64, max: i64 },
}

/// What a [`Scoreboard`] needs besides the scores.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreboardSetup {
    pub scale_min: i64,
    pub scale_max: i64,
    /// One weight per criterion, all > 0.
    pub weights: Vec<f64>,
    pub min_judges: u32,
    pub investors: usize,
    pub startups: usize,
    /// Per startup, its position when startups are listed by id; ties and unscored startups are
    /// listed in this order. `None` lists them by index.
    pub listing_order: Option<Vec<u32>>,
}

/// One score by index, for building a board without a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedScore {
    pub investor: usize,
    pub startup: usize,
    pub criterion: usize,
    pub value: i64,
}

/// Investor j's own weighted total of startup s (t\[j,s\] in definitions §4.3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgeTotal {
    pub raw: f64,
    pub normalized: f64,
}

/// Exact count, sum and sum of squares of whole-number scores. With scale bounds within ±1,000
/// (validation) and fewer than 2³² scores, i64 cannot overflow; i128 is used only when the
/// spread is read, not per score (it is slow on wasm32, which has no 128-bit multiply).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sums {
    n: u32,
    sum: i64,
    sum_sq: i64,
}

impl Sums {
    fn add(&mut self, x: i64) {
        self.n += 1;
        self.sum += x;
        self.sum_sq += x * x;
    }

    fn remove(&mut self, x: i64) {
        self.n -= 1;
        self.sum -= x;
        self.sum_sq -= x * x;
    }

    /// x counted `times` times.
    fn add_copies(&mut self, x: i64, times: u32) {
        let times_i = i64::from(times);
        self.n += times;
        self.sum += times_i * x;
        self.sum_sq += times_i * x * x;
    }

    fn merge(&mut self, other: Sums) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / f64::from(self.n))
    }

    /// n·Σx² − (Σx)², exactly; zero iff all scores are equal.
    fn spread_numerator(&self) -> i128 {
        i128::from(self.n) * i128::from(self.sum_sq) - i128::from(self.sum) * i128::from(self.sum)
    }

    fn population_sd(&self) -> Option<f64> {
        (self.n > 0).then(|| (self.spread_numerator() as f64).sqrt() / f64::from(self.n))
    }

    fn sample_sd(&self) -> Option<f64> {
        (self.n > 1).then(|| {
            let n = f64::from(self.n);
            (self.spread_numerator() as f64 / (n * (n - 1.0))).sqrt()
        })
    }
}

/// How one judge's scores on one criterion are mapped to the common yardstick (definitions §4.2).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Adjustment {
    /// x' = μ\[c\] + σ\[c\]·(x − mean) / sd
    Rescale { mean: f64, sd: f64 },
    /// x' = x − mean + μ\[c\] (fewer than 3 scores, or σ\[j,c\] = 0)
    Shift { mean: f64 },
    /// The judge has no scores on the criterion.
    Unused,
}

impl Adjustment {
    fn of(sums: &Sums) -> Adjustment {
        match sums.mean() {
            None => Adjustment::Unused,
            Some(mean) if sums.n >= MIN_SCORES_TO_RESCALE && sums.spread_numerator() > 0 => {
                Adjustment::Rescale {
                    mean,
                    sd: sums.population_sd().unwrap_or(0.0),
                }
            }
            Some(mean) => Adjustment::Shift { mean },
        }
    }

    /// The score's share of (Z, D) is linear in x: (x·z_slope + z_offset, x·d_slope + d_offset).
    /// Linear coefficients let a change of the judge's yardstick be applied to each of its
    /// startups with one multiply-add instead of two divisions.
    fn contribution(self) -> Contribution {
        match self {
            Adjustment::Rescale { mean, sd } => Contribution {
                z_slope: 1.0 / sd,
                z_offset: -mean / sd,
                d_slope: 0.0,
                d_offset: 0.0,
            },
            Adjustment::Shift { mean } => Contribution {
                z_slope: 0.0,
                z_offset: 0.0,
                d_slope: 1.0,
                d_offset: -mean,
            },
            Adjustment::Unused => Contribution::default(),
        }
    }

    /// x' = offset + slope·x, the severity-normalized score (definitions §4.2).
    fn affine(self, common: Common) -> Affine {
        match self {
            Adjustment::Rescale { mean, sd } => {
                let slope = common.sd / sd;
                Affine {
                    slope,
                    offset: common.mean - slope * mean,
                }
            }
            Adjustment::Shift { mean } => Affine {
                slope: 1.0,
                offset: common.mean - mean,
            },
            Adjustment::Unused => Affine {
                slope: 1.0,
                offset: 0.0,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Contribution {
    z_slope: f64,
    z_offset: f64,
    d_slope: f64,
    d_offset: f64,
}

impl Contribution {
    fn minus(self, other: Contribution) -> Contribution {
        Contribution {
            z_slope: self.z_slope - other.z_slope,
            z_offset: self.z_offset - other.z_offset,
            d_slope: self.d_slope - other.d_slope,
            d_offset: self.d_offset - other.d_offset,
        }
    }

    fn add_to(self, x: i32, z: &mut f64, d: &mut f64) {
        let x = f64::from(x);
        *z += x * self.z_slope + self.z_offset;
        *d += x * self.d_slope + self.d_offset;
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Affine {
    slope: f64,
    offset: f64,
}

impl Affine {
    fn apply(self, x: i32) -> f64 {
        self.offset + self.slope * f64::from(x)
    }
}

/// μ\[c\] and σ\[c\] over all scores on a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Common {
    mean: f64,
    sd: f64,
}

impl Common {
    fn of(sums: &Sums) -> Common {
        Common {
            mean: sums.mean().unwrap_or(0.0),
            sd: sums.population_sd().unwrap_or(0.0),
        }
    }
}

/// (R\[s\], N\[s\]) of one startup from its cells and decomposed normalized sums, given
/// per-criterion common stats (definitions §4.1–4.2): the live path's inner loop, so it divides
/// once per cell (by n).
fn totals_over(
    cells: &[Sums],
    z: &[f64],
    d: &[f64],
    commons: &[Common],
    weights: &[f64],
) -> Option<(f64, f64)> {
    let (mut raw, mut normalized, mut weight) = (0.0, 0.0, 0.0);
    for ((((cell, &z), &d), common), &w) in cells.iter().zip(z).zip(d).zip(commons).zip(weights) {
        if cell.n > 0 {
            let n = f64::from(cell.n);
            raw += w * (cell.sum as f64 / n);
            normalized += w * (common.mean + (common.sd * z + d) / n);
            weight += w;
        }
    }
    (weight > 0.0).then(|| (raw / weight, normalized / weight))
}

/// The judges of one startup (sorted by investor index) and their scores, `criteria` per judge.
#[derive(Debug, Clone, Default, PartialEq)]
struct Panel {
    judges: Vec<u32>,
    values: Vec<i32>,
}

/// The live, index-based score table with running sums; see the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoreboard {
    scale_min: i64,
    scale_max: i64,
    weights: Vec<f64>,
    min_judges: u32,
    listing_order: Vec<u32>,
    panels: Vec<Panel>,
    /// Per investor, the startups it has at least one score on, ascending …
    portfolios: Vec<Vec<u32>>,
    /// … and its scores of them (`criteria` per startup): a judge-major copy of the panels, so a
    /// change of the judge's yardstick walks one contiguous list.
    portfolio_values: Vec<Vec<i32>>,
    /// [startup × criteria + criterion]
    cells: Vec<Sums>,
    /// [investor × criteria + criterion]
    judge_cells: Vec<Sums>,
    criterion_sums: Vec<Sums>,
    /// Decomposed normalized sums, [startup × criteria + criterion].
    z: Vec<f64>,
    d: Vec<f64>,
    /// t(0.975, df) by df, filled as needed (bisection is not free).
    quantiles: Vec<f64>,
}

impl Scoreboard {
    /// An empty board.
    pub fn new(setup: ScoreboardSetup) -> Scoreboard {
        let criteria = setup.weights.len();
        let listing_order = setup
            .listing_order
            .unwrap_or_else(|| (0..setup.startups as u32).collect());
        Scoreboard {
            scale_min: setup.scale_min,
            scale_max: setup.scale_max,
            weights: setup.weights,
            min_judges: setup.min_judges,
            listing_order,
            panels: vec![Panel::default(); setup.startups],
            portfolios: vec![Vec::new(); setup.investors],
            portfolio_values: vec![Vec::new(); setup.investors],
            cells: vec![Sums::default(); setup.startups * criteria],
            judge_cells: vec![Sums::default(); setup.investors * criteria],
            criterion_sums: vec![Sums::default(); criteria],
            z: vec![0.0; setup.startups * criteria],
            d: vec![0.0; setup.startups * criteria],
            quantiles: Vec::new(),
        }
    }

    /// Builds a board from scores in one pass (much faster than repeated [`Self::set_score`]).
    /// A later score for the same (investor, startup, criterion) replaces an earlier one.
    pub fn from_scores(
        setup: ScoreboardSetup,
        scores: &[IndexedScore],
    ) -> Result<Scoreboard, ScoreError> {
        let mut board = Scoreboard::new(setup);
        let criteria = board.criteria();
        // Bucket by startup (a stable counting sort: linear, and later scores stay later), then
        // lay out each startup's panel with its judges ascending.
        let investors = board.investors();
        // Large inputs are memory-bound, so each pass over `scores` does as much as it can:
        // checking and counting together, then one scatter, then one gather per startup.
        let mut starts = vec![0u32; board.startups() + 1];
        for score in scores {
            board.check_indices(
                score.investor,
                score.startup,
                score.criterion,
                Some(score.value),
            )?;
            starts[score.startup + 1] += 1;
        }
        for s in 0..board.startups() {
            starts[s + 1] += starts[s];
        }
        let mut fill = starts.clone();
        let mut by_startup = vec![0u32; scores.len()];
        for (index, score) in scores.iter().enumerate() {
            by_startup[fill[score.startup] as usize] = index as u32;
            fill[score.startup] += 1;
        }
        let mut row_of_judge = vec![u32::MAX; investors];
        let mut sorted = Vec::new();
        // (investor, criterion, value) of one startup's scores, in input order.
        let mut group: Vec<(u32, u32, i32)> = Vec::new();
        for (s, panel) in board.panels.iter_mut().enumerate() {
            group.clear();
            group.extend(
                by_startup[starts[s] as usize..starts[s + 1] as usize]
                    .iter()
                    .map(|&i| {
                        let score = &scores[i as usize];
                        (
                            score.investor as u32,
                            score.criterion as u32,
                            score.value as i32,
                        )
                    }),
            );
            if group.is_empty() {
                continue;
            }
            // Usually one allocation per panel (a judge scores every criterion), not one per
            // doubling; a hint only, the pushes below still grow it when judges skipped some.
            panel
                .judges
                .reserve((group.len() / criteria.max(1)).min(investors));
            if investors <= 4 * group.len() + 64 {
                // Few investors for this many scores: mark and scan them in index order.
                for &(judge, _, _) in &group {
                    row_of_judge[judge as usize] = 0;
                }
                for (judge, row) in row_of_judge.iter_mut().enumerate() {
                    if *row == 0 {
                        *row = panel.judges.len() as u32;
                        panel.judges.push(judge as u32);
                    }
                }
            } else {
                sorted.clear();
                sorted.extend(group.iter().map(|&(judge, _, _)| judge));
                sorted.sort_unstable();
                sorted.dedup();
                for &judge in &sorted {
                    row_of_judge[judge as usize] = panel.judges.len() as u32;
                    panel.judges.push(judge);
                }
            }
            panel.values = vec![ABSENT; panel.judges.len() * criteria];
            // In input order, so a later score for the same cell replaces an earlier one.
            for &(judge, criterion, value) in &group {
                let row = row_of_judge[judge as usize] as usize;
                panel.values[row * criteria + criterion as usize] = value;
            }
            for &judge in &panel.judges {
                row_of_judge[judge as usize] = u32::MAX;
            }
        }
        // Each judge's portfolio sized once from the panels, then filled in startup order.
        let mut panels_of_judge = vec![0usize; investors];
        for panel in &board.panels {
            for &judge in &panel.judges {
                panels_of_judge[judge as usize] += 1;
            }
        }
        for (judge, &count) in panels_of_judge.iter().enumerate() {
            board.portfolios[judge].reserve_exact(count);
            board.portfolio_values[judge].reserve_exact(count * criteria);
        }
        for (s, panel) in board.panels.iter().enumerate() {
            for (row, &judge) in panel.judges.iter().enumerate() {
                board.portfolios[judge as usize].push(s as u32);
                board.portfolio_values[judge as usize]
                    .extend_from_slice(&panel.values[row * criteria..(row + 1) * criteria]);
            }
        }
        board.rebuild_sums();
        Ok(board)
    }

    /// Validates the snapshot and builds its board. Startups, investors and criteria keep their
    /// positions from the snapshot. Abstentions and scores of an investor on a startup it or a
    /// member of its firm declared a conflict with are left out.
    pub fn from_snapshot(snapshot: &Snapshot) -> Result<Scoreboard, Vec<Problem>> {
        let problems = validate(snapshot);
        if !problems.is_empty() {
            return Err(problems);
        }
        let event = &snapshot.event;
        let startup_index: HashMap<&str, usize> = snapshot
            .startups
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let investor_index: HashMap<&str, usize> = snapshot
            .investors
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let criterion_index: HashMap<&str, usize> = event
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.as_str(), i))
            .collect();
        let mut by_id: Vec<usize> = (0..snapshot.startups.len()).collect();
        by_id.sort_by(|&a, &b| snapshot.startups[a].id.cmp(&snapshot.startups[b].id));
        let mut listing_order = vec![0u32; by_id.len()];
        for (position, &startup) in by_id.iter().enumerate() {
            listing_order[startup] = position as u32;
        }
        // A member's conflict is the whole firm's (definitions §8.6).
        let conflicted = crate::teams::conflicted_pairs(snapshot);
        let mut scores = Vec::with_capacity(snapshot.scores.len());
        for entry in &snapshot.scores {
            if entry.abstain {
                continue;
            }
            // Validation guarantees the ids, the criterion and a whole value on the scale.
            let (Some(&investor), Some(&startup), Some(&criterion), Some(value)) = (
                investor_index.get(entry.investor.as_str()),
                startup_index.get(entry.startup.as_str()),
                entry
                    .criterion
                    .as_deref()
                    .and_then(|key| criterion_index.get(key)),
                entry.integer_value(),
            ) else {
                continue;
            };
            if conflicted.contains(&(investor, startup)) {
                continue;
            }
            scores.push(IndexedScore {
                investor,
                startup,
                criterion,
                value,
            });
        }
        let setup = ScoreboardSetup {
            scale_min: event.scale.min,
            scale_max: event.scale.max,
            weights: event.criteria.iter().map(|c| c.weight).collect(),
            min_judges: u32::try_from(event.min_judges).unwrap_or(u32::MAX),
            investors: snapshot.investors.len(),
            startups: snapshot.startups.len(),
            listing_order: Some(listing_order),
        };
        Scoreboard::from_scores(setup, &scores).map_err(|error| {
            vec![
                Problem::new("scores", crate::problem::ProblemCode::InvalidFormat)
                    .with_detail(error.to_string()),
            ]
        })
    }

    pub fn criteria(&self) -> usize {
        self.weights.len()
    }

    pub fn startups(&self) -> usize {
        self.panels.len()
    }

    pub fn investors(&self) -> usize {
        self.portfolios.len()
    }

    /// The scale's (min, max).
    pub fn scale(&self) -> (i64, i64) {
        (self.scale_min, self.scale_max)
    }

    /// The event's minimum number of judges per pitch.
    pub fn min_judges(&self) -> u32 {
        self.min_judges
    }

    fn check_indices(
        &self,
        investor: usize,
        startup: usize,
        criterion: usize,
        value: Option<i64>,
    ) -> Result<(), ScoreError> {
        if investor >= self.investors() {
            return Err(ScoreError::UnknownInvestor(investor));
        }
        if startup >= self.startups() {
            return Err(ScoreError::UnknownStartup(startup));
        }
        if criterion >= self.criteria() {
            return Err(ScoreError::UnknownCriterion(criterion));
        }
        if let Some(value) = value {
            // Validation keeps scales within ±1,000, which keeps the integer sums exact.
            let storable = value.unsigned_abs() <= crate::validate::SCALE_LIMIT.unsigned_abs();
            if value < self.scale_min || value > self.scale_max || !storable {
                return Err(ScoreError::OutOfScale {
                    value,
                    min: self.scale_min,
                    max: self.scale_max,
                });
            }
        }
        Ok(())
    }

    /// Recomputes every sum from the panels, in a fixed order (the fresh path).
    fn rebuild_sums(&mut self) {
        let criteria = self.criteria();
        self.cells
            .iter_mut()
            .for_each(|sums| *sums = Sums::default());
        self.judge_cells
            .iter_mut()
            .for_each(|sums| *sums = Sums::default());
        self.criterion_sums
            .iter_mut()
            .for_each(|sums| *sums = Sums::default());
        for (s, panel) in self.panels.iter().enumerate() {
            for (row, &judge) in panel.judges.iter().enumerate() {
                for c in 0..criteria {
                    let x = panel.values[row * criteria + c];
                    if x != ABSENT {
                        self.cells[s * criteria + c].add(i64::from(x));
                        self.judge_cells[judge as usize * criteria + c].add(i64::from(x));
                    }
                }
            }
        }
        for (index, cell) in self.cells.iter().enumerate() {
            self.criterion_sums[index % criteria.max(1)].merge(*cell);
        }
        let contributions: Vec<Contribution> = self
            .judge_cells
            .iter()
            .map(|sums| Adjustment::of(sums).contribution())
            .collect();
        for (s, panel) in self.panels.iter().enumerate() {
            let (z, d) = (
                &mut self.z[s * criteria..(s + 1) * criteria],
                &mut self.d[s * criteria..(s + 1) * criteria],
            );
            z.iter_mut().for_each(|v| *v = 0.0);
            d.iter_mut().for_each(|v| *v = 0.0);
            for (row, &judge) in panel.judges.iter().enumerate() {
                for c in 0..criteria {
                    let x = panel.values[row * criteria + c];
                    if x != ABSENT {
                        contributions[judge as usize * criteria + c]
                            .add_to(x, &mut z[c], &mut d[c]);
                    }
                }
            }
        }
    }

    fn adjustment(&self, investor: usize, criterion: usize) -> Adjustment {
        Adjustment::of(&self.judge_cells[investor * self.criteria() + criterion])
    }

    fn common(&self, criterion: usize) -> Common {
        Common::of(&self.criterion_sums[criterion])
    }

    fn commons(&self) -> Vec<Common> {
        (0..self.criteria()).map(|c| self.common(c)).collect()
    }

    /// x' = offset + slope·x per [investor × criteria + criterion], for the current sums.
    fn affines(&self, commons: &[Common]) -> Vec<Affine> {
        let criteria = self.criteria();
        self.judge_cells
            .iter()
            .enumerate()
            .map(|(index, sums)| Adjustment::of(sums).affine(commons[index % criteria]))
            .collect()
    }

    fn row_of(&self, investor: usize, startup: usize) -> Option<usize> {
        self.panels[startup]
            .judges
            .binary_search(&(investor as u32))
            .ok()
    }

    /// Investor j's score of startup s on criterion c, if any.
    pub fn score(&self, investor: usize, startup: usize, criterion: usize) -> Option<i64> {
        if investor >= self.investors()
            || startup >= self.startups()
            || criterion >= self.criteria()
        {
            return None;
        }
        let row = self.row_of(investor, startup)?;
        let x = self.panels[startup].values[row * self.criteria() + criterion];
        (x != ABSENT).then_some(i64::from(x))
    }

    /// Sets (or with `None` removes: an abstention) one score and updates the running sums.
    /// Cost: proportional to the number of startups this investor scored.
    pub fn set_score(
        &mut self,
        investor: usize,
        startup: usize,
        criterion: usize,
        value: Option<i64>,
    ) -> Result<(), ScoreError> {
        self.check_indices(investor, startup, criterion, value)?;
        let old = self.score(investor, startup, criterion);
        if old == value {
            return Ok(());
        }
        let criteria = self.criteria();
        let cell = startup * criteria + criterion;
        let judge_cell = investor * criteria + criterion;
        let before = self.adjustment(investor, criterion).contribution();
        if let Some(x) = old {
            // Take the old score out with the yardstick it went in with.
            let (z, d) = (&mut self.z[cell], &mut self.d[cell]);
            *z -= f64::from(x as i32) * before.z_slope + before.z_offset;
            *d -= f64::from(x as i32) * before.d_slope + before.d_offset;
            self.cells[cell].remove(x);
            self.judge_cells[judge_cell].remove(x);
            self.criterion_sums[criterion].remove(x);
        }
        self.store(investor, startup, criterion, value);
        if let Some(x) = value {
            self.cells[cell].add(x);
            self.judge_cells[judge_cell].add(x);
            self.criterion_sums[criterion].add(x);
        }
        let after = self.adjustment(investor, criterion).contribution();
        if before != after {
            // This judge's yardstick moved: re-base all its other scores on this criterion
            // (the changed score itself is added below with the new yardstick).
            let delta = after.minus(before);
            let values = &self.portfolio_values[investor];
            for (k, &other) in self.portfolios[investor].iter().enumerate() {
                let x = values[k * criteria + criterion];
                if x == ABSENT || other as usize == startup {
                    continue;
                }
                let other_cell = other as usize * criteria + criterion;
                delta.add_to(x, &mut self.z[other_cell], &mut self.d[other_cell]);
            }
        }
        if let Some(x) = value {
            after.add_to(x as i32, &mut self.z[cell], &mut self.d[cell]);
        }
        if self.cells[cell].n == 0 {
            // Nothing left to carry: drop rounding residue so an empty cell is exactly empty.
            self.z[cell] = 0.0;
            self.d[cell] = 0.0;
        }
        Ok(())
    }

    /// Writes the value into the panel and the judge's portfolio, adding or dropping the judge's
    /// row as needed.
    fn store(&mut self, investor: usize, startup: usize, criterion: usize, value: Option<i64>) {
        let criteria = self.criteria();
        let stored = value.map_or(ABSENT, |x| x as i32);
        let panel = &mut self.panels[startup];
        let portfolio = &mut self.portfolios[investor];
        let portfolio_values = &mut self.portfolio_values[investor];
        let (row, position) = match panel.judges.binary_search(&(investor as u32)) {
            Ok(row) => {
                let position = portfolio
                    .binary_search(&(startup as u32))
                    .unwrap_or_else(|p| p);
                (row, position)
            }
            Err(_) if value.is_none() => return,
            Err(row) => {
                panel.judges.insert(row, investor as u32);
                let at = row * criteria;
                panel
                    .values
                    .splice(at..at, std::iter::repeat_n(ABSENT, criteria));
                let position = portfolio
                    .binary_search(&(startup as u32))
                    .unwrap_or_else(|p| p);
                portfolio.insert(position, startup as u32);
                let at = position * criteria;
                portfolio_values.splice(at..at, std::iter::repeat_n(ABSENT, criteria));
                (row, position)
            }
        };
        let (at, from) = (row * criteria, position * criteria);
        panel.values[at + criterion] = stored;
        portfolio_values[from + criterion] = stored;
        if panel.values[at..at + criteria].iter().all(|&x| x == ABSENT) {
            panel.judges.remove(row);
            panel.values.drain(at..at + criteria);
            portfolio.remove(position);
            portfolio_values.drain(from..from + criteria);
        }
    }

    /// Number of judges of s: investors with at least one score on it.
    pub fn judge_count(&self, startup: usize) -> usize {
        self.panels
            .get(startup)
            .map_or(0, |panel| panel.judges.len())
    }

    /// Raw mean of s on c, and the normalized mean, given the common stats.
    fn cell_means(&self, startup: usize, criterion: usize, common: Common) -> Option<(f64, f64)> {
        let index = startup * self.criteria() + criterion;
        let sums = &self.cells[index];
        let raw = sums.mean()?;
        let n = f64::from(sums.n);
        let normalized = common.mean + (common.sd * self.z[index] + self.d[index]) / n;
        Some((raw, normalized))
    }

    /// (R\[s\], N\[s\]) given per-criterion common stats ([`totals_over`] on s's cells, rather
    /// than going through [`Self::cell_means`]).
    fn totals_with(&self, startup: usize, commons: &[Common]) -> Option<(f64, f64)> {
        let criteria = self.criteria();
        let at = startup * criteria;
        totals_over(
            &self.cells[at..at + criteria],
            &self.z[at..at + criteria],
            &self.d[at..at + criteria],
            commons,
            &self.weights,
        )
    }

    /// R\[s\]: weighted mean of raw criterion means over the criteria with scores.
    pub fn raw_total(&self, startup: usize) -> Option<f64> {
        if startup >= self.startups() {
            return None;
        }
        self.totals_with(startup, &self.commons())
            .map(|(raw, _)| raw)
    }

    /// N\[s\]: the same over severity-normalized criterion means.
    pub fn normalized_total(&self, startup: usize) -> Option<f64> {
        if startup >= self.startups() {
            return None;
        }
        self.totals_with(startup, &self.commons())
            .map(|(_, normalized)| normalized)
    }

    /// t\[j,s\]: investor j's weighted mean over the criteria it scored on s, raw and normalized.
    /// O(criteria + log judges); for all pairs at once see [`Self::judge_totals`].
    pub fn judge_total(&self, investor: usize, startup: usize) -> Option<JudgeTotal> {
        if investor >= self.investors() || startup >= self.startups() {
            return None;
        }
        let row = self.row_of(investor, startup)?;
        let criteria = self.criteria();
        let values = &self.panels[startup].values[row * criteria..(row + 1) * criteria];
        let (mut raw, mut normalized, mut weight) = (0.0, 0.0, 0.0);
        for (c, &x) in values.iter().enumerate() {
            if x != ABSENT {
                let w = self.weights[c];
                raw += w * f64::from(x);
                normalized += w * self.adjustment(investor, c).affine(self.common(c)).apply(x);
                weight += w;
            }
        }
        Some(JudgeTotal {
            raw: raw / weight,
            normalized: normalized / weight,
        })
    }

    /// Every t\[j,s\] at once, as (investor, startup, totals), startup-major with investors
    /// ascending: what matching needs for all pairs, in O(all scores).
    pub fn judge_totals(&self) -> Vec<(usize, usize, JudgeTotal)> {
        let criteria = self.criteria();
        let affines = self.affines(&self.commons());
        let mut out = Vec::new();
        for (s, panel) in self.panels.iter().enumerate() {
            for (row, &judge) in panel.judges.iter().enumerate() {
                let (mut raw, mut normalized, mut weight) = (0.0, 0.0, 0.0);
                for c in 0..criteria {
                    let x = panel.values[row * criteria + c];
                    if x != ABSENT {
                        let w = self.weights[c];
                        raw += w * f64::from(x);
                        normalized += w * affines[judge as usize * criteria + c].apply(x);
                        weight += w;
                    }
                }
                out.push((
                    judge as usize,
                    s,
                    JudgeTotal {
                        raw: raw / weight,
                        normalized: normalized / weight,
                    },
                ));
            }
        }
        out
    }

    /// Totals and ranks only: what a live leaderboard needs after each score.
    /// O(startups × criteria) plus a sort.
    pub fn standings(&self, mode: TotalMode) -> Vec<Standing> {
        let commons = self.commons();
        let totals: Vec<Option<f64>> = (0..self.startups())
            .map(|s| {
                self.totals_with(s, &commons)
                    .map(|(raw, normalized)| match mode {
                        TotalMode::Raw => raw,
                        TotalMode::Normalized => normalized,
                    })
            })
            .collect();
        let (order, ranks) = rank_order(&totals, &self.listing_order);
        order
            .into_iter()
            .map(|s| Standing {
                startup: s,
                rank: ranks[s],
                total: totals[s],
            })
            .collect()
    }

    fn quantile(&mut self, df: usize) -> f64 {
        if self.quantiles.len() <= df {
            self.quantiles.resize(df + 1, f64::NAN);
        }
        if self.quantiles[df].is_nan() {
            self.quantiles[df] = stats::student_t_975(df as u32);
        }
        self.quantiles[df]
    }

    /// Calls `visit(startup, judges, totals)` with each startup's judges and their chosen-mode
    /// totals t\[j,s\], in startup order.
    fn for_each_judge_totals(&self, mode: TotalMode, mut visit: impl FnMut(usize, &[u32], &[f64])) {
        let criteria = self.criteria();
        let affines = self.affines(&self.commons());
        let mut totals = Vec::new();
        for (s, panel) in self.panels.iter().enumerate() {
            totals.clear();
            for (row, &judge) in panel.judges.iter().enumerate() {
                let (mut sum, mut weight) = (0.0, 0.0);
                let values = &panel.values[row * criteria..(row + 1) * criteria];
                let judge_affines =
                    &affines[judge as usize * criteria..(judge as usize + 1) * criteria];
                for ((&x, &w), affine) in values.iter().zip(&self.weights).zip(judge_affines) {
                    if x != ABSENT {
                        let value = match mode {
                            TotalMode::Raw => f64::from(x),
                            TotalMode::Normalized => affine.apply(x),
                        };
                        sum += w * value;
                        weight += w;
                    }
                }
                totals.push(sum / weight);
            }
            visit(s, &panel.judges, &totals);
        }
    }

    /// The full ranking (definitions §4.1–4.4). Takes `&mut self` only to cache t quantiles.
    /// Judge diagnostics (4.5) are a separate call, [`Self::judge_diagnostics`].
    pub fn ranking(&mut self, mode: TotalMode) -> Ranking {
        let criteria = self.criteria();
        let commons = self.commons();
        let scale_width = self.scale_max as f64 - self.scale_min as f64;
        let disagreement_threshold = DISAGREEMENT_ON_1_TO_10 * scale_width / 9.0;
        let mut results = Vec::with_capacity(self.startups());
        let mut column = Vec::new();
        // Medians by counting when the scale is narrow (1–10, 0–100): linear and branch-light.
        let narrow = scale_width <= 256.0;
        let mut counts = vec![0u32; if narrow { scale_width as usize + 1 } else { 0 }];
        self.for_each_judge_totals(mode, |s, _, judge_totals| {
            let panel = &self.panels[s];
            let mut per_criterion = Vec::with_capacity(criteria);
            for (c, &common) in commons.iter().enumerate() {
                let sums = self.cells[s * criteria + c];
                column.clear();
                column.extend(
                    (0..panel.judges.len())
                        .map(|row| panel.values[row * criteria + c])
                        .filter(|&x| x != ABSENT),
                );
                let means = self.cell_means(s, c, common);
                let median = if narrow {
                    stats::median_by_counting(&column, self.scale_min as i32, &mut counts)
                } else {
                    stats::median(&mut column)
                };
                per_criterion.push(CriterionResult {
                    mean: means.map(|(raw, _)| raw),
                    normalized_mean: means.map(|(_, normalized)| normalized),
                    median,
                    count: sums.n,
                    sd: sums.sample_sd(),
                    rank: None,
                });
            }
            let totals = self.totals_with(s, &commons);
            let n = judge_totals.len();
            let judge_sd = sample_sd(judge_totals);
            results.push(StartupResult {
                startup: s,
                rank: None,
                total: totals.map(|(raw, normalized)| match mode {
                    TotalMode::Raw => raw,
                    TotalMode::Normalized => normalized,
                }),
                raw_total: totals.map(|(raw, _)| raw),
                normalized_total: totals.map(|(_, normalized)| normalized),
                se: None,
                ci_low: None,
                ci_high: None,
                judge_sd,
                judges: n as u32,
                needs: self.min_judges.saturating_sub(n as u32),
                disagreement: judge_sd
                    .is_some_and(|sd| sd >= disagreement_threshold - TIE_TOLERANCE),
                criteria: per_criterion,
            });
        });
        for result in &mut results {
            if let (Some(sd), Some(total)) = (result.judge_sd, result.total) {
                let n = result.judges as usize;
                let se = sd / (n as f64).sqrt();
                let half_width = self.quantile(n - 1) * se;
                result.se = Some(se);
                result.ci_low = Some(total - half_width);
                result.ci_high = Some(total + half_width);
            }
        }
        for c in 0..criteria {
            let means: Vec<Option<f64>> = results
                .iter()
                .map(|r| r.criteria[c].mean_for(mode))
                .collect();
            let (_, ranks) = rank_order(&means, &self.listing_order);
            for (result, rank) in results.iter_mut().zip(ranks) {
                result.criteria[c].rank = rank;
            }
        }
        let totals: Vec<Option<f64>> = results.iter().map(|r| r.total).collect();
        let (order, ranks) = rank_order(&totals, &self.listing_order);
        for (result, rank) in results.iter_mut().zip(&ranks) {
            result.rank = *rank;
        }
        let mut slots: Vec<Option<StartupResult>> = results.into_iter().map(Some).collect();
        let startups = order.iter().filter_map(|&s| slots[s].take()).collect();
        let criteria = (0..criteria)
            .map(|c| {
                let sums = &self.criterion_sums[c];
                CriterionSummary {
                    mean: sums.mean(),
                    sd: sums.population_sd(),
                    count: sums.n,
                }
            })
            .collect();
        Ranking {
            mode,
            startups,
            criteria,
        }
    }

    /// Judge diagnostics (definitions §4.5), one per investor in index order. Agreement uses the
    /// chosen mode's t\[j,s\].
    pub fn judge_diagnostics(&self, mode: TotalMode) -> Vec<JudgeDiagnostics> {
        let criteria = self.criteria();
        // Per investor: (t[j,s], mean of the other judges' t[k,s]).
        let mut pairs: Vec<Vec<(f64, f64)>> = self
            .portfolios
            .iter()
            .map(|p| Vec::with_capacity(p.len()))
            .collect();
        self.for_each_judge_totals(mode, |_, judges, totals| {
            let n = totals.len();
            if n >= 2 {
                let sum: f64 = totals.iter().sum();
                for (&judge, &own) in judges.iter().zip(totals) {
                    pairs[judge as usize].push((own, (sum - own) / (n - 1) as f64));
                }
            }
        });
        let mut overall = Sums::default();
        for sums in &self.criterion_sums {
            overall.merge(*sums);
        }
        (0..self.investors())
            .map(|j| {
                let mut own = Sums::default();
                for sums in &self.judge_cells[j * criteria..(j + 1) * criteria] {
                    own.merge(*sums);
                }
                let (xs, ys): (Vec<f64>, Vec<f64>) = pairs[j].iter().copied().unzip();
                JudgeDiagnostics {
                    investor: j,
                    scores: own.n,
                    startups: self.portfolios[j].len() as u32,
                    severity: own.mean().zip(overall.mean()).map(|(mine, all)| mine - all),
                    spread: own.population_sd(),
                    agreement: if xs.len() >= 3 {
                        stats::spearman(&xs, &ys)
                    } else {
                        None
                    },
                    compared_startups: xs.len() as u32,
                }
            })
            .collect()
    }

    /// One startup's row of [`Self::ranking`], computed alone: O(its judges × criteria), so a
    /// live leaderboard can show a page of rows after each score without the full ranking.
    /// Ranks (the total's and per criterion) need every startup and are `None` here; take them
    /// from [`Leaderboard::refresh`]. Takes `&mut self` only to cache t quantiles.
    pub fn startup_result(&mut self, startup: usize, mode: TotalMode) -> Option<StartupResult> {
        if startup >= self.startups() {
            return None;
        }
        let criteria = self.criteria();
        let commons = self.commons();
        let scale_width = self.scale_max as f64 - self.scale_min as f64;
        let disagreement_threshold = DISAGREEMENT_ON_1_TO_10 * scale_width / 9.0;
        let panel = &self.panels[startup];
        let mut judge_totals = Vec::with_capacity(panel.judges.len());
        for (row, &judge) in panel.judges.iter().enumerate() {
            let (mut sum, mut weight) = (0.0, 0.0);
            for (c, &w) in self.weights.iter().enumerate() {
                let x = panel.values[row * criteria + c];
                if x != ABSENT {
                    let value = match mode {
                        TotalMode::Raw => f64::from(x),
                        TotalMode::Normalized => self
                            .adjustment(judge as usize, c)
                            .affine(commons[c])
                            .apply(x),
                    };
                    sum += w * value;
                    weight += w;
                }
            }
            judge_totals.push(sum / weight);
        }
        let mut column = Vec::new();
        let per_criterion = (0..criteria)
            .map(|c| {
                let sums = self.cells[startup * criteria + c];
                column.clear();
                column.extend(
                    (0..panel.judges.len())
                        .map(|row| panel.values[row * criteria + c])
                        .filter(|&x| x != ABSENT),
                );
                let means = self.cell_means(startup, c, commons[c]);
                CriterionResult {
                    mean: means.map(|(raw, _)| raw),
                    normalized_mean: means.map(|(_, normalized)| normalized),
                    median: stats::median(&mut column),
                    count: sums.n,
                    sd: sums.sample_sd(),
                    rank: None,
                }
            })
            .collect();
        let totals = self.totals_with(startup, &commons);
        let total = totals.map(|(raw, normalized)| match mode {
            TotalMode::Raw => raw,
            TotalMode::Normalized => normalized,
        });
        let n = judge_totals.len();
        let judge_sd = sample_sd(&judge_totals);
        let (mut se, mut ci_low, mut ci_high) = (None, None, None);
        if let (Some(sd), Some(total)) = (judge_sd, total) {
            let standard_error = sd / (n as f64).sqrt();
            let half_width = self.quantile(n - 1) * standard_error;
            se = Some(standard_error);
            ci_low = Some(total - half_width);
            ci_high = Some(total + half_width);
        }
        Some(StartupResult {
            startup,
            rank: None,
            total,
            raw_total: totals.map(|(raw, _)| raw),
            normalized_total: totals.map(|(_, normalized)| normalized),
            se,
            ci_low,
            ci_high,
            judge_sd,
            judges: n as u32,
            needs: self.min_judges.saturating_sub(n as u32),
            disagreement: judge_sd.is_some_and(|sd| sd >= disagreement_threshold - TIE_TOLERANCE),
            criteria: per_criterion,
        })
    }

    /// μ\[c\], σ\[c\] and count over all scores on each criterion (the field's average), O(criteria).
    pub fn criterion_summaries(&self) -> Vec<CriterionSummary> {
        self.criterion_sums
            .iter()
            .map(|sums| CriterionSummary {
                mean: sums.mean(),
                sd: sums.population_sd(),
                count: sums.n,
            })
            .collect()
    }
}

fn sample_sd(values: &[f64]) -> Option<f64> {
    let n = values.len();
    if n < 2 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    Some((squares / (n - 1) as f64).sqrt())
}

/// Listing order and ranks for optional totals: descending, ties within [`TIE_TOLERANCE`] of
/// the group's leader share its rank (1, 2, 2, 4) and are listed by `listing_order`; `None`
/// totals come last, unranked.
pub fn rank_order(totals: &[Option<f64>], listing_order: &[u32]) -> (Vec<usize>, Vec<Option<u32>>) {
    // (total, listing position, startup): a strict order, so an unstable sort is deterministic.
    let mut scored: Vec<(f64, u32, u32)> = totals
        .iter()
        .enumerate()
        .filter_map(|(s, total)| total.map(|t| (t, listing_order[s], s as u32)))
        .collect();
    scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut ranks = vec![None; totals.len()];
    let mut start = 0;
    while start < scored.len() {
        let leader = scored[start].0;
        let mut end = start + 1;
        while end < scored.len() && leader - scored[end].0 <= TIE_TOLERANCE {
            end += 1;
        }
        if end - start > 1 {
            scored[start..end].sort_unstable_by_key(|entry| entry.1);
        }
        for entry in &scored[start..end] {
            ranks[entry.2 as usize] = Some(start as u32 + 1);
        }
        start = end;
    }
    let mut order: Vec<usize> = scored.iter().map(|entry| entry.2 as usize).collect();
    let mut unscored: Vec<usize> = (0..totals.len()).filter(|&s| totals[s].is_none()).collect();
    unscored.sort_unstable_by_key(|&s| listing_order[s]);
    order.extend(unscored);
    (order, ranks)
}

/// Scratch space for [`Scoreboard::resampled_ranks`], kept between resamples so that each one
/// allocates nothing.
#[derive(Debug, Default)]
pub struct ResampleScratch {
    contributions: Vec<Contribution>,
    cells: Vec<Sums>,
    z: Vec<f64>,
    d: Vec<f64>,
    criterion_sums: Vec<Sums>,
    commons: Vec<Common>,
    totals: Vec<Option<f64>>,
}

impl Scoreboard {
    /// Each startup's rank (§4.4) on this panel with investor j counted `copies[j]` times (0
    /// leaves it out), as a board holding `copies[j]` separate copies of j's scores ranks them:
    /// each copy keeps j's own μ\[j,c\], σ\[j,c\] (definitions §8.5), so its normalized scores are
    /// j's, while the cells, μ\[c\] and σ\[c\] count them `copies[j]` times. The resampled panels
    /// of the robustness analysis, summed from this board instead of building one each time;
    /// the sums are the same up to floating-point order, far inside the 1e-9 that ranks share.
    pub fn resampled_ranks(
        &self,
        copies: &[u32],
        mode: TotalMode,
        scratch: &mut ResampleScratch,
    ) -> Vec<Option<u32>> {
        let criteria = self.criteria();
        let ResampleScratch {
            contributions,
            cells,
            z,
            d,
            criterion_sums,
            commons,
            totals,
        } = scratch;
        contributions.clear();
        contributions.extend(
            self.judge_cells
                .iter()
                .map(|sums| Adjustment::of(sums).contribution()),
        );
        cells.clear();
        cells.resize(self.cells.len(), Sums::default());
        z.clear();
        z.resize(self.z.len(), 0.0);
        d.clear();
        d.resize(self.d.len(), 0.0);
        for (s, panel) in self.panels.iter().enumerate() {
            for (row, &judge) in panel.judges.iter().enumerate() {
                let times = copies.get(judge as usize).copied().unwrap_or(0);
                if times == 0 {
                    continue;
                }
                let values = &panel.values[row * criteria..(row + 1) * criteria];
                let judge_contributions =
                    &contributions[judge as usize * criteria..(judge as usize + 1) * criteria];
                for (c, (&x, contribution)) in values.iter().zip(judge_contributions).enumerate() {
                    if x == ABSENT {
                        continue;
                    }
                    let cell = s * criteria + c;
                    cells[cell].add_copies(i64::from(x), times);
                    let (mut one_z, mut one_d) = (0.0, 0.0);
                    contribution.add_to(x, &mut one_z, &mut one_d);
                    z[cell] += f64::from(times) * one_z;
                    d[cell] += f64::from(times) * one_d;
                }
            }
        }
        criterion_sums.clear();
        criterion_sums.resize(criteria, Sums::default());
        for (index, cell) in cells.iter().enumerate() {
            criterion_sums[index % criteria.max(1)].merge(*cell);
        }
        commons.clear();
        commons.extend(criterion_sums.iter().map(Common::of));
        totals.clear();
        totals.extend((0..self.startups()).map(|s| {
            let at = s * criteria;
            totals_over(
                &cells[at..at + criteria],
                &z[at..at + criteria],
                &d[at..at + criteria],
                commons,
                &self.weights,
            )
            .map(|(raw, normalized)| match mode {
                TotalMode::Raw => raw,
                TotalMode::Normalized => normalized,
            })
        }));
        rank_order(totals, &self.listing_order).1
    }
}

/// The live leaderboard: keeps the last order, so re-ranking after a score change sorts an
/// almost sorted list (insertion sort, O(startups + moves)) instead of sorting from scratch.
/// Gives exactly what [`Scoreboard::standings`] gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaderboard {
    mode: TotalMode,
    order: Vec<u32>,
    totals: Vec<Option<f64>>,
    standings: Vec<Standing>,
}

impl Leaderboard {
    pub fn new(mode: TotalMode) -> Self {
        Leaderboard {
            mode,
            order: Vec::new(),
            totals: Vec::new(),
            standings: Vec::new(),
        }
    }

    pub fn mode(&self) -> TotalMode {
        self.mode
    }

    /// Switches between normalized and raw totals (the next refresh re-sorts).
    pub fn set_mode(&mut self, mode: TotalMode) {
        self.mode = mode;
    }

    /// Recomputes totals from the board and returns the standings in listing order.
    pub fn refresh(&mut self, board: &Scoreboard) -> &[Standing] {
        let startups = board.startups();
        if self.order.len() != startups {
            self.order = (0..startups as u32).collect();
        }
        let commons = board.commons();
        self.totals.clear();
        self.totals.extend((0..startups).map(|s| {
            board
                .totals_with(s, &commons)
                .map(|(raw, normalized)| match self.mode {
                    TotalMode::Raw => raw,
                    TotalMode::Normalized => normalized,
                })
        }));
        let (totals, listing) = (&self.totals, &board.listing_order);
        // Strict order: scored by total descending, then unscored; ties by listing position.
        let before = |a: u32, b: u32| -> bool {
            let (a, b) = (a as usize, b as usize);
            match (totals[a], totals[b]) {
                (Some(x), Some(y)) => match y.total_cmp(&x) {
                    std::cmp::Ordering::Equal => listing[a] < listing[b],
                    other => other == std::cmp::Ordering::Less,
                },
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => listing[a] < listing[b],
            }
        };
        for i in 1..self.order.len() {
            let item = self.order[i];
            let mut j = i;
            while j > 0 && before(item, self.order[j - 1]) {
                self.order[j] = self.order[j - 1];
                j -= 1;
            }
            self.order[j] = item;
        }
        // Tie groups, exactly as `rank_order` forms them.
        self.standings.clear();
        let mut start = 0;
        while start < self.order.len() {
            let Some(leader) = totals[self.order[start] as usize] else {
                break;
            };
            let mut end = start + 1;
            while end < self.order.len()
                && totals[self.order[end] as usize].is_some_and(|t| leader - t <= TIE_TOLERANCE)
            {
                end += 1;
            }
            let mut group: Vec<u32> = self.order[start..end].to_vec();
            if group.len() > 1 {
                group.sort_unstable_by_key(|&s| listing[s as usize]);
            }
            for s in group {
                self.standings.push(Standing {
                    startup: s as usize,
                    rank: Some(start as u32 + 1),
                    total: totals[s as usize],
                });
            }
            start = end;
        }
        for &s in &self.order[start..] {
            self.standings.push(Standing {
                startup: s as usize,
                rank: None,
                total: None,
            });
        }
        &self.standings
    }
}

/// A startup's place on the live leaderboard.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub startup: usize,
    pub rank: Option<u32>,
    pub total: Option<f64>,
}

/// The full ranking in rank order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub mode: TotalMode,
    pub startups: Vec<StartupResult>,
    /// μ\[c\], σ\[c\] and count over all scores on each criterion, in event order.
    pub criteria: Vec<CriterionSummary>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StartupResult {
    /// Index into the snapshot's startups.
    pub startup: usize,
    pub rank: Option<u32>,
    /// The chosen total (N\[s\] or R\[s\]).
    pub total: Option<f64>,
    pub raw_total: Option<f64>,
    pub normalized_total: Option<f64>,
    /// Standard error of the chosen-mode judge totals; `None` below 2 judges.
    pub se: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Sample standard deviation of the judge totals t\[·,s\]; `None` below 2 judges.
    pub judge_sd: Option<f64>,
    pub judges: u32,
    /// How many more judges it needs to reach the event's minimum.
    pub needs: u32,
    pub disagreement: bool,
    /// In event order.
    pub criteria: Vec<CriterionResult>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriterionResult {
    /// Raw mean, `None` when nobody scored it.
    pub mean: Option<f64>,
    /// Mean of severity-normalized scores.
    pub normalized_mean: Option<f64>,
    pub median: Option<f64>,
    pub count: u32,
    /// Sample standard deviation of the raw scores; `None` below 2 scores.
    pub sd: Option<f64>,
    /// Rank among startups on this criterion by the chosen mode's mean.
    pub rank: Option<u32>,
}

impl CriterionResult {
    /// The mean the chosen mode shows.
    pub fn mean_for(&self, mode: TotalMode) -> Option<f64> {
        match mode {
            TotalMode::Raw => self.mean,
            TotalMode::Normalized => self.normalized_mean,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriterionSummary {
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgeDiagnostics {
    /// Index into the snapshot's investors.
    pub investor: usize,
    pub scores: u32,
    pub startups: u32,
    /// μ\[j\] − μ over all criteria: negative for a harsh judge.
    pub severity: Option<f64>,
    /// Population standard deviation of the judge's scores.
    pub spread: Option<f64>,
    /// Spearman ρ between the judge's totals and the other judges' mean totals.
    pub agreement: Option<f64>,
    /// Startups the agreement was computed over.
    pub compared_startups: u32,
}

/// Validates and ranks a snapshot in one call.
pub fn rank_snapshot(snapshot: &Snapshot, mode: TotalMode) -> Result<Ranking, Vec<Problem>> {
    Ok(Scoreboard::from_snapshot(snapshot)?.ranking(mode))
}
