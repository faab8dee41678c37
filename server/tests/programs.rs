//! Programs of roadshows (definitions §7.5): events created in a program or brought by their
//! organizer, the program link's reach (its routes only; no event link opens them), an organizer
//! link of each event for the program organizer, and the program's figures, which are
//! `roadshow report` on the events' exported snapshots, worked out by hand here.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use support::{secret_of, test_app, TestApp};

const SUSORO_BID: &str = "1234567891";
const JEJU_DRONE_BID: &str = "1058700005";

async fn new_program(app: &TestApp, name: &str) -> (String, String) {
    let created = app
        .send(
            Method::POST,
            "/api/programs",
            None,
            Some(json!({"name": name})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let body = created.json();
    let link = body["organizer_link"].as_str().unwrap();
    let id = body["id"].as_str().unwrap().to_owned();
    assert!(
        link.starts_with(&format!("/programs/{id}/organize#k=")),
        "{link}"
    );
    (id, secret_of(link))
}

async fn import(app: &TestApp, snapshot: Value) -> (String, String) {
    let answer = app
        .send(Method::POST, "/api/events/import", None, Some(snapshot))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    let body = answer.json();
    (
        body["id"].as_str().unwrap().to_owned(),
        secret_of(body["organizer_link"].as_str().unwrap()),
    )
}

async fn attach(app: &TestApp, program: &str, key: &str, event: &str, event_key: &str) -> Value {
    let answer = app
        .send(
            Method::PUT,
            &format!("/api/programs/{program}/events/{event}"),
            Some(key),
            Some(json!({"organizer_key": event_key})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

fn event(id: &str, name: &str, day: &str) -> Value {
    json!({
        "id": id, "name": name,
        "starts_at": format!("{day}T10:00:00+09:00"), "ends_at": format!("{day}T17:00:00+09:00"),
        "scale": {"min": 1, "max": 10},
        "criteria": [{"key": "innovation", "weight": 1.0}],
        "min_judges": 1,
        "meetings": {"slots": 4, "tables": 2}
    })
}

fn snapshot(
    event: Value,
    startups: Value,
    investors: Value,
    scores: Value,
    meetings: Value,
    follow_ups: Value,
) -> Value {
    json!({"format": "roadshow-event/1", "event": event, "startups": startups,
           "investors": investors, "scores": scores, "interest": [], "meetings": meetings,
           "follow_ups": follow_ups})
}

/// 울산, May: 수소로 (a1, Ulsan) and 서울바이오 (a2, Seoul, no business id); (주)한빛벤처스 (vc)
/// scored a1 and invested 30억 in it (confirmed); 동남액셀러레이터 (ac) invested 10억 in a2
/// (disputed). Both pairs held their meeting.
fn ulsan() -> Value {
    snapshot(
        event("e-ulsan", "울산 로드쇼", "2026-05-12"),
        json!([
            {"id": "a1", "name": "수소로", "business_id": SUSORO_BID, "region": "Ulsan", "field": "hydrogen"},
            {"id": "a2", "name": "서울바이오", "region": "Seoul", "field": "bio"}
        ]),
        json!([
            {"id": "ia1", "firm": "(주)한빛벤처스", "type": "vc"},
            {"id": "ia2", "firm": "동남액셀러레이터", "type": "ac"}
        ]),
        // 동남 abstained on 서울바이오's pitch: it was pitched, and 동남 counts in its bucket.
        json!([
            {"investor": "ia1", "startup": "a1", "criterion": "innovation", "value": 8},
            {"investor": "ia2", "startup": "a2", "abstain": true}
        ]),
        json!([
            {"investor": "ia1", "startup": "a1", "slot": 0, "table": 0, "status": "held"},
            {"investor": "ia2", "startup": "a2", "slot": 0, "table": 1, "status": "held"}
        ]),
        json!([
            {"investor": "ia1", "startup": "a1", "stage": "invested", "amount_krw": 3_000_000_000_i64,
             "date": "2026-06-01", "confirmed": true},
            {"investor": "ia2", "startup": "a2", "stage": "invested", "amount_krw": 1_000_000_000_i64,
             "date": "2026-06-02", "confirmed": false}
        ]),
    )
}

/// 부산, September: 수소로(주) again (b1, the same business id) and 제주드론 (b2, Jeju); 한빛 벤처스
/// (the same firm as (주)한빛벤처스) met both, scored b2, and invested 5억 in b2 (not answered).
fn busan() -> Value {
    snapshot(
        event("e-busan", "부산 로드쇼", "2026-09-08"),
        json!([
            {"id": "b1", "name": "수소로(주)", "business_id": SUSORO_BID, "region": "Ulsan", "field": "hydrogen"},
            {"id": "b2", "name": "제주드론", "business_id": JEJU_DRONE_BID, "region": "Jeju", "field": "mobility"}
        ]),
        json!([{"id": "ib1", "firm": "한빛 벤처스", "type": "vc"}]),
        json!([{"investor": "ib1", "startup": "b2", "criterion": "innovation", "value": 9}]),
        json!([
            {"investor": "ib1", "startup": "b1", "slot": 0, "table": 0, "status": "held"},
            {"investor": "ib1", "startup": "b2", "slot": 1, "table": 0, "status": "held"}
        ]),
        json!([
            {"investor": "ib1", "startup": "b2", "stage": "invested", "amount_krw": 500_000_000_i64,
             "date": "2026-09-20"}
        ]),
    )
}

async fn report(app: &TestApp, program: &str, key: &str, query: &str) -> Value {
    let answer = app
        .send(
            Method::GET,
            &format!("/api/programs/{program}/report{query}"),
            Some(key),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()
}

#[tokio::test]
async fn a_program_adds_up_its_events_as_roadshow_report_does() {
    let app = test_app().await;
    let (program, key) = new_program(&app, "2026 상생이음 로드쇼").await;
    let (ulsan_id, ulsan_key) = import(&app, ulsan()).await;
    let (busan_id, busan_key) = import(&app, busan()).await;
    attach(&app, &program, &key, &busan_id, &busan_key).await;
    let listed = attach(&app, &program, &key, &ulsan_id, &ulsan_key).await;
    // Earliest first, whatever order they joined in.
    let ids: Vec<&str> = listed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [ulsan_id.as_str(), busan_id.as_str()]);
    assert_eq!(listed["name"], "2026 상생이음 로드쇼");
    assert_eq!(listed["events"][0]["name"], "울산 로드쇼");

    let whole = report(&app, &program, &key, "").await;
    let total = &whole["total"];
    // By hand: 수소로 is one company (a1 = b1 by business id), so 3 startups; pitched: 수소로
    // (scored in Ulsan), 서울바이오 (an abstention) and 제주드론; firms: 한빛벤처스 (both
    // spellings) and 동남 = 2.
    assert_eq!(total["startups_registered"], 3);
    assert_eq!(total["startups_pitched"], 3);
    assert_eq!(total["investors"], 2);
    assert_eq!(total["meetings"]["held"], 4);
    assert_eq!(total["stages"]["invested"], 3);
    // 한빛–수소로(주) held its Busan meeting and has no follow-up: met.
    assert_eq!(total["stages"]["met"], 1);
    assert_eq!(total["invested_krw"], 4_500_000_000_i64);
    assert_eq!(total["invested_krw_confirmed"], 3_000_000_000_i64);
    // Non-capital: 30억 (Ulsan) + 5억 (Jeju) of 45억.
    let share = total["non_capital_share"].as_f64().unwrap();
    assert!((share - 3.5 / 4.5).abs() < 1e-12, "{share}");
    assert_eq!(whole["events"][0]["event"], ulsan_id.as_str());
    assert_eq!(whole["events"][1]["figures"]["invested_krw"], 500_000_000);
    assert_eq!(total["by_region"]["Seoul"]["invested_krw"], 1_000_000_000);
    assert_eq!(
        total["by_investor_type"]["vc"]["invested_krw"],
        3_500_000_000_i64
    );

    // The same figures as `roadshow report` on the two exported snapshots, whole.
    let mut exported = Vec::new();
    for (id, organizer) in [(&ulsan_id, &ulsan_key), (&busan_id, &busan_key)] {
        let answer = app
            .send(
                Method::GET,
                &format!("/api/events/{id}/snapshot"),
                Some(organizer),
                None,
            )
            .await;
        assert_eq!(answer.json()["event"]["program"], program.as_str());
        exported.push(answer.text());
    }
    let inputs: Vec<(&str, &[u8])> = exported
        .iter()
        .map(|text| ("event.json", text.as_bytes()))
        .collect();
    let printed = roadshow_core::cli::report_command(&inputs);
    assert_eq!(printed.exit_code, 0, "{}", printed.stderr);
    let cli: Value = serde_json::from_str(&printed.stdout).unwrap();
    assert_eq!(whole, cli);

    // One event chosen: the total is that event's own figures (by hand: 2 startups, 1 pitched,
    // 1 firm, 5억 not confirmed, all of it non-capital).
    let busan_only = report(&app, &program, &key, &format!("?events={busan_id}")).await;
    assert_eq!(busan_only["events"].as_array().unwrap().len(), 1);
    assert_eq!(busan_only["total"], busan_only["events"][0]["figures"]);
    assert_eq!(busan_only["total"]["startups_registered"], 2);
    assert_eq!(busan_only["total"]["startups_pitched"], 1);
    assert_eq!(busan_only["total"]["investors"], 1);
    assert_eq!(busan_only["total"]["invested_krw_confirmed"], 0);
    assert_eq!(busan_only["total"]["non_capital_share"], 1.0);

    // An id that is not one of the program's events is named at its place.
    let stranger = app
        .send(
            Method::GET,
            &format!("/api/programs/{program}/report?events={busan_id},nope"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        stranger.json()["fields"]["events[1]"][0]["code"],
        "unknown_id"
    );

    // Each event's audit log says it joined and that the program read it.
    let log = app
        .send(
            Method::GET,
            &format!("/api/events/{busan_id}/audit"),
            Some(&busan_key),
            None,
        )
        .await
        .json();
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"joined_program"), "{actions:?}");
    assert!(actions.contains(&"program_report_read"), "{actions:?}");
}

#[tokio::test]
async fn the_program_organizer_creates_events_and_opens_each_ones_console() {
    let app = test_app().await;
    let (program, key) = new_program(&app, "2026 상생이음 로드쇼").await;
    let created = app
        .send(
            Method::POST,
            &format!("/api/programs/{program}/events"),
            Some(&key),
            Some(json!({"name": "광주 로드쇼", "venue": "김대중컨벤션센터",
                        "starts_at": "2026-10-14T10:00", "ends_at": "2026-10-14T16:00"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let event = created.json()["id"].as_str().unwrap().to_owned();
    let event_key = secret_of(created.json()["organizer_link"].as_str().unwrap());
    let listed = app
        .send(
            Method::GET,
            &format!("/api/programs/{program}"),
            Some(&key),
            None,
        )
        .await
        .json();
    assert_eq!(listed["events"][0]["id"], event.as_str());
    assert_eq!(listed["events"][0]["venue"], "김대중컨벤션센터");
    assert_eq!(listed["events"][0]["phase"], "draft");

    // A bad event draft is refused at its field, and nothing joins.
    let refused = app
        .send(
            Method::POST,
            &format!("/api/programs/{program}/events"),
            Some(&key),
            Some(
                json!({"name": "", "starts_at": "2026-10-14T10:00", "ends_at": "2026-10-14T16:00"}),
            ),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.json()["fields"]["name"].is_array(),
        "{}",
        refused.text()
    );

    // The program organizer gets an organizer link of the event; the event organizer's own
    // link stays live.
    let issued = app
        .send(
            Method::POST,
            &format!("/api/programs/{program}/events/{event}/organizer-link"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.text());
    let link = issued.json()["link"].as_str().unwrap().to_owned();
    assert!(
        link.starts_with(&format!("/events/{event}/organize#k=")),
        "{link}"
    );
    for secret in [secret_of(&link), event_key.clone()] {
        let seen = app
            .send(
                Method::GET,
                &format!("/api/events/{event}"),
                Some(&secret),
                None,
            )
            .await;
        assert_eq!(seen.status, StatusCode::OK);
        assert_eq!(seen.json()["role"], "organizer");
    }

    // An event of no program, or of another program, is not this program's.
    let (other_program, other_key) = new_program(&app, "다른 사업").await;
    let elsewhere = app
        .send(
            Method::POST,
            &format!("/api/programs/{program}/events/{event}/organizer-link"),
            Some(&other_key),
            None,
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::UNAUTHORIZED);
    let not_ours = app
        .send(
            Method::POST,
            &format!("/api/programs/{other_program}/events/{event}/organizer-link"),
            Some(&other_key),
            None,
        )
        .await;
    assert_eq!(not_ours.status, StatusCode::NOT_FOUND);
    // It cannot be taken into the other program, even with its organizer's key.
    let taken = app
        .send(
            Method::PUT,
            &format!("/api/programs/{other_program}/events/{event}"),
            Some(&other_key),
            Some(json!({"organizer_key": event_key})),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.text());
    assert_eq!(taken.json()["code"], "in_other_program");
    let still = app
        .send(
            Method::GET,
            &format!("/api/programs/{other_program}"),
            Some(&other_key),
            None,
        )
        .await
        .json();
    assert_eq!(still["events"], json!([]));
}

#[tokio::test]
async fn only_the_events_organizer_can_bring_it_into_a_program() {
    let app = test_app().await;
    let (program, key) = new_program(&app, "2026 상생이음 로드쇼").await;
    let (event, event_key) = import(&app, ulsan()).await;
    // The event's investor link, a wrong key, or the program's own key prove nothing.
    let investor_link = app
        .send(
            Method::POST,
            &format!("/api/events/{event}/investors/ia1/link"),
            Some(&event_key),
            None,
        )
        .await;
    assert!(
        investor_link.status.is_success(),
        "{}",
        investor_link.text()
    );
    let investor_key = secret_of(investor_link.json()["link"].as_str().unwrap());
    for (proof, status) in [
        (investor_key.as_str(), StatusCode::FORBIDDEN),
        ("not-a-key", StatusCode::UNAUTHORIZED),
        (key.as_str(), StatusCode::UNAUTHORIZED),
        (" ", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let refused = app
            .send(
                Method::PUT,
                &format!("/api/programs/{program}/events/{event}"),
                Some(&key),
                Some(json!({"organizer_key": proof})),
            )
            .await;
        assert_eq!(refused.status, status, "{proof}: {}", refused.text());
    }
    let listed = app
        .send(
            Method::GET,
            &format!("/api/programs/{program}"),
            Some(&key),
            None,
        )
        .await
        .json();
    assert_eq!(listed["events"], json!([]));
    let exported = app
        .send(
            Method::GET,
            &format!("/api/events/{event}/snapshot"),
            Some(&event_key),
            None,
        )
        .await
        .json();
    assert!(
        exported["event"].get("program").is_none(),
        "{}",
        exported["event"]
    );
    // Bringing it twice changes nothing the second time.
    attach(&app, &program, &key, &event, &event_key).await;
    let again = attach(&app, &program, &key, &event, &event_key).await;
    assert_eq!(again["events"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_program_link_opens_its_program_only_and_no_event_link_opens_a_program() {
    let app = test_app().await;
    let (program, key) = new_program(&app, "2026 상생이음 로드쇼").await;
    let (other_program, other_key) = new_program(&app, "다른 사업").await;
    let (event, event_key) = import(&app, ulsan()).await;
    attach(&app, &program, &key, &event, &event_key).await;
    let program_paths = [
        (Method::GET, format!("/api/programs/{program}")),
        (Method::GET, format!("/api/programs/{program}/report")),
        (
            Method::POST,
            format!("/api/programs/{program}/events/{event}/organizer-link"),
        ),
    ];
    for (method, path) in &program_paths {
        for secret in [Some(event_key.as_str()), Some(other_key.as_str()), None] {
            let refused = app.send(method.clone(), path, secret, None).await;
            assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{method} {path}");
            let text = refused.text();
            assert!(
                !text.contains("상생이음") && !text.contains("울산"),
                "{text}"
            );
        }
    }
    // Within the event, the program's link is no link at all.
    for path in [
        format!("/api/events/{event}"),
        format!("/api/events/{event}/snapshot"),
        format!("/api/events/{event}/audit"),
    ] {
        let refused = app.send(Method::GET, &path, Some(&key), None).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    // The other program sees nothing of this one's events, and this one is its own.
    let mine = app
        .send(
            Method::GET,
            &format!("/api/programs/{program}"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(mine.status, StatusCode::OK);
    let theirs = app
        .send(
            Method::GET,
            &format!("/api/programs/{other_program}"),
            Some(&other_key),
            None,
        )
        .await
        .json();
    assert_eq!(theirs["events"], json!([]));
    let unknown = app
        .send(Method::GET, "/api/programs/nope", Some(&key), None)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_program_needs_a_name() {
    let app = test_app().await;
    for (body, path, code) in [
        (json!({"name": "  "}), "name", "required"),
        (json!({"name": "가".repeat(201)}), "name", "too_long"),
        (
            json!({"name": "사업", "name_en": "x".repeat(201)}),
            "name_en",
            "too_long",
        ),
    ] {
        let refused = app
            .send(Method::POST, "/api/programs", None, Some(body))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.json()["fields"][path][0]["code"], code);
    }
    let unknown_field = app
        .send(
            Method::POST,
            "/api/programs",
            None,
            Some(json!({"name": "사업", "owner": "x"})),
        )
        .await;
    // As every body of the API: an unknown field is unreadable, named at its place.
    assert_eq!(
        unknown_field.status,
        StatusCode::BAD_REQUEST,
        "{}",
        unknown_field.text()
    );
    assert!(unknown_field.json()["fields"]["owner"].is_array());
}

#[tokio::test]
async fn an_export_lists_the_pairs_that_met_at_an_earlier_event_of_the_program() {
    let app = test_app().await;
    let (program, key) = new_program(&app, "2026 상생이음 로드쇼").await;
    let (ulsan_id, ulsan_key) = import(&app, ulsan()).await;
    let (busan_id, busan_key) = import(&app, busan()).await;
    let export = |id: String, organizer: String| {
        let app = &app;
        async move {
            app.send(
                Method::GET,
                &format!("/api/events/{id}/snapshot"),
                Some(&organizer),
                None,
            )
            .await
            .json()
        }
    };
    // Outside a program, nothing is known of other events.
    let alone = export(busan_id.clone(), busan_key.clone()).await;
    assert!(alone.get("met_before").is_none(), "{alone}");
    attach(&app, &program, &key, &ulsan_id, &ulsan_key).await;
    attach(&app, &program, &key, &busan_id, &busan_key).await;
    // In May, (주)한빛벤처스 held its meeting with 수소로 (business id 1234567891); in September
    // 한빛 벤처스 (ib1) is the same firm and 수소로(주) (b1) the same company. ib1–b2 (제주드론)
    // never met before; 동남 met 서울바이오, which has no business id and is recognised nowhere.
    let busan = export(busan_id.clone(), busan_key.clone()).await;
    assert_eq!(
        busan["met_before"],
        json!([{"investor": "ib1", "startup": "b1", "event": ulsan_id, "event_name": "울산 로드쇼"}])
    );
    // The earlier event knows nothing of the later one.
    let ulsan = export(ulsan_id.clone(), ulsan_key.clone()).await;
    assert!(ulsan.get("met_before").is_none(), "{ulsan}");
    // `roadshow match` on the export leaves the pair out: ib1's only held-before pair is vetoed.
    let snapshot = roadshow_core::snapshot::parse_snapshot(&busan.to_string()).unwrap();
    let board = roadshow_core::matching::MatchBoard::from_snapshot(&snapshot).unwrap();
    assert_eq!(
        board.explain("ib1", "b1").unwrap().veto,
        Some(roadshow_core::matching::Veto::MetBefore)
    );
}

async fn firms(app: &TestApp, program: &str, key: &str, change: Option<Value>) -> support::Answer {
    app.send(
        if change.is_some() {
            Method::POST
        } else {
            Method::GET
        },
        &format!("/api/programs/{program}/firms"),
        Some(key),
        change,
    )
    .await
}

#[tokio::test]
async fn the_program_organizer_merges_and_splits_firms_and_the_figures_follow() {
    let app = test_app().await;
    let (program, key) = new_program(&app, "2026 상생이음 로드쇼").await;
    let (ulsan_id, ulsan_key) = import(&app, ulsan()).await;
    let (busan_id, busan_key) = import(&app, busan()).await;
    attach(&app, &program, &key, &ulsan_id, &ulsan_key).await;
    attach(&app, &program, &key, &busan_id, &busan_key).await;
    let listed = firms(&app, &program, &key, None).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text());
    // 한빛 (two spellings, one per event) and 동남: two firms.
    let identities: Vec<String> = listed.json()["firms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|firm| firm["identity"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(identities.len(), 2);
    let hanbit = roadshow_core::program::firm_identity("한빛벤처스").unwrap();
    let dongnam = roadshow_core::program::firm_identity("동남액셀러레이터").unwrap();
    assert!(identities.contains(&hanbit) && identities.contains(&dongnam));
    let investors = |report: &Value| report["total"]["investors"].as_u64().unwrap();
    assert_eq!(investors(&report(&app, &program, &key, "").await), 2);

    // Split "한빛 벤처스" (Busan) off: three firms, and the Busan pair no longer met before.
    let split = firms(
        &app,
        &program,
        &key,
        Some(json!({"split": {"name": "한빛 벤처스"}})),
    )
    .await;
    assert_eq!(split.status, StatusCode::OK, "{}", split.text());
    assert_eq!(split.json()["firms"].as_array().unwrap().len(), 3);
    assert_eq!(investors(&report(&app, &program, &key, "").await), 3);
    let exported = app
        .send(
            Method::GET,
            &format!("/api/events/{busan_id}/snapshot"),
            Some(&busan_key),
            None,
        )
        .await
        .json();
    assert!(
        exported.get("met_before").is_none(),
        "{}",
        exported["met_before"]
    );

    // Undo: back to two, and the pair met before again.
    let undone = firms(
        &app,
        &program,
        &key,
        Some(json!({"undo": {"name": "한빛 벤처스"}})),
    )
    .await;
    assert_eq!(undone.status, StatusCode::OK, "{}", undone.text());
    assert_eq!(investors(&report(&app, &program, &key, "").await), 2);
    let exported = app
        .send(
            Method::GET,
            &format!("/api/events/{busan_id}/snapshot"),
            Some(&busan_key),
            None,
        )
        .await
        .json();
    assert_eq!(exported["met_before"].as_array().unwrap().len(), 1);

    // Merge 동남 into 한빛: one firm, its names shown with the corrected one marked.
    let merged = firms(
        &app,
        &program,
        &key,
        Some(json!({"merge": {"from": dongnam, "into": hanbit}})),
    )
    .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text());
    let firms_now = merged.json()["firms"].clone();
    assert_eq!(firms_now.as_array().unwrap().len(), 1);
    let corrected: Vec<(String, bool)> = firms_now[0]["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| {
            (
                name["name"].as_str().unwrap().to_owned(),
                name["corrected"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(
        corrected.contains(&("동남액셀러레이터".to_owned(), true)),
        "{corrected:?}"
    );
    assert_eq!(investors(&report(&app, &program, &key, "").await), 1);

    // Refusals name the field and change nothing.
    for (change, path) in [
        (
            json!({"merge": {"from": "nobody", "into": hanbit}}),
            "merge.from",
        ),
        (json!({"split": {"name": "없는 회사"}}), "split.name"),
        (json!({"undo": {"name": "한빛 벤처스"}}), "undo.name"),
    ] {
        let refused = firms(&app, &program, &key, Some(change)).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.text()
        );
        assert!(
            refused.json()["fields"][path].is_array(),
            "{}",
            refused.text()
        );
    }
    assert_eq!(
        firms(&app, &program, &key, None).await.json()["firms"],
        firms_now
    );
}
