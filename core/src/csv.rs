//! CSV exchange for spreadsheets: scores (import and export) and rankings (export).
//!
//! Scores CSV columns: `investor,startup,criterion,value,abstain,comment` (header required; the
//! columns may come in any order; `abstain` and `comment` are optional). An abstention has an empty
//! `value` and `abstain` = `true`/`1`/`yes`. Imported scores are not checked against an event here:
//! put them in a snapshot and run [`crate::validate::validate`], which names each bad score.
//!
//! # Every CSV the product writes
//!
//! goes through [`write_rows`] (here and in [`crate::export`]), which
//! - starts the file with the UTF-8 byte-order mark [`BOM`]: without it Excel (Korean Windows
//!   especially) reads the file in the system code page and shows Hangul as mojibake;
//! - neutralises formula injection in every text cell with [`neutralize_formula`]: a cell from
//!   people or ids that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//!   `'`, so a spreadsheet shows it as text instead of evaluating it. Numbers the product formats
//!   itself ([`Cell::number`], e.g. a total of `-0.5`) stay numbers.
//!
//! Reading ([`import_scores`]) skips a leading BOM and otherwise takes cells as they are: the `'`
//! of a neutralised cell is *not* stripped (see [`import_scores`]).

use crate::cli::rank_rows;
use crate::model::{ScoreEntry, Snapshot};
use crate::problem::{Problem, ProblemCode};
use crate::ranking::Ranking;
use serde_json::Number;
use thiserror::Error;

/// Columns of the scores CSV, in export order.
pub const SCORE_COLUMNS: [&str; 6] = [
    "investor",
    "startup",
    "criterion",
    "value",
    "abstain",
    "comment",
];

/// A problem in a CSV file, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CsvError {
    #[error("line 1: the header has no {column:?} column")]
    MissingColumn { column: &'static str },
    #[error("line {line}, column {column} ({name}): {message}")]
    BadField {
        line: u64,
        column: usize,
        name: &'static str,
        code: ProblemCode,
        message: String,
    },
    #[error("line {line}: {message}")]
    Unreadable { line: u64, message: String },
    #[error("could not write CSV: {message}")]
    Write { message: String },
}

impl CsvError {
    /// As a [`Problem`] whose path is the place in the file (`line 3, column 4`).
    pub fn to_problem(&self) -> Problem {
        let detail = self.to_string();
        match self {
            CsvError::MissingColumn { .. } => {
                Problem::new("line 1", ProblemCode::Required).with_detail(detail)
            }
            CsvError::BadField {
                line, column, code, ..
            } => Problem::new(format!("line {line}, column {column}"), *code).with_detail(detail),
            CsvError::Unreadable { line, .. } => {
                Problem::new(format!("line {line}"), ProblemCode::Malformed).with_detail(detail)
            }
            CsvError::Write { .. } => Problem::new(".", ProblemCode::Malformed).with_detail(detail),
        }
    }
}

/// The byte-order mark that starts every CSV the product writes (U+FEFF, `EF BB BF` in UTF-8).
pub const BOM: char = '\u{FEFF}';

