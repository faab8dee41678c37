//! The `startups` and `investors` tables: each person's profile (core's model type, as JSON), its
//! position in the event's running order, and the version that last changed it.

use super::{
    from_json, insert_rows, to_json, Dialect, Flag, Row, Statement, Table, Value,
    ROWS_PER_STATEMENT,
};
use crate::error::ApiResult;
use crate::principal::Role;
use roadshow_core::model::{Investor, ProfileStatus, Startup};
use sqlx::AnyConnection;

/// Startups or investors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Startup,
    Investor,
}

impl Kind {
    /// The kind's name, as in `removals.kind` and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Startup => "startup",
            Kind::Investor => "investor",
        }
    }

    pub fn table(self) -> &'static str {
        match self {
            Kind::Startup => "startups",
            Kind::Investor => "investors",
        }
    }

    /// The column naming this kind in scores, verdicts and meetings.
    pub fn column(self) -> &'static str {
        match self {
            Kind::Startup => "startup_id",
            Kind::Investor => "investor_id",
        }
    }

    /// The role of this kind's own links.
    pub fn role(self) -> Role {
        match self {
            Kind::Startup => Role::Startup,
            Kind::Investor => Role::Investor,
        }
    }
}

pub const STARTUPS: Table = Table {
    name: "startups",
    columns: &[
        "event_id",
        "id",
        "profile",
        "published",
        "position",
        "version",
    ],
};

pub const INVESTORS: Table = Table {
    name: "investors",
    columns: &["event_id", "id", "profile", "position", "version"],
};

/// Investors see a startup's profile once it is published.
pub fn is_published(startup: &Startup) -> bool {
    startup.status.unwrap_or_default() == ProfileStatus::Published
}

pub fn startup_row(
    event_id: &str,
    startup: &Startup,
    position: i64,
    version: i64,
) -> ApiResult<Row> {
    Ok(vec![
        Value::Text(event_id.to_owned()),
        Value::Text(startup.id.clone()),
        Value::Text(to_json(startup)?),
        Value::Bool(is_published(startup)),
        Value::Int(position),
        Value::Int(version),
    ])
}

pub fn investor_row(
    event_id: &str,
    investor: &Investor,
    position: i64,
    version: i64,
) -> ApiResult<Row> {
    Ok(vec![
        Value::Text(event_id.to_owned()),
        Value::Text(investor.id.clone()),
        Value::Text(to_json(investor)?),
        Value::Int(position),
        Value::Int(version),
    ])
}

pub async fn insert_startup(
    connection: &mut AnyConnection,
    event_id: &str,
    startup: &Startup,
    position: i64,
    version: i64,
) -> ApiResult<()> {
    let row = startup_row(event_id, startup, position, version)?;
    insert_rows(connection, &STARTUPS, &[row]).await?;
    Ok(())
}

pub async fn insert_investor(
    connection: &mut AnyConnection,
    event_id: &str,
    investor: &Investor,
    position: i64,
    version: i64,
) -> ApiResult<()> {
    let row = investor_row(event_id, investor, position, version)?;
    insert_rows(connection, &INVESTORS, &[row]).await?;
    Ok(())
}

/// Replaces a startup's profile (and whether it is published) at `version`.
pub async fn update_startup(
    connection: &mut AnyConnection,
    event_id: &str,
    startup: &Startup,
    version: i64,
) -> ApiResult<()> {
    sqlx::query(
        "UPDATE startups SET profile = $1, published = $2, version = $3 WHERE event_id = $4 AND id = $5",
    )
    .bind(to_json(startup)?)
    .bind(Flag(is_published(startup)))
    .bind(version)
    .bind(event_id)
    .bind(&startup.id)
    .execute(connection)
    .await?;
    Ok(())
}

