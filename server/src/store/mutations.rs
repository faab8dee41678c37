//! The `applied_mutations` table: the result of every (author, client id, sequence number)
//! mutation applied in an event, with the SHA-256 of what it said, so a batch sent again is
//! answered from the record instead of being applied twice. The author is an investor (the
//! scoring phones), a startup or the organizer (meeting answers and follow-ups), by role and id.

use super::{insert_rows, Table, Value};
use crate::error::ApiResult;
use crate::principal::Author;
use sqlx::AnyConnection;

pub const APPLIED_MUTATIONS: Table = Table {
    name: "applied_mutations",
    columns: &[
        "event_id",
        "investor_id",
        "client_id",
        "seq",
        "result",
        "change_sha256",
        "author_role",
    ],
};

/// Which mutation: one author's device's sequence number, in one event.
pub struct MutationKey<'a> {
    pub event_id: &'a str,
    pub author: &'a Author,
    pub client_id: &'a str,
    pub seq: i64,
}

/// A recorded mutation: its result as JSON, and the hash of its change (absent on rows recorded
/// before hashes were kept).
pub struct Recorded {
    pub result: String,
    pub change_sha256: Option<String>,
}

pub async fn recorded(
    connection: &mut AnyConnection,
    key: &MutationKey<'_>,
) -> ApiResult<Option<Recorded>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT result, change_sha256 FROM applied_mutations
             WHERE event_id = $1 AND author_role = $2 AND investor_id = $3 AND client_id = $4
               AND seq = $5",
    )
    .bind(key.event_id)
    .bind(key.author.role_name())
    .bind(key.author.id())
    .bind(key.client_id)
    .bind(key.seq)
    .fetch_optional(connection)
    .await?;
    Ok(row.map(|(result, change_sha256)| Recorded {
        result,
        change_sha256,
    }))
}

pub async fn record(
    connection: &mut AnyConnection,
    key: &MutationKey<'_>,
    result: String,
    change_sha256: &str,
) -> ApiResult<()> {
    let row = vec![
        Value::Text(key.event_id.to_owned()),
        Value::Text(key.author.id().to_owned()),
        Value::Text(key.client_id.to_owned()),
        Value::Int(key.seq),
        Value::Text(result),
        Value::OptionalText(Some(change_sha256.to_owned())),
        Value::Text(key.author.role_name().to_owned()),
    ];
    insert_rows(connection, &APPLIED_MUTATIONS, &[row]).await?;
    Ok(())
}

/// Forgets a removed investor's or startup's records.
pub async fn forget_author(
    connection: &mut AnyConnection,
    event_id: &str,
    author: &Author,
) -> ApiResult<()> {
    sqlx::query(
        "DELETE FROM applied_mutations WHERE event_id = $1 AND author_role = $2 AND investor_id = $3",
    )
    .bind(event_id)
    .bind(author.role_name())
    .bind(author.id())
    .execute(connection)
    .await?;
    Ok(())
}
