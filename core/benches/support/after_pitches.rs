//! The benchmark event of BENCHMARKS.md, shared by `core/benches/matching.rs` and the wasm32
//! example `core/examples/wasm_bench.rs` (included by path, so both time the same data):
//! 200 investors × 1,000 startups, and the same event after the pitches with a published,
//! partly answered plan for gap repair (definitions §7.2).

use roadshow_core::matching::schedule_snapshot;
use roadshow_core::matching::synthetic::SplitMix;
use roadshow_core::model::{MatchMode, MeetingStatus, PlannedMeeting, Snapshot};
use serde_json::json;
use std::collections::HashSet;

/// A 200-investor × 1,000-startup event where every investor scored 40 pitches on 3 criteria,
/// 8 slots × 150 tables.
pub fn big_snapshot() -> Snapshot {
    let mut rng = SplitMix(7);
    let fields = [
        "hydrogen",
        "bio",
        "autonomous-driving",
        "telemedicine",
        "electric-energy",
        "co2",
    ];
    let stages = [
        "pre-seed",
        "seed",
        "pre-a",
        "series-a",
        "series-b",
        "series-c-plus",
    ];
    let startups: Vec<_> = (0..1000)
        .map(|s| {
            json!({"id": format!("s{s:04}"), "name": format!("Startup {s}"),
                   "field": fields[s % 6], "stage": stages[(s / 6) % 6], "region": format!("r{}", s % 9),
                   "ask_krw": 100_000_000i64 * (1 + (s as i64 % 40)), "capacity": 1 + s % 3})
        })
        .collect();
    let investors: Vec<_> = (0..200)
        .map(|j| {
            json!({"id": format!("i{j:03}"), "firm": format!("Firm {j}"),
                   "fields": [fields[j % 6], fields[(j + 2) % 6]], "stages": [stages[j % 6]], "regions": [],
                   "ticket_krw": {"min": 500_000_000i64, "max": 3_000_000_000i64}, "capacity": 3 + j % 4})
        })
        .collect();
    let mut scores = Vec::new();
    for j in 0..200 {
        for _ in 0..40 {
            let s = rng.range(0, 999);
            for c in ["innovation", "viability", "market"] {
                scores.push(json!({"investor": format!("i{j:03}"), "startup": format!("s{s:04}"), "criterion": c, "value": rng.range(1, 10)}));
            }
        }
    }
    // Later duplicates of (investor, startup, criterion) would be refused by validation: keep the first.
    let mut seen = HashSet::new();
    scores.retain(|v| {
        seen.insert((
            v["investor"].to_string(),
            v["startup"].to_string(),
            v["criterion"].to_string(),
        ))
    });
    let value = json!({"format": "roadshow-event/1",
        "event": {"id": "bench", "name": "bench", "scale": {"min": 1, "max": 10},
                  "criteria": [{"key": "innovation", "weight": 1.0}, {"key": "viability", "weight": 1.0}, {"key": "market", "weight": 1.0}],
                  "meetings": {"slots": 8, "tables": 150}},
        "startups": startups, "investors": investors, "scores": scores, "interest": []});
    serde_json::from_value(value).expect("bench snapshot")
}

/// Repair starts from this slot (of 0 … 7) in the repair benchmarks.
pub const REPAIR_FROM_SLOT: i64 = 3;

/// How the plan of [`repair_snapshot_input`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanCounts {
    /// Meetings in the plan (`roadshow schedule`'s placed meetings).
    pub meetings: usize,
    /// Meetings in slots ≥ `from_slot`.
    pub from_slot_on: usize,
    /// Of those, declined, no-show or cancelled: the freed meetings.
    pub freed: usize,
}

/// [`big_snapshot`] after the pitches: its "best" selection placed by `roadshow schedule` (the
/// published plan), every meeting before `from_slot` `held`, and of the meetings at or after it
/// every tenth in (slot, table) order (the 1st, 11th, 21st, …) freed — `declined`, `no_show` and
/// `cancelled` in turn — and every other one `confirmed`. No meeting is left `proposed` (a
/// proposed meeting at or after `from_slot` would be freed too), so exactly 10 % of the meetings
/// from `from_slot` on are freed.
pub fn repair_snapshot_input(from_slot: i64) -> (Snapshot, PlanCounts) {
    let mut snapshot = big_snapshot();
    let plan = schedule_snapshot(&snapshot, Some(MatchMode::Best)).expect("schedule");
    let mut meetings: Vec<PlannedMeeting> = plan
        .meetings
        .iter()
        .map(|m| PlannedMeeting {
            investor: m.investor.clone(),
            startup: m.startup.clone(),
            slot: i64::from(m.slot),
            table: i64::from(m.table),
            status: None,
            attendees: Vec::new(),
        })
        .collect();
    meetings.sort_by_key(|m| (m.slot, m.table));
    let freed_kinds = [
        MeetingStatus::Declined,
        MeetingStatus::NoShow,
        MeetingStatus::Cancelled,
    ];
    let mut later = 0usize;
    let mut freed = 0usize;
    for meeting in &mut meetings {
        meeting.status = Some(if meeting.slot < from_slot {
            MeetingStatus::Held
        } else {
            later += 1;
            if (later - 1).is_multiple_of(10) {
                freed += 1;
                freed_kinds[(freed - 1) % 3]
            } else {
                MeetingStatus::Confirmed
            }
        });
    }
    let counts = PlanCounts {
        meetings: meetings.len(),
        from_slot_on: later,
        freed,
    };
    snapshot.meetings = meetings;
    (snapshot, counts)
}
