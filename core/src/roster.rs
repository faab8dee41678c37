//! Investors arriving as a list (the organizer's roster file): who in it is someone the event
//! already has, or appears twice in the file.
//!
//! Two entries are the same investor when their firm and person read the same after
//! normalization: Unicode NFC, letters lower-cased, and every run of whitespace (any kind) as one
//! space, trimmed. "Hanbit  Ventures" / "hanbit ventures" are the same firm; an entry without a
//! person matches only another entry of that firm without a person (a firm's two people are two
//! investors).
//!
//! The organizer's roster file is read here too ([`parse_roster`]): one investor a line, with a
//! header naming the columns (any order). Every bad line is reported with its line number, not
//! just the first; so is every problem the server finds ([`place_server_problems`] maps its
//! `investors[i].field` paths back to lines and CSV columns).
//!
//! Columns: `firm` (required), `firm_en`, `person`, `type`, `fields`, `stages`, `regions`,
//! `ticket_min`, `ticket_max`, `capacity`, `contact`. Lists are separated by `;`.

use crate::model::{Investor, Stage};
use crate::problem::ProblemCode;

/// The key two entries share when they are the same investor.
pub fn person_key(investor: &Investor) -> (String, String) {
    (
        normalize(&investor.firm),
        normalize(investor.person.as_deref().unwrap_or_default()),
    )
}

fn normalize(text: &str) -> String {
    let folded: String = crate::text::nfc(text)
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whom a roster entry is already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KnownAs {
    /// An investor the event has, by id.
    Existing(String),
    /// An earlier entry of the same file, by index.
    Earlier(usize),
}

/// For each entry of `incoming` that is someone already known, its index and whom.
pub fn known_entries(existing: &[Investor], incoming: &[Investor]) -> Vec<(usize, KnownAs)> {
    let mut seen: std::collections::HashMap<(String, String), KnownAs> = existing
        .iter()
        .map(|investor| (person_key(investor), KnownAs::Existing(investor.id.clone())))
        .collect();
    let mut known = Vec::new();
    for (index, investor) in incoming.iter().enumerate() {
        let key = person_key(investor);
        match seen.get(&key) {
            Some(whom) => known.push((index, whom.clone())),
            None => {
                seen.insert(key, KnownAs::Earlier(index));
            }
        }
    }
    known
}

/// The columns a roster may have, in any order.
pub const ROSTER_COLUMNS: [&str; 12] = [
    "firm",
    "firm_en",
    "person",
    "type",
    "fields",
    "stages",
    "regions",
    "ticket_min",
    "ticket_max",
    "capacity",
    "contact",
    // The tracks the investor judges (definitions §8.2), `;`-separated; empty: every track.
    "tracks",
];

/// What is wrong with one line of the roster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error("line {line}: the file cannot be read as CSV ({detail})")]
    Unreadable { line: u64, detail: String },
    #[error("line 1: the header has no `firm` column")]
    NoFirmColumn,
    #[error("line 1: unknown column `{0}`")]
    UnknownColumn(String),
    #[error("line {line}: `firm` is empty")]
    MissingFirm { line: u64 },
    #[error("line {line}: `{column}` must be a whole number, not `{value}`")]
    NotANumber {
        line: u64,
        column: String,
        value: String,
    },
    #[error("line {line}: unknown stage `{value}` (pre-seed, seed, pre-a, series-a, series-b, series-c-plus)")]
    UnknownStage { line: u64, value: String },
    #[error("the file has no investors")]
    Empty,
}

/// One investor of the file and the line it came from (the header is line 1).
#[derive(Debug, Clone, PartialEq)]
pub struct RosterEntry {
    pub line: u64,
    pub investor: Investor,
}

