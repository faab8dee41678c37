//! Mode "best": the exact maximum-weight b-matching, solved as a min-cost flow.
//!
//! Network: every investor j supplies its capacity b_j; each unit either goes j → startup s
//! (capacity 1, cost −M) → hub R → sink T, or straight j → T ("no meeting", cost 0). Startups
//! reach R with their capacity, and R → T carries at most slots × tables, which is the total cap.
//! A minimum-cost flow of Σ b_j units is a selection of maximum total M.
//!
//! A cold solve runs Goldberg's cost scaling (push-relabel on ε-optimal flows) on costs multiplied
//! by n + 1, so its last phase leaves an optimal flow, then recovers exact integer potentials with
//! a label-correcting pass. Warm re-solves use successive shortest paths with those potentials,
//! run from one imbalanced node at a time (as in the Hungarian method): a Dijkstra that starts
//! next to the change usually settles a handful of nodes before it finds where to send the unit.
//!
//! Arc pruning keeps it small without giving up exactness: the graph holds only each investor's
//! best candidates. After solving, every left-out pair is checked against the final potentials
//! (a dual certificate: if no left-out arc has negative reduced cost, the flow is optimal on the
//! full graph by LP duality). Potentials are first moved within their feasible range in the
//! certificate's favour (investors up, startups down). When it fails, the violating arcs and more
//! of their investors' best arcs join the graph and the solve repeats (cold) or the flow is
//! repaired (warm), until the certificate holds: the answer is always the exact optimum of the
//! full instance.
//!
//! Scores are f64; costs must be integers for the potentials to stay exact, so M is scaled to a
//! fixed-point grid of 2^37 steps for the largest score on a 200 × 1,000 event (2^44 on small ones,
//! see `scale_bits`; a step is ~7e-12 of the top score). "Best" is therefore exact for the rounded
//! scores, which can only reorder selections whose true totals differ by less than the rounding of
//! the pairs involved. Reported totals always add the true f64 scores.
//!
//! Meeting floors (definitions §7.3) are lower bounds on the startups' arcs to R, imposed on a
//! copy of a solved network by [`BestMatching::with_floors`]: forcing the missing units onto
//! those arcs keeps every reduced cost non-negative, and cost scaling (or, when the pruned graph
//! cannot carry them, successive shortest paths) routes them back.
//!
//! The same repair is the warm start: after scores change, arcs whose reduced cost turned negative
//! are flipped and the resulting imbalances are routed by the same shortest-path step, reusing the
//! previous flow and potentials.

use super::instance::{Buckets, InstanceError, MatchingInstance};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use thiserror::Error;

/// Failures of the "best" solver.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FlowError {
    #[error(transparent)]
    Instance(#[from] InstanceError),
    /// A warm re-solve was given scores for a different number of candidates than it was built on.
    #[error("expected {expected} scores (one per candidate), got {got}")]
    ScoreCountMismatch { expected: usize, got: usize },
    /// Internal invariant broken (a unit of supply found no way to the sink). Reported rather than
    /// panicking so that a bug shows up as an error in the app, not as a dead tab.
    #[error("the flow network lost its balance; this is a bug in the matching solver")]
    Unbalanced,
    /// Meeting floors (definitions §7.3) were given for a different number of startups.
    #[error("expected {expected} floors (one per startup), got {got}")]
    FloorCount { expected: usize, got: usize },
    /// A floor certificate failed its own inequality (definitions §7.3); a bug, reported rather
    /// than panicking.
    #[error("the meeting-floor certificate does not hold; this is a bug in the matching solver")]
    BrokenCertificate,
}

const NONE: u32 = u32::MAX;

/// Bits of the largest scaled score. Cost scaling multiplies costs by the node count n and moves
/// potentials by up to ~n² times the largest score, so the grid shrinks with the graph:
/// 61 − 2·⌈log2(n + 1)⌉ − 2 bits, at most 44 (37 bits, ~7e-12 of the top score, for 200 × 1,000).
fn scale_bits(nodes: usize) -> i32 {
    let log = (usize::BITS - nodes.leading_zeros()) as i32;
    (61 - 2 * log - 2).clamp(20, 44)
}

/// A solved "best" selection that can be re-solved warm after scores change.
#[derive(Debug, Clone)]
pub struct BestMatching {
    investor_capacity: Vec<u32>,
    startup_capacity: Vec<u32>,
    total_cap: u32,
    cand_investor: Vec<u32>,
    cand_startup: Vec<u32>,
    scores: Vec<f64>,
    /// Scores on the integer grid; only positive ones can ever be worth a meeting.
    weight: Vec<i64>,
    grid: Grid,
    /// How many of its best candidates each investor has in the graph.
    keep: Vec<u32>,
    kept: Vec<bool>,
    by_investor: Buckets,
    by_startup: Buckets,
    net: Network,
    /// Lower bounds on each startup's meetings (definitions §7.3), empty when there are none.
    /// Only [`BestMatching::with_floors`] sets them, on its own copy.
    floors: Vec<u32>,
    /// Times the certificate failed and arcs had to be added (for tests and benchmarks).
    pub certificate_rounds: u32,
}

