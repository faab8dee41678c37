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
use crate::store::audit::{self, Actor, Record};
use crate::store::events::bump_version;
use crate::store::people::{self, Kind};
use crate::store::removals::remove_people;
use crate::store::{self, now_rfc3339};
use axum::extract::State;
use axum::Json;
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::wire::{AuditAction, Removal, RemoveMany, RemovedCounts, RemovedPerson};
use std::collections::HashSet;

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
        Asked::One(startup_id),
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
        Asked::One(investor_id),
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
        Asked::Many(request.ids),
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
        Asked::Many(request.ids),
    )
    .await
}

/// Who a removal request names: one person by the path (an unknown id is a 404), or a list in
/// the body (unknown or repeated ids are field errors at `ids[i]`).
enum Asked {
    One(String),
    Many(Vec<String>),
}

/// Removes every id or none: an unknown or repeated id refuses the whole request.
async fn remove(
    state: &AppState,
    event_id: &str,
    bearer: &Bearer,
    kind: Kind,
    asked: Asked,
) -> ApiResult<Json<Removal>> {
    let principal = caller_in_event(state, event_id, bearer).await?;
    permissions::may_manage_event(&principal, event_id)?;
    let _turn = state.write_gate.turn().await;
    let mut transaction = store::begin_write(&state.db).await?;
    let known = people::ids(&mut transaction, kind, event_id).await?;
    let known: HashSet<&str> = known.iter().map(String::as_str).collect();
    let ids = match asked {
        Asked::One(id) if known.contains(id.as_str()) => vec![id],
        Asked::One(_) => return Err(ApiError::NotFound(kind.as_str())),
        Asked::Many(ids) => {
            if ids.is_empty() || ids.len() > MAX_IDS {
                return Err(ApiError::Invalid(vec![Problem::new(
                    "ids",
                    ProblemCode::OutOfRange,
                )
                .with_detail(format!("from 1 to {MAX_IDS} ids"))]));
            }
            let mut seen = HashSet::new();
            let mut problems = Vec::new();
            for (index, id) in ids.iter().enumerate() {
                let at = format!("ids[{index}]");
                if !known.contains(id.as_str()) {
                    problems.push(
                        Problem::new(at, ProblemCode::UnknownId)
                            .with_detail(format!("no {} {id}", kind.as_str())),
                    );
                } else if !seen.insert(id.as_str()) {
                    problems.push(Problem::new(at, ProblemCode::Duplicate));
                }
            }
            if !problems.is_empty() {
                return Err(ApiError::Invalid(problems));
            }
            ids
        }
    };
    let version = bump_version(&mut transaction, event_id).await?;
    let now = now_rfc3339();
    let by = Actor::of(&principal);
    let counts = remove_people(&mut transaction, event_id, kind, &ids, &now, version, &by).await?;
    let record = Record::new(AuditAction::PeopleRemoved)
        .about(kind.role(), None)
        .with("ids", ids.clone());
    audit::append(&mut transaction, event_id, &by, record, &now).await?;
    let removed = ids
        .into_iter()
        .zip(counts)
        .map(|(id, counts)| RemovedPerson {
            id,
            counts: RemovedCounts {
                scores: counts.scores,
                verdicts: counts.verdicts,
                meetings: counts.meetings,
            },
        })
        .collect();
    transaction.commit().await?;
    state.live.publish(event_id, version);
    state.live.links_revoked(event_id);
    Ok(Json(Removal { removed, version }))
}
