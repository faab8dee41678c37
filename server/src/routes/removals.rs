//! Removing startups and investors (organizer only): one, or many at once (spam registrations).
//!
//! A removal takes the person's scores, interest, comments and meetings with it, in one
//! transaction, and says how many of each; nothing disappears silently. What was removed is kept
//! as JSON in the `removals` table (with the time and the event version), and the change feed
//! lists removed ids so every open console and phone drops them. Removing an investor's scores
//! changes the severity normalization of the others, so other startups' normalized totals can
//! move; removing a startup changes the judges' means likewise. The console says so before asking.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::state::AppState;
use crate::store::events::bump_version;
use crate::store::people::{self, Kind};
use crate::store::removals::remove_person;
use crate::store::{self, now_rfc3339};
use axum::extract::State;
use axum::Json;
use roadshow_core::problem::{Problem, ProblemCode};
use serde::{Deserialize, Serialize};

/// What one removal took with it.
#[derive(Debug, Serialize)]
pub struct Removed {
    id: String,
    scores: i64,
    verdicts: i64,
    meetings: i64,
}

#[derive(Debug, Serialize)]
pub struct Removal {
    removed: Vec<Removed>,
    version: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveMany {
    ids: Vec<String>,
}

/// Most people removed in one request (a spam wave is removed in a few).
const MAX_IDS: usize = 1000;

pub async fn remove_startup(
    State(state): State<AppState>,
    ApiPath((event_id, startup_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<Removal>> {
    remove(
        &state,
        &event_id,
        &bearer,
        Kind::Startup,
        vec![startup_id],
        "id",
    )
    .await
}

pub async fn remove_investor(
    State(state): State<AppState>,
    ApiPath((event_id, investor_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<Removal>> {
    remove(
        &state,
        &event_id,
        &bearer,
        Kind::Investor,
        vec![investor_id],
        "id",
    )
    .await
}

pub async fn remove_startups(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(request): ApiJson<RemoveMany>,
) -> ApiResult<Json<Removal>> {
    remove(
        &state,
        &event_id,
        &bearer,
        Kind::Startup,
        request.ids,
        "ids",
    )
    .await
}

pub async fn remove_investors(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(request): ApiJson<RemoveMany>,
) -> ApiResult<Json<Removal>> {
    remove(
        &state,
        &event_id,
        &bearer,
        Kind::Investor,
        request.ids,
        "ids",
    )
    .await
}

/// Removes every id or none: an unknown or repeated id is a field error and nothing changes.
async fn remove(
    state: &AppState,
    event_id: &str,
    bearer: &Bearer,
    kind: Kind,
    ids: Vec<String>,
    path: &str,
) -> ApiResult<Json<Removal>> {
    let principal = caller_in_event(state, event_id, bearer).await?;
    permissions::may_manage_event(&principal, event_id)?;
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(ApiError::Invalid(vec![Problem::new(
            path,
            ProblemCode::OutOfRange,
        )
        .with_detail(format!("from 1 to {MAX_IDS} ids"))]));
    }
    let _turn = state.write_gate.turn().await;
    let mut transaction = store::begin_write(&state.db).await?;
    let known = people::ids(&mut transaction, kind, event_id).await?;
    let known: std::collections::HashSet<&str> = known.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        let at = if path == "ids" {
            format!("ids[{index}]")
        } else {
            path.to_owned()
        };
        if !known.contains(id.as_str()) {
            problems.push(
                Problem::new(at, ProblemCode::UnknownId)
                    .with_detail(format!("no {} {id}", kind.as_str())),
            );
        } else if ids[..index].contains(id) {
            problems.push(Problem::new(at, ProblemCode::Duplicate));
        }
    }
    if !problems.is_empty() {
        if path == "id" {
            return Err(ApiError::NotFound(kind.as_str()));
        }
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, event_id).await?;
    let now = now_rfc3339();
    let mut removed = Vec::with_capacity(ids.len());
    for id in ids {
        let counts = remove_person(&mut transaction, event_id, kind, &id, &now, version).await?;
        removed.push(Removed {
            id,
            scores: counts.scores,
            verdicts: counts.verdicts,
            meetings: counts.meetings,
        });
    }
    transaction.commit().await?;
    state.live.publish(event_id, version);
    state.live.links_revoked(event_id);
    Ok(Json(Removal { removed, version }))
}
