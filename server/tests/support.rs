//! Shared by the server's integration tests: an in-process app on a real SQLite file, and a
//! small client for it.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use roadshow_server::assets::AppAssets;
use roadshow_server::{app, db, AppState};
use serde_json::{json, Value};
use sqlx::AnyPool;
use tempfile::TempDir;
use tower::ServiceExt;

#[path = "backend/mod.rs"]
mod backend;
pub use backend::database_url;

pub struct TestApp {
    pub router: Router,
    pub db: AnyPool,
    /// The state the router serves (its metrics, lifecycle and live versions).
    pub state: AppState,
    pub dir: TempDir,
    /// The database it runs on (see `backend`).
    pub url: String,
}

pub async fn test_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html></html>").unwrap();
    let url = database_url(dir.path(), "test");
    let pool = db::connect(&url).await.expect("database");
    let state = AppState::new(pool.clone(), AppAssets::load(&dist));
    let router = app(state.clone());
    TestApp {
        router,
        db: pool,
        state,
        dir,
        url,
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl TestApp {
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        secret: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(secret) = secret {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {secret}"));
        }
        let request = match body {
            Some(body) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
            None => builder.body(Body::empty()).unwrap(),
        };
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        // Streams (SSE) never end: read only what is needed to know the status.
        let is_stream = headers.get(header::CONTENT_TYPE).is_some_and(|value| {
            value
                .to_str()
                .unwrap_or("")
                .starts_with("text/event-stream")
        });
        let body = if is_stream {
            Vec::new()
        } else {
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec()
        };
        Answer {
            status,
            headers,
            body,
        }
    }
}

pub fn secret_of(link: &str) -> String {
    link.split_once("#k=")
        .expect("a secret in the fragment")
        .1
        .to_owned()
}

/// An event in the scoring phase with investors A and B (and C, whose link was revoked),
/// a published startup S1, a draft startup S2, and a registration link.
pub struct Roadshow {
    pub app: TestApp,
    pub event: String,
    pub organizer: String,
    pub investor_a: String,
    pub investor_b: String,
    pub revoked: String,
    pub startup: String,
    pub registration: String,
    pub other_organizer: String,
}

