//! Meeting selection and scheduling on roadshow-sized instances (see BENCHMARKS.md).
//!
//! `cargo bench -p roadshow-core --bench matching`
//! (`-- repair` for gap repair alone: definitions §7.2, the event of `support/after_pitches.rs`)

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use roadshow_core::matching::flow::BestMatching;
use roadshow_core::matching::repair::{repair, repair_from_slot, repair_snapshot};
use roadshow_core::matching::stable::{fill_greedily, stable_matching};
use roadshow_core::matching::synthetic::{roadshow_instance, SplitMix};
use roadshow_core::matching::MatchBoard;
use roadshow_core::model::MatchMode;
use roadshow_core::ranking::Scoreboard;
use roadshow_core::schedule::{schedule, ScheduleInstance};
use std::collections::HashSet;

#[path = "support/after_pitches.rs"]
mod after_pitches;
use after_pitches::{big_snapshot, repair_snapshot_input, REPAIR_FROM_SLOT};

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

#[path = "support/frontier.rs"]
mod frontier;

fn bench(c: &mut Criterion) {
    let instance = roadshow_instance(200, 1000, 150, 42);
    let mut group = c.benchmark_group("matching 200x1000");
    group.sample_size(20);
    let flags = frontier::policy_flags(&instance);
    let betas = frontier::beta_grid();
    group.bench_function("policy frontier, 21 exact solves", |b| {
        b.iter(|| frontier::frontier(black_box(&instance), &flags, &betas))
    });
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

    // Gap repair (definitions §7.2): the plan published, 10 % of the meetings from slot 3 on
    // declined, no-show or cancelled, the rest confirmed, the slots before held.
    let (after, counts) = repair_snapshot_input(REPAIR_FROM_SLOT);
    let repaired = repair_snapshot(&after, REPAIR_FROM_SLOT).expect("repair");
    eprintln!(
        "repair input: {} meetings, {} from slot {REPAIR_FROM_SLOT} on, {} freed; repair keeps {}, adds {} (total_added {}), {} unplaced",
        counts.meetings,
        counts.from_slot_on,
        counts.freed,
        repaired.kept.len(),
        repaired.added.len(),
        repaired.total_added,
        repaired.unplaced.len()
    );
    let mut group = c.benchmark_group("repair 200x1000, 10% of meetings freed");
    group.sample_size(10);
    group.bench_function(
        "repair_snapshot (validate, rank, all M, residual best, placement)",
        |b| b.iter(|| repair_snapshot(black_box(&after), REPAIR_FROM_SLOT).unwrap()),
    );
    let after_board = MatchBoard::from_snapshot(&after).unwrap();
    group.bench_function(
        "as the match worker: repair_from_slot on its per-version board, pretty JSON",
        |b| {
            b.iter(|| {
                let repaired =
                    repair_from_slot(&after_board, black_box(&after), REPAIR_FROM_SLOT).unwrap();
                serde_json::to_string_pretty(&repaired).unwrap()
            })
        },
    );
    let after_scoreboard = Scoreboard::from_snapshot(&after).unwrap();
    group.bench_function(
        "the worker's board per data version (every M, stored settings)",
        |b| b.iter(|| MatchBoard::new(black_box(&after), &after_scoreboard).unwrap()),
    );
    group.bench_function(
        "repair from a built board (residual best, placement)",
        |b| b.iter(|| repair(&after_board, black_box(&after), REPAIR_FROM_SLOT as u32).unwrap()),
    );
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
