//! The organizer's "create a roadshow event" form, validated by the same function in the browser
//! (as the organizer types) and on the server (before anything is stored).

use crate::problem::{Problem, ProblemCode};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub const NAME_MAX_CHARS: usize = 120;
pub const VENUE_MAX_CHARS: usize = 200;

/// Korea Standard Time, the zone every roadshow runs in (no daylight saving).
pub fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// The form as typed: text fields, times either RFC 3339 or a `datetime-local` value
/// (`2026-12-10T10:00`), which is read as KST.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDraft {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
}

/// A draft that passed validation: trimmed text, times in KST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidEventDraft {
    pub name: String,
    pub venue: String,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
}

impl EventDraft {
    /// Checks every field and returns all problems at once, each with its field name as path.
    pub fn validate(&self) -> Result<ValidEventDraft, Vec<Problem>> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            problems.push(Problem::new("name", ProblemCode::Required));
        } else if name.chars().count() > NAME_MAX_CHARS {
            problems.push(too_long("name", NAME_MAX_CHARS));
        }
        let venue = self.venue.trim();
        if venue.chars().count() > VENUE_MAX_CHARS {
            problems.push(too_long("venue", VENUE_MAX_CHARS));
        }
        let starts_at = parse_field("starts_at", &self.starts_at, &mut problems);
        let ends_at = parse_field("ends_at", &self.ends_at, &mut problems);
        if let (Some(start), Some(end)) = (starts_at, ends_at) {
            if end <= start {
                problems.push(
                    Problem::new("ends_at", ProblemCode::EndBeforeStart)
                        .with_detail("the event must end after it starts"),
                );
            }
        }
        match (starts_at, ends_at) {
            (Some(starts_at), Some(ends_at)) if problems.is_empty() => Ok(ValidEventDraft {
                name: name.to_owned(),
                venue: venue.to_owned(),
                starts_at,
                ends_at,
            }),
            _ => Err(problems),
        }
    }
}

fn too_long(path: &str, limit: usize) -> Problem {
    Problem::new(path, ProblemCode::TooLong).with_detail(format!("at most {limit} characters"))
}

fn parse_field(
    path: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if text.is_empty() {
        problems.push(Problem::new(path, ProblemCode::Required));
        return None;
    }
    let parsed = parse_kst(text);
    if parsed.is_none() {
        problems.push(
            Problem::new(path, ProblemCode::InvalidFormat)
                .with_detail("expected a date and time such as 2026-12-10T10:00"),
        );
    }
    parsed
}

/// Reads RFC 3339, or a zone-less `YYYY-MM-DDTHH:MM[:SS]` as KST; the result is shown in KST.
pub fn parse_kst(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Some(with_offset.with_timezone(&kst()));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .and_then(|local| local.and_local_timezone(kst()).single())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, venue: &str, starts: &str, ends: &str) -> EventDraft {
        EventDraft {
            name: name.into(),
            venue: venue.into(),
            starts_at: starts.into(),
            ends_at: ends.into(),
        }
    }

    /// Each case: a draft and the (path, code) pairs its validation must report, in order.
    fn check(input: EventDraft, expected: &[(&str, ProblemCode)]) {
        let got: Vec<(String, ProblemCode)> = match input.validate() {
            Ok(_) => vec![],
            Err(problems) => problems.into_iter().map(|p| (p.path, p.code)).collect(),
        };
        let expected: Vec<(String, ProblemCode)> =
            expected.iter().map(|(p, c)| (p.to_string(), *c)).collect();
        assert_eq!(got, expected, "for {input:?}");
    }

    #[test]
    fn validation_cases() {
        use ProblemCode::*;
        let ok_start = "2026-12-10T10:00";
        let ok_end = "2026-12-10T15:00";
        check(draft("Roadshow", "Sky Hall", ok_start, ok_end), &[]);
        check(draft("로드쇼", "", ok_start, "2026-12-10T15:00:00+09:00"), &[]);
        check(draft("", "Hall", ok_start, ok_end), &[("name", Required)]);
        check(draft("   ", "Hall", ok_start, ok_end), &[("name", Required)]);
        check(draft(&"가".repeat(121), "", ok_start, ok_end), &[("name", TooLong)]);
        check(draft(&"가".repeat(120), "", ok_start, ok_end), &[]);
        check(draft("R", &"v".repeat(201), ok_start, ok_end), &[("venue", TooLong)]);
        check(draft("R", "", ok_end, ok_start), &[("ends_at", EndBeforeStart)]);
        check(draft("R", "", ok_start, ok_start), &[("ends_at", EndBeforeStart)]);
        check(draft("R", "", "", ""), &[("starts_at", Required), ("ends_at", Required)]);
        check(draft("R", "", "tomorrow", ok_end), &[("starts_at", InvalidFormat)]);
        check(
            draft("", &"v".repeat(201), "2026-13-01T10:00", ok_end),
            &[("name", Required), ("venue", TooLong), ("starts_at", InvalidFormat)],
        );
    }

    #[test]
    fn zone_less_times_are_kst_and_offsets_are_converted_to_kst() {
        let local = parse_kst("2026-12-10T10:00").unwrap();
        assert_eq!(local.to_rfc3339(), "2026-12-10T10:00:00+09:00");
        let utc = parse_kst("2026-12-10T01:00:00Z").unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-12-10T10:00:00+09:00");
    }

    #[test]
    fn valid_draft_is_trimmed() {
        let valid = draft("  Roadshow ", " Hall ", "2026-12-10T10:00", "2026-12-10T15:00")
            .validate()
            .unwrap();
        assert_eq!(valid.name, "Roadshow");
        assert_eq!(valid.venue, "Hall");
    }
}