/// Reads the roster; either every investor or every problem.
pub fn parse_roster(text: &str) -> Result<Vec<RosterEntry>, Vec<RosterError>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers
            .iter()
            .map(|header| header.trim_start_matches('\u{feff}').to_lowercase())
            .collect(),
        Err(error) => {
            return Err(vec![RosterError::Unreadable {
                line: 1,
                detail: error.to_string(),
            }])
        }
    };
    let mut problems: Vec<RosterError> = headers
        .iter()
        .filter(|header| !ROSTER_COLUMNS.contains(&header.as_str()))
        .map(|header| RosterError::UnknownColumn(header.clone()))
        .collect();
    if !headers.iter().any(|header| header == "firm") {
        problems.push(RosterError::NoFirmColumn);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut investors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error
                    .position()
                    .map_or(0, |position| line_at(text, position.byte()));
                problems.push(RosterError::Unreadable {
                    line,
                    detail: error.to_string(),
                });
                continue;
            }
        };
        // The csv crate's own line count goes wrong after a blank line: count from the bytes.
        let line = record
            .position()
            .map_or(0, |position| line_at(text, position.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |name: &str| -> String {
            headers
                .iter()
                .position(|header| header == name)
                .and_then(|index| record.get(index))
                .unwrap_or_default()
                .to_owned()
        };
        let list = |name: &str| -> Vec<String> {
            cell(name)
                .split(';')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let mut number = |name: &str| -> Option<i64> {
            let value = cell(name).replace(',', "");
            if value.is_empty() {
                return None;
            }
            match value.parse() {
                Ok(number) => Some(number),
                Err(_) => {
                    problems.push(RosterError::NotANumber {
                        line,
                        column: name.to_owned(),
                        value,
                    });
                    None
                }
            }
        };
        let (ticket_min, ticket_max, capacity) = (
            number("ticket_min"),
            number("ticket_max"),
            number("capacity"),
        );
        let firm = cell("firm");
        if firm.is_empty() {
            problems.push(RosterError::MissingFirm { line });
        }
        let mut stages = Vec::new();
        for stage in list("stages") {
            let parsed = Stage::parse(&stage);
            if parsed.is_known() {
                stages.push(parsed);
            } else {
                problems.push(RosterError::UnknownStage { line, value: stage });
            }
        }
        let optional = |name: &str| Some(cell(name)).filter(|value| !value.is_empty());
        let ticket = (ticket_min.is_some() || ticket_max.is_some())
            .then(|| serde_json::json!({"min": ticket_min, "max": ticket_max}));
        let investor = serde_json::json!({
            "id": "",
            "firm": firm,
            "firm_en": optional("firm_en"),
            "person": optional("person"),
            "type": optional("type"),
            "fields": list("fields"),
            "stages": stages,
            "regions": list("regions"),
            "ticket_krw": ticket,
            "capacity": capacity,
            "contact": optional("contact"),
            "tracks": list("tracks"),
        });
        match serde_json::from_value::<Investor>(strip_nulls(investor)) {
            Ok(investor) => investors.push(RosterEntry { line, investor }),
            Err(error) => problems.push(RosterError::Unreadable {
                line,
                detail: error.to_string(),
            }),
        }
    }
    if problems.is_empty() && investors.is_empty() {
        problems.push(RosterError::Empty);
    }
    if problems.is_empty() {
        Ok(investors)
    } else {
        Err(problems)
    }
}

/// The line (from 1) of the record the csv crate places at byte `offset` of `text`: that
/// position is just after the previous record, so the blank lines the reader skipped come first.
/// CRLF, LF and a lone CR each end a line.
fn line_at(text: &str, offset: u64) -> u64 {
    let mut offset = (offset as usize).min(text.len());
    while matches!(text.as_bytes().get(offset), Some(b'\r' | b'\n')) {
        offset += 1;
    }
    let bytes = &text.as_bytes()[..offset];
    let mut line = 1;
    for (index, &byte) in bytes.iter().enumerate() {
        let ends_line = byte == b'\n' || byte == b'\r' && bytes.get(index + 1) != Some(&b'\n');
        if ends_line {
            line += 1;
        }
    }
    line
}

/// A problem the server found in a roster, placed on the file's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterProblem {
    /// A column's value on a line: `column` is the CSV column's name (`capacity`), or `ticket`
    /// for the pair `ticket_min` / `ticket_max`.
    Column {
        line: u64,
        column: &'static str,
        code: Option<ProblemCode>,
    },
    /// Something on a line that no CSV column holds.
    Line {
        line: u64,
        code: Option<ProblemCode>,
    },
    /// The line is an investor the event already has (its id, when this console knows whom).
    Existing { line: u64, investor: Option<String> },
    /// The line is the same person (firm and person) as an earlier line of the file.
    SameAs { line: u64, first: u64 },
    /// About the roster as a whole (too many entries, …).
    Whole { code: Option<ProblemCode> },
}

