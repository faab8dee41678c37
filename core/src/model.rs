//! The event as users describe it: plain data that travels in the `roadshow-event/1` snapshot.
//!
//! These are boundary types: ids are strings, numbers are kept as typed (signed, so a negative
//! capacity can be *reported* by validation instead of failing the parse), and unknown fields ride
//! along in `extra` so an export → import round trip loses nothing. The solvers (ranking, matching)
//! work on index-based structures built from these after validation.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Number, Value};
use std::fmt;

/// The only snapshot format this version reads and writes.
pub const SNAPSHOT_FORMAT: &str = "roadshow-event/1";

/// The whole event: what the organizer exports, re-imports, and feeds to the `roadshow` tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: String,
    /// True for invented demo data; the app must say so when it shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fictional: Option<bool>,
    pub event: Event,
    #[serde(default)]
    pub startups: Vec<Startup>,
    #[serde(default)]
    pub investors: Vec<Investor>,
    #[serde(default, deserialize_with = "score_list")]
    pub scores: Vec<ScoreEntry>,
    #[serde(default)]
    pub interest: Vec<Interest>,
    /// The meetings the organizer planned (definitions §11), published or not (see
    /// [`Event::meetings_published`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<PlannedMeeting>,
    /// Investors' private comments on pitches, one per (investor, startup).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Where each pair that held a meeting went next (definitions §7.4, §11).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
    /// Pairs of this event whose company and firm held a meeting at an earlier event of its
    /// program (definitions §7.6), written by the server into an export; matching leaves them
    /// out unless either side wants to meet again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub met_before: Vec<MetBefore>,
    /// Fields this version does not know, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Snapshot {
    /// An event with nobody in it yet: the settings alone.
    pub fn of_event(event: Event) -> Snapshot {
        Snapshot {
            format: SNAPSHOT_FORMAT.to_owned(),
            fictional: None,
            event,
            startups: Vec::new(),
            investors: Vec::new(),
            scores: Vec::new(),
            interest: Vec::new(),
            meetings: Vec::new(),
            comments: Vec::new(),
            follow_ups: Vec::new(),
            met_before: Vec::new(),
            extra: Map::new(),
        }
    }
}

/// A pair that met before (definitions §7.6): this event's investor and startup, and the id of
/// the latest earlier event of the program where their firm and company held a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetBefore {
    pub investor: String,
    pub startup: String,
    pub event: String,
    /// That event's name, for the match board's explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
}

/// A meeting of the schedule. Slot and table are kept signed as typed so a bad number is
/// reported by validation with its path instead of failing the parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedMeeting {
    pub investor: String,
    pub startup: String,
    pub slot: i64,
    pub table: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MeetingStatus>,
    /// Who of a firm of several people attends (definitions §8.6): `investor` and teammates;
    /// empty (absent) for a firm of one person. Attendees see the meeting as `investor` does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
}

impl PlannedMeeting {
    /// Whether investor `id` holds or attends the meeting (definitions §8.6).
    pub fn attended_by(&self, id: &str) -> bool {
        self.investor == id || self.attendees.iter().any(|attendee| attendee == id)
    }
}

/// Where a meeting stands (definitions §11); absent means `proposed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Proposed,
    Confirmed,
    Declined,
    Held,
    NoShow,
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 6] = [
        MeetingStatus::Proposed,
        MeetingStatus::Confirmed,
        MeetingStatus::Declined,
        MeetingStatus::Held,
        MeetingStatus::NoShow,
        MeetingStatus::Cancelled,
    ];

    /// The snapshot's name of the status (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Proposed => "proposed",
            MeetingStatus::Confirmed => "confirmed",
            MeetingStatus::Declined => "declined",
            MeetingStatus::Held => "held",
            MeetingStatus::NoShow => "no_show",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(name: &str) -> Option<MeetingStatus> {
        MeetingStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
    }
}

/// Where a pair that held a meeting went next (definitions §7.4). Stages only move forward,
/// except by the organizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStage {
    Met,
    /// Another meeting held.
    FollowUp,
    DueDiligence,
    /// A term sheet or a letter of intent.
    TermSheet,
    Invested,
    Passed,
}

