//! Matching from a snapshot: fit, match score, vetoes, capacities, the CLI's JSON, warm re-solve.

use roadshow_core::cli::{match_command, schedule_command};
use roadshow_core::matching::{match_snapshot, schedule_snapshot, MatchBoard, OwnSource, Veto};
use roadshow_core::model::{MatchMode, ScoreEntry, Snapshot};
use roadshow_core::ranking::Scoreboard;
use roadshow_core::snapshot::parse_snapshot;
use serde_json::{json, Value};

fn fixture() -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "로드쇼",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "innovation", "weight": 1.0}, {"key": "viability", "weight": 1.0}],
            "min_judges": 1,
            "match": {"fit": 0.3, "own": 0.4, "interest": 0.2, "startup_interest": 0.1, "threshold": 0.0, "mode": "best"},
            "meetings": {"slots": 4, "tables": 3}
        },
        "startups": [
            {"id": "s1", "name": "A", "field": "hydrogen", "stage": "seed", "region": "Ulsan", "ask_krw": 1_000_000_000i64, "capacity": 2, "wants_to_meet": ["i2"], "declines": []},
            {"id": "s2", "name": "B", "field": "bio", "stage": "series-a", "region": "Daegu", "ask_krw": 5_000_000_000i64, "capacity": 2, "wants_to_meet": [], "declines": ["i3"]},
            {"id": "s3", "name": "C", "field": "hydrogen", "stage": "seed", "region": "ulsan", "capacity": 1, "wants_to_meet": [], "declines": []}
        ],
        "investors": [
            {"id": "i1", "firm": "F1", "fields": ["hydrogen"], "stages": ["seed"], "regions": ["Ulsan"],
             "ticket_krw": {"min": 500_000_000i64, "max": 2_000_000_000i64}, "capacity": 3, "unavailable_slots": [], "conflicts": ["s3"]},
            {"id": "i2", "firm": "F2", "fields": [], "stages": [], "regions": [], "capacity": 2, "unavailable_slots": [0, 1, 2], "conflicts": []},
            {"id": "i3", "firm": "F3", "fields": ["bio"], "stages": ["series-b"], "regions": [],
             "ticket_krw": {"max": 3_000_000_000i64}, "capacity": 2, "unavailable_slots": [], "conflicts": []}
        ],
        "scores": [
            {"investor": "i1", "startup": "s1", "criterion": "innovation", "value": 8},
            {"investor": "i1", "startup": "s1", "criterion": "viability", "value": 6},
            {"investor": "i1", "startup": "s2", "abstain": true},
            {"investor": "i3", "startup": "s1", "criterion": "innovation", "value": 4}
        ],
        "interest": [
            {"investor": "i3", "startup": "s3", "want": false},
            {"investor": "i2", "startup": "s3", "want": true}
        ]
    })
}

fn snapshot(value: &Value) -> Snapshot {
    parse_snapshot(&value.to_string()).expect("fixture parses")
}

fn board(value: &Value) -> MatchBoard {
    MatchBoard::from_snapshot(&snapshot(value)).expect("fixture is valid")
}

