//! Erasure (definitions §10): a link holder asks for their personal data to be erased and sees
//! their request; the organizer lists every request and executes it; the organizer runs the
//! retention erasure once the retention date has passed (the server also runs it on its own).

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::retention;
use crate::state::AppState;
use crate::store::audit::{self, Actor, Record};
use crate::store::events::load_event;
use crate::store::{self, erasure, now_rfc3339};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use roadshow_core::privacy::{self, MAX_ERASURE_NOTE_CHARS};
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::wire::{
    AuditAction, Erasure, ErasureAsk, ErasureRequest, ErasureRequests, ErrorCode,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/events/{event_id}/erasure-requests",
            get(list_requests).post(request_erasure),
        )
        .route(
            "/events/{event_id}/erasure-requests/{request_id}/execute",
            post(execute_request),
        )
        .route(
            "/events/{event_id}/retention/erase",
            post(erase_after_retention),
        )
}

/// 201 with the new request, or 200 with the one already waiting (asking twice is one request).
async fn request_erasure(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(ask): ApiJson<ErasureAsk>,
) -> ApiResult<(StatusCode, Json<ErasureRequest>)> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    let (kind, id) = permissions::own_records(&principal)?;
    let note = ask
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty());
    if note.is_some_and(|note| note.chars().count() > MAX_ERASURE_NOTE_CHARS) {
        return Err(ApiError::Invalid(vec![Problem::new(
            "note",
            ProblemCode::TooLong,
        )
        .with_detail(format!("at most {MAX_ERASURE_NOTE_CHARS} characters"))]));
    }
    let mut transaction = store::begin_write(&state.db).await?;
    if let Some(waiting) = erasure::open_request(&mut transaction, &event_id, kind, id).await? {
        return Ok((StatusCode::OK, Json(waiting)));
    }
    let now = now_rfc3339();
    let request =
        erasure::insert_request(&mut transaction, &event_id, kind, id, note, &now).await?;
    let record = Record::new(AuditAction::ErasureRequested)
        .about(kind.role(), Some(id))
        .with("request", request.id);
    audit::append(
        &mut transaction,
        &event_id,
        &Actor::of(&principal),
        record,
        &now,
    )
    .await?;
    transaction.commit().await?;
    Ok((StatusCode::CREATED, Json(request)))
}

/// The organizer's list of every request; a link holder's own requests.
async fn list_requests(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Json<ErasureRequests>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    let of = if permissions::may_manage_event(&principal, &event_id).is_ok() {
        None
    } else {
        Some(permissions::own_records(&principal)?)
    };
    Ok(Json(ErasureRequests {
        requests: erasure::requests(&state.db, &event_id, of).await?,
    }))
}

async fn execute_request(
    State(state): State<AppState>,
    ApiPath((event_id, request_id)): ApiPath<(String, i64)>,
    bearer: Bearer,
) -> ApiResult<Json<Erasure>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    let erasure = retention::execute_request(
        &state.db,
        &state.live,
        &event_id,
        request_id,
        &Actor::of(&principal),
    )
    .await?;
    Ok(Json(erasure))
}

/// Runs the retention erasure now; refused (409) before the retention date has passed — the
/// organizer who wants it sooner moves the date first, which the audit log shows too.
async fn erase_after_retention(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Json<Erasure>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    let event = load_event(&state.db, &event_id).await?;
    if !privacy::erasure_due(&event.settings, retention::today_kst()) {
        return Err(ApiError::NotNow {
            code: ErrorCode::RetentionNotReached,
            message:
                "personal data is kept until the retention date; move the date to erase it sooner",
        });
    }
    let erasure =
        retention::erase_event(&state.db, &state.live, &event_id, &Actor::of(&principal)).await?;
    Ok(Json(erasure))
}
