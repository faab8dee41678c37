//! Meeting floors (docs/definitions.md §7.3): "best" under `min_startup_meetings = k`, the
//! certificate when no selection meets every floor, and `roadshow match --min-startup-meetings`.
//! The small instances are worked out by hand in the comments; a property test compares the
//! solver with a brute force over every selection of random small instances.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use roadshow_core::cli::{match_command, match_floor_command};
use roadshow_core::matching::floors::{
    floor_certificate, floor_targets, select_with_floors, FloorCertificate, FloorOutcome,
};
use roadshow_core::matching::flow::BestMatching;
use roadshow_core::matching::instance::{Candidate, MatchingInstance};
use roadshow_core::matching::stable::{check_selection, fill_greedily};
use roadshow_core::matching::synthetic::SplitMix;
use roadshow_core::matching::{FloorSelection, MatchBoard};
use roadshow_core::model::MatchMode;
use roadshow_core::snapshot::parse_snapshot;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

fn instance(
    investors: &[u32],
    startups: &[u32],
    total_cap: u32,
    pairs: &[(u32, u32, f64)],
) -> MatchingInstance {
    MatchingInstance {
        investor_capacity: investors.to_vec(),
        startup_capacity: startups.to_vec(),
        total_cap,
        candidates: pairs
            .iter()
            .map(|&(investor, startup, score)| Candidate {
                investor,
                startup,
                score,
            })
            .collect(),
    }
}

/// Today's "best": the exact optimum topped up with zero-score pairs (as `MatchBoard` does).
fn unconstrained(instance: &MatchingInstance) -> Vec<usize> {
    let mut chosen = BestMatching::solve(instance).unwrap().selected();
    fill_greedily(instance, &mut chosen);
    chosen
}

fn solve(instance: &MatchingInstance, k: u32) -> FloorOutcome {
    let floors = floor_targets(instance, k);
    select_with_floors(instance, &floors, &unconstrained(instance)).unwrap()
}

fn total(instance: &MatchingInstance, chosen: &[usize]) -> f64 {
    chosen.iter().map(|&p| instance.candidates[p].score).sum()
}

fn sorted(mut chosen: Vec<usize>) -> Vec<usize> {
    chosen.sort_unstable();
    chosen
}

fn meetings_per_startup(instance: &MatchingInstance, chosen: &[usize]) -> Vec<u32> {
    let mut got = vec![0; instance.startup_count()];
    for &p in chosen {
        got[instance.candidates[p].startup as usize] += 1;
    }
    got
}

/// The certificate's inequality computed here from scratch (not through the crate).
fn certificate_inequality_holds(
    instance: &MatchingInstance,
    floors: &[u32],
    c: &FloorCertificate,
) -> bool {
    let need: u64 = c
        .startups
        .iter()
        .map(|&s| u64::from(floors[s as usize]))
        .sum();
    let supply: u64 = (0..instance.investor_count())
        .map(|i| {
            let edges = instance
                .candidates
                .iter()
                .filter(|p| p.investor as usize == i && c.startups.contains(&p.startup))
                .count() as u64;
            edges.min(u64::from(instance.investor_capacity[i]))
        })
        .sum();
    need == c.need
        && supply == c.supply
        && match c.total_cap {
            None => need > supply,
            Some(cap) => cap == instance.total_cap && need > u64::from(cap),
        }
}

#[test]
fn a_binding_floor_changes_the_selection() {
    // Investors i0, i1 (capacity 1 each); startups s0 (capacity 2), s1 (capacity 1).
    // Pairs: p0 = (i0, s0) 0.9, p1 = (i1, s0) 0.8, p2 = (i0, s1) 0.5.
    // Without a floor: {p0, p1} = 1.7 (the only other full selection, {p2, p1}, is 1.3), and s1
    // gets nothing. k = 1: k_s0 = min(1, 2, 2) = 1, k_s1 = min(1, 1, 1) = 1. s1's only pair is p2,
    // which fills i0; s0 then needs i1: {p1, p2} = 1.3. Σ M drops by 0.4, everyone gets 1.
    let inst = instance(
        &[1, 1],
        &[2, 1],
        10,
        &[(0, 0, 0.9), (1, 0, 0.8), (0, 1, 0.5)],
    );
    assert_eq!(sorted(unconstrained(&inst)), vec![0, 1]);
    assert_eq!(floor_targets(&inst, 1), vec![1, 1]);
    let FloorOutcome::Selected(chosen) = solve(&inst, 1) else {
        panic!("the floor is feasible");
    };
    assert_eq!(sorted(chosen.clone()), vec![1, 2]);
    assert!((total(&inst, &chosen) - 1.3).abs() < 1e-12);
    assert_eq!(meetings_per_startup(&inst, &chosen), vec![1, 1]);
}

