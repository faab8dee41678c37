//! The outcome files of issue 14 (definitions §7.1, §7.4), written with the rules of every CSV
//! of the product ([`crate::csv::write_rows`]: UTF-8 with a byte-order mark, RFC 4180 quoting,
//! formula-looking text neutralised; see [`crate::export`]'s module docs).
//!
//! | file | columns |
//! |---|---|
//! | meetings with status | [`MEETING_STATUS_COLUMNS`] ([`meetings_status_csv`]) |
//! | follow-ups | [`FOLLOW_UP_COLUMNS`] ([`follow_ups_csv`]) |
//!
//! Slots and tables are numbered from 0, as in the snapshot and the schedule CSV; times are
//! RFC 3339 in KST, empty when the event has no slot times. A meeting without a status is
//! `proposed` (definitions §11). `confirmed` is `true`, `false` (disputed by the startup) or empty
//! (not answered, or not an investment).

use crate::csv::{header, write_rows, Cell};
use crate::export::{rfc3339_kst, Directory, ExportError, SlotClock};
use crate::model::{MeetingStatus, Snapshot};

pub const MEETING_STATUS_COLUMNS: [&str; 9] = [
    "slot",
    "starts_at",
    "ends_at",
    "table",
    "investor",
    "investor_name",
    "startup",
    "startup_name",
    "status",
];

/// Every meeting of the plan (declined, no-show and cancelled ones included) with its status,
/// by slot, table, investor id, startup id.
pub fn meetings_status_csv(
    snapshot: &Snapshot,
    clock: Option<&SlotClock>,
    directory: &Directory,
) -> Result<String, ExportError> {
    let mut meetings: Vec<_> = snapshot.meetings.iter().collect();
    meetings.sort_by(|a, b| {
        (a.slot, a.table, &a.investor, &a.startup).cmp(&(b.slot, b.table, &b.investor, &b.startup))
    });
    let mut rows = vec![header(MEETING_STATUS_COLUMNS)];
    for meeting in meetings {
        let slot = u32::try_from(meeting.slot).ok();
        let time = |at: Option<chrono::DateTime<chrono::FixedOffset>>| {
            Cell::text(at.map(|t| rfc3339_kst(&t)).unwrap_or_default())
        };
        rows.push(vec![
            Cell::number(meeting.slot as f64),
            time(clock.zip(slot).map(|(c, s)| c.slot_start(s))),
            time(clock.zip(slot).map(|(c, s)| c.slot_end(s))),
            Cell::number(meeting.table as f64),
            Cell::text(meeting.investor.as_str()),
            Cell::text(directory.investor_name(&meeting.investor)),
            Cell::text(meeting.startup.as_str()),
            Cell::text(directory.startup_name(&meeting.startup)),
            Cell::text(meeting.status.unwrap_or(MeetingStatus::Proposed).as_str()),
        ]);
    }
    Ok(write_rows(rows)?)
}

pub const FOLLOW_UP_COLUMNS: [&str; 9] = [
    "investor",
    "investor_name",
    "startup",
    "startup_name",
    "stage",
    "amount_krw",
    "date",
    "confirmed",
    "reason",
];

/// Every pair's follow-up record, by investor id, startup id.
pub fn follow_ups_csv(snapshot: &Snapshot, directory: &Directory) -> Result<String, ExportError> {
    let mut records: Vec<_> = snapshot.follow_ups.iter().collect();
    records.sort_by(|a, b| (&a.investor, &a.startup).cmp(&(&b.investor, &b.startup)));
    let mut rows = vec![header(FOLLOW_UP_COLUMNS)];
    for record in records {
        rows.push(vec![
            Cell::text(record.investor.as_str()),
            Cell::text(directory.investor_name(&record.investor)),
            Cell::text(record.startup.as_str()),
            Cell::text(directory.startup_name(&record.startup)),
            Cell::text(record.stage.as_str()),
            record
                .amount_krw
                .map_or_else(Cell::empty, |amount| Cell::number(amount as f64)),
            Cell::text(record.date.map(|d| d.to_string()).unwrap_or_default()),
            Cell::text(match record.confirmed {
                Some(true) => "true",
                Some(false) => "false",
                None => "",
            }),
            Cell::text(record.reason.clone().unwrap_or_default()),
        ]);
    }
    Ok(write_rows(rows)?)
}
