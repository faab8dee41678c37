//! The console's live copy of an event, driven by hand-written change-feed answers. Every
//! expected total is worked out by hand from definitions §4.1 (raw total: the weighted mean of the
//! criterion means; one criterion here, so the plain mean of the scores that count).
//!
//! Runs natively (`cargo test -p roadshow-core --test replica`) and, included by
//! `wasm_vectors.rs`, on wasm32 — the browser runs this code.

use roadshow_core::model::PlannedMeeting;
use roadshow_core::ranking::TotalMode;
use roadshow_core::replica::{ConsoleChanges, PersonKind, Replica, SkippedScore, UnreadablePerson};
use serde_json::{json, Value};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn answer(value: Value) -> ConsoleChanges {
    serde_json::from_value(value).expect("a well-formed feed answer")
}

fn first_answer() -> ConsoleChanges {
    answer(first_answer_json())
}

fn first_answer_json() -> Value {
    json!({
        "version": 2,
        "event": {
            "settings": {"id": "e1", "name": "설명회", "min_judges": 1,
                "criteria": [{"key": "a", "weight": 1.0}], "scale": {"min": 1, "max": 10}},
            "live": {"phase": "scoring", "reveal_mode": "after-own-scoring", "scores_revealed": false,
                "registration_closes_at": null, "meetings_published": false, "fictional": true},
            "version": 2
        },
        "startups": [{"id": "s1", "name": "하나"}, {"id": "s2", "name": "둘"}],
        "investors": [{"id": "i1", "firm": "가"}, {"id": "i2", "firm": "나"}],
        "scores": [
            {"investor": "i1", "startup": "s1", "criterion": "a", "value": 8, "abstain": false},
            {"investor": "i1", "startup": "s2", "criterion": "a", "value": 6, "abstain": false}
        ],
        "verdicts": [], "meetings": []
    })
}

/// The event's startup ids, in the order the ranking numbers them.
fn startup_ids(replica: &Replica) -> Vec<String> {
    replica
        .snapshot()
        .as_ref()
        .unwrap()
        .startups
        .iter()
        .map(|startup| startup.id.clone())
        .collect()
}

/// (startup id, raw total) in rank order.
fn raw_standings(replica: &mut Replica) -> Vec<(String, Option<f64>)> {
    let ids = startup_ids(replica);
    let ranking = replica.ranking_mut().expect("the event can be ranked");
    let mut standings: Vec<_> = ranking.standings(TotalMode::Raw).to_vec();
    standings.sort_by_key(|standing| (standing.rank.unwrap_or(u32::MAX), standing.startup));
    standings
        .into_iter()
        .map(|standing| (ids[standing.startup].clone(), standing.total))
        .collect()
}

#[test]
fn the_first_answer_builds_everything_and_a_score_only_answer_moves_only_the_scores() {
    let mut replica = Replica::new();
    let applied = replica.apply(first_answer()).unwrap();
    assert!(applied.event && applied.roster);
    assert_eq!(applied.score_pairs, 2);
    assert_eq!(replica.version(), 2);
    assert_eq!(
        (replica.roster_revision(), replica.scores_revision()),
        (1, 1)
    );
    let snapshot = replica.snapshot().as_ref().unwrap();
    assert_eq!(snapshot.event.name, "설명회");
    // The export carries the phase the event stands at; the fictional flag goes on the snapshot.
    assert_eq!(
        serde_json::to_value(snapshot.event.phase).unwrap(),
        json!("scoring")
    );
    assert_eq!(snapshot.fictional, Some(true));
    assert_eq!(snapshot.scores.len(), 2);
    assert_eq!(
        raw_standings(&mut replica),
        [("s1".into(), Some(8.0)), ("s2".into(), Some(6.0))]
    );

    // i2 scores both: s1 = (8 + 2) / 2 = 5, s2 = (6 + 10) / 2 = 8.
    let applied = replica
        .apply(answer(json!({"version": 3, "scores": [
            {"investor": "i2", "startup": "s2", "criterion": "a", "value": 10},
            {"investor": "i2", "startup": "s1", "criterion": "a", "value": 2}
        ]})))
        .unwrap();
    assert!(!applied.roster && !applied.event);
    assert_eq!(applied.score_pairs, 2);
    assert_eq!(
        (replica.roster_revision(), replica.scores_revision()),
        (1, 2)
    );
    assert_eq!(
        raw_standings(&mut replica),
        [("s2".into(), Some(8.0)), ("s1".into(), Some(5.0))]
    );

    // An answer from before, with nothing in it, changes nothing (not even the revisions).
    let applied = replica.apply(answer(json!({"version": 2}))).unwrap();
    assert!(!applied.anything());
    assert_eq!(replica.version(), 3);
    assert_eq!(
        (replica.roster_revision(), replica.scores_revision()),
        (1, 2)
    );

    // i2 abstains on the whole s1 pitch: its score gives way to one abstention entry, and
    // s1 = 8 (i1 alone), level with s2 = 8.
    replica
        .apply(answer(json!({"version": 4, "scores": [
            {"investor": "i2", "startup": "s1", "abstain": true}
        ]})))
        .unwrap();
    let snapshot = replica.snapshot().as_ref().unwrap();
    let i2_on_s1: Vec<_> = snapshot
        .scores
        .iter()
        .filter(|entry| entry.investor == "i2" && entry.startup == "s1")
        .collect();
    assert_eq!(i2_on_s1.len(), 1);
    assert!(i2_on_s1[0].abstain && i2_on_s1[0].criterion.is_none());
    let totals = raw_standings(&mut replica);
    assert_eq!(totals.len(), 2);
    assert!(
        totals.iter().all(|(_, total)| *total == Some(8.0)),
        "{totals:?}"
    );
}

