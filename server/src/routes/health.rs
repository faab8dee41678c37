use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use roadshow_core::wire::{DatabaseStatus, Health, HealthStatus};

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database_ok = crate::store::ping(&state.db).await;
    let status = if database_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let health = Health {
        status: if database_ok {
            HealthStatus::Ok
        } else {
            HealthStatus::Unavailable
        },
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: if database_ok {
            DatabaseStatus::Ok
        } else {
            DatabaseStatus::Error
        },
    };
    (status, Json(health))
}
