//! Export → import → export keeps the whole event: people, scores, interest, comments, the
//! planned meetings and the event's state (issue 11 item 2, issue 12 item 8). A bad snapshot is
//! refused with field paths and leaves nothing behind; large imports go in chunks.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{roadshow, score, secret_of, Roadshow};

fn results(answer: &support::Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["results"].as_array().unwrap().clone()
}

async fn export(roadshow: &Roadshow, event: &str, organizer: &str) -> Value {
    let answer = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{event}/snapshot"),
            Some(organizer),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

/// `POST /events/import` of `snapshot`, without a secret (anyone may import an event).
async fn import(roadshow: &Roadshow, snapshot: Value) -> support::Answer {
    roadshow
        .app
        .send(Method::POST, "/api/events/import", None, Some(snapshot))
        .await
}

async fn event_count(roadshow: &Roadshow) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(&roadshow.app.db)
        .await
        .unwrap()
}

/// An event that has been through a whole day: scores, a "no", comments (A's shared with the
/// company), a published
/// schedule with times, revealed scores and a registration deadline.
async fn a_full_day() -> Roadshow {
    let roadshow = roadshow().await;
    let applied = results(&roadshow.mutate(&roadshow.investor_a, "phone-a", vec![
        score(1, "S1", "innovation", json!(8)),
        score(2, "S1", "viability", json!(6)),
        json!({"seq": 3, "type": "comment", "startup": "S1", "text": "강한 팀, 실증 데이터 필요 — \"follow up\"", "shared": true}),
        json!({"seq": 4, "type": "interest", "startup": "S1", "want": true}),
    ]).await);
    assert!(
        applied.iter().all(|result| result["status"] == "applied"),
        "{applied:?}"
    );
    let applied = results(&roadshow.mutate(&roadshow.investor_b, "phone-b", vec![
        score(1, "S1", "market", json!(3)),
        json!({"seq": 2, "type": "comment", "startup": "S1", "text": "시장 규모가 작음"}),
    ]).await);
    assert!(
        applied.iter().all(|result| result["status"] == "applied"),
        "{applied:?}"
    );

    let mut settings =
        export(&roadshow, &roadshow.event, &roadshow.organizer).await["event"].clone();
    settings["meetings"]["first_slot"] = json!("2026-12-10T14:00:00+09:00");
    settings["meetings"]["slot_minutes"] = json!(20);
    let event_path = format!("/api/events/{}", roadshow.event);
    let changed = roadshow.app.send(Method::PATCH, &event_path, Some(&roadshow.organizer), Some(json!({
        "settings": settings, "scores_revealed": true, "registration_closes_at": "2026-12-09T18:00"}))).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    let published = roadshow
        .app
        .send(
            Method::PUT,
            &format!("/api/events/{}/meetings", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"published": true, "meetings": [
            {"investor": "A", "startup": "S1", "slot": 0, "table": 0, "status": "held"},
            {"investor": "B", "startup": "S2", "slot": 0, "table": 1, "status": "no_show"},
            {"investor": "B", "startup": "S1", "slot": 2, "table": 0}]})),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text());
    roadshow
}

/// The document with what an import must renew masked: the event id.
fn masked(mut snapshot: Value) -> Value {
    snapshot["event"]["id"] = json!("<event>");
    snapshot
}

