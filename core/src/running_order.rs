//! Running order of the pitches in one hall (docs/definitions.md §8.3, §11): pinned positions
//! are kept; otherwise the order minimises the judges' step-outs, then the track changes.
//!
//! # Definitions used
//!
//! - A *judge* is an investor of the snapshot. A judge with a conflict on a pitch
//!   (`investors[].conflicts` names the startup) leaves the hall for it; consecutive conflicted
//!   pitches are one step-out. `step_outs` = Σ over judges of the number of maximal runs of
//!   consecutive pitches the judge is conflicted with.
//! - A *track change* is a pair of adjacent pitches whose `track`s differ.
//! - The order minimises (step_outs, track changes) lexicographically, among the orders that put
//!   every pinned startup at its `pitch_position`.
//!
//! Because a judge's run starts exactly where the judge is conflicted with a pitch but not with
//! the one before, both criteria are sums over adjacent pairs: appending pitch v after u costs
//! |C(v) \ C(u)| step-outs (C = the judges conflicted with a pitch; before the first pitch C is
//! empty) and one track change when their tracks differ. The order is a shortest Hamiltonian
//! path with pinned positions.
//!
//! - Up to [`EXACT_LIMIT`] (12) pitches: exact, by dynamic programming over subsets (state: the
//!   set of pitches already placed and the last one; the next position is the set's size).
//! - Beyond: a heuristic (see [`solve`]): a greedy start — each free position takes the unplaced
//!   pitch that adds the least cost after the previous one — then local search: swaps of two
//!   free positions and reversals of stretches without pins, each taken when it lowers the cost,
//!   until a whole pass finds none. Never worse than the greedy start; not always optimal.
//!
//! # Decisions where the definitions are silent
//!
//! - **Which startups pitch in hall H**: the *published* startups (`status` absent or
//!   `published`, as matching reads it) whose `hall` is H (absent = 0). Drafts are not shown to
//!   investors and do not pitch; their `pitch_position` is ignored.
//! - **Judges**: every investor, whatever its `tracks`; only a conflict makes a judge step out.
//!   A firm has one conflict list (definitions §8.6): every member of a firm steps out for a
//!   pitch any member declared a conflict with.
//! - **Tracks**: a startup without `track` is in "no track"; two such pitches side by side are
//!   no change.
//! - **Ties** between equally good orders: the lexicographically smallest sequence of startup
//!   ids (ids compared as strings, byte-wise), so the result does not depend on the order of the
//!   snapshot's lists. The heuristic breaks its own ties the same way (smallest id first, scans
//!   in id order) but does not promise the smallest optimal order.
//! - **Pins**: validation (`roadshow check`) already refuses negative positions and two pins on
//!   one position of a hall, in every hall. Here, for the requested hall only, a position ≥ the
//!   hall's number of published pitches is `out_of_range` with the path
//!   `startups[i].pitch_position`, and no order is given ([`pin_problems`] also repeats the
//!   other two checks, so it stands alone).
//! - A hall no published startup is in gives an empty order with 0 step-outs.

use crate::model::{ProfileStatus, Snapshot};
use crate::problem::{Problem, ProblemCode};
use serde::Serialize;
use std::collections::HashMap;

/// Halls with up to this many pitches are ordered exactly.
pub const EXACT_LIMIT: usize = 12;

/// `roadshow order`'s output (definitions §11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunningOrder {
    pub hall: u32,
    /// Startup ids, first pitch first.
    pub order: Vec<String>,
    pub step_outs: u32,
    /// Adjacent pitches with different tracks (not printed).
    #[serde(skip)]
    pub track_changes: u32,
    /// Whether the order is proven optimal (up to [`EXACT_LIMIT`] pitches) (not printed).
    #[serde(skip)]
    pub exact: bool,
}

/// One hall's pitches by index, in tie-breaking order (index order is the preferred order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderInstance {
    /// Per pitch, the judges (any numbering) conflicted with it.
    pub conflicts: Vec<Vec<u32>>,
    /// Per pitch, its track (`None`: no track).
    pub tracks: Vec<Option<String>>,
    /// Per pitch, its pinned position, if any. Pins must be distinct and below the number of
    /// pitches ([`solve`] panics otherwise; [`hall_order`] checks them first).
    pub pins: Vec<Option<usize>>,
}

/// (step-outs, track changes), packed so that sums and comparisons are lexicographic.
type Cost = u64;

fn pack(step_outs: u32, changes: u32) -> Cost {
    (u64::from(step_outs) << 32) | u64::from(changes)
}

fn unpack(cost: Cost) -> (u32, u32) {
    ((cost >> 32) as u32, cost as u32)
}

