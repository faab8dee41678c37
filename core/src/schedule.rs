//! Slot and table assignment for selected meetings (docs/definitions.md §4.9).
//!
//! A meeting is an edge between an investor and a startup; a slot is a colour. Nobody may be in two
//! meetings in one slot (a proper edge colouring) and a slot holds at most `tables` meetings.
//!
//! Without unavailability the schedule always fits in max(Δ, ⌈E / tables⌉) slots: König's
//! theorem gives a proper colouring with any k ≥ Δ colours (built edge by edge, freeing a colour by
//! swapping an alternating path when the two endpoints disagree), and the colouring is then made
//! equitable — while two classes differ by more than one, an alternating path of the larger and
//! smaller colour that starts and ends in the larger one is swapped, moving one meeting across —
//! so no class exceeds ⌈E / k⌉ ≤ tables.
//!
//! With unavailability the problem is NP-hard in general, so a heuristic places the most
//! constrained meetings first, uses the same alternating-path swaps when they respect everyone's
//! availability, and widens the number of slots only when it has to. Every meeting it cannot place
//! is reported with the reason, never dropped.

use serde::{Deserialize, Serialize};
use thiserror::Error;

const FREE: u32 = u32::MAX;

/// Refuses flat tables larger than this (vertices × slots); real events are far below it.
const MAX_TABLE_CELLS: usize = 1 << 26;

/// The meetings to place and the constraints of the room, in index form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleInstance {
    pub slots: u32,
    pub tables: u32,
    pub investors: u32,
    pub startups: u32,
    /// (investor index, startup index) per meeting.
    pub meetings: Vec<(u32, u32)>,
    /// Per investor, the slots it cannot attend (any order; slots beyond `slots` mean nothing).
    pub investor_unavailable: Vec<Vec<u32>>,
    /// Per startup, the slots it cannot attend; may be empty (no startup has any).
    pub startup_unavailable: Vec<Vec<u32>>,
}

/// Why a meeting could not be given a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnplacedReason {
    /// No slot is free for both sides: every slot is unavailable to one of them.
    NoCommonAvailableSlot,
    /// Every slot both can attend already holds another meeting of the investor or the startup.
    AllCommonSlotsBooked,
    /// Some slot has both sides free, but all its tables are taken.
    TablesFull,
}

impl UnplacedReason {
    pub fn as_str(self) -> &'static str {
        match self {
            UnplacedReason::NoCommonAvailableSlot => "no_common_available_slot",
            UnplacedReason::AllCommonSlotsBooked => "all_common_slots_booked",
            UnplacedReason::TablesFull => "tables_full",
        }
    }
}

impl std::fmt::Display for UnplacedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A placed meeting: index into `ScheduleInstance::meetings`, its slot and its table (tables are
/// numbered per slot from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub meeting: usize,
    pub slot: u32,
    pub table: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schedule {
    /// Ordered by slot, then table.
    pub placed: Vec<Placement>,
    /// Ordered by meeting index.
    pub unplaced: Vec<(usize, UnplacedReason)>,
    /// Number of distinct slots that hold at least one meeting.
    pub slots_used: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScheduleError {
    #[error("the event has no meeting slots (slots must be at least 1)")]
    NoSlots,
    #[error("the event has no tables (tables must be at least 1)")]
    NoTables,
    #[error(
        "meeting {meeting} names investor {investor}, but there are only {investors} investors"
    )]
    UnknownInvestor {
        meeting: usize,
        investor: u32,
        investors: u32,
    },
    #[error("meeting {meeting} names startup {startup}, but there are only {startups} startups")]
    UnknownStartup {
        meeting: usize,
        startup: u32,
        startups: u32,
    },
    #[error("meeting {meeting} repeats meeting {first}")]
    DuplicateMeeting { meeting: usize, first: usize },
    #[error("unavailability is given for {got} investors, but there are {expected}")]
    InvestorUnavailabilityCount { expected: u32, got: usize },
    #[error("unavailability is given for {got} startups, but there are {expected}")]
    StartupUnavailabilityCount { expected: u32, got: usize },
    #[error("too many people × slots to schedule in memory")]
    TooLarge,
}

/// Places every meeting it can; see the module documentation for the guarantees.
pub fn schedule(instance: &ScheduleInstance) -> Result<Schedule, ScheduleError> {
    schedule_with_slot_tables(instance, &[])
}

