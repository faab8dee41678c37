//! Removing startups and investors (organizer only): one, or many at once (spam registrations).
//!
//! A removal takes the person's scores, interest, comments and meetings with it, in one
//! transaction, and says how many of each; nothing disappears silently. What was removed is kept
//! as JSON in the `removals` table (with the time and the event version), and the change feed
//! lists removed ids so every open console and phone drops them. Removing an investor's scores
//! changes the severity normalization of the others, so other startups' normalized totals can
//! move; removing a startup changes the judges' means likewise. The console says so before asking.

use crate::auth::{caller_in_event, Bearer, Role};
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::store::{self, bump_version, now_rfc3339};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use roadshow_core::problem::{Problem, ProblemCode};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Startup,
    Investor,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Startup => "startup",
            Kind::Investor => "investor",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Kind::Startup => "startups",
            Kind::Investor => "investors",
        }
    }

    /// The column naming this kind in scores, verdicts and meetings.
    fn column(self) -> &'static str {
        match self {
            Kind::Startup => "startup_id",
            Kind::Investor => "investor_id",
        }
    }

    fn role(self) -> Role {
        match self {
            Kind::Startup => Role::Startup,
            Kind::Investor => Role::Investor,
        }
    }
}

/// What one removal took with it.
#[derive(Debug, Serialize)]
pub struct Removed {
    id: String,
    scores: i64,
    verdicts: i64,
    meetings: i64,
}

