//! Sync: batches of (client id, sequence number) mutations applied exactly once each, "what
//! changed since version v" filtered by what the caller may see, a Server-Sent Events stream of
//! new versions, and the organizer's snapshot export.
//!
//! Ordering rule: every score or verdict cell remembers the device (client id) and sequence
//! number that wrote it last. A mutation from the same device with a lower sequence number than
//! the cell's is acknowledged as `superseded` and changes nothing, so a batch that arrives out of
//! order can never undo a newer edit. Between two devices of one investor the later arrival wins.

use crate::auth::{caller_in_event, Bearer, Principal};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::json::{ApiJson, ApiPath};
use crate::live::Notice;
use crate::permissions::{self, InvestorVisibility};
use crate::routes::people::to_json;
use crate::store::{self, bump_version, load_event, now_rfc3339, EventRecord};
use crate::AppState;
use axum::extract::{Query, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use roadshow_core::model::{
    Comment, Interest, Investor, PlannedMeeting, ScoreEntry, Snapshot, Startup, SNAPSHOT_FORMAT,
};
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::sync::{Change, EditStamp, Mutation, MutationResult, Outcome, Rejection};
use roadshow_core::validate::COMMENT_MAX_CHARS;
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::time::Duration;
use tokio_stream::{Stream, StreamExt};

use roadshow_core::sync::MAX_BATCH;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{event_id}/mutations", post(apply_batch))
        .route("/events/{event_id}/changes", get(changes_since))
        .route("/events/{event_id}/stream", get(version_stream))
        .route("/events/{event_id}/meetings", put(publish_meetings))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub client_id: String,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Serialize)]
struct BatchResult {
    results: Vec<MutationResult>,
}

