//! Rounds on the server (definitions §8.1): scores carry their round, each round's criteria,
//! scale and judges apply to what a phone sends, the organizer moves the phones from round to
//! round, and settings that gain or lose rounds keep what is stored whole.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{field_codes, roadshow, score, Roadshow};

fn results(answer: &support::Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["results"].as_array().unwrap().clone()
}

fn in_round(seq: i64, round: &str, startup: &str, criterion: &str, value: i64) -> Value {
    let mut mutation = score(seq, startup, criterion, json!(value));
    mutation["round"] = json!(round);
    mutation
}

/// The screening judged by A alone on one criterion of 1–5; the final by everyone on the
/// event's criteria and scale.
fn two_rounds() -> Value {
    json!([
        {"id": "screening", "name": "서류 심사", "criteria": [{"key": "docs", "weight": 1.0}],
         "scale": {"min": 1, "max": 5}, "judges": ["A"]},
        {"id": "final", "name": "본선", "weight": 2.0}
    ])
}

async fn settings(roadshow: &Roadshow) -> Value {
    roadshow.export(&roadshow.event, &roadshow.organizer).await["event"].clone()
}

async fn with_rounds(roadshow: &Roadshow, rounds: Value) -> support::Answer {
    let mut event = settings(roadshow).await;
    event["rounds"] = rounds;
    roadshow
        .patch_event(&roadshow.organizer, json!({"settings": event}))
        .await
}

/// (round, investor, startup, criterion, value) of every stored score, sorted.
async fn stored(roadshow: &Roadshow) -> Vec<(String, String, String, String, Option<i64>)> {
    sqlx::query_as(
        "SELECT round, investor_id, startup_id, criterion, value FROM scores WHERE event_id = $1
         ORDER BY round, investor_id, startup_id, criterion",
    )
    .bind(&roadshow.event)
    .fetch_all(&roadshow.app.db)
    .await
    .unwrap()
}

fn row(
    round: &str,
    investor: &str,
    criterion: &str,
    value: i64,
) -> (String, String, String, String, Option<i64>) {
    (
        round.into(),
        investor.into(),
        "S1".into(),
        criterion.into(),
        Some(value),
    )
}

#[tokio::test]
async fn each_round_takes_its_own_criteria_scale_and_judges() {
    let roadshow = roadshow().await;
    assert_eq!(
        with_rounds(&roadshow, two_rounds()).await.status,
        StatusCode::OK
    );

    // A judges the screening on its own rubric; the same cell may be scored again in the final.
    let applied = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone-a",
                vec![
                    in_round(1, "screening", "S1", "docs", 4),
                    in_round(2, "final", "S1", "innovation", 9),
                    in_round(3, "final", "S1", "innovation", 8),
                ],
            )
            .await,
    );
    assert!(
        applied.iter().all(|result| result["status"] == "applied"),
        "{applied:?}"
    );

    // Refused field by field: no round when the event has two, an unknown round, a criterion or
    // value outside the round's rubric (the final's criterion in the screening, 7 on 1–5).
    let refused = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone-a",
                vec![
                    score(4, "S1", "innovation", json!(5)),
                    in_round(5, "semi", "S1", "docs", 3),
                    in_round(6, "screening", "S1", "innovation", 3),
                    in_round(7, "screening", "S1", "docs", 7),
                    in_round(8, "final", "S1", "docs", 3),
                ],
            )
            .await,
    );
    let codes: Vec<(String, Value)> = refused
        .iter()
        .map(|result| {
            assert_eq!(result["status"], "rejected", "{result}");
            let fields = result["error"]["fields"].as_object().unwrap();
            assert_eq!(fields.len(), 1, "{result}");
            let (path, problems) = fields.iter().next().unwrap();
            (path.clone(), problems[0]["code"].clone())
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("round".to_owned(), json!("required")),
            ("round".to_owned(), json!("unknown_id")),
            ("criterion".to_owned(), json!("unknown_id")),
            ("value".to_owned(), json!("out_of_scale")),
            ("criterion".to_owned(), json!("unknown_id")),
        ]
    );

    // B is not one of the screening's judges: refused like a score outside one's tracks.
    let not_judge = results(
        &roadshow
            .mutate(
                &roadshow.investor_b,
                "phone-b",
                vec![
                    in_round(1, "screening", "S1", "docs", 3),
                    in_round(2, "final", "S1", "market", 6),
                ],
            )
            .await,
    );
    assert_eq!(not_judge[0]["status"], "rejected");
    assert_eq!(
        not_judge[0]["error"]["code"], "forbidden",
        "{}",
        not_judge[0]
    );
    assert_eq!(not_judge[1]["status"], "applied");

    assert_eq!(
        stored(&roadshow).await,
        [
            row("final", "A", "innovation", 8),
            row("final", "B", "market", 6),
            row("screening", "A", "docs", 4),
        ]
    );
    // The export names every score's round; the organizer's feed does too.
    let exported = roadshow.export(&roadshow.event, &roadshow.organizer).await;
    let mut scores: Vec<(String, String, String, i64)> = exported["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|score| {
            (
                score["round"].as_str().unwrap().to_owned(),
                score["investor"].as_str().unwrap().to_owned(),
                score["criterion"].as_str().unwrap().to_owned(),
                score["value"].as_i64().unwrap(),
            )
        })
        .collect();
    scores.sort();
    assert_eq!(
        scores,
        [
            ("final".into(), "A".into(), "innovation".into(), 8),
            ("final".into(), "B".into(), "market".into(), 6),
            ("screening".into(), "A".into(), "docs".into(), 4),
        ]
    );
    let feed = roadshow.changes(&roadshow.organizer, 0).await;
    let mut rounds: Vec<&str> = feed["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["round"].as_str().unwrap())
        .collect();
    rounds.sort();
    assert_eq!(rounds, ["final", "final", "screening"]);
}

