//! The event as the organizer console hands it to its match worker: one byte buffer, moved to
//! the worker without a copy, so that the match board works from the data the console already
//! synced instead of fetching the whole export again (issue 18).
//!
//! As JSON, 480,000 scores are 50 MB of text to write on the console's main thread and to read
//! again in the worker. Here the scores, nearly all of the event, are short records (a flags
//! byte and indices into tables of the distinct strings of each column; 14 bytes for a usual
//! score); the rest of the event (settings, people, interest, the plan) is a few hundred
//! kilobytes of JSON, the exchange format's own. Every score comes back exactly: its value as
//! the very JSON number it was, its edit time with its offset.
//!
//! Layout, little-endian: `u32` length of the head, the head (JSON of the snapshot without its
//! scores), a `u32` count of scores, the `u32` length of their records, one record per score
//! (see [`write_score`]), then five string tables (investors, startups, criteria, rounds,
//! comments; each a `u32` count and, per string, a `u32` byte length and its UTF-8).

use crate::model::{
    Comment, Event, FollowUp, Interest, Investor, MetBefore, PlannedMeeting, ScoreEntry, Snapshot,
    Startup,
};
use chrono::{FixedOffset, TimeZone};
use serde::Serialize;
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// Why a buffer is not an event this module wrote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoffError {
    #[error("the buffer ends inside {0}")]
    Truncated(&'static str),
    #[error("a string of the {0} table is not UTF-8")]
    NotUtf8(&'static str),
    #[error("score {score} names entry {index} of the {table} table, which has {len}")]
    NoSuchEntry {
        score: usize,
        table: &'static str,
        index: u32,
        len: usize,
    },
    #[error("score {score} has an unknown {what} tag {tag}")]
    UnknownTag {
        score: usize,
        what: &'static str,
        tag: u8,
    },
    #[error("score {score}'s {what} is out of range")]
    OutOfRange { score: usize, what: &'static str },
    #[error("the event's head cannot be read: {0}")]
    Head(String),
    #[error("{0} bytes follow the last string table")]
    TrailingBytes(usize),
    #[error("{0} bytes of the scores' records follow the last score")]
    ScoresTooLong(usize),
}

/// The snapshot without its scores, borrowed: what the head holds. Listed field by field from a
/// destructured [`Snapshot`] in [`write_into`], so a field added to the snapshot does not build
/// until it is handed over too.
#[derive(Serialize)]
struct Head<'a> {
    format: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fictional: Option<bool>,
    event: &'a Event,
    startups: &'a [Startup],
    investors: &'a [Investor],
    interest: &'a [Interest],
    meetings: &'a [PlannedMeeting],
    comments: &'a [Comment],
    follow_ups: &'a [FollowUp],
    met_before: &'a [MetBefore],
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

/// Appends `snapshot` to `out`, with `meetings` and `follow_ups` in place of the snapshot's own
/// (the console keeps the plan and the follow-ups beside its snapshot).
pub fn write_into(
    out: &mut Vec<u8>,
    snapshot: &Snapshot,
    meetings: &[PlannedMeeting],
    follow_ups: &[FollowUp],
) {
    let Snapshot {
        format,
        fictional,
        event,
        startups,
        investors,
        scores,
        interest,
        meetings: _,
        comments,
        follow_ups: _,
        met_before,
        extra,
    } = snapshot;
    let head = Head {
        format,
        fictional: *fictional,
        event,
        startups,
        investors,
        interest,
        meetings,
        comments,
        follow_ups,
        met_before,
        extra,
    };
    let length_at = out.len();
    out.extend_from_slice(&[0; 4]);
    // Into a Vec, and every map of a snapshot is keyed by strings: serde_json cannot fail.
    serde_json::to_writer(&mut *out, &head).expect("the head is plain JSON");
    let head_length = out.len() - length_at - 4;
    out[length_at..length_at + 4].copy_from_slice(&to_u32(head_length).to_le_bytes());

    // The records go straight into `out`, before the tables they index (the tables are only
    // known at the end): a length in front of them lets the reader find the tables first.
    out.reserve(4 + 4 + scores.len() * RECORD_BYTES + 64);
    out.extend_from_slice(&to_u32(scores.len()).to_le_bytes());
    let records_at = out.len();
    out.extend_from_slice(&[0; 4]);
    let mut investors = Interner::default();
    let mut startups = Interner::default();
    let mut criteria = Interner::default();
    let mut rounds = Interner::default();
    let mut comments = Interner::default();
    for score in scores {
        write_score(
            out,
            score,
            [
                Some(investors.index(&score.investor)),
                Some(startups.index(&score.startup)),
                score.criterion.as_deref().map(|key| criteria.index(key)),
                score.round.as_deref().map(|round| rounds.index(round)),
                score.comment.as_deref().map(|text| comments.index(text)),
            ],
        );
    }
    let records_length = out.len() - records_at - 4;
    out[records_at..records_at + 4].copy_from_slice(&to_u32(records_length).to_le_bytes());
    for table in [&investors, &startups, &criteria, &rounds, &comments] {
        table.write(out);
    }
}

/// Reads what [`write_into`] wrote, the whole buffer.
pub fn read(bytes: &[u8]) -> Result<Snapshot, HandoffError> {
    let mut reader = Reader { bytes, at: 0 };
    let head_length = reader.u32("the head's length")? as usize;
    let head = reader.take(head_length, "the head")?;
    // The exchange format's own reader: in the match worker, a second instance of the
    // snapshot's deserializer would add 30 kB to the bundle.
    let mut snapshot = crate::snapshot::parse_snapshot_bytes(head)
        .map_err(|error| HandoffError::Head(error.to_problem().to_string()))?;
    let count = reader.u32("the count of scores")? as usize;
    let records_length = reader.u32("the length of the scores")? as usize;
    let records = reader.take(records_length, "the scores")?;
    let investors = reader.table("investor")?;
    let startups = reader.table("startup")?;
    let criteria = reader.table("criterion")?;
    let rounds = reader.table("round")?;
    let comments = reader.table("comment")?;
    if reader.remaining() > 0 {
        return Err(HandoffError::TrailingBytes(reader.remaining()));
    }
    // A count the records cannot hold is refused before anything is reserved for it.
    if records.len() < count.saturating_mul(MIN_RECORD_BYTES) {
        return Err(HandoffError::Truncated("the scores"));
    }
    let mut reader = Reader {
        bytes: records,
        at: 0,
    };
    let mut scores = Vec::with_capacity(count);
    for score in 0..count {
        let entry = |table: &'static str, strings: &[String], index: u32| {
            strings
                .get(index as usize)
                .cloned()
                .ok_or(HandoffError::NoSuchEntry {
                    score,
                    table,
                    index,
                    len: strings.len(),
                })
        };
        let flags = reader.u8("a score")?;
        let investor = entry("investor", &investors, reader.u32("a score")?)?;
        let startup = entry("startup", &startups, reader.u32("a score")?)?;
        let mut present = |bit: u8, table: &'static str, strings: &[String]| {
            if flags & bit == 0 {
                return Ok(None);
            }
            let index = reader.u32("a score")?;
            entry(table, strings, index).map(Some)
        };
        let criterion = present(HAS_CRITERION, "criterion", &criteria)?;
        let round = present(HAS_ROUND, "round", &rounds)?;
        let comment = present(HAS_COMMENT, "comment", &comments)?;
        let value = match flags & VALUE_KIND {
            VALUE_NONE => None,
            VALUE_SMALL => Some(Number::from(reader.u8("a score")?)),
            VALUE_UNSIGNED => Some(Number::from(reader.u64("a score")?)),
            VALUE_SIGNED => Some(Number::from(reader.u64("a score")? as i64)),
            VALUE_FLOAT => Some(
                Number::from_f64(f64::from_bits(reader.u64("a score")?)).ok_or(
                    HandoffError::OutOfRange {
                        score,
                        what: "value",
                    },
                )?,
            ),
            kind => {
                return Err(HandoffError::UnknownTag {
                    score,
                    what: "value",
                    tag: kind >> 5,
                })
            }
        };
        let updated_at = if flags & HAS_EDIT_TIME == 0 {
            None
        } else {
            let seconds = reader.u64("a score")? as i64;
            let nanos = reader.u32("a score")?;
            let offset = reader.u32("a score")? as i32;
            let out_of_range = HandoffError::OutOfRange {
                score,
                what: "edit time",
            };
            let zone = FixedOffset::east_opt(offset).ok_or(out_of_range.clone())?;
            Some(
                zone.timestamp_opt(seconds, nanos)
                    .single()
                    .ok_or(out_of_range)?,
            )
        };
        let abstain = flags & ABSTAIN != 0;
        scores.push(ScoreEntry {
            investor,
            startup,
            criterion,
            value,
            abstain,
            comment,
            updated_at,
            round,
        });
    }
    if reader.remaining() > 0 {
        return Err(HandoffError::ScoresTooLong(reader.remaining()));
    }
    snapshot.scores = scores;
    Ok(snapshot)
}

