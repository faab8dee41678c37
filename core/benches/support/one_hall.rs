//! The running-order benchmark's hall (issue 16: 12 pitches, the largest hall ordered exactly),
//! shared by `core/benches/ranking.rs` and the wasm32 example `core/examples/wasm_bench.rs`
//! (included by path, so both time the same data): 12 published startups in hall 0 in three
//! tracks, one pinned to the third place, and 40 judges of whom each is conflicted with up to
//! three of them, drawn with a fixed seed.

use roadshow_core::demo::SplitMix64;
use roadshow_core::model::Snapshot;
use serde_json::json;

pub const PITCHES: usize = 12;
pub const JUDGES: usize = 40;

pub fn one_hall_snapshot() -> Snapshot {
    let mut rng = SplitMix64::new(83);
    let tracks = ["혁신리그", "스케일업리그", "상생이음"];
    let startups: Vec<_> = (0..PITCHES)
        .map(|s| {
            let mut startup = json!({"id": format!("s{s:02}"), "name": format!("Startup {s}"),
                "track": tracks[(rng.next_unit() * 3.0) as usize % 3]});
            if s == 7 {
                startup["pitch_position"] = json!(2);
            }
            startup
        })
        .collect();
    let investors: Vec<_> = (0..JUDGES)
        .map(|j| {
            let count = (rng.next_unit() * 4.0) as usize;
            let mut conflicts: Vec<String> = (0..count)
                .map(|_| {
                    format!(
                        "s{:02}",
                        (rng.next_unit() * PITCHES as f64) as usize % PITCHES
                    )
                })
                .collect();
            conflicts.sort();
            conflicts.dedup();
            json!({"id": format!("j{j:02}"), "firm": format!("Firm {j}"), "conflicts": conflicts})
        })
        .collect();
    let document = json!({
        "format": "roadshow-event/1",
        "event": {"id": "order-bench", "name": "Running order bench"},
        "startups": startups,
        "investors": investors,
    });
    serde_json::from_value(document).expect("the benchmark snapshot")
}
