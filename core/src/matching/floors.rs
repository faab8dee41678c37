//! Meeting floors (docs/definitions.md §7.3): "best" under a minimum number of meetings per
//! startup, or a certificate that no selection can give every startup its floor.
//!
//! With `min_startup_meetings = k`, startup s must get at least
//! k_s = min(k, effective capacity of s, number of s's candidate pairs) meetings
//! ([`floor_targets`]). [`select_with_floors`] works in three steps:
//!
//! 1. When today's "best" selection (the unconstrained optimum, topped up with zero-score pairs)
//!    already gives every startup its floor, it is the answer: it is optimal without the floor,
//!    so also under it. A floor that does not bind therefore changes nothing, and k = 0 never
//!    changes anything.
//! 2. Feasibility is a maximum flow source → investor i (capacity = effective capacity of i) →
//!    startup s (1 per candidate pair) → sink (k_s). Every floor can be met exactly when that
//!    flow saturates every startup's arc and Σ k_s ≤ slots × tables. When the flow falls short,
//!    the startups on the sink side of the minimum cut closest to the sink (those that can still
//!    reach the sink in the residual network), keeping those with k_s ≥ 1, form a set S with
//!    Σ_{s∈S} k_s > Σ_i min(effective capacity of i, candidate pairs between i and S) — Hall's
//!    condition for b-matchings fails on S ([`FloorCertificate`]; the inequality is checked before
//!    the certificate is returned). When Hall's condition holds but Σ k_s exceeds slots × tables,
//!    the certificate is every startup with k_s ≥ 1 and names the cap (`total_cap`).
//! 3. Otherwise the floors are lower bounds on the startups' arcs of the "best" network of
//!    [`super::flow`], solved warm from today's optimum by [`BestMatching::with_floors`]: the
//!    missing units are forced onto each short startup's arc, and successive shortest paths on
//!    the same fixed-point grid as "best" route them back, so the result is max Σ M subject to
//!    the floors (the arc pruning and its dual certificate keep it exact). When no augmenting
//!    path exists, step 2's certificate explains why; it is computed only then, or at once when
//!    Σ k_s exceeds every investor's places or slots × tables. Zero-score pairs that still fit
//!    are added afterwards in the greedy order, as in "best".

use super::flow::{BestMatching, FlowError};
use super::instance::MatchingInstance;
use super::stable;
use std::collections::VecDeque;

/// k_s = min(k, effective capacity of s, number of s's candidate pairs), per startup index.
pub fn floor_targets(instance: &MatchingInstance, k: u32) -> Vec<u32> {
    let mut pairs = vec![0u32; instance.startup_count()];
    for c in &instance.candidates {
        if let Some(n) = pairs.get_mut(c.startup as usize) {
            *n = n.saturating_add(1);
        }
    }
    instance
        .startup_capacity
        .iter()
        .zip(&pairs)
        .map(|(&cap, &n)| k.min(cap).min(n))
        .collect()
}

/// Why no selection gives every startup its floor (definitions §7.3), in index form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorCertificate {
    /// S, ascending startup indices (each with k_s ≥ 1).
    pub startups: Vec<u32>,
    /// Σ_{s∈S} k_s.
    pub need: u64,
    /// Σ of the investors' supplies.
    pub supply: u64,
    /// Every investor with at least one candidate pair into S, ascending, with its supply
    /// min(effective capacity, candidate pairs between it and S) (0 when its capacity is 0).
    pub investors: Vec<(u32, u64)>,
    /// Set when Hall's condition holds but Σ k_s exceeds slots × tables: the cap (then
    /// `need > total_cap` is the certificate and S is every startup with k_s ≥ 1).
    pub total_cap: Option<u32>,
}

impl FloorCertificate {
    /// The certificate for S (supplies computed from the instance).
    fn for_set(
        instance: &MatchingInstance,
        floors: &[u32],
        startups: Vec<u32>,
        total_cap: Option<u32>,
    ) -> Self {
        let mut in_set = vec![false; instance.startup_count()];
        for &s in &startups {
            in_set[s as usize] = true;
        }
        let mut edges = vec![0u64; instance.investor_count()];
        for c in &instance.candidates {
            if in_set[c.startup as usize] {
                edges[c.investor as usize] += 1;
            }
        }
        let investors: Vec<(u32, u64)> = edges
            .iter()
            .enumerate()
            .filter(|&(_, &e)| e > 0)
            .map(|(i, &e)| (i as u32, e.min(u64::from(instance.investor_capacity[i]))))
            .collect();
        FloorCertificate {
            need: startups
                .iter()
                .map(|&s| u64::from(floors[s as usize]))
                .sum(),
            supply: investors.iter().map(|&(_, x)| x).sum(),
            startups,
            investors,
            total_cap,
        }
    }

