//! After the pitches (docs/definitions.md §7.1, §7.4): meeting answers, attendance, cancellations,
//! follow-up stages and investment confirmations, sent as outbox mutations by investors, startups
//! and the organizer — who may say what, what everyone then receives, exactly-once delivery, and
//! the snapshot round trip. Real SQLite, the real router.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{field_codes, roadshow, secret_of, Roadshow};

/// The fixture plus a second published startup S3 with its own link, meeting times, and a
/// published plan: A–S1 in slot 0, B–S1 in slot 1, A–S3 in slot 1.
async fn published_day() -> (Roadshow, String) {
    let roadshow = roadshow().await;
    let s3 = roadshow
        .app
        .send(
            Method::POST,
            &format!("/api/events/{}/startups", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"id": "S3", "name": "Startup S3", "status": "published", "field": "hydrogen",
                "stage": "seed", "ask_krw": 300_000_000, "region": "Ulsan", "pitch_ko": "발표", "contact": "s3@example.com"})),
        )
        .await;
    assert_eq!(s3.status, StatusCode::CREATED, "{}", s3.text());
    let s3_secret = secret_of(s3.json()["link"].as_str().unwrap());
    roadshow.set_meeting_times().await;
    let plan = json!({"published": true, "meetings": [
        {"investor": "A", "startup": "S1", "slot": 0, "table": 0},
        {"investor": "B", "startup": "S1", "slot": 1, "table": 0},
        {"investor": "A", "startup": "S3", "slot": 1, "table": 1},
    ]});
    publish(&roadshow, plan).await;
    (roadshow, s3_secret)
}

