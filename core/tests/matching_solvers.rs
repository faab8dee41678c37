//! The selection solvers against independent references: brute force on small instances, a
//! textbook Bellman–Ford min-cost flow and the `pathfinding` crate's Kuhn–Munkres on mid-size ones.

use roadshow_core::matching::flow::BestMatching;
use roadshow_core::matching::instance::{Candidate, InstanceError, MatchingInstance};
use roadshow_core::matching::stable::{
    blocking_pairs, check_selection, fill_greedily, stable_matching,
};
use roadshow_core::matching::synthetic::{roadshow_instance, SplitMix};

/// Random instance; `grid` > 0 draws scores from a few values (ties), else continuous.
fn random_instance(
    rng: &mut SplitMix,
    max_side: u32,
    density: f64,
    max_cap: u32,
    grid: u32,
) -> MatchingInstance {
    let investors = rng.range(1, max_side);
    let startups = rng.range(1, max_side);
    let mut candidates = Vec::new();
    for j in 0..investors {
        for s in 0..startups {
            if rng.unit() < density {
                let score = if grid > 0 {
                    f64::from(rng.range(0, grid)) / f64::from(grid)
                } else if rng.unit() < 0.05 {
                    -rng.unit()
                } else {
                    rng.unit()
                };
                candidates.push(Candidate {
                    investor: j,
                    startup: s,
                    score,
                });
            }
        }
    }
    // Shuffle so solvers cannot rely on candidate order.
    for i in (1..candidates.len()).rev() {
        let k = rng.range(0, i as u32) as usize;
        candidates.swap(i, k);
    }
    MatchingInstance {
        investor_capacity: (0..investors).map(|_| rng.range(0, max_cap)).collect(),
        startup_capacity: (0..startups).map(|_| rng.range(0, max_cap)).collect(),
        total_cap: rng.range(0, investors * max_cap + 1),
        candidates,
    }
}

fn total(instance: &MatchingInstance, selected: &[usize]) -> f64 {
    selected.iter().map(|&p| instance.candidates[p].score).sum()
}

/// Exhaustive search over feasible selections with a simple (valid) bound.
fn brute_force(instance: &MatchingInstance) -> f64 {
    #[allow(clippy::too_many_arguments)]
    fn go(
        inst: &MatchingInstance,
        at: usize,
        inv: &mut [u32],
        st: &mut [u32],
        left: u32,
        sum: f64,
        rest: &[f64],
        best: &mut f64,
    ) {
        if sum > *best {
            *best = sum;
        }
        if at == inst.candidates.len() || left == 0 || sum + rest[at] <= *best {
            return;
        }
        let c = inst.candidates[at];
        let (j, s) = (c.investor as usize, c.startup as usize);
        if c.score > 0.0 && inv[j] > 0 && st[s] > 0 {
            inv[j] -= 1;
            st[s] -= 1;
            go(inst, at + 1, inv, st, left - 1, sum + c.score, rest, best);
            inv[j] += 1;
            st[s] += 1;
        }
        go(inst, at + 1, inv, st, left, sum, rest, best);
    }
    let n = instance.candidates.len();
    let mut rest = vec![0.0; n + 1];
    for p in (0..n).rev() {
        rest[p] = rest[p + 1] + instance.candidates[p].score.max(0.0);
    }
    let mut best = 0.0;
    go(
        instance,
        0,
        &mut instance.investor_capacity.clone(),
        &mut instance.startup_capacity.clone(),
        instance.total_cap,
        0.0,
        &rest,
        &mut best,
    );
    best
}