/// How much work a solve took, for benchmarks and tuning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolverWork {
    pub arcs_in_graph: usize,
    pub shortest_paths: u64,
    pub nodes_settled: u64,
    pub relabels: u64,
    pub certificate_rounds: u32,
}

impl BestMatching {
    /// Solves the instance from scratch.
    pub fn solve(instance: &MatchingInstance) -> Result<Self, FlowError> {
        let by_investor = instance.validated_by_investor()?;
        let n = instance.candidates.len();
        let mut me = BestMatching {
            investor_capacity: instance.investor_capacity.clone(),
            startup_capacity: instance.startup_capacity.clone(),
            total_cap: instance.total_cap,
            cand_investor: instance.candidates.iter().map(|c| c.investor).collect(),
            cand_startup: instance.candidates.iter().map(|c| c.startup).collect(),
            scores: instance.candidates.iter().map(|c| c.score).collect(),
            weight: vec![0; n],
            grid: Grid(None),
            keep: Vec::new(),
            kept: vec![false; n],
            by_investor,
            by_startup: Buckets::new(
                instance.startup_capacity.len(),
                instance.candidates.iter().map(|c| c.startup as usize),
            ),
            net: Network::default(),
            floors: Vec::new(),
            certificate_rounds: 0,
        };
        me.cold()?;
        Ok(me)
    }

    /// Candidate indices of the optimal selection, ascending. Zero-score pairs that still fit are
    /// not included; [`super::stable::fill_greedily`] adds them (as [`super::MatchBoard`] does).
    pub fn selected(&self) -> Vec<usize> {
        (0..self.kept.len())
            .filter(|&p| self.net.carries(p))
            .collect()
    }

    pub fn work(&self) -> SolverWork {
        SolverWork {
            arcs_in_graph: self.kept.iter().filter(|&&k| k).count(),
            shortest_paths: self.net.dijkstras,
            nodes_settled: self.net.pops,
            relabels: self.net.relabels,
            certificate_rounds: self.certificate_rounds,
        }
    }

    /// Re-solves after the scores changed (same candidates, same capacities), starting from the
    /// previous flow and potentials. The result is the same exact optimum a cold solve would
    /// find in value; the cost is proportional to how much the optimum moved.
    pub fn rescore(&mut self, scores: &[f64]) -> Result<(), FlowError> {
        if scores.len() != self.scores.len() {
            return Err(FlowError::ScoreCountMismatch {
                expected: self.scores.len(),
                got: scores.len(),
            });
        }
        if let Some(candidate) = scores.iter().position(|s| !s.is_finite()) {
            return Err(InstanceError::NonFiniteScore { candidate }.into());
        }
        // Only changed pairs can violate the old potentials; everything below is proportional to
        // them and to the part of the graph the repair touches.
        let changed: Vec<usize> = (0..scores.len())
            .filter(|&p| scores[p].to_bits() != self.scores[p].to_bits())
            .collect();
        self.scores.copy_from_slice(scores);
        self.apply_changes(changed)
    }

    /// Re-solves after a few scores changed; `changes` are (candidate index, new score). Costs
    /// nothing per unchanged candidate.
    pub fn rescore_some(&mut self, changes: &[(usize, f64)]) -> Result<(), FlowError> {
        for &(p, score) in changes {
            if p >= self.scores.len() {
                return Err(FlowError::ScoreCountMismatch {
                    expected: self.scores.len(),
                    got: p + 1,
                });
            }
            if !score.is_finite() {
                return Err(InstanceError::NonFiniteScore { candidate: p }.into());
            }
        }
        let mut changed = Vec::with_capacity(changes.len());
        for &(p, score) in changes {
            if self.scores[p].to_bits() != score.to_bits() {
                self.scores[p] = score;
                changed.push(p);
            }
        }
        changed.sort_unstable();
        changed.dedup();
        self.apply_changes(changed)
    }

    fn apply_changes(&mut self, changed: Vec<usize>) -> Result<(), FlowError> {
        let max = changed.iter().fold(0.0f64, |m, &p| m.max(self.scores[p]));
        // A new maximum far off the grid would lose precision or overflow: start over.
        let bits = scale_bits(self.investor_capacity.len() + self.startup_capacity.len() + 2);
        let off_grid = match self.grid.0 {
            None => max > 0.0,
            Some(_) => self.grid.weight(max) > 1i64 << (bits + 1),
        };
        if off_grid {
            return self.cold();
        }
        for &p in &changed {
            self.weight[p] = self.grid.weight(self.scores[p]);
            if self.kept[p] {
                self.net.set_weight(p, self.weight[p]);
                self.net.flip_if_violated(self.net.arc_of[p] as usize);
            }
        }
        self.net.take_dirty();
        self.net.settle()?;
        self.certify_touched(changed)
    }