#[test]
fn fit_parts_follow_the_definition() {
    let b = board(&fixture());
    // i1 × s1: field, stage, region match; ask 10억 within [5억, 20억].
    let e = b.explain("i1", "s1").unwrap();
    assert_eq!(
        (
            e.fit_parts.field,
            e.fit_parts.stage,
            e.fit_parts.region,
            e.fit_parts.ticket
        ),
        (1.0, 1.0, 1.0, 1.0)
    );
    assert_eq!(e.fit, 1.0);
    // i1 × s2: nothing matches; ask 50억 > 2 × 20억 → 0.
    let e = b.explain("i1", "s2").unwrap();
    assert_eq!(
        (
            e.fit_parts.field,
            e.fit_parts.stage,
            e.fit_parts.region,
            e.fit_parts.ticket
        ),
        (0.0, 0.0, 0.0, 0.0)
    );
    // i1 × s3: region compares case-insensitively; no ask → ticket 1.
    let e = b.explain("i1", "s3").unwrap();
    assert_eq!((e.fit_parts.region, e.fit_parts.ticket), (1.0, 1.0));
    // i2 left everything empty.
    assert_eq!(b.explain("i2", "s2").unwrap().fit, 1.0);
    // i3: field bio matches s2, stage does not; only a maximum of 30억: ask 50억 ≤ 60억 → 0.5.
    let e = b.explain("i3", "s2").unwrap();
    assert_eq!(
        (
            e.fit_parts.field,
            e.fit_parts.stage,
            e.fit_parts.region,
            e.fit_parts.ticket
        ),
        (1.0, 0.0, 1.0, 0.5)
    );
    assert_eq!(e.fit, 0.625);
}

#[test]
fn match_score_parts_and_vetoes() {
    let b = board(&fixture());
    // i1 scored s1 (8, 6): i1 is the only judge on those criteria except i3's 4 on innovation.
    let e = b.explain("i1", "s1").unwrap();
    assert_eq!(e.own_source, OwnSource::OwnScore);
    assert_eq!(e.veto, None);
    assert!((e.score - (0.3 * e.fit + 0.4 * e.own)).abs() < 1e-12);
    // i2 did not score s1: half the consensus; s1 listed i2 → P = 1.
    let e = b.explain("i2", "s1").unwrap();
    assert_eq!(e.own_source, OwnSource::Consensus);
    assert_eq!(e.startup_interest, 1.0);
    // Nobody scored s3: O = 0; i2 wants to meet s3 → I = 1.
    let e = b.explain("i2", "s3").unwrap();
    assert_eq!(
        (e.own, e.own_source, e.interest),
        (0.0, OwnSource::NobodyScored, 1.0)
    );
    assert!((e.score - (0.3 * 1.0 + 0.2)).abs() < 1e-12);
    // Vetoes.
    assert_eq!(b.explain("i1", "s3").unwrap().veto, Some(Veto::Conflict));
    assert_eq!(b.explain("i1", "s2").unwrap().veto, Some(Veto::Abstained));
    assert_eq!(
        b.explain("i3", "s3").unwrap().veto,
        Some(Veto::InvestorSaidNo)
    );
    assert_eq!(
        b.explain("i3", "s2").unwrap().veto,
        Some(Veto::StartupDeclined)
    );
    assert!(b.explain("i9", "s1").is_none());
}

#[test]
fn own_score_is_the_normalized_total_mapped_to_the_scale() {
    // One judge only: normalization changes nothing, O = (mean − 1) / 9.
    let mut v = fixture();
    v["scores"] = json!([
        {"investor": "i1", "startup": "s1", "criterion": "innovation", "value": 8},
        {"investor": "i1", "startup": "s1", "criterion": "viability", "value": 6}
    ]);
    let b = board(&v);
    let e = b.explain("i1", "s1").unwrap();
    assert!((e.own - (7.0 - 1.0) / 9.0).abs() < 1e-12);
    let e = b.explain("i2", "s1").unwrap();
    assert!((e.own - 0.5 * (7.0 - 1.0) / 9.0).abs() < 1e-12);
}

