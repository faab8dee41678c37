//! Creating an event from a `roadshow-event/1` snapshot (the organizer's re-import, and the demo):
//! settings and live state, people, scores, interest, comments and planned meetings, plus a new
//! link for every role.
//!
//! Time is linear in the snapshot's size and no other event waits long for it: rows go in with
//! multi-row INSERTs, [`CHUNK_ROWS`] at a time, each chunk its own short transaction taken in turn
//! at the [`WriteGate`]; links are inserted fresh (a new event has none to revoke). The event is
//! marked `importing` until the last step, so nobody can open it half-filled; an import that fails
//! part-way is deleted, and one cut short by a crash is deleted when the server next starts.

use crate::auth::Role;
use crate::error::{ApiError, ApiResult};
use crate::links;
use crate::routes::people::to_json;
use crate::secret::LinkSecret;
use crate::store::{now_rfc3339, to_text};
use crate::write_gate::WriteGate;
use roadshow_core::model::{ProfileStatus, Snapshot};
use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use std::collections::BTreeMap;

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

/// Rows per transaction: small enough that a waiting score write is not held up noticeably
/// (≈ 10 ms on this hardware), large enough that the per-commit fsync does not dominate.
pub const CHUNK_ROWS: usize = 500;

const EVENT_INSERT: &str = "INSERT INTO events (id, name, venue, starts_at, ends_at, phase, reveal_mode, scores_revealed,
     registration_closes_at, meetings_published, settings, fictional, created_at, version, importing) ";

/// One row to insert: its values in column order.
type Row = Vec<Value>;

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    OptionalText(Option<String>),
    Int(i64),
    OptionalInt(Option<i64>),
    Bool(bool),
}

/// One table's rows, ready to go in chunk by chunk.
struct Table {
    insert: &'static str,
    rows: Vec<Row>,
}

/// Validates the snapshot and stores it as a new event under `event_id`.
pub async fn import_snapshot(
    db: &SqlitePool,
    gate: &WriteGate,
    event_id: &str,
    snapshot: Snapshot,
    fictional: bool,
) -> ApiResult<ImportedEvent> {
    // Checking a large snapshot is CPU work: keep it off the threads that serve requests.
    let snapshot = tokio::task::spawn_blocking(move || {
        let problems = roadshow_core::validate::validate(&snapshot);
        if problems.is_empty() {
            Ok(snapshot)
        } else {
            Err(problems)
        }
    })
    .await
    .map_err(|error| ApiError::Internal(crate::error::InternalError::Task(error.to_string())))?
    .map_err(ApiError::Invalid)?;

    let now = now_rfc3339();
    let plan = Plan::new(event_id, &snapshot, fictional, &now)?;
    {
        let _turn = gate.turn().await;
        let mut transaction = crate::store::begin_write(db).await?;
        insert_rows(
            &mut transaction,
            EVENT_INSERT,
            std::slice::from_ref(&plan.event),
        )
        .await?;
        transaction.commit().await?;
    }
    let filled = fill(db, gate, &plan.tables).await;
    let finished = match filled {
        Ok(()) => finish(db, gate, event_id).await,
        Err(error) => Err(error),
    };
    if let Err(error) = finished {
        if let Err(cleanup) = delete_event(db, gate, event_id).await {
            tracing::error!(%cleanup, event_id, "could not remove a failed import");
        }
        return Err(error);
    }
    Ok(plan.links)
}

/// Deletes events left half-imported by a crash; called once at start-up.
pub async fn remove_unfinished_imports(db: &SqlitePool) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM events WHERE importing = 1")
        .execute(db)
        .await?
        .rows_affected())
}

async fn fill(db: &SqlitePool, gate: &WriteGate, tables: &[Table]) -> ApiResult<()> {
    for table in tables {
        for chunk in table.rows.chunks(CHUNK_ROWS) {
            let _turn = gate.turn().await;
            let mut transaction = crate::store::begin_write(db).await?;
            insert_rows(&mut transaction, table.insert, chunk).await?;
            transaction.commit().await?;
        }
    }
    Ok(())
}

