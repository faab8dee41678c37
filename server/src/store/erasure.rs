//! Erasing personal data (definitions §10): the `erasure_requests` table, and the rewrites of
//! profiles that an erasure makes. What is cleared is core's rule (`roadshow_core::privacy`);
//! here it is applied to what is stored — the live profiles and the records kept of removed
//! people — at a new event version, so open consoles and phones receive the erased profiles
//! through the change feed.

use super::people::{self, Kind};
use super::{from_json, to_json};
use crate::error::ApiResult;
use crate::principal::Role;
use roadshow_core::model::{Investor, Startup};
use roadshow_core::privacy;
use roadshow_core::wire::ErasureRequest;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::{AnyConnection, AnyPool};

/// How many profiles an erasure changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erased {
    pub startups: usize,
    pub investors: usize,
}

/// Clears every person's personal fields (retention) at `version`, the removal records'
/// included, and marks the event erased at `now`.
pub async fn erase_personal_fields(
    connection: &mut AnyConnection,
    event_id: &str,
    version: i64,
    now: &str,
) -> ApiResult<Erased> {
    let mut erased = Erased::default();
    for text in people::profiles(&mut *connection, Kind::Startup, event_id).await? {
        let mut startup: Startup = from_json(&text)?;
        if privacy::erase_startup_personal(&mut startup) {
            people::update_startup(&mut *connection, event_id, &startup, version).await?;
            erased.startups += 1;
        }
    }
    for mut investor in people::investors(&mut *connection, event_id).await? {
        if privacy::erase_investor_personal(&mut investor) {
            people::update_investor(&mut *connection, event_id, &investor, version).await?;
            erased.investors += 1;
        }
    }
    scrub_removal_records(&mut *connection, event_id, Scrub::Personal).await?;
    sqlx::query("UPDATE events SET personal_data_erased_at = $1 WHERE id = $2")
        .bind(now)
        .bind(event_id)
        .execute(connection)
        .await?;
    Ok(erased)
}

/// When the event's personal data was erased, if it was.
pub async fn erased_at(
    connection: &mut AnyConnection,
    event_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    Ok(
        sqlx::query_scalar("SELECT personal_data_erased_at FROM events WHERE id = $1")
            .bind(event_id)
            .fetch_optional(connection)
            .await?
            .flatten(),
    )
}

/// Anonymises one person at their request, at `version`; the records kept of an earlier
/// removal of the same id are scrubbed likewise. `false` when the event has no such person.
pub async fn anonymize_person(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
    version: i64,
) -> ApiResult<bool> {
    let found = match kind {
        Kind::Startup => match people::startup(&mut *connection, event_id, id).await? {
            Some(mut startup) => {
                privacy::anonymize_startup(&mut startup);
                people::update_startup(&mut *connection, event_id, &startup, version).await?;
                true
            }
            None => false,
        },
        Kind::Investor => match people::investor(&mut *connection, event_id, id).await? {
            Some(mut investor) => {
                privacy::anonymize_investor(&mut investor);
                people::update_investor(&mut *connection, event_id, &investor, version).await?;
                true
            }
            None => false,
        },
    };
    scrub_removal_records(connection, event_id, Scrub::Person(kind, id)).await?;
    Ok(found)
}

enum Scrub<'a> {
    /// Everyone's personal fields (retention).
    Personal,
    /// One person's profile, anonymised (their request).
    Person(Kind, &'a str),
}

