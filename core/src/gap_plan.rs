//! The plan the organizer publishes after "fill the gaps" (definitions §7.2): the repair's kept
//! meetings as they are, the freed meetings' history, and the added meetings.
//!
//! Readings:
//! - Declined, no-show and cancelled meetings at or after `from_slot` stay in the plan with their
//!   status (they are what happened; validation lets a new meeting take their place), except a
//!   cancelled pair the repair adds again: a pair meets at most once in a plan, so the new meeting
//!   replaces the cancelled one.
//! - Proposed meetings at or after `from_slot` were freed for re-selection: they stay only if
//!   the repair added them again (at the same slot and table the server keeps what each side
//!   said; moved, it is a new meeting with a higher calendar sequence).
//! - Order: kept, then the history, then the added meetings, each in the order given.

use crate::matching::repair::Repair;
use crate::model::{MeetingStatus, PlannedMeeting};
use std::collections::HashSet;

/// The meetings to publish: `repair.kept`, the not-kept declined / no-show / cancelled meetings
/// of `current` whose pair is not added again, then `repair.added` (status absent = proposed).
pub fn repaired_plan(current: &[PlannedMeeting], repair: &Repair) -> Vec<PlannedMeeting> {
    let added: HashSet<(&str, &str)> = repair
        .added
        .iter()
        .map(|m| (m.investor.as_str(), m.startup.as_str()))
        .collect();
    let mut plan = repair.kept.clone();
    for meeting in current {
        let history = matches!(
            meeting.status,
            Some(MeetingStatus::Declined | MeetingStatus::NoShow | MeetingStatus::Cancelled)
        );
        if history
            && !repair.kept.contains(meeting)
            && !added.contains(&(meeting.investor.as_str(), meeting.startup.as_str()))
        {
            plan.push(meeting.clone());
        }
    }
    plan.extend(repair.added.iter().map(|m| PlannedMeeting {
        investor: m.investor.clone(),
        startup: m.startup.clone(),
        slot: i64::from(m.slot),
        table: i64::from(m.table),
        status: None,
        attendees: m.attendees.clone(),
    }));
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::repair::AddedMeeting;

    fn meeting(i: &str, s: &str, slot: i64, status: Option<MeetingStatus>) -> PlannedMeeting {
        PlannedMeeting {
            investor: i.into(),
            startup: s.into(),
            slot,
            table: 0,
            status,
            attendees: Vec::new(),
        }
    }

    fn added(i: &str, s: &str, slot: u32) -> AddedMeeting {
        AddedMeeting {
            investor: i.into(),
            startup: s.into(),
            slot,
            table: 0,
            score: 0.5,
            attendees: Vec::new(),
        }
    }

    #[test]
    fn history_stays_freed_proposals_go_and_a_re_added_cancelled_pair_is_replaced() {
        use MeetingStatus::*;
        let current = vec![
            meeting("i1", "s1", 0, Some(NoShow)),   // before from_slot: kept
            meeting("i2", "s2", 2, Some(Held)),     // kept
            meeting("i3", "s3", 3, Some(Declined)), // history
            meeting("i4", "s4", 3, Some(Cancelled)), // re-added below: replaced
            meeting("i5", "s5", 4, None),           // freed proposal, not re-added: dropped
            meeting("i6", "s6", 4, Some(Cancelled)), // history
        ];
        let repair = Repair {
            kept: vec![current[0].clone(), current[1].clone()],
            added: vec![added("i4", "s4", 4), added("i3", "s5", 3)],
            unplaced: Vec::new(),
            total_added: 1.0,
        };
        let plan = repaired_plan(&current, &repair);
        assert_eq!(
            plan,
            vec![
                current[0].clone(),
                current[1].clone(),
                current[2].clone(),
                current[5].clone(),
                meeting("i4", "s4", 4, None),
                meeting("i3", "s5", 3, None),
            ]
        );
    }
}