async fn apply_batch(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(batch): ApiJson<Batch>,
) -> ApiResult<Json<BatchResult>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    let investor_id = permissions::scoring_investor(&principal)?.to_owned();
    let mut problems = Vec::new();
    let client_id = batch.client_id.trim();
    if client_id.is_empty() || client_id.chars().count() > 64 {
        problems.push(
            Problem::new("client_id", ProblemCode::InvalidFormat).with_detail("1 to 64 characters"),
        );
    }
    if batch.mutations.len() > MAX_BATCH {
        problems.push(
            Problem::new("mutations", ProblemCode::TooLong)
                .with_detail(format!("at most {MAX_BATCH} a batch")),
        );
    }
    for (index, mutation) in batch.mutations.iter().enumerate() {
        if mutation.seq < 0 {
            problems.push(Problem::new(
                format!("mutations[{index}].seq"),
                ProblemCode::Negative,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    // Written by the group-commit writer; answered only once its transaction is committed.
    let pending = crate::group_commit::PendingBatch {
        event_id,
        investor_id,
        client_id: client_id.to_owned(),
        mutations: batch.mutations,
    };
    let results = state.mutations.apply(pending).await?;
    Ok(Json(BatchResult { results }))
}

/// Applies one mutation together with its bookkeeping inside the caller's write transaction, or
/// replays the result recorded the first time this (client id, seq) arrived. `event` was loaded
/// in the same write transaction (so it is current). The caller commits and announces the new
/// version.
pub(crate) async fn apply_one(
    transaction: &mut SqliteConnection,
    event: &EventRecord,
    investor_id: &str,
    client_id: &str,
    mutation: &Mutation,
) -> ApiResult<MutationResult> {
    let change_sha256 = crate::secret::sha256_hex(&to_json(&mutation.change)?);
    let recorded: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT result, change_sha256 FROM applied_mutations
             WHERE event_id = ? AND investor_id = ? AND client_id = ? AND seq = ?",
    )
    .bind(&event.settings.id)
    .bind(investor_id)
    .bind(client_id)
    .bind(mutation.seq)
    .fetch_optional(&mut *transaction)
    .await?;
    if let Some((recorded, recorded_change)) = recorded {
        if recorded_change.is_some_and(|recorded_change| recorded_change != change_sha256) {
            // The same device and number, another edit: answering with the first edit's result
            // would say "applied" of something that was not. Nothing is stored or recorded.
            return Ok(MutationResult {
                seq: mutation.seq,
                status: Outcome::Rejected,
                version: None,
                error: Some(Rejection {
                    code: "sequence_reused".into(),
                    message: "this device already sent a different edit with this sequence number"
                        .into(),
                    fields: Default::default(),
                }),
            });
        }
        return serde_json::from_str(&recorded).map_err(|error| ApiError::Internal(error.into()));
    }
    let event_id = event.settings.id.as_str();
    let outcome = match check_and_write(transaction, event, investor_id, client_id, mutation).await
    {
        Ok(outcome) => outcome,
        Err(ApiError::Database(error)) => return Err(ApiError::Database(error)),
        Err(ApiError::Internal(error)) => return Err(ApiError::Internal(error)),
        Err(refused) => Written::Rejected(rejection(refused.body())),
    };
    let result = match outcome {
        Written::Applied => {
            let version = bump_version(transaction, event_id).await?;
            stamp_version(
                transaction,
                event_id,
                investor_id,
                &mutation.change,
                version,
            )
            .await?;
            MutationResult {
                seq: mutation.seq,
                status: Outcome::Applied,
                version: Some(version),
                error: None,
            }
        }
        Written::Superseded => MutationResult {
            seq: mutation.seq,
            status: Outcome::Superseded,
            version: None,
            error: None,
        },
        Written::Rejected(error) => MutationResult {
            seq: mutation.seq,
            status: Outcome::Rejected,
            version: None,
            error: Some(error),
        },
    };
    sqlx::query(
        "INSERT INTO applied_mutations (event_id, investor_id, client_id, seq, result, change_sha256) VALUES (?, ?, ?, ?, ?, ?)",
    )
        .bind(event_id)
        .bind(investor_id)
        .bind(client_id)
        .bind(mutation.seq)
        .bind(to_json(&result)?)
        .bind(&change_sha256)
        .execute(&mut *transaction)
        .await?;
    Ok(result)
}

enum Written {
    Applied,
    Superseded,
    Rejected(Rejection),
}

fn rejection(body: ErrorBody) -> Rejection {
    Rejection {
        code: body.code,
        message: body.message,
        fields: body
            .fields
            .into_iter()
            .map(|(path, messages)| {
                let messages = messages
                    .into_iter()
                    .map(|message| roadshow_core::sync::FieldMessage {
                        code: message.code,
                        message: message.message,
                    })
                    .collect();
                (path, messages)
            })
            .collect(),
    }
}

fn field_problem(path: &str, code: ProblemCode, detail: impl Into<String>) -> ApiError {
    ApiError::Invalid(vec![Problem::new(path, code).with_detail(detail)])
}

/// Validates the mutation against the stored event and writes it (version 0 for now; the caller
/// stamps the new version once it knows the write happened).
async fn check_and_write(
    connection: &mut SqliteConnection,
    event: &EventRecord,
    investor_id: &str,
    client_id: &str,
    mutation: &Mutation,
) -> ApiResult<Written> {
    if !permissions::scoring_open(event) {
        return Err(ApiError::NotNow {
            code: "scoring_closed",
            message: "scoring is not open for this event",
        });
    }
    let event_id = event.settings.id.as_str();
    let startup_id = mutation.change.startup();
    let published: Option<bool> =
        sqlx::query_scalar("SELECT published FROM startups WHERE event_id = ? AND id = ?")
            .bind(event_id)
            .bind(startup_id)
            .fetch_optional(&mut *connection)
            .await?;
    if published != Some(true) {
        return Err(field_problem(
            "startup",
            ProblemCode::UnknownId,
            format!("no published startup {startup_id}"),
        ));
    }
    let now = now_rfc3339();
    let stamp = EditStamp::of(client_id, mutation, chrono::Utc::now().timestamp_millis());
    let pair = PairCell {
        event_id,
        investor_id,
        startup_id,
    };
    match &mutation.change {
        Change::Score {
            criterion, value, ..
        } => {
            let value = match value {
                None => None,
                Some(number) => Some(checked_score(
                    event,
                    investor_id,
                    startup_id,
                    criterion,
                    number,
                )?),
            };
            if !event
                .settings
                .criteria
                .iter()
                .any(|known| &known.key == criterion)
            {
                return Err(field_problem(
                    "criterion",
                    ProblemCode::UnknownId,
                    format!("no criterion {criterion}"),
                ));
            }
            write_score(connection, &pair, criterion, (value, false), &stamp, &now).await
        }
        Change::Abstain {
            criterion, abstain, ..
        } => {
            let criterion = criterion.clone().unwrap_or_default();
            if !criterion.is_empty()
                && !event
                    .settings
                    .criteria
                    .iter()
                    .any(|known| known.key == criterion)
            {
                return Err(field_problem(
                    "criterion",
                    ProblemCode::UnknownId,
                    format!("no criterion {criterion}"),
                ));
            }
            write_score(
                connection,
                &pair,
                &criterion,
                (None, *abstain),
                &stamp,
                &now,
            )
            .await
        }
        Change::Interest { want, .. } => {
            write_verdict(connection, &pair, VerdictPart::Want(*want), &stamp, &now).await
        }
        Change::Comment { text, .. } => {
            if text.chars().count() > COMMENT_MAX_CHARS {
                return Err(field_problem(
                    "text",
                    ProblemCode::TooLong,
                    format!("at most {COMMENT_MAX_CHARS} characters"),
                ));
            }
            write_verdict(connection, &pair, VerdictPart::Comment(text), &stamp, &now).await
        }
        Change::Conflict { conflict, .. } => {
            let profile: String =
                sqlx::query_scalar("SELECT profile FROM investors WHERE event_id = ? AND id = ?")
                    .bind(event_id)
                    .bind(investor_id)
                    .fetch_one(&mut *connection)
                    .await?;
            let mut investor: Investor =
                serde_json::from_str(&profile).map_err(|error| ApiError::Internal(error.into()))?;
            let declared = investor.conflicts.iter().any(|id| id == startup_id);
            match (declared, *conflict) {
                (false, true) => investor.conflicts.push(startup_id.to_owned()),
                (true, false) => investor.conflicts.retain(|id| id != startup_id),
                _ => return Ok(Written::Superseded),
            }
            sqlx::query("UPDATE investors SET profile = ? WHERE event_id = ? AND id = ?")
                .bind(to_json(&investor)?)
                .bind(event_id)
                .bind(investor_id)
                .execute(&mut *connection)
                .await?;
            Ok(Written::Applied)
        }
    }
}

/// The score as a whole number on the event's scale, checked by core's snapshot rules.
fn checked_score(
    event: &EventRecord,
    investor_id: &str,
    startup_id: &str,
    criterion: &str,
    number: &serde_json::Number,
) -> ApiResult<i64> {
    let entry = ScoreEntry {
        value: Some(number.clone()),
        ..ScoreEntry::score(investor_id, startup_id, criterion, 0)
    };
    let scale = event.settings.scale;
    let problems: Vec<Problem> = roadshow_core::validate::validate(&Snapshot {
        startups: vec![stub_startup(startup_id)],
        investors: vec![stub_investor(investor_id)],
        scores: vec![entry.clone()],
        ..Snapshot::of_event(event.settings.clone())
    })
    .into_iter()
    .filter(|problem| problem.path == "scores[0].value")
    .map(|problem| Problem {
        path: "value".to_owned(),
        detail: format!("a whole number from {} to {}", scale.min, scale.max),
        ..problem
    })
    .collect();
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    entry
        .integer_value()
        .ok_or_else(|| field_problem("value", ProblemCode::NotInteger, "a whole number"))
}

fn stub_startup(id: &str) -> Startup {
    serde_json::from_value(serde_json::json!({"id": id, "name": id}))
        .expect("a minimal startup is valid JSON for the model")
}

fn stub_investor(id: &str) -> Investor {
    serde_json::from_value(serde_json::json!({"id": id, "firm": id}))
        .expect("a minimal investor is valid JSON for the model")
}

/// The (investor, startup) pair a mutation writes, in one event.
struct PairCell<'a> {
    event_id: &'a str,
    investor_id: &'a str,
    startup_id: &'a str,
}

/// Writes one score cell (a value, a cleared value, or an abstention) unless a newer edit is
/// already stored there (`EditStamp::replaces`).
async fn write_score(
    connection: &mut SqliteConnection,
    pair: &PairCell<'_>,
    criterion: &str,
    (value, abstain): (Option<i64>, bool),
    stamp: &EditStamp,
    now: &str,
) -> ApiResult<Written> {
    let stored: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT client_id, client_seq, edited_at FROM scores
         WHERE event_id = ? AND investor_id = ? AND startup_id = ? AND criterion = ?",
    )
    .bind(pair.event_id)
    .bind(pair.investor_id)
    .bind(pair.startup_id)
    .bind(criterion)
    .fetch_optional(&mut *connection)
    .await?;
    if let Some((client_id, seq, at)) = stored {
        if !stamp.replaces(&EditStamp { client_id, seq, at }) {
            return Ok(Written::Superseded);
        }
    }
    sqlx::query(
        "INSERT INTO scores (event_id, investor_id, startup_id, criterion, value, abstain, client_id, client_seq, edited_at, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (event_id, investor_id, startup_id, criterion) DO UPDATE SET
             value = excluded.value, abstain = excluded.abstain, client_id = excluded.client_id,
             client_seq = excluded.client_seq, edited_at = excluded.edited_at, updated_at = excluded.updated_at",
    )
    .bind(pair.event_id)
    .bind(pair.investor_id)
    .bind(pair.startup_id)
    .bind(criterion)
    .bind(value)
    .bind(abstain)
    .bind(&stamp.client_id)
    .bind(stamp.seq)
    .bind(stamp.at)
    .bind(now)
    .execute(&mut *connection)
    .await?;
    Ok(Written::Applied)
}

