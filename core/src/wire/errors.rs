//! The one error body: every failed request, and every rejected mutation of a sync batch.

use crate::problem::ProblemCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What went wrong, as a stable machine-readable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthorized,
    Forbidden,
    NotFound,
    Invalid,
    MalformedJson,
    MalformedPath,
    PayloadTooLarge,
    TooManyAttempts,
    TooManyRequests,
    Internal,
    /// Scoring is not open (the event's phase).
    ScoringClosed,
    /// The organizer set this (a conflict of interest); the investor may not clear it.
    SetByOrganizer,
    /// The shared registration link has registered as many startups as the event takes.
    RegistrationFull,
    /// Registration has closed (phase or deadline).
    RegistrationClosed,
    /// A device sent a different edit under a (client id, seq) it used before.
    SequenceReused,
    /// The meeting plan is not published yet: nobody can answer or mark a meeting.
    MeetingsNotPublished,
    /// Personal data is kept until the retention date; erasing it early needs the date moved.
    RetentionNotReached,
    /// The erasure request was executed already.
    AlreadyExecuted,
    /// The organizer has not released the feedback reports (or the results are not published).
    FeedbackNotReleased,
    /// The event belongs to another program already; an event joins one program only.
    InOtherProgram,
    /// The server cannot take this now (its database is unreachable, or this process is
    /// shutting down): nothing was stored; send it again later (`Retry-After`).
    Unavailable,
    /// A code this build does not know (a newer server); read as a general failure.
    #[serde(other)]
    Unrecognized,
}

/// `{code, message, fields}`: a stable code, an English message, and what is wrong at each
/// field path (`""` for the whole body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default)]
    pub fields: BTreeMap<String, Vec<FieldMessage>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMessage {
    pub code: ProblemCode,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_code_reads_as_unrecognized_and_field_codes_are_problem_codes() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"code":"something_new","message":"m","fields":{"value":[{"code":"out_of_scale","message":"1 to 5"}]}}"#,
        )
        .unwrap();
        assert_eq!(body.code, ErrorCode::Unrecognized);
        assert_eq!(body.fields["value"][0].code, ProblemCode::OutOfScale);
        let written = serde_json::to_value(ErrorBody {
            code: ErrorCode::SetByOrganizer,
            message: "m".into(),
            fields: BTreeMap::new(),
        })
        .unwrap();
        assert_eq!(written["code"], "set_by_organizer");
        assert_eq!(written["fields"], serde_json::json!({}));
    }
}