/// A record's first byte: the abstention, which optional parts follow, the kind of value.
const ABSTAIN: u8 = 1;
const HAS_CRITERION: u8 = 1 << 1;
const HAS_ROUND: u8 = 1 << 2;
const HAS_COMMENT: u8 = 1 << 3;
const HAS_EDIT_TIME: u8 = 1 << 4;
const VALUE_KIND: u8 = 0b111 << 5;
const VALUE_NONE: u8 = 0;
/// A whole number from 0 to 255, in one byte: nearly every score.
const VALUE_SMALL: u8 = 1 << 5;
const VALUE_UNSIGNED: u8 = 2 << 5;
const VALUE_SIGNED: u8 = 3 << 5;
const VALUE_FLOAT: u8 = 4 << 5;
/// The flags, three indices and a small value: the usual record.
const RECORD_BYTES: usize = 1 + 4 + 4 + 4 + 1;
/// The flags and two indices.
const MIN_RECORD_BYTES: usize = 1 + 4 + 4;

/// One score: the flags byte, the investor's and the startup's indices (`u32`), then, as the
/// flags say, the criterion's, round's and comment's indices, the value (one byte when small,
/// else eight: `u64`, `i64` or `f64` bits) and the edit time (the UTC seconds as `i64`, the
/// nanoseconds as `u32`, the offset east of UTC in seconds as `i32`).
fn write_score(out: &mut Vec<u8>, score: &ScoreEntry, indices: [Option<u32>; 5]) {
    // One record is built on the stack and appended once.
    let mut record = [0u8; 1 + 5 * 4 + 8 + 16];
    let mut at = 1;
    let mut put = |bytes: &[u8]| {
        record[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    let mut flags = u8::from(score.abstain);
    for (index, bit) in indices
        .into_iter()
        .zip([0, 0, HAS_CRITERION, HAS_ROUND, HAS_COMMENT])
    {
        if let Some(index) = index {
            put(&index.to_le_bytes());
            flags |= bit;
        }
    }
    if let Some(number) = &score.value {
        if let Some(unsigned) = number.as_u64() {
            match u8::try_from(unsigned) {
                Ok(small) => {
                    flags |= VALUE_SMALL;
                    put(&[small]);
                }
                Err(_) => {
                    flags |= VALUE_UNSIGNED;
                    put(&unsigned.to_le_bytes());
                }
            }
        } else if let Some(signed) = number.as_i64() {
            flags |= VALUE_SIGNED;
            put(&signed.to_le_bytes());
        } else {
            // Neither integer kind: serde_json holds it as a finite f64.
            flags |= VALUE_FLOAT;
            let float = number.as_f64().unwrap_or(f64::NAN);
            put(&float.to_bits().to_le_bytes());
        }
    }
    if let Some(time) = &score.updated_at {
        flags |= HAS_EDIT_TIME;
        put(&time.timestamp().to_le_bytes());
        put(&time.timestamp_subsec_nanos().to_le_bytes());
        put(&time.offset().local_minus_utc().to_le_bytes());
    }
    record[0] = flags;
    out.extend_from_slice(&record[..at]);
}

fn to_u32(length: usize) -> u32 {
    // The worker's memory is 32-bit: nothing it could hold is longer.
    u32::try_from(length).expect("less than 4 GiB")
}

/// A column's distinct strings, in order of first use. Exports list scores by investor and
/// startup, so the last string and the one after it are checked first; then a short table
/// (criteria, rounds) is scanned, a long one hashed.
#[derive(Default)]
struct Interner<'a> {
    strings: Vec<&'a str>,
    positions: HashMap<&'a str, u32>,
    last: Option<(&'a str, u32)>,
}

/// Up to this many strings, a scan beats hashing.
const SCANNED: usize = 16;

impl<'a> Interner<'a> {
    fn index(&mut self, value: &'a str) -> u32 {
        if let Some((last, index)) = self.last {
            if last == value {
                return index;
            }
            // Each investor's startups come in the order the first one's did: the string after
            // the last one is the likeliest next.
            if let Some(next) = self.strings.get(index as usize + 1) {
                if *next == value {
                    self.last = Some((value, index + 1));
                    return index + 1;
                }
            }
        }
        let found = if self.strings.len() <= SCANNED {
            self.strings
                .iter()
                .position(|known| *known == value)
                .map(|at| at as u32)
        } else {
            self.positions.get(value).copied()
        };
        let index = found.unwrap_or_else(|| {
            let index = to_u32(self.strings.len());
            self.strings.push(value);
            if self.strings.len() == SCANNED + 1 {
                self.positions = self.strings.iter().copied().zip(0..).collect();
            } else if self.strings.len() > SCANNED + 1 {
                self.positions.insert(value, index);
            }
            index
        });
        self.last = Some((value, index));
        index
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&to_u32(self.strings.len()).to_le_bytes());
        for string in &self.strings {
            out.extend_from_slice(&to_u32(string.len()).to_le_bytes());
            out.extend_from_slice(string.as_bytes());
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, length: usize, what: &'static str) -> Result<&'a [u8], HandoffError> {
        if self.remaining() < length {
            return Err(HandoffError::Truncated(what));
        }
        let taken = &self.bytes[self.at..self.at + length];
        self.at += length;
        Ok(taken)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, HandoffError> {
        Ok(self.take(1, what)?[0])
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, HandoffError> {
        let bytes = self.take(4, what)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn u64(&mut self, what: &'static str) -> Result<u64, HandoffError> {
        let mut eight = [0; 8];
        eight.copy_from_slice(self.take(8, what)?);
        Ok(u64::from_le_bytes(eight))
    }

    fn table(&mut self, name: &'static str) -> Result<Vec<String>, HandoffError> {
        let count = self.u32("a string table")? as usize;
        // Each string takes at least its four-byte length.
        if self.remaining() < count.saturating_mul(4) {
            return Err(HandoffError::Truncated("a string table"));
        }
        let mut strings = Vec::with_capacity(count);
        for _ in 0..count {
            let length = self.u32("a string table")? as usize;
            let bytes = self.take(length, "a string table")?;
            let string = std::str::from_utf8(bytes).map_err(|_| HandoffError::NotUtf8(name))?;
            strings.push(string.to_owned());
        }
        Ok(strings)
    }
}
