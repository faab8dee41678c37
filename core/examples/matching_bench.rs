//! Times "best" and "stable" on the synthetic 200 × 1000 roadshow instance and writes the
//! instance to a file, so `scripts/bench-ortools.py` can solve the identical graph with OR-Tools.
//!
//! `cargo run --release -p roadshow-core --example matching_bench -- [INSTANCE_FILE] [RUNS]`
//!
//! Stress variants of the same graph (same pairs and capacities, other scores): `CONTENDED=1`
//! (every investor ranks the startups alike, so everyone competes for the same ones) and
//! `UNIFORM=1` (independent uniform scores).
//!
//! File format (text): `investors startups total_cap`, a line of investor capacities, a line of
//! startup capacities, then one `investor startup score` line per candidate (score printed with
//! 17 significant digits, so both sides read the same f64).
//!
//! Meeting floors (definitions §7.3): with `FLOOR=K` the example also writes the floors
//! k_s = min(K, capacity of s, candidate pairs of s) to `INSTANCE_FILE.floors` (one line, one
//! number per startup) and times "best" under them, cold (unconstrained "best", then
//! `select_with_floors_from` that solution, as `MatchBoard::select_with_floor` does), or the certificate when the
//! floors are impossible. `ROOMY=1` gives every investor min(2 × its capacity, 8 slots) meetings
//! (same pairs and scores): on the plain instance the investors' ≈ 900 meetings cannot reach
//! 1,000 startups, so any floor ≥ 1 is infeasible there.

use roadshow_core::matching::floors::{floor_targets, select_with_floors_from, FloorOutcome};
use roadshow_core::matching::flow::BestMatching;
use roadshow_core::matching::instance::MatchingInstance;
use roadshow_core::matching::stable::{fill_greedily, stable_matching};
use roadshow_core::matching::synthetic::roadshow_instance;
use std::fmt::Write as _;
use std::time::Instant;

fn write_instance(path: &str, instance: &MatchingInstance) -> std::io::Result<()> {
    let mut text = String::with_capacity(instance.candidates.len() * 32);
    let _ = writeln!(
        text,
        "{} {} {}",
        instance.investor_count(),
        instance.startup_count(),
        instance.total_cap
    );
    let caps = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
    let _ = writeln!(text, "{}", caps(&instance.investor_capacity));
    let _ = writeln!(text, "{}", caps(&instance.startup_capacity));
    for c in &instance.candidates {
        let _ = writeln!(text, "{} {} {:.17e}", c.investor, c.startup, c.score);
    }
    std::fs::write(path, text)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "target/matching-200x1000.txt".to_owned());
    let runs: usize = args.get(2).map(|r| r.parse()).transpose()?.unwrap_or(21);
    let mut instance = roadshow_instance(200, 1000, 150, 42);
    if std::env::var("CONTENDED").is_ok() {
        // Everybody wants the same startups: a stress case for pruning.
        for c in &mut instance.candidates {
            c.score = 1.0 - f64::from(c.startup) / 1000.0 + f64::from(c.investor % 7) / 1e6;
        }
    }
    if std::env::var("UNIFORM").is_ok() {
        let mut rng = roadshow_core::matching::synthetic::SplitMix(5);
        for c in &mut instance.candidates {
            c.score = rng.unit();
        }
    }
    if std::env::var("ROOMY").is_ok() {
        for b in &mut instance.investor_capacity {
            *b = (*b * 2).min(8);
        }
    }
    write_instance(&path, &instance)?;
    let floor: Option<u32> = std::env::var("FLOOR").ok().map(|k| k.parse()).transpose()?;

    let mut best_ms = Vec::new();
    let mut total = 0.0;
    let mut meetings = 0;
    let mut rounds = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let solved = BestMatching::solve(&instance)?;
        let mut selected = solved.selected();
        fill_greedily(&instance, &mut selected);
        best_ms.push(start.elapsed().as_secs_f64() * 1e3);
        total = selected
            .iter()
            .map(|&p| instance.candidates[p].score)
            .sum::<f64>();
        meetings = selected.len();
        rounds = solved.certificate_rounds;
    }
    let mut stable_ms = Vec::new();
    let mut stable_total = 0.0;
    for _ in 0..runs {
        let start = Instant::now();
        let selected = stable_matching(&instance)?;
        stable_ms.push(start.elapsed().as_secs_f64() * 1e3);
        stable_total = selected
            .iter()
            .map(|&p| instance.candidates[p].score)
            .sum::<f64>();
    }
    // Warm: one selected pair's score drops by 0.2 (e.g. the investor withdraws "want to meet"),
    // which forces the optimum to move; then a warm re-solve.
    let mut solved = BestMatching::solve(&instance)?;
    let mut scores: Vec<f64> = instance.candidates.iter().map(|c| c.score).collect();
    let mut warm_ms = Vec::new();
    let initially = solved.selected();
    for i in 0..runs {
        let p = initially[(i * 7919) % initially.len()];
        scores[p] = (scores[p] - 0.2).max(0.0);
        let start = Instant::now();
        solved.rescore_some(&[(p, scores[p])])?;
        warm_ms.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let floors = match floor {
        Some(k) => format!(", \"floor\": {}", time_floors(&instance, k, &path, runs)?),
        None => String::new(),
    };
    println!(
        "{{\"candidates\": {}, \"investor_capacity\": {}, \"meetings\": {meetings}, \"total\": {total:.9}, \"best_ms\": {:.3}, \"certificate_rounds\": {rounds}, \"stable_total\": {stable_total:.9}, \"stable_ms\": {:.3}, \"warm_ms\": {:.3}{floors}}}",
        instance.candidates.len(),
        instance.investor_capacity.iter().sum::<u32>(),
        median(best_ms),
        median(stable_ms),
        median(warm_ms)
    );
    Ok(())
}