    fn cold(&mut self) -> Result<(), FlowError> {
        self.cold_on_grid(max_positive(&self.scores))
    }

    /// A cold solve on the grid whose top is `max` (the largest score, or under floors the
    /// largest |score|, since negative pairs may then have to be chosen).
    fn cold_on_grid(&mut self, max: f64) -> Result<(), FlowError> {
        let bits = scale_bits(self.investor_capacity.len() + self.startup_capacity.len() + 2);
        self.grid = Grid::topped_by(max, bits);
        for p in 0..self.scores.len() {
            self.weight[p] = self.grid.weight(self.scores[p]);
        }
        // A meeting can only be worth having if it has positive weight, and an investor with
        // capacity b needs little more than its b best candidates unless those startups fill up;
        // the certificate catches the cases where it needs more. (3b + 10 passes the certificate
        // first time on the roadshow-like benchmarks; 2b + 6 needed a second round.)
        let investors = self.investor_capacity.len();
        self.keep = (0..investors)
            .map(|j| {
                self.investor_capacity[j]
                    .min(self.total_cap)
                    .saturating_mul(3)
                    .saturating_add(10)
            })
            .collect();
        self.kept.iter_mut().for_each(|k| *k = false);
        for j in 0..investors {
            let want = self.keep[j] as usize;
            let group = self.by_investor.of_mut(j);
            let weight = &self.weight;
            if group.len() > want {
                group.select_nth_unstable_by(want - 1, |&a, &b| {
                    weight[b as usize].cmp(&weight[a as usize])
                });
            }
            for &p in group.iter().take(want) {
                if self.weight[p as usize] > 0 {
                    self.kept[p as usize] = true;
                }
            }
        }
        let max_weight = self.weight.iter().copied().max().unwrap_or(0);
        let investors = investors as u32;
        loop {
            self.net = Network::build(self, None);
            // Each node is relabelled O(n) times per phase in theory; far beyond that is a bug.
            let nodes = self.net.excess.len() as u64;
            self.net
                .cost_scaling(max_weight, 4 * nodes * nodes + 1000)?;
            self.net.tighten_potentials();
            // The certificate over every left-out arc. When it fails, solving again from scratch
            // on the wider graph is cheaper and more predictable than repairing a large change
            // one unit at a time.
            let violated: Vec<usize> = (0..self.kept.len())
                .filter(|&p| self.violates(p, investors))
                .collect();
            if violated.is_empty() {
                return Ok(());
            }
            self.widen(&violated);
        }
    }

    /// The certificate after a warm repair: only arcs at nodes whose potential moved, and the
    /// changed pairs themselves, can have turned negative.
    fn certify_touched(&mut self, mut changed: Vec<usize>) -> Result<(), FlowError> {
        let investors = self.investor_capacity.len() as u32;
        loop {
            let mut violated: Vec<usize> = changed
                .drain(..)
                .filter(|&p| self.violates(p, investors))
                .collect();
            for v in self.net.take_dirty() {
                let group = if v < investors {
                    self.by_investor.of(v as usize)
                } else if v < investors + self.startup_capacity.len() as u32 {
                    self.by_startup.of((v - investors) as usize)
                } else {
                    continue;
                };
                violated.extend(
                    group
                        .iter()
                        .map(|&p| p as usize)
                        .filter(|&p| self.violates(p, investors)),
                );
            }
            if violated.is_empty() {
                return Ok(());
            }
            violated.sort_unstable();
            violated.dedup();
            self.add_arcs(&violated)?;
        }
    }

    /// Whether a left-out pair has a negative reduced cost. Without floors a pair of weight ≤ 0
    /// never pays (the bypass costs 0); under floors it may be the only way to reach a startup.
    fn violates(&self, p: usize, investors: u32) -> bool {
        !self.kept[p]
            && (self.weight[p] > 0 || !self.floors.is_empty())
            && self.net.reduced_cost(
                self.cand_investor[p],
                investors + self.cand_startup[p],
                -self.weight[p],
            ) < 0
    }

    /// Puts violating arcs (and more of their investors' best arcs) into the graph and repairs.
    fn add_arcs(&mut self, violated: &[usize]) -> Result<(), FlowError> {
        self.widen(violated);
        self.rebuild();
        self.net.settle()
    }

