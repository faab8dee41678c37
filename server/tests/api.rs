//! In-process tests of the HTTP API against a real SQLite file in a temporary directory.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use roadshow_server::assets::AppAssets;
use roadshow_server::{app, db, AppState};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::AnyPool;
use std::net::SocketAddr;
use tempfile::TempDir;
use tower::ServiceExt;

mod backend;

const INDEX_HTML: &str = r#"<!DOCTYPE html><html><head><script type="module">import init from '/app-0123456789abcdef.js';</script></head><body></body></html>"#;
/// The organizer console's document (its own bundle, built into `dist/console/`).
const CONSOLE_HTML: &str = r#"<!DOCTYPE html><html><head><script type="module">import init from '/console/console-0123456789abcdef.js';</script></head><body></body></html>"#;
/// The startup's screens' document (their own bundle, built into `dist/startup-app/`).
const STARTUP_HTML: &str = r#"<!DOCTYPE html><html><head><script type="module">import init from '/startup-app/startup-0123456789abcdef.js';</script></head><body></body></html>"#;

struct TestApp {
    router: Router,
    db: AnyPool,
    _dir: TempDir,
}

async fn test_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef.js"),
        "export default function init() {}",
    )
    .unwrap();
    std::fs::create_dir(dist.join("console")).unwrap();
    std::fs::write(dist.join("console/index.html"), CONSOLE_HTML).unwrap();
    std::fs::write(
        dist.join("console/console-0123456789abcdef.js"),
        "export default function init() {}",
    )
    .unwrap();
    std::fs::write(
        dist.join("console/match-worker_loader.js"),
        "importScripts('/console/w.js');",
    )
    .unwrap();
    std::fs::create_dir(dist.join("startup-app")).unwrap();
    std::fs::write(dist.join("startup-app/index.html"), STARTUP_HTML).unwrap();
    std::fs::write(
        dist.join("startup-app/startup-0123456789abcdef.js"),
        "export default function init() {}",
    )
    .unwrap();
    let url = backend::database_url(dir.path(), "test");
    let pool = db::connect(&url).await.expect("database");
    let router = app(AppState::new(pool.clone(), AppAssets::load(&dist)));
    TestApp {
        router,
        db: pool,
        _dir: dir,
    }
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

