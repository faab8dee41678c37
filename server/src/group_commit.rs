//! Group commit for sync batches. Every investor's phone sends its scores as they are given, so
//! in a full hall hundreds of small batches arrive at once. Applied one transaction each, they
//! queue on the database's one write lock and pay a commit each. Instead, one writer task takes
//! every batch waiting in its queue and applies them all in one write transaction — each
//! mutation still together with its bookkeeping row — with a handful of statements for the whole
//! group (`group_rows`: rows read once, written together), commits once, and only then answers
//! each request and announces the new version. So nothing is acknowledged before it is durable,
//! and the exactly-once rules of `sync_engine` are unchanged. A group that fails is rolled back
//! whole and its batches written again one by one, so a batch that fails leaves no trace and
//! takes no other batch with it. The writer also does SQLite's WAL checkpoints itself (see
//! `writer_connection`).

use crate::error::{ApiError, InternalError};
use crate::group_rows::GroupRows;
use crate::live::LiveVersions;
use crate::metrics::{Metrics, MutationOutcome};
use crate::principal::Author;
use crate::store;
use crate::store::events::{load_event, StoredEvent};
use crate::store::mutations::MutationKey;
use crate::sync_engine::apply_one;
use crate::write_gate::WriteGate;
use roadshow_core::sync::{Change, Mutation, MutationResult};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Batches waiting beyond this make senders wait (back-pressure instead of unbounded memory).
const QUEUE_DEPTH: usize = 1024;
/// At most this many mutations in one commit, so one group never holds the write lock for long.
const GROUP_MUTATIONS: usize = 1024;
/// How often the writer copies the WAL into the database file while scores keep coming.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// One request's batch, checked and authorized, waiting to be written.
pub struct PendingBatch {
    pub event_id: String,
    pub author: Author,
    pub client_id: String,
    pub mutations: Vec<Mutation>,
}

struct Job {
    batch: PendingBatch,
    reply: oneshot::Sender<Result<Vec<MutationResult>, ApiError>>,
}

pub struct MutationWriter {
    db: AnyPool,
    live: Arc<LiveVersions>,
    gate: WriteGate,
    metrics: Arc<Metrics>,
    /// The writer task's queue: started on first use, from inside the runtime that serves
    /// requests, and started again should the task ever have died (a panic in one group must not
    /// stop every later score).
    queue: Mutex<Option<mpsc::Sender<Job>>>,
}

impl MutationWriter {
    pub fn new(
        db: AnyPool,
        live: Arc<LiveVersions>,
        gate: WriteGate,
        metrics: Arc<Metrics>,
    ) -> Self {
        MutationWriter {
            db,
            live,
            gate,
            metrics,
            queue: Mutex::new(None),
        }
    }

    fn queue(&self) -> mpsc::Sender<Job> {
        let mut queue = self
            .queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match queue.as_ref() {
            Some(sender) if !sender.is_closed() => sender.clone(),
            _ => {
                let (sender, receiver) = mpsc::channel(QUEUE_DEPTH);
                tokio::spawn(run(
                    self.db.clone(),
                    self.live.clone(),
                    self.gate.clone(),
                    self.metrics.clone(),
                    receiver,
                ));
                *queue = Some(sender.clone());
                sender
            }
        }
    }

    /// Applies the batch in the next group commit and returns its results once that commit is
    /// durable. Either every mutation of the batch is written with its bookkeeping, or none is.
    pub async fn apply(&self, batch: PendingBatch) -> Result<Vec<MutationResult>, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.metrics.batch_queued();
        if self.queue().send(Job { batch, reply }).await.is_err() {
            self.metrics.batch_dropped();
            return Err(ApiError::Internal(InternalError::WriterStopped));
        }
        answer
            .await
            .map_err(|_| ApiError::Internal(InternalError::WriterStopped))?
    }
}