async fn finish(db: &SqlitePool, gate: &WriteGate, event_id: &str) -> ApiResult<()> {
    let _turn = gate.turn().await;
    let mut transaction = crate::store::begin_write(db).await?;
    sqlx::query("UPDATE events SET importing = 0 WHERE id = ?")
        .bind(event_id)
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    Ok(())
}

async fn delete_event(
    db: &SqlitePool,
    gate: &WriteGate,
    event_id: &str,
) -> Result<(), sqlx::Error> {
    let _turn = gate.turn().await;
    sqlx::query("DELETE FROM events WHERE id = ? AND importing = 1")
        .bind(event_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Everything the import will write, computed before the first write.
struct Plan {
    event: Vec<Value>,
    tables: Vec<Table>,
    links: ImportedEvent,
}

impl Plan {
    fn new(event_id: &str, snapshot: &Snapshot, fictional: bool, now: &str) -> ApiResult<Plan> {
        let version = 1_i64;
        let mut settings = snapshot.event.clone();
        settings.id = event_id.to_owned();
        // The live state has its own columns; the settings JSON keeps only the settings.
        let phase = settings.phase.take().unwrap_or_default();
        let reveal = settings.reveal.take().unwrap_or_default();
        let scores_revealed = settings.scores_revealed.take().unwrap_or(false);
        let meetings_published = settings.meetings_published.take().unwrap_or(false);
        let registration_closes_at = settings
            .registration_closes_at
            .take()
            .map(|time| time.to_rfc3339());
        let event = vec![
            Value::Text(event_id.to_owned()),
            Value::Text(settings.name.clone()),
            Value::Text(settings.venue.clone().unwrap_or_default()),
            Value::Text(
                settings
                    .starts_at
                    .map(|time| time.to_rfc3339())
                    .unwrap_or_default(),
            ),
            Value::Text(
                settings
                    .ends_at
                    .map(|time| time.to_rfc3339())
                    .unwrap_or_default(),
            ),
            Value::Text(to_text(&phase)),
            Value::Text(to_text(&reveal)),
            Value::Bool(scores_revealed),
            Value::OptionalText(registration_closes_at),
            Value::Bool(meetings_published),
            Value::Text(to_json(&settings)?),
            Value::Bool(fictional || snapshot.fictional == Some(true)),
            Value::Text(now.to_owned()),
            Value::Int(version),
            Value::Bool(true),
        ];

        let startups = snapshot
            .startups
            .iter()
            .enumerate()
            .map(|(position, startup)| {
                Ok(vec![
                    Value::Text(event_id.to_owned()),
                    Value::Text(startup.id.clone()),
                    Value::Text(to_json(startup)?),
                    Value::Bool(startup.status.unwrap_or_default() == ProfileStatus::Published),
                    Value::Int(position as i64),
                    Value::Int(version),
                ])
            })
            .collect::<ApiResult<Vec<Row>>>()?;
        let investors = snapshot
            .investors
            .iter()
            .enumerate()
            .map(|(position, investor)| {
                Ok(vec![
                    Value::Text(event_id.to_owned()),
                    Value::Text(investor.id.clone()),
                    Value::Text(to_json(investor)?),
                    Value::Int(position as i64),
                    Value::Int(version),
                ])
            })
            .collect::<ApiResult<Vec<Row>>>()?;
        let scores = snapshot
            .scores
            .iter()
            .map(|score| {
                vec![
                    Value::Text(event_id.to_owned()),
                    Value::Text(score.investor.clone()),
                    Value::Text(score.startup.clone()),
                    Value::Text(score.criterion.clone().unwrap_or_default()),
                    Value::OptionalInt(if score.abstain {
                        None
                    } else {
                        score.integer_value()
                    }),
                    Value::Bool(score.abstain),
                    Value::Text(IMPORT_CLIENT.to_owned()),
                    Value::Int(0),
                    Value::Text(
                        score
                            .updated_at
                            .map(|time| time.to_rfc3339())
                            .unwrap_or_else(|| now.to_owned()),
                    ),
                    Value::Int(version),
                ]
            })
            .collect();
        // Interest and comment share one row per pair.
        let mut verdicts: BTreeMap<(&str, &str), (Option<bool>, &str)> = BTreeMap::new();
        for interest in &snapshot.interest {
            verdicts
                .entry((&interest.investor, &interest.startup))
                .or_insert((None, ""))
                .0 = Some(interest.want);
        }
        for comment in &snapshot.comments {
            verdicts
                .entry((&comment.investor, &comment.startup))
                .or_insert((None, ""))
                .1 = &comment.text;
        }
        let verdicts = verdicts
            .into_iter()
            .map(|((investor, startup), (want, comment))| {
                vec![
                    Value::Text(event_id.to_owned()),
                    Value::Text(investor.to_owned()),
                    Value::Text(startup.to_owned()),
                    Value::OptionalInt(want.map(i64::from)),
                    Value::Text(comment.to_owned()),
                    Value::Text(IMPORT_CLIENT.to_owned()),
                    Value::Int(0),
                    Value::Text(now.to_owned()),
                    Value::Int(version),
                ]
            })
            .collect();
        let meetings = snapshot
            .meetings
            .iter()
            .map(|meeting| {
                vec![
                    Value::Text(event_id.to_owned()),
                    Value::Text(meeting.investor.clone()),
                    Value::Text(meeting.startup.clone()),
                    Value::Int(meeting.slot),
                    Value::Int(meeting.table),
                ]
            })
            .collect();

        // Fresh secrets for everyone: the old event's links keep opening the old event only.
        let mut link_rows =
            Vec::with_capacity(1 + snapshot.investors.len() + snapshot.startups.len());
        let mut issue = |role: Role, subject: Option<&str>| {
            let secret = LinkSecret::generate();
            link_rows.push(vec![
                Value::Text(secret.sha256_hex()),
                Value::Text(event_id.to_owned()),
                Value::Text(role.as_str().to_owned()),
                Value::OptionalText(subject.map(str::to_owned)),
                Value::Text(now.to_owned()),
            ]);
            links::link_path(event_id, role, &secret)
        };
        let organizer_link = issue(Role::Organizer, None);
        let investor_links = snapshot
            .investors
            .iter()
            .map(|investor| {
                (
                    investor.id.clone(),
                    issue(Role::Investor, Some(&investor.id)),
                )
            })
            .collect();
        let startup_links = snapshot
            .startups
            .iter()
            .map(|startup| (startup.id.clone(), issue(Role::Startup, Some(&startup.id))))
            .collect();

        Ok(Plan {
            event,
            tables: vec![
                Table { insert: "INSERT INTO startups (event_id, id, profile, published, position, version) ", rows: startups },
                Table { insert: "INSERT INTO investors (event_id, id, profile, position, version) ", rows: investors },
                Table {
                    insert: "INSERT INTO scores (event_id, investor_id, startup_id, criterion, value, abstain, client_id, client_seq, updated_at, version) ",
                    rows: scores,
                },
                Table {
                    insert: "INSERT INTO verdicts (event_id, investor_id, startup_id, want, comment, client_id, client_seq, updated_at, version) ",
                    rows: verdicts,
                },
                Table { insert: "INSERT INTO meetings (event_id, investor_id, startup_id, slot, table_no) ", rows: meetings },
                Table { insert: "INSERT INTO links (secret_sha256, event_id, role, subject_id, created_at) ", rows: link_rows },
            ],
            links: ImportedEvent { id: event_id.to_owned(), organizer_link, investor_links, startup_links },
        })
    }
}

/// One multi-row INSERT of `rows` (at most [`CHUNK_ROWS`], so within SQLite's bound-variable limit).
async fn insert_rows(
    connection: &mut sqlx::SqliteConnection,
    insert: &str,
    rows: &[Row],
) -> Result<(), sqlx::Error> {
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(insert);
    query.push_values(rows, |mut values, row| {
        for value in row {
            match value {
                Value::Text(text) => values.push_bind(text.clone()),
                Value::OptionalText(text) => values.push_bind(text.clone()),
                Value::Int(number) => values.push_bind(*number),
                Value::OptionalInt(number) => values.push_bind(*number),
                Value::Bool(flag) => values.push_bind(*flag),
            };
        }
    });
    query.build().execute(connection).await?;
    Ok(())
}