#[tokio::test]
async fn export_import_export_gives_the_same_document() {
    let roadshow = a_full_day().await;
    let first = export(&roadshow, &roadshow.event, &roadshow.organizer).await;
    // What the day produced is in the export, by name.
    assert_eq!(
        first["comments"],
        json!([
        {"investor": "A", "startup": "S1", "text": "강한 팀, 실증 데이터 필요 — \"follow up\"", "shared": true},
        {"investor": "B", "startup": "S1", "text": "시장 규모가 작음"}])
    );
    assert_eq!(
        first["meetings"],
        // Statuses are kept as given; a meeting without one stays without (read as proposed).
        json!([
        {"investor": "A", "startup": "S1", "slot": 0, "table": 0, "status": "held"},
        {"investor": "B", "startup": "S2", "slot": 0, "table": 1, "status": "no_show"},
        {"investor": "B", "startup": "S1", "slot": 2, "table": 0}])
    );
    assert_eq!(first["event"]["scores_revealed"], json!(true));
    assert_eq!(first["event"]["meetings_published"], json!(true));
    assert_eq!(
        first["event"]["registration_closes_at"],
        json!("2026-12-09T18:00:00+09:00")
    );
    assert_eq!(first["event"]["phase"], json!("scoring"));

    let imported = import(&roadshow, first.clone()).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text());
    let imported = imported.json();
    let event = imported["id"].as_str().unwrap();
    assert_ne!(event, roadshow.event);
    let organizer = secret_of(imported["organizer_link"].as_str().unwrap());
    let second = export(&roadshow, event, &organizer).await;
    assert_eq!(
        masked(second.clone()),
        masked(first.clone()),
        "the whole document survives the round trip"
    );
    assert_eq!(second["event"]["id"], json!(event));

    // Investors and startups of the new event see their published agenda and their own comment.
    let links: std::collections::BTreeMap<String, String> = imported["investor_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                secret_of(pair[1].as_str().unwrap()),
            )
        })
        .collect();
    let changes = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{event}/changes?since=0"),
            Some(&links["B"]),
            None,
        )
        .await;
    assert_eq!(changes.status, StatusCode::OK, "{}", changes.text());
    let changes = changes.json();
    assert_eq!(
        changes["meetings"],
        json!([
        {"investor": "B", "startup": "S2", "slot": 0, "table": 1, "status": "no_show"},
        {"investor": "B", "startup": "S1", "slot": 2, "table": 0}])
    );
    assert_eq!(
        changes["verdicts"],
        json!([{"investor": "B", "startup": "S1", "want": null, "comment": "시장 규모가 작음",
                 "comment_shared": false}])
    );
    // A's share came through the import too.
    let changes = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{event}/changes?since=0"),
            Some(&links["A"]),
            None,
        )
        .await;
    assert_eq!(
        changes.json()["verdicts"],
        json!([{"investor": "A", "startup": "S1", "want": true,
                 "comment": "강한 팀, 실증 데이터 필요 — \"follow up\"", "comment_shared": true}])
    );

    // A second round trip, from the imported event, is still exact.
    let again = import(&roadshow, second.clone()).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text());
    let again = again.json();
    let third = export(
        &roadshow,
        again["id"].as_str().unwrap(),
        &secret_of(again["organizer_link"].as_str().unwrap()),
    )
    .await;
    assert_eq!(masked(third), masked(first));
}

#[tokio::test]
async fn a_snapshot_with_bad_meetings_or_comments_is_refused_and_nothing_is_stored() {
    let roadshow = a_full_day().await;
    let good = export(&roadshow, &roadshow.event, &roadshow.organizer).await;
    let before = event_count(&roadshow).await;
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!([{"investor": "Z", "startup": "S1", "slot": 0, "table": 0}]),
            vec!["meetings[0].investor"],
        ),
        (
            json!([{"investor": "A", "startup": "S1", "slot": 8, "table": 0}]),
            vec!["meetings[0].slot"],
        ),
        (
            json!([{"investor": "A", "startup": "S1", "slot": 0, "table": -1}]),
            vec!["meetings[0].table"],
        ),
        (
            json!([{"investor": "A", "startup": "S1", "slot": 0, "table": 0}, {"investor": "A", "startup": "S2", "slot": 0, "table": 1}]),
            vec!["meetings[1].slot"],
        ),
        (
            json!([{"investor": "A", "startup": "S1", "slot": 0, "table": 0}, {"investor": "B", "startup": "S2", "slot": 0, "table": 0}]),
            vec!["meetings[1].table"],
        ),
    ];
    for (meetings, paths) in cases {
        let mut snapshot = good.clone();
        snapshot["meetings"] = meetings.clone();
        let answer = import(&roadshow, snapshot).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{meetings} → {}",
            answer.text()
        );
        let fields: Vec<String> = answer.json()["fields"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(fields, paths, "{meetings}");
    }
    let mut snapshot = good.clone();
    snapshot["comments"] = json!([{"investor": "A", "startup": "S9", "text": "?"}]);
    let answer = import(&roadshow, snapshot).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.json()["fields"]["comments[0].startup"].is_array(),
        "{}",
        answer.text()
    );
    assert_eq!(event_count(&roadshow).await, before, "no event was created");
}

