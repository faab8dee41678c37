//! Accountability and erasure (definitions §10): the organizer's audit log, erasure requests and
//! what an erasure removed.

use super::role::Role;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What an audit entry records. Organizer actions, and the few a link holder takes about their
/// own data (downloading it, asking for erasure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    EventCreated,
    EventImported,
    /// A link for a role (and person) that had no live one.
    LinkIssued,
    /// A new link that replaced live ones (`detail.replaced`: their link ids).
    LinkReissued,
    LinkRevoked,
    SettingsChanged,
    PhaseChanged,
    RevealModeChanged,
    ScoresRevealed,
    ScoresHidden,
    RegistrationDeadlineChanged,
    /// A meeting plan saved as a draft.
    MeetingsSaved,
    MeetingsPublished,
    /// A running order published (`detail.pitches`: how many startups it lists).
    RunningOrderPublished,
    /// Feedback reports released to the startups (`detail.exact_rank`) …
    FeedbackReleased,
    /// … or withdrawn.
    FeedbackWithdrawn,
    PeopleImported,
    PeopleRemoved,
    SnapshotExported,
    /// Personal fields erased after the retention date (`detail`: how many people).
    PersonalDataErased,
    /// A link holder downloaded their own records.
    PersonalDataDownloaded,
    ErasureRequested,
    ErasureExecuted,
    /// The event joined a program (`detail.program`), created in it or brought by its organizer.
    JoinedProgram,
    /// The program's organizer read the event's figures for the program report
    /// (`detail.program`); no personal field leaves the server.
    ProgramReportRead,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::EventCreated => "event_created",
            AuditAction::EventImported => "event_imported",
            AuditAction::LinkIssued => "link_issued",
            AuditAction::LinkReissued => "link_reissued",
            AuditAction::LinkRevoked => "link_revoked",
            AuditAction::SettingsChanged => "settings_changed",
            AuditAction::PhaseChanged => "phase_changed",
            AuditAction::RevealModeChanged => "reveal_mode_changed",
            AuditAction::ScoresRevealed => "scores_revealed",
            AuditAction::ScoresHidden => "scores_hidden",
            AuditAction::RegistrationDeadlineChanged => "registration_deadline_changed",
            AuditAction::MeetingsSaved => "meetings_saved",
            AuditAction::MeetingsPublished => "meetings_published",
            AuditAction::RunningOrderPublished => "running_order_published",
            AuditAction::FeedbackReleased => "feedback_released",
            AuditAction::FeedbackWithdrawn => "feedback_withdrawn",
            AuditAction::PeopleImported => "people_imported",
            AuditAction::PeopleRemoved => "people_removed",
            AuditAction::SnapshotExported => "snapshot_exported",
            AuditAction::PersonalDataErased => "personal_data_erased",
            AuditAction::PersonalDataDownloaded => "personal_data_downloaded",
            AuditAction::ErasureRequested => "erasure_requested",
            AuditAction::ErasureExecuted => "erasure_executed",
            AuditAction::JoinedProgram => "joined_program",
            AuditAction::ProgramReportRead => "program_report_read",
        }
    }
}

/// One line of the audit log: who (the role and the id of the link used — never its secret),
/// what, about whom, and when. Entries are only ever appended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the event's log, from 1.
    pub seq: i64,
    /// RFC 3339 (UTC), when the action was committed.
    pub at: String,
    /// The role of the link used; absent for the server's own retention task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_role: Option<Role>,
    /// The first 16 hex digits of the SHA-256 of the link's secret; absent for the server's
    /// own retention task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_link: Option<String>,
    pub action: AuditAction,
    /// The role whose link or data the action concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_role: Option<Role>,
    /// The investor's or startup's id the action concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<String>,
    /// Facts of the action (old and new phase, counts, link ids); never names or contacts.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub detail: Map<String, Value>,
}

/// `GET /events/{id}/audit`: the whole log, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
}

/// `POST /events/{id}/erasure-requests`: a link holder asks for their personal data to be erased.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasureAsk {
    /// Optional words for the organizer (at most [`crate::privacy::MAX_ERASURE_NOTE_CHARS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An erasure request: whose, when, and whether the organizer executed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRequest {
    pub id: i64,
    pub role: Role,
    pub subject_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub requested_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed_at: Option<String>,
}

/// `GET /events/{id}/erasure-requests`: every request (the organizer), or the caller's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRequests {
    pub requests: Vec<ErasureRequest>,
}

/// What an erasure changed: how many startups' and investors' personal fields it cleared, and
/// the event version it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    pub startups: usize,
    pub investors: usize,
    pub at: String,
    pub version: i64,
}