/// Costs of appending one pitch after another; `first[v]` is the cost of opening with v.
struct Costs {
    n: usize,
    first: Vec<Cost>,
    /// [u × n + v]: v right after u.
    next: Vec<Cost>,
}

impl Costs {
    fn of(instance: &OrderInstance) -> Costs {
        let n = instance.conflicts.len();
        let sets: Vec<Vec<u32>> = instance
            .conflicts
            .iter()
            .map(|judges| {
                let mut judges = judges.clone();
                judges.sort_unstable();
                judges.dedup();
                judges
            })
            .collect();
        let first = sets.iter().map(|c| pack(c.len() as u32, 0)).collect();
        let mut next = vec![0; n * n];
        for u in 0..n {
            for v in 0..n {
                let new_runs = count_not_in(&sets[v], &sets[u]);
                let change = u32::from(instance.tracks[u] != instance.tracks[v]);
                next[u * n + v] = pack(new_runs, change);
            }
        }
        Costs { n, first, next }
    }

    fn step(&self, last: Option<usize>, v: usize) -> Cost {
        match last {
            None => self.first[v],
            Some(u) => self.next[u * self.n + v],
        }
    }

    fn total(&self, order: &[usize]) -> Cost {
        let mut last = None;
        let mut total = 0;
        for &v in order {
            total += self.step(last, v);
            last = Some(v);
        }
        total
    }
}

/// |a \ b| for sorted, deduplicated lists.
fn count_not_in(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() {
        if j == b.len() || a[i] < b[j] {
            count += 1;
            i += 1;
        } else if a[i] == b[j] {
            i += 1;
            j += 1;
        } else {
            j += 1;
        }
    }
    count
}

/// (step_outs, track_changes) of an order of the instance's pitches, counted directly: for each
/// judge the maximal runs of consecutive conflicted pitches, and the adjacent pairs whose tracks
/// differ.
pub fn order_cost(instance: &OrderInstance, order: &[usize]) -> (u32, u32) {
    let mut conflicted: HashMap<u32, Vec<bool>> = HashMap::new();
    for (position, &pitch) in order.iter().enumerate() {
        for &judge in &instance.conflicts[pitch] {
            conflicted
                .entry(judge)
                .or_insert_with(|| vec![false; order.len()])[position] = true;
        }
    }
    let step_outs = conflicted
        .values()
        .map(|row| {
            (0..row.len())
                .filter(|&p| row[p] && (p == 0 || !row[p - 1]))
                .count() as u32
        })
        .sum();
    let changes = order
        .windows(2)
        .filter(|pair| instance.tracks[pair[0]] != instance.tracks[pair[1]])
        .count() as u32;
    (step_outs, changes)
}

/// The order of the instance's pitches (indices) and whether it is proven optimal: exact up to
/// [`EXACT_LIMIT`] pitches (the lexicographically smallest optimal index sequence), the
/// heuristic of the module docs beyond.
pub fn solve(instance: &OrderInstance) -> (Vec<usize>, bool) {
    let n = instance.conflicts.len();
    assert_eq!(instance.tracks.len(), n, "one track per pitch");
    assert_eq!(instance.pins.len(), n, "one pin per pitch");
    let mut pinned_at = vec![None; n];
    for (pitch, pin) in instance.pins.iter().enumerate() {
        if let Some(position) = *pin {
            assert!(position < n, "pin beyond the hall");
            assert!(pinned_at[position].is_none(), "position pinned twice");
            pinned_at[position] = Some(pitch);
        }
    }
    let costs = Costs::of(instance);
    if n <= EXACT_LIMIT {
        (exact(&costs, instance, &pinned_at), true)
    } else {
        (heuristic(&costs, instance, &pinned_at), false)
    }
}

