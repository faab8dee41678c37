//! Sync: each (client id, sequence number) applies once, replays return the original result,
//! batches out of order never undo newer edits, and bad input is refused with nothing stored.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{roadshow, score};

fn results(answer: &support::Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["results"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_replayed_mutation_returns_the_original_result_and_changes_nothing() {
    let roadshow = roadshow().await;
    let batch = vec![score(1, "S1", "innovation", json!(7))];
    let first = results(
        &roadshow
            .mutate(&roadshow.investor_a, "phone", batch.clone())
            .await,
    );
    let version_after_first = roadshow.changes(&roadshow.organizer, 0).await["version"].clone();
    let replay = results(&roadshow.mutate(&roadshow.investor_a, "phone", batch).await);
    assert_eq!(first, replay);
    assert_eq!(first[0]["status"], "applied");
    assert_eq!(
        roadshow.changes(&roadshow.organizer, 0).await["version"],
        version_after_first,
        "no new version"
    );
    assert_eq!(
        roadshow.stored_scores().await,
        vec![("A".into(), "S1".into(), "innovation".into(), Some(7), false)]
    );
}

#[tokio::test]
async fn an_older_mutation_from_the_same_device_never_undoes_a_newer_one() {
    let roadshow = roadshow().await;
    let newer = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(2, "S1", "market", json!(9))],
            )
            .await,
    );
    assert_eq!(newer[0]["status"], "applied");
    let older = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "market", json!(3))],
            )
            .await,
    );
    assert_eq!(older[0]["status"], "superseded");
    assert_eq!(
        roadshow.stored_scores().await,
        vec![("A".into(), "S1".into(), "market".into(), Some(9), false)]
    );
    // The superseded result is recorded too: resending seq 1 replays it.
    let again = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "market", json!(3))],
            )
            .await,
    );
    assert_eq!(again, older);
}

#[tokio::test]
async fn a_batch_in_any_order_ends_at_the_newest_value_per_cell() {
    let roadshow = roadshow().await;
    let batch = vec![
        score(3, "S1", "viability", json!(6)),
        score(1, "S1", "viability", json!(2)),
        score(2, "S1", "innovation", json!(5)),
        score(4, "S1", "innovation", json!(8)),
    ];
    let statuses: Vec<Value> =
        results(&roadshow.mutate(&roadshow.investor_a, "tablet", batch).await)
            .iter()
            .map(|result| result["status"].clone())
            .collect();
    assert_eq!(
        statuses,
        vec![
            json!("applied"),
            json!("superseded"),
            json!("applied"),
            json!("applied")
        ]
    );
    assert_eq!(
        roadshow.stored_scores().await,
        vec![
            ("A".into(), "S1".into(), "innovation".into(), Some(8), false),
            ("A".into(), "S1".into(), "viability".into(), Some(6), false),
        ]
    );
}

#[tokio::test]
async fn two_devices_of_one_investor_the_later_arrival_wins() {
    let roadshow = roadshow().await;
    results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(50, "S1", "market", json!(4))],
            )
            .await,
    );
    let laptop = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "laptop",
                vec![score(1, "S1", "market", json!(10))],
            )
            .await,
    );
    assert_eq!(
        laptop[0]["status"], "applied",
        "a low sequence number from another device still applies"
    );
    assert_eq!(
        roadshow.stored_scores().await,
        vec![("A".into(), "S1".into(), "market".into(), Some(10), false)]
    );
    // Both devices' own histories stay idempotent.
    let phone_replay = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(50, "S1", "market", json!(4))],
            )
            .await,
    );
    assert_eq!(phone_replay[0]["status"], "applied");
    assert_eq!(
        roadshow.stored_scores().await[0].3,
        Some(10),
        "a replay does not re-apply"
    );
}

