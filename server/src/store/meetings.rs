//! The `meetings` table: the organizer's meeting plan, one row per (investor, startup) with its
//! slot and table. Whether the plan is published is the event's `meetings_published`.

use super::people::Kind;
use super::{insert_rows, Row, Table, Value};
use crate::error::{ApiResult, InternalError};
use roadshow_core::model::{MeetingStatus, PlannedMeeting};
use sqlx::SqliteConnection;

pub const MEETINGS: Table = Table {
    name: "meetings",
    columns: &[
        "event_id",
        "investor_id",
        "startup_id",
        "slot",
        "table_no",
        "status",
    ],
};

/// A meeting as the feed, the export and the removal record carry it (its status absent when
/// none was given).
pub use roadshow_core::model::PlannedMeeting as MeetingRow;

/// A meeting row as SQLite returns it (see `MEETING_COLUMNS`).
type MeetingTuple = (String, String, i64, i64, Option<String>);

fn meeting((investor, startup, slot, table, status): MeetingTuple) -> ApiResult<MeetingRow> {
    let status = match status {
        None => None,
        Some(name) => {
            Some(MeetingStatus::parse(&name).ok_or(InternalError::StoredMeetingStatus(name))?)
        }
    };
    Ok(MeetingRow {
        investor,
        startup,
        slot,
        table,
        status,
    })
}

pub fn meeting_row(event_id: &str, meeting: &PlannedMeeting) -> Row {
    vec![
        Value::Text(event_id.to_owned()),
        Value::Text(meeting.investor.clone()),
        Value::Text(meeting.startup.clone()),
        Value::Int(meeting.slot),
        Value::Int(meeting.table),
        Value::OptionalText(meeting.status.map(|status| status.as_str().to_owned())),
    ]
}

/// Replaces the event's whole plan.
pub async fn replace_all(
    connection: &mut SqliteConnection,
    event_id: &str,
    meetings: &[PlannedMeeting],
) -> ApiResult<()> {
    sqlx::query("DELETE FROM meetings WHERE event_id = ?")
        .bind(event_id)
        .execute(&mut *connection)
        .await?;
    for meeting in meetings {
        insert_rows(
            &mut *connection,
            &MEETINGS,
            &[meeting_row(event_id, meeting)],
        )
        .await?;
    }
    Ok(())
}

const MEETING_COLUMNS: &str =
    "investor_id AS investor, startup_id AS startup, slot, table_no AS \"table\", status";

/// The event's whole plan, by slot and table.
pub async fn all(connection: &mut SqliteConnection, event_id: &str) -> ApiResult<Vec<MeetingRow>> {
    let rows: Vec<MeetingTuple> = sqlx::query_as(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings WHERE event_id = ? ORDER BY slot, table_no"
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    rows.into_iter().map(meeting).collect()
}

/// The meetings of one startup or investor, for the removal record.
pub async fn of_person(
    connection: &mut SqliteConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<Vec<MeetingRow>> {
    let rows: Vec<MeetingTuple> = sqlx::query_as(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings WHERE event_id = ? AND {} = ?",
        kind.column()
    ))
    .bind(event_id)
    .bind(id)
    .fetch_all(connection)
    .await?;
    rows.into_iter().map(meeting).collect()
}

pub async fn delete_of_person(
    connection: &mut SqliteConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<()> {
    sqlx::query(&format!(
        "DELETE FROM meetings WHERE event_id = ? AND {} = ?",
        kind.column()
    ))
    .bind(event_id)
    .bind(id)
    .execute(connection)
    .await?;
    Ok(())
}
