//! Firm teams (docs/definitions.md §8.6): several people of one firm judge on their own, but the
//! firm has one conflict list, one meeting capacity and at most one meeting per startup, and the
//! schedule names who attends. Small events worked out by hand in the comments, and a property
//! against a brute-force oracle written here from the definitions.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::from_value;
use proptest::prelude::*;
use roadshow_core::cli::{match_command, rank_command, repair_command, schedule_command};
use roadshow_core::feedback::feedback;
use roadshow_core::model::MatchMode;
use roadshow_core::ranking::TotalMode;
use roadshow_core::running_order::hall_order;
use serde_json::{json, Value};

fn run(output: roadshow_core::cli::CommandOutput) -> Value {
    assert_eq!(output.exit_code, 0, "{}", output.stderr);
    serde_json::from_str(&output.stdout).expect("the command prints JSON")
}

/// Two startups, one criterion `tech`, scale 1–10, minimum 1 judge.
/// p1 and p2 are one firm ("한빛벤처스" written two ways); p2 declared a conflict with `a`.
/// p1 scored a 9 and b 5; p2 b 7; q (another firm) a 3 and b 4.
///
/// The firm's conflict removes p1's 9 on a. What counts: p1 b 5, p2 b 7, q a 3, q b 4;
/// μ[tech] = 19/4 = 4.75. Every judge has fewer than 3 scores: shift only (§4.2).
/// μ[p1] = 5, μ[p2] = 7, μ[q] = 3.5.
///   x': p1 b 4.75, p2 b 4.75, q a 3 − 3.5 + 4.75 = 4.25, q b 5.25.
///   N: a = 4.25 (1 judge), b = 14.75 / 3.  Raw: a = 3, b = 16 / 3.  b first, then a.
/// Were p1 of another firm, a would have 9 and 3: raw 6 and first on the raw board.
fn ranked_event(p1_firm: &str) -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "teams",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "tech", "weight": 1.0}],
            "min_judges": 1
        },
        "startups": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "investors": [
            {"id": "p1", "firm": p1_firm},
            {"id": "p2", "firm": "(주)한빛 벤처스", "conflicts": ["a"]},
            {"id": "q", "firm": "Other"}
        ],
        "scores": [
            {"investor": "p1", "startup": "a", "criterion": "tech", "value": 9},
            {"investor": "p1", "startup": "b", "criterion": "tech", "value": 5},
            {"investor": "p2", "startup": "b", "criterion": "tech", "value": 7},
            {"investor": "q", "startup": "a", "criterion": "tech", "value": 3},
            {"investor": "q", "startup": "b", "criterion": "tech", "value": 4}
        ]
    })
}

fn rank(event: &Value, mode: TotalMode) -> Value {
    run(rank_command(event.to_string().as_bytes(), mode))
}

#[test]
fn a_members_conflict_removes_every_members_scores() {
    let event = ranked_event("한빛벤처스");
    let board = rank(&event, TotalMode::Normalized);
    let rows = board.as_array().unwrap();
    assert_eq!(rows[0]["startup"], "b");
    assert_eq!(rows[1]["startup"], "a");
    assert!((rows[0]["total"].as_f64().unwrap() - 14.75 / 3.0).abs() < 1e-9);
    assert!((rows[1]["total"].as_f64().unwrap() - 4.25).abs() < 1e-9);
    assert_eq!(rows[1]["judges"], 1, "p1's score of a does not count");
    assert!((rows[1]["raw_total"].as_f64().unwrap() - 3.0).abs() < 1e-9);

    // Independent oracle: the same event with p1's score of a deleted from the JSON and every
    // firm its own ranks exactly alike, on both boards.
    let mut without = event.clone();
    without["investors"][0]["firm"] = json!("Elsewhere");
    without["scores"].as_array_mut().unwrap().remove(0);
    for mode in [TotalMode::Normalized, TotalMode::Raw] {
        assert_eq!(rank(&event, mode), rank(&without, mode));
    }

    // And the firm matters: with p1 in another firm its 9 counts and a leads the raw board.
    let apart = rank(&ranked_event("Elsewhere"), TotalMode::Raw);
    assert_eq!(apart[0]["startup"], "a");
    assert!((apart[0]["raw_total"].as_f64().unwrap() - 6.0).abs() < 1e-9);
}

