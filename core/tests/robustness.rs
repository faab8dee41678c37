//! Robustness of the ranking (docs/definitions.md §8.5, §11): hand-reasoned panels (a decisive
//! judge and two that are not; bootstrap probabilities worked out by counting resamples),
//! determinism, bounds, the `roadshow robustness` command's fields, cut and errors, and a
//! property checking leave-one-judge-out against `roadshow rank` run on the snapshot with that
//! judge's scores removed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use roadshow_core::cli::{rank_command, robustness_command};
use roadshow_core::ranking::TotalMode;
use roadshow_core::robustness::{
    robustness, robustness_with, Robustness, SplitMix64, BOOTSTRAP_SAMPLES, BOOTSTRAP_SEED,
};
use roadshow_core::snapshot::parse_snapshot;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

/// Two startups a, b, one criterion, three judges who each score both with the given values
/// ((a, b) per judge j1, j2, j3).
fn two_startups(values: [(i64, i64); 3]) -> Value {
    let mut scores = Vec::new();
    for (judge, (a, b)) in ["j1", "j2", "j3"].iter().zip(values) {
        scores.push((*judge, "a", "innovation", a));
        scores.push((*judge, "b", "innovation", b));
    }
    common::snapshot_json(
        &[("innovation", 1.0)],
        &["a", "b"],
        &["j1", "j2", "j3"],
        &scores,
    )
}

fn run(v: &Value, cut: u32, mode: TotalMode) -> Robustness {
    robustness(&parse_snapshot(&v.to_string()).unwrap(), cut, mode).unwrap()
}

/// The share of the documented resamples (SplitMix64 from [`BOOTSTRAP_SEED`], 2,000 resamples
/// of 3 draws, judge ⌊u·3/2⁶⁴⌋ among j1, j2, j3 by id) that draw j1 at least `least` times:
/// the exact p_top_k the hand reasoning predicts for this stream.
fn share_drawing_j1(least: usize) -> f64 {
    let mut rng = SplitMix64::new(BOOTSTRAP_SEED);
    let hits = (0..BOOTSTRAP_SAMPLES)
        .filter(|_| (0..3).filter(|_| rng.below(3) == 0).count() >= least)
        .count();
    hits as f64 / f64::from(BOOTSTRAP_SAMPLES)
}

fn row<'a>(r: &'a Robustness, id: &str) -> &'a roadshow_core::robustness::StartupRobustness {
    r.startups.iter().find(|s| s.startup == id).unwrap()
}

/// Each judge scores only two startups on the criterion (fewer than 3), so normalization only
/// shifts: x' = x − μ[j] + μ. With every judge scoring both, N[a] − N[b] is the mean over
/// judges of d = x(a) − x(b), the shifts cancelling. Here d = +5 (j1), −2 (j2), −2 (j3): the mean
/// is +1/3, so a is first.
///
/// - Without j1: d = −2, −2, b is first: j1 is decisive, and a's out_of_top_k_without is [j1].
/// - Without j2 (or j3): d = +5, −2, mean +1.5, a stays first: not decisive.
/// - b is outside the top 1, so its list is empty.
/// - Bootstrap: with m draws of j1 among 3, Σd = 5m − 2(3 − m) = 7m − 6, positive exactly when
///   m ≥ 1 (never zero, so no ties): P(a on top) = 1 − (2/3)³ = 19/27 ≈ 0.704, and b gets the
///   rest, 8/27. With 2,000 resamples the standard error is about 0.010.
#[test]
fn one_judge_is_decisive_and_the_others_are_not() {
    let v = two_startups([(8, 3), (4, 6), (5, 7)]);
    let r = run(&v, 1, TotalMode::Normalized);
    assert_eq!(r.cut, 1);
    assert_eq!(r.decisive_judges, ["j1"]);
    let (a, b) = (row(&r, "a"), row(&r, "b"));
    assert_eq!((a.rank, b.rank), (Some(1), Some(2)));
    assert_eq!(a.out_of_top_k_without, ["j1"]);
    assert!(b.out_of_top_k_without.is_empty());
    assert_eq!(a.p_top_k, share_drawing_j1(1));
    // That stream happens to draw j1 a little rarely (31.4 % of 6,000 draws), so the share is
    // 0.671, 3 standard errors below 19/27.
    assert!((a.p_top_k - 19.0 / 27.0).abs() < 0.04, "{}", a.p_top_k);
    // Exactly one startup is on top in every resample.
    assert!((a.p_top_k + b.p_top_k - 1.0).abs() < 1e-12);
    // Listed by rank.
    assert_eq!(r.startups[0].startup, "a");
}