/// [`schedule`] when some tables are already taken: slot c offers `slot_tables[c]` tables (capped
/// at `tables`; a missing entry means `tables`). Gap repair (definitions §7.2) uses it for the
/// tables its kept meetings hold. Unequal slots always take the heuristic; the tables reported
/// are positions 0, 1, … among the slot's offered tables.
pub fn schedule_with_slot_tables(
    instance: &ScheduleInstance,
    slot_tables: &[u32],
) -> Result<Schedule, ScheduleError> {
    validate(instance)?;
    let mut board = Board::new(instance);
    for (c, limit) in board.limit.iter_mut().enumerate() {
        *limit = slot_tables
            .get(c)
            .map_or(instance.tables, |&t| t.min(instance.tables));
    }
    let uniform = board.limit.iter().all(|&t| t == instance.tables);
    let e = instance.meetings.len() as u32;
    let delta = board.degree.iter().copied().max().unwrap_or(0);
    let bound = delta.max(e.div_ceil(instance.tables));
    let constrained = (0..e as usize).any(|m| board.blocked_count(m) > 0);
    if !constrained && uniform && bound <= instance.slots {
        board.colour_konig(bound as usize);
        board.equalize(bound as usize);
    } else {
        board.colour_heuristic(bound.max(1).min(instance.slots));
    }
    Ok(board.finish())
}

fn validate(instance: &ScheduleInstance) -> Result<(), ScheduleError> {
    if instance.slots == 0 {
        return Err(ScheduleError::NoSlots);
    }
    if instance.tables == 0 {
        return Err(ScheduleError::NoTables);
    }
    if instance.investor_unavailable.len() != instance.investors as usize {
        return Err(ScheduleError::InvestorUnavailabilityCount {
            expected: instance.investors,
            got: instance.investor_unavailable.len(),
        });
    }
    if !instance.startup_unavailable.is_empty()
        && instance.startup_unavailable.len() != instance.startups as usize
    {
        return Err(ScheduleError::StartupUnavailabilityCount {
            expected: instance.startups,
            got: instance.startup_unavailable.len(),
        });
    }
    let vertices = instance.investors as usize + instance.startups as usize;
    if vertices.saturating_mul(instance.slots as usize) > MAX_TABLE_CELLS {
        return Err(ScheduleError::TooLarge);
    }
    let mut first_with = vec![FREE; instance.startups as usize];
    let mut by_investor: Vec<Vec<usize>> = vec![Vec::new(); instance.investors as usize];
    for (meeting, &(j, s)) in instance.meetings.iter().enumerate() {
        if j >= instance.investors {
            return Err(ScheduleError::UnknownInvestor {
                meeting,
                investor: j,
                investors: instance.investors,
            });
        }
        if s >= instance.startups {
            return Err(ScheduleError::UnknownStartup {
                meeting,
                startup: s,
                startups: instance.startups,
            });
        }
        by_investor[j as usize].push(meeting);
    }
    for meetings in &by_investor {
        for &m in meetings {
            let s = instance.meetings[m].1 as usize;
            if first_with[s] != FREE {
                return Err(ScheduleError::DuplicateMeeting {
                    meeting: m,
                    first: first_with[s] as usize,
                });
            }
            first_with[s] = m as u32;
        }
        for &m in meetings {
            first_with[instance.meetings[m].1 as usize] = FREE;
        }
    }
    Ok(())
}

/// Working state: `at[v * slots + c]` is the meeting vertex v has in slot c (or FREE).
struct Board<'a> {
    inst: &'a ScheduleInstance,
    slots: usize,
    at: Vec<u32>,
    colour: Vec<u32>,
    count: Vec<u32>,
    /// Tables slot c offers (`tables` unless [`schedule_with_slot_tables`] says fewer).
    limit: Vec<u32>,
    degree: Vec<u32>,
    /// `blocked[v * slots + c]`: vertex v cannot attend slot c.
    blocked: Vec<bool>,
}

impl<'a> Board<'a> {
    fn new(inst: &'a ScheduleInstance) -> Self {
        let slots = inst.slots as usize;
        let vertices = inst.investors as usize + inst.startups as usize;
        let mut blocked = vec![false; vertices * slots];
        for (j, list) in inst.investor_unavailable.iter().enumerate() {
            for &c in list {
                if (c as usize) < slots {
                    blocked[j * slots + c as usize] = true;
                }
            }
        }
        for (s, list) in inst.startup_unavailable.iter().enumerate() {
            for &c in list {
                if (c as usize) < slots {
                    blocked[(inst.investors as usize + s) * slots + c as usize] = true;
                }
            }
        }
        let mut degree = vec![0u32; vertices];
        for &(j, s) in &inst.meetings {
            degree[j as usize] += 1;
            degree[inst.investors as usize + s as usize] += 1;
        }
        Board {
            inst,
            slots,
            at: vec![FREE; vertices * slots],
            colour: vec![FREE; inst.meetings.len()],
            count: vec![0; slots],
            limit: vec![inst.tables; slots],
            degree,
            blocked,
        }
    }

    fn ends(&self, m: usize) -> (usize, usize) {
        let (j, s) = self.inst.meetings[m];
        (j as usize, self.inst.investors as usize + s as usize)
    }