    /// Rebuilds the network on the kept candidates, keeping flow and potentials, and pushes the
    /// new arcs that would break optimality to their other bound (left for `settle`).
    fn rebuild(&mut self) {
        let old = std::mem::take(&mut self.net);
        self.net = Network::build(self, Some(&old));
        self.net.pops = old.pops;
        self.net.dijkstras = old.dijkstras;
        self.net.relabels = old.relabels;
        self.net.flip_violated_arcs();
    }

    /// "Best" with at least `floors[s]` meetings for every startup s (definitions §7.3), as
    /// candidate indices (zero-score top-up not included), or `None` when no selection gives
    /// every startup its floor. `floors[s]` must not exceed s's capacity.
    ///
    /// The floor is a lower bound on the arc s → R. Starting from this optimum, each startup
    /// below its floor is given the missing units on that arc at once, which leaves a deficit
    /// at s and as much excess at R and keeps every reduced cost non-negative (forcing flow onto
    /// an arc opens no residual arc); successive shortest paths then route R's excess back to
    /// those startups, typically by moving one meeting from a startup above its floor, or by
    /// using an investor's spare capacity. Every candidate of a startup below its floor joins
    /// the graph first; the dual certificate then runs over every left-out pair, whatever its
    /// weight. No augmenting path in the full graph means the floors cannot be met.
    pub fn with_floors(&self, floors: &[u32]) -> Result<Option<Vec<usize>>, FlowError> {
        let startups = self.startup_capacity.len();
        if floors.len() != startups {
            return Err(FlowError::FloorCount {
                expected: startups,
                got: floors.len(),
            });
        }
        if floors.iter().all(|&k| k == 0) {
            return Ok(Some(self.selected()));
        }
        let mut m = self.clone();
        // Under floors a negative pair may have to be chosen, so it must be on the grid too.
        let max_abs = m.scores.iter().fold(0.0f64, |top, s| top.max(s.abs()));
        if max_abs > max_positive(&m.scores) {
            m.cold_on_grid(max_abs)?;
        }
        let investors = m.investor_capacity.len();
        let hub = investors + startups;
        m.floors = floors
            .iter()
            .zip(&m.startup_capacity)
            .map(|(&k, &cap)| k.min(cap))
            .collect();
        for s in 0..startups {
            let (k, arc) = (m.floors[s], 2 * (investors + s));
            let flow = m.net.cap[arc + 1];
            if flow >= k {
                m.net.cap[arc + 1] = flow - k;
                continue;
            }
            let missing = k - flow;
            m.net.cap[arc + 1] = 0;
            m.net.cap[arc] -= missing;
            m.net.excess[investors + s] -= i64::from(missing);
            m.net.excess[hub] += i64::from(missing);
            // Its best candidates join the graph (of any weight: the floor may need them); the
            // certificate below brings in any other pair that turns out to matter.
            let want = (3 * k as usize + 10).min(m.by_startup.of(s).len());
            let weight = &m.weight;
            let group = m.by_startup.of_mut(s);
            if want < group.len() {
                group.select_nth_unstable_by(want, |&a, &b| {
                    weight[b as usize].cmp(&weight[a as usize])
                });
            }
            for i in 0..want {
                let p = m.by_startup.of(s)[i] as usize;
                m.kept[p] = true;
            }
        }
        m.rebuild();
        // Push-relabel settles the forced units together (far faster than one shortest path
        // per unit). When the pruned graph cannot carry them, its relabels run past a bound and
        // successive shortest paths take over from the state before, widening as they need.
        let max_weight = m.weight.iter().map(|w| w.abs()).max().unwrap_or(0);
        let mut scaled = m.net.clone();
        let nodes = scaled.excess.len() as u64;
        if scaled.cost_scaling(max_weight, 64 * nodes).is_ok() {
            m.net = scaled;
        }
        let investors = investors as u32;
        loop {
            if !m.net.route_all() {
                if m.kept.iter().all(|&k| k) {
                    return Ok(None);
                }
                m.kept.iter_mut().for_each(|k| *k = true);
                m.certificate_rounds += 1;
                m.rebuild();
                continue;
            }
            m.net.tighten_potentials();
            let violated: Vec<usize> = (0..m.kept.len())
                .filter(|&p| m.violates(p, investors))
                .collect();
            if violated.is_empty() {
                return Ok(Some(m.selected()));
            }
            m.widen(&violated);
            m.rebuild();
        }
    }

    /// Marks violating arcs, and twice as many of their investors' best arcs, as kept.
    fn widen(&mut self, violated: &[usize]) {
        self.certificate_rounds += 1;
        let mut widened = vec![false; self.investor_capacity.len()];
        for &p in violated {
            self.kept[p] = true;
            let j = self.cand_investor[p] as usize;
            if !widened[j] {
                widened[j] = true;
                self.keep[j] = self.keep[j].saturating_mul(2);
                let want = self.keep[j] as usize;
                let weight = &self.weight;
                let group = self.by_investor.of_mut(j);
                if group.len() > want {
                    group.select_nth_unstable_by(want - 1, |&a, &b| {
                        weight[b as usize].cmp(&weight[a as usize])
                    });
                }
                for &q in group.iter().take(want) {
                    if self.weight[q as usize] > 0 {
                        self.kept[q as usize] = true;
                    }
                }
            }
        }
    }
}

