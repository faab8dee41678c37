//! The pitches on the day (docs/definitions.md §8.3; issue 16): the organizer publishes a
//! running order and advances the pitch on now per hall; every phone's change feed carries both
//! in the event's live state; what may not be published is refused field by field and nothing
//! changes. Checked on whole live states written by hand.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{field_codes, roadshow, Roadshow};

/// The fixture's event (S1 published in hall 0, S2 a draft) with S3 in hall 1 and S4 in hall 0.
async fn two_halls() -> Roadshow {
    let roadshow = roadshow().await;
    for (id, hall) in [("S3", 1), ("S4", 0)] {
        let added = roadshow
            .app
            .send(
                Method::POST,
                &format!("/api/events/{}/startups", roadshow.event),
                Some(&roadshow.organizer),
                Some(json!({"id": id, "name": format!("Startup {id}"), "status": "published",
                    "hall": hall, "field": "hydrogen", "stage": "seed", "ask_krw": 500_000_000_i64, "pitch_ko": "발표",
                    "contact": "ceo@example.com"})),
            )
            .await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    }
    roadshow
}

/// The live state the fixture's event has in scoring, with the given order and pitches on now.
fn live(order: &[&str], now: &[(u32, &str)]) -> Value {
    json!({
        "phase": "scoring",
        "reveal_mode": "after-organizer-reveal",
        "scores_revealed": false,
        "registration_closes_at": null,
        "meetings_published": false,
        "fictional": false,
        "running_order": order,
        "now_pitching": now.iter().map(|(hall, startup)| json!({"hall": hall, "startup": startup})).collect::<Vec<_>>(),
        "feedback": {"released": false, "exact_rank": false},
    })
}

async fn stored_live(roadshow: &Roadshow) -> Value {
    roadshow.changes(&roadshow.organizer, 0).await["event"]["live"].clone()
}

#[tokio::test]
async fn the_published_order_and_the_pitch_on_now_reach_every_phone() {
    let roadshow = two_halls().await;
    assert_eq!(stored_live(&roadshow).await, live(&[], &[]));
    let mut seen = roadshow.changes(&roadshow.investor_a, 0).await["version"]
        .as_i64()
        .unwrap();

    let published = roadshow
        .patch_event(
            &roadshow.organizer,
            json!({"running_order": ["S4", "S1", "S3"]}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text());
    let order = ["S4", "S1", "S3"];
    assert_eq!(published.json()["live"], live(&order, &[]));

    // Each step reaches the investor's and the startup's feed as a new live state, hall by hall.
    let steps: [(Value, Vec<(u32, &str)>); 5] = [
        (json!({"hall": 0, "startup": "S4"}), vec![(0, "S4")]),
        (
            json!({"hall": 1, "startup": "S3"}),
            vec![(0, "S4"), (1, "S3")],
        ),
        (
            json!({"hall": 0, "startup": "S1"}),
            vec![(0, "S1"), (1, "S3")],
        ),
        (json!({"hall": 1}), vec![(0, "S1")]),
        (json!({"hall": 0, "startup": "S4"}), vec![(0, "S4")]),
    ];
    for (n, (step, now)) in steps.into_iter().enumerate() {
        let answer = roadshow
            .patch_event(&roadshow.organizer, json!({"now_pitching": step}))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "step {n}: {}", answer.text());
        let expected = live(&order, &now);
        assert_eq!(answer.json()["live"], expected, "step {n}");
        let feed = roadshow.changes(&roadshow.investor_a, seen).await;
        assert_eq!(feed["event"]["live"], expected, "step {n}: investor's feed");
        seen = feed["version"].as_i64().unwrap();
        let founder = roadshow.changes(&roadshow.startup, 0).await;
        assert_eq!(
            founder["event"]["live"], expected,
            "step {n}: startup's feed"
        );
    }

    // Publishing is recorded in the audit log once per publication; the pitch on now is not.
    let again = roadshow
        .patch_event(
            &roadshow.organizer,
            json!({"running_order": ["S1", "S4", "S3"]}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    let log = roadshow.audit_entries().await;
    let published: Vec<&Value> = log
        .iter()
        .filter(|entry| entry["action"] == "running_order_published")
        .collect();
    assert_eq!(published.len(), 2, "{log:?}");
    assert!(published.iter().all(
        |entry| entry["detail"] == json!({"pitches": 3}) && entry["actor_role"] == "organizer"
    ));
    assert_eq!(
        stored_live(&roadshow).await,
        live(&["S1", "S4", "S3"], &[(0, "S4")])
    );
}

#[tokio::test]
async fn what_may_not_be_published_is_refused_field_by_field_and_nothing_changes() {
    let roadshow = two_halls().await;
    let set = roadshow.patch_event(
        &roadshow.organizer,
        json!({"running_order": ["S1", "S4", "S3"], "now_pitching": {"hall": 0, "startup": "S1"}}),
    )
    .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    let before = stored_live(&roadshow).await;
    assert_eq!(before, live(&["S1", "S4", "S3"], &[(0, "S1")]));

    let refusals: [(Value, Vec<(&str, &str)>); 5] = [
        // Unknown, listed twice, a draft (S2 does not pitch).
        (
            json!({"running_order": ["S1", "S9", "S1", "S2"]}),
            vec![
                ("running_order[1]", "unknown_id"),
                ("running_order[2]", "duplicate"),
                ("running_order[3]", "unknown_id"),
            ],
        ),
        (
            json!({"now_pitching": {"hall": 1, "startup": "S1"}}),
            vec![("now_pitching.hall", "out_of_range")],
        ),
        (
            json!({"now_pitching": {"hall": 0, "startup": "S2"}}),
            vec![("now_pitching.startup", "unknown_id")],
        ),
        // A valid phase beside a bad order: all or nothing.
        (
            json!({"phase": "scoring-closed", "running_order": ["S3", "S3"]}),
            vec![("running_order[1]", "duplicate")],
        ),
        (
            json!({"running_order": ["S4"], "now_pitching": {"hall": 0, "startup": "nobody"}}),
            vec![("now_pitching.startup", "unknown_id")],
        ),
    ];
    for (n, (body, expected)) in refusals.into_iter().enumerate() {
        let answer = roadshow.patch_event(&roadshow.organizer, body).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "refusal {n}: {}",
            answer.text()
        );
        let got = field_codes(&answer);
        let mut want: Vec<(String, String)> = expected
            .iter()
            .map(|(path, code)| ((*path).to_owned(), (*code).to_owned()))
            .collect();
        want.sort();
        assert_eq!(got, want, "refusal {n}");
        assert_eq!(
            stored_live(&roadshow).await,
            before,
            "refusal {n} changed something"
        );
    }

    // Only the organizer moves the day along.
    for secret in [&roadshow.investor_a, &roadshow.startup] {
        let answer = roadshow
            .patch_event(
                secret,
                json!({"now_pitching": {"hall": 0, "startup": "S4"}}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
        let answer = roadshow
            .patch_event(secret, json!({"running_order": ["S4"]}))
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
    }
    assert_eq!(stored_live(&roadshow).await, before);
}
