//! Robustness of the ranking at a cut K (docs/definitions.md §8.5, §11): which judges are
//! decisive for the top K (leave-one-judge-out), and how often each startup stays in the top K
//! when the panel is resampled (bootstrap over judges).
//!
//! Every ranking here is the one `roadshow rank` computes ([`crate::ranking`], definitions
//! §4.1–4.4) on the changed panel: μ\[c\], σ\[c\] and every mean are recomputed each time (a
//! judge's own μ\[j,c\], σ\[j,c\] do not change when others leave or repeat), and ranks are
//! shared within 1e-9 as §4.4 says. The panel is not rebuilt: each re-ranking is the full board
//! with every judge counted 0, 1 or m times ([`Scoreboard::resampled_ranks`]), which
//! `core/tests/robustness.rs` checks against `roadshow rank` on the panels written out. The *top K* of
//! a ranking is the set of startups with rank ≤ K; with ties at the cut it may hold more than K
//! startups (a startup tied for place K is in the top K), and startups nobody scored are never in
//! it.
//!
//! - **Leave-one-judge-out**: for each judge, the top K of the ranking without that judge's
//!   scores. A judge is *decisive* when that set differs from the full ranking's top K (someone
//!   leaves or someone enters, a new tie at the cut included).
//! - **Bootstrap**: [`BOOTSTRAP_SAMPLES`] (2,000) resamples; each draws J judges with
//!   replacement from the J judges, ranks, and counts which startups have rank ≤ K. `p_top_k` is
//!   that count ÷ 2,000.
//!
//! # Decisions where the definitions are silent
//!
//! - **Judges** are the investors with at least one counted score (abstentions and scores on a
//!   startup the investor declared a conflict with do not count, as in the ranking). Others
//!   cannot change anything and are never decisive.
//! - **Which total**: the event's default ranking, the severity-normalized total, as `roadshow
//!   rank`; `--raw` uses the raw total instead.
//! - **Duplicates in a resample**: a judge drawn m times enters as m separate judges with the
//!   same scores, exactly as if the snapshot listed m copies of that investor: each copy has the
//!   original's μ\[j,c\], σ\[j,c\] (so its normalized scores are the original's), the pooled μ\[c\],
//!   σ\[c\] count its scores m times, and each startup's means and judge count n count them m
//!   times.
//! - **The random stream**: SplitMix64 (Steele, Lea and Flood 2014; [`SplitMix64`], written out
//!   here), seeded with [`BOOTSTRAP_SEED`] = 0x526F616473686F77 (the bytes of "Roadshow"), one
//!   stream for the whole run: resample b = 0 … 1,999, draw d = 0 … J − 1, each draw the judge
//!   at position ⌊u·J / 2⁶⁴⌋ (u the next 64-bit output) among the judges sorted by id. The same
//!   snapshot gives the same output on every platform.
//! - **`out_of_top_k_without`** keeps its name's meaning: for a startup in the full top K, the
//!   judges whose removal alone takes it out of the top K; for a startup outside the top K it is
//!   empty (nothing can push it out). Judges are listed by id.
//! - **`rank`** is the startup's rank in the full ranking (`null` when nobody scored it).
//!   `startups` lists every startup of the snapshot, by rank, then id (unscored last, by id);
//!   `decisive_judges` is by id.
//! - **K**: `--cut K`, else the snapshot's `event.cut`; K must be a whole number ≥ 1. A K at or
//!   above the number of scored startups puts every scored startup in the top K, so nobody is
//!   decisive unless removing a judge leaves some startup unscored.

use crate::model::Snapshot;
use crate::problem::{Problem, ProblemCode};
use crate::ranking::{ResampleScratch, Scoreboard, TotalMode};
use serde::{Deserialize, Serialize};

/// Resamples of the bootstrap over judges (definitions §8.5).
pub const BOOTSTRAP_SAMPLES: u32 = 2_000;
/// The bootstrap's fixed seed: the ASCII bytes of "Roadshow".
pub const BOOTSTRAP_SEED: u64 = 0x526F_6164_7368_6F77;

/// SplitMix64: a 64-bit counter (step 0x9E3779B97F4A7C15) passed through a mixing function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// ⌊u·n / 2⁶⁴⌋ for the next output u: a number in 0 … n − 1 (n > 0), off uniform by at most
    /// n / 2⁶⁴.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

/// `roadshow robustness`'s output (definitions §11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Robustness {
    pub cut: u32,
    pub decisive_judges: Vec<String>,
    pub startups: Vec<StartupRobustness>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartupRobustness {
    pub startup: String,
    pub rank: Option<u32>,
    pub p_top_k: f64,
    pub out_of_top_k_without: Vec<String>,
}

/// Why no cut could be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CutError {
    /// `--cut` was given as 0, or neither `--cut` nor `event.cut` was given: wrong usage.
    Usage(String),
    /// `event.cut` is there but not a whole number ≥ 1.
    Invalid(Problem),
}

