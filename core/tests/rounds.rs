//! Rounds (docs/definitions.md §8.1, §11): ranking within a round, the final total (final_only
//! and weighted), promotion, the rules of `event.rounds[]` and `scores[].round`, and the CLI's
//! `rank --round R` / `--final`. The two-round event is worked out by hand in the comments; the
//! properties check that one round equals no rounds and that the weighted final is the formula
//! over the rounds' own totals.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{close, from_value, snapshot_json};
use proptest::prelude::*;
use roadshow_core::cli::{check_command, rank_command, rank_final_command, rank_round_command};
use roadshow_core::problem::ProblemCode;
use roadshow_core::ranking::TotalMode;
use roadshow_core::round_ranking::promoted;
use roadshow_core::validate::validate;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

// --- The hand-worked event --------------------------------------------------------------------

/// Three startups, three investors.
///
/// Round `screening`: criterion `docs` (weight 1), scale 1–5, judges i1 and i2, min_judges 2,
/// weight 1, promote the top 2.
///   i1: s1 4, s2 2.   i2: s1 5, s3 3.
///   Raw: s1 = (4 + 5)/2 = 4.5, s2 = 2, s3 = 3.
///   Normalized: every judge has fewer than 3 scores, so shift only (definitions §4.2):
///   μ[docs] = (4 + 2 + 5 + 3)/4 = 3.5, μ[i1] = 3, μ[i2] = 4;
///   x' = x − μ[j] + 3.5: i1 s1 4.5, i1 s2 2.5, i2 s1 4.5, i2 s3 2.5.
///   N: s1 = 4.5, s2 = 2.5, s3 = 2.5 → ranks 1, 2, 2 (a tie, listed by id).
///   Raw ranks: s1 1 (4.5), s3 2 (3), s2 3 (2).
///   judges: s1 2, s2 1, s3 1; needs (min 2): 0, 1, 1.
///   Raw se of s1: judge totals 4 and 5, sample sd √0.5, se = √0.5/√2 = 0.5.
///
/// Round `final`: the event's criteria (innovation weight 1, market weight 3), scale 1–10,
/// every investor judges, the event's min_judges 3, weight 2.
///   i1: s1 innovation 8, market 6.   i3: s1 innovation 6, market 10; s3 innovation 9.
///   Raw: s1 = (1·(8 + 6)/2 + 3·(6 + 10)/2)/4 = (7 + 24)/4 = 7.75; s3 = 9 (innovation only);
///   s2 has no score.
///   Normalized (shift only again): μ[innovation] = (8 + 6 + 9)/3 = 23/3, μ[market] = 8;
///   μ[i1, innovation] = 8, μ[i1, market] = 6, μ[i3, innovation] = 7.5, μ[i3, market] = 10.
///   x': i1 s1 innovation 23/3, market 8; i3 s1 innovation 23/3 − 1.5, market 8;
///       i3 s3 innovation 23/3 + 1.5 = 55/6.
///   N[s1] = (1·(23/3 − 0.75) + 3·8)/4 = (83/12 + 24)/4 = 371/48; N[s3] = 55/6.
///   Ranks: s3 1, s1 2, s2 unranked (normalized and raw alike).
///   needs (min 3): s1 1, s3 2, s2 3.
///
/// Weighted final (w = 1, 2), over the rounds where the startup has a total:
///   normalized: s1 = (4.5 + 2·371/48)/3 = 479/72; s2 = 2.5 (screening only);
///               s3 = (2.5 + 2·55/6)/3 = 125/18 → s3 1, s1 2, s2 3.
///   raw:        s1 = (4.5 + 2·7.75)/3 = 20/3; s2 = 2; s3 = (3 + 2·9)/3 = 7 → s3, s1, s2.
///   judges: s1 {i1, i2} ∪ {i1, i3} = 3; s2 {i1} = 1; s3 {i2} ∪ {i3} = 2.
///   needs = the largest over those rounds: s1 max(0, 1) = 1; s2 1; s3 max(1, 2) = 2.
fn event(final_total: &str) -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1", "name": "rounds",
            "scale": {"min": 1, "max": 10},
            "criteria": [{"key": "innovation", "weight": 1.0}, {"key": "market", "weight": 3.0}],
            "min_judges": 3,
            "rounds": [
                {"id": "screening", "criteria": [{"key": "docs", "weight": 1.0}],
                 "scale": {"min": 1, "max": 5}, "judges": ["i1", "i2"], "min_judges": 2,
                 "weight": 1.0, "promote": {"top": 2}, "reveal": "never"},
                {"id": "final", "judges": "all", "weight": 2.0}
            ],
            "final": final_total
        },
        "startups": [{"id": "s1", "name": "S1"}, {"id": "s2", "name": "S2"},
                     {"id": "s3", "name": "S3"}],
        "investors": [{"id": "i1", "firm": "F1"}, {"id": "i2", "firm": "F2"},
                      {"id": "i3", "firm": "F3"}],
        "scores": [
            {"investor": "i1", "startup": "s1", "criterion": "docs", "value": 4, "round": "screening"},
            {"investor": "i1", "startup": "s2", "criterion": "docs", "value": 2, "round": "screening"},
            {"investor": "i2", "startup": "s1", "criterion": "docs", "value": 5, "round": "screening"},
            {"investor": "i2", "startup": "s3", "criterion": "docs", "value": 3, "round": "screening"},
            {"investor": "i1", "startup": "s1", "criterion": "innovation", "value": 8, "round": "final"},
            {"investor": "i1", "startup": "s1", "criterion": "market", "value": 6, "round": "final"},
            {"investor": "i3", "startup": "s1", "criterion": "innovation", "value": 6, "round": "final"},
            {"investor": "i3", "startup": "s1", "criterion": "market", "value": 10, "round": "final"},
            {"investor": "i3", "startup": "s3", "criterion": "innovation", "value": 9, "round": "final"}
        ],
        "interest": []
    })
}

