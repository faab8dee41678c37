//! Where SQLite and PostgreSQL differ, in one place: how a writing transaction begins, the JSON
//! aggregates the export reads, and how a flag is stored. Every other statement in the store is
//! written once, in the SQL both read (`$1` placeholders, `ON CONFLICT`, `RETURNING`).

use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Any, AnyConnection, AnyPool, Decode, Encode, Type};

/// The database behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The key of PostgreSQL's advisory lock that every writing transaction takes (see
/// [`Dialect::take_write_lock`]); an arbitrary constant, "RDSHOW" in ASCII.
const WRITE_LOCK: i64 = 0x5244_5348_4f57;

impl Dialect {
    /// The dialect a database URL names: `postgres://` or `postgresql://`, else SQLite.
    pub fn of_url(url: &str) -> Dialect {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }

    pub fn of_pool(pool: &AnyPool) -> Dialect {
        Dialect::of_url(pool.connect_options().database_url.as_str())
    }

    pub fn of(connection: &AnyConnection) -> Dialect {
        // sqlx's names for its drivers (`Database::NAME`).
        if connection.backend_name() == "PostgreSQL" {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }

    /// SQLite's default `BEGIN` is deferred: a transaction that reads first and writes later
    /// cannot wait for the write lock, and fails at once with "database is locked" when another
    /// connection committed since its read began. `BEGIN IMMEDIATE` takes the write lock up front,
    /// so concurrent writers queue on the busy timeout.
    pub fn begin_statement(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }

    /// A read transaction that sees one snapshot throughout.
    pub fn begin_read_statement(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN",
            Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        }
    }

    /// On PostgreSQL, writers take one transaction-scoped advisory lock, so that writing
    /// transactions run one at a time across every process, as they do on SQLite. The write
    /// engine reads before it writes (has this mutation been applied? what version is the
    /// event at?) and relies on nothing changing in between; one lock keeps that true without
    /// retrying serialization failures. Each process's group-commit writer puts many writes in
    /// one transaction, so the lock is taken once per group, not once per score.
    pub async fn take_write_lock(self, connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
        if self == Dialect::Postgres {
            sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(connection)
                .await?;
        }
        Ok(())
    }

    /// A JSON array (as text) of `element` over each group's rows, in `order`.
    pub fn json_group_array(self, element: &str, order: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_group_array({element} ORDER BY {order})"),
            Dialect::Postgres => format!("json_agg({element} ORDER BY {order})::text"),
        }
    }

    /// A JSON array (as an SQL JSON value) of `items`.
    pub fn json_array(self, items: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_array({items})"),
            Dialect::Postgres => format!("json_build_array({items})"),
        }
    }

    /// The integer member `field` of the JSON object stored as text in `column`; NULL when it
    /// is absent or null.
    pub fn json_integer(self, column: &str, field: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_extract({column}, '$.{field}')"),
            Dialect::Postgres => format!("(({column})::jsonb ->> '{field}')::bigint"),
        }
    }
}

/// A yes/no stored as the integer 0 or 1 on both databases (SQLite has no boolean type, and one
/// schema shape keeps the statements alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'q> Encode<'q, Any> for Flag {
    fn encode_by_ref(
        &self,
        buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <i64 as Encode<'q, Any>>::encode_by_ref(&i64::from(self.0), buf)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Flag, BoxDynError> {
        Ok(Flag(<i64 as Decode<'r, Any>>::decode(value)? != 0))
    }
}
