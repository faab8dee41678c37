//! The outcomes funnel of one event (definitions §7.1 and §7.4): how many pairs got
//! from a proposed meeting to an investment, with the invested KRW, and the no-shows by name.
//! The organizer console's "성과 / Outcomes" tab shows exactly [`funnel`] of the event with its
//! meetings and follow-ups (`Replica::snapshot_with_outcomes`).
//!
//! # What is counted
//!
//! - **Pairs, not meetings.** Every step counts distinct (investor, startup) pairs: a pair whose
//!   cancelled meeting was replaced by a new one (repair may re-add a cancelled pair) is one pair.
//!   A pair's meeting status is the furthest of its meetings' (held > confirmed > anything else).
//! - **Cumulative ("reached at least").** A step counts every pair that got at least that far,
//!   so the numbers never rise along the funnel: a pair at `term_sheet` counts under confirmed,
//!   held, follow-up, due diligence and term sheet. A follow-up record exists only after a held
//!   meeting (definitions §7.4), so a pair with a record at `met` or beyond counts as held and
//!   confirmed even when its meeting row says otherwise (a later plan may have dropped it).
//! - **Steps.** proposed = every pair with a meeting in the plan or a follow-up record;
//!   confirmed = meeting `confirmed` or `held`, or any follow-up record; held = meeting `held` or
//!   any follow-up record; follow-up, due diligence, term sheet, invested = a record at that
//!   stage or a later one of `follow_up → due_diligence → term_sheet → invested`.
//! - **`passed`** ends a pair's story at an unknown stage, so a passed pair counts up to held
//!   and is reported in `passed`, never in a later step.
//! - **`no_show`, `declined` and `cancelled`** meetings count under proposed only, and are
//!   reported by status in `meetings_by_status` (meetings, not pairs); every no-show meeting is
//!   listed in `no_shows` with its slot and table, ordered by slot, table, investor, startup.
//! - **KRW.** `invested_krw` = Σ `amount_krw` of `invested` records (reported by the investor);
//!   `invested_krw_confirmed` = the same over records the startup confirmed (`confirmed: true`).
//!   A record without an amount adds 0. Sums saturate rather than wrap.

use crate::model::{FollowUpStage, MeetingStatus, Snapshot};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A step of the funnel, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelStep {
    Proposed,
    Confirmed,
    Held,
    FollowUp,
    DueDiligence,
    TermSheet,
    Invested,
}

impl FunnelStep {
    pub const ALL: [FunnelStep; 7] = [
        FunnelStep::Proposed,
        FunnelStep::Confirmed,
        FunnelStep::Held,
        FunnelStep::FollowUp,
        FunnelStep::DueDiligence,
        FunnelStep::TermSheet,
        FunnelStep::Invested,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FunnelStep::Proposed => "proposed",
            FunnelStep::Confirmed => "confirmed",
            FunnelStep::Held => "held",
            FunnelStep::FollowUp => "follow_up",
            FunnelStep::DueDiligence => "due_diligence",
            FunnelStep::TermSheet => "term_sheet",
            FunnelStep::Invested => "invested",
        }
    }
}

/// One step and the pairs that reached it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelCount {
    pub step: FunnelStep,
    pub pairs: u64,
}

/// A meeting marked `no_show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoShow {
    pub investor: String,
    pub startup: String,
    pub slot: i64,
    pub table: i64,
}

/// The funnel of one event; see the module docs for every count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    /// Every step of [`FunnelStep::ALL`], in order.
    pub steps: Vec<FunnelCount>,
    /// Pairs whose record is `passed`.
    pub passed: u64,
    /// Meetings (not pairs) by their current status, every status of [`MeetingStatus::ALL`]
    /// listed (absent status = proposed).
    pub meetings_by_status: Vec<(MeetingStatus, u64)>,
    pub invested_krw: i64,
    pub invested_krw_confirmed: i64,
    /// `invested` records the startup confirmed.
    pub invested_confirmed_pairs: u64,
    pub no_shows: Vec<NoShow>,
}

