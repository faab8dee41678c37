//! `PUT /events/{id}/meetings`: the organizer's meeting plan and the server's receipt.

use crate::meeting_answers::MeetingSides;
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

/// What each side said about one meeting, and its calendar revision, as the change feed carries
/// it beside the meeting (definitions §7.1). For anyone but the organizer the other side's
/// free-text decline reason is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingState {
    pub investor: String,
    pub startup: String,
    pub sides: MeetingSides,
    /// The iCalendar `SEQUENCE`: rises each time the meeting moves, is cancelled or is restored,
    /// and a meeting added by a later publication starts above every earlier one.
    pub sequence: i64,
}
