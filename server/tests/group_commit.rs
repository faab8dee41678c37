//! Batches that meet in one group commit: each is answered exactly as it would be alone (the
//! sync rule's answers, versions numbered in arrival order for each event, a resend answered
//! from its first result, a reused sequence number refused); a batch for an event that is gone
//! is left out; a batch that fails rolls the group back and fails alone; and a group larger than
//! one statement's rows is written and read back whole.
//!
//! The test holds the writer's turn while batches queue, so that they meet in one group in a
//! known order: a first batch is taken by the writer (which then waits for the turn), and
//! each further batch is sent once the one before it is queued.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{score, secret_of, Answer, Roadshow};
use tokio::task::JoinHandle;

/// A batch as the test sends it: who, from which device, what.
struct Batch {
    event: String,
    secret: String,
    client_id: &'static str,
    mutations: Vec<Value>,
}

fn batch(event: &str, secret: &str, client_id: &'static str, mutations: Vec<Value>) -> Batch {
    Batch {
        event: event.to_owned(),
        secret: secret.to_owned(),
        client_id,
        mutations,
    }
}

async fn send(roadshow: &Roadshow, batch: &Batch) -> Answer {
    roadshow
        .app
        .send(
            Method::POST,
            &format!("/api/events/{}/mutations", batch.event),
            Some(&batch.secret),
            Some(json!({"client_id": batch.client_id, "mutations": batch.mutations})),
        )
        .await
}