/// Textbook successive shortest paths with Bellman–Ford from a super-source, integer costs.
fn textbook_optimum(instance: &MatchingInstance, scale: f64) -> i64 {
    let (ni, ns) = (instance.investor_count(), instance.startup_count());
    let (src, sink, cap_node) = (ni + ns, ni + ns + 1, ni + ns + 2);
    let n = ni + ns + 3;
    let mut to = Vec::new();
    let mut cap = Vec::new();
    let mut cost = Vec::new();
    let mut from = Vec::new();
    let mut add = |a: usize, b: usize, c: i64, w: i64| {
        from.push(a);
        to.push(b);
        cap.push(c);
        cost.push(w);
        from.push(b);
        to.push(a);
        cap.push(0);
        cost.push(-w);
    };
    add(src, cap_node, i64::from(instance.total_cap), 0);
    for j in 0..ni {
        add(cap_node, j, i64::from(instance.investor_capacity[j]), 0);
    }
    for s in 0..ns {
        add(ni + s, sink, i64::from(instance.startup_capacity[s]), 0);
    }
    for c in &instance.candidates {
        let w = (c.score * scale).round() as i64;
        if w > 0 {
            add(c.investor as usize, ni + c.startup as usize, 1, -w);
        }
    }
    let mut result = 0;
    loop {
        let mut dist = vec![i64::MAX; n];
        let mut parent = vec![usize::MAX; n];
        dist[src] = 0;
        for _ in 0..n {
            let mut changed = false;
            for a in 0..to.len() {
                if cap[a] > 0 && dist[from[a]] != i64::MAX && dist[from[a]] + cost[a] < dist[to[a]]
                {
                    dist[to[a]] = dist[from[a]] + cost[a];
                    parent[to[a]] = a;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        if dist[sink] == i64::MAX || dist[sink] >= 0 {
            return result;
        }
        let mut v = sink;
        while v != src {
            let a = parent[v];
            cap[a] -= 1;
            cap[a ^ 1] += 1;
            v = from[a];
        }
        result -= dist[sink];
    }
}

fn check_best(instance: &MatchingInstance) -> Vec<usize> {
    let solved = BestMatching::solve(instance).expect("valid instance");
    let mut selected = solved.selected();
    check_selection(instance, &selected).expect("best respects every capacity");
    let optimum = total(instance, &selected);
    fill_greedily(instance, &mut selected);
    check_selection(instance, &selected).expect("fill respects every capacity");
    assert!(
        (total(instance, &selected) - optimum).abs() < 1e-12,
        "fill must not change the total"
    );
    selected
}

#[test]
fn best_equals_brute_force_on_small_instances() {
    let mut rng = SplitMix(1);
    for round in 0..3000 {
        let grid = if round % 3 == 0 { 4 } else { 0 };
        let instance = random_instance(&mut rng, 6, 0.6, 3, grid);
        let selected = check_best(&instance);
        let expected = brute_force(&instance);
        let got = total(&instance, &selected);
        assert!(
            (got - expected).abs() < 1e-9,
            "round {round}: best {got}, brute force {expected}\n{instance:?}"
        );
    }
}

#[test]
fn best_equals_brute_force_on_8_by_8() {
    let mut rng = SplitMix(2);
    for round in 0..150 {
        let instance = random_instance(&mut rng, 8, 0.35, 2, if round % 2 == 0 { 3 } else { 0 });
        let selected = check_best(&instance);
        let expected = brute_force(&instance);
        let got = total(&instance, &selected);
        assert!(
            (got - expected).abs() < 1e-9,
            "round {round}: best {got}, brute force {expected}\n{instance:?}"
        );
    }
}

#[test]
fn stable_has_no_blocking_pairs_and_respects_capacities() {
    let mut rng = SplitMix(3);
    for round in 0..3000 {
        let instance = random_instance(&mut rng, 8, 0.6, 3, if round % 2 == 0 { 3 } else { 0 });
        let selected = stable_matching(&instance).unwrap();
        check_selection(&instance, &selected).unwrap();
        assert_eq!(
            blocking_pairs(&instance, &selected),
            0,
            "round {round}\n{instance:?}\n{selected:?}"
        );
        let best = check_best(&instance);
        assert!(total(&instance, &best) + 1e-9 >= total(&instance, &selected));
    }
}

#[test]
fn greedy_breaks_ties_by_investor_then_startup() {
    let c = |investor, startup, score| Candidate {
        investor,
        startup,
        score,
    };
    // One meeting allowed in total; all three pairs tie.
    let instance = MatchingInstance {
        investor_capacity: vec![1, 1],
        startup_capacity: vec![1, 1],
        total_cap: 1,
        candidates: vec![c(1, 0, 0.5), c(0, 1, 0.5), c(0, 0, 0.5)],
    };
    assert_eq!(stable_matching(&instance).unwrap(), vec![2]);
    let instance = MatchingInstance {
        total_cap: 2,
        ..instance
    };
    assert_eq!(stable_matching(&instance).unwrap(), vec![2]);
}

#[test]
fn blocking_pairs_follow_the_definition() {
    let c = |investor, startup, score| Candidate {
        investor,
        startup,
        score,
    };
    let instance = MatchingInstance {
        investor_capacity: vec![1, 1],
        startup_capacity: vec![1, 1],
        total_cap: 2,
        candidates: vec![c(0, 0, 0.9), c(0, 1, 0.8), c(1, 0, 0.7), c(1, 1, 0.1)],
    };
    // Best takes (0,1)+(1,0) = 1.5; (0,0) blocks: both hold lower pairs.
    let best = check_best(&instance);
    assert_eq!(total(&instance, &best), 1.5);
    assert_eq!(blocking_pairs(&instance, &best), 1);
    // Greedy takes (0,0)+(1,1).
    let stable = stable_matching(&instance).unwrap();
    assert_eq!(stable, vec![0, 3]);
    assert_eq!(blocking_pairs(&instance, &stable), 0);
    // Both sides spare but the cap is reached and nothing selected is lower: not blocking.
    let capped = MatchingInstance {
        total_cap: 1,
        ..instance.clone()
    };
    assert_eq!(blocking_pairs(&capped, &[0]), 0);
    // Both spare, cap reached, but a lower pair is selected: blocking.
    let two = MatchingInstance {
        investor_capacity: vec![1, 1, 1],
        startup_capacity: vec![1, 1, 1],
        total_cap: 1,
        candidates: vec![c(0, 0, 0.2), c(1, 1, 0.9)],
    };
    assert_eq!(blocking_pairs(&two, &[0]), 1);
    // Equal scores never block.
    let tie = MatchingInstance {
        investor_capacity: vec![1, 1],
        startup_capacity: vec![1, 1],
        total_cap: 2,
        candidates: vec![c(0, 0, 0.5), c(0, 1, 0.5), c(1, 0, 0.5)],
    };
    assert_eq!(blocking_pairs(&tie, &[0]), 0);
}

#[test]
fn best_matches_textbook_flow_on_mid_size_instances() {
    let mut rng = SplitMix(4);
    for round in 0..40 {
        let instance = random_instance(&mut rng, 30, 0.5, 4, if round % 2 == 0 { 5 } else { 0 });
        let solved = BestMatching::solve(&instance).unwrap();
        let selected = solved.selected();
        check_selection(&instance, &selected).unwrap();
        let scale = 1e9;
        let got: i64 = selected
            .iter()
            .map(|&p| (instance.candidates[p].score * scale).round() as i64)
            .sum();
        assert_eq!(got, textbook_optimum(&instance, scale), "round {round}");
    }
}

/// Startups with capacity 1 make the unit expansion exact (a pair can be used once at most), so
/// Kuhn–Munkres on investor units × (startups + one "no meeting" column per unit) is the optimum.
#[test]
fn best_matches_kuhn_munkres_when_startups_take_one_meeting() {
    use pathfinding::prelude::{kuhn_munkres, Matrix};
    let mut rng = SplitMix(5);
    for round in 0..25 {
        let mut instance =
            random_instance(&mut rng, 25, 0.6, 3, if round % 2 == 0 { 6 } else { 0 });
        instance.startup_capacity.iter_mut().for_each(|c| *c = 1);
        instance.total_cap = u32::MAX;
        let scale = 1e9;
        let (ni, ns) = (instance.investor_count(), instance.startup_count());
        let rows: Vec<usize> = (0..ni)
            .flat_map(|j| std::iter::repeat_n(j, instance.investor_capacity[j] as usize))
            .collect();
        let mut weight = vec![vec![0i64; ns]; ni];
        for c in &instance.candidates {
            weight[c.investor as usize][c.startup as usize] =
                ((c.score * scale).round() as i64).max(0);
        }
        let columns = ns + rows.len();
        let mut matrix = Matrix::new(rows.len(), columns, 0i64);
        for (r, &j) in rows.iter().enumerate() {
            for s in 0..ns {
                matrix[(r, s)] = weight[j][s];
            }
        }
        let expected = if rows.is_empty() {
            0
        } else {
            kuhn_munkres(&matrix).0
        };
        let selected = BestMatching::solve(&instance).unwrap().selected();
        let got: i64 = selected
            .iter()
            .map(|&p| (instance.candidates[p].score * scale).round() as i64)
            .sum();
        assert_eq!(got, expected, "round {round}");
    }
}

#[test]
fn warm_rescore_equals_cold_solve() {
    let mut rng = SplitMix(6);
    for round in 0..200 {
        let instance = random_instance(&mut rng, 12, 0.6, 3, if round % 3 == 0 { 4 } else { 0 });
        let mut warm = BestMatching::solve(&instance).unwrap();
        let mut changed = instance.clone();
        for _ in 0..rng.range(1, 4) {
            if changed.candidates.is_empty() {
                break;
            }
            let p = rng.range(0, changed.candidates.len() as u32 - 1) as usize;
            changed.candidates[p].score = rng.unit() * 1.2 - 0.1;
        }
        let scores: Vec<f64> = changed.candidates.iter().map(|c| c.score).collect();
        warm.rescore(&scores).unwrap();
        let warm_selected = warm.selected();
        check_selection(&changed, &warm_selected).unwrap();
        let cold = BestMatching::solve(&changed).unwrap().selected();
        let (a, b) = (total(&changed, &warm_selected), total(&changed, &cold));
        assert!((a - b).abs() < 1e-9, "round {round}: warm {a}, cold {b}");
        if changed.candidates.len() <= 30 {
            assert!(
                (a - brute_force(&changed)).abs() < 1e-9,
                "round {round}: against brute force"
            );
        }
    }
}

#[test]
fn warm_rescore_on_the_benchmark_instance_stays_optimal() {
    let instance = roadshow_instance(40, 150, 12, 7);
    let mut warm = BestMatching::solve(&instance).unwrap();
    let mut rng = SplitMix(8);
    let mut scores: Vec<f64> = instance.candidates.iter().map(|c| c.score).collect();
    for round in 0..20 {
        let p = rng.range(0, scores.len() as u32 - 1) as usize;
        scores[p] = rng.unit();
        if round % 2 == 0 {
            warm.rescore(&scores).unwrap();
        } else {
            warm.rescore_some(&[(p, scores[p])]).unwrap();
        }
        let mut changed = instance.clone();
        for (c, &s) in changed.candidates.iter_mut().zip(&scores) {
            c.score = s;
        }
        let cold = BestMatching::solve(&changed).unwrap().selected();
        let (a, b) = (total(&changed, &warm.selected()), total(&changed, &cold));
        assert!((a - b).abs() < 1e-9, "warm {a}, cold {b}");
        let rounded: i64 = warm
            .selected()
            .iter()
            .map(|&p| (scores[p] * 1e6).round() as i64)
            .sum();
        assert_eq!(
            rounded,
            textbook_optimum(&changed, 1e6),
            "against the textbook flow"
        );
    }
}

#[test]
fn pruning_certificate_adds_arcs_when_needed() {
    // Every investor prefers the same few startups, which fill up; the pruned graph is not enough
    // and the certificate must widen it.
    let investors = 20;
    let startups = 60;
    let mut candidates = Vec::new();
    for j in 0..investors {
        for s in 0..startups {
            candidates.push(Candidate {
                investor: j,
                startup: s,
                score: 1.0 - f64::from(s) / 100.0 + f64::from(j) / 1000.0,
            });
        }
    }
    let instance = MatchingInstance {
        investor_capacity: vec![2; investors as usize],
        startup_capacity: vec![1; startups as usize],
        total_cap: 1000,
        candidates,
    };
    let solved = BestMatching::solve(&instance).unwrap();
    assert!(solved.certificate_rounds > 0);
    let rounded: i64 = solved
        .selected()
        .iter()
        .map(|&p| (instance.candidates[p].score * 1e6).round() as i64)
        .sum();
    assert_eq!(rounded, textbook_optimum(&instance, 1e6));
}

#[test]
fn bad_instances_are_refused_with_named_errors() {
    let c = |investor, startup, score| Candidate {
        investor,
        startup,
        score,
    };
    let base = MatchingInstance {
        investor_capacity: vec![1],
        startup_capacity: vec![1],
        total_cap: 1,
        candidates: vec![c(0, 0, 0.5)],
    };
    let with = |candidates| MatchingInstance {
        candidates,
        ..base.clone()
    };
    assert_eq!(
        BestMatching::solve(&with(vec![c(1, 0, 0.5)])).unwrap_err(),
        InstanceError::UnknownInvestor {
            candidate: 0,
            investor: 1,
            investors: 1
        }
        .into()
    );
    assert_eq!(
        stable_matching(&with(vec![c(0, 3, 0.5)])).unwrap_err(),
        InstanceError::UnknownStartup {
            candidate: 0,
            startup: 3,
            startups: 1
        }
    );
    assert_eq!(
        stable_matching(&with(vec![c(0, 0, 0.5), c(0, 0, 0.2)])).unwrap_err(),
        InstanceError::DuplicatePair {
            candidate: 1,
            first: 0
        }
    );
    assert_eq!(
        BestMatching::solve(&with(vec![c(0, 0, f64::NAN)])).unwrap_err(),
        InstanceError::NonFiniteScore { candidate: 0 }.into()
    );
    let mut solved = BestMatching::solve(&base).unwrap();
    assert!(solved.rescore(&[0.1, 0.2]).is_err());
    assert!(solved.rescore(&[f64::INFINITY]).is_err());
}

#[test]
fn degenerate_instances() {
    let empty = MatchingInstance {
        investor_capacity: vec![],
        startup_capacity: vec![],
        total_cap: 5,
        candidates: vec![],
    };
    assert!(BestMatching::solve(&empty).unwrap().selected().is_empty());
    assert!(stable_matching(&empty).unwrap().is_empty());
    let c = |investor, startup, score| Candidate {
        investor,
        startup,
        score,
    };
    let zero = MatchingInstance {
        investor_capacity: vec![2, 0],
        startup_capacity: vec![1, 1],
        total_cap: 3,
        candidates: vec![c(0, 0, 0.0), c(0, 1, 0.0), c(1, 0, 0.9)],
    };
    // Zero-score pairs are filled in by best: no total lost, nobody left with room for both.
    let best = check_best(&zero);
    assert_eq!(best.len(), 2);
    assert_eq!(blocking_pairs(&zero, &best), 0);
    let no_cap = MatchingInstance {
        total_cap: 0,
        ..zero.clone()
    };
    assert!(check_best(&no_cap).is_empty());
    assert!(stable_matching(&no_cap).unwrap().is_empty());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn best_is_at_least_stable_and_both_are_valid(seed in any::<u64>()) {
            let mut rng = SplitMix(seed);
            let instance = random_instance(&mut rng, 7, 0.5, 3, (seed % 4) as u32);
            let best = check_best(&instance);
            let stable = stable_matching(&instance).unwrap();
            check_selection(&instance, &stable).unwrap();
            prop_assert!(total(&instance, &best) + 1e-9 >= total(&instance, &stable));
            prop_assert_eq!(blocking_pairs(&instance, &stable), 0);
            prop_assert!((total(&instance, &best) - brute_force(&instance)).abs() < 1e-9);
        }
    }
}