#[tokio::test]
async fn bad_mutations_are_rejected_per_item_with_field_messages_and_nothing_stored() {
    let roadshow = roadshow().await;
    let batch = vec![
        score(1, "S1", "innovation", json!(11)),
        score(2, "S1", "innovation", json!(7.5)),
        score(3, "S1", "charm", json!(5)),
        score(4, "S2", "innovation", json!(5)),
        score(5, "nope", "innovation", json!(5)),
        json!({"seq": 6, "type": "comment", "startup": "S1", "text": "x".repeat(1001)}),
        score(7, "S1", "innovation", json!(0)),
    ];
    let rejected = results(&roadshow.mutate(&roadshow.investor_a, "phone", batch).await);
    let summary: Vec<(String, String, String)> = rejected
        .iter()
        .map(|result| {
            let error = &result["error"];
            let field = error["fields"]
                .as_object()
                .and_then(|fields| fields.keys().next().cloned())
                .unwrap_or_default();
            let code = error["fields"][&field][0]["code"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            (result["status"].as_str().unwrap().to_owned(), field, code)
        })
        .collect();
    let expected = [
        ("rejected", "value", "out_of_scale"),
        ("rejected", "value", "not_integer"),
        ("rejected", "criterion", "unknown_id"),
        ("rejected", "startup", "unknown_id"),
        ("rejected", "startup", "unknown_id"),
        ("rejected", "text", "too_long"),
        ("rejected", "value", "out_of_scale"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(summary, expected);
    assert!(roadshow.stored_scores().await.is_empty());
}

#[tokio::test]
async fn malformed_batches_are_refused_whole() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/mutations", roadshow.event);
    for body in [
        json!({"client_id": "x"}),
        json!({"client_id": "x", "mutations": [{"seq": 1, "type": "dance", "startup": "S1"}]}),
        json!({"client_id": "x", "mutations": [{"seq": "one", "type": "score", "startup": "S1", "criterion": "market", "value": 3}]}),
        json!({"client_id": "", "mutations": []}),
        json!({"client_id": "x", "mutations": [score(-1, "S1", "market", json!(3))]}),
    ] {
        let answer = roadshow
            .app
            .send(
                Method::POST,
                &path,
                Some(&roadshow.investor_a),
                Some(body.clone()),
            )
            .await;
        assert!(
            answer.status.is_client_error(),
            "{body} → {}",
            answer.status
        );
        assert!(answer.json()["fields"].is_object());
    }
    assert!(roadshow.stored_scores().await.is_empty());
}

#[tokio::test]
async fn scores_are_accepted_only_while_scoring_is_open() {
    let roadshow = roadshow().await;
    let close = roadshow
        .app
        .send(
            Method::PATCH,
            &format!("/api/events/{}", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"phase": "scoring-closed"})),
        )
        .await;
    assert_eq!(close.status, StatusCode::OK);
    let answer = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "market", json!(5))],
            )
            .await,
    );
    assert_eq!(answer[0]["status"], "rejected");
    assert_eq!(answer[0]["error"]["code"], "scoring_closed");
    assert!(roadshow.stored_scores().await.is_empty());
}

#[tokio::test]
async fn abstentions_interest_and_conflicts_round_trip_to_the_snapshot() {
    let roadshow = roadshow().await;
    let answer = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![
                    score(1, "S1", "market", json!(6)),
                    json!({"seq": 2, "type": "abstain", "startup": "S1", "abstain": true}),
                    json!({"seq": 3, "type": "interest", "startup": "S1", "want": false}),
                ],
            )
            .await,
    );
    assert!(answer.iter().all(|result| result["status"] == "applied"));
    let conflict = results(
        &roadshow
            .mutate(
                &roadshow.investor_b,
                "b",
                vec![json!({"seq": 1, "type": "conflict", "startup": "S1", "conflict": true})],
            )
            .await,
    );
    assert_eq!(conflict[0]["status"], "applied");
    let snapshot = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}/snapshot", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    let snapshot = snapshot.json();
    assert_eq!(snapshot["format"], "roadshow-event/1");
    assert_eq!(
        snapshot["scores"],
        json!([{"investor": "A", "startup": "S1", "abstain": true, "updated_at": snapshot["scores"][0]["updated_at"]}]),
        "a whole-pitch abstention stands alone"
    );
    assert_eq!(
        snapshot["interest"],
        json!([{"investor": "A", "startup": "S1", "want": false}])
    );
    let b = snapshot["investors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "B")
        .unwrap()
        .clone();
    assert_eq!(b["conflicts"], json!(["S1"]));
    // The export is valid by core's rules, so it can be re-imported.
    let parsed = roadshow_core::snapshot::parse_snapshot(&snapshot.to_string()).unwrap();
    assert_eq!(roadshow_core::validate::validate(&parsed), vec![]);
    let imported = roadshow
        .app
        .send(
            Method::POST,
            "/api/events/import",
            None,
            Some(snapshot.clone()),
        )
        .await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text());
}

