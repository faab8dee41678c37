//! Property tests for ranking (issue 3): ranks depend on totals only, a judge's constant offset is
//! normalized away, input order does not matter, abstaining removes exactly that judge, the live
//! update equals a fresh build, and no input makes `check` or `rank` panic.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{close, from_value};
use proptest::prelude::*;
use roadshow_core::cli::{check_command, rank_command, rank_rows};
use roadshow_core::demo::SplitMix64;
use roadshow_core::model::Snapshot;
use roadshow_core::ranking::{
    rank_order, IndexedScore, Leaderboard, Ranking, Scoreboard, ScoreboardSetup, TotalMode,
};
use serde_json::{json, Value};

/// A random event: `values[(j·S + s)·C + c]` is investor j's score of startup s on criterion c.
#[derive(Debug, Clone)]
struct Case {
    weights: Vec<f64>,
    investors: usize,
    startups: usize,
    scale: (i64, i64),
    values: Vec<Option<i64>>,
}

impl Case {
    fn criteria(&self) -> usize {
        self.weights.len()
    }

    fn index(&self, j: usize, s: usize, c: usize) -> usize {
        (j * self.startups + s) * self.criteria() + c
    }

    fn scores(&self) -> Vec<(usize, usize, usize, i64)> {
        let mut out = Vec::new();
        for j in 0..self.investors {
            for s in 0..self.startups {
                for c in 0..self.criteria() {
                    if let Some(v) = self.values[self.index(j, s, c)] {
                        out.push((j, s, c, v));
                    }
                }
            }
        }
        out
    }

    fn json(&self) -> Value {
        json!({
            "format": "roadshow-event/1",
            "event": {
                "id": "e", "name": "Property", "min_judges": 3,
                "scale": {"min": self.scale.0, "max": self.scale.1},
                "criteria": self.weights.iter().enumerate().map(|(c, w)| json!({"key": format!("c{c}"), "weight": w})).collect::<Vec<_>>(),
            },
            "startups": (0..self.startups).map(|s| json!({"id": format!("s{s}"), "name": "S"})).collect::<Vec<_>>(),
            "investors": (0..self.investors).map(|j| json!({"id": format!("i{j}"), "firm": "F"})).collect::<Vec<_>>(),
            "scores": self.scores().into_iter().map(|(j, s, c, v)| json!({"investor": format!("i{j}"), "startup": format!("s{s}"), "criterion": format!("c{c}"), "value": v})).collect::<Vec<_>>(),
        })
    }

    fn snapshot(&self) -> Snapshot {
        from_value(self.json())
    }

    fn setup(&self) -> ScoreboardSetup {
        ScoreboardSetup {
            scale_min: self.scale.0,
            scale_max: self.scale.1,
            weights: self.weights.clone(),
            min_judges: 3,
            investors: self.investors,
            startups: self.startups,
            listing_order: None,
        }
    }

    fn board(&self) -> Scoreboard {
        let scores: Vec<IndexedScore> = self
            .scores()
            .into_iter()
            .map(|(investor, startup, criterion, value)| IndexedScore {
                investor,
                startup,
                criterion,
                value,
            })
            .collect();
        Scoreboard::from_scores(self.setup(), &scores).unwrap()
    }
}

/// Events of up to 6 investors × 7 startups × 3 criteria; `fill` is the chance a score exists.
fn cases(fill: f64) -> impl Strategy<Value = Case> {
    (1usize..=6, 1usize..=7, 1usize..=3).prop_flat_map(move |(investors, startups, criteria)| {
        let cells = investors * startups * criteria;
        (
            prop::collection::vec(prop::sample::select(vec![0.5, 1.0, 2.0, 3.0]), criteria),
            prop::collection::vec(prop::option::weighted(fill, 1i64..=10), cells),
        )
            .prop_map(move |(weights, values)| Case {
                weights,
                investors,
                startups,
                scale: (1, 10),
                values,
            })
    })
}

fn ranking(snapshot: &Snapshot, mode: TotalMode) -> Ranking {
    Scoreboard::from_snapshot(snapshot).unwrap().ranking(mode)
}

