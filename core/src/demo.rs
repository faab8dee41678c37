//! Demo scores: fills a snapshot (typically `data/demo-roadshow.json`) with scores from judges of
//! different severity, so the ranking's normalization, intervals and flags have something to show.
//!
//! No randomness inside core: the caller passes a seed, and a tiny hand-written generator
//! (splitmix64) turns it into the same scores on every device.

use crate::model::{Interest, ScoreEntry, Snapshot};

/// How a demo judge scores, relative to a startup's underlying quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JudgeTemper {
    /// Close to quality, small noise.
    Steady,
    /// About two points below everyone else.
    Harsh,
    /// About one and a half points above.
    Lenient,
    /// Right on average, but all over the place.
    Noisy,
}

impl JudgeTemper {
    /// (offset in points on a 1–10 scale, noise standard deviation in points)
    fn bias_and_noise(self) -> (f64, f64) {
        match self {
            JudgeTemper::Steady => (0.0, 0.7),
            JudgeTemper::Harsh => (-2.0, 0.8),
            JudgeTemper::Lenient => (1.5, 0.8),
            JudgeTemper::Noisy => (0.0, 2.2),
        }
    }

    /// The temper given to the investor at `index`: a fixed mix so every demo shows all four.
    pub fn for_investor(index: usize) -> JudgeTemper {
        match index % 5 {
            1 => JudgeTemper::Harsh,
            3 => JudgeTemper::Lenient,
            4 => JudgeTemper::Noisy,
            _ => JudgeTemper::Steady,
        }
    }
}

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for demo data.
#[derive(Debug, Clone)]
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

    /// Uniform in [0, 1).
    pub fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly standard normal: a sum of four uniforms, rescaled (Irwin–Hall). Only basic
    /// arithmetic, so the same seed gives the same numbers on native and wasm32.
    pub fn next_normal(&mut self) -> f64 {
        let sum: f64 = (0..4).map(|_| self.next_unit()).sum();
        (sum - 2.0) * 3f64.sqrt()
    }
}

/// Options for [`demo_scores`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemoOptions {
    pub seed: u64,
    /// Share of (investor, startup) pairs where the investor abstains on the whole pitch.
    pub abstain_share: f64,
    /// Share of pairs the investor did not get to score (left out of the scores).
    pub missing_share: f64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            seed: 20221927,
            abstain_share: 0.04,
            missing_share: 0.05,
        }
    }
}

/// Scores and "want to meet" flags for every investor and startup in the snapshot: each startup
/// gets a hidden quality per criterion, each investor a [`JudgeTemper`]; pairs with a declared
/// conflict are skipped, a few pairs are abstained or left unscored. Values are whole numbers
/// clamped to the event's scale; interest is `want: true` for pairs the investor scored highly.
pub fn demo_scores(snapshot: &Snapshot, options: DemoOptions) -> (Vec<ScoreEntry>, Vec<Interest>) {
    let mut rng = SplitMix64::new(options.seed);
    let scale = snapshot.event.scale;
    let (min, max) = (scale.min as f64, scale.max as f64);
    // Temper offsets are in points on a 1–10 scale; stretch them to the event's scale.
    let stretch = (max - min) / 9.0;
    let middle = (min + max) / 2.0;
    let criteria = &snapshot.event.criteria;
    let quality: Vec<Vec<f64>> = snapshot
        .startups
        .iter()
        .map(|_| {
            let base = 1.6 * rng.next_normal();
            criteria
                .iter()
                .map(|_| base + 0.9 * rng.next_normal())
                .collect()
        })
        .collect();
    let mut scores = Vec::new();
    let mut interest = Vec::new();
    for (j, investor) in snapshot.investors.iter().enumerate() {
        let (bias, noise) = JudgeTemper::for_investor(j).bias_and_noise();
        for (s, startup) in snapshot.startups.iter().enumerate() {
            let draw = rng.next_unit();
            if investor.conflicts.contains(&startup.id) {
                continue;
            }
            if draw < options.abstain_share {
                scores.push(ScoreEntry::abstention(&investor.id, &startup.id, None));
                continue;
            }
            if draw < options.abstain_share + options.missing_share {
                continue;
            }
            let mut sum = 0.0;
            for (c, criterion) in criteria.iter().enumerate() {
                let value = middle + stretch * (quality[s][c] + bias + noise * rng.next_normal());
                // max/min rather than clamp: clamp panics on a reversed scale, and demo data must not.
                let value = value.round().max(min).min(max) as i64;
                sum += value as f64;
                scores.push(ScoreEntry::score(
                    &investor.id,
                    &startup.id,
                    &criterion.key,
                    value,
                ));
            }
            let own_mean = sum / criteria.len().max(1) as f64;
            if own_mean >= middle + 1.5 * stretch + bias * stretch {
                interest.push(Interest {
                    investor: investor.id.clone(),
                    startup: startup.id.clone(),
                    want: true,
                });
            }
        }
    }
    (scores, interest)
}

/// The snapshot with its scores replaced by demo scores, and demo interest added when it had none.
pub fn with_demo_scores(snapshot: &Snapshot, options: DemoOptions) -> Snapshot {
    let (scores, interest) = demo_scores(snapshot, options);
    let mut filled = snapshot.clone();
    filled.scores = scores;
    if filled.interest.is_empty() {
        filled.interest = interest;
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ranking::{Scoreboard, TotalMode};
    use crate::snapshot::parse_snapshot;
    use crate::validate::validate;

    fn demo() -> Snapshot {
        parse_snapshot(include_str!("../data/demo-roadshow.json")).unwrap()
    }

    #[test]
    fn splitmix_reference_values() {
        // First outputs for seed 0 (from the published reference implementation).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn demo_scores_are_valid_deterministic_and_show_severity() {
        let snapshot = demo();
        let filled = with_demo_scores(&snapshot, DemoOptions::default());
        assert_eq!(validate(&filled), vec![]);
        assert_eq!(filled, with_demo_scores(&snapshot, DemoOptions::default()));
        assert_ne!(
            filled.scores,
            with_demo_scores(
                &snapshot,
                DemoOptions {
                    seed: 1,
                    ..DemoOptions::default()
                }
            )
            .scores
        );
        assert!(filled.scores.iter().any(|s| s.abstain));
        assert!(filled.scores.len() > 300);
        let mut board = Scoreboard::from_snapshot(&filled).unwrap();
        let ranking = board.ranking(TotalMode::Normalized);
        assert!(ranking.startups.iter().all(|s| s.rank.is_some()));
        // Investor 1 is harsh, investor 3 lenient.
        let judges = board.judge_diagnostics(TotalMode::Normalized);
        let harsh = judges[1].severity.unwrap();
        let lenient = judges[3].severity.unwrap();
        assert!(
            harsh < -1.0 && lenient > 0.5,
            "harsh {harsh}, lenient {lenient}"
        );
    }
}
