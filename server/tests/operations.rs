//! What an operations team reads from a running process: the liveness and readiness probes,
//! `/metrics` in the Prometheus text format, and the 503 a request gets while the database is
//! away. The scrape is read with a parser written here from the text format's rules (not with the
//! crate that writes it), and every expected figure is counted by hand from the requests the test
//! makes.

mod support;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use roadshow_server::assets::AppAssets;
use roadshow_server::{app, db, AppState};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use support::{roadshow, score, test_app, Roadshow};
use tower::ServiceExt;

/// One sample: metric name and its labels, sorted.
type Series = (String, BTreeMap<String, String>);

/// Reads the Prometheus text format (0.0.4): `# HELP`/`# TYPE` lines, then
/// `name{label="value",…} number` lines, label values escaped with `\\`, `\"` and `\n`.
fn parse_exposition(text: &str) -> BTreeMap<Series, f64> {
    let mut samples = BTreeMap::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .expect("a sample line ends in its value");
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            other => other.parse().unwrap_or_else(|_| panic!("value of {line}")),
        };
        let (name, labels) = match series.split_once('{') {
            None => (series.to_owned(), BTreeMap::new()),
            Some((name, rest)) => {
                let body = rest.strip_suffix('}').expect("labels end with }");
                (name.to_owned(), parse_labels(body))
            }
        };
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "metric name {name:?}"
        );
        let previous = samples.insert((name, labels), value);
        assert!(previous.is_none(), "a series appears twice: {line}");
    }
    samples
}

fn parse_labels(body: &str) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let mut chars = body.chars().peekable();
    while chars.peek().is_some() {
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
        assert_eq!(chars.next(), Some('"'), "label {name} opens with a quote");
        let mut value = String::new();
        loop {
            match chars.next().expect("label value closes") {
                '\\' => match chars.next().expect("an escaped character") {
                    'n' => value.push('\n'),
                    other => value.push(other),
                },
                '"' => break,
                other => value.push(other),
            }
        }
        labels.insert(name, value);
        match chars.next() {
            None | Some(',') => {}
            Some(other) => panic!("after a label value: {other:?}"),
        }
    }
    labels
}

fn series(name: &str, labels: &[(&str, &str)]) -> Series {
    (
        name.to_owned(),
        labels
            .iter()
            .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
            .collect(),
    )
}