impl FollowUpStage {
    /// In the order a pair moves through them; `passed` may follow any stage before `invested`.
    pub const ALL: [FollowUpStage; 6] = [
        FollowUpStage::Met,
        FollowUpStage::FollowUp,
        FollowUpStage::DueDiligence,
        FollowUpStage::TermSheet,
        FollowUpStage::Invested,
        FollowUpStage::Passed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpStage::Met => "met",
            FollowUpStage::FollowUp => "follow_up",
            FollowUpStage::DueDiligence => "due_diligence",
            FollowUpStage::TermSheet => "term_sheet",
            FollowUpStage::Invested => "invested",
            FollowUpStage::Passed => "passed",
        }
    }

    pub fn parse(name: &str) -> Option<FollowUpStage> {
        FollowUpStage::ALL
            .into_iter()
            .find(|stage| stage.as_str() == name)
    }

    /// `invested` and `passed` end a pair's story: no check-ins are due after them.
    pub fn is_final(self) -> bool {
        matches!(self, FollowUpStage::Invested | FollowUpStage::Passed)
    }
}

/// One pair's follow-up record (definitions §11 `follow_ups[]`). `amount_krw` and `date` belong to
/// `invested` only; `confirmed` is true once the startup confirmed the investment, false when it
/// disputed it, absent while it has not answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub investor: String,
    pub startup: String,
    pub stage: FollowUpStage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_krw: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<bool>,
    /// Why the investor passed (only for `passed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An investor's private note on a pitch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub investor: String,
    pub startup: String,
    pub text: String,
    /// The investor shares it with the company: the startup's feedback report shows it, without
    /// the investor's name (definitions §8.4, §11 `comments[].shared`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
}

/// Where an event is in its life; each step opens what the next role needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    #[default]
    Draft,
    Registration,
    Scoring,
    ScoringClosed,
    ResultsPublished,
}

/// When investors may see other investors' scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevealMode {
    Never,
    AfterOwnScoring,
    /// Only once the organizer reveals them (the default: no anchoring on others' numbers).
    #[default]
    AfterOrganizerReveal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue_en: Option<String>,
    /// Times are shown in KST (+09:00); any offset is accepted on input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    #[serde(default)]
    pub scale: Scale,
    /// Required and non-empty; validation reports a missing list as `event.criteria: required`.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reveal: Option<RevealMode>,
    #[serde(default = "default_min_judges")]
    pub min_judges: i64,
    #[serde(default, rename = "match")]
    pub match_settings: MatchSettings,
    #[serde(default)]
    pub meetings: MeetingSettings,
    /// Most startups the shared registration link may register (default
    /// [`DEFAULT_REGISTRATION_LIMIT`]); the organizer can always add more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_limit: Option<i64>,
    /// Live state, carried by an exported snapshot so that a re-import continues where the
    /// event stood: whether the organizer revealed the scores to investors, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores_revealed: Option<bool>,
    /// … whether investors and startups see the planned meetings, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings_published: Option<bool>,
    /// … and when registration closes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_closes_at: Option<DateTime<FixedOffset>>,
    /// Rounds of judging (definitions §8.1); none = one round with the event's own settings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
    /// How the final total is formed over the rounds (`event.final`; see `crate::rounds`).
    #[serde(default, rename = "final", skip_serializing_if = "Option::is_none")]
    pub final_total: Option<FinalTotal>,
    /// The day after which personal fields are erased (definitions §10); absent: a year after
    /// the event ends ([`crate::privacy::retention_date`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_until: Option<NaiveDate>,
    /// The program the event belongs to (definitions §7.5, §11 `event.program`): set by the
    /// server from the program's own record, never by editing settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One round of judging (definitions §8.1, §11 `event.rounds[]`); what each field means when
/// absent, and the rules, are in `crate::rounds` (the types live here, where `Event` uses them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub id: String,
    /// Absent: the event's criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Vec<Criterion>>,
    /// Absent: the event's scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// Absent or `"all"`: every investor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judges: Option<RoundJudges>,
    /// Absent: the event's `min_judges`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_judges: Option<i64>,
    /// w_r of the weighted final total; absent: 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promote: Option<Promote>,
    /// Reveal mode, dates and anything else, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Who judges a round: `"all"` investors or a list of investor ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RoundJudges {
    All(AllInvestors),
    List(Vec<String>),
}

/// The word `"all"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AllInvestors {
    #[serde(rename = "all")]
    All,
}

