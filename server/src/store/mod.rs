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
mod dialect;
pub mod erasure;
pub mod events;
pub mod follow_ups;
pub mod links;
pub mod meetings;
pub mod mutations;
pub mod notices;
pub mod people;
pub mod programs;
pub mod removals;
pub mod scores;
pub mod snapshot;

use crate::error::{ApiError, ApiResult, InternalError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::AnyArguments;
use sqlx::{Any, AnyConnection, AnyPool, Arguments, Connection, Transaction};
use std::borrow::Cow;
use std::ops::Range;

pub use dialect::{Dialect, Flag};

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

/// Rows (or keys) per statement when many are written or looked up at once: at 16 values a row
/// this stays far below SQLite's 32,766 bound variables and PostgreSQL's 65,535.
pub const ROWS_PER_STATEMENT: usize = 500;

/// One (multi-row) INSERT of `rows`, to be extended (`ON CONFLICT …`) and run. The caller keeps
/// `rows × columns` within SQLite's bound-variable limit (see [`ROWS_PER_STATEMENT`]).
pub fn insert_query(table: &Table, rows: &[Row]) -> Statement {
    debug_assert!(rows.iter().all(|row| row.len() == table.columns.len()));
    let mut statement = Statement::new(table.insert_prefix());
    statement.push_values(rows);
    statement
}

/// Inserts `rows` into `table` in one statement.
pub async fn insert_rows(
    connection: &mut AnyConnection,
    table: &Table,
    rows: &[Row],
) -> Result<(), sqlx::Error> {
    insert_query(table, rows).execute(connection).await
}

/// A statement assembled in parts, its values bound as `$1, $2, …` on PostgreSQL and as `?` on
/// SQLite (sqlx's `QueryBuilder` writes `?` for every database behind `Any`). Every placeholder
/// is one [`Statement::push_bind`] wrote, in the order of its values, so either form binds the
/// same value to the same place.
pub struct Statement {
    sql: String,
    arguments: AnyArguments<'static>,
    bound: usize,
    /// Where each `$n` stands in `sql`, in order.
    placeholders: Vec<Range<usize>>,
    unencoded: Option<sqlx::error::BoxDynError>,
}

impl Statement {
    pub fn new(sql: impl Into<String>) -> Statement {
        Statement {
            sql: sql.into(),
            arguments: AnyArguments::default(),
            bound: 0,
            placeholders: Vec::new(),
            unencoded: None,
        }
    }

    pub fn push(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }

    /// Appends the next placeholder and binds `value` to it.
    pub fn push_bind<T>(&mut self, value: T)
    where
        T: 'static + Send + sqlx::Encode<'static, Any> + sqlx::Type<Any>,
    {
        self.bound += 1;
        let start = self.sql.len();
        self.sql.push('$');
        self.sql.push_str(&self.bound.to_string());
        self.placeholders.push(start..self.sql.len());
        if let Err(error) = self.arguments.add(value) {
            self.unencoded.get_or_insert(error);
        }
    }

    /// Appends `VALUES (…), (…)`: one parenthesised tuple of placeholders per row, each bound.
    pub fn push_values(&mut self, rows: &[Row]) {
        self.push("VALUES ");
        for (index, row) in rows.iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            self.push("(");
            self.push_binds(row);
            self.push(")");
        }
    }

    /// Appends the row's values as placeholders separated by commas, each bound.
    pub fn push_binds(&mut self, row: &[Value]) {
        for (column, value) in row.iter().enumerate() {
            if column > 0 {
                self.push(", ");
            }
            match value {
                Value::Text(text) => self.push_bind(text.clone()),
                Value::OptionalText(text) => self.push_bind(text.clone()),
                Value::Int(number) => self.push_bind(*number),
                Value::OptionalInt(number) => self.push_bind(*number),
                Value::Bool(flag) => self.push_bind(Flag(*flag)),
                Value::OptionalBool(flag) => self.push_bind(flag.map(Flag)),
            }
        }
    }

    /// The statement's text for `dialect`. SQLite gets `?` for each placeholder: sqlx asks SQLite
    /// for each numbered parameter's name, and SQLite finds it by walking the list of the
    /// statement's names, so a 500-row insert bound as `$1…$6000` took time in the square of its
    /// values (most of a 43 s import of 480,000 scores; BENCHMARKS.md, issue 18). Plain `?` have
    /// no names, and are numbered in the order they stand, which is the order of the values.
    fn text(&self, dialect: Dialect) -> Cow<'_, str> {
        if dialect == Dialect::Postgres || self.placeholders.is_empty() {
            return Cow::Borrowed(&self.sql);
        }
        let mut text = String::with_capacity(self.sql.len());
        let mut copied = 0;
        for placeholder in &self.placeholders {
            text.push_str(&self.sql[copied..placeholder.start]);
            text.push('?');
            copied = placeholder.end;
        }
        text.push_str(&self.sql[copied..]);
        Cow::Owned(text)
    }

    /// Runs the statement and reads every row it returns.
    pub async fn fetch_all<T>(
        mut self,
        connection: &mut AnyConnection,
    ) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        if let Some(error) = self.unencoded.take() {
            return Err(sqlx::Error::Encode(error));
        }
        let arguments = std::mem::take(&mut self.arguments);
        let text = self.text(Dialect::of(connection));
        sqlx::query_as_with(&text, arguments)
            .fetch_all(connection)
            .await
    }

    pub async fn execute(mut self, connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
        if let Some(error) = self.unencoded.take() {
            return Err(sqlx::Error::Encode(error));
        }
        let arguments = std::mem::take(&mut self.arguments);
        let text = self.text(Dialect::of(connection));
        sqlx::query_with(&text, arguments)
            .execute(connection)
            .await?;
        Ok(())
    }
}

