//! Durability: the real server binary is killed with SIGKILL while several investors write
//! scores, then restarted on the same SQLite file. Every acknowledged mutation must be there with
//! its value, nothing may be half-applied (a score without its bookkeeping row, a version bump
//! without a mutation), and re-sending what was never acknowledged must apply it at most once.

mod running;

use running::{secret_of, send};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const INVESTORS: usize = 8;
const STARTUPS: usize = 5;
const CRITERIA: [&str; 3] = ["innovation", "viability", "market"];
/// How long the writers run before the kill: long enough for hundreds of commits.
const WRITE_FOR: Duration = Duration::from_millis(1500);

#[derive(Debug, thiserror::Error)]
enum HarnessError {
    #[error("cannot start the server: {0}")]
    Spawn(#[from] std::io::Error),
    #[error("the server exited before saying where it listens")]
    NoAddress,
    #[error("the server did not say where it listens within 30 s")]
    StartTimeout,
}

/// The server process and the address it printed.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(database: &str, dist: &Path) -> Result<Server, HarnessError> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_roadshow-server"))
            .arg("--bind")
            .arg("127.0.0.1:0")
            .arg("--database")
            .arg(database)
            .arg("--dist")
            .arg(dist)
            .arg("--no-demo")
            .env("RUST_LOG", "roadshow_server=warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or(HarnessError::NoAddress)?;
        let (sender, receiver) = std::sync::mpsc::channel();
        // Keep draining stdout after the address line so logging can never block the server.
        std::thread::spawn(move || {
            let mut sender = Some(sender);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("Roadshow listening on ") {
                    if let Some(sender) = sender.take() {
                        let _ = sender.send(address.trim().to_owned());
                    }
                } else if line.contains("ERROR") {
                    // Server-side errors explain a failing assertion; show them in the test output.
                    eprintln!("server: {line}");
                }
            }
        });
        match receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(base) => Ok(Server { child, base }),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                Err(HarnessError::StartTimeout)
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(HarnessError::NoAddress),
        }
    }

    /// SIGKILL on Unix: no graceful shutdown, no chance to flush anything.
    fn kill(mut self) {
        self.child.kill().expect("kill the server");
        self.child.wait().expect("reap the server");
    }
}

/// One mutation as a writer sent it, and what came back (if anything did).
#[derive(Debug, Clone)]
struct Sent {
    client_id: String,
    investor: usize,
    seq: i64,
    startup: String,
    criterion: &'static str,
    value: i64,
    /// The server's result for this mutation; `None` when the batch was never acknowledged.
    acknowledged: Option<Value>,
}

/// (investor, startup, criterion, value, client id, client seq, version) as stored.
type StoredScore = (String, String, String, Option<i64>, String, i64, i64);
/// (investor, startup, criterion).
type Cell = (String, String, String);

fn cell_of(seq: i64) -> (String, &'static str) {
    let cell = seq as usize % (STARTUPS * CRITERIA.len());
    (
        format!("S{}", cell / CRITERIA.len()),
        CRITERIA[cell % CRITERIA.len()],
    )
}

fn value_of(investor: usize, seq: i64) -> i64 {
    1 + (seq * 7 + investor as i64) % 10
}

fn mutation_json(sent: &Sent) -> Value {
    json!({"seq": sent.seq, "type": "score", "startup": sent.startup, "criterion": sent.criterion, "value": sent.value})
}