#[test]
fn a_removed_investor_takes_its_scores_and_verdicts_and_the_ranking_is_rebuilt() {
    let mut replica = Replica::new();
    replica.apply(first_answer()).unwrap();
    replica
        .apply(answer(json!({"version": 3,
            "scores": [{"investor": "i2", "startup": "s2", "criterion": "a", "value": 10},
                       {"investor": "i2", "startup": "s1", "criterion": "a", "value": 4}],
            "verdicts": [{"investor": "i2", "startup": "s2", "want": true, "comment": "좋음"},
                         {"investor": "i1", "startup": "s1", "want": false, "comment": ""}]})))
        .unwrap();
    // s1 = (8 + 4) / 2 = 6, s2 = (6 + 10) / 2 = 8.
    assert_eq!(
        raw_standings(&mut replica),
        [("s2".into(), Some(8.0)), ("s1".into(), Some(6.0))]
    );
    assert_eq!(replica.verdicts().len(), 2);
    assert_eq!(replica.snapshot().as_ref().unwrap().interest.len(), 2);

    let applied = replica
        .apply(answer(json!({"version": 4, "removed_investors": ["i2"]})))
        .unwrap();
    assert!(applied.roster && applied.verdicts);
    assert_eq!(replica.roster_revision(), 2);
    let snapshot = replica.snapshot().as_ref().unwrap();
    assert_eq!(snapshot.investors.len(), 1);
    assert!(snapshot.scores.iter().all(|entry| entry.investor == "i1"));
    assert_eq!(snapshot.interest.len(), 1);
    assert_eq!(replica.verdicts().len(), 1);
    // Back to i1 alone: s1 = 8, s2 = 6.
    assert_eq!(
        raw_standings(&mut replica),
        [("s1".into(), Some(8.0)), ("s2".into(), Some(6.0))]
    );
}

#[test]
fn an_unreadable_record_is_left_out_named_and_cleared_when_readable_again() {
    let mut replica = Replica::new();
    replica.apply(first_answer()).unwrap();
    // s2's record comes back with a name of the wrong type.
    let applied = replica
        .apply(answer(
            json!({"version": 3, "startups": [{"id": "s2", "name": 7}]}),
        ))
        .unwrap();
    assert!(applied.roster);
    assert_eq!(applied.unreadable_records.len(), 1);
    assert_eq!(
        replica.unreadable(),
        [UnreadablePerson {
            kind: PersonKind::Startup,
            id: "s2".into()
        }]
    );
    let snapshot = replica.snapshot().as_ref().unwrap();
    assert_eq!(snapshot.startups.len(), 1);
    // The scores of s2 stay in the copy but the ranking leaves them out.
    assert_eq!(raw_standings(&mut replica), [("s1".into(), Some(8.0))]);

    replica
        .apply(answer(
            json!({"version": 4, "startups": [{"id": "s2", "name": "둘"}]}),
        ))
        .unwrap();
    assert!(replica.unreadable().is_empty());
    assert_eq!(raw_standings(&mut replica).len(), 2);
}