/// Who goes on to the next round: `{"top": N}` by the round's chosen total, or
/// `{"startups": [id, …]}` by hand.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Promote {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startups: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `event.final`: how the final total is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinalTotal {
    /// The last round's total (the default).
    #[default]
    FinalOnly,
    /// Σ_r w_r·T_r\[s\] / Σ_r w_r over the rounds where s has a total.
    Weighted,
}

/// A roadshow hears tens of pitches; room for a large one, not for a script filling the list.
pub const DEFAULT_REGISTRATION_LIMIT: i64 = 200;

impl Event {
    pub fn registration_limit(&self) -> i64 {
        self.registration_limit
            .unwrap_or(DEFAULT_REGISTRATION_LIMIT)
    }
}

fn default_min_judges() -> i64 {
    3
}

/// The scoring scale, integers from `min` to `max` inclusive (default 1–10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
}

impl Default for Scale {
    fn default() -> Self {
        Scale { min: 1, max: 10 }
    }
}

/// One thing investors judge, e.g. 기술혁신성 (technological innovation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub key: String,
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// What a low, middle and high score mean, shown next to the slider so judges share a yardstick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchors: Option<Anchors>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchors {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mid_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mid_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_en: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMode {
    /// Maximum total match score (the default).
    #[default]
    Best,
    /// Greedy by match score: no pair would both rather meet each other.
    Stable,
}

/// Weights of the match score M = fit·F + own·O + interest·I + startup_interest·P
/// (definitions §4.7).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MatchSettings {
    #[serde(default = "default_fit")]
    pub fit: f64,
    #[serde(default = "default_own")]
    pub own: f64,
    #[serde(default = "default_interest")]
    pub interest: f64,
    #[serde(default = "default_startup_interest")]
    pub startup_interest: f64,
    #[serde(default)]
    pub threshold: f64,
    #[serde(default)]
    pub mode: MatchMode,
}

fn default_fit() -> f64 {
    0.3
}
fn default_own() -> f64 {
    0.4
}
fn default_interest() -> f64 {
    0.2
}
fn default_startup_interest() -> f64 {
    0.1
}

impl Default for MatchSettings {
    fn default() -> Self {
        MatchSettings {
            fit: default_fit(),
            own: default_own(),
            interest: default_interest(),
            startup_interest: default_startup_interest(),
            threshold: 0.0,
            mode: MatchMode::Best,
        }
    }
}

/// The follow-up meeting block: `slots` consecutive slots, `tables` meetings at once.
/// Slots and tables are numbered from 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingSettings {
    #[serde(default = "default_slots")]
    pub slots: i64,
    #[serde(default = "default_tables")]
    pub tables: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_slot: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_minutes: Option<i64>,
    /// Capacity for investors and startups that did not state their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investor_capacity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_capacity: Option<i64>,
}

fn default_slots() -> i64 {
    8
}
fn default_tables() -> i64 {
    10
}

impl Default for MeetingSettings {
    fn default() -> Self {
        MeetingSettings {
            slots: default_slots(),
            tables: default_tables(),
            first_slot: None,
            slot_minutes: None,
            investor_capacity: None,
            startup_capacity: None,
        }
    }
}

/// Funding stage. Unknown text is kept as `Other` (and reported by validation) so one typo does
/// not hide every other problem in the file behind a parse error.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    PreSeed,
    Seed,
    PreA,
    SeriesA,
    SeriesB,
    SeriesCPlus,
    Other(String),
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::PreSeed,
        Stage::Seed,
        Stage::PreA,
        Stage::SeriesA,
        Stage::SeriesB,
        Stage::SeriesCPlus,
    ];

    pub fn parse(text: &str) -> Stage {
        match text {
            "pre-seed" => Stage::PreSeed,
            "seed" => Stage::Seed,
            "pre-a" => Stage::PreA,
            "series-a" => Stage::SeriesA,
            "series-b" => Stage::SeriesB,
            "series-c-plus" => Stage::SeriesCPlus,
            other => Stage::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Stage::PreSeed => "pre-seed",
            Stage::Seed => "seed",
            Stage::PreA => "pre-a",
            Stage::SeriesA => "series-a",
            Stage::SeriesB => "series-b",
            Stage::SeriesCPlus => "series-c-plus",
            Stage::Other(text) => text,
        }
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Stage::Other(_))
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Stage::parse(&text))
    }
}

