//! Running order (docs/definitions.md §8.3, §11): hand-worked halls (conflicts, pins, tracks,
//! drafts, halls), the `roadshow order` command's fields and errors, and properties: the exact
//! solver against a brute force over every permutation (at most 7 pitches), and the heuristic
//! (more than 12 pitches) keeping pins and counting its step-outs right.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use roadshow_core::cli::order_command;
use roadshow_core::running_order::{hall_order, RunningOrder};
use roadshow_core::snapshot::parse_snapshot;
use serde_json::{json, Value};

/// A hall of startups `(id, track, pin)` (track "" = none) and investors `(id, conflicts)`.
fn event(startups: &[(&str, &str, Option<i64>)], investors: &[(&str, &[&str])]) -> Value {
    let ids: Vec<&str> = startups.iter().map(|s| s.0).collect();
    let judges: Vec<&str> = investors.iter().map(|i| i.0).collect();
    let mut v = common::snapshot_json(&[("innovation", 1.0)], &ids, &judges, &[]);
    for (k, (_, track, pin)) in startups.iter().enumerate() {
        if !track.is_empty() {
            v["startups"][k]["track"] = json!(track);
        }
        if let Some(pin) = pin {
            v["startups"][k]["pitch_position"] = json!(pin);
        }
    }
    for (k, (_, conflicts)) in investors.iter().enumerate() {
        v["investors"][k]["conflicts"] = json!(conflicts);
    }
    v
}

fn order_of(v: &Value, hall: u32) -> RunningOrder {
    hall_order(&parse_snapshot(&v.to_string()).unwrap(), hall).expect("an order")
}

fn ids(order: &RunningOrder) -> Vec<&str> {
    order.order.iter().map(String::as_str).collect()
}

/// i1 is out for a and c, i2 for b. Each conflicted judge steps out at least once, so 2 is the
/// least; it needs a and c side by side. Orders from a: a must be followed by c (a second a–c
/// gap would make i1 step out twice), then b, d in id order: a, c, b, d.
#[test]
fn conflicted_pitches_are_put_side_by_side() {
    let v = event(
        &[
            ("a", "", None),
            ("b", "", None),
            ("c", "", None),
            ("d", "", None),
        ],
        &[("i1", &["a", "c"]), ("i2", &["b"]), ("i3", &[])],
    );
    let order = order_of(&v, 0);
    assert_eq!(ids(&order), ["a", "c", "b", "d"]);
    assert_eq!(order.step_outs, 2);
    assert!(order.exact);
}

/// As above, with d pinned at position 1. a and c can then only be side by side at positions 2
/// and 3, b takes position 0: b, d, a, c (b, d, c, a is as good and comes later).
#[test]
fn a_pin_is_kept_and_the_rest_arranged_around_it() {
    let v = event(
        &[
            ("a", "", None),
            ("b", "", None),
            ("c", "", None),
            ("d", "", Some(1)),
        ],
        &[("i1", &["a", "c"]), ("i2", &["b"])],
    );
    let order = order_of(&v, 0);
    assert_eq!(ids(&order), ["b", "d", "a", "c"]);
    assert_eq!(order.step_outs, 2);
}

/// Pins at both ends force i1's two pitches apart: 3 step-outs (i1 twice, i2 once).
#[test]
fn pins_can_cost_step_outs() {
    let v = event(
        &[
            ("a", "", Some(0)),
            ("b", "", None),
            ("c", "", Some(3)),
            ("d", "", None),
        ],
        &[("i1", &["a", "c"]), ("i2", &["b"])],
    );
    let order = order_of(&v, 0);
    assert_eq!(ids(&order), ["a", "b", "d", "c"]);
    assert_eq!(order.step_outs, 3);
}

/// No conflicts: tracks decide. X = {a, c}, Y = {b, d}: one change at least, and the smallest
/// order with one is a, c, b, d.
#[test]
fn tracks_are_kept_together() {
    let v = event(
        &[
            ("a", "X", None),
            ("b", "Y", None),
            ("c", "X", None),
            ("d", "Y", None),
        ],
        &[("i1", &[])],
    );
    let order = order_of(&v, 0);
    assert_eq!(ids(&order), ["a", "c", "b", "d"]);
    assert_eq!((order.step_outs, order.track_changes), (0, 1));
}

