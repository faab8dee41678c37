//! Phones under load: each writes batches of scores in order and resends a batch (every 20 ms)
//! until it is acknowledged, as the app's outbox does; then what the database recorded, checked
//! against what the phones were told.

use super::Event;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

#[derive(Debug, Default)]
pub struct PhoneLog {
    pub client_id: String,
    /// Each mutation's sequence number → the answer it was acknowledged with.
    pub acknowledged: HashMap<i64, Value>,
    /// 503 answers with code `unavailable` and a `Retry-After`.
    pub unavailable: usize,
    /// Any other answer: a status and its body, or a transport error.
    pub other: Vec<String>,
}

/// How hard the phones write.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub phones: usize,
    pub batches: i64,
    /// Scores in each batch.
    pub per_batch: i64,
}

impl Load {
    /// Every mutation the phones send between them.
    pub fn mutations(&self) -> usize {
        self.phones * usize::try_from(self.batches * self.per_batch).unwrap()
    }

    /// The mutations each phone sends.
    pub fn per_phone(&self) -> usize {
        usize::try_from(self.batches * self.per_batch).unwrap()
    }
}

/// Starts `load.phones` phones writing `load.batches` batches each to `api`; `progress` counts
/// the acknowledged mutations of all of them.
pub fn start(
    client: &reqwest::Client,
    api: &str,
    event: &Arc<Event>,
    load: Load,
    progress: &Arc<AtomicUsize>,
) -> Vec<JoinHandle<PhoneLog>> {
    let Load {
        phones,
        batches,
        per_batch,
    } = load;
    (0..phones)
        .map(|phone| {
            let (client, api, event, progress) = (
                client.clone(),
                api.to_owned(),
                event.clone(),
                progress.clone(),
            );
            tokio::spawn(async move {
                let mut log = PhoneLog {
                    client_id: format!("phone-{phone}"),
                    ..PhoneLog::default()
                };
                for batch in 0..batches {
                    let mutations: Vec<Value> = (1..=per_batch)
                        .map(|at| {
                            let seq = batch * per_batch + at;
                            let criterion = ["innovation", "viability", "market"][seq as usize % 3];
                            json!({"seq": seq, "type": "score", "startup": "S1",
                                "criterion": criterion, "value": seq % 10 + 1})
                        })
                        .collect();
                    let batch = json!({"client_id": log.client_id, "mutations": mutations});
                    while !send_once(&client, &api, &event, &batch, &mut log).await {
                        assert!(
                            log.unavailable + log.other.len() < 2_000,
                            "{} never got through",
                            log.client_id
                        );
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    progress.fetch_add(usize::try_from(per_batch).unwrap(), Ordering::Relaxed);
                }
                log
            })
        })
        .collect()
}

/// One attempt; `true` when acknowledged.
async fn send_once(
    client: &reqwest::Client,
    api: &str,
    event: &Event,
    batch: &Value,
    log: &mut PhoneLog,
) -> bool {
    let sent = client
        .post(format!("{api}/events/{}/mutations", event.id))
        .bearer_auth(&event.investor)
        .json(batch)
        .send()
        .await;
    match sent {
        Ok(answer) if answer.status() == 200 => {
            let body: Value = answer.json().await.unwrap();
            for result in body["results"].as_array().unwrap() {
                log.acknowledged
                    .insert(result["seq"].as_i64().unwrap(), result.clone());
            }
            return true;
        }
        Ok(answer) if answer.status() == 503 => {
            let retry_after = answer.headers().get("retry-after").cloned();
            let body: Value = answer.json().await.unwrap_or(Value::Null);
            if body["code"] == "unavailable" && retry_after.is_some() {
                log.unavailable += 1;
            } else {
                log.other.push(format!("503 {body} {retry_after:?}"));
            }
        }
        Ok(answer) => {
            let status = answer.status();
            let body = answer.text().await.unwrap_or_default();
            log.other.push(format!("{status} {body}"));
        }
        Err(error) => log.other.push(format!("transport: {error}")),
    }
    false
}

/// Waits until the phones have `at_least` acknowledged mutations between them.
pub async fn wait_for(progress: &AtomicUsize, at_least: usize) {
    while progress.load(Ordering::Relaxed) < at_least {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Counted from the database afterwards: `expected` mutations recorded for the event, and each
/// acknowledged one stored with exactly the answer its phone got.
pub async fn assert_stored_as_acknowledged(
    database: &str,
    event_id: &str,
    logs: &[PhoneLog],
    expected: usize,
) {
    let db = roadshow_server::db::connect(database).await.unwrap();
    let recorded: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT client_id, seq, result FROM applied_mutations WHERE event_id = $1")
            .bind(event_id)
            .fetch_all(&db)
            .await
            .unwrap();
    db.close().await;
    assert_eq!(recorded.len(), expected, "each mutation recorded once");
    let recorded: BTreeMap<(String, i64), Value> = recorded
        .into_iter()
        .map(|(client, seq, result)| ((client, seq), serde_json::from_str(&result).unwrap()))
        .collect();
    for log in logs {
        for (seq, answer) in &log.acknowledged {
            assert_eq!(
                recorded.get(&(log.client_id.clone(), *seq)),
                Some(answer),
                "{} #{seq} is stored as acknowledged",
                log.client_id
            );
        }
    }
}