/// A judge drawn twice counts twice. d = +3 (j1), −2 (j2), −2 (j3): b leads (mean −1/3). With
/// m draws of j1, Σd = 3m − 2(3 − m) = 5m − 6 > 0 exactly when m ≥ 2: P = 3·(1/3)²·(2/3) +
/// (1/3)³ = 7/27 ≈ 0.259. (Counting each drawn judge once instead would put a on top whenever j1
/// is drawn without both others: 13/27 ≈ 0.48.)
///
/// Leave-one-out: without j1 b still leads (not decisive); without j2, d = +3, −2: a leads, so
/// j2 is decisive, and j3 likewise.
#[test]
fn duplicates_in_a_resample_count_as_separate_judges() {
    let v = two_startups([(6, 3), (4, 6), (5, 7)]);
    let r = run(&v, 1, TotalMode::Normalized);
    assert_eq!(r.decisive_judges, ["j2", "j3"]);
    assert_eq!(row(&r, "b").out_of_top_k_without, ["j2", "j3"]);
    let a = row(&r, "a");
    assert_eq!(a.rank, Some(2));
    assert_eq!(a.p_top_k, share_drawing_j1(2));
    assert!((a.p_top_k - 7.0 / 27.0).abs() < 0.04, "{}", a.p_top_k);
}

/// With K = 2 both startups are always in the top 2: nobody is decisive, every p is 1.
#[test]
fn a_cut_covering_everyone_is_certain() {
    let v = two_startups([(8, 3), (4, 6), (5, 7)]);
    let r = run(&v, 2, TotalMode::Normalized);
    assert!(r.decisive_judges.is_empty());
    assert!(r.startups.iter().all(|s| s.p_top_k == 1.0));
    assert!(r.startups.iter().all(|s| s.out_of_top_k_without.is_empty()));
}

/// Four judges, three startups, two criteria; every judge gives s1 a higher score than s2 and
/// s3 on each criterion. Normalization maps each judge's scores by an increasing function
/// (x' = offset + slope·x with slope > 0, or a shift), so s1's normalized mean on each criterion
/// exceeds the others' in every panel made of these judges, duplicates included: p_top_k = 1 for
/// s1 at K = 1, and no judge is decisive.
fn clear_winner() -> Value {
    let mut scores = Vec::new();
    let rows: [(&str, [i64; 3]); 4] = [
        ("i1", [9, 5, 3]),
        ("i2", [7, 6, 2]),
        ("i3", [10, 2, 8]),
        ("i4", [6, 5, 5]),
    ];
    for (judge, values) in rows {
        for (startup, value) in ["s1", "s2", "s3"].iter().zip(values) {
            scores.push((judge, *startup, "innovation", value));
            scores.push((judge, *startup, "market", (value - 1).max(1)));
        }
    }
    let mut v = common::snapshot_json(
        &[("innovation", 1.0), ("market", 2.0)],
        &["s3", "s1", "s2", "s4"],
        &["i1", "i2", "i3", "i4"],
        &scores,
    );
    v["event"]["cut"] = json!(1);
    v
}

#[test]
fn a_startup_every_judge_puts_first_is_always_in_the_top() {
    let v = clear_winner();
    for mode in [TotalMode::Normalized, TotalMode::Raw] {
        let r = run(&v, 1, mode);
        let s1 = row(&r, "s1");
        assert_eq!((s1.rank, s1.p_top_k), (Some(1), 1.0));
        assert!(r.decisive_judges.is_empty());
        assert!(r.startups.iter().all(|s| (0.0..=1.0).contains(&s.p_top_k)));
        // s4 was never scored: no rank, never in the top, listed last.
        let last = r.startups.last().unwrap();
        assert_eq!(
            (last.startup.as_str(), last.rank, last.p_top_k),
            ("s4", None, 0.0)
        );
    }
}

#[test]
fn the_same_snapshot_gives_the_same_output() {
    let v = clear_winner();
    let first = robustness_command(v.to_string().as_bytes(), Some(2), TotalMode::Normalized);
    let second = robustness_command(v.to_string().as_bytes(), Some(2), TotalMode::Normalized);
    assert_eq!(first.exit_code, 0, "{}", first.stderr);
    assert_eq!(first, second);
    // Another seed is another stream, but the leave-one-out part does not depend on it.
    let snapshot = parse_snapshot(&v.to_string()).unwrap();
    let a = robustness_with(&snapshot, 2, TotalMode::Normalized, 300, BOOTSTRAP_SEED).unwrap();
    let b = robustness_with(&snapshot, 2, TotalMode::Normalized, 300, 7).unwrap();
    assert_eq!(a.decisive_judges, b.decisive_judges);
}

