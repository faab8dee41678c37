//! What each request did, counted for `/metrics` and written to the access log: method, route
//! template, status and time to the response's head. Only the template is kept: a concrete path
//! names events and people, and query strings and headers (where link secrets travel) are never
//! read here.

use crate::metrics::{Metrics, RequestLabels};
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;

/// The route template a request matched, handed from inside the router (where it is known) to
/// [`observe_request`] outside it through the response's extensions.
#[derive(Debug, Clone)]
struct MatchedRoute(MatchedPath);

/// Inside the router (`route_layer`): remembers the matched route on the response.
pub async fn remember_route(request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.extensions_mut().insert(MatchedRoute(matched));
    }
    response
}

/// Around the whole app: times the request, then counts and logs it.
pub async fn observe_request(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let unmatched = unmatched_route(request.uri().path());
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    let route = response
        .extensions()
        .get::<MatchedRoute>()
        .map_or(unmatched, |matched| matched.0.as_str())
        .to_owned();
    let status = response.status().as_u16();
    tracing::info!(
        target: "roadshow_server::access",
        method = %method,
        route = %route,
        status,
        duration_ms = seconds * 1000.0,
        "request"
    );
    metrics.request_answered(
        RequestLabels {
            method,
            route,
            status,
        },
        seconds,
    );
    response
}

/// The label of a request no route matched: an unknown API path, or a file of the built app
/// (its documents, scripts, styles and images, which share one label).
fn unmatched_route(path: &str) -> &'static str {
    if path == "/api" || path.starts_with("/api/") {
        "/api (no route)"
    } else {
        "app files"
    }
}

#[cfg(test)]
mod tests {
    use super::unmatched_route;

    #[test]
    fn unmatched_paths_share_two_labels_that_name_no_event() {
        assert_eq!(
            unmatched_route("/api/events/e-1/nothing"),
            "/api (no route)"
        );
        assert_eq!(unmatched_route("/api"), "/api (no route)");
        assert_eq!(unmatched_route("/apiary"), "app files");
        assert_eq!(unmatched_route("/app-0123.wasm"), "app files");
    }
}
