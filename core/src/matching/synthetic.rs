//! Reproducible synthetic selection problems for benchmarks and tests (the crate has no
//! randomness of its own: the seed is the caller's).
//!
//! The shape follows a real roadshow: every startup has a common quality that all judges partly
//! agree on, plus each judge's own taste; fit takes the few discrete values four 0/½/1 parts give;
//! "want to meet" flags are rare. Popular startups therefore fill up and investors compete for them.

use super::instance::{Candidate, MatchingInstance};

/// SplitMix64: tiny, fast and good enough to spread test data.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in lo..=hi.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u64() % u64::from(hi - lo + 1)) as u32
    }
}

/// A roadshow-like instance: `investors` × `startups` pairs minus ~2 % vetoes, investor capacity
/// 3–6 (≈ 4.5 meetings each), startup capacity 1–3, 8 slots × `tables` tables.
pub fn roadshow_instance(
    investors: u32,
    startups: u32,
    tables: u32,
    seed: u64,
) -> MatchingInstance {
    let mut rng = SplitMix(seed);
    let quality: Vec<f64> = (0..startups).map(|_| rng.unit()).collect();
    let investor_capacity = (0..investors).map(|_| rng.range(3, 6)).collect();
    let startup_capacity = (0..startups).map(|_| rng.range(1, 3)).collect();
    let mut candidates = Vec::with_capacity(investors as usize * startups as usize);
    for j in 0..investors {
        for s in 0..startups {
            if rng.unit() < 0.02 {
                continue;
            }
            let fit = f64::from(rng.range(0, 8)) / 8.0;
            let own = 0.6 * quality[s as usize] + 0.4 * rng.unit();
            let interest = f64::from(u8::from(rng.unit() < 0.05));
            let startup_interest = f64::from(u8::from(rng.unit() < 0.02));
            let score = 0.3 * fit + 0.4 * own + 0.2 * interest + 0.1 * startup_interest;
            candidates.push(Candidate {
                investor: j,
                startup: s,
                score,
            });
        }
    }
    MatchingInstance {
        investor_capacity,
        startup_capacity,
        total_cap: 8 * tables,
        candidates,
    }
}