/// The text without a leading byte-order mark (Excel's "CSV UTF-8" and every export of this
/// product start with one). Only one mark at the very start is removed.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// Reads scores from CSV; every bad row is reported, not just the first. A leading byte-order
/// mark is skipped, so files this product or Excel wrote read back.
///
/// Cells are taken as written: a cell that an export neutralised against formula injection
/// (`'=HYPERLINK(…)`, see [`neutralize_formula`]) reads back *with* its leading `'`. Stripping it
/// would turn the cell back into a formula the next time the data is exported or pasted into a
/// spreadsheet, and would corrupt text that really starts with `'`; keeping it is what OWASP's
/// CSV-injection guidance recommends. So a round trip through an export changes only text (an
/// id or a comment) that starts with one of those characters, which comes back with the `'`
/// (`'-i2`, `'=1+1`); values, including negative ones, and flags read back unchanged.
pub fn import_scores(text: &str) -> Result<Vec<ScoreEntry>, Vec<CsvError>> {
    let text = strip_bom(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| {
            vec![CsvError::Unreadable {
                line: 1,
                message: error.to_string(),
            }]
        })?
        .clone();
    let position = |name: &str| headers.iter().position(|header| header.trim() == name);
    let mut errors = Vec::new();
    let mut columns = [None; 6];
    for (slot, name) in columns.iter_mut().zip(SCORE_COLUMNS) {
        *slot = position(name);
        if slot.is_none() && !matches!(name, "abstain" | "comment") {
            errors.push(CsvError::MissingColumn { column: name });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut scores = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                errors.push(CsvError::Unreadable {
                    line,
                    message: error.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |which: usize| {
            columns[which].map(|index| (index + 1, record.get(index).unwrap_or("").trim()))
        };
        let mut bad = |which: usize, code: ProblemCode, message: &str| {
            errors.push(CsvError::BadField {
                line,
                column: columns[which].map_or(0, |index| index + 1),
                name: SCORE_COLUMNS[which],
                code,
                message: message.to_owned(),
            });
        };
        let text = |which: usize| field(which).map(|(_, value)| value).unwrap_or("");
        let (investor, startup, criterion) = (text(0), text(1), text(2));
        if investor.is_empty() {
            bad(0, ProblemCode::Required, "an investor id is required");
        }
        if startup.is_empty() {
            bad(1, ProblemCode::Required, "a startup id is required");
        }
        let abstain = match text(4).to_ascii_lowercase().as_str() {
            "" | "false" | "0" | "no" => false,
            "true" | "1" | "yes" => true,
            _ => {
                bad(4, ProblemCode::InvalidFormat, "expected true or false");
                false
            }
        };
        let value = match text(3) {
            "" => None,
            number => match parse_number(number) {
                Some(number) => Some(number),
                None => {
                    bad(3, ProblemCode::InvalidFormat, "expected a number");
                    None
                }
            },
        };
        if value.is_none() && !abstain && !text(3).is_empty() {
            // Already reported as not a number.
        } else if value.is_none() && !abstain {
            bad(
                3,
                ProblemCode::Required,
                "a score needs a value, or abstain = true",
            );
        }
        let comment = text(5);
        scores.push(ScoreEntry {
            investor: investor.to_owned(),
            startup: startup.to_owned(),
            criterion: (!criterion.is_empty()).then(|| criterion.to_owned()),
            value,
            abstain,
            comment: (!comment.is_empty()).then(|| comment.to_owned()),
            updated_at: None,
            round: None,
        });
    }
    if errors.is_empty() {
        Ok(scores)
    } else {
        Err(errors)
    }
}

fn parse_number(text: &str) -> Option<Number> {
    if let Ok(whole) = text.parse::<i64>() {
        return Some(Number::from(whole));
    }
    text.parse::<f64>().ok().and_then(Number::from_f64)
}

/// Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage return,
/// that Excel skips before looking for one): OWASP's list for CSV injection.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The one rule against CSV (formula) injection: text that starts with a
/// [`FORMULA_TRIGGERS`] character gets a leading `'`, which makes Excel, LibreOffice and Google
/// Sheets show it as text; other text is unchanged. Quoting (commas, quotes, line breaks) is left
/// to the CSV writer, after this. Apply it to text only: a number the product formatted itself
/// (`-0.5`) must stay a number ([`Cell::number`]).
pub fn neutralize_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_TRIGGERS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// One cell of a CSV the product writes: text (names, ids, comments, headers, codes), which
/// [`write_rows`] neutralises against formula injection, or a number the product formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell(CellKind);

#[derive(Debug, Clone, PartialEq, Eq)]
enum CellKind {
    Text(String),
    Number(String),
}

impl Cell {
    /// Any text: written through [`neutralize_formula`].
    pub fn text(text: impl Into<String>) -> Cell {
        Cell(CellKind::Text(text.into()))
    }

    /// An empty cell (a value that does not exist).
    pub fn empty() -> Cell {
        Cell(CellKind::Number(String::new()))
    }

    /// A number, written as Rust prints it (`-0.5`, `7`), never neutralised.
    pub fn number(value: impl Into<f64>) -> Cell {
        Cell(CellKind::Number(value.into().to_string()))
    }

    /// A whole number (counts, ranks, slots, tables).
    pub fn count(value: impl Into<u64>) -> Cell {
        Cell(CellKind::Number(value.into().to_string()))
    }

    /// A score as the snapshot holds it (`8`, `-3`, `7.5`).
    pub fn json_number(value: &Number) -> Cell {
        Cell(CellKind::Number(value.to_string()))
    }

    /// A number, or an empty cell for `None`.
    pub fn optional(value: Option<f64>) -> Cell {
        value.map_or_else(Cell::empty, Cell::number)
    }

    /// What is written for this cell (before the CSV writer's quoting).
    pub fn written(&self) -> std::borrow::Cow<'_, str> {
        match &self.0 {
            CellKind::Text(text) => neutralize_formula(text),
            CellKind::Number(number) => std::borrow::Cow::Borrowed(number),
        }
    }
}

/// Header cells (column names; a criterion key in `{key}_mean` is user text, hence text cells).
pub(crate) fn header(columns: impl IntoIterator<Item = impl Into<String>>) -> Vec<Cell> {
    columns.into_iter().map(Cell::text).collect()
}

/// Writes rows as one CSV file: the [`BOM`], then RFC 4180 records (quoted where needed by the
/// `csv` crate), every text cell through [`neutralize_formula`]. Every CSV writer of the crate
/// goes through here.
pub fn write_rows(rows: Vec<Vec<Cell>>) -> Result<String, CsvError> {
    let write_error = |error: &dyn std::fmt::Display| CsvError::Write {
        message: error.to_string(),
    };
    let mut bytes = Vec::new();
    let mut mark = [0u8; 3];
    bytes.extend_from_slice(BOM.encode_utf8(&mut mark).as_bytes());
    let mut writer = ::csv::Writer::from_writer(bytes);
    for row in rows {
        let cells: Vec<std::borrow::Cow<'_, str>> = row.iter().map(Cell::written).collect();
        writer
            .write_record(cells.iter().map(|cell| cell.as_bytes()))
            .map_err(|error| write_error(&error))?;
    }
    let bytes = writer.into_inner().map_err(|error| write_error(&error))?;
    String::from_utf8(bytes).map_err(|error| write_error(&error))
}

/// The snapshot's scores as CSV, in snapshot order.
pub fn export_scores(snapshot: &Snapshot) -> Result<String, CsvError> {
    // An investor's comment on a pitch (the snapshot's `comments`) goes on the first row of that
    // pair, once: repeating it on every criterion would read as three comments.
    let mut comments: std::collections::HashMap<(&str, &str), &str> = snapshot
        .comments
        .iter()
        .map(|comment| {
            (
                (comment.investor.as_str(), comment.startup.as_str()),
                comment.text.as_str(),
            )
        })
        .collect();
    let mut rows = vec![header(SCORE_COLUMNS)];
    for score in &snapshot.scores {
        let pair_comment = comments.remove(&(score.investor.as_str(), score.startup.as_str()));
        let comment = match (score.comment.as_deref(), pair_comment) {
            (Some(own), _) if !own.is_empty() => own.to_owned(),
            (_, Some(text)) => text.to_owned(),
            _ => String::new(),
        };
        rows.push(vec![
            Cell::text(score.investor.as_str()),
            Cell::text(score.startup.as_str()),
            Cell::text(score.criterion.clone().unwrap_or_default()),
            score
                .value
                .as_ref()
                .map_or_else(Cell::empty, Cell::json_number),
            Cell::text(if score.abstain { "true" } else { "" }),
            Cell::text(comment),
        ]);
    }
    write_rows(rows)
}

/// The ranking as CSV: one row per startup in rank order, with name, totals, interval, judges and
/// per-criterion mean and rank. Empty cells where a value does not exist (e.g. rank of an
/// unscored startup).
pub fn export_ranking(snapshot: &Snapshot, ranking: &Ranking) -> Result<String, CsvError> {
    let keys: Vec<&str> = snapshot
        .event
        .criteria
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    let mut columns: Vec<String> = [
        "rank",
        "startup",
        "name",
        "total",
        "raw_total",
        "normalized_total",
        "se",
        "ci_low",
        "ci_high",
        "judges",
        "needs",
        "disagreement",
    ]
    .iter()
    .map(|c| (*c).to_owned())
    .collect();
    for key in &keys {
        columns.push(format!("{key}_mean"));
        columns.push(format!("{key}_rank"));
    }
    let mut rows = vec![header(columns)];
    let rank = |rank: Option<u32>| rank.map_or_else(Cell::empty, Cell::count);
    for (row, result) in rank_rows(snapshot, ranking)
        .into_iter()
        .zip(&ranking.startups)
    {
        let mut cells = vec![
            rank(row.rank),
            Cell::text(row.startup.as_str()),
            Cell::text(snapshot.startups[result.startup].name.as_str()),
            Cell::optional(row.total),
            Cell::optional(row.raw_total),
            Cell::optional(row.normalized_total),
            Cell::optional(row.se),
            Cell::optional(row.ci_low),
            Cell::optional(row.ci_high),
            Cell::count(row.judges),
            Cell::count(row.needs),
            Cell::text(row.disagreement.to_string()),
        ];
        for ((_, mean), criterion) in row.criteria.iter().zip(&result.criteria) {
            cells.push(Cell::optional(*mean));
            cells.push(rank(criterion.rank));
        }
        rows.push(cells);
    }
    write_rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_round_trip() {
        let scores = vec![
            ScoreEntry::score("i1", "s1", "innovation", 8),
            ScoreEntry::abstention("i1", "s2", None),
            ScoreEntry {
                comment: Some("좋은 팀, \"strong\" demo".into()),
                ..ScoreEntry::score("i2", "s1", "market", 3)
            },
        ];
        let snapshot = crate::snapshot::parse_snapshot(
            r#"{"format":"roadshow-event/1","event":{"id":"e","name":"n"}}"#,
        )
        .unwrap();
        let snapshot = Snapshot {
            scores: scores.clone(),
            ..snapshot
        };
        let text = export_scores(&snapshot).unwrap();
        // One byte-order mark, then the header.
        assert!(text.starts_with("\u{FEFF}investor,startup,criterion,value,abstain,comment\n"));
        assert_eq!(text.matches('\u{FEFF}').count(), 1);
        assert_eq!(&text.as_bytes()[..3], b"\xEF\xBB\xBF");
        assert_eq!(import_scores(&text).unwrap(), scores);
        // The same file after another tool dropped the mark still reads.
        assert_eq!(import_scores(strip_bom(&text)).unwrap(), scores);
    }

    fn snapshot_with(scores: Vec<ScoreEntry>) -> Snapshot {
        let snapshot = crate::snapshot::parse_snapshot(
            r#"{"format":"roadshow-event/1","event":{"id":"e","name":"n"}}"#,
        )
        .unwrap();
        Snapshot { scores, ..snapshot }
    }

    #[test]
    fn formula_cells_get_a_quote_and_numbers_stay_numbers() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+82 2 123 4567", "'+82 2 123 4567"),
            ("-- great team", "'-- great team"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("좋은 팀", "좋은 팀"),
            ("a=1", "a=1"),
            (" =1", " =1"),
            ("'=1", "'=1"),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(neutralize_formula(text), expected, "{text:?}");
            assert_eq!(Cell::text(text).written(), expected, "{text:?}");
        }
        assert_eq!(Cell::number(-0.5).written(), "-0.5");
        assert_eq!(Cell::json_number(&Number::from(-3)).written(), "-3");
        assert_eq!(Cell::optional(None).written(), "");
        assert_eq!(Cell::count(7u32).written(), "7");
    }

    #[test]
    fn scores_export_neutralises_text_and_keeps_negative_scores() {
        let scores = vec![
            ScoreEntry {
                comment: Some("=1+1".into()),
                ..ScoreEntry::score("i1", "s1", "innovation", -3)
            },
            ScoreEntry {
                comment: Some("@here, \"quoted\"".into()),
                ..ScoreEntry::score("-i2", "s1", "market", 4)
            },
        ];
        let text = export_scores(&snapshot_with(scores.clone())).unwrap();
        assert_eq!(
            text,
            "\u{FEFF}investor,startup,criterion,value,abstain,comment\n\
             i1,s1,innovation,-3,,'=1+1\n\
             '-i2,s1,market,4,,\"'@here, \"\"quoted\"\"\"\n"
        );
        // Read back: the numbers as they were, neutralised text with its quote (OWASP: the quote
        // is not stripped on read).
        let read = import_scores(&text).unwrap();
        assert_eq!(read[0].value, Some(Number::from(-3)));
        assert_eq!(read[0].comment.as_deref(), Some("'=1+1"));
        assert_eq!(read[1].investor, "'-i2");
        assert_eq!(read[1].comment.as_deref(), Some("'@here, \"quoted\""));
    }

    /// Each case: CSV text and the errors' (line, column, code) it must give.
    fn check(input: &str, expected: &[(u64, usize, ProblemCode)]) {
        let got: Vec<(u64, usize, ProblemCode)> = match import_scores(input) {
            Ok(_) => vec![],
            Err(errors) => errors
                .into_iter()
                .map(|error| match error {
                    CsvError::BadField {
                        line, column, code, ..
                    } => (line, column, code),
                    CsvError::MissingColumn { .. } => (1, 0, ProblemCode::Required),
                    CsvError::Unreadable { line, .. } => (line, 0, ProblemCode::Malformed),
                    CsvError::Write { .. } => (0, 0, ProblemCode::Malformed),
                })
                .collect(),
        };
        assert_eq!(got, expected, "for {input:?}");
    }

    #[test]
    fn bad_rows_are_reported_with_line_and_column() {
        use ProblemCode::*;
        check("investor,startup,criterion,value\ni1,s1,c,8\n", &[]);
        check("startup,investor,value,criterion\ns1,i1,7,c\n", &[]);
        check("investor,startup,criterion\n", &[(1, 0, Required)]);
        check(
            "investor,startup,criterion,value\ni1,s1,c,eight\ni1,,c,3\ni1,s1,c,\n",
            &[(2, 4, InvalidFormat), (3, 2, Required), (4, 4, Required)],
        );
        check(
            "investor,startup,criterion,value,abstain\ni1,s1,,,maybe\n",
            &[(2, 5, InvalidFormat), (2, 4, Required)],
        );
        check(
            "investor,startup,criterion,value,abstain\ni1,s1,,,true\n",
            &[],
        );
        // A leading byte-order mark (Excel's "CSV UTF-8") is skipped; lines count as before.
        check("\u{FEFF}investor,startup,criterion,value\ni1,s1,c,8\n", &[]);
        check(
            "\u{FEFF}investor,startup,criterion,value\ni1,s1,c,eight\n",
            &[(2, 4, InvalidFormat)],
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_cell_is_written_safely_and_reads_back(
            first in proptest::sample::select(vec!['=', '+', '-', '@', '\t', '\r', '\'', ' ', 'a', '가']),
            rest in "[\\PC,\"\n\r\t=+@-]{0,30}",
            number in -1.0e6f64..1.0e6,
        ) {
            let text = format!("{first}{rest}");
            let written = write_rows(vec![vec![Cell::text(text.as_str()), Cell::number(number)]]).unwrap();
            proptest::prop_assert!(written.starts_with(BOM));
            proptest::prop_assert!(!strip_bom(&written).starts_with(BOM));
            let mut reader = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(strip_bom(&written).as_bytes());
            let records: Vec<::csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
            proptest::prop_assert_eq!(records.len(), 1);
            let cell = &records[0][0];
            // Never starts with a formula trigger; exactly one quote added when it would have.
            proptest::prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
            if ['=', '+', '-', '@', '\t', '\r'].contains(&first) {
                proptest::prop_assert_eq!(cell, format!("'{text}"));
            } else {
                proptest::prop_assert_eq!(cell, text.as_str());
            }
            // The number is written as a number, even when negative.
            proptest::prop_assert_eq!(records[0][1].parse::<f64>().unwrap(), number);
        }
    }

    #[test]
    fn each_pitch_comment_is_written_once_on_its_pairs_first_row() {
        let mut snapshot = crate::snapshot::parse_snapshot(
            r#"{"format":"roadshow-event/1","event":{"id":"e","name":"n"}}"#,
        )
        .unwrap();
        snapshot.scores = vec![
            ScoreEntry::score("i1", "s1", "innovation", 8),
            ScoreEntry::score("i1", "s1", "market", 6),
            ScoreEntry::score("i2", "s1", "market", 3),
        ];
        snapshot.comments = vec![crate::model::Comment {
            investor: "i1".into(),
            startup: "s1".into(),
            text: "실증, \"특례\" 확인".into(),
            shared: false,
        }];
        let text = export_scores(&snapshot).unwrap();
        let expected = "\u{feff}investor,startup,criterion,value,abstain,comment\n\
                        i1,s1,innovation,8,,\"실증, \"\"특례\"\" 확인\"\n\
                        i1,s1,market,6,,\n\
                        i2,s1,market,3,,\n";
        assert_eq!(text, expected);
        let read = import_scores(&text).unwrap();
        assert_eq!(read[0].comment.as_deref(), Some("실증, \"특례\" 확인"));
        assert_eq!(read[1].comment, None);
    }
}