/// Every number of two rankings of the same event agrees within 1e-9, matched by startup id.
fn assert_same_by_id(a: &Snapshot, ra: &Ranking, b: &Snapshot, rb: &Ranking) {
    let rows_a = rank_rows(a, ra);
    let mut rows_b = rank_rows(b, rb);
    rows_b.sort_by(|x, y| x.startup.cmp(&y.startup));
    for row in rows_a {
        let other = &rows_b[rows_b
            .binary_search_by(|r| r.startup.cmp(&row.startup))
            .unwrap()];
        assert_eq!(row.rank, other.rank, "{}", row.startup);
        assert_eq!(
            (row.judges, row.needs, row.disagreement),
            (other.judges, other.needs, other.disagreement)
        );
        for (x, y) in [
            (row.total, other.total),
            (row.raw_total, other.raw_total),
            (row.normalized_total, other.normalized_total),
            (row.se, other.se),
            (row.ci_low, other.ci_low),
            (row.ci_high, other.ci_high),
        ] {
            assert!(close(x, y), "{}: {x:?} vs {y:?}", row.startup);
        }
        let mut criteria_a = row.criteria.clone();
        let mut criteria_b = other.criteria.clone();
        criteria_a.sort_by(|x, y| x.0.cmp(&y.0));
        criteria_b.sort_by(|x, y| x.0.cmp(&y.0));
        for ((ka, va), (kb, vb)) in criteria_a.iter().zip(&criteria_b) {
            assert_eq!(ka, kb);
            assert!(close(*va, *vb), "{} {ka}", row.startup);
        }
    }
}

