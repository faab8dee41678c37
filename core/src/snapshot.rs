//! Reading and writing the `roadshow-event/1` snapshot (docs/definitions.md §4a).
//!
//! Parsing only checks the shape; [`crate::validate`] checks the meaning and reports every problem
//! at once. A parse error names the place (`event.criteria[0].weight`) and the line and column.

use crate::model::{Snapshot, SNAPSHOT_FORMAT};
use crate::problem::{Problem, ProblemCode};
use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not JSON, or JSON of the wrong shape (missing required field, text where a number belongs).
    #[error("{path}: {message} (line {line}, column {column})")]
    Malformed {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed, but not a format this version reads.
    #[error("format: expected \"{SNAPSHOT_FORMAT}\", found {found:?}")]
    UnsupportedFormat { found: String },
    /// Writing failed (only possible for values JSON cannot hold).
    #[error("could not write the snapshot: {message}")]
    Write { message: String },
}

impl SnapshotError {
    /// The same error as a [`Problem`], so parse and validation errors are shown the same way.
    pub fn to_problem(&self) -> Problem {
        match self {
            SnapshotError::Malformed {
                path,
                line,
                column,
                message,
            } => Problem::new(path.clone(), ProblemCode::Malformed)
                .with_detail(format!("{message} at line {line}, column {column}")),
            SnapshotError::UnsupportedFormat { found } => {
                Problem::new("format", ProblemCode::UnsupportedFormat)
                    .with_detail(format!("expected \"{SNAPSHOT_FORMAT}\", found {found:?}"))
            }
            SnapshotError::Write { message } => {
                Problem::new(".", ProblemCode::Malformed).with_detail(message.clone())
            }
        }
    }
}

/// Parses a snapshot from JSON text.
pub fn parse_snapshot(text: &str) -> Result<Snapshot, SnapshotError> {
    parse_snapshot_bytes(text.as_bytes())
}

/// Parses a snapshot from bytes (which must be UTF-8 JSON).
pub fn parse_snapshot_bytes(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
    crate::model::with_score_capacity(score_capacity(bytes), || parse_sized(bytes))
}

fn parse_sized(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
    // Tracking the path costs a third of the parse on a large snapshot, and only an error needs
    // it: a document that parses is read once, plainly; one that does not is read again with the
    // path tracked, and gives the very error the tracked read alone would. UTF-8 is checked once
    // for the whole text (far faster than string by string), so the plain read can skip it.
    // Not in the browser: there a second reader of the whole snapshot made the console's and
    // the match worker's bundles 35 kB (gzip) larger each.
    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Ok(snapshot) = serde_json::from_str::<Snapshot>(text) {
            return check_format(snapshot);
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    finish(
        serde_path_to_error::deserialize(&mut deserializer),
        deserializer,
    )
}

/// The shortest score entry there is, `{"investor":"","startup":""}`.
#[cfg(not(target_arch = "wasm32"))]
const SHORTEST_SCORE_BYTES: usize = 28;

/// At least as many entries as the document's `scores` can hold, from one fast count of the key
/// `"investor"` (other lists name investors too, so it over-counts a little), and never more
/// than the document has room for, so a hostile file cannot make it reserve more than about six
/// times its own size (an entry is 160 bytes in memory, 28 at the least in the file).
///
/// Native only: in the match worker the count made no difference to the board's first open
/// (2.51–2.60 s with it, 2.53–2.73 s without, BENCHMARKS.md) and cost 2.7 kB of its bundle, so
/// there the list grows as serde grows it.
#[cfg(not(target_arch = "wasm32"))]
fn score_capacity(bytes: &[u8]) -> usize {
    memchr::memmem::find_iter(bytes, b"\"investor\"")
        .count()
        .min(bytes.len() / SHORTEST_SCORE_BYTES)
}

#[cfg(target_arch = "wasm32")]
fn score_capacity(_bytes: &[u8]) -> usize {
    0
}

fn finish<'de, R: serde_json::de::Read<'de>>(
    parsed: Result<Snapshot, serde_path_to_error::Error<serde_json::Error>>,
    mut deserializer: serde_json::Deserializer<R>,
) -> Result<Snapshot, SnapshotError> {
    let snapshot = parsed.map_err(|error| {
        let path = match error.path().to_string() {
            // serde_path_to_error says "?" when the error is before any field.
            unknown if unknown == "?" || unknown.is_empty() => ".".to_owned(),
            known => known,
        };
        let inner = error.into_inner();
        SnapshotError::Malformed {
            path,
            line: inner.line(),
            column: inner.column(),
            message: strip_position(&inner.to_string()),
        }
    })?;
    // Trailing garbage after the object is malformed input too, not something to ignore.
    deserializer
        .end()
        .map_err(|inner| SnapshotError::Malformed {
            path: ".".into(),
            line: inner.line(),
            column: inner.column(),
            message: strip_position(&inner.to_string()),
        })?;
    check_format(snapshot)
}

fn check_format(snapshot: Snapshot) -> Result<Snapshot, SnapshotError> {
    if snapshot.format != SNAPSHOT_FORMAT {
        return Err(SnapshotError::UnsupportedFormat {
            found: snapshot.format,
        });
    }
    Ok(snapshot)
}

/// serde_json appends " at line L column C"; we report the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message.to_owned(),
    }
}

