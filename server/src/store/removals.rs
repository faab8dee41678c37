//! The `removals` table, and removing a startup or an investor with everything that is theirs.
//!
//! A removal takes the person's scores, interest, comments and meetings with it and says how many
//! of each; what was removed is kept here as JSON (with the time and the event version), and the
//! change feed lists removed ids so every open console and phone drops them.

use super::audit::Actor;
use super::people::{self, Kind};
use super::{follow_ups, from_json, insert_rows, links, meetings, mutations, scores, Table, Value};
use crate::error::{ApiError, ApiResult};
use crate::principal::Author;
use sqlx::AnyConnection;

pub const REMOVALS: Table = Table {
    name: "removals",
    columns: &[
        "event_id",
        "kind",
        "subject_id",
        "record",
        "scores",
        "verdicts",
        "meetings",
        "removed_at",
        "version",
    ],
};

/// What one removal took with it.
#[derive(Debug, Clone, Copy)]
pub struct RemovedCounts {
    pub scores: i64,
    pub verdicts: i64,
    pub meetings: i64,
}

/// Removes these startups or investors at `version` (already raised by the caller), keeping a
/// record of each: scores and verdicts go with the profile (foreign keys cascade); meetings and an
/// investor's own sync bookkeeping are removed here; links are revoked (kept, for the record);
/// other profiles' lists stop naming any of them, in one pass over those profiles.
pub async fn remove_people(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    ids: &[String],
    now: &str,
    version: i64,
    by: &Actor,
) -> ApiResult<Vec<RemovedCounts>> {
    let mut removed = Vec::with_capacity(ids.len());
    for id in ids {
        removed.push(remove_person(&mut *connection, event_id, kind, id, now, version, by).await?);
    }
    let (owners, fields): (Kind, &[&str]) = match kind {
        Kind::Investor => (Kind::Startup, &["wants_to_meet", "declines"]),
        Kind::Startup => (Kind::Investor, &["conflicts"]),
    };
    let gone: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    people::remove_from_lists(connection, event_id, owners, fields, &gone, version).await?;
    Ok(removed)
}

/// Everything stored about one person, as rows: the removal record, and the holder's own
/// download (`GET /events/{id}/my-data`).
pub struct PersonRecord {
    /// The profile as stored (JSON text).
    pub profile: String,
    pub scores: Vec<scores::ScoreRow>,
    pub verdicts: Vec<scores::VerdictRow>,
    pub meetings: Vec<meetings::MeetingRow>,
    pub follow_ups: Vec<roadshow_core::model::FollowUp>,
}

/// `None` when the event has no such person.
pub async fn person_record(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<Option<PersonRecord>> {
    let Some(profile) = people::profile(&mut *connection, kind, event_id, id).await? else {
        return Ok(None);
    };
    Ok(Some(PersonRecord {
        profile,
        scores: scores::of_person(&mut *connection, event_id, kind, id).await?,
        verdicts: scores::verdicts_of_person(&mut *connection, event_id, kind, id).await?,
        meetings: meetings::of_person(&mut *connection, event_id, kind, id).await?,
        follow_ups: follow_ups::of_person(&mut *connection, event_id, kind, id).await?,
    }))
}

async fn remove_person(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
    now: &str,
    version: i64,
    by: &Actor,
) -> ApiResult<RemovedCounts> {
    let PersonRecord {
        profile,
        scores,
        verdicts,
        meetings,
        follow_ups,
    } = person_record(&mut *connection, event_id, kind, id)
        .await?
        .ok_or(ApiError::Database(sqlx::Error::RowNotFound))?;
    // The follow-ups go with the person (their rows cascade); the record keeps them.
    let record = serde_json::json!({
        "follow_ups": follow_ups,
        "profile": from_json::<serde_json::Value>(&profile).unwrap_or(serde_json::Value::String(profile)),
        "scores": scores.iter().map(|score|
            serde_json::json!({"investor": score.investor, "startup": score.startup, "criterion": score.criterion, "value": score.value, "abstain": score.abstain})).collect::<Vec<_>>(),
        "verdicts": verdicts.iter().map(|verdict|
            serde_json::json!({"investor": verdict.investor, "startup": verdict.startup, "want": verdict.want, "comment": verdict.comment})).collect::<Vec<_>>(),
        "meetings": meetings.iter().map(|meeting|
            serde_json::json!({"investor": meeting.investor, "startup": meeting.startup, "slot": meeting.slot, "table": meeting.table, "status": meeting.status})).collect::<Vec<_>>(),
    });
    meetings::delete_of_person(&mut *connection, event_id, kind, id).await?;
    let author = match kind {
        Kind::Investor => Author::Investor(id.to_owned()),
        Kind::Startup => Author::Startup(id.to_owned()),
    };
    mutations::forget_author(&mut *connection, event_id, &author).await?;
    people::delete(&mut *connection, kind, event_id, id).await?;
    links::revoke(&mut *connection, event_id, kind.role(), Some(id), now, by).await?;
    let counts = RemovedCounts {
        scores: scores.len() as i64,
        verdicts: verdicts.len() as i64,
        meetings: meetings.len() as i64,
    };
    let row = vec![
        Value::Text(event_id.to_owned()),
        Value::Text(kind.as_str().to_owned()),
        Value::Text(id.to_owned()),
        Value::Text(record.to_string()),
        Value::Int(counts.scores),
        Value::Int(counts.verdicts),
        Value::Int(counts.meetings),
        Value::Text(now.to_owned()),
        Value::Int(version),
    ];
    insert_rows(connection, &REMOVALS, &[row]).await?;
    Ok(counts)
}

/// Ids removed since `since` that do not exist again now, for the change feed.
pub async fn removed_since(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    since: i64,
) -> ApiResult<Vec<String>> {
    let ids = sqlx::query_scalar(&format!(
        "SELECT DISTINCT subject_id FROM removals
         WHERE event_id = $1 AND kind = $2 AND version > $3
           AND subject_id NOT IN (SELECT id FROM {} WHERE event_id = $4)
         ORDER BY subject_id",
        kind.table()
    ))
    .bind(event_id)
    .bind(kind.as_str())
    .bind(since)
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    Ok(ids)
}
