//! Events: creation (anyone; returns the organizer link) and the organizer's view of one event.

use crate::auth::{principal_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiJson;
use crate::permissions;
use crate::secret::{new_event_id, LinkSecret};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use roadshow_core::event_draft::{EventDraft, ValidEventDraft};
use serde::Serialize;
use sqlx::SqlitePool;

pub fn router() -> Router<AppState> {
    Router::new().route("/events", post(create_event)).route("/events/{event_id}", get(get_event))
}

#[derive(Debug, Serialize)]
pub struct CreatedEvent {
    pub id: String,
    /// Path and fragment of the organizer link; the secret is only ever in the fragment.
    pub organizer_link: String,
}

/// The event as its organizer sees it.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct EventView {
    pub id: String,
    pub name: String,
    pub venue: String,
    pub starts_at: String,
    pub ends_at: String,
    pub phase: String,
    pub fictional: bool,
    pub version: i64,
}

#[derive(Debug, Serialize)]
struct EventResponse {
    #[serde(flatten)]
    event: EventView,
    role: &'static str,
}

async fn create_event(
    State(state): State<AppState>,
    ApiJson(draft): ApiJson<EventDraft>,
) -> ApiResult<(StatusCode, Json<CreatedEvent>)> {
    let valid = draft.validate().map_err(ApiError::Invalid)?;
    let created = insert_event(&state.db, &new_event_id(), &valid, false).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Stores the event and its first organizer link in one transaction.
pub async fn insert_event(
    db: &SqlitePool,
    id: &str,
    event: &ValidEventDraft,
    fictional: bool,
) -> ApiResult<CreatedEvent> {
    let now = Utc::now().to_rfc3339();
    let secret = LinkSecret::generate();
    let mut transaction = db.begin().await?;
    sqlx::query(
        "INSERT INTO events (id, name, venue, starts_at, ends_at, fictional, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(&event.name)
    .bind(&event.venue)
    .bind(event.starts_at.to_rfc3339())
    .bind(event.ends_at.to_rfc3339())
    .bind(fictional)
    .bind(&now)
    .execute(&mut *transaction)
    .await?;
    insert_link(&mut transaction, id, "organizer", &secret, &now).await?;
    transaction.commit().await?;
    Ok(CreatedEvent { id: id.to_owned(), organizer_link: organizer_link(id, &secret) })
}

/// Revokes every live organizer link of the event and issues a new one.
pub async fn reissue_organizer_link(db: &SqlitePool, event_id: &str) -> ApiResult<String> {
    let now = Utc::now().to_rfc3339();
    let secret = LinkSecret::generate();
    let mut transaction = db.begin().await?;
    sqlx::query(
        "UPDATE links SET revoked_at = ? WHERE event_id = ? AND role = 'organizer' AND revoked_at IS NULL",
    )
    .bind(&now)
    .bind(event_id)
    .execute(&mut *transaction)
    .await?;
    insert_link(&mut transaction, event_id, "organizer", &secret, &now).await?;
    transaction.commit().await?;
    Ok(organizer_link(event_id, &secret))
}

async fn insert_link(
    transaction: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    event_id: &str,
    role: &str,
    secret: &LinkSecret,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO links (secret_sha256, event_id, role, created_at) VALUES (?, ?, ?, ?)")
        .bind(secret.sha256_hex())
        .bind(event_id)
        .bind(role)
        .bind(now)
        .execute(&mut **transaction)
        .await?;
    Ok(())
}

fn organizer_link(event_id: &str, secret: &LinkSecret) -> String {
    format!("/events/{event_id}/organize#k={}", secret.as_str())
}

async fn get_event(
    State(state): State<AppState>,
    Path(event_id): Path<String>,
    bearer: Bearer,
) -> ApiResult<Json<EventResponse>> {
    let event = sqlx::query_as::<_, EventView>(
        "SELECT id, name, venue, starts_at, ends_at, phase, fictional, version FROM events WHERE id = ?",
    )
    .bind(&event_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::NotFound("event"))?;
    let principal = principal_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    Ok(Json(EventResponse { event, role: principal.role.as_str() }))
}
