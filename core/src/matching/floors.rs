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
//! 3. Otherwise a minimum-cost flow on the "best" network of [`super::flow`], with each startup's
//!    arc to the hub split in two: k_s units at cost −B and the rest of its capacity at cost 0.
//!    B exceeds any difference in Σ M between two selections, so the optimum meets every floor
//!    first and then maximizes Σ M: it is max Σ M subject to the floors. Scores go on the same
//!    kind of fixed-point grid as "best" (2^40 steps for the largest |M|), costs are i128, and
//!    the flow is found by the primal-dual method (a Dijkstra on reduced costs from every
//!    investor with units left, then a blocking flow along the zero-reduced-cost arcs), which is
//!    deterministic. Zero-score pairs that still fit are added afterwards in the greedy order, as
//!    in "best".
//!
//! Step 3 is simple rather than fast: every candidate pair is in the graph (no pruning and no
//! warm start, unlike [`super::flow`]); a roadshow-sized 200 × 800 event with a binding floor
//! takes about 1.5 s natively (release build). It runs only when the floor binds; the feasibility
//! check of step 2 (a greedy start, then shortest augmenting paths) takes milliseconds.

use super::flow::FlowError;
use super::instance::MatchingInstance;
use super::stable;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

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
    if let Some(certificate) = floor_certificate(instance, floors)? {
        return Ok(FloorOutcome::Infeasible(certificate));
    }
    let mut chosen = min_cost_with_floors(instance, floors)?;
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

/// Max Σ M subject to the floors (which must be feasible), as candidate indices; only pairs that
/// carry flow, without the zero-score top-up.
fn min_cost_with_floors(
    instance: &MatchingInstance,
    floors: &[u32],
) -> Result<Vec<usize>, FlowError> {
    let investors = instance.investor_count();
    let startups = instance.startup_count();
    let (hub, sink) = (investors + startups, investors + startups + 1);
    let max_abs = instance
        .candidates
        .iter()
        .fold(0.0f64, |m, c| m.max(c.score.abs()));
    // The exponent is clamped so a subnormal largest score cannot make the scale infinite.
    let scale = if max_abs > 0.0 {
        (2f64).powi((40 - max_abs.log2().ceil() as i32).clamp(-1000, 1000))
    } else {
        0.0
    };
    let weight: Vec<i128> = instance
        .candidates
        .iter()
        .map(|c| (c.score * scale).round() as i128)
        .collect();
    let max_weight = weight.iter().map(|w| w.abs()).max().unwrap_or(0);
    let supply: u64 = instance
        .investor_capacity
        .iter()
        .map(|&b| u64::from(b))
        .sum();
    let meetings = supply.min(u64::from(instance.total_cap));
    // Any two selections differ in Σ weight by at most 2 · meetings · max_weight < bonus.
    let bonus = (2 * i128::from(meetings) + 2) * (max_weight + 1);

    let mut net = CostFlow::new(sink + 1);
    for (j, &b) in instance.investor_capacity.iter().enumerate() {
        net.add(j, sink, i64::from(b), 0);
    }
    let mut arc_of = Vec::with_capacity(instance.candidates.len());
    for (p, c) in instance.candidates.iter().enumerate() {
        arc_of.push(net.head.len());
        net.add(
            c.investor as usize,
            investors + c.startup as usize,
            1,
            -weight[p],
        );
    }
    for (s, (&cap, &k)) in instance.startup_capacity.iter().zip(floors).enumerate() {
        net.add(investors + s, hub, i64::from(k), -bonus);
        net.add(investors + s, hub, i64::from(cap.saturating_sub(k)), 0);
    }
    net.add(hub, sink, i64::from(instance.total_cap), 0);
    for (j, &b) in instance.investor_capacity.iter().enumerate() {
        net.excess[j] = i64::from(b);
    }
    net.excess[sink] = -(supply as i64);
    net.initial_potentials(investors, startups);
    net.settle(sink)?;
    Ok((0..instance.candidates.len())
        .filter(|&p| net.cap[arc_of[p] ^ 1] > 0)
        .collect())
}

/// A residual network for successive shortest paths; arcs in (forward, reverse) pairs.
struct CostFlow {
    head: Vec<usize>,
    cap: Vec<i64>,
    cost: Vec<i128>,
    adj: Vec<Vec<usize>>,
    excess: Vec<i64>,
    pot: Vec<i128>,
}

impl CostFlow {
    fn new(nodes: usize) -> Self {
        CostFlow {
            head: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
            adj: vec![Vec::new(); nodes],
            excess: vec![0; nodes],
            pot: vec![0; nodes],
        }
    }

    fn add(&mut self, from: usize, to: usize, capacity: i64, cost: i128) {
        self.adj[from].push(self.head.len());
        self.head.push(to);
        self.cap.push(capacity);
        self.cost.push(cost);
        self.adj[to].push(self.head.len());
        self.head.push(from);
        self.cap.push(0);
        self.cost.push(-cost);
    }