#[test]
fn a_floor_that_does_not_bind_keeps_todays_selection() {
    // Same instance, k = 1 but s1 is also i1's candidate at 0.85: today's best is already
    // {(i0, s0) 0.9, (i1, s1) 0.85} = 1.75 with one meeting each, so it is returned unchanged.
    let inst = instance(
        &[1, 1],
        &[2, 1],
        10,
        &[(0, 0, 0.9), (1, 0, 0.8), (0, 1, 0.5), (1, 1, 0.85)],
    );
    let today = unconstrained(&inst);
    assert_eq!(sorted(today.clone()), vec![0, 3]);
    assert_eq!(solve(&inst, 1), FloorOutcome::Selected(today));
}

#[test]
fn k_is_clipped_by_capacity_and_candidates() {
    // Investors i0, i1, i2 (capacity 2 each); startups s0 (capacity 4, one candidate pair),
    // s1 (capacity 2, three pairs), s2 (capacity 0, one pair). k = 3:
    //   k_s0 = min(3, 4, 1) = 1,  k_s1 = min(3, 2, 3) = 2,  k_s2 = min(3, 0, 1) = 0.
    // Today's best takes (i0, s1) 0.9, (i1, s1) 0.8 and (i0, s0) 0.1 (total 1.8), which meets
    // every clipped floor, so k = 3 is feasible although no startup can reach 3.
    let inst = instance(
        &[2, 2, 2],
        &[4, 2, 0],
        10,
        &[
            (0, 0, 0.1),
            (0, 1, 0.9),
            (1, 1, 0.8),
            (2, 1, 0.7),
            (1, 2, 0.6),
        ],
    );
    assert_eq!(floor_targets(&inst, 3), vec![1, 2, 0]);
    let FloorOutcome::Selected(chosen) = solve(&inst, 3) else {
        panic!("the clipped floor is feasible");
    };
    assert_eq!(sorted(chosen.clone()), vec![0, 1, 2]);
    assert_eq!(meetings_per_startup(&inst, &chosen), vec![1, 2, 0]);
    assert!((total(&inst, &chosen) - 1.8).abs() < 1e-12);
}

#[test]
fn an_impossible_floor_gives_the_hand_derived_certificate() {
    // Investors i0 (capacity 1), i1 (capacity 1), i2 (capacity 2), i3 (capacity 0).
    // Startups s0, s1, s2 (capacity 2 each). Pairs: s0 with i0, i1, i3; s1 with i0, i1;
    // s2 with i2 only. k = 2: k_s0 = min(2, 2, 3) = 2, k_s1 = min(2, 2, 2) = 2,
    // k_s2 = min(2, 2, 1) = 1.
    // s0 and s1 can only meet i0 and i1, one meeting each: S = {s0, s1},
    //   need = 2 + 2 = 4,
    //   supply = min(1, 2) [i0] + min(1, 2) [i1] + min(0, 1) [i3] = 1 + 1 + 0 = 2 < 4.
    // s2 gets its one meeting from i2, which has no pair into S, so neither is in the certificate.
    // (It is the minimum cut closest to the sink: the maximum flow is 3, and the cut
    // k_s2 + 2 = 3 is minimum.) i3 is listed with supply 0: it has a pair into S.
    let inst = instance(
        &[1, 1, 2, 0],
        &[2, 2, 2],
        10,
        &[
            (0, 0, 0.5),
            (1, 0, 0.5),
            (3, 0, 0.5),
            (0, 1, 0.5),
            (1, 1, 0.5),
            (2, 2, 0.5),
        ],
    );
    let floors = floor_targets(&inst, 2);
    assert_eq!(floors, vec![2, 2, 1]);
    let expected = FloorCertificate {
        startups: vec![0, 1],
        need: 4,
        supply: 2,
        investors: vec![(0, 1), (1, 1), (3, 0)],
        total_cap: None,
    };
    assert_eq!(solve(&inst, 2), FloorOutcome::Infeasible(expected.clone()));
    assert!(expected.holds(&inst, &floors));
    assert!(certificate_inequality_holds(&inst, &floors, &expected));
    // k = 1 is feasible: k = (1, 1, 1), i0 → s0, i1 → s1, i2 → s2.
    assert_eq!(
        floor_certificate(&inst, &floor_targets(&inst, 1)).unwrap(),
        None
    );
}

