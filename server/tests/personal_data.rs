//! A link holder's own records (docs/definitions.md §10; issue 19): `GET /events/{id}/my-data`
//! gives an investor its profile, scores, interest and comments, meetings and follow-ups, and a
//! startup its profile, meetings and follow-ups — each their own and nobody else's, checked on
//! the whole JSON document against what the organizer's feed stores.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{roadshow, score, Roadshow};

async fn my_data(roadshow: &Roadshow, secret: &str) -> support::Answer {
    roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}/my-data", roadshow.event),
            Some(secret),
            None,
        )
        .await
}

/// The stored profile with this id, as the organizer's feed returns it.
async fn stored_profile(roadshow: &Roadshow, list: &str, id: &str) -> Value {
    let feed = roadshow.changes(&roadshow.organizer, 0).await;
    feed[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|profile| profile["id"] == id)
        .cloned()
        .unwrap()
}

/// The document without the server's write times (they are checked to be there).
fn without_times(mut document: Value) -> Value {
    for row in document["scores"].as_array_mut().unwrap() {
        let at = row.as_object_mut().unwrap().remove("updated_at").unwrap();
        assert!(at.as_str().is_some_and(|at| at.starts_with("20")), "{at}");
    }
    document
}

#[tokio::test]
async fn each_holder_downloads_its_own_records_and_nobody_elses() {
    let roadshow = roadshow().await;
    for (secret, client, mark) in [
        (&roadshow.investor_a, "a", 7),
        (&roadshow.investor_b, "b", 2),
    ] {
        let upper = client.to_uppercase();
        let answer = roadshow
            .mutate(
                secret,
                client,
                vec![
                    score(1, "S1", "market", json!(mark)),
                    json!({"seq": 2, "type": "comment", "startup": "S1", "text": format!("{upper}-NOTE")}),
                    json!({"seq": 3, "type": "interest", "startup": "S1", "want": true}),
                ],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    }

    // Each investor, past the first: its own rows, B's never in A's and A's never in B's.
    for (secret, id, mark, other) in [
        (&roadshow.investor_a, "A", 7, "B"),
        (&roadshow.investor_b, "B", 2, "A"),
    ] {
        let answer = my_data(&roadshow, secret).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let expected = json!({
            "role": "investor",
            "investor": stored_profile(&roadshow, "investors", id).await,
            "scores": [{"investor": id, "startup": "S1", "criterion": "market", "value": mark, "abstain": false}],
            "verdicts": [{"investor": id, "startup": "S1", "want": true, "comment": format!("{id}-NOTE"),
                          "comment_shared": false}],
            "meetings": [],
            "follow_ups": [],
        });
        assert_eq!(without_times(answer.json()), expected);
        let text = answer.text();
        for foreign in [
            format!("{other}-NOTE"),
            format!("{other}@vc.example"),
            "ceo@example.com".into(),
        ] {
            assert!(!text.contains(&foreign), "{id} received {foreign}: {text}");
        }
    }

    // The startup: its profile (contact included), not the investors' scores or comments.
    let answer = my_data(&roadshow, &roadshow.startup).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(
        answer.json(),
        json!({
            "role": "startup",
            "startup": stored_profile(&roadshow, "startups", "S1").await,
            "scores": [],
            "verdicts": [],
            "meetings": [],
            "follow_ups": [],
        })
    );
    assert!(answer.text().contains("ceo@example.com"));
    for foreign in ["A-NOTE", "B-NOTE", "@vc.example"] {
        assert!(!answer.text().contains(foreign), "{}", answer.text());
    }

    // Links that hold no person's records.
    for secret in [&roadshow.organizer, &roadshow.registration] {
        let refused = my_data(&roadshow, secret).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());
        assert_eq!(refused.json()["code"], "forbidden");
    }
}