    fn other(&self, m: usize, v: usize) -> usize {
        let (a, b) = self.ends(m);
        if a == v {
            b
        } else {
            a
        }
    }

    fn allowed(&self, m: usize, c: usize) -> bool {
        let (a, b) = self.ends(m);
        !self.blocked[a * self.slots + c] && !self.blocked[b * self.slots + c]
    }

    fn blocked_count(&self, m: usize) -> usize {
        (0..self.slots).filter(|&c| !self.allowed(m, c)).count()
    }

    fn free(&self, v: usize, c: usize) -> bool {
        self.at[v * self.slots + c] == FREE
    }

    fn set(&mut self, m: usize, c: usize) {
        let (a, b) = self.ends(m);
        self.at[a * self.slots + c] = m as u32;
        self.at[b * self.slots + c] = m as u32;
        self.colour[m] = c as u32;
        self.count[c] += 1;
    }

    fn unset(&mut self, m: usize) {
        let c = self.colour[m] as usize;
        let (a, b) = self.ends(m);
        self.at[a * self.slots + c] = FREE;
        self.at[b * self.slots + c] = FREE;
        self.colour[m] = FREE;
        self.count[c] -= 1;
    }

    /// The maximal path from `v` whose edges alternate colours `first`, `second`, `first`, …
    fn alternating_path(&self, v: usize, first: usize, second: usize) -> Vec<usize> {
        let mut path = Vec::new();
        let (mut x, mut c) = (v, first);
        loop {
            let m = self.at[x * self.slots + c];
            if m == FREE {
                return path;
            }
            path.push(m as usize);
            x = self.other(m as usize, x);
            c = if c == first { second } else { first };
        }
    }

    fn swap_path(&mut self, path: &[usize], a: usize, b: usize) {
        let old: Vec<usize> = path.iter().map(|&m| self.colour[m] as usize).collect();
        for &m in path {
            self.unset(m);
        }
        for (&m, &c) in path.iter().zip(&old) {
            self.set(m, if c == a { b } else { a });
        }
    }

    fn lowest_free(&self, v: usize, colours: usize) -> usize {
        (0..colours).find(|&c| self.free(v, c)).unwrap_or(colours)
    }

    /// Proper colouring with `k ≥ Δ` colours (König): each edge takes a colour free at both ends,
    /// after swapping an alternating path if needed. Bipartiteness keeps the path away from the
    /// first endpoint, so the swap never breaks the colouring.
    fn colour_konig(&mut self, k: usize) {
        for m in 0..self.inst.meetings.len() {
            let (u, v) = self.ends(m);
            let alpha = self.lowest_free(u, k);
            let beta = self.lowest_free(v, k);
            if !self.free(v, alpha) {
                let path = self.alternating_path(v, alpha, beta);
                self.swap_path(&path, alpha, beta);
            }
            self.set(m, alpha);
        }
    }

    /// Makes colour classes differ by at most one by moving meetings along alternating paths that
    /// start and end in the larger class.
    fn equalize(&mut self, k: usize) {
        let vertices = self.degree.len();
        loop {
            let big = (0..k)
                .max_by_key(|&c| (self.count[c], std::cmp::Reverse(c)))
                .unwrap_or(0);
            let small = (0..k).min_by_key(|&c| (self.count[c], c)).unwrap_or(0);
            if self.count[big] <= self.count[small] + 1 {
                return;
            }
            let mut moved = false;
            for v in 0..vertices {
                if !self.free(v, big) && self.free(v, small) {
                    let path = self.alternating_path(v, big, small);
                    if path.len() % 2 == 1 {
                        self.swap_path(&path, big, small);
                        moved = true;
                        break;
                    }
                }
            }
            if !moved {
                // Unreachable by counting (a component with more `big` edges exists), but never loop.
                return;
            }
        }
    }

    /// Places meetings under unavailability, trying the smallest number of slots first.
    fn colour_heuristic(&mut self, lower: u32) {
        let e = self.inst.meetings.len();
        let mut order: Vec<usize> = (0..e).collect();
        let pressure: Vec<(usize, u32)> = (0..e)
            .map(|m| {
                let (a, b) = self.ends(m);
                (
                    self.slots - self.blocked_count(m),
                    self.degree[a].max(self.degree[b]),
                )
            })
            .collect();
        order.sort_by_key(|&m| (pressure[m].0, std::cmp::Reverse(pressure[m].1), m));
        let mut best: Option<(usize, Vec<u32>)> = None;
        // A few slot counts just above the bound, then all slots: enough to find a compact
        // schedule without trying every count when an event has very many slots.
        let lower = lower as usize;
        let mut counts: Vec<usize> = (lower..=self.slots.min(lower + 3)).collect();
        if *counts.last().unwrap_or(&0) < self.slots {
            counts.push(self.slots);
        }
        for k in counts {
            self.reset();
            let mut left = Vec::new();
            for &m in &order {
                if !self.place(m, k) {
                    left.push(m);
                }
            }
            // Second chance: the board has changed since these failed.
            left.retain(|&m| !self.place(m, k));
            let unplaced = left.len();
            if best.as_ref().is_none_or(|(u, _)| unplaced < *u) {
                best = Some((unplaced, self.colour.clone()));
            }
            if unplaced == 0 {
                break;
            }
        }
        if let Some((_, colours)) = best {
            self.reset();
            for (m, &c) in colours.iter().enumerate() {
                if c != FREE {
                    self.set(m, c as usize);
                }
            }
        }
    }

