//! The `events` table: an event's settings (the snapshot's `event` object, as JSON) and its live
//! state (phase, reveal, deadline, meetings published) in columns, its version, and the
//! `importing` mark that hides an event while an import fills it.

use super::{from_json, insert_rows, parse_text, to_json, to_text, Flag, Row, Table, Value};
use crate::error::{ApiError, ApiResult};
use roadshow_core::model::{Event, Phase, RevealMode};
use roadshow_core::wire::{
    EventRecord, FeedbackRelease, LiveState, NowPitching, RegistrationEvent, RegistrationLive,
    RegistrationSettings,
};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, AnyPool};

/// An event as stored: its settings (the snapshot's `event` object) and its live state, in the
/// columns they are kept in. What callers receive is [`StoredEvent::record`] (settings and live
/// state side by side) or, for the registration link, [`StoredEvent::for_registration`].
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub settings: Event,
    pub phase: Phase,
    pub reveal_mode: RevealMode,
    pub scores_revealed: bool,
    pub registration_closes_at: Option<String>,
    pub meetings_published: bool,
    pub fictional: bool,
    /// The published running order and the pitch on now per hall (the `pitching` column).
    pub pitching: Pitching,
    /// Whether the startups see their feedback reports (the `feedback` column).
    pub feedback: FeedbackRelease,
    /// The round phones score now (definitions §8.1; the `current_round` column); none: the
    /// first.
    pub current_round: Option<String>,
    pub version: i64,
    /// The version at which the settings last changed (the change feed sends them only then).
    pub settings_version: i64,
}

impl StoredEvent {
    pub fn live(&self) -> LiveState {
        LiveState {
            phase: self.phase,
            reveal_mode: self.reveal_mode,
            scores_revealed: self.scores_revealed,
            registration_closes_at: self.registration_closes_at.clone(),
            meetings_published: self.meetings_published,
            fictional: self.fictional,
            running_order: self.pitching.running_order.clone(),
            now_pitching: self.pitching.now_pitching.clone(),
            feedback: self.feedback,
            current_round: self.current_round.clone(),
        }
    }

    pub fn record(&self) -> EventRecord {
        EventRecord {
            settings: self.settings.clone(),
            live: self.live(),
            version: self.version,
        }
    }

    pub fn for_registration(&self) -> RegistrationEvent {
        let settings = &self.settings;
        RegistrationEvent {
            settings: RegistrationSettings {
                id: settings.id.clone(),
                name: settings.name.clone(),
                name_en: settings.name_en.clone(),
                venue: settings.venue.clone(),
                venue_en: settings.venue_en.clone(),
                starts_at: settings.starts_at,
                ends_at: settings.ends_at,
                scale: settings.scale,
                criteria: settings.criteria.clone(),
                retention_until: settings.retention_until,
            },
            live: RegistrationLive {
                phase: self.phase,
                registration_closes_at: self.registration_closes_at.clone(),
                fictional: self.fictional,
            },
        }
    }
}

pub const EVENTS: Table = Table {
    name: "events",
    columns: &[
        "id",
        "name",
        "venue",
        "starts_at",
        "ends_at",
        "phase",
        "reveal_mode",
        "scores_revealed",
        "registration_closes_at",
        "meetings_published",
        "settings",
        "fictional",
        "created_at",
        "version",
        "importing",
    ],
};

/// The `pitching` column: the day's pitches (definitions §8.3), live state like the phase.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pitching {
    pub running_order: Vec<String>,
    pub now_pitching: Vec<NowPitching>,
}

/// A new event's row: its settings (stored as given) and its first live state.
pub struct NewEvent<'a> {
    pub settings: &'a Event,
    pub phase: Phase,
    pub reveal_mode: RevealMode,
    pub scores_revealed: bool,
    /// RFC 3339.
    pub registration_closes_at: Option<String>,
    pub meetings_published: bool,
    pub fictional: bool,
    pub created_at: &'a str,
    pub version: i64,
    /// Hidden (404) until the import that fills it calls [`finish_import`].
    pub importing: bool,
}

impl NewEvent<'_> {
    pub fn row(&self) -> ApiResult<Row> {
        let settings = self.settings;
        Ok(vec![
            Value::Text(settings.id.clone()),
            Value::Text(settings.name.clone()),
            Value::Text(settings.venue.clone().unwrap_or_default()),
            Value::Text(time_text(settings.starts_at)),
            Value::Text(time_text(settings.ends_at)),
            Value::Text(to_text(&self.phase)),
            Value::Text(to_text(&self.reveal_mode)),
            Value::Bool(self.scores_revealed),
            Value::OptionalText(self.registration_closes_at.clone()),
            Value::Bool(self.meetings_published),
            Value::Text(to_json(settings)?),
            Value::Bool(self.fictional),
            Value::Text(self.created_at.to_owned()),
            Value::Int(self.version),
            Value::Bool(self.importing),
        ])
    }
}

/// The `starts_at` and `ends_at` columns: RFC 3339, or empty when unset.
fn time_text(time: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    time.map(|time| time.to_rfc3339()).unwrap_or_default()
}

pub async fn insert(connection: &mut AnyConnection, event: &NewEvent<'_>) -> ApiResult<()> {
    insert_rows(connection, &EVENTS, &[event.row()?]).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    settings: String,
    phase: String,
    reveal_mode: String,
    #[sqlx(try_from = "Flag")]
    scores_revealed: bool,
    registration_closes_at: Option<String>,
    #[sqlx(try_from = "Flag")]
    meetings_published: bool,
    #[sqlx(try_from = "Flag")]
    fictional: bool,
    pitching: String,
    feedback: String,
    current_round: Option<String>,
    version: i64,
    settings_version: i64,
    program_id: Option<String>,
}