/// The figure of series `name` (a gauge or a counter) in this process's scrape.
async fn gauge(roadshow: &Roadshow, name: &str) -> i64 {
    let scrape = roadshow.app.send(Method::GET, "/metrics", None, None).await;
    let text = scrape.text();
    let line = text
        .lines()
        .find(|line| line.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("{name} in the scrape:\n{text}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

async fn wait_for_gauge(roadshow: &Roadshow, name: &str, value: i64) {
    let since = Instant::now();
    while gauge(roadshow, name).await != value {
        assert!(
            since.elapsed() < Duration::from_secs(60),
            "{name} never reached {value}"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Sends `primer`, then `batches` in order, so that the batches meet in one group after it;
/// `before_the_turn` runs once all are queued. Returns every answer, the primer's first.
async fn in_one_group<F, Fut>(
    roadshow: &Arc<Roadshow>,
    primer: Batch,
    batches: Vec<Batch>,
    before_the_turn: F,
) -> Vec<Answer>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let turn = roadshow.app.state.write_gate.turn().await;
    // The writer may still be counting the group before: start from an idle writer.
    wait_for_gauge(roadshow, "roadshow_mutation_batches_writing", 0).await;
    wait_for_gauge(roadshow, "roadshow_mutation_batches_queued", 0).await;
    let spawn = |batch: Batch| -> JoinHandle<Answer> {
        let roadshow = roadshow.clone();
        tokio::spawn(async move { send(&roadshow, &batch).await })
    };
    let mut sent = vec![spawn(primer)];
    wait_for_gauge(roadshow, "roadshow_mutation_batches_writing", 1).await;
    for (queued, batch) in batches.into_iter().enumerate() {
        sent.push(spawn(batch));
        wait_for_gauge(
            roadshow,
            "roadshow_mutation_batches_queued",
            i64::try_from(queued).unwrap() + 1,
        )
        .await;
    }
    before_the_turn().await;
    drop(turn);
    let mut answers = Vec::new();
    for answer in sent {
        answers.push(answer.await.unwrap());
    }
    answers
}

fn results(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["results"].as_array().unwrap().clone()
}

fn applied(seq: i64, version: i64) -> Value {
    json!({"seq": seq, "status": "applied", "version": version})
}

fn superseded(seq: i64) -> Value {
    json!({"seq": seq, "status": "superseded"})
}

/// A second event with one investor, X, and one published startup, T1, open for scoring:
/// its id, its organizer's secret and X's secret.
async fn second_event(roadshow: &Roadshow) -> (String, String, String) {
    let app = &roadshow.app;
    let created = app
        .send(
            Method::POST,
            "/api/events",
            None,
            Some(json!({"name": "Second", "venue": "Hall 2",
            "starts_at": "2026-12-12T10:00", "ends_at": "2026-12-12T15:00"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let event = created.json()["id"].as_str().unwrap().to_owned();
    let organizer = secret_of(created.json()["organizer_link"].as_str().unwrap());
    let startup = app
        .send(
            Method::POST,
            &format!("/api/events/{event}/startups"),
            Some(&organizer),
            Some(
                json!({"id": "T1", "name": "Startup T1", "status": "published",
            "field": "hydrogen", "stage": "seed", "ask_krw": 500_000_000_i64,
            "pitch_ko": "발표", "contact": "t1@example.com"}),
            ),
        )
        .await;
    assert_eq!(startup.status, StatusCode::CREATED, "{}", startup.text());
    let investor = app
        .send(
            Method::POST,
            &format!("/api/events/{event}/investors"),
            Some(&organizer),
            Some(
                json!({"id": "X", "firm": "Firm X", "type": "vc", "fields": ["hydrogen"],
            "conflicts": [], "contact": "x@vc.example", "capacity": 4}),
            ),
        )
        .await;
    assert_eq!(investor.status, StatusCode::CREATED, "{}", investor.text());
    let investor = secret_of(investor.json()["link"].as_str().unwrap());
    let opened = app
        .send(
            Method::PATCH,
            &format!("/api/events/{event}"),
            Some(&organizer),
            Some(json!({"phase": "scoring"})),
        )
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.text());
    (event, organizer, investor)
}

/// The event's version, as its organizer reads it.
async fn version_of(roadshow: &Roadshow, event: &str, organizer: &str) -> i64 {
    let answer = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{event}/changes?since=0"),
            Some(organizer),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["version"].as_i64().unwrap()
}

/// Scores `from..from + 200` of one device, criteria in turn: a full batch.
fn full_batch(from: i64) -> Vec<Value> {
    (from..from + 200)
        .map(|seq| {
            let criterion = ["innovation", "viability", "market"][(seq % 3) as usize];
            score(seq, "S1", criterion, json!(seq % 10 + 1))
        })
        .collect()
}

#[tokio::test]
async fn batches_in_one_group_are_answered_as_if_each_came_alone_and_a_failing_one_fails_alone() {
    let roadshow = Arc::new(support::roadshow().await);
    let (second, second_organizer, investor_x) = second_event(&roadshow).await;
    let second_base = version_of(&roadshow, &second, &second_organizer).await;
    let event = roadshow.event.clone();
    let (a, b) = (roadshow.investor_a.clone(), roadshow.investor_b.clone());
    let base = roadshow.changes(&roadshow.organizer, 0).await["version"]
        .as_i64()
        .unwrap();

    // First group: every batch is written; nothing fails.
    let first_batches = || {
        vec![
            batch(
                &event,
                &a,
                "phone",
                vec![score(1, "S1", "innovation", json!(2))],
            ),
            batch(
                &event,
                &a,
                "phone",
                vec![score(2, "S1", "innovation", json!(5))],
            ),
            // A resend of the first: answered from its first result, in the same group.
            batch(
                &event,
                &a,
                "phone",
                vec![score(1, "S1", "innovation", json!(2))],
            ),
            // The same sequence number with another edit: refused.
            batch(
                &event,
                &a,
                "phone",
                vec![score(1, "S1", "market", json!(4))],
            ),
            // Another device of A: the later arrival wins the cell.
            batch(
                &event,
                &a,
                "tablet",
                vec![score(1, "S1", "innovation", json!(9))],
            ),
            batch(
                &event,
                &a,
                "phone",
                vec![
                    score(4, "S1", "viability", json!(6)),
                    score(3, "S1", "viability", json!(4)),
                ],
            ),
            batch(
                &event,
                &b,
                "phone",
                vec![score(1, "S1", "market", json!(7))],
            ),
            batch(
                &event,
                &a,
                "phone",
                vec![score(6, "S1", "market", json!(8))],
            ),
            // Older than the one before, from the same device: never undoes it.
            batch(
                &event,
                &a,
                "phone",
                vec![score(5, "S1", "market", json!(1))],
            ),
            // Another event: numbered from its own version.
            batch(
                &second,
                &investor_x,
                "phone",
                vec![score(1, "T1", "innovation", json!(4))],
            ),
        ]
    };
    let primer = || {
        batch(
            &event,
            &b,
            "primer",
            vec![score(1, "S1", "viability", json!(3))],
        )
    };
    let answers = in_one_group(&roadshow, primer(), first_batches(), || async {}).await;
    let answered: Vec<Vec<Value>> = answers.iter().map(results).collect();
    let expected = vec![
        vec![applied(1, base + 1)],
        vec![applied(1, base + 2)],
        vec![applied(2, base + 3)],
        vec![applied(1, base + 2)],
        vec![json!({"seq": 1, "status": "rejected",
            "error": answered[4][0]["error"].clone()})],
        vec![applied(1, base + 4)],
        vec![applied(4, base + 5), superseded(3)],
        vec![applied(1, base + 6)],
        vec![applied(6, base + 7)],
        vec![superseded(5)],
        vec![applied(1, second_base + 1)],
    ];
    assert_eq!(answered, expected);
    assert_eq!(
        gauge(&roadshow, "roadshow_mutation_groups_split_total").await,
        0,
        "the group was written as one"
    );
    assert_eq!(answered[4][0]["error"]["code"], "sequence_reused");
    assert_eq!(
        roadshow.changes(&roadshow.organizer, 0).await["version"],
        base + 7
    );
    let stored = vec![
        ("A".into(), "S1".into(), "innovation".into(), Some(9), false),
        ("A".into(), "S1".into(), "market".into(), Some(8), false),
        ("A".into(), "S1".into(), "viability".into(), Some(6), false),
        ("B".into(), "S1".into(), "market".into(), Some(7), false),
        ("B".into(), "S1".into(), "viability".into(), Some(3), false),
    ];
    assert_eq!(roadshow.stored_scores().await, stored);
    assert_eq!(
        version_of(&roadshow, &second, &second_organizer).await,
        second_base + 1
    );

    // Resent one by one after the commit, every batch gets its first answer again (the
    // refused one is refused again) and nothing changes: the group recorded each result.
    for (batch, first) in [primer()].into_iter().chain(first_batches()).zip(&answered) {
        assert_eq!(&results(&send(&roadshow, &batch).await), first);
    }
    assert_eq!(
        roadshow.changes(&roadshow.organizer, 0).await["version"],
        base + 7
    );
    assert_eq!(roadshow.stored_scores().await, stored);

    // Second group: the second event is erased while its batch waits. That batch is answered
    // 404 and left out; the batches before and after it are written in the same commit.
    let second_batches = vec![
        batch(
            &event,
            &b,
            "phone",
            vec![score(2, "S1", "innovation", json!(6))],
        ),
        batch(
            &second,
            &investor_x,
            "phone",
            vec![score(2, "T1", "market", json!(3))],
        ),
        batch(
            &event,
            &a,
            "phone",
            vec![score(7, "S1", "market", json!(2))],
        ),
    ];
    let db = roadshow.app.db.clone();
    let erased = second.clone();
    let primer = batch(
        &event,
        &b,
        "primer",
        vec![score(2, "S1", "viability", json!(4))],
    );
    let answers = in_one_group(&roadshow, primer, second_batches, || async move {
        sqlx::query("DELETE FROM events WHERE id = $1")
            .bind(&erased)
            .execute(&db)
            .await
            .unwrap();
    })
    .await;
    assert_eq!(results(&answers[0]), vec![applied(2, base + 8)]);
    assert_eq!(results(&answers[1]), vec![applied(2, base + 9)]);
    assert_eq!(
        answers[2].status,
        StatusCode::NOT_FOUND,
        "{}",
        answers[2].text()
    );
    assert_eq!(results(&answers[3]), vec![applied(7, base + 10)]);
    assert_eq!(
        gauge(&roadshow, "roadshow_mutation_groups_split_total").await,
        0,
        "a batch whose event is gone leaves the group whole"
    );
    assert_eq!(
        roadshow.stored_scores().await,
        vec![
            ("A".into(), "S1".into(), "innovation".into(), Some(9), false),
            ("A".into(), "S1".into(), "market".into(), Some(2), false),
            ("A".into(), "S1".into(), "viability".into(), Some(6), false),
            ("B".into(), "S1".into(), "innovation".into(), Some(6), false),
            ("B".into(), "S1".into(), "market".into(), Some(7), false),
            ("B".into(), "S1".into(), "viability".into(), Some(4), false),
        ]
    );

    // Third group: a batch whose stored first answer cannot be read (spoilt here on purpose)
    // fails mid-group. The group is rolled back and written again batch by batch: that batch
    // fails alone, the others are written, numbered as if it had never come.
    let spoilt =
        "UPDATE applied_mutations SET result = 'not json' WHERE client_id = 'primer' AND seq = 1";
    sqlx::query(spoilt).execute(&roadshow.app.db).await.unwrap();
    let third_batches = vec![
        batch(
            &event,
            &b,
            "phone",
            vec![score(3, "S1", "market", json!(5))],
        ),
        batch(
            &event,
            &b,
            "primer",
            vec![score(1, "S1", "viability", json!(3))],
        ),
        batch(
            &event,
            &a,
            "phone",
            vec![score(9, "S1", "innovation", json!(1))],
        ),
    ];
    let primer = batch(
        &event,
        &a,
        "phone",
        vec![score(8, "S1", "market", json!(3))],
    );
    let answers = in_one_group(&roadshow, primer, third_batches, || async {}).await;
    assert_eq!(results(&answers[0]), vec![applied(8, base + 11)]);
    assert_eq!(results(&answers[1]), vec![applied(3, base + 12)]);
    assert!(answers[2].status.is_server_error(), "{}", answers[2].text());
    assert_eq!(results(&answers[3]), vec![applied(9, base + 13)]);
    assert_eq!(
        gauge(&roadshow, "roadshow_mutation_groups_split_total").await,
        1,
        "the group with the failing batch was written again batch by batch"
    );
    assert_eq!(
        roadshow.changes(&roadshow.organizer, 0).await["version"],
        base + 13
    );

    // Fourth group: three full batches from one new device, 600 mutations, more rows than one
    // statement carries (500). All applied in order; sent again together, all replayed.
    let bulk = || {
        (0..3)
            .map(|at| batch(&event, &a, "bulk", full_batch(1 + 200 * at)))
            .collect::<Vec<_>>()
    };
    let primer = batch(
        &event,
        &b,
        "phone",
        vec![score(4, "S1", "innovation", json!(7))],
    );
    let answers = in_one_group(&roadshow, primer, bulk(), || async {}).await;
    assert_eq!(results(&answers[0]), vec![applied(4, base + 14)]);
    let bulk_answers: Vec<Vec<Value>> = answers[1..].iter().map(results).collect();
    let expected: Vec<Vec<Value>> = (0..3)
        .map(|at| {
            (1 + 200 * at..=200 * (at + 1))
                .map(|seq| applied(seq, base + 14 + seq))
                .collect()
        })
        .collect();
    assert_eq!(bulk_answers, expected);
    // The last of each criterion: 598 viability (9), 599 market (10), 600 innovation (1).
    let after_bulk = vec![
        ("A".into(), "S1".into(), "innovation".into(), Some(1), false),
        ("A".into(), "S1".into(), "market".into(), Some(10), false),
        ("A".into(), "S1".into(), "viability".into(), Some(9), false),
        ("B".into(), "S1".into(), "innovation".into(), Some(7), false),
        ("B".into(), "S1".into(), "market".into(), Some(5), false),
        ("B".into(), "S1".into(), "viability".into(), Some(4), false),
    ];
    assert_eq!(roadshow.stored_scores().await, after_bulk);
    let primer = batch(
        &event,
        &b,
        "phone",
        vec![score(5, "S1", "viability", json!(8))],
    );
    let again = in_one_group(&roadshow, primer, bulk(), || async {}).await;
    assert_eq!(results(&again[0]), vec![applied(5, base + 615)]);
    let again: Vec<Vec<Value>> = again[1..].iter().map(results).collect();
    assert_eq!(again, bulk_answers);
    assert_eq!(
        gauge(&roadshow, "roadshow_mutation_groups_split_total").await,
        1,
        "the full groups were each written as one"
    );
    assert_eq!(
        roadshow.changes(&roadshow.organizer, 0).await["version"],
        base + 615
    );

    // Every batch taken is counted out again, the failed one included.
    wait_for_gauge(&roadshow, "roadshow_mutation_batches_queued", 0).await;
    wait_for_gauge(&roadshow, "roadshow_mutation_batches_writing", 0).await;
}