/// Investor kinds the app offers; stored as text so new kinds do not break old files.
pub const INVESTOR_TYPES: [&str; 5] = ["vc", "ac", "cvc", "policy", "angel"];

/// Whether a startup profile is visible to investors yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileStatus {
    Draft,
    #[default]
    Published,
}

/// A startup's pitch profile (특구 기업).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Startup {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Zone id from `zones.csv`, or absent for "other / not in a zone".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// 상생이음 field, e.g. `hydrogen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask_krw: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headcount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProfileStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pitch_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pitch_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_en: Option<String>,
    /// The regulatory exemption (실증특례) the company demonstrates under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption_en: Option<String>,
    /// Demonstration results and traction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traction_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traction_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ko: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deck: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The founder's consents under 개인정보 보호법 (definitions §10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    /// 사업자등록번호: 10 digits, no dashes, checksum-valid; recognises the company across the
    /// events of a program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_id: Option<String>,
    /// The league or field the startup competes in (e.g. 혁신리그).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    /// The hall it pitches in, from 0 (absent: hall 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hall: Option<i64>,
    /// A position pinned within its hall's running order, from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pitch_position: Option<i64>,
    /// Investor ids this startup asked to meet.
    #[serde(default)]
    pub wants_to_meet: Vec<String>,
    /// Investor ids this startup does not want to meet.
    #[serde(default)]
    pub declines: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The version of the consent wording the registration form shows; a consent records the one
/// the founder saw.
pub const CONSENT_VERSION: &str = "2026-12";

/// A founder's two separate consents (개인정보 보호법; definitions §10): to the collection and
/// use of the profile's personal data (required to register through the shared link), and to
/// sharing the contact details with matched investors (optional: without it `contact` never
/// reaches an investor). The server stamps when and under which wording they were given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    #[serde(default)]
    pub collection: bool,
    #[serde(default)]
    pub contact_sharing: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<FixedOffset>>,
}

