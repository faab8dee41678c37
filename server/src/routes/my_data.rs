//! A link holder's own records as a download (definitions §10, issue 19): `GET
//! /events/{id}/my-data` for an investor's or a startup's link.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiPath;
use crate::permissions;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Actor, Record};
use crate::store::from_json;
use crate::store::people::Kind;
use crate::store::removals::{person_record, PersonRecord};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roadshow_core::wire::{AuditAction, PersonalData};

pub fn router() -> Router<AppState> {
    Router::new().route("/events/{event_id}/my-data", get(my_data))
}

async fn my_data(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Json<PersonalData>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    let (kind, id) = permissions::own_records(&principal)?;
    // One read transaction: the download is of one moment.
    let mut transaction = store::begin_read(&state.db).await?;
    let PersonRecord {
        profile,
        scores,
        verdicts,
        meetings,
        follow_ups,
    } = person_record(&mut transaction, &event_id, kind, id)
        .await?
        .ok_or(ApiError::NotFound(kind.as_str()))?;
    transaction.commit().await?;
    let record = Record::new(AuditAction::PersonalDataDownloaded).about(kind.role(), Some(id));
    audit::append_read(&state.db, &event_id, &Actor::of(&principal), record).await?;
    let data = match kind {
        Kind::Investor => PersonalData {
            role: principal.role,
            investor: Some(from_json(&profile)?),
            startup: None,
            scores,
            verdicts,
            meetings,
            follow_ups,
        },
        // The investors' scores and comments about a startup are theirs, not the startup's.
        Kind::Startup => PersonalData {
            role: principal.role,
            investor: None,
            startup: Some(from_json(&profile)?),
            scores: Vec::new(),
            verdicts: Vec::new(),
            meetings,
            follow_ups,
        },
    };
    Ok(Json(data))
}