fn rows(stdout: &str) -> Vec<Value> {
    serde_json::from_str::<Value>(stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn row<'a>(rows: &'a [Value], startup: &str) -> &'a Value {
    rows.iter().find(|r| r["startup"] == startup).unwrap()
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn order(rows: &[Value]) -> Vec<(String, Option<u64>)> {
    rows.iter()
        .map(|r| {
            (
                r["startup"].as_str().unwrap().to_owned(),
                r["rank"].as_u64(),
            )
        })
        .collect()
}

fn ranked(pairs: &[(&str, Option<u64>)]) -> Vec<(String, Option<u64>)> {
    pairs.iter().map(|&(s, r)| (s.to_owned(), r)).collect()
}

fn input(v: &Value) -> Vec<u8> {
    v.to_string().into_bytes()
}

#[test]
fn the_event_is_valid_and_keeps_its_rounds_through_a_round_trip() {
    let snapshot = from_value(event("weighted"));
    assert_eq!(validate(&snapshot), vec![]);
    assert_eq!(snapshot.event.rounds.len(), 2);
    assert_eq!(snapshot.scores[0].round.as_deref(), Some("screening"));
    let back: Value = serde_json::to_value(&snapshot).unwrap();
    assert_eq!(
        back["event"]["rounds"],
        event("weighted")["event"]["rounds"]
    );
    assert_eq!(back["event"]["final"], "weighted");
    assert_eq!(back["scores"][8]["round"], "final");
    // Typed fields do not stay in `extra`; a round's unknown field does.
    assert!(!snapshot.event.extra.contains_key("rounds"));
    assert!(!snapshot.event.extra.contains_key("final"));
    assert_eq!(snapshot.event.rounds[0].extra["reveal"], "never");
}

#[test]
fn screening_ranks_with_its_own_criteria_scale_judges_and_minimum() {
    let out = rank_round_command(
        &input(&event("weighted")),
        TotalMode::Normalized,
        "screening",
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let r = rows(&out.stdout);
    assert_eq!(
        order(&r),
        ranked(&[("s1", Some(1)), ("s2", Some(2)), ("s3", Some(2))])
    );
    let s1 = row(&r, "s1");
    assert!(close(num(&s1["total"]), Some(4.5)));
    assert!(close(num(&s1["raw_total"]), Some(4.5)));
    assert!(close(num(&row(&r, "s2")["total"]), Some(2.5)));
    assert!(close(num(&row(&r, "s3")["total"]), Some(2.5)));
    assert!(close(num(&row(&r, "s3")["raw_total"]), Some(3.0)));
    assert_eq!(
        [s1["judges"].clone(), row(&r, "s2")["judges"].clone()],
        [json!(2), json!(1)]
    );
    assert_eq!(
        [
            s1["needs"].clone(),
            row(&r, "s2")["needs"].clone(),
            row(&r, "s3")["needs"].clone()
        ],
        [json!(0), json!(1), json!(1)]
    );
    // The round's criteria are the keys.
    let keys: Vec<&String> = s1["criteria"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["docs"]);

    let raw =
        rows(&rank_round_command(&input(&event("weighted")), TotalMode::Raw, "screening").stdout);
    assert_eq!(
        order(&raw),
        ranked(&[("s1", Some(1)), ("s3", Some(2)), ("s2", Some(3))])
    );
    assert!(close(num(&row(&raw, "s1")["se"]), Some(0.5)));
}

#[test]
fn the_final_round_ranks_with_the_events_settings() {
    for (mode, s1, s3) in [
        (TotalMode::Normalized, 371.0 / 48.0, 55.0 / 6.0),
        (TotalMode::Raw, 7.75, 9.0),
    ] {
        let out = rank_round_command(&input(&event("weighted")), mode, "final");
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        let r = rows(&out.stdout);
        assert_eq!(
            order(&r),
            ranked(&[("s3", Some(1)), ("s1", Some(2)), ("s2", None)])
        );
        assert!(close(num(&row(&r, "s1")["total"]), Some(s1)), "{mode:?}");
        assert!(close(num(&row(&r, "s3")["total"]), Some(s3)), "{mode:?}");
        assert_eq!(row(&r, "s1")["needs"], 1);
        assert_eq!(row(&r, "s3")["needs"], 2);
        assert_eq!(row(&r, "s2")["needs"], 3);
    }
}

#[test]
fn the_weighted_final_is_the_hand_worked_formula() {
    let out = rank_final_command(&input(&event("weighted")), TotalMode::Normalized);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let r = rows(&out.stdout);
    assert_eq!(
        order(&r),
        ranked(&[("s3", Some(1)), ("s1", Some(2)), ("s2", Some(3))])
    );
    let (s1, s2, s3) = (row(&r, "s1"), row(&r, "s2"), row(&r, "s3"));
    assert!(close(num(&s1["total"]), Some(479.0 / 72.0)));
    assert!(close(num(&s2["total"]), Some(2.5)));
    assert!(close(num(&s3["total"]), Some(125.0 / 18.0)));
    assert!(close(num(&s1["normalized_total"]), Some(479.0 / 72.0)));
    assert!(close(num(&s1["raw_total"]), Some(20.0 / 3.0)));
    assert!(close(num(&s3["raw_total"]), Some(7.0)));
    assert_eq!(
        [&s1["judges"], &s2["judges"], &s3["judges"]],
        [&json!(3), &json!(1), &json!(2)]
    );
    assert_eq!(
        [&s1["needs"], &s2["needs"], &s3["needs"]],
        [&json!(1), &json!(1), &json!(2)]
    );
    assert!(s1["se"].is_null() && s1["ci_low"].is_null() && s1["ci_high"].is_null());
    assert_eq!(s1["disagreement"], false);
    assert_eq!(s1["criteria"], json!({}));
    assert!(close(num(&s1["rounds"]["screening"]), Some(4.5)));
    assert!(close(num(&s1["rounds"]["final"]), Some(371.0 / 48.0)));
    assert!(s2["rounds"]["final"].is_null());

    let raw = rows(&rank_final_command(&input(&event("weighted")), TotalMode::Raw).stdout);
    assert_eq!(
        order(&raw),
        ranked(&[("s3", Some(1)), ("s1", Some(2)), ("s2", Some(3))])
    );
    assert!(close(num(&row(&raw, "s1")["total"]), Some(20.0 / 3.0)));
    assert!(close(num(&row(&raw, "s2")["total"]), Some(2.0)));
    // Plain `rank` of a snapshot with rounds is the final total.
    assert_eq!(
        rank_command(&input(&event("weighted")), TotalMode::Raw),
        rank_final_command(&input(&event("weighted")), TotalMode::Raw)
    );
}

#[test]
fn final_only_is_the_last_round_byte_for_byte() {
    for final_total in ["final_only", "absent"] {
        let mut v = event(final_total);
        if final_total == "absent" {
            v["event"].as_object_mut().unwrap().remove("final");
        }
        for mode in [TotalMode::Normalized, TotalMode::Raw] {
            let last = rank_round_command(&input(&v), mode, "final");
            assert_eq!(last.exit_code, 0);
            assert_eq!(rank_final_command(&input(&v), mode), last);
            assert_eq!(rank_command(&input(&v), mode), last);
        }
    }
}

#[test]
fn promotion_takes_the_top_n_with_ties_or_the_hand_picked_list() {
    let snapshot = from_value(event("weighted"));
    // Normalized: s1 1, s2 2, s3 2 — the tie at the cut goes through whole.
    assert_eq!(
        promoted(&snapshot, "screening", TotalMode::Normalized).unwrap(),
        ["s1", "s2", "s3"]
    );
    // Raw: s1 1, s3 2, s2 3.
    assert_eq!(
        promoted(&snapshot, "screening", TotalMode::Raw).unwrap(),
        ["s1", "s3"]
    );
    assert!(promoted(&snapshot, "final", TotalMode::Raw)
        .unwrap()
        .is_empty());
    let mut by_hand = event("weighted");
    by_hand["event"]["rounds"][0]["promote"] = json!({"startups": ["s3", "s2"]});
    let snapshot = from_value(by_hand);
    assert_eq!(
        promoted(&snapshot, "screening", TotalMode::Raw).unwrap(),
        ["s2", "s3"]
    );
}

#[test]
fn round_usage_errors_exit_2() {
    let plain = snapshot_json(
        &[("innovation", 1.0)],
        &["s1"],
        &["i1"],
        &[("i1", "s1", "innovation", 5)],
    );
    let out = rank_round_command(&input(&plain), TotalMode::Normalized, "final");
    assert_eq!(out.exit_code, 2, "no rounds");
    let out = rank_round_command(&input(&event("weighted")), TotalMode::Normalized, "semi");
    assert_eq!(out.exit_code, 2, "unknown round");
    // Without rounds, --final is plain rank.
    assert_eq!(
        rank_final_command(&input(&plain), TotalMode::Normalized),
        rank_command(&input(&plain), TotalMode::Normalized)
    );
}

// --- Validation -------------------------------------------------------------------------------

fn problems(v: &Value) -> Vec<(String, ProblemCode)> {
    validate(&from_value(v.clone()))
        .into_iter()
        .map(|p| (p.path, p.code))
        .collect()
}

fn expect(edit: impl FnOnce(&mut Value), expected: &[(&str, ProblemCode)]) {
    let mut v = event("weighted");
    edit(&mut v);
    let expected: Vec<(String, ProblemCode)> = expected
        .iter()
        .map(|(p, c)| ((*p).to_owned(), *c))
        .collect();
    assert_eq!(problems(&v), expected);
}

#[test]
fn scores_are_checked_against_their_round() {
    use ProblemCode::*;
    // 7 is on the event's scale but not on screening's 1–5.
    expect(
        |v| v["scores"][0]["value"] = json!(7),
        &[("scores[0].value", OutOfScale)],
    );
    // 5 is on both; 0 on neither.
    expect(|v| v["scores"][4]["value"] = json!(1), &[]);
    // innovation is the event's criterion, not screening's.
    expect(
        |v| v["scores"][0]["criterion"] = json!("innovation"),
        &[("scores[0].criterion", UnknownId)],
    );
    // docs is screening's, not the final's (which inherits the event's).
    expect(
        |v| v["scores"][4]["criterion"] = json!("docs"),
        &[("scores[4].criterion", UnknownId)],
    );
    expect(
        |v| v["scores"][0]["round"] = json!("semi"),
        &[("scores[0].round", UnknownId)],
    );
    // Two rounds: a score must name one.
    expect(
        |v| {
            v["scores"][0].as_object_mut().unwrap().remove("round");
        },
        &[("scores[0].round", Required)],
    );
    // i3 does not judge screening.
    expect(
        |v| {
            v["scores"].as_array_mut().unwrap().push(
                json!({"investor": "i3", "startup": "s2", "criterion": "docs",
                             "value": 3, "round": "screening"}),
            )
        },
        &[("scores[9].investor", NotApplicable)],
    );
    // The same investor, startup and criterion once per round: a second in the same round is a
    // duplicate, the same in another round is not.
    expect(
        |v| {
            v["scores"].as_array_mut().unwrap().push(
                json!({"investor": "i1", "startup": "s1", "criterion": "docs",
                             "value": 3, "round": "screening"}),
            )
        },
        &[("scores[9]", Duplicate)],
    );
    expect(
        |v| {
            v["event"]["rounds"][0]
                .as_object_mut()
                .unwrap()
                .remove("criteria");
            v["event"]["rounds"][0]
                .as_object_mut()
                .unwrap()
                .remove("scale");
            for n in 0..4 {
                v["scores"][n]["criterion"] = json!("innovation");
            }
        },
        &[],
    );
    expect(
        |v| v["scores"][2]["investor"] = json!("i9"),
        &[("scores[2].investor", UnknownId)],
    );
}

#[test]
fn rounds_themselves_are_checked() {
    use ProblemCode::*;
    expect(
        |v| v["event"]["rounds"][1]["id"] = json!("screening"),
        &[
            ("event.rounds[1].id", Duplicate),
            // No round is called "final" any more: the final's scores name an unknown round
            // (and are not checked further).
            ("scores[4].round", UnknownId),
            ("scores[5].round", UnknownId),
            ("scores[6].round", UnknownId),
            ("scores[7].round", UnknownId),
            ("scores[8].round", UnknownId),
        ],
    );
    expect(
        |v| v["event"]["rounds"][1]["weight"] = json!(0),
        &[("event.rounds[1].weight", NotPositive)],
    );
    // The screening's "never" is a reveal mode; anything else is named.
    expect(
        |v| v["event"]["rounds"][1]["reveal"] = json!("after-scoring"),
        &[("event.rounds[1].reveal", InvalidFormat)],
    );
    expect(
        |v| v["event"]["rounds"][1]["reveal"] = json!(true),
        &[("event.rounds[1].reveal", InvalidFormat)],
    );
    expect(
        |v| v["event"]["rounds"][0]["weight"] = json!(-2.5),
        &[("event.rounds[0].weight", NotPositive)],
    );
    expect(
        |v| v["event"]["rounds"][0]["judges"] = json!(["i1", "i2", "i7"]),
        &[("event.rounds[0].judges[2]", UnknownId)],
    );
    expect(
        |v| v["event"]["rounds"][0]["scale"] = json!({"min": 5, "max": 5}),
        &[
            ("event.rounds[0].scale", MinOverMax),
            ("scores[0].value", OutOfScale),
            ("scores[1].value", OutOfScale),
            ("scores[3].value", OutOfScale),
        ],
    );
    expect(
        |v| v["event"]["rounds"][0]["criteria"][0]["weight"] = json!(0),
        &[("event.rounds[0].criteria[0].weight", NotPositive)],
    );
    expect(
        |v| v["event"]["rounds"][0]["promote"] = json!({"top": 0}),
        &[("event.rounds[0].promote.top", NotPositive)],
    );
    expect(
        |v| v["event"]["rounds"][0]["promote"] = json!({"top": 2, "startups": ["s1"]}),
        &[("event.rounds[0].promote", InvalidFormat)],
    );
    expect(
        |v| v["event"]["rounds"][0]["min_judges"] = json!(-1),
        &[("event.rounds[0].min_judges", Negative)],
    );
    // A score naming a round when the event has none.
    let mut plain = snapshot_json(
        &[("innovation", 1.0)],
        &["s1"],
        &["i1"],
        &[("i1", "s1", "innovation", 5)],
    );
    plain["scores"][0]["round"] = json!("final");
    assert_eq!(
        problems(&plain),
        vec![("scores[0].round".to_owned(), UnknownId)]
    );
    // `roadshow check` reports them.
    let mut bad = event("weighted");
    bad["scores"][0]["value"] = json!(7);
    let out = check_command(&input(&bad), false);
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stdout.contains("scores[0].value: out_of_scale"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_copied_limits_equal_validations() {
    assert_eq!(
        roadshow_core::rounds::SCALE_LIMIT,
        roadshow_core::validate::SCALE_LIMIT
    );
    assert_eq!(
        roadshow_core::rounds::COMMENT_MAX_CHARS,
        roadshow_core::validate::COMMENT_MAX_CHARS
    );
}

#[test]
fn the_binary_takes_round_and_final() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rounds-event.json");
    std::fs::write(&path, event("weighted").to_string()).unwrap();
    let path = path.display().to_string();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_roadshow"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["rank", &path, "--round", "screening", "--raw"]);
    assert_eq!(out.status.code(), Some(0));
    let expected = rank_round_command(&input(&event("weighted")), TotalMode::Raw, "screening");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected.stdout);
    let out = run(&["rank", &path, "--final"]);
    assert_eq!(out.status.code(), Some(0));
    let expected = rank_final_command(&input(&event("weighted")), TotalMode::Normalized);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected.stdout);
    assert_eq!(
        run(&["rank", &path, "--final", "--round", "final"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["rank", &path, "--round", "nope"]).status.code(),
        Some(2)
    );
}

// --- Properties -------------------------------------------------------------------------------

/// Up to 4 startups × 4 investors × 2 criteria, each cell scored (1–10) or not.
fn random_scores() -> impl Strategy<Value = Vec<(usize, usize, usize, i64)>> {
    prop::collection::vec(
        (0usize..4, 0usize..4, 0usize..2, 1i64..=10, any::<bool>()),
        0..24,
    )
    .prop_map(|cells| {
        let mut seen = std::collections::HashSet::new();
        cells
            .into_iter()
            .filter(|&(j, s, c, _, keep)| keep && seen.insert((j, s, c)))
            .map(|(j, s, c, v, _)| (j, s, c, v))
            .collect()
    })
}

const STARTUPS: [&str; 4] = ["s1", "s2", "s3", "s4"];
const INVESTORS: [&str; 4] = ["i1", "i2", "i3", "i4"];
const CRITERIA: [&str; 2] = ["a", "b"];

fn plain_event(scores: &[(usize, usize, usize, i64)], min_judges: i64) -> Value {
    let scores: Vec<(&str, &str, &str, i64)> = scores
        .iter()
        .map(|&(j, s, c, v)| (INVESTORS[j], STARTUPS[s], CRITERIA[c], v))
        .collect();
    let mut v = snapshot_json(&[("a", 1.0), ("b", 2.0)], &STARTUPS, &INVESTORS, &scores);
    v["event"]["min_judges"] = json!(min_judges);
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn one_round_is_the_same_as_no_rounds(
        scores in random_scores(),
        min_judges in 0i64..4,
        name_the_round in any::<bool>(),
        own_settings in any::<bool>(),
    ) {
        let plain = plain_event(&scores, min_judges);
        let mut one = plain.clone();
        if own_settings {
            // The round carries the settings; the event's own are different and unused.
            one["event"]["rounds"] = json!([{"id": "only", "criteria": plain["event"]["criteria"],
                                             "scale": {"min": 1, "max": 10},
                                             "min_judges": min_judges, "weight": 3.0}]);
            one["event"]["criteria"] = json!([{"key": "other", "weight": 1.0}]);
            one["event"]["scale"] = json!({"min": 0, "max": 100});
            one["event"]["min_judges"] = json!(7);
        } else {
            one["event"]["rounds"] = json!([{"id": "only"}]);
        }
        if name_the_round {
            for score in one["scores"].as_array_mut().unwrap() {
                score["round"] = json!("only");
            }
        }
        for mode in [TotalMode::Normalized, TotalMode::Raw] {
            let today = rank_command(&input(&plain), mode);
            prop_assert_eq!(today.exit_code, 0, "{}", today.stderr);
            let by_round = rank_round_command(&input(&one), mode, "only");
            prop_assert_eq!(&by_round, &today);
            prop_assert_eq!(&rank_final_command(&input(&one), mode), &today);
            prop_assert_eq!(&rank_final_command(&input(&plain), mode), &today);
            let mut weighted = one.clone();
            weighted["event"]["final"] = json!("weighted");
            // Weighted over one round: the same totals and ranks (Σ w·T / Σ w = T).
            let w = rows(&rank_final_command(&input(&weighted), mode).stdout);
            let t = rows(&today.stdout);
            prop_assert_eq!(order(&w), order(&t));
            for (a, b) in w.iter().zip(&t) {
                prop_assert!(close(num(&a["total"]), num(&b["total"])));
                prop_assert_eq!(&a["needs"], &b["needs"]);
                prop_assert_eq!(&a["judges"], &b["judges"]);
            }
        }
    }

    #[test]
    fn the_weighted_final_is_the_formula_over_the_rounds_totals(
        rounds in prop::collection::vec((random_scores(), 1u32..=8), 2..=3),
        raw in any::<bool>(),
    ) {
        let mode = if raw { TotalMode::Raw } else { TotalMode::Normalized };
        let mut v = plain_event(&[], 1);
        let mut all_scores = Vec::new();
        let mut round_list = Vec::new();
        for (r, (scores, quarter_weight)) in rounds.iter().enumerate() {
            let id = format!("r{r}");
            round_list.push(json!({"id": id, "weight": f64::from(*quarter_weight) * 0.25,
                                   "min_judges": 1}));
            for &(j, s, c, value) in scores {
                all_scores.push(json!({"investor": INVESTORS[j], "startup": STARTUPS[s],
                                       "criterion": CRITERIA[c], "value": value, "round": id}));
            }
        }
        v["event"]["rounds"] = json!(round_list);
        v["event"]["final"] = json!("weighted");
        v["scores"] = json!(all_scores);
        // The oracle: each round's total from `--round`, combined by the formula here.
        let per_round: Vec<(f64, Vec<Value>)> = rounds
            .iter()
            .enumerate()
            .map(|(r, (_, w))| {
                let out = rank_round_command(&input(&v), mode, &format!("r{r}"));
                (f64::from(*w) * 0.25, rows(&out.stdout))
            })
            .collect();
        let finals = rows(&rank_final_command(&input(&v), mode).stdout);
        prop_assert_eq!(finals.len(), STARTUPS.len());
        let mut expected_totals = Vec::new();
        for s in STARTUPS {
            let (mut sum, mut weights) = (0.0, 0.0);
            for (w, round_rows) in &per_round {
                if let Some(t) = num(&row(round_rows, s)["total"]) {
                    sum += w * t;
                    weights += w;
                }
            }
            let expected = (weights > 0.0).then(|| sum / weights);
            prop_assert!(close(num(&row(&finals, s)["total"]), expected),
                "{s}: {:?} vs {expected:?}", row(&finals, s)["total"]);
            expected_totals.push((s, expected));
        }
        // Listed by total descending; ranks as §4.4 (1 + the number of clearly larger totals
        // for a startup clear of any tie; unranked last).
        let listed: Vec<Option<f64>> = finals.iter().map(|r| num(&r["total"])).collect();
        for pair in listed.windows(2) {
            match (pair[0], pair[1]) {
                (Some(a), Some(b)) => prop_assert!(a >= b - 1e-9),
                (None, Some(_)) => prop_assert!(false, "an unranked startup before a ranked one"),
                _ => {}
            }
        }
        for (s, expected) in &expected_totals {
            let rank = row(&finals, s)["rank"].as_u64();
            match expected {
                None => prop_assert_eq!(rank, None),
                Some(t) => {
                    let near = expected_totals.iter().any(|(o, x)| o != s
                        && x.is_some_and(|x| (x - t).abs() < 1e-6));
                    if !near {
                        let above = expected_totals.iter()
                            .filter(|(_, x)| x.is_some_and(|x| x > *t)).count() as u64;
                        prop_assert_eq!(rank, Some(above + 1));
                    }
                }
            }
        }
    }
}

#[test]
fn matching_takes_o_from_the_last_round() {
    use roadshow_core::cli::match_command;
    use roadshow_core::rounds::round_snapshot;
    // The final round alone, as a snapshot without rounds: the same match output.
    let with_rounds = event("weighted");
    let last = round_snapshot(&from_value(with_rounds.clone()), 1);
    let last = serde_json::to_vec(&last).unwrap();
    let a = match_command(&input(&with_rounds), None);
    assert_eq!(a.exit_code, 0, "{}", a.stderr);
    assert_eq!(a, match_command(&last, None));
    // A screening problem still stops matching.
    let mut bad = event("weighted");
    bad["scores"][0]["value"] = json!(7);
    assert_eq!(match_command(&input(&bad), None).exit_code, 1);
}

/// Definitions §8.1: "a later change that would alter the top N is shown, never applied
/// silently". The organizer confirmed the raw top 2 of the screening, {s1, s3} (s1 4.5, s3 3,
/// s2 2). Nothing drifts while the scores stand; normalized, s2 ties s3 at rank 2 and would
/// come in. When i1 rescores s2 5 (raw s2 (5)/1 = 5 > s1 4.5 > s3 3) the top 2 is {s2, s1}:
/// s2 would enter, s3 would leave — and the confirmed list itself is unchanged.
#[test]
fn a_confirmed_top_n_shows_the_drift_of_later_scores_without_applying_it() {
    use roadshow_core::round_ranking::{promotion_drift, PromotionDrift, CONFIRMED_TOP};
    let mut confirmed = event("final_only");
    confirmed["event"]["rounds"][0]["promote"] =
        json!({"startups": ["s1", "s3"], CONFIRMED_TOP: 2});
    assert!(validate(&from_value(confirmed.clone())).is_empty());
    let snapshot = from_value(confirmed.clone());
    assert_eq!(
        promotion_drift(&snapshot, "screening", TotalMode::Raw).unwrap(),
        None
    );
    assert_eq!(
        promotion_drift(&snapshot, "screening", TotalMode::Normalized).unwrap(),
        Some(PromotionDrift {
            top: 2,
            would_enter: vec!["s2".into()],
            would_leave: vec![],
        })
    );
    confirmed["scores"][1]["value"] = json!(5);
    let rescored = from_value(confirmed);
    assert_eq!(
        promotion_drift(&rescored, "screening", TotalMode::Raw).unwrap(),
        Some(PromotionDrift {
            top: 2,
            would_enter: vec!["s2".into()],
            would_leave: vec!["s3".into()],
        })
    );
    assert_eq!(
        promoted(&rescored, "screening", TotalMode::Raw).unwrap(),
        ["s1", "s3"],
        "the confirmed list is what goes on"
    );
    // A list picked by hand, or a plain {"top": N}, has nothing to drift from.
    assert_eq!(
        promotion_drift(
            &from_value(event("final_only")),
            "screening",
            TotalMode::Raw
        )
        .unwrap(),
        None
    );
}

/// Which round a phone's score names (the same rules as a snapshot's score), which round the
/// phones score now, who the next round is for, and the rubric of the board shown.
#[test]
fn a_phones_round_follows_the_snapshot_rules() {
    use roadshow_core::rounds::{board_rubric, change_round, current_round, entrants};
    let two = from_value(event("final_only")).event;
    assert_eq!(change_round(&two, Some("final")), Ok(Some(1)));
    let missing = change_round(&two, None).unwrap_err();
    assert_eq!(
        (missing.path.as_str(), missing.code),
        ("round", ProblemCode::Required)
    );
    let unknown = change_round(&two, Some("semi")).unwrap_err();
    assert_eq!(
        (unknown.path.as_str(), unknown.code),
        ("round", ProblemCode::UnknownId)
    );
    let mut one_round = event("final_only");
    one_round["event"]["rounds"] = json!([{"id": "only"}]);
    let one = from_value(one_round).event;
    assert_eq!(change_round(&one, None), Ok(Some(0)));
    let mut no_rounds = event("final_only");
    no_rounds["event"]["rounds"] = json!([]);
    let none = from_value(no_rounds).event;
    assert_eq!(change_round(&none, None), Ok(None));
    assert_eq!(
        change_round(&none, Some("final")).unwrap_err().code,
        ProblemCode::UnknownId
    );

    assert_eq!(
        two.rounds[0].reveal(),
        Some(roadshow_core::model::RevealMode::Never)
    );
    assert_eq!(two.rounds[1].reveal(), None, "the event's mode");
    assert_eq!(current_round(&two.rounds, None).unwrap().id, "screening");
    assert_eq!(
        current_round(&two.rounds, Some("final")).unwrap().id,
        "final"
    );
    assert_eq!(
        current_round(&two.rounds, Some("gone")).unwrap().id,
        "screening"
    );
    assert!(current_round(&none.rounds, Some("final")).is_none());

    // {"top": 2} is not a list yet: the final is for everyone until the organizer confirms.
    assert_eq!(entrants(&two.rounds, 0), None);
    assert_eq!(entrants(&two.rounds, 1), None);
    let mut listed = event("final_only");
    listed["event"]["rounds"][0]["promote"] = json!({"startups": ["s3", "s1"]});
    let listed = from_value(listed).event;
    assert_eq!(
        entrants(&listed.rounds, 1),
        Some(&["s3".to_owned(), "s1".to_owned()][..])
    );

    let (criteria, scale) = board_rubric(&two, Some("screening"));
    assert_eq!((criteria[0].key.as_str(), scale.max), ("docs", 5));
    let (criteria, scale) = board_rubric(&two, None);
    assert_eq!(
        (criteria.len(), scale.max),
        (2, 10),
        "the last round: the event's rubric"
    );
    let (criteria, _) = board_rubric(&none, None);
    assert_eq!(criteria[0].key, "innovation");
}

/// Robustness of the cut reads the last round (the board the final total and matching read):
/// the analysis of the two-round event equals that of the event written without rounds, with
/// only the final's scores.
#[test]
fn robustness_analyses_the_last_round() {
    use roadshow_core::robustness::robustness_with;
    let with_rounds = event("final_only");
    let mut final_only = with_rounds.clone();
    let event = final_only["event"].as_object_mut().unwrap();
    event.remove("rounds");
    event.remove("final");
    let scores: Vec<Value> = with_rounds["scores"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|score| score["round"] == "final")
        .map(|score| {
            let mut score = score.clone();
            score.as_object_mut().unwrap().remove("round");
            score
        })
        .collect();
    final_only["scores"] = json!(scores);
    for mode in [TotalMode::Normalized, TotalMode::Raw] {
        assert_eq!(
            robustness_with(&from_value(with_rounds.clone()), 1, mode, 200, 7).unwrap(),
            robustness_with(&from_value(final_only.clone()), 1, mode, 200, 7).unwrap()
        );
    }
}

/// Feedback in an event with rounds (definitions §8.4 on §8.1): each startup's report is on
/// the last round it was judged in, against that round's field. From the hand-worked event:
/// s2 was judged only in the screening — N 2.5 (i1's 2 shifted by μ − μ[i1] = 0.5), one judge,
/// the field mean of `docs` (4.5 + 2.5 + 2.5)/3 = 19/6, rank 2 of 3 (tied with s3): not in the
/// top 50 % (2·100 > 50·3), so `rest`. s3 went on: its report is the final's — N 55/6, one judge
/// (i3), rank 1 of the 2 ranked there: top 50 % (100 ≤ 50·2).
#[test]
fn feedback_is_on_the_last_round_a_startup_was_judged_in() {
    use roadshow_core::feedback::{feedback, RankBand};
    let snapshot = from_value(event("weighted"));
    let s2 = feedback(&snapshot, "s2", true).unwrap();
    assert_eq!(s2.round.as_deref(), Some("screening"));
    assert!(close(s2.total, Some(2.5)));
    assert_eq!(
        (s2.judges, s2.ranked, s2.rank, s2.band),
        (1, 3, Some(2), Some(RankBand::Rest))
    );
    assert_eq!(s2.criteria.len(), 1);
    assert_eq!(s2.criteria[0].criterion, "docs");
    assert!(close(s2.criteria[0].field_mean, Some(19.0 / 6.0)));
    let s3 = feedback(&snapshot, "s3", false).unwrap();
    assert_eq!(s3.round.as_deref(), Some("final"));
    assert!(close(s3.total, Some(55.0 / 6.0)));
    assert_eq!(
        (s3.judges, s3.ranked, s3.rank, s3.band),
        (1, 2, None, Some(RankBand::Top50))
    );
    assert_eq!(
        s3.criteria
            .iter()
            .map(|c| c.criterion.as_str())
            .collect::<Vec<_>>(),
        ["innovation", "market"]
    );
}