async fn publish(roadshow: &Roadshow, plan: Value) {
    let answer = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/meetings", roadshow.event),
            Some(&roadshow.organizer),
            Some(plan),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

fn word(seq: i64, investor: &str, startup: &str, word: Value) -> Value {
    let mut mutation =
        json!({"seq": seq, "type": "meeting", "investor": investor, "startup": startup});
    for (key, value) in word.as_object().unwrap() {
        mutation[key] = value.clone();
    }
    mutation
}

fn accept() -> Value {
    json!({"word": "answer", "answer": "accept"})
}

fn mark(attendance: &str) -> Value {
    json!({"word": "attendance", "attendance": attendance})
}

/// Sends one batch and returns each result's (status, error code, first field path).
async fn send(
    roadshow: &Roadshow,
    secret: &str,
    client: &str,
    mutations: Vec<Value>,
) -> Vec<(String, String, String)> {
    let answer = roadshow.mutate(secret, client, mutations).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            let error = &result["error"];
            (
                result["status"].as_str().unwrap().to_owned(),
                error["code"].as_str().unwrap_or_default().to_owned(),
                error["fields"]
                    .as_object()
                    .and_then(|fields| fields.keys().next().cloned())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn applied() -> (String, String, String) {
    ("applied".into(), String::new(), String::new())
}

fn rejected(code: &str, field: &str) -> (String, String, String) {
    ("rejected".into(), code.into(), field.into())
}

/// The status of each meeting in a feed, by (investor, startup).
fn statuses(feed: &Value) -> Vec<(String, String, String)> {
    feed["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|meeting| {
            (
                meeting["investor"].as_str().unwrap().to_owned(),
                meeting["startup"].as_str().unwrap().to_owned(),
                meeting["status"].as_str().unwrap_or("proposed").to_owned(),
            )
        })
        .collect()
}

fn status_of(feed: &Value, investor: &str, startup: &str) -> String {
    statuses(feed)
        .into_iter()
        .find(|(i, s, _)| i == investor && s == startup)
        .map(|(_, _, status)| status)
        .unwrap_or_else(|| panic!("no meeting {investor}–{startup} in {feed}"))
}

async fn log_rows(roadshow: &Roadshow) -> Vec<(String, String, String, Option<String>)> {
    sqlx::query_as(
        "SELECT investor_id, startup_id, author_role, on_behalf_of FROM outcome_log
         WHERE event_id = $1 ORDER BY id",
    )
    .bind(&roadshow.event)
    .fetch_all(&roadshow.app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn answers_from_both_sides_add_up_to_the_status_everyone_sees() {
    let (roadshow, s3) = published_day().await;
    // A accepts S1; S1 has not answered: still proposed.
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_a,
            "a",
            vec![word(1, "A", "S1", accept())]
        )
        .await,
        vec![applied()]
    );
    let organizer = roadshow.changes(&roadshow.organizer, 0).await;
    assert_eq!(status_of(&organizer, "A", "S1"), "proposed");
    // S1 accepts A and declines B with a reason and its own words.
    let decline = json!({"word": "answer", "answer": "decline", "reason": "schedule", "text": "S1-PRIVATE-REASON"});
    assert_eq!(
        send(
            &roadshow,
            &roadshow.startup,
            "s1",
            vec![word(1, "A", "S1", accept()), word(2, "B", "S1", decline)]
        )
        .await,
        vec![applied(), applied()]
    );
    let organizer = roadshow.changes(&roadshow.organizer, 0).await;
    assert_eq!(
        statuses(&organizer),
        // By slot and table.
        vec![
            ("A".into(), "S1".into(), "confirmed".into()),
            ("B".into(), "S1".into(), "declined".into()),
            ("A".into(), "S3".into(), "proposed".into()),
        ]
    );
    // The organizer reads the reason in S1's words; B sees the chip, not the words.
    assert!(organizer.to_string().contains("S1-PRIVATE-REASON"));
    let b = roadshow.changes(&roadshow.investor_b, 0).await;
    assert_eq!(
        statuses(&b),
        vec![("B".into(), "S1".into(), "declined".into())]
    );
    let b_state = &b["meeting_states"][0]["sides"]["startup"]["answer"];
    assert_eq!(b_state, &json!({"answer": "decline", "reason": "schedule"}));
    assert!(!b.to_string().contains("S1-PRIVATE-REASON"));
    // S3 sees its own meeting only.
    let s3_feed = roadshow.changes(&s3, 0).await;
    assert_eq!(
        statuses(&s3_feed),
        vec![("A".into(), "S3".into(), "proposed".into())]
    );
    assert_eq!(s3_feed["meeting_states"].as_array().unwrap().len(), 1);

    // On the day: A marks held, S1 says no-show — "did not happen" wins; S1 takes it back.
    send(
        &roadshow,
        &roadshow.investor_a,
        "a",
        vec![word(2, "A", "S1", mark("held"))],
    )
    .await;
    assert_eq!(
        status_of(&roadshow.changes(&roadshow.organizer, 0).await, "A", "S1"),
        "held"
    );
    send(
        &roadshow,
        &roadshow.startup,
        "s1",
        vec![word(3, "A", "S1", mark("no_show"))],
    )
    .await;
    assert_eq!(
        status_of(&roadshow.changes(&roadshow.organizer, 0).await, "A", "S1"),
        "no_show"
    );
    send(
        &roadshow,
        &roadshow.startup,
        "s1",
        vec![word(
            4,
            "A",
            "S1",
            json!({"word": "attendance", "attendance": null}),
        )],
    )
    .await;
    assert_eq!(
        status_of(&roadshow.changes(&roadshow.organizer, 0).await, "A", "S1"),
        "held"
    );
    // Every applied word is in the log with its author: A, S1, S1, A, S1, S1.
    let log = log_rows(&roadshow).await;
    let authors: Vec<&str> = log.iter().map(|row| row.2.as_str()).collect();
    assert_eq!(
        authors,
        ["investor", "startup", "startup", "investor", "startup", "startup"]
    );
}

#[tokio::test]
async fn nobody_answers_for_a_meeting_that_is_not_theirs() {
    let (roadshow, s3) = published_day().await;
    let results = send(
        &roadshow,
        &roadshow.investor_b,
        "b",
        vec![
            // B names A's meeting: as if it did not exist.
            word(1, "A", "S1", accept()),
            // B has no meeting with S3.
            word(2, "B", "S3", accept()),
            // Only the organizer cancels, and only it speaks for the other side.
            word(3, "B", "S1", json!({"word": "cancel", "cancelled": true})),
            word(
                4,
                "B",
                "S1",
                json!({"on_behalf_of": "startup", "word": "answer", "answer": "accept"}),
            ),
        ],
    )
    .await;
    assert_eq!(
        results,
        vec![
            rejected("invalid", "investor"),
            rejected("invalid", "startup"),
            rejected("forbidden", ""),
            rejected("invalid", "on_behalf_of"),
        ]
    );
    // S3 names S1's meeting.
    assert_eq!(
        send(&roadshow, &s3, "s3", vec![word(1, "A", "S1", mark("held"))]).await,
        vec![rejected("invalid", "startup")]
    );
    // A startup never writes scores, nor moves stages.
    assert_eq!(
        send(
            &roadshow,
            &roadshow.startup,
            "s1",
            vec![
                json!({"seq": 1, "type": "score", "startup": "S1", "criterion": "market", "value": 5}),
                json!({"seq": 2, "type": "stage", "investor": "A", "startup": "S1", "stage": "follow_up"}),
            ]
        )
        .await,
        vec![rejected("forbidden", ""), rejected("forbidden", "")]
    );
    // Nothing was stored.
    let organizer = roadshow.changes(&roadshow.organizer, 0).await;
    assert!(statuses(&organizer)
        .iter()
        .all(|(_, _, status)| status == "proposed"));
    assert!(log_rows(&roadshow).await.is_empty());
    assert!(organizer["follow_ups"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_unpublished_plan_takes_no_answers_but_the_organizer_may_prepare() {
    let roadshow = roadshow().await;
    roadshow.set_meeting_times().await;
    publish(
        &roadshow,
        json!({"published": false, "meetings": [{"investor": "A", "startup": "S1", "slot": 0, "table": 0}]}),
    )
    .await;
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_a,
            "a",
            vec![word(1, "A", "S1", accept())]
        )
        .await,
        vec![rejected("meetings_not_published", "")]
    );
}

#[tokio::test]
async fn the_organizer_answers_on_behalf_and_cancels_and_calendars_follow() {
    let (roadshow, _) = published_day().await;
    let sequence = |feed: &Value, investor: &str, startup: &str| {
        feed["meeting_states"]
            .as_array()
            .unwrap()
            .iter()
            .find(|state| state["investor"] == investor && state["startup"] == startup)
            .map(|state| state["sequence"].as_i64().unwrap())
            .unwrap()
    };
    let before = roadshow.changes(&roadshow.organizer, 0).await;
    assert_eq!(sequence(&before, "A", "S1"), 0);
    let on_behalf = |seq, side: &str| {
        word(
            seq,
            "A",
            "S1",
            json!({"on_behalf_of": side, "word": "answer", "answer": "accept"}),
        )
    };
    assert_eq!(
        send(
            &roadshow,
            &roadshow.organizer,
            "console",
            vec![
                on_behalf(1, "investor"),
                on_behalf(2, "startup"),
                // The organizer must say for whom it answers.
                word(3, "A", "S1", accept()),
            ]
        )
        .await,
        vec![applied(), applied(), rejected("invalid", "on_behalf_of")]
    );
    assert_eq!(
        status_of(&roadshow.changes(&roadshow.organizer, 0).await, "A", "S1"),
        "confirmed"
    );
    let log = log_rows(&roadshow).await;
    assert_eq!(
        log,
        vec![
            (
                "A".into(),
                "S1".into(),
                "organizer".into(),
                Some("investor".into())
            ),
            (
                "A".into(),
                "S1".into(),
                "organizer".into(),
                Some("startup".into())
            ),
        ]
    );
    // Cancelled: the calendar revision rises, and nobody can mark a cancelled meeting.
    send(
        &roadshow,
        &roadshow.organizer,
        "console",
        vec![word(
            4,
            "A",
            "S1",
            json!({"word": "cancel", "cancelled": true}),
        )],
    )
    .await;
    let cancelled = roadshow.changes(&roadshow.investor_a, 0).await;
    assert_eq!(status_of(&cancelled, "A", "S1"), "cancelled");
    assert_eq!(sequence(&cancelled, "A", "S1"), 1);
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_a,
            "a",
            vec![word(1, "A", "S1", mark("held"))]
        )
        .await,
        vec![rejected("meetings_not_published", "")]
    );
    // Restored: what the sides said before holds again, and calendars hear of it once more.
    send(
        &roadshow,
        &roadshow.organizer,
        "console",
        vec![word(
            5,
            "A",
            "S1",
            json!({"word": "cancel", "cancelled": false}),
        )],
    )
    .await;
    let restored = roadshow.changes(&roadshow.organizer, 0).await;
    assert_eq!(status_of(&restored, "A", "S1"), "confirmed");
    assert_eq!(sequence(&restored, "A", "S1"), 2);
}

#[tokio::test]
async fn a_mutation_sent_twice_is_applied_once() {
    let (roadshow, _) = published_day().await;
    let batch = vec![word(7, "A", "S1", accept())];
    let first = roadshow
        .mutate(&roadshow.investor_a, "a", batch.clone())
        .await;
    let again = roadshow.mutate(&roadshow.investor_a, "a", batch).await;
    assert_eq!(first.json(), again.json());
    assert_eq!(log_rows(&roadshow).await.len(), 1);
    // The same number with another word is refused, not applied.
    let other = send(
        &roadshow,
        &roadshow.investor_a,
        "a",
        vec![word(7, "A", "S1", mark("held"))],
    )
    .await;
    assert_eq!(other, vec![rejected("sequence_reused", "")]);
    // A startup's and an investor's devices keep separate books even with the same client id.
    let s1 = send(
        &roadshow,
        &roadshow.startup,
        "a",
        vec![word(7, "A", "S1", accept())],
    )
    .await;
    assert_eq!(s1, vec![applied()]);
    assert_eq!(
        status_of(&roadshow.changes(&roadshow.organizer, 0).await, "A", "S1"),
        "confirmed"
    );
}

/// A holds its meeting with S1 (both sides mark it).
async fn held(roadshow: &Roadshow) {
    send(
        roadshow,
        &roadshow.investor_a,
        "a-day",
        vec![word(1, "A", "S1", mark("held"))],
    )
    .await;
    send(
        roadshow,
        &roadshow.startup,
        "s1-day",
        vec![word(1, "A", "S1", mark("held"))],
    )
    .await;
}

fn stage(seq: i64, investor: &str, startup: &str, fields: Value) -> Value {
    let mut mutation =
        json!({"seq": seq, "type": "stage", "investor": investor, "startup": startup});
    for (key, value) in fields.as_object().unwrap() {
        mutation[key] = value.clone();
    }
    mutation
}

#[tokio::test]
async fn follow_ups_move_forward_by_the_investor_and_back_only_by_the_organizer() {
    let (roadshow, s3) = published_day().await;
    // Before the meeting is held there is nothing to follow up.
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_a,
            "a",
            vec![stage(1, "A", "S1", json!({"stage": "follow_up"}))]
        )
        .await,
        vec![rejected("invalid", "stage")]
    );
    held(&roadshow).await;
    let results = send(
        &roadshow,
        &roadshow.investor_a,
        "a",
        vec![
            stage(2, "A", "S1", json!({"stage": "due_diligence"})),
            // Not a KRW amount; a date before the meeting (10 Dec 2026); no date at all.
            stage(
                3,
                "A",
                "S1",
                json!({"stage": "invested", "amount_krw": 1.5, "date": "2027-01-05"}),
            ),
            stage(
                4,
                "A",
                "S1",
                json!({"stage": "invested", "amount_krw": 500_000_000, "date": "2026-12-09"}),
            ),
            stage(
                5,
                "A",
                "S1",
                json!({"stage": "invested", "amount_krw": 500_000_000}),
            ),
            // An amount on a stage that has none.
            stage(
                6,
                "A",
                "S1",
                json!({"stage": "term_sheet", "amount_krw": 5}),
            ),
            // B never met S1 in a held meeting (and it is not A's to name).
            stage(7, "B", "S1", json!({"stage": "follow_up"})),
        ],
    )
    .await;
    assert_eq!(
        results,
        vec![
            applied(),
            rejected("invalid", "amount_krw"),
            rejected("invalid", "date"),
            rejected("invalid", "date"),
            rejected("invalid", "amount_krw"),
            rejected("invalid", "investor"),
        ]
    );
    let organizer = roadshow.changes(&roadshow.organizer, 0).await;
    assert_eq!(
        organizer["follow_ups"],
        json!([{"investor": "A", "startup": "S1", "stage": "due_diligence"}])
    );
    // Back is the organizer's alone.
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_a,
            "a",
            vec![stage(8, "A", "S1", json!({"stage": "follow_up"}))]
        )
        .await,
        vec![rejected("invalid", "stage")]
    );
    assert_eq!(
        send(
            &roadshow,
            &roadshow.organizer,
            "console",
            vec![stage(1, "A", "S1", json!({"stage": "follow_up"}))]
        )
        .await,
        vec![applied()]
    );
    // Invested 5억 (from flight mode, later): the startup confirms; nobody else hears of it.
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_a,
            "a",
            vec![stage(
                9,
                "A",
                "S1",
                json!({"stage": "invested", "amount_krw": 500_000_000, "date": "2027-03-02"})
            )]
        )
        .await,
        vec![applied()]
    );
    assert_eq!(
        send(
            &roadshow,
            &roadshow.startup,
            "s1",
            vec![json!({"seq": 1, "type": "investment", "investor": "A", "startup": "S1", "confirmed": true})]
        )
        .await,
        vec![applied()]
    );
    let invested = json!([{"investor": "A", "startup": "S1", "stage": "invested",
        "amount_krw": 500_000_000, "date": "2027-03-02", "confirmed": true}]);
    assert_eq!(
        roadshow.changes(&roadshow.organizer, 0).await["follow_ups"],
        invested
    );
    assert_eq!(
        roadshow.changes(&roadshow.investor_a, 0).await["follow_ups"],
        invested
    );
    assert_eq!(
        roadshow.changes(&roadshow.startup, 0).await["follow_ups"],
        invested
    );
    for other in [&s3, &roadshow.investor_b] {
        let feed = roadshow.changes(other, 0).await;
        assert_eq!(feed["follow_ups"], json!([]));
        let text = feed.to_string();
        assert!(
            !text.contains("500000000") && !text.contains("invested"),
            "{text}"
        );
    }
    // An investor cannot confirm its own investment; S3 cannot confirm S1's.
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_a,
            "a",
            vec![json!({"seq": 10, "type": "investment", "investor": "A", "startup": "S1", "confirmed": true})]
        )
        .await,
        vec![rejected("forbidden", "")]
    );
    assert_eq!(
        send(
            &roadshow,
            &s3,
            "s3",
            vec![json!({"seq": 1, "type": "investment", "investor": "A", "startup": "S1", "confirmed": false})]
        )
        .await,
        vec![rejected("invalid", "startup")]
    );
    // Once invested, the investor cannot turn it into "passed".
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_a,
            "a",
            vec![stage(
                11,
                "A",
                "S1",
                json!({"stage": "passed", "reason": "x"})
            )]
        )
        .await,
        vec![rejected("invalid", "stage")]
    );
}