#[test]
fn a_score_of_someone_the_ranking_does_not_know_is_reported_not_dropped_silently() {
    let mut replica = Replica::new();
    replica.apply(first_answer()).unwrap();
    let applied = replica
        .apply(answer(json!({"version": 3, "scores": [
            {"investor": "i9", "startup": "s1", "criterion": "a", "value": 3}
        ]})))
        .unwrap();
    assert_eq!(
        applied.skipped_scores,
        [SkippedScore::UnknownPerson(("i9".into(), "s1".into()))]
    );
    assert_eq!(raw_standings(&mut replica)[0], ("s1".into(), Some(8.0)));
}

#[test]
fn the_meeting_plan_is_replaced_whole_and_an_unchanged_plan_is_no_change() {
    let mut replica = Replica::new();
    replica.apply(first_answer()).unwrap();
    let plan = json!([{"investor": "i1", "startup": "s1", "slot": 0, "table": 1}]);
    let applied = replica
        .apply(answer(json!({"version": 3, "meetings": plan})))
        .unwrap();
    assert!(applied.meetings && !applied.roster);
    assert_eq!(
        replica.meetings(),
        &vec![PlannedMeeting {
            investor: "i1".into(),
            startup: "s1".into(),
            slot: 0,
            table: 1,
            status: None,
            attendees: Vec::new(),
        }]
    );
    let applied = replica
        .apply(answer(json!({"version": 4, "meetings": plan, "verdicts": [
            {"investor": "i1", "startup": "s2", "want": true, "comment": ""}]})))
        .unwrap();
    assert!(!applied.meetings && applied.verdicts);
}

#[test]
fn a_first_answer_without_the_event_is_refused() {
    let mut replica = Replica::new();
    assert!(replica
        .apply(answer(
            json!({"version": 1, "startups": [{"id": "s1", "name": "하나"}]})
        ))
        .is_err());
    assert!(replica.snapshot().is_none());
}

/// (startup id, normalized total) in rank order on track `track`'s own board, named through
/// the board's map back to the event's startups.
fn track_standings(replica: &mut Replica, track: &str) -> Vec<(String, Option<f64>)> {
    let ids = startup_ids(replica);
    let ranking = replica.ranking_mut().expect("the event can be ranked");
    let (board, on_event_board) = ranking.track_mut(track).expect("the track has a board");
    let on_event_board = on_event_board.to_vec();
    board
        .standings(TotalMode::Normalized)
        .iter()
        .map(|standing| {
            (
                ids[on_event_board[standing.startup]].clone(),
                standing.total,
            )
        })
        .collect()
}