pub async fn roadshow() -> Roadshow {
    let app = test_app().await;
    let created = app
        .send(
            Method::POST,
            "/api/events",
            None,
            Some(json!({"name": "Roadshow", "venue": "Hall",
            "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T15:00"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let event = created.json()["id"].as_str().unwrap().to_owned();
    let organizer = secret_of(created.json()["organizer_link"].as_str().unwrap());
    let other = app
        .send(
            Method::POST,
            "/api/events",
            None,
            Some(json!({"name": "Other", "venue": "",
            "starts_at": "2026-12-11T10:00", "ends_at": "2026-12-11T15:00"})),
        )
        .await;
    let other_organizer = secret_of(other.json()["organizer_link"].as_str().unwrap());

    let startup = |id: &str, status: &str| {
        json!({"id": id, "name": format!("Startup {id}"), "status": status,
        "field": "hydrogen", "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com"})
    };
    let s1 = app
        .send(
            Method::POST,
            &format!("/api/events/{event}/startups"),
            Some(&organizer),
            Some(startup("S1", "published")),
        )
        .await;
    assert_eq!(s1.status, StatusCode::CREATED, "{}", s1.text());
    let startup_secret = secret_of(s1.json()["link"].as_str().unwrap());
    let s2 = app
        .send(
            Method::POST,
            &format!("/api/events/{event}/startups"),
            Some(&organizer),
            Some(startup("S2", "draft")),
        )
        .await;
    assert_eq!(s2.status, StatusCode::CREATED, "{}", s2.text());

    let investor = |id: &str| {
        json!({"id": id, "firm": format!("Firm {id}"), "type": "vc", "fields": ["hydrogen"],
        "conflicts": [], "contact": format!("{id}@vc.example"), "capacity": 4})
    };
    let mut links = Vec::new();
    for id in ["A", "B", "C"] {
        let answer = app
            .send(
                Method::POST,
                &format!("/api/events/{event}/investors"),
                Some(&organizer),
                Some(investor(id)),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
        links.push(secret_of(answer.json()["link"].as_str().unwrap()));
    }
    let revoked = app
        .send(
            Method::DELETE,
            &format!("/api/events/{event}/investors/C/link"),
            Some(&organizer),
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let registration = app
        .send(
            Method::POST,
            &format!("/api/events/{event}/registration-link"),
            Some(&organizer),
            None,
        )
        .await;
    assert_eq!(registration.status, StatusCode::CREATED);
    let registration = secret_of(registration.json()["link"].as_str().unwrap());
    let opened = app
        .send(
            Method::PATCH,
            &format!("/api/events/{event}"),
            Some(&organizer),
            Some(json!({"phase": "scoring"})),
        )
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.text());
    Roadshow {
        app,
        event,
        organizer,
        investor_a: links[0].clone(),
        investor_b: links[1].clone(),
        revoked: links[2].clone(),
        startup: startup_secret,
        registration,
        other_organizer,
    }
}

pub fn score(seq: i64, startup: &str, criterion: &str, value: Value) -> Value {
    json!({"seq": seq, "type": "score", "startup": startup, "criterion": criterion, "value": value})
}

impl Roadshow {
    pub async fn mutate(&self, secret: &str, client_id: &str, mutations: Vec<Value>) -> Answer {
        self.app
            .send(
                Method::POST,
                &format!("/api/events/{}/mutations", self.event),
                Some(secret),
                Some(json!({"client_id": client_id, "mutations": mutations})),
            )
            .await
    }

    /// `PATCH /events/{id}` (settings and live state) with `secret`.
    pub async fn patch_event(&self, secret: &str, body: Value) -> Answer {
        self.app
            .send(
                Method::PATCH,
                &format!("/api/events/{}", self.event),
                Some(secret),
                Some(body),
            )
            .await
    }

    /// The event's audit log entries, as the organizer reads them.
    pub async fn audit_entries(&self) -> Vec<Value> {
        let answer = self
            .app
            .send(
                Method::GET,
                &format!("/api/events/{}/audit", self.event),
                Some(&self.organizer),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        answer.json()["entries"].as_array().unwrap().clone()
    }

    /// Event `event`'s snapshot, as its organizer (`organizer`, a secret) exports it.
    pub async fn export(&self, event: &str, organizer: &str) -> Value {
        let answer = self
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

    /// Imports `snapshot` as a new event: its id and its organizer's secret.
    pub async fn import(&self, snapshot: Value) -> (String, String) {
        let answer = self
            .app
            .send(Method::POST, "/api/events/import", None, Some(snapshot))
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
        (
            answer.json()["id"].as_str().unwrap().to_owned(),
            secret_of(answer.json()["organizer_link"].as_str().unwrap()),
        )
    }

    pub async fn changes(&self, secret: &str, since: i64) -> Value {
        let answer = self
            .app
            .send(
                Method::GET,
                &format!("/api/events/{}/changes?since={since}", self.event),
                Some(secret),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        answer.json()
    }

    /// Meetings at 14:00 KST, 20 minutes each: what publishing a schedule needs.
    pub async fn set_meeting_times(&self) {
        let snapshot = self
            .app
            .send(
                Method::GET,
                &format!("/api/events/{}/snapshot", self.event),
                Some(&self.organizer),
                None,
            )
            .await;
        let mut settings = snapshot.json()["event"].clone();
        settings["meetings"]["first_slot"] = json!("2026-12-10T14:00:00+09:00");
        settings["meetings"]["slot_minutes"] = json!(20);
        let answer = self
            .app
            .send(
                Method::PATCH,
                &format!("/api/events/{}", self.event),
                Some(&self.organizer),
                Some(json!({"settings": settings})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    }

    pub async fn stored_scores(&self) -> Vec<(String, String, String, Option<i64>, bool)> {
        let rows: Vec<(String, String, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT investor_id, startup_id, criterion, value, abstain FROM scores WHERE event_id = $1
             ORDER BY investor_id, startup_id, criterion",
        )
        .bind(&self.event)
        .fetch_all(&self.app.db)
        .await
        .unwrap();
        rows.into_iter()
            .map(|(investor, startup, criterion, value, abstain)| {
                (investor, startup, criterion, value, abstain != 0)
            })
            .collect()
    }
}

/// A refusal's problems as (path, code), sorted.
pub fn field_codes(answer: &Answer) -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> = answer.json()["fields"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, problems)| {
            problems
                .as_array()
                .unwrap()
                .iter()
                .map(|problem| (path.clone(), problem["code"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    codes.sort();
    codes
}
