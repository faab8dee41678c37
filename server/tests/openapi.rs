//! The OpenAPI document (`server/openapi.json`, served at `/api/openapi.json`) describes exactly
//! the routes the router serves: the routes registered in `src/routes/*.rs` and the document's
//! operations are the same set, and every documented operation reaches a handler (not the API's
//! "route not found" fallback, not 405).

mod support;

use axum::http::{Method, StatusCode};
use roadshow_server::routes::openapi::OPENAPI_JSON;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn document() -> Value {
    serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON")
}

/// (METHOD, /api path) of every operation in the document.
fn documented() -> BTreeSet<(String, String)> {
    let document = document();
    let paths = document["paths"].as_object().expect("paths");
    let mut operations = BTreeSet::new();
    for (path, item) in paths {
        for method in METHODS {
            if item.get(method).is_some() {
                operations.insert((method.to_uppercase(), format!("/api{path}")));
            }
        }
    }
    operations
}

/// The text of one balanced `( … )` group starting at `open` (which must be a `(`).
fn balanced(text: &str, open: usize) -> &str {
    let mut depth = 0;
    for (offset, character) in text[open..].char_indices() {
        match character {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open..=open + offset];
                }
            }
            _ => {}
        }
    }
    &text[open..]
}

/// Routers mounted at the root, not under `/api`: Prometheus's `/metrics` (text, not JSON; not
/// part of the API document).
const ROOT_ROUTERS: [&str; 1] = ["metrics.rs"];

/// (METHOD, /api path) of every `.route("path", get(..).post(..))` in `src/routes/*.rs` (those of
/// [`ROOT_ROUTERS`] without the `/api`): read from the source so a route added there without
/// documenting it fails this test.
fn registered() -> BTreeSet<(String, String)> {
    let directory = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes");
    let mut operations = BTreeSet::new();
    for entry in std::fs::read_dir(directory).expect("routes directory") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|extension| extension.to_str()) != Some("rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let at_root = ROOT_ROUTERS
            .iter()
            .any(|file| path.file_name().and_then(|name| name.to_str()) == Some(*file));
        let prefix = if at_root { "" } else { "/api" };
        for (start, _) in source.match_indices(".route(") {
            let call = balanced(&source, start + ".route".len());
            let route_path = call.split('"').nth(1).expect("a string literal path");
            let bytes = call.as_bytes();
            for method in METHODS {
                let needle = format!("{method}(");
                let used = call.match_indices(&needle).any(|(at, _)| {
                    at == 0
                        || !(bytes[at - 1].is_ascii_alphanumeric()
                            || bytes[at - 1] == b'_'
                            || bytes[at - 1] == b':')
                });
                if used {
                    operations.insert((method.to_uppercase(), format!("{prefix}{route_path}")));
                }
            }
        }
    }
    operations
}

#[test]
fn the_document_lists_exactly_the_registered_routes() {
    let mut registered = registered();
    assert!(registered.len() >= 20, "found only {registered:?}");
    assert!(
        registered.remove(&("GET".to_owned(), "/metrics".to_owned())),
        "the scrape is served at the root: {registered:?}"
    );
    let documented = documented();
    let missing: Vec<_> = registered.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "routes without documentation: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "documented routes the router does not have: {extra:?}"
    );
}

#[test]
fn every_operation_documents_its_answers_and_auth() {
    let document = document();
    assert_eq!(document["openapi"], json!("3.0.3"));
    assert_eq!(
        document["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        json!("bearer")
    );
    let public: BTreeSet<&str> = [
        "/health",
        "/ready",
        "/openapi.json",
        "/events",
        "/events/import",
        "/programs",
    ]
    .into();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                responses
                    .keys()
                    .any(|code| ["200", "201", "204"].contains(&code.as_str())),
                "{method} {path}: no success response"
            );
            for (code, response) in responses {
                if code.starts_with('4') {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        json!("#/components/schemas/Error"),
                        "{method} {path} {code}: errors are {{code, message, fields}}"
                    );
                }
            }
            let is_public = public.contains(path.as_str());
            assert_eq!(
                operation.get("security") == Some(&json!([])),
                is_public,
                "{method} {path}: security"
            );
            if !is_public {
                for code in ["401", "404", "429"] {
                    assert!(responses.contains_key(code), "{method} {path}: no {code}");
                }
            }
            if operation.get("requestBody").is_some() {
                for code in ["400", "413", "422"] {
                    assert!(responses.contains_key(code), "{method} {path}: no {code}");
                }
            }
        }
    }
}

#[tokio::test]
async fn every_documented_operation_reaches_a_handler() {
    let app = support::test_app().await;
    for (method, path) in documented() {
        let concrete = path
            .replace("{event_id}", "no-such-event")
            .replace("{investor_id}", "I")
            .replace("{startup_id}", "S");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let body = matches!(method, Method::POST | Method::PUT | Method::PATCH).then(|| json!({}));
        let answer = app
            .send(method.clone(), &concrete, Some("not-a-secret"), body)
            .await;
        assert_ne!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        if answer.status == StatusCode::NOT_FOUND {
            assert_ne!(
                answer.json()["message"],
                json!("API route not found"),
                "{method} {path} hit the fallback"
            );
        }
    }
    // The fallback itself is what the check above looks for.
    let unknown = app
        .send(Method::GET, "/api/no-such-route", None, None)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["message"], json!("API route not found"));
}

#[tokio::test]
async fn the_document_is_served() {
    let app = support::test_app().await;
    let answer = app.send(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), document());
}
