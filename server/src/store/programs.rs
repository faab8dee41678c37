//! The `programs` and `program_links` tables and `events.program_id` (definitions §7.5): a
//! program, the links of its organizer (only the secret's hash stored), and which events it
//! groups. An event joins at most one program, and its audit log records when.

use super::audit::{self, Actor, Record};
use crate::error::{ApiError, ApiResult};
use crate::principal::Role;
use crate::secret::LinkSecret;
use roadshow_core::model::Phase;
use roadshow_core::program::{self, FirmAliases, HeldPair};
use roadshow_core::wire::{AuditAction, ProgramDraft, ProgramEvent, ProgramRecord};
use sqlx::{AnyConnection, AnyPool};

/// Where a program organizer's link opens in the app; the secret goes in the fragment.
pub fn program_link_path(program_id: &str, secret: &LinkSecret) -> String {
    format!("/programs/{program_id}/organize#k={}", secret.as_str())
}

/// Stores a new program and its organizer's first link; answers the link's path (with the
/// secret, shown once).
pub async fn insert(
    connection: &mut AnyConnection,
    id: &str,
    draft: &ProgramDraft,
    now: &str,
) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO programs (id, name, name_en, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(&draft.name)
        .bind(&draft.name_en)
        .bind(now)
        .execute(&mut *connection)
        .await?;
    let secret = LinkSecret::generate();
    sqlx::query(
        "INSERT INTO program_links (secret_sha256, program_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(secret.sha256_hex())
    .bind(id)
    .bind(now)
    .execute(connection)
    .await?;
    Ok(program_link_path(id, &secret))
}

/// `NotFound` unless the program exists.
pub async fn program_exists(db: &AnyPool, program_id: &str) -> ApiResult<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM programs WHERE id = $1")
        .bind(program_id)
        .fetch_optional(db)
        .await?;
    found.map(|_| ()).ok_or(ApiError::NotFound("program"))
}

/// Whether `secret_sha256` is a live organizer link of this program.
pub async fn is_live_link(
    db: &AnyPool,
    secret_sha256: &str,
    program_id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM program_links
         WHERE secret_sha256 = $1 AND program_id = $2 AND revoked_at IS NULL",
    )
    .bind(secret_sha256)
    .bind(program_id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: String,
    name: String,
    venue: String,
    starts_at: String,
    phase: String,
    settings: String,
}

/// The program and its events (not those still being imported), earliest first.
pub async fn load(db: &AnyPool, program_id: &str) -> ApiResult<ProgramRecord> {
    let (name, name_en): (String, Option<String>) =
        sqlx::query_as("SELECT name, name_en FROM programs WHERE id = $1")
            .bind(program_id)
            .fetch_optional(db)
            .await?
            .ok_or(ApiError::NotFound("program"))?;
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT id, name, venue, starts_at, phase, settings FROM events
         WHERE program_id = $1 AND importing = 0 ORDER BY starts_at, id",
    )
    .bind(program_id)
    .fetch_all(db)
    .await?;
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let settings: serde_json::Value = super::from_json(&row.settings)?;
        events.push(ProgramEvent {
            id: row.id,
            name: row.name,
            name_en: settings["name_en"].as_str().map(str::to_owned),
            venue: Some(row.venue).filter(|venue| !venue.is_empty()),
            starts_at: chrono::DateTime::parse_from_rfc3339(&row.starts_at).ok(),
            phase: super::parse_text::<Phase>(&row.phase)?,
        });
    }
    Ok(ProgramRecord {
        id: program_id.to_owned(),
        name,
        name_en,
        events,
    })
}

/// The ids of the program's events, earliest first.
pub async fn event_ids(db: &AnyPool, program_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM events WHERE program_id = $1 AND importing = 0 ORDER BY starts_at, id",
    )
    .bind(program_id)
    .fetch_all(db)
    .await
}

/// Where an event stands towards a program it is asked to join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Joined {
    /// It joined now (and its audit log says so) …
    Now,
    /// … or it already was in this program (nothing changes) …
    Already,
    /// … or it belongs to another program, which it does not leave.
    OtherProgram,
}

/// Puts the event in the program, recording it in the event's audit log as done by `actor`.
pub async fn join(
    connection: &mut AnyConnection,
    event_id: &str,
    program_id: &str,
    actor: &Actor,
    now: &str,
) -> ApiResult<Joined> {
    let current: Option<Option<String>> =
        sqlx::query_scalar("SELECT program_id FROM events WHERE id = $1")
            .bind(event_id)
            .fetch_optional(&mut *connection)
            .await?;
    match current.ok_or(ApiError::NotFound("event"))? {
        Some(current) if current == program_id => return Ok(Joined::Already),
        Some(_) => return Ok(Joined::OtherProgram),
        None => {}
    }
    sqlx::query("UPDATE events SET program_id = $1 WHERE id = $2")
        .bind(program_id)
        .bind(event_id)
        .execute(&mut *connection)
        .await?;
    let record = Record::new(AuditAction::JoinedProgram).with("program", program_id);
    audit::append(connection, event_id, actor, record, now).await?;
    Ok(Joined::Now)
}

