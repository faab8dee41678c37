//! Gap repair, "fill the gaps" (docs/definitions.md §7.2): keep the meetings that must not move,
//! and refill the freed places by the two stages of §4.8–4.9 — exact "best" selection, then slot
//! and table placement — on the residual problem.
//!
//! # Decisions where the definition is open
//!
//! - **Kept** = every meeting in a slot before `from_slot` (whatever its status: the past is a
//!   record), and every `confirmed` or `held` meeting at or after it. A `proposed` meeting (or one
//!   without status) at or after `from_slot` is freed: its pair is a candidate again and may be
//!   re-selected, in any slot and table. `declined`, `no_show` and `cancelled` meetings at or
//!   after `from_slot` are freed too. Kept meetings are printed exactly as in the snapshot (an
//!   absent `status` stays absent).
//! - **Excluded pairs**: a pair with a kept meeting, or with a `declined` or `no_show` meeting
//!   anywhere in the snapshot, is never added. A `cancelled` pair is not excluded (§7.2 does not
//!   list it); the vetoes of §4.7 (conflict, abstention, "no", startup declines, threshold, draft)
//!   still apply.
//! - **Capacity** of each person = its stated capacity (or the event default) minus *all* its kept
//!   meetings, including declined / no-show / cancelled ones before `from_slot` (read literally:
//!   "capacity minus kept meetings"), and at most the number of slots ≥ `from_slot` where it is
//!   free (not unavailable, not in a kept meeting). The total is at most the free (slot, table)
//!   places from `from_slot` on.
//! - **Selection** is always "best" (exact max Σ M with the tie-breaking and zero-score filling of
//!   §4.8), whatever `event.match.mode` says. As in §4.8, a pair is a candidate even when its two
//!   sides share no free slot; placement then lists it unplaced.
//! - **Placement** uses slots ≥ `from_slot` only; a slot held by a person's kept meeting counts as
//!   unavailable to that person, so `no_common_available_slot` means no slot ≥ `from_slot` where
//!   both are available and not in a kept meeting; `all_common_slots_booked` and `tables_full` as
//!   in §4.9. Within a slot the added meetings take the tables no kept meeting holds, lowest
//!   first, in investor-id then startup-id order.
//! - **Order**: `kept` and `added` by slot, table, investor id, startup id; `unplaced` by investor
//!   id, startup id (ids compare as byte strings).
//! - **`total_added`** = Σ M over the added (placed) meetings, like `total` of `roadshow match`.
//! - **`from_slot`** must lie in 0 … slots − 1.
//! - **Firm teams** (definitions §8.6) are one party, as in the selection: a firm's kept
//!   meetings, capacity and free slots are the firm's, and a firm that holds a kept meeting with
//!   a startup (through any member) gets no other meeting with it. An added meeting of such a
//!   firm names its `attendees` as the schedule does.

use super::flow::BestMatching;
use super::instance::MatchingInstance;
use super::{stable, MatchBoard, MatchError, UnplacedMeeting};
use crate::model::{MeetingStatus, PlannedMeeting, Snapshot};
use crate::schedule::{schedule_with_slot_tables, ScheduleInstance};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use thiserror::Error;

/// A meeting repair added, with its match score M.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddedMeeting {
    pub investor: String,
    pub startup: String,
    pub slot: u32,
    pub table: u32,
    pub score: f64,
    /// Who of a firm of several people attends, as in the schedule (definitions §8.6); absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
}

/// The repaired plan, serialized exactly as definitions §11's `roadshow repair` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repair {
    pub kept: Vec<PlannedMeeting>,
    pub added: Vec<AddedMeeting>,
    pub unplaced: Vec<UnplacedMeeting>,
    pub total_added: f64,
}

/// Why repair could not run.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RepairError {
    #[error("--from-slot {from_slot} is out of range: the event's slots are numbered 0 to {last}")]
    FromSlot { from_slot: i64, last: i64 },
    #[error(transparent)]
    Match(#[from] MatchError),
}

/// Whether `meeting` stays exactly as it is when repairing from `from_slot`.
pub fn is_kept(meeting: &PlannedMeeting, from_slot: u32) -> bool {
    meeting.slot < i64::from(from_slot)
        || matches!(
            meeting.status,
            Some(MeetingStatus::Confirmed | MeetingStatus::Held)
        )
}

