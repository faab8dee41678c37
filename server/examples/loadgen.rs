//! Load generator for issue 5's benchmark: against an already running server, sets up one event
//! (organizer, investors, published startups, scoring open), then lets every investor write
//! single-score batches in a closed loop for a fixed time while the organizer holds the SSE
//! stream. Reports acknowledged mutations per second, write latency, the latency from a write's
//! send time to the first SSE notification that carries its version, and checks that nothing
//! acknowledged is missing afterwards (through the API, and in the database file when given).
//!
//! `cargo run --profile server -p roadshow-server --example loadgen -- --url http://127.0.0.1:8080`

use clap::Parser;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CRITERIA: [&str; 3] = ["innovation", "viability", "market"];

#[derive(Parser, Debug)]
#[command(about = "Score-writing load against a running Roadshow server")]
struct Options {
    /// Base URL of the running server (set-up, and writes and the stream unless given below).
    #[arg(long)]
    url: String,
    /// Base URLs of the processes the investors write through, investor i through the
    /// (i mod n)-th (several processes on one database); default: `--url`.
    #[arg(long = "write-url")]
    write_urls: Vec<String>,
    /// Base URL of the process whose live stream the organizer holds; default: `--url`.
    #[arg(long)]
    stream_url: Option<String>,
    #[arg(long, default_value_t = 200)]
    investors: usize,
    #[arg(long, default_value_t = 50)]
    startups: usize,
    /// Seconds of sustained writing.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Offered load in mutations per second over all investors (each paced evenly, latency taken
    /// from the scheduled send time so a stall is not hidden). 0: closed loop, every investor
    /// sends its next score as soon as the last is acknowledged (saturation).
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
    /// The server's database (a SQLite file, or a `postgres://` URL), to count the applied
    /// mutations in the database afterwards.
    #[arg(long)]
    database: Option<String>,
    /// Write the figures as JSON here as well.
    #[arg(long)]
    json: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
enum LoadError {
    #[error("HTTP: {0}")]
    Http(#[from] reqwest::Error),
    #[error("{what} answered {status}: {body}")]
    Status {
        what: &'static str,
        status: u16,
        body: String,
    },
    #[error("unexpected answer to {0}")]
    Shape(&'static str),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
    #[error("a task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

struct Api {
    client: reqwest::Client,
    base: String,
}

impl Api {
    async fn call(
        &self,
        what: &'static str,
        method: reqwest::Method,
        path: &str,
        secret: Option<&str>,
        body: Option<Value>,
    ) -> Result<Value, LoadError> {
        let mut request = self
            .client
            .request(method, format!("{}/api{path}", self.base));
        if let Some(secret) = secret {
            request = request.bearer_auth(secret);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            return Err(LoadError::Status {
                what,
                status: status.as_u16(),
                body: text,
            });
        }
        serde_json::from_str(&text).map_err(|_| LoadError::Shape(what))
    }
}

fn secret_of(link: &Value) -> Result<String, LoadError> {
    link.as_str()
        .and_then(|link| link.split_once("#k="))
        .map(|(_, secret)| secret.to_owned())
        .ok_or(LoadError::Shape("link"))
}

/// The SSE notifications the organizer saw, in arrival order.
#[derive(Default)]
struct Notifications {
    seen: Vec<(i64, Instant)>,
}

/// Reads `event: version` / `data: N` frames until the server closes or the task is aborted.
async fn watch(
    client: reqwest::Client,
    url: String,
    secret: String,
    log: Arc<Mutex<Notifications>>,
    ready: tokio::sync::oneshot::Sender<()>,
) -> Result<(), LoadError> {
    let mut response = client.get(url).bearer_auth(secret).send().await?;
    if !response.status().is_success() {
        return Err(LoadError::Status {
            what: "stream",
            status: response.status().as_u16(),
            body: String::new(),
        });
    }
    let mut ready = Some(ready);
    let mut buffer = String::new();
    while let Some(chunk) = response.chunk().await? {
        let arrived = Instant::now();
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let frame: String = buffer.drain(..end + 2).collect();
            let version = frame
                .lines()
                .find_map(|line| line.strip_prefix("data:"))
                .and_then(|data| data.trim().parse::<i64>().ok());
            if let Some(version) = version {
                log.lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .seen
                    .push((version, arrived));
                if let Some(ready) = ready.take() {
                    let _ = ready.send(());
                }
            }
        }
    }
    Ok(())
}

/// What one investor's loop measured.
#[derive(Default)]
struct WriterLog {
    /// (send time, round-trip latency, acknowledged version) of each applied mutation.
    applied: Vec<(Instant, Duration, i64)>,
    /// The last acknowledged value of each (startup, criterion) this investor wrote.
    last_value: BTreeMap<(usize, usize), i64>,
    failures: u64,
    other_outcomes: u64,
}

/// xorshift64*: a few random bits per request without a dependency.
struct Random(u64);

impl Random {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % below
    }
}

/// `interval`: time between this investor's scheduled sends (`None`: closed loop).
#[allow(clippy::too_many_arguments)]
async fn write_scores(
    client: reqwest::Client,
    url: String,
    secret: String,
    investor: usize,
    startups: usize,
    start: Instant,
    until: Instant,
    interval: Option<Duration>,
) -> WriterLog {
    let mut log = WriterLog::default();
    let mut random =
        Random(0x9E37_79B9_7F4A_7C15 ^ (investor as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let client_id = format!("loadgen-{investor}");
    let mut seq = 0_i64;
    // Paced investors start spread over one interval so the offered load is even.
    let mut scheduled = match interval {
        Some(interval) => start + interval.mul_f64(random.next(1000) as f64 / 1000.0),
        None => start,
    };
    while Instant::now() < until {
        if interval.is_some() {
            tokio::time::sleep_until(scheduled.into()).await;
            if scheduled >= until {
                break;
            }
        }
        seq += 1;
        let startup = random.next(startups);
        let criterion = random.next(CRITERIA.len());
        let value = 1 + random.next(10) as i64;
        let body = json!({"client_id": client_id, "mutations": [
            {"seq": seq, "type": "score", "startup": format!("S{startup}"), "criterion": CRITERIA[criterion], "value": value}
        ]});
        // Paced: measured from when the request was due, not when it went out.
        let sent = if interval.is_some() {
            scheduled
        } else {
            Instant::now()
        };
        if let Some(interval) = interval {
            scheduled += interval;
        }
        let answer = client
            .post(&url)
            .bearer_auth(&secret)
            .json(&body)
            .send()
            .await;
        let result = match answer {
            Ok(response) if response.status().is_success() => response.json::<Value>().await.ok(),
            _ => None,
        };
        let latency = sent.elapsed();
        let Some(result) = result else {
            log.failures += 1;
            continue;
        };
        let outcome = &result["results"][0];
        match (outcome["status"].as_str(), outcome["version"].as_i64()) {
            (Some("applied"), Some(version)) => {
                log.applied.push((sent, latency, version));
                log.last_value.insert((startup, criterion), value);
            }
            _ => log.other_outcomes += 1,
        }
    }
    log
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64) * fraction).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Options::parse()).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("loadgen: {error}");
            ExitCode::from(2)
        }
    }
}