fn shuffle<T>(items: &mut [T], rng: &mut SplitMix64) {
    for i in (1..items.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn ranks_are_a_function_of_totals_only(case in cases(0.7)) {
        let snapshot = case.snapshot();
        for mode in [TotalMode::Normalized, TotalMode::Raw] {
            let ranking = ranking(&snapshot, mode);
            let mut totals = vec![None; case.startups];
            let mut ranks = vec![None; case.startups];
            for result in &ranking.startups {
                totals[result.startup] = result.total;
                ranks[result.startup] = result.rank;
            }
            // Any listing order gives the same ranks from the totals alone.
            let reversed: Vec<u32> = (0..case.startups as u32).rev().collect();
            let (_, again) = rank_order(&totals, &reversed);
            prop_assert_eq!(&again, &ranks);
            for a in 0..case.startups {
                for b in 0..case.startups {
                    if totals[a] == totals[b] {
                        prop_assert_eq!(ranks[a], ranks[b]);
                    }
                    if let (Some(x), Some(y)) = (totals[a], totals[b]) {
                        if x > y + 1e-6 {
                            prop_assert!(ranks[a] < ranks[b]);
                        }
                    }
                }
            }
        }
    }

    /// Definitions §4.2 pools μ[c], σ[c] over *raw* scores, so a constant added to one judge moves
    /// them and N[s] itself shifts with them. What the normalization guarantees — and what is
    /// tested — is that when every judge is rescaled (≥ 3 scores per criterion, σ > 0), each
    /// startup's standardized criterion mean (x̄'[s,c] − μ[c]) / σ[c] is unchanged, hence with one
    /// criterion the normalized ranking is unchanged.
    #[test]
    fn a_judges_constant_offset_is_normalized_away(
        case in (2usize..=4, 3usize..=6, 1usize..=3).prop_flat_map(|(investors, startups, criteria)| {
            (prop::collection::vec(prop::sample::select(vec![1.0, 2.0]), criteria),
             prop::collection::vec(20i64..=80, investors * startups * criteria))
                .prop_map(move |(weights, values)| Case {
                    weights, investors, startups, scale: (0, 100),
                    values: values.into_iter().map(Some).collect(),
                })
        }),
        offset in -20i64..=20,
    ) {
        // Every judge needs σ[j,c] > 0 to be rescaled.
        for j in 0..case.investors {
            for c in 0..case.criteria() {
                let first = case.values[case.index(j, 0, c)];
                prop_assume!((0..case.startups).any(|s| case.values[case.index(j, s, c)] != first));
            }
        }
        let mut shifted = case.clone();
        for s in 0..case.startups {
            for c in 0..case.criteria() {
                let i = case.index(0, s, c);
                shifted.values[i] = case.values[i].map(|v| v + offset);
            }
        }
        let before = ranking(&case.snapshot(), TotalMode::Normalized);
        let after = ranking(&shifted.snapshot(), TotalMode::Normalized);
        let standardized = |r: &Ranking, s: usize, c: usize| {
            let result = r.startups.iter().find(|x| x.startup == s).unwrap();
            let summary = r.criteria[c];
            (result.criteria[c].normalized_mean.unwrap() - summary.mean.unwrap()) / summary.sd.unwrap()
        };
        for s in 0..case.startups {
            for c in 0..case.criteria() {
                prop_assert!((standardized(&before, s, c) - standardized(&after, s, c)).abs() < 1e-9);
            }
        }
        if case.criteria() == 1 {
            let ranks = |r: &Ranking| { let mut v: Vec<_> = r.startups.iter().map(|x| (x.startup, x.rank)).collect(); v.sort(); v };
            prop_assert_eq!(ranks(&before), ranks(&after));
        }
    }

    #[test]
    fn permuting_input_order_changes_nothing(case in cases(0.7), seed in any::<u64>()) {
        let original = case.snapshot();
        let mut permuted = original.clone();
        let mut rng = SplitMix64::new(seed);
        shuffle(&mut permuted.startups, &mut rng);
        shuffle(&mut permuted.investors, &mut rng);
        shuffle(&mut permuted.scores, &mut rng);
        shuffle(&mut permuted.event.criteria, &mut rng);
        for mode in [TotalMode::Normalized, TotalMode::Raw] {
            let a = ranking(&original, mode);
            let b = ranking(&permuted, mode);
            assert_same_by_id(&original, &a, &permuted, &b);
            // The listing itself (ids in order) is the same too: ties are listed by id.
            let ids = |s: &Snapshot, r: &Ranking| r.startups.iter().map(|x| s.startups[x.startup].id.clone()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&original, &a), ids(&permuted, &b));
        }
    }

    #[test]
    fn abstaining_removes_exactly_that_judge(case in cases(0.8), pick in any::<prop::sample::Index>()) {
        let scored: Vec<(usize, usize)> = {
            let mut pairs: Vec<(usize, usize)> = case.scores().iter().map(|&(j, s, _, _)| (j, s)).collect();
            pairs.dedup();
            pairs
        };
        prop_assume!(!scored.is_empty());
        let (j, s) = scored[pick.index(scored.len())];
        let (investor, startup) = (format!("i{j}"), format!("s{s}"));
        let full = case.json();
        let mut removed = full.clone();
        let mut abstained = full.clone();
        let is_pair = |v: &Value| v["investor"] == investor.as_str() && v["startup"] == startup.as_str();
        removed["scores"].as_array_mut().unwrap().retain(|v| !is_pair(v));
        let entries = abstained["scores"].as_array_mut().unwrap();
        let first = entries.iter().position(is_pair).unwrap();
        entries.retain(|v| !is_pair(v));
        entries.insert(first, json!({"investor": investor, "startup": startup, "abstain": true}));
        for mode in [TotalMode::Normalized, TotalMode::Raw] {
            let with_abstention = rank_command(abstained.to_string().as_bytes(), mode);
            let without = rank_command(removed.to_string().as_bytes(), mode);
            prop_assert_eq!(with_abstention.exit_code, 0, "{}", with_abstention.stderr);
            prop_assert_eq!(&with_abstention.stdout, &without.stdout);
            let judges = |out: &str| -> u64 {
                let rows: Value = serde_json::from_str(out).unwrap();
                rows.as_array().unwrap().iter().find(|r| r["startup"] == startup.as_str()).unwrap()["judges"].as_u64().unwrap()
            };
            let before = rank_command(full.to_string().as_bytes(), mode);
            prop_assert_eq!(judges(&before.stdout), judges(&with_abstention.stdout) + 1);
        }
    }

    #[test]
    fn live_updates_equal_a_fresh_build(
        case in cases(0.6),
        changes in prop::collection::vec((any::<prop::sample::Index>(), prop::option::weighted(0.8, 1i64..=10)), 1..40),
    ) {
        let mut live = case.board();
        let mut last = case.clone();
        let mut leaderboards = [Leaderboard::new(TotalMode::Normalized), Leaderboard::new(TotalMode::Raw)];
        for (cell, value) in changes {
            let i = cell.index(last.values.len());
            let c = i % last.criteria();
            let s = (i / last.criteria()) % last.startups;
            let j = i / (last.criteria() * last.startups);
            live.set_score(j, s, c, value).unwrap();
            last.values[i] = value;
            for leaderboard in &mut leaderboards {
                let standings = leaderboard.refresh(&live).to_vec();
                prop_assert_eq!(standings, live.standings(leaderboard.mode()));
            }
        }
        let mut fresh = last.board();
        for j in 0..last.investors {
            for s in 0..last.startups {
                let (a, b) = (live.judge_total(j, s), fresh.judge_total(j, s));
                prop_assert_eq!(a.is_some(), b.is_some());
                if let (Some(a), Some(b)) = (a, b) {
                    prop_assert!(close(Some(a.raw), Some(b.raw)) && close(Some(a.normalized), Some(b.normalized)));
                }
                for c in 0..last.criteria() {
                    prop_assert_eq!(live.score(j, s, c), fresh.score(j, s, c));
                }
            }
        }
        for mode in [TotalMode::Normalized, TotalMode::Raw] {
            let standings_live = live.standings(mode);
            let standings_fresh = fresh.standings(mode);
            for (a, b) in standings_live.iter().zip(&standings_fresh) {
                prop_assert_eq!((a.startup, a.rank), (b.startup, b.rank));
                prop_assert!(close(a.total, b.total));
            }
            let (a, b) = (live.ranking(mode), fresh.ranking(mode));
            let snapshot = last.snapshot();
            assert_same_by_id(&snapshot, &a, &snapshot, &b);
        }
    }
}

