//! The event as the API carries it: its settings and its live state side by side (never merged
//! into one object), the version they stand at, and what the organizer may change.

use super::role::Role;
use crate::model::{Criterion, Event, MeetingSettings, Phase, RevealMode, Round, Scale};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// An event as stored: `settings` are the snapshot's `event` object (the organizer edits them),
/// `live` is where the event stands now (phase, reveal, publication), `version` counts every
/// change. Generic so a phone can read a few settings and the console all of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRecord<S = Event, L = LiveState> {
    pub settings: S,
    pub live: L,
    /// Absent from the registration link's view, which reads as 0.
    #[serde(default)]
    pub version: i64,
}

/// Where the event stands; every field defaults so a reader gets sensible values from a view
/// that carries fewer of them (the registration link's).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveState {
    pub phase: Phase,
    pub reveal_mode: RevealMode,
    pub scores_revealed: bool,
    /// RFC 3339, or none: registration stays open until the phase moves on.
    pub registration_closes_at: Option<String>,
    pub meetings_published: bool,
    pub fictional: bool,
    /// The running order the organizer published (startup ids; each hall's pitches in the
    /// order they come, definitions §8.3); empty until one is published.
    pub running_order: Vec<String>,
    /// Per hall, the pitch on now (the organizer advances it); a hall not listed has none.
    pub now_pitching: Vec<NowPitching>,
    /// Whether startups see their feedback reports (definitions §8.4).
    pub feedback: FeedbackRelease,
    /// The round investors' phones score now (definitions §8.1; the organizer moves it on);
    /// none: the first round (or the event has no rounds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_round: Option<String>,
}

/// The organizer's release of the startups' feedback reports (definitions §8.4): only once the
/// results are published; `exact_rank` adds each startup's rank to its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedbackRelease {
    pub released: bool,
    pub exact_rank: bool,
}

/// The pitch on now in one hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NowPitching {
    pub hall: u32,
    pub startup: String,
}

/// What the organizer says is on now in one hall; no `startup` means nothing (before the
/// first pitch, or after the last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PitchOn {
    pub hall: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup: Option<String>,
}

/// What a founder needs to register (name, place, dates, how pitches are judged), nothing of
/// the organizer's other settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationSettings {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<FixedOffset>>,
    pub scale: Scale,
    pub criteria: Vec<Criterion>,
    /// The organizer's retention date, for the privacy notice a founder reads before consenting
    /// (absent: a year after the event ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_until: Option<NaiveDate>,
}

/// Whether and until when registration is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationLive {
    pub phase: Phase,
    pub registration_closes_at: Option<String>,
    pub fictional: bool,
}

/// The event as the shared registration link sees it: no version (how busy the event is is
/// none of a registering founder's business).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationEvent {
    pub settings: RegistrationSettings,
    pub live: RegistrationLive,
}

/// An event in a response: whole (organizer, investors, startups), or as the registration link
/// may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EventView {
    Full(Box<EventRecord>),
    Registration(Box<RegistrationEvent>),
}

/// The settings a phone reads (investor scoring, startup registration and profile); unknown
/// fields are ignored, so both views above read into it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventBasics {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub venue_en: Option<String>,
    #[serde(default)]
    pub starts_at: Option<String>,
    #[serde(default)]
    pub ends_at: Option<String>,
    #[serde(default)]
    pub scale: Scale,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub meetings: MeetingSettings,
    #[serde(default)]
    pub retention_until: Option<NaiveDate>,
    /// The rounds (definitions §8.1): the phone scores the current one with its criteria,
    /// scale and judges.
    #[serde(default)]
    pub rounds: Vec<Round>,
}

/// The event as a phone holds it.
pub type PhoneEvent = EventRecord<EventBasics, LiveState>;

/// `GET /events/{id}`: the event as the caller may see it, with the caller's role (and its
/// investor or startup id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventResponse<E = EventView> {
    pub event: E,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<String>,
}