/// Definitions §8.2: each track's board follows its own scores, score by score. Worked by
/// hand (one criterion; every judge has fewer than 3 scores on a board, so shift only):
///
/// Tracks: L = {s1, s3}, M = {s2}; s4 has none. i1 scores s1 8, s2 6, s3 4; i2 scores s1 2.
/// L's board: scores 8, 4, 2, μ = 14/3; μ[i1] = 6, μ[i2] = 2.
///   s1 = ((8 − 6 + 14/3) + (2 − 2 + 14/3))/2 = (20/3 + 14/3)/2 = 17/3; s3 = 4 − 6 + 14/3 = 8/3.
/// M's board: the one score 6 → s2 = 6.
/// Then i2 scores s3 10: L's scores 8, 4, 2, 10, μ = 6; μ[i1] = 6, μ[i2] = 6.
///   s1 = ((8 − 6 + 6) + (2 − 6 + 6))/2 = 5; s3 = ((4 − 6 + 6) + (10 − 6 + 6))/2 = 7.
#[test]
fn each_tracks_board_follows_its_own_scores() {
    let mut first = first_answer_json();
    first["startups"] = json!([
        {"id": "s1", "name": "하나", "track": "L"}, {"id": "s2", "name": "둘", "track": "M"},
        {"id": "s3", "name": "셋", "track": "L"}, {"id": "s4", "name": "넷"}
    ]);
    first["scores"] = json!([
        {"investor": "i1", "startup": "s1", "criterion": "a", "value": 8, "abstain": false},
        {"investor": "i1", "startup": "s2", "criterion": "a", "value": 6, "abstain": false},
        {"investor": "i1", "startup": "s3", "criterion": "a", "value": 4, "abstain": false},
        {"investor": "i2", "startup": "s1", "criterion": "a", "value": 2, "abstain": false}
    ]);
    let mut replica = Replica::new();
    replica.apply(answer(first)).unwrap();
    let names: Vec<String> = replica
        .ranking_mut()
        .unwrap()
        .track_names()
        .map(str::to_owned)
        .collect();
    assert_eq!(names, ["L", "M"]);
    let close = |got: &[(String, Option<f64>)], expected: &[(&str, f64)]| {
        got.len() == expected.len()
            && got
                .iter()
                .zip(expected)
                .all(|((id, total), (want_id, want))| {
                    id == want_id && total.is_some_and(|total| (total - want).abs() < 1e-9)
                })
    };
    let l = track_standings(&mut replica, "L");
    assert!(close(&l, &[("s1", 17.0 / 3.0), ("s3", 8.0 / 3.0)]), "{l:?}");
    let m = track_standings(&mut replica, "M");
    assert!(close(&m, &[("s2", 6.0)]), "{m:?}");

    replica
        .apply(answer(json!({"version": 3, "scores": [
            {"investor": "i2", "startup": "s3", "criterion": "a", "value": 10}
        ]})))
        .unwrap();
    let l = track_standings(&mut replica, "L");
    assert!(close(&l, &[("s3", 7.0), ("s1", 5.0)]), "{l:?}");
    let m = track_standings(&mut replica, "M");
    assert!(close(&m, &[("s2", 6.0)]), "{m:?}");
    assert!(replica.ranking_mut().unwrap().track_mut("N").is_none());
    // The event's board still has all four.
    assert_eq!(
        replica
            .ranking_mut()
            .unwrap()
            .standings(TotalMode::Normalized)
            .len(),
        4
    );
}

/// (startup id, raw total) in rank order on round `round`'s board.
fn round_standings(replica: &mut Replica, round: &str) -> Vec<(String, Option<f64>)> {
    let ids = startup_ids(replica);
    let ranking = replica.ranking_mut().expect("the event can be ranked");
    let board = ranking.round_board(round).expect("the round has a board");
    let mut standings: Vec<_> = board.standings(TotalMode::Raw).to_vec();
    standings.sort_by_key(|standing| (standing.rank.unwrap_or(u32::MAX), standing.startup));
    standings
        .into_iter()
        .map(|standing| (ids[standing.startup].clone(), standing.total))
        .collect()
}

fn two_rounds() -> Value {
    json!([
        {"id": "screening", "criteria": [{"key": "d", "weight": 1.0}],
         "scale": {"min": 1, "max": 5}, "judges": ["i1"]},
        {"id": "final", "judges": "all"}
    ])
}

