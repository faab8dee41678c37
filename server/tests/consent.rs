//! Consent (docs/definitions.md §10; issue 19): registering through the shared link needs consent
//! to the collection of the data; the contact reaches investors only with the separate consent to
//! share it; the server stamps when and under which wording each was given, and an edit that does
//! not carry it keeps it. Checked on the JSON each role receives.

mod support;

use axum::http::{Method, StatusCode};
use roadshow_core::model::CONSENT_VERSION;
use serde_json::{json, Value};
use support::{roadshow, secret_of, Roadshow};

async fn open_registration(roadshow: &Roadshow) {
    let answer = roadshow
        .app
        .send(
            Method::PATCH,
            &format!("/api/events/{}", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"phase": "registration"})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

fn profile(name: &str, contact: &str, consent: Value) -> Value {
    json!({"id": "", "name": name, "status": "published", "field": "hydrogen", "stage": "seed",
        "ask_krw": 1_000_000_000_i64, "pitch_ko": "발표", "contact": contact, "consent": consent})
}

async fn register(roadshow: &Roadshow, body: Value) -> support::Answer {
    roadshow
        .app
        .send(
            Method::POST,
            &format!("/api/events/{}/startups", roadshow.event),
            Some(&roadshow.registration),
            Some(body),
        )
        .await
}

/// The startups an investor receives, by name, with their contact (if any).
async fn contacts_seen_by_investor(roadshow: &Roadshow) -> Vec<(String, Option<String>)> {
    let feed = roadshow.changes(&roadshow.investor_a, 0).await;
    let mut seen: Vec<(String, Option<String>)> = feed["startups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|startup| {
            assert!(
                startup.get("consent").is_none(),
                "the consent record is not an investor's: {startup}"
            );
            (
                startup["name"].as_str().unwrap().to_owned(),
                startup["contact"].as_str().map(str::to_owned),
            )
        })
        .collect();
    seen.sort();
    seen
}

#[tokio::test]
async fn registering_needs_consent_to_collection_and_nothing_is_stored_without_it() {
    let roadshow = roadshow().await;
    open_registration(&roadshow).await;
    let refused = register(
        &roadshow,
        profile(
            "No Consent",
            "no@example.com",
            json!({"contact_sharing": true}),
        ),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    assert_eq!(
        refused.json()["fields"]["consent.collection"][0]["code"],
        "required"
    );
    let organizer = roadshow.changes(&roadshow.organizer, 0).await;
    assert!(
        !organizer.to_string().contains("No Consent"),
        "nothing stored"
    );
}

#[tokio::test]
async fn the_contact_reaches_investors_only_with_consent_to_share_it() {
    let roadshow = roadshow().await;
    open_registration(&roadshow).await;
    let sharing = register(
        &roadshow,
        profile(
            "Sharing",
            "share@example.com",
            json!({"collection": true, "contact_sharing": true}),
        ),
    )
    .await;
    assert_eq!(sharing.status, StatusCode::CREATED, "{}", sharing.text());
    let private = register(
        &roadshow,
        profile(
            "Private",
            "private@example.com",
            json!({"collection": true}),
        ),
    )
    .await;
    assert_eq!(private.status, StatusCode::CREATED, "{}", private.text());

    // The server stamps each consent with its wording and time.
    let organizer = roadshow.changes(&roadshow.organizer, 0).await;
    let stored = |name: &str| {
        organizer["startups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|startup| startup["name"] == name)
            .cloned()
            .unwrap()
    };
    let sharing_consent = stored("Sharing")["consent"].clone();
    assert_eq!(sharing_consent["collection"], true);
    assert_eq!(sharing_consent["contact_sharing"], true);
    assert_eq!(sharing_consent["version"], CONSENT_VERSION);
    assert!(sharing_consent["at"]
        .as_str()
        .is_some_and(|at| at.starts_with("20")));
    assert_eq!(
        stored("Private")["contact"],
        "private@example.com",
        "the organizer sees it"
    );

    // Investors: the contact of the sharing startup only (S1 of the fixture has no consent).
    assert_eq!(
        contacts_seen_by_investor(&roadshow).await,
        vec![
            ("Private".into(), None),
            ("Sharing".into(), Some("share@example.com".into())),
            ("Startup S1".into(), None),
        ]
    );
    let investor_text = roadshow.changes(&roadshow.investor_a, 0).await.to_string();
    assert!(!investor_text.contains("private@example.com"));

    // The private startup edits its profile without the consent on the form: kept as it was.
    let private_secret = secret_of(private.json()["link"].as_str().unwrap());
    let private_id = private.json()["id"].as_str().unwrap().to_owned();
    let mut edit = stored("Private");
    edit.as_object_mut().unwrap().remove("consent");
    edit["pitch_ko"] = json!("새 발표");
    let path = format!("/api/events/{}/startups/{private_id}", roadshow.event);
    let saved = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&private_secret),
            Some(edit.clone()),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(saved.json()["consent"], stored("Private")["consent"]);
    // It now agrees to share: investors see the contact, with a new stamp.
    edit["consent"] = json!({"collection": true, "contact_sharing": true});
    let shared = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&private_secret),
            Some(edit.clone()),
        )
        .await;
    assert_eq!(shared.status, StatusCode::OK, "{}", shared.text());
    assert_eq!(shared.json()["consent"]["contact_sharing"], true);
    assert!(contacts_seen_by_investor(&roadshow)
        .await
        .contains(&("Private".into(), Some("private@example.com".into()))));
    // Withdrawing collection consent is an erasure request, not an edit: it stays given.
    edit["consent"] = json!({"collection": false, "contact_sharing": false});
    let withdrawn = roadshow
        .app
        .send(Method::PUT, &path, Some(&private_secret), Some(edit))
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.text());
    assert_eq!(withdrawn.json()["consent"]["collection"], true);
    assert_eq!(withdrawn.json()["consent"]["contact_sharing"], false);
    assert_eq!(
        contacts_seen_by_investor(&roadshow).await,
        vec![
            ("Private".into(), None),
            ("Sharing".into(), Some("share@example.com".into())),
            ("Startup S1".into(), None),
        ]
    );
}
