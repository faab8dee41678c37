//! Slow and half-sent connections against an already running server (issue 12, item 6): opens
//! `--connections` connections that send part of a request's headers and then nothing, while a
//! well-behaved client keeps asking `/api/health`. Reports how many half-sent connections the
//! server accepted, how long until it closed them, and the well-behaved client's latency and
//! failures meanwhile. Loopback only; bounded by `--seconds`.
//!
//! `cargo run --profile server -p roadshow-server --example slowclients -- --url http://127.0.0.1:8080`

use clap::Parser;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Parser, Debug)]
#[command(about = "Half-sent connections beside a well-behaved client")]
struct Options {
    /// Base URL of the running server (http://127.0.0.1:PORT).
    #[arg(long)]
    url: String,
    #[arg(long, default_value_t = 1100)]
    connections: usize,
    /// How long to watch, in seconds.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = Options::parse();
    let address = options
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let started = Instant::now();
    let watch = Duration::from_secs(options.seconds);

    // The half-sent requests: headers begun, never finished. Each task records when the server
    // closed its connection.
    let mut slow = Vec::with_capacity(options.connections);
    let mut refused = 0_usize;
    for _ in 0..options.connections {
        match TcpStream::connect(&address).await {
            Ok(mut stream) => {
                if stream.write_all(b"POST /api/events HTTP/1.1\r\nHost: roadshow\r\nContent-Type: application/json\r\n").await.is_err() {
                    refused += 1;
                    continue;
                }
                slow.push(tokio::spawn(async move {
                    let opened = Instant::now();
                    let mut buffer = [0_u8; 256];
                    loop {
                        match tokio::time::timeout(watch, stream.read(&mut buffer)).await {
                            Ok(Ok(0)) | Ok(Err(_)) => return Some(opened.elapsed()),
                            Ok(Ok(_)) => continue,
                            Err(_) => return None,
                        }
                    }
                }));
            }
            Err(_) => refused += 1,
        }
    }
    println!(
        "opened {} half-sent connections ({refused} refused) in {:.2} s",
        slow.len(),
        started.elapsed().as_secs_f64()
    );

    // Meanwhile a phone asks for the health check every 100 ms, each on a fresh connection.
    let mut latencies = Vec::new();
    let mut failures = 0_usize;
    while started.elapsed() < watch {
        let asked = Instant::now();
        let answer = tokio::time::timeout(Duration::from_secs(5), async {
            let mut stream = TcpStream::connect(&address).await?;
            stream
                .write_all(
                    b"GET /api/health HTTP/1.1\r\nHost: roadshow\r\nConnection: close\r\n\r\n",
                )
                .await?;
            let mut response = Vec::new();
            stream.read_to_end(&mut response).await?;
            Ok::<_, std::io::Error>(response)
        })
        .await;
        match answer {
            Ok(Ok(response)) if response.starts_with(b"HTTP/1.1 200") => {
                latencies.push(asked.elapsed())
            }
            _ => failures += 1,
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut closed = Vec::new();
    let mut still_open = 0_usize;
    for task in slow {
        match task.await {
            Ok(Some(after)) => closed.push(after),
            _ => still_open += 1,
        }
    }
    latencies.sort();
    closed.sort();
    let at = |sorted: &[Duration], fraction: f64| {
        sorted
            .get(((sorted.len() as f64 * fraction) as usize).min(sorted.len().saturating_sub(1)))
            .map_or(f64::NAN, |value| value.as_secs_f64() * 1000.0)
    };
    println!(
        "half-sent connections closed by the server: {} (after p50 {:.0} ms, max {:.0} ms); still open after {} s: {still_open}",
        closed.len(),
        at(&closed, 0.5),
        closed.last().map_or(f64::NAN, |value| value.as_secs_f64() * 1000.0),
        options.seconds
    );
    println!(
        "well-behaved client meanwhile: {} answered, {failures} failed; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        at(&latencies, 0.5),
        at(&latencies, 0.99),
        latencies.last().map_or(f64::NAN, |value| value.as_secs_f64() * 1000.0)
    );
    if failures > 0 || still_open > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
