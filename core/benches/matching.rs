//! Meeting selection and scheduling on roadshow-sized instances (see BENCHMARKS.md).
//!
//! `cargo bench -p roadshow-core --bench matching`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use roadshow_core::matching::flow::BestMatching;
use roadshow_core::matching::stable::{fill_greedily, stable_matching};
use roadshow_core::matching::synthetic::{roadshow_instance, SplitMix};
use roadshow_core::matching::MatchBoard;
use roadshow_core::model::{MatchMode, Snapshot};
use roadshow_core::ranking::Scoreboard;
use roadshow_core::schedule::{schedule, ScheduleInstance};
use serde_json::json;
use std::collections::HashSet;

/// A 200-investor × 1,000-startup event where every investor scored 40 pitches on 3 criteria.
fn big_snapshot() -> Snapshot {
    let mut rng = SplitMix(7);
    let fields = [
        "hydrogen",
        "bio",
        "autonomous-driving",
        "telemedicine",
        "electric-energy",
        "co2",
    ];
    let stages = [
        "pre-seed",
        "seed",
        "pre-a",
        "series-a",
        "series-b",
        "series-c-plus",
    ];
    let startups: Vec<_> = (0..1000)
        .map(|s| {
            json!({"id": format!("s{s:04}"), "name": format!("Startup {s}"),
                   "field": fields[s % 6], "stage": stages[(s / 6) % 6], "region": format!("r{}", s % 9),
                   "ask_krw": 100_000_000i64 * (1 + (s as i64 % 40)), "capacity": 1 + s % 3})
        })
        .collect();
    let investors: Vec<_> = (0..200)
        .map(|j| {
            json!({"id": format!("i{j:03}"), "firm": format!("Firm {j}"),
                   "fields": [fields[j % 6], fields[(j + 2) % 6]], "stages": [stages[j % 6]], "regions": [],
                   "ticket_krw": {"min": 500_000_000i64, "max": 3_000_000_000i64}, "capacity": 3 + j % 4})
        })
        .collect();
    let mut scores = Vec::new();
    for j in 0..200 {
        for _ in 0..40 {
            let s = rng.range(0, 999);
            for c in ["innovation", "viability", "market"] {
                scores.push(json!({"investor": format!("i{j:03}"), "startup": format!("s{s:04}"), "criterion": c, "value": rng.range(1, 10)}));
            }
        }
    }
    // Later duplicates of (investor, startup, criterion) would be refused by validation: keep the first.
    let mut seen = HashSet::new();
    scores.retain(|v| {
        seen.insert((
            v["investor"].to_string(),
            v["startup"].to_string(),
            v["criterion"].to_string(),
        ))
    });
    let value = json!({"format": "roadshow-event/1",
        "event": {"id": "bench", "name": "bench", "scale": {"min": 1, "max": 10},
                  "criteria": [{"key": "innovation", "weight": 1.0}, {"key": "viability", "weight": 1.0}, {"key": "market", "weight": 1.0}],
                  "meetings": {"slots": 8, "tables": 150}},
        "startups": startups, "investors": investors, "scores": scores, "interest": []});
    serde_json::from_value(value).expect("bench snapshot")
}

/// 2,000 meetings: 250 investors with 8 each over 1,000 startups (at most 4 each), 12 slots ×
/// 200 tables; with `busy`, every investor is unavailable in 2 random slots (hence 10 left).
fn schedule_instance(busy: bool) -> ScheduleInstance {
    let mut rng = SplitMix(99);
    let (investors, startups, slots) = (250u32, 1000u32, 12u32);
    let mut load = vec![0u32; startups as usize];
    let mut pairs = HashSet::new();
    let mut meetings = Vec::new();
    for j in 0..investors {
        let mut mine = 0;
        while mine < 8 {
            let s = rng.range(0, startups - 1);
            if load[s as usize] < 4 && pairs.insert((j, s)) {
                load[s as usize] += 1;
                meetings.push((j, s));
                mine += 1;
            }
        }
    }
    let investor_unavailable = (0..investors)
        .map(|_| {
            if busy {
                let a = rng.range(0, slots - 1);
                let b = (a + rng.range(1, slots - 1)) % slots;
                vec![a, b]
            } else {
                Vec::new()
            }
        })
        .collect();
    ScheduleInstance {
        slots,
        tables: 200,
        investors,
        startups,
        meetings,
        investor_unavailable,
        startup_unavailable: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let instance = roadshow_instance(200, 1000, 150, 42);
    let mut group = c.benchmark_group("matching 200x1000");
    group.sample_size(20);
    group.bench_function("best (cold, incl. graph build)", |b| {
        b.iter(|| {
            let solved = BestMatching::solve(black_box(&instance)).unwrap();
            let mut selected = solved.selected();
            fill_greedily(&instance, &mut selected);
            selected
        })
    });
    group.bench_function("stable", |b| {
        b.iter(|| stable_matching(black_box(&instance)).unwrap())
    });
    let mut warm = BestMatching::solve(&instance).unwrap();
    let mut scores: Vec<f64> = instance.candidates.iter().map(|c| c.score).collect();
    let mut i = 0usize;
    let initially = warm.selected();
    group.bench_function(
        "best warm re-solve after one selected pair's score drops",
        |b| {
            b.iter(|| {
                // The investor withdraws "want to meet" on a pair it was matched with (M − 0.2), or
                // restores it: the optimum has to move.
                let p = initially[(i * 7919) % initially.len()];
                i += 1;
                scores[p] = if i.is_multiple_of(2) {
                    scores[p] + 0.2
                } else {
                    (scores[p] - 0.2).max(0.0)
                };
                warm.rescore_some(&[(p, scores[p])]).unwrap();
            })
        },
    );
    group.bench_function("best warm re-solve, whole score vector passed", |b| {
        b.iter(|| {
            let p = (i * 7919) % scores.len();
            i += 1;
            scores[p] += if i.is_multiple_of(2) { 0.2 } else { -0.2 };
            warm.rescore(&scores).unwrap();
        })
    });
    group.finish();

    let snapshot = big_snapshot();
    let mut scoreboard = Scoreboard::from_snapshot(&snapshot).expect("valid bench snapshot");
    let mut board = MatchBoard::new(&snapshot, &scoreboard).unwrap();
    board.select(MatchMode::Best).unwrap();
    let mut group = c.benchmark_group("live match board 200x1000");
    group.sample_size(10);
    let mut k = 0u32;
    group.bench_function(
        "one raw score changes: re-rank, recompute every M, warm best",
        |b| {
            b.iter(|| {
                k += 1;
                scoreboard
                    .set_score(0, 0, 0, Some(i64::from(1 + k % 10)))
                    .unwrap();
                board.rescore(&snapshot, &scoreboard).unwrap();
                board.select(MatchMode::Best).unwrap()
            })
        },
    );
    group.bench_function("cold: build the board and solve best", |b| {
        b.iter(|| {
            MatchBoard::new(&snapshot, &scoreboard)
                .unwrap()
                .select(MatchMode::Best)
                .unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("schedule 2000 meetings");
    let free = schedule_instance(false);
    group.bench_function("no unavailability (exact bound)", |b| {
        b.iter(|| schedule(black_box(&free)).unwrap())
    });
    let busy = schedule_instance(true);
    group.bench_function("2 unavailable slots per investor", |b| {
        b.iter(|| schedule(black_box(&busy)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
