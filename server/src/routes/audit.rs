//! `GET /events/{id}/audit`: the organizer reads the event's audit log (definitions §10). No
//! route writes it: entries are appended by the actions themselves, and never changed.

use crate::auth::{caller_in_event, Bearer};
use crate::error::ApiResult;
use crate::json::ApiPath;
use crate::permissions;
use crate::state::AppState;
use crate::store::audit;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roadshow_core::wire::AuditLog;

pub fn router() -> Router<AppState> {
    Router::new().route("/events/{event_id}/audit", get(audit_log))
}

async fn audit_log(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Json<AuditLog>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    Ok(Json(AuditLog {
        entries: audit::entries(&state.db, &event_id).await?,
    }))
}
