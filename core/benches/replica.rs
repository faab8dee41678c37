//! The console's live copy under the large event of issue 7 (200 investors × 1,000 startups × 3
//! criteria, each investor scoring 80 % of the startups): one score arriving in the change feed,
//! applied to the copy and its incremental ranking, then the normalized standings re-sorted —
//! the core part of `organizer:apply-one-score+render` in `scripts/bench-console.mjs`. The rows
//! are built as JSON, so the same file runs on trees before and after rounds (definitions §8.1)
//! keyed score cells by round. Run:
//! `cargo bench -p roadshow-core --bench replica -- --warm-up-time 1 --measurement-time 5`
//!
//! Also the hand-off of that copy to the match worker (`core::handoff`), written and read.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use roadshow_core::demo::SplitMix64;
use roadshow_core::ranking::TotalMode;
use roadshow_core::replica::{ConsoleChanges, Replica};
use serde_json::{json, Value};

const INVESTORS: usize = 200;
const STARTUPS: usize = 1_000;
const CRITERIA: [&str; 3] = ["innovation", "viability", "market"];

fn first_answer() -> ConsoleChanges {
    let mut rng = SplitMix64::new(11);
    let mut scores: Vec<Value> = Vec::new();
    for investor in 0..INVESTORS {
        for startup in 0..STARTUPS {
            if rng.next_u64().is_multiple_of(5) {
                continue;
            }
            for criterion in CRITERIA {
                scores.push(json!({
                    "investor": format!("i{investor}"), "startup": format!("s{startup}"),
                    "criterion": criterion, "value": 1 + rng.next_u64() % 10, "abstain": false
                }));
            }
        }
    }
    serde_json::from_value(json!({
        "version": 1,
        "event": {
            "settings": {"id": "e", "name": "bench", "min_judges": 3,
                "criteria": CRITERIA.map(|key| json!({"key": key, "weight": 1.0})),
                "scale": {"min": 1, "max": 10}},
            "live": {"phase": "scoring"},
            "version": 1
        },
        "startups": (0..STARTUPS).map(|s| json!({"id": format!("s{s}"), "name": format!("S{s}")})).collect::<Vec<_>>(),
        "investors": (0..INVESTORS).map(|i| json!({"id": format!("i{i}"), "firm": format!("F{i}")})).collect::<Vec<_>>(),
        "scores": scores,
        "verdicts": [], "meetings": []
    }))
    .expect("a well-formed first answer")
}

fn one_score(version: i64, investor: usize, startup: usize, value: u64) -> ConsoleChanges {
    serde_json::from_value(json!({
        "version": version,
        "scores": [{"investor": format!("i{investor}"), "startup": format!("s{startup}"),
            "criterion": "market", "value": value, "abstain": false}]
    }))
    .expect("a well-formed answer")
}

fn apply_one_score(c: &mut Criterion) {
    let mut replica = Replica::new();
    replica
        .apply(first_answer())
        .expect("the first answer applies");
    replica
        .ranking_mut()
        .expect("ranked")
        .standings(TotalMode::Normalized);
    let mut rng = SplitMix64::new(5);
    let mut version = 1;
    c.bench_function(
        "console copy: one score applied + standings 200x1000x3",
        |b| {
            b.iter(|| {
                version += 1;
                let investor = (rng.next_u64() % INVESTORS as u64) as usize;
                let startup = (rng.next_u64() % STARTUPS as u64) as usize;
                let value = 1 + rng.next_u64() % 10;
                replica
                    .apply(one_score(version, investor, startup, value))
                    .expect("applies");
                let ranking = replica.ranking_mut().expect("ranked");
                black_box(ranking.standings(TotalMode::Normalized).len())
            })
        },
    );
}

/// The match board's first open: the console writes its copy for the worker
/// (`Replica::hand_off`, on the main thread) and the worker reads it (`handoff::read`).
fn hand_off(c: &mut Criterion) {
    let mut replica = Replica::new();
    replica
        .apply(first_answer())
        .expect("the first answer applies");
    let mut written = Vec::new();
    replica.hand_off(&mut written);
    c.bench_function("console copy: hand-off written 200x1000x3", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            replica.hand_off(&mut out);
            black_box(out.len())
        })
    });
    c.bench_function("console copy: hand-off read 200x1000x3", |b| {
        b.iter(|| {
            black_box(
                roadshow_core::handoff::read(&written)
                    .expect("reads")
                    .scores
                    .len(),
            )
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = apply_one_score, hand_off
}
criterion_main!(benches);