impl RosterProblem {
    fn line(&self) -> u64 {
        match self {
            RosterProblem::Column { line, .. }
            | RosterProblem::Line { line, .. }
            | RosterProblem::Existing { line, .. }
            | RosterProblem::SameAs { line, .. } => *line,
            RosterProblem::Whole { .. } => 0,
        }
    }
}

/// The server's field problems (`investors[3].capacity: negative`) as problems on the file's
/// lines, each given as its path and code (`None`: a code this version does not know), in the
/// order the server listed them. `known` is [`known_entries`] for the entries, as the caller
/// sees the event: it names the investor a refused duplicate already is.
pub fn place_server_problems<'a>(
    entries: &[RosterEntry],
    known: &[(usize, KnownAs)],
    fields: impl IntoIterator<Item = (&'a str, Option<ProblemCode>)>,
) -> Vec<RosterProblem> {
    let mut problems = Vec::new();
    for (path, code) in fields {
        let placed =
            entry_path(path).and_then(|(index, rest)| Some((index, rest, entries.get(index)?)));
        let Some((index, rest, entry)) = placed else {
            problems.push(RosterProblem::Whole { code });
            continue;
        };
        let line = entry.line;
        let problem = if rest.is_empty() && code == Some(ProblemCode::Duplicate) {
            match known
                .iter()
                .find(|(at, _)| *at == index)
                .map(|(_, who)| who)
            {
                Some(KnownAs::Earlier(first)) => RosterProblem::SameAs {
                    line,
                    first: entries.get(*first).map_or(0, |entry| entry.line),
                },
                Some(KnownAs::Existing(id)) => RosterProblem::Existing {
                    line,
                    investor: Some(id.clone()),
                },
                None => RosterProblem::Existing {
                    line,
                    investor: None,
                },
            }
        } else {
            match column_of(rest) {
                Some(column) => RosterProblem::Column { line, column, code },
                None => RosterProblem::Line { line, code },
            }
        };
        if !problems.contains(&problem) {
            problems.push(problem);
        }
    }
    problems.sort_by_key(RosterProblem::line);
    problems
}

/// `investors[3].capacity` → (3, `capacity`); `investors[0]` → (0, ``).
fn entry_path(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("investors[")?;
    let (index, rest) = rest.split_once(']')?;
    let index = index.parse().ok()?;
    Some((index, rest.strip_prefix('.').unwrap_or(rest)))
}

/// The CSV column a profile field comes from.
fn column_of(field: &str) -> Option<&'static str> {
    let name = field.split(['.', '[']).next().unwrap_or_default();
    Some(match (name, field) {
        (_, "ticket_krw.min") => "ticket_min",
        (_, "ticket_krw.max") => "ticket_max",
        ("ticket_krw", _) => "ticket",
        ("firm", _) => "firm",
        ("firm_en", _) => "firm_en",
        ("person", _) => "person",
        ("type", _) => "type",
        ("fields", _) => "fields",
        ("stages", _) => "stages",
        ("regions", _) => "regions",
        ("capacity", _) => "capacity",
        ("contact", _) => "contact",
        ("tracks", _) => "tracks",
        _ => return None,
    })
}