/// `roadshow repair SNAPSHOT --from-slot N`: validate, rank, score, then [`repair`] the
/// snapshot's `meetings`.
pub fn repair_snapshot(snapshot: &Snapshot, from_slot: i64) -> Result<Repair, RepairError> {
    let board = MatchBoard::from_snapshot(snapshot)?;
    repair_from_slot(&board, snapshot, from_slot)
}

/// [`repair`] with `from_slot` as the command line gives it: out of range is an error. `board`
/// must have been built from `snapshot` with the event's stored match settings (a caller that
/// keeps one per data version, as the match worker does, skips validation, ranking and M).
pub fn repair_from_slot(
    board: &MatchBoard,
    snapshot: &Snapshot,
    from_slot: i64,
) -> Result<Repair, RepairError> {
    let slots = snapshot.event.meetings.slots;
    if from_slot < 0 || from_slot >= slots {
        return Err(RepairError::FromSlot {
            from_slot,
            last: slots - 1,
        });
    }
    Ok(repair(board, snapshot, from_slot as u32)?)
}

/// Capacity left to a person: its stated capacity (`None`: no limit of its own) minus its kept
/// meetings, at most its free slots ≥ `from_slot`.
fn residual_capacity(stated: Option<i64>, kept: u32, free_slots: u32) -> u32 {
    match stated {
        None => free_slots,
        Some(c) => (c.max(0) - i64::from(kept)).clamp(0, i64::from(free_slots)) as u32,
    }
}