/// One criterion on a 1–10 scale. i1 scores s1 and s2 (two scores: shifted only), i2 gives the
/// same score to all three (σ = 0: shifted only), i3 scores nothing but wants to meet s1. Only s1
/// can take a meeting (capacity 1); i2 takes none. Weights a = 0.3, b = 0.4, c = 0.25, d = 0.1.
fn clamp_fixture(i1_scores: [i64; 2], i2_score: i64) -> Value {
    let score = |investor: &str, startup: &str, value: i64| json!({"investor": investor, "startup": startup, "criterion": "c", "value": value});
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "Clamp",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "c", "weight": 1.0}],
            "min_judges": 1,
            "match": {"fit": 0.3, "own": 0.4, "interest": 0.25, "startup_interest": 0.1, "threshold": 0.0, "mode": "best"},
            "meetings": {"slots": 4, "tables": 3}
        },
        "startups": [
            {"id": "s1", "name": "A", "capacity": 1},
            {"id": "s2", "name": "B", "capacity": 0},
            {"id": "s3", "name": "C", "capacity": 0}
        ],
        "investors": [
            {"id": "i1", "firm": "F1", "capacity": 3},
            {"id": "i2", "firm": "F2", "capacity": 0},
            {"id": "i3", "firm": "F3", "capacity": 3}
        ],
        "scores": [
            score("i1", "s1", i1_scores[0]),
            score("i1", "s2", i1_scores[1]),
            score("i2", "s1", i2_score),
            score("i2", "s2", i2_score),
            score("i2", "s3", i2_score)
        ],
        "interest": [{"investor": "i3", "startup": "s1", "want": true}]
    })
}

#[test]
fn own_score_is_clamped_to_the_unit_interval() {
    struct Case {
        name: &'static str,
        i1_scores: [i64; 2],
        i2_score: i64,
        /// N[s1], i1's normalized total on s1: outside the scale.
        consensus_s1: f64,
        own_i1_s1: f64,
        /// (O, M) of i1 × s1, i3 × s1 (consensus), i1 × s2, i2 × s1.
        expected: [(&'static str, &'static str, f64, f64); 4],
        selected: (&'static str, &'static str),
        total: f64,
    }
    // Above the scale: μ[c] = (10 + 2 + 10 + 10 + 10) / 5 = 8.4; i1's mean 6, so
    // x'(i1, s1) = 10 − 6 + 8.4 = 12.4 and x'(i1, s2) = 2 − 6 + 8.4 = 4.4; i2's x' = 8.4.
    // N[s1] = (12.4 + 8.4) / 2 = 10.4, N[s2] = (4.4 + 8.4) / 2 = 6.4.
    // O(i1, s1) = (12.4 − 1) / 9 = 1.27 → 1, M = 0.3 + 0.4 = 0.7 (unclamped: 0.807);
    // O(i3, s1) = 0.5 · clamp((10.4 − 1) / 9 = 1.04) = 0.5, M = 0.3 + 0.2 + 0.25 = 0.75
    // (unclamped: 0.759); O(i1, s2) = (4.4 − 1) / 9 = 3.4 / 9; O(i2, s1) = (8.4 − 1) / 9 = 7.4 / 9.
    // s1 takes one meeting: i3 (0.75) beats i1 (0.7); unclamped, i1 (0.807) would have won.
    let above = Case {
        name: "harsh judge above the maximum",
        i1_scores: [10, 2],
        i2_score: 10,
        consensus_s1: 10.4,
        own_i1_s1: 12.4,
        expected: [
            ("i1", "s1", 1.0, 0.7),
            ("i3", "s1", 0.5, 0.75),
            ("i1", "s2", 3.4 / 9.0, 0.3 + 0.4 * 3.4 / 9.0),
            ("i2", "s1", 7.4 / 9.0, 0.3 + 0.4 * 7.4 / 9.0),
        ],
        selected: ("i3", "s1"),
        total: 0.75,
    };
    // Below the scale (the mirror image): μ[c] = 13 / 5 = 2.6; i1's mean 5, so
    // x'(i1, s1) = 1 − 5 + 2.6 = −1.4 and x'(i1, s2) = 9 − 5 + 2.6 = 6.6; i2's x' = 2.6.
    // N[s1] = (−1.4 + 2.6) / 2 = 0.6. O(i1, s1) = (−1.4 − 1) / 9 → 0, M = 0.3;
    // O(i3, s1) = 0.5 · clamp((0.6 − 1) / 9) = 0, M = 0.3 + 0.25 = 0.55 (unclamped: 0.541);
    // O(i1, s2) = 5.6 / 9; O(i2, s1) = 1.6 / 9.
    let below = Case {
        name: "lenient judge below the minimum",
        i1_scores: [1, 9],
        i2_score: 1,
        consensus_s1: 0.6,
        own_i1_s1: -1.4,
        expected: [
            ("i1", "s1", 0.0, 0.3),
            ("i3", "s1", 0.0, 0.55),
            ("i1", "s2", 5.6 / 9.0, 0.3 + 0.4 * 5.6 / 9.0),
            ("i2", "s1", 1.6 / 9.0, 0.3 + 0.4 * 1.6 / 9.0),
        ],
        selected: ("i3", "s1"),
        total: 0.55,
    };
    for case in [above, below] {
        let snap = snapshot(&clamp_fixture(case.i1_scores, case.i2_score));
        // The premise: normalized totals outside the 1–10 scale.
        let scoreboard = Scoreboard::from_snapshot(&snap).unwrap();
        let n_s1 = scoreboard.normalized_total(0).unwrap();
        assert!(
            (n_s1 - case.consensus_s1).abs() < 1e-9,
            "{}: N[s1] = {n_s1}",
            case.name
        );
        let own = scoreboard.judge_total(0, 0).unwrap().normalized;
        assert!(
            (own - case.own_i1_s1).abs() < 1e-9,
            "{}: x'(i1, s1) = {own}",
            case.name
        );

        let b = MatchBoard::new(&snap, &scoreboard).unwrap();
        for (investor, startup, o, m) in case.expected {
            let e = b.explain(investor, startup).unwrap();
            assert!(
                (0.0..=1.0).contains(&e.own) && (e.own - o).abs() < 1e-9,
                "{}: O({investor}, {startup}) = {}, expected {o}",
                case.name,
                e.own
            );
            assert!(
                (e.score - m).abs() < 1e-9,
                "{}: M({investor}, {startup}) = {}, expected {m}",
                case.name,
                e.score
            );
        }
        assert_eq!(
            b.explain("i3", "s1").unwrap().own_source,
            OwnSource::Consensus
        );
        for mode in [MatchMode::Best, MatchMode::Stable] {
            let selection = match_snapshot(&snap, Some(mode)).unwrap();
            let pairs: Vec<(&str, &str)> = selection
                .pairs
                .iter()
                .map(|p| (p.investor.as_str(), p.startup.as_str()))
                .collect();
            assert_eq!(pairs, [case.selected], "{} ({mode:?})", case.name);
            assert!(
                (selection.total - case.total).abs() < 1e-9,
                "{} ({mode:?}): total {}",
                case.name,
                selection.total
            );
        }
    }
}