    /// The empty flow's residual network is acyclic (investors → startups → hub → sink, and
    /// investors → sink): potentials in that order, each the least over its incoming arcs, make
    /// every reduced cost non-negative.
    fn initial_potentials(&mut self, investors: usize, startups: usize) {
        let order = (0..investors)
            .chain(investors..investors + startups)
            .chain([investors + startups, investors + startups + 1]);
        for v in order {
            let mut best: Option<i128> = None;
            for &a in &self.adj[v] {
                // a ^ 1 runs from head[a] into v.
                let b = a ^ 1;
                if self.cap[b] > 0 {
                    let d = self.pot[self.head[a]] + self.cost[b];
                    best = Some(best.map_or(d, |x: i128| x.min(d)));
                }
            }
            self.pot[v] = best.map_or(0, |d| d.min(0));
        }
    }

    /// Routes every unit of excess to the sink (primal-dual): a Dijkstra on reduced costs from
    /// every node with excess at once raises the potentials so the shortest paths to the sink
    /// have reduced cost 0; then a blocking flow (levels by arc count, as in Dinic) along those
    /// zero-cost arcs. Every residual arc keeps a non-negative reduced cost throughout, so the
    /// flow stays optimal for what it has routed.
    fn settle(&mut self, sink: usize) -> Result<(), FlowError> {
        let nodes = self.adj.len();
        let mut dist = vec![i128::MAX; nodes];
        let mut done = vec![false; nodes];
        let mut level = vec![usize::MAX; nodes];
        let mut current = vec![0usize; nodes];
        // Each phase routes at least one unit.
        let mut phases_left = self
            .excess
            .iter()
            .filter(|&&e| e > 0)
            .map(|&e| e as u64)
            .sum::<u64>()
            + 1;
        while self.excess.iter().any(|&e| e > 0) {
            phases_left = phases_left.checked_sub(1).ok_or(FlowError::Unbalanced)?;
            dist.iter_mut().for_each(|d| *d = i128::MAX);
            done.iter_mut().for_each(|d| *d = false);
            let mut heap = BinaryHeap::new();
            for (v, d) in dist.iter_mut().enumerate() {
                if self.excess[v] > 0 {
                    *d = 0;
                    heap.push(Reverse((0i128, v)));
                }
            }
            let mut reach = None;
            while let Some(Reverse((d, u))) = heap.pop() {
                if done[u] || d > dist[u] {
                    continue;
                }
                done[u] = true;
                if u == sink {
                    reach = Some(d);
                    break;
                }
                for &a in &self.adj[u] {
                    if self.cap[a] == 0 {
                        continue;
                    }
                    let v = self.head[a];
                    let rc = self.cost[a] + self.pot[u] - self.pot[v];
                    if rc < 0 {
                        return Err(FlowError::Unbalanced);
                    }
                    if d + rc < dist[v] {
                        dist[v] = d + rc;
                        heap.push(Reverse((d + rc, v)));
                    }
                }
            }
            let reach = reach.ok_or(FlowError::Unbalanced)?;
            for ((pot, &d), &settled) in self.pot.iter_mut().zip(&dist).zip(&done) {
                if settled {
                    *pot += d - reach;
                }
            }
            // Levels: arcs to the sink over zero-reduced-cost residual arcs, searched backwards.
            level.iter_mut().for_each(|l| *l = usize::MAX);
            level[sink] = 0;
            let mut queue = VecDeque::from([sink]);
            while let Some(v) = queue.pop_front() {
                for &a in &self.adj[v] {
                    let (u, b) = (self.head[a], a ^ 1);
                    if level[u] == usize::MAX
                        && self.cap[b] > 0
                        && self.cost[b] + self.pot[u] - self.pot[v] == 0
                    {
                        level[u] = level[v] + 1;
                        queue.push_back(u);
                    }
                }
            }
            current.iter_mut().for_each(|c| *c = 0);
            let mut routed = false;
            for v in 0..nodes {
                while self.excess[v] > 0 && level[v] != usize::MAX {
                    let amount = self.push(v, sink, self.excess[v], &level, &mut current);
                    if amount == 0 {
                        break;
                    }
                    self.excess[v] -= amount;
                    self.excess[sink] += amount;
                    routed = true;
                }
            }
            if !routed {
                return Err(FlowError::Unbalanced);
            }
        }
        Ok(())
    }

    /// One augmenting path of the blocking flow from `u`: down the levels over zero-reduced-cost
    /// arcs, at most `limit` units; returns what reached the sink.
    fn push(
        &mut self,
        u: usize,
        sink: usize,
        limit: i64,
        level: &[usize],
        current: &mut [usize],
    ) -> i64 {
        if u == sink {
            return limit;
        }
        while current[u] < self.adj[u].len() {
            let a = self.adj[u][current[u]];
            let v = self.head[a];
            if self.cap[a] > 0
                && level[v] != usize::MAX
                && level[v] + 1 == level[u]
                && self.cost[a] + self.pot[u] - self.pot[v] == 0
            {
                let got = self.push(v, sink, limit.min(self.cap[a]), level, current);
                if got > 0 {
                    self.cap[a] -= got;
                    self.cap[a ^ 1] += got;
                    return got;
                }
            }
            current[u] += 1;
        }
        0
    }
}
