//! Builders shared by the integration tests.
#![allow(dead_code)]

use roadshow_core::model::Snapshot;
use roadshow_core::snapshot::parse_snapshot;
use serde_json::{json, Value};

/// A snapshot from compact parts: criteria (key, weight), startup ids, investor ids and scores
/// (investor, startup, criterion, value). Scale 1–10, minimum 3 judges unless edited afterwards.
pub fn snapshot_json(
    criteria: &[(&str, f64)],
    startups: &[&str],
    investors: &[&str],
    scores: &[(&str, &str, &str, i64)],
) -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e1",
            "name": "Test roadshow",
            "scale": {"min": 1, "max": 10},
            "criteria": criteria.iter().map(|(key, weight)| json!({"key": key, "weight": weight})).collect::<Vec<_>>(),
            "min_judges": 3,
            "meetings": {"slots": 4, "tables": 2}
        },
        "startups": startups.iter().map(|id| json!({"id": id, "name": format!("Startup {id}")})).collect::<Vec<_>>(),
        "investors": investors.iter().map(|id| json!({"id": id, "firm": format!("Firm {id}")})).collect::<Vec<_>>(),
        "scores": scores.iter().map(|(i, s, c, v)| json!({"investor": i, "startup": s, "criterion": c, "value": v})).collect::<Vec<_>>(),
        "interest": []
    })
}

pub fn snapshot(
    criteria: &[(&str, f64)],
    startups: &[&str],
    investors: &[&str],
    scores: &[(&str, &str, &str, i64)],
) -> Snapshot {
    from_value(snapshot_json(criteria, startups, investors, scores))
}

pub fn from_value(value: Value) -> Snapshot {
    parse_snapshot(&value.to_string()).expect("test snapshot parses")
}

/// Floats equal within 1e-9, or both absent.
pub fn close(got: Option<f64>, expected: Option<f64>) -> bool {
    match (got, expected) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
        _ => false,
    }
}
