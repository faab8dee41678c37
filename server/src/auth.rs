//! Who is calling: the bearer secret from the `Authorization` header, resolved to a role in one
//! event. Which role may do what is decided in `permissions`.

use crate::error::ApiError;
use crate::principal::{Principal, ProgramPrincipal, Role};
use crate::secret::sha256_hex;
use crate::state::AppState;
use crate::store;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use std::net::IpAddr;
use std::time::Instant;

/// The raw bearer secret of the request, if it sent one, and the client's address (for the
/// failed-authentication limit; absent when the app is called without a socket, as in tests).
pub struct Bearer {
    pub secret: Option<String>,
    pub client: Option<IpAddr>,
}

impl FromRequestParts<AppState> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let client = state.trusted_proxies.client_address(parts);
        let secret = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|secret| secret.trim().to_owned())
            .filter(|secret| !secret.is_empty());
        Ok(Bearer { secret, client })
    }
}

/// The caller of a route under `/events/{event_id}`: 404 when the event does not exist, else
/// the principal its secret opens in that event (see [`principal_in_event`]).
pub async fn caller_in_event(
    state: &AppState,
    event_id: &str,
    bearer: &Bearer,
) -> Result<Principal, ApiError> {
    store::events::event_exists(&state.db, event_id).await?;
    principal_in_event(state, event_id, bearer).await
}

/// Resolves a secret within one event. A missing, wrong, revoked or other-event secret is
/// `Unauthorized`; the caller learns nothing about which. A valid secret is never refused; only
/// failing attempts are throttled (see `rate_limit`).
pub async fn principal_in_event(
    state: &AppState,
    event_id: &str,
    bearer: &Bearer,
) -> Result<Principal, ApiError> {
    let principal = lookup(state, event_id, bearer).await;
    if let Err(ApiError::Unauthorized) = &principal {
        let now = Instant::now();
        if let Some(blocked) = state.auth_limiter.blocked(bearer.client, event_id, now) {
            return Err(ApiError::too_many_attempts(blocked));
        }
        state
            .auth_limiter
            .record_failure(bearer.client, event_id, now);
    }
    principal
}

/// The caller of a route under `/programs/{program_id}`: 404 when the program does not exist,
/// else its organizer when the secret is a live link of this program, else `Unauthorized`
/// (throttled like failed attempts at an event, under the program's own key).
pub async fn caller_in_program(
    state: &AppState,
    program_id: &str,
    bearer: &Bearer,
) -> Result<ProgramPrincipal, ApiError> {
    store::programs::program_exists(&state.db, program_id).await?;
    let limiter_key = format!("program:{program_id}");
    let hash = bearer.secret.as_deref().map(sha256_hex);
    let found = match &hash {
        Some(hash) => store::programs::is_live_link(&state.db, hash, program_id).await?,
        None => false,
    };
    match hash {
        Some(hash) if found => Ok(ProgramPrincipal {
            program_id: program_id.to_owned(),
            link_id: store::links::link_id(&hash),
        }),
        _ => {
            let now = Instant::now();
            if let Some(blocked) = state.auth_limiter.blocked(bearer.client, &limiter_key, now) {
                return Err(ApiError::too_many_attempts(blocked));
            }
            state
                .auth_limiter
                .record_failure(bearer.client, &limiter_key, now);
            Err(ApiError::Unauthorized)
        }
    }
}

async fn lookup(state: &AppState, event_id: &str, bearer: &Bearer) -> Result<Principal, ApiError> {
    let Some(secret) = &bearer.secret else {
        return Err(ApiError::Unauthorized);
    };
    let hash = sha256_hex(secret);
    let row = store::links::live_link(&state.db, &hash, event_id).await?;
    let (role, subject_id) = row.ok_or(ApiError::Unauthorized)?;
    let role = Role::parse(&role).ok_or(ApiError::Unauthorized)?;
    Ok(Principal {
        event_id: event_id.to_owned(),
        role,
        subject_id,
        link_id: store::links::link_id(&hash),
    })
}
