//! Group commit for sync batches. Every investor's phone sends its scores as they are given, so
//! in a full hall hundreds of small batches arrive at once. Applied one transaction each, they
//! queue on the database's one write lock and pay a commit each. Instead, one writer task takes
//! every batch waiting in its queue and applies them all in one write transaction — each
//! mutation still together with its bookkeeping row — with a handful of statements for the whole
//! group (`group_rows`: rows read once, written together), commits once, and only then answers
//! each request and announces the new version. So nothing is acknowledged before it is durable,
//! and the exactly-once rules of `sync_engine` are unchanged. A batch whose event is gone is
//! answered `NotFound` and left out. A group that fails is rolled back whole and its batches
//! written again one by one, so a batch that fails leaves no trace and takes no other batch
//! with it; a connection that fails fails the batches not yet committed, and is replaced. The writer also does SQLite's WAL checkpoints itself (see
//! `writer_connection`).

use crate::error::{ApiError, InternalError};
use crate::group_rows::GroupRows;
use crate::live::LiveVersions;
use crate::metrics::{CountedBatch, Metrics, MutationOutcome};
use crate::principal::Author;
use crate::store;
use crate::store::events::{load_event, StoredEvent};
use crate::store::mutations::MutationKey;
use crate::sync_engine::apply_one;
use crate::write_gate::WriteGate;
use roadshow_core::sync::{Change, Mutation, MutationResult};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use std::collections::{BTreeMap, HashMap, HashSet};
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
    counted: CountedBatch,
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
        let queue = self.queue();
        // Counted only once there is room: a request dropped while waiting was never queued.
        let room = queue
            .reserve()
            .await
            .map_err(|_| ApiError::Internal(InternalError::WriterStopped))?;
        room.send(Job {
            batch,
            reply,
            counted: self.metrics.batch_queued(),
        });
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
    while let Some(mut first) = receiver.recv().await {
        first.counted.taken();
        let mut size = first.batch.mutations.len();
        let mut group = vec![first];
        // Whatever arrived while the previous group was committing joins this one.
        while size < GROUP_MUTATIONS {
            match receiver.try_recv() {
                Ok(mut job) => {
                    job.counted.taken();
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

/// Writes the group and commits, then announces and answers. Should the group be rolled back
/// (a batch's mutation failed, or a statement of the group), each batch is written again alone,
/// so that only a failing batch fails. Should the connection fail (it could not begin, commit
/// or roll back), every batch not yet committed is answered with that error, and the result is
/// false: the connection is not to be trusted with the next group.
async fn commit_group(
    connection: &mut AnyConnection,
    live: &LiveVersions,
    metrics: &Metrics,
    group: Vec<Job>,
) -> bool {
    if group.len() > 1 {
        match write_group(connection, &group).await {
            Ok(GroupEnd::Committed(written)) => {
                answer(live, metrics, group, written);
                return true;
            }
            Ok(GroupEnd::RolledBack(error)) => {
                tracing::warn!(%error, "group rolled back; writing its batches alone");
                metrics.group_split();
            }
            Err(error) => {
                fail_group(group, error);
                return false;
            }
        }
    }
    let mut jobs = group.into_iter();
    while let Some(job) = jobs.next() {
        match write_group(connection, std::slice::from_ref(&job)).await {
            Ok(GroupEnd::Committed(written)) => answer(live, metrics, vec![job], written),
            // Rolled back: the batch left no trace.
            Ok(GroupEnd::RolledBack(error)) => {
                let _ = job.reply.send(Err(error));
            }
            Err(error) => {
                fail_group(std::iter::once(job).chain(jobs).collect(), error);
                return false;
            }
        }
    }
    true
}

/// How writing a group ended, when the connection did its part.
enum GroupEnd {
    Committed(Written),
    /// Nothing was committed: a batch's mutation or a statement of the group failed with this.
    RolledBack(ApiError),
}

/// A committed group's answers, batch by batch (a batch whose event could not be read was left
/// out of the group with that error), and how many mutations got each answer.
struct Written {
    results: Vec<Result<Vec<MutationResult>, ApiError>>,
    tally: Tally,
}

/// Committed: now (and only now) announces the newest version of each event and answers.
fn answer(live: &LiveVersions, metrics: &Metrics, group: Vec<Job>, written: Written) {
    let mut newest: BTreeMap<&str, i64> = BTreeMap::new();
    for (job, results) in group.iter().zip(&written.results) {
        let Ok(results) = results else {
            continue;
        };
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
        let _ = job.reply.send(results);
    }
}

/// Writes every batch of the group in one transaction and commits it: the rows the group reads
/// are read once, the rows it writes are written together at the end (see `group_rows`). A batch
/// whose event is gone (removed, or still being imported) is left out and answered `NotFound`;
/// any other failure rolls the whole group back. The error is the connection's own: it could
/// not begin, commit or roll back.
async fn write_group(
    connection: &mut AnyConnection,
    group: &[Job],
) -> Result<GroupEnd, sqlx::Error> {
    let mut transaction = store::begin_write_on(connection).await?;
    // Each event's settings, phase and version are read once per group: no other connection can
    // change them while this transaction holds the write lock, and mutations only number
    // versions (kept in `rows` until the end).
    let mut events: HashMap<String, StoredEvent> = HashMap::new();
    let mut gone: HashSet<&str> = HashSet::new();
    for job in group {
        let event_id = &job.batch.event_id;
        if events.contains_key(event_id) || gone.contains(event_id.as_str()) {
            continue;
        }
        match load_event(&mut *transaction, event_id).await {
            Ok(event) => {
                events.insert(event_id.clone(), event);
            }
            Err(ApiError::NotFound(_)) => {
                gone.insert(event_id);
            }
            Err(error) => return rolled_back(transaction, error).await,
        }
    }
    let keyed: Vec<(MutationKey, &Change)> = group
        .iter()
        .map(|job| &job.batch)
        .filter(|batch| events.contains_key(&batch.event_id))
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
        return rolled_back(transaction, error).await;
    }
    let mut results = Vec::with_capacity(group.len());
    let mut tally = Tally::new();
    for batch in group.iter().map(|job| &job.batch) {
        let Some(event) = events.get(&batch.event_id) else {
            results.push(Err(ApiError::NotFound("event")));
            continue;
        };
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
                Err(error) => return rolled_back(transaction, error).await,
            }
        }
        results.push(Ok(answers));
    }
    if let Err(error) = rows.write(&mut transaction).await {
        return rolled_back(transaction, error).await;
    }
    transaction.commit().await?;
    Ok(GroupEnd::Committed(Written { results, tally }))
}

/// Rolls the group back after `error`.
async fn rolled_back(
    transaction: Transaction<'_, Any>,
    error: ApiError,
) -> Result<GroupEnd, sqlx::Error> {
    transaction.rollback().await?;
    Ok(GroupEnd::RolledBack(error))
}

/// How many mutations of a group got each answer; counted once the group is committed.
type Tally = HashMap<MutationOutcome, u64>;
