//! What every request handler shares: the pool, the built app, the limiters, the live versions,
//! the group-commit writer, the write gate, the metrics and whether the process is shutting down.

use crate::assets::AppAssets;
use crate::client::TrustedProxies;
use crate::fanout::Fanout;
use crate::group_commit::MutationWriter;
use crate::lifecycle::Lifecycle;
use crate::live::LiveVersions;
use crate::metrics::Metrics;
use crate::rate_limit::{AnonymousLimiter, FailedAuthLimiter};
use crate::serve::ConnectionLimits;
use crate::write_gate::WriteGate;
use sqlx::AnyPool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: AnyPool,
    pub assets: Arc<AppAssets>,
    pub auth_limiter: Arc<FailedAuthLimiter>,
    pub anonymous_limiter: Arc<AnonymousLimiter>,
    /// Whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Arc<TrustedProxies>,
    pub live: Arc<LiveVersions>,
    /// What the other processes on the same database are told (see `peers`).
    pub fanout: Arc<Fanout>,
    /// The single writer of sync batches (group commit).
    pub mutations: Arc<MutationWriter>,
    /// Turns for writers that must not starve each other (mutations, imports).
    pub write_gate: WriteGate,
    /// Header, body and connection bounds (see `serve`).
    pub connection_limits: ConnectionLimits,
    /// What `/metrics` reports.
    pub metrics: Arc<Metrics>,
    /// Set on SIGTERM: `/ready` fails and live streams end (see `lifecycle`).
    pub lifecycle: Arc<Lifecycle>,
}

impl AppState {
    pub fn new(db: AnyPool, assets: AppAssets) -> Self {
        let fanout: Arc<Fanout> = Arc::default();
        let live = Arc::new(LiveVersions::new(fanout.clone()));
        let write_gate = WriteGate::default();
        let metrics: Arc<Metrics> = Arc::default();
        AppState {
            mutations: Arc::new(MutationWriter::new(
                db.clone(),
                live.clone(),
                write_gate.clone(),
                metrics.clone(),
            )),
            write_gate,
            db,
            assets: Arc::new(assets),
            auth_limiter: Arc::new(FailedAuthLimiter::new(fanout.clone())),
            anonymous_limiter: Arc::default(),
            trusted_proxies: Arc::default(),
            connection_limits: ConnectionLimits::default(),
            live,
            fanout,
            metrics,
            lifecycle: Arc::default(),
        }
    }
}

impl AppState {
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    pub fn with_anonymous_limiter(mut self, limiter: AnonymousLimiter) -> Self {
        self.anonymous_limiter = Arc::new(limiter);
        self
    }
}