#[tokio::test]
async fn unknown_fields_nested_too_deep_are_refused_at_import() {
    let roadshow = roadshow().await;
    let mut snapshot = export(&roadshow, &roadshow.event, &roadshow.organizer).await;
    let mut deep = json!("bottom");
    // Parses alone (as a registration did), but nested this deep a stored profile could no
    // longer be embedded in a larger answer and parsed again.
    for _ in 0..100 {
        deep = json!({"x": deep});
    }
    snapshot["startups"][0]["notes"] = deep;
    let answer = import(&roadshow, snapshot.clone()).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text()
    );
    assert!(
        answer.json()["fields"]["startups[0].notes"].is_array(),
        "{}",
        answer.text()
    );
    // Sixteen levels are fine and survive the round trip.
    let mut shallow = json!("bottom");
    for _ in 0..16 {
        shallow = json!({"x": shallow});
    }
    snapshot["startups"][0]["notes"] = shallow.clone();
    let answer = import(&roadshow, snapshot).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let imported = answer.json();
    let again = export(
        &roadshow,
        imported["id"].as_str().unwrap(),
        &secret_of(imported["organizer_link"].as_str().unwrap()),
    )
    .await;
    assert_eq!(again["startups"][0]["notes"], shallow);
}

#[tokio::test]
async fn a_large_import_goes_in_chunks_and_every_link_opens_its_own_person() {
    let roadshow = roadshow().await;
    let mut snapshot = export(&roadshow, &roadshow.event, &roadshow.organizer).await;
    // More rows than several chunks, in every table that is chunked.
    let investors = roadshow_server::import::CHUNK_ROWS * 3 + 7;
    snapshot["investors"] = (0..investors)
        .map(|j| json!({"id": format!("i{j}"), "firm": format!("Firm {j}")}))
        .collect();
    snapshot["scores"] = (0..investors).map(|j| json!({"investor": format!("i{j}"), "startup": "S1", "criterion": "market", "value": j % 10 + 1})).collect();
    snapshot["interest"] = json!([]);
    let answer = import(&roadshow, snapshot.clone()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let imported = answer.json();
    let event = imported["id"].as_str().unwrap();
    let links = imported["investor_links"].as_array().unwrap();
    assert_eq!(links.len(), investors);
    // The first, a middle and the last link each open their own investor.
    for index in [0, investors / 2, investors - 1] {
        let link = &links[index];
        let answer = roadshow
            .app
            .send(
                Method::GET,
                &format!("/api/events/{event}"),
                Some(&secret_of(link[1].as_str().unwrap())),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        assert_eq!(answer.json()["subject_id"], link[0]);
    }
    let exported = export(
        &roadshow,
        event,
        &secret_of(imported["organizer_link"].as_str().unwrap()),
    )
    .await;
    let firms: Vec<(&Value, &Value)> = exported["investors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|investor| (&investor["id"], &investor["firm"]))
        .collect();
    let expected: Vec<(&Value, &Value)> = snapshot["investors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|investor| (&investor["id"], &investor["firm"]))
        .collect();
    assert!(firms == expected, "every investor, in order");
    let values: Vec<&Value> = exported["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|score| &score["value"])
        .collect();
    assert_eq!(values.len(), investors);
    let importing: i64 = sqlx::query_scalar("SELECT importing FROM events WHERE id = $1")
        .bind(event)
        .fetch_one(&roadshow.app.db)
        .await
        .unwrap();
    assert_eq!(importing, 0);
}

#[tokio::test]
async fn an_import_cut_short_is_invisible_and_removed_at_the_next_start() {
    let roadshow = roadshow().await;
    sqlx::query("UPDATE events SET importing = 1 WHERE id = $1")
        .bind(&roadshow.event)
        .execute(&roadshow.app.db)
        .await
        .unwrap();
    let answer = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::NOT_FOUND,
        "a half-imported event cannot be opened"
    );
    let before = event_count(&roadshow).await;
    assert_eq!(
        // Two hours on: on PostgreSQL, where another process may be importing, only imports
        // begun over an hour before are taken for abandoned.
        roadshow_server::import::remove_unfinished_imports(
            &roadshow.app.db,
            chrono::Utc::now() + chrono::TimeDelta::hours(2)
        )
        .await
        .unwrap(),
        1
    );
    assert_eq!(event_count(&roadshow).await, before - 1);
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM links WHERE event_id = $1")
        .bind(&roadshow.event)
        .fetch_one(&roadshow.app.db)
        .await
        .unwrap();
    assert_eq!(links, 0, "its links went with it");
}

#[tokio::test]
async fn a_schedule_is_published_only_with_meeting_times() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/meetings", roadshow.event);
    let plan = json!({"published": true, "meetings": [{"investor": "A", "startup": "S1", "slot": 0, "table": 0}]});
    let answer = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.organizer),
            Some(plan.clone()),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text()
    );
    let fields: Vec<String> = answer.json()["fields"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(fields, vec!["meetings.first_slot", "meetings.slot_minutes"]);
    assert_eq!(
        answer.json()["fields"]["meetings.first_slot"][0]["code"],
        "required"
    );
    // A draft plan needs no times; nothing was published by the refused request.
    let mut draft = plan.clone();
    draft["published"] = json!(false);
    assert_eq!(
        roadshow
            .app
            .send(Method::PUT, &path, Some(&roadshow.organizer), Some(draft))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        roadshow.changes(&roadshow.investor_a, 0).await["meetings"],
        json!([])
    );
    let mut settings =
        export(&roadshow, &roadshow.event, &roadshow.organizer).await["event"].clone();
    settings["meetings"]["first_slot"] = json!("2026-12-10T14:00:00+09:00");
    let set = roadshow
        .app
        .send(
            Method::PATCH,
            &format!("/api/events/{}", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"settings": settings.clone()})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text());
    let answer = roadshow
        .app
        .send(
            Method::PUT,
            &path,
            Some(&roadshow.organizer),
            Some(plan.clone()),
        )
        .await;
    let fields: Vec<String> = answer.json()["fields"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        fields,
        vec!["meetings.slot_minutes"],
        "only what is still missing"
    );
    settings["meetings"]["slot_minutes"] = json!(20);
    roadshow
        .app
        .send(
            Method::PATCH,
            &format!("/api/events/{}", roadshow.event),
            Some(&roadshow.organizer),
            Some(json!({"settings": settings})),
        )
        .await;
    assert_eq!(
        roadshow
            .app
            .send(Method::PUT, &path, Some(&roadshow.organizer), Some(plan))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        roadshow.changes(&roadshow.investor_a, 0).await["meetings"],
        json!([{"investor": "A", "startup": "S1", "slot": 0, "table": 0}])
    );
}

#[tokio::test]
async fn a_profile_with_deep_or_large_unknown_fields_is_refused_and_not_stored() {
    let roadshow = roadshow().await;
    let path = format!("/api/events/{}/startups", roadshow.event);
    let mut deep = json!(1);
    for _ in 0..100 {
        deep = json!([deep]);
    }
    let large = json!("가".repeat(2000));
    for (field, value, code) in [
        ("notes", deep, "invalid_format"),
        ("blob", large, "too_long"),
    ] {
        let mut profile = json!({"id": "", "name": "Nested Inc", "status": "draft"});
        profile[field] = value;
        let answer = roadshow
            .app
            .send(
                Method::POST,
                &path,
                Some(&roadshow.organizer),
                Some(profile),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            answer.text()
        );
        assert_eq!(
            answer.json()["fields"][field][0]["code"],
            code,
            "{}",
            answer.text()
        );
    }
    let stored: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM startups WHERE event_id = $1 AND profile LIKE '%Nested Inc%'",
    )
    .bind(&roadshow.event)
    .fetch_one(&roadshow.app.db)
    .await
    .unwrap();
    assert_eq!(stored, 0);
    // The export, and so the console's load, still reads back.
    let snapshot = export(&roadshow, &roadshow.event, &roadshow.organizer).await;
    assert_eq!(
        roadshow_core::validate::validate(
            &roadshow_core::snapshot::parse_snapshot(&snapshot.to_string()).unwrap()
        ),
        vec![]
    );
}