#[test]
fn selection_respects_vetoes_capacities_and_threshold() {
    let snap = snapshot(&fixture());
    for mode in [MatchMode::Best, MatchMode::Stable] {
        let selection = match_snapshot(&snap, Some(mode)).unwrap();
        let pairs: Vec<(&str, &str)> = selection
            .pairs
            .iter()
            .map(|p| (p.investor.as_str(), p.startup.as_str()))
            .collect();
        for vetoed in [("i1", "s3"), ("i1", "s2"), ("i3", "s3"), ("i3", "s2")] {
            assert!(!pairs.contains(&vetoed), "{mode:?} chose vetoed {vetoed:?}");
        }
        // i2 is free in one slot only: at most one meeting.
        assert!(pairs.iter().filter(|p| p.0 == "i2").count() <= 1);
        // s3 has capacity 1.
        assert!(pairs.iter().filter(|p| p.1 == "s3").count() <= 1);
        let total: f64 = selection.pairs.iter().map(|p| p.score).sum();
        assert!((selection.total - total).abs() < 1e-12);
        // Listed by score descending, then ids.
        assert!(selection.pairs.windows(2).all(|w| w[0].score > w[1].score
            || (w[0].score == w[1].score
                && (&w[0].investor, &w[0].startup) < (&w[1].investor, &w[1].startup))));
    }
    let mut v = fixture();
    v["event"]["match"]["threshold"] = json!(0.9);
    let selection = match_snapshot(&snapshot(&v), None).unwrap();
    assert!(selection.pairs.iter().all(|p| p.score >= 0.9));
}

