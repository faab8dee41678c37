//! Gap repair (definitions §7.2): hand-derived instances, properties on random small snapshots,
//! and the `roadshow repair` command's output and errors.

use proptest::prelude::*;
use roadshow_core::cli::repair_command;
use roadshow_core::matching::repair::{is_kept, repair_snapshot, Repair, RepairError};
use roadshow_core::matching::{schedule_snapshot, MatchBoard};
use roadshow_core::model::{MatchMode, PlannedMeeting, Snapshot};
use roadshow_core::schedule::UnplacedReason;
use roadshow_core::snapshot::parse_snapshot;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// Nobody scored anybody and nobody stated preferences, so F = 1 and O = 0 for every pair and
/// M = 0.3 + 0.2·I + 0.1·P. The threshold 0.35 leaves only the pairs with some interest.
fn event(slots: i64, tables: i64) -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "Repair",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "innovation", "weight": 1.0}],
            "min_judges": 1,
            "match": {"fit": 0.3, "own": 0.4, "interest": 0.2, "startup_interest": 0.1,
                      "threshold": 0.35, "mode": "stable"},
            "meetings": {"slots": slots, "tables": tables}
        },
        "startups": [], "investors": [], "scores": [], "interest": [], "meetings": []
    })
}

fn startup(id: &str, capacity: i64, wants: &[&str]) -> Value {
    json!({"id": id, "name": id, "capacity": capacity, "wants_to_meet": wants, "declines": []})
}

fn investor(id: &str, capacity: i64, unavailable: &[i64]) -> Value {
    json!({"id": id, "firm": id, "capacity": capacity, "unavailable_slots": unavailable,
           "conflicts": []})
}

fn want(i: &str, s: &str) -> Value {
    json!({"investor": i, "startup": s, "want": true})
}

fn meeting(i: &str, s: &str, slot: i64, table: i64, status: Option<&str>) -> Value {
    let mut m = json!({"investor": i, "startup": s, "slot": slot, "table": table});
    if let Some(status) = status {
        m["status"] = json!(status);
    }
    m
}

fn snapshot(value: &Value) -> Snapshot {
    parse_snapshot(&value.to_string()).expect("fixture parses")
}

fn repair(value: &Value, from_slot: i64) -> Repair {
    repair_snapshot(&snapshot(value), from_slot).expect("repair runs")
}

fn score(value: &Value, i: &str, s: &str) -> f64 {
    MatchBoard::from_snapshot(&snapshot(value))
        .unwrap()
        .explain(i, s)
        .unwrap()
        .score
}

fn added(r: &Repair) -> Vec<(&str, &str, u32, u32)> {
    r.added
        .iter()
        .map(|a| (a.investor.as_str(), a.startup.as_str(), a.slot, a.table))
        .collect()
}

/// Slots 0–3, two tables, from slot 2. Every person has capacity 2. Interest (M = 0.5):
/// i1→s1, i1→s2, i2→s1, i2→s2, i2→s3, i3→s3; s1 wants i1 (i1×s1: M = 0.6). Every other pair has
/// M = 0.3 < 0.35.
///
/// The plan:
///   i1×s1 slot 0 table 0 (no status)  — before slot 2: kept;
///   i2×s2 slot 1 table 0 declined     — before slot 2: kept (and the pair is declined);
///   i3×s3 slot 2 table 1 confirmed    — kept;
///   i2×s1 slot 2 table 0 declined     — freed, the pair may never return;
///   i1×s2 slot 3 table 0 (proposed)   — freed, the pair is a candidate again.
///
/// Residual capacities (2 − kept): i1 1, i2 1 (its kept declined meeting counts), i3 1 (only slot
/// 3 free), s1 1, s2 1, s3 1 (only slot 3 free). Candidates left: i1×s2 and i2×s3 (i1×s1, i2×s2,
/// i3×s3 have kept meetings, i2×s1 was declined; i3's only pair is kept). Both are selected.
/// Placement: i2×s3 can only go to slot 3 (s3 is in its kept meeting in slot 2); the heuristic
/// tries the fewest slots first (slot 2 alone: i2×s3 left over), then slots 2–3: i2×s3 → slot 3,
/// i1×s2 → slot 2, on the only free table there, table 0. i2×s3 takes table 0 of slot 3.
fn day_plan() -> Value {
    let mut v = event(4, 2);
    v["startups"] = json!([
        startup("s1", 2, &["i1"]),
        startup("s2", 2, &[]),
        startup("s3", 2, &[])
    ]);
    v["investors"] = json!([
        investor("i1", 2, &[]),
        investor("i2", 2, &[]),
        investor("i3", 2, &[])
    ]);
    v["interest"] = json!([
        want("i1", "s1"),
        want("i1", "s2"),
        want("i2", "s1"),
        want("i2", "s2"),
        want("i2", "s3"),
        want("i3", "s3")
    ]);
    v["meetings"] = json!([
        meeting("i2", "s1", 2, 0, Some("declined")),
        meeting("i1", "s1", 0, 0, None),
        meeting("i3", "s3", 2, 1, Some("confirmed")),
        meeting("i2", "s2", 1, 0, Some("declined")),
        meeting("i1", "s2", 3, 0, Some("proposed"))
    ]);
    v
}

