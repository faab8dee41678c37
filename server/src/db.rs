//! The database pool. SQLite (one file, one process: the default) is configured for durability:
//! WAL, `synchronous=FULL`, foreign keys, and a busy timeout so concurrent writers wait instead
//! of failing. PostgreSQL (`postgres://…`) serves several processes on one database; its commits
//! wait for the disk by default (`synchronous_commit = on`).
//!
//! Each database has its own migrations (`migrations/` for SQLite, `migrations-postgres/` for
//! PostgreSQL), run here by whichever process starts first; sqlx's migration table and
//! PostgreSQL's lock on it make a second process wait, then find them applied.

use crate::store::{self, Dialect};
use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{AnyPool, ConnectOptions, Connection};
use std::str::FromStr;

/// Connections per process. PostgreSQL's default `max_connections` (100) leaves room for
/// several processes.
const MAX_CONNECTIONS: u32 = 8;

pub async fn connect(database_url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    match Dialect::of_url(database_url) {
        Dialect::Sqlite => {
            // Creates the file and puts it in WAL mode (kept by the file itself) before the
            // pool opens it: the pool reads its options from the URL alone.
            let options = SqliteConnectOptions::from_str(database_url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal);
            options.connect().await?.close().await?;
            let pool = AnyPoolOptions::new()
                .max_connections(MAX_CONNECTIONS)
                .after_connect(|connection, _| {
                    Box::pin(async move { store::full_sync(connection).await })
                })
                .connect(database_url)
                .await?;
            sqlx::migrate!("./migrations").run(&pool).await?;
            Ok(pool)
        }
        Dialect::Postgres => {
            let pool = AnyPoolOptions::new()
                .max_connections(MAX_CONNECTIONS)
                .connect(database_url)
                .await?;
            sqlx::migrate!("./migrations-postgres").run(&pool).await?;
            Ok(pool)
        }
    }
}
