//! CSV exchange for spreadsheets: scores (import and export) and rankings (export).
//!
//! Scores CSV columns: `investor,startup,criterion,value,abstain,comment` (header required; the
//! columns may come in any order; `abstain` and `comment` are optional). An abstention has an empty
//! `value` and `abstain` = `true`/`1`/`yes`. Imported scores are not checked against an event here:
//! put them in a snapshot and run [`crate::validate::validate`], which names each bad score.

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

/// Reads scores from CSV; every bad row is reported, not just the first.
pub fn import_scores(text: &str) -> Result<Vec<ScoreEntry>, Vec<CsvError>> {
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

fn write_rows(rows: Vec<Vec<String>>) -> Result<String, CsvError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row).map_err(|error| CsvError::Write {
            message: error.to_string(),
        })?;
    }
    let bytes = writer.into_inner().map_err(|error| CsvError::Write {
        message: error.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|error| CsvError::Write {
        message: error.to_string(),
    })
}

/// The snapshot's scores as CSV, in snapshot order.
pub fn export_scores(snapshot: &Snapshot) -> Result<String, CsvError> {
    let mut rows = vec![SCORE_COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    for score in &snapshot.scores {
        rows.push(vec![
            score.investor.clone(),
            score.startup.clone(),
            score.criterion.clone().unwrap_or_default(),
            score
                .value
                .as_ref()
                .map(Number::to_string)
                .unwrap_or_default(),
            if score.abstain {
                "true".to_owned()
            } else {
                String::new()
            },
            score.comment.clone().unwrap_or_default(),
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
    let mut header: Vec<String> = [
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
        header.push(format!("{key}_mean"));
        header.push(format!("{key}_rank"));
    }
    let mut rows = vec![header];
    let number = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
    for (row, result) in rank_rows(snapshot, ranking)
        .into_iter()
        .zip(&ranking.startups)
    {
        let mut cells = vec![
            row.rank.map(|r| r.to_string()).unwrap_or_default(),
            row.startup.clone(),
            snapshot.startups[result.startup].name.clone(),
            number(row.total),
            number(row.raw_total),
            number(row.normalized_total),
            number(row.se),
            number(row.ci_low),
            number(row.ci_high),
            row.judges.to_string(),
            row.needs.to_string(),
            row.disagreement.to_string(),
        ];
        for ((_, mean), criterion) in row.criteria.iter().zip(&result.criteria) {
            cells.push(number(*mean));
            cells.push(criterion.rank.map(|r| r.to_string()).unwrap_or_default());
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
        assert!(text.starts_with("investor,startup,criterion,value,abstain,comment\n"));
        assert_eq!(import_scores(&text).unwrap(), scores);
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
    }
}