/// The fixed-point grid: a score s becomes the integer round(s · 2^e) (`None`: every score 0).
/// The power is applied in two halves, so neither overflows for subnormal or huge scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Grid(Option<i32>);

impl Grid {
    /// The grid that puts `max` just below 2^bits.
    fn topped_by(max: f64, bits: i32) -> Grid {
        if max > 0.0 {
            Grid(Some(bits - max.log2().ceil() as i32))
        } else {
            Grid(None)
        }
    }

    fn weight(self, score: f64) -> i64 {
        match self.0 {
            None => 0,
            Some(e) => {
                let half = e / 2;
                (score * 2f64.powi(half) * 2f64.powi(e - half)).round() as i64
            }
        }
    }
}

fn max_positive(scores: &[f64]) -> f64 {
    scores.iter().fold(0.0f64, |m, &s| m.max(s))
}

/// The residual network. Nodes: investors 0..I, startups I..I+S, hub R, sink T. Arcs come in
/// (forward, reverse) pairs at (2a, 2a+1); the fixed ones first (bypass per investor, startup → R
/// per startup, R → T), then one per kept candidate.
#[derive(Debug, Clone, Default)]
struct Network {
    investors: u32,
    startups: u32,
    head: Vec<u32>,
    cap: Vec<u32>,
    cost: Vec<i64>,
    adj_start: Vec<u32>,
    adj: Vec<u32>,
    /// Candidate index → its forward arc, or NONE when the candidate is not in the graph.
    arc_of: Vec<u32>,
    excess: Vec<i64>,
    pot: Vec<i64>,
    // Dijkstra scratch, reused across runs; `seen` holds the run number that last touched a node.
    dist: Vec<i64>,
    parent: Vec<u32>,
    seen: Vec<u32>,
    done: Vec<u32>,
    run: u32,
    settled: Vec<u32>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
    current: Vec<u32>,
    queued: Vec<bool>,
    /// Nodes whose potential moved since the last `take_dirty` (for the warm certificate).
    dirty: Vec<bool>,
    dirty_list: Vec<u32>,
    /// Work counters, exposed through [`BestMatching::work`] for benchmarks.
    pops: u64,
    dijkstras: u64,
    relabels: u64,
}

impl Network {
    /// Builds the network for the kept candidates. With `old`, flows and potentials carry over
    /// (candidates new to the graph start without flow); without it, the flow is empty and the
    /// potentials are the simple feasible start p(j) = best weight of j, 0 elsewhere.
    fn build(m: &BestMatching, old: Option<&Network>) -> Network {
        let investors = m.investor_capacity.len() as u32;
        let startups = m.startup_capacity.len() as u32;
        let nodes = (investors + startups + 2) as usize;
        let (hub, sink) = (investors + startups, investors + startups + 1);
        let kept_count = m.kept.iter().filter(|&&k| k).count();
        let arcs = 2 * (investors as usize + startups as usize + 1 + kept_count);
        let mut net = Network {
            investors,
            startups,
            head: Vec::with_capacity(arcs),
            cap: Vec::with_capacity(arcs),
            cost: Vec::with_capacity(arcs),
            arc_of: vec![NONE; m.kept.len()],
            excess: vec![0; nodes],
            pot: vec![0; nodes],
            dist: vec![0; nodes],
            parent: vec![NONE; nodes],
            seen: vec![0; nodes],
            done: vec![0; nodes],
            dirty: vec![false; nodes],
            run: 0,
            ..Network::default()
        };
        let mut tail = Vec::with_capacity(arcs);
        let mut add =
            |net: &mut Network, from: u32, to: u32, capacity: u32, flow: u32, cost: i64| {
                net.head.push(to);
                net.cap.push(capacity - flow);
                net.cost.push(cost);
                tail.push(from);
                net.head.push(from);
                net.cap.push(flow);
                net.cost.push(-cost);
                tail.push(to);
            };
        let old_flow = |arc: usize| old.map_or(0, |o| o.cap[arc + 1]);
        for j in 0..investors {
            add(
                &mut net,
                j,
                sink,
                m.investor_capacity[j as usize],
                old_flow(2 * j as usize),
                0,
            );
        }
        for s in 0..startups {
            let arc = 2 * (investors + s) as usize;
            let floor = m.floors.get(s as usize).copied().unwrap_or(0);
            add(
                &mut net,
                investors + s,
                hub,
                m.startup_capacity[s as usize] - floor,
                old_flow(arc),
                0,
            );
        }
        add(
            &mut net,
            hub,
            sink,
            m.total_cap,
            old_flow(2 * (investors + startups) as usize),
            0,
        );
        for p in 0..m.kept.len() {
            if m.kept[p] {
                let flow = old.map_or(0, |o| u32::from(o.carries(p)));
                net.arc_of[p] = net.head.len() as u32;
                add(
                    &mut net,
                    m.cand_investor[p],
                    investors + m.cand_startup[p],
                    1,
                    flow,
                    -m.weight[p],
                );
            }
        }
        // Adjacency by tail (CSR).
        let mut start = vec![0u32; nodes + 1];
        for &t in &tail {
            start[t as usize + 1] += 1;
        }
        for v in 0..nodes {
            start[v + 1] += start[v];
        }
        let mut fill = start.clone();
        let mut adj = vec![0u32; tail.len()];
        for (a, &t) in tail.iter().enumerate() {
            adj[fill[t as usize] as usize] = a as u32;
            fill[t as usize] += 1;
        }
        net.adj_start = start;
        net.adj = adj;
        match old {
            Some(o) => {
                net.pot.copy_from_slice(&o.pot);
                net.excess.copy_from_slice(&o.excess);
            }
            None => {
                let mut supply = 0i64;
                for j in 0..investors as usize {
                    net.excess[j] = i64::from(m.investor_capacity[j]);
                    supply += i64::from(m.investor_capacity[j]);
                }
                net.excess[sink as usize] = -supply;
                for p in 0..m.kept.len() {
                    if m.kept[p] {
                        let j = m.cand_investor[p] as usize;
                        net.pot[j] = net.pot[j].max(m.weight[p]);
                    }
                }
            }
        }
        net
    }

