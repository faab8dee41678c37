//! The `applied_mutations` table: the result of every (author, client id, sequence number)
//! mutation applied in an event, with the SHA-256 of what it said, so a batch sent again is
//! answered from the record instead of being applied twice. The author is an investor (the
//! scoring phones), a startup or the organizer (meeting answers and follow-ups), by role and id.

use super::{insert_rows, Row, Statement, Table, Value, ROWS_PER_STATEMENT};
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

impl MutationKey<'_> {
    pub fn owned(&self) -> RecordKey {
        RecordKey {
            event_id: self.event_id.to_owned(),
            author_role: self.author.role_name(),
            author_id: self.author.id().to_owned(),
            client_id: self.client_id.to_owned(),
            seq: self.seq,
        }
    }
}

/// A [`MutationKey`] that owns its parts (the group-commit writer's memory of what it read).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordKey {
    pub event_id: String,
    pub author_role: &'static str,
    pub author_id: String,
    pub client_id: String,
    pub seq: i64,
}

impl RecordKey {
    fn values(&self) -> Row {
        vec![
            Value::Text(self.event_id.clone()),
            Value::Text(self.author_role.to_owned()),
            Value::Text(self.author_id.clone()),
            Value::Text(self.client_id.clone()),
            Value::Int(self.seq),
        ]
    }
}

/// A recorded mutation: its result as JSON, and the hash of its change (absent on rows recorded
/// before hashes were kept).
#[derive(Debug, Clone)]
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

/// The records among `keys`, each with its key (keys with no record are left out).
pub async fn recorded_among(
    connection: &mut AnyConnection,
    keys: &[RecordKey],
) -> ApiResult<Vec<(RecordKey, Recorded)>> {
    type Found = (String, String, String, String, i64, String, Option<String>);
    let mut records = Vec::new();
    for chunk in keys.chunks(ROWS_PER_STATEMENT) {
        // A join on a list of values: both databases name its columns column1, column2, …
        let mut statement = Statement::new(
            "SELECT m.event_id, m.author_role, m.investor_id, m.client_id, m.seq, m.result,
                    m.change_sha256
             FROM (",
        );
        let values: Vec<Row> = chunk.iter().map(RecordKey::values).collect();
        statement.push_values(&values);
        statement.push(
            ") AS k JOIN applied_mutations AS m
             ON m.event_id = k.column1 AND m.author_role = k.column2 AND m.investor_id = k.column3
                AND m.client_id = k.column4 AND m.seq = k.column5",
        );
        let found: Vec<Found> = statement.fetch_all(connection).await?;
        for (event_id, role, author_id, client_id, seq, result, change_sha256) in found {
            let Some(author_role) = chunk
                .iter()
                .map(|key| key.author_role)
                .find(|known| *known == role)
            else {
                continue;
            };
            let key = RecordKey {
                event_id,
                author_role,
                author_id,
                client_id,
                seq,
            };
            records.push((
                key,
                Recorded {
                    result,
                    change_sha256,
                },
            ));
        }
    }
    Ok(records)
}

/// The row that records a mutation's result.
pub fn record_row(key: &RecordKey, result: String, change_sha256: &str) -> Row {
    vec![
        Value::Text(key.event_id.clone()),
        Value::Text(key.author_id.clone()),
        Value::Text(key.client_id.clone()),
        Value::Int(key.seq),
        Value::Text(result),
        Value::OptionalText(Some(change_sha256.to_owned())),
        Value::Text(key.author_role.to_owned()),
    ]
}

/// Records many mutations' results, [`ROWS_PER_STATEMENT`] to a statement.
pub async fn record_all(connection: &mut AnyConnection, rows: &[Row]) -> ApiResult<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        insert_rows(connection, &APPLIED_MUTATIONS, chunk).await?;
    }
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
