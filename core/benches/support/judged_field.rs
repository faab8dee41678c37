//! The robustness benchmark's event (issue 16: leave-one-judge-out + 2,000 bootstrap resamples
//! on 50 judges × 200 startups), shared by `core/benches/ranking.rs` and the wasm32 example
//! `core/examples/wasm_bench.rs` (included by path, so both time the same data): every judge
//! scores every startup on 3 criteria, 1–10, as the startup's quality plus the judge's own
//! severity plus noise, so the cut is contested the way a real panel contests it.

use roadshow_core::demo::SplitMix64;
use roadshow_core::model::Snapshot;
use serde_json::json;

pub const JUDGES: usize = 50;
pub const STARTUPS: usize = 200;
/// The cut the benchmark asks about (the finalists of a 200-applicant call).
pub const CUT: u32 = 20;

pub fn judged_snapshot() -> Snapshot {
    let mut rng = SplitMix64::new(16);
    let quality: Vec<f64> = (0..STARTUPS).map(|_| 3.0 + 5.0 * rng.next_unit()).collect();
    let severity: Vec<f64> = (0..JUDGES).map(|_| 2.0 * rng.next_unit() - 1.0).collect();
    let criteria = ["innovation", "viability", "market"];
    let mut scores = Vec::with_capacity(JUDGES * STARTUPS * 3);
    for (s, q) in quality.iter().enumerate() {
        for (j, severe) in severity.iter().enumerate() {
            for criterion in criteria {
                let value = (q + severe + 1.5 * rng.next_normal())
                    .round()
                    .clamp(1.0, 10.0);
                scores.push(
                    json!({"investor": format!("j{j:02}"), "startup": format!("s{s:03}"),
                    "criterion": criterion, "value": value as i64}),
                );
            }
        }
    }
    let document = json!({
        "format": "roadshow-event/1",
        "event": {"id": "robustness-bench", "name": "Robustness bench",
            "scale": {"min": 1, "max": 10},
            "criteria": criteria.iter().map(|key| json!({"key": key, "weight": 1.0})).collect::<Vec<_>>()},
        "startups": (0..STARTUPS).map(|s| json!({"id": format!("s{s:03}"), "name": format!("Startup {s}")})).collect::<Vec<_>>(),
        "investors": (0..JUDGES).map(|j| json!({"id": format!("j{j:02}"), "firm": format!("Firm {j}")})).collect::<Vec<_>>(),
        "scores": scores,
    });
    serde_json::from_value(document).expect("the benchmark snapshot")
}