    fn carries(&self, candidate: usize) -> bool {
        let a = self.arc_of[candidate];
        a != NONE && self.cap[a as usize + 1] > 0
    }

    fn reduced_cost(&self, from: u32, to: u32, cost: i64) -> i64 {
        cost + self.pot[from as usize] - self.pot[to as usize]
    }

    fn set_weight(&mut self, candidate: usize, weight: i64) {
        let a = self.arc_of[candidate] as usize;
        self.cost[a] = -weight;
        self.cost[a + 1] = weight;
    }

    /// Moves potentials within the feasible range so the certificate is as easy to meet as
    /// possible: investors as high and startups as low as their residual arcs allow. Untouched
    /// startups otherwise keep their starting potential and make left-out arcs look violated.
    fn tighten_potentials(&mut self) {
        let investors = self.investors as usize;
        let startups = investors + self.startups as usize;
        for v in 0..investors {
            let mut bound = i64::MAX;
            for i in self.adj_start[v]..self.adj_start[v + 1] {
                let a = self.adj[i as usize] as usize;
                let back = a ^ 1;
                if self.cap[back] > 0 {
                    bound = bound.min(self.pot[self.head[a] as usize] + self.cost[back]);
                }
            }
            if bound != i64::MAX && bound > self.pot[v] {
                self.pot[v] = bound;
            }
        }
        for v in investors..startups {
            let mut bound = i64::MIN;
            for i in self.adj_start[v]..self.adj_start[v + 1] {
                let a = self.adj[i as usize] as usize;
                if self.cap[a] > 0 {
                    bound = bound.max(self.pot[self.head[a] as usize] - self.cost[a]);
                }
            }
            if bound != i64::MIN && bound < self.pot[v] {
                self.pot[v] = bound;
            }
        }
    }

    fn take_dirty(&mut self) -> Vec<u32> {
        for &v in &self.dirty_list {
            self.dirty[v as usize] = false;
        }
        std::mem::take(&mut self.dirty_list)
    }

    /// Flips one candidate arc to its other bound if its residual direction went negative.
    fn flip_if_violated(&mut self, a: usize) {
        let (j, s) = (self.head[a + 1], self.head[a]);
        let rc = self.reduced_cost(j, s, self.cost[a]);
        if self.cap[a] > 0 && rc < 0 {
            self.cap[a] = 0;
            self.cap[a + 1] = 1;
            self.excess[s as usize] += 1;
            self.excess[j as usize] -= 1;
        } else if self.cap[a + 1] > 0 && rc > 0 {
            self.cap[a] = 1;
            self.cap[a + 1] = 0;
            self.excess[j as usize] += 1;
            self.excess[s as usize] -= 1;
        }
    }

    /// Restores reduced-cost optimality after costs changed: every candidate arc whose residual
    /// direction now has negative reduced cost is pushed to its other bound, leaving one unit of
    /// excess and one of deficit for `settle` to route.
    fn flip_violated_arcs(&mut self) {
        let first = 2 * (self.investors + self.startups + 1) as usize;
        for a in (first..self.head.len()).step_by(2) {
            self.flip_if_violated(a);
        }
    }