enum VerdictPart<'a> {
    Want(Option<bool>),
    Comment(&'a str),
}

/// Writes one part of a verdict (interest or comment), ordered against that part's own last
/// writer: the two parts share a row but are separate edits.
async fn write_verdict(
    connection: &mut SqliteConnection,
    pair: &PairCell<'_>,
    part: VerdictPart<'_>,
    stamp: &EditStamp,
    now: &str,
) -> ApiResult<Written> {
    let part_columns = match part {
        VerdictPart::Want(_) => "want_client_id, want_client_seq, want_edited_at",
        VerdictPart::Comment(_) => "comment_client_id, comment_client_seq, comment_edited_at",
    };
    let stored: Option<(String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT {part_columns} FROM verdicts WHERE event_id = ? AND investor_id = ? AND startup_id = ?"
    ))
    .bind(pair.event_id)
    .bind(pair.investor_id)
    .bind(pair.startup_id)
    .fetch_optional(&mut *connection)
    .await?;
    if let Some((client_id, seq, at)) = stored {
        if !stamp.replaces(&EditStamp { client_id, seq, at }) {
            return Ok(Written::Superseded);
        }
    }
    let (want, comment, update) = match part {
        VerdictPart::Want(want) => (want, String::new(), "want = excluded.want, want_client_id = excluded.want_client_id,
             want_client_seq = excluded.want_client_seq, want_edited_at = excluded.want_edited_at"),
        VerdictPart::Comment(text) => (None, text.to_owned(), "comment = excluded.comment, comment_client_id = excluded.comment_client_id,
             comment_client_seq = excluded.comment_client_seq, comment_edited_at = excluded.comment_edited_at"),
    };
    sqlx::query(&format!(
        "INSERT INTO verdicts (event_id, investor_id, startup_id, want, comment, client_id, client_seq, updated_at, version, {part_columns})
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
         ON CONFLICT (event_id, investor_id, startup_id) DO UPDATE SET
             {update}, client_id = excluded.client_id, client_seq = excluded.client_seq, updated_at = excluded.updated_at"
    ))
    .bind(pair.event_id)
    .bind(pair.investor_id)
    .bind(pair.startup_id)
    .bind(want)
    .bind(comment)
    .bind(&stamp.client_id)
    .bind(stamp.seq)
    .bind(now)
    .bind(&stamp.client_id)
    .bind(stamp.seq)
    .bind(stamp.at)
    .execute(&mut *connection)
    .await?;
    Ok(Written::Applied)
}

/// Marks the rows the mutation changed with the event's new version.
async fn stamp_version(
    connection: &mut SqliteConnection,
    event_id: &str,
    investor_id: &str,
    change: &Change,
    version: i64,
) -> ApiResult<()> {
    let startup_id = change.startup();
    match change {
        Change::Score { criterion, .. } => {
            stamp_score(
                connection,
                event_id,
                investor_id,
                startup_id,
                criterion,
                version,
            )
            .await
        }
        Change::Abstain { criterion, .. } => {
            let criterion = criterion.clone().unwrap_or_default();
            stamp_score(
                connection,
                event_id,
                investor_id,
                startup_id,
                &criterion,
                version,
            )
            .await
        }
        Change::Interest { .. } | Change::Comment { .. } => {
            sqlx::query("UPDATE verdicts SET version = ? WHERE event_id = ? AND investor_id = ? AND startup_id = ?")
                .bind(version)
                .bind(event_id)
                .bind(investor_id)
                .bind(startup_id)
                .execute(connection)
                .await?;
            Ok(())
        }
        Change::Conflict { .. } => {
            sqlx::query("UPDATE investors SET version = ? WHERE event_id = ? AND id = ?")
                .bind(version)
                .bind(event_id)
                .bind(investor_id)
                .execute(connection)
                .await?;
            Ok(())
        }
    }
}

async fn stamp_score(
    connection: &mut SqliteConnection,
    event_id: &str,
    investor_id: &str,
    startup_id: &str,
    criterion: &str,
    version: i64,
) -> ApiResult<()> {
    sqlx::query(
        "UPDATE scores SET version = ? WHERE event_id = ? AND investor_id = ? AND startup_id = ? AND criterion = ?",
    )
    .bind(version)
    .bind(event_id)
    .bind(investor_id)
    .bind(startup_id)
    .bind(criterion)
    .execute(connection)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading: changes since a version, the live stream, the export.

#[derive(Debug, Deserialize)]
struct Since {
    #[serde(default)]
    since: i64,
}

/// A score row as clients receive it. `criterion` is absent for a whole-pitch abstention; a row
/// with neither value nor abstention is a cleared score.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ScoreRow {
    pub investor: String,
    pub startup: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub criterion: String,
    pub value: Option<i64>,
    pub abstain: bool,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct VerdictRow {
    pub investor: String,
    pub startup: String,
    pub want: Option<bool>,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct MeetingRow {
    pub investor: String,
    pub startup: String,
    pub slot: i64,
    pub table: i64,
}

/// An investor as a startup sees it: who they are and what they invest in, nothing private.
#[derive(Debug, Serialize)]
struct PublicInvestor {
    id: String,
    firm: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    firm_en: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    fields: Vec<String>,
    stages: Vec<roadshow_core::model::Stage>,
    regions: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Changes {
    version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<crate::store::EventView>,
    startups: Vec<serde_json::Value>,
    /// Startups the caller could see before and may not any more (unpublished).
    hidden_startups: Vec<String>,
    /// Startups and investors the organizer removed since `since` (see `routes::removals`).
    removed_startups: Vec<String>,
    removed_investors: Vec<String>,
    investors: Vec<serde_json::Value>,
    scores: Vec<ScoreRow>,
    verdicts: Vec<VerdictRow>,
    meetings: Vec<MeetingRow>,
}

async fn changes_since(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    since: Result<Query<Since>, axum::extract::rejection::QueryRejection>,
    bearer: Bearer,
) -> ApiResult<Json<Changes>> {
    // axum's own rejection is plain text; every error here is `{code, message, fields}`.
    let Query(Since { since }) = since.map_err(|_| {
        ApiError::Invalid(vec![
            Problem::new("since", ProblemCode::InvalidFormat).with_detail("a whole number from 0")
        ])
    })?;
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    // One read transaction: everything below is from the same moment.
    let mut transaction = state.db.begin().await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let changes = visible_changes(&mut transaction, &principal, &event, since).await?;
    transaction.commit().await?;
    Ok(Json(changes))
}

async fn visible_changes(
    connection: &mut SqliteConnection,
    principal: &Principal,
    event: &EventRecord,
    since: i64,
) -> ApiResult<Changes> {
    let event_id = event.settings.id.as_str();
    let startup_rows: Vec<(String, String, bool)> = sqlx::query_as(
        "SELECT id, profile, published FROM startups WHERE event_id = ? AND version > ? ORDER BY position",
    )
    .bind(event_id)
    .bind(since)
    .fetch_all(&mut *connection)
    .await?;
    let mut startups = Vec::new();
    let mut hidden_startups = Vec::new();
    for (id, profile, published) in startup_rows {
        if permissions::may_see_startup(principal, &id, published) {
            let mut profile = parse_json(&profile)?;
            permissions::startup_as_seen_by(principal, &mut profile);
            startups.push(profile);
        } else if since > 0 && principal.role == crate::auth::Role::Investor {
            hidden_startups.push(id);
        }
    }

    let investor_rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, profile FROM investors WHERE event_id = ? AND version > ? ORDER BY position",
    )
    .bind(event_id)
    .bind(since)
    .fetch_all(&mut *connection)
    .await?;
    let mut investors = Vec::new();
    for (id, profile) in investor_rows {
        match permissions::investor_visibility(principal, &id) {
            InvestorVisibility::Hidden => {}
            InvestorVisibility::Full => investors.push(parse_json(&profile)?),
            InvestorVisibility::Public => {
                let investor: Investor = serde_json::from_str(&profile)
                    .map_err(|error| ApiError::Internal(error.into()))?;
                let public = PublicInvestor {
                    id: investor.id,
                    firm: investor.firm,
                    firm_en: investor.firm_en,
                    kind: investor.kind,
                    fields: investor.fields,
                    stages: investor.stages,
                    regions: investor.regions,
                };
                investors.push(
                    serde_json::to_value(public)
                        .map_err(|error| ApiError::Internal(error.into()))?,
                );
            }
        }
    }

    let scores = visible_scores(connection, principal, event, since).await?;

    let verdicts: Vec<VerdictRow> =
        match (principal.role, principal.subject_id.as_deref()) {
            (crate::auth::Role::Organizer, _) => sqlx::query_as(
                "SELECT investor_id AS investor, startup_id AS startup, want, comment FROM verdicts
             WHERE event_id = ? AND version > ? ORDER BY investor_id, startup_id",
            )
            .bind(event_id)
            .bind(since)
            .fetch_all(&mut *connection)
            .await?,
            (crate::auth::Role::Investor, Some(investor_id)) => sqlx::query_as(
                "SELECT investor_id AS investor, startup_id AS startup, want, comment FROM verdicts
             WHERE event_id = ? AND version > ? AND investor_id = ? ORDER BY startup_id",
            )
            .bind(event_id)
            .bind(since)
            .bind(investor_id)
            .fetch_all(&mut *connection)
            .await?,
            _ => Vec::new(),
        };

    let all_meetings: Vec<MeetingRow> = sqlx::query_as(
        "SELECT investor_id AS investor, startup_id AS startup, slot, table_no AS \"table\" FROM meetings
         WHERE event_id = ? ORDER BY slot, table_no",
    )
    .bind(event_id)
    .fetch_all(&mut *connection)
    .await?;
    let meetings = all_meetings
        .into_iter()
        .filter(|meeting| {
            permissions::may_see_meeting(principal, event, &meeting.investor, &meeting.startup)
        })
        .collect();

    let (removed_startups, removed_investors) = if since == 0 {
        (Vec::new(), Vec::new())
    } else {
        use crate::routes::removals::{removed_since, Kind};
        let startups = removed_since(connection, event_id, Kind::Startup, since).await?;
        let investors = removed_since(connection, event_id, Kind::Investor, since).await?;
        match principal.role {
            crate::auth::Role::Organizer => (startups, investors),
            crate::auth::Role::Investor => (startups, Vec::new()),
            crate::auth::Role::Startup => (Vec::new(), investors),
            crate::auth::Role::Registration => (Vec::new(), Vec::new()),
        }
    };
    Ok(Changes {
        version: event.version,
        removed_startups,
        removed_investors,
        event: (since == 0 || event.settings_version > since)
            .then(|| permissions::event_view(principal, event)),
        startups,
        hidden_startups,
        investors,
        scores,
        verdicts,
        meetings,
    })
}

/// A score row with the version that last changed it.
#[derive(sqlx::FromRow)]
struct VersionedScore {
    #[sqlx(flatten)]
    row: ScoreRow,
    version: i64,
}

const SCORE_COLUMNS: &str =
    "investor_id AS investor, startup_id AS startup, criterion, value, abstain, updated_at";

/// Scores the caller may see that changed since `since`. For an investor this is its own, plus
/// others' as the reveal mode allows; scores that became visible because the investor just
/// scored a startup, or because the organizer revealed them, are sent even if they are older.
async fn visible_scores(
    connection: &mut SqliteConnection,
    principal: &Principal,
    event: &EventRecord,
    since: i64,
) -> ApiResult<Vec<ScoreRow>> {
    let event_id = event.settings.id.as_str();
    match (principal.role, principal.subject_id.as_deref()) {
        (crate::auth::Role::Organizer, _) => Ok(sqlx::query_as(&format!(
            "SELECT {SCORE_COLUMNS} FROM scores WHERE event_id = ? AND version > ?
             ORDER BY investor_id, startup_id, criterion"
        ))
        .bind(event_id)
        .bind(since)
        .fetch_all(&mut *connection)
        .await?),
        (crate::auth::Role::Investor, Some(viewer)) => {
            // The viewer's own rows, once: what it has scored decides what it may see of others.
            let own: Vec<VersionedScore> = sqlx::query_as(&format!(
                "SELECT {SCORE_COLUMNS}, version FROM scores WHERE event_id = ? AND investor_id = ?
                 ORDER BY startup_id, criterion"
            ))
            .bind(event_id)
            .bind(viewer)
            .fetch_all(&mut *connection)
            .await?;
            // "After own scoring" means a score given: abstaining (on the pitch or a criterion)
            // judges nothing, so it reveals nothing; a whole-pitch abstention voids the scores.
            let abstained_pitch: BTreeSet<&str> = own
                .iter()
                .filter(|own| own.row.abstain && own.row.criterion.is_empty())
                .map(|own| own.row.startup.as_str())
                .collect();
            let scored: BTreeSet<String> = own
                .iter()
                .filter(|own| own.row.value.is_some() && !own.row.abstain)
                .filter(|own| !abstained_pitch.contains(own.row.startup.as_str()))
                .map(|own| own.row.startup.clone())
                .collect();
            let newly_scored: BTreeSet<String> = own
                .iter()
                .filter(|own| own.version > since)
                .map(|own| own.row.startup.clone())
                .collect();
            let reveal_changed = event.settings_version > since;
            let others: Vec<(ScoreRow, i64)> = if permissions::may_see_score(
                principal, event, "", true,
            ) {
                let rows: Vec<VersionedScore> = sqlx::query_as(&format!(
                    "SELECT {SCORE_COLUMNS}, version FROM scores
                     WHERE event_id = ? AND investor_id <> ? ORDER BY investor_id, startup_id, criterion"
                ))
                .bind(event_id)
                .bind(viewer)
                .fetch_all(&mut *connection)
                .await?;
                rows.into_iter()
                    .map(|versioned| (versioned.row, versioned.version))
                    .collect()
            } else {
                Vec::new()
            };
            let mut visible: Vec<ScoreRow> = Vec::new();
            for (row, version) in others {
                let viewer_scored = scored.contains(&row.startup);
                if !permissions::may_see_score(principal, event, &row.investor, viewer_scored) {
                    continue;
                }
                if version > since || reveal_changed || newly_scored.contains(&row.startup) {
                    visible.push(row);
                }
            }
            let mut result: Vec<ScoreRow> = own
                .into_iter()
                .filter(|own| own.version > since)
                .map(|own| own.row)
                .collect();
            result.extend(visible);
            Ok(result)
        }
        _ => Ok(Vec::new()),
    }
}

fn parse_json(text: &str) -> ApiResult<serde_json::Value> {
    serde_json::from_str(text).map_err(|error| ApiError::Internal(error.into()))
}

async fn version_stream(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_follow_stream(&principal)?;
    // Subscribe before reading the current version so no change can fall in between.
    let mut notices = state.live.subscribe(&event_id);
    let current = load_event(&state.db, &event_id).await?.version;
    let (sender, receiver) = tokio::sync::mpsc::channel::<i64>(16);
    let secret = bearer.secret.unwrap_or_default();
    tokio::spawn(async move {
        if sender.send(current).await.is_err() {
            return;
        }
        loop {
            match notices.recv().await {
                Ok(Notice::Version(version)) => {
                    if sender.send(version).await.is_err() {
                        return; // The client went away.
                    }
                }
                Ok(Notice::LinksRevoked) => {
                    let still_open = crate::auth::principal_in_event(
                        &state,
                        &event_id,
                        &Bearer {
                            secret: Some(secret.clone()),
                            client: None,
                        },
                    )
                    .await;
                    if still_open.is_err() {
                        return; // Ends the stream: a revoked link hears nothing more.
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    });
    let events = tokio_stream::wrappers::ReceiverStream::new(receiver).map(|version| {
        Ok(SseEvent::default()
            .event("version")
            .data(version.to_string()))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingPlan {
    meetings: Vec<PlannedMeeting>,
    /// Whether investors and startups may see their agendas now.
    published: bool,
}

#[derive(Debug, Serialize)]
struct PublishedMeetings {
    meetings: usize,
    published: bool,
    version: i64,
}

async fn publish_meetings(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(plan): ApiJson<MeetingPlan>,
) -> ApiResult<Json<PublishedMeetings>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    let mut transaction = store::begin_write(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let investors: Vec<String> = sqlx::query_scalar("SELECT id FROM investors WHERE event_id = ?")
        .bind(&event_id)
        .fetch_all(&mut *transaction)
        .await?;
    let startups: Vec<String> = sqlx::query_scalar("SELECT id FROM startups WHERE event_id = ?")
        .bind(&event_id)
        .fetch_all(&mut *transaction)
        .await?;
    let mut problems = roadshow_core::validate::meeting_problems(
        &plan.meetings,
        &event.settings.meetings,
        &investors
            .iter()
            .enumerate()
            .map(|(index, id)| (id.as_str(), index))
            .collect(),
        &startups
            .iter()
            .enumerate()
            .map(|(index, id)| (id.as_str(), index))
            .collect(),
    );
    if plan.published {
        // An agenda needs times: without them people would read "2번째" instead of 14:40.
        let times = &event.settings.meetings;
        if times.first_slot.is_none() {
            problems.push(
                Problem::new("meetings.first_slot", ProblemCode::Required)
                    .with_detail("set when the first meeting starts before publishing"),
            );
        }
        if times.slot_minutes.is_none() {
            problems.push(
                Problem::new("meetings.slot_minutes", ProblemCode::Required)
                    .with_detail("set how long a meeting lasts before publishing"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    sqlx::query("DELETE FROM meetings WHERE event_id = ?")
        .bind(&event_id)
        .execute(&mut *transaction)
        .await?;
    for meeting in &plan.meetings {
        sqlx::query("INSERT INTO meetings (event_id, investor_id, startup_id, slot, table_no) VALUES (?, ?, ?, ?, ?)")
            .bind(&event_id)
            .bind(&meeting.investor)
            .bind(&meeting.startup)
            .bind(meeting.slot)
            .bind(meeting.table)
            .execute(&mut *transaction)
            .await?;
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    sqlx::query("UPDATE events SET meetings_published = ? WHERE id = ?")
        .bind(plan.published)
        .bind(&event_id)
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok(Json(PublishedMeetings {
        meetings: plan.meetings.len(),
        published: plan.published,
        version,
    }))
}

/// The whole event in the `roadshow-event/1` format, for the organizer's export.
pub async fn organizer_snapshot(db: &SqlitePool, event_id: &str) -> ApiResult<Snapshot> {
    let mut transaction = db.begin().await?;
    let event = load_event(&mut *transaction, event_id).await?;
    let startups: Vec<String> =
        sqlx::query_scalar("SELECT profile FROM startups WHERE event_id = ? ORDER BY position")
            .bind(event_id)
            .fetch_all(&mut *transaction)
            .await?;
    let investors: Vec<String> =
        sqlx::query_scalar("SELECT profile FROM investors WHERE event_id = ? ORDER BY position")
            .bind(event_id)
            .fetch_all(&mut *transaction)
            .await?;
    let rows: Vec<ScoreRow> = sqlx::query_as(&format!(
        "SELECT {SCORE_COLUMNS} FROM scores WHERE event_id = ? AND (value IS NOT NULL OR abstain = 1)
         ORDER BY investor_id, startup_id, criterion"
    ))
    .bind(event_id)
    .fetch_all(&mut *transaction)
    .await?;
    let verdicts: Vec<VerdictRow> = sqlx::query_as(
        "SELECT investor_id AS investor, startup_id AS startup, want, comment FROM verdicts
         WHERE event_id = ? ORDER BY investor_id, startup_id",
    )
    .bind(event_id)
    .fetch_all(&mut *transaction)
    .await?;
    let meetings: Vec<MeetingRow> = sqlx::query_as(
        "SELECT investor_id AS investor, startup_id AS startup, slot, table_no AS \"table\" FROM meetings
         WHERE event_id = ? ORDER BY slot, table_no",
    )
    .bind(event_id)
    .fetch_all(&mut *transaction)
    .await?;
    transaction.commit().await?;

    let whole_pitch_abstentions: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|row| row.criterion.is_empty() && row.abstain)
        .map(|row| (row.investor.clone(), row.startup.clone()))
        .collect();
    let scores = rows
        .into_iter()
        .filter(|row| {
            // A whole-pitch abstention stands alone: per-criterion rows under it do not count.
            row.criterion.is_empty()
                || !whole_pitch_abstentions.contains(&(row.investor.clone(), row.startup.clone()))
        })
        .map(|row| {
            let criterion = (!row.criterion.is_empty()).then_some(row.criterion.as_str());
            let mut entry = match (row.abstain, row.value) {
                (false, Some(value)) => {
                    ScoreEntry::score(&row.investor, &row.startup, &row.criterion, value)
                }
                _ => ScoreEntry::abstention(&row.investor, &row.startup, criterion),
            };
            entry.updated_at = chrono::DateTime::parse_from_rfc3339(&row.updated_at).ok();
            entry
        })
        .collect();
    let interest = verdicts
        .iter()
        .filter_map(|verdict| {
            verdict.want.map(|want| Interest {
                investor: verdict.investor.clone(),
                startup: verdict.startup.clone(),
                want,
            })
        })
        .collect();
    let comments = verdicts
        .iter()
        .filter(|verdict| !verdict.comment.is_empty())
        .map(|verdict| Comment {
            investor: verdict.investor.clone(),
            startup: verdict.startup.clone(),
            text: verdict.comment.clone(),
        })
        .collect();
    let meetings = meetings
        .into_iter()
        .map(|meeting| PlannedMeeting {
            investor: meeting.investor,
            startup: meeting.startup,
            slot: meeting.slot,
            table: meeting.table,
            status: None,
        })
        .collect();
    let mut settings = event.settings.clone();
    settings.phase = Some(event.phase);
    settings.reveal = Some(event.reveal_mode);
    settings.scores_revealed = event.scores_revealed.then_some(true);
    settings.meetings_published = event.meetings_published.then_some(true);
    settings.registration_closes_at = event
        .registration_closes_at
        .as_deref()
        .and_then(|time| chrono::DateTime::parse_from_rfc3339(time).ok());
    Ok(Snapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        fictional: event.fictional.then_some(true),
        event: settings,
        startups: startups
            .iter()
            .map(|text| serde_json::from_str(text))
            .collect::<Result<_, _>>()
            .map_err(|error| ApiError::Internal(error.into()))?,
        investors: investors
            .iter()
            .map(|text| serde_json::from_str(text))
            .collect::<Result<_, _>>()
            .map_err(|error| ApiError::Internal(error.into()))?,
        scores,
        interest,
        meetings,
        comments,
        extra: Default::default(),
    })
}