/// Arbitrary JSON, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![-1i64, 0, 1, 3, 10, 11, i64::MAX, i64::MIN])
            .prop_map(|n| json!(n)),
        "[a-z0-9-]{0,8}".prop_map(Value::String),
        prop::sample::select(vec![
            "roadshow-event/1",
            "s01",
            "i01",
            "innovation",
            "seed",
            "best"
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer in a value, so a mutation can hit any depth.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                pointers(item, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}

fn demo_with_scores() -> Value {
    static DEMO: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    DEMO.get_or_init(build_demo_with_scores).clone()
}

fn build_demo_with_scores() -> Value {
    let snapshot =
        roadshow_core::snapshot::parse_snapshot(include_str!("../data/demo-roadshow.json"))
            .unwrap();
    let filled = roadshow_core::demo::with_demo_scores(&snapshot, Default::default());
    serde_json::to_value(&filled).unwrap()
}

fn never_panics(bytes: &[u8]) {
    for output in [
        rank_command(bytes, TotalMode::Normalized),
        rank_command(bytes, TotalMode::Raw),
        check_command(bytes, false),
        check_command(bytes, true),
    ] {
        assert!(output.exit_code == 0 || output.exit_code == 1);
        if output.exit_code == 1 {
            assert!(
                !output.stderr.is_empty() || !output.stdout.is_empty(),
                "a failure names its problems"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        never_panics(&bytes);
    }

    #[test]
    fn random_json_never_panics(value in any_json()) {
        never_panics(value.to_string().as_bytes());
        let wrapped = json!({"format": "roadshow-event/1", "event": value});
        never_panics(wrapped.to_string().as_bytes());
    }

    #[test]
    fn mutated_snapshots_never_panic(pick in any::<prop::sample::Index>(), replacement in any_json(), delete in any::<bool>()) {
        let mut snapshot = demo_with_scores();
        let mut all = Vec::new();
        pointers(&snapshot, String::new(), &mut all);
        let pointer = &all[pick.index(all.len())];
        if delete && !pointer.is_empty() {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            match snapshot.pointer_mut(parent) {
                Some(Value::Object(map)) => { map.remove(key); }
                Some(Value::Array(items)) => { let i: usize = key.parse().unwrap(); items.remove(i); }
                _ => {}
            }
        } else if let Some(target) = snapshot.pointer_mut(pointer) {
            *target = replacement;
        }
        never_panics(snapshot.to_string().as_bytes());
    }
}

#[test]
fn hostile_numbers_are_reported_not_panicked_on() {
    let mut value = demo_with_scores();
    value["event"]["scale"] = json!({"min": i64::MIN, "max": i64::MAX});
    never_panics(value.to_string().as_bytes());
    value["event"]["scale"] = json!({"min": 1, "max": 10});
    value["event"]["min_judges"] = json!(i64::MAX);
    value["event"]["criteria"][0]["weight"] = json!(1e308);
    value["event"]["criteria"][1]["weight"] = json!(1e308);
    never_panics(value.to_string().as_bytes());
    value["event"]["meetings"]["slots"] = json!(i64::MIN);
    value["investors"][0]["unavailable_slots"] = json!([i64::MAX]);
    never_panics(value.to_string().as_bytes());
}