/// Writes the floors of `FLOOR=k` next to the instance and times "best" under them; returns a
/// JSON object.
fn time_floors(
    instance: &MatchingInstance,
    k: u32,
    path: &str,
    runs: usize,
) -> Result<String, Box<dyn std::error::Error>> {
    let floors = floor_targets(instance, k);
    let line = floors
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    std::fs::write(format!("{path}.floors"), format!("{line}\n"))?;
    let need: u64 = floors.iter().map(|&f| u64::from(f)).sum();
    let count_per_startup = |chosen: &[usize]| {
        let mut got = vec![0u32; instance.startup_count()];
        for &p in chosen {
            got[instance.candidates[p].startup as usize] += 1;
        }
        got
    };
    let score_of = |chosen: &[usize]| {
        chosen
            .iter()
            .map(|&p| instance.candidates[p].score)
            .sum::<f64>()
    };
    // The unconstrained "best" and how far below the floors it leaves the startups.
    let solved = BestMatching::solve(instance)?;
    let mut unconstrained = solved.selected();
    fill_greedily(instance, &mut unconstrained);
    let got = count_per_startup(&unconstrained);
    let below = got.iter().zip(&floors).filter(|(g, f)| g < f).count();
    // Cold, as the match board does it: "best", then the floors.
    let mut cold_ms = Vec::new();
    // Given today's "best" (the board keeps it): the floors alone.
    let mut only_ms = Vec::new();
    let mut outcome = None;
    for _ in 0..runs {
        let start = Instant::now();
        let solved = BestMatching::solve(instance)?;
        let mut best = solved.selected();
        fill_greedily(instance, &mut best);
        let result = select_with_floors_from(instance, &floors, &best, Some(&solved))?;
        cold_ms.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        let again = select_with_floors_from(instance, &floors, &unconstrained, Some(&solved))?;
        only_ms.push(start.elapsed().as_secs_f64() * 1e3);
        if again != result {
            return Err("the floor selection differs between runs".into());
        }
        outcome = Some(result);
    }
    let result = match outcome {
        Some(FloorOutcome::Selected(chosen)) => {
            let got = count_per_startup(&chosen);
            let short = got.iter().zip(&floors).filter(|(g, f)| g < f).count();
            format!(
                "\"feasible\": true, \"meetings\": {}, \"total\": {:.9}, \"startups_below_floor\": {short}",
                chosen.len(),
                score_of(&chosen)
            )
        }
        Some(FloorOutcome::Infeasible(certificate)) => format!(
            "\"feasible\": false, \"certificate\": {{\"startups\": {}, \"need\": {}, \"supply\": {}, \"total_cap\": {}}}",
            certificate.startups.len(),
            certificate.need,
            certificate.supply,
            certificate
                .total_cap
                .map_or("null".to_owned(), |c| c.to_string())
        ),
        None => return Err("no runs".into()),
    };
    Ok(format!(
        "{{\"k\": {k}, \"need\": {need}, \"unconstrained_meetings\": {}, \"unconstrained_total\": {:.9}, \"unconstrained_startups_below_floor\": {below}, {result}, \"cold_ms\": {:.3}, \"floors_only_ms\": {:.3}}}",
        unconstrained.len(),
        score_of(&unconstrained),
        median(cold_ms),
        median(only_ms)
    ))
}