#[tokio::test]
async fn the_organizer_moves_the_phones_from_round_to_round() {
    let roadshow = roadshow().await;
    assert_eq!(
        with_rounds(&roadshow, two_rounds()).await.status,
        StatusCode::OK
    );
    let live = |answer: &support::Answer| answer.json()["live"].clone();
    let event_path = format!("/api/events/{}", roadshow.event);
    let seen_by_a = roadshow
        .app
        .send(Method::GET, &event_path, Some(&roadshow.investor_a), None)
        .await;
    assert_eq!(
        seen_by_a.json()["event"]["live"].get("current_round"),
        None,
        "the first round until moved"
    );
    assert_eq!(
        seen_by_a.json()["event"]["settings"]["rounds"][0]["id"],
        "screening",
        "phones read the rounds' rubrics"
    );

    let moved = roadshow
        .patch_event(&roadshow.organizer, json!({"current_round": "final"}))
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    assert_eq!(live(&moved)["current_round"], "final");
    let seen_by_a = roadshow
        .app
        .send(Method::GET, &event_path, Some(&roadshow.investor_a), None)
        .await;
    assert_eq!(seen_by_a.json()["event"]["live"]["current_round"], "final");

    let unknown = roadshow
        .patch_event(&roadshow.organizer, json!({"current_round": "semi"}))
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&unknown),
        [("current_round".to_owned(), "unknown_id".to_owned())]
    );
    // Only the organizer moves the event on.
    let by_investor = roadshow
        .patch_event(&roadshow.investor_a, json!({"current_round": "screening"}))
        .await;
    assert_eq!(by_investor.status, StatusCode::FORBIDDEN);
    let seen_by_a = roadshow
        .app
        .send(Method::GET, &event_path, Some(&roadshow.investor_a), None)
        .await;
    assert_eq!(
        seen_by_a.json()["event"]["live"]["current_round"],
        "final",
        "nothing changed"
    );

    // Settings that drop the round phones are on send them back to the first.
    let renamed = with_rounds(&roadshow, json!([{"id": "screening"}, {"id": "pitch"}])).await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    assert_eq!(live(&renamed).get("current_round"), None);
    let back = roadshow
        .patch_event(&roadshow.organizer, json!({"current_round": "pitch"}))
        .await;
    assert_eq!(live(&back)["current_round"], "pitch");
    let first = roadshow
        .patch_event(&roadshow.organizer, json!({"current_round": ""}))
        .await;
    assert_eq!(live(&first).get("current_round"), None);
}

