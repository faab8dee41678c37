//! Policy frontier (docs/definitions.md §7.7): "best" on M' = M + β·[policy pair] and
//! `roadshow match --policy-bonus β`. The small event is worked out by hand in the comments; the
//! properties compare the solver with a brute force over every selection of random small
//! instances and check that the number of policy pairs never falls as β rises.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use roadshow_core::cli::{match_command, match_policy_command};
use roadshow_core::matching::instance::{Candidate, MatchingInstance};
use roadshow_core::matching::policy::{
    is_policy_pair, policy_frontier_of_snapshot, select_with_bonus, FrontierPoint, PolicyOutcome,
};
use roadshow_core::matching::stable::check_selection;
use roadshow_core::matching::MatchBoard;
use roadshow_core::model::MatchMode;
use roadshow_core::snapshot::parse_snapshot;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

// --- A hand-worked event ----------------------------------------------------------------------

/// Weights fit 0, own 0, interest 1, startup_interest 0.5 and no scores, so every M is
/// I + 0.5·P (exact in binary). Everyone has capacity 1; 4 slots × 4 tables never bind.
///
/// - iA is based in Seoul, iB in Busan.
/// - sN has no region, sS is in Seoul, sU in Ulsan.
/// - iA wants sS (M = 1), sU wants iA (M = 0.5), iB wants sU (M = 1); the other three pairs
///   have M = 0.
///
/// The only policy pair is (iA, sU): iB is outside the capital region, sS inside it and sN has no
/// region.
///
/// - Without bonus, "best" is (iA, sS) + (iB, sU) = 2; the alternative that uses (iA, sU) gets
///   at most 0.5 + 0 = 0.5. No policy pair.
/// - With β, the alternative is worth 0.5 + β: it wins when 0.5 + β > 2, i.e. β > 1.5 (a tie
///   at 1.5, which the tests avoid). Then iB is left with sN and sS at M = 0; the zero-score
///   top-up takes them in the greedy order (investor, then startup id: "sN" < "sS"), so (iB, sN).
///   Σ M = 0.5 + 0 = 0.5, one policy pair.
/// - Blocking pairs then (counted with M, definitions §4.8): (iA, sS) — M 1, iA holds 0.5 < 1 and
///   sS has room; (iB, sU) — M 1, iB holds 0 < 1 and sU holds 0.5 < 1. (iB, sS) and (iA, sN)
///   have M 0, not above what either side holds. So 2.
/// - min_startup_meetings: sS gets none, so 0.
fn event() -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "policy",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "innovation", "weight": 1.0}],
            "min_judges": 1,
            "match": {"fit": 0.0, "own": 0.0, "interest": 1.0, "startup_interest": 0.5,
                      "threshold": 0.0, "mode": "best"},
            "meetings": {"slots": 4, "tables": 4}
        },
        "startups": [
            {"id": "sN", "name": "sN", "capacity": 1},
            {"id": "sS", "name": "sS", "capacity": 1, "region": "Seoul"},
            {"id": "sU", "name": "sU", "capacity": 1, "region": "Ulsan", "wants_to_meet": ["iA"]}
        ],
        "investors": [
            {"id": "iA", "firm": "A", "capacity": 1, "hq_region": "Seoul"},
            {"id": "iB", "firm": "B", "capacity": 1, "hq_region": "Busan"}
        ],
        "scores": [],
        "interest": [
            {"investor": "iA", "startup": "sS", "want": true},
            {"investor": "iB", "startup": "sU", "want": true}
        ]
    })
}

fn pairs_of(v: &Value) -> Vec<(String, String, f64)> {
    v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["investor"].as_str().unwrap().to_owned(),
                p["startup"].as_str().unwrap().to_owned(),
                p["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn owned(pairs: &[(&str, &str, f64)]) -> Vec<(String, String, f64)> {
    pairs
        .iter()
        .map(|&(i, s, m)| (i.to_owned(), s.to_owned(), m))
        .collect()
}

fn run(input: &Value, beta: f64, floor: Option<u32>) -> (i32, Value) {
    let out = match_policy_command(input.to_string().as_bytes(), None, beta, floor);
    let value = if out.stdout.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&out.stdout).unwrap()
    };
    (out.exit_code, value)
}