/// Step-outs come before tracks. i1 is out for a and c, i2 for b and c: c must sit between a
/// and b for 2 step-outs (a, c, b or b, c, a), which splits track X (a, b) around c: 2 changes.
/// Keeping X together (a, b, c: 1 change) would cost i1 a second step-out (3 in all).
#[test]
fn step_outs_come_before_tracks() {
    let v = event(
        &[("a", "X", None), ("b", "X", None), ("c", "Y", None)],
        &[("i1", &["a", "c"]), ("i2", &["b", "c"])],
    );
    let order = order_of(&v, 0);
    assert_eq!(ids(&order), ["a", "c", "b"]);
    assert_eq!((order.step_outs, order.track_changes), (2, 2));
}

/// Among orders with the same step-outs, tracks still count: i1 out for a and b (side by side),
/// tracks a X, b Y, c X, d Y. Orders with a, b adjacent and one change: c, a, b, d (X X Y Y)
/// and d, b, a, c; c, a, b, d is the smaller.
#[test]
fn tracks_break_ties_between_equal_step_outs() {
    let v = event(
        &[
            ("a", "X", None),
            ("b", "Y", None),
            ("c", "X", None),
            ("d", "Y", None),
        ],
        &[("i1", &["a", "b"])],
    );
    let order = order_of(&v, 0);
    assert_eq!(ids(&order), ["c", "a", "b", "d"]);
    assert_eq!((order.step_outs, order.track_changes), (1, 1));
}

/// Hall 1 holds b and d; hall 0 (absent hall included) holds a and c; the draft e in hall 1 does
/// not pitch. A hall nobody is in gives an empty order.
#[test]
fn halls_and_drafts() {
    let mut v = event(
        &[
            ("a", "", None),
            ("b", "", None),
            ("c", "", None),
            ("d", "", None),
            ("e", "", None),
        ],
        &[("i1", &["d"])],
    );
    v["startups"][1]["hall"] = json!(1);
    v["startups"][2]["hall"] = json!(0);
    v["startups"][3]["hall"] = json!(1);
    v["startups"][4]["hall"] = json!(1);
    v["startups"][4]["status"] = json!("draft");
    assert_eq!(ids(&order_of(&v, 0)), ["a", "c"]);
    let hall1 = order_of(&v, 1);
    assert_eq!((ids(&hall1), hall1.step_outs), (vec!["b", "d"], 1));
    assert_eq!(order_of(&v, 7).order, Vec::<String>::new());
}

/// The order does not depend on where startups and investors stand in the snapshot's lists.
#[test]
fn the_snapshots_list_order_does_not_matter() {
    let forward = event(
        &[
            ("a", "X", None),
            ("b", "Y", None),
            ("c", "X", Some(2)),
            ("d", "Y", None),
            ("e", "", None),
        ],
        &[("i1", &["a", "e"]), ("i2", &["b", "d"]), ("i3", &["a"])],
    );
    let backward = event(
        &[
            ("e", "", None),
            ("d", "Y", None),
            ("c", "X", Some(2)),
            ("b", "Y", None),
            ("a", "X", None),
        ],
        &[("i3", &["a"]), ("i2", &["d", "b"]), ("i1", &["e", "a"])],
    );
    assert_eq!(order_of(&forward, 0), order_of(&backward, 0));
}

#[test]
fn the_command_prints_exactly_the_defined_fields() {
    let v = event(
        &[("a", "", None), ("b", "", None), ("c", "", None)],
        &[("i1", &["a", "c"])],
    );
    let out = order_command(v.to_string().as_bytes(), 0);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let printed: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        printed,
        json!({"hall": 0, "order": ["a", "c", "b"], "step_outs": 1})
    );
}

