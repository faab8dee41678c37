//! Accountability and erasure (docs/definitions.md §10; issue 19): the audit log records every
//! organizer action with its actor and can only grow; the retention erasure clears personal
//! fields and leaves rankings and matches as they were; an erasure request is the holder's to
//! make and the organizer's to execute. Expectations are written from §10, checked on whole
//! JSON documents.

mod support;

use axum::http::{Method, StatusCode};
use chrono::Days;
use roadshow_core::cli::{match_command, rank_command};
use roadshow_core::ranking::TotalMode;
use roadshow_server::live::LiveVersions;
use roadshow_server::retention;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use support::{secret_of, test_app, TestApp};

/// The audit log's name for a link: the first 16 hex digits of its secret's SHA-256,
/// computed here independently of the server.
fn link_id(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))[..16].to_owned()
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    secret: &str,
    body: Option<Value>,
) -> Value {
    let answer = app.send(method.clone(), path, Some(secret), body).await;
    assert!(
        answer.status.is_success(),
        "{method} {path}: {} {}",
        answer.status,
        answer.text()
    );
    if answer.body.is_empty() {
        Value::Null
    } else {
        answer.json()
    }
}

/// The demo roadshow with scores and interest, every investor named with a contact, every
/// startup with a contact; imported as a new event. Returns (event id, organizer secret, the
/// import's answer).
async fn imported_demo(app: &TestApp) -> (String, String, Value) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/demo-roadshow.json"
    ))
    .expect("the shared demo roadshow beside the repository");
    let snapshot = roadshow_core::snapshot::parse_snapshot(&text).unwrap();
    let snapshot = roadshow_core::demo::with_demo_scores(&snapshot, Default::default());
    let mut document = serde_json::to_value(&snapshot).unwrap();
    for (index, investor) in document["investors"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        investor["person"] = json!(format!("심사역{index:02}"));
        investor["contact"] = json!(format!("judge{index:02}@vc.example"));
    }
    for (index, startup) in document["startups"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        startup["contact"] = json!(format!("010-5555-{index:04}"));
    }
    let answer = app
        .send(Method::POST, "/api/events/import", None, Some(document))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let imported = answer.json();
    let event = imported["id"].as_str().unwrap().to_owned();
    let organizer = secret_of(imported["organizer_link"].as_str().unwrap());
    (event, organizer, imported)
}

async fn export(app: &TestApp, event: &str, organizer: &str) -> Value {
    send(
        app,
        Method::GET,
        &format!("/api/events/{event}/snapshot"),
        organizer,
        None,
    )
    .await
}

/// Moves the event's retention date to yesterday (KST), as the organizer does to erase now;
/// returns that date.
async fn retention_until_yesterday(
    app: &TestApp,
    event: &str,
    organizer: &str,
) -> chrono::NaiveDate {
    let base = format!("/api/events/{event}");
    let yesterday = retention::today_kst()
        .checked_sub_days(Days::new(1))
        .unwrap();
    let mut settings =
        send(app, Method::GET, &base, organizer, None).await["event"]["settings"].clone();
    settings["retention_until"] = json!(yesterday.to_string());
    send(
        app,
        Method::PATCH,
        &base,
        organizer,
        Some(json!({"settings": settings})),
    )
    .await;
    yesterday
}

fn rank_and_match(snapshot: &Value) -> (String, String) {
    let bytes = serde_json::to_vec(snapshot).unwrap();
    let rank = rank_command(&bytes, TotalMode::Normalized);
    assert_eq!(rank.exit_code, 0, "{}", rank.stderr);
    let matched = match_command(&bytes, None);
    assert_eq!(matched.exit_code, 0, "{}", matched.stderr);
    (rank.stdout, matched.stdout)
}

/// (actor role, actor link, action, subject role, subject id) of each entry, oldest first.
type Line = (
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

async fn audit_lines(app: &TestApp, event: &str, organizer: &str) -> (Vec<Line>, Value) {
    let log = send(
        app,
        Method::GET,
        &format!("/api/events/{event}/audit"),
        organizer,
        None,
    )
    .await;
    let text = |value: &Value| value.as_str().map(str::to_owned);
    let lines = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            assert_eq!(entry["seq"], json!(index + 1), "{entry}");
            (
                text(&entry["actor_role"]),
                text(&entry["actor_link"]),
                entry["action"].as_str().unwrap().to_owned(),
                text(&entry["subject_role"]),
                text(&entry["subject_id"]),
            )
        })
        .collect();
    (lines, log)
}