/// The actor of a program organizer's action in an event's audit log: the organizer role, and
/// the program link's id (its secret's hash prefix, as event links are named).
pub fn program_actor(link_id: &str) -> Actor {
    Actor::link(Role::Organizer, link_id)
}

#[derive(sqlx::FromRow)]
struct HeldRow {
    event_id: String,
    event_name: String,
    starts_at: String,
    startup: String,
    investor: String,
}

/// The meetings held at the program's events that started before `before`, as identities
/// (`core::program::HeldPair`), earliest event first. A side without an identity (no business
/// id; a firm name empty once normalised) is recognised nowhere else and is left out.
pub async fn held_before(
    connection: &mut AnyConnection,
    program_id: &str,
    before: chrono::DateTime<chrono::FixedOffset>,
    aliases: &FirmAliases,
) -> ApiResult<Vec<HeldPair>> {
    let rows: Vec<HeldRow> = sqlx::query_as(
        "SELECT m.event_id, e.name AS event_name, e.starts_at, s.profile AS startup, i.profile AS investor
         FROM meetings m
         JOIN events e ON e.id = m.event_id
         JOIN startups s ON s.event_id = m.event_id AND s.id = m.startup_id
         JOIN investors i ON i.event_id = m.event_id AND i.id = m.investor_id
         WHERE e.program_id = $1 AND e.importing = 0 AND m.status = 'held'",
    )
    .bind(program_id)
    .fetch_all(connection)
    .await?;
    let mut held = Vec::new();
    for row in rows {
        let Ok(starts_at) = chrono::DateTime::parse_from_rfc3339(&row.starts_at) else {
            continue;
        };
        if starts_at >= before {
            continue;
        }
        let startup: serde_json::Value = super::from_json(&row.startup)?;
        let investor: serde_json::Value = super::from_json(&row.investor)?;
        let company = program::startup_identity(startup["business_id"].as_str());
        let firm = investor["firm"]
            .as_str()
            .and_then(|firm| program::firm_identity_with(firm, aliases));
        if let (Some(business_id), Some(firm)) = (company, firm) {
            held.push((
                starts_at,
                HeldPair {
                    event: row.event_id,
                    event_name: row.event_name,
                    business_id,
                    firm,
                },
            ));
        }
    }
    held.sort_by(|a, b| (a.0, &a.1.event).cmp(&(b.0, &b.1.event)));
    Ok(held.into_iter().map(|(_, pair)| pair).collect())
}

/// The program organizer's corrections of firm identity.
pub async fn firm_aliases(
    connection: &mut AnyConnection,
    program_id: &str,
) -> Result<FirmAliases, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT firm_name, identity FROM program_firm_aliases WHERE program_id = $1",
    )
    .bind(program_id)
    .fetch_all(connection)
    .await?;
    Ok(rows.into_iter().collect())
}

/// Replaces the program's corrections with `aliases`.
pub async fn set_firm_aliases(
    connection: &mut AnyConnection,
    program_id: &str,
    aliases: &FirmAliases,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM program_firm_aliases WHERE program_id = $1")
        .bind(program_id)
        .execute(&mut *connection)
        .await?;
    for (firm_name, identity) in aliases {
        sqlx::query(
            "INSERT INTO program_firm_aliases (program_id, firm_name, identity) VALUES ($1, $2, $3)",
        )
        .bind(program_id)
        .bind(firm_name)
        .bind(identity)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}

/// Every event of the program (earliest first) with its investors' firm names.
pub async fn firm_names(
    connection: &mut AnyConnection,
    program_id: &str,
) -> ApiResult<Vec<(String, Vec<String>)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.id, i.profile FROM events e JOIN investors i ON i.event_id = e.id
         WHERE e.program_id = $1 AND e.importing = 0 ORDER BY e.starts_at, e.id, i.position",
    )
    .bind(program_id)
    .fetch_all(connection)
    .await?;
    let mut events: Vec<(String, Vec<String>)> = Vec::new();
    for (event, profile) in rows {
        let investor: serde_json::Value = super::from_json(&profile)?;
        let firm = investor["firm"].as_str().unwrap_or_default().to_owned();
        match events.last_mut() {
            Some((last, firms)) if *last == event => firms.push(firm),
            _ => events.push((event, vec![firm])),
        }
    }
    Ok(events)
}