#[tokio::test]
async fn a_startup_can_change_only_its_wishes_after_registration_closes() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/startups/S1", roadshow.event);
    let profile = |name: &str, wants: Value| {
        json!({"id": "S1", "name": name, "status": "published", "field": "hydrogen",
        "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com", "wants_to_meet": wants})
    };
    // Scoring is open (registration over): the name cannot change, the wishes can.
    let renamed = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.startup),
            Some(profile("Renamed", json!([]))),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::CONFLICT);
    assert_eq!(renamed.json()["code"], "registration_closed");
    let wishes = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.startup),
            Some(profile("Startup S1", json!(["A"]))),
        )
        .await;
    assert_eq!(wishes.status, StatusCode::OK, "{}", wishes.text());
    let unknown = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.startup),
            Some(profile("Startup S1", json!(["Z"]))),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.json()["fields"]["wants_to_meet[0]"].is_array(),
        "{}",
        unknown.text()
    );
}

#[tokio::test]
async fn published_meetings_reach_only_their_people() {
    let roadshow = roadshow().await;
    roadshow.set_meeting_times().await;
    let path = format!("/api/events/{}/meetings", roadshow.event);
    let double_booked = json!({"published": true, "meetings": [
        {"investor": "A", "startup": "S1", "slot": 0, "table": 0},
        {"investor": "A", "startup": "S2", "slot": 0, "table": 1}]});
    let answer = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.organizer),
            Some(double_booked),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.json()["fields"]["meetings[1].slot"].is_array(),
        "{}",
        answer.text()
    );

    let plan = json!({"published": false, "meetings": [
        {"investor": "A", "startup": "S1", "slot": 0, "table": 0},
        {"investor": "B", "startup": "S2", "slot": 0, "table": 1}]});
    assert_eq!(
        roadshow
            .app
            .send(
                Method::PUT,
                &path,
                Some(&roadshow.organizer),
                Some(plan.clone())
            )
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        roadshow.changes(&roadshow.investor_a, 0).await["meetings"],
        json!([]),
        "not before publishing"
    );
    let mut published = plan;
    published["published"] = json!(true);
    assert_eq!(
        roadshow
            .app
            .send(
                Method::PUT,
                &path,
                Some(&roadshow.organizer),
                Some(published)
            )
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        roadshow.changes(&roadshow.investor_a, 0).await["meetings"],
        json!([{"investor": "A", "startup": "S1", "slot": 0, "table": 0}])
    );
    assert_eq!(
        roadshow.changes(&roadshow.startup, 0).await["meetings"],
        json!([{"investor": "A", "startup": "S1", "slot": 0, "table": 0}])
    );
    assert_eq!(
        roadshow.changes(&roadshow.organizer, 0).await["meetings"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn the_stream_announces_each_new_version() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let roadshow = roadshow().await;
    let request = Request::get(format!("/api/events/{}/stream", roadshow.event))
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", roadshow.organizer),
        )
        .body(Body::empty())
        .unwrap();
    let response = roadshow.app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body();
    let mut next_frame = async || {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
            .await
            .expect("a frame in time");
        String::from_utf8(frame.unwrap().unwrap().into_data().unwrap().to_vec()).unwrap()
    };
    let current = roadshow.changes(&roadshow.organizer, 0).await["version"]
        .as_i64()
        .unwrap();
    assert_eq!(
        next_frame().await,
        format!("event: version\ndata: {current}\n\n")
    );
    let written = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "market", json!(5))],
            )
            .await,
    );
    let version = written[0]["version"].as_i64().unwrap();
    assert_eq!(version, current + 1);
    assert_eq!(
        next_frame().await,
        format!("event: version\ndata: {version}\n\n")
    );
}