async fn scrape(roadshow: &Roadshow) -> (String, BTreeMap<Series, f64>) {
    let answer = roadshow.app.send(Method::GET, "/metrics", None, None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = answer.text();
    let samples = parse_exposition(&text);
    (text, samples)
}

/// How much a series grew between two scrapes (absent counts as 0).
fn grew(before: &BTreeMap<Series, f64>, after: &BTreeMap<Series, f64>, key: &Series) -> f64 {
    after.get(key).copied().unwrap_or(0.0) - before.get(key).copied().unwrap_or(0.0)
}

/// `GET /api/events/{id}/stream` with `secret`, to send to the router directly (the body of a
/// live stream never ends, so it is held rather than read whole).
fn stream_request(roadshow: &Roadshow, secret: &str) -> Request<Body> {
    Request::builder()
        .uri(format!("/api/events/{}/stream", roadshow.event))
        .header(header::AUTHORIZATION, format!("Bearer {secret}"))
        .body(Body::empty())
        .unwrap()
}

fn results(answer: &support::Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["results"].as_array().unwrap().clone()
}

#[tokio::test]
async fn health_answers_while_the_database_is_away_and_ready_does_not() {
    let app = test_app().await;
    let health = app.send(Method::GET, "/api/health", None, None).await;
    let ready = app.send(Method::GET, "/api/ready", None, None).await;
    assert_eq!(
        (health.status, health.json()),
        (
            StatusCode::OK,
            json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
        )
    );
    assert_eq!(
        (ready.status, ready.json()),
        (StatusCode::OK, json!({"status": "ready", "database": "ok"}))
    );

    // The database goes away (the pool refuses every connection from now on).
    let closing = app.db.close();
    drop(closing);
    let health = app.send(Method::GET, "/api/health", None, None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "ok");
    let ready = app.send(Method::GET, "/api/ready", None, None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.headers[header::RETRY_AFTER], "2");
    assert_eq!(
        ready.json(),
        json!({
            "code": "unavailable",
            "message": "the database cannot be reached; nothing was stored, send it again shortly",
            "fields": {}
        })
    );
}

#[tokio::test]
async fn a_process_that_is_shutting_down_is_not_ready_but_alive() {
    let app = test_app().await;
    app.state.lifecycle.begin_draining();
    let ready = app.send(Method::GET, "/api/ready", None, None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.headers[header::RETRY_AFTER], "2");
    assert_eq!(
        ready.json(),
        json!({
            "code": "unavailable",
            "message": "this server process is shutting down; nothing was stored, send it again shortly",
            "fields": {}
        })
    );
    let health = app.send(Method::GET, "/api/health", None, None).await;
    assert_eq!(health.status, StatusCode::OK);
}

/// A phone's batch while the database is away gets a clear 503 and nothing is stored; sent again
/// once it is back (here: a new pool on the same file, as after a restart), it is applied once,
/// and a third send only replays the answer.
#[tokio::test]
async fn a_batch_refused_while_the_database_is_away_is_applied_once_when_it_returns() {
    let roadshow = roadshow().await;
    let batch = vec![
        score(1, "S1", "innovation", json!(7)),
        score(2, "S1", "market", json!(4)),
    ];
    drop(roadshow.app.db.close());
    let refused = roadshow
        .mutate(&roadshow.investor_a, "phone-1", batch.clone())
        .await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.json()["code"], "unavailable");
    assert_eq!(refused.headers[header::RETRY_AFTER], "2");

    let pool = db::connect(&roadshow.app.url).await.unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scores")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "a refused batch stores nothing");
    let dist = roadshow.app.dir.path().join("dist");
    let restarted = app(AppState::new(pool.clone(), AppAssets::load(&dist)));
    let send = || async {
        let request = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/events/{}/mutations", roadshow.event))
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", roadshow.investor_a),
            )
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"client_id": "phone-1", "mutations": batch}).to_string(),
            ))
            .unwrap();
        let response = restarted.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        serde_json::from_slice::<Value>(&body).unwrap()
    };
    let first = send().await;
    let statuses: Vec<&str> = first["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["applied", "applied"]);
    let again = send().await;
    assert_eq!(again, first, "a resend replays the first answer whole");
    let cells: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT startup_id, criterion, value FROM scores ORDER BY criterion")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        cells,
        [
            ("S1".to_owned(), "innovation".to_owned(), Some(7)),
            ("S1".to_owned(), "market".to_owned(), Some(4)),
        ]
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_mutations_by_outcome() {
    let roadshow = roadshow().await;
    let (_, before) = scrape(&roadshow).await;

    for _ in 0..3 {
        let health = roadshow
            .app
            .send(Method::GET, "/api/health", None, None)
            .await;
        assert_eq!(health.status, StatusCode::OK);
    }
    let missing = roadshow
        .app
        .send(Method::GET, "/api/no-such-route/x", None, None)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let event_path = format!("/api/events/{}", roadshow.event);
    for secret in [&roadshow.organizer, &roadshow.investor_a] {
        let answer = roadshow
            .app
            .send(Method::GET, &event_path, Some(secret), None)
            .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let outsider = roadshow
        .app
        .send(Method::GET, &event_path, Some("not-a-secret"), None)
        .await;
    assert_eq!(outsider.status, StatusCode::UNAUTHORIZED);

    // Batch 1: three applied. Batch 2: the same again, three replayed.
    let first = vec![
        score(10, "S1", "innovation", json!(7)),
        score(11, "S1", "viability", json!(6)),
        score(12, "S1", "market", json!(5)),
    ];
    let answers = results(
        &roadshow
            .mutate(&roadshow.investor_a, "phone", first.clone())
            .await,
    );
    assert!(answers.iter().all(|result| result["status"] == "applied"));
    let replays = results(&roadshow.mutate(&roadshow.investor_a, "phone", first).await);
    assert_eq!(replays, answers);
    // Batch 3: an older edit of a cell this device wrote since (superseded), a value off the
    // scale (rejected), and one new score (applied).
    let third = results(
        &roadshow
            .mutate(
                &roadshow.investor_a,
                "phone",
                vec![
                    score(5, "S1", "innovation", json!(2)),
                    score(13, "S1", "innovation", json!(99)),
                    score(14, "S1", "innovation", json!(8)),
                ],
            )
            .await,
    );
    let statuses: Vec<&str> = third
        .iter()
        .map(|result| result["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["superseded", "rejected", "applied"]);

    // A live stream, held open across the next scrape.
    let stream = roadshow
        .app
        .router
        .clone()
        .oneshot(stream_request(&roadshow, &roadshow.investor_b))
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);

    let (text, after) = scrape(&roadshow).await;
    let requests = |method: &str, route: &str, status: &str| {
        grew(
            &before,
            &after,
            &series(
                "roadshow_http_requests_total",
                &[("method", method), ("route", route), ("status", status)],
            ),
        )
    };
    assert_eq!(requests("GET", "/api/health", "200"), 3.0);
    assert_eq!(requests("GET", "/api (no route)", "404"), 1.0);
    assert_eq!(requests("GET", "/api/events/{event_id}", "200"), 2.0);
    assert_eq!(requests("GET", "/api/events/{event_id}", "401"), 1.0);
    assert_eq!(
        requests("POST", "/api/events/{event_id}/mutations", "200"),
        3.0
    );
    // The scrape before is counted once it has answered; this one is not counted yet.
    assert_eq!(requests("GET", "/metrics", "200"), 1.0);
    // The stream's head has gone out: it counts as answered.
    assert_eq!(requests("GET", "/api/events/{event_id}/stream", "200"), 1.0);

    let latency_count = series(
        "roadshow_http_request_duration_seconds_count",
        &[
            ("method", "POST"),
            ("route", "/api/events/{event_id}/mutations"),
        ],
    );
    assert_eq!(grew(&before, &after, &latency_count), 3.0);
    let latency_top = series(
        "roadshow_http_request_duration_seconds_bucket",
        &[
            ("le", "+Inf"),
            ("method", "POST"),
            ("route", "/api/events/{event_id}/mutations"),
        ],
    );
    assert_eq!(grew(&before, &after, &latency_top), 3.0);
    // Buckets are cumulative: never fewer at a larger bound.
    let mut bounds: Vec<(f64, f64)> = after
        .iter()
        .filter(|((name, labels), _)| {
            name == "roadshow_http_request_duration_seconds_bucket"
                && labels["route"] == "/api/events/{event_id}/mutations"
        })
        .map(|((_, labels), count)| {
            let bound = match labels["le"].as_str() {
                "+Inf" => f64::INFINITY,
                other => other.parse().unwrap(),
            };
            (bound, *count)
        })
        .collect();
    bounds.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(bounds.len() > 5, "{bounds:?}");
    assert!(bounds.windows(2).all(|pair| pair[0].1 <= pair[1].1));

    let mutations = |outcome: &str| {
        grew(
            &before,
            &after,
            &series("roadshow_mutations_total", &[("outcome", outcome)]),
        )
    };
    assert_eq!(mutations("applied"), 4.0);
    assert_eq!(mutations("replayed"), 3.0);
    assert_eq!(mutations("superseded"), 1.0);
    assert_eq!(mutations("rejected"), 1.0);

    assert_eq!(after[&series("roadshow_live_streams", &[])], 1.0);
    // Batches one at a time: never a group to split (tests/group_commit.rs counts one that is).
    assert_eq!(
        grew(
            &before,
            &after,
            &series("roadshow_mutation_groups_split_total", &[])
        ),
        0.0
    );
    assert_eq!(after[&series("roadshow_mutation_batches_queued", &[])], 0.0);
    assert!(after.contains_key(&series("roadshow_mutation_batches_writing", &[])));
    let pool_max = after[&series("roadshow_db_pool_max_connections", &[])];
    let pool_open = after[&series("roadshow_db_pool_connections", &[])];
    let pool_idle = after[&series("roadshow_db_pool_idle_connections", &[])];
    assert_eq!(pool_max, 8.0);
    assert!(pool_open >= 1.0 && pool_open <= pool_max, "{pool_open}");
    assert!(pool_idle <= pool_open, "{pool_idle} of {pool_open}");

    // Nothing in a scrape names an event or carries a secret.
    for private in [
        roadshow.event.as_str(),
        roadshow.organizer.as_str(),
        roadshow.investor_a.as_str(),
        roadshow.investor_b.as_str(),
        "not-a-secret",
        "no-such-route",
    ] {
        assert!(!text.contains(private), "{private} in the scrape");
    }

    // The stream closes: the gauge comes back down.
    drop(stream);
    let (_, closed) = scrape(&roadshow).await;
    assert_eq!(closed[&series("roadshow_live_streams", &[])], 0.0);
}

#[tokio::test]
async fn streams_end_when_the_process_begins_shutting_down() {
    let roadshow = roadshow().await;
    let response = roadshow
        .app
        .router
        .clone()
        .oneshot(stream_request(&roadshow, &roadshow.investor_a))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    roadshow.app.state.lifecycle.begin_draining();
    // The body ends (rather than waiting for the next version forever): collecting it returns,
    // and what was sent before the end is the current version.
    let body = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        http_body_util::BodyExt::collect(response.into_body()),
    )
    .await
    .expect("the stream ends once shutting down begins")
    .unwrap()
    .to_bytes();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(text.starts_with("event: version\ndata: "), "{text}");
}
