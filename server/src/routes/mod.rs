//! The HTTP API, one router per resource, all under `/api` (and `/metrics` at the root, where
//! Prometheus looks). Handlers check the request, ask `permissions`, and read and write through
//! `store`; none runs SQL of its own.

pub mod audit;
pub mod changes;
pub mod erasure;
pub mod events;
pub mod feedback;
pub mod health;
pub mod investors;
pub mod meetings;
pub mod metrics;
pub mod mutations;
pub mod my_data;
pub mod openapi;
pub mod people;
pub mod programs;
pub mod removals;
pub mod roster;
pub mod startups;

use crate::error::ApiError;
use crate::json::BODY_LIMIT_BYTES;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::Router;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(events::router())
        .merge(investors::router())
        .merge(startups::router())
        .merge(mutations::router())
        .merge(my_data::router())
        .merge(audit::router())
        .merge(erasure::router())
        .merge(feedback::router())
        .merge(changes::router())
        .merge(meetings::router())
        .merge(programs::router())
        .merge(openapi::router())
        .route_layer(axum::middleware::from_fn(crate::observe::remember_route))
        .fallback(|| async { ApiError::NotFound("API route") })
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
}
