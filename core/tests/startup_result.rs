//! `Scoreboard::startup_result` (one row, computed alone) gives what the full ranking gives for
//! that startup, apart from the ranks, in both modes and after live score changes.

use roadshow_core::model::Snapshot;
use roadshow_core::ranking::{Scoreboard, TotalMode};

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

fn check(board: &mut Scoreboard) {
    for mode in [TotalMode::Normalized, TotalMode::Raw] {
        let ranking = board.ranking(mode);
        for full in &ranking.startups {
            let alone = board
                .startup_result(full.startup, mode)
                .expect("startup in range");
            assert!(close(alone.total, full.total), "total of {}", full.startup);
            assert!(close(alone.ci_low, full.ci_low) && close(alone.ci_high, full.ci_high));
            assert!(close(alone.se, full.se));
            assert_eq!(
                (alone.judges, alone.needs, alone.disagreement),
                (full.judges, full.needs, full.disagreement)
            );
            for (a, b) in alone.criteria.iter().zip(&full.criteria) {
                assert!(
                    close(a.mean, b.mean)
                        && close(a.normalized_mean, b.normalized_mean)
                        && close(a.median, b.median)
                );
                assert_eq!(a.count, b.count);
            }
        }
        let summaries = board.criterion_summaries();
        for (a, b) in summaries.iter().zip(&ranking.criteria) {
            assert!(close(a.mean, b.mean) && close(a.sd, b.sd));
        }
    }
}

#[test]
fn one_row_matches_the_full_ranking() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/demo-scored.json"
    ))
    .unwrap();
    let snapshot: Snapshot = serde_json::from_str(&text).unwrap();
    let mut board = Scoreboard::from_snapshot(&snapshot).unwrap();
    check(&mut board);
    board
        .set_score(0, 1, 0, Some(snapshot.event.scale.min))
        .unwrap();
    board.set_score(1, 2, 1, None).unwrap();
    check(&mut board);
    assert!(board
        .startup_result(board.startups(), TotalMode::Raw)
        .is_none());
}