#[test]
fn a_member_steps_out_for_a_pitch_the_firm_is_conflicted_with() {
    // One hall, pitches a and b. p2's conflict with a is p1's too: both step out for a.
    let snapshot = from_value(ranked_event("한빛벤처스"));
    let order = hall_order(&snapshot, 0).unwrap();
    assert_eq!(order.step_outs, 2);
    let apart = from_value(ranked_event("Elsewhere"));
    assert_eq!(hall_order(&apart, 0).unwrap().step_outs, 1);
}

#[test]
fn a_teammates_conflict_keeps_a_comment_from_the_founder() {
    let mut event = ranked_event("한빛벤처스");
    event["comments"] = json!([
        {"investor": "p1", "startup": "a", "text": "p1 on a", "shared": true},
        {"investor": "q", "startup": "a", "text": "q on a", "shared": true}
    ]);
    let snapshot = from_value(event);
    let report = feedback(&snapshot, "a", false).expect("a has a report");
    assert_eq!(report.comments, vec!["q on a".to_owned()]);
}

/// Two startups s1, s2; 4 slots, 2 tables; nobody scored, every preference empty, so
/// M = 0.3·F + 0.2·I + 0.1·P with F = 1: 0.5 for a pair where the investor wants to meet,
/// else 0.3.
/// m1 (capacity 1) and m2 (capacity 2) are one firm ("Blue Ocean" / "blue  ocean"); both want
/// s1. k (another firm, capacity 2) wants nobody.
///
/// The firm is one party of capacity max(1, 2) = 2 with one pair per startup: (firm, s1) at
/// 0.5, held by m1 (the tie with m2 goes to the smaller id), and (firm, s2) at 0.3 held by m1.
/// k gets s1 and s2 at 0.3. Everything fits: total 0.5 + 3 × 0.3 = 1.4, four pairs.
/// Without the team m1 and m2 would both meet s1.
fn meeting_event() -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "teams",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "tech", "weight": 1.0}],
            "min_judges": 1,
            "meetings": {"slots": 4, "tables": 2}
        },
        "startups": [{"id": "s1", "name": "S1"}, {"id": "s2", "name": "S2"}],
        "investors": [
            {"id": "m2", "firm": "blue  ocean", "capacity": 2},
            {"id": "k", "firm": "Kappa", "capacity": 2},
            {"id": "m1", "firm": "Blue Ocean", "capacity": 1}
        ],
        "interest": [
            {"investor": "m1", "startup": "s1", "want": true},
            {"investor": "m2", "startup": "s1", "want": true}
        ]
    })
}