    /// Pushes every residual arc with negative reduced cost to its bound (any capacity).
    fn flip_all_violated_arcs(&mut self, mult: i64) {
        for a in 0..self.head.len() {
            if self.cap[a] > 0 {
                let (u, v) = (self.head[a ^ 1], self.head[a]);
                if self.cost[a] * mult + self.pot[u as usize] - self.pot[v as usize] < 0 {
                    let amount = self.cap[a];
                    self.cap[a] = 0;
                    self.cap[a ^ 1] += amount;
                    self.excess[u as usize] -= i64::from(amount);
                    self.excess[v as usize] += i64::from(amount);
                }
            }
        }
    }

    /// Goldberg's cost scaling (push-relabel on ε-optimal flows) on costs multiplied by n + 1, so
    /// the last phase (ε = 1) leaves an optimal flow; then exact potentials for the true costs.
    ///
    /// Successive shortest paths alone spends most of its time re-exploring the region of
    /// already-placed meetings; push-relabel settles the flow with local moves.
    /// `relabel_limit` bounds the relabels of each phase; past it the phase fails (a bug on a
    /// feasible network, or a network that cannot carry its supplies).
    fn cost_scaling(&mut self, max_weight: i64, relabel_limit: u64) -> Result<(), FlowError> {
        const ALPHA: i64 = 5;
        let nodes = self.excess.len();
        let mult = nodes as i64 + 1;
        self.current = self.adj_start[..nodes].to_vec();
        self.queued = vec![false; nodes];
        for p in &mut self.pot {
            *p *= mult;
        }
        let mut eps = max_weight.max(1) * mult;
        loop {
            eps = (eps / ALPHA).max(1);
            self.refine(eps, mult, relabel_limit)?;
            if eps == 1 {
                break;
            }
        }
        // Reduced costs are ≥ −1 on the scaled costs, i.e. > −1/n on the true ones: the flow is
        // optimal. Rounding the potentials down leaves violations of at most 1, which a
        // Bellman–Ford pass from those labels repairs (no negative cycle exists at an optimum).
        for p in &mut self.pot {
            *p = p.div_euclid(mult);
        }
        self.exact_potentials()
    }

    /// Label-correcting shortest paths from the current potentials until every residual arc has a
    /// non-negative reduced cost.
    fn exact_potentials(&mut self) -> Result<(), FlowError> {
        let nodes = self.excess.len();
        let mut queue: std::collections::VecDeque<u32> = (0..nodes as u32).collect();
        let mut queued = vec![true; nodes];
        let budget = (nodes as u64 + 1) * (self.head.len() as u64 + 1);
        let mut work = 0u64;
        while let Some(u) = queue.pop_front() {
            let u = u as usize;
            queued[u] = false;
            for i in self.adj_start[u]..self.adj_start[u + 1] {
                let a = self.adj[i as usize] as usize;
                if self.cap[a] > 0 {
                    let v = self.head[a] as usize;
                    let bound = self.pot[u] + self.cost[a];
                    if self.pot[v] > bound {
                        self.pot[v] = bound;
                        if !queued[v] {
                            queued[v] = true;
                            queue.push_back(v as u32);
                        }
                    }
                }
            }
            work += u64::from(self.adj_start[u + 1] - self.adj_start[u]) + 1;
            if work > budget {
                return Err(FlowError::Unbalanced);
            }
        }
        Ok(())
    }

    fn refine(&mut self, eps: i64, mult: i64, relabel_limit: u64) -> Result<(), FlowError> {
        let nodes = self.excess.len();
        self.flip_all_violated_arcs(mult);
        let mut queue = std::collections::VecDeque::new();
        for v in 0..nodes {
            self.current[v] = self.adj_start[v];
            self.queued[v] = self.excess[v] > 0;
            if self.queued[v] {
                queue.push_back(v as u32);
            }
        }
        let mut relabels = 0u64;
        while let Some(v) = queue.pop_front() {
            let vu = v as usize;
            self.queued[vu] = false;
            while self.excess[vu] > 0 {
                let i = self.current[vu];
                if i == self.adj_start[vu + 1] {
                    relabels += 1;
                    if relabels > relabel_limit {
                        return Err(FlowError::Unbalanced);
                    }
                    self.relabel(vu, eps, mult)?;
                    self.current[vu] = self.adj_start[vu];
                    continue;
                }
                let a = self.adj[i as usize] as usize;
                let w = self.head[a] as usize;
                if self.cap[a] > 0 && self.cost[a] * mult + self.pot[vu] - self.pot[w] < 0 {
                    let amount = self.excess[vu].min(i64::from(self.cap[a]));
                    self.cap[a] -= amount as u32;
                    self.cap[a ^ 1] += amount as u32;
                    self.excess[vu] -= amount;
                    self.excess[w] += amount;
                    if self.excess[w] > 0 && !self.queued[w] {
                        self.queued[w] = true;
                        queue.push_back(w as u32);
                    }
                } else {
                    self.current[vu] = i + 1;
                }
            }
        }
        self.relabels += relabels;
        Ok(())
    }