/// Dynamic programming over subsets. `rest[mask × n + last]` is the least cost of placing the
/// pitches not in `mask` after `last` (the mask's size is the next position); walking forward,
/// each position takes the smallest index that still reaches the optimum.
fn exact(costs: &Costs, instance: &OrderInstance, pinned_at: &[Option<usize>]) -> Vec<usize> {
    let n = costs.n;
    if n == 0 {
        return Vec::new();
    }
    let full = (1usize << n) - 1;
    const UNREACHABLE: Cost = Cost::MAX;
    // Which pitches may stand at a position.
    let candidates = |mask: usize| -> Vec<usize> {
        let position = mask.count_ones() as usize;
        match pinned_at[position] {
            Some(pitch) => vec![pitch],
            None => (0..n)
                .filter(|&v| mask & (1 << v) == 0 && instance.pins[v].is_none())
                .collect(),
        }
    };
    let mut rest = vec![UNREACHABLE; (full + 1) * n];
    for last in 0..n {
        rest[full * n + last] = 0;
    }
    // A superset is numerically larger than its subsets, so descending masks see every
    // successor state before its predecessors.
    for mask in (1..full).rev() {
        let nexts = candidates(mask);
        for last in (0..n).filter(|&last| mask & (1 << last) != 0) {
            let mut best = UNREACHABLE;
            for &v in &nexts {
                if mask & (1 << v) != 0 {
                    continue;
                }
                let after = rest[(mask | 1 << v) * n + v];
                if after != UNREACHABLE {
                    best = best.min(after + costs.step(Some(last), v));
                }
            }
            rest[mask * n + last] = best;
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut mask = 0usize;
    let mut last: Option<usize> = None;
    while mask != full {
        let value = |v: usize| {
            let after = rest[(mask | 1 << v) * n + v];
            (after != UNREACHABLE).then(|| after + costs.step(last, v))
        };
        let nexts: Vec<usize> = candidates(mask)
            .into_iter()
            .filter(|&v| mask & (1 << v) == 0)
            .collect();
        let best = nexts
            .iter()
            .filter_map(|&v| value(v))
            .min()
            .expect("valid pins leave a way through");
        // Candidates are in ascending index order: the first optimal one is the smallest.
        let v = nexts
            .into_iter()
            .find(|&v| value(v) == Some(best))
            .expect("the optimum is reached by some candidate");
        order.push(v);
        mask |= 1 << v;
        last = Some(v);
    }
    order
}

/// Greedy start, then swaps of free positions and reversals of pin-free stretches while they
/// lower the cost.
fn heuristic(costs: &Costs, instance: &OrderInstance, pinned_at: &[Option<usize>]) -> Vec<usize> {
    let n = costs.n;
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut last = None;
    for pin in pinned_at {
        let v = match *pin {
            Some(pitch) => pitch,
            None => (0..n)
                .filter(|&v| !placed[v] && instance.pins[v].is_none())
                .min_by_key(|&v| (costs.step(last, v), v))
                .expect("as many free pitches as free positions"),
        };
        placed[v] = true;
        order.push(v);
        last = Some(v);
    }
    let free: Vec<usize> = (0..n).filter(|&p| pinned_at[p].is_none()).collect();
    let mut cost = costs.total(&order);
    loop {
        let mut improved = false;
        for (i, &a) in free.iter().enumerate() {
            for &b in &free[i + 1..] {
                order.swap(a, b);
                let candidate = costs.total(&order);
                if candidate < cost {
                    cost = candidate;
                    improved = true;
                } else {
                    order.swap(a, b);
                }
            }
        }
        for a in 0..n {
            for b in a + 2..n {
                if pinned_at[a..=b].iter().any(Option::is_some) {
                    break;
                }
                order[a..=b].reverse();
                let candidate = costs.total(&order);
                if candidate < cost {
                    cost = candidate;
                    improved = true;
                } else {
                    order[a..=b].reverse();
                }
            }
        }
        if !improved {
            return order;
        }
    }
}

/// Problems with the pins of hall `hall` (see the module docs), with their JSON paths.
pub fn pin_problems(snapshot: &Snapshot, hall: u32) -> Vec<Problem> {
    let members = hall_members(snapshot, hall);
    let size = members.len();
    let mut problems = Vec::new();
    let mut taken: HashMap<i64, usize> = HashMap::new();
    for &index in &members {
        let Some(position) = snapshot.startups[index].pitch_position else {
            continue;
        };
        let path = format!("startups[{index}].pitch_position");
        if position < 0 {
            problems.push(
                Problem::new(path, ProblemCode::Negative)
                    .with_detail("pitch positions are numbered from 0"),
            );
        } else if position as u64 >= size as u64 {
            problems.push(
                Problem::new(path, ProblemCode::OutOfRange).with_detail(format!(
                    "hall {hall} has {size} published pitches, positions 0 to {}",
                    size as i64 - 1
                )),
            );
        } else if let Some(&first) = taken.get(&position) {
            problems.push(
                Problem::new(path, ProblemCode::Duplicate).with_detail(format!(
                "position {position} of hall {hall} is already pinned by startups[{first}] ({})",
                snapshot.startups[first].id
            )),
            );
        } else {
            taken.insert(position, index);
        }
    }
    problems
}

/// Indices of the published startups in hall `hall`, by id.
fn hall_members(snapshot: &Snapshot, hall: u32) -> Vec<usize> {
    let mut members: Vec<usize> = snapshot
        .startups
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.status != Some(ProfileStatus::Draft) && s.hall.unwrap_or(0) == i64::from(hall)
        })
        .map(|(i, _)| i)
        .collect();
    members.sort_by(|&a, &b| snapshot.startups[a].id.cmp(&snapshot.startups[b].id));
    members
}