/// `PATCH /events/{id}`: what the organizer changes; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reveal_mode: Option<RevealMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores_revealed: Option<bool>,
    /// RFC 3339 or a KST local time; an empty string removes the deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_closes_at: Option<String>,
    /// The whole settings object (the snapshot's `event`), validated by core's rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Event>,
    /// The running order to publish, every hall's pitches (`core::pitching` checks it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_order: Option<Vec<String>>,
    /// Which pitch is on now in one hall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now_pitching: Option<PitchOn>,
    /// Release (or withdraw) the startups' feedback reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<FeedbackRelease>,
    /// The round phones score now (one of `settings.rounds`; an empty string: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_round: Option<String>,
}

/// `POST /events`: the new event's id and its organizer link (path and fragment; the secret is
/// only ever in the fragment), shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedEvent {
    pub id: String,
    pub organizer_link: String,
}

/// `POST /events/import`: the new event's links, each shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedEvent {
    pub id: String,
    pub organizer_link: String,
    /// (investor id, link) in the snapshot's order.
    #[serde(default)]
    pub investor_links: Vec<(String, String)>,
    /// (startup id, link) in the snapshot's order.
    #[serde(default)]
    pub startup_links: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Event;

    fn stored() -> EventRecord {
        let settings: Event = serde_json::from_value(serde_json::json!({
            "id": "e1", "name": "설명회", "name_en": "Roadshow",
            "criteria": [{"key": "tech", "name": "기술혁신성", "weight": 1.0}],
        }))
        .unwrap();
        EventRecord {
            settings,
            live: LiveState {
                phase: Phase::Scoring,
                fictional: true,
                ..LiveState::default()
            },
            version: 7,
        }
    }

    #[test]
    fn settings_and_live_state_travel_side_by_side() {
        let json = serde_json::to_value(EventView::Full(Box::new(stored()))).unwrap();
        assert_eq!(json["settings"]["name"], "설명회");
        assert_eq!(json["live"]["phase"], "scoring");
        assert_eq!(json["version"], 7);
        assert!(
            json.get("phase").is_none(),
            "nothing merged into the top level"
        );
        let phone: PhoneEvent = serde_json::from_value(json).unwrap();
        assert_eq!(phone.settings.name_en.as_deref(), Some("Roadshow"));
        assert_eq!(phone.live.phase, Phase::Scoring);
        assert!(phone.live.fictional);
    }

    #[test]
    fn a_phone_reads_the_registration_view_with_defaults_for_what_it_lacks() {
        let record = stored();
        let view = EventView::Registration(Box::new(RegistrationEvent {
            settings: RegistrationSettings {
                id: record.settings.id.clone(),
                name: record.settings.name.clone(),
                name_en: None,
                venue: None,
                venue_en: None,
                starts_at: None,
                ends_at: None,
                scale: record.settings.scale,
                criteria: record.settings.criteria.clone(),
                retention_until: None,
            },
            live: RegistrationLive {
                phase: Phase::Registration,
                registration_closes_at: Some("2026-12-10T18:00:00+09:00".into()),
                fictional: false,
            },
        }));
        let json = serde_json::to_value(&view).unwrap();
        assert!(json["live"].get("reveal_mode").is_none());
        assert!(json.get("version").is_none());
        let phone: PhoneEvent = serde_json::from_value(json).unwrap();
        assert_eq!(phone.live.phase, Phase::Registration);
        assert_eq!(phone.live.reveal_mode, RevealMode::default());
        assert_eq!(phone.settings.criteria.len(), 1);
    }

    #[test]
    fn an_event_change_refuses_unknown_fields() {
        let error = serde_json::from_str::<EventChange>(r#"{"phase":"scoring","colour":"red"}"#)
            .unwrap_err();
        assert!(error.to_string().contains("colour"));
        let change: EventChange = serde_json::from_str(r#"{"phase":"scoring-closed"}"#).unwrap();
        assert_eq!(change.phase, Some(Phase::ScoringClosed));
        assert_eq!(
            serde_json::to_string(&change).unwrap(),
            r#"{"phase":"scoring-closed"}"#
        );
    }
}