#[test]
fn which_pairs_are_policy_pairs() {
    let snapshot = parse_snapshot(&event().to_string()).unwrap();
    let (ia, ib) = (&snapshot.investors[0], &snapshot.investors[1]);
    let (sn, ss, su) = (
        &snapshot.startups[0],
        &snapshot.startups[1],
        &snapshot.startups[2],
    );
    assert!(is_policy_pair(ia, su));
    assert!(!is_policy_pair(ia, ss), "both in the capital region");
    assert!(!is_policy_pair(ia, sn), "a startup without region");
    assert!(!is_policy_pair(ib, su), "Busan is not the capital region");
    let mut no_hq = ia.clone();
    no_hq.hq_region = None;
    assert!(!is_policy_pair(&no_hq, su), "an investor without hq_region");
    let mut gyeonggi = ia.clone();
    gyeonggi.hq_region = Some("Gyeonggi".into());
    let mut incheon_startup = su.clone();
    incheon_startup.region = Some("Incheon".into());
    assert!(is_policy_pair(&gyeonggi, su));
    assert!(!is_policy_pair(&gyeonggi, &incheon_startup));
    let mut blank = su.clone();
    blank.region = Some("  ".into());
    assert!(!is_policy_pair(ia, &blank), "a blank region is no region");
}

#[test]
fn below_the_break_even_bonus_the_selection_is_todays() {
    // β = 0 and β = 1 (0.5 + 1 = 1.5 < 2): (iA, sS) and (iB, sU), total 2, no policy pair.
    for beta in [0.0, 1.0] {
        let (code, v) = run(&event(), beta, None);
        assert_eq!(code, 0);
        assert_eq!(pairs_of(&v), owned(&[("iA", "sS", 1.0), ("iB", "sU", 1.0)]));
        assert_eq!(v["total"], 2.0);
        assert_eq!(v["policy_pairs"], 0);
        assert_eq!(v["blocking_pairs"], 0);
        assert_eq!(v["min_startup_meetings"], 0, "sN gets none");
    }
}

#[test]
fn above_the_break_even_bonus_the_policy_pair_is_chosen_and_scores_are_without_bonus() {
    // β = 1.6 and 2 (> 1.5): (iA, sU) at M 0.5 (printed without the bonus), then (iB, sN) at 0.
    for beta in [1.6, 2.0] {
        let (code, v) = run(&event(), beta, None);
        assert_eq!(code, 0);
        assert_eq!(pairs_of(&v), owned(&[("iA", "sU", 0.5), ("iB", "sN", 0.0)]));
        assert_eq!(v["total"], 0.5);
        assert_eq!(v["policy_pairs"], 1);
        assert_eq!(v["blocking_pairs"], 2);
        assert_eq!(v["min_startup_meetings"], 0, "sS gets none");
        // The `match` fields in their order, then policy_pairs (top-level keys are indented by
        // two spaces in the pretty output).
        let text = match_policy_command(event().to_string().as_bytes(), None, beta, None).stdout;
        let at: Vec<usize> = [
            "pairs",
            "total",
            "blocking_pairs",
            "min_startup_meetings",
            "policy_pairs",
        ]
        .iter()
        .map(|key| text.find(&format!("\n  \"{key}\":")).unwrap())
        .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert_eq!(v.as_object().unwrap().len(), 5);
    }
}

#[test]
fn the_frontier_of_the_hand_worked_event() {
    let snapshot = parse_snapshot(&event().to_string()).unwrap();
    let frontier = policy_frontier_of_snapshot(&snapshot, &[0.0, 1.0, 1.6, 2.0]).unwrap();
    let point = |beta, total, policy_pairs| FrontierPoint {
        beta,
        total,
        policy_pairs,
    };
    assert_eq!(
        frontier,
        vec![
            point(0.0, 2.0, 0),
            point(1.0, 2.0, 0),
            point(1.6, 0.5, 1),
            point(2.0, 0.5, 1)
        ]
    );
    assert!(policy_frontier_of_snapshot(&snapshot, &[0.5, -1.0]).is_err());
}