#[tokio::test]
async fn settings_that_would_break_stored_scores_or_meetings_are_refused_with_nothing_changed() {
    let roadshow = a_full_day().await;
    let path = format!("/api/events/{}", roadshow.event);
    let before = export(&roadshow, &roadshow.event, &roadshow.organizer).await;
    let settings = before["event"].clone();
    // (change to the settings, the setting named, the count of broken values)
    let narrower = {
        let mut settings = settings.clone();
        settings["scale"] = json!({"min": 1, "max": 5});
        settings
    };
    let renamed = {
        let mut settings = settings.clone();
        settings["criteria"][0]["key"] = json!("tech");
        settings
    };
    let fewer_slots = {
        let mut settings = settings.clone();
        settings["meetings"]["slots"] = json!(2);
        settings
    };
    // Scores stored: A innovation 8, A viability 6, B market 3; a meeting in slot 2.
    for (changed, field, count) in [
        (narrower, "settings.scale", 2),
        (renamed, "settings.criteria", 1),
        (fewer_slots, "settings.meetings.slots", 1),
    ] {
        let answer = roadshow
            .app
            .send(
                Method::PATCH,
                &path,
                Some(&roadshow.organizer),
                Some(json!({"settings": changed})),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            answer.text()
        );
        let body = answer.json();
        let fields: Vec<&String> = body["fields"].as_object().unwrap().keys().collect();
        assert_eq!(fields, [field], "{body}");
        assert_eq!(body["fields"][field][0]["code"], "breaks_stored_data");
        let message = body["fields"][field][0]["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("{count} ")), "{message}");
    }
    assert_eq!(
        export(&roadshow, &roadshow.event, &roadshow.organizer).await,
        before,
        "nothing changed"
    );
    // A change that keeps every stored value valid goes through (0–10 contains 1–10).
    let mut wider = settings.clone();
    wider["scale"] = json!({"min": 0, "max": 10});
    let answer = roadshow
        .app
        .send(
            Method::PATCH,
            &path,
            Some(&roadshow.organizer),
            Some(json!({"settings": wider})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

/// Rounds (definitions §8.1): an event evaluated in rounds goes in and comes back whole — its
/// rounds, and every score under its own round, the same investor, startup and criterion scored
/// once in each round.
#[tokio::test]
async fn an_event_with_rounds_comes_back_whole() {
    let roadshow = a_full_day().await;
    let good = export(&roadshow, &roadshow.event, &roadshow.organizer).await;
    let mut two_rounds = good.clone();
    two_rounds["event"]["rounds"] = json!([
        {"id": "screening", "name": "서류 심사", "criteria": [{"key": "innovation", "weight": 1.0}],
         "scale": {"min": 1, "max": 5}, "judges": ["A"], "promote": {"startups": ["S1"]},
         "starts_at": "2026-12-01T10:00"},
        {"id": "final", "weight": 2.0}
    ]);
    two_rounds["event"]["final"] = json!("weighted");
    let mut scores = Vec::new();
    for score in two_rounds["scores"].as_array().unwrap() {
        let mut in_final = score.clone();
        in_final["round"] = json!("final");
        scores.push(in_final);
    }
    // A's screening score on the same startup and criterion as one of its final scores.
    scores.push(
        json!({"investor": "A", "startup": "S1", "criterion": "innovation", "value": 4,
        "round": "screening", "updated_at": "2026-12-01T01:00:00Z"}),
    );
    two_rounds["scores"] = json!(scores);
    assert!(roadshow_core::validate::validate(
        &serde_json::from_value(two_rounds.clone()).unwrap()
    )
    .is_empty());
    let imported = import(&roadshow, two_rounds.clone()).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text());
    let imported = imported.json();
    let event = imported["id"].as_str().unwrap();
    let organizer = support::secret_of(imported["organizer_link"].as_str().unwrap());
    let mut back = export(&roadshow, event, &organizer).await;
    let sorted = |scores: &Value| {
        let mut list = scores.as_array().unwrap().clone();
        list.sort_by_key(|score| score.to_string());
        json!(list)
    };
    back["scores"] = sorted(&back["scores"]);
    let mut expected = two_rounds.clone();
    expected["scores"] = sorted(&expected["scores"]);
    assert_eq!(masked(back), masked(expected));
}

/// The export and the organizer's change feed read score cells grouped by investor (one row
/// each from SQLite): every cell still comes back once, in investor, startup, round and
/// criterion order (bytewise, as SQLite's BINARY collation and Rust's `str` order both are),
/// whatever order they were imported in.
#[tokio::test]
async fn every_score_cell_comes_back_in_investor_startup_criterion_order() {
    let roadshow = a_full_day().await;
    let mut snapshot = export(&roadshow, &roadshow.event, &roadshow.organizer).await;
    let criteria: Vec<String> = snapshot["event"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|criterion| criterion["key"].as_str().unwrap().to_owned())
        .collect();
    let (c0, c1) = (criteria[0].as_str(), criteria[1].as_str());
    let with_id = |template: &Value, id: &str| {
        let mut person = template.clone();
        person["id"] = json!(id);
        person
    };
    let investors = ["b", "A", "가"];
    let startups = ["s10", "s2", "S1"];
    snapshot["investors"] = json!(investors
        .iter()
        .map(|id| with_id(&snapshot["investors"][0], id))
        .collect::<Vec<_>>());
    snapshot["startups"] = json!(startups
        .iter()
        .map(|id| with_id(&snapshot["startups"][0], id))
        .collect::<Vec<_>>());
    for list in [
        "interest",
        "meetings",
        "comments",
        "follow_ups",
        "met_before",
    ] {
        snapshot[list] = json!([]);
    }
    // (investor, startup, criterion or None for the whole pitch, value or None for abstaining),
    // in no particular order.
    let cells: Vec<(&str, &str, Option<&str>, Option<i64>)> = vec![
        ("가", "S1", Some(c1), Some(3)),
        ("b", "s2", Some(c0), Some(7)),
        ("A", "s10", Some(c1), Some(5)),
        ("가", "s2", None, None),
        ("b", "S1", Some(c1), Some(9)),
        ("A", "s10", Some(c0), Some(4)),
        ("b", "s2", Some(c1), None),
        ("b", "S1", Some(c0), Some(2)),
        ("A", "S1", Some(c0), Some(6)),
        ("가", "s10", Some(c0), Some(8)),
    ];
    snapshot["scores"] = json!(cells
        .iter()
        .map(|(investor, startup, criterion, value)| {
            let mut entry = json!({"investor": investor, "startup": startup});
            if let Some(criterion) = criterion {
                entry["criterion"] = json!(criterion);
            }
            match value {
                Some(value) => entry["value"] = json!(value),
                None => entry["abstain"] = json!(true),
            }
            entry
        })
        .collect::<Vec<_>>());
    let imported = import(&roadshow, snapshot).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text());
    let imported = imported.json();
    let event = imported["id"].as_str().unwrap();
    let organizer = secret_of(imported["organizer_link"].as_str().unwrap());

    // The oracle: the cells sorted by (investor, startup, criterion), the whole pitch's ""
    // first, as (investor, startup, criterion, value, abstain).
    let mut expected: Vec<(String, String, String, Option<i64>, bool)> = cells
        .iter()
        .map(|(investor, startup, criterion, value)| {
            (
                investor.to_string(),
                startup.to_string(),
                criterion.unwrap_or_default().to_owned(),
                *value,
                value.is_none(),
            )
        })
        .collect();
    expected.sort();
    assert_eq!(expected[0].0, "A", "bytewise: upper case before lower case");
    assert_eq!(expected.last().unwrap().0, "가", "bytewise: Hangul last");
    let seen = |entries: &Value| -> Vec<(String, String, String, Option<i64>, bool)> {
        entries
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| {
                (
                    entry["investor"].as_str().unwrap().to_owned(),
                    entry["startup"].as_str().unwrap().to_owned(),
                    entry["criterion"].as_str().unwrap_or_default().to_owned(),
                    entry["value"].as_i64(),
                    entry["abstain"].as_bool().unwrap_or(false),
                )
            })
            .collect()
    };
    let exported = export(&roadshow, event, &organizer).await;
    assert_eq!(seen(&exported["scores"]), expected, "the export");
    assert!(exported["scores"]
        .as_array()
        .unwrap()
        .iter()
        .all(|entry| entry["updated_at"].is_string()));
    let changes = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{event}/changes?since=0"),
            Some(&organizer),
            None,
        )
        .await;
    assert_eq!(changes.status, StatusCode::OK, "{}", changes.text());
    assert_eq!(
        seen(&changes.json()["scores"]),
        expected,
        "the organizer's change feed"
    );
}

