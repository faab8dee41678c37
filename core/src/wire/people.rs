//! People and their links: profiles saved with their new link, links issued, rosters imported,
//! people removed.

use super::changes::{ScoreRow, VerdictRow};
use super::role::Role;
use crate::model::{FollowUp, Investor, PlannedMeeting, Startup};
use serde::{Deserialize, Serialize};

/// A profile just created, with the new person's own link (path and fragment), shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Created<T> {
    #[serde(flatten)]
    pub profile: T,
    pub link: String,
    pub version: i64,
}

/// A profile just saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Updated<T> {
    #[serde(flatten)]
    pub profile: T,
    pub version: i64,
}

/// A link just issued (path and fragment); shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedLink {
    pub link: String,
}

/// A person's id and the link just issued to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedLink {
    pub id: String,
    pub link: String,
}

/// What the server does with roster entries that are investors the event already has (same
/// firm and person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExistingInvestors {
    /// Their profiles take the file's values (ids and links stay).
    Update,
    /// They are left as they are.
    Skip,
}

/// `POST /events/{id}/investors/roster`: many investors at once, all or nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub investors: Vec<Investor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing: Option<ExistingInvestors>,
}

/// The receipt for a roster: whom the server created (with links), updated and skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterResult {
    #[serde(default)]
    pub created: Vec<CreatedLink>,
    #[serde(default)]
    pub updated: Vec<String>,
    #[serde(default)]
    pub skipped: Vec<String>,
    pub version: i64,
}

/// What one removal took with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedPerson {
    pub id: String,
    #[serde(flatten)]
    pub counts: RemovedCounts,
}

/// The receipt for a removal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// `POST /events/{id}/startups/remove` (or `investors/remove`): many at once, all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveMany {
    pub ids: Vec<String>,
}

/// `GET /events/{id}/my-data` (definitions §10): everything stored about the holder of an
/// investor's or a startup's link, as a download. An investor's has its profile, its scores,
/// interest and comments, its meetings and follow-ups; a startup's has its profile (with the
/// consents it gave), its meetings and follow-ups — not the investors' scores and comments about
/// it, which are theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalData {
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investor: Option<Investor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup: Option<Startup>,
    pub scores: Vec<ScoreRow>,
    pub verdicts: Vec<VerdictRow>,
    pub meetings: Vec<PlannedMeeting>,
    pub follow_ups: Vec<FollowUp>,
}
