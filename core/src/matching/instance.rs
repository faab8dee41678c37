//! The selection problem in solver form: investors and startups as dense indices, each with a
//! meeting capacity, a cap on the total number of meetings, and the candidate pairs that survived
//! the vetoes, each with its match score M.
//!
//! Indices double as the tie-break order of docs/definitions.md §4.8 ("investor id, then
//! startup id, ascending"): callers number investors and startups in ascending id order, so
//! comparing indices compares ids without the solvers ever touching a string.

use thiserror::Error;

/// One pair the organizer may select: investor index, startup index and its match score M.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub investor: u32,
    pub startup: u32,
    pub score: f64,
}

/// Everything the meeting-selection solvers need, free of ids and of the event model.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchingInstance {
    /// Effective capacity per investor (capacity ∧ available slots), indexed in id order.
    pub investor_capacity: Vec<u32>,
    /// Effective capacity per startup, indexed in id order.
    pub startup_capacity: Vec<u32>,
    /// At most this many meetings in total (slots × tables).
    pub total_cap: u32,
    pub candidates: Vec<Candidate>,
}

/// Why an instance cannot be solved. Each variant names the offending candidate by its position.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum InstanceError {
    #[error(
        "candidate {candidate} names investor {investor}, but there are only {investors} investors"
    )]
    UnknownInvestor {
        candidate: usize,
        investor: u32,
        investors: usize,
    },
    #[error(
        "candidate {candidate} names startup {startup}, but there are only {startups} startups"
    )]
    UnknownStartup {
        candidate: usize,
        startup: u32,
        startups: usize,
    },
    #[error("candidate {candidate} repeats the pair of candidate {first}")]
    DuplicatePair { candidate: usize, first: usize },
    #[error("candidate {candidate} has a score that is not a finite number")]
    NonFiniteScore { candidate: usize },
    #[error("the instance is too large for 32-bit indices")]
    TooLarge,
}

impl MatchingInstance {
    pub fn investor_count(&self) -> usize {
        self.investor_capacity.len()
    }

    pub fn startup_count(&self) -> usize {
        self.startup_capacity.len()
    }

    /// Checks ids, duplicates and scores in O(candidates); both solvers call it first so that bad
    /// input becomes a named error instead of an out-of-bounds panic deep in a hot loop.
    pub fn validate(&self) -> Result<(), InstanceError> {
        self.validated_by_investor().map(|_| ())
    }

    /// [`Self::validate`], handing back the per-investor grouping it had to build anyway.
    pub(crate) fn validated_by_investor(&self) -> Result<Buckets, InstanceError> {
        let investors = self.investor_count();
        let startups = self.startup_count();
        if investors >= u32::MAX as usize / 2
            || startups >= u32::MAX as usize / 2
            || self.candidates.len() >= u32::MAX as usize / 4
        {
            return Err(InstanceError::TooLarge);
        }
        for (candidate, c) in self.candidates.iter().enumerate() {
            if c.investor as usize >= investors {
                return Err(InstanceError::UnknownInvestor {
                    candidate,
                    investor: c.investor,
                    investors,
                });
            }
            if c.startup as usize >= startups {
                return Err(InstanceError::UnknownStartup {
                    candidate,
                    startup: c.startup,
                    startups,
                });
            }
            if !c.score.is_finite() {
                return Err(InstanceError::NonFiniteScore { candidate });
            }
        }
        // Duplicates: bucket by investor, then one stamp per startup.
        let by_investor = self.candidates_by_investor();
        let mut seen = vec![u32::MAX; startups];
        for j in 0..investors {
            for &p in by_investor.of(j) {
                let s = self.candidates[p as usize].startup as usize;
                if seen[s] != u32::MAX {
                    let (first, candidate) = ordered(seen[s] as usize, p as usize);
                    return Err(InstanceError::DuplicatePair { candidate, first });
                }
                seen[s] = p;
            }
            for &p in by_investor.of(j) {
                seen[self.candidates[p as usize].startup as usize] = u32::MAX;
            }
        }
        Ok(by_investor)
    }

    /// Candidate indices grouped by investor, each group in candidate order.
    pub(crate) fn candidates_by_investor(&self) -> Buckets {
        Buckets::new(
            self.investor_count(),
            self.candidates.iter().map(|c| c.investor as usize),
        )
    }

    /// The greedy order of definitions §4.8: score descending, then investor, then startup
    /// ascending.
    pub(crate) fn greedy_before(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let (x, y) = (&self.candidates[a], &self.candidates[b]);
        y.score
            .total_cmp(&x.score)
            .then(x.investor.cmp(&y.investor))
            .then(x.startup.cmp(&y.startup))
    }
}

fn ordered(a: usize, b: usize) -> (usize, usize) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// A compressed list of lists (CSR): items grouped by a small integer key, stable within a group.
#[derive(Debug, Clone)]
pub(crate) struct Buckets {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Buckets {
    pub(crate) fn new(groups: usize, keys: impl Iterator<Item = usize> + Clone) -> Self {
        let mut start = vec![0u32; groups + 1];
        for k in keys.clone() {
            start[k + 1] += 1;
        }
        for g in 0..groups {
            start[g + 1] += start[g];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; start[groups] as usize];
        for (i, k) in keys.enumerate() {
            items[fill[k] as usize] = i as u32;
            fill[k] += 1;
        }
        Buckets { start, items }
    }

    pub(crate) fn of(&self, group: usize) -> &[u32] {
        &self.items[self.start[group] as usize..self.start[group + 1] as usize]
    }

    pub(crate) fn of_mut(&mut self, group: usize) -> &mut [u32] {
        let (a, b) = (self.start[group] as usize, self.start[group + 1] as usize);
        &mut self.items[a..b]
    }
}