#[test]
fn floors_beyond_slots_times_tables_name_the_cap() {
    // Two startups, each with its own investor (capacity 1), but slots × tables = 1. Hall's
    // condition holds (each startup has its own investor), yet k = 1 asks for 2 meetings:
    // the certificate is every startup with a floor, need 2 > total_cap 1 (supply 1 + 1 = 2).
    let inst = instance(&[1, 1], &[1, 1], 1, &[(0, 0, 0.5), (1, 1, 0.4)]);
    let floors = floor_targets(&inst, 1);
    let expected = FloorCertificate {
        startups: vec![0, 1],
        need: 2,
        supply: 2,
        investors: vec![(0, 1), (1, 1)],
        total_cap: Some(1),
    };
    assert_eq!(solve(&inst, 1), FloorOutcome::Infeasible(expected.clone()));
    assert!(certificate_inequality_holds(&inst, &floors, &expected));
}

#[test]
fn a_floor_can_require_a_zero_score_pair() {
    // i0 (capacity 1) has pairs s0 at 1.0 and s1 at 0.0; i1 (capacity 1) only s0 at 0.2;
    // s0 and s1 have capacity 1. Today: (i0, s0) = 1.0 (the other full selection, (i0, s1) +
    // (i1, s0), is 0.2; nothing more fits). k = 1 forces s1's only pair (i0, s1) at 0.0, and s0
    // then takes i1: total 0.2.
    let inst = instance(
        &[1, 1],
        &[1, 1],
        10,
        &[(0, 0, 1.0), (0, 1, 0.0), (1, 0, 0.2)],
    );
    assert_eq!(sorted(unconstrained(&inst)), vec![0]);
    let FloorOutcome::Selected(chosen) = solve(&inst, 1) else {
        panic!("feasible");
    };
    assert_eq!(sorted(chosen.clone()), vec![1, 2]);
    assert!((total(&inst, &chosen) - 0.2).abs() < 1e-12);
}

#[test]
fn extreme_scores_do_not_break_the_floor_solver() {
    // The same shape as `a_binding_floor_changes_the_selection`, at the edges of f64.
    for unit in [f64::MIN_POSITIVE / 4.0, 1e-300, 1e300] {
        let inst = instance(
            &[1, 1],
            &[2, 1],
            10,
            &[(0, 0, 9.0 * unit), (1, 0, 8.0 * unit), (0, 1, 5.0 * unit)],
        );
        // An empty "today" sends it straight to the floor solver.
        let floors = floor_targets(&inst, 1);
        let FloorOutcome::Selected(chosen) = select_with_floors(&inst, &floors, &[]).unwrap()
        else {
            panic!("feasible");
        };
        assert_eq!(sorted(chosen), vec![1, 2], "{unit}");
    }
}

/// Every selection of a small instance: the best Σ M among those meeting every floor (None when
/// none does).
fn brute_force(instance: &MatchingInstance, floors: &[u32]) -> Option<f64> {
    let n = instance.candidates.len();
    let mut best: Option<f64> = None;
    for mask in 0u32..(1 << n) {
        let chosen: Vec<usize> = (0..n).filter(|&p| mask >> p & 1 == 1).collect();
        if check_selection(instance, &chosen).is_err() {
            continue;
        }
        let got = meetings_per_startup(instance, &chosen);
        if got.iter().zip(floors).any(|(g, k)| g < k) {
            continue;
        }
        let t = total(instance, &chosen);
        if best.is_none_or(|b| t > b) {
            best = Some(t);
        }
    }
    best
}