/// Repairs `snapshot.meetings` from `from_slot` (< the board's slot count) with the scores and
/// vetoes of `board`, which must have been built from `snapshot`.
pub fn repair(
    board: &MatchBoard,
    snapshot: &Snapshot,
    from_slot: u32,
) -> Result<Repair, MatchError> {
    // Firms are parties here as in the selection (definitions §8.6): `ni` counts parties.
    let (ni, ns) = (board.party_members.len(), board.startup_ids.len());
    let from = from_slot.min(board.slots);
    let residual_slots = board.slots - from;
    let index_of = |ids: &[String], id: &str| ids.binary_search_by(|x| x.as_str().cmp(id)).ok();

    // Busy residual slots per person (unavailability and kept meetings), kept counts, taken tables.
    let mut investor_busy: Vec<Vec<bool>> = board
        .investor_unavailable
        .iter()
        .map(|list| {
            let mut busy = vec![false; residual_slots as usize];
            for &c in list.iter().filter(|&&c| c >= from && c < board.slots) {
                busy[(c - from) as usize] = true;
            }
            busy
        })
        .collect();
    let mut startup_busy: Vec<Vec<bool>> = vec![vec![false; residual_slots as usize]; ns];
    let mut investor_kept = vec![0u32; ni];
    let mut startup_kept = vec![0u32; ns];
    let mut tables_taken: Vec<HashSet<u32>> = vec![HashSet::new(); residual_slots as usize];
    // Per investor, the startups it is never paired with again (a few each; a hash of pairs
    // costs more than the rest of the filter over every candidate, in wasm above all).
    let mut excluded: Vec<Vec<u32>> = vec![Vec::new(); ni];
    let mut kept = Vec::new();
    for meeting in &snapshot.meetings {
        let j = index_of(&board.investor_ids, &meeting.investor);
        let s = index_of(&board.startup_ids, &meeting.startup);
        let (Some(j), Some(s)) = (j, s) else {
            return Err(MatchError::UnknownPair {
                investor: meeting.investor.clone(),
                startup: meeting.startup.clone(),
            });
        };
        let j = board.party_of[j] as usize;
        if matches!(
            meeting.status,
            Some(MeetingStatus::Declined | MeetingStatus::NoShow)
        ) {
            excluded[j].push(s as u32);
        }
        if !is_kept(meeting, from) {
            continue;
        }
        excluded[j].push(s as u32);
        investor_kept[j] += 1;
        startup_kept[s] += 1;
        if meeting.slot >= i64::from(from) && meeting.slot < i64::from(board.slots) {
            let r = (meeting.slot - i64::from(from)) as usize;
            investor_busy[j][r] = true;
            startup_busy[s][r] = true;
            if meeting.table >= 0 && meeting.table < i64::from(board.tables) {
                tables_taken[r].insert(meeting.table as u32);
            }
        }
        kept.push(meeting.clone());
    }
    for startups in &mut excluded {
        startups.sort_unstable();
    }
    kept.sort_by(|a, b| {
        (a.slot, a.table, &a.investor, &a.startup).cmp(&(b.slot, b.table, &b.investor, &b.startup))
    });

    // Stage 1: exact "best" selection on the residual instance.
    let event = &snapshot.event;
    let free_count = |busy: &[bool]| busy.iter().filter(|&&b| !b).count() as u32;
    let investor_capacity: Vec<u32> = (0..ni)
        .map(|j| {
            residual_capacity(
                board.party_stated_capacity[j],
                investor_kept[j],
                free_count(&investor_busy[j]),
            )
        })
        .collect();
    let startup_capacity: Vec<u32> = (0..ns)
        .map(|s| {
            let p = board.startup_pos[s];
            residual_capacity(
                snapshot.startups[p]
                    .capacity
                    .or(event.meetings.startup_capacity),
                startup_kept[s],
                free_count(&startup_busy[s]),
            )
        })
        .collect();
    let slot_tables: Vec<u32> = tables_taken
        .iter()
        .map(|taken| board.tables - taken.len() as u32)
        .collect();
    let total_cap = slot_tables
        .iter()
        .map(|&t| u64::from(t))
        .sum::<u64>()
        .min(u64::from(u32::MAX)) as u32;
    // Positions in the board's candidates of those still open, for the pair's member.
    let open: Vec<usize> = (0..board.instance.candidates.len())
        .filter(|&k| {
            let c = &board.instance.candidates[k];
            excluded[c.investor as usize]
                .binary_search(&c.startup)
                .is_err()
        })
        .collect();
    let instance = MatchingInstance {
        investor_capacity,
        startup_capacity,
        total_cap,
        candidates: open.iter().map(|&k| board.instance.candidates[k]).collect(),
    };
    let best = BestMatching::solve(&instance)?;
    let mut chosen = best.selected();
    stable::fill_greedily(&instance, &mut chosen);
    chosen.sort_by(|&a, &b| instance.greedy_before(a, b));

    // Stage 2: placement into the free slots ≥ from_slot and their free tables.
    let busy_list = |busy: &Vec<bool>| -> Vec<u32> {
        (0..residual_slots).filter(|&r| busy[r as usize]).collect()
    };
    let places = ScheduleInstance {
        slots: residual_slots,
        tables: board.tables,
        investors: ni as u32,
        startups: ns as u32,
        meetings: chosen
            .iter()
            .map(|&p| {
                let c = &instance.candidates[p];
                (c.investor, c.startup)
            })
            .collect(),
        investor_unavailable: investor_busy.iter().map(busy_list).collect(),
        startup_unavailable: startup_busy.iter().map(busy_list).collect(),
    };
    let solved = schedule_with_slot_tables(&places, &slot_tables)?;
    let free_tables: Vec<Vec<u32>> = tables_taken
        .iter()
        .map(|taken| (0..board.tables).filter(|t| !taken.contains(t)).collect())
        .collect();
    let member_of = |m: usize| board.candidate_member[open[chosen[m]]] as usize;
    let name = |m: usize| {
        let c = &instance.candidates[chosen[m]];
        let member = member_of(m);
        (
            board.investor_ids[member].clone(),
            board.startup_ids[c.startup as usize].clone(),
            c.score,
        )
    };
    let mut added: Vec<AddedMeeting> = solved
        .placed
        .iter()
        .map(|p| {
            let (investor, startup, score) = name(p.meeting);
            let s = instance.candidates[chosen[p.meeting]].startup as usize;
            AddedMeeting {
                investor,
                startup,
                slot: p.slot + from,
                table: free_tables[p.slot as usize][p.table as usize],
                score,
                attendees: board.ids_of(&board.attendees_in_slot(
                    member_of(p.meeting),
                    s,
                    p.slot + from,
                )),
            }
        })
        .collect();
    added.sort_by(|a, b| {
        (a.slot, a.table, &a.investor, &a.startup).cmp(&(b.slot, b.table, &b.investor, &b.startup))
    });
    let mut unplaced: Vec<UnplacedMeeting> = solved
        .unplaced
        .iter()
        .map(|&(m, reason)| {
            let (investor, startup, _) = name(m);
            UnplacedMeeting {
                investor,
                startup,
                reason,
            }
        })
        .collect();
    unplaced.sort_by(|a, b| (&a.investor, &a.startup).cmp(&(&b.investor, &b.startup)));
    let total_added = added.iter().map(|a| a.score).sum();
    Ok(Repair {
        kept,
        added,
        unplaced,
        total_added,
    })
}
