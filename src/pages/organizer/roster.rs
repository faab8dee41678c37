//! The investor roster CSV: one investor a line, with a header naming the columns (any order).
//! Every bad line is reported with its line number, not just the first.
//!
//! Columns: `firm` (required), `firm_en`, `person`, `type`, `fields`, `stages`, `regions`,
//! `ticket_min`, `ticket_max`, `capacity`, `contact`. Lists are separated by `;`.

use roadshow_core::model::{Investor, Stage};

const KNOWN: [&str; 11] = [
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

/// Reads the roster; either every investor or every problem.
pub fn parse_roster(text: &str) -> Result<Vec<Investor>, Vec<RosterError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
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
        .filter(|header| !KNOWN.contains(&header.as_str()))
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
                let line = error.position().map_or(0, |position| position.line());
                problems.push(RosterError::Unreadable {
                    line,
                    detail: error.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |position| position.line());
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
        });
        match serde_json::from_value::<Investor>(strip_nulls(investor)) {
            Ok(investor) => investors.push(investor),
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

    #[test]
    fn reads_a_roster_in_any_column_order() {
        let text = "person,firm,stages,fields,ticket_min,ticket_max,capacity\n\
                    김하늘,한빛벤처스,seed;series-a,hydrogen; mobility,\"500,000,000\",3000000000,6\n\
                    ,Blue Ocean AC,,,,,\n";
        let investors = parse_roster(text).unwrap();
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
}
