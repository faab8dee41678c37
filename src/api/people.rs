//! The organizer's roster import (many investors at once, all or nothing) and removing startups
//! and investors with everything that is theirs.

use super::{send, with_secret, ApiError};
use gloo_net::http::Request;
use roadshow_core::model::Investor;
use serde::{Deserialize, Serialize};

/// What the server does with roster entries that are investors the event already has (same
/// firm and person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExistingInvestors {
    /// Their profiles take the file's values (ids and links stay).
    Update,
    /// They are left as they are.
    Skip,
}

#[derive(Debug, Serialize)]
struct RosterRequest<'a> {
    investors: &'a [Investor],
    #[serde(skip_serializing_if = "Option::is_none")]
    existing: Option<ExistingInvestors>,
}

/// A new investor's id and its link (path and fragment), shown once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedLink {
    pub id: String,
    pub link: String,
}

/// The server's receipt for a roster: whom it created (with links), updated and skipped.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RosterReceipt {
    #[serde(default)]
    pub created: Vec<CreatedLink>,
    #[serde(default)]
    pub updated: Vec<String>,
    #[serde(default)]
    pub skipped: Vec<String>,
    pub version: i64,
}

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
    .json(&RosterRequest {
        investors,
        existing,
    })
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// Startups or investors, as the removal routes name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonKind {
    Startup,
    Investor,
}

impl PersonKind {
    fn collection(self) -> &'static str {
        match self {
            PersonKind::Startup => "startups",
            PersonKind::Investor => "investors",
        }
    }
}

/// What one removal took with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub struct RemovedCounts {
    pub scores: i64,
    pub verdicts: i64,
    pub meetings: i64,
}

impl std::ops::Add for RemovedCounts {
    type Output = RemovedCounts;

    fn add(self, other: RemovedCounts) -> RemovedCounts {
        RemovedCounts {
            scores: self.scores + other.scores,
            verdicts: self.verdicts + other.verdicts,
            meetings: self.meetings + other.meetings,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RemovedPerson {
    pub id: String,
    #[serde(flatten)]
    pub counts: RemovedCounts,
}

/// The server's receipt for a removal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Removal {
    pub removed: Vec<RemovedPerson>,
    pub version: i64,
}

impl Removal {
    pub fn total(&self) -> RemovedCounts {
        self.removed
            .iter()
            .fold(RemovedCounts::default(), |sum, person| sum + person.counts)
    }
}

#[derive(Debug, Serialize)]
struct RemoveMany<'a> {
    ids: &'a [String],
}

/// Removes people with their scores, interest, comments and meetings, and revokes their links:
/// one (`DELETE …/{id}`) or many at once, all or nothing.
pub async fn remove_people(
    event_id: &str,
    secret: &str,
    kind: PersonKind,
    ids: &[String],
) -> Result<Removal, ApiError> {
    let collection = kind.collection();
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
        .json(&RemoveMany { ids })
        .map_err(|_| ApiError::RequestNotBuilt)?,
    };
    send(request).await
}
