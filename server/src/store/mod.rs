//! The store: every SQL statement the server runs (the migrations aside), one file per table
//! group. Routes, the import, the write engine and the group-commit writer call these functions;
//! the store calls nothing above it (no routes, no authorization).
//!
//! Every change to an event's data happens in one transaction that also raises the event's
//! version (`events::bump_version`); rows remember the version that last changed them.
//!
//! Each table's INSERT is defined once, as a [`Table`] (its columns in bind order) and a function
//! that builds one [`Row`] for it: single writes and the import's multi-row chunks both use them.

pub mod audit;
pub mod erasure;
pub mod events;
pub mod follow_ups;
pub mod links;
pub mod meetings;
pub mod mutations;
pub mod people;
pub mod programs;
pub mod removals;
pub mod scores;
pub mod snapshot;

use crate::error::{ApiError, ApiResult, InternalError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::{Connection, QueryBuilder, Sqlite, SqliteConnection, SqlitePool, Transaction};

/// A table and its columns, in the order its rows bind them.
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

impl Table {
    /// `INSERT INTO name (columns) ` — the values follow.
    pub fn insert_prefix(&self) -> String {
        format!("INSERT INTO {} ({}) ", self.name, self.columns.join(", "))
    }
}

/// One value of a row to insert.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    OptionalText(Option<String>),
    Int(i64),
    OptionalInt(Option<i64>),
    Bool(bool),
    OptionalBool(Option<bool>),
}

/// One row to insert: its values in the table's column order.
pub type Row = Vec<Value>;

/// One (multi-row) INSERT of `rows`, to be extended (`ON CONFLICT …`) or built as is. The caller
/// keeps `rows × columns` within SQLite's bound-variable limit.
pub fn insert_query(table: &Table, rows: &[Row]) -> QueryBuilder<'static, Sqlite> {
    debug_assert!(rows.iter().all(|row| row.len() == table.columns.len()));
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(table.insert_prefix());
    query.push_values(rows, |mut values, row| {
        for value in row {
            match value {
                Value::Text(text) => values.push_bind(text.clone()),
                Value::OptionalText(text) => values.push_bind(text.clone()),
                Value::Int(number) => values.push_bind(*number),
                Value::OptionalInt(number) => values.push_bind(*number),
                Value::Bool(flag) => values.push_bind(*flag),
                Value::OptionalBool(flag) => values.push_bind(*flag),
            };
        }
    });
    query
}

/// Inserts `rows` into `table` in one statement.
pub async fn insert_rows(
    connection: &mut SqliteConnection,
    table: &Table,
    rows: &[Row],
) -> Result<(), sqlx::Error> {
    insert_query(table, rows)
        .build()
        .execute(connection)
        .await?;
    Ok(())
}

/// Starts a transaction that will write. SQLite's default `BEGIN` is deferred: a transaction that
/// reads first and writes later cannot wait for the write lock, and fails at once with
/// "database is locked" when another connection committed since its read began. `BEGIN
/// IMMEDIATE` takes the write lock up front, so concurrent writers queue on the busy timeout.
pub async fn begin_write(db: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// [`begin_write`] on a connection the caller holds (the group-commit writer's own).
pub async fn begin_write_on(
    connection: &mut SqliteConnection,
) -> Result<Transaction<'_, Sqlite>, sqlx::Error> {
    connection.begin_with("BEGIN IMMEDIATE").await
}

/// A named savepoint inside the caller's transaction: a part that can be undone alone.
pub struct Savepoint(&'static str);

impl Savepoint {
    pub async fn begin(
        connection: &mut SqliteConnection,
        name: &'static str,
    ) -> Result<Savepoint, sqlx::Error> {
        sqlx::query(&format!("SAVEPOINT {name}"))
            .execute(connection)
            .await?;
        Ok(Savepoint(name))
    }

    /// Keeps what was written since the savepoint.
    pub async fn release(self, connection: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        sqlx::query(&format!("RELEASE {}", self.0))
            .execute(connection)
            .await?;
        Ok(())
    }

    /// Undoes what was written since the savepoint.
    pub async fn roll_back(self, connection: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        sqlx::query(&format!("ROLLBACK TO {}", self.0))
            .execute(&mut *connection)
            .await?;
        self.release(connection).await
    }
}

/// Turns SQLite's automatic WAL checkpoints off for this connection (see `group_commit`).
pub async fn disable_autocheckpoint(connection: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA wal_autocheckpoint = 0")
        .execute(connection)
        .await?;
    Ok(())
}

/// Commits on this connection stop waiting for the disk (`synchronous = NORMAL`): for writes that
/// are not acknowledged until a later commit with the full guarantee (the import's chunks).
pub async fn relax_sync(connection: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA synchronous = NORMAL")
        .execute(connection)
        .await?;
    Ok(())
}

/// Copies what it can of the WAL into the database file without waiting for readers.
pub async fn checkpoint(connection: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .execute(connection)
        .await?;
    Ok(())
}

/// Does the database answer?
pub async fn ping(db: &SqlitePool) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(db)
        .await
        .is_ok()
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// JSON text of a value to store (a profile, the settings, a recorded result).
pub fn to_json<T: Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|error| ApiError::Internal(error.into()))
}

/// Reads stored JSON text (a profile, the settings, a recorded result).
pub fn from_json<T: DeserializeOwned>(text: &str) -> ApiResult<T> {
    serde_json::from_str(text).map_err(|error| ApiError::Internal(error.into()))
}

/// Reads a kebab-case enum stored as text (phase, reveal mode).
pub fn parse_text<T: DeserializeOwned>(text: &str) -> ApiResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|error| ApiError::Internal(InternalError::StoredJson(error)))
}

pub fn to_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        _ => String::new(),
    }
}
