//! Which database a test runs on. The test command runs the whole suite twice: on SQLite (a file
//! in the test's own directory) and on PostgreSQL, when `ROADSHOW_TEST_POSTGRES` names a
//! throwaway cluster (`postgres://USER@127.0.0.1:PORT/postgres`, from `scripts/pg-cluster.sh`):
//! then every test gets a database of its own in that cluster.
#![allow(dead_code)]

use sqlx::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

pub const POSTGRES_CLUSTER: &str = "ROADSHOW_TEST_POSTGRES";
/// The cluster's directory (`scripts/pg-cluster.sh`), for the test that restarts it.
pub const POSTGRES_CLUSTER_DIR: &str = "ROADSHOW_TEST_POSTGRES_DIR";

/// Is this run on PostgreSQL?
pub fn on_postgres() -> bool {
    std::env::var_os(POSTGRES_CLUSTER).is_some()
}

/// A new, empty database for one test: `sqlite://DIR/NAME.db`, or a fresh PostgreSQL database.
pub fn database_url(dir: &Path, name: &str) -> String {
    let Ok(cluster) = std::env::var(POSTGRES_CLUSTER) else {
        return format!("sqlite://{}", dir.join(format!("{name}.db")).display());
    };
    static CREATED: AtomicU32 = AtomicU32::new(0);
    let database = format!(
        "t{}_{}_{}",
        std::process::id(),
        CREATED.fetch_add(1, Ordering::Relaxed),
        name.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    );
    let statement = format!("CREATE DATABASE {database}");
    // Its own thread and runtime: callers may be inside a runtime or outside any.
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let mut admin = sqlx::PgConnection::connect(&cluster)
                    .await
                    .expect("the test cluster answers");
                sqlx::query(&statement)
                    .execute(&mut admin)
                    .await
                    .expect("a test database");
            })
    })
    .join()
    .unwrap();
    let cluster = std::env::var(POSTGRES_CLUSTER).unwrap();
    let (server, _) = cluster
        .rsplit_once('/')
        .expect("the cluster URL ends with a database name");
    format!("{server}/{database}")
}

/// Stops the test cluster (cutting every session), waits `seconds_down`, starts it again; `false`
/// when this run has no cluster directory to restart.
pub fn restart_postgres(seconds_down: u32) -> bool {
    let Some(dir) = std::env::var_os(POSTGRES_CLUSTER_DIR) else {
        return false;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg-cluster.sh");
    let status = std::process::Command::new(script)
        .arg("restart")
        .arg(dir)
        .arg(seconds_down.to_string())
        .status()
        .expect("the cluster script runs");
    assert!(status.success(), "the cluster restarts");
    true
}