/// Absent rather than null, so the model's defaults apply.
fn strip_nulls(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| (key, strip_nulls(value)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn investor(id: &str, firm: &str, person: Option<&str>) -> Investor {
        serde_json::from_value(serde_json::json!({"id": id, "firm": firm, "person": person}))
            .unwrap()
    }

    #[test]
    fn the_same_firm_and_person_are_found_however_they_are_typed() {
        let existing = [
            investor("i1", "Hanbit Ventures", Some("Kim Minji")),
            investor("i2", "수소벤처스", None),
        ];
        let incoming = [
            investor("", "hanbit  ventures", Some(" KIM minji ")),
            investor("", "Hanbit Ventures", Some("Lee Jun")),
            // Decomposed jamo (NFD) of 수소벤처스: the same firm.
            investor(
                "",
                &unicode_normalization::UnicodeNormalization::nfd("수소벤처스").collect::<String>(),
                None,
            ),
            investor("", "수소벤처스", Some("박서연")),
            investor("", "Hanbit Ventures", Some("Lee\u{3000}Jun")),
        ];
        assert_eq!(
            known_entries(&existing, &incoming),
            vec![
                (0, KnownAs::Existing("i1".into())),
                (2, KnownAs::Existing("i2".into())),
                (4, KnownAs::Earlier(1))
            ]
        );
    }

    #[test]
    fn reads_a_roster_in_any_column_order() {
        let text = "person,firm,stages,fields,ticket_min,ticket_max,capacity\n\
                    김하늘,한빛벤처스,seed;series-a,hydrogen; mobility,\"500,000,000\",3000000000,6\n\
                    ,Blue Ocean AC,,,,,\n";
        let entries = parse_roster(text).unwrap();
        assert_eq!(
            entries.iter().map(|entry| entry.line).collect::<Vec<_>>(),
            vec![2, 3]
        );
        let investors: Vec<Investor> = entries.into_iter().map(|entry| entry.investor).collect();
        assert_eq!(investors.len(), 2);
        assert_eq!(investors[0].firm, "한빛벤처스");
        assert_eq!(investors[0].person.as_deref(), Some("김하늘"));
        assert_eq!(investors[0].fields, vec!["hydrogen", "mobility"]);
        assert_eq!(investors[0].stages, vec![Stage::Seed, Stage::SeriesA]);
        assert_eq!(
            investors[0]
                .ticket_krw
                .as_ref()
                .and_then(|ticket| ticket.min),
            Some(500_000_000)
        );
        assert_eq!(investors[0].capacity, Some(6));
        assert_eq!(investors[1].firm, "Blue Ocean AC");
        assert!(investors[1].ticket_krw.is_none());
        assert!(investors[0].tracks.is_empty(), "no column: every track");
    }

    #[test]
    fn reads_the_tracks_a_judge_is_limited_to() {
        let text = "firm,tracks
한빛벤처스,혁신리그
Blue Ocean AC,혁신리그; 스케일업리그
C,
";
        let tracks: Vec<Vec<String>> = parse_roster(text)
            .unwrap()
            .into_iter()
            .map(|entry| entry.investor.tracks)
            .collect();
        assert_eq!(
            tracks,
            vec![
                vec!["혁신리그".to_owned()],
                vec!["혁신리그".to_owned(), "스케일업리그".to_owned()],
                Vec::new()
            ]
        );
    }

    #[test]
    fn reports_every_bad_line_with_its_number() {
        let text = "firm,capacity,stages\nA,x,seed\n,3,\nC,2,series-z\nD,1,seed\n";
        let problems = parse_roster(text).unwrap_err();
        assert_eq!(
            problems,
            vec![
                RosterError::NotANumber {
                    line: 2,
                    column: "capacity".into(),
                    value: "x".into()
                },
                RosterError::MissingFirm { line: 3 },
                RosterError::UnknownStage {
                    line: 4,
                    value: "series-z".into()
                },
            ]
        );
    }

    #[test]
    fn line_numbers_skip_blank_lines() {
        let entries = parse_roster("firm\nA\n\n,\nB\n").unwrap();
        assert_eq!(
            entries
                .iter()
                .map(|entry| (entry.line, entry.investor.firm.as_str()))
                .collect::<Vec<_>>(),
            vec![(2, "A"), (5, "B")]
        );
        let entries = parse_roster("firm\r\nA\r\n\r\n\r\n\"B\nC\"\r\nD").unwrap();
        assert_eq!(
            entries.iter().map(|entry| entry.line).collect::<Vec<_>>(),
            vec![2, 5, 7]
        );
        assert_eq!(
            parse_roster("firm,capacity\n\nA,x\n").unwrap_err(),
            vec![RosterError::NotANumber {
                line: 3,
                column: "capacity".into(),
                value: "x".into()
            }]
        );
    }

    #[test]
    fn checks_the_header() {
        assert_eq!(
            parse_roster("name,capacity\nA,1\n").unwrap_err(),
            vec![
                RosterError::UnknownColumn("name".into()),
                RosterError::NoFirmColumn
            ]
        );
        assert_eq!(
            parse_roster("firm\n").unwrap_err(),
            vec![RosterError::Empty]
        );
    }

    #[test]
    fn server_problems_land_on_lines_and_columns() {
        use ProblemCode::*;
        let entries =
            parse_roster("firm,person,capacity\nA,p,1\n\nB,,-1\nC,,\nA,p,\nD,,\n").unwrap();
        let lines: Vec<u64> = entries.iter().map(|entry| entry.line).collect();
        assert_eq!(lines, vec![2, 4, 5, 6, 7]);
        // As the server lists them (its field map is sorted by path).
        let fields = [
            ("investors", Some(OutOfRange)),
            ("investors[1].capacity", Some(Negative)),
            ("investors[2].stages[0]", Some(InvalidFormat)),
            ("investors[2].ticket_krw", Some(MinOverMax)),
            ("investors[3]", Some(Duplicate)),
            ("investors[4]", Some(Duplicate)),
            ("investors[4].conflicts[0]", Some(UnknownId)),
            ("investors[9].firm", Some(Required)),
            ("investors[1].capacity", Some(Negative)),
            ("investors[0].ticket_krw.min", None),
        ];
        let known = vec![
            (3, KnownAs::Earlier(0)),
            (4, KnownAs::Existing("i9".into())),
        ];
        assert_eq!(
            place_server_problems(&entries, &known, fields),
            vec![
                RosterProblem::Whole {
                    code: Some(OutOfRange)
                },
                RosterProblem::Whole {
                    code: Some(Required)
                },
                RosterProblem::Column {
                    line: 2,
                    column: "ticket_min",
                    code: None
                },
                // Said twice, shown once.
                RosterProblem::Column {
                    line: 4,
                    column: "capacity",
                    code: Some(Negative)
                },
                RosterProblem::Column {
                    line: 5,
                    column: "stages",
                    code: Some(InvalidFormat)
                },
                RosterProblem::Column {
                    line: 5,
                    column: "ticket",
                    code: Some(MinOverMax)
                },
                RosterProblem::SameAs { line: 6, first: 2 },
                RosterProblem::Existing {
                    line: 7,
                    investor: Some("i9".into())
                },
                RosterProblem::Line {
                    line: 7,
                    code: Some(UnknownId)
                },
            ]
        );
        // A duplicate the caller does not know about is still an investor already there.
        assert_eq!(
            place_server_problems(&entries, &[], [("investors[1]", Some(Duplicate))]),
            vec![RosterProblem::Existing {
                line: 4,
                investor: None
            }]
        );
    }

    #[test]
    fn lines_end_at_crlf_lf_or_a_lone_cr() {
        // Offsets the csv reader reports: just after the previous record.
        assert_eq!(line_at("firm\nA\n", 0), 1);
        assert_eq!(
            line_at("firm\nA\n", 4),
            2,
            "the newline ending line 1 is skipped"
        );
        assert_eq!(line_at("firm\r\nA\r\n\r\nB", 6), 2);
        assert_eq!(
            line_at("firm\r\nA\r\n\r\nB", 9),
            4,
            "a blank CRLF line counts"
        );
        assert_eq!(line_at("firm\rA\rB", 7), 3, "a lone CR ends a line");
        assert_eq!(
            line_at("firm", 99),
            1,
            "an offset past the end stays in the text"
        );
    }
}