fn pair(value: &Value) -> (String, String) {
    (
        value["investor"].as_str().unwrap().to_owned(),
        value["startup"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn a_firm_gets_one_meeting_per_startup_naming_who_attends() {
    let event = meeting_event();
    let selection = run(match_command(
        event.to_string().as_bytes(),
        Some(MatchMode::Best),
    ));
    assert!((selection["total"].as_f64().unwrap() - 1.4).abs() < 1e-9);
    assert_eq!(
        selection["pairs"],
        json!([
            {"investor": "m1", "startup": "s1", "score": 0.5, "attendees": ["m1", "m2"]},
            {"investor": "k", "startup": "s1", "score": 0.3},
            {"investor": "k", "startup": "s2", "score": 0.3},
            {"investor": "m1", "startup": "s2", "score": 0.3, "attendees": ["m1"]}
        ])
    );

    let schedule = run(schedule_command(
        event.to_string().as_bytes(),
        Some(MatchMode::Best),
    ));
    let meetings = schedule["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 4);
    assert_eq!(schedule["unplaced"], json!([]));
    let with_s1: Vec<&Value> = meetings
        .iter()
        .filter(|m| m["startup"] == "s1" && m["investor"] != "k")
        .collect();
    assert_eq!(with_s1.len(), 1, "one meeting of the firm with s1");
    assert_eq!(with_s1[0]["investor"], "m1");
    assert_eq!(with_s1[0]["attendees"], json!(["m1", "m2"]));
    // The firm attends one meeting at a time: its two meetings are in different slots.
    let firm_slots: Vec<u64> = meetings
        .iter()
        .filter(|m| m["investor"] != "k")
        .map(|m| m["slot"].as_u64().unwrap())
        .collect();
    assert_eq!(firm_slots.len(), 2);
    assert_ne!(firm_slots[0], firm_slots[1]);
    assert!(meetings
        .iter()
        .filter(|m| m["investor"] == "k")
        .all(|m| m.get("attendees").is_none()));

    // Apart, the two people are two parties and both meet s1.
    let mut apart = event.clone();
    apart["investors"][0]["firm"] = json!("Elsewhere");
    let selection = run(match_command(
        apart.to_string().as_bytes(),
        Some(MatchMode::Best),
    ));
    let pairs: Vec<(String, String)> = selection["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(pair)
        .collect();
    assert!(pairs.contains(&("m1".into(), "s1".into())));
    assert!(pairs.contains(&("m2".into(), "s1".into())));
}

#[test]
fn attendees_are_those_free_in_the_meetings_slot() {
    // m1 is away in slots 0–2, m2 in slot 3: the firm is available in every slot, and the
    // meeting with s1 names whichever of the two is free in its slot.
    let mut event = meeting_event();
    event["investors"][2]["unavailable_slots"] = json!([0, 1, 2]);
    event["investors"][0]["unavailable_slots"] = json!([3]);
    let schedule = run(schedule_command(
        event.to_string().as_bytes(),
        Some(MatchMode::Best),
    ));
    let meetings = schedule["meetings"].as_array().unwrap();
    let firm: Vec<&Value> = meetings.iter().filter(|m| m["investor"] == "m1").collect();
    assert_eq!(firm.len(), 2);
    for meeting in firm {
        let expected = if meeting["slot"] == 3 {
            json!(["m1"])
        } else {
            json!(["m2"])
        };
        assert_eq!(meeting["attendees"], expected, "{meeting}");
    }
}

#[test]
fn a_firm_with_a_kept_meeting_gets_no_second_one_with_that_startup() {
    // m2 holds a confirmed meeting with s1 in slot 0. Repair from slot 0 keeps it; the firm
    // has 2 − 1 = 1 meeting left and may not meet s1 again, so m1's wish (0.5) stays out and
    // the firm gets s2 (0.3, held by m1, the smaller id of the tie). k gets s1 and s2 (0.3
    // each): 0.9 added.
    let mut event = meeting_event();
    event["meetings"] = json!([
        {"investor": "m2", "startup": "s1", "slot": 0, "table": 0, "status": "confirmed"}
    ]);
    let repair = run(repair_command(event.to_string().as_bytes(), 0));
    assert_eq!(repair["kept"].as_array().unwrap().len(), 1);
    let mut added: Vec<(String, String)> = repair["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(pair)
        .collect();
    added.sort();
    assert_eq!(
        added,
        vec![
            ("k".to_owned(), "s1".to_owned()),
            ("k".to_owned(), "s2".to_owned()),
            ("m1".to_owned(), "s2".to_owned())
        ]
    );
    assert!((repair["total_added"].as_f64().unwrap() - 0.9).abs() < 1e-9);
    for meeting in repair["added"].as_array().unwrap() {
        if meeting["investor"] == "m1" {
            assert_ne!(
                meeting["slot"], 0,
                "the firm is in its kept meeting in slot 0"
            );
            // Nobody of the firm said "want to meet" s2: the pair's member goes alone.
            assert_eq!(meeting["attendees"], json!(["m1"]));
        } else {
            assert!(meeting.get("attendees").is_none(), "{meeting}");
        }
    }
}

// ---- Property: "best" with teams against a brute force over every selection. ----

/// A small random event: up to 4 people in firms drawn from three names (written in varying
/// case and spacing), up to 3 startups, random wants, startup wishes and declines, conflicts
/// and capacities, no scores.
fn small_event() -> impl Strategy<Value = Value> {
    let person = (
        0usize..3,
        0usize..3,
        prop::option::of(0i64..3),
        prop::collection::vec(0u8..4, 3),
    );
    (
        prop::collection::vec(person, 1..=4),
        prop::collection::vec((prop::option::of(0i64..3), prop::collection::vec(0u8..4, 4)), 1..=3),
        1i64..4,
        1i64..3,
    )
        .prop_map(|(people, startups, slots, tables)| {
            let firms = [["Alpha", "alpha", " ALPHA "], ["(주)베타", "베타", "베타 주식회사"], ["Gamma", "gam ma", "GAMMA"]];
            let investors: Vec<Value> = people
                .iter()
                .enumerate()
                .map(|(i, (firm, spelling, capacity, marks))| {
                    let conflicts: Vec<String> = (0..startups.len())
                        .filter(|&s| marks[s] == 3)
                        .map(|s| format!("s{s}"))
                        .collect();
                    let mut investor = json!({
                        "id": format!("i{i}"),
                        "firm": firms[*firm][*spelling],
                        "conflicts": conflicts,
                    });
                    if let Some(c) = capacity {
                        investor["capacity"] = json!(c);
                    }
                    investor
                })
                .collect();
            let interest: Vec<Value> = people
                .iter()
                .enumerate()
                .flat_map(|(i, (_, _, _, marks))| {
                    (0..startups.len()).filter_map(move |s| match marks[s] {
                        1 => Some(json!({"investor": format!("i{i}"), "startup": format!("s{s}"), "want": true})),
                        2 => Some(json!({"investor": format!("i{i}"), "startup": format!("s{s}"), "want": false})),
                        _ => None,
                    })
                })
                .collect();
            let startups: Vec<Value> = startups
                .iter()
                .enumerate()
                .map(|(s, (capacity, marks))| {
                    let pick = |mark: u8| -> Vec<String> {
                        (0..people.len())
                            .filter(|&i| marks.get(i) == Some(&mark))
                            .map(|i| format!("i{i}"))
                            .collect()
                    };
                    let mut startup = json!({
                        "id": format!("s{s}"), "name": format!("S{s}"),
                        "wants_to_meet": pick(1), "declines": pick(2),
                    });
                    if let Some(c) = capacity {
                        startup["capacity"] = json!(c);
                    }
                    startup
                })
                .collect();
            json!({
                "format": "roadshow-event/1",
                "event": {
                    "id": "e", "name": "property",
                    "scale": {"min": 1, "max": 10},
                    "criteria": [{"key": "tech", "weight": 1.0}],
                    "min_judges": 1,
                    "meetings": {"slots": slots, "tables": tables}
                },
                "startups": startups,
                "investors": investors,
                "interest": interest
            })
        })
}

/// The firm of a name, as this test reads §7.5: lower case, no spaces, no (주) or 주식회사.
fn oracle_firm(name: &str) -> String {
    name.to_lowercase()
        .replace(' ', "")
        .replace("(주)", "")
        .replace("주식회사", "")
}

/// The largest Σ M over every set of (person, startup) pairs with no veto such that each firm
/// has at most one pair per startup, each firm at most its capacity (the largest member's,
/// each at most the slots), each startup at most its capacity, and at most slots × tables
/// pairs in all.
fn brute_force_best(event: &Value) -> f64 {
    let slots = event["event"]["meetings"]["slots"].as_i64().unwrap();
    let tables = event["event"]["meetings"]["tables"].as_i64().unwrap();
    let investors = event["investors"].as_array().unwrap();
    let startups = event["startups"].as_array().unwrap();
    let firm_of: Vec<String> = investors
        .iter()
        .map(|i| oracle_firm(i["firm"].as_str().unwrap()))
        .collect();
    let says = |i: &Value, s: &Value, want: bool| {
        event["interest"].as_array().unwrap().iter().any(|e| {
            e["investor"] == i["id"] && e["startup"] == s["id"] && e["want"] == json!(want)
        })
    };
    let lists = |value: &Value, key: &str, id: &Value| {
        value[key].as_array().unwrap().iter().any(|x| x == id)
    };
    let mut pairs = Vec::new(); // (person, startup, M)
    for (j, i) in investors.iter().enumerate() {
        for (t, s) in startups.iter().enumerate() {
            let firm_conflict = investors
                .iter()
                .enumerate()
                .any(|(k, other)| firm_of[k] == firm_of[j] && lists(other, "conflicts", &s["id"]));
            if firm_conflict || says(i, s, false) || lists(s, "declines", &i["id"]) {
                continue;
            }
            let m = 0.3
                + if says(i, s, true) { 0.2 } else { 0.0 }
                + if lists(s, "wants_to_meet", &i["id"]) {
                    0.1
                } else {
                    0.0
                };
            pairs.push((j, t, m));
        }
    }
    let capacity = |value: &Value| value.get("capacity").and_then(Value::as_i64);
    let firm_capacity = |firm: &str| -> i64 {
        let stated: Vec<Option<i64>> = investors
            .iter()
            .enumerate()
            .filter(|(k, _)| firm_of[*k] == firm)
            .map(|(_, i)| capacity(i))
            .collect();
        if stated.iter().any(Option::is_none) {
            slots
        } else {
            stated.iter().flatten().copied().max().unwrap().min(slots)
        }
    };
    let mut best = 0.0f64;
    for mask in 0u32..(1 << pairs.len()) {
        let chosen: Vec<&(usize, usize, f64)> = (0..pairs.len())
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| &pairs[b])
            .collect();
        if chosen.len() as i64 > slots * tables {
            continue;
        }
        let mut ok = true;
        for (a, first) in chosen.iter().enumerate() {
            for second in &chosen[a + 1..] {
                if first.1 == second.1 && firm_of[first.0] == firm_of[second.0] {
                    ok = false;
                }
            }
        }
        for firm in firm_of.iter() {
            let held = chosen.iter().filter(|p| &firm_of[p.0] == firm).count() as i64;
            ok &= held <= firm_capacity(firm);
        }
        for (t, s) in startups.iter().enumerate() {
            let held = chosen.iter().filter(|p| p.1 == t).count() as i64;
            ok &= held <= capacity(s).unwrap_or(slots).min(slots);
        }
        if ok {
            best = best.max(chosen.iter().map(|p| p.2).sum());
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn best_with_teams_is_the_brute_force_optimum(event in small_event()) {
        let selection = run(match_command(event.to_string().as_bytes(), Some(MatchMode::Best)));
        let total = selection["total"].as_f64().unwrap();
        let expected = brute_force_best(&event);
        prop_assert!((total - expected).abs() < 1e-9, "total {} vs brute force {}", total, expected);

        // Every firm's pairs name distinct startups; attendees belong to the pair's firm.
        let firm_of = |id: &str| {
            event["investors"].as_array().unwrap().iter()
                .find(|i| i["id"] == id)
                .map(|i| oracle_firm(i["firm"].as_str().unwrap()))
                .unwrap()
        };
        let mut seen = std::collections::HashSet::new();
        for pair in selection["pairs"].as_array().unwrap() {
            let firm = firm_of(pair["investor"].as_str().unwrap());
            prop_assert!(seen.insert((firm.clone(), pair["startup"].as_str().unwrap().to_owned())));
            if let Some(attendees) = pair.get("attendees") {
                for attendee in attendees.as_array().unwrap() {
                    prop_assert_eq!(firm_of(attendee.as_str().unwrap()), firm.clone());
                }
            }
        }

        // The schedule places the same pairs with nobody's firm in two meetings of one slot.
        let schedule = run(schedule_command(event.to_string().as_bytes(), Some(MatchMode::Best)));
        let mut busy = std::collections::HashSet::new();
        for meeting in schedule["meetings"].as_array().unwrap() {
            let firm = firm_of(meeting["investor"].as_str().unwrap());
            prop_assert!(busy.insert((firm, meeting["slot"].as_u64().unwrap())));
        }
    }
}