/// Replaces an investor's profile at `version`.
pub async fn update_investor(
    connection: &mut AnyConnection,
    event_id: &str,
    investor: &Investor,
    version: i64,
) -> ApiResult<()> {
    sqlx::query("UPDATE investors SET profile = $1, version = $2 WHERE event_id = $3 AND id = $4")
        .bind(to_json(investor)?)
        .bind(version)
        .bind(event_id)
        .bind(&investor.id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Replaces an investor's profile, leaving its version to [`stamp_investor`] (the write engine
/// learns the new version only once it knows the write happened).
pub async fn write_investor_profile(
    connection: &mut AnyConnection,
    event_id: &str,
    investor: &Investor,
) -> ApiResult<()> {
    sqlx::query("UPDATE investors SET profile = $1 WHERE event_id = $2 AND id = $3")
        .bind(to_json(investor)?)
        .bind(event_id)
        .bind(&investor.id)
        .execute(connection)
        .await?;
    Ok(())
}

pub async fn stamp_investor(
    connection: &mut AnyConnection,
    event_id: &str,
    investor_id: &str,
    version: i64,
) -> ApiResult<()> {
    sqlx::query("UPDATE investors SET version = $1 WHERE event_id = $2 AND id = $3")
        .bind(version)
        .bind(event_id)
        .bind(investor_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// The ids of the event's startups or investors, in running order.
pub async fn ids(
    connection: &mut AnyConnection,
    kind: Kind,
    event_id: &str,
) -> ApiResult<Vec<String>> {
    let ids = sqlx::query_scalar(&format!(
        "SELECT id FROM {} WHERE event_id = $1 ORDER BY position",
        kind.table()
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    Ok(ids)
}

/// (id, hall as stored) of the event's published startups, the ones that pitch (definitions
/// §8.3), in running order.
pub async fn published_halls(
    connection: &mut AnyConnection,
    event_id: &str,
) -> ApiResult<Vec<(String, Option<i64>)>> {
    let hall = Dialect::of(connection).json_integer("profile", "hall");
    let rows = sqlx::query_as(&format!(
        "SELECT id, {hall} FROM startups WHERE event_id = $1 AND published = 1 ORDER BY position"
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    Ok(rows)
}

/// Does the event have this startup or investor?
pub async fn exists<'e, E>(executor: E, kind: Kind, event_id: &str, id: &str) -> ApiResult<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let found: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT 1 FROM {} WHERE event_id = $1 AND id = $2",
        kind.table()
    ))
    .bind(event_id)
    .bind(id)
    .fetch_optional(executor)
    .await?;
    Ok(found.is_some())
}

/// How many startups or investors the event has.
pub async fn count(connection: &mut AnyConnection, kind: Kind, event_id: &str) -> ApiResult<i64> {
    let count = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {} WHERE event_id = $1",
        kind.table()
    ))
    .bind(event_id)
    .fetch_one(connection)
    .await?;
    Ok(count)
}

/// The position after the last one in the running order (0 for the first).
pub async fn next_position(
    connection: &mut AnyConnection,
    kind: Kind,
    event_id: &str,
) -> ApiResult<i64> {
    let position = sqlx::query_scalar(&format!(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM {} WHERE event_id = $1",
        kind.table()
    ))
    .bind(event_id)
    .fetch_one(connection)
    .await?;
    Ok(position)
}

/// One stored profile as JSON text.
pub async fn profile(
    connection: &mut AnyConnection,
    kind: Kind,
    event_id: &str,
    id: &str,
) -> ApiResult<Option<String>> {
    let profile = sqlx::query_scalar(&format!(
        "SELECT profile FROM {} WHERE event_id = $1 AND id = $2",
        kind.table()
    ))
    .bind(event_id)
    .bind(id)
    .fetch_optional(connection)
    .await?;
    Ok(profile)
}

pub async fn startup(
    connection: &mut AnyConnection,
    event_id: &str,
    id: &str,
) -> ApiResult<Option<Startup>> {
    profile(connection, Kind::Startup, event_id, id)
        .await?
        .map(|text| from_json(&text))
        .transpose()
}

pub async fn investor(
    connection: &mut AnyConnection,
    event_id: &str,
    id: &str,
) -> ApiResult<Option<Investor>> {
    profile(connection, Kind::Investor, event_id, id)
        .await?
        .map(|text| from_json(&text))
        .transpose()
}

/// Every profile of one kind as JSON text, in running order.
pub async fn profiles(
    connection: &mut AnyConnection,
    kind: Kind,
    event_id: &str,
) -> ApiResult<Vec<String>> {
    let profiles = sqlx::query_scalar(&format!(
        "SELECT profile FROM {} WHERE event_id = $1 ORDER BY position",
        kind.table()
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    Ok(profiles)
}

/// Every investor of the event, in running order.
pub async fn investors(connection: &mut AnyConnection, event_id: &str) -> ApiResult<Vec<Investor>> {
    profiles(connection, Kind::Investor, event_id)
        .await?
        .iter()
        .map(|text| from_json(text))
        .collect()
}

/// The investors among `ids` (ids the event does not have are left out).
pub async fn investors_among(
    connection: &mut AnyConnection,
    event_id: &str,
    ids: &[&str],
) -> ApiResult<Vec<Investor>> {
    let mut investors = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let profiles: Vec<(String,)> = among(Kind::Investor, "profile", event_id, chunk)
            .fetch_all(&mut *connection)
            .await?;
        for (profile,) in profiles {
            investors.push(from_json(&profile)?);
        }
    }
    Ok(investors)
}

/// A startup as the write engine checks it: whether it is published, and its profile as JSON
/// text (read only when a judge's tracks need it).
#[derive(Debug, Clone)]
pub struct StartupEntry {
    pub published: bool,
    pub profile: String,
}

/// The startups among `ids`, by id (ids the event does not have are left out).
pub async fn startups_among(
    connection: &mut AnyConnection,
    event_id: &str,
    ids: &[&str],
) -> ApiResult<Vec<(String, StartupEntry)>> {
    let mut startups = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let found: Vec<(String, Flag, String)> =
            among(Kind::Startup, "id, published, profile", event_id, chunk)
                .fetch_all(&mut *connection)
                .await?;
        for (id, published, profile) in found {
            let published = published.into();
            startups.push((id, StartupEntry { published, profile }));
        }
    }
    Ok(startups)
}

/// `SELECT columns FROM <kind's table> WHERE event_id = … AND id IN (…)`.
fn among(kind: Kind, columns: &str, event_id: &str, ids: &[&str]) -> Statement {
    let mut statement = Statement::new(format!(
        "SELECT {columns} FROM {} WHERE event_id = ",
        kind.table()
    ));
    statement.push_bind(event_id.to_owned());
    statement.push(" AND id IN (");
    let ids: Vec<Value> = ids.iter().map(|id| Value::Text((*id).to_owned())).collect();
    statement.push_binds(&ids);
    statement.push(")");
    statement
}

/// Whether this startup is published; `None` when the event has no such startup.
pub async fn startup_published(
    connection: &mut AnyConnection,
    event_id: &str,
    id: &str,
) -> ApiResult<Option<bool>> {
    let published: Option<Flag> =
        sqlx::query_scalar("SELECT published FROM startups WHERE event_id = $1 AND id = $2")
            .bind(event_id)
            .bind(id)
            .fetch_optional(connection)
            .await?;
    Ok(published.map(bool::from))
}

/// A startup row as the change feed reads it.
#[derive(sqlx::FromRow)]
pub struct StartupChange {
    pub id: String,
    pub profile: String,
    #[sqlx(try_from = "Flag")]
    pub published: bool,
}

/// Startups changed since `since`, in running order.
pub async fn startups_changed_since(
    connection: &mut AnyConnection,
    event_id: &str,
    since: i64,
) -> ApiResult<Vec<StartupChange>> {
    let rows = sqlx::query_as(
        "SELECT id, profile, published FROM startups WHERE event_id = $1 AND version > $2 ORDER BY position",
    )
    .bind(event_id)
    .bind(since)
    .fetch_all(connection)
    .await?;
    Ok(rows)
}

/// (id, profile) of the investors changed since `since`, in running order.
pub async fn investors_changed_since(
    connection: &mut AnyConnection,
    event_id: &str,
    since: i64,
) -> ApiResult<Vec<(String, String)>> {
    let rows = sqlx::query_as(
        "SELECT id, profile FROM investors WHERE event_id = $1 AND version > $2 ORDER BY position",
    )
    .bind(event_id)
    .bind(since)
    .fetch_all(connection)
    .await?;
    Ok(rows)
}

/// Deletes one startup or investor (its scores and verdicts cascade).
pub async fn delete(
    connection: &mut AnyConnection,
    kind: Kind,
    event_id: &str,
    id: &str,
) -> ApiResult<()> {
    sqlx::query(&format!(
        "DELETE FROM {} WHERE event_id = $1 AND id = $2",
        kind.table()
    ))
    .bind(event_id)
    .bind(id)
    .execute(connection)
    .await?;
    Ok(())
}

/// Drops every id in `ids` from the named id lists of every `owners` profile that mentions one (a startup's
/// wishes naming a removed investor, an investor's conflicts naming a removed startup), so every
/// stored profile stays valid by core's rules. Changed profiles get `version`.
pub async fn remove_from_lists(
    connection: &mut AnyConnection,
    event_id: &str,
    owners: Kind,
    fields: &[&str],
    ids: &std::collections::HashSet<&str>,
    version: i64,
) -> ApiResult<()> {
    let table = owners.table();
    let rows: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT id, profile FROM {table} WHERE event_id = $1"
    ))
    .bind(event_id)
    .fetch_all(&mut *connection)
    .await?;
    for (owner, profile) in rows {
        let mut value: serde_json::Value = from_json(&profile)?;
        let mut changed = false;
        for field in fields {
            if let Some(list) = value
                .get_mut(*field)
                .and_then(serde_json::Value::as_array_mut)
            {
                let before = list.len();
                list.retain(|entry| !entry.as_str().is_some_and(|named| ids.contains(named)));
                changed |= list.len() != before;
            }
        }
        if changed {
            sqlx::query(&format!(
                "UPDATE {table} SET profile = $1, version = $2 WHERE event_id = $3 AND id = $4"
            ))
            .bind(value.to_string())
            .bind(version)
            .bind(event_id)
            .bind(&owner)
            .execute(&mut *connection)
            .await?;
        }
    }
    Ok(())
}