async fn call(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

fn post_json(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

fn get(path: &str, secret: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(path);
    if let Some(secret) = secret {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {secret}"));
    }
    builder.body(Body::empty()).unwrap()
}

fn valid_event() -> Value {
    json!({"name": "상생이음 투자유치 설명회", "venue": "Sky Hall",
           "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T15:00"})
}

/// Creates an event and returns (id, secret from the link's fragment).
async fn create(app: &TestApp) -> (String, String) {
    let answer = call(
        &app.router,
        post_json("/api/events", valid_event().to_string()),
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let body = answer.json();
    let id = body["id"].as_str().unwrap().to_owned();
    let link = body["organizer_link"].as_str().unwrap();
    let (path, secret) = link.split_once("#k=").expect("secret in the fragment");
    assert_eq!(path, format!("/events/{id}/organize"));
    (id, secret.to_owned())
}

async fn event_count(db: &AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn health_reports_the_version_and_ready_the_database() {
    let app = test_app().await;
    let answer = call(&app.router, get("/api/health", None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
    let answer = call(&app.router, get("/api/ready", None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), json!({"status": "ready", "database": "ok"}));
}

#[tokio::test]
async fn created_event_opens_with_its_secret_and_only_the_hash_is_stored() {
    let app = test_app().await;
    let (id, secret) = create(&app).await;
    let secret_bytes = base64_url_decode_len(&secret);
    assert!(
        secret_bytes * 8 >= 128,
        "secret has {} bits",
        secret_bytes * 8
    );

    let answer = call(
        &app.router,
        get(&format!("/api/events/{id}"), Some(&secret)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    let settings = &body["event"]["settings"];
    assert_eq!(settings["id"], id.as_str());
    assert_eq!(settings["name"], "상생이음 투자유치 설명회");
    assert_eq!(settings["venue"], "Sky Hall");
    assert_eq!(settings["starts_at"], "2026-12-10T10:00:00+09:00");
    assert_eq!(settings["ends_at"], "2026-12-10T15:00:00+09:00");
    assert_eq!(body["event"]["live"]["phase"], "draft");
    assert_eq!(body["event"]["live"]["fictional"], false);
    assert_eq!(body["event"]["version"], 1);
    assert_eq!(body["role"], "organizer");

    let stored: Vec<String> =
        sqlx::query_scalar("SELECT secret_sha256 FROM links WHERE event_id = $1")
            .bind(&id)
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(stored, vec![hex::encode(Sha256::digest(secret.as_bytes()))]);
    if backend::on_postgres() {
        // Every row of every table, as JSON text.
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_all(&app.db)
        .await
        .unwrap();
        assert!(tables.len() > 10, "{tables:?}");
        for table in tables {
            let rows: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT row_to_json(stored)::text FROM {table} AS stored"
            ))
            .fetch_all(&app.db)
            .await
            .unwrap();
            for row in rows {
                assert!(
                    !row.contains(&secret),
                    "the plain secret reached {table}: {row}"
                );
            }
        }
    } else {
        let database_file = std::fs::read(app._dir.path().join("test.db")).unwrap();
        let wal = std::fs::read(app._dir.path().join("test.db-wal")).unwrap_or_default();
        for bytes in [database_file, wal] {
            assert!(
                !contains(&bytes, secret.as_bytes()),
                "the plain secret reached the database"
            );
        }
    }
}

fn base64_url_decode_len(secret: &str) -> usize {
    assert!(secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    secret.len() * 6 / 8
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[tokio::test]
async fn wrong_missing_or_foreign_secrets_are_refused_with_json() {
    let app = test_app().await;
    let (id, secret) = create(&app).await;
    let (other_id, other_secret) = create(&app).await;
    assert_ne!(id, other_id);

    for (path, secret, expected) in [
        (format!("/api/events/{id}"), None, StatusCode::UNAUTHORIZED),
        (
            format!("/api/events/{id}"),
            Some("not-the-secret"),
            StatusCode::UNAUTHORIZED,
        ),
        (
            format!("/api/events/{id}"),
            Some(other_secret.as_str()),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "/api/events/no-such-event".to_owned(),
            Some(secret.as_str()),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let answer = call(&app.router, get(&path, secret)).await;
        assert_eq!(answer.status, expected, "{path} with {secret:?}");
        let body = answer.json();
        assert!(
            body["code"].is_string() && body["message"].is_string() && body["fields"].is_object()
        );
        assert!(
            !String::from_utf8_lossy(&answer.body).contains("상생이음"),
            "no event data leaks"
        );
    }
}

#[tokio::test]
async fn invalid_events_get_field_messages_and_nothing_is_stored() {
    let app = test_app().await;
    let cases = [
        (
            json!({"name": "", "venue": "", "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T15:00"}),
            vec![("name", "required")],
        ),
        (
            json!({"name": "R", "starts_at": "2026-12-10T15:00", "ends_at": "2026-12-10T10:00"}),
            vec![("ends_at", "end_before_start")],
        ),
        (
            json!({"name": "가".repeat(121), "starts_at": "soon", "ends_at": ""}),
            vec![
                ("ends_at", "required"),
                ("name", "too_long"),
                ("starts_at", "invalid_format"),
            ],
        ),
    ];
    for (body, expected) in cases {
        let answer = call(&app.router, post_json("/api/events", body.to_string())).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let body = answer.json();
        assert_eq!(body["code"], "invalid");
        let fields = body["fields"].as_object().unwrap();
        let got: Vec<(&str, &str)> = fields
            .iter()
            .flat_map(|(path, messages)| {
                messages
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |m| (path.as_str(), m["code"].as_str().unwrap()))
            })
            .collect();
        assert_eq!(got, expected);
    }
    assert_eq!(event_count(&app.db).await, 0);
}

#[tokio::test]
async fn malformed_and_oversized_bodies_are_4xx_json() {
    let app = test_app().await;
    let answer = call(&app.router, post_json("/api/events", "{\"name\": ")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["code"], "malformed_json");

    let answer = call(&app.router, post_json("/api/events", r#"{"name": 42}"#)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let body = answer.json();
    assert!(body["fields"]["name"].is_array(), "{body}");

    let huge = json!({"name": "x".repeat(100_000), "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T15:00"});
    let answer = call(&app.router, post_json("/api/events", huge.to_string())).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.json()["code"], "payload_too_large");
    assert_eq!(event_count(&app.db).await, 0);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = test_app().await;
    let bootstrap = "import init from '/app-0123456789abcdef.js';";
    let hash = base64_standard(&Sha256::digest(bootstrap.as_bytes()));
    for path in [
        "/api/health",
        "/",
        "/events/x/score",
        "/api/nothing-here",
        "/app-0123456789abcdef.js",
    ] {
        let answer = call(&app.router, get(path, None)).await;
        let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: {csp}");
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert_eq!(
            answer.headers[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{path}"
        );
        assert_eq!(
            answer.headers[header::REFERRER_POLICY],
            "no-referrer",
            "{path}"
        );
    }
}

fn base64_standard(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn the_app_is_served_with_spa_fallback_and_cache_rules() {
    let app = test_app().await;
    for path in [
        "/",
        "/events/abc/score",
        "/events/abc/organize/extra",
        "/some/deep/link",
    ] {
        let answer = call(&app.router, get(path, None)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(String::from_utf8_lossy(&answer.body), INDEX_HTML, "{path}");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-cache", "{path}");
    }
    let answer = call(&app.router, get("/app-0123456789abcdef.js", None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    let answer = call(&app.router, get("/api/nothing-here", None)).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.json()["code"], "not_found");

    // A path that names a file the app does not have is not the app's HTML (issue 11, item 11).
    for path in [
        "/apple-touch-icon.png",
        "/manifest.json",
        "/events/abc/x.js",
        "/../index.html.bak",
    ] {
        let answer = call(&app.router, get(path, None)).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !String::from_utf8_lossy(&answer.body).contains("<html"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_organizer_console_is_its_own_document_with_its_own_csp() {
    let app = test_app().await;
    let console_hash = base64_standard(&Sha256::digest(
        b"import init from '/console/console-0123456789abcdef.js';",
    ));
    let main_hash = base64_standard(&Sha256::digest(
        b"import init from '/app-0123456789abcdef.js';",
    ));

    let answer = call(&app.router, get("/events/x/organize", None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(String::from_utf8_lossy(&answer.body), CONSOLE_HTML);
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-cache");
    let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains(&format!("'sha256-{console_hash}'")), "{csp}");
    assert!(!csp.contains(&format!("'sha256-{main_hash}'")), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'") && csp.contains("object-src 'none'"),
        "{csp}"
    );

    // The program organizer's pages are the console's too, with its CSP (definitions §7.5).
    for path in ["/programs/new", "/programs/p1/organize"] {
        let answer = call(&app.router, get(path, None)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(
            String::from_utf8_lossy(&answer.body),
            CONSOLE_HTML,
            "{path}"
        );
        let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(csp.contains(&format!("'sha256-{console_hash}'")), "{csp}");
    }

    // The other role pages keep the main document and its hash.
    let answer = call(&app.router, get("/events/x/score", None)).await;
    assert_eq!(String::from_utf8_lossy(&answer.body), INDEX_HTML);
    let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains(&format!("'sha256-{main_hash}'")), "{csp}");
    assert!(!csp.contains(&format!("'sha256-{console_hash}'")), "{csp}");

    // The console's assets are under /console/, with the same cache rules.
    let answer = call(
        &app.router,
        get("/console/console-0123456789abcdef.js", None),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let answer = call(&app.router, get("/console/match-worker_loader.js", None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-cache");

    // Pre-compressed like the main document.
    let request = Request::get("/events/x/organize")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let answer = call(&app.router, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn the_startups_screens_are_their_own_document_with_their_own_csp() {
    let app = test_app().await;
    let startup_hash = base64_standard(&Sha256::digest(
        b"import init from '/startup-app/startup-0123456789abcdef.js';",
    ));
    let console_hash = base64_standard(&Sha256::digest(
        b"import init from '/console/console-0123456789abcdef.js';",
    ));
    let main_hash = base64_standard(&Sha256::digest(
        b"import init from '/app-0123456789abcdef.js';",
    ));

    // The registration form and the startup's page share one document.
    for path in ["/events/x/register", "/events/x/startup"] {
        let answer = call(&app.router, get(path, None)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(
            String::from_utf8_lossy(&answer.body),
            STARTUP_HTML,
            "{path}"
        );
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-cache", "{path}");
        let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            csp.contains(&format!("'sha256-{startup_hash}'")),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains(&format!("'sha256-{main_hash}'")),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains(&format!("'sha256-{console_hash}'")),
            "{path}: {csp}"
        );
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'")
                && csp.contains("object-src 'none'"),
            "{csp}"
        );
    }

    // Only those two pages: deeper or other paths keep the main document and its hash, and the
    // console keeps its own.
    for path in [
        "/events/x/startup/extra",
        "/events/x/register/",
        "/events/x/score",
    ] {
        let answer = call(&app.router, get(path, None)).await;
        assert_eq!(String::from_utf8_lossy(&answer.body), INDEX_HTML, "{path}");
        let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            csp.contains(&format!("'sha256-{main_hash}'")),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains(&format!("'sha256-{startup_hash}'")),
            "{path}: {csp}"
        );
    }
    let answer = call(&app.router, get("/events/x/organize", None)).await;
    assert_eq!(String::from_utf8_lossy(&answer.body), CONSOLE_HTML);
    let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains(&format!("'sha256-{console_hash}'"))
            && !csp.contains(&format!("'sha256-{startup_hash}'")),
        "{csp}"
    );

    // The bundle's assets are under /startup-app/, with the same cache rules.
    let answer = call(
        &app.router,
        get("/startup-app/startup-0123456789abcdef.js", None),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    let request = Request::get("/events/x/register")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let answer = call(&app.router, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = test_app().await;
    let request = Request::get("/")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let answer = call(&app.router, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn repeated_failed_authentication_is_rate_limited_per_address() {
    let app = test_app().await;
    let (id, secret) = create(&app).await;
    let from = |address: &str, secret: &str| {
        let mut request = get(&format!("/api/events/{id}"), Some(secret));
        let address: SocketAddr = address.parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(address));
        request
    };
    for _ in 0..roadshow_server::rate_limit::FAILURES_PER_ADDRESS {
        let answer = call(&app.router, from("10.0.0.1:1000", "guess")).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let answer = call(&app.router, from("10.0.0.1:1000", "guess")).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answer.json()["code"], "too_many_attempts");
    // The right secret is never refused, from that address or any other (issue 12, item 2).
    for address in ["10.0.0.1:1000", "10.0.0.2:1000"] {
        assert_eq!(
            call(&app.router, from(address, &secret)).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn the_database_runs_in_wal_with_full_sync_and_foreign_keys() {
    let app = test_app().await;
    if backend::on_postgres() {
        // PostgreSQL's own durability: every commit waits for its WAL to reach the disk.
        for (setting, expected) in [("fsync", "on"), ("synchronous_commit", "on")] {
            let value: String = sqlx::query_scalar(&format!("SHOW {setting}"))
                .fetch_one(&app.db)
                .await
                .unwrap();
            assert_eq!(value, expected, "{setting}");
        }
        return;
    }
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!((mode.as_str(), synchronous, foreign_keys), ("wal", 2, 1));
}

#[tokio::test]
async fn the_demo_event_is_created_once_and_its_link_reissued() {
    let app = test_app().await;
    let first = roadshow_server::demo::ensure_demo_event(&app.db)
        .await
        .unwrap()
        .organizer;
    let second = roadshow_server::demo::ensure_demo_event(&app.db)
        .await
        .unwrap()
        .organizer;
    assert_eq!(event_count(&app.db).await, 1);
    let secret_of = |link: &str| link.split_once("#k=").unwrap().1.to_owned();
    let old = call(
        &app.router,
        get("/api/events/demo", Some(&secret_of(&first))),
    )
    .await;
    assert_eq!(
        old.status,
        StatusCode::UNAUTHORIZED,
        "the re-issued link revokes the old one"
    );
    let new = call(
        &app.router,
        get("/api/events/demo", Some(&secret_of(&second))),
    )
    .await;
    assert_eq!(new.status, StatusCode::OK);
    assert_eq!(new.json()["event"]["live"]["fictional"], true);
}
