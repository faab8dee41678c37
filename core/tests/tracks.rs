//! Tracks' own boards (docs/definitions.md §8.2, `roadshow rank --track T`): a small event
//! worked out by hand in the comments, the track's cut-down event, and a property against an
//! independent oracle (the event with the other startups deleted from its JSON by the test).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{close, from_value};
use proptest::prelude::*;
use roadshow_core::cli::{
    rank_command, rank_track_command, robustness_command, robustness_in_track_command, RankScope,
};
use roadshow_core::feedback::{feedback, RankBand};
use roadshow_core::ranking::TotalMode;
use roadshow_core::tracks::{track_names, track_snapshot};
use roadshow_core::validate::validate;
use serde_json::{json, Value};

/// Four startups in two tracks, three judges, one criterion `tech` (weight 1), scale 1–10,
/// minimum 1 judge.
///
/// 혁신리그: a1, a2.  스케일업리그: b1, b2.
/// j1 (no tracks) scores a1 8, a2 6, b1 10, b2 10.  j2 (혁신리그) scores a1 4; its conflict
/// with b1 stays in the other track.  j3 (스케일업리그) scores b1 5, b2 7.
///
/// 혁신리그's board: the scores 8, 6, 4, so μ[tech] = 6. Every judge has fewer than 3 scores
/// there: shift only (§4.2). μ[j1] = 7, μ[j2] = 4.
///   x': j1 a1 8 − 7 + 6 = 7, j1 a2 5, j2 a1 4 − 4 + 6 = 6.
///   N: a1 = (7 + 6)/2 = 6.5, a2 = 5 → a1 1, a2 2.  Raw: a1 = (8 + 4)/2 = 6, a2 = 6 → a tie.
///   judges: a1 2, a2 1.
/// 스케일업리그's board: 10, 10, 5, 7, μ = 8; μ[j1] = 10, μ[j3] = 6.
///   x': j1 b1 8, b2 8; j3 b1 7, b2 9.  N: b1 7.5, b2 8.5 → b2 1, b1 2 (raw the same).
/// On the whole event j1 has 4 scores with σ > 0 and is re-scaled, so a1's total is not 6.5:
/// the track's board is not the whole board filtered.
fn event() -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "tracks",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "tech", "weight": 1.0}],
            "min_judges": 1
        },
        "startups": [
            {"id": "a1", "name": "A1", "track": "혁신리그"},
            {"id": "b1", "name": "B1", "track": "스케일업리그"},
            {"id": "a2", "name": "A2", "track": "혁신리그"},
            {"id": "b2", "name": "B2", "track": "스케일업리그"},
            {"id": "c1", "name": "C1"}
        ],
        "investors": [
            {"id": "j1", "firm": "F1"},
            {"id": "j2", "firm": "F2", "tracks": ["혁신리그"], "conflicts": ["b1"]},
            {"id": "j3", "firm": "F3", "tracks": ["스케일업리그"]}
        ],
        "scores": [
            {"investor": "j1", "startup": "a1", "criterion": "tech", "value": 8},
            {"investor": "j1", "startup": "a2", "criterion": "tech", "value": 6},
            {"investor": "j1", "startup": "b1", "criterion": "tech", "value": 10},
            {"investor": "j1", "startup": "b2", "criterion": "tech", "value": 10},
            {"investor": "j2", "startup": "a1", "criterion": "tech", "value": 4},
            {"investor": "j3", "startup": "b1", "criterion": "tech", "value": 5},
            {"investor": "j3", "startup": "b2", "criterion": "tech", "value": 7}
        ],
        "interest": [{"investor": "j1", "startup": "b2", "want": true}]
    })
}

/// (startup, rank, total, raw_total, judges) of one printed row.
type Row = (String, Option<u64>, Option<f64>, Option<f64>, u64);

