//! `PUT /events/{id}/meetings`: the organizer's meeting plan and the server's receipt.

use crate::model::PlannedMeeting;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingPlan {
    pub meetings: Vec<PlannedMeeting>,
    /// Whether investors and startups may see their agendas now.
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedMeetings {
    pub meetings: usize,
    pub published: bool,
    pub version: i64,
}
