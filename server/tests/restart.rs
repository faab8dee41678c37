//! PostgreSQL restarted under load (issue 17): while it is down, writes get a clear 503 (code
//! `unavailable`, `Retry-After`) and nothing else; phones keep resending, as the app's outbox
//! does; once it is back, every write is applied, each exactly once, with the answer its phone
//! got. Runs when the suite runs on a PostgreSQL cluster it may restart (`scripts/test.sh` gives
//! its directory); it is alone in its test binary, since the restart cuts every session.

mod running;

use running::phones::{self, Load};
use running::{database_url, on_postgres, scoring_event, Server};
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

const LOAD: Load = Load {
    phones: 24,
    batches: 30,
    per_batch: 2,
};

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
    let running = phones::start(&client, &api, &event, LOAD, &progress);
    phones::wait_for(&progress, LOAD.mutations() / 4).await;
    let restarted = tokio::task::spawn_blocking(|| running::restart_postgres(2))
        .await
        .unwrap();
    assert!(restarted);
    let mut logs = Vec::new();
    for phone in running {
        logs.push(phone.await.unwrap());
    }

    let unavailable: usize = logs.iter().map(|log| log.unavailable).sum();
    assert!(
        unavailable > 0,
        "writes while the database was down got 503"
    );
    let other: Vec<&String> = logs.iter().flat_map(|log| &log.other).collect();
    assert!(
        other.is_empty(),
        "nothing but 200 and a clear 503: {other:#?}"
    );
    for log in &logs {
        assert_eq!(log.acknowledged.len(), LOAD.per_phone(), "{log:?}");
    }
    phones::assert_stored_as_acknowledged(&database, &event.id, &logs, LOAD.mutations()).await;
}