#[derive(Debug, Serialize)]
pub struct Removal {
    removed: Vec<Removed>,
    version: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveMany {
    ids: Vec<String>,
}

/// Most people removed in one request (a spam wave is removed in a few).
const MAX_IDS: usize = 1000;

pub async fn remove_startup(
    State(state): State<AppState>,
    ApiPath((event_id, startup_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<Removal>> {
    remove(
        &state,
        &event_id,
        &bearer,
        Kind::Startup,
        vec![startup_id],
        "id",
    )
    .await
}

pub async fn remove_investor(
    State(state): State<AppState>,
    ApiPath((event_id, investor_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<Removal>> {
    remove(
        &state,
        &event_id,
        &bearer,
        Kind::Investor,
        vec![investor_id],
        "id",
    )
    .await
}

pub async fn remove_startups(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(request): ApiJson<RemoveMany>,
) -> ApiResult<Json<Removal>> {
    remove(
        &state,
        &event_id,
        &bearer,
        Kind::Startup,
        request.ids,
        "ids",
    )
    .await
}

pub async fn remove_investors(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(request): ApiJson<RemoveMany>,
) -> ApiResult<Json<Removal>> {
    remove(
        &state,
        &event_id,
        &bearer,
        Kind::Investor,
        request.ids,
        "ids",
    )
    .await
}

/// Removes every id or none: an unknown or repeated id is a field error and nothing changes.
async fn remove(
    state: &AppState,
    event_id: &str,
    bearer: &Bearer,
    kind: Kind,
    ids: Vec<String>,
    path: &str,
) -> ApiResult<Json<Removal>> {
    let principal = caller_in_event(state, event_id, bearer).await?;
    permissions::may_manage_event(&principal, event_id)?;
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(ApiError::Invalid(vec![Problem::new(
            path,
            ProblemCode::OutOfRange,
        )
        .with_detail(format!("from 1 to {MAX_IDS} ids"))]));
    }
    let _turn = state.write_gate.turn().await;
    let mut transaction = store::begin_write(&state.db).await?;
    let known: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM {} WHERE event_id = ?",
        kind.table()
    ))
    .bind(event_id)
    .fetch_all(&mut *transaction)
    .await?;
    let known: std::collections::HashSet<&str> = known.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        let at = if path == "ids" {
            format!("ids[{index}]")
        } else {
            path.to_owned()
        };
        if !known.contains(id.as_str()) {
            problems.push(
                Problem::new(at, ProblemCode::UnknownId)
                    .with_detail(format!("no {} {id}", kind.as_str())),
            );
        } else if ids[..index].contains(id) {
            problems.push(Problem::new(at, ProblemCode::Duplicate));
        }
    }
    if !problems.is_empty() {
        if path == "id" {
            return Err(ApiError::NotFound(kind.as_str()));
        }
        return Err(ApiError::Invalid(problems));
    }
    let version = bump_version(&mut transaction, event_id).await?;
    let now = now_rfc3339();
    let mut removed = Vec::with_capacity(ids.len());
    for id in ids {
        removed.push(remove_one(&mut transaction, event_id, kind, &id, &now, version).await?);
    }
    transaction.commit().await?;
    state.live.publish(event_id, version);
    state.live.links_revoked(event_id);
    Ok(Json(Removal { removed, version }))
}

async fn remove_one(
    connection: &mut SqliteConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
    now: &str,
    version: i64,
) -> ApiResult<Removed> {
    let column = kind.column();
    let profile: String = sqlx::query_scalar(&format!(
        "SELECT profile FROM {} WHERE event_id = ? AND id = ?",
        kind.table()
    ))
    .bind(event_id)
    .bind(id)
    .fetch_one(&mut *connection)
    .await?;
    let scores: Vec<(String, String, String, Option<i64>, bool)> = sqlx::query_as(&format!(
        "SELECT investor_id, startup_id, criterion, value, abstain FROM scores WHERE event_id = ? AND {column} = ?"
    ))
    .bind(event_id)
    .bind(id)
    .fetch_all(&mut *connection)
    .await?;
    let verdicts: Vec<(String, String, Option<bool>, String)> = sqlx::query_as(&format!(
        "SELECT investor_id, startup_id, want, comment FROM verdicts WHERE event_id = ? AND {column} = ?"
    ))
    .bind(event_id)
    .bind(id)
    .fetch_all(&mut *connection)
    .await?;
    let meetings: Vec<(String, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT investor_id, startup_id, slot, table_no FROM meetings WHERE event_id = ? AND {column} = ?"
    ))
    .bind(event_id)
    .bind(id)
    .fetch_all(&mut *connection)
    .await?;
    let record = serde_json::json!({
        "profile": serde_json::from_str::<serde_json::Value>(&profile).unwrap_or(serde_json::Value::String(profile)),
        "scores": scores.iter().map(|(investor, startup, criterion, value, abstain)|
            serde_json::json!({"investor": investor, "startup": startup, "criterion": criterion, "value": value, "abstain": abstain})).collect::<Vec<_>>(),
        "verdicts": verdicts.iter().map(|(investor, startup, want, comment)|
            serde_json::json!({"investor": investor, "startup": startup, "want": want, "comment": comment})).collect::<Vec<_>>(),
        "meetings": meetings.iter().map(|(investor, startup, slot, table)|
            serde_json::json!({"investor": investor, "startup": startup, "slot": slot, "table": table})).collect::<Vec<_>>(),
    });
    // Scores and verdicts go with the profile (foreign keys cascade); meetings and the person's
    // own sync bookkeeping are removed here; links are revoked (kept, for the record).
    sqlx::query(&format!(
        "DELETE FROM meetings WHERE event_id = ? AND {column} = ?"
    ))
    .bind(event_id)
    .bind(id)
    .execute(&mut *connection)
    .await?;
    if kind == Kind::Investor {
        sqlx::query("DELETE FROM applied_mutations WHERE event_id = ? AND investor_id = ?")
            .bind(event_id)
            .bind(id)
            .execute(&mut *connection)
            .await?;
        remove_from_lists(
            connection,
            event_id,
            "startups",
            &["wants_to_meet", "declines"],
            id,
            version,
        )
        .await?;
    } else {
        remove_from_lists(
            connection,
            event_id,
            "investors",
            &["conflicts"],
            id,
            version,
        )
        .await?;
    }
    sqlx::query(&format!(
        "DELETE FROM {} WHERE event_id = ? AND id = ?",
        kind.table()
    ))
    .bind(event_id)
    .bind(id)
    .execute(&mut *connection)
    .await?;
    crate::links::revoke(connection, event_id, kind.role(), Some(id), now).await?;
    sqlx::query(
        "INSERT INTO removals (event_id, kind, subject_id, record, scores, verdicts, meetings, removed_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(event_id)
    .bind(kind.as_str())
    .bind(id)
    .bind(record.to_string())
    .bind(scores.len() as i64)
    .bind(verdicts.len() as i64)
    .bind(meetings.len() as i64)
    .bind(now)
    .bind(version)
    .execute(&mut *connection)
    .await?;
    Ok(Removed {
        id: id.to_owned(),
        scores: scores.len() as i64,
        verdicts: verdicts.len() as i64,
        meetings: meetings.len() as i64,
    })
}

/// Drops `id` from the named id lists of every profile in `table` that mentions it (a startup's
/// wishes naming a removed investor, an investor's conflicts naming a removed startup), so every
/// stored profile stays valid by core's rules.
async fn remove_from_lists(
    connection: &mut SqliteConnection,
    event_id: &str,
    table: &str,
    fields: &[&str],
    id: &str,
    version: i64,
) -> ApiResult<()> {
    let rows: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT id, profile FROM {table} WHERE event_id = ?"
    ))
    .bind(event_id)
    .fetch_all(&mut *connection)
    .await?;
    for (owner, profile) in rows {
        let mut value: serde_json::Value =
            serde_json::from_str(&profile).map_err(|error| ApiError::Internal(error.into()))?;
        let mut changed = false;
        for field in fields {
            if let Some(list) = value
                .get_mut(*field)
                .and_then(serde_json::Value::as_array_mut)
            {
                let before = list.len();
                list.retain(|entry| entry.as_str() != Some(id));
                changed |= list.len() != before;
            }
        }
        if changed {
            sqlx::query(&format!(
                "UPDATE {table} SET profile = ?, version = ? WHERE event_id = ? AND id = ?"
            ))
            .bind(value.to_string())
            .bind(version)
            .bind(event_id)
            .bind(&owner)
            .execute(&mut *connection)
            .await?;
        }
    }
    Ok(())
}

/// Ids removed since `since` that do not exist again now, for the change feed.
pub async fn removed_since(
    connection: &mut SqliteConnection,
    event_id: &str,
    kind: Kind,
    since: i64,
) -> ApiResult<Vec<String>> {
    let ids = sqlx::query_scalar(&format!(
        "SELECT DISTINCT subject_id FROM removals
         WHERE event_id = ? AND kind = ? AND version > ?
           AND subject_id NOT IN (SELECT id FROM {} WHERE event_id = ?)
         ORDER BY subject_id",
        kind.table()
    ))
    .bind(event_id)
    .bind(kind.as_str())
    .bind(since)
    .bind(event_id)
    .fetch_all(&mut *connection)
    .await?;
    Ok(ids)
}
