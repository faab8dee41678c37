//! Roadshow's server: stores and syncs events, checks role links, and serves the built app.
//! It never ranks: rankings, matches and schedules are computed in the browser by `roadshow-core`.

pub mod assets;
pub mod auth;
pub mod client;
pub mod db;
pub mod demo;
pub mod error;
pub mod group_commit;
pub mod import;
pub mod json;
pub mod links;
pub mod live;
pub mod permissions;
pub mod rate_limit;
pub mod routes;
pub mod secret;
pub mod serve;
pub mod store;
pub mod write_gate;

use assets::AppAssets;
use axum::http::header::{REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::HeaderValue;
use axum::Router;
use rate_limit::{AnonymousLimiter, FailedAuthLimiter};
use sqlx::SqlitePool;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub assets: Arc<AppAssets>,
    pub auth_limiter: Arc<FailedAuthLimiter>,
    pub anonymous_limiter: Arc<AnonymousLimiter>,
    /// Whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Arc<client::TrustedProxies>,
    pub live: Arc<live::LiveVersions>,
    /// The single writer of sync batches (group commit).
    pub mutations: Arc<group_commit::MutationWriter>,
    /// Turns for writers that must not starve each other (mutations, imports).
    pub write_gate: write_gate::WriteGate,
    /// Header, body and connection bounds (see `serve`).
    pub connection_limits: serve::ConnectionLimits,
}

impl AppState {
    pub fn new(db: SqlitePool, assets: AppAssets) -> Self {
        let live: Arc<live::LiveVersions> = Arc::default();
        let write_gate = write_gate::WriteGate::default();
        AppState {
            mutations: Arc::new(group_commit::MutationWriter::new(
                db.clone(),
                live.clone(),
                write_gate.clone(),
            )),
            write_gate,
            db,
            assets: Arc::new(assets),
            auth_limiter: Arc::default(),
            anonymous_limiter: Arc::default(),
            trusted_proxies: Arc::default(),
            connection_limits: serve::ConnectionLimits::default(),
            live,
        }
    }
}

impl AppState {
    pub fn with_trusted_proxies(mut self, proxies: client::TrustedProxies) -> Self {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    pub fn with_anonymous_limiter(mut self, limiter: AnonymousLimiter) -> Self {
        self.anonymous_limiter = Arc::new(limiter);
        self
    }
}

/// The whole HTTP application; tests call it in-process without a socket.
pub fn app(state: AppState) -> Router {
    // Each bundle's own pages get its document (assets::EVENT_PAGE_DOCUMENTS); the rest, the main.
    let static_files = assets::EVENT_PAGE_DOCUMENTS
        .iter()
        .fold(Router::new(), |router, (page, dir)| {
            router.route_service(
                &format!("/events/{{event_id}}/{page}"),
                state.assets.document(dir),
            )
        })
        .fallback_service(state.assets.service())
        .layer(axum::middleware::from_fn(assets::cache_headers));
    let assets = state.assets.clone();
    let body_gap = state.connection_limits.body_gap;
    Router::new()
        .nest("/api", routes::api_router())
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
}