/// The running order of hall `hall` of a validated snapshot, or the problems with its pins.
pub fn hall_order(snapshot: &Snapshot, hall: u32) -> Result<RunningOrder, Vec<Problem>> {
    let problems = pin_problems(snapshot, hall);
    if !problems.is_empty() {
        return Err(problems);
    }
    let members = hall_members(snapshot, hall);
    let pitch_of: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(pitch, &index)| (snapshot.startups[index].id.as_str(), pitch))
        .collect();
    let mut conflicts = vec![Vec::new(); members.len()];
    let mut conflicted: Vec<(usize, usize)> = crate::teams::conflicted_pairs(snapshot)
        .into_iter()
        .collect();
    conflicted.sort_unstable();
    for (judge, startup) in conflicted {
        if let Some(&pitch) = pitch_of.get(snapshot.startups[startup].id.as_str()) {
            conflicts[pitch].push(judge as u32);
        }
    }
    let instance = OrderInstance {
        conflicts,
        tracks: members
            .iter()
            .map(|&i| snapshot.startups[i].track.clone())
            .collect(),
        pins: members
            .iter()
            .map(|&i| {
                snapshot.startups[i]
                    .pitch_position
                    .map(|p| usize::try_from(p).expect("checked by pin_problems"))
            })
            .collect(),
    };
    let (order, exact) = solve(&instance);
    let (step_outs, track_changes) = unpack(Costs::of(&instance).total(&order));
    debug_assert_eq!((step_outs, track_changes), order_cost(&instance, &order));
    Ok(RunningOrder {
        hall,
        order: order
            .iter()
            .map(|&pitch| snapshot.startups[members[pitch]].id.clone())
            .collect(),
        step_outs,
        track_changes,
        exact,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(conflicts: &[&[u32]], tracks: &[&str], pins: &[Option<usize>]) -> OrderInstance {
        OrderInstance {
            conflicts: conflicts.iter().map(|c| c.to_vec()).collect(),
            tracks: tracks
                .iter()
                .map(|t| (!t.is_empty()).then(|| (*t).to_owned()))
                .collect(),
            pins: pins.to_vec(),
        }
    }

    #[test]
    fn pair_costs_add_up_to_the_direct_count() {
        // Judge 7 conflicted with pitches 0 and 2; judge 8 with 1 and 2.
        let inst = instance(&[&[7], &[8], &[7, 8]], &["a", "b", "a"], &[None; 3]);
        let costs = Costs::of(&inst);
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [2, 0, 1]] {
            assert_eq!(unpack(costs.total(&order)), order_cost(&inst, &order));
        }
        // 0, 2, 1: judge 7 out for 0–2 (one run), judge 8 out for 2–1 (one run); tracks a, a, b
        // change once.
        assert_eq!(order_cost(&inst, &[0, 2, 1]), (2, 1));
        // 0, 1, 2: judge 7 out twice (0, then 2), judge 8 once (1–2); a, b, a change twice.
        assert_eq!(order_cost(&inst, &[0, 1, 2]), (3, 2));
    }

    #[test]
    fn heuristic_respects_pins_and_follows_a_ring() {
        // 13 pitches: beyond the exact limit, so the heuristic runs; judge j conflicted with
        // pitches j and j + 1 (mod 13) makes a ring whose best order follows the ring.
        let conflicts: Vec<Vec<u32>> = (0..13u32).map(|p| vec![p, (p + 12) % 13]).collect();
        let mut pins = vec![None; 13];
        pins[5] = Some(0);
        let inst = OrderInstance {
            conflicts,
            tracks: vec![None; 13],
            pins,
        };
        let (order, exact) = solve(&inst);
        assert!(!exact);
        assert_eq!(order[0], 5);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..13).collect::<Vec<_>>());
        // Judge j is out for pitches j and j + 1: one step-out when they are adjacent, two
        // otherwise. An order has 12 adjacent pairs for 13 judges, so at least one judge is split:
        // 14 step-outs at best. The greedy start follows the ring from 5 (4 and 6 both add one
        // step-out; 4 is the smaller) and reaches it: 5, 4, …, 0, 12, …, 6.
        let (step_outs, _) = order_cost(&inst, &order);
        assert_eq!(step_outs, 14, "{order:?}");
    }
}