fn ranked(stdout: &str) -> Vec<Row> {
    serde_json::from_str::<Value>(stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["startup"].as_str().unwrap().to_owned(),
                row["rank"].as_u64(),
                row["total"].as_f64(),
                row["raw_total"].as_f64(),
                row["judges"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn assert_rows(got: &[Row], expected: &[(&str, Option<u64>, f64, f64, u64)]) {
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for (row, &(startup, rank, total, raw, judges)) in got.iter().zip(expected) {
        assert_eq!(
            (row.0.as_str(), row.1, row.4),
            (startup, rank, judges),
            "{got:?}"
        );
        assert!(
            close(row.2, Some(total)),
            "{startup} total {:?} ≠ {total}",
            row.2
        );
        assert!(close(row.3, Some(raw)), "{startup} raw {:?} ≠ {raw}", row.3);
    }
}

fn input(value: &Value) -> Vec<u8> {
    value.to_string().into_bytes()
}

#[test]
fn each_track_ranks_and_normalizes_on_its_own() {
    let bytes = input(&event());
    let league = rank_track_command(&bytes, TotalMode::Normalized, "혁신리그", RankScope::Plain);
    assert_eq!(league.exit_code, 0, "{}", league.stderr);
    assert_rows(
        &ranked(&league.stdout),
        &[("a1", Some(1), 6.5, 6.0, 2), ("a2", Some(2), 5.0, 6.0, 1)],
    );
    let raw = rank_track_command(&bytes, TotalMode::Raw, "혁신리그", RankScope::Plain);
    // Raw totals tie at 6: one rank, listed in the event's order.
    assert_rows(
        &ranked(&raw.stdout),
        &[("a1", Some(1), 6.0, 6.0, 2), ("a2", Some(1), 6.0, 6.0, 1)],
    );
    let scale_up = rank_track_command(
        &bytes,
        TotalMode::Normalized,
        "스케일업리그",
        RankScope::Plain,
    );
    assert_rows(
        &ranked(&scale_up.stdout),
        &[("b2", Some(1), 8.5, 8.5, 2), ("b1", Some(2), 7.5, 7.5, 2)],
    );
    // --final without rounds is plain rank, on the track's board too.
    let final_total =
        rank_track_command(&bytes, TotalMode::Normalized, "혁신리그", RankScope::Final);
    assert_eq!(final_total.stdout, league.stdout);

    let whole = ranked(&rank_command(&bytes, TotalMode::Normalized).stdout);
    let a1 = whole.iter().find(|row| row.0 == "a1").unwrap();
    assert!(
        !close(a1.2, Some(6.5)),
        "the whole board re-scales j1: {a1:?}"
    );
    assert_eq!(
        whole.len(),
        5,
        "the whole board lists c1, which no track has"
    );
}

/// The oracle: `event` with every startup outside `kept` deleted from its JSON, and every
/// score, interest entry and conflict naming one.
fn with_only(event: &Value, kept: &[String]) -> Value {
    let keep = |id: &Value| kept.iter().any(|k| id == k.as_str());
    let only = |list: &Value, field: &str| -> Value {
        list.as_array()
            .map(|items| {
                items
                    .iter()
                    .filter(|item| keep(&item[field]))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut cut = event.clone();
    cut["startups"] = only(&event["startups"], "id");
    cut["scores"] = only(&event["scores"], "startup");
    cut["interest"] = only(&event["interest"], "startup");
    for investor in cut["investors"].as_array_mut().unwrap() {
        let conflicts: Vec<Value> = investor["conflicts"]
            .as_array()
            .map(|list| list.iter().filter(|s| keep(s)).cloned().collect())
            .unwrap_or_default();
        investor["conflicts"] = json!(conflicts);
    }
    cut
}

/// `robustness --track T` is `robustness` on the event with the other startups deleted from
/// its JSON ([`with_only`], the property's oracle below, on the hand-worked event).
#[test]
fn a_tracks_robustness_is_that_of_its_startups_alone() {
    let event = event();
    for (track, kept) in [("혁신리그", ["a1", "a2"]), ("스케일업리그", ["b1", "b2"])] {
        let kept: Vec<String> = kept.iter().map(|id| (*id).to_owned()).collect();
        let cut = with_only(&event, &kept);
        for mode in [TotalMode::Normalized, TotalMode::Raw] {
            let got = robustness_in_track_command(&input(&event), Some(1), mode, Some(track));
            let expected = robustness_command(&input(&cut), Some(1), mode);
            assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
            assert_eq!(got.stdout, expected.stdout, "{track}");
        }
    }
    let missing =
        robustness_in_track_command(&input(&event), Some(1), TotalMode::Normalized, Some("x"));
    assert_eq!(missing.exit_code, 2);
}

/// Definitions §8.4 with §8.2: a startup in a track is compared with its track. a1 is first of
/// the 2 ranked in 혁신리그 (1·100 ≤ 50·2 but not ≤ 25·2: top 50 %), total 6.5 as worked out
/// above, and the field mean of `tech` is that of a1 and a2 there: (6.5 + 5)/2 = 5.75.
#[test]
fn feedback_compares_a_startup_with_its_track() {
    let snapshot = from_value(event());
    let a1 = feedback(&snapshot, "a1", true).unwrap();
    assert_eq!(
        (a1.judges, a1.ranked, a1.band, a1.rank),
        (2, 2, Some(RankBand::Top50), Some(1))
    );
    assert!(close(a1.total, Some(6.5)));
    assert!(close(a1.criteria[0].mean, Some(6.5)));
    assert!(close(a1.criteria[0].field_mean, Some(5.75)));
    // The interval is the track board's, as `rank --track` prints it.
    let printed: Vec<Value> = serde_json::from_str(
        &rank_track_command(
            &input(&event()),
            TotalMode::Normalized,
            "혁신리그",
            RankScope::Plain,
        )
        .stdout,
    )
    .unwrap();
    assert!(close(a1.ci_low, printed[0]["ci_low"].as_f64()));
    assert!(close(a1.ci_high, printed[0]["ci_high"].as_f64()));
    // b2 leads 스케일업리그; c1, in no track, is compared with the whole event (nobody scored it).
    let b2 = feedback(&snapshot, "b2", true).unwrap();
    assert_eq!((b2.ranked, b2.rank), (2, Some(1)));
    assert!(close(b2.total, Some(8.5)));
    let c1 = feedback(&snapshot, "c1", true).unwrap();
    assert_eq!((c1.ranked, c1.band, c1.judges), (4, None, 0));
}

#[test]
fn a_track_nobody_is_in_is_wrong_usage_naming_the_tracks() {
    for track in ["", "혁신리그 ", "other"] {
        let out = rank_track_command(
            &input(&event()),
            TotalMode::Normalized,
            track,
            RankScope::Plain,
        );
        assert_eq!(out.exit_code, 2, "{track:?}");
        assert_eq!(out.stdout, "");
        assert!(
            out.stderr.contains("(tracks: 스케일업리그, 혁신리그)"),
            "{}",
            out.stderr
        );
    }
    // An unknown round on a real track is the round's usage error, as without --track.
    let out = rank_track_command(
        &input(&event()),
        TotalMode::Normalized,
        "혁신리그",
        RankScope::Round("final"),
    );
    assert_eq!(out.exit_code, 2, "{}", out.stderr);
}

#[test]
fn a_tracks_event_is_a_valid_event_of_its_startups_alone() {
    let snapshot = from_value(event());
    assert_eq!(track_names(&snapshot), ["스케일업리그", "혁신리그"]);
    let league = track_snapshot(&snapshot, "혁신리그").unwrap();
    assert_eq!(validate(&league), vec![]);
    let ids = |startups: &[roadshow_core::model::Startup]| {
        startups.iter().map(|s| s.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&league.startups), ["a1", "a2"]);
    assert_eq!(league.investors.len(), 3, "every investor stays");
    assert!(
        league.investors[1].conflicts.is_empty(),
        "b1 is not in the track"
    );
    assert_eq!(league.scores.len(), 3);
    assert!(league.interest.is_empty());
    let scale_up = track_snapshot(&snapshot, "스케일업리그").unwrap();
    assert_eq!(scale_up.investors[1].conflicts, ["b1"]);
    assert_eq!(scale_up.interest.len(), 1);
    assert!(track_snapshot(&snapshot, "none").is_none());
}

const CRITERIA: [&str; 2] = ["tech", "market"];

/// Up to 6 startups in tracks "A", "B" or none; up to 5 judges; scores on two criteria.
fn random_event() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(prop::option::of(prop_oneof![Just("A"), Just("B")]), 1..7),
        prop::collection::vec((0usize..5, 0usize..6, 0usize..2, 1i64..=10), 0..40),
        prop::collection::vec((0usize..5, 0usize..6), 0..3),
    )
        .prop_map(|(tracks, scores, conflicts)| {
            let startups = tracks.len();
            let mut event = event();
            event["event"]["criteria"] =
                json!([{"key": "tech", "weight": 1.0}, {"key": "market", "weight": 2.0}]);
            event["event"]["min_judges"] = json!(2);
            event["startups"] = tracks
                .iter()
                .enumerate()
                .map(|(s, track)| match track {
                    Some(track) => json!({"id": format!("s{s}"), "name": "S", "track": track}),
                    None => json!({"id": format!("s{s}"), "name": "S"}),
                })
                .collect();
            event["investors"] = (0..5)
                .map(|j| {
                    let mine: std::collections::BTreeSet<String> = conflicts
                        .iter()
                        .filter(|(i, s)| *i == j && *s < startups)
                        .map(|(_, s)| format!("s{s}"))
                        .collect();
                    json!({"id": format!("j{j}"), "firm": "F", "conflicts": mine})
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            event["scores"] = scores
                .into_iter()
                .filter(|&(j, s, c, _)| s < startups && seen.insert((j, s, c)))
                .map(|(j, s, c, value)| {
                    json!({"investor": format!("j{j}"), "startup": format!("s{s}"),
                           "criterion": CRITERIA[c], "value": value})
                })
                .collect();
            event["interest"] = json!([]);
            event
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The oracle ([`with_only`]): plain `rank` of the event without the other startups is the
    /// track's board.
    #[test]
    fn a_track_ranks_as_the_event_with_the_others_deleted(event in random_event()) {
        for track in ["A", "B"] {
            let got = rank_track_command(&input(&event), TotalMode::Normalized, track, RankScope::Plain);
            let inside: Vec<String> = event["startups"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["track"] == track)
                .map(|s| s["id"].as_str().unwrap().to_owned())
                .collect();
            if inside.is_empty() {
                prop_assert_eq!(got.exit_code, 2);
                continue;
            }
            let cut = with_only(&event, &inside);
            for mode in [TotalMode::Normalized, TotalMode::Raw] {
                let got = rank_track_command(&input(&event), mode, track, RankScope::Plain);
                let expected = rank_command(&input(&cut), mode);
                prop_assert_eq!(expected.exit_code, 0, "{}", expected.stderr);
                prop_assert_eq!(got.exit_code, 0, "{}", got.stderr);
                prop_assert_eq!(got.stdout, expected.stdout);
            }
        }
    }
}
