//! Feedback to startups (docs/definitions.md §8.4; issue 16): the organizer releases the reports
//! once the results are published; a startup then reads its own — criterion means against the
//! field's, judge count, interval, rank band (and the rank when enabled) — and nothing in the
//! response identifies a judge. The figures are checked against `roadshow rank`'s output on the
//! exported snapshot (the command-line contract), not against the report's own code.

mod support;

use axum::http::{Method, StatusCode};
use roadshow_core::cli::rank_command;
use roadshow_core::ranking::TotalMode;
use serde_json::{json, Value};
use support::{roadshow, score, Roadshow};

async fn get(roadshow: &Roadshow, secret: &str, startup: &str) -> support::Answer {
    roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}/startups/{startup}/feedback", roadshow.event),
            Some(secret),
            None,
        )
        .await
}

/// The fixture (S1 published) with S3 and S4, scored by A and B on every criterion, and a
/// comment by A on S1 that must never reach the founder.
async fn scored() -> (Roadshow, Vec<String>) {
    let roadshow = roadshow().await;
    for id in ["S3", "S4"] {
        let added = roadshow
            .app
            .send(
                Method::POST,
                &format!("/api/events/{}/startups", roadshow.event),
                Some(&roadshow.organizer),
                Some(
                    json!({"id": id, "name": format!("Startup {id}"), "status": "published",
                    "field": "hydrogen", "stage": "seed", "ask_krw": 500_000_000_i64,
                    "pitch_ko": "발표", "contact": "ceo@example.com"}),
                ),
            )
            .await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    }
    let settings = roadshow.changes(&roadshow.organizer, 0).await["event"]["settings"].clone();
    let criteria: Vec<String> = settings["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|criterion| criterion["key"].as_str().unwrap().to_owned())
        .collect();
    let values = [
        (&roadshow.investor_a, [("S1", 9), ("S3", 6), ("S4", 4)]),
        (&roadshow.investor_b, [("S1", 7), ("S3", 8), ("S4", 3)]),
    ];
    for (judge, (secret, marks)) in values.iter().enumerate() {
        let mut mutations = Vec::new();
        for (startup, base) in marks {
            for (c, criterion) in criteria.iter().enumerate() {
                let value = (base - c as i64 + judge as i64).clamp(1, 10);
                mutations.push(score(
                    mutations.len() as i64 + 1,
                    startup,
                    criterion,
                    json!(value),
                ));
            }
        }
        mutations.push(
            json!({"seq": mutations.len() + 1, "type": "comment", "startup": "S1",
            "text": "JUDGE-PRIVATE-COMMENT"}),
        );
        let sent = roadshow
            .mutate(secret, &format!("phone-{judge}"), mutations)
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
    }
    (roadshow, criteria)
}

/// `roadshow rank` on the event's export.
async fn rank_rows(roadshow: &Roadshow) -> Vec<Value> {
    let export = roadshow
        .app
        .send(
            Method::GET,
            &format!("/api/events/{}/snapshot", roadshow.event),
            Some(&roadshow.organizer),
            None,
        )
        .await;
    let out = rank_command(&export.body, TotalMode::Normalized);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[tokio::test]
async fn a_released_report_matches_the_ranking_and_names_no_judge() {
    let (roadshow, criteria) = scored().await;
    // Not released, and not releasable before the results are published.
    let early = get(&roadshow, &roadshow.startup, "S1").await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text());
    assert_eq!(early.json()["code"], "feedback_not_released");
    let refused = roadshow
        .patch_event(&roadshow.organizer, json!({"feedback": {"released": true}}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json()["fields"]["feedback.released"][0]["code"],
        "not_applicable"
    );
    let live = roadshow.changes(&roadshow.organizer, 0).await["event"]["live"].clone();
    assert_eq!(
        live["feedback"],
        json!({"released": false, "exact_rank": false})
    );

    let released = roadshow
        .patch_event(
            &roadshow.organizer,
            json!({"phase": "results-published", "feedback": {"released": true}}),
        )
        .await;
    assert_eq!(released.status, StatusCode::OK, "{}", released.text());
    let rows = rank_rows(&roadshow).await;
    let row = |id: &str| {
        rows.iter()
            .find(|row| row["startup"] == id)
            .unwrap()
            .clone()
    };
    let ranked = rows.iter().filter(|row| !row["rank"].is_null()).count() as u64;
    assert_eq!(ranked, 3);

    for (startup, secret_is_own) in [("S1", true), ("S3", false), ("S4", false)] {
        // The founder reads its own (only S1 has a link in the fixture); the organizer any.
        let secret = if secret_is_own {
            &roadshow.startup
        } else {
            &roadshow.organizer
        };
        let answer = get(&roadshow, secret, startup).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{startup}: {}",
            answer.text()
        );
        let report = answer.json();
        let rank_row = row(startup);
        let rank = rank_row["rank"].as_u64().unwrap();
        // Bands by hand: of 3 ranked, 10 % and 25 % hold nobody (100 > 30, 100 > 75), 50 % holds
        // the first (100 ≤ 150), the rest are "rest".
        let band = if rank == 1 { "top_50" } else { "rest" };
        let field_mean = |c: &str| {
            let means: Vec<f64> = rows
                .iter()
                .filter_map(|row| row["criteria"][c].as_f64())
                .collect();
            means.iter().sum::<f64>() / means.len() as f64
        };
        let expected = json!({
            "startup": startup,
            "judges": rank_row["judges"],
            "total": rank_row["normalized_total"],
            "ci_low": rank_row["ci_low"],
            "ci_high": rank_row["ci_high"],
            "ranked": ranked,
            "band": band,
            "criteria": criteria.iter().map(|c| json!({
                "criterion": c,
                "mean": rank_row["criteria"][c],
                "field_mean": field_mean(c),
            })).collect::<Vec<_>>(),
            // The fixture's comments are private.
            "comments": [],
        });
        assert_eq!(
            close(&report),
            close(&expected),
            "{startup}: {report} vs {expected}"
        );
        // Nothing that identifies a judge, on the JSON itself.
        let text = answer.text();
        for mark in [
            "Firm A",
            "Firm B",
            "@vc.example",
            "\"investor",
            "\"A\"",
            "\"B\"",
            "JUDGE-PRIVATE-COMMENT",
        ] {
            assert!(!text.contains(mark), "{mark} in {startup}'s report: {text}");
        }
    }

    // The exact rank, when the organizer shows it; withdrawal closes the report again.
    let exact = roadshow
        .patch_event(
            &roadshow.organizer,
            json!({"feedback": {"released": true, "exact_rank": true}}),
        )
        .await;
    assert_eq!(exact.status, StatusCode::OK, "{}", exact.text());
    let report = get(&roadshow, &roadshow.startup, "S1").await.json();
    assert_eq!(report["rank"], row("S1")["rank"]);
    let withdrawn = roadshow
        .patch_event(
            &roadshow.organizer,
            json!({"feedback": {"released": false}}),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK);
    let closed = get(&roadshow, &roadshow.startup, "S1").await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert_eq!(closed.json()["code"], "feedback_not_released");

    // Investors never read a report; a founder never reads another's.
    roadshow
        .patch_event(&roadshow.organizer, json!({"feedback": {"released": true}}))
        .await;
    for (secret, startup) in [
        (&roadshow.investor_a, "S1"),
        (&roadshow.investor_b, "S3"),
        (&roadshow.startup, "S3"),
    ] {
        let answer = get(&roadshow, secret, startup).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
        assert!(!answer.text().contains("\"criteria\""));
    }

    // Each release and withdrawal is in the audit log, with the exact-rank choice.
    let feedback: Vec<(String, Value)> = roadshow
        .audit_entries()
        .await
        .iter()
        .filter(|entry| {
            entry["action"]
                .as_str()
                .is_some_and(|action| action.starts_with("feedback_"))
        })
        .map(|entry| {
            (
                entry["action"].as_str().unwrap().to_owned(),
                entry["detail"].clone(),
            )
        })
        .collect();
    assert_eq!(
        feedback,
        vec![
            ("feedback_released".into(), json!({"exact_rank": false})),
            ("feedback_released".into(), json!({"exact_rank": true})),
            ("feedback_withdrawn".into(), Value::Null),
            ("feedback_released".into(), json!({"exact_rank": false})),
        ]
    );
}

/// Numbers rounded to 1e-9, so a mean summed in another order compares equal.
fn close(value: &Value) -> Value {
    match value {
        Value::Number(number) => number
            .as_f64()
            .filter(|_| !number.is_i64() && !number.is_u64())
            .map(|x| json!((x * 1e9).round() / 1e9))
            .unwrap_or_else(|| value.clone()),
        Value::Array(items) => Value::Array(items.iter().map(close).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), close(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Definitions §8.4: the comments judges tick "share with the company" reach the founder's
/// report as bare texts; private ones, other startups' and a withdrawn share do not. Comments
/// and shares are written while scoring is open, like scores.
#[tokio::test]
async fn comments_judges_share_reach_the_founder_unsigned() {
    let (roadshow, _) = scored().await;
    let comment = |seq: i64, startup: &str, text: &str, shared: bool| json!({"seq": seq, "type": "comment", "startup": startup, "text": text, "shared": shared});
    let applied = |answer: &support::Answer| {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let results = answer.json()["results"].clone();
        assert!(
            results
                .as_array()
                .unwrap()
                .iter()
                .all(|result| result["status"] == "applied"),
            "{results}"
        );
    };
    for (secret, phone, comments) in [
        (
            &roadshow.investor_a,
            "phone-a-share",
            vec![
                comment(1, "S1", "실증 데이터가 설득력 있습니다", true),
                comment(2, "S3", "SHARED-THEN-WITHDRAWN", true),
            ],
        ),
        (
            &roadshow.investor_b,
            "phone-b-share",
            vec![
                comment(1, "S1", "B-KEEPS-THIS-PRIVATE", false),
                comment(2, "S4", "Pricing needs work", true),
            ],
        ),
    ] {
        applied(&roadshow.mutate(secret, phone, comments).await);
    }
    // The organizer's preview follows each share while scoring is open.
    let preview = get(&roadshow, &roadshow.organizer, "S3").await.json();
    assert_eq!(preview["comments"], json!(["SHARED-THEN-WITHDRAWN"]));
    applied(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone-a-share",
                vec![comment(3, "S3", "SHARED-THEN-WITHDRAWN", false)],
            )
            .await,
    );
    let preview = get(&roadshow, &roadshow.organizer, "S3").await.json();
    assert_eq!(preview["comments"], json!([]));

    // The investor's own feed says what it shares, whole.
    let feed = roadshow.changes(&roadshow.investor_a, 0).await;
    let mine: Vec<&Value> = feed["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|verdict| verdict["startup"] == "S1")
        .collect();
    assert_eq!(
        mine,
        [&json!({"investor": "A", "startup": "S1", "want": null,
                 "comment": "실증 데이터가 설득력 있습니다", "comment_shared": true})]
    );

    let released = roadshow
        .patch_event(
            &roadshow.organizer,
            json!({"phase": "results-published", "feedback": {"released": true}}),
        )
        .await;
    assert_eq!(released.status, StatusCode::OK, "{}", released.text());
    let answer = get(&roadshow, &roadshow.startup, "S1").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(
        answer.json()["comments"],
        json!(["실증 데이터가 설득력 있습니다"])
    );
    let text = answer.text();
    for mark in [
        "Firm A",
        "Firm B",
        "\"investor",
        "\"A\"",
        "\"B\"",
        "B-KEEPS-THIS-PRIVATE",
        "SHARED-THEN-WITHDRAWN",
        "JUDGE-PRIVATE-COMMENT",
    ] {
        assert!(!text.contains(mark), "{mark} in the report: {text}");
    }
    let s4 = get(&roadshow, &roadshow.organizer, "S4").await.json();
    assert_eq!(s4["comments"], json!(["Pricing needs work"]));
}