#[test]
fn kept_meetings_stay_byte_for_byte_and_freed_places_are_refilled() {
    let v = day_plan();
    let r = repair(&v, 2);
    // Kept in slot, table order, exactly as in the snapshot (the absent status stays absent).
    let kept = serde_json::to_value(&r.kept).unwrap();
    assert_eq!(
        kept,
        json!([
            v["meetings"][1].clone(),
            v["meetings"][3].clone(),
            v["meetings"][2].clone()
        ])
    );
    assert!(kept[0].get("status").is_none());
    assert_eq!(added(&r), [("i1", "s2", 2, 0), ("i2", "s3", 3, 0)]);
    assert_eq!(r.added[0].score, score(&v, "i1", "s2"));
    assert_eq!(r.added[0].score, 0.5);
    assert_eq!(r.total_added, r.added[0].score + r.added[1].score);
    assert!(r.unplaced.is_empty());
}

#[test]
fn a_declined_pair_is_never_added_again() {
    // Give i2 and s1 room for many meetings: the declined pair (M = 0.5) is still left out, and so
    // is i2×s2, declined before slot 2.
    let mut v = day_plan();
    v["investors"][1]["capacity"] = json!(4);
    v["startups"][0]["capacity"] = json!(4);
    v["startups"][1]["capacity"] = json!(4);
    let r = repair(&v, 2);
    assert!(r.added.iter().all(
        |a| (a.investor.as_str(), a.startup.as_str()) != ("i2", "s1")
            && (a.investor.as_str(), a.startup.as_str()) != ("i2", "s2")
    ));
    // i2 now has 4 − 1 = 3 places but only i2×s3 is open to it.
    assert_eq!(added(&r), [("i1", "s2", 2, 0), ("i2", "s3", 3, 0)]);
}

#[test]
fn capacity_is_reduced_by_every_kept_meeting() {
    // From slot 2, i1 (capacity 2) keeps i1×s1 in slot 0; with capacity 1 it keeps it too and has
    // no place left, so i1×s2 is not added.
    let mut v = day_plan();
    v["investors"][0]["capacity"] = json!(1);
    let r = repair(&v, 2);
    assert_eq!(added(&r), [("i2", "s3", 3, 0)]);
    // i2's only kept meeting is declined; it still counts: with capacity 1, i2 gets nothing.
    v["investors"][1]["capacity"] = json!(1);
    let r = repair(&v, 2);
    assert!(r.added.is_empty());
    assert_eq!(r.total_added, 0.0);
}

#[test]
fn from_slot_0_frees_every_unconfirmed_meeting() {
    // From slot 0 only i3×s3 (confirmed) is kept. Capacities: i1 2, i2 2, i3 1 (slots 0, 1, 3),
    // s1 2, s2 2, s3 1. Excluded: i3×s3 (kept), i2×s1 and i2×s2 (declined). Candidates: i1×s1 0.6,
    // i1×s2 0.5, i2×s3 0.5 — all fit, total 1.6.
    let v = day_plan();
    let r = repair(&v, 0);
    assert_eq!(
        serde_json::to_value(&r.kept).unwrap(),
        json!([v["meetings"][2]])
    );
    let pairs: HashSet<(&str, &str)> = r
        .added
        .iter()
        .map(|a| (a.investor.as_str(), a.startup.as_str()))
        .collect();
    assert_eq!(
        pairs,
        HashSet::from([("i1", "s1"), ("i1", "s2"), ("i2", "s3")])
    );
    assert!((r.total_added - 1.6).abs() < 1e-12);
    // Nobody shares a slot with their kept meeting: s3 is busy in slot 2.
    assert!(r.added.iter().all(|a| !(a.startup == "s3" && a.slot == 2)));
}

