//! Files the organizer hands out after the day: CSV for spreadsheets and iCalendar (RFC 5545)
//! agendas for investors and startups. Pure functions from data to text; the caller supplies the
//! time stamp (`DTSTAMP`), because core reads no clock.
//!
//! # CSV files (UTF-8 with a byte-order mark, header row first, RFC 4180 quoting by the `csv` crate)
//!
//! | file | columns |
//! |---|---|
//! | scores | [`crate::csv::SCORE_COLUMNS`]: `investor,startup,criterion,value,abstain,comment` ([`scores_csv`]) |
//! | ranking | `rank,startup,name,total,raw_total,normalized_total,se,ci_low,ci_high,judges,needs,disagreement` then `{key}_mean,{key}_rank` per criterion ([`ranking_csv`]) |
//! | matches | [`MATCH_COLUMNS`] ([`matches_csv`]) |
//! | schedule | [`SCHEDULE_COLUMNS`] ([`schedule_csv`]) |
//!
//! Slots and tables are numbered from 0 in CSV, as in the snapshot; people read tables from 1
//! ("테이블 1 / Table 1" is table 0) in calendars and on screen. Times are RFC 3339 in KST.
//! Any user text (names, comments with commas, quotes or newlines) is quoted, never breaks a row.
//! Every file starts with the UTF-8 byte-order mark (U+FEFF) so Excel reads Hangul correctly, and
//! every text cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, carriage
//! return first) is written with a leading `'`; numbers stay numbers. Both rules live in
//! [`crate::csv::write_rows`], which every CSV writer here uses.
//!
//! # iCalendar agendas
//!
//! ```text
//! let clock = SlotClock::from_settings(&snapshot.event.meetings)?;       // first slot + length
//! let header = CalendarHeader { event_id, event_name, venue, clock, stamp };
//! let text = agenda_ics(&header, &meetings, AgendaOwner::Investor("i1"), &directory);
//! // or, from a whole snapshot whose `meetings` were published:
//! let text = snapshot_agenda_ics(&snapshot, &meetings, AgendaOwner::Startup("s1"), stamp)?;
//! ```
//!
//! One VCALENDAR per person with one VEVENT per meeting: CRLF line ends, lines folded at 75
//! octets (never inside a UTF-8 character), TEXT values escaped (`\\ \; \, \n`), a stable UID per
//! (event, investor, startup) so re-importing an updated agenda replaces events instead of
//! duplicating them, DTSTART/DTEND with `TZID=Asia/Seoul` and a VTIMEZONE for it (KST, UTC+9,
//! no daylight saving since 1988). Meeting start = first slot + slot × slot length.

use crate::csv::{header as header_cells, write_rows, Cell, CsvError};
use crate::event_draft::kst;
use crate::matching::{Meeting, MeetingSchedule, PairExplanation};
use crate::model::{MeetingSettings, MeetingStatus, Snapshot};
use crate::ranking::Ranking;
use chrono::{DateTime, Datelike, FixedOffset, TimeDelta, Timelike, Utc};
use std::collections::HashMap;
use std::fmt::Write as _;
use thiserror::Error;

/// Why an export could not be written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExportError {
    /// Calendars need `meetings.first_slot` and `meetings.slot_minutes` in the event settings.
    #[error("the event's meeting settings have no first slot time or slot length")]
    MeetingTimesMissing,
    #[error("the slot length must be at least one minute, not {minutes}")]
    SlotLengthNotPositive { minutes: i64 },
    /// The snapshot's `meetings` list is not a list of `{investor, startup, slot, table}`.
    #[error("the snapshot's published meetings are malformed: {message}")]
    MalformedMeetings { message: String },
    #[error(transparent)]
    Csv(#[from] CsvError),
}

/// Display names by id, for files people read. Unknown ids are shown as the id itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    investors: HashMap<String, String>,
    startups: HashMap<String, String>,
}

impl Directory {
    /// `(id, name)` pairs of investors and of startups.
    pub fn new(
        investors: impl IntoIterator<Item = (String, String)>,
        startups: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        Directory {
            investors: investors.into_iter().collect(),
            startups: startups.into_iter().collect(),
        }
    }

    /// Investors as "firm (person)" when a person is named, startups by name.
    pub fn from_snapshot(snapshot: &Snapshot) -> Self {
        Directory::new(
            snapshot.investors.iter().map(|investor| {
                let name = match investor.person.as_deref().map(str::trim) {
                    Some(person) if !person.is_empty() => format!("{} ({person})", investor.firm),
                    _ => investor.firm.clone(),
                };
                (investor.id.clone(), name)
            }),
            snapshot
                .startups
                .iter()
                .map(|startup| (startup.id.clone(), startup.name.clone())),
        )
    }

