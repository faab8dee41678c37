//! A problem found in user input, named by where it is and what is wrong with it.
//!
//! Paths follow the JSON shape of the input (`scores[12].value`, `event.criteria[0].weight`) so the
//! app can show each problem next to its field, and the stable `code` lets the app phrase it in
//! Korean or English without parsing English text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What is wrong, as a stable machine-readable code (serialised in `snake_case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// A required value is missing or blank.
    Required,
    /// Text is longer than its limit.
    TooLong,
    /// A value is not in the accepted format (date, link, identifier, enum value …).
    InvalidFormat,
    /// An end lies before (or at) its start.
    EndBeforeStart,
    /// An id refers to nothing that exists.
    UnknownId,
    /// The same id or the same key appears twice.
    Duplicate,
    /// A score lies outside the event's scale.
    OutOfScale,
    /// A score or count that must be a whole number is not.
    NotInteger,
    /// A number that must be greater than zero is not.
    NotPositive,
    /// A number that must not be negative is.
    Negative,
    /// A range whose minimum exceeds its maximum.
    MinOverMax,
    /// A number lies outside its allowed range (e.g. a slot number beyond the last slot).
    OutOfRange,
    /// The snapshot's `format` is not one this version reads.
    UnsupportedFormat,
    /// The input could not be parsed at all (malformed JSON or CSV).
    Malformed,
    /// A change that would leave data already stored invalid (a narrower scale under stored
    /// scores, a removed criterion that has scores).
    BreaksStoredData,
    /// A value given where it does not belong (an amount on a follow-up that is not `invested`).
    NotApplicable,
    /// A date before the meeting it follows.
    BeforeMeeting,
    /// A follow-up stage moved back, which only the organizer may do.
    StageBackwards,
    /// A step that needs a held meeting (an attendance-dependent follow-up) for a pair that has none.
    NotHeld,
}

impl ProblemCode {
    pub const ALL: [ProblemCode; 19] = [
        ProblemCode::Required,
        ProblemCode::TooLong,
        ProblemCode::InvalidFormat,
        ProblemCode::EndBeforeStart,
        ProblemCode::UnknownId,
        ProblemCode::Duplicate,
        ProblemCode::OutOfScale,
        ProblemCode::NotInteger,
        ProblemCode::NotPositive,
        ProblemCode::Negative,
        ProblemCode::MinOverMax,
        ProblemCode::OutOfRange,
        ProblemCode::UnsupportedFormat,
        ProblemCode::Malformed,
        ProblemCode::BreaksStoredData,
        ProblemCode::NotApplicable,
        ProblemCode::BeforeMeeting,
        ProblemCode::StageBackwards,
        ProblemCode::NotHeld,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Required => "required",
            ProblemCode::TooLong => "too_long",
            ProblemCode::InvalidFormat => "invalid_format",
            ProblemCode::EndBeforeStart => "end_before_start",
            ProblemCode::UnknownId => "unknown_id",
            ProblemCode::Duplicate => "duplicate",
            ProblemCode::OutOfScale => "out_of_scale",
            ProblemCode::NotInteger => "not_integer",
            ProblemCode::NotPositive => "not_positive",
            ProblemCode::Negative => "negative",
            ProblemCode::MinOverMax => "min_over_max",
            ProblemCode::OutOfRange => "out_of_range",
            ProblemCode::UnsupportedFormat => "unsupported_format",
            ProblemCode::Malformed => "malformed",
            ProblemCode::BreaksStoredData => "breaks_stored_data",
            ProblemCode::NotApplicable => "not_applicable",
            ProblemCode::BeforeMeeting => "before_meeting",
            ProblemCode::StageBackwards => "stage_backwards",
            ProblemCode::NotHeld => "not_held",
        }
    }
}

/// The code a server answer names (`"too_long"` → [`ProblemCode::TooLong`]).
impl std::str::FromStr for ProblemCode {
    type Err = ();

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        ProblemCode::ALL
            .into_iter()
            .find(|known| known.as_str() == code)
            .ok_or(())
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem: the JSON path of the offending value, its code, and an English detail for logs
/// and the command line (the app translates from `code`, not from `detail`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub path: String,
    pub code: ProblemCode,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, code: ProblemCode) -> Self {
        Problem {
            path: path.into(),
            code,
            detail: String::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.code)?;
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::ProblemCode;

    #[test]
    fn every_code_reads_back_from_its_name() {
        for code in ProblemCode::ALL {
            assert_eq!(code.as_str().parse::<ProblemCode>(), Ok(code));
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                code.as_str(),
                "serde and as_str agree"
            );
        }
        assert_eq!("no_such_code".parse::<ProblemCode>(), Err(()));
    }
}