/// Scores given before the event had rounds were given in its first round: adding rounds moves
/// them there (and phones read them again under it). Settings under which stored scores would
/// not fit — a first round whose rubric they break, a round with scores taken away, a judge with
/// scores taken off a round — are refused with nothing changed.
#[tokio::test]
async fn settings_gaining_or_losing_rounds_keep_the_stored_scores_whole() {
    let roadshow = roadshow().await;
    let applied = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone-a",
                vec![
                    score(1, "S1", "innovation", json!(4)),
                    score(2, "S1", "market", json!(7)),
                ],
            )
            .await,
    );
    assert!(
        applied.iter().all(|result| result["status"] == "applied"),
        "{applied:?}"
    );
    let before = roadshow.export(&roadshow.event, &roadshow.organizer).await;

    // The screening's rubric (docs, 1–5) does not fit A's scores: refused, nothing moved.
    let refused = with_rounds(&roadshow, two_rounds()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&refused),
        [
            (
                "settings.criteria".to_owned(),
                "breaks_stored_data".to_owned()
            ),
            ("settings.scale".to_owned(), "breaks_stored_data".to_owned()),
        ]
    );
    assert_eq!(
        roadshow.export(&roadshow.event, &roadshow.organizer).await,
        before
    );

    // A judge or a promoted startup the event does not have is named at its place.
    let strangers = with_rounds(
        &roadshow,
        json!([{"id": "one", "judges": ["A", "Z"], "promote": {"startups": ["S9"]}}, {"id": "two"}]),
    )
    .await;
    assert_eq!(strangers.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&strangers),
        [
            (
                "settings.rounds[0].judges[1]".to_owned(),
                "unknown_id".to_owned()
            ),
            (
                "settings.rounds[0].promote.startups[0]".to_owned(),
                "unknown_id".to_owned()
            ),
        ]
    );
    assert_eq!(
        roadshow.export(&roadshow.event, &roadshow.organizer).await,
        before
    );

    // A first round on the event's rubric takes them.
    let version_before = roadshow.changes(&roadshow.organizer, 0).await["version"]
        .as_i64()
        .unwrap();
    let gained = with_rounds(
        &roadshow,
        json!([{"id": "one", "judges": ["A"]}, {"id": "two"}]),
    )
    .await;
    assert_eq!(gained.status, StatusCode::OK, "{}", gained.text());
    assert_eq!(
        stored(&roadshow).await,
        [
            row("one", "A", "innovation", 4),
            row("one", "A", "market", 7)
        ]
    );
    let since = roadshow.changes(&roadshow.organizer, version_before).await;
    assert_eq!(
        since["scores"].as_array().unwrap().len(),
        2,
        "sent again under their round: {since}"
    );
    assert!(since["scores"]
        .as_array()
        .unwrap()
        .iter()
        .all(|row| row["round"] == "one"));

    // Round `one` has scores: it cannot go, nor can A leave its judges.
    for rounds in [
        json!([{"id": "two"}]),
        json!([{"id": "one", "judges": ["B"]}, {"id": "two"}]),
        json!([]),
    ] {
        let dropped = with_rounds(&roadshow, rounds.clone()).await;
        assert_eq!(dropped.status, StatusCode::UNPROCESSABLE_ENTITY, "{rounds}");
        assert_eq!(
            field_codes(&dropped),
            [(
                "settings.rounds".to_owned(),
                "breaks_stored_data".to_owned()
            )],
            "{rounds}"
        );
    }
    assert_eq!(
        stored(&roadshow).await,
        [
            row("one", "A", "innovation", 4),
            row("one", "A", "market", 7)
        ]
    );
}