#[tokio::test]
async fn the_export_carries_statuses_and_follow_ups_and_reimports_whole() {
    let (roadshow, _) = published_day().await;
    held(&roadshow).await;
    send(
        &roadshow,
        &roadshow.investor_b,
        "b",
        vec![word(
            1,
            "B",
            "S1",
            json!({"word": "answer", "answer": "decline", "reason": "not_relevant"}),
        )],
    )
    .await;
    send(
        &roadshow,
        &roadshow.investor_a,
        "a",
        vec![stage(
            2,
            "A",
            "S1",
            json!({"stage": "invested", "amount_krw": 1_500_000_000_i64, "date": "2027-01-20"}),
        )],
    )
    .await;
    let first = roadshow.export(&roadshow.event, &roadshow.organizer).await;
    assert_eq!(
        first["meetings"],
        json!([
            {"investor": "A", "startup": "S1", "slot": 0, "table": 0, "status": "held"},
            {"investor": "B", "startup": "S1", "slot": 1, "table": 0, "status": "declined"},
            {"investor": "A", "startup": "S3", "slot": 1, "table": 1},
        ])
    );
    assert_eq!(
        first["follow_ups"],
        json!([{"investor": "A", "startup": "S1", "stage": "invested", "amount_krw": 1_500_000_000_i64, "date": "2027-01-20"}])
    );
    let (event, organizer) = roadshow.import(first.clone()).await;
    let mut second = roadshow.export(&event, &organizer).await;
    // The copy is a new event; everything else is the same document.
    second["event"]["id"] = first["event"]["id"].clone();
    assert_eq!(second, first);
}

