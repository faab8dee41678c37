//! The organizer removes startups and investors, one or many at once (issue 12, items 3 and 7):
//! what goes with them is counted in the answer and kept in the removal record, every stored
//! profile stays valid, the change feed tells every console and phone, and their links stop.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{roadshow, score};

fn applied(answer: &support::Answer) {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert!(
        answer.json()["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|result| result["status"] == "applied"),
        "{}",
        answer.text()
    );
}

async fn export(roadshow: &support::Roadshow) -> Value {
    roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}/snapshot", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await
        .json()
}

#[tokio::test]
async fn removing_a_startup_takes_its_scores_verdicts_and_meetings_and_says_so() {
    let roadshow = roadshow().await;
    applied(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "a",
                vec![
                    score(1, "S1", "market", json!(7)),
                    score(2, "S1", "innovation", json!(5)),
                    json!({"seq": 3, "type": "comment", "startup": "S1", "text": "메모"}),
                ],
            )
            .await,
    );
    let a = json!({"id": "A", "firm": "Firm A", "type": "vc", "fields": ["hydrogen"], "conflicts": ["S2"], "contact": "A@vc.example", "capacity": 4});
    let put = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/investors/A", roadshow.event),
            Some(&roadshow.organizer),
            Some(a),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    applied(
        &roadshow
            .mutate(
                &roadshow.investor_b,
                "b",
                vec![json!({"seq": 1, "type": "conflict", "startup": "S1", "conflict": true})],
            )
            .await,
    );
    let plan = json!({"published": false, "meetings": [{"investor": "A", "startup": "S1", "slot": 0, "table": 0}]});
    let put = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/meetings", roadshow.event),
            Some(&roadshow.organizer),
            Some(plan),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK);
    let before = roadshow.changes(&roadshow.organizer, 0).await["version"]
        .as_i64()
        .unwrap();

    let answer = roadshow
        .app
        .send(
            Method::DELETE,
            &format!("/api/events/{}/startups/S1", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let body = answer.json();
    assert_eq!(
        body["removed"],
        json!([{"id": "S1", "scores": 2, "verdicts": 1, "meetings": 1}])
    );
    assert_eq!(body["version"], json!(before + 1));

    let snapshot = export(&roadshow).await;
    let startups: Vec<&str> = snapshot["startups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(startups, ["S2"]);
    assert_eq!(snapshot["scores"], json!([]));
    assert!(snapshot.get("meetings").is_none(), "{snapshot}");
    assert!(snapshot.get("comments").is_none(), "{snapshot}");
    let conflicts: Vec<Value> = snapshot["investors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["conflicts"].clone())
        .collect();
    assert_eq!(
        conflicts,
        [json!(["S2"]), json!([]), json!([])],
        "B's conflict with the removed S1 is gone, A's with S2 stays"
    );
    let parsed = roadshow_core::snapshot::parse_snapshot(&snapshot.to_string()).unwrap();
    assert_eq!(
        roadshow_core::validate::validate(&parsed),
        vec![],
        "the export still imports"
    );

    // Every open console and phone learns of it from the change feed.
    assert_eq!(
        roadshow.changes(&roadshow.organizer, before).await["removed_startups"],
        json!(["S1"])
    );
    assert_eq!(
        roadshow.changes(&roadshow.investor_a, before).await["removed_startups"],
        json!(["S1"])
    );
    assert_eq!(
        roadshow.changes(&roadshow.organizer, before + 1).await["removed_startups"],
        json!([]),
        "only since then"
    );
    // Its link opens nothing any more; the removal record keeps what went.
    let gone = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}", roadshow.event),
            Some(&roadshow.startup),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    let (record, scores): (String, i64) = sqlx::query_as(
        "SELECT record, scores FROM removals WHERE event_id = $1 AND subject_id = 'S1'",
    )
    .bind(&roadshow.event)
    .fetch_one(&roadshow.app.db)
    .await
    .unwrap();
    let record: Value = serde_json::from_str(&record).unwrap();
    assert_eq!(scores, 2);
    assert_eq!(record["profile"]["name"], "Startup S1");
    assert_eq!(record["verdicts"][0]["comment"], "메모");
    // Removing it again: there is no such startup.
    let again = roadshow
        .app
        .send(
            Method::DELETE,
            &format!("/api/events/{}/startups/S1", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bulk_removal_is_all_or_nothing() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/startups/remove", roadshow.event);
    let bad = roadshow
        .app
        .send(
            Method::POST,
            &path,
            Some(&roadshow.organizer),
            Some(json!({"ids": ["S2", "nope", "S2"]})),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad.text()
    );
    let fields: Vec<String> = bad.json()["fields"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(fields, ["ids[1]", "ids[2]"]);
    assert_eq!(
        export(&roadshow).await["startups"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "nothing was removed"
    );
    let empty = roadshow
        .app
        .send(
            Method::POST,
            &path,
            Some(&roadshow.organizer),
            Some(json!({"ids": []})),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let both = roadshow
        .app
        .send(
            Method::POST,
            &path,
            Some(&roadshow.organizer),
            Some(json!({"ids": ["S2", "S1"]})),
        )
        .await;
    assert_eq!(both.status, StatusCode::OK, "{}", both.text());
    let ids: Vec<Value> = both.json()["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(ids, [json!("S2"), json!("S1")]);
    assert_eq!(export(&roadshow).await["startups"], json!([]));
}

#[tokio::test]
async fn removing_an_investor_takes_its_scores_and_cleans_the_startups_wishes() {
    let roadshow = roadshow().await;
    applied(
        &roadshow
            .mutate(
                &roadshow.investor_b,
                "b",
                vec![score(1, "S1", "market", json!(3))],
            )
            .await,
    );
    applied(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "a",
                vec![score(1, "S1", "market", json!(8))],
            )
            .await,
    );
    let wishes = json!({"id": "S1", "name": "Startup S1", "status": "published", "field": "hydrogen", "stage": "seed",
        "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com", "wants_to_meet": ["A", "B"], "declines": ["B"]});
    let put = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/startups/S1", roadshow.event),
            Some(&roadshow.organizer),
            Some(wishes),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    let before = roadshow.changes(&roadshow.organizer, 0).await["version"]
        .as_i64()
        .unwrap();
    let answer = roadshow
        .app
        .send(
            Method::DELETE,
            &format!("/api/events/{}/investors/B", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(
        answer.json()["removed"],
        json!([{"id": "B", "scores": 1, "verdicts": 0, "meetings": 0}])
    );
    let snapshot = export(&roadshow).await;
    assert_eq!(snapshot["scores"].as_array().unwrap().len(), 1);
    assert_eq!(snapshot["scores"][0]["investor"], "A");
    let s1 = &snapshot["startups"][0];
    assert_eq!(
        (&s1["wants_to_meet"], &s1["declines"]),
        (&json!(["A"]), &json!([]))
    );
    let parsed = roadshow_core::snapshot::parse_snapshot(&snapshot.to_string()).unwrap();
    assert_eq!(roadshow_core::validate::validate(&parsed), vec![]);
    assert_eq!(
        roadshow.changes(&roadshow.organizer, before).await["removed_investors"],
        json!(["B"])
    );
    assert_eq!(
        roadshow.changes(&roadshow.startup, before).await["removed_investors"],
        json!(["B"])
    );
    let gone = roadshow
        .mutate(
            &roadshow.investor_b,
            "b",
            vec![score(2, "S1", "market", json!(4))],
        )
        .await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_registration_link_registers_only_while_open_and_up_to_the_limit() {
    let roadshow = roadshow().await;
    let event_path = format!("/api/events/{}", roadshow.event);
    let register = |name: &str| json!({"id": "", "name": name, "status": "draft", "consent": {"collection": true}});
    let path = format!("{event_path}/startups");
    // Still being prepared (draft): the shared link does not register yet.
    let draft = roadshow
        .app
        .send(
            Method::PATCH,
            &event_path,
            Some(&roadshow.organizer),
            Some(json!({"phase": "draft"})),
        )
        .await;
    assert_eq!(draft.status, StatusCode::OK);
    let early = roadshow
        .app
        .send(
            Method::POST,
            &path,
            Some(&roadshow.registration),
            Some(register("Early")),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text());
    assert_eq!(early.json()["code"], "registration_closed");
    // Open, with room for 3 startups (S1 and S2 are there already).
    let mut settings = export(&roadshow).await["event"].clone();
    settings["registration_limit"] = json!(3);
    let set = roadshow
        .app
        .send(
            Method::PATCH,
            &event_path,
            Some(&roadshow.organizer),
            Some(json!({"settings": settings, "phase": "registration"})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    let third = roadshow
        .app
        .send(
            Method::POST,
            &path,
            Some(&roadshow.registration),
            Some(register("Third")),
        )
        .await;
    assert_eq!(third.status, StatusCode::CREATED, "{}", third.text());
    let fourth = roadshow
        .app
        .send(
            Method::POST,
            &path,
            Some(&roadshow.registration),
            Some(register("Fourth")),
        )
        .await;
    assert_eq!(fourth.status, StatusCode::CONFLICT);
    assert_eq!(fourth.json()["code"], "registration_full");
    // The organizer can still add.
    let by_organizer = roadshow
        .app
        .send(
            Method::POST,
            &path,
            Some(&roadshow.organizer),
            Some(register("Invited")),
        )
        .await;
    assert_eq!(
        by_organizer.status,
        StatusCode::CREATED,
        "{}",
        by_organizer.text()
    );
    assert_eq!(
        export(&roadshow).await["startups"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}
