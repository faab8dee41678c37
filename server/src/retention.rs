//! Erasing personal data (definitions §10): after an event's retention date, by the server's
//! own task (hourly, and at start) or by the organizer's request to run it now; and one
//! person's erasure when the organizer executes their request. Each erasure is one
//! transaction: the rewritten profiles, a new event version, the audit entry.

use crate::error::{ApiError, ApiResult};
use crate::live::LiveVersions;
use crate::store::audit::{self, Actor, Record};
use crate::store::erasure::{self, Erased};
use crate::store::events::bump_version;
use crate::store::people::Kind;
use crate::store::{self, from_json, links, now_rfc3339};
use chrono::NaiveDate;
use roadshow_core::model::Event;
use roadshow_core::privacy;
use roadshow_core::wire::{AuditAction, Erasure, ErasureRequest};
use sqlx::AnyPool;
use std::time::Duration;

/// How often the server looks for events past their retention date.
pub const CHECK_EVERY: Duration = Duration::from_secs(3600);

/// Today in Korea, the day retention dates are counted in.
pub fn today_kst() -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&roadshow_core::event_draft::kst())
        .date_naive()
}

/// Erases the personal fields of every person of the event, recording who asked.
pub async fn erase_event(
    db: &AnyPool,
    live: &LiveVersions,
    event_id: &str,
    by: &Actor,
) -> ApiResult<Erasure> {
    erase(db, live, event_id, by, Again::Yes)
        .await
        .map(|erased| erased.expect("erasing again was allowed"))
}

/// Whether an event erased already is erased once more (the organizer asking again) or left as it
/// is (a sweep that listed it before another process erased it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Again {
    Yes,
    No,
}

async fn erase(
    db: &AnyPool,
    live: &LiveVersions,
    event_id: &str,
    by: &Actor,
    again: Again,
) -> ApiResult<Option<Erasure>> {
    let now = now_rfc3339();
    let mut transaction = store::begin_write(db).await?;
    if again == Again::No
        && erasure::erased_at(&mut transaction, event_id)
            .await?
            .is_some()
    {
        return Ok(None);
    }
    let version = bump_version(&mut transaction, event_id).await?;
    let Erased {
        startups,
        investors,
    } = erasure::erase_personal_fields(&mut transaction, event_id, version, &now).await?;
    let record = Record::new(AuditAction::PersonalDataErased)
        .with("startups", startups)
        .with("investors", investors);
    audit::append(&mut transaction, event_id, by, record, &now).await?;
    transaction.commit().await?;
    live.publish(event_id, version);
    Ok(Some(Erasure {
        startups,
        investors,
        at: now,
        version,
    }))
}

/// The retention erasure of every event whose date has passed and that was not erased yet;
/// how many events it erased. One event's failure is logged and the others go on.
pub async fn erase_due(db: &AnyPool, live: &LiveVersions, today: NaiveDate) -> usize {
    let events = match erasure::events_not_erased(db).await {
        Ok(events) => events,
        Err(error) => {
            tracing::error!(%error, "cannot list events for the retention erasure");
            return 0;
        }
    };
    erase_listed(db, live, events, today).await
}

/// The retention erasure of `events` (id and settings, as `erasure::events_not_erased` listed
/// them, at any moment before: another process may have erased some since); how many it erased.
pub async fn erase_listed(
    db: &AnyPool,
    live: &LiveVersions,
    events: Vec<(String, String)>,
    today: NaiveDate,
) -> usize {
    let mut erased = 0;
    for (event_id, settings) in events {
        let due = from_json::<Event>(&settings)
            .map(|event| privacy::erasure_due(&event, today))
            .unwrap_or(false);
        if !due {
            continue;
        }
        // Listed before the write lock: another process may have erased it since.
        match erase(db, live, &event_id, &Actor::server(), Again::No).await {
            Ok(Some(_)) => erased += 1,
            Ok(None) => {}
            Err(error) => tracing::error!(%error, event_id, "retention erasure failed"),
        }
    }
    erased
}

/// Executes a person's erasure request: their profile anonymised (core's rule), their link
/// revoked, the request marked executed, all recorded — or nothing, on any failure.
pub async fn execute_request(
    db: &AnyPool,
    live: &LiveVersions,
    event_id: &str,
    request_id: i64,
    by: &Actor,
) -> ApiResult<Erasure> {
    let now = now_rfc3339();
    let mut transaction = store::begin_write(db).await?;
    let request: ErasureRequest = erasure::request(&mut transaction, event_id, request_id)
        .await?
        .ok_or(ApiError::NotFound("erasure request"))?;
    if request.executed_at.is_some() {
        return Err(ApiError::NotNow {
            code: roadshow_core::wire::ErrorCode::AlreadyExecuted,
            message: "this erasure request was executed already",
        });
    }
    let kind = match request.role {
        crate::principal::Role::Investor => Kind::Investor,
        _ => Kind::Startup,
    };
    let version = bump_version(&mut transaction, event_id).await?;
    let found = erasure::anonymize_person(
        &mut transaction,
        event_id,
        kind,
        &request.subject_id,
        version,
    )
    .await?;
    links::revoke(
        &mut transaction,
        event_id,
        kind.role(),
        Some(&request.subject_id),
        &now,
        by,
    )
    .await?;
    erasure::mark_executed(&mut transaction, request_id, &now).await?;
    let record = Record::new(AuditAction::ErasureExecuted)
        .about(kind.role(), Some(&request.subject_id))
        .with("request", request_id);
    audit::append(&mut transaction, event_id, by, record, &now).await?;
    transaction.commit().await?;
    live.publish(event_id, version);
    live.links_revoked(event_id);
    let (startups, investors) = match (found, kind) {
        (false, _) => (0, 0),
        (true, Kind::Startup) => (1, 0),
        (true, Kind::Investor) => (0, 1),
    };
    Ok(Erasure {
        startups,
        investors,
        at: now,
        version,
    })
}
