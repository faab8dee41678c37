//! The 20 × 1,000 × 3 ranking benchmark compiled to wasm32 and run in node, for the wasm/native
//! ratio in BENCHMARKS.md. Times only in optimized builds:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --release -p roadshow-core --target wasm32-unknown-unknown --no-default-features --test wasm_bench -- --nocapture`
#![cfg(target_arch = "wasm32")]

use roadshow_core::demo::SplitMix64;
use roadshow_core::ranking::{IndexedScore, Leaderboard, Scoreboard, ScoreboardSetup, TotalMode};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

fn setup() -> ScoreboardSetup {
    ScoreboardSetup {
        scale_min: 1,
        scale_max: 10,
        weights: vec![1.0, 1.0, 1.0],
        min_judges: 3,
        investors: 20,
        startups: 1000,
        listing_order: None,
    }
}

/// Same data as `benches/ranking.rs`.
fn scores() -> Vec<IndexedScore> {
    let mut rng = SplitMix64::new(7);
    let mut out = Vec::new();
    for startup in 0..1000 {
        for investor in 0..20 {
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

/// Mean milliseconds per call of `work`, over at least ~1 s of calls.
fn time(mut work: impl FnMut()) -> f64 {
    work();
    let mut calls = 0u32;
    let start = js_sys::Date::now();
    while js_sys::Date::now() - start < 1000.0 || calls < 10 {
        work();
        calls += 1;
    }
    (js_sys::Date::now() - start) / f64::from(calls)
}

#[wasm_bindgen_test]
fn ranking_20x1000x3_in_wasm() {
    if cfg!(debug_assertions) {
        return; // unoptimized timings mean nothing
    }
    let all = scores();
    let full = time(|| {
        let mut board = Scoreboard::from_scores(setup(), &all).unwrap();
        std::hint::black_box(board.ranking(TotalMode::Normalized));
    });
    let mut board = Scoreboard::from_scores(setup(), &all).unwrap();
    let rank_only = time(|| {
        std::hint::black_box(board.ranking(TotalMode::Normalized));
    });
    let mut rng = SplitMix64::new(99);
    let mut next = move || {
        let investor = (rng.next_u64() % 20) as usize;
        let startup = (rng.next_u64() % 1000) as usize;
        (
            investor,
            startup,
            (rng.next_u64() % 3) as usize,
            1 + (rng.next_u64() % 10) as i64,
        )
    };
    let standings = time(|| {
        let (j, s, c, v) = next();
        board.set_score(j, s, c, Some(v)).unwrap();
        std::hint::black_box(board.standings(TotalMode::Normalized));
    });
    let mut leaderboard = Leaderboard::new(TotalMode::Normalized);
    let live = time(|| {
        let (j, s, c, v) = next();
        board.set_score(j, s, c, Some(v)).unwrap();
        std::hint::black_box(leaderboard.refresh(&board).len());
    });
    console_log!("wasm 20x1000x3: full (build + rank) {full:.3} ms; rank only {rank_only:.3} ms; one score changed + standings {:.1} µs; one score changed + leaderboard refresh {:.1} µs", standings * 1000.0, live * 1000.0);
}
