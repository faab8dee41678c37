//! The `meetings` table: the organizer's meeting plan, one row per (investor, startup) with its
//! slot and table, what each side said about it (definitions §7.1) and its calendar revision.
//! Whether the plan is published is the event's `meetings_published`.

use super::people::Kind;
use super::{insert_rows, Row, Table, Value};
use crate::error::{ApiResult, InternalError};
use roadshow_core::meeting_answers::MeetingSides;
use roadshow_core::model::{MeetingStatus, PlannedMeeting};
use roadshow_core::wire::MeetingState;
use sqlx::AnyConnection;
use std::collections::HashMap;

pub const MEETINGS: Table = Table {
    name: "meetings",
    columns: &[
        "event_id",
        "investor_id",
        "startup_id",
        "slot",
        "table_no",
        "status",
        "sides",
        "sequence",
        "attendees",
    ],
};

/// A meeting as the feed, the export and the removal record carry it (its status absent when
/// none was given).
pub use roadshow_core::model::PlannedMeeting as MeetingRow;

/// A meeting row as SQLite returns it (see `MEETING_COLUMNS`).
type MeetingTuple = (String, String, i64, i64, Option<String>, Option<String>);

fn meeting(
    (investor, startup, slot, table, status, attendees): MeetingTuple,
) -> ApiResult<MeetingRow> {
    let status = match status {
        None => None,
        Some(name) => {
            Some(MeetingStatus::parse(&name).ok_or(InternalError::StoredMeetingStatus(name))?)
        }
    };
    let attendees = match attendees {
        None => Vec::new(),
        Some(json) => {
            serde_json::from_str(&json).map_err(|_| InternalError::StoredMeetingAttendees(json))?
        }
    };
    Ok(MeetingRow {
        investor,
        startup,
        slot,
        table,
        status,
        attendees,
    })
}

/// The attendees column: a JSON array, or NULL for none.
fn attendees_column(meeting: &PlannedMeeting) -> Value {
    Value::OptionalText(
        (!meeting.attendees.is_empty()).then(|| {
            serde_json::to_string(&meeting.attendees).expect("a list of strings serializes")
        }),
    )
}

pub fn meeting_row(event_id: &str, meeting: &PlannedMeeting) -> Row {
    vec![
        Value::Text(event_id.to_owned()),
        Value::Text(meeting.investor.clone()),
        Value::Text(meeting.startup.clone()),
        Value::Int(meeting.slot),
        Value::Int(meeting.table),
        Value::OptionalText(meeting.status.map(|status| status.as_str().to_owned())),
        Value::OptionalText(None),
        Value::Int(0),
        attendees_column(meeting),
    ]
}

/// A stored meeting with what its sides said and its calendar revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeeting {
    pub meeting: MeetingRow,
    pub sides: MeetingSides,
    pub sequence: i64,
}

impl StoredMeeting {
    pub fn state(&self) -> MeetingState {
        MeetingState {
            investor: self.meeting.investor.clone(),
            startup: self.meeting.startup.clone(),
            sides: self.sides.clone(),
            sequence: self.sequence,
        }
    }
}

type StoredTuple = (
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
);

fn stored(
    (investor, startup, slot, table, status, sides, sequence, attendees): StoredTuple,
) -> ApiResult<StoredMeeting> {
    let meeting = meeting((investor, startup, slot, table, status, attendees))?;
    let sides = match sides {
        // Only a status was given: both sides agree on it.
        None => MeetingSides::agreeing_on(meeting.status.unwrap_or(MeetingStatus::Proposed)),
        Some(json) => {
            serde_json::from_str(&json).map_err(|_| InternalError::StoredMeetingSides(json))?
        }
    };
    Ok(StoredMeeting {
        meeting,
        sides,
        sequence,
    })
}

const STORED_COLUMNS: &str =
    "investor_id, startup_id, slot, table_no, status, sides, sequence, attendees";