/// Accepted ticket size in KRW; either bound may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TicketRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// A judge: VC, AC, CVC, policy fund or angel. Empty preference lists mean "no preference".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Investor {
    pub id: String,
    pub firm: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firm_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// One of [`INVESTOR_TYPES`].
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_krw: Option<TicketRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i64>,
    /// Slot numbers (from 0) the investor cannot meet in.
    #[serde(default)]
    pub unavailable_slots: Vec<i64>,
    /// Startup ids the investor must not be matched with, and whose scores from this investor do
    /// not count (already invested, competitor portfolio, family).
    #[serde(default)]
    pub conflicts: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Where the firm is based: one of [`REGIONS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hq_region: Option<String>,
    /// Tracks the investor judges; empty = every track.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The 17 시·도 by their English names, as startups' `region` and investors' `hq_region` use them.
pub const REGIONS: [&str; 17] = [
    "Seoul",
    "Busan",
    "Daegu",
    "Incheon",
    "Gwangju",
    "Daejeon",
    "Ulsan",
    "Sejong",
    "Gyeonggi",
    "Gangwon",
    "Chungbuk",
    "Chungnam",
    "Jeonbuk",
    "Jeonnam",
    "Gyeongbuk",
    "Gyeongnam",
    "Jeju",
];

/// The capital region (수도권): Seoul, Gyeonggi and Incheon.
pub const CAPITAL_REGIONS: [&str; 3] = ["Seoul", "Gyeonggi", "Incheon"];

/// Whether a region name is in the capital region.
pub fn is_capital_region(region: &str) -> bool {
    CAPITAL_REGIONS.contains(&region)
}

/// Whether a 사업자등록번호 is 10 digits whose last is the check digit of the first nine
/// (weights 1 3 7 1 3 7 1 3 5; the ninth digit's product also adds its tens).
pub fn is_valid_business_id(text: &str) -> bool {
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 || text.len() != 10 {
        return false;
    }
    const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let mut sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    sum += digits[8] * 5 / 10;
    (10 - sum % 10) % 10 == digits[9]
}

/// One score, or an abstention. An abstention without `criterion` covers every criterion.
///
/// `value` is kept as the JSON number it was written as, so `7.5` or `1e3` reach validation (and get
/// reported as `not_integer`/`out_of_scale` with the score's path) instead of failing the parse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreEntry {
    pub investor: String,
    pub startup: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Number>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub abstain: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<FixedOffset>>,
    /// The round it belongs to (definitions §8.1); absent = the event's only round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
}

thread_local! {
    /// Room for the `scores` of the document being read inside [`with_score_capacity`]; 0 otherwise.
    static SCORE_CAPACITY: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Runs `read` with room for `capacity` scores in the snapshot it reads (the first `scores` list
/// read takes it). `crate::snapshot` counts that room from the document's bytes.
pub(crate) fn with_score_capacity<T>(capacity: usize, read: impl FnOnce() -> T) -> T {
    /// Takes the room back however `read` ends, a panic included (the server unwinds).
    struct TakeBack;
    impl Drop for TakeBack {
        fn drop(&mut self) {
            SCORE_CAPACITY.set(0);
        }
    }
    SCORE_CAPACITY.set(capacity);
    let _take_back = TakeBack;
    read()
}

/// Reads a snapshot's `scores` into a list sized once, from the room [`with_score_capacity`]
/// gives it. JSON does not say how long an array is, so a list grown entry by entry (serde's way)
/// doubles and copies itself up to its size: on 150,000 scores (24 MB) that copying, and the
/// fresh memory the system must zero for each copy, was about a third of `roadshow check`
/// (BENCHMARKS.md, issue 18).
fn score_list<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<ScoreEntry>, D::Error> {
    struct ScoreList;
    impl<'de> serde::de::Visitor<'de> for ScoreList {
        type Value = Vec<ScoreEntry>;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut entries: A,
        ) -> Result<Self::Value, A::Error> {
            let mut scores = Vec::with_capacity(SCORE_CAPACITY.take());
            while let Some(entry) = entries.next_element()? {
                scores.push(entry);
            }
            Ok(scores)
        }
    }
    deserializer.deserialize_seq(ScoreList)
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl ScoreEntry {
    pub fn score(investor: &str, startup: &str, criterion: &str, value: i64) -> Self {
        ScoreEntry {
            investor: investor.to_owned(),
            startup: startup.to_owned(),
            criterion: Some(criterion.to_owned()),
            value: Some(Number::from(value)),
            abstain: false,
            comment: None,
            updated_at: None,
            round: None,
        }
    }

    /// An abstention on one criterion, or on the whole pitch when `criterion` is `None`.
    pub fn abstention(investor: &str, startup: &str, criterion: Option<&str>) -> Self {
        ScoreEntry {
            investor: investor.to_owned(),
            startup: startup.to_owned(),
            criterion: criterion.map(str::to_owned),
            value: None,
            abstain: true,
            comment: None,
            updated_at: None,
            round: None,
        }
    }

    /// The value as a whole number, when it is one.
    pub fn integer_value(&self) -> Option<i64> {
        whole_number(self.value.as_ref()?)
    }
}

/// A JSON number as a whole number, when it is one (`8` and `8.0` are 8; `7.5` is none).
pub fn whole_number(number: &Number) -> Option<i64> {
    if let Some(whole) = number.as_i64() {
        return Some(whole);
    }
    let float = number.as_f64()?;
    // 8.0 is the whole number 8; the bound keeps the cast exact.
    (float.fract() == 0.0 && float.abs() <= 9.0e15).then_some(float as i64)
}

/// An investor's "want to meet" (or "no") for a startup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interest {
    pub investor: String,
    pub startup: String,
    pub want: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_status_names_are_the_snapshots_names() {
        for status in MeetingStatus::ALL {
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::String(status.as_str().to_owned())
            );
            assert_eq!(MeetingStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(MeetingStatus::parse("noshow"), None);
        assert_eq!(MeetingStatus::NoShow.as_str(), "no_show");
    }

    #[test]
    fn stages_round_trip_and_unknown_ones_are_kept() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), stage);
        }
        let odd: Stage = serde_json::from_str("\"series-d\"").unwrap();
        assert_eq!(odd, Stage::Other("series-d".into()));
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"series-d\"");
    }

    #[test]
    fn integer_values() {
        let mut entry = ScoreEntry::score("i", "s", "c", 8);
        assert_eq!(entry.integer_value(), Some(8));
        entry.value = Number::from_f64(8.0);
        assert_eq!(entry.integer_value(), Some(8));
        entry.value = Number::from_f64(7.5);
        assert_eq!(entry.integer_value(), None);
    }
}
