//! An investor's profile saved from a form that does not carry every field: the headquarters'
//! region and the tracks (set by the organizer from the roster) survive the investor's own save
//! and the console's, and only the organizer changes the tracks. Checked on the stored profile
//! as the organizer's feed returns it.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{roadshow, Roadshow};

/// Investor A as the organizer's change feed returns it.
async fn stored_a(roadshow: &Roadshow) -> Value {
    let feed = roadshow.changes(&roadshow.organizer, 0).await;
    feed["investors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|investor| investor["id"] == "A")
        .cloned()
        .unwrap()
}

async fn put_a(roadshow: &Roadshow, secret: &str, body: Value) -> support::Answer {
    roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/investors/A", roadshow.event),
            Some(secret),
            Some(body),
        )
        .await
}

/// What the thesis form sends: no `hq_region`, no `tracks`.
fn thesis(fields: &[&str], capacity: i64) -> Value {
    json!({"id": "A", "firm": "Firm A", "type": "vc", "fields": fields, "conflicts": [],
        "contact": "A@vc.example", "capacity": capacity})
}

#[tokio::test]
async fn saves_that_leave_out_region_and_tracks_keep_them() {
    let roadshow = roadshow().await;
    let mut full = thesis(&["hydrogen"], 4);
    full["hq_region"] = json!("Busan");
    full["tracks"] = json!(["혁신리그"]);
    let set = put_a(&roadshow, &roadshow.organizer, full).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());

    // The investor's own save, twice, and then the console's: each changes what it carries.
    for (n, (secret, fields, capacity)) in [
        (&roadshow.investor_a, vec!["hydrogen", "mobility"], 5),
        (&roadshow.investor_a, vec!["mobility"], 3),
        (&roadshow.organizer, vec!["bio"], 2),
    ]
    .into_iter()
    .enumerate()
    {
        let saved = put_a(&roadshow, secret, thesis(&fields, capacity)).await;
        assert_eq!(saved.status, StatusCode::OK, "save {n}: {}", saved.text());
        let stored = stored_a(&roadshow).await;
        assert_eq!(stored["hq_region"], "Busan", "save {n}: {stored}");
        assert_eq!(stored["tracks"], json!(["혁신리그"]), "save {n}: {stored}");
        assert_eq!(stored["fields"], json!(fields), "save {n}: {stored}");
        assert_eq!(stored["capacity"], capacity, "save {n}: {stored}");
    }

    // The investor may restate its region; the organizer moves it to another track.
    let mut moved = thesis(&["bio"], 2);
    moved["hq_region"] = json!("Daejeon");
    let saved = put_a(&roadshow, &roadshow.investor_a, moved.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    moved["tracks"] = json!(["스케일업리그"]);
    let saved = put_a(&roadshow, &roadshow.organizer, moved).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let stored = stored_a(&roadshow).await;
    assert_eq!(
        (&stored["hq_region"], &stored["tracks"]),
        (&json!("Daejeon"), &json!(["스케일업리그"]))
    );
}

#[tokio::test]
async fn an_investor_cannot_change_its_own_tracks() {
    let roadshow = roadshow().await;
    let mut first = thesis(&["hydrogen"], 4);
    first["tracks"] = json!(["혁신리그"]);
    let set = put_a(&roadshow, &roadshow.organizer, first).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    let before = stored_a(&roadshow).await;

    for tracks in [json!(["스케일업리그"]), json!(["혁신리그", "스케일업리그"])] {
        let mut attempt = thesis(&["mobility"], 2);
        attempt["tracks"] = tracks.clone();
        let refused = put_a(&roadshow, &roadshow.investor_a, attempt).await;
        assert_eq!(
            refused.status,
            StatusCode::CONFLICT,
            "{tracks}: {}",
            refused.text()
        );
        assert_eq!(
            refused.json()["code"],
            "set_by_organizer",
            "{}",
            refused.text()
        );
        assert_eq!(
            stored_a(&roadshow).await,
            before,
            "nothing stored for {tracks}"
        );
    }
    // Sending the same tracks back is not a change.
    let mut same = thesis(&["mobility"], 2);
    same["tracks"] = json!(["혁신리그"]);
    let saved = put_a(&roadshow, &roadshow.investor_a, same).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
}