#[test]
fn the_command_prints_the_defined_fields_and_takes_the_cut_from_the_event() {
    let v = clear_winner();
    let out = robustness_command(v.to_string().as_bytes(), None, TotalMode::Normalized);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let printed: Value = serde_json::from_str(&out.stdout).unwrap();
    let keys: BTreeSet<&str> = printed
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["cut", "decisive_judges", "startups"]));
    assert_eq!(printed["cut"], 1);
    let first = printed["startups"][0].as_object().unwrap();
    let keys: BTreeSet<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from(["startup", "rank", "p_top_k", "out_of_top_k_without"])
    );
    assert_eq!(first["startup"], "s1");
    // --cut wins over event.cut.
    let out = robustness_command(v.to_string().as_bytes(), Some(3), TotalMode::Normalized);
    let printed: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(printed["cut"], 3);
}

#[test]
fn a_missing_or_bad_cut_is_an_error() {
    let mut v = clear_winner();
    v["event"].as_object_mut().unwrap().remove("cut");
    let out = robustness_command(v.to_string().as_bytes(), None, TotalMode::Normalized);
    assert_eq!(out.exit_code, 2);
    assert!(out.stdout.is_empty());
    let out = robustness_command(v.to_string().as_bytes(), Some(0), TotalMode::Normalized);
    assert_eq!(out.exit_code, 2);
    for (bad, code) in [
        (json!(0), "not_positive"),
        (json!(-2), "not_positive"),
        (json!(1.5), "not_integer"),
        (json!("3"), "invalid_format"),
    ] {
        v["event"]["cut"] = bad;
        let out = robustness_command(v.to_string().as_bytes(), None, TotalMode::Normalized);
        assert_eq!(out.exit_code, 1);
        assert!(
            out.stderr.starts_with(&format!("event.cut: {code}")),
            "{}",
            out.stderr
        );
    }
}

/// Ties at the cut: a and b tie for first (same scores from the same judges), so the top 1 holds
/// both, they share rank 1 and are listed by id.
#[test]
fn a_tie_at_the_cut_keeps_both_in_the_top() {
    let v = two_startups([(6, 6), (4, 4), (5, 5)]);
    let r = run(&v, 1, TotalMode::Normalized);
    assert_eq!(
        r.startups
            .iter()
            .map(|s| (s.startup.as_str(), s.rank, s.p_top_k))
            .collect::<Vec<_>>(),
        [("a", Some(1), 1.0), ("b", Some(1), 1.0)]
    );
    assert!(r.decisive_judges.is_empty());
}