const EVENT_COLUMNS: &str =
    "settings, phase, reveal_mode, scores_revealed, registration_closes_at, \
     meetings_published, fictional, pitching, feedback, current_round, version, settings_version, \
     program_id";

/// The event (not one still being imported), or `NotFound`.
pub async fn load_event<'e, E>(executor: E, event_id: &str) -> ApiResult<StoredEvent>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: EventRow = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE id = $1 AND importing = 0"
    ))
    .bind(event_id)
    .fetch_optional(executor)
    .await?
    .ok_or(ApiError::NotFound("event"))?;
    let mut settings: Event = from_json(&row.settings)?;
    // The columns are authoritative for the live state; keep one copy of each in responses.
    settings.phase = None;
    settings.reveal = None;
    settings.scores_revealed = None;
    settings.meetings_published = None;
    settings.registration_closes_at = None;
    // Membership of a program is the program's record, whatever the settings' JSON says.
    settings.program = row.program_id;
    Ok(StoredEvent {
        settings,
        phase: parse_text(&row.phase)?,
        reveal_mode: parse_text(&row.reveal_mode)?,
        scores_revealed: row.scores_revealed,
        registration_closes_at: row.registration_closes_at,
        meetings_published: row.meetings_published,
        fictional: row.fictional,
        pitching: from_json(&row.pitching)?,
        feedback: from_json(&row.feedback)?,
        current_round: row.current_round,
        version: row.version,
        settings_version: row.settings_version,
    })
}

/// `NotFound` unless the event exists (and is not still being imported).
pub async fn event_exists(db: &AnyPool, event_id: &str) -> ApiResult<()> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM events WHERE id = $1 AND importing = 0")
            .bind(event_id)
            .fetch_optional(db)
            .await?;
    found.map(|_| ()).ok_or(ApiError::NotFound("event"))
}

/// Is there any row with this id, even one still being imported?
pub async fn id_taken(db: &AnyPool, event_id: &str) -> ApiResult<bool> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

/// Raises the event's version inside the caller's transaction and returns the new version.
pub async fn bump_version(connection: &mut AnyConnection, event_id: &str) -> ApiResult<i64> {
    let version: i64 = sqlx::query_scalar(
        "UPDATE events SET version = version + 1 WHERE id = $1 RETURNING version",
    )
    .bind(event_id)
    .fetch_optional(&mut *connection)
    .await?
    .ok_or(ApiError::NotFound("event"))?;
    Ok(version)
}

/// Sets the event's version to one the caller counted up to under the write lock (the
/// group-commit writer numbers its mutations itself and stores the last number once).
pub async fn set_version(
    connection: &mut AnyConnection,
    event_id: &str,
    version: i64,
) -> ApiResult<()> {
    sqlx::query("UPDATE events SET version = $1 WHERE id = $2")
        .bind(version)
        .bind(event_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// The event's version now; `None` when there is no such event.
pub async fn current_version(db: &AnyPool, event_id: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_optional(db)
        .await
}

/// Stores the event's settings and live state as `event` holds them; `version` (already raised
/// by [`bump_version`]) becomes the settings' version.
pub async fn update_settings(
    connection: &mut AnyConnection,
    event_id: &str,
    event: &StoredEvent,
    version: i64,
) -> ApiResult<()> {
    let settings = &event.settings;
    sqlx::query(
        "UPDATE events SET name = $1, venue = $2, starts_at = $3, ends_at = $4, phase = $5, reveal_mode = $6,
             scores_revealed = $7, registration_closes_at = $8, pitching = $9, feedback = $10,
             current_round = $11, settings = $12, settings_version = $13
         WHERE id = $14",
    )
    .bind(&settings.name)
    .bind(settings.venue.clone().unwrap_or_default())
    .bind(time_text(settings.starts_at))
    .bind(time_text(settings.ends_at))
    .bind(to_text(&event.phase))
    .bind(to_text(&event.reveal_mode))
    .bind(Flag(event.scores_revealed))
    .bind(&event.registration_closes_at)
    .bind(to_json(&event.pitching)?)
    .bind(to_json(&event.feedback)?)
    .bind(&event.current_round)
    .bind(to_json(settings)?)
    .bind(version)
    .bind(event_id)
    .execute(connection)
    .await?;
    Ok(())
}

pub async fn set_meetings_published(
    connection: &mut AnyConnection,
    event_id: &str,
    published: bool,
) -> ApiResult<()> {
    sqlx::query("UPDATE events SET meetings_published = $1 WHERE id = $2")
        .bind(Flag(published))
        .bind(event_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// The import's last step: the event becomes visible.
pub async fn finish_import(connection: &mut AnyConnection, event_id: &str) -> ApiResult<()> {
    sqlx::query("UPDATE events SET importing = 0 WHERE id = $1")
        .bind(event_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Deletes an event whose import did not finish (its rows go with it).
pub async fn delete_unfinished_import(db: &AnyPool, event_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM events WHERE id = $1 AND importing = 1")
        .bind(event_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes every event whose import did not finish and began at or before `started_before`
/// (RFC 3339 UTC, as `created_at` is written); returns how many.
pub async fn delete_unfinished_imports(
    db: &AnyPool,
    started_before: &str,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM events WHERE importing = 1 AND created_at <= $1")
            .bind(started_before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
