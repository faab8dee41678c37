//! The accept loop, with the limits a public server needs and `axum::serve` does not set:
//!
//! - **Headers** must arrive whole within [`ConnectionLimits::header_read`] (also the longest a
//!   kept-alive connection may sit idle between requests, since hyper times the wait for each
//!   request head): slow-header connections are closed instead of piling up.
//! - **Bodies** may pause at most [`ConnectionLimits::body_gap`] between chunks (tower-http's
//!   request-body timeout, added in [`crate::app`]): a stalled upload is dropped, a slow one that
//!   keeps moving is not.
//! - **Connections** are capped at [`ConnectionLimits::max_connections`]; past it the loop stops
//!   accepting, and new connections wait in the kernel's queue instead of costing file handles.
//!
//! A phone on bad hall Wi-Fi sends a request's headers (≈ 1 KB) in well under a second even at
//! a few kB/s, and a sync batch (≤ 64 KiB) keeps moving; both fit these bounds with a wide margin.
//! Open live streams (SSE) are connections too: the cap leaves room for every phone of a large
//! hall, and the start-up raises the process's open-file limit to its hard maximum.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    pub header_read: Duration,
    pub body_gap: Duration,
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read: Duration::from_secs(15),
            body_gap: Duration::from_secs(20),
            max_connections: 4096,
        }
    }
}

/// How long shutting down waits for requests under way.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// File handles kept for the database, logs and the listener itself.
const RESERVED_FILES: u64 = 64;

/// Raises the soft open-file limit to the hard one and returns the connection cap it allows.
pub fn connections_allowed(wanted: usize) -> usize {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => wanted
            .min(usize::try_from(limit.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX))
            .max(1),
        Err(error) => {
            tracing::warn!(%error, "cannot read the open-file limit; keeping the connection cap");
            wanted
        }
    }
}

/// Serves `router` until `shutdown` resolves, then lets requests under way finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    builder.http2().timer(TokioTimer::new());
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file handles or a connection reset before accept: wait, go on.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "nodelay");
        }
        let router = router.clone();
        let service = tower::service_fn(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                router.clone().oneshot(request)
            },
        );
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    // Live streams never end by themselves: give requests under way a while, not forever.
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::info!("connections still open after the grace period are closed");
    }
    Ok(())
}
