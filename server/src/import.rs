//! Creating an event from a `roadshow-event/1` snapshot (the organizer's re-import, and the demo):
//! settings and live state, people, scores, interest, comments, planned meetings and follow-ups,
//! plus a new link for every role.
//!
//! Time is linear in the snapshot's size and no other event waits long for it: rows go in with
//! multi-row INSERTs, [`CHUNK_ROWS`] at a time, each chunk its own short transaction taken in turn
//! at the [`WriteGate`]; links are inserted fresh (a new event has none to revoke). The event is
//! marked `importing` until the last step, so nobody can open it half-filled; an import that fails
//! part-way is deleted, and one cut short by a crash is deleted when the server next starts.

use crate::error::{ApiError, ApiResult};
use crate::principal::Role;
use crate::store::audit::{self, Actor, Record};
use crate::store::events::{NewEvent, EVENTS};
use crate::store::follow_ups::{follow_up_row, FOLLOW_UPS};
use crate::store::links::{new_link, LINKS};
use crate::store::meetings::{meeting_row, MEETINGS};
use crate::store::people::{investor_row, startup_row, INVESTORS, STARTUPS};
use crate::store::scores::{imported_verdict_row, Pair, ScoreCell, SCORES, VERDICTS};
use crate::store::{self, insert_rows, now_rfc3339, Row, Table};
use crate::write_gate::WriteGate;
use roadshow_core::model::Snapshot;
use roadshow_core::sync::EditStamp;
use roadshow_core::wire::{AuditAction, ImportedEvent};
use sqlx::AnyPool;
use std::collections::BTreeMap;

/// Client id recorded on imported scores: no device will ever send it, so a later edit by the
/// investor always replaces an imported value.
const IMPORT_CLIENT: &str = "import";

/// Rows per transaction: small enough that a waiting score write is not held up noticeably
/// (≈ 10 ms on this hardware), large enough that the per-commit fsync does not dominate.
pub const CHUNK_ROWS: usize = 500;

/// One table's rows, ready to go in chunk by chunk.
struct TableRows {
    table: &'static Table,
    rows: Vec<Row>,
}