    pub fn investor_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.investors.get(id).map_or(id, String::as_str)
    }

    pub fn startup_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.startups.get(id).map_or(id, String::as_str)
    }
}

/// When each meeting slot starts: the first slot plus a fixed length per slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotClock {
    first_slot: DateTime<FixedOffset>,
    slot_minutes: i64,
}

impl SlotClock {
    pub fn new(first_slot: DateTime<FixedOffset>, slot_minutes: i64) -> Result<Self, ExportError> {
        if slot_minutes < 1 {
            return Err(ExportError::SlotLengthNotPositive {
                minutes: slot_minutes,
            });
        }
        Ok(SlotClock {
            first_slot: first_slot.with_timezone(&kst()),
            slot_minutes,
        })
    }

    /// From the event's meeting settings; both `first_slot` and `slot_minutes` must be set.
    pub fn from_settings(settings: &MeetingSettings) -> Result<Self, ExportError> {
        match (settings.first_slot, settings.slot_minutes) {
            (Some(first_slot), Some(minutes)) => SlotClock::new(first_slot, minutes),
            _ => Err(ExportError::MeetingTimesMissing),
        }
    }

    /// Start of `slot` (from 0), in KST.
    pub fn slot_start(&self, slot: u32) -> DateTime<FixedOffset> {
        self.first_slot + TimeDelta::minutes(self.slot_minutes * i64::from(slot))
    }

    /// End of `slot`, in KST (the start of the next one).
    pub fn slot_end(&self, slot: u32) -> DateTime<FixedOffset> {
        self.slot_start(slot) + TimeDelta::minutes(self.slot_minutes)
    }

    pub fn slot_minutes(&self) -> i64 {
        self.slot_minutes
    }
}

/// `2026-12-10T13:40:00+09:00`, written by hand (chrono's format strings cost wasm size).
pub fn rfc3339_kst(time: &DateTime<FixedOffset>) -> String {
    let local = time.with_timezone(&kst());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+09:00",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

// ---------------------------------------------------------------------------------------------
// CSV

/// The snapshot's scores (see [`crate::csv::export_scores`]).
pub fn scores_csv(snapshot: &Snapshot) -> Result<String, ExportError> {
    Ok(crate::csv::export_scores(snapshot)?)
}

/// The ranking in rank order (see [`crate::csv::export_ranking`]).
pub fn ranking_csv(snapshot: &Snapshot, ranking: &Ranking) -> Result<String, ExportError> {
    Ok(crate::csv::export_ranking(snapshot, ranking)?)
}

/// Columns of the matches CSV: the pair, M, its four parts F, O, I, P, the four parts of F and
/// where O came from (`own_score`, `consensus`, `nobody_scored`).
pub const MATCH_COLUMNS: [&str; 14] = [
    "investor",
    "investor_name",
    "startup",
    "startup_name",
    "score",
    "fit",
    "own",
    "interest",
    "startup_interest",
    "fit_field",
    "fit_stage",
    "fit_region",
    "fit_ticket",
    "own_source",
];

/// One row per pair, in the order given (the app passes the selected pairs, best first).
pub fn matches_csv(
    pairs: &[PairExplanation],
    directory: &Directory,
) -> Result<String, ExportError> {
    let mut rows = vec![header_cells(MATCH_COLUMNS)];
    for pair in pairs {
        let own_source = serde_json::to_value(pair.own_source)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default();
        rows.push(vec![
            Cell::text(pair.investor.as_str()),
            Cell::text(directory.investor_name(&pair.investor)),
            Cell::text(pair.startup.as_str()),
            Cell::text(directory.startup_name(&pair.startup)),
            Cell::number(pair.score),
            Cell::number(pair.fit),
            Cell::number(pair.own),
            Cell::number(pair.interest),
            Cell::number(pair.startup_interest),
            Cell::number(pair.fit_parts.field),
            Cell::number(pair.fit_parts.stage),
            Cell::number(pair.fit_parts.region),
            Cell::number(pair.fit_parts.ticket),
            Cell::text(own_source),
        ]);
    }
    Ok(write_rows(rows)?)
}

/// Columns of the schedule CSV. Placed meetings first (by slot, then table), then the unplaced
/// pairs with empty slot, times and table and their `reason` code.
pub const SCHEDULE_COLUMNS: [&str; 10] = [
    "slot",
    "starts_at",
    "ends_at",
    "table",
    "investor",
    "investor_name",
    "startup",
    "startup_name",
    "status",
    "reason",
];

/// The schedule; times are empty when the event has no slot times (`clock` is `None`).
pub fn schedule_csv(
    schedule: &MeetingSchedule,
    clock: Option<&SlotClock>,
    directory: &Directory,
) -> Result<String, ExportError> {
    let mut rows = vec![header_cells(SCHEDULE_COLUMNS)];
    let mut meetings: Vec<&Meeting> = schedule.meetings.iter().collect();
    meetings.sort_by_key(|meeting| (meeting.slot, meeting.table));
    let time = |time: Option<DateTime<FixedOffset>>| {
        Cell::text(time.map(|t| rfc3339_kst(&t)).unwrap_or_default())
    };
    for meeting in meetings {
        rows.push(vec![
            Cell::count(meeting.slot),
            time(clock.map(|c| c.slot_start(meeting.slot))),
            time(clock.map(|c| c.slot_end(meeting.slot))),
            Cell::count(meeting.table),
            Cell::text(meeting.investor.as_str()),
            Cell::text(directory.investor_name(&meeting.investor)),
            Cell::text(meeting.startup.as_str()),
            Cell::text(directory.startup_name(&meeting.startup)),
            Cell::text("placed"),
            Cell::empty(),
        ]);
    }
    for pair in &schedule.unplaced {
        rows.push(vec![
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
            Cell::text(pair.investor.as_str()),
            Cell::text(directory.investor_name(&pair.investor)),
            Cell::text(pair.startup.as_str()),
            Cell::text(directory.startup_name(&pair.startup)),
            Cell::text("unplaced"),
            Cell::text(pair.reason.as_str()),
        ]);
    }
    Ok(write_rows(rows)?)
}

// ---------------------------------------------------------------------------------------------
// iCalendar

/// Whose agenda a calendar is: the meetings of one investor or of one startup (by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaOwner<'a> {
    Investor(&'a str),
    Startup(&'a str),
}

impl AgendaOwner<'_> {
    fn owns(&self, meeting: &Meeting) -> bool {
        match self {
            // A firm's meeting is on the calendar of everyone attending it (definitions §8.6).
            AgendaOwner::Investor(id) => {
                meeting.investor == *id || meeting.attendees.iter().any(|a| a == id)
            }
            AgendaOwner::Startup(id) => meeting.startup == *id,
        }
    }
}

/// What every calendar of an event shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarHeader<'a> {
    pub event_id: &'a str,
    pub event_name: &'a str,
    pub venue: Option<&'a str>,
    pub clock: SlotClock,
    /// `DTSTAMP`: when the file was written.
    pub stamp: DateTime<Utc>,
}