#[tokio::test]
async fn one_investors_device_id_never_replays_another_investors_mutations() {
    let roadshow = roadshow().await;
    let a = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "shared-id",
                vec![score(1, "S1", "market", json!(9))],
            )
            .await,
    );
    assert_eq!(a[0]["status"], "applied");
    let b = results(
        &roadshow
            .mutate(
                &roadshow.investor_b,
                "shared-id",
                vec![score(1, "S1", "market", json!(2))],
            )
            .await,
    );
    assert_eq!(
        b[0]["status"], "applied",
        "B's mutation is B's own, not a replay of A's"
    );
    assert_eq!(
        roadshow.stored_scores().await,
        vec![
            ("A".into(), "S1".into(), "market".into(), Some(9), false),
            ("B".into(), "S1".into(), "market".into(), Some(2), false),
        ]
    );
}

#[tokio::test]
async fn a_stream_ends_when_its_link_is_revoked_and_others_flow_on() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let roadshow = roadshow().await;
    let open = |secret: &str| {
        Request::get(format!("/api/events/{}/stream", roadshow.event))
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::empty())
            .unwrap()
    };
    let mut revoked_stream = roadshow
        .app
        .router
        .clone()
        .oneshot(open(&roadshow.investor_b))
        .await
        .unwrap()
        .into_body();
    let mut kept_stream = roadshow
        .app
        .router
        .clone()
        .oneshot(open(&roadshow.investor_a))
        .await
        .unwrap()
        .into_body();
    let within = std::time::Duration::from_secs(5);
    for body in [&mut revoked_stream, &mut kept_stream] {
        let first = tokio::time::timeout(within, body.frame())
            .await
            .expect("the current version");
        assert!(first.is_some());
    }
    let revoke = roadshow
        .app
        .send(
            Method::DELETE,
            &format!("/api/events/{}/investors/B/link", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    assert_eq!(revoke.status, StatusCode::NO_CONTENT);
    let ended = tokio::time::timeout(within, revoked_stream.frame())
        .await
        .expect("the revoked stream ends in time");
    assert!(ended.is_none(), "no frame after revocation: {ended:?}");
    // A's stream still hears the next version.
    let written = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "market", json!(5))],
            )
            .await,
    );
    let version = written[0]["version"].as_i64().unwrap();
    let frame = tokio::time::timeout(within, kept_stream.frame())
        .await
        .expect("a frame in time")
        .unwrap()
        .unwrap();
    assert_eq!(
        String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap(),
        format!("event: version\ndata: {version}\n\n")
    );
}

#[tokio::test]
async fn a_reused_sequence_number_with_another_edit_is_a_conflict() {
    let roadshow = roadshow().await;
    let first = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "market", json!(6))],
            )
            .await,
    );
    assert_eq!(first[0]["status"], "applied");
    let other = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "market", json!(2))],
            )
            .await,
    );
    assert_eq!(other[0]["status"], "rejected");
    assert_eq!(other[0]["error"]["code"], "sequence_reused");
    assert_eq!(
        roadshow.stored_scores().await,
        vec![("A".into(), "S1".into(), "market".into(), Some(6), false)]
    );
    // The same edit sent again is still a replay of its first answer.
    let again = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "market", json!(6))],
            )
            .await,
    );
    assert_eq!(again, first);
}

