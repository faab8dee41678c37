//! Startups: registered through the event's shared registration link (or by the organizer), each
//! then with its own edit link. After registration closes a startup may still change whom it
//! wants to meet and how often, nothing else.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::principal::Role;
use crate::routes::people::{
    profile_problems, reissue_link, revoke_link, unknown_references, Created, IssuedLink, Updated,
};
use crate::routes::removals;
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
use roadshow_core::model::{Consent, Startup, CONSENT_VERSION};
use roadshow_core::problem::{Problem, ProblemCode};

pub fn router() -> Router<AppState> {
    Router::new()
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

async fn register_startup(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(mut startup): ApiJson<Startup>,
) -> ApiResult<(StatusCode, Json<Created<Startup>>)> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_register_startup(&principal)?;
    if !permissions::may_choose_startup_id(&principal) || startup.id.trim().is_empty() {
        startup.id = format!("s-{}", new_event_id());
    }
    let now = now_rfc3339();
    let shared_link = permissions::registers_through_shared_link(&principal);
    if shared_link {
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
    if shared_link {
        let registered = people::count(&mut transaction, Kind::Startup, &event_id).await?;
        if registered >= event.settings.registration_limit() {
            return Err(ApiError::NotNow {
                code: ErrorCode::RegistrationFull,
                message:
                    "this event has as many startups as the organizer allowed; ask the organizer",
            });
        }
    }
    let mut problems = profile_problems(&event, Some(&startup), None);
    // A founder registering through the shared link consents to the collection of the profile's
    // personal data; the organizer entering a company gathered that consent offline.
    if shared_link
        && !startup
            .consent
            .as_ref()
            .is_some_and(|consent| consent.collection)
    {
        problems.push(
            Problem::new("consent.collection", ProblemCode::Required)
                .with_detail("registering needs consent to the collection and use of the data"),
        );
    }
    stamp_consent(&mut startup, None, &now);
    let investors = people::ids(&mut transaction, Kind::Investor, &event_id).await?;
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
    if people::ids(&mut transaction, Kind::Startup, &event_id)
        .await?
        .contains(&startup.id)
    {
        problems.push(Problem::new("id", ProblemCode::Duplicate));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    let position = people::next_position(&mut transaction, Kind::Startup, &event_id).await?;
    people::insert_startup(&mut transaction, &event_id, &startup, position, version).await?;
    let link = links::reissue(
        &mut transaction,
        &event_id,
        Role::Startup,
        Some(&startup.id),
        &now,
        IssuedBy::Actor(&Actor::of(&principal)),
    )
    .await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok((
        StatusCode::CREATED,
        Json(Created {
            profile: startup,
            link: link.path,
            version,
        }),
    ))
}

/// The organizer's program fields (business id, track, hall, pinned position) and the consent
/// are not on the founder's form: an update that leaves them out keeps the stored ones.
fn keep_what_the_form_does_not_carry(startup: &mut Startup, stored: &Startup) {
    let keep = |incoming: &mut Option<String>, stored: &Option<String>| {
        if incoming.is_none() {
            incoming.clone_from(stored);
        }
    };
    keep(&mut startup.business_id, &stored.business_id);
    keep(&mut startup.track, &stored.track);
    startup.hall = startup.hall.or(stored.hall);
    startup.pitch_position = startup.pitch_position.or(stored.pitch_position);
    if startup.consent.is_none() {
        startup.consent.clone_from(&stored.consent);
    }
}

/// Records when and under which wording a consent was given: a new or changed consent gets the
/// server's time and the current wording; an unchanged one keeps its stamp. Consent to the
/// collection, once given, is withdrawn by asking for erasure, not by an edit.
fn stamp_consent(startup: &mut Startup, stored: Option<&Consent>, now: &str) {
    let Some(consent) = startup.consent.as_mut() else {
        return;
    };
    if let Some(stored) = stored {
        consent.collection |= stored.collection;
        if consent.contact_sharing == stored.contact_sharing
            && consent.collection == stored.collection
        {
            consent.version.clone_from(&stored.version);
            consent.at = stored.at;
            return;
        }
    }
    consent.version = CONSENT_VERSION.to_owned();
    consent.at = chrono::DateTime::parse_from_rfc3339(now).ok();
}

fn registration_closed() -> ApiError {
    ApiError::NotNow {
        code: ErrorCode::RegistrationClosed,
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
    let stored = people::startup(&mut transaction, &event_id, &startup_id)
        .await?
        .ok_or(ApiError::NotFound("startup"))?;
    keep_what_the_form_does_not_carry(&mut startup, &stored);
    stamp_consent(&mut startup, stored.consent.as_ref(), &now);
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
    let investors = people::ids(&mut transaction, Kind::Investor, &event_id).await?;
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
    people::update_startup(&mut transaction, &event_id, &startup, version).await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok(Json(Updated {
        profile: startup,
        version,
    }))
}

async fn reissue_startup_link(
    State(state): State<AppState>,
    ApiPath((event_id, startup_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<IssuedLink>> {
    reissue_link(&state, &bearer, Kind::Startup, &event_id, &startup_id).await
}

async fn revoke_startup_link(
    State(state): State<AppState>,
    ApiPath((event_id, startup_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<StatusCode> {
    revoke_link(&state, &bearer, Kind::Startup, &event_id, &startup_id).await
}