async fn run(
    db: AnyPool,
    live: Arc<LiveVersions>,
    gate: WriteGate,
    metrics: Arc<Metrics>,
    mut receiver: mpsc::Receiver<Job>,
) {
    let mut writer: Option<PoolConnection<Any>> = None;
    let mut last_checkpoint = Instant::now();
    while let Some(first) = receiver.recv().await {
        metrics.batch_taken();
        let mut size = first.batch.mutations.len();
        let mut group = vec![first];
        // Whatever arrived while the previous group was committing joins this one.
        while size < GROUP_MUTATIONS {
            match receiver.try_recv() {
                Ok(job) => {
                    metrics.batch_taken();
                    size += job.batch.mutations.len();
                    group.push(job);
                }
                Err(_) => break,
            }
        }
        let batches = group.len();
        let connection = match writer.as_mut() {
            Some(connection) => connection,
            None => match writer_connection(&db).await {
                Ok(connection) => writer.insert(connection),
                Err(error) => {
                    fail_group(group, error);
                    metrics.batches_answered(batches);
                    continue;
                }
            },
        };
        let turn = gate.turn().await;
        let committed = commit_group(connection, &live, &metrics, group).await;
        drop(turn);
        metrics.batches_answered(batches);
        if !committed {
            // A connection whose transaction failed is not trusted for the next group.
            writer = None;
            continue;
        }
        if last_checkpoint.elapsed() >= CHECKPOINT_EVERY {
            last_checkpoint = Instant::now();
            // After the group's answers are out, so its writes never wait for this.
            if let Err(error) = store::checkpoint(connection).await {
                tracing::warn!(%error, "checkpoint failed");
            }
        }
    }
}

/// The writer's own connection. SQLite would otherwise checkpoint (copy the WAL into the
/// database file and fsync it) inside whichever commit crosses 1000 WAL pages: with hundreds of
/// scores in each commit that is every few commits, each time stalling every score queued
/// behind it. The writer checkpoints itself instead, between groups and after answering.
async fn writer_connection(db: &AnyPool) -> Result<PoolConnection<Any>, sqlx::Error> {
    let mut connection = db.acquire().await?;
    store::disable_autocheckpoint(&mut connection).await?;
    Ok(connection)
}

fn fail_group(group: Vec<Job>, error: sqlx::Error) {
    // Nothing of the group was committed: every sender may retry, and replays stay exact.
    tracing::error!(%error, "group commit failed");
    let shared = Arc::new(error);
    for job in group {
        let _ = job
            .reply
            .send(Err(ApiError::Internal(InternalError::GroupCommit(
                shared.clone(),
            ))));
    }
}

/// Writes the group and commits, then announces and answers. Should the group fail as a whole
/// (a batch failed, or a statement of the group), nothing of it is committed and each batch is
/// written again alone, so that only a failing batch fails. False when the connection is not
/// to be trusted with the next group.
async fn commit_group(
    connection: &mut AnyConnection,
    live: &LiveVersions,
    metrics: &Metrics,
    group: Vec<Job>,
) -> bool {
    if group.len() > 1 {
        match write_group(connection, &group).await {
            Ok(Ok(written)) => {
                answer(live, metrics, group, written);
                return true;
            }
            Ok(Err(_)) => {}
            Err(error) => tracing::warn!(%error, "group failed; writing its batches alone"),
        }
        metrics.group_split();
    }
    let mut trusted = true;
    for job in group {
        let single = std::slice::from_ref(&job);
        match write_group(connection, single).await {
            Ok(Ok(written)) => answer(live, metrics, vec![job], written),
            // Rolled back: the batch left no trace.
            Ok(Err(error)) => {
                let _ = job.reply.send(Err(error));
            }
            Err(error) => {
                fail_group(vec![job], error);
                trusted = false;
            }
        }
    }
    trusted
}

/// A committed group's answers, batch by batch, and how many mutations got each.
struct Written {
    results: Vec<Vec<MutationResult>>,
    tally: Tally,
}