fn small_instance() -> impl Strategy<Value = (MatchingInstance, u32)> {
    (1usize..=4, 1usize..=4).prop_flat_map(|(investors, startups)| {
        (
            prop::collection::vec(0u32..=3, investors),
            prop::collection::vec(0u32..=3, startups),
            1u32..=6,
            // Per pair: absent, or a score on a grid of 0.1 (0 included, a few negatives).
            prop::collection::vec(
                prop::option::weighted(0.6, -2i32..=10),
                investors * startups,
            ),
            0u32..=3,
        )
            .prop_map(move |(ic, sc, cap, cells, k)| {
                let mut candidates = Vec::new();
                for (at, cell) in cells.iter().enumerate() {
                    if let Some(tenths) = cell {
                        candidates.push(Candidate {
                            investor: (at / startups) as u32,
                            startup: (at % startups) as u32,
                            score: f64::from(*tenths) / 10.0,
                        });
                    }
                }
                (
                    MatchingInstance {
                        investor_capacity: ic,
                        startup_capacity: sc,
                        total_cap: cap,
                        candidates,
                    },
                    k,
                )
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn floors_agree_with_brute_force((inst, k) in small_instance()) {
        let floors = floor_targets(&inst, k);
        let oracle = brute_force(&inst, &floors);
        match solve(&inst, k) {
            FloorOutcome::Selected(chosen) => {
                let Some(optimum) = oracle else {
                    return Err(TestCaseError::fail("selected, but brute force finds no selection"));
                };
                prop_assert!(check_selection(&inst, &chosen).is_ok());
                let got = meetings_per_startup(&inst, &chosen);
                prop_assert!(got.iter().zip(&floors).all(|(g, k)| g >= k), "{got:?} < {floors:?}");
                prop_assert!((total(&inst, &chosen) - optimum).abs() < 1e-9,
                    "total {} vs optimum {optimum}", total(&inst, &chosen));
            }
            FloorOutcome::Infeasible(c) => {
                prop_assert!(oracle.is_none(), "certificate {c:?}, but brute force found {oracle:?}");
                prop_assert!(c.holds(&inst, &floors));
                prop_assert!(certificate_inequality_holds(&inst, &floors, &c), "{c:?}");
            }
        }
        if k == 0 {
            prop_assert_eq!(solve(&inst, 0), FloorOutcome::Selected(unconstrained(&inst)));
        }
    }
}

/// An independent reference for mid-size instances: textbook successive shortest paths with
/// Bellman–Ford from a super-source, every candidate pair in the graph, and each floor as k_s
/// units of a startup's arc to the sink at a bonus that outweighs any difference in Σ M (not the
/// lower bounds the solver uses). Scores must be multiples of 1/8, so the integer costs are exact.
/// The best Σ M under the floors, or `None` when the bonus units cannot all be placed.
fn textbook_floor_optimum(instance: &MatchingInstance, floors: &[u32]) -> Option<f64> {
    let (ni, ns) = (instance.investor_count(), instance.startup_count());
    let (src, cap_node, sink) = (ni + ns, ni + ns + 1, ni + ns + 2);
    let n = ni + ns + 3;
    let (mut from, mut to, mut cap, mut cost) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut add = |a: usize, b: usize, c: i64, w: i64| {
        for (x, y, c, w) in [(a, b, c, w), (b, a, 0, -w)] {
            from.push(x);
            to.push(y);
            cap.push(c);
            cost.push(w);
        }
    };
    let bonus: i64 = 1 << 40;
    add(src, cap_node, i64::from(instance.total_cap), 0);
    for j in 0..ni {
        add(cap_node, j, i64::from(instance.investor_capacity[j]), 0);
    }
    let first_pair = 2 * (1 + ni);
    for c in &instance.candidates {
        let w = c.score * 8.0;
        assert_eq!(w, w.round(), "scores must be multiples of 1/8");
        add(c.investor as usize, ni + c.startup as usize, 1, -(w as i64));
    }
    for (s, (&floor, &capacity)) in floors.iter().zip(&instance.startup_capacity).enumerate() {
        let k = floor.min(capacity);
        add(ni + s, sink, i64::from(k), -bonus);
        add(ni + s, sink, i64::from(capacity - k), 0);
    }
    loop {
        let mut dist = vec![i64::MAX; n];
        let mut parent = vec![usize::MAX; n];
        dist[src] = 0;
        for _ in 0..n {
            let mut changed = false;
            for a in 0..to.len() {
                if cap[a] > 0 && dist[from[a]] != i64::MAX && dist[from[a]] + cost[a] < dist[to[a]]
                {
                    dist[to[a]] = dist[from[a]] + cost[a];
                    parent[to[a]] = a;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        if dist[sink] == i64::MAX || dist[sink] >= 0 {
            break;
        }
        let mut v = sink;
        while v != src {
            let a = parent[v];
            cap[a] -= 1;
            cap[a ^ 1] += 1;
            v = from[a];
        }
    }
    // Every bonus arc full, or the floors cannot be met.
    let bonus_arcs = first_pair + 2 * instance.candidates.len();
    if (0..ns).any(|s| cap[bonus_arcs + 4 * s] > 0) {
        return None;
    }
    Some(
        instance
            .candidates
            .iter()
            .enumerate()
            .filter(|&(p, _)| cap[first_pair + 2 * p + 1] > 0)
            .map(|(_, c)| c.score)
            .sum(),
    )
}

/// Instances where each investor has far more candidates than "best" keeps in its graph
/// (3 × capacity + 10), so the arc pruning, its widening and the certificate over left-out pairs
/// (of any weight) all take part; scores in eighths, a few negative, many ties.
#[test]
fn floors_agree_with_the_textbook_flow_where_arcs_are_pruned() {
    let mut rng = SplitMix(14);
    let (mut feasible, mut infeasible, mut binding) = (0, 0, 0);
    for round in 0..160 {
        let investors = rng.range(2, 7);
        let startups = rng.range(20, 60);
        let mut candidates = Vec::new();
        for j in 0..investors {
            for s in 0..startups {
                if rng.unit() < 0.8 {
                    candidates.push(Candidate {
                        investor: j,
                        startup: s,
                        score: f64::from(rng.range(0, 12)) / 8.0 - 0.25,
                    });
                }
            }
        }
        let inst = MatchingInstance {
            investor_capacity: (0..investors).map(|_| rng.range(2, 14)).collect(),
            startup_capacity: (0..startups).map(|_| rng.range(0, 3)).collect(),
            total_cap: rng.range(startups / 2, 2 * startups),
            candidates,
        };
        let k = rng.range(1, 2);
        let floors = floor_targets(&inst, k);
        let today = unconstrained(&inst);
        if meetings_per_startup(&inst, &today)
            .iter()
            .zip(&floors)
            .any(|(g, k)| g < k)
        {
            binding += 1;
        }
        let oracle = textbook_floor_optimum(&inst, &floors);
        match select_with_floors(&inst, &floors, &today).unwrap() {
            FloorOutcome::Selected(chosen) => {
                feasible += 1;
                let optimum = oracle.unwrap_or_else(|| panic!("round {round}: no flow, selected"));
                check_selection(&inst, &chosen).unwrap();
                let got = meetings_per_startup(&inst, &chosen);
                assert!(
                    got.iter().zip(&floors).all(|(g, k)| g >= k),
                    "round {round}"
                );
                assert_eq!(total(&inst, &chosen), optimum, "round {round}");
            }
            FloorOutcome::Infeasible(c) => {
                infeasible += 1;
                assert_eq!(oracle, None, "round {round}: certificate {c:?}");
                assert!(certificate_inequality_holds(&inst, &floors, &c), "{c:?}");
            }
        }
    }
    // The instances exercise both outcomes and mostly floors that bind.
    assert!(
        feasible >= 30 && infeasible >= 10 && binding >= 80,
        "{feasible} {infeasible} {binding}"
    );
}

// --- From a snapshot and through the `roadshow` binary -------------------------------------

/// Weights fit 0.25, own 0, interest 1, startup_interest 0.5 and no preferences or scores, so
/// F = 1, O = 0 and every M is 0.25 + I + 0.5·P (exact in binary).
fn event(investors: Value, startups: Value, interest: Value) -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "floors",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "innovation", "weight": 1.0}],
            "min_judges": 1,
            "match": {"fit": 0.25, "own": 0.0, "interest": 1.0, "startup_interest": 0.5,
                      "threshold": 0.0, "mode": "best"},
            "meetings": {"slots": 4, "tables": 4}
        },
        "startups": startups,
        "investors": investors,
        "scores": [],
        "interest": interest
    })
}

fn investor(id: &str, capacity: u32) -> Value {
    json!({"id": id, "firm": id, "fields": [], "stages": [], "regions": [], "capacity": capacity,
           "unavailable_slots": [], "conflicts": []})
}

fn startup(id: &str, capacity: u32, wants: &[&str]) -> Value {
    json!({"id": id, "name": id, "capacity": capacity, "wants_to_meet": wants, "declines": []})
}

/// i1, i2 (capacity 1); s1 (capacity 2), s2 (capacity 1).
/// M: (i1, s1) = 0.25 + 1 + 0.5 = 1.75; (i2, s1) = 0.25 + 1 = 1.25; (i1, s2) = 0.25;
/// (i2, s2) removed (i2 said no).
/// Without a floor: (i1, s1) + (i2, s1) = 3.0 and s2 gets nothing. k = 1: s2's only pair is
/// (i1, s2), which fills i1; s1 keeps (i2, s1): total 1.5. Blocking pairs: (i1, s1) — i1 holds
/// 0.25 < 1.75 and s1 has room — so 1; min_startup_meetings 1.
fn binding_event() -> Value {
    event(
        json!([investor("i1", 1), investor("i2", 1)]),
        json!([startup("s1", 2, &["i1"]), startup("s2", 1, &[])]),
        json!([
            {"investor": "i1", "startup": "s1", "want": true},
            {"investor": "i2", "startup": "s1", "want": true},
            {"investor": "i2", "startup": "s2", "want": false}
        ]),
    )
}

/// i1, i2 (capacity 1) may each meet s1 and s2 (capacity 2); i3 (capacity 1) only s3
/// (s3 declines i1 and i2; i3 said no to s1 and s2). k = 2: k_s1 = k_s2 = min(2, 2, 2) = 2,
/// k_s3 = min(2, 2, 1) = 1. S = {s1, s2}: need 4; supply = min(1, 2) + min(1, 2) = 2.
/// s3 is served by i3 alone and is not part of the cut.
fn impossible_event() -> Value {
    let mut s3 = startup("s3", 2, &[]);
    s3["declines"] = json!(["i1", "i2"]);
    event(
        json!([investor("i1", 1), investor("i2", 1), investor("i3", 1)]),
        json!([startup("s1", 2, &[]), startup("s2", 2, &[]), s3]),
        json!([
            {"investor": "i3", "startup": "s1", "want": false},
            {"investor": "i3", "startup": "s2", "want": false}
        ]),
    )
}

const IMPOSSIBLE_OUTPUT: &str = r#"{
  "infeasible": {
    "startups": [
      "s1",
      "s2"
    ],
    "need": 4,
    "supply": 2,
    "investors": [
      {
        "investor": "i1",
        "supply": 1
      },
      {
        "investor": "i2",
        "supply": 1
      }
    ]
  }
}
"#;

