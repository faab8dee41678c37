//! Whether this process is shutting down. On SIGTERM it first says so: `/ready` answers 503 so
//! a proxy sends new requests to the other processes, and live streams end so their phones
//! reconnect elsewhere. Then the accept loop stops and requests under way finish (`serve`).

use tokio::sync::watch;

pub struct Lifecycle {
    draining: watch::Sender<bool>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            draining: watch::Sender::new(false),
        }
    }
}

impl Lifecycle {
    pub fn begin_draining(&self) {
        self.draining.send_replace(true);
    }

    pub fn is_draining(&self) -> bool {
        *self.draining.borrow()
    }

    /// Resolves once draining has begun (at once if it already has).
    pub fn draining(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut watcher = self.draining.subscribe();
        async move {
            // The sender lives as long as the state; a closed channel also means "stop".
            let _ = watcher.wait_for(|draining| *draining).await;
        }
    }
}