/// The owner's meetings as one VCALENDAR (by slot); an owner without meetings gets a valid,
/// empty calendar.
pub fn agenda_ics(
    header: &CalendarHeader<'_>,
    meetings: &[Meeting],
    owner: AgendaOwner<'_>,
    directory: &Directory,
) -> String {
    agenda_ics_with_revisions(header, meetings, owner, directory, |_| {
        CalendarRevision::default()
    })
}

/// Where a meeting of a calendar stands: whether it still takes place, and how many times it
/// changed (the iCalendar `SEQUENCE`, so a calendar app replaces the copy it imported).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CalendarRevision {
    pub status: Option<MeetingStatus>,
    pub sequence: i64,
}

/// [`agenda_ics`] with each meeting's status and revision: a declined, cancelled or missed
/// meeting is written `STATUS:CANCELLED`, and `SEQUENCE` is the meeting's revision.
pub fn agenda_ics_with_revisions(
    header: &CalendarHeader<'_>,
    meetings: &[Meeting],
    owner: AgendaOwner<'_>,
    directory: &Directory,
    revision: impl Fn(&Meeting) -> CalendarRevision,
) -> String {
    let mut own: Vec<&Meeting> = meetings
        .iter()
        .filter(|meeting| owner.owns(meeting))
        .collect();
    own.sort_by_key(|meeting| (meeting.slot, meeting.table));
    let owner_name = match owner {
        AgendaOwner::Investor(id) => directory.investor_name(id),
        AgendaOwner::Startup(id) => directory.startup_name(id),
    };

    let mut out = String::new();
    let mut line = |text: &str| push_folded(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Roadshow//Roadshow agenda//KO");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!(
        "X-WR-CALNAME:{}",
        escape_text(&format!("{} · {owner_name}", header.event_name))
    ));
    line("X-WR-TIMEZONE:Asia/Seoul");
    for tz_line in VTIMEZONE_SEOUL {
        line(tz_line);
    }
    let stamp = utc_stamp(&header.stamp);
    for meeting in own {
        let investor = directory.investor_name(&meeting.investor);
        let startup = directory.startup_name(&meeting.startup);
        let counterpart = match owner {
            AgendaOwner::Investor(_) => startup,
            AgendaOwner::Startup(_) => investor,
        };
        let table = meeting.table + 1;
        let location = match header.venue {
            Some(venue) if !venue.trim().is_empty() => {
                format!("{venue}, 테이블 {table} / Table {table}")
            }
            _ => format!("테이블 {table} / Table {table}"),
        };
        let description = format!(
            "{}\n투자자 Investor: {investor}\n기업 Startup: {startup}\n테이블 Table: {table}",
            header.event_name
        );
        line("BEGIN:VEVENT");
        line(&format!(
            "UID:{}-{}-{}@roadshow",
            uid_part(header.event_id),
            uid_part(&meeting.investor),
            uid_part(&meeting.startup)
        ));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!(
            "DTSTART;TZID=Asia/Seoul:{}",
            local_stamp(&header.clock.slot_start(meeting.slot))
        ));
        line(&format!(
            "DTEND;TZID=Asia/Seoul:{}",
            local_stamp(&header.clock.slot_end(meeting.slot))
        ));
        line(&format!(
            "SUMMARY:{}",
            escape_text(&format!("미팅 Meeting: {counterpart}"))
        ));
        line(&format!("LOCATION:{}", escape_text(&location)));
        line(&format!("DESCRIPTION:{}", escape_text(&description)));
        let revision = revision(meeting);
        line(&format!("SEQUENCE:{}", revision.sequence.max(0)));
        line(match revision.status {
            Some(MeetingStatus::Declined | MeetingStatus::Cancelled | MeetingStatus::NoShow) => {
                "STATUS:CANCELLED"
            }
            _ => "STATUS:CONFIRMED",
        });
        line("TRANSP:OPAQUE");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// [`agenda_ics`] with names, venue and slot times from the snapshot.
