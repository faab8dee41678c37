//! PostgreSQL restarted under load (issue 17): while it is down, writes get a clear 503 (code
//! `unavailable`, `Retry-After`) and nothing else; phones keep resending, as the app's outbox
//! does; once it is back, every write is applied, each exactly once, with the answer its phone
//! got. Runs when the suite runs on a PostgreSQL cluster it may restart (`scripts/test.sh` gives
//! its directory); it is alone in its test binary, since the restart cuts every session.

mod running;

use running::{database_url, on_postgres, scoring_event, Server};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const PHONES: usize = 4;
const BATCHES: i64 = 150;

#[derive(Default)]
struct PhoneLog {
    acknowledged: HashMap<i64, Value>,
    unavailable: usize,
    /// Any other answer: a status and its body, or a transport error.
    other: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_restarted_under_load_answers_503_then_applies_every_resend_once() {
    if !on_postgres() || std::env::var_os("ROADSHOW_TEST_POSTGRES_DIR").is_none() {
        eprintln!("needs a PostgreSQL cluster this test may restart; runs in the PostgreSQL pass");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = database_url(dir.path(), "restart");
    let server = Server::start_on(dir.path(), "restart", &database, &[]);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let api = format!("{}/api", server.base);
    let event = Arc::new(scoring_event(&client, &api).await);
    let progress = Arc::new(AtomicUsize::new(0));
    let mut phones = Vec::new();
    for phone in 0..PHONES {
        let (client, api, event, progress) =
            (client.clone(), api.clone(), event.clone(), progress.clone());
        phones.push(tokio::spawn(async move {
            let client_id = format!("phone-{phone}");
            let mut log = PhoneLog::default();
            for seq in 1..=BATCHES {
                let criterion = ["innovation", "viability", "market"][seq as usize % 3];
                let batch = json!({"client_id": client_id, "mutations": [
                    {"seq": seq, "type": "score", "startup": "S1", "criterion": criterion, "value": seq % 10 + 1}
                ]});
                loop {
                    let sent = client
                        .post(format!("{api}/events/{}/mutations", event.id))
                        .bearer_auth(&event.investor)
                        .json(&batch)
                        .send()
                        .await;
                    match sent {
                        Ok(answer) if answer.status() == 200 => {
                            let body: Value = answer.json().await.unwrap();
                            log.acknowledged.insert(seq, body["results"][0].clone());
                            break;
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
                            log.other.push(format!("{status} {}", answer.text().await.unwrap_or_default()));
                        }
                        Err(error) => log.other.push(format!("transport: {error}")),
                    }
                    assert!(log.unavailable + log.other.len() < 2_000, "{client_id} never got through");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                progress.fetch_add(1, Ordering::Relaxed);
            }
            (client_id, log)
        }));
    }
    while progress.load(Ordering::Relaxed) < PHONES * BATCHES as usize / 4 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let restarted = tokio::task::spawn_blocking(|| running::restart_postgres(2))
        .await
        .unwrap();
    assert!(restarted);
    let mut logs = Vec::new();
    for phone in phones {
        logs.push(phone.await.unwrap());
    }

    let unavailable: usize = logs.iter().map(|(_, log)| log.unavailable).sum();
    assert!(
        unavailable > 0,
        "writes while the database was down got 503"
    );
    let other: Vec<&String> = logs.iter().flat_map(|(_, log)| &log.other).collect();
    assert!(
        other.is_empty(),
        "nothing but 200 and a clear 503: {other:#?}"
    );

    let db = roadshow_server::db::connect(&database).await.unwrap();
    let recorded: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT client_id, seq, result FROM applied_mutations WHERE event_id = $1")
            .bind(&event.id)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        recorded.len(),
        PHONES * BATCHES as usize,
        "each mutation recorded once"
    );
    let recorded: BTreeMap<(String, i64), Value> = recorded
        .into_iter()
        .map(|(client, seq, result)| ((client, seq), serde_json::from_str(&result).unwrap()))
        .collect();
    for (client_id, log) in &logs {
        assert_eq!(log.acknowledged.len(), BATCHES as usize);
        for (seq, answer) in &log.acknowledged {
            assert_eq!(
                recorded.get(&(client_id.clone(), *seq)),
                Some(answer),
                "{client_id} #{seq} is stored as acknowledged"
            );
        }
    }
}