/// The cut K: `given` (`--cut`), else the snapshot's `event.cut`.
pub fn choose_cut(snapshot: &Snapshot, given: Option<u32>) -> Result<u32, CutError> {
    match given {
        Some(0) => Err(CutError::Usage("--cut must be at least 1".to_owned())),
        Some(k) => Ok(k),
        None => match snapshot.event.extra.get("cut") {
            None | Some(serde_json::Value::Null) => Err(CutError::Usage(
                "give --cut K (the snapshot has no event.cut)".to_owned(),
            )),
            Some(value) => match value.as_u64() {
                Some(k) if k >= 1 => Ok(u32::try_from(k).unwrap_or(u32::MAX)),
                Some(_) => Err(CutError::Invalid(
                    Problem::new("event.cut", ProblemCode::NotPositive)
                        .with_detail("the cut must be at least 1"),
                )),
                None if value.as_i64().is_some() => Err(CutError::Invalid(
                    Problem::new("event.cut", ProblemCode::NotPositive)
                        .with_detail("the cut must be at least 1"),
                )),
                None if value.is_number() => Err(CutError::Invalid(
                    Problem::new("event.cut", ProblemCode::NotInteger)
                        .with_detail("the cut is a whole number of places"),
                )),
                None => Err(CutError::Invalid(
                    Problem::new("event.cut", ProblemCode::InvalidFormat)
                        .with_detail("the cut is a whole number of places"),
                )),
            },
        },
    }
}

/// Robustness at cut K with the defined bootstrap ([`BOOTSTRAP_SAMPLES`], [`BOOTSTRAP_SEED`]).
pub fn robustness(
    snapshot: &Snapshot,
    cut: u32,
    mode: TotalMode,
) -> Result<Robustness, Vec<Problem>> {
    robustness_with(snapshot, cut, mode, BOOTSTRAP_SAMPLES, BOOTSTRAP_SEED)
}

/// [`robustness`] with another number of resamples or seed (for tests and experiments; with 0
/// resamples every `p_top_k` is 0).
pub fn robustness_with(
    snapshot: &Snapshot,
    cut: u32,
    mode: TotalMode,
    samples: u32,
    seed: u64,
) -> Result<Robustness, Vec<Problem>> {
    // With rounds (definitions §8.1) the cut is the last round's, on its own scores and judges.
    if let Some(last) = snapshot.event.rounds.len().checked_sub(1) {
        let problems = crate::validate::validate(snapshot);
        if !problems.is_empty() {
            return Err(problems);
        }
        let round = crate::rounds::round_snapshot(snapshot, last);
        return robustness_with(&round, cut, mode, samples, seed);
    }
    let full = Scoreboard::from_snapshot(snapshot)?;
    let startups = full.startups();

    // Judges (investors with a counted score), sorted by id.
    let mut scored = vec![false; full.investors()];
    for (investor, _, _) in full.judge_totals() {
        scored[investor] = true;
    }
    let mut judges: Vec<usize> = (0..full.investors()).filter(|&j| scored[j]).collect();
    judges.sort_by(|&a, &b| snapshot.investors[a].id.cmp(&snapshot.investors[b].id));

    // Every re-ranking is `full` with each judge counted some number of times (none, once, or as
    // often as a resample drew it): `Scoreboard::resampled_ranks`, which ranks exactly as a
    // board built from those copies would.
    let mut scratch = ResampleScratch::default();
    let mut copies = vec![0u32; full.investors()];
    let mut top_k = |copies: &[u32]| -> Vec<bool> {
        full.resampled_ranks(copies, mode, &mut scratch)
            .into_iter()
            .map(|rank| rank.is_some_and(|rank| rank <= cut))
            .collect()
    };

    for &judge in &judges {
        copies[judge] = 1;
    }
    let full_top = top_k(&copies);

    // Leave one judge out.
    let mut decisive = Vec::new();
    let mut out_without: Vec<Vec<usize>> = vec![Vec::new(); startups];
    for &judge in &judges {
        copies[judge] = 0;
        let top = top_k(&copies);
        copies[judge] = 1;
        if top != full_top {
            decisive.push(judge);
        }
        for s in (0..startups).filter(|&s| full_top[s] && !top[s]) {
            out_without[s].push(judge);
        }
    }

    // Bootstrap over judges: J draws with replacement; a judge drawn m times counts m times.
    let mut in_top = vec![0u32; startups];
    if !judges.is_empty() {
        let mut rng = SplitMix64::new(seed);
        for _ in 0..samples {
            copies.iter_mut().for_each(|count| *count = 0);
            for _ in 0..judges.len() {
                copies[judges[rng.below(judges.len() as u64) as usize]] += 1;
            }
            let top = top_k(&copies);
            for (count, inside) in in_top.iter_mut().zip(top) {
                *count += u32::from(inside);
            }
        }
    }
    let standings = full.standings(mode);

    let id_of_investor = |j: usize| snapshot.investors[j].id.clone();
    Ok(Robustness {
        cut,
        decisive_judges: decisive.into_iter().map(id_of_investor).collect(),
        // Standings are in rank order, then id; unscored last by id.
        startups: standings
            .iter()
            .map(|standing| {
                let s = standing.startup;
                StartupRobustness {
                    startup: snapshot.startups[s].id.clone(),
                    rank: standing.rank,
                    p_top_k: if samples == 0 {
                        0.0
                    } else {
                        f64::from(in_top[s]) / f64::from(samples)
                    },
                    out_of_top_k_without: out_without[s]
                        .iter()
                        .map(|&j| id_of_investor(j))
                        .collect(),
                }
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_gives_the_published_reference_outputs() {
        // Seed 0: the first outputs listed with Vigna's splitmix64.c (they also seed xoshiro).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
        assert_eq!(rng.next_u64(), 0xF88B_B8A8_724C_81EC);
    }

    #[test]
    fn below_stays_below() {
        let mut rng = SplitMix64::new(BOOTSTRAP_SEED);
        let mut seen = [false; 7];
        for _ in 0..1_000 {
            seen[rng.below(7) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(SplitMix64::new(1).below(1), 0);
    }

    #[test]
    fn seed_spells_roadshow() {
        assert_eq!(&BOOTSTRAP_SEED.to_be_bytes(), b"Roadshow");
    }
}
