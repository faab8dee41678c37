//! The organizer's roster import (many investors at once, all or nothing) and removing startups
//! and investors with everything that is theirs.

use super::http::{send, with_secret, ApiError};
use gloo_net::http::Request;
use roadshow_core::model::Investor;

use roadshow_core::wire::Roster;
pub use roadshow_core::wire::{
    CreatedLink, ExistingInvestors, Removal, RemoveMany, RemovedCounts, RemovedPerson,
    RosterResult as RosterReceipt,
};

/// Adds the roster's investors in one request: every one, or none (a 422 names each entry's
/// problems at `investors[i].field`).
pub async fn import_roster(
    event_id: &str,
    secret: &str,
    investors: &[Investor],
    existing: Option<ExistingInvestors>,
) -> Result<RosterReceipt, ApiError> {
    let request = with_secret(
        Request::post(&format!("/api/events/{event_id}/investors/roster")),
        secret,
    )
    .json(&Roster {
        investors: investors.to_vec(),
        existing,
    })
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub use roadshow_core::replica::PersonKind;

/// The path segment the removal routes name startups or investors by.
fn collection(kind: PersonKind) -> &'static str {
    match kind {
        PersonKind::Startup => "startups",
        PersonKind::Investor => "investors",
    }
}

/// Removes people with their scores, interest, comments and meetings, and revokes their links:
/// one (`DELETE …/{id}`) or many at once, all or nothing.
pub async fn remove_people(
    event_id: &str,
    secret: &str,
    kind: PersonKind,
    ids: &[String],
) -> Result<Removal, ApiError> {
    let collection = collection(kind);
    let request = match ids {
        [id] => with_secret(
            Request::delete(&format!(
                "/api/events/{event_id}/{collection}/{}",
                crate::link::percent_encode(id)
            )),
            secret,
        )
        .build()
        .map_err(|_| ApiError::RequestNotBuilt)?,
        _ => with_secret(
            Request::post(&format!("/api/events/{event_id}/{collection}/remove")),
            secret,
        )
        .json(&RemoveMany { ids: ids.to_vec() })
        .map_err(|_| ApiError::RequestNotBuilt)?,
    };
    send(request).await
}