#[test]
fn the_binary_wires_the_flags() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let v = two_startups([(8, 3), (4, 6), (5, 7)]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadshow"))
        .args(["robustness", "-", "--cut", "1", "--raw"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(v.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Raw totals: a 17/3, b 16/3; without j1, b leads.
    assert_eq!(printed["decisive_judges"], json!(["j1"]));
}

// ---------------------------------------------------------------------------------------------
// Leave-one-judge-out against `roadshow rank` on the snapshot without the judge's scores.

/// The top K as `roadshow rank` prints it: startups with rank ≤ K.
fn top_by_rank_command(
    v: &Value,
    cut: u32,
    mode: TotalMode,
) -> (BTreeSet<String>, HashMap<String, Option<u32>>) {
    let out = rank_command(v.to_string().as_bytes(), mode);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let rows: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    let mut top = BTreeSet::new();
    let mut ranks = HashMap::new();
    for row in rows {
        let id = row["startup"].as_str().unwrap().to_owned();
        let rank = row["rank"].as_u64().map(|r| r as u32);
        if rank.is_some_and(|r| r <= cut) {
            top.insert(id.clone());
        }
        ranks.insert(id, rank);
    }
    (top, ranks)
}

fn random_panel() -> impl Strategy<Value = (Value, u32, bool)> {
    let startups = ["s1", "s2", "s3", "s4", "s5"];
    let judges = ["j1", "j2", "j3", "j4", "j5"];
    (
        // Per (judge, startup, criterion): a score 1–10 or none (about a third left out).
        proptest::collection::vec(proptest::option::weighted(0.65, 1i64..=10), 5 * 5 * 2),
        // Per (judge, startup): a conflict now and then.
        proptest::collection::vec(proptest::bool::weighted(0.08), 5 * 5),
        1u32..=3,
        any::<bool>(),
    )
        .prop_map(move |(values, conflicts, cut, raw)| {
            let mut scores = Vec::new();
            for (j, judge) in judges.iter().enumerate() {
                for (s, startup) in startups.iter().enumerate() {
                    for (c, criterion) in ["innovation", "market"].iter().enumerate() {
                        if let Some(value) = values[(j * 5 + s) * 2 + c] {
                            scores.push((*judge, *startup, *criterion, value));
                        }
                    }
                }
            }
            let mut v = common::snapshot_json(
                &[("innovation", 1.0), ("market", 1.5)],
                &startups,
                &judges,
                &scores,
            );
            for (j, _) in judges.iter().enumerate() {
                let mine: Vec<&str> = startups
                    .iter()
                    .enumerate()
                    .filter(|(s, _)| conflicts[j * 5 + s])
                    .map(|(_, id)| *id)
                    .collect();
                v["investors"][j]["conflicts"] = json!(mine);
            }
            (v, cut, raw)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn leave_one_out_agrees_with_rank_on_the_reduced_snapshot((v, cut, raw) in random_panel()) {
        let mode = if raw { TotalMode::Raw } else { TotalMode::Normalized };
        let snapshot = parse_snapshot(&v.to_string()).unwrap();
        let r = robustness_with(&snapshot, cut, mode, 16, BOOTSTRAP_SEED).unwrap();
        let (full_top, full_ranks) = top_by_rank_command(&v, cut, mode);
        for s in &r.startups {
            prop_assert_eq!(s.rank, full_ranks[&s.startup]);
            prop_assert!((0.0..=1.0).contains(&s.p_top_k));
        }
        for judge in ["j1", "j2", "j3", "j4", "j5"] {
            let mut without = v.clone();
            without["scores"]
                .as_array_mut()
                .unwrap()
                .retain(|score| score["investor"] != judge);
            let (top, _) = top_by_rank_command(&without, cut, mode);
            prop_assert_eq!(
                r.decisive_judges.iter().any(|d| d == judge),
                top != full_top,
                "judge {}", judge
            );
            for s in &r.startups {
                let pushed_out = full_top.contains(&s.startup) && !top.contains(&s.startup);
                prop_assert_eq!(
                    s.out_of_top_k_without.iter().any(|d| d == judge),
                    pushed_out,
                    "judge {} startup {}", judge, &s.startup
                );
            }
        }
        // Listed by rank, then id (unranked last).
        let keys: Vec<(u32, &str)> = r
            .startups
            .iter()
            .map(|s| (s.rank.unwrap_or(u32::MAX), s.startup.as_str()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(keys, sorted);
        let mut decisive = r.decisive_judges.clone();
        decisive.sort();
        prop_assert_eq!(decisive, r.decisive_judges.clone());
    }
}

// ---------------------------------------------------------------------------------------------
// The bootstrap against `roadshow rank` on the resampled panels written out as snapshots.

/// Resample b of the stream as a snapshot: draw d is a new investor `{judge}-d{d}` with the
/// drawn judge's scores and conflicts (definitions §8.5: copies count as separate judges).
fn resampled_snapshots(v: &Value, samples: u32) -> Vec<Value> {
    let counted = |investor: &Value| {
        let id = &investor["id"];
        let conflicts = investor["conflicts"].as_array().unwrap();
        v["scores"]
            .as_array()
            .unwrap()
            .iter()
            .any(|score| &score["investor"] == id && !conflicts.contains(&score["startup"]))
    };
    let mut judges: Vec<Value> = v["investors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|investor| counted(investor))
        .cloned()
        .collect();
    judges.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    let mut rng = SplitMix64::new(BOOTSTRAP_SEED);
    (0..samples)
        .map(|_| {
            let mut investors = Vec::new();
            let mut scores = Vec::new();
            for draw in 0..judges.len() {
                let judge = &judges[rng.below(judges.len() as u64) as usize];
                let copy = format!("{}-d{draw}", judge["id"].as_str().unwrap());
                let mut investor = judge.clone();
                investor["id"] = json!(copy);
                investors.push(investor);
                for score in v["scores"].as_array().unwrap() {
                    if score["investor"] == judge["id"] {
                        let mut score = score.clone();
                        score["investor"] = json!(copy);
                        scores.push(score);
                    }
                }
            }
            let mut resampled = v.clone();
            resampled["investors"] = json!(investors);
            resampled["scores"] = json!(scores);
            resampled
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn the_bootstrap_agrees_with_rank_on_each_resampled_panel((v, cut, raw) in random_panel()) {
        const SAMPLES: u32 = 8;
        let mode = if raw { TotalMode::Raw } else { TotalMode::Normalized };
        let snapshot = parse_snapshot(&v.to_string()).unwrap();
        let r = robustness_with(&snapshot, cut, mode, SAMPLES, BOOTSTRAP_SEED).unwrap();
        let mut in_top: HashMap<String, u32> = HashMap::new();
        for resampled in resampled_snapshots(&v, SAMPLES) {
            for startup in top_by_rank_command(&resampled, cut, mode).0 {
                *in_top.entry(startup).or_default() += 1;
            }
        }
        for s in &r.startups {
            let expected = f64::from(in_top.get(&s.startup).copied().unwrap_or(0)) / f64::from(SAMPLES);
            prop_assert_eq!(s.p_top_k, expected, "startup {}", &s.startup);
        }
    }
}
