//! The demo event: a fictional roadshow created once, so a newcomer has something to look at.

use crate::error::{ApiError, ApiResult};
use crate::routes::events::{insert_event, reissue_organizer_link};
use roadshow_core::event_draft::EventDraft;
use serde::Deserialize;
use sqlx::SqlitePool;

pub const DEMO_EVENT_ID: &str = "demo";
const DEMO_SNAPSHOT: &str = include_str!("../../core/data/demo-roadshow.json");

#[derive(Deserialize)]
struct DemoSnapshot {
    event: DemoEvent,
}

#[derive(Deserialize)]
struct DemoEvent {
    name: String,
    venue: String,
    starts_at: String,
    ends_at: String,
}

/// Creates the demo event if it is missing, then issues a fresh organizer link for it (the old
/// one cannot be printed again: only its hash is stored) and returns that link's path.
pub async fn ensure_demo_event(db: &SqlitePool) -> ApiResult<String> {
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM events WHERE id = ?")
        .bind(DEMO_EVENT_ID)
        .fetch_optional(db)
        .await?;
    if exists.is_some() {
        return reissue_organizer_link(db, DEMO_EVENT_ID).await;
    }
    let snapshot: DemoSnapshot = serde_json::from_str(DEMO_SNAPSHOT)
        .map_err(|error| ApiError::Internal(error.into()))?;
    let draft = EventDraft {
        name: snapshot.event.name,
        venue: snapshot.event.venue,
        starts_at: snapshot.event.starts_at,
        ends_at: snapshot.event.ends_at,
    };
    let valid = draft.validate().map_err(ApiError::Invalid)?;
    Ok(insert_event(db, DEMO_EVENT_ID, &valid, true).await?.organizer_link)
}