/// Rewrites the profiles inside the `removals` records (the only other copy of a profile).
async fn scrub_removal_records(
    connection: &mut AnyConnection,
    event_id: &str,
    scrub: Scrub<'_>,
) -> ApiResult<()> {
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT rowid, kind, subject_id, record FROM removals WHERE event_id = $1")
            .bind(event_id)
            .fetch_all(&mut *connection)
            .await?;
    for (rowid, kind, subject_id, record) in rows {
        let kind = if kind == Kind::Startup.as_str() {
            Kind::Startup
        } else {
            Kind::Investor
        };
        if let Scrub::Person(wanted, id) = scrub {
            if wanted != kind || id != subject_id {
                continue;
            }
        }
        let mut record: serde_json::Value = from_json(&record)?;
        let Some(profile) = record.get_mut("profile") else {
            continue;
        };
        let rewritten = match (kind, &scrub) {
            (Kind::Startup, Scrub::Personal) => rewritten(profile, |startup: &mut Startup| {
                privacy::erase_startup_personal(startup);
            }),
            (Kind::Startup, Scrub::Person(..)) => rewritten(profile, privacy::anonymize_startup),
            (Kind::Investor, Scrub::Personal) => rewritten(profile, |investor: &mut Investor| {
                privacy::erase_investor_personal(investor);
            }),
            (Kind::Investor, Scrub::Person(..)) => rewritten(profile, privacy::anonymize_investor),
        };
        // A record whose profile this version cannot read is left as it is.
        let Some(rewritten) = rewritten else {
            continue;
        };
        *profile = rewritten;
        sqlx::query("UPDATE removals SET record = $1 WHERE rowid = $2")
            .bind(to_json(&record)?)
            .bind(rowid)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// A stored profile read as `T`, changed by `change`, written back; `None` if it does not read.
fn rewritten<T: DeserializeOwned + Serialize>(
    profile: &serde_json::Value,
    change: impl FnOnce(&mut T),
) -> Option<serde_json::Value> {
    let mut person: T = serde_json::from_value(profile.clone()).ok()?;
    change(&mut person);
    serde_json::to_value(person).ok()
}

/// Events whose retention erasure has not run yet, with their settings (JSON text).
pub async fn events_not_erased(db: &AnyPool) -> ApiResult<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, settings FROM events WHERE personal_data_erased_at IS NULL AND importing = 0",
    )
    .fetch_all(db)
    .await?)
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    role: String,
    subject_id: String,
    note: Option<String>,
    requested_at: String,
    executed_at: Option<String>,
}

impl RequestRow {
    fn request(self) -> ErasureRequest {
        ErasureRequest {
            id: self.id,
            role: Role::parse(&self.role).unwrap_or(Role::Startup),
            subject_id: self.subject_id,
            note: self.note,
            requested_at: self.requested_at,
            executed_at: self.executed_at,
        }
    }
}

const REQUEST_COLUMNS: &str = "id, role, subject_id, note, requested_at, executed_at";

/// This person's request still waiting for the organizer, if any.
pub async fn open_request(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<Option<ErasureRequest>> {
    let row: Option<RequestRow> = sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS} FROM erasure_requests
         WHERE event_id = $1 AND role = $2 AND subject_id = $3 AND executed_at IS NULL"
    ))
    .bind(event_id)
    .bind(kind.role().as_str())
    .bind(id)
    .fetch_optional(connection)
    .await?;
    Ok(row.map(RequestRow::request))
}

pub async fn insert_request(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
    note: Option<&str>,
    now: &str,
) -> ApiResult<ErasureRequest> {
    let row: RequestRow = sqlx::query_as(&format!(
        "INSERT INTO erasure_requests (event_id, role, subject_id, note, requested_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING {REQUEST_COLUMNS}"
    ))
    .bind(event_id)
    .bind(kind.role().as_str())
    .bind(id)
    .bind(note)
    .bind(now)
    .fetch_one(connection)
    .await?;
    Ok(row.request())
}

/// The event's requests (or one person's), oldest first.
pub async fn requests(
    db: &AnyPool,
    event_id: &str,
    of: Option<(Kind, &str)>,
) -> ApiResult<Vec<ErasureRequest>> {
    let rows: Vec<RequestRow> = sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS} FROM erasure_requests
         WHERE event_id = $1 AND ($2 IS NULL OR (role = $3 AND subject_id = $4)) ORDER BY id"
    ))
    .bind(event_id)
    .bind(of.map(|_| 1))
    .bind(of.map(|(kind, _)| kind.role().as_str()))
    .bind(of.map(|(_, id)| id))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(RequestRow::request).collect())
}

pub async fn request(
    connection: &mut AnyConnection,
    event_id: &str,
    request_id: i64,
) -> ApiResult<Option<ErasureRequest>> {
    let row: Option<RequestRow> = sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS} FROM erasure_requests WHERE event_id = $1 AND id = $2"
    ))
    .bind(event_id)
    .bind(request_id)
    .fetch_optional(connection)
    .await?;
    Ok(row.map(RequestRow::request))
}

pub async fn mark_executed(
    connection: &mut AnyConnection,
    request_id: i64,
    now: &str,
) -> ApiResult<()> {
    sqlx::query("UPDATE erasure_requests SET executed_at = $1 WHERE id = $2")
        .bind(now)
        .bind(request_id)
        .execute(connection)
        .await?;
    Ok(())
}