#[tokio::test]
async fn between_two_devices_the_later_edit_wins_whatever_arrives_last() {
    let roadshow = roadshow().await;
    let at = |mut mutation: Value, at: i64| {
        mutation["at"] = json!(at);
        mutation
    };
    // The laptop's edit was made after the phone's, but the phone's batch was delayed.
    let laptop = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "laptop",
                vec![at(score(1, "S1", "market", json!(9)), 1_764_000_002_000)],
            )
            .await,
    );
    assert_eq!(laptop[0]["status"], "applied");
    let phone = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![at(score(7, "S1", "market", json!(3)), 1_764_000_001_000)],
            )
            .await,
    );
    assert_eq!(
        phone[0]["status"], "superseded",
        "an older tap never overwrites a newer one"
    );
    assert_eq!(
        roadshow.stored_scores().await,
        vec![("A".into(), "S1".into(), "market".into(), Some(9), false)]
    );
    // A newer edit from the phone does replace it.
    let newer = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![at(score(8, "S1", "market", json!(4)), 1_764_000_003_000)],
            )
            .await,
    );
    assert_eq!(newer[0]["status"], "applied");
    assert_eq!(
        roadshow.stored_scores().await,
        vec![("A".into(), "S1".into(), "market".into(), Some(4), false)]
    );
    // A device that sends no time is stamped when its edit arrives: now, later than all of these.
    let old_app = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "old-app",
                vec![score(1, "S1", "market", json!(5))],
            )
            .await,
    );
    assert_eq!(old_app[0]["status"], "applied");
    // A clock far in the future is capped at the server's: it cannot block later edits forever.
    let future = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "fast-clock",
                vec![at(score(1, "S1", "market", json!(1)), 9_000_000_000_000)],
            )
            .await,
    );
    assert_eq!(future[0]["status"], "applied");
    let after = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "zz-honest",
                vec![score(1, "S1", "market", json!(7))],
            )
            .await,
    );
    assert_eq!(
        after[0]["status"], "applied",
        "an edit made after the capped one still replaces it"
    );
    assert_eq!(
        roadshow.stored_scores().await,
        vec![("A".into(), "S1".into(), "market".into(), Some(7), false)]
    );
}

#[tokio::test]
async fn an_older_interest_after_a_newer_comment_from_the_same_device_is_kept() {
    let roadshow = roadshow().await;
    let comment = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![json!({"seq": 2, "type": "comment", "startup": "S1", "text": "좋은 팀"})],
            )
            .await,
    );
    assert_eq!(comment[0]["status"], "applied");
    let interest = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![json!({"seq": 1, "type": "interest", "startup": "S1", "want": true})],
            )
            .await,
    );
    assert_eq!(
        interest[0]["status"], "applied",
        "interest and comment are separate edits"
    );
    let verdicts = roadshow.changes(&roadshow.investor_a, 0).await["verdicts"].clone();
    assert_eq!(
        verdicts,
        json!([{"investor": "A", "startup": "S1", "want": true, "comment": "좋은 팀",
                 "comment_shared": false}])
    );
    // Within one part the rule still holds: an older comment does not undo the newer one.
    let older = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![json!({"seq": 0, "type": "comment", "startup": "S1", "text": "옛 메모"})],
            )
            .await,
    );
    assert_eq!(older[0]["status"], "superseded");
    assert_eq!(
        roadshow.changes(&roadshow.investor_a, 0).await["verdicts"][0]["comment"],
        "좋은 팀"
    );
}

/// PostgreSQL's text cannot hold the NUL character, and no text Roadshow keeps has a use for it:
/// refused at its field on both databases, before anything reaches the store (where one phone's
/// bad text would otherwise fail the group commit it shares with other phones).
#[tokio::test]
async fn text_with_a_nul_character_is_refused_at_its_field_and_nothing_is_stored() {
    let roadshow = roadshow().await;
    let before = roadshow.changes(&roadshow.organizer, 0).await;
    let answer = roadshow
        .mutate(
            &roadshow.investor_a,
            "phone",
            vec![
                score(1, "S1", "innovation", json!(7)),
                json!({"seq": 2, "type": "comment", "startup": "S1", "text": "좋은\u{0}발표"}),
            ],
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text()
    );
    assert_eq!(
        answer.json(),
        json!({"code": "invalid", "message": "some fields are not valid",
               "fields": {"mutations[1].text": [{"code": "invalid_format",
                   "message": "text may not contain the NUL character (U+0000)"}]}})
    );
    let answer = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/startups/S1", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"id": "S1", "name": "Start\u{0}up", "status": "published", "field": "hydrogen",
                        "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소", "contact": "ceo@example.com"})),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text()
    );
    assert_eq!(
        answer.json()["fields"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["name"]
    );
    let answer = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}%00", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text());
    assert_eq!(answer.json()["code"], "malformed_path");
    // Nothing changed, and the phone's next batch (without the NUL) is applied.
    assert_eq!(roadshow.changes(&roadshow.organizer, 0).await, before);
    let applied = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![score(1, "S1", "innovation", json!(7))],
            )
            .await,
    );
    assert_eq!(applied[0]["status"], "applied");
}