#[test]
fn a_floor_combines_with_the_bonus() {
    // K = 1: k_s = min(1, capacity 1, 2 candidate pairs) = 1 for each of the three startups,
    // need 3; the investors supply min(1, 3) + min(1, 3) = 2. Impossible whatever β: exit 3.
    let (code, v) = run(&event(), 2.0, Some(1));
    assert_eq!(code, 3);
    assert_eq!(v["infeasible"]["startups"], json!(["sN", "sS", "sU"]));
    assert_eq!(v["infeasible"]["need"], 3);
    assert_eq!(v["infeasible"]["supply"], 2);
    // With iB at capacity 2 the floor is met: at β = 2, M' = (iA, sU) 2.5 + iB's two M = 0
    // pairs (sN, sS) = 2.5 beats (iA, sS) + (iB, sU) + (iB, sN) = 2. Every startup has one
    // meeting, so the floor does not bind and the selection is the bonus selection.
    let mut bigger = event();
    bigger["investors"][1]["capacity"] = json!(2);
    let (code, v) = run(&bigger, 2.0, Some(1));
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        pairs_of(&v),
        owned(&[("iA", "sU", 0.5), ("iB", "sN", 0.0), ("iB", "sS", 0.0)])
    );
    assert_eq!(v["policy_pairs"], 1);
    assert_eq!(v["min_startup_meetings"], 1);
    // K = 0 is no floor.
    assert_eq!(run(&event(), 2.0, Some(0)), run(&event(), 2.0, None));
}

#[test]
fn stable_mode_and_a_bad_bonus_are_usage_errors() {
    let input = event().to_string();
    let out = match_policy_command(input.as_bytes(), Some(MatchMode::Stable), 1.0, None);
    assert_eq!(out.exit_code, 2);
    assert!(out.stdout.is_empty());
    for beta in [-0.5, f64::NAN, f64::INFINITY] {
        let out = match_policy_command(input.as_bytes(), None, beta, None);
        assert_eq!(out.exit_code, 2, "{beta}");
    }
    // An invalid snapshot is a problem of the input (exit 1), as for `match`.
    let out = match_policy_command(b"{", None, 1.0, None);
    assert_eq!(out.exit_code, 1);
}