/// Starts a transaction that will write, holding the database's one write lock (see
/// [`Dialect::begin_statement`]).
pub async fn begin_write(db: &AnyPool) -> Result<Transaction<'static, Any>, sqlx::Error> {
    let dialect = Dialect::of_pool(db);
    let mut transaction = db.begin_with(dialect.begin_statement()).await?;
    dialect.take_write_lock(&mut transaction).await?;
    Ok(transaction)
}

/// Starts a transaction that only reads, and sees one moment throughout (an export, a change
/// feed, a person's own data): SQLite's transactions do; PostgreSQL's need `REPEATABLE READ`.
pub async fn begin_read(db: &AnyPool) -> Result<Transaction<'static, Any>, sqlx::Error> {
    db.begin_with(Dialect::of_pool(db).begin_read_statement())
        .await
}

/// [`begin_write`] on a connection the caller holds (the group-commit writer's own).
pub async fn begin_write_on(
    connection: &mut AnyConnection,
) -> Result<Transaction<'_, Any>, sqlx::Error> {
    let dialect = Dialect::of(connection);
    let mut transaction = connection.begin_with(dialect.begin_statement()).await?;
    dialect.take_write_lock(&mut transaction).await?;
    Ok(transaction)
}

/// Turns SQLite's automatic WAL checkpoints off for this connection (see `group_commit`);
/// PostgreSQL checkpoints on its own schedule.
pub async fn disable_autocheckpoint(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if Dialect::of(connection) == Dialect::Sqlite {
        sqlx::query("PRAGMA wal_autocheckpoint = 0")
            .execute(connection)
            .await?;
    }
    Ok(())
}

/// A new SQLite connection's settings: every commit waits for the disk (`synchronous = FULL`);
/// foreign keys and a 5 s busy timeout are sqlx's own defaults.
pub async fn full_sync(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA synchronous = FULL")
        .execute(connection)
        .await?;
    Ok(())
}

/// Commits on this connection stop waiting for the disk: for writes that are not acknowledged
/// until a later commit with the full guarantee (the import's chunks, on a detached connection).
pub async fn relax_sync(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    let statement = match Dialect::of(connection) {
        Dialect::Sqlite => "PRAGMA synchronous = NORMAL",
        Dialect::Postgres => "SET synchronous_commit = off",
    };
    sqlx::query(statement).execute(connection).await?;
    Ok(())
}

/// Copies what it can of SQLite's WAL into the database file without waiting for readers;
/// PostgreSQL has nothing to do here.
pub async fn checkpoint(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if Dialect::of(connection) == Dialect::Sqlite {
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(connection)
            .await?;
    }
    Ok(())
}

/// Does the database answer?
pub async fn ping(db: &AnyPool) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Text that only looks like a placeholder (`'$1'` in a literal) is left alone.
    fn statement() -> Statement {
        let mut statement = Statement::new("SELECT '$1' AS literal, ");
        statement.push_bind(7_i64);
        statement.push(" AS first, ");
        statement.push_binds(&[Value::Text("둘".into()), Value::Int(3)]);
        statement.push(" AS third");
        statement
    }

    #[test]
    fn placeholders_are_numbered_for_postgres_and_plain_for_sqlite() {
        let statement = statement();
        assert_eq!(
            statement.text(Dialect::Postgres),
            "SELECT '$1' AS literal, $1 AS first, $2, $3 AS third"
        );
        assert_eq!(
            statement.text(Dialect::Sqlite),
            "SELECT '$1' AS literal, ? AS first, ?, ? AS third"
        );
    }

    #[tokio::test]
    async fn sqlite_binds_each_value_to_its_own_place() {
        sqlx::any::install_default_drivers();
        let mut connection = AnyConnection::connect("sqlite::memory:").await.unwrap();
        let mut statement = statement();
        // Many values, as a multi-row insert has: each must come back in its place (SQLite
        // returns at most 2,000 columns).
        statement.push(", ");
        let wide: Row = (0..1_500).map(Value::Int).collect();
        statement.push_binds(&wide);
        let text = statement.text(Dialect::Sqlite).into_owned();
        let arguments = std::mem::take(&mut statement.arguments);
        let row = sqlx::query_with(&text, arguments)
            .fetch_one(&mut connection)
            .await
            .unwrap();
        use sqlx::Row as _;
        assert_eq!(row.get::<String, _>(0), "$1");
        assert_eq!(row.get::<i64, _>(1), 7);
        assert_eq!(row.get::<String, _>(2), "둘");
        assert_eq!(row.get::<i64, _>(3), 3);
        for column in 0..1_500 {
            assert_eq!(row.get::<i64, _>(4 + column), column as i64);
        }
    }
}