/// Migration 0011 rebuilds the scores table with `round` in its key: a database with scores
/// from before keeps every one (in no round), with its writer's stamp and version, and the
/// cascade from investors still removes them.
#[tokio::test]
async fn scores_stored_before_rounds_keep_everything_through_the_migration() {
    use sqlx::sqlite::SqliteConnectOptions;
    use std::borrow::Cow;
    use std::str::FromStr;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let all = sqlx::migrate!("./migrations");
    let mut before = sqlx::migrate!("./migrations");
    before.migrations = Cow::Owned(
        all.migrations
            .iter()
            .filter(|migration| migration.version < 11)
            .cloned()
            .collect(),
    );
    before.run(&pool).await.unwrap();
    for statement in [
        "INSERT INTO events (id, name, venue, starts_at, ends_at, phase, settings, created_at, version)
         VALUES ('e', 'n', '', '', '', 'scoring', '{}', 't', 9)",
        "INSERT INTO startups (event_id, id, profile, position, version) VALUES ('e', 'S1', '{}', 0, 1)",
        "INSERT INTO investors (event_id, id, profile, position, version) VALUES ('e', 'A', '{}', 0, 1)",
        "INSERT INTO scores (event_id, investor_id, startup_id, criterion, value, abstain, client_id,
             client_seq, updated_at, version, edited_at)
         VALUES ('e', 'A', 'S1', 'innovation', 7, 0, 'phone', 3, '2026-12-10T01:00:00Z', 5, 123),
                ('e', 'A', 'S1', '', NULL, 1, 'phone', 4, '2026-12-10T01:01:00Z', 6, 124)",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    all.run(&pool).await.unwrap();
    type Stored = (
        String,
        String,
        String,
        String,
        Option<i64>,
        bool,
        String,
        i64,
        String,
        i64,
        i64,
    );
    let rows: Vec<Stored> = sqlx::query_as(
        "SELECT round, investor_id, startup_id, criterion, value, abstain, client_id, client_seq,
                updated_at, version, edited_at FROM scores ORDER BY criterion",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let at = |minute: &str| format!("2026-12-10T01:{minute}:00Z");
    assert_eq!(
        rows,
        [
            (
                "".into(),
                "A".into(),
                "S1".into(),
                "".into(),
                None,
                true,
                "phone".into(),
                4,
                at("01"),
                6,
                124
            ),
            (
                "".into(),
                "A".into(),
                "S1".into(),
                "innovation".into(),
                Some(7),
                false,
                "phone".into(),
                3,
                at("00"),
                5,
                123
            ),
        ]
    );
    let current: Option<String> = sqlx::query_scalar("SELECT current_round FROM events")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(current, None);
    sqlx::query("DELETE FROM investors WHERE id = 'A'")
        .execute(&pool)
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM scores")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0, "the cascade from investors still holds");
}

/// Each round may have its own reveal mode (definitions §8.1), else the event's: here the
/// screening reveals others' scores to a judge once it scored the startup there, while the
/// final keeps the event's mode (after the organizer's reveal, not given). Scoring a startup in
/// the screening reveals nothing of the final.
#[tokio::test]
async fn each_round_reveals_others_scores_by_its_own_mode() {
    let roadshow = roadshow().await;
    let refused = with_rounds(
        &roadshow,
        json!([{"id": "screening", "reveal": "sometimes"}, {"id": "final"}]),
    )
    .await;
    assert_eq!(
        field_codes(&refused),
        [(
            "settings.rounds[0].reveal".to_owned(),
            "invalid_format".to_owned()
        )]
    );
    let rounds = json!([{"id": "screening", "reveal": "after-own-scoring"}, {"id": "final"}]);
    assert_eq!(with_rounds(&roadshow, rounds).await.status, StatusCode::OK);
    let event = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    assert_eq!(
        event.json()["event"]["live"]["reveal_mode"],
        "after-organizer-reveal"
    );
    let applied = results(
        &roadshow
            .mutate(
                &roadshow.investor_b,
                "phone-b",
                vec![
                    in_round(1, "screening", "S1", "innovation", 6),
                    in_round(2, "final", "S1", "innovation", 9),
                ],
            )
            .await,
    );
    assert!(applied.iter().all(|result| result["status"] == "applied"));
    let others_seen = |feed: &Value| -> Vec<(String, i64)> {
        let mut seen: Vec<(String, i64)> = feed["scores"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| row["investor"] == "B")
            .map(|row| {
                (
                    row["round"].as_str().unwrap().to_owned(),
                    row["value"].as_i64().unwrap(),
                )
            })
            .collect();
        seen.sort();
        seen
    };
    assert_eq!(
        others_seen(&roadshow.changes(&roadshow.investor_a, 0).await),
        []
    );
    // A scores S1 in the final: the final stays hidden (the event's mode, not revealed).
    let applied = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone-a",
                vec![in_round(1, "final", "S1", "innovation", 7)],
            )
            .await,
    );
    assert_eq!(applied[0]["status"], "applied");
    assert_eq!(
        others_seen(&roadshow.changes(&roadshow.investor_a, 0).await),
        []
    );
    // A scores S1 in the screening: B's screening score shows, its final score does not.
    let applied = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone-a",
                vec![in_round(2, "screening", "S1", "innovation", 5)],
            )
            .await,
    );
    assert_eq!(applied[0]["status"], "applied");
    assert_eq!(
        others_seen(&roadshow.changes(&roadshow.investor_a, 0).await),
        [("screening".to_owned(), 6)]
    );
    // The organizer's reveal opens the final (the event's mode) too.
    let revealed = roadshow
        .patch_event(&roadshow.organizer, json!({"scores_revealed": true}))
        .await;
    assert_eq!(revealed.status, StatusCode::OK, "{}", revealed.text());
    assert_eq!(
        others_seen(&roadshow.changes(&roadshow.investor_a, 0).await),
        [("final".to_owned(), 9), ("screening".to_owned(), 6)]
    );
}
