//! The policy frontier's benchmark (definitions §7.7), shared by the criterion bench and the
//! wasm32 example: the 200 × 1,000 matching instance, a policy flag on about a third of the
//! candidates (investors of even index "in the capital region", startups whose index is not a
//! multiple of 3 "outside it"), and the console's grid of 21 β from 0 to 1.

use roadshow_core::matching::instance::MatchingInstance;
use roadshow_core::matching::policy::select_with_bonus;

pub fn policy_flags(instance: &MatchingInstance) -> Vec<bool> {
    instance
        .candidates
        .iter()
        .map(|c| c.investor % 2 == 0 && c.startup % 3 != 0)
        .collect()
}

pub fn beta_grid() -> Vec<f64> {
    (0..=20).map(|step| f64::from(step) / 20.0).collect()
}

/// Each β's exact "best" on M' from scratch, as `MatchBoard::policy_frontier` solves it: (Σ M,
/// policy pairs) per β.
pub fn frontier(instance: &MatchingInstance, flags: &[bool], betas: &[f64]) -> Vec<(f64, usize)> {
    betas
        .iter()
        .map(|&beta| {
            let chosen = select_with_bonus(instance, flags, beta).expect("the frontier solves");
            (
                chosen.iter().map(|&p| instance.candidates[p].score).sum(),
                chosen.iter().filter(|&&p| flags[p]).count(),
            )
        })
        .collect()
}