#[tokio::test]
async fn republishing_a_repaired_plan_keeps_what_was_said_and_raises_only_new_meetings() {
    let (roadshow, _) = published_day().await;
    held(&roadshow).await;
    send(
        &roadshow,
        &roadshow.investor_a,
        "a",
        vec![word(
            2,
            "A",
            "S3",
            json!({"word": "answer", "answer": "decline", "reason": "schedule"}),
        )],
    )
    .await;
    // The repaired plan: everything as it was (the declined A–S3 keeps its place in the record,
    // freed), plus B–S3 at the table A–S3 gave up.
    publish(
        &roadshow,
        json!({"published": true, "meetings": [
            {"investor": "A", "startup": "S1", "slot": 0, "table": 0, "status": "held"},
            {"investor": "B", "startup": "S1", "slot": 1, "table": 0},
            {"investor": "A", "startup": "S3", "slot": 1, "table": 1, "status": "declined"},
            {"investor": "B", "startup": "S3", "slot": 2, "table": 1},
        ]}),
    )
    .await;
    let feed = roadshow.changes(&roadshow.organizer, 0).await;
    let state = |investor: &str, startup: &str| {
        feed["meeting_states"]
            .as_array()
            .unwrap()
            .iter()
            .find(|state| state["investor"] == investor && state["startup"] == startup)
            .cloned()
            .unwrap()
    };
    assert_eq!(status_of(&feed, "A", "S1"), "held");
    assert_eq!(state("A", "S1")["sides"]["investor"]["attendance"], "held");
    assert_eq!(
        state("A", "S3")["sides"]["investor"]["answer"]["reason"],
        "schedule"
    );
    assert_eq!(state("A", "S1")["sequence"], 0);
    assert_eq!(state("B", "S1")["sequence"], 0);
    assert_eq!(state("B", "S3")["sequence"], 1);
    // Moving a meeting makes it new for calendars too.
    publish(
        &roadshow,
        json!({"published": true, "meetings": [
            {"investor": "A", "startup": "S1", "slot": 0, "table": 0},
            {"investor": "B", "startup": "S1", "slot": 3, "table": 0},
        ]}),
    )
    .await;
    let feed = roadshow.changes(&roadshow.organizer, 0).await;
    assert_eq!(status_of(&feed, "A", "S1"), "held");
    let moved = feed["meeting_states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|state| state["investor"] == "B")
        .unwrap()["sequence"]
        .as_i64()
        .unwrap();
    assert_eq!(moved, 2);
}

/// Adds investor D of A's firm ("Firm A" written " firm  a ") and returns its link's secret.
async fn teammate_of_a(roadshow: &Roadshow) -> String {
    let answer = roadshow
        .app
        .send(
            Method::POST,
            &format!("/api/events/{}/investors", roadshow.event),
            Some(&roadshow.organizer),
            Some(
                json!({"id": "D", "firm": " firm  a ", "person": "이심사역", "type": "vc",
                "fields": ["hydrogen"], "conflicts": [], "contact": "d@vc.example", "capacity": 4}),
            ),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    secret_of(answer.json()["link"].as_str().unwrap())
}

#[tokio::test]
async fn a_firms_meeting_reaches_and_is_answered_by_everyone_attending() {
    let (roadshow, _) = published_day().await;
    let d = teammate_of_a(&roadshow).await;
    let firm_meeting =
        json!({"investor": "A", "startup": "S1", "slot": 0, "table": 0, "attendees": ["A", "D"]});
    let plan = json!({"published": true, "meetings": [
        firm_meeting.clone(),
        {"investor": "B", "startup": "S1", "slot": 1, "table": 0},
        {"investor": "A", "startup": "S3", "slot": 1, "table": 1},
    ]});
    publish(&roadshow, plan).await;

    // D sees the firm's meeting it attends, whole, and not A's other meeting; B sees only its own.
    let feed = roadshow.changes(&d, 0).await;
    assert_eq!(feed["meetings"], json!([firm_meeting]));
    assert_eq!(feed["meeting_states"].as_array().unwrap().len(), 1);
    let feed = roadshow.changes(&roadshow.investor_b, 0).await;
    assert_eq!(
        feed["meetings"],
        json!([{"investor": "B", "startup": "S1", "slot": 1, "table": 0}])
    );

    // D answers for the firm; with the startup's answer the meeting is confirmed for everyone.
    assert_eq!(
        send(&roadshow, &d, "d", vec![word(1, "A", "S1", accept())]).await,
        vec![applied()]
    );
    assert_eq!(
        send(
            &roadshow,
            &roadshow.startup,
            "s1",
            vec![word(1, "A", "S1", accept())]
        )
        .await,
        vec![applied()]
    );
    for secret in [&d, &roadshow.investor_a, &roadshow.organizer] {
        assert_eq!(
            status_of(&roadshow.changes(secret, 0).await, "A", "S1"),
            "confirmed"
        );
    }
    // D does not attend A's meeting with S3, and B attends nothing of A's firm.
    assert_eq!(
        send(&roadshow, &d, "d", vec![word(2, "A", "S3", accept())]).await,
        vec![rejected("invalid", "investor")]
    );
    assert_eq!(
        send(
            &roadshow,
            &roadshow.investor_b,
            "b",
            vec![word(1, "A", "S1", mark("held"))]
        )
        .await,
        vec![rejected("invalid", "investor")]
    );
    // Stages stay the pair's investor's own.
    assert_eq!(
        send(
            &roadshow,
            &d,
            "d",
            vec![stage(3, "A", "S1", json!({"stage": "follow_up"}))]
        )
        .await,
        vec![rejected("invalid", "investor")]
    );

    // The export carries the attendees, and an import of it gives the same document back.
    let first = roadshow.export(&roadshow.event, &roadshow.organizer).await;
    assert_eq!(
        first["meetings"][0],
        json!({"investor": "A", "startup": "S1", "slot": 0, "table": 0, "status": "confirmed",
            "attendees": ["A", "D"]})
    );
    let (event, organizer) = roadshow.import(first.clone()).await;
    let mut second = roadshow.export(&event, &organizer).await;
    second["event"]["id"] = first["event"]["id"].clone();
    assert_eq!(second, first);
}

#[tokio::test]
async fn only_members_of_the_meetings_firm_attend_it_and_nobody_twice_in_a_slot() {
    let (roadshow, _) = published_day().await;
    teammate_of_a(&roadshow).await;
    let before = roadshow.changes(&roadshow.organizer, 0).await["meetings"].clone();
    let refused = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/meetings", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"published": true, "meetings": [
                {"investor": "A", "startup": "S1", "slot": 0, "table": 0, "attendees": ["A", "B", "Z", "A", "D"]},
                {"investor": "D", "startup": "S3", "slot": 0, "table": 1},
                {"investor": "A", "startup": "S3", "slot": 1, "table": 1, "attendees": ["D"]},
            ]})),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    let problems = field_codes(&refused);
    // B is of another firm, Z nobody, A named twice; D attends A's meeting in slot 0, so its own
    // meeting in slot 0 double-books it. A's meeting with S3 may send D alone (the firm decides
    // who goes).
    assert_eq!(
        problems,
        vec![
            (
                "meetings[0].attendees[1]".to_owned(),
                "not_applicable".to_owned()
            ),
            (
                "meetings[0].attendees[2]".to_owned(),
                "unknown_id".to_owned()
            ),
            (
                "meetings[0].attendees[3]".to_owned(),
                "duplicate".to_owned()
            ),
            ("meetings[1].slot".to_owned(), "duplicate".to_owned()),
        ]
    );
    // Nothing of the refused plan was stored.
    assert_eq!(
        roadshow.changes(&roadshow.organizer, 0).await["meetings"],
        before
    );
}