fn demo_scored() -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/demo-scored.json"))
        .unwrap()
}

#[test]
fn the_board_applies_the_floor_from_a_snapshot() {
    let snapshot = parse_snapshot(&binding_event().to_string()).unwrap();
    let mut board = MatchBoard::from_snapshot(&snapshot).unwrap();
    let today = board.select(MatchMode::Best).unwrap();
    assert_eq!(today.total, 3.0);
    assert_eq!(today.min_startup_meetings, 0);
    let FloorSelection::Selected(floored) = board.select_with_floor(1).unwrap() else {
        panic!("feasible");
    };
    let pairs: Vec<(&str, &str, f64)> = floored
        .pairs
        .iter()
        .map(|p| (p.investor.as_str(), p.startup.as_str(), p.score))
        .collect();
    assert_eq!(pairs, vec![("i2", "s1", 1.25), ("i1", "s2", 0.25)]);
    assert_eq!(floored.total, 1.5);
    assert_eq!(floored.blocking_pairs, 1);
    assert_eq!(floored.min_startup_meetings, 1);
    // k = 0 is today's selection.
    assert_eq!(
        board.select_with_floor(0).unwrap(),
        FloorSelection::Selected(today)
    );
}

#[test]
fn k_zero_prints_todays_output_byte_for_byte() {
    for input in [demo_scored(), binding_event().to_string().into_bytes()] {
        for mode in [None, Some(MatchMode::Best), Some(MatchMode::Stable)] {
            let today = match_command(&input, mode);
            assert_eq!(today.exit_code, 0, "{}", today.stderr);
            assert_eq!(match_floor_command(&input, mode, 0), today);
        }
    }
    // And the board: a floor of 0 on the demo equals "best".
    let snapshot = parse_snapshot(std::str::from_utf8(&demo_scored()).unwrap()).unwrap();
    let mut board = MatchBoard::from_snapshot(&snapshot).unwrap();
    let best = board.select(MatchMode::Best).unwrap();
    assert_eq!(
        board.select_with_floor(0).unwrap(),
        FloorSelection::Selected(best)
    );
}

