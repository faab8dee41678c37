//! Investors (added by the organizer, each with its own link) and startups (registered through
//! the event's registration link, each then with its own edit link). Profiles are core's model
//! types, checked by core's validation.

use crate::auth::{caller_in_event, Bearer, Principal, Role};
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, ApiPath};
use crate::links;
use crate::permissions;
use crate::routes::{removals, roster};
use crate::secret::new_event_id;
use crate::store::{self, bump_version, load_event, now_rfc3339, EventRecord};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use roadshow_core::model::{Investor, ProfileStatus, Snapshot, Startup};
use roadshow_core::problem::Problem;
use serde::Serialize;
use sqlx::SqliteConnection;

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
        .route("/events/{event_id}/startups", post(register_startup))
        .route(
            "/events/{event_id}/startups/{startup_id}",
            put(update_startup).delete(removals::remove_startup),
        )
        .route(
            "/events/{event_id}/startups/remove",
            post(removals::remove_startups),
        )
        .route(
            "/events/{event_id}/startups/{startup_id}/link",
            post(reissue_startup_link).delete(revoke_startup_link),
        )
}

#[derive(Debug, Serialize)]
struct Created<T> {
    #[serde(flatten)]
    profile: T,
    /// The new person's own link (path and fragment); shown once.
    link: String,
    version: i64,
}

#[derive(Debug, Serialize)]
struct Updated<T> {
    #[serde(flatten)]
    profile: T,
    version: i64,
}

#[derive(Debug, Serialize)]
struct IssuedLink {
    link: String,
}