    /// Recomputes need and supplies from the instance and checks the certificate's inequality:
    /// need > supply (Hall), or need > total_cap (the cap).
    pub fn holds(&self, instance: &MatchingInstance, floors: &[u32]) -> bool {
        if floors.len() != instance.startup_count()
            || self
                .startups
                .iter()
                .any(|&s| s as usize >= floors.len() || floors[s as usize] == 0)
        {
            return false;
        }
        let again =
            FloorCertificate::for_set(instance, floors, self.startups.clone(), self.total_cap);
        if again != *self {
            return false;
        }
        match self.total_cap {
            None => self.need > self.supply,
            Some(cap) => cap == instance.total_cap && self.need > u64::from(cap),
        }
    }
}

/// The result of "best" under floors, in index form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorOutcome {
    /// Candidate indices (unordered) of max Σ M subject to every floor.
    Selected(Vec<usize>),
    Infeasible(FloorCertificate),
}

/// "Best" under floors. `unconstrained` is today's "best" selection of the same instance
/// (candidate indices, zero-score top-up included); it is returned unchanged when it already
/// meets every floor.
pub fn select_with_floors(
    instance: &MatchingInstance,
    floors: &[u32],
    unconstrained: &[usize],
) -> Result<FloorOutcome, FlowError> {
    select_with_floors_from(instance, floors, unconstrained, None)
}

/// [`select_with_floors`], starting from `solved`, the solved "best" of the same instance when
/// the caller keeps one (a cold solve otherwise).
pub fn select_with_floors_from(
    instance: &MatchingInstance,
    floors: &[u32],
    unconstrained: &[usize],
    solved: Option<&BestMatching>,
) -> Result<FloorOutcome, FlowError> {
    instance.validate()?;
    if floors.len() != instance.startup_count() {
        return Err(FlowError::FloorCount {
            expected: instance.startup_count(),
            got: floors.len(),
        });
    }
    let mut got = vec![0u32; instance.startup_count()];
    for &p in unconstrained {
        if let Some(c) = instance.candidates.get(p) {
            got[c.startup as usize] += 1;
        }
    }
    if got.iter().zip(floors).all(|(g, k)| g >= k) {
        return Ok(FloorOutcome::Selected(unconstrained.to_vec()));
    }
    // More floors than investors' places or than slots × tables: no flow can exist, and the
    // certificate says why without a solve.
    let need: u64 = floors.iter().map(|&k| u64::from(k)).sum();
    let places: u64 = instance
        .investor_capacity
        .iter()
        .map(|&b| u64::from(b))
        .sum();
    if need > places.min(u64::from(instance.total_cap)) {
        return floor_certificate(instance, floors)?
            .map(FloorOutcome::Infeasible)
            .ok_or(FlowError::BrokenCertificate);
    }
    let cold;
    let solved = match solved {
        Some(solved) => solved,
        None => {
            cold = BestMatching::solve(instance)?;
            &cold
        }
    };
    let Some(mut chosen) = solved.with_floors(floors)? else {
        return floor_certificate(instance, floors)?
            .map(FloorOutcome::Infeasible)
            .ok_or(FlowError::BrokenCertificate);
    };
    let mut got = vec![0u32; instance.startup_count()];
    for &p in &chosen {
        got[instance.candidates[p].startup as usize] += 1;
    }
    if got.iter().zip(floors).any(|(g, k)| g < k) {
        return Err(FlowError::Unbalanced);
    }
    stable::fill_greedily(instance, &mut chosen);
    Ok(FloorOutcome::Selected(chosen))
}

