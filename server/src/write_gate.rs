//! Turns for long writers. SQLite lets one connection write at a time, and a connection waiting
//! for the lock polls with growing sleeps: a writer that commits and immediately starts again
//! (a large import, chunk after chunk) can keep a waiting score write out for seconds. Writers
//! that take turns queue here first; tokio's mutex serves waiters in arrival order, so a score
//! write queued behind an import waits for at most the chunk under way.

use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone, Default)]
pub struct WriteGate(Arc<Mutex<()>>);

/// Held while one writer's transaction is open; dropping it lets the next writer in.
pub type WriteTurn = OwnedMutexGuard<()>;

impl WriteGate {
    pub async fn turn(&self) -> WriteTurn {
        self.0.clone().lock_owned().await
    }
}