impl Funnel {
    /// Pairs that reached `step`.
    pub fn count(&self, step: FunnelStep) -> u64 {
        self.steps
            .iter()
            .find(|count| count.step == step)
            .map_or(0, |count| count.pairs)
    }

    /// Meetings with `status` now.
    pub fn meetings(&self, status: MeetingStatus) -> u64 {
        self.meetings_by_status
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }
}

/// The furthest funnel step a follow-up stage stands for (`passed`: held, see the module docs).
fn step_of_stage(stage: FollowUpStage) -> FunnelStep {
    match stage {
        FollowUpStage::Met | FollowUpStage::Passed => FunnelStep::Held,
        FollowUpStage::FollowUp => FunnelStep::FollowUp,
        FollowUpStage::DueDiligence => FunnelStep::DueDiligence,
        FollowUpStage::TermSheet => FunnelStep::TermSheet,
        FollowUpStage::Invested => FunnelStep::Invested,
    }
}

fn step_of_status(status: Option<MeetingStatus>) -> FunnelStep {
    match status {
        Some(MeetingStatus::Held) => FunnelStep::Held,
        Some(MeetingStatus::Confirmed) => FunnelStep::Confirmed,
        _ => FunnelStep::Proposed,
    }
}

/// The funnel of `snapshot`'s meetings and follow-ups (definitions §7.1, §7.4; readings in the
/// module docs).
pub fn funnel(snapshot: &Snapshot) -> Funnel {
    let mut furthest: BTreeMap<(&str, &str), FunnelStep> = BTreeMap::new();
    let mut by_status = [0u64; MeetingStatus::ALL.len()];
    let mut no_shows = Vec::new();
    for meeting in &snapshot.meetings {
        let status = meeting.status.unwrap_or(MeetingStatus::Proposed);
        if let Some(index) = MeetingStatus::ALL.iter().position(|s| *s == status) {
            by_status[index] += 1;
        }
        if status == MeetingStatus::NoShow {
            no_shows.push(NoShow {
                investor: meeting.investor.clone(),
                startup: meeting.startup.clone(),
                slot: meeting.slot,
                table: meeting.table,
            });
        }
        let step = step_of_status(meeting.status);
        let entry = furthest
            .entry((meeting.investor.as_str(), meeting.startup.as_str()))
            .or_insert(step);
        *entry = (*entry).max(step);
    }
    let mut passed = BTreeSet::new();
    let (mut invested_krw, mut invested_krw_confirmed, mut invested_confirmed_pairs) =
        (0i64, 0i64, 0u64);
    for record in &snapshot.follow_ups {
        let pair = (record.investor.as_str(), record.startup.as_str());
        let step = step_of_stage(record.stage);
        let entry = furthest.entry(pair).or_insert(step);
        *entry = (*entry).max(step);
        match record.stage {
            FollowUpStage::Passed => {
                passed.insert(pair);
            }
            FollowUpStage::Invested => {
                let amount = record.amount_krw.unwrap_or(0);
                invested_krw = invested_krw.saturating_add(amount);
                if record.confirmed == Some(true) {
                    invested_krw_confirmed = invested_krw_confirmed.saturating_add(amount);
                    invested_confirmed_pairs += 1;
                }
            }
            _ => {}
        }
    }
    no_shows.sort_by(|a, b| {
        (a.slot, a.table, &a.investor, &a.startup).cmp(&(b.slot, b.table, &b.investor, &b.startup))
    });
    let steps = FunnelStep::ALL
        .into_iter()
        .map(|step| FunnelCount {
            step,
            pairs: furthest
                .values()
                .filter(|reached| **reached >= step)
                .count() as u64,
        })
        .collect();
    Funnel {
        steps,
        passed: passed.len() as u64,
        meetings_by_status: MeetingStatus::ALL.into_iter().zip(by_status).collect(),
        invested_krw,
        invested_krw_confirmed,
        invested_confirmed_pairs,
        no_shows,
    }
}