/// Definitions §8.1: each round's board ranks its own scores with its own criteria, scale and
/// judges, score by score. Raw totals, one criterion per round, worked by hand:
///
/// screening (criterion d, 1–5, judge i1 only): i1 gives s1 4, s2 2; i2's 5 on s1 is not a
/// judge's and does not count → s1 4, s2 2.
/// final (the event's criterion a, 1–10, everyone): i1 gives s1 8, i2 gives s1 6 → s1 7; s2
/// unscored. Then i2 gives s2 9 in the final (s2 9 > s1 7) and i1 gives s2 5 in the screening
/// (s2 5 > s1 4; i2's 1 on s2 there is again not a judge's); neither touches the other round.
#[test]
fn each_rounds_board_follows_its_own_scores_criteria_and_judges() {
    let mut first = first_answer_json();
    first["event"]["settings"]["rounds"] = two_rounds();
    first["scores"] = json!([
        {"round": "screening", "investor": "i1", "startup": "s1", "criterion": "d", "value": 4, "abstain": false},
        {"round": "screening", "investor": "i1", "startup": "s2", "criterion": "d", "value": 2, "abstain": false},
        {"round": "screening", "investor": "i2", "startup": "s1", "criterion": "d", "value": 5, "abstain": false},
        {"round": "final", "investor": "i1", "startup": "s1", "criterion": "a", "value": 8, "abstain": false},
        {"round": "final", "investor": "i2", "startup": "s1", "criterion": "a", "value": 6, "abstain": false}
    ]);
    let mut replica = Replica::new();
    replica.apply(answer(first)).unwrap();
    let s = |id: &str, total: Option<f64>| (id.to_owned(), total);
    assert_eq!(
        round_standings(&mut replica, "screening"),
        [s("s1", Some(4.0)), s("s2", Some(2.0))]
    );
    assert_eq!(
        round_standings(&mut replica, "final"),
        [s("s1", Some(7.0)), s("s2", None)]
    );
    // The event's own board is the last round's (the final total when it is final_only).
    assert_eq!(
        raw_standings(&mut replica),
        [s("s1", Some(7.0)), s("s2", None)]
    );
    assert!(replica.ranking_mut().unwrap().round_board("semi").is_none());

    let applied = replica
        .apply(answer(json!({"version": 3, "scores": [
            {"round": "final", "investor": "i2", "startup": "s2", "criterion": "a", "value": 9}
        ]})))
        .unwrap();
    assert!(!applied.roster, "a score does not rebuild the ranking");
    assert_eq!(
        round_standings(&mut replica, "final"),
        [s("s2", Some(9.0)), s("s1", Some(7.0))]
    );
    assert_eq!(
        round_standings(&mut replica, "screening"),
        [s("s1", Some(4.0)), s("s2", Some(2.0))]
    );
    replica
        .apply(answer(json!({"version": 4, "scores": [
            {"round": "screening", "investor": "i1", "startup": "s2", "criterion": "d", "value": 5},
            {"round": "screening", "investor": "i2", "startup": "s2", "criterion": "d", "value": 1}
        ]})))
        .unwrap();
    assert_eq!(
        round_standings(&mut replica, "screening"),
        [s("s2", Some(5.0)), s("s1", Some(4.0))]
    );
    assert_eq!(
        round_standings(&mut replica, "final"),
        [s("s2", Some(9.0)), s("s1", Some(7.0))]
    );
    // The snapshot keeps every score under its round, as the server's export writes it.
    let snapshot = replica.snapshot().clone().unwrap();
    let mut rounds: Vec<(Option<&str>, &str, &str)> = snapshot
        .scores
        .iter()
        .map(|entry| {
            (
                entry.round.as_deref(),
                entry.investor.as_str(),
                entry.startup.as_str(),
            )
        })
        .collect();
    rounds.sort();
    assert_eq!(
        rounds,
        [
            (Some("final"), "i1", "s1"),
            (Some("final"), "i2", "s1"),
            (Some("final"), "i2", "s2"),
            (Some("screening"), "i1", "s1"),
            (Some("screening"), "i1", "s2"),
            (Some("screening"), "i2", "s1"),
            (Some("screening"), "i2", "s2"),
        ]
    );
}

/// An event that gets rounds keeps no score outside them: the server moves the scores given so
/// far to the first round and sends them again under it; the copy drops the old cells, so no
/// score is counted twice.
#[test]
fn scores_from_before_the_rounds_move_to_the_first_round() {
    let mut replica = Replica::new();
    replica.apply(answer(first_answer_json())).unwrap();
    let mut settings = first_answer_json()["event"].clone();
    settings["settings"]["rounds"] =
        json!([{"id": "one"}, {"id": "two", "criteria": [{"key": "b", "weight": 1.0}]}]);
    settings["version"] = json!(3);
    replica
        .apply(answer(json!({"version": 3, "event": settings, "scores": [
            {"round": "one", "investor": "i1", "startup": "s1", "criterion": "a", "value": 8},
            {"round": "one", "investor": "i1", "startup": "s2", "criterion": "a", "value": 6}
        ]})))
        .unwrap();
    let snapshot = replica.snapshot().clone().unwrap();
    assert_eq!(snapshot.scores.len(), 2, "{:?}", snapshot.scores);
    assert!(snapshot
        .scores
        .iter()
        .all(|entry| entry.round.as_deref() == Some("one")));
    let s = |id: &str, total: Option<f64>| (id.to_owned(), total);
    assert_eq!(
        round_standings(&mut replica, "one"),
        [s("s1", Some(8.0)), s("s2", Some(6.0))]
    );
    assert_eq!(
        round_standings(&mut replica, "two"),
        [s("s1", None), s("s2", None)]
    );
}
