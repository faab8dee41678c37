//! What the investor and startup routes share (see `investors`, `startups`, `roster`): their
//! response shapes, checking one profile against core's rules and the stored event, and issuing
//! or revoking one person's link. Profiles are core's model types.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::permissions;
use crate::principal::Principal;
use crate::state::AppState;
use crate::store;
use crate::store::audit::Actor;
use crate::store::events::StoredEvent;
use crate::store::links::IssuedBy;
use crate::store::people::{self, Kind};
use crate::store::{links, now_rfc3339};
use axum::http::StatusCode;
use axum::Json;
use roadshow_core::model::{Investor, Startup};
use roadshow_core::problem::{Problem, ProblemCode};

pub use roadshow_core::wire::{Created, IssuedLink, Updated};

/// Checks one profile with core's rules for one startup or investor, paths relative to the
/// profile. References to other people (`conflicts`, `wants_to_meet`, …) are the caller's to
/// check against the stored event ([`unknown_references`]).
pub fn profile_problems(
    event: &StoredEvent,
    startup: Option<&Startup>,
    investor: Option<&Investor>,
) -> Vec<Problem> {
    let mut problems: Vec<Problem> = startup
        .map(roadshow_core::validate::startup_problems)
        .unwrap_or_default();
    if let Some(investor) = investor {
        problems.extend(roadshow_core::validate::investor_problems(
            investor,
            &event.settings.meetings,
        ));
    }
    // The form's own rules (known zone, web links, what a published profile needs), shared with
    // the browser; a problem both rule sets find is reported once.
    for problem in startup
        .map(roadshow_core::startup_form::profile_problems)
        .unwrap_or_default()
    {
        if !problems
            .iter()
            .any(|known| known.path == problem.path && known.code == problem.code)
        {
            problems.push(problem);
        }
    }
    problems
}

/// Every id in `references` must name one of `known`; problems are reported at `path[i]`.
pub fn unknown_references(path: &str, references: &[String], known: &[String]) -> Vec<Problem> {
    references
        .iter()
        .enumerate()
        .filter(|(_, id)| !known.contains(id))
        .map(|(index, id)| {
            Problem::new(format!("{path}[{index}]"), ProblemCode::UnknownId)
                .with_detail(format!("no such id: {id}"))
        })
        .collect()
}

/// The caller, if it is this event's organizer.
pub async fn authorize_organizer(
    state: &AppState,
    event_id: &str,
    bearer: &Bearer,
) -> ApiResult<Principal> {
    let principal = caller_in_event(state, event_id, bearer).await?;
    permissions::may_manage_event(&principal, event_id)?;
    Ok(principal)
}

/// `NotFound` unless the event has this startup or investor.
async fn subject_exists(state: &AppState, kind: Kind, event_id: &str, id: &str) -> ApiResult<()> {
    if people::exists(&state.db, kind, event_id, id).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound(kind.as_str()))
    }
}

/// A new link for one startup or investor (the organizer's), revoking its previous ones.
pub async fn reissue_link(
    state: &AppState,
    bearer: &Bearer,
    kind: Kind,
    event_id: &str,
    id: &str,
) -> ApiResult<Json<IssuedLink>> {
    let principal = authorize_organizer(state, event_id, bearer).await?;
    subject_exists(state, kind, event_id, id).await?;
    let mut transaction = store::begin_write(&state.db).await?;
    let link = links::reissue(
        &mut transaction,
        event_id,
        kind.role(),
        Some(id),
        &now_rfc3339(),
        IssuedBy::Actor(&Actor::of(&principal)),
    )
    .await?;
    transaction.commit().await?;
    state.live.links_revoked(event_id);
    Ok(Json(IssuedLink { link: link.path }))
}

/// Revokes one startup's or investor's links (the organizer's).
pub async fn revoke_link(
    state: &AppState,
    bearer: &Bearer,
    kind: Kind,
    event_id: &str,
    id: &str,
) -> ApiResult<StatusCode> {
    let principal = authorize_organizer(state, event_id, bearer).await?;
    subject_exists(state, kind, event_id, id).await?;
    let mut transaction = store::begin_write(&state.db).await?;
    links::revoke(
        &mut transaction,
        event_id,
        kind.role(),
        Some(id),
        &now_rfc3339(),
        &Actor::of(&principal),
    )
    .await?;
    transaction.commit().await?;
    state.live.links_revoked(event_id);
    Ok(StatusCode::NO_CONTENT)
}