/// The match board works from the console's own copy of the event (`core::replica`, handed to
/// the worker by `core::handoff`) instead of the export. That copy must be the export, but for
/// what the console does not keep: each score's edit time, the investors' comments (the console
/// keeps them with each verdict) and the event's live state (kept apart, in `live`).
#[tokio::test]
async fn the_console_s_copy_of_an_event_is_its_export_but_for_what_it_keeps_apart() {
    let roadshow = a_full_day().await;
    let demo = roadshow_core::demo::with_demo_scores(
        &roadshow_core::snapshot::parse_snapshot(include_str!(
            "../../core/data/demo-roadshow.json"
        ))
        .unwrap(),
        Default::default(),
    );
    let imported = import(&roadshow, serde_json::to_value(&demo).unwrap()).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text());
    let imported = imported.json();
    let events = [
        (roadshow.event.clone(), roadshow.organizer.clone()),
        (
            imported["id"].as_str().unwrap().to_owned(),
            secret_of(imported["organizer_link"].as_str().unwrap()),
        ),
    ];
    for (event, organizer) in events {
        let mut exported = export(&roadshow, &event, &organizer).await;
        let changes = roadshow
            .app
            .send(
                Method::GET,
                &format!("/api/events/{event}/changes?since=0"),
                Some(&organizer),
                None,
            )
            .await;
        assert_eq!(changes.status, StatusCode::OK, "{}", changes.text());
        let changes: roadshow_core::replica::ConsoleChanges =
            serde_json::from_str(&changes.text()).unwrap();
        let mut replica = roadshow_core::replica::Replica::new();
        replica.apply(changes).unwrap();
        let copy = serde_json::to_value(replica.snapshot_with_outcomes().unwrap()).unwrap();

        assert!(exported["scores"].as_array().unwrap().len() >= 3);
        for score in exported["scores"].as_array_mut().unwrap() {
            score.as_object_mut().unwrap().remove("updated_at");
        }
        let object = exported.as_object_mut().unwrap();
        object.remove("comments");
        let settings = object["event"].as_object_mut().unwrap();
        for live in [
            "meetings_published",
            "scores_revealed",
            "registration_closes_at",
        ] {
            settings.remove(live);
        }
        assert_eq!(copy, exported, "event {event}");
    }
}