fn demo_scored() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/demo-scored.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The demo with every other investor based in Seoul (its startups are all outside the capital
/// region).
fn demo_with_capital_investors() -> Value {
    let mut demo = demo_scored();
    for (n, investor) in demo["investors"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        investor["hq_region"] = json!(if n % 2 == 0 { "Seoul" } else { "Daejeon" });
    }
    demo
}

#[test]
fn a_zero_bonus_prints_best_plus_policy_pairs() {
    for input in [demo_scored(), demo_with_capital_investors(), event()] {
        let bytes = input.to_string().into_bytes();
        let best = match_command(&bytes, Some(MatchMode::Best));
        assert_eq!(best.exit_code, 0, "{}", best.stderr);
        let (code, mut with_bonus) = run(&input, 0.0, None);
        assert_eq!(code, 0);
        let policy = with_bonus
            .as_object_mut()
            .unwrap()
            .remove("policy_pairs")
            .unwrap();
        assert!(policy.as_u64().is_some());
        let best: Value = serde_json::from_str(&best.stdout).unwrap();
        assert_eq!(with_bonus, best);
    }
    // Without any hq_region there is no policy pair at any β.
    let (_, v) = run(&demo_scored(), 5.0, None);
    assert_eq!(v["policy_pairs"], 0);
}

#[test]
fn the_demos_frontier_never_loses_policy_pairs_and_matches_the_command() {
    let demo = demo_with_capital_investors();
    let snapshot = parse_snapshot(&demo.to_string()).unwrap();
    let grid: Vec<f64> = (0..=12).map(|k| f64::from(k) * 0.05).collect();
    let frontier = policy_frontier_of_snapshot(&snapshot, &grid).unwrap();
    for pair in frontier.windows(2) {
        assert!(pair[1].policy_pairs >= pair[0].policy_pairs, "{frontier:?}");
        // Σ M without bonus can only fall as the bonus buys policy pairs (same argument).
        assert!(pair[1].total <= pair[0].total + 1e-9, "{frontier:?}");
    }
    let board = MatchBoard::from_snapshot(&snapshot).unwrap();
    for point in &frontier {
        let (code, v) = run(&demo, point.beta, None);
        assert_eq!(code, 0);
        // (JSON's float text read back may differ in the last bit.)
        let printed = v["total"].as_f64().unwrap();
        assert!((printed - point.total).abs() <= 1e-12 * point.total.abs().max(1.0));
        let PolicyOutcome::Selected(selected) = board
            .select_with_policy_bonus(&snapshot, point.beta, 0)
            .unwrap()
        else {
            panic!("no floor, always selected");
        };
        assert_eq!(selected.selection.total, point.total);
        assert_eq!(selected.policy_pairs, point.policy_pairs);
        assert_eq!(
            v["policy_pairs"].as_u64().unwrap() as usize,
            point.policy_pairs
        );
    }
    let PolicyOutcome::Selected(zero) = board.select_with_policy_bonus(&snapshot, 0.0, 0).unwrap()
    else {
        panic!("no floor, always selected");
    };
    assert_eq!(zero.policy_pairs, frontier[0].policy_pairs);
}

#[test]
fn the_binary_takes_policy_bonus() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("policy-event.json");
    std::fs::write(&path, event().to_string()).unwrap();
    let path = path.display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_roadshow"))
        .args(["match", &path, "--policy-bonus", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["policy_pairs"], 1);
    assert_eq!(v["total"], 0.5);
    for args in [
        vec!["match", &path, "--policy-bonus", "1", "--mode", "stable"],
        vec!["match", &path, "--policy-bonus", "-1"],
        vec!["match", &path, "--policy-bonus", "lots"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_roadshow"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

// --- Properties on random small instances -----------------------------------------------------

/// Up to 3 investors and 3 startups with capacities 0–2, a total cap 1–4, each pair a candidate
/// or not, scores on a coarse grid (many ties) and a random policy flag per candidate.
fn small_instance() -> impl Strategy<Value = (MatchingInstance, Vec<bool>)> {
    (1usize..=3, 1usize..=3).prop_flat_map(|(investors, startups)| {
        (
            prop::collection::vec(0u32..=2, investors),
            prop::collection::vec(0u32..=2, startups),
            1u32..=4,
            prop::collection::vec(
                (any::<bool>(), 0u32..=8, any::<bool>()),
                investors * startups,
            ),
        )
            .prop_map(move |(ic, sc, cap, cells)| {
                let mut candidates = Vec::new();
                let mut policy = Vec::new();
                for (n, (present, eighths, flag)) in cells.into_iter().enumerate() {
                    if present {
                        candidates.push(Candidate {
                            investor: (n / startups) as u32,
                            startup: (n % startups) as u32,
                            score: f64::from(eighths) * 0.125,
                        });
                        policy.push(flag);
                    }
                }
                (
                    MatchingInstance {
                        investor_capacity: ic,
                        startup_capacity: sc,
                        total_cap: cap,
                        candidates,
                    },
                    policy,
                )
            })
    })
}

/// The largest Σ M' over every selection that respects the capacities and the cap (the
/// independent oracle: plain enumeration of subsets).
fn brute_force_optimum(instance: &MatchingInstance, policy: &[bool], beta: f64) -> f64 {
    let n = instance.candidates.len();
    let mut best = 0.0f64;
    for mask in 0u32..(1 << n) {
        let mut by_investor = vec![0u32; instance.investor_capacity.len()];
        let mut by_startup = vec![0u32; instance.startup_capacity.len()];
        let mut total = 0.0;
        let mut count = 0;
        for (p, c) in instance.candidates.iter().enumerate() {
            if mask & (1 << p) != 0 {
                by_investor[c.investor as usize] += 1;
                by_startup[c.startup as usize] += 1;
                count += 1;
                total += c.score + if policy[p] { beta } else { 0.0 };
            }
        }
        let fits = count <= instance.total_cap
            && by_investor
                .iter()
                .zip(&instance.investor_capacity)
                .all(|(n, c)| n <= c)
            && by_startup
                .iter()
                .zip(&instance.startup_capacity)
                .all(|(n, c)| n <= c);
        if fits {
            best = best.max(total);
        }
    }
    best
}

const GRID: [f64; 10] = [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 3.0];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_bonus_selection_is_an_exact_optimum_of_m_prime((inst, policy) in small_instance()) {
        for beta in GRID {
            let chosen = select_with_bonus(&inst, &policy, beta).unwrap();
            prop_assert!(check_selection(&inst, &chosen).is_ok());
            let got: f64 = chosen
                .iter()
                .map(|&p| inst.candidates[p].score + if policy[p] { beta } else { 0.0 })
                .sum();
            let optimum = brute_force_optimum(&inst, &policy, beta);
            prop_assert!((got - optimum).abs() < 1e-9, "β {beta}: {got} vs {optimum}");
        }
    }

    #[test]
    fn policy_pairs_never_fall_as_the_bonus_rises((inst, policy) in small_instance()) {
        let mut last = 0usize;
        for beta in GRID {
            let chosen = select_with_bonus(&inst, &policy, beta).unwrap();
            let count = chosen.iter().filter(|&&p| policy[p]).count();
            prop_assert!(count >= last, "β {beta}: {count} policy pairs after {last}");
            last = count;
        }
    }

    #[test]
    fn policy_pairs_never_fall_on_random_events(
        hq in prop::collection::vec(0usize..3, 3),
        regions in prop::collection::vec(0usize..4, 4),
        wants in prop::collection::vec(any::<bool>(), 12),
        capacities in prop::collection::vec(1u32..=2, 7),
    ) {
        // 3 investors (hq Seoul, Ulsan or none), 4 startups (region Incheon, Jeju, Busan or
        // none), random "want to meet" from both sides, fit weight 0.3 on empty preferences.
        let hq_names = [Some("Seoul"), Some("Ulsan"), None];
        let region_names = [Some("Incheon"), Some("Jeju"), Some("Busan"), None];
        let investors: Vec<Value> = (0..3).map(|j| {
            let mut v = json!({"id": format!("i{j}"), "firm": format!("F{j}"),
                               "capacity": capacities[j]});
            if let Some(h) = hq_names[hq[j]] { v["hq_region"] = json!(h); }
            v
        }).collect();
        let startups: Vec<Value> = (0..4).map(|s| {
            let wanted: Vec<String> = (0..3).filter(|&j| wants[s * 3 + j])
                .map(|j| format!("i{j}")).collect();
            let mut v = json!({"id": format!("s{s}"), "name": format!("S{s}"),
                               "capacity": capacities[3 + s], "wants_to_meet": wanted});
            if let Some(r) = region_names[regions[s]] { v["region"] = json!(r); }
            v
        }).collect();
        let interest: Vec<Value> = (0..12).filter(|&n| wants[(n + 5) % 12])
            .map(|n| json!({"investor": format!("i{}", n % 3), "startup": format!("s{}", n / 3),
                            "want": true}))
            .collect();
        let mut input = event();
        input["event"]["match"] = json!({"fit": 0.3, "own": 0.0, "interest": 0.2,
                                         "startup_interest": 0.1, "threshold": 0.0});
        input["investors"] = json!(investors);
        input["startups"] = json!(startups);
        input["interest"] = json!(interest);
        let snapshot = parse_snapshot(&input.to_string()).unwrap();
        let frontier = policy_frontier_of_snapshot(&snapshot, &GRID).unwrap();
        for pair in frontier.windows(2) {
            prop_assert!(pair[1].policy_pairs >= pair[0].policy_pairs, "{:?}", frontier);
        }
    }
}