async fn run(options: Options) -> Result<bool, LoadError> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .tcp_nodelay(true)
        .pool_max_idle_per_host(options.investors + 8)
        .build()?;
    let api = Api {
        client: client.clone(),
        base: options.url.trim_end_matches('/').to_owned(),
    };

    // --- Set-up: the event, its startups and investors, scoring open.
    let created = api
        .call("create event", reqwest::Method::POST, "/events", None, Some(json!({
            "name": "Load test", "venue": "Loopback", "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T18:00"})))
        .await?;
    let event = created["id"]
        .as_str()
        .ok_or(LoadError::Shape("create event"))?
        .to_owned();
    let organizer = secret_of(&created["organizer_link"])?;
    for startup in 0..options.startups {
        api.call("add startup", reqwest::Method::POST, &format!("/events/{event}/startups"), Some(&organizer),
            Some(json!({"id": format!("S{startup}"), "name": format!("Startup {startup}"), "status": "published", "field": "hydrogen", "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com"})))
            .await?;
    }
    let mut investor_secrets = Vec::with_capacity(options.investors);
    for investor in 0..options.investors {
        let added = api
            .call(
                "add investor",
                reqwest::Method::POST,
                &format!("/events/{event}/investors"),
                Some(&organizer),
                Some(json!({"id": format!("I{investor}"), "firm": format!("Firm {investor}")})),
            )
            .await?;
        investor_secrets.push(secret_of(&added["link"])?);
    }
    let opened = api
        .call(
            "open scoring",
            reqwest::Method::PATCH,
            &format!("/events/{event}"),
            Some(&organizer),
            Some(json!({"phase": "scoring"})),
        )
        .await?;
    let version_before = opened["version"]
        .as_i64()
        .ok_or(LoadError::Shape("open scoring"))?;

    // --- The organizer's live stream, connected before the first write.
    let notifications = Arc::new(Mutex::new(Notifications::default()));
    let (ready_sender, ready) = tokio::sync::oneshot::channel();
    let stream_client = reqwest::Client::builder().tcp_nodelay(true).build()?;
    let watcher = tokio::spawn(watch(
        stream_client,
        format!(
            "{}/api/events/{event}/stream",
            options
                .stream_url
                .as_deref()
                .unwrap_or(&api.base)
                .trim_end_matches('/')
        ),
        organizer.clone(),
        notifications.clone(),
        ready_sender,
    ));
    let _ = tokio::time::timeout(Duration::from_secs(5), ready).await;

    // --- Sustained writing.
    let started = Instant::now();
    let until = started + Duration::from_secs(options.seconds);
    let write_bases = if options.write_urls.is_empty() {
        vec![api.base.clone()]
    } else {
        options.write_urls.clone()
    };
    let interval = (options.rate > 0.0)
        .then(|| Duration::from_secs_f64(options.investors as f64 / options.rate));
    let writers: Vec<_> = investor_secrets
        .iter()
        .enumerate()
        .map(|(investor, secret)| {
            tokio::spawn(write_scores(
                client.clone(),
                format!(
                    "{}/api/events/{event}/mutations",
                    write_bases[investor % write_bases.len()].trim_end_matches('/')
                ),
                secret.clone(),
                investor,
                options.startups,
                started,
                until,
                interval,
            ))
        })
        .collect();
    let mut logs = Vec::with_capacity(writers.len());
    for writer in writers {
        logs.push(writer.await?);
    }
    let elapsed = started.elapsed();
    // Give the stream a moment to deliver the last versions before judging it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    watcher.abort();

    // --- Figures.
    let acknowledged: usize = logs.iter().map(|log| log.applied.len()).sum();
    let failures: u64 = logs.iter().map(|log| log.failures).sum();
    let other_outcomes: u64 = logs.iter().map(|log| log.other_outcomes).sum();
    let mut latencies: Vec<Duration> = logs
        .iter()
        .flat_map(|log| log.applied.iter().map(|(_, latency, _)| *latency))
        .collect();
    latencies.sort_unstable();
    // Paced runs stop scheduling at the deadline and then only drain what is in flight, so their
    // rate is over the scheduled window; closed-loop runs are over the whole time measured.
    let window = if options.rate > 0.0 {
        Duration::from_secs(options.seconds)
    } else {
        elapsed
    };
    let throughput = acknowledged as f64 / window.as_secs_f64();

    // First moment the stream had shown a version ≥ v: a running maximum over arrivals, since
    // concurrent commits may publish slightly out of order and a lagging stream skips versions.
    let seen = std::mem::take(
        &mut notifications
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .seen,
    );
    let mut covered: Vec<(i64, Instant)> = Vec::with_capacity(seen.len());
    for (version, arrived) in seen {
        if covered.last().is_none_or(|(highest, _)| version > *highest) {
            covered.push((version, arrived));
        }
    }
    let mut sse_latencies = Vec::with_capacity(acknowledged);
    let mut never_notified = 0_usize;
    for (sent, _, version) in logs.iter().flat_map(|log| log.applied.iter()) {
        let index = covered.partition_point(|(highest, _)| highest < version);
        match covered.get(index) {
            Some((_, arrived)) => sse_latencies.push(arrived.saturating_duration_since(*sent)),
            None => never_notified += 1,
        }
    }
    sse_latencies.sort_unstable();

    // --- Nothing lost: every applied mutation raised the version once, and every cell holds the
    // value of its last acknowledged write.
    let changes = api
        .call(
            "changes",
            reqwest::Method::GET,
            &format!("/events/{event}/changes?since={version_before}"),
            Some(&organizer),
            None,
        )
        .await?;
    let version_after = changes["version"]
        .as_i64()
        .ok_or(LoadError::Shape("changes"))?;
    let snapshot = api
        .call(
            "snapshot",
            reqwest::Method::GET,
            &format!("/events/{event}/snapshot"),
            Some(&organizer),
            None,
        )
        .await?;
    let mut stored: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for score in snapshot["scores"]
        .as_array()
        .ok_or(LoadError::Shape("snapshot"))?
    {
        let text = |key: &str| score[key].as_str().unwrap_or_default().to_owned();
        stored.insert(
            (text("investor"), text("startup"), text("criterion")),
            score["value"].as_i64().unwrap_or(i64::MIN),
        );
    }
    let mut cells_checked = 0_usize;
    let mut cells_wrong = 0_usize;
    for (investor, log) in logs.iter().enumerate() {
        for ((startup, criterion), value) in &log.last_value {
            cells_checked += 1;
            let key = (
                format!("I{investor}"),
                format!("S{startup}"),
                CRITERIA[*criterion].to_owned(),
            );
            if stored.get(&key) != Some(value) {
                cells_wrong += 1;
            }
        }
    }
    let applied_in_db = match &options.database {
        Some(database) => {
            let url = if database.contains("://") {
                database.clone()
            } else {
                format!("sqlite://{database}")
            };
            let db = roadshow_server::db::connect(&url).await?;
            // The recorded result is JSON text on both databases; its status is read here.
            let results: Vec<String> =
                sqlx::query_scalar("SELECT result FROM applied_mutations WHERE event_id = $1")
                    .bind(&event)
                    .fetch_all(&db)
                    .await?;
            db.close().await;
            let applied = results
                .iter()
                .filter(|result| {
                    serde_json::from_str::<Value>(result)
                        .is_ok_and(|result| result["status"] == "applied")
                })
                .count();
            Some(applied as i64)
        }
        None => None,
    };
    let lost = version_after - version_before - acknowledged as i64;

    let p50 = percentile(&latencies, 0.50);
    let p99 = percentile(&latencies, 0.99);
    let sse_p50 = percentile(&sse_latencies, 0.50);
    let sse_p99 = percentile(&sse_latencies, 0.99);
    let mode = if options.rate > 0.0 {
        format!("offered {:.0}/s", options.rate)
    } else {
        "closed loop".to_owned()
    };
    println!(
        "investors {} · startups {} · {:.1} s of writing · {mode}",
        options.investors,
        options.startups,
        elapsed.as_secs_f64()
    );
    println!("acknowledged score mutations: {acknowledged} ({throughput:.0}/s); failed requests {failures}; other outcomes {other_outcomes}");
    println!(
        "write latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(p50),
        ms(p99),
        ms(latencies.last().copied().unwrap_or_default())
    );
    println!("write → SSE at organizer: p50 {:.1} ms, p99 {:.1} ms ({} notifications, {never_notified} writes never notified)", ms(sse_p50), ms(sse_p99), covered.len());
    println!("version rose by {} for {acknowledged} acknowledged; {cells_checked} cells checked, {cells_wrong} wrong", version_after - version_before);
    if let Some(count) = applied_in_db {
        println!("applied mutations in the database: {count}");
    }
    let zero_lost = lost == 0
        && cells_wrong == 0
        && failures == 0
        && applied_in_db.is_none_or(|count| count == acknowledged as i64);
    let targets = [
        ("throughput ≥ 2000/s", throughput >= 2000.0),
        ("write p99 ≤ 100 ms", p99 <= Duration::from_millis(100)),
        (
            "SSE p99 ≤ 200 ms",
            sse_p99 <= Duration::from_millis(200) && never_notified == 0,
        ),
        ("zero lost", zero_lost),
    ];
    for (target, met) in targets {
        println!("{} {target}", if met { "PASS" } else { "MISS" });
    }
    if let Some(path) = &options.json {
        let report = json!({
            "investors": options.investors, "startups": options.startups, "seconds": elapsed.as_secs_f64(), "offered_per_second": options.rate,
            "acknowledged": acknowledged, "per_second": throughput, "failed_requests": failures,
            "write_p50_ms": ms(p50), "write_p99_ms": ms(p99), "sse_p50_ms": ms(sse_p50), "sse_p99_ms": ms(sse_p99),
            "never_notified": never_notified, "version_delta": version_after - version_before,
            "applied_in_db": applied_in_db, "cells_checked": cells_checked, "cells_wrong": cells_wrong,
        });
        std::fs::write(
            path,
            serde_json::to_string_pretty(&report).unwrap_or_default(),
        )?;
    }
    Ok(zero_lost)
}