#[test]
fn a_pin_beyond_the_hall_is_a_problem_with_its_path() {
    // Three published pitches in hall 0 (positions 0–2); c is pinned at 3.
    let v = event(
        &[("a", "", None), ("b", "", None), ("c", "", Some(3))],
        &[("i1", &[])],
    );
    let out = order_command(v.to_string().as_bytes(), 0);
    assert_eq!(out.exit_code, 1);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr
            .starts_with("startups[2].pitch_position: out_of_range"),
        "{}",
        out.stderr
    );
    // A draft does not count towards the hall's size: pinned at 2 of now two pitches.
    let mut v = event(
        &[("a", "", None), ("b", "", None), ("c", "", Some(2))],
        &[("i1", &[])],
    );
    v["startups"][0]["status"] = json!("draft");
    let out = order_command(v.to_string().as_bytes(), 0);
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr.contains("startups[2].pitch_position"),
        "{}",
        out.stderr
    );
    // The pin of another hall is not this hall's business.
    let out = order_command(v.to_string().as_bytes(), 1);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
}

#[test]
fn two_pins_on_one_position_are_a_problem_with_its_path() {
    let v = event(
        &[("a", "", Some(1)), ("b", "", None), ("c", "", Some(1))],
        &[("i1", &[])],
    );
    let out = order_command(v.to_string().as_bytes(), 0);
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr.contains("startups[2].pitch_position: duplicate"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Properties.

/// A random hall: per pitch its conflicted judges (of 4), a track (none, X or Y) and maybe a pin.
#[derive(Debug, Clone)]
struct Hall {
    conflicts: Vec<Vec<usize>>,
    tracks: Vec<Option<&'static str>>,
    pins: Vec<Option<usize>>,
}

fn hall(max: usize, min: usize) -> impl Strategy<Value = Hall> {
    (min..=max).prop_flat_map(|n| {
        (
            proptest::collection::vec(proptest::collection::vec(0usize..4, 0..3), n),
            proptest::collection::vec(prop_oneof![Just(None), Just(Some("X")), Just(Some("Y"))], n),
            // A random permutation of positions; pitch p is pinned to perm[p] when chosen.
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
            proptest::collection::vec(proptest::bool::weighted(0.25), n),
        )
            .prop_map(|(conflicts, tracks, perm, pinned)| Hall {
                conflicts,
                tracks,
                pins: perm
                    .iter()
                    .zip(&pinned)
                    .map(|(&p, &on)| on.then_some(p))
                    .collect(),
            })
    })
}

fn id(pitch: usize) -> String {
    format!("s{pitch:02}")
}

fn hall_json(hall: &Hall) -> Value {
    let ids: Vec<String> = (0..hall.conflicts.len()).map(id).collect();
    let startups: Vec<(&str, &str, Option<i64>)> = ids
        .iter()
        .enumerate()
        .map(|(p, s)| {
            (
                s.as_str(),
                hall.tracks[p].unwrap_or(""),
                hall.pins[p].map(|x| x as i64),
            )
        })
        .collect();
    let conflicts: Vec<Vec<&str>> = (0..4)
        .map(|j| {
            ids.iter()
                .enumerate()
                .filter(|(p, _)| hall.conflicts[*p].contains(&j))
                .map(|(_, s)| s.as_str())
                .collect()
        })
        .collect();
    let judges = ["j0", "j1", "j2", "j3"];
    let investors: Vec<(&str, &[&str])> = judges
        .iter()
        .zip(&conflicts)
        .map(|(j, c)| (*j, c.as_slice()))
        .collect();
    event(&startups, &investors)
}

/// Step-outs and track changes counted from the definition, independently of the solver: for
/// each judge, the pitches where it is out and the one before is not.
fn count(hall: &Hall, order: &[usize]) -> (u32, u32) {
    let mut step_outs = 0;
    for judge in 0..4 {
        let out: Vec<bool> = order
            .iter()
            .map(|&p| hall.conflicts[p].contains(&judge))
            .collect();
        step_outs += (0..out.len())
            .filter(|&k| out[k] && (k == 0 || !out[k - 1]))
            .count() as u32;
    }
    let changes = order
        .windows(2)
        .filter(|w| hall.tracks[w[0]] != hall.tracks[w[1]])
        .count() as u32;
    (step_outs, changes)
}

/// Every permutation of 0..n in lexicographic order (Heap's algorithm would not be ordered).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn extend(prefix: &mut Vec<usize>, used: &mut Vec<bool>, out: &mut Vec<Vec<usize>>) {
        if prefix.len() == used.len() {
            out.push(prefix.clone());
            return;
        }
        for v in 0..used.len() {
            if !used[v] {
                used[v] = true;
                prefix.push(v);
                extend(prefix, used, out);
                prefix.pop();
                used[v] = false;
            }
        }
    }
    let mut out = Vec::new();
    extend(&mut Vec::new(), &mut vec![false; n], &mut out);
    out
}

