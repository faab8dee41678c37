//! Investors: added by the organizer (one at a time, or a whole roster), each with its own link;
//! an investor edits its own thesis, capacity, availability and conflicts.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::principal::Role;
use crate::routes::people::{
    authorize_organizer, profile_problems, reissue_link, revoke_link, unknown_references, Created,
    IssuedLink, Updated,
};
use crate::routes::{removals, roster};
use crate::secret::new_event_id;
use crate::state::AppState;
use crate::store::audit::Actor;
use crate::store::events::{bump_version, load_event};
use crate::store::links::IssuedBy;
use crate::store::people::{self, Kind};
use crate::store::{self, links, now_rfc3339};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use roadshow_core::model::Investor;
use roadshow_core::problem::{Problem, ProblemCode};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{event_id}/investors", post(create_investor))
        .route(
            "/events/{event_id}/investors/{investor_id}",
            put(update_investor).delete(removals::remove_investor),
        )
        .route(
            "/events/{event_id}/investors/remove",
            post(removals::remove_investors),
        )
        .route(
            "/events/{event_id}/investors/roster",
            post(roster::import_roster).layer(axum::extract::DefaultBodyLimit::max(
                roster::BODY_LIMIT_BYTES,
            )),
        )
        .route(
            "/events/{event_id}/investors/{investor_id}/link",
            post(reissue_investor_link).delete(revoke_investor_link),
        )
}

async fn create_investor(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(mut investor): ApiJson<Investor>,
) -> ApiResult<(StatusCode, Json<Created<Investor>>)> {
    let principal = authorize_organizer(&state, &event_id, &bearer).await?;
    if investor.id.trim().is_empty() {
        investor.id = format!("i-{}", new_event_id());
    }
    let mut transaction = store::begin_write(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let mut problems = profile_problems(&event, None, Some(&investor));
    let startups = people::ids(&mut transaction, Kind::Startup, &event_id).await?;
    problems.extend(unknown_references(
        "conflicts",
        &investor.conflicts,
        &startups,
    ));
    if people::ids(&mut transaction, Kind::Investor, &event_id)
        .await?
        .contains(&investor.id)
    {
        problems.push(Problem::new("id", ProblemCode::Duplicate));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    let position = people::next_position(&mut transaction, Kind::Investor, &event_id).await?;
    people::insert_investor(&mut transaction, &event_id, &investor, position, version).await?;
    let link = links::reissue(
        &mut transaction,
        &event_id,
        Role::Investor,
        Some(&investor.id),
        &now_rfc3339(),
        IssuedBy::Actor(&Actor::of(&principal)),
    )
    .await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok((
        StatusCode::CREATED,
        Json(Created {
            profile: investor,
            link: link.path,
            version,
        }),
    ))
}

async fn update_investor(
    State(state): State<AppState>,
    ApiPath((event_id, investor_id)): ApiPath<(String, String)>,
    bearer: Bearer,
    ApiJson(mut investor): ApiJson<Investor>,
) -> ApiResult<Json<Updated<Investor>>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_edit_investor(&principal, &investor_id)?;
    investor.id = investor_id.clone();
    let mut transaction = store::begin_write(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let stored = people::investor(&mut transaction, &event_id, &investor_id)
        .await?
        .ok_or(ApiError::NotFound("investor"))?;
    permissions::may_rename_firm(&principal, &stored, &investor)?;
    permissions::may_set_tracks(&principal, &stored, &investor)?;
    keep_what_the_form_does_not_carry(&mut investor, &stored);
    let mut problems = profile_problems(&event, None, Some(&investor));
    let startups = people::ids(&mut transaction, Kind::Startup, &event_id).await?;
    problems.extend(unknown_references(
        "conflicts",
        &investor.conflicts,
        &startups,
    ));
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    people::update_investor(&mut transaction, &event_id, &investor, version).await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok(Json(Updated {
        profile: investor,
        version,
    }))
}

/// The thesis form (the investor's own, and the console's) carries neither the headquarters'
/// region nor the tracks, which come from the roster: an absent value keeps the stored one, so a
/// save never erases them.
fn keep_what_the_form_does_not_carry(investor: &mut Investor, stored: &Investor) {
    if investor.hq_region.is_none() {
        investor.hq_region.clone_from(&stored.hq_region);
    }
    if investor.tracks.is_empty() {
        investor.tracks.clone_from(&stored.tracks);
    }
}

async fn reissue_investor_link(
    State(state): State<AppState>,
    ApiPath((event_id, investor_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<IssuedLink>> {
    reissue_link(&state, &bearer, Kind::Investor, &event_id, &investor_id).await
}

async fn revoke_investor_link(
    State(state): State<AppState>,
    ApiPath((event_id, investor_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<StatusCode> {
    revoke_link(&state, &bearer, Kind::Investor, &event_id, &investor_id).await
}