pub fn snapshot_agenda_ics(
    snapshot: &Snapshot,
    meetings: &[Meeting],
    owner: AgendaOwner<'_>,
    stamp: DateTime<Utc>,
) -> Result<String, ExportError> {
    let event = &snapshot.event;
    let header = CalendarHeader {
        event_id: &event.id,
        event_name: &event.name,
        venue: event.venue.as_deref(),
        clock: SlotClock::from_settings(&event.meetings)?,
        stamp,
    };
    Ok(agenda_ics(
        &header,
        meetings,
        owner,
        &Directory::from_snapshot(snapshot),
    ))
}

/// The snapshot's planned meetings as the schedule's [`Meeting`]s; a negative slot or table
/// (which validation reports) cannot be one.
pub fn published_meetings(snapshot: &Snapshot) -> Result<Vec<Meeting>, ExportError> {
    snapshot
        .meetings
        .iter()
        .map(|meeting| {
            let number = |value: i64, what: &str| {
                u32::try_from(value).map_err(|_| ExportError::MalformedMeetings {
                    message: format!(
                        "{what} {value} of {} and {} is not a slot or table number",
                        meeting.investor, meeting.startup
                    ),
                })
            };
            Ok(Meeting {
                investor: meeting.investor.clone(),
                startup: meeting.startup.clone(),
                slot: number(meeting.slot, "slot")?,
                table: number(meeting.table, "table")?,
                attendees: meeting.attendees.clone(),
            })
        })
        .collect()
}