    fn reset(&mut self) {
        self.at.iter_mut().for_each(|x| *x = FREE);
        self.colour.iter_mut().for_each(|x| *x = FREE);
        self.count.iter_mut().for_each(|x| *x = 0);
    }

    /// Tries to give meeting `m` a slot below `k`: directly, else by one alternating-path swap that
    /// respects availability and tables.
    fn place(&mut self, m: usize, k: usize) -> bool {
        let (u, v) = self.ends(m);
        let direct = (0..k)
            .filter(|&c| {
                self.allowed(m, c)
                    && self.free(u, c)
                    && self.free(v, c)
                    && self.count[c] < self.limit[c]
            })
            .min_by_key(|&c| (self.count[c], c));
        if let Some(c) = direct {
            self.set(m, c);
            return true;
        }
        // Free `alpha` at the endpoint `far` by swapping its alpha/beta path (beta is free at far).
        // Alternating paths are cheap but there are k² colour pairs; past this many tries the
        // meeting is reported unplaced rather than stalling a large event.
        let mut tries = 0u32;
        for (near, far) in [(u, v), (v, u)] {
            for alpha in 0..k {
                if !self.allowed(m, alpha) || !self.free(near, alpha) || self.free(far, alpha) {
                    continue;
                }
                for beta in 0..k {
                    if beta == alpha || !self.free(far, beta) {
                        continue;
                    }
                    tries += 1;
                    if tries > 4096 {
                        return false;
                    }
                    let path = self.alternating_path(far, alpha, beta);
                    if path.iter().any(|&p| {
                        let to = if self.colour[p] as usize == alpha {
                            beta
                        } else {
                            alpha
                        };
                        !self.allowed(p, to)
                    }) {
                        continue;
                    }
                    // The path cannot end at `near` (bipartite parity), but check: a swap there
                    // would take alpha away from near.
                    let touches_near = path.iter().any(|&p| {
                        let (a, b) = self.ends(p);
                        a == near || b == near
                    });
                    if touches_near {
                        continue;
                    }
                    let alphas = path
                        .iter()
                        .filter(|&&p| self.colour[p] as usize == alpha)
                        .count() as u32;
                    let betas = path.len() as u32 - alphas;
                    let new_alpha = self.count[alpha] - alphas + betas + 1;
                    let new_beta = self.count[beta] - betas + alphas;
                    if new_alpha > self.limit[alpha] || new_beta > self.limit[beta] {
                        continue;
                    }
                    self.swap_path(&path, alpha, beta);
                    self.set(m, alpha);
                    return true;
                }
            }
        }
        false
    }

    fn reason(&self, m: usize) -> UnplacedReason {
        let (u, v) = self.ends(m);
        let common: Vec<usize> = (0..self.slots).filter(|&c| self.allowed(m, c)).collect();
        if common.is_empty() {
            UnplacedReason::NoCommonAvailableSlot
        } else if common.iter().all(|&c| !self.free(u, c) || !self.free(v, c)) {
            UnplacedReason::AllCommonSlotsBooked
        } else {
            UnplacedReason::TablesFull
        }
    }

    fn finish(self) -> Schedule {
        let mut placed: Vec<Placement> = Vec::with_capacity(self.colour.len());
        let mut unplaced = Vec::new();
        for (m, &c) in self.colour.iter().enumerate() {
            if c == FREE {
                unplaced.push((m, self.reason(m)));
            } else {
                placed.push(Placement {
                    meeting: m,
                    slot: c,
                    table: 0,
                });
            }
        }
        // Tables in investor order within a slot, so a printed grid reads top to bottom.
        placed.sort_by_key(|p| (p.slot, self.inst.meetings[p.meeting], p.meeting));
        let mut slots_used = 0;
        let mut i = 0;
        while i < placed.len() {
            let slot = placed[i].slot;
            let mut table = 0;
            while i < placed.len() && placed[i].slot == slot {
                placed[i].table = table;
                table += 1;
                i += 1;
            }
            slots_used += 1;
        }
        Schedule {
            placed,
            unplaced,
            slots_used,
        }
    }
}