#[test]
fn added_meetings_take_only_tables_no_kept_meeting_holds() {
    // Slots 0–1, three tables, from slot 0. Kept: i1×s1 confirmed in slot 0 at table 1.
    // Candidates i2×s2 and i3×s3 (capacity 1 each). The fewest slots that hold both: slot 0 alone
    // (two tables free there), so both go to slot 0, on tables 0 and 2 in investor order.
    let mut v = event(2, 3);
    v["startups"] = json!([
        startup("s1", 1, &[]),
        startup("s2", 1, &[]),
        startup("s3", 1, &[])
    ]);
    v["investors"] = json!([
        investor("i1", 1, &[]),
        investor("i2", 1, &[]),
        investor("i3", 1, &[])
    ]);
    v["interest"] = json!([want("i1", "s1"), want("i2", "s2"), want("i3", "s3")]);
    v["meetings"] = json!([meeting("i1", "s1", 0, 1, Some("confirmed"))]);
    let r = repair(&v, 0);
    assert_eq!(added(&r), [("i2", "s2", 0, 0), ("i3", "s3", 0, 2)]);
}

#[test]
fn slots_before_from_slot_are_never_used_or_changed() {
    // The same room, from slot 1: slot 0 is the past. i1×s1 (proposed, slot 0) is kept; i2×s2 and
    // i3×s3 both go to slot 1, tables 0 and 1, although slot 0 has free tables.
    let mut v = event(2, 3);
    v["startups"] = json!([
        startup("s1", 1, &[]),
        startup("s2", 1, &[]),
        startup("s3", 1, &[])
    ]);
    v["investors"] = json!([
        investor("i1", 1, &[]),
        investor("i2", 1, &[]),
        investor("i3", 1, &[])
    ]);
    v["interest"] = json!([want("i1", "s1"), want("i2", "s2"), want("i3", "s3")]);
    v["meetings"] = json!([meeting("i1", "s1", 0, 1, Some("proposed"))]);
    let r = repair(&v, 1);
    assert_eq!(serde_json::to_value(&r.kept).unwrap(), v["meetings"]);
    assert_eq!(added(&r), [("i2", "s2", 1, 0), ("i3", "s3", 1, 1)]);
}

#[test]
fn unplaceable_pairs_are_listed_with_their_reason() {
    // Slots 0–1, two tables, from slot 0, capacity 1 everywhere except s2 (2).
    // Kept: i1×s1 confirmed (slot 0, table 0), i3×s2 held (slot 0, table 1): slot 0 is full.
    // Interest only i2→s2 and i4→s4. Residual: i2 1 (unavailable in slot 1: free slot 0 only),
    // s2 2 − 1 = 1 (free slot 1 only), i4 1 (unavailable in slot 1), s4 1.
    // Both pairs are selected. i2×s2: no slot where both are free → no_common_available_slot.
    // i4×s4: both free in slot 0, whose tables are all held → tables_full.
    let mut v = event(2, 2);
    v["startups"] = json!([
        startup("s1", 1, &[]),
        startup("s2", 2, &[]),
        startup("s4", 1, &[])
    ]);
    v["investors"] = json!([
        investor("i1", 1, &[]),
        investor("i2", 1, &[1]),
        investor("i3", 1, &[]),
        investor("i4", 1, &[1])
    ]);
    v["interest"] = json!([want("i2", "s2"), want("i4", "s4")]);
    v["meetings"] = json!([
        meeting("i1", "s1", 0, 0, Some("confirmed")),
        meeting("i3", "s2", 0, 1, Some("held"))
    ]);
    let r = repair(&v, 0);
    assert!(r.added.is_empty());
    let unplaced: Vec<(&str, &str, UnplacedReason)> = r
        .unplaced
        .iter()
        .map(|u| (u.investor.as_str(), u.startup.as_str(), u.reason))
        .collect();
    assert_eq!(
        unplaced,
        [
            ("i2", "s2", UnplacedReason::NoCommonAvailableSlot),
            ("i4", "s4", UnplacedReason::TablesFull)
        ]
    );
}