#[test]
fn cli_prints_exactly_the_design_fields() {
    let text = fixture().to_string();
    let out = match_command(text.as_bytes(), None);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4);
    for key in ["pairs", "total", "blocking_pairs", "min_startup_meetings"] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    for pair in value["pairs"].as_array().unwrap() {
        assert_eq!(pair.as_object().unwrap().len(), 3);
        assert!(
            pair["investor"].is_string()
                && pair["startup"].is_string()
                && pair["score"].is_number()
        );
    }
    let out = schedule_command(text.as_bytes(), Some(MatchMode::Stable));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(value.as_object().unwrap().len(), 3);
    for m in value["meetings"].as_array().unwrap() {
        assert_eq!(m.as_object().unwrap().len(), 4);
        assert!(m["slot"].is_u64() && m["table"].is_u64());
        // i2 is only free in slot 3.
        if m["investor"] == "i2" {
            assert_eq!(m["slot"], 3);
        }
    }
    assert!(value["unplaced"].as_array().unwrap().is_empty());
    assert!(value["slots_used"].is_u64());
}

#[test]
fn bad_snapshots_are_refused_with_named_problems() {
    let mut v = fixture();
    v["investors"][0]["conflicts"] = json!(["s9"]);
    let out = match_command(v.to_string().as_bytes(), None);
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr.contains("investors[0].conflicts[0]"),
        "{}",
        out.stderr
    );
    let mut v = fixture();
    v["event"]["meetings"]["slots"] = json!(0);
    let out = schedule_command(v.to_string().as_bytes(), None);
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr.contains("event.meetings.slots"),
        "{}",
        out.stderr
    );
    let mut v = fixture();
    v["startups"][0]["capacity"] = json!(-1);
    assert_eq!(match_command(v.to_string().as_bytes(), None).exit_code, 1);
    assert_eq!(match_command(b"{not json", None).exit_code, 1);
}

#[test]
fn schedule_of_the_demo_event_is_complete_and_tight() {
    let text = include_str!("../data/demo-roadshow.json");
    let snap = parse_snapshot(text).unwrap();
    for mode in [MatchMode::Best, MatchMode::Stable] {
        let selection = match_snapshot(&snap, Some(mode)).unwrap();
        let schedule = schedule_snapshot(&snap, Some(mode)).unwrap();
        assert_eq!(
            schedule.meetings.len() + schedule.unplaced.len(),
            selection.pairs.len()
        );
        if snap
            .investors
            .iter()
            .all(|i| i.unavailable_slots.is_empty())
        {
            assert!(schedule.unplaced.is_empty());
            let mut degree = std::collections::HashMap::new();
            for p in &selection.pairs {
                *degree.entry(p.investor.clone()).or_insert(0u32) += 1;
                *degree
                    .entry(format!("startup {}", p.startup))
                    .or_insert(0u32) += 1;
            }
            let delta = degree.values().copied().max().unwrap_or(0);
            let tables = snap.event.meetings.tables as u32;
            assert_eq!(
                schedule.slots_used,
                delta.max((selection.pairs.len() as u32).div_ceil(tables))
            );
        }
    }
}