/// Writes batches of one to three scores in a loop until the server stops answering.
async fn writer(
    client: reqwest::Client,
    url: String,
    secret: String,
    investor: usize,
    log: Arc<Mutex<Vec<Sent>>>,
) {
    let client_id = format!("device-{investor}");
    let mut seq = 1_i64;
    loop {
        let size = 1 + (seq as usize % 3);
        let batch: Vec<Sent> = (0..size)
            .map(|offset| {
                let seq = seq + offset as i64;
                let (startup, criterion) = cell_of(seq);
                Sent {
                    client_id: client_id.clone(),
                    investor,
                    seq,
                    startup,
                    criterion,
                    value: value_of(investor, seq),
                    acknowledged: None,
                }
            })
            .collect();
        seq += size as i64;
        let body = json!({"client_id": client_id, "mutations": batch.iter().map(mutation_json).collect::<Vec<_>>()});
        let answer = client
            .post(&url)
            .bearer_auth(&secret)
            .json(&body)
            .send()
            .await;
        let results: Option<Vec<Value>> = match answer {
            Ok(response) if response.status().is_success() => {
                match response.json::<Value>().await {
                    Ok(body) => body["results"].as_array().cloned(),
                    Err(_) => None,
                }
            }
            Ok(response) => panic!("unexpected status {} while writing", response.status()),
            Err(_) => None,
        };
        let stopped = results.is_none();
        let mut log = log.lock().unwrap();
        for (index, mut sent) in batch.into_iter().enumerate() {
            if let Some(results) = &results {
                let result = results[index].clone();
                assert_eq!(result["seq"], json!(sent.seq));
                assert_eq!(result["status"], json!("applied"), "{result}");
                sent.acknowledged = Some(result);
            }
            log.push(sent);
        }
        if stopped {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_scores_survive_sigkill_and_nothing_is_half_applied() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html></html>").unwrap();
    let database = running::database_url(dir.path(), "durability");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    // --- Set up an event in the scoring phase.
    let server = Server::start(&database, &dist).expect("server starts");
    let api = format!("{}/api", server.base);
    let (status, created) = send(&client, reqwest::Method::POST, format!("{api}/events"), None,
        Some(json!({"name": "Durability", "venue": "Loopback", "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T15:00"}))).await;
    assert_eq!(status, 201, "{created}");
    let event = created["id"].as_str().unwrap().to_owned();
    let organizer = secret_of(created["organizer_link"].as_str().unwrap());
    for startup in 0..STARTUPS {
        let (status, body) = send(&client, reqwest::Method::POST, format!("{api}/events/{event}/startups"), Some(&organizer),
            Some(json!({"id": format!("S{startup}"), "name": format!("Startup {startup}"), "status": "published", "field": "hydrogen", "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com"}))).await;
        assert_eq!(status, 201, "{body}");
    }
    let mut investor_secrets = Vec::new();
    for investor in 0..INVESTORS {
        let (status, body) = send(
            &client,
            reqwest::Method::POST,
            format!("{api}/events/{event}/investors"),
            Some(&organizer),
            Some(json!({"id": format!("I{investor}"), "firm": format!("Firm {investor}")})),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        investor_secrets.push(secret_of(body["link"].as_str().unwrap()));
    }
    let (status, opened) = send(
        &client,
        reqwest::Method::PATCH,
        format!("{api}/events/{event}"),
        Some(&organizer),
        Some(json!({"phase": "scoring"})),
    )
    .await;
    assert_eq!(status, 200, "{opened}");
    let version_before_scores = opened["version"].as_i64().unwrap();

    // --- Concurrent writers, then SIGKILL while they are still writing.
    let log = Arc::new(Mutex::new(Vec::new()));
    let mutations_url = format!("{api}/events/{event}/mutations");
    let writers: Vec<_> = investor_secrets
        .iter()
        .enumerate()
        .map(|(investor, secret)| {
            tokio::spawn(writer(
                client.clone(),
                mutations_url.clone(),
                secret.clone(),
                investor,
                log.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(WRITE_FOR).await;
    let acknowledged_before_kill = log
        .lock()
        .unwrap()
        .iter()
        .filter(|sent| sent.acknowledged.is_some())
        .count();
    server.kill();
    for writer in writers {
        // Each writer returns on its first unanswered batch; a panic here is a wrong answer.
        tokio::time::timeout(Duration::from_secs(15), writer)
            .await
            .expect("writers stop")
            .expect("writer did not panic");
    }
    let log = Arc::try_unwrap(log).unwrap().into_inner().unwrap();
    let acknowledged: Vec<&Sent> = log
        .iter()
        .filter(|sent| sent.acknowledged.is_some())
        .collect();
    let unacknowledged: Vec<&Sent> = log
        .iter()
        .filter(|sent| sent.acknowledged.is_none())
        .collect();
    assert!(
        acknowledged_before_kill >= 50,
        "only {acknowledged_before_kill} mutations acknowledged before the kill"
    );
    assert!(
        !unacknowledged.is_empty(),
        "every writer stops on an unanswered batch"
    );

    // --- With the server dead, read its database directly.
    {
        let db = roadshow_server::db::connect(&database)
            .await
            .expect("open the killed server's database");
        let recorded: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT client_id, seq, result FROM applied_mutations WHERE event_id = $1",
        )
        .bind(&event)
        .fetch_all(&db)
        .await
        .unwrap();
        let recorded: HashMap<(String, i64), Value> = recorded
            .into_iter()
            .map(|(client, seq, result)| ((client, seq), serde_json::from_str(&result).unwrap()))
            .collect();
        let scores: Vec<StoredScore> = sqlx::query_as(
            "SELECT investor_id, startup_id, criterion, value, client_id, client_seq, version FROM scores WHERE event_id = $1",
        )
        .bind(&event)
        .fetch_all(&db)
        .await
        .unwrap();
        let event_version: i64 = sqlx::query_scalar("SELECT version FROM events WHERE id = $1")
            .bind(&event)
            .fetch_one(&db)
            .await
            .unwrap();
        db.close().await;

        // Every acknowledged mutation was recorded with exactly the result the client got.
        for sent in &acknowledged {
            let stored = recorded.get(&(sent.client_id.clone(), sent.seq));
            assert_eq!(
                stored,
                sent.acknowledged.as_ref(),
                "bookkeeping of acknowledged {sent:?}"
            );
        }
        // Every cell holds the newest acknowledged write, or a later one that was sent (and
        // committed, with its bookkeeping) but whose answer was lost in the kill.
        let sent_by_key: HashMap<(String, i64), &Sent> = log
            .iter()
            .map(|sent| ((sent.client_id.clone(), sent.seq), sent))
            .collect();
        let mut newest_acknowledged: BTreeMap<(usize, String, &str), &Sent> = BTreeMap::new();
        for sent in &acknowledged {
            let key = (sent.investor, sent.startup.clone(), sent.criterion);
            if newest_acknowledged
                .get(&key)
                .is_none_or(|known| known.seq < sent.seq)
            {
                newest_acknowledged.insert(key, sent);
            }
        }
        let stored_cells: HashMap<Cell, (Option<i64>, String, i64, i64)> = scores
            .iter()
            .map(
                |(investor, startup, criterion, value, client, seq, version)| {
                    (
                        (investor.clone(), startup.clone(), criterion.clone()),
                        (*value, client.clone(), *seq, *version),
                    )
                },
            )
            .collect();
        for ((investor, startup, criterion), sent) in &newest_acknowledged {
            let (value, client, seq, _) = stored_cells
                .get(&(
                    format!("I{investor}"),
                    startup.clone(),
                    criterion.to_string(),
                ))
                .unwrap_or_else(|| panic!("acknowledged score lost: {sent:?}"));
            assert_eq!(client, &sent.client_id);
            assert!(
                *seq >= sent.seq,
                "an acknowledged score was rolled back: {sent:?}, stored seq {seq}"
            );
            let writer = sent_by_key
                .get(&(client.clone(), *seq))
                .expect("stored score comes from a sent mutation");
            assert_eq!(*value, Some(writer.value), "stored value of {writer:?}");
        }
        // Nothing half-applied: every stored score has the bookkeeping row of the mutation that
        // wrote it, stamped with that mutation's version...
        for (investor, startup, criterion, _, client, seq, version) in &scores {
            let result = recorded
                .get(&(client.clone(), *seq))
                .unwrap_or_else(|| panic!("score {investor}/{startup}/{criterion} without bookkeeping for ({client}, {seq})"));
            assert_eq!(result["status"], json!("applied"));
            assert_eq!(
                result["version"],
                json!(version),
                "score row and its bookkeeping disagree on the version"
            );
        }
        // ...and the event's version rose exactly once per recorded applied mutation, each
        // recorded version distinct: no bump without its mutation, no mutation without its bump.
        let mut versions: Vec<i64> = recorded
            .values()
            .filter_map(|result| result["version"].as_i64())
            .collect();
        versions.sort_unstable();
        let expected: Vec<i64> = (version_before_scores + 1..=event_version).collect();
        assert_eq!(
            versions, expected,
            "recorded versions are exactly the bumps since scoring opened"
        );
        for key in recorded.keys() {
            assert!(
                sent_by_key.contains_key(key),
                "bookkeeping for a mutation nobody sent: {key:?}"
            );
        }
    }

    // --- Restart on the same database: replays answer as first recorded, or apply exactly once now.
    let server = Server::start(&database, &dist).expect("server restarts");
    let api = format!("{}/api", server.base);
    let mutations_url = format!("{api}/events/{event}/mutations");
    let secrets: HashMap<String, &String> = investor_secrets
        .iter()
        .enumerate()
        .map(|(investor, secret)| (format!("device-{investor}"), secret))
        .collect();
    let replay = |sent: &Sent| {
        let client = client.clone();
        let url = mutations_url.clone();
        let secret = secrets[&sent.client_id].clone();
        let body = json!({"client_id": sent.client_id, "mutations": [mutation_json(sent)]});
        async move {
            let (status, body) = send(
                &client,
                reqwest::Method::POST,
                url,
                Some(&secret),
                Some(body),
            )
            .await;
            assert_eq!(status, 200, "{body}");
            body["results"][0].clone()
        }
    };
    // Acknowledged ones (a sample of each device's last few) come back exactly as first answered.
    for sent in acknowledged.iter().rev().take(40) {
        assert_eq!(
            Some(replay(sent).await),
            sent.acknowledged,
            "replay of {sent:?}"
        );
    }
    // Unacknowledged ones, twice each: the second answer always repeats the first.
    for sent in &unacknowledged {
        let first = replay(sent).await;
        let second = replay(sent).await;
        assert_eq!(first, second, "a replay changed the answer for {sent:?}");
        assert!(
            ["applied", "superseded"].contains(&first["status"].as_str().unwrap()),
            "{first}"
        );
    }
    // The organizer's snapshot shows every cell at the newest write of its device.
    let (status, snapshot) = send(
        &client,
        reqwest::Method::GET,
        format!("{api}/events/{event}/snapshot"),
        Some(&organizer),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let mut newest_sent: BTreeMap<(String, String, &str), &Sent> = BTreeMap::new();
    for sent in &log {
        let key = (
            format!("I{}", sent.investor),
            sent.startup.clone(),
            sent.criterion,
        );
        if newest_sent
            .get(&key)
            .is_none_or(|known| known.seq < sent.seq)
        {
            newest_sent.insert(key, sent);
        }
    }
    let shown: BTreeMap<(String, String, String), i64> = snapshot["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|score| {
            let text = |key: &str| score[key].as_str().unwrap().to_owned();
            (
                (text("investor"), text("startup"), text("criterion")),
                score["value"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shown.len(), newest_sent.len(), "one score per written cell");
    for ((investor, startup, criterion), sent) in &newest_sent {
        assert_eq!(
            shown.get(&(investor.clone(), startup.clone(), criterion.to_string())),
            Some(&sent.value),
            "{sent:?}"
        );
    }
    server.kill();
    eprintln!(
        "durability: {} acknowledged, {} unacknowledged at the kill, {:.1} s",
        acknowledged.len(),
        unacknowledged.len(),
        started.elapsed().as_secs_f64()
    );
}
