//! The probes: `/health` says the process answers (liveness); `/ready` says it can take
//! requests now (readiness): its database answers and it is not shutting down.

use crate::error::{ApiError, ApiResult, Unavailable};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roadshow_core::wire::{DatabaseStatus, Health, HealthStatus, Readiness, ReadyStatus};

const PING_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
}

async fn health() -> Json<Health> {
    Json(Health {
        status: HealthStatus::Ok,
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

async fn ready(State(state): State<AppState>) -> ApiResult<Json<Readiness>> {
    if state.lifecycle.is_draining() {
        return Err(ApiError::Unavailable(Unavailable::ShuttingDown));
    }
    // Under a full pool a probe would wait for a connection as long as any request (30 s); a
    // proxy's probe wants an answer sooner, and a database that slow is not ready anyway.
    let answered = tokio::time::timeout(PING_WAIT, crate::store::ping(&state.db)).await;
    if answered != Ok(true) {
        return Err(ApiError::Unavailable(Unavailable::Database));
    }
    Ok(Json(Readiness {
        status: ReadyStatus::Ready,
        database: DatabaseStatus::Ok,
    }))
}
