//! Roadshow's server: stores and syncs events, checks role links, and serves the built app.
//! It never ranks: rankings, matches and schedules are computed in the browser by `roadshow-core`.

pub mod assets;
pub mod auth;
pub mod client;
pub mod db;
pub mod demo;
pub mod error;
pub mod fanout;
pub mod group_commit;
pub mod group_rows;
pub mod import;
pub mod json;
pub mod lifecycle;
pub mod live;
pub mod metrics;
pub mod observe;
pub mod outcomes;
pub mod peers;
pub mod permissions;
pub mod principal;
pub mod rate_limit;
pub mod retention;
pub mod routes;
pub mod secret;
pub mod serve;
pub mod state;
pub mod store;
pub mod sync_engine;
pub mod write_gate;

pub use state::AppState;

use axum::http::header::{REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::HeaderValue;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The whole HTTP application; tests call it in-process without a socket.
pub fn app(state: AppState) -> Router {
    // Each bundle's own pages get its document (assets::EVENT_PAGE_DOCUMENTS and the program
    // pages); the rest, the main.
    let event_pages = assets::EVENT_PAGE_DOCUMENTS
        .iter()
        .map(|(page, dir)| (format!("/events/{{event_id}}/{page}"), *dir));
    let program_pages = assets::PROGRAM_PAGE_DOCUMENTS
        .iter()
        .map(|(path, dir)| ((*path).to_owned(), *dir));
    let static_files = event_pages
        .chain(program_pages)
        .fold(Router::new(), |router, (path, dir)| {
            router.route_service(&path, state.assets.document(dir))
        })
        .route_layer(axum::middleware::from_fn(observe::remember_route))
        .fallback_service(state.assets.service())
        .layer(axum::middleware::from_fn_with_state(
            state.assets.clone(),
            assets::missing_files_are_not_found,
        ))
        .layer(axum::middleware::from_fn(assets::cache_headers));
    let assets = state.assets.clone();
    let body_gap = state.connection_limits.body_gap;
    let metrics = state.metrics.clone();
    Router::new()
        .nest("/api", routes::api_router())
        .merge(routes::metrics::router())
        .merge(static_files)
        .with_state(state)
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(body_gap))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            assets,
            assets::content_security_policy_header,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            observe::observe_request,
        ))
}