#[test]
fn the_demo_takes_a_floor_of_one() {
    let out = match_floor_command(&demo_scored(), None, 1);
    match out.exit_code {
        0 => {
            let v: Value = serde_json::from_str(&out.stdout).unwrap();
            assert!(v["min_startup_meetings"].as_u64().unwrap() >= 1, "{v}");
        }
        3 => {
            let v: Value = serde_json::from_str(&out.stdout).unwrap();
            let c = &v["infeasible"];
            assert!(c["need"].as_u64().unwrap() > c["supply"].as_u64().unwrap());
        }
        other => panic!("exit {other}: {}", out.stderr),
    }
}

fn roadshow(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_roadshow"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp_file(name: &str, contents: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn cli_prints_the_certificate_with_exit_status_3() {
    let file = temp_file("floors-impossible.json", &impossible_event().to_string());
    let out = roadshow(&["match", &file, "--min-startup-meetings", "2"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), IMPOSSIBLE_OUTPUT);
    assert_eq!(text(&out.stderr), "");
    // k = 1 is possible there: every startup gets one meeting.
    let out = roadshow(&["match", &file, "--min-startup-meetings", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["min_startup_meetings"], json!(1));
}

#[test]
fn cli_prints_the_floored_selection() {
    let file = temp_file("floors-binding.json", &binding_event().to_string());
    let out = roadshow(&["match", &file, "--min-startup-meetings", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        json!({
            "pairs": [
                {"investor": "i2", "startup": "s1", "score": 1.25},
                {"investor": "i1", "startup": "s2", "score": 0.25}
            ],
            "total": 1.5,
            "blocking_pairs": 1,
            "min_startup_meetings": 1
        })
    );
    // K = 0 and no flag print the same bytes.
    let zero = roadshow(&["match", &file, "--min-startup-meetings", "0"]);
    let none = roadshow(&["match", &file]);
    assert_eq!(zero.status.code(), Some(0));
    assert_eq!(zero.stdout, none.stdout);
}

#[test]
fn cli_floor_usage_errors_and_help() {
    let file = temp_file("floors-usage.json", &binding_event().to_string());
    let stable = roadshow(&[
        "match",
        &file,
        "--mode",
        "stable",
        "--min-startup-meetings",
        "1",
    ]);
    assert_eq!(stable.status.code(), Some(2));
    assert!(text(&stable.stderr).contains("--min-startup-meetings"));
    assert!(stable.stdout.is_empty());
    for bad in ["-1", "x", ""] {
        let out = roadshow(&["match", &file, "--min-startup-meetings", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
    let missing = roadshow(&["match", "no-such-file.json", "--min-startup-meetings", "1"]);
    assert_eq!(missing.status.code(), Some(1));
    let help = text(&roadshow(&["match", "--help"]).stdout);
    assert!(help.contains("--min-startup-meetings") && help.contains("infeasible"));
}