fn line(actor: Option<(&str, &str)>, action: &str, subject: Option<(&str, Option<&str>)>) -> Line {
    (
        actor.map(|(role, _)| role.to_owned()),
        actor.map(|(_, link)| link.to_owned()),
        action.to_owned(),
        subject.map(|(role, _)| role.to_owned()),
        subject.and_then(|(_, id)| id.map(str::to_owned)),
    )
}

#[tokio::test]
async fn every_organizer_action_is_in_the_audit_log_with_its_actor() {
    let app = test_app().await;
    let created = app
        .send(
            Method::POST,
            "/api/events",
            None,
            Some(json!({"name": "감사 기록 시험", "venue": "울산", "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T15:00"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let event = created.json()["id"].as_str().unwrap().to_owned();
    let organizer = secret_of(created.json()["organizer_link"].as_str().unwrap());
    let me = link_id(&organizer);
    let base = format!("/api/events/{event}");
    let mut secrets = vec![organizer.clone()];

    // Registration opens, with its link, re-issued once, then revoked.
    send(
        &app,
        Method::PATCH,
        &base,
        &organizer,
        Some(json!({"phase": "registration"})),
    )
    .await;
    let first = send(
        &app,
        Method::POST,
        &format!("{base}/registration-link"),
        &organizer,
        None,
    )
    .await;
    let second = send(
        &app,
        Method::POST,
        &format!("{base}/registration-link"),
        &organizer,
        None,
    )
    .await;
    let registration = [first, second].map(|link| secret_of(link["link"].as_str().unwrap()));
    send(
        &app,
        Method::DELETE,
        &format!("{base}/registration-link"),
        &organizer,
        None,
    )
    .await;
    secrets.extend(registration.iter().cloned());

    // An investor and a startup added by the organizer; the investor's link re-issued, the
    // startup's revoked.
    let investor = send(&app, Method::POST, &format!("{base}/investors"), &organizer,
        Some(json!({"id": "i1", "firm": "가나벤처스", "person": "김심사", "contact": "kim@vc.example"}))).await;
    let startup = send(
        &app,
        Method::POST,
        &format!("{base}/startups"),
        &organizer,
        Some(
            json!({"id": "s1", "name": "수소모빌", "contact": "ceo@h2.example", "field": "hydrogen",
            "stage": "seed", "ask_krw": 500_000_000_i64, "pitch_ko": "수소 발표"}),
        ),
    )
    .await;
    let reissued = send(
        &app,
        Method::POST,
        &format!("{base}/investors/i1/link"),
        &organizer,
        None,
    )
    .await;
    send(
        &app,
        Method::DELETE,
        &format!("{base}/startups/s1/link"),
        &organizer,
        None,
    )
    .await;
    let investor_links =
        [&investor, &reissued].map(|answer| secret_of(answer["link"].as_str().unwrap()));
    let startup_link = secret_of(startup["link"].as_str().unwrap());
    secrets.extend(investor_links.iter().cloned());
    secrets.push(startup_link.clone());

    // Scoring, reveal settings, a retention date, meetings saved then published, an export,
    // the investor's own download, and a removal.
    send(
        &app,
        Method::PATCH,
        &base,
        &organizer,
        Some(json!({"phase": "scoring", "reveal_mode": "never"})),
    )
    .await;
    send(
        &app,
        Method::PATCH,
        &base,
        &organizer,
        Some(json!({"scores_revealed": true})),
    )
    .await;
    let mut settings =
        send(&app, Method::GET, &base, &organizer, None).await["event"]["settings"].clone();
    settings["retention_until"] = json!("2027-03-31");
    settings["meetings"] = json!({"slots": 2, "tables": 1, "first_slot": "2026-12-10T16:00:00+09:00", "slot_minutes": 20});
    send(
        &app,
        Method::PATCH,
        &base,
        &organizer,
        Some(json!({"settings": settings})),
    )
    .await;
    let plan = json!({"meetings": [{"investor": "i1", "startup": "s1", "slot": 0, "table": 0}]});
    let mut draft = plan.clone();
    draft["published"] = json!(false);
    let mut published = plan;
    published["published"] = json!(true);
    send(
        &app,
        Method::PUT,
        &format!("{base}/meetings"),
        &organizer,
        Some(draft),
    )
    .await;
    send(
        &app,
        Method::PUT,
        &format!("{base}/meetings"),
        &organizer,
        Some(published),
    )
    .await;
    export(&app, &event, &organizer).await;
    send(
        &app,
        Method::GET,
        &format!("{base}/my-data"),
        &investor_links[1],
        None,
    )
    .await;
    send(
        &app,
        Method::DELETE,
        &format!("{base}/startups/s1"),
        &organizer,
        None,
    )
    .await;

    let (lines, log) = audit_lines(&app, &event, &organizer).await;
    let registration_ids = registration.each_ref().map(|secret| link_id(secret));
    let investor_ids = investor_links.each_ref().map(|secret| link_id(secret));
    let org = Some(("organizer", me.as_str()));
    let expected = vec![
        line(org, "link_issued", Some(("organizer", None))),
        line(org, "event_created", None),
        line(org, "phase_changed", None),
        line(org, "link_issued", Some(("registration", None))),
        line(org, "link_reissued", Some(("registration", None))),
        line(org, "link_revoked", Some(("registration", None))),
        line(org, "link_issued", Some(("investor", Some("i1")))),
        line(org, "link_issued", Some(("startup", Some("s1")))),
        line(org, "link_reissued", Some(("investor", Some("i1")))),
        line(org, "link_revoked", Some(("startup", Some("s1")))),
        line(org, "phase_changed", None),
        line(org, "reveal_mode_changed", None),
        line(org, "scores_revealed", None),
        line(org, "settings_changed", None),
        line(org, "meetings_saved", None),
        line(org, "meetings_published", None),
        line(org, "snapshot_exported", None),
        line(
            Some(("investor", investor_ids[1].as_str())),
            "personal_data_downloaded",
            Some(("investor", Some("i1"))),
        ),
        line(org, "people_removed", Some(("startup", None))),
    ];
    assert_eq!(lines, expected, "{log:#}");

    // The facts each entry carries.
    let entries = log["entries"].as_array().unwrap();
    let detail = |index: usize| entries[index]["detail"].clone();
    assert_eq!(detail(0), json!({"link": me}));
    assert_eq!(detail(2), json!({"from": "draft", "to": "registration"}));
    assert_eq!(detail(3), json!({"link": registration_ids[0]}));
    assert_eq!(
        detail(4),
        json!({"link": registration_ids[1], "replaced": [registration_ids[0]]})
    );
    assert_eq!(detail(5), json!({"links": [registration_ids[1]]}));
    assert_eq!(
        detail(8),
        json!({"link": investor_ids[1], "replaced": [investor_ids[0]]})
    );
    assert_eq!(detail(9), json!({"links": [link_id(&startup_link)]}));
    assert_eq!(detail(10), json!({"from": "registration", "to": "scoring"}));
    // The default reveal mode waits for the organizer (`RevealMode::default`).
    assert_eq!(
        detail(11),
        json!({"from": "after-organizer-reveal", "to": "never"})
    );
    assert_eq!(
        detail(13),
        json!({"settings": ["meetings", "retention_until"], "retention_until": "2027-03-31"})
    );
    assert_eq!(detail(14), json!({"meetings": 1}));
    assert_eq!(detail(18), json!({"ids": ["s1"]}));
    // Never a secret, a name or a contact.
    let text = log.to_string();
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "a link secret in the log");
    }
    for personal in ["김심사", "kim@vc.example", "ceo@h2.example", "수소모빌"] {
        assert!(!text.contains(personal), "{personal} in the log");
    }
}

#[tokio::test]
async fn an_import_is_recorded_as_the_importers_and_the_log_only_grows() {
    let app = test_app().await;
    let (event, organizer, imported) = imported_demo(&app).await;
    let (lines, log) = audit_lines(&app, &event, &organizer).await;
    let me = link_id(&organizer);
    assert_eq!(
        lines,
        vec![line(
            Some(("organizer", me.as_str())),
            "event_imported",
            None
        )]
    );
    // 8 startups, 20 investors, their scores, and a link each plus the organizer's.
    let snapshot = export(&app, &event, &organizer).await;
    assert_eq!(
        log["entries"][0]["detail"],
        json!({"fictional": false, "startups": 8, "investors": 20,
            "scores": snapshot["scores"].as_array().unwrap().len(),
            "meetings": 0, "follow_ups": 0, "links_issued": 29})
    );
    assert_eq!(imported["investor_links"].as_array().unwrap().len(), 20);

    // No route changes the log, and the database itself refuses to.
    for method in [Method::PUT, Method::PATCH, Method::DELETE, Method::POST] {
        let answer = app
            .send(
                method.clone(),
                &format!("/api/events/{event}/audit"),
                Some(&organizer),
                Some(json!({})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    let update = sqlx::query("UPDATE audit_log SET action = 'nothing' WHERE event_id = $1")
        .bind(&event)
        .execute(&app.db)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_log WHERE event_id = $1")
        .bind(&event)
        .execute(&app.db)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    // The export above was recorded after the import. Reading it again straight after (as the
    // console's match worker does at each new version) adds nothing; after another recorded
    // action, the next read is a new entry.
    let actions = |lines: Vec<Line>| lines.into_iter().map(|line| line.2).collect::<Vec<_>>();
    let (lines, _) = audit_lines(&app, &event, &organizer).await;
    assert_eq!(actions(lines), ["event_imported", "snapshot_exported"]);
    export(&app, &event, &organizer).await;
    export(&app, &event, &organizer).await;
    let (lines, _) = audit_lines(&app, &event, &organizer).await;
    assert_eq!(actions(lines), ["event_imported", "snapshot_exported"]);
    send(
        &app,
        Method::PATCH,
        &format!("/api/events/{event}"),
        &organizer,
        Some(json!({"phase": "scoring"})),
    )
    .await;
    export(&app, &event, &organizer).await;
    let (lines, _) = audit_lines(&app, &event, &organizer).await;
    assert_eq!(
        actions(lines),
        [
            "event_imported",
            "snapshot_exported",
            "phase_changed",
            "snapshot_exported"
        ]
    );
}

/// Every place a personal field can be in an exported snapshot.
fn personal_fields(snapshot: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for investor in snapshot["investors"].as_array().unwrap() {
        for field in ["person", "contact"] {
            if investor.get(field).is_some() {
                found.push(format!("{}.{field}", investor["id"]));
            }
        }
    }
    for startup in snapshot["startups"].as_array().unwrap() {
        if startup.get("contact").is_some() {
            found.push(format!("{}.contact", startup["id"]));
        }
    }
    found
}

#[tokio::test]
async fn the_retention_erasure_clears_personal_fields_and_moves_no_ranking() {
    let app = test_app().await;
    let (event, organizer, _) = imported_demo(&app).await;
    let base = format!("/api/events/{event}");
    let before = export(&app, &event, &organizer).await;
    assert_eq!(personal_fields(&before).len(), 20 * 2 + 8);

    // Before the date: refused, nothing changed.
    let early = app
        .send(
            Method::POST,
            &format!("{base}/retention/erase"),
            Some(&organizer),
            None,
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text());
    assert_eq!(early.json()["code"], "retention_not_reached");

    // The organizer moves the date to yesterday (KST) and runs the erasure.
    let yesterday = retention_until_yesterday(&app, &event, &organizer).await;
    let erased = send(
        &app,
        Method::POST,
        &format!("{base}/retention/erase"),
        &organizer,
        None,
    )
    .await;
    assert_eq!(
        (erased["startups"].clone(), erased["investors"].clone()),
        (json!(8), json!(20))
    );

    let after = export(&app, &event, &organizer).await;
    assert_eq!(personal_fields(&after), Vec::<String>::new());
    let text = after.to_string();
    assert!(
        !text.contains("@vc.example") && !text.contains("010-5555") && !text.contains("심사역")
    );
    // Everything else is as it was: the same document once the personal fields (and the
    // settings' new date) are taken out of the old one.
    let mut expected = before.clone();
    for investor in expected["investors"].as_array_mut().unwrap() {
        investor.as_object_mut().unwrap().remove("person");
        investor.as_object_mut().unwrap().remove("contact");
    }
    for startup in expected["startups"].as_array_mut().unwrap() {
        startup.as_object_mut().unwrap().remove("contact");
    }
    expected["event"]["retention_until"] = json!(yesterday.to_string());
    assert_eq!(after, expected);
    assert_eq!(rank_and_match(&before), rank_and_match(&after));

    // The server's own task: this event is done; an event past its date is erased once, one
    // whose date has not come is left alone.
    let live = LiveVersions::default();
    let today = retention::today_kst();
    assert_eq!(retention::erase_due(&app.db, &live, today).await, 0);
    let (due, due_organizer, _) = imported_demo(&app).await;
    let (kept, kept_organizer, _) = imported_demo(&app).await;
    // The demo ends on 2026-12-10: its default retention date is 2027-12-10.
    let after_default = chrono::NaiveDate::from_ymd_opt(2027, 12, 11).unwrap();
    let mut settings = send(
        &app,
        Method::GET,
        &format!("/api/events/{kept}"),
        &kept_organizer,
        None,
    )
    .await["event"]["settings"]
        .clone();
    settings["retention_until"] = json!("2030-01-01");
    send(
        &app,
        Method::PATCH,
        &format!("/api/events/{kept}"),
        &kept_organizer,
        Some(json!({"settings": settings})),
    )
    .await;
    assert_eq!(retention::erase_due(&app.db, &live, after_default).await, 1);
    assert_eq!(
        retention::erase_due(&app.db, &live, after_default).await,
        0,
        "once"
    );
    assert_eq!(
        personal_fields(&export(&app, &due, &due_organizer).await),
        Vec::<String>::new()
    );
    assert_eq!(
        personal_fields(&export(&app, &kept, &kept_organizer).await).len(),
        48
    );
    let (lines, _) = audit_lines(&app, &due, &due_organizer).await;
    assert_eq!(
        lines[1],
        line(None, "personal_data_erased", None),
        "the server's own task has no link"
    );

    // Two processes sweeping at the same moment: both list the event, one erases it, then the
    // other, holding the write lock at last, finds it erased and leaves it.
    let (both, both_organizer, _) = imported_demo(&app).await;
    let listed = roadshow_server::store::erasure::events_not_erased(&app.db)
        .await
        .unwrap();
    assert!(listed.iter().any(|(id, _)| *id == both));
    assert_eq!(retention::erase_due(&app.db, &live, after_default).await, 1);
    assert_eq!(
        retention::erase_listed(&app.db, &live, listed, after_default).await,
        0,
        "the other sweep erases nothing more"
    );
    let (lines, _) = audit_lines(&app, &both, &both_organizer).await;
    assert_eq!(
        lines
            .iter()
            .filter(|entry| **entry == line(None, "personal_data_erased", None))
            .count(),
        1
    );
}

#[tokio::test]
async fn an_erasure_request_is_the_holders_and_its_execution_the_organizers() {
    let app = test_app().await;
    let (event, organizer, imported) = imported_demo(&app).await;
    let base = format!("/api/events/{event}");
    let link_of = |list: &str, index: usize| {
        (
            imported[list][index][0].as_str().unwrap().to_owned(),
            secret_of(imported[list][index][1].as_str().unwrap()),
        )
    };
    let (startup_id, startup) = link_of("startup_links", 2);
    let (other_startup_id, other_startup) = link_of("startup_links", 3);
    let (investor_id, investor) = link_of("investor_links", 0);
    let before = export(&app, &event, &organizer).await;

    // A note too long is a field error; nothing is stored.
    let long = app
        .send(
            Method::POST,
            &format!("{base}/erasure-requests"),
            Some(&startup),
            Some(json!({"note": "가".repeat(501)})),
        )
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(long.json()["fields"]["note"][0]["code"], "too_long");

    let asked = app
        .send(
            Method::POST,
            &format!("{base}/erasure-requests"),
            Some(&startup),
            Some(json!({"note": "폐업했습니다"})),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED);
    let request = asked.json();
    let again = app
        .send(
            Method::POST,
            &format!("{base}/erasure-requests"),
            Some(&startup),
            Some(json!({})),
        )
        .await;
    assert_eq!(
        (again.status, again.json()),
        (StatusCode::OK, request.clone()),
        "asking twice is one request"
    );
    let investor_request = send(
        &app,
        Method::POST,
        &format!("{base}/erasure-requests"),
        &investor,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        request,
        json!({"id": 1, "role": "startup", "subject_id": startup_id, "note": "폐업했습니다",
            "requested_at": request["requested_at"]})
    );

    // Each holder sees its own request; another startup sees none; the organizer sees both.
    let own = send(
        &app,
        Method::GET,
        &format!("{base}/erasure-requests"),
        &startup,
        None,
    )
    .await;
    assert_eq!(own, json!({"requests": [request]}));
    let other = send(
        &app,
        Method::GET,
        &format!("{base}/erasure-requests"),
        &other_startup,
        None,
    )
    .await;
    assert_eq!(other, json!({"requests": []}));
    let all = send(
        &app,
        Method::GET,
        &format!("{base}/erasure-requests"),
        &organizer,
        None,
    )
    .await;
    assert_eq!(all, json!({"requests": [request, investor_request]}));

    // Executing the startup's request: its profile is anonymised, its link stops working, the
    // other startups' ranks and totals are unchanged.
    let done = send(
        &app,
        Method::POST,
        &format!("{base}/erasure-requests/1/execute"),
        &organizer,
        None,
    )
    .await;
    assert_eq!(
        (done["startups"].clone(), done["investors"].clone()),
        (json!(1), json!(0))
    );
    let twice = app
        .send(
            Method::POST,
            &format!("{base}/erasure-requests/1/execute"),
            Some(&organizer),
            None,
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.json()["code"], "already_executed");
    let gone = app.send(Method::GET, &base, Some(&startup), None).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    let unknown = app
        .send(
            Method::POST,
            &format!("{base}/erasure-requests/99/execute"),
            Some(&organizer),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let after = export(&app, &event, &organizer).await;
    let profile = |snapshot: &Value, id: &str| {
        snapshot["startups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|startup| startup["id"] == id)
            .cloned()
            .unwrap()
    };
    let old = profile(&before, &startup_id);
    let mut anonymous = json!({"id": startup_id, "name": "삭제된 기업", "name_en": "Erased company",
        "wants_to_meet": [], "declines": []});
    for kept in [
        "zone", "field", "stage", "region", "track", "hall", "status", "consent",
    ] {
        if let Some(value) = old.get(kept) {
            anonymous[kept] = value.clone();
        }
    }
    assert_eq!(profile(&after, &startup_id), anonymous);
    assert_eq!(
        profile(&after, &other_startup_id),
        profile(&before, &other_startup_id)
    );
    assert_eq!(
        after["scores"], before["scores"],
        "its scores stay, anonymous"
    );
    let ranks = |snapshot: &Value| -> Vec<Value> {
        let out = rank_command(
            &serde_json::to_vec(snapshot).unwrap(),
            TotalMode::Normalized,
        );
        let mut rows: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
        for row in &mut rows {
            row.as_object_mut().unwrap().remove("name");
        }
        rows
    };
    assert_eq!(ranks(&after), ranks(&before));

    // The audit log: the holders asked, the organizer executed (and revoked the link).
    let (lines, _) = audit_lines(&app, &event, &organizer).await;
    let me = link_id(&organizer);
    let org = Some(("organizer", me.as_str()));
    let startup_link = link_id(&startup);
    let investor_link = link_id(&investor);
    assert_eq!(
        lines[2..],
        [
            line(
                Some(("startup", startup_link.as_str())),
                "erasure_requested",
                Some(("startup", Some(&startup_id)))
            ),
            line(
                Some(("investor", investor_link.as_str())),
                "erasure_requested",
                Some(("investor", Some(&investor_id)))
            ),
            line(org, "link_revoked", Some(("startup", Some(&startup_id)))),
            line(
                org,
                "erasure_executed",
                Some(("startup", Some(&startup_id)))
            ),
            line(org, "snapshot_exported", None),
        ]
    );
}

#[tokio::test]
async fn the_retention_erasure_reaches_the_records_kept_of_removed_people() {
    let app = test_app().await;
    let (event, organizer, _) = imported_demo(&app).await;
    let base = format!("/api/events/{event}");
    send(
        &app,
        Method::DELETE,
        &format!("{base}/investors/i01"),
        &organizer,
        None,
    )
    .await;
    send(
        &app,
        Method::DELETE,
        &format!("{base}/startups/s01"),
        &organizer,
        None,
    )
    .await;
    let stored = || async {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT subject_id, record FROM removals WHERE event_id = $1 ORDER BY subject_id",
        )
        .bind(&event)
        .fetch_all(&app.db)
        .await
        .unwrap();
        rows.into_iter()
            .map(|(id, record)| {
                (
                    id,
                    serde_json::from_str::<Value>(&record).unwrap()["profile"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = stored().await;
    assert_eq!(before[0].1["person"], "심사역00");
    assert_eq!(before[1].1["contact"], "010-5555-0000");

    retention_until_yesterday(&app, &event, &organizer).await;
    send(
        &app,
        Method::POST,
        &format!("{base}/retention/erase"),
        &organizer,
        None,
    )
    .await;

    // The same profiles without their personal fields, nothing else changed.
    let mut expected = before.clone();
    for (_, profile) in &mut expected {
        for field in ["person", "contact"] {
            profile.as_object_mut().unwrap().remove(field);
        }
    }
    assert_eq!(stored().await, expected);
}
