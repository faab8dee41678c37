//! The HTTP API, one router per resource, all under `/api`.

pub mod events;
pub mod health;
pub mod openapi;
pub mod people;
pub mod removals;
pub mod roster;
pub mod sync;

use crate::error::ApiError;
use crate::json::BODY_LIMIT_BYTES;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::Router;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(events::router())
        .merge(people::router())
        .merge(sync::router())
        .merge(openapi::router())
        .fallback(|| async { ApiError::NotFound("API route") })
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
}
