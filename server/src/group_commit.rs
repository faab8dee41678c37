//! Group commit for sync batches. Every investor's phone sends its scores as they are given, so
//! in a full hall hundreds of small batches arrive at once. Applied one transaction each, they
//! queue on SQLite's single write lock (whose busy handler polls with sleeps) and pay a commit
//! each. Instead, one writer task takes every batch waiting in its queue, applies them all in one
//! `BEGIN IMMEDIATE` transaction — each batch inside its own savepoint, each mutation still
//! together with its bookkeeping row — commits once, and only then answers each request and
//! announces the new version. So nothing is acknowledged before it is durable, a batch that fails
//! on a database error leaves no trace, and the exactly-once rules of `sync_engine` are
//! unchanged. The writer also does SQLite's WAL checkpoints itself (see `writer_connection`).

use crate::error::{ApiError, InternalError};
use crate::live::LiveVersions;
use crate::metrics::{Metrics, MutationOutcome};
use crate::principal::Author;
use crate::store::events::{load_event, StoredEvent};
use crate::store::{self, Savepoint};
use crate::sync_engine::apply_one;
use crate::write_gate::WriteGate;
use roadshow_core::sync::{Mutation, MutationResult};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool};
use std::collections::hash_map::Entry;
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
        self.queue()
            .send(Job { batch, reply })
            .await
            .map_err(|_| ApiError::Internal(InternalError::WriterStopped))?;
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
        let mut size = first.batch.mutations.len();
        let mut group = vec![first];
        // Whatever arrived while the previous group was committing joins this one.
        while size < GROUP_MUTATIONS {
            match receiver.try_recv() {
                Ok(job) => {
                    size += job.batch.mutations.len();
                    group.push(job);
                }
                Err(_) => break,
            }
        }
        let connection = match writer.as_mut() {
            Some(connection) => connection,
            None => match writer_connection(&db).await {
                Ok(connection) => writer.insert(connection),
                Err(error) => {
                    fail_group(group, error);
                    continue;
                }
            },
        };
        let turn = gate.turn().await;
        let committed = commit_group(connection, &live, &metrics, group).await;
        drop(turn);
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

/// Writes, commits, then announces and answers. False when nothing could be committed.
async fn commit_group(
    connection: &mut AnyConnection,
    live: &LiveVersions,
    metrics: &Metrics,
    group: Vec<Job>,
) -> bool {
    let (outcomes, tally) = match write_group(connection, &group).await {
        Ok(written) => written,
        Err(error) => {
            fail_group(group, error);
            return false;
        }
    };
    // Committed: now (and only now) announce the newest version of each event and answer.
    let mut newest: BTreeMap<&str, i64> = BTreeMap::new();
    for (job, outcome) in group.iter().zip(&outcomes) {
        if let Ok(results) = outcome {
            for version in results.iter().filter_map(|result| result.version) {
                let entry = newest.entry(job.batch.event_id.as_str()).or_insert(version);
                *entry = (*entry).max(version);
            }
        }
    }
    for (event_id, version) in newest {
        live.publish(event_id, version);
    }
    for (outcome, count) in tally {
        metrics.mutations_answered(outcome, count);
    }
    for (job, outcome) in group.into_iter().zip(outcomes) {
        let _ = job.reply.send(outcome);
    }
    true
}

/// Writes every batch of the group in one transaction, each in a savepoint so that a batch that
/// fails on a database error is rolled back alone. The outer error means nothing was committed.
async fn write_group(
    connection: &mut AnyConnection,
    group: &[Job],
) -> Result<(Vec<Result<Vec<MutationResult>, ApiError>>, Tally), sqlx::Error> {
    let mut transaction = store::begin_write_on(connection).await?;
    let mut outcomes = Vec::with_capacity(group.len());
    let mut tally = Tally::new();
    // Each event's settings and phase are read once per group: no other connection can change
    // them while this transaction holds the write lock, and mutations never change them.
    let mut events: HashMap<String, StoredEvent> = HashMap::new();
    for job in group {
        let batch = &job.batch;
        let savepoint = Savepoint::begin(&mut transaction, "batch").await?;
        let mut results = Vec::with_capacity(batch.mutations.len());
        let mut answered = Vec::with_capacity(batch.mutations.len());
        let mut failure = None;
        let event = match events.entry(batch.event_id.clone()) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(slot) => load_event(&mut *transaction, &batch.event_id)
                .await
                .map(|event| slot.insert(event)),
        };
        match event {
            Ok(event) => {
                for mutation in &batch.mutations {
                    match apply_one(
                        &mut transaction,
                        event,
                        &batch.author,
                        &batch.client_id,
                        mutation,
                    )
                    .await
                    {
                        Ok(answer) => {
                            answered.push(if answer.replayed {
                                MutationOutcome::Replayed
                            } else {
                                MutationOutcome::of_first_answer(&answer.result)
                            });
                            results.push(answer.result);
                        }
                        Err(error) => {
                            failure = Some(error);
                            break;
                        }
                    }
                }
            }
            Err(error) => failure = Some(error),
        }
        match failure {
            None => {
                savepoint.release(&mut transaction).await?;
                for outcome in answered {
                    *tally.entry(outcome).or_default() += 1;
                }
                outcomes.push(Ok(results));
            }
            Some(error) => {
                savepoint.roll_back(&mut transaction).await?;
                outcomes.push(Err(error));
            }
        }
    }
    transaction.commit().await?;
    Ok((outcomes, tally))
}

/// How many mutations of a group got each answer; counted once the group is committed.
type Tally = HashMap<MutationOutcome, u64>;