/// Validates the snapshot and stores it as a new event under `event_id`.
pub async fn import_snapshot(
    db: &AnyPool,
    gate: &WriteGate,
    event_id: &str,
    snapshot: Snapshot,
    fictional: bool,
) -> ApiResult<ImportedEvent> {
    // Checking a large snapshot and building its rows is CPU work (seconds for the largest the
    // route accepts): keep it off the threads that serve other events' requests.
    let id = event_id.to_owned();
    let plan = tokio::task::spawn_blocking(move || {
        let problems = roadshow_core::validate::validate(&snapshot);
        if !problems.is_empty() {
            return Err(ApiError::Invalid(problems));
        }
        Plan::new(&id, &snapshot, fictional, &now_rfc3339())
    })
    .await
    .map_err(|error| ApiError::Internal(crate::error::InternalError::Task(error.to_string())))??;
    {
        let _turn = gate.turn().await;
        let mut transaction = store::begin_write(db).await?;
        insert_rows(&mut transaction, &EVENTS, std::slice::from_ref(&plan.event)).await?;
        transaction.commit().await?;
    }
    let filled = fill(db, gate, &plan.tables).await;
    let finished = match filled {
        Ok(()) => finish(db, gate, event_id, &plan).await,
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

/// How long an import may have run before a process starting up takes it for one cut short by
/// a crash, when several processes share the database (PostgreSQL): an unfinished import there
/// may be another process's, under way. A national program's import takes seconds.
const IMPORT_ABANDONED_AFTER: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Deletes events left half-imported by a crash; called once at start-up. On SQLite (one
/// process) every unfinished import is such an event.
pub async fn remove_unfinished_imports(
    db: &AnyPool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, sqlx::Error> {
    let started_before = match store::Dialect::of_pool(db) {
        store::Dialect::Sqlite => now,
        store::Dialect::Postgres => now - IMPORT_ABANDONED_AFTER,
    };
    store::events::delete_unfinished_imports(
        db,
        &started_before.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    )
    .await
}

/// Chunks between passive checkpoints (≈ 4,000 rows, a few MB of WAL).
const CHUNKS_PER_CHECKPOINT: usize = 8;

async fn fill(db: &AnyPool, gate: &WriteGate, tables: &[TableRows]) -> ApiResult<()> {
    // The import's own connection, detached from the pool so its settings die with it: no
    // automatic checkpoint inside a chunk's commit (it would copy megabytes of WAL while other
    // writers wait at the gate); the import checkpoints between chunks instead, outside its turn.
    let mut connection = db.acquire().await?.detach();
    store::disable_autocheckpoint(&mut connection).await?;
    // Nor an fsync per chunk: nothing here is acknowledged until `finish`, whose commit (on a
    // pool connection, synchronous=FULL) makes the whole WAL durable; a crash before it leaves an
    // `importing` event that the next start deletes. So each chunk holds the turn only as long
    // as its inserts take.
    store::relax_sync(&mut connection).await?;
    let mut chunks = 0_usize;
    for table in tables {
        for chunk in table.rows.chunks(CHUNK_ROWS) {
            {
                let _turn = gate.turn().await;
                let mut transaction = store::begin_write_on(&mut connection).await?;
                insert_rows(&mut transaction, table.table, chunk).await?;
                transaction.commit().await?;
            }
            chunks += 1;
            if chunks.is_multiple_of(CHUNKS_PER_CHECKPOINT) {
                store::checkpoint(&mut connection).await?;
            }
        }
    }
    store::checkpoint(&mut connection).await?;
    Ok(())
}

async fn finish(db: &AnyPool, gate: &WriteGate, event_id: &str, plan: &Plan) -> ApiResult<()> {
    let _turn = gate.turn().await;
    let mut transaction = store::begin_write(db).await?;
    store::events::finish_import(&mut transaction, event_id).await?;
    // Whoever imported holds the new organizer link; every link was issued by the import.
    let importer = Actor::link(Role::Organizer, &plan.organizer_link_id);
    let now = now_rfc3339();
    audit::append(
        &mut transaction,
        event_id,
        &importer,
        plan.record.clone(),
        &now,
    )
    .await?;
    transaction.commit().await?;
    Ok(())
}

async fn delete_event(db: &AnyPool, gate: &WriteGate, event_id: &str) -> Result<(), sqlx::Error> {
    let _turn = gate.turn().await;
    store::events::delete_unfinished_import(db, event_id).await
}

/// Everything the import will write, computed before the first write.
struct Plan {
    event: Row,
    /// The audit log's name for the new organizer link, the importer's.
    organizer_link_id: String,
    /// The import's audit entry, appended when the event becomes visible.
    record: Record,
    tables: Vec<TableRows>,
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
        let event = NewEvent {
            settings: &settings,
            phase,
            reveal_mode: reveal,
            scores_revealed,
            registration_closes_at,
            meetings_published,
            fictional: fictional || snapshot.fictional == Some(true),
            created_at: now,
            version,
            importing: true,
        }
        .row()?;

        let startups = snapshot
            .startups
            .iter()
            .enumerate()
            .map(|(position, startup)| startup_row(event_id, startup, position as i64, version))
            .collect::<ApiResult<Vec<Row>>>()?;
        let investors = snapshot
            .investors
            .iter()
            .enumerate()
            .map(|(position, investor)| investor_row(event_id, investor, position as i64, version))
            .collect::<ApiResult<Vec<Row>>>()?;
        let importer = EditStamp {
            client_id: IMPORT_CLIENT.to_owned(),
            seq: 0,
            at: 0,
        };
        let scores = snapshot
            .scores
            .iter()
            .map(|score| {
                let updated_at = score
                    .updated_at
                    .map(|time| time.to_rfc3339())
                    .unwrap_or_else(|| now.to_owned());
                // Stored under its round's id, the only round's when it names none (§8.1).
                let round = roadshow_core::rounds::score_round(&snapshot.event, score)
                    .map_or("", |index| snapshot.event.rounds[index].id.as_str());
                ScoreCell {
                    pair: Pair {
                        event_id,
                        investor_id: &score.investor,
                        startup_id: &score.startup,
                    },
                    round,
                    criterion: score.criterion.as_deref().unwrap_or_default(),
                    value: if score.abstain {
                        None
                    } else {
                        score.integer_value()
                    },
                    abstain: score.abstain,
                }
                .row(&importer, &updated_at, version)
            })
            .collect();
        // Interest and comment share one row per pair.
        let mut verdicts: BTreeMap<(&str, &str), (Option<bool>, &str, bool)> = BTreeMap::new();
        for interest in &snapshot.interest {
            verdicts
                .entry((&interest.investor, &interest.startup))
                .or_insert((None, "", false))
                .0 = Some(interest.want);
        }
        for comment in &snapshot.comments {
            let verdict = verdicts
                .entry((&comment.investor, &comment.startup))
                .or_insert((None, "", false));
            (verdict.1, verdict.2) = (&comment.text, comment.shared);
        }
        let verdicts = verdicts
            .into_iter()
            .map(|((investor_id, startup_id), (want, comment, shared))| {
                let pair = Pair {
                    event_id,
                    investor_id,
                    startup_id,
                };
                imported_verdict_row(pair, want, comment, shared, &importer, now, version)
            })
            .collect();
        let meetings = snapshot
            .meetings
            .iter()
            .map(|meeting| meeting_row(event_id, meeting))
            .collect();
        let follow_ups = snapshot
            .follow_ups
            .iter()
            .map(|entry| follow_up_row(event_id, entry, now, version))
            .collect();

        // Fresh secrets for everyone: the old event's links keep opening the old event only.
        let mut link_rows =
            Vec::with_capacity(1 + snapshot.investors.len() + snapshot.startups.len());
        let mut organizer_link_id = String::new();
        let mut issue = |role: Role, subject: Option<&str>| {
            let link = new_link(event_id, role, subject, now);
            link_rows.push(link.row);
            if role == Role::Organizer {
                organizer_link_id = link.id;
            }
            link.path
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

        let record = Record::new(AuditAction::EventImported)
            .with("fictional", fictional)
            .with("startups", snapshot.startups.len())
            .with("investors", snapshot.investors.len())
            .with("scores", snapshot.scores.len())
            .with("meetings", snapshot.meetings.len())
            .with("follow_ups", snapshot.follow_ups.len())
            .with("links_issued", link_rows.len());
        let table = |table: &'static Table, rows: Vec<Row>| TableRows { table, rows };
        Ok(Plan {
            event,
            organizer_link_id,
            record,
            tables: vec![
                table(&STARTUPS, startups),
                table(&INVESTORS, investors),
                table(&SCORES, scores),
                table(&VERDICTS, verdicts),
                table(&MEETINGS, meetings),
                table(&FOLLOW_UPS, follow_ups),
                table(&LINKS, link_rows),
            ],
            links: ImportedEvent {
                id: event_id.to_owned(),
                organizer_link,
                investor_links,
                startup_links,
            },
        })
    }
}
