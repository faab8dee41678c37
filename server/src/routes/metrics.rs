//! `GET /metrics`: this process's figures in the Prometheus text format. It needs no link and
//! names no event, person or secret (labels are route templates); a deployment still keeps it
//! off the public side of its proxy (docs/deploy.md), since a scrape is for the operators.

use crate::error::{ApiError, ApiResult, InternalError};
use crate::state::AppState;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/metrics", get(scrape))
        .route_layer(axum::middleware::from_fn(crate::observe::remember_route))
}

async fn scrape(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let text = state
        .metrics
        .render(&state.db)
        .map_err(|_| ApiError::Internal(InternalError::MetricsNotWritten))?;
    Ok(([(CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text))
}
