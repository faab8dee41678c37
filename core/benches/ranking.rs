//! Ranking benchmarks (issue 3 targets): full ranking of 20 investors × 1,000 startups × 3
//! criteria (≤ 1 ms) and 200 × 5,000 × 3 (≤ 100 ms), and one score changed then re-ranked on
//! 20 × 1,000 (≤ 50 µs). Run:
//! `cargo bench -p roadshow-core --bench ranking -- --warm-up-time 1 --measurement-time 3`

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use roadshow_core::demo::SplitMix64;
use roadshow_core::ranking::{IndexedScore, Leaderboard, Scoreboard, ScoreboardSetup, TotalMode};

#[path = "support/judged_field.rs"]
mod judged_field;
#[path = "support/one_hall.rs"]
mod one_hall;

fn setup(investors: usize, startups: usize) -> ScoreboardSetup {
    ScoreboardSetup {
        scale_min: 1,
        scale_max: 10,
        weights: vec![1.0, 1.0, 1.0],
        min_judges: 3,
        investors,
        startups,
        listing_order: None,
    }
}

/// Every investor scores every startup on every criterion.
fn scores(investors: usize, startups: usize, seed: u64) -> Vec<IndexedScore> {
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity(investors * startups * 3);
    for startup in 0..startups {
        for investor in 0..investors {
            for criterion in 0..3 {
                out.push(IndexedScore {
                    investor,
                    startup,
                    criterion,
                    value: 1 + (rng.next_u64() % 10) as i64,
                });
            }
        }
    }
    out
}

fn full(c: &mut Criterion) {
    for (investors, startups) in [(20, 1000), (200, 5000)] {
        let all = scores(investors, startups, 7);
        let mut group = c.benchmark_group("ranking");
        if startups > 1000 {
            group.sample_size(10);
        }
        group.bench_function(
            format!("full {investors}x{startups}x3 (build + rank)"),
            |b| {
                b.iter(|| {
                    let mut board =
                        Scoreboard::from_scores(setup(investors, startups), black_box(&all))
                            .unwrap();
                    black_box(board.ranking(TotalMode::Normalized))
                })
            },
        );
        let mut board = Scoreboard::from_scores(setup(investors, startups), &all).unwrap();
        group.bench_function(
            format!("rank only {investors}x{startups}x3 (board built)"),
            |b| b.iter(|| black_box(board.ranking(TotalMode::Normalized))),
        );
        group.bench_function(format!("judge diagnostics {investors}x{startups}x3"), |b| {
            b.iter(|| black_box(board.judge_diagnostics(TotalMode::Normalized)))
        });
        group.finish();
    }
}

fn live(c: &mut Criterion) {
    let (investors, startups) = (20, 1000);
    let all = scores(investors, startups, 7);
    let mut group = c.benchmark_group("ranking");
    let mut board = Scoreboard::from_scores(setup(investors, startups), &all).unwrap();
    let mut rng = SplitMix64::new(99);
    group.bench_function("one score changed + standings 20x1000x3", |b| {
        b.iter(|| {
            let investor = (rng.next_u64() % investors as u64) as usize;
            let startup = (rng.next_u64() % startups as u64) as usize;
            let criterion = (rng.next_u64() % 3) as usize;
            let value = 1 + (rng.next_u64() % 10) as i64;
            board
                .set_score(investor, startup, criterion, Some(value))
                .unwrap();
            black_box(board.standings(TotalMode::Normalized))
        })
    });
    let mut leaderboard = Leaderboard::new(TotalMode::Normalized);
    leaderboard.refresh(&board);
    group.bench_function("one score changed + leaderboard refresh 20x1000x3", |b| {
        b.iter(|| {
            let investor = (rng.next_u64() % investors as u64) as usize;
            let startup = (rng.next_u64() % startups as u64) as usize;
            let criterion = (rng.next_u64() % 3) as usize;
            let value = 1 + (rng.next_u64() % 10) as i64;
            board
                .set_score(investor, startup, criterion, Some(value))
                .unwrap();
            black_box(leaderboard.refresh(&board).len())
        })
    });
    group.bench_function("one score changed + full ranking 20x1000x3", |b| {
        b.iter(|| {
            let investor = (rng.next_u64() % investors as u64) as usize;
            let startup = (rng.next_u64() % startups as u64) as usize;
            let criterion = (rng.next_u64() % 3) as usize;
            let value = 1 + (rng.next_u64() % 10) as i64;
            board
                .set_score(investor, startup, criterion, Some(value))
                .unwrap();
            black_box(board.ranking(TotalMode::Normalized))
        })
    });
    group.bench_function("one score changed (set_score only) 20x1000x3", |b| {
        b.iter_batched(
            || {
                let investor = (rng.next_u64() % investors as u64) as usize;
                let startup = (rng.next_u64() % startups as u64) as usize;
                (
                    investor,
                    startup,
                    (rng.next_u64() % 3) as usize,
                    1 + (rng.next_u64() % 10) as i64,
                )
            },
            |(investor, startup, criterion, value)| {
                board.set_score(investor, startup, criterion, Some(value))
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// Robustness of the cut (definitions §8.5): leave-one-judge-out and 2,000 bootstrap
/// resamples, 50 judges × 200 startups × 3 criteria, cut 20 (issue 16's goal: ≤ 1 s in the
/// worker; the wasm32 figure is `scripts/bench-matching-wasm.mjs`'s).
fn robustness(c: &mut Criterion) {
    let snapshot = judged_field::judged_snapshot();
    let mut group = c.benchmark_group("robustness");
    group.sample_size(10);
    group.bench_function("leave-one-out + 2000 bootstrap 50x200x3 cut 20", |b| {
        b.iter(|| {
            let result = roadshow_core::robustness::robustness(
                black_box(&snapshot),
                judged_field::CUT,
                TotalMode::Normalized,
            )
            .unwrap();
            black_box(result.decisive_judges.len())
        })
    });
    group.finish();
}

/// Running order of one hall of 12 pitches (definitions §8.3), exact: the console computes it on
/// the main thread (issue 16's goal: ≤ 50 ms in wasm; the wasm32 figure is
/// `scripts/bench-matching-wasm.mjs`'s).
fn running_order(c: &mut Criterion) {
    let snapshot = one_hall::one_hall_snapshot();
    let mut group = c.benchmark_group("running_order");
    group.bench_function("hall of 12 pitches, 40 judges, exact", |b| {
        b.iter(|| {
            let order = roadshow_core::running_order::hall_order(black_box(&snapshot), 0).unwrap();
            assert!(order.exact);
            black_box(order.step_outs)
        })
    });
    group.finish();
}

criterion_group!(benches, full, live, robustness, running_order);
criterion_main!(benches);