/// `None` when some selection gives every startup s at least `floors[s]` meetings; else the
/// certificate of definitions §7.3 (its inequality checked).
pub fn floor_certificate(
    instance: &MatchingInstance,
    floors: &[u32],
) -> Result<Option<FloorCertificate>, FlowError> {
    instance.validate()?;
    if floors.len() != instance.startup_count() {
        return Err(FlowError::FloorCount {
            expected: instance.startup_count(),
            got: floors.len(),
        });
    }
    let investors = instance.investor_count();
    let startups = instance.startup_count();
    // Nodes: source, investors, startups, sink.
    let (source, sink) = (0usize, investors + startups + 1);
    let mut net = MaxFlow::new(sink + 1);
    for (i, &cap) in instance.investor_capacity.iter().enumerate() {
        net.add(source, 1 + i, u64::from(cap));
    }
    for c in &instance.candidates {
        net.add(
            1 + c.investor as usize,
            1 + investors + c.startup as usize,
            1,
        );
    }
    for (s, &k) in floors.iter().enumerate() {
        net.add(1 + investors + s, sink, u64::from(k));
    }
    let flow = net.max_flow(source, sink);
    let need: u64 = floors.iter().map(|&k| u64::from(k)).sum();
    let certificate = if flow < need {
        let reaches = net.reaching(sink);
        let set: Vec<u32> = (0..startups)
            .filter(|&s| reaches[1 + investors + s] && floors[s] >= 1)
            .map(|s| s as u32)
            .collect();
        FloorCertificate::for_set(instance, floors, set, None)
    } else if need > u64::from(instance.total_cap) {
        let set: Vec<u32> = (0..startups)
            .filter(|&s| floors[s] >= 1)
            .map(|s| s as u32)
            .collect();
        FloorCertificate::for_set(instance, floors, set, Some(instance.total_cap))
    } else {
        return Ok(None);
    };
    // definitions §7.3: the certificate must satisfy its inequality exactly.
    debug_assert!(certificate.holds(instance, floors));
    if !certificate.holds(instance, floors) {
        return Err(FlowError::BrokenCertificate);
    }
    Ok(Some(certificate))
}

/// A plain augmenting-path maximum flow (BFS), enough for the feasibility check.
struct MaxFlow {
    head: Vec<usize>,
    cap: Vec<u64>,
    adj: Vec<Vec<usize>>,
}

impl MaxFlow {
    fn new(nodes: usize) -> Self {
        MaxFlow {
            head: Vec::new(),
            cap: Vec::new(),
            adj: vec![Vec::new(); nodes],
        }
    }

    fn add(&mut self, from: usize, to: usize, capacity: u64) {
        self.adj[from].push(self.head.len());
        self.head.push(to);
        self.cap.push(capacity);
        self.adj[to].push(self.head.len());
        self.head.push(from);
        self.cap.push(0);
    }

    /// A greedy start along source → u → v → sink paths, then shortest augmenting paths.
    fn max_flow(&mut self, source: usize, sink: usize) -> u64 {
        let mut total = 0;
        for i in 0..self.adj[source].len() {
            let a = self.adj[source][i];
            let u = self.head[a];
            for j in 0..self.adj[u].len() {
                let b = self.adj[u][j];
                let v = self.head[b];
                if a % 2 == 1 || b % 2 == 1 || self.cap[a] == 0 || self.cap[b] == 0 {
                    continue;
                }
                let Some(&c) = self.adj[v]
                    .iter()
                    .find(|&&c| c % 2 == 0 && self.head[c] == sink && self.cap[c] > 0)
                else {
                    continue;
                };
                let amount = self.cap[a].min(self.cap[b]).min(self.cap[c]);
                for arc in [a, b, c] {
                    self.cap[arc] -= amount;
                    self.cap[arc ^ 1] += amount;
                }
                total += amount;
            }
        }
        let mut parent = vec![usize::MAX; self.adj.len()];
        loop {
            parent.iter_mut().for_each(|p| *p = usize::MAX);
            let mut queue = VecDeque::from([source]);
            let mut seen = vec![false; self.adj.len()];
            seen[source] = true;
            while let Some(u) = queue.pop_front() {
                if u == sink {
                    break;
                }
                for &a in &self.adj[u] {
                    let v = self.head[a];
                    if self.cap[a] > 0 && !seen[v] {
                        seen[v] = true;
                        parent[v] = a;
                        queue.push_back(v);
                    }
                }
            }
            if !seen[sink] {
                return total;
            }
            let mut amount = u64::MAX;
            let mut v = sink;
            while v != source {
                let a = parent[v];
                amount = amount.min(self.cap[a]);
                v = self.head[a ^ 1];
            }
            let mut v = sink;
            while v != source {
                let a = parent[v];
                self.cap[a] -= amount;
                self.cap[a ^ 1] += amount;
                v = self.head[a ^ 1];
            }
            total += amount;
        }
    }

    /// Nodes that can still reach `sink` in the residual network.
    fn reaching(&self, sink: usize) -> Vec<bool> {
        let mut reach = vec![false; self.adj.len()];
        reach[sink] = true;
        let mut queue = VecDeque::from([sink]);
        while let Some(v) = queue.pop_front() {
            for &a in &self.adj[v] {
                // a leaves v; its reverse a ^ 1 runs from head[a] into v.
                let u = self.head[a];
                if self.cap[a ^ 1] > 0 && !reach[u] {
                    reach[u] = true;
                    queue.push_back(u);
                }
            }
        }
        reach
    }
}
