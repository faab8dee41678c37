//! What changed since a version (`GET /events/{id}/changes`), as far as the caller may see.

use super::meetings::MeetingState;
use crate::model::{PlannedMeeting, Stage, TicketRange};
use serde::{Deserialize, Serialize};

/// A score as clients receive it. `criterion` is empty for a whole-pitch abstention; a row with
/// neither value nor abstention is a cleared score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRow {
    /// The round the score belongs to (definitions §8.1); empty in an event without rounds.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub round: String,
    pub investor: String,
    pub startup: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub criterion: String,
    #[serde(default)]
    pub value: Option<i64>,
    #[serde(default)]
    pub abstain: bool,
    #[serde(default)]
    pub updated_at: String,
}

/// An investor's interest in a startup and its comment (with whether the comment is shared
/// with the company, definitions §8.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictRow {
    pub investor: String,
    pub startup: String,
    #[serde(default)]
    pub want: Option<bool>,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub comment_shared: bool,
}

/// Everything the caller may see that changed since a version. Generic in how the event and
/// the profiles are read: the server writes each profile as filtered JSON, a phone reads a
/// pitch's few fields, the console whole profiles (record by record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changes<E, S, I> {
    pub version: i64,
    /// Present when the settings or live state changed since the version asked about.
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub event: Option<E>,
    #[serde(default)]
    pub startups: S,
    #[serde(default)]
    pub investors: I,
    /// Startups the caller could see before and may not any more (unpublished).
    #[serde(default)]
    pub hidden_startups: Vec<String>,
    /// Startups and investors the organizer removed since the version asked about.
    #[serde(default)]
    pub removed_startups: Vec<String>,
    #[serde(default)]
    pub removed_investors: Vec<String>,
    #[serde(default)]
    pub scores: Vec<ScoreRow>,
    #[serde(default)]
    pub verdicts: Vec<VerdictRow>,
    /// Published meetings of the caller (all of them for the organizer).
    #[serde(default)]
    pub meetings: Vec<PlannedMeeting>,
    /// What each side said about those meetings, one per meeting.
    #[serde(default)]
    pub meeting_states: Vec<MeetingState>,
    /// Follow-up records of the caller's pairs (all of them for the organizer); an investor and a
    /// startup see only their own.
    #[serde(default)]
    pub follow_ups: Vec<crate::model::FollowUp>,
}

fn none<E>() -> Option<E> {
    None
}

/// An investor as a startup sees it: who they are and what they invest in, nothing private.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicInvestor {
    pub id: String,
    pub firm: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firm_en: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub regions: Vec<String>,
}

/// An investor as a phone reads it: the investor's own profile (everything) or another's public
/// part (firm and thesis); what the server left out stays empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorView {
    pub id: String,
    #[serde(default)]
    pub firm: String,
    #[serde(default)]
    pub firm_en: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub stages: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub ticket_krw: Option<TicketRange>,
    #[serde(default)]
    pub capacity: Option<i64>,
    #[serde(default)]
    pub unavailable_slots: Vec<i64>,
    #[serde(default)]
    pub conflicts: Vec<String>,
    #[serde(default)]
    pub contact: Option<String>,
    /// The tracks the investor judges (its own profile only; empty = every track).
    #[serde(default)]
    pub tracks: Vec<String>,
}

/// A startup's profile as the scoring screen reads it. Deliberately not the model's `Startup`:
/// that type keeps unknown fields in a flattened map, whose decoder costs a phone tens of
/// kilobytes of wasm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pitch {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub zone: Option<String>,
    pub field: Option<String>,
    pub stage: Option<String>,
    pub ask_krw: Option<i64>,
    pub pitch_ko: Option<String>,
    pub pitch_en: Option<String>,
    pub founded: Option<String>,
    pub headcount: Option<i64>,
    pub problem_ko: Option<String>,
    pub problem_en: Option<String>,
    pub solution_ko: Option<String>,
    pub solution_en: Option<String>,
    pub exemption_ko: Option<String>,
    pub exemption_en: Option<String>,
    pub traction_ko: Option<String>,
    pub traction_en: Option<String>,
    pub team_ko: Option<String>,
    pub team_en: Option<String>,
    pub website: Option<String>,
    pub deck: Option<String>,
    /// The hall it pitches in (absent: hall 0).
    pub hall: Option<i64>,
    /// Its track (definitions §8.2): a judge limited to other tracks does not score it.
    pub track: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_written_as_json_profiles_reads_back_as_pitches() {
        let written: Changes<(), Vec<serde_json::Value>, Vec<serde_json::Value>> = Changes {
            version: 4,
            event: None,
            startups: vec![
                serde_json::json!({"id": "s1", "name": "하이드로웨이브", "wants_to_meet": []}),
            ],
            investors: vec![],
            hidden_startups: vec![],
            removed_startups: vec!["s9".into()],
            removed_investors: vec![],
            scores: vec![ScoreRow {
                round: String::new(),
                investor: "i1".into(),
                startup: "s1".into(),
                criterion: String::new(),
                value: None,
                abstain: true,
                updated_at: "t".into(),
            }],
            verdicts: vec![],
            meetings: vec![],
            meeting_states: vec![],
            follow_ups: vec![],
        };
        let json = serde_json::to_value(&written).unwrap();
        assert!(json.get("event").is_none());
        assert!(
            json["scores"][0].get("criterion").is_none(),
            "abstention row"
        );
        let read: Changes<(), Vec<Pitch>, Vec<InvestorView>> =
            serde_json::from_value(json).unwrap();
        assert_eq!(read.startups[0].name, "하이드로웨이브");
        assert_eq!(read.removed_startups, ["s9"]);
        assert!(read.scores[0].abstain && read.scores[0].criterion.is_empty());
    }
}