fn pitches(order: &RunningOrder) -> Vec<usize> {
    order
        .order
        .iter()
        .map(|s| s[1..].parse().unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The exact solver's order is the brute force's: the least (step-outs, track changes) over
    /// all permutations that keep the pins, and the first such permutation in id order.
    #[test]
    fn exact_solver_matches_brute_force(hall in hall(7, 0)) {
        let order = order_of(&hall_json(&hall), 0);
        let got = pitches(&order);
        let keeps_pins = |perm: &[usize]| {
            perm.iter().enumerate().all(|(position, &p)| hall.pins[p].is_none_or(|pin| pin == position))
        };
        let best = permutations(hall.conflicts.len())
            .into_iter()
            .filter(|perm| keeps_pins(perm))
            .min_by_key(|perm| count(&hall, perm))
            .expect("pins are a partial permutation, so some order keeps them");
        prop_assert!(order.exact);
        prop_assert!(keeps_pins(&got), "{got:?} breaks a pin");
        prop_assert_eq!(count(&hall, &got), count(&hall, &best));
        prop_assert_eq!(order.step_outs, count(&hall, &best).0);
        // min_by_key keeps the first minimum: the lexicographically smallest optimal order.
        prop_assert_eq!(got, best);
    }

    /// Beyond 12 pitches (the heuristic): a permutation of the hall, pins kept, step-outs as
    /// counted from the definition.
    #[test]
    fn heuristic_keeps_pins_and_counts_right(hall in hall(16, 13)) {
        let order = order_of(&hall_json(&hall), 0);
        let got = pitches(&order);
        prop_assert!(!order.exact);
        let mut sorted = got.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, (0..hall.conflicts.len()).collect::<Vec<_>>());
        for (position, &p) in got.iter().enumerate() {
            if let Some(pin) = hall.pins[p] {
                prop_assert_eq!(pin, position);
            }
        }
        prop_assert_eq!((order.step_outs, order.track_changes), count(&hall, &got));
        // The stated local search stopped: no swap of two unpinned places and no reversal of
        // a stretch without pins lowers (step-outs, track changes).
        let cost = count(&hall, &got);
        let free: Vec<usize> = (0..got.len()).filter(|&k| hall.pins[got[k]].is_none()).collect();
        for (x, &a) in free.iter().enumerate() {
            for &b in &free[x + 1..] {
                let mut other = got.clone();
                other.swap(a, b);
                prop_assert!(count(&hall, &other) >= cost, "swap {a} {b} improves {got:?}");
                if (a..=b).all(|k| hall.pins[got[k]].is_none()) {
                    other.swap(a, b);
                    other[a..=b].reverse();
                    prop_assert!(count(&hall, &other) >= cost, "reversal {a}..={b} improves {got:?}");
                }
            }
        }
    }
}

#[test]
fn the_binary_wires_the_hall_flag() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut v = event(
        &[("a", "", None), ("b", "", None), ("c", "", None)],
        &[("i1", &["c", "a"])],
    );
    v["startups"][1]["hall"] = json!(2);
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadshow"))
        .args(["order", "-", "--hall", "2"])
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
    assert_eq!(printed, json!({"hall": 2, "order": ["b"], "step_outs": 0}));
}
