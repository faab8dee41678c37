//! The investor roster CSV for the setup tab's import: core reads it
//! ([`roadshow_core::roster::parse_roster`]) and places the server's problems on the file's lines
//! ([`roadshow_core::roster::place_server_problems`]); this module hands core the server's answer.

use crate::api::ErrorBody;
use roadshow_core::roster::KnownAs;
pub use roadshow_core::roster::{parse_roster, RosterEntry, RosterError, RosterProblem};

/// The server's field problems (`investors[3].capacity: negative`) as problems on the file's
/// lines. `known` is core's [`roadshow_core::roster::known_entries`] for the entries, as this
/// console sees the event: it names the investor a refused duplicate already is.
pub fn server_problems(
    entries: &[RosterEntry],
    known: &[(usize, KnownAs)],
    body: &ErrorBody,
) -> Vec<RosterProblem> {
    let fields = body.fields.iter().flat_map(|(path, messages)| {
        messages
            .iter()
            // A code this version does not know is still a problem on its line, unnamed.
            .map(move |message| (path.as_str(), message.code.to_string().parse().ok()))
    });
    roadshow_core::roster::place_server_problems(entries, known, fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use roadshow_core::problem::ProblemCode;

    #[test]
    fn the_server_answer_reaches_core_path_by_path_with_its_codes() {
        let entries = parse_roster("firm,capacity\nA,1\nB,-1\n").unwrap();
        let body: ErrorBody = serde_json::from_value(serde_json::json!({
            "code": "invalid", "message": "some fields are not valid",
            "fields": {
                "investors[1].capacity": [{"code": "negative", "message": "negative"}],
                "investors[0]": [{"code": "duplicate", "message": "already in this event as i9"}],
                "investors": [{"code": "out_of_range", "message": "too many"}],
            }
        }))
        .unwrap();
        let known = vec![(0, KnownAs::Existing("i9".into()))];
        assert_eq!(
            server_problems(&entries, &known, &body),
            vec![
                RosterProblem::Whole {
                    code: Some(ProblemCode::OutOfRange)
                },
                RosterProblem::Existing {
                    line: 2,
                    investor: Some("i9".into())
                },
                RosterProblem::Column {
                    line: 3,
                    column: "capacity",
                    code: Some(ProblemCode::Negative)
                },
            ]
        );
    }
}