    /// Lowers p(v) just enough that its best residual arc becomes admissible (reduced cost −ε).
    fn relabel(&mut self, v: usize, eps: i64, mult: i64) -> Result<(), FlowError> {
        let mut best = i64::MIN;
        for i in self.adj_start[v]..self.adj_start[v + 1] {
            let a = self.adj[i as usize] as usize;
            if self.cap[a] > 0 {
                best = best.max(self.pot[self.head[a] as usize] - self.cost[a] * mult);
            }
        }
        if best == i64::MIN {
            return Err(FlowError::Unbalanced);
        }
        self.pot[v] = best - eps;
        Ok(())
    }

    /// Routes every unit of excess to a deficit along shortest paths (successive shortest paths).
    fn settle(&mut self) -> Result<(), FlowError> {
        if self.route_all() {
            Ok(())
        } else {
            Err(FlowError::Unbalanced)
        }
    }

    /// `settle`, saying `false` when some excess can reach no deficit (no feasible flow on this
    /// graph); what was routed until then stays routed and optimal.
    fn route_all(&mut self) -> bool {
        let nodes = self.excess.len();
        for v in 0..nodes {
            while self.excess[v] > 0 {
                let Some(target) = self.shortest_path(v as u32) else {
                    return false;
                };
                self.augment(v as u32, target);
            }
        }
        true
    }

    /// Dijkstra on reduced costs from `source` until the first node with a deficit is settled;
    /// then updates the potentials of the settled nodes so every residual arc, including the new
    /// reverse arcs on the path, keeps a non-negative reduced cost.
    fn shortest_path(&mut self, source: u32) -> Option<u32> {
        self.dijkstras += 1;
        self.run = self.run.wrapping_add(1);
        if self.run == 0 {
            self.seen.iter_mut().for_each(|x| *x = 0);
            self.done.iter_mut().for_each(|x| *x = 0);
            self.run = 1;
        }
        let run = self.run;
        self.settled.clear();
        self.heap.clear();
        self.dist[source as usize] = 0;
        self.seen[source as usize] = run;
        self.parent[source as usize] = NONE;
        self.heap.push(Reverse((0, source)));
        let mut target = None;
        while let Some(Reverse((d, v))) = self.heap.pop() {
            let vu = v as usize;
            if self.done[vu] == run || d > self.dist[vu] {
                continue;
            }
            self.done[vu] = run;
            self.settled.push(v);
            self.pops += 1;
            if self.excess[vu] < 0 {
                target = Some(v);
                break;
            }
            let pv = self.pot[vu];
            for i in self.adj_start[vu]..self.adj_start[vu + 1] {
                let a = self.adj[i as usize] as usize;
                if self.cap[a] == 0 {
                    continue;
                }
                let w = self.head[a] as usize;
                if self.done[w] == run {
                    continue;
                }
                let rc = self.cost[a] + pv - self.pot[w];
                debug_assert!(rc >= 0, "negative reduced cost {rc} on arc {a}");
                let nd = d + rc;
                if self.seen[w] != run || nd < self.dist[w] {
                    self.seen[w] = run;
                    self.dist[w] = nd;
                    self.parent[w] = a as u32;
                    self.heap.push(Reverse((nd, w as u32)));
                }
            }
        }
        let t = target?;
        let reach = self.dist[t as usize];
        for &v in &self.settled {
            let shift = self.dist[v as usize] - reach;
            if shift != 0 {
                self.pot[v as usize] += shift;
                if !self.dirty[v as usize] {
                    self.dirty[v as usize] = true;
                    self.dirty_list.push(v);
                }
            }
        }
        Some(t)
    }

    fn augment(&mut self, source: u32, target: u32) {
        let mut amount = self.excess[source as usize].min(-self.excess[target as usize]);
        let mut v = target;
        while v != source {
            let a = self.parent[v as usize] as usize;
            amount = amount.min(i64::from(self.cap[a]));
            v = self.head[a ^ 1];
        }
        let amount_u = amount as u32;
        let mut v = target;
        while v != source {
            let a = self.parent[v as usize] as usize;
            self.cap[a] -= amount_u;
            self.cap[a ^ 1] += amount_u;
            v = self.head[a ^ 1];
        }
        self.excess[source as usize] -= amount;
        self.excess[target as usize] += amount;
    }
}