#[test]
fn rescore_after_a_score_change_equals_a_fresh_board() {
    let mut v = fixture();
    // More judges so that normalization moves every total.
    v["scores"] = json!([
        {"investor": "i1", "startup": "s1", "criterion": "innovation", "value": 8},
        {"investor": "i2", "startup": "s1", "criterion": "innovation", "value": 3},
        {"investor": "i2", "startup": "s2", "criterion": "innovation", "value": 9},
        {"investor": "i3", "startup": "s1", "criterion": "viability", "value": 5},
        {"investor": "i3", "startup": "s3", "criterion": "viability", "value": 7}
    ]);
    let mut snap = snapshot(&v);
    let mut scoreboard = Scoreboard::from_snapshot(&snap).unwrap();
    let mut live = MatchBoard::new(&snap, &scoreboard).unwrap();
    let before = live.select(MatchMode::Best).unwrap();
    for (value, at) in [(2, 0), (10, 1), (6, 0)] {
        snap.scores[at] = ScoreEntry::score(
            &snap.scores[at].investor.clone(),
            &snap.scores[at].startup.clone(),
            "innovation",
            value,
        );
        scoreboard = Scoreboard::from_snapshot(&snap).unwrap();
        live.rescore(&snap, &scoreboard).unwrap();
        let warm = live.select(MatchMode::Best).unwrap();
        let cold = MatchBoard::new(&snap, &scoreboard)
            .unwrap()
            .select(MatchMode::Best)
            .unwrap();
        assert!((warm.total - cold.total).abs() < 1e-9);
        assert_eq!(warm.blocking_pairs, cold.blocking_pairs);
    }
    assert!(before.total > 0.0);
}

#[test]
fn hostile_snapshots_give_results_or_named_problems_never_a_panic() {
    use roadshow_core::matching::synthetic::SplitMix;
    let mut rng = SplitMix(21);
    let numbers = [
        json!(-5),
        json!(0),
        json!(1),
        json!(3),
        json!(1000),
        json!(1_000_000_000i64),
        json!(2.5),
    ];
    let pick =
        |rng: &mut SplitMix| numbers[rng.range(0, numbers.len() as u32 - 1) as usize].clone();
    for _ in 0..300 {
        let mut v = fixture();
        for _ in 0..rng.range(1, 4) {
            match rng.range(0, 9) {
                0 => v["event"]["meetings"]["slots"] = pick(&mut rng),
                1 => v["event"]["meetings"]["tables"] = pick(&mut rng),
                2 => v["investors"][rng.range(0, 2) as usize]["capacity"] = pick(&mut rng),
                3 => v["startups"][rng.range(0, 2) as usize]["capacity"] = pick(&mut rng),
                4 => {
                    v["investors"][1]["unavailable_slots"] = json!([pick(&mut rng), pick(&mut rng)])
                }
                5 => v["event"]["match"]["own"] = pick(&mut rng),
                6 => v["event"]["match"]["threshold"] = pick(&mut rng),
                7 => v["scores"][0]["value"] = pick(&mut rng),
                8 => v["startups"][0]["wants_to_meet"] = json!(["i1", "nobody"]),
                _ => v["event"]["scale"]["max"] = pick(&mut rng),
            }
        }
        let text = v.to_string();
        for out in [
            match_command(text.as_bytes(), None),
            schedule_command(text.as_bytes(), Some(MatchMode::Stable)),
        ] {
            assert!(out.exit_code == 0 || out.exit_code == 1);
            if out.exit_code == 0 {
                serde_json::from_str::<Value>(&out.stdout).expect("valid JSON");
            } else {
                assert!(!out.stderr.is_empty(), "a refusal must say why");
            }
        }
    }
}

#[test]
fn min_startup_meetings_counts_startups_that_can_meet() {
    let mut v = fixture();
    // s3 asks for no meetings: it must not pull the minimum to 0.
    v["startups"][2]["capacity"] = json!(0);
    let selection = match_snapshot(&snapshot(&v), Some(MatchMode::Best)).unwrap();
    let count = |id: &str| selection.pairs.iter().filter(|p| p.startup == id).count() as u32;
    assert_eq!(selection.min_startup_meetings, count("s1").min(count("s2")));
    assert_eq!(count("s3"), 0);
}
