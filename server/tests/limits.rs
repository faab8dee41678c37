//! Throttles refuse what can do harm and nothing else (issue 12, items 1, 2 and 10): a valid
//! link is never refused, failing attempts are, per address (behind a trusted proxy, the
//! forwarded one) and per event; anonymous creation and import have per-address quotas with a
//! clear 429; a body over a route's limit is told that route's real limit; trailing bytes after
//! a JSON body are an error.

mod support;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use roadshow_server::assets::AppAssets;
use roadshow_server::client::TrustedProxies;
use roadshow_server::rate_limit::{
    AnonymousLimiter, HourlyQuota, FAILURES_PER_ADDRESS, FAILURES_PER_EVENT,
};
use roadshow_server::{app, db, AppState};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::num::NonZeroU32;
use support::secret_of;
use tower::ServiceExt;

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
}

async fn router(configure: impl FnOnce(AppState) -> AppState) -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html></html>").unwrap();
    let pool = db::connect(&support::database_url(dir.path(), "t"))
        .await
        .unwrap();
    (
        app(configure(AppState::new(pool, AppAssets::load(&dist)))),
        dir,
    )
}

/// A request as if from `peer`, optionally through a proxy that forwarded `forwarded_for`.
async fn send(
    router: &axum::Router,
    method: Method,
    path: &str,
    peer: &str,
    forwarded_for: Option<&str>,
    secret: Option<&str>,
    body: Option<String>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(secret) = secret {
        request = request.header(header::AUTHORIZATION, format!("Bearer {secret}"));
    }
    if let Some(forwarded) = forwarded_for {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    };
    request.extensions_mut().insert(ConnectInfo(
        format!("{peer}:40000").parse::<SocketAddr>().unwrap(),
    ));
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

fn new_event() -> String {
    json!({"name": "Limits", "venue": "Hall", "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T15:00"}).to_string()
}

async fn create(router: &axum::Router, peer: &str) -> (String, String) {
    let answer = send(
        router,
        Method::POST,
        "/api/events",
        peer,
        None,
        None,
        Some(new_event()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    (
        answer.body["id"].as_str().unwrap().to_owned(),
        secret_of(answer.body["organizer_link"].as_str().unwrap()),
    )
}

#[tokio::test]
async fn a_valid_link_is_never_refused_however_many_guesses_share_its_address() {
    let (router, _dir) = router(|state| state).await;
    let (event, secret) = create(&router, "10.0.0.9").await;
    let path = format!("/api/events/{event}");
    // The hall's Wi-Fi: one address for everyone. A guesser uses up the address's budget …
    for attempt in 0..FAILURES_PER_ADDRESS {
        let answer = send(
            &router,
            Method::GET,
            &path,
            "10.0.0.1",
            None,
            Some("guess"),
            None,
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    // … and keeps guessing: refused unheard, with how long to wait.
    for _ in 0..2 * FAILURES_PER_ADDRESS {
        let answer = send(
            &router,
            Method::GET,
            &path,
            "10.0.0.1",
            None,
            Some("guess"),
            None,
        )
        .await;
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(answer.body["code"], "too_many_attempts");
        let wait: u64 = answer.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        // Every phone with a real link, on the same address, still gets in — each time.
        let real = send(
            &router,
            Method::GET,
            &path,
            "10.0.0.1",
            None,
            Some(&secret),
            None,
        )
        .await;
        assert_eq!(real.status, StatusCode::OK, "{}", real.body);
    }
    // Another address's failures are heard as usual.
    let other = send(
        &router,
        Method::GET,
        &path,
        "10.0.0.2",
        None,
        Some("guess"),
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn guesses_at_one_event_from_many_addresses_are_throttled_for_that_event_only() {
    let (router, _dir) = router(|state| state).await;
    let (event, secret) = create(&router, "10.0.0.9").await;
    let (other_event, _) = create(&router, "10.0.0.9").await;
    let path = format!("/api/events/{event}");
    for index in 0..FAILURES_PER_EVENT {
        let peer = format!(
            "10.{}.{}.{}",
            index / 65536,
            (index / 256) % 256,
            index % 256 + 1
        );
        assert_eq!(
            send(
                &router,
                Method::GET,
                &path,
                &peer,
                None,
                Some("guess"),
                None
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let fresh = send(
        &router,
        Method::GET,
        &path,
        "192.0.2.77",
        None,
        Some("guess"),
        None,
    )
    .await;
    assert_eq!(
        fresh.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a new address guessing at the same event"
    );
    assert_eq!(
        send(
            &router,
            Method::GET,
            &path,
            "192.0.2.77",
            None,
            Some(&secret),
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    let elsewhere = send(
        &router,
        Method::GET,
        &format!("/api/events/{other_event}"),
        "192.0.2.77",
        None,
        Some("guess"),
        None,
    )
    .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::UNAUTHORIZED,
        "other events are not affected"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budget() {
    let proxies = TrustedProxies::new(vec!["127.0.0.1/32".parse().unwrap()]);
    let (router, _dir) = router(|state| state.with_trusted_proxies(proxies)).await;
    let (event, _) = create(&router, "127.0.0.1").await;
    let path = format!("/api/events/{event}");
    for _ in 0..FAILURES_PER_ADDRESS {
        send(
            &router,
            Method::GET,
            &path,
            "127.0.0.1",
            Some("198.51.100.1"),
            Some("guess"),
            None,
        )
        .await;
    }
    let guesser = send(
        &router,
        Method::GET,
        &path,
        "127.0.0.1",
        Some("198.51.100.1"),
        Some("guess"),
        None,
    )
    .await;
    assert_eq!(guesser.status, StatusCode::TOO_MANY_REQUESTS);
    // Another phone behind the same proxy: its own budget.
    let neighbour = send(
        &router,
        Method::GET,
        &path,
        "127.0.0.1",
        Some("198.51.100.2"),
        Some("typo"),
        None,
    )
    .await;
    assert_eq!(neighbour.status, StatusCode::UNAUTHORIZED);
    // A client cannot pick its address by writing the header itself (the proxy appends the real one).
    let forged = send(
        &router,
        Method::GET,
        &path,
        "127.0.0.1",
        Some("198.51.100.2, 198.51.100.1"),
        Some("guess"),
        None,
    )
    .await;
    assert_eq!(forged.status, StatusCode::TOO_MANY_REQUESTS);

    // Without trusting the proxy, the header is ignored: everyone shares the proxy's address.
    let (router, _dir) = self::router(|state| state).await;
    let (event, _) = create(&router, "127.0.0.1").await;
    let path = format!("/api/events/{event}");
    for index in 0..FAILURES_PER_ADDRESS {
        send(
            &router,
            Method::GET,
            &path,
            "127.0.0.1",
            Some(&format!("198.51.100.{index}")),
            Some("guess"),
            None,
        )
        .await;
    }
    let other = send(
        &router,
        Method::GET,
        &path,
        "127.0.0.1",
        Some("203.0.113.1"),
        Some("guess"),
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn anonymous_creation_and_import_have_per_address_quotas() {
    let quota =
        |burst: u32| HourlyQuota::new(NonZeroU32::new(1).unwrap(), NonZeroU32::new(burst).unwrap());
    let (router, _dir) = router(|state| {
        state.with_anonymous_limiter(AnonymousLimiter::new(quota(3), quota(1), quota(1)))
    })
    .await;
    for _ in 0..3 {
        create(&router, "10.0.0.1").await;
    }
    let refused = send(
        &router,
        Method::POST,
        "/api/events",
        "10.0.0.1",
        None,
        None,
        Some(new_event()),
    )
    .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.body["code"], "too_many_requests");
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("new events"),
        "{}",
        refused.body
    );
    let wait: u64 = refused.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 3000 && wait <= 3600, "one per hour refills: {wait}");
    create(&router, "10.0.0.2").await;

    let (event, secret) = create(&router, "10.0.0.3").await;
    let snapshot = send(
        &router,
        Method::GET,
        &format!("/api/events/{event}/snapshot"),
        "10.0.0.3",
        None,
        Some(&secret),
        None,
    )
    .await;
    let body = snapshot.body.to_string();
    let first = send(
        &router,
        Method::POST,
        "/api/events/import",
        "10.0.0.3",
        None,
        None,
        Some(body.clone()),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let second = send(
        &router,
        Method::POST,
        "/api/events/import",
        "10.0.0.3",
        None,
        None,
        Some(body),
    )
    .await;
    assert_eq!(second.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        second.body["message"].as_str().unwrap().contains("imports"),
        "{}",
        second.body
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_told_the_routes_own_limit() {
    let (router, _dir) = router(|state| state).await;
    let huge = json!({"name": "x".repeat(100_000)}).to_string();
    let answer = send(
        &router,
        Method::POST,
        "/api/events",
        "10.0.0.1",
        None,
        None,
        Some(huge),
    )
    .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.body["message"],
        "the request body is larger than this route accepts (64 KiB at most)"
    );
    let import = format!(
        "{{\"format\": \"roadshow-event/1\", \"pad\": \"{}\"}}",
        "x".repeat(33 * 1024 * 1024)
    );
    let answer = send(
        &router,
        Method::POST,
        "/api/events/import",
        "10.0.0.1",
        None,
        None,
        Some(import),
    )
    .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.body["message"],
        "the request body is larger than this route accepts (32 MiB at most)"
    );
}

#[tokio::test]
async fn anything_after_the_json_document_is_refused() {
    let (router, _dir) = router(|state| state).await;
    for trailing in [" {}", "x", "\n\"more\"", "]"] {
        let body = format!("{}{trailing}", new_event());
        let answer = send(
            &router,
            Method::POST,
            "/api/events",
            "10.0.0.1",
            None,
            None,
            Some(body.clone()),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.body["code"], "malformed_json");
    }
    let spaced = format!("  {}\n\t ", new_event());
    assert_eq!(
        send(
            &router,
            Method::POST,
            "/api/events",
            "10.0.0.1",
            None,
            None,
            Some(spaced)
        )
        .await
        .status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_path_that_is_not_utf8_gets_the_json_error_body() {
    let (router, _dir) = router(|state| state).await;
    for path in [
        "/api/events/%FF%FE",
        "/api/events/%C3%28/changes",
        "/api/events/e/investors/%80/link",
    ] {
        let method = if path.ends_with("/link") {
            Method::POST
        } else {
            Method::GET
        };
        let answer = send(&router, method, path, "10.0.0.1", None, Some("x"), None).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            answer.body["code"], "malformed_path",
            "{path}: {}",
            answer.body
        );
        assert!(answer.body["fields"]["path"].is_array(), "{}", answer.body);
    }
}

#[tokio::test]
async fn registrations_through_the_shared_link_have_a_per_address_quota() {
    let one = NonZeroU32::new(1).unwrap();
    let quota = HourlyQuota::new(one, NonZeroU32::new(2).unwrap());
    let (router, _dir) =
        router(|state| state.with_anonymous_limiter(AnonymousLimiter::new(quota, quota, quota)))
            .await;
    let (event, organizer) = create(&router, "10.0.0.9").await;
    let open = send(
        &router,
        Method::PATCH,
        &format!("/api/events/{event}"),
        "10.0.0.9",
        None,
        Some(&organizer),
        Some(json!({"phase": "registration"}).to_string()),
    )
    .await;
    assert_eq!(open.status, StatusCode::OK, "{}", open.body);
    let link = send(
        &router,
        Method::POST,
        &format!("/api/events/{event}/registration-link"),
        "10.0.0.9",
        None,
        Some(&organizer),
        None,
    )
    .await;
    let registration = secret_of(link.body["link"].as_str().unwrap());
    let path = format!("/api/events/{event}/startups");
    let register = || {
        Some(json!({"id": "", "name": "Founder Co", "status": "draft", "consent": {"collection": true}}).to_string())
    };
    for _ in 0..2 {
        let answer = send(
            &router,
            Method::POST,
            &path,
            "10.0.0.1",
            None,
            Some(&registration),
            register(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }
    let third = send(
        &router,
        Method::POST,
        &path,
        "10.0.0.1",
        None,
        Some(&registration),
        register(),
    )
    .await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        third.body["message"]
            .as_str()
            .unwrap()
            .contains("registrations"),
        "{}",
        third.body
    );
    let neighbour = send(
        &router,
        Method::POST,
        &path,
        "10.0.0.2",
        None,
        Some(&registration),
        register(),
    )
    .await;
    assert_eq!(
        neighbour.status,
        StatusCode::CREATED,
        "another address registers"
    );
    let organizer_adds = send(
        &router,
        Method::POST,
        &path,
        "10.0.0.1",
        None,
        Some(&organizer),
        register(),
    )
    .await;
    assert_eq!(
        organizer_adds.status,
        StatusCode::CREATED,
        "the organizer is not counted"
    );
}
