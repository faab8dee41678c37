//! The program page's tables as CSV (definitions §7.5), with the rules of every CSV of the
//! product ([`crate::csv::write_rows`]): the figures of each event and the total, and one
//! breakdown of them. A filter to one bucket (`by`, `key`) shows every row's figures of that
//! bucket, as the page does; a row without that bucket is all zeros (nothing of it happened).
//!
//! Columns: [`FIGURE_COLUMNS`] after the row's own (`event`, `name`, or the breakdown's `key`).
//! `non_capital_share` is a fraction (0.75), empty when nothing was invested.

use crate::csv::{header, write_rows, Cell, CsvError};
use crate::report::{BucketFigures, Figures, ProgramReport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One of the four breakdowns of the figures (definitions §11 `by_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    Zone,
    Field,
    Region,
    InvestorType,
}

impl Breakdown {
    pub const ALL: [Breakdown; 4] = [
        Breakdown::Zone,
        Breakdown::Field,
        Breakdown::Region,
        Breakdown::InvestorType,
    ];

    /// Its name in a URL and a file name (`zone`, `field`, `region`, `investor_type`).
    pub fn slug(self) -> &'static str {
        match self {
            Breakdown::Zone => "zone",
            Breakdown::Field => "field",
            Breakdown::Region => "region",
            Breakdown::InvestorType => "investor_type",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Breakdown> {
        Breakdown::ALL.into_iter().find(|by| by.slug() == slug)
    }

    /// The figures' map of this breakdown.
    pub fn of(self, figures: &Figures) -> &BTreeMap<String, BucketFigures> {
        match self {
            Breakdown::Zone => &figures.by_zone,
            Breakdown::Field => &figures.by_field,
            Breakdown::Region => &figures.by_region,
            Breakdown::InvestorType => &figures.by_investor_type,
        }
    }
}

/// Figures restricted to one bucket, or all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketFilter {
    pub by: Breakdown,
    pub key: String,
}

/// The figures a row shows: the whole, or its bucket under `filter` (zeros when it has none).
pub fn shown(figures: &Figures, filter: Option<&BucketFilter>) -> BucketFigures {
    match filter {
        None => figures.overall.clone(),
        Some(filter) => filter
            .by
            .of(figures)
            .get(&filter.key)
            .cloned()
            .unwrap_or_default(),
    }
}

pub const FIGURE_COLUMNS: [&str; 18] = [
    "startups_registered",
    "startups_pitched",
    "investors",
    "meetings_proposed",
    "meetings_confirmed",
    "meetings_declined",
    "meetings_held",
    "meetings_no_show",
    "meetings_cancelled",
    "stage_met",
    "stage_follow_up",
    "stage_due_diligence",
    "stage_term_sheet",
    "stage_invested",
    "stage_passed",
    "invested_krw",
    "invested_krw_confirmed",
    "non_capital_share",
];

fn figure_cells(figures: &BucketFigures) -> Vec<Cell> {
    let meetings = &figures.meetings;
    let stages = &figures.stages;
    let mut cells: Vec<Cell> = [
        figures.startups_registered,
        figures.startups_pitched,
        figures.investors,
        meetings.proposed,
        meetings.confirmed,
        meetings.declined,
        meetings.held,
        meetings.no_show,
        meetings.cancelled,
        stages.met,
        stages.follow_up,
        stages.due_diligence,
        stages.term_sheet,
        stages.invested,
        stages.passed,
    ]
    .into_iter()
    .map(Cell::count)
    .collect();
    cells.push(Cell::text(figures.invested_krw.to_string()));
    cells.push(Cell::text(figures.invested_krw_confirmed.to_string()));
    cells.push(
        figures
            .non_capital_share
            .map_or_else(Cell::empty, Cell::number),
    );
    cells
}

/// Each event's figures and the total, one row each (`event` is the id, `name` its name in
/// `names`, or the id).
pub fn events_csv(
    report: &ProgramReport,
    names: &BTreeMap<String, String>,
    total_label: &str,
    filter: Option<&BucketFilter>,
) -> Result<String, CsvError> {
    let mut rows = vec![header(["event", "name"].into_iter().chain(FIGURE_COLUMNS))];
    for event in &report.events {
        let mut row = vec![
            Cell::text(event.event.as_str()),
            Cell::text(names.get(&event.event).unwrap_or(&event.event).as_str()),
        ];
        row.extend(figure_cells(&shown(&event.figures, filter)));
        rows.push(row);
    }
    let mut total = vec![Cell::text(""), Cell::text(total_label)];
    total.extend(figure_cells(&shown(&report.total, filter)));
    rows.push(total);
    write_rows(rows)
}

/// The total's breakdown `by`, one row per key.
pub fn breakdown_csv(report: &ProgramReport, by: Breakdown) -> Result<String, CsvError> {
    let mut rows = vec![header([by.slug()].into_iter().chain(FIGURE_COLUMNS))];
    for (key, figures) in by.of(&report.total) {
        let mut row = vec![Cell::text(key.as_str())];
        row.extend(figure_cells(figures));
        rows.push(row);
    }
    write_rows(rows)
}
