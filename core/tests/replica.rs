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
    answer(json!({
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
    }))
}

/// (startup id, raw total) in rank order.
fn raw_standings(replica: &mut Replica) -> Vec<(String, Option<f64>)> {
    let ids: Vec<String> = replica
        .snapshot()
        .as_ref()
        .unwrap()
        .startups
        .iter()
        .map(|startup| startup.id.clone())
        .collect();
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