/// The event's meetings with their sides, by slot and table.
pub async fn all_stored(
    connection: &mut AnyConnection,
    event_id: &str,
) -> ApiResult<Vec<StoredMeeting>> {
    let rows: Vec<StoredTuple> = sqlx::query_as(&format!(
        "SELECT {STORED_COLUMNS} FROM meetings WHERE event_id = $1 ORDER BY slot, table_no"
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    rows.into_iter().map(stored).collect()
}

/// The pair's meeting, if the plan has one.
pub async fn of_pair(
    connection: &mut AnyConnection,
    event_id: &str,
    investor_id: &str,
    startup_id: &str,
) -> ApiResult<Option<StoredMeeting>> {
    let row: Option<StoredTuple> = sqlx::query_as(&format!(
        "SELECT {STORED_COLUMNS} FROM meetings
             WHERE event_id = $1 AND investor_id = $2 AND startup_id = $3"
    ))
    .bind(event_id)
    .bind(investor_id)
    .bind(startup_id)
    .fetch_optional(connection)
    .await?;
    row.map(stored).transpose()
}

/// Stores what the sides now say, the status it adds up to, and the calendar revision.
pub async fn write_sides(
    connection: &mut AnyConnection,
    event_id: &str,
    stored: &StoredMeeting,
) -> ApiResult<()> {
    let sides = serde_json::to_string(&stored.sides)
        .map_err(|error| crate::error::ApiError::Internal(error.into()))?;
    sqlx::query(
        "UPDATE meetings SET sides = $1, status = $2, sequence = $3
             WHERE event_id = $4 AND investor_id = $5 AND startup_id = $6",
    )
    .bind(sides)
    .bind(stored.sides.status().as_str())
    .bind(stored.sequence)
    .bind(event_id)
    .bind(&stored.meeting.investor)
    .bind(&stored.meeting.startup)
    .execute(connection)
    .await?;
    Ok(())
}

/// Replaces the event's whole plan, keeping what was said about every meeting that stays where
/// it was (same pair, slot and table): a repaired plan re-sent whole changes only the meetings
/// that are new or moved. Those get the next calendar revision (one above any the event has
/// used), so a calendar already imported replaces them; a moved meeting's answers start over
/// from the status the plan gives.
pub async fn replace_plan(
    connection: &mut AnyConnection,
    event_id: &str,
    meetings: &[PlannedMeeting],
) -> ApiResult<()> {
    let before: HashMap<(String, String), StoredMeeting> = all_stored(&mut *connection, event_id)
        .await?
        .into_iter()
        .map(|stored| {
            (
                (
                    stored.meeting.investor.clone(),
                    stored.meeting.startup.clone(),
                ),
                stored,
            )
        })
        .collect();
    let next_sequence = before
        .values()
        .map(|stored| stored.sequence + 1)
        .max()
        .unwrap_or(0);
    sqlx::query("DELETE FROM meetings WHERE event_id = $1")
        .bind(event_id)
        .execute(&mut *connection)
        .await?;
    for meeting in meetings {
        let kept = before
            .get(&(meeting.investor.clone(), meeting.startup.clone()))
            .filter(|stored| {
                stored.meeting.slot == meeting.slot && stored.meeting.table == meeting.table
            });
        let row = match kept {
            Some(stored) => {
                let mut row = meeting_row(event_id, &stored.meeting);
                // Who attends is the new plan's to say.
                row[8] = attendees_column(meeting);
                row[5] = Value::OptionalText(Some(stored.sides.status().as_str().to_owned()));
                row[6] = Value::OptionalText(Some(
                    serde_json::to_string(&stored.sides)
                        .map_err(|error| crate::error::ApiError::Internal(error.into()))?,
                ));
                row[7] = Value::Int(stored.sequence);
                if stored.meeting.status.is_none() && stored.sides == MeetingSides::default() {
                    // Nothing said yet: stays as it was stored (no status written).
                    row[5] = Value::OptionalText(None);
                    row[6] = Value::OptionalText(None);
                }
                row
            }
            None => {
                let mut row = meeting_row(event_id, meeting);
                row[7] = Value::Int(next_sequence);
                row
            }
        };
        insert_rows(&mut *connection, &MEETINGS, &[row]).await?;
    }
    Ok(())
}

const MEETING_COLUMNS: &str =
    "investor_id AS investor, startup_id AS startup, slot, table_no AS \"table\", status, attendees";

/// The event's whole plan, by slot and table.
pub async fn all(connection: &mut AnyConnection, event_id: &str) -> ApiResult<Vec<MeetingRow>> {
    let rows: Vec<MeetingTuple> = sqlx::query_as(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings WHERE event_id = $1 ORDER BY slot, table_no"
    ))
    .bind(event_id)
    .fetch_all(connection)
    .await?;
    rows.into_iter().map(meeting).collect()
}

/// The meetings of one startup or investor, for the removal record.
pub async fn of_person(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<Vec<MeetingRow>> {
    let rows: Vec<MeetingTuple> = sqlx::query_as(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings WHERE event_id = $1 AND {} = $2",
        kind.column()
    ))
    .bind(event_id)
    .bind(id)
    .fetch_all(connection)
    .await?;
    rows.into_iter().map(meeting).collect()
}

pub async fn delete_of_person(
    connection: &mut AnyConnection,
    event_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<()> {
    sqlx::query(&format!(
        "DELETE FROM meetings WHERE event_id = $1 AND {} = $2",
        kind.column()
    ))
    .bind(event_id)
    .bind(id)
    .execute(connection)
    .await?;
    Ok(())
}
