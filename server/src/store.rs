//! Reading and versioning events. Every change to an event's data happens in one transaction
//! that also raises the event's version; rows remember the version that last changed them.

use crate::error::{ApiError, ApiResult, InternalError};
use roadshow_core::model::{Event, Phase, RevealMode};
use serde::Serialize;
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

/// An event as stored: its settings (the snapshot's `event` object) and its live state.
#[derive(Debug, Clone, Serialize)]
pub struct EventRecord {
    #[serde(flatten)]
    pub settings: Event,
    pub phase: Phase,
    pub reveal_mode: RevealMode,
    pub scores_revealed: bool,
    pub registration_closes_at: Option<String>,
    pub meetings_published: bool,
    pub fictional: bool,
    pub version: i64,
    #[serde(skip)]
    pub settings_version: i64,
}

/// The event as the registration link sees it: what a founder needs to register (name, place,
/// dates, how pitches are judged, whether and until when registration is open), nothing of the
/// organizer's settings or the event's live state.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationEvent {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venue_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub scale: roadshow_core::model::Scale,
    pub criteria: Vec<roadshow_core::model::Criterion>,
    pub phase: Phase,
    pub registration_closes_at: Option<String>,
    pub fictional: bool,
}

/// An event in a response: whole, or as the registration link may see it.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum EventView {
    Full(Box<EventRecord>),
    Registration(Box<RegistrationEvent>),
}

impl EventRecord {
    pub fn for_registration(&self) -> RegistrationEvent {
        let settings = &self.settings;
        RegistrationEvent {
            id: settings.id.clone(),
            name: settings.name.clone(),
            name_en: settings.name_en.clone(),
            venue: settings.venue.clone(),
            venue_en: settings.venue_en.clone(),
            starts_at: settings.starts_at,
            ends_at: settings.ends_at,
            scale: settings.scale,
            criteria: settings.criteria.clone(),
            phase: self.phase,
            registration_closes_at: self.registration_closes_at.clone(),
            fictional: self.fictional,
        }
    }
}

#[derive(sqlx::FromRow)]
struct EventRow {
    settings: String,
    phase: String,
    reveal_mode: String,
    scores_revealed: bool,
    registration_closes_at: Option<String>,
    meetings_published: bool,
    fictional: bool,
    version: i64,
    settings_version: i64,
}

const EVENT_COLUMNS: &str =
    "settings, phase, reveal_mode, scores_revealed, registration_closes_at, \
     meetings_published, fictional, version, settings_version";

pub async fn load_event<'e, E>(executor: E, event_id: &str) -> ApiResult<EventRecord>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    let row: EventRow = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE id = ? AND importing = 0"
    ))
    .bind(event_id)
    .fetch_optional(executor)
    .await?
    .ok_or(ApiError::NotFound("event"))?;
    let mut settings: Event =
        serde_json::from_str(&row.settings).map_err(|error| ApiError::Internal(error.into()))?;
    // The columns are authoritative for the live state; keep one copy of each in responses.
    settings.phase = None;
    settings.reveal = None;
    settings.scores_revealed = None;
    settings.meetings_published = None;
    settings.registration_closes_at = None;
    Ok(EventRecord {
        settings,
        phase: parse_text(&row.phase)?,
        reveal_mode: parse_text(&row.reveal_mode)?,
        scores_revealed: row.scores_revealed,
        registration_closes_at: row.registration_closes_at,
        meetings_published: row.meetings_published,
        fictional: row.fictional,
        version: row.version,
        settings_version: row.settings_version,
    })
}

/// Reads a kebab-case enum stored as text (phase, reveal mode).
pub fn parse_text<T: serde::de::DeserializeOwned>(text: &str) -> ApiResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|error| ApiError::Internal(InternalError::StoredJson(error)))
}

pub fn to_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        _ => String::new(),
    }
}

/// Starts a transaction that will write. SQLite's default `BEGIN` is deferred: a transaction that
/// reads first and writes later cannot wait for the write lock, and fails at once with
/// "database is locked" when another connection committed since its read began. `BEGIN
/// IMMEDIATE` takes the write lock up front, so concurrent writers queue on the busy timeout.
pub async fn begin_write(db: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// Raises the event's version inside the caller's transaction and returns the new version.
pub async fn bump_version(connection: &mut SqliteConnection, event_id: &str) -> ApiResult<i64> {
    let version: i64 = sqlx::query_scalar(
        "UPDATE events SET version = version + 1 WHERE id = ? RETURNING version",
    )
    .bind(event_id)
    .fetch_optional(&mut *connection)
    .await?
    .ok_or(ApiError::NotFound("event"))?;
    Ok(version)
}

pub async fn event_exists(db: &SqlitePool, event_id: &str) -> ApiResult<()> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM events WHERE id = ? AND importing = 0")
            .bind(event_id)
            .fetch_optional(db)
            .await?;
    found.map(|_| ()).ok_or(ApiError::NotFound("event"))
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
