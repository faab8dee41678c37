//! Mode "stable" (the greedy matching of docs/definitions.md §4.8), the blocking-pair count
//! reported for either mode, and the greedy fill that tops up a "best" selection with zero-score
//! pairs.

use super::instance::{InstanceError, MatchingInstance};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Maps a score to a u64 whose unsigned order is the score's numeric order (negatives included).
fn order_key(score: f64) -> u64 {
    let bits = score.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// The greedy matching: pairs by M descending (ties: investor, then startup, ascending), each kept
/// when both sides still have capacity and the total cap allows. Returns candidate indices in the
/// order they were taken.
///
/// Because both sides rank partners by the same M, this selection has no blocking pair. Rather than
/// sorting all candidates, each investor's list is sorted lazily in growing chunks and the lists
/// are merged through a heap: the greedy usually stops long before it reaches the tail.
pub fn stable_matching(instance: &MatchingInstance) -> Result<Vec<usize>, InstanceError> {
    let mut by_investor = instance.validated_by_investor()?;
    let c = &instance.candidates;
    let investors = instance.investor_count();
    let mut investor_left: Vec<u32> = instance.investor_capacity.clone();
    let mut startup_left: Vec<u32> = instance.startup_capacity.clone();
    let mut total_left = instance.total_cap;
    let mut next = vec![0usize; investors];
    let mut sorted = vec![0usize; investors];
    let mut heap = BinaryHeap::new();
    let cmp = |a: &u32, b: &u32| instance.greedy_before(*a as usize, *b as usize);

    let head =
        |j: usize, by: &mut super::instance::Buckets, next: &[usize], sorted: &mut [usize]| {
            let group = by.of_mut(j);
            let at = next[j];
            if at >= group.len() {
                return None;
            }
            if at == sorted[j] {
                let rest = &mut group[at..];
                let chunk = (2 * at).max(8).min(rest.len());
                if chunk < rest.len() {
                    rest.select_nth_unstable_by(chunk - 1, cmp);
                }
                rest[..chunk].sort_unstable_by(cmp);
                sorted[j] = at + chunk;
            }
            Some(group[at] as usize)
        };
    let heap_key = |p: usize| {
        (
            order_key(c[p].score),
            Reverse(c[p].investor),
            Reverse(c[p].startup),
            p,
        )
    };

    for (j, &left) in investor_left.iter().enumerate() {
        if left > 0 {
            if let Some(p) = head(j, &mut by_investor, &next, &mut sorted) {
                heap.push(heap_key(p));
            }
        }
    }
    let mut taken = Vec::new();
    while total_left > 0 {
        let Some((_, _, _, p)) = heap.pop() else {
            break;
        };
        let (j, s) = (c[p].investor as usize, c[p].startup as usize);
        if startup_left[s] > 0 {
            startup_left[s] -= 1;
            investor_left[j] -= 1;
            total_left -= 1;
            taken.push(p);
        }
        next[j] += 1;
        if investor_left[j] > 0 {
            if let Some(q) = head(j, &mut by_investor, &next, &mut sorted) {
                heap.push(heap_key(q));
            }
        }
    }
    Ok(taken)
}

/// How full each side is under a selection, and the lowest score each side holds.
struct Holdings {
    investor_count: Vec<u32>,
    investor_min: Vec<f64>,
    startup_count: Vec<u32>,
    startup_min: Vec<f64>,
    total: u32,
    overall_min: f64,
}

fn holdings(instance: &MatchingInstance, selected: &[usize]) -> Holdings {
    let mut h = Holdings {
        investor_count: vec![0; instance.investor_count()],
        investor_min: vec![f64::INFINITY; instance.investor_count()],
        startup_count: vec![0; instance.startup_count()],
        startup_min: vec![f64::INFINITY; instance.startup_count()],
        total: 0,
        overall_min: f64::INFINITY,
    };
    for &p in selected {
        let c = &instance.candidates[p];
        let (j, s) = (c.investor as usize, c.startup as usize);
        h.investor_count[j] += 1;
        h.investor_min[j] = h.investor_min[j].min(c.score);
        h.startup_count[s] += 1;
        h.startup_min[s] = h.startup_min[s].min(c.score);
        h.total += 1;
        h.overall_min = h.overall_min.min(c.score);
    }
    h
}

/// Counts blocking pairs exactly as definitions §4.8 defines them: an unselected candidate (j, s)
/// where each side has spare capacity or holds a pair of strictly lower M, and, when both have
/// spare capacity, the total is below the cap or some selected pair has strictly lower M.
///
/// `selected` must be a valid selection of candidate indices (see [`check_selection`]).
pub fn blocking_pairs(instance: &MatchingInstance, selected: &[usize]) -> usize {
    let h = holdings(instance, selected);
    let mut is_selected = vec![false; instance.candidates.len()];
    for &p in selected {
        is_selected[p] = true;
    }
    let mut count = 0;
    for (p, c) in instance.candidates.iter().enumerate() {
        if is_selected[p] {
            continue;
        }
        let (j, s) = (c.investor as usize, c.startup as usize);
        let investor_spare = h.investor_count[j] < instance.investor_capacity[j];
        let startup_spare = h.startup_count[s] < instance.startup_capacity[s];
        let investor_wants = investor_spare || h.investor_min[j] < c.score;
        let startup_wants = startup_spare || h.startup_min[s] < c.score;
        if !(investor_wants && startup_wants) {
            continue;
        }
        if investor_spare
            && startup_spare
            && h.total >= instance.total_cap
            && h.overall_min >= c.score
        {
            continue;
        }
        count += 1;
    }
    count
}

/// Adds candidates in the greedy order while both sides have spare capacity and the cap allows,
/// considering only those with a score ≥ 0 (a negative pair would lower the total).
///
/// "Best" uses it after the optimum: only zero-score pairs can still fit there (anything positive
/// would have raised the maximum), and adding them changes no total but spares the organizer
/// "blocking" pairs that both sides had room for.
pub fn fill_greedily(instance: &MatchingInstance, selected: &mut Vec<usize>) {
    let mut h = holdings(instance, selected);
    if h.total >= instance.total_cap {
        return;
    }
    let mut is_selected = vec![false; instance.candidates.len()];
    for &p in selected.iter() {
        is_selected[p] = true;
    }
    let mut open: Vec<usize> = (0..instance.candidates.len())
        .filter(|&p| {
            let c = &instance.candidates[p];
            !is_selected[p]
                && c.score >= 0.0
                && h.investor_count[c.investor as usize]
                    < instance.investor_capacity[c.investor as usize]
                && h.startup_count[c.startup as usize]
                    < instance.startup_capacity[c.startup as usize]
        })
        .collect();
    open.sort_unstable_by(|&a, &b| instance.greedy_before(a, b));
    for p in open {
        if h.total >= instance.total_cap {
            break;
        }
        let c = &instance.candidates[p];
        let (j, s) = (c.investor as usize, c.startup as usize);
        if h.investor_count[j] < instance.investor_capacity[j]
            && h.startup_count[s] < instance.startup_capacity[s]
        {
            h.investor_count[j] += 1;
            h.startup_count[s] += 1;
            h.total += 1;
            selected.push(p);
        }
    }
}

/// A selection that breaks a rule; used by tests and by callers that accept selections from
/// outside (an organizer's manual edits).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SelectionError {
    #[error("candidate {0} does not exist")]
    UnknownCandidate(usize),
    #[error("candidate {0} is selected twice")]
    Repeated(usize),
    #[error("investor {0} has more meetings than its capacity")]
    InvestorOverCapacity(u32),
    #[error("startup {0} has more meetings than its capacity")]
    StartupOverCapacity(u32),
    #[error("more meetings than slots × tables")]
    OverTotalCap,
    #[error(transparent)]
    Instance(#[from] InstanceError),
}

/// Checks that `selected` respects every capacity and the total cap.
pub fn check_selection(
    instance: &MatchingInstance,
    selected: &[usize],
) -> Result<(), SelectionError> {
    instance.validate()?;
    let mut seen = vec![false; instance.candidates.len()];
    for &p in selected {
        if p >= seen.len() {
            return Err(SelectionError::UnknownCandidate(p));
        }
        if std::mem::replace(&mut seen[p], true) {
            return Err(SelectionError::Repeated(p));
        }
    }
    let h = holdings(instance, selected);
    if let Some(j) = (0..instance.investor_count())
        .find(|&j| h.investor_count[j] > instance.investor_capacity[j])
    {
        return Err(SelectionError::InvestorOverCapacity(j as u32));
    }
    if let Some(s) =
        (0..instance.startup_count()).find(|&s| h.startup_count[s] > instance.startup_capacity[s])
    {
        return Err(SelectionError::StartupOverCapacity(s as u32));
    }
    if h.total > instance.total_cap {
        return Err(SelectionError::OverTotalCap);
    }
    Ok(())
}