/// Committed: now (and only now) announces the newest version of each event and answers.
fn answer(live: &LiveVersions, metrics: &Metrics, group: Vec<Job>, written: Written) {
    let mut newest: BTreeMap<&str, i64> = BTreeMap::new();
    for (job, results) in group.iter().zip(&written.results) {
        for version in results.iter().filter_map(|result| result.version) {
            let entry = newest.entry(job.batch.event_id.as_str()).or_insert(version);
            *entry = (*entry).max(version);
        }
    }
    for (event_id, version) in newest {
        live.publish(event_id, version);
    }
    for (outcome, count) in written.tally {
        metrics.mutations_answered(outcome, count);
    }
    for (job, results) in group.into_iter().zip(written.results) {
        let _ = job.reply.send(Ok(results));
    }
}

/// Writes every batch of the group in one transaction and commits it: the rows the group reads
/// are read once, the rows it writes are written together at the end (see `group_rows`). The
/// inner error is the first batch that failed (nothing is committed then); the outer error, a
/// statement that failed for the group (nothing is committed either).
async fn write_group(
    connection: &mut AnyConnection,
    group: &[Job],
) -> Result<Result<Written, ApiError>, sqlx::Error> {
    let mut transaction = store::begin_write_on(connection).await?;
    // Each event's settings, phase and version are read once per group: no other connection can
    // change them while this transaction holds the write lock, and mutations only number
    // versions (kept in `rows` until the end).
    let mut events: HashMap<String, StoredEvent> = HashMap::new();
    for job in group {
        let event_id = &job.batch.event_id;
        if events.contains_key(event_id) {
            continue;
        }
        match load_event(&mut *transaction, event_id).await {
            Ok(event) => {
                events.insert(event_id.clone(), event);
            }
            Err(error) => return given_up(transaction, error).await,
        }
    }
    let batches: Vec<&PendingBatch> = group.iter().map(|job| &job.batch).collect();
    let keyed: Vec<(MutationKey, &Change)> = batches
        .iter()
        .flat_map(|batch| {
            batch.mutations.iter().map(|mutation| {
                let key = MutationKey {
                    event_id: &batch.event_id,
                    author: &batch.author,
                    client_id: &batch.client_id,
                    seq: mutation.seq,
                };
                (key, &mutation.change)
            })
        })
        .collect();
    let mut rows = GroupRows::default();
    if let Err(error) = rows.read_ahead(&mut transaction, &keyed, &events).await {
        return given_up(transaction, error).await;
    }
    let mut results = Vec::with_capacity(group.len());
    let mut tally = Tally::new();
    for batch in batches {
        let event = &events[&batch.event_id];
        let mut answers = Vec::with_capacity(batch.mutations.len());
        for mutation in &batch.mutations {
            match apply_one(
                &mut transaction,
                &mut rows,
                event,
                &batch.author,
                &batch.client_id,
                mutation,
            )
            .await
            {
                Ok(answer) => {
                    let outcome = if answer.replayed {
                        MutationOutcome::Replayed
                    } else {
                        MutationOutcome::of_first_answer(&answer.result)
                    };
                    *tally.entry(outcome).or_default() += 1;
                    answers.push(answer.result);
                }
                Err(error) => return given_up(transaction, error).await,
            }
        }
        results.push(answers);
    }
    if let Err(error) = rows.write(&mut transaction).await {
        return given_up(transaction, error).await;
    }
    transaction.commit().await?;
    Ok(Ok(Written { results, tally }))
}

/// Rolls the group back after `error`: a database error is the group's (outer), anything else
/// the batch's.
async fn given_up(
    transaction: Transaction<'_, Any>,
    error: ApiError,
) -> Result<Result<Written, ApiError>, sqlx::Error> {
    transaction.rollback().await?;
    match error {
        ApiError::Database(error) => Err(error),
        other => Ok(Err(other)),
    }
}

/// How many mutations of a group got each answer; counted once the group is committed.
type Tally = HashMap<MutationOutcome, u64>;