#[test]
fn no_show_pairs_are_excluded_and_cancelled_pairs_may_return() {
    // Slots 0–2, one table, from slot 1. i1×s1 no_show in slot 1, i2×s2 cancelled in slot 2; both
    // freed. Interest i1→s1, i2→s2. The no-show pair never returns; the cancelled pair does, in
    // the first slot that fits it (slot 1).
    let mut v = event(3, 1);
    v["startups"] = json!([startup("s1", 1, &[]), startup("s2", 1, &[])]);
    v["investors"] = json!([investor("i1", 1, &[]), investor("i2", 1, &[])]);
    v["interest"] = json!([want("i1", "s1"), want("i2", "s2")]);
    v["meetings"] = json!([
        meeting("i1", "s1", 1, 0, Some("no_show")),
        meeting("i2", "s2", 2, 0, Some("cancelled"))
    ]);
    let r = repair(&v, 1);
    assert!(r.kept.is_empty());
    assert_eq!(added(&r), [("i2", "s2", 1, 0)]);
}

#[test]
fn a_from_slot_outside_the_event_is_an_error() {
    let v = day_plan();
    for bad in [-1, 4, 100] {
        match repair_snapshot(&snapshot(&v), bad) {
            Err(RepairError::FromSlot { from_slot, last }) => {
                assert_eq!((from_slot, last), (bad, 3))
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
}

// ---- properties -------------------------------------------------------------------------------

/// A random small event: people, capacities (some unset), unavailability, interest, and a valid
/// plan (each (slot, table) cell gets at most one meeting, nobody twice in a slot, each pair once).
fn random_event() -> impl Strategy<Value = (Value, i64)> {
    (1i64..=4, 1i64..=3, 1usize..=4, 1usize..=4)
        .prop_flat_map(|(slots, tables, ni, ns)| {
            let cells = (slots * tables) as usize;
            (
                Just((slots, tables, ni, ns)),
                prop::collection::vec(prop::option::of(0i64..=3), ni),
                prop::collection::vec(prop::option::of(0i64..=3), ns),
                prop::collection::vec(prop::collection::vec(any::<bool>(), slots as usize), ni),
                prop::collection::vec(0u8..4, ni * ns),
                prop::collection::vec(prop::option::of((0..ni, 0..ns, 0usize..7)), cells),
                0..slots,
            )
        })
        .prop_map(
            |((slots, tables, ni, ns), icap, scap, unavail, interest, cells, from)| {
                let mut v = event(slots, tables);
                v["event"]["match"]["threshold"] = json!(0.0);
                let iid = |j: usize| format!("i{j}");
                let sid = |s: usize| format!("s{s}");
                v["investors"] = Value::Array(
                    (0..ni)
                        .map(|j| {
                            let busy: Vec<i64> =
                                (0..slots).filter(|&c| unavail[j][c as usize]).collect();
                            let mut x =
                                json!({"id": iid(j), "firm": iid(j), "unavailable_slots": busy});
                            if let Some(c) = icap[j] {
                                x["capacity"] = json!(c);
                            }
                            x
                        })
                        .collect(),
                );
                v["startups"] = Value::Array(
                    (0..ns)
                        .map(|s| {
                            let mut x = json!({"id": sid(s), "name": sid(s)});
                            if let Some(c) = scap[s] {
                                x["capacity"] = json!(c);
                            }
                            // 3 = the startup declines the first investor.
                            if interest[s] == 3 {
                                x["declines"] = json!([iid(0)]);
                            }
                            x
                        })
                        .collect(),
                );
                let mut wants = Vec::new();
                for j in 0..ni {
                    for s in 0..ns {
                        match interest[j * ns + s] {
                            1 => wants
                                .push(json!({"investor": iid(j), "startup": sid(s), "want": true})),
                            2 => wants.push(
                                json!({"investor": iid(j), "startup": sid(s), "want": false}),
                            ),
                            _ => {}
                        }
                    }
                }
                v["interest"] = Value::Array(wants);
                let statuses = [
                    None,
                    Some("proposed"),
                    Some("confirmed"),
                    Some("declined"),
                    Some("held"),
                    Some("no_show"),
                    Some("cancelled"),
                ];
                let mut plan = Vec::new();
                let mut pairs = HashSet::new();
                let mut busy = HashSet::new();
                for (cell, pick) in cells.iter().enumerate() {
                    let Some((j, s, st)) = *pick else { continue };
                    let (slot, table) = (cell as i64 / tables, cell as i64 % tables);
                    if pairs.contains(&(j, s))
                        || busy.contains(&('i', j, slot))
                        || busy.contains(&('s', s, slot))
                    {
                        continue;
                    }
                    pairs.insert((j, s));
                    busy.insert(('i', j, slot));
                    busy.insert(('s', s, slot));
                    plan.push(meeting(&iid(j), &sid(s), slot, table, statuses[st]));
                }
                v["meetings"] = Value::Array(plan);
                (v, from)
            },
        )
}

fn check_repair(v: &Value, from: i64) -> Result<(), TestCaseError> {
    let snap = snapshot(v);
    let r = repair_snapshot(&snap, from).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    // Deterministic, byte for byte.
    let again = repair_snapshot(&snap, from).unwrap();
    prop_assert_eq!(
        serde_json::to_string(&r).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
    // Kept = exactly the meetings that must stay, unchanged.
    let from_u = from as u32;
    let mut expected: Vec<PlannedMeeting> = snap
        .meetings
        .iter()
        .filter(|m| is_kept(m, from_u))
        .cloned()
        .collect();
    expected.sort_by(|a, b| (a.slot, a.table, &a.investor).cmp(&(b.slot, b.table, &b.investor)));
    prop_assert_eq!(&r.kept, &expected);
    // Nobody double-booked, no table used twice, nothing before from_slot, availability kept.
    let tables = snap.event.meetings.tables;
    let slots = snap.event.meetings.slots;
    let mut person_slot = HashSet::new();
    let mut cell = HashSet::new();
    let mut pairs = HashSet::new();
    let mut count: HashMap<String, i64> = HashMap::new();
    for m in &r.kept {
        prop_assert!(person_slot.insert(('i', m.investor.clone(), m.slot)));
        prop_assert!(person_slot.insert(('s', m.startup.clone(), m.slot)));
        prop_assert!(cell.insert((m.slot, m.table)));
        pairs.insert((m.investor.clone(), m.startup.clone()));
        *count.entry(m.investor.clone()).or_default() += 1;
        *count.entry(m.startup.clone()).or_default() += 1;
    }
    let excluded: HashSet<(String, String)> = snap
        .meetings
        .iter()
        .filter(|m| {
            is_kept(m, from_u)
                || matches!(
                    m.status,
                    Some(roadshow_core::model::MeetingStatus::Declined)
                        | Some(roadshow_core::model::MeetingStatus::NoShow)
                )
        })
        .map(|m| (m.investor.clone(), m.startup.clone()))
        .collect();
    let mut added_count: HashMap<String, i64> = HashMap::new();
    for a in &r.added {
        let slot = i64::from(a.slot);
        prop_assert!(slot >= from && slot < slots);
        prop_assert!(i64::from(a.table) < tables);
        prop_assert!(person_slot.insert(('i', a.investor.clone(), slot)));
        prop_assert!(person_slot.insert(('s', a.startup.clone(), slot)));
        prop_assert!(cell.insert((slot, i64::from(a.table))));
        prop_assert!(!excluded.contains(&(a.investor.clone(), a.startup.clone())));
        prop_assert!(pairs.insert((a.investor.clone(), a.startup.clone())));
        let inv = snap.investors.iter().find(|i| i.id == a.investor).unwrap();
        prop_assert!(!inv.unavailable_slots.contains(&slot));
        *added_count.entry(a.investor.clone()).or_default() += 1;
        *added_count.entry(a.startup.clone()).or_default() += 1;
    }
    // Capacity minus kept meetings.
    let caps = snap
        .investors
        .iter()
        .map(|i| (i.id.clone(), i.capacity))
        .chain(snap.startups.iter().map(|s| (s.id.clone(), s.capacity)));
    for (id, cap) in caps {
        let add = added_count.get(&id).copied().unwrap_or(0);
        if let Some(cap) = cap {
            let kept = count.get(&id).copied().unwrap_or(0);
            prop_assert!(
                add <= (cap - kept).max(0),
                "{id}: {add} added, {kept} kept, capacity {cap}"
            );
        }
    }
    let total: f64 = r.added.iter().map(|a| a.score).sum();
    prop_assert_eq!(r.total_added, total);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn repair_keeps_kept_meetings_and_books_nobody_twice((v, from) in random_event()) {
        check_repair(&v, from)?;
    }

    /// With no meetings planned, repair from slot 0 is `roadshow schedule --mode best`: the same
    /// exact selection with the same tie-breaking, placed the same way.
    #[test]
    fn repair_of_an_empty_plan_is_the_best_schedule((mut v, _) in random_event()) {
        v["meetings"] = json!([]);
        let snap = snapshot(&v);
        let r = repair_snapshot(&snap, 0).unwrap();
        let s = schedule_snapshot(&snap, Some(MatchMode::Best)).unwrap();
        let added: Vec<(String, String, u32, u32)> = r
            .added
            .iter()
            .map(|a| (a.investor.clone(), a.startup.clone(), a.slot, a.table))
            .collect();
        let scheduled: Vec<(String, String, u32, u32)> = s
            .meetings
            .iter()
            .map(|m| (m.investor.clone(), m.startup.clone(), m.slot, m.table))
            .collect();
        prop_assert_eq!(added, scheduled);
        prop_assert_eq!(&r.unplaced, &s.unplaced);
        prop_assert!(r.kept.is_empty());
    }
}

// ---- the command ------------------------------------------------------------------------------

#[test]
fn the_command_prints_the_design_field_names() {
    let out = repair_command(day_plan().to_string().as_bytes(), 2);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(out.stderr.is_empty());
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&value), ["added", "kept", "total_added", "unplaced"]);
    assert_eq!(
        keys(&value["added"][0]),
        ["investor", "score", "slot", "startup", "table"]
    );
    assert_eq!(
        keys(&value["kept"][1]),
        ["investor", "slot", "startup", "status", "table"]
    );
    assert_eq!(value["total_added"], json!(1.0));
    // The same input prints the same bytes.
    assert_eq!(
        repair_command(day_plan().to_string().as_bytes(), 2).stdout,
        out.stdout
    );
}

#[test]
fn the_command_lists_unplaced_pairs_with_reason_codes() {
    // Slots 0–1, one table. s1 (capacity 2) keeps a confirmed meeting with i2 in slot 0; i1 is
    // unavailable in slot 1. Both have one place left, in different slots.
    let mut v = event(2, 1);
    v["startups"] = json!([startup("s1", 2, &[])]);
    v["investors"] = json!([investor("i1", 1, &[1]), investor("i2", 1, &[])]);
    v["interest"] = json!([want("i1", "s1")]);
    v["meetings"] = json!([meeting("i2", "s1", 0, 0, Some("confirmed"))]);
    let out = repair_command(v.to_string().as_bytes(), 0);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        value["unplaced"],
        json!([{"investor": "i1", "startup": "s1", "reason": "no_common_available_slot"}])
    );
}

#[test]
fn the_command_refuses_a_bad_from_slot_and_a_bad_snapshot() {
    let out = repair_command(day_plan().to_string().as_bytes(), 4);
    assert_eq!(out.exit_code, 2);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("--from-slot 4"), "{}", out.stderr);
    assert!(out.stderr.contains("0 to 3"), "{}", out.stderr);
    let mut bad = day_plan();
    bad["meetings"][0]["investor"] = json!("nobody");
    let out = repair_command(bad.to_string().as_bytes(), 0);
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr.contains("meetings[0].investor"),
        "{}",
        out.stderr
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod binary {
    use super::*;
    use std::process::{Command, Output};

    fn roadshow(args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_roadshow"))
            .args(args)
            .output()
            .expect("the binary runs")
    }

    fn temp_file(name: &str, contents: &str) -> String {
        let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, contents).unwrap();
        path.display().to_string()
    }

    #[test]
    fn repair_runs_as_a_process() {
        let path = temp_file("repair-day.json", &day_plan().to_string());
        let out = roadshow(&["repair", &path, "--from-slot", "2"]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            repair_command(day_plan().to_string().as_bytes(), 2).stdout
        );
        for args in [
            vec!["repair", path.as_str()],
            vec!["repair", path.as_str(), "--from-slot", "two"],
        ] {
            let out = roadshow(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(!out.stderr.is_empty());
        }
        let out = roadshow(&["repair", &path, "--from-slot", "-1"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8(out.stderr)
            .unwrap()
            .contains("out of range"));
        let help = String::from_utf8(roadshow(&["repair", "--help"]).stdout).unwrap();
        assert!(help.contains("--from-slot") && help.contains("total_added"));
    }
}
