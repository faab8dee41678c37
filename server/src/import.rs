//! Creating an event from a `roadshow-event/1` snapshot (the organizer's re-import, and the demo),
//! all in one transaction: settings, people, scores, interest and meetings, plus a link per role.

use crate::auth::Role;
use crate::error::{ApiError, ApiResult};
use crate::links;
use crate::routes::people::to_json;
use crate::store::{now_rfc3339, to_text};
use roadshow_core::model::{ProfileStatus, Snapshot};
use serde::Serialize;
use sqlx::SqlitePool;

/// The links of an imported event, each shown once.
#[derive(Debug, Serialize)]
pub struct ImportedEvent {
    pub id: String,
    pub organizer_link: String,
    /// (investor id, link) in the snapshot's order.
    pub investor_links: Vec<(String, String)>,
    /// (startup id, link) in the snapshot's order.
    pub startup_links: Vec<(String, String)>,
}

/// Client id recorded on imported scores: no device will ever send it, so a later edit by the
/// investor always replaces an imported value.
const IMPORT_CLIENT: &str = "import";

pub async fn import_snapshot(db: &SqlitePool, event_id: &str, snapshot: &Snapshot, fictional: bool) -> ApiResult<ImportedEvent> {
    let problems = roadshow_core::validate::validate(snapshot);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let now = now_rfc3339();
    let mut settings = snapshot.event.clone();
    settings.id = event_id.to_owned();
    let phase = settings.phase.take().unwrap_or_default();
    let reveal = settings.reveal.take().unwrap_or_default();
    let version = 1_i64;
    let mut transaction = db.begin().await?;
    sqlx::query(
        "INSERT INTO events (id, name, venue, starts_at, ends_at, phase, reveal_mode, settings, fictional, created_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(event_id)
    .bind(&settings.name)
    .bind(settings.venue.clone().unwrap_or_default())
    .bind(settings.starts_at.map(|time| time.to_rfc3339()).unwrap_or_default())
    .bind(settings.ends_at.map(|time| time.to_rfc3339()).unwrap_or_default())
    .bind(to_text(&phase))
    .bind(to_text(&reveal))
    .bind(to_json(&settings)?)
    .bind(fictional || snapshot.fictional == Some(true))
    .bind(&now)
    .bind(version)
    .execute(&mut *transaction)
    .await?;
    for (position, startup) in snapshot.startups.iter().enumerate() {
        sqlx::query("INSERT INTO startups (event_id, id, profile, published, position, version) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(event_id)
            .bind(&startup.id)
            .bind(to_json(startup)?)
            .bind(startup.status.unwrap_or_default() == ProfileStatus::Published)
            .bind(position as i64)
            .bind(version)
            .execute(&mut *transaction)
            .await?;
    }
    for (position, investor) in snapshot.investors.iter().enumerate() {
        sqlx::query("INSERT INTO investors (event_id, id, profile, position, version) VALUES (?, ?, ?, ?, ?)")
            .bind(event_id)
            .bind(&investor.id)
            .bind(to_json(investor)?)
            .bind(position as i64)
            .bind(version)
            .execute(&mut *transaction)
            .await?;
    }
    for score in &snapshot.scores {
        sqlx::query(
            "INSERT INTO scores (event_id, investor_id, startup_id, criterion, value, abstain, client_id, client_seq, updated_at, version)
             VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        )
        .bind(event_id)
        .bind(&score.investor)
        .bind(&score.startup)
        .bind(score.criterion.clone().unwrap_or_default())
        .bind(if score.abstain { None } else { score.integer_value() })
        .bind(score.abstain)
        .bind(IMPORT_CLIENT)
        .bind(score.updated_at.map(|time| time.to_rfc3339()).unwrap_or_else(|| now.clone()))
        .bind(version)
        .execute(&mut *transaction)
        .await?;
    }
    for interest in &snapshot.interest {
        sqlx::query(
            "INSERT INTO verdicts (event_id, investor_id, startup_id, want, client_id, client_seq, updated_at, version)
             VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
        )
        .bind(event_id)
        .bind(&interest.investor)
        .bind(&interest.startup)
        .bind(interest.want)
        .bind(IMPORT_CLIENT)
        .bind(&now)
        .bind(version)
        .execute(&mut *transaction)
        .await?;
    }
    let organizer_link = links::reissue(&mut transaction, event_id, Role::Organizer, None, &now).await?;
    let mut investor_links = Vec::new();
    for investor in &snapshot.investors {
        let link = links::reissue(&mut transaction, event_id, Role::Investor, Some(&investor.id), &now).await?;
        investor_links.push((investor.id.clone(), link));
    }
    let mut startup_links = Vec::new();
    for startup in &snapshot.startups {
        let link = links::reissue(&mut transaction, event_id, Role::Startup, Some(&startup.id), &now).await?;
        startup_links.push((startup.id.clone(), link));
    }
    transaction.commit().await?;
    Ok(ImportedEvent { id: event_id.to_owned(), organizer_link, investor_links, startup_links })
}
