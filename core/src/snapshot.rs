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
}
