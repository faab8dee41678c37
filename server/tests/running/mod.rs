//! The real server binary for out-of-process tests: started on a free loopback port with its
//! log lines (standard error) in a file, and a small JSON client.
#![allow(dead_code)]

pub mod nginx;
pub mod phones;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

#[path = "../backend/mod.rs"]
mod backend;
// Each test binary uses its own part of this module.
#[allow(unused_imports)]
pub use backend::{database_url, on_postgres, restart_postgres};

pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// Where its log lines go.
    pub log: PathBuf,
    /// The database it runs on.
    pub database: String,
}

impl Server {
    /// Starts the binary on a new database (`sqlite://DIR/NAME.db`, or one on the test's
    /// PostgreSQL cluster) with `extra` arguments; logs go to `DIR/NAME.log`.
    pub fn start(dir: &Path, name: &str, extra: &[&str]) -> Server {
        Server::start_on(dir, name, &database_url(dir, name), extra)
    }

    /// Starts the binary on `database`, which other processes may share.
    pub fn start_on(dir: &Path, name: &str, database: &str, extra: &[&str]) -> Server {
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html></html>").unwrap();
        let log = dir.join(format!("{name}.log"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_roadshow-server"))
            .args(["--bind", "127.0.0.1:0", "--no-demo"])
            .arg("--database")
            .arg(database)
            .arg("--dist")
            .arg(&dist)
            .args(extra)
            .env("RUST_LOG", "roadshow_server=debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        // Keep draining standard output so printing can never block the server.
        std::thread::spawn(move || {
            let mut sender = Some(sender);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("Roadshow listening on ") {
                    if let Some(sender) = sender.take() {
                        let _ = sender.send(address.trim().to_owned());
                    }
                }
            }
        });
        let Ok(base) = receiver.recv_timeout(Duration::from_secs(30)) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the server did not say where it listens: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        };
        Server {
            child,
            base,
            log,
            database: database.to_owned(),
        }
    }

    /// `127.0.0.1:PORT`
    pub fn address(&self) -> &str {
        self.base.strip_prefix("http://").unwrap()
    }

    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// SIGKILL: no shutdown, nothing finished.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub fn wait(mut self) -> std::process::ExitStatus {
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn secret_of(link: &str) -> String {
    link.split_once("#k=").unwrap().1.to_owned()
}

pub async fn send(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    secret: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client.request(method, url);
    if let Some(secret) = secret {
        request = request.bearer_auth(secret);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub struct Event {
    pub id: String,
    pub organizer: String,
    pub investor: String,
}

/// An event in the scoring phase with startup S1 and investor I1, made through `api`.
pub async fn scoring_event(client: &reqwest::Client, api: &str) -> Event {
    let (status, created) = send(client, reqwest::Method::POST, format!("{api}/events"), None,
        Some(json!({"name": "Operations", "venue": "Loopback", "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T15:00"}))).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let organizer = secret_of(created["organizer_link"].as_str().unwrap());
    let (status, body) = send(client, reqwest::Method::POST, format!("{api}/events/{id}/startups"), Some(&organizer),
        Some(json!({"id": "S1", "name": "Startup", "status": "published", "field": "hydrogen", "stage": "seed", "ask_krw": 1_000_000_000_i64, "pitch_ko": "수소 발표", "contact": "ceo@example.com"}))).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = send(
        client,
        reqwest::Method::POST,
        format!("{api}/events/{id}/investors"),
        Some(&organizer),
        Some(json!({"id": "I1", "firm": "Firm"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let investor = secret_of(body["link"].as_str().unwrap());
    let (status, body) = send(
        client,
        reqwest::Method::PATCH,
        format!("{api}/events/{id}"),
        Some(&organizer),
        Some(json!({"phase": "scoring"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    Event {
        id,
        organizer,
        investor,
    }
}

/// One score of S1's innovation as a sync batch.
pub fn score_batch(client_id: &str, seq: i64, value: i64) -> Value {
    json!({"client_id": client_id, "mutations": [
        {"seq": seq, "type": "score", "startup": "S1", "criterion": "innovation", "value": value}
    ]})
}