/// Writes the snapshot as pretty JSON. Field order is fixed by the types and unknown fields are
/// sorted by name, so the same snapshot always gives the same bytes.
pub fn write_snapshot(snapshot: &Snapshot) -> Result<String, SnapshotError> {
    serde_json::to_string_pretty(snapshot).map_err(|error| SnapshotError::Write {
        message: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../data/demo-roadshow.json");

    #[test]
    fn demo_round_trips_without_losing_fields() {
        let snapshot = parse_snapshot(DEMO).unwrap();
        assert_eq!(snapshot.startups.len(), 8);
        assert_eq!(snapshot.investors.len(), 20);
        let written = write_snapshot(&snapshot).unwrap();
        let original: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        let round_tripped: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(original, round_tripped);
        assert_eq!(parse_snapshot(&written).unwrap(), snapshot);
    }

    /// Each case: input text and the (path, code) of the error it must give.
    fn check(input: &str, expected: (&str, ProblemCode)) {
        let problem = parse_snapshot(input).unwrap_err().to_problem();
        assert_eq!(
            (problem.path.as_str(), problem.code),
            expected,
            "for {input}"
        );
    }

    #[test]
    fn parse_errors_name_the_place() {
        use ProblemCode::*;
        check("", (".", Malformed));
        check("{", (".", Malformed));
        check("[]", (".", Malformed));
        check(
            r#"{"format":"roadshow-event/2","event":{"id":"e","name":"n"}}"#,
            ("format", UnsupportedFormat),
        );
        check(r#"{"format":"roadshow-event/1"}"#, (".", Malformed));
        check(
            r#"{"format":"roadshow-event/1","event":{"id":"e","name":"n","criteria":[{"key":"a","weight":"x"}]}}"#,
            ("event.criteria[0].weight", Malformed),
        );
        check(
            r#"{"format":"roadshow-event/1","event":{"id":"e","name":"n"},"scores":[{"investor":"i","startup":"s","value":"8"}]}"#,
            ("scores[0].value", Malformed),
        );
        check(
            r#"{"format":"roadshow-event/1","event":{"id":"e","name":"n"}} x"#,
            (".", Malformed),
        );
    }

    /// A snapshot of `count` scores (one per investor `i{n}`), with `interest` naming investors
    /// too, as exports do.
    fn scored(count: usize) -> String {
        let scores: Vec<String> = (0..count)
            .map(|n| {
                format!(
                    r#"{{"investor":"i{n}","startup":"s","criterion":"c","value":{}}}"#,
                    n % 10
                )
            })
            .collect();
        format!(
            r#"{{"format":"roadshow-event/1","event":{{"id":"e","name":"n"}},"scores":[{}],"interest":[{{"investor":"i0","startup":"s","want":true}}]}}"#,
            scores.join(",")
        )
    }

    // The room is counted natively only (see `score_capacity`).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_room_made_for_scores_never_changes_what_is_read() {
        for count in [0, 1, 2, 7, 300] {
            let text = scored(count);
            // serde's own list, grown entry by entry, is the oracle.
            let plain: Snapshot = serde_json::from_str(&text).unwrap();
            assert_eq!(plain.scores.len(), count);
            let sized = parse_snapshot(&text).unwrap();
            assert_eq!(sized, plain, "for {count} scores");
            // The counted room: every score's key, plus the interest entry's.
            assert_eq!(score_capacity(text.as_bytes()), count + 1);
            assert!(sized.scores.capacity() >= count);
            // Room that is too small or none at all reads the same.
            for room in [0, count / 2, 1] {
                let read = crate::model::with_score_capacity(room, || {
                    serde_json::from_str::<Snapshot>(&text).unwrap()
                });
                assert_eq!(read, plain, "for {count} scores with room for {room}");
            }
        }
        // The room is the read's alone: when the document has no `scores` to take it, a list
        // read afterwards, outside the read, does not get it.
        let interest: Vec<String> = (0..500)
            .map(|n| format!(r#"{{"investor":"i{n}","startup":"s","want":true}}"#))
            .collect();
        let unscored = format!(
            r#"{{"format":"roadshow-event/1","event":{{"id":"e","name":"n"}},"interest":[{}]}}"#,
            interest.join(",")
        );
        assert_eq!(score_capacity(unscored.as_bytes()), 500);
        assert!(parse_snapshot(&unscored).unwrap().scores.is_empty());
        let after: Snapshot = serde_json::from_str(&scored(3)).unwrap();
        assert!(after.scores.capacity() < 500, "{}", after.scores.capacity());
        // Nor when the read panics (the server unwinds and goes on).
        let panicked = std::panic::catch_unwind(|| {
            crate::model::with_score_capacity(500, || panic!("a read that fails"))
        });
        assert!(panicked.is_err());
        let after: Snapshot = serde_json::from_str(&scored(3)).unwrap();
        assert!(after.scores.capacity() < 500, "{}", after.scores.capacity());
    }

    // The room is counted natively only (see `score_capacity`).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_hostile_count_of_investor_keys_reserves_no_more_than_the_document_could_hold() {
        let hostile = format!(
            r#"{{"scores":[], "x":"{}"}}"#,
            "\"investor\"".repeat(10_000)
        );
        let capacity = score_capacity(hostile.as_bytes());
        assert_eq!(capacity, hostile.len() / SHORTEST_SCORE_BYTES);
        assert!(capacity < 10_000);
        // And an error inside a long list still names its entry.
        let text = scored(40).replace(
            r#""investor":"i33","startup":"s","criterion":"c","value":3"#,
            r#""investor":"i33","startup":"s","criterion":"c","value":"3""#,
        );
        check(&text, ("scores[33].value", ProblemCode::Malformed));
    }
}