/// Checks one profile with core's snapshot rules, reporting paths relative to the profile.
pub(crate) fn profile_problems(
    event: &EventRecord,
    startup: Option<&Startup>,
    investor: Option<&Investor>,
) -> Vec<Problem> {
    let snapshot = Snapshot {
        startups: startup.cloned().into_iter().collect(),
        investors: investor.cloned().into_iter().collect(),
        ..Snapshot::of_event(event.settings.clone())
    };
    let mut problems: Vec<Problem> = roadshow_core::validate::validate(&snapshot)
        .into_iter()
        .filter_map(|problem| {
            let path = problem
                .path
                .strip_prefix("startups[0]")
                .or_else(|| problem.path.strip_prefix("investors[0]"))?
                .trim_start_matches('.')
                .to_owned();
            // References to other people are checked against the stored event below.
            Some(Problem { path, ..problem })
        })
        .filter(|problem| problem.code != roadshow_core::problem::ProblemCode::UnknownId)
        .collect();
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

pub(crate) async fn ids_of(
    connection: &mut SqliteConnection,
    table: &str,
    event_id: &str,
) -> ApiResult<Vec<String>> {
    let ids = sqlx::query_scalar(&format!(
        "SELECT id FROM {table} WHERE event_id = ? ORDER BY position"
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    Ok(ids)
}

/// Every id in `references` must name one of `known`; problems are reported at `path[i]`.
pub(crate) fn unknown_references(
    path: &str,
    references: &[String],
    known: &[String],
) -> Vec<Problem> {
    references
        .iter()
        .enumerate()
        .filter(|(_, id)| !known.contains(id))
        .map(|(index, id)| {
            Problem::new(
                format!("{path}[{index}]"),
                roadshow_core::problem::ProblemCode::UnknownId,
            )
            .with_detail(format!("no such id: {id}"))
        })
        .collect()
}

pub(crate) async fn authorize_organizer(
    state: &AppState,
    event_id: &str,
    bearer: &Bearer,
) -> ApiResult<Principal> {
    let principal = caller_in_event(state, event_id, bearer).await?;
    permissions::may_manage_event(&principal, event_id)?;
    Ok(principal)
}

async fn create_investor(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(mut investor): ApiJson<Investor>,
) -> ApiResult<(StatusCode, Json<Created<Investor>>)> {
    authorize_organizer(&state, &event_id, &bearer).await?;
    if investor.id.trim().is_empty() {
        investor.id = format!("i-{}", new_event_id());
    }
    let mut transaction = store::begin_write(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let mut problems = profile_problems(&event, None, Some(&investor));
    let startups = ids_of(&mut transaction, "startups", &event_id).await?;
    problems.extend(unknown_references(
        "conflicts",
        &investor.conflicts,
        &startups,
    ));
    if ids_of(&mut transaction, "investors", &event_id)
        .await?
        .contains(&investor.id)
    {
        problems.push(Problem::new(
            "id",
            roadshow_core::problem::ProblemCode::Duplicate,
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    sqlx::query(
        "INSERT INTO investors (event_id, id, profile, position, version)
         VALUES (?, ?, ?, (SELECT COUNT(*) FROM investors WHERE event_id = ?), ?)",
    )
    .bind(&event_id)
    .bind(&investor.id)
    .bind(to_json(&investor)?)
    .bind(&event_id)
    .bind(version)
    .execute(&mut *transaction)
    .await?;
    let link = links::reissue(
        &mut transaction,
        &event_id,
        Role::Investor,
        Some(&investor.id),
        &now_rfc3339(),
    )
    .await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok((
        StatusCode::CREATED,
        Json(Created {
            profile: investor,
            link,
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
    if !ids_of(&mut transaction, "investors", &event_id)
        .await?
        .contains(&investor_id)
    {
        return Err(ApiError::NotFound("investor"));
    }
    let stored: String =
        sqlx::query_scalar("SELECT profile FROM investors WHERE event_id = ? AND id = ?")
            .bind(&event_id)
            .bind(&investor_id)
            .fetch_one(&mut *transaction)
            .await?;
    let stored: Investor =
        serde_json::from_str(&stored).map_err(|error| ApiError::Internal(error.into()))?;
    permissions::may_rename_firm(&principal, &stored, &investor)?;
    let mut problems = profile_problems(&event, None, Some(&investor));
    let startups = ids_of(&mut transaction, "startups", &event_id).await?;
    problems.extend(unknown_references(
        "conflicts",
        &investor.conflicts,
        &startups,
    ));
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    sqlx::query("UPDATE investors SET profile = ?, version = ? WHERE event_id = ? AND id = ?")
        .bind(to_json(&investor)?)
        .bind(version)
        .bind(&event_id)
        .bind(&investor_id)
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok(Json(Updated {
        profile: investor,
        version,
    }))
}

async fn register_startup(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(mut startup): ApiJson<Startup>,
) -> ApiResult<(StatusCode, Json<Created<Startup>>)> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_register_startup(&principal)?;
    if principal.role != Role::Organizer || startup.id.trim().is_empty() {
        startup.id = format!("s-{}", new_event_id());
    }
    let now = now_rfc3339();
    if principal.role == Role::Registration {
        // One hall's founders share an address; a script registering hundreds does not get far.
        state
            .anonymous_limiter
            .check_registration(bearer.client, &event_id)
            .map_err(|blocked| ApiError::too_many_requests("registrations", blocked))?;
    }
    let mut transaction = store::begin_write(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    if !permissions::profile_edits_open(&principal, &event, &now)
        || !permissions::registration_open(&principal, &event)
    {
        return Err(registration_closed());
    }
    if principal.role == Role::Registration {
        let registered: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM startups WHERE event_id = ?")
                .bind(&event_id)
                .fetch_one(&mut *transaction)
                .await?;
        if registered >= event.settings.registration_limit() {
            return Err(ApiError::NotNow {
                code: "registration_full",
                message:
                    "this event has as many startups as the organizer allowed; ask the organizer",
            });
        }
    }
    let mut problems = profile_problems(&event, Some(&startup), None);
    let investors = ids_of(&mut transaction, "investors", &event_id).await?;
    problems.extend(unknown_references(
        "wants_to_meet",
        &startup.wants_to_meet,
        &investors,
    ));
    problems.extend(unknown_references(
        "declines",
        &startup.declines,
        &investors,
    ));
    if ids_of(&mut transaction, "startups", &event_id)
        .await?
        .contains(&startup.id)
    {
        problems.push(Problem::new(
            "id",
            roadshow_core::problem::ProblemCode::Duplicate,
        ));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    sqlx::query(
        "INSERT INTO startups (event_id, id, profile, published, position, version)
         VALUES (?, ?, ?, ?, (SELECT COUNT(*) FROM startups WHERE event_id = ?), ?)",
    )
    .bind(&event_id)
    .bind(&startup.id)
    .bind(to_json(&startup)?)
    .bind(is_published(&startup))
    .bind(&event_id)
    .bind(version)
    .execute(&mut *transaction)
    .await?;
    let link = links::reissue(
        &mut transaction,
        &event_id,
        Role::Startup,
        Some(&startup.id),
        &now,
    )
    .await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok((
        StatusCode::CREATED,
        Json(Created {
            profile: startup,
            link,
            version,
        }),
    ))
}

fn is_published(startup: &Startup) -> bool {
    startup.status.unwrap_or_default() == ProfileStatus::Published
}

fn registration_closed() -> ApiError {
    ApiError::NotNow {
        code: "registration_closed",
        message: "registration is closed: only meeting wishes and capacity can change now",
    }
}

async fn update_startup(
    State(state): State<AppState>,
    ApiPath((event_id, startup_id)): ApiPath<(String, String)>,
    bearer: Bearer,
    ApiJson(mut startup): ApiJson<Startup>,
) -> ApiResult<Json<Updated<Startup>>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_edit_startup(&principal, &startup_id)?;
    startup.id = startup_id.clone();
    let now = now_rfc3339();
    let mut transaction = store::begin_write(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let stored: Option<String> =
        sqlx::query_scalar("SELECT profile FROM startups WHERE event_id = ? AND id = ?")
            .bind(&event_id)
            .bind(&startup_id)
            .fetch_optional(&mut *transaction)
            .await?;
    let stored: Startup = serde_json::from_str(&stored.ok_or(ApiError::NotFound("startup"))?)
        .map_err(|error| ApiError::Internal(error.into()))?;
    if !permissions::profile_edits_open(&principal, &event, &now) {
        // After registration closes a startup may still say whom it wants to meet and how often.
        let wishes_only = Startup {
            wants_to_meet: stored.wants_to_meet.clone(),
            declines: stored.declines.clone(),
            capacity: stored.capacity,
            ..startup.clone()
        };
        if wishes_only != stored {
            return Err(registration_closed());
        }
    }
    let mut problems = profile_problems(&event, Some(&startup), None);
    let investors = ids_of(&mut transaction, "investors", &event_id).await?;
    problems.extend(unknown_references(
        "wants_to_meet",
        &startup.wants_to_meet,
        &investors,
    ));
    problems.extend(unknown_references(
        "declines",
        &startup.declines,
        &investors,
    ));
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    sqlx::query(
        "UPDATE startups SET profile = ?, published = ?, version = ? WHERE event_id = ? AND id = ?",
    )
    .bind(to_json(&startup)?)
    .bind(is_published(&startup))
    .bind(version)
    .bind(&event_id)
    .bind(&startup_id)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok(Json(Updated {
        profile: startup,
        version,
    }))
}

async fn subject_exists(state: &AppState, table: &str, event_id: &str, id: &str) -> ApiResult<()> {
    let found: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT 1 FROM {table} WHERE event_id = ? AND id = ?"
    ))
    .bind(event_id)
    .bind(id)
    .fetch_optional(&state.db)
    .await?;
    found
        .map(|_| ())
        .ok_or(ApiError::NotFound(if table == "investors" {
            "investor"
        } else {
            "startup"
        }))
}

async fn reissue_link(
    state: &AppState,
    event_id: &str,
    role: Role,
    id: &str,
) -> ApiResult<Json<IssuedLink>> {
    let mut transaction = state.db.begin().await?;
    let link = links::reissue(&mut transaction, event_id, role, Some(id), &now_rfc3339()).await?;
    transaction.commit().await?;
    state.live.links_revoked(event_id);
    Ok(Json(IssuedLink { link }))
}

async fn revoke_link(
    state: &AppState,
    event_id: &str,
    role: Role,
    id: &str,
) -> ApiResult<StatusCode> {
    let mut connection = state.db.acquire().await?;
    links::revoke(&mut connection, event_id, role, Some(id), &now_rfc3339()).await?;
    state.live.links_revoked(event_id);
    Ok(StatusCode::NO_CONTENT)
}

async fn reissue_investor_link(
    State(state): State<AppState>,
    ApiPath((event_id, investor_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<IssuedLink>> {
    authorize_organizer(&state, &event_id, &bearer).await?;
    subject_exists(&state, "investors", &event_id, &investor_id).await?;
    reissue_link(&state, &event_id, Role::Investor, &investor_id).await
}

async fn revoke_investor_link(
    State(state): State<AppState>,
    ApiPath((event_id, investor_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<StatusCode> {
    authorize_organizer(&state, &event_id, &bearer).await?;
    subject_exists(&state, "investors", &event_id, &investor_id).await?;
    revoke_link(&state, &event_id, Role::Investor, &investor_id).await
}

async fn reissue_startup_link(
    State(state): State<AppState>,
    ApiPath((event_id, startup_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<IssuedLink>> {
    authorize_organizer(&state, &event_id, &bearer).await?;
    subject_exists(&state, "startups", &event_id, &startup_id).await?;
    reissue_link(&state, &event_id, Role::Startup, &startup_id).await
}

async fn revoke_startup_link(
    State(state): State<AppState>,
    ApiPath((event_id, startup_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<StatusCode> {
    authorize_organizer(&state, &event_id, &bearer).await?;
    subject_exists(&state, "startups", &event_id, &startup_id).await?;
    revoke_link(&state, &event_id, Role::Startup, &startup_id).await
}

pub fn to_json<T: Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|error| ApiError::Internal(error.into()))
}
