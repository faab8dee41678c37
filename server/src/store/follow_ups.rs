//! The `follow_ups` table (one row per pair that went on after its meeting, definitions §7.4) and
//! the `outcome_log`, where every answer, mark, cancellation, stage change and confirmation is
//! recorded with its author.

use super::people::Kind;
use super::{insert_rows, Flag, Table, Value};
use crate::error::{ApiResult, InternalError};
use crate::principal::Author;
use roadshow_core::meeting_answers::Side;
use roadshow_core::model::{FollowUp, FollowUpStage};
use sqlx::AnyConnection;

pub const FOLLOW_UPS: Table = Table {
    name: "follow_ups",
    columns: &[
        "event_id",
        "investor_id",
        "startup_id",
        "stage",
        "amount_krw",
        "date",
        "confirmed",
        "reason",
        "updated_at",
        "version",
    ],
};

/// A follow-up row as SQLite returns it (see `COLUMNS`).
type FollowUpTuple = (
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<Flag>,
    Option<String>,
);

const COLUMNS: &str = "investor_id, startup_id, stage, amount_krw, date, confirmed, reason";

fn follow_up(
    (investor, startup, stage, amount_krw, date, confirmed, reason): FollowUpTuple,
) -> ApiResult<FollowUp> {
    let stage = FollowUpStage::parse(&stage).ok_or(InternalError::StoredFollowUp(stage))?;
    let date = match date {
        None => None,
        Some(text) => Some(
            chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| InternalError::StoredFollowUp(text))?,
        ),
    };
    Ok(FollowUp {
        investor,
        startup,
        stage,
        amount_krw,
        date,
        confirmed: confirmed.map(bool::from),
        reason,
    })
}

/// One row for [`FOLLOW_UPS`].
pub fn follow_up_row(event_id: &str, entry: &FollowUp, now: &str, version: i64) -> super::Row {
    vec![
        Value::Text(event_id.to_owned()),
        Value::Text(entry.investor.clone()),
        Value::Text(entry.startup.clone()),
        Value::Text(entry.stage.as_str().to_owned()),
        Value::OptionalInt(entry.amount_krw),
        Value::OptionalText(entry.date.map(|date| date.format("%Y-%m-%d").to_string())),
        Value::OptionalBool(entry.confirmed),
        Value::OptionalText(entry.reason.clone()),
        Value::Text(now.to_owned()),
        Value::Int(version),
    ]
}

/// The event's follow-ups, by investor and startup.
pub async fn all(connection: &mut AnyConnection, event_id: &str) -> ApiResult<Vec<FollowUp>> {
    let rows: Vec<FollowUpTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM follow_ups WHERE event_id = $1 ORDER BY investor_id, startup_id"
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    rows.into_iter().map(follow_up).collect()
}

/// One pair's record, if it has one.
pub async fn of_pair(
    connection: &mut AnyConnection,
    event_id: &str,
    investor_id: &str,
    startup_id: &str,
) -> ApiResult<Option<FollowUp>> {
    let row: Option<FollowUpTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM follow_ups WHERE event_id = $1 AND investor_id = $2 AND startup_id = $3"
    ))
    .bind(event_id)
    .bind(investor_id)
    .bind(startup_id)
    .fetch_optional(connection)
    .await?;
    row.map(follow_up).transpose()
}

/// The follow-ups of one startup or investor (for the removal record).
pub async fn of_person(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<Vec<FollowUp>> {
    let rows: Vec<FollowUpTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM follow_ups WHERE event_id = $1 AND {} = $2",
        kind.column()
    ))
    .bind(event_id)
    .bind(id)
    .fetch_all(connection)
    .await?;
    rows.into_iter().map(follow_up).collect()
}

/// Writes the pair's record, replacing the one it had.
pub async fn write(
    connection: &mut AnyConnection,
    event_id: &str,
    entry: &FollowUp,
    now: &str,
    version: i64,
) -> ApiResult<()> {
    sqlx::query(
        "DELETE FROM follow_ups WHERE event_id = $1 AND investor_id = $2 AND startup_id = $3",
    )
    .bind(event_id)
    .bind(&entry.investor)
    .bind(&entry.startup)
    .execute(&mut *connection)
    .await?;
    insert_rows(
        connection,
        &FOLLOW_UPS,
        &[follow_up_row(event_id, entry, now, version)],
    )
    .await?;
    Ok(())
}

/// Records an applied outcome change: who said it (and for which side, when the organizer spoke
/// for one), when, and what.
pub async fn log(
    connection: &mut AnyConnection,
    event_id: &str,
    (investor_id, startup_id): (&str, &str),
    author: &Author,
    on_behalf_of: Option<Side>,
    change: &str,
    now: &str,
) -> ApiResult<()> {
    let side = on_behalf_of.map(|side| match side {
        Side::Investor => "investor",
        Side::Startup => "startup",
    });
    sqlx::query(
        "INSERT INTO outcome_log
             (event_id, investor_id, startup_id, author_role, on_behalf_of, change, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(event_id)
    .bind(investor_id)
    .bind(startup_id)
    .bind(author.role_name())
    .bind(side)
    .bind(change)
    .bind(now)
    .execute(connection)
    .await?;
    Ok(())
}

/// Marks the pair's record with the event version that last changed it.
pub async fn stamp(
    connection: &mut AnyConnection,
    pair: &super::scores::Pair<'_>,
    version: i64,
) -> ApiResult<()> {
    sqlx::query(
        "UPDATE follow_ups SET version = $1 WHERE event_id = $2 AND investor_id = $3 AND startup_id = $4",
    )
    .bind(version)
    .bind(pair.event_id)
    .bind(pair.investor_id)
    .bind(pair.startup_id)
    .execute(connection)
    .await?;
    Ok(())
}