/// Korea has kept UTC+9 without daylight saving since 1988, so one STANDARD rule describes it.
const VTIMEZONE_SEOUL: [&str; 9] = [
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Seoul",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:KST",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// RFC 5545 3.3.11 TEXT: backslash, semicolon and comma escaped, every line break as `\n`;
/// other control characters are not allowed in TEXT and are dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF is one line break, not two.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75 octets (the CRLF not
/// counted); continuation lines start with one space, and a fold never splits a UTF-8 character.
pub fn push_folded(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
}

/// UIDs are built from ids; anything but letters, digits, `.`, `_` and `-` is %-encoded so the
/// UID stays one plain token whatever an id contains.
fn uid_part(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn local_stamp(time: &DateTime<FixedOffset>) -> String {
    let local = time.with_timezone(&kst());
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

fn utc_stamp(time: &DateTime<Utc>) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        time.year(),
        time.month(),
        time.day(),
        time.hour(),
        time.minute(),
        time.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{FitParts, MatchWeights, OwnSource, UnplacedMeeting};
    use crate::schedule::UnplacedReason;
    use chrono::TimeZone;

    /// A small RFC 5545 reader for the tests: unfolds, splits name, parameters and value, and
    /// unescapes TEXT. Fails on a bare LF or CR, a line over 75 octets, or a bad escape.
    #[derive(Debug, Clone, PartialEq)]
    struct Property {
        name: String,
        params: Vec<String>,
        value: String,
    }

    fn parse_ics(text: &str) -> Result<Vec<Property>, String> {
        if !text.ends_with("\r\n") {
            return Err("does not end with CRLF".into());
        }
        let physical: Vec<&str> = text[..text.len() - 2].split("\r\n").collect();
        let mut logical: Vec<String> = Vec::new();
        for line in physical {
            if line.contains('\n') || line.contains('\r') {
                return Err(format!("bare line break in {line:?}"));
            }
            if line.len() > 75 {
                return Err(format!("{} octets: {line:?}", line.len()));
            }
            match line.strip_prefix(' ') {
                Some(rest) => logical
                    .last_mut()
                    .ok_or("fold before any line")?
                    .push_str(rest),
                None => logical.push(line.to_owned()),
            }
        }
        logical
            .iter()
            .map(|line| {
                let (head, raw) = line
                    .split_once(':')
                    .ok_or(format!("no colon in {line:?}"))?;
                let mut parts = head.split(';');
                let name = parts.next().unwrap_or_default().to_owned();
                let params = parts.map(str::to_owned).collect();
                Ok(Property {
                    name,
                    params,
                    value: unescape(raw)?,
                })
            })
            .collect()
    }

    fn unescape(raw: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some(';') => out.push(';'),
                Some(',') => out.push(','),
                Some('n' | 'N') => out.push('\n'),
                other => return Err(format!("bad escape \\{other:?}")),
            }
        }
        Ok(out)
    }

    fn values<'a>(props: &'a [Property], name: &str) -> Vec<&'a str> {
        props
            .iter()
            .filter(|p| p.name == name)
            .map(|p| p.value.as_str())
            .collect()
    }

    fn meeting(investor: &str, startup: &str, slot: u32, table: u32) -> Meeting {
        Meeting {
            investor: investor.into(),
            startup: startup.into(),
            slot,
            table,
            attendees: Vec::new(),
        }
    }

    fn header() -> CalendarHeader<'static> {
        let first = kst().with_ymd_and_hms(2026, 12, 10, 13, 0, 0).unwrap();
        CalendarHeader {
            event_id: "demo",
            event_name: "규제자유특구 투자유치 설명회",
            venue: Some("서울 중앙우체국 21층, 스카이홀"),
            clock: SlotClock::new(first, 20).unwrap(),
            stamp: Utc.with_ymd_and_hms(2026, 11, 22, 3, 4, 5).unwrap(),
        }
    }

    fn directory() -> Directory {
        Directory::new(
            [
                ("i1".into(), "한빛벤처스 (김하나)".into()),
                ("i2".into(), "Blue; Sky, \"Capital\"".into()),
            ],
            [
                ("s1".into(), "수소모빌리티".into()),
                ("s2".into(), "Line\nbreak\\Co".into()),
            ],
        )
    }

    #[test]
    fn a_changed_meeting_carries_its_revision_and_a_cancelled_one_says_so() {
        let meetings = [meeting("i1", "s1", 0, 0), meeting("i1", "s2", 1, 1)];
        let text = agenda_ics_with_revisions(
            &header(),
            &meetings,
            AgendaOwner::Investor("i1"),
            &directory(),
            |meeting| {
                if meeting.startup == "s1" {
                    CalendarRevision {
                        status: Some(MeetingStatus::Confirmed),
                        sequence: 3,
                    }
                } else {
                    CalendarRevision {
                        status: Some(MeetingStatus::Cancelled),
                        sequence: 1,
                    }
                }
            },
        );
        let props = parse_ics(&text).unwrap();
        assert_eq!(values(&props, "SEQUENCE"), ["3", "1"]);
        assert_eq!(values(&props, "STATUS"), ["CONFIRMED", "CANCELLED"]);
        // Without revisions every meeting is the first version of itself.
        let plain = agenda_ics(
            &header(),
            &meetings,
            AgendaOwner::Investor("i1"),
            &directory(),
        );
        assert_eq!(values(&parse_ics(&plain).unwrap(), "SEQUENCE"), ["0", "0"]);
    }

    #[test]
    fn escaping_table() {
        let check =
            |input: &str, expected: &str| assert_eq!(escape_text(input), expected, "{input:?}");
        check("plain", "plain");
        check("a,b;c\\d", "a\\,b\\;c\\\\d");
        check("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour");
        check("tab\there\u{7}", "tab here");
        check("한글, 그대로", "한글\\, 그대로");
    }

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        for text in [
            "a".repeat(200),
            "가".repeat(100),
            format!("x{}", "😀".repeat(60)),
            "b".repeat(75),
        ] {
            let mut out = String::new();
            push_folded(&mut out, &text);
            for physical in out.trim_end_matches("\r\n").split("\r\n") {
                assert!(physical.len() <= 75, "{} octets", physical.len());
            }
            let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
            assert_eq!(unfolded, text);
        }
        let mut exact = String::new();
        push_folded(&mut exact, &"b".repeat(75));
        assert_eq!(
            exact,
            format!("{}\r\n", "b".repeat(75)),
            "75 octets fit on one line"
        );
    }

    #[test]
    fn investor_agenda_has_one_event_per_meeting_at_kst_times() {
        let meetings = [
            meeting("i1", "s2", 2, 3),
            meeting("i2", "s1", 0, 0),
            meeting("i1", "s1", 0, 1),
        ];
        let text = agenda_ics(
            &header(),
            &meetings,
            AgendaOwner::Investor("i1"),
            &directory(),
        );
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "only CRLF line ends"
        );
        let props = parse_ics(&text).unwrap();
        assert_eq!(
            values(&props, "BEGIN"),
            ["VCALENDAR", "VTIMEZONE", "STANDARD", "VEVENT", "VEVENT"]
        );
        assert_eq!(values(&props, "VERSION"), ["2.0"]);
        assert_eq!(values(&props, "TZID"), ["Asia/Seoul"]);
        assert_eq!(
            values(&props, "DTSTART")[1..],
            ["20261210T130000", "20261210T134000"]
        );
        assert_eq!(
            values(&props, "DTEND"),
            ["20261210T132000", "20261210T140000"]
        );
        assert!(props
            .iter()
            .filter(|p| p.name == "DTSTART" || p.name == "DTEND")
            .skip(1)
            .all(|p| p.params == ["TZID=Asia/Seoul"]));
        assert_eq!(
            values(&props, "DTSTAMP"),
            ["20261122T030405Z", "20261122T030405Z"]
        );
        assert_eq!(
            values(&props, "UID"),
            ["demo-i1-s1@roadshow", "demo-i1-s2@roadshow"]
        );
        assert_eq!(
            values(&props, "SUMMARY"),
            [
                "미팅 Meeting: 수소모빌리티",
                "미팅 Meeting: Line\nbreak\\Co"
            ]
        );
        assert_eq!(
            values(&props, "LOCATION")[1],
            "서울 중앙우체국 21층, 스카이홀, 테이블 4 / Table 4"
        );
    }

    #[test]
    fn startup_agenda_names_the_investors_and_survives_any_text() {
        let meetings = [meeting("i2", "s1", 5, 0)];
        let text = agenda_ics(
            &header(),
            &meetings,
            AgendaOwner::Startup("s1"),
            &directory(),
        );
        let props = parse_ics(&text).unwrap();
        assert_eq!(
            values(&props, "SUMMARY"),
            ["미팅 Meeting: Blue; Sky, \"Capital\""]
        );
        assert_eq!(values(&props, "DTSTART")[1], "20261210T144000");
        let description = values(&props, "DESCRIPTION")[0];
        assert!(
            description.contains("\n투자자 Investor: Blue; Sky, \"Capital\"\n"),
            "{description}"
        );
        let empty = agenda_ics(
            &header(),
            &meetings,
            AgendaOwner::Startup("s9"),
            &directory(),
        );
        assert_eq!(
            values(&parse_ics(&empty).unwrap(), "BEGIN"),
            ["VCALENDAR", "VTIMEZONE", "STANDARD"]
        );
    }

    #[test]
    fn uids_stay_plain_tokens() {
        assert_eq!(uid_part("a b@c/가"), "a%20b%40c%2F%EA%B0%80");
    }

    #[test]
    fn slot_clock_needs_times_and_a_positive_length() {
        let mut settings = MeetingSettings::default();
        assert_eq!(
            SlotClock::from_settings(&settings),
            Err(ExportError::MeetingTimesMissing)
        );
        settings.first_slot = Some(header().clock.slot_start(0));
        settings.slot_minutes = Some(0);
        assert_eq!(
            SlotClock::from_settings(&settings),
            Err(ExportError::SlotLengthNotPositive { minutes: 0 })
        );
        // Any offset on input; KST on output.
        let utc_first = FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 12, 10, 4, 0, 0)
            .unwrap();
        let clock = SlotClock::new(utc_first, 30).unwrap();
        assert_eq!(
            rfc3339_kst(&clock.slot_start(3)),
            "2026-12-10T14:30:00+09:00"
        );
    }

    #[test]
    fn demo_snapshot_calendar_and_published_meetings() {
        let mut snapshot =
            crate::snapshot::parse_snapshot(include_str!("../data/demo-roadshow.json")).unwrap();
        assert_eq!(published_meetings(&snapshot).unwrap(), vec![]);
        let first_investor = snapshot.investors[0].id.clone();
        let first_startup = snapshot.startups[0].id.clone();
        snapshot.meetings = vec![crate::model::PlannedMeeting {
            investor: first_investor.clone(),
            startup: first_startup,
            slot: 1,
            table: 2,
            status: None,
            attendees: Vec::new(),
        }];
        let meetings = published_meetings(&snapshot).unwrap();
        let stamp = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        let text = snapshot_agenda_ics(
            &snapshot,
            &meetings,
            AgendaOwner::Investor(&first_investor),
            stamp,
        )
        .unwrap();
        let props = parse_ics(&text).unwrap();
        assert_eq!(values(&props, "DTSTART")[1], "20261210T132000");
        snapshot.meetings[0].table = -1;
        assert!(matches!(
            published_meetings(&snapshot),
            Err(ExportError::MalformedMeetings { .. })
        ));
    }

    fn explanation(investor: &str, startup: &str, score: f64) -> PairExplanation {
        PairExplanation {
            investor: investor.into(),
            startup: startup.into(),
            score,
            fit: 0.75,
            own: 0.5,
            interest: 1.0,
            startup_interest: 0.0,
            fit_parts: FitParts {
                field: 1.0,
                stage: 1.0,
                region: 0.0,
                ticket: 1.0,
            },
            own_source: OwnSource::Consensus,
            weights: MatchWeights {
                fit: 0.3,
                own: 0.4,
                interest: 0.2,
                startup_interest: 0.1,
            },
            veto: None,
        }
    }

    /// Names a spreadsheet would run as formulas.
    fn hostile_directory() -> Directory {
        Directory::new(
            [
                ("i1".into(), "=1+2".into()),
                ("i2".into(), "+82 2 1234".into()),
            ],
            [
                ("s1".into(), "-2 mobility".into()),
                ("s2".into(), "\tTabbed".into()),
                ("s3".into(), "\rCR, Inc".into()),
            ],
        )
    }

    /// The records of a CSV file after its byte-order mark, header included.
    fn records(text: &str) -> Vec<Vec<String>> {
        let body = text.strip_prefix('\u{FEFF}').expect("starts with the BOM");
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn every_csv_starts_with_one_bom_and_neutralises_text_cells() {
        let snapshot = crate::snapshot::parse_snapshot(
            r#"{"format":"roadshow-event/1",
                "event":{"id":"e","name":"n","scale":{"min":-5,"max":5},"criteria":[{"key":"-risk","weight":1.0}]},
                "startups":[{"id":"s1","name":"=HYPERLINK(\"http://x\",\"y\")"}],
                "investors":[{"id":"i1","firm":"F"},{"id":"i2","firm":"G"}],
                "scores":[{"investor":"i1","startup":"s1","criterion":"-risk","value":-1,"comment":"@boss"},
                          {"investor":"i2","startup":"s1","criterion":"-risk","value":0}]}"#,
        )
        .unwrap();
        let ranking = crate::ranking::Scoreboard::from_snapshot(&snapshot)
            .unwrap()
            .ranking(crate::ranking::TotalMode::Raw);
        let schedule = MeetingSchedule {
            meetings: vec![meeting("i2", "s2", 0, 0)],
            unplaced: vec![UnplacedMeeting {
                investor: "i1".into(),
                startup: "s1".into(),
                reason: UnplacedReason::TablesFull,
            }],
            slots_used: 1,
        };
        let files = [
            ("scores", scores_csv(&snapshot).unwrap()),
            ("ranking", ranking_csv(&snapshot, &ranking).unwrap()),
            (
                "matches",
                matches_csv(
                    &[
                        explanation("i1", "s1", 0.625),
                        explanation("@i9", "s3", -0.25),
                    ],
                    &hostile_directory(),
                )
                .unwrap(),
            ),
            (
                "schedule",
                schedule_csv(&schedule, None, &hostile_directory()).unwrap(),
            ),
        ];
        for (name, text) in &files {
            assert!(text.starts_with('\u{FEFF}'), "{name}");
            assert_eq!(text.matches('\u{FEFF}').count(), 1, "{name}");
        }
        let [scores, ranking, matches, schedule] = files.map(|(_, text)| records(&text));

        // Scores: the negative value stays a number; the criterion key and the comment are text.
        assert_eq!(scores[1], ["i1", "s1", "'-risk", "-1", "", "'@boss"]);
        assert_eq!(scores[2], ["i2", "s1", "'-risk", "0", "", ""]);

        // Ranking: the criterion key is user text, also in the header; totals of −0.5 (raw: the
        // mean of −1 and 0; normalized: both judges shifted to the common mean −0.5) stay numbers.
        assert_eq!(ranking[0][12..], ["'-risk_mean", "'-risk_rank"]);
        let row = &ranking[1];
        assert_eq!(row[..3], ["1", "s1", "'=HYPERLINK(\"http://x\",\"y\")"]);
        for (column, expected) in [(3, -0.5), (4, -0.5), (5, -0.5), (6, 0.5), (12, -0.5)] {
            let value: f64 = row[column].parse().unwrap_or_else(|_| panic!("{row:?}"));
            assert!((value - expected).abs() < 1e-12, "column {column}: {row:?}");
        }
        assert!(
            row[7].parse::<f64>().unwrap() < -0.5,
            "ci_low is a number: {row:?}"
        );
        assert_eq!(row[13], "1");

        // Matches: ids and names neutralised, a negative score left alone.
        assert_eq!(
            matches[1][..5],
            ["i1", "'=1+2", "s1", "'-2 mobility", "0.625"]
        );
        assert_eq!(
            matches[2][..5],
            ["'@i9", "'@i9", "s3", "'\rCR, Inc", "-0.25"]
        );
        assert_eq!(matches[2][13], "consensus");

        // Schedule.
        assert_eq!(
            schedule[1],
            [
                "0",
                "",
                "",
                "0",
                "i2",
                "'+82 2 1234",
                "s2",
                "'\tTabbed",
                "placed",
                ""
            ]
        );
        assert_eq!(
            schedule[2],
            [
                "",
                "",
                "",
                "",
                "i1",
                "'=1+2",
                "s1",
                "'-2 mobility",
                "unplaced",
                "tables_full"
            ]
        );
    }

    #[test]
    fn matches_csv_quotes_user_text() {
        let text = matches_csv(&[explanation("i2", "s2", 0.625)], &directory()).unwrap();
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(headers, MATCH_COLUMNS);
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][1], "Blue; Sky, \"Capital\"");
        assert_eq!(&rows[0][3], "Line\nbreak\\Co");
        assert_eq!(&rows[0][4], "0.625");
        assert_eq!(&rows[0][13], "consensus");
    }

    #[test]
    fn schedule_csv_lists_placed_then_unplaced() {
        let schedule = MeetingSchedule {
            meetings: vec![meeting("i1", "s2", 1, 0), meeting("i1", "s1", 0, 0)],
            unplaced: vec![UnplacedMeeting {
                investor: "i2".into(),
                startup: "s1".into(),
                reason: UnplacedReason::TablesFull,
            }],
            slots_used: 2,
        };
        let text = schedule_csv(&schedule, Some(&header().clock), &directory()).unwrap();
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            SCHEDULE_COLUMNS
        );
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(
            rows[0][..4],
            [
                "0",
                "2026-12-10T13:00:00+09:00",
                "2026-12-10T13:20:00+09:00",
                "0"
            ]
        );
        assert_eq!(rows[1][0], "1");
        assert_eq!(rows[2][..4], ["", "", "", ""]);
        assert_eq!(rows[2][8..], ["unplaced", "tables_full"]);
        let untimed = schedule_csv(&schedule, None, &directory()).unwrap();
        assert!(untimed.lines().nth(1).unwrap().starts_with("0,,,0,i1,"));
    }

    proptest::proptest! {
        #[test]
        fn any_names_round_trip_through_the_calendar(investor in "\\PC{0,120}", startup in ".{0,80}", venue in "[가-힣a-z,;\\\\ \n]{0,90}") {
            let directory = Directory::new([("i1".to_owned(), investor.clone())], [("s1".to_owned(), startup.clone())]);
            let mut calendar = header();
            calendar.venue = Some(&venue);
            let text = agenda_ics(&calendar, &[meeting("i1", "s1", 0, 0)], AgendaOwner::Startup("s1"), &directory);
            let props = parse_ics(&text).map_err(proptest::test_runner::TestCaseError::fail)?;
            // What a reader gets back: line breaks as \n, tabs as spaces, other controls gone.
            let cleaned = |s: &str| -> String {
                s.replace("\r\n", "\n").replace('\r', "\n").replace('\t', " ")
                    .chars().filter(|c| *c == '\n' || !c.is_control()).collect()
            };
            proptest::prop_assert_eq!(values(&props, "SUMMARY"), vec![format!("미팅 Meeting: {}", cleaned(&investor))]);
            let description = values(&props, "DESCRIPTION")[0];
            let expected_startup_line = format!("기업 Startup: {}", cleaned(&startup));
            proptest::prop_assert!(description.contains(&expected_startup_line));
        }
    }
}
