//! The accept loop's bounds on a real socket (issue 12, item 6): headers that never finish and
//! idle kept-alive connections are closed after the header timeout, a stalled body after the body
//! gap, and past the connection cap new connections wait instead of costing file handles; a slow
//! client that keeps sending is served.

use roadshow_server::assets::AppAssets;
use roadshow_server::serve::{serve, ConnectionLimits};
use roadshow_server::{app, db, AppState};

mod backend;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Server {
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn start(limits: ConnectionLimits) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html></html>").unwrap();
    let pool = db::connect(&backend::database_url(dir.path(), "t"))
        .await
        .unwrap();
    let mut state = AppState::new(pool, AppAssets::load(&dist));
    state.connection_limits = limits;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve(listener, app(state), limits, async move {
        let _ = stopped.await;
    }));
    Server {
        address,
        stop: Some(stop),
        _dir: dir,
    }
}

/// Reads until the peer closes (or `limit` passes); returns what came and how long it took.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Option<Duration>) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        match tokio::time::timeout(
            limit.saturating_sub(started.elapsed()),
            stream.read(&mut buffer),
        )
        .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (
                    String::from_utf8_lossy(&received).into_owned(),
                    Some(started.elapsed()),
                )
            }
            Ok(Ok(count)) => received.extend_from_slice(&buffer[..count]),
            Err(_) => return (String::from_utf8_lossy(&received).into_owned(), None),
        }
    }
}

const HEALTH: &[u8] = b"GET /api/health HTTP/1.1\r\nHost: roadshow\r\n\r\n";

fn limits(header_read_ms: u64, body_gap_ms: u64, max_connections: usize) -> ConnectionLimits {
    ConnectionLimits {
        header_read: Duration::from_millis(header_read_ms),
        body_gap: Duration::from_millis(body_gap_ms),
        max_connections,
    }
}

#[tokio::test]
async fn headers_that_never_finish_are_closed_and_slow_ones_that_do_are_served() {
    let server = start(limits(400, 5_000, 64)).await;
    // Twenty slow-header connections (the outside test's count): every one is closed.
    let mut stalled = Vec::new();
    for _ in 0..20 {
        let mut stream = TcpStream::connect(server.address).await.unwrap();
        stream
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: roadshow\r\n")
            .await
            .unwrap();
        stalled.push(stream);
    }
    for stream in &mut stalled {
        let (_, closed) = read_until_closed(stream, Duration::from_secs(5)).await;
        assert!(
            closed.is_some(),
            "a connection with unfinished headers was kept open"
        );
    }
    // A phone on bad Wi-Fi: the headers come in pieces, but whole within the bound.
    let mut slow = TcpStream::connect(server.address).await.unwrap();
    for piece in HEALTH.chunks(12) {
        slow.write_all(piece).await.unwrap();
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    let mut answer = vec![0_u8; 512];
    let count = tokio::time::timeout(Duration::from_secs(5), slow.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&answer[..count]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer[..count])
    );
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_header_timeout() {
    let server = start(limits(400, 5_000, 64)).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    stream.write_all(HEALTH).await.unwrap();
    let (received, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    let closed = closed.expect("the idle connection is closed");
    assert!(
        closed >= Duration::from_millis(300),
        "kept alive for a while first: {closed:?}"
    );
}

#[tokio::test]
async fn a_stalled_body_is_dropped() {
    let server = start(limits(5_000, 400, 64)).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    stream
        .write_all(b"POST /api/events HTTP/1.1\r\nHost: roadshow\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"name\": ")
        .await
        .unwrap();
    let (received, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(
        closed.is_some() || received.starts_with("HTTP/1.1 4"),
        "the stalled upload was neither answered nor dropped: {received}"
    );
    assert!(!received.starts_with("HTTP/1.1 2"), "{received}");
}

#[tokio::test]
async fn past_the_cap_new_connections_wait_until_one_closes() {
    let server = start(limits(10_000, 5_000, 3)).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut stream = TcpStream::connect(server.address).await.unwrap();
        stream
            .write_all(b"GET /api/health HTTP/1.1\r\n")
            .await
            .unwrap();
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut waiting = TcpStream::connect(server.address).await.unwrap();
    waiting.write_all(HEALTH).await.unwrap();
    let mut answer = vec![0_u8; 512];
    let early = tokio::time::timeout(Duration::from_millis(500), waiting.read(&mut answer)).await;
    assert!(early.is_err(), "served past the cap");
    drop(held.pop());
    let count = tokio::time::timeout(Duration::from_secs(5), waiting.read(&mut answer))
        .await
        .expect("served once a slot frees")
        .unwrap();
    assert!(String::from_utf8_lossy(&answer[..count]).starts_with("HTTP/1.1 200"));
}
