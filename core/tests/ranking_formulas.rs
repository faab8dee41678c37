//! The formulas of docs/definitions.md §4.1–4.5 against hand-computed expectations: one `check`
//! helper, many short cases.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{close, from_value, snapshot, snapshot_json};
use roadshow_core::model::Snapshot;
use roadshow_core::ranking::{JudgeDiagnostics, Ranking, Scoreboard, TotalMode};
use roadshow_core::stats::student_t_975;
use serde_json::json;

/// What one startup's ranking line must show; `None` fields are not checked.
#[derive(Default, Clone, Copy)]
struct Expect<'a> {
    rank: Option<Option<u32>>,
    total: Option<Option<f64>>,
    raw: Option<Option<f64>>,
    normalized: Option<Option<f64>>,
    se: Option<Option<f64>>,
    ci: Option<Option<(f64, f64)>>,
    judges: Option<u32>,
    needs: Option<u32>,
    disagreement: Option<bool>,
    /// Chosen-mode criterion means, in event order.
    means: Option<&'a [Option<f64>]>,
    criterion_ranks: Option<&'a [Option<u32>]>,
}

fn diagnostics(snapshot: &Snapshot, mode: TotalMode) -> Vec<JudgeDiagnostics> {
    Scoreboard::from_snapshot(snapshot)
        .expect("valid test snapshot")
        .judge_diagnostics(mode)
}

fn rank(snapshot: &Snapshot, mode: TotalMode) -> Ranking {
    Scoreboard::from_snapshot(snapshot)
        .expect("valid test snapshot")
        .ranking(mode)
}

/// Ranks `snapshot` in `mode` and checks the listing order (startup ids) and each expectation.
fn check(snapshot: &Snapshot, mode: TotalMode, expected: &[(&str, Expect<'_>)]) {
    let ranking = rank(snapshot, mode);
    let order: Vec<&str> = ranking
        .startups
        .iter()
        .map(|r| snapshot.startups[r.startup].id.as_str())
        .collect();
    let expected_order: Vec<&str> = expected.iter().map(|(id, _)| *id).collect();
    assert_eq!(order, expected_order, "listing order");
    for (result, (id, want)) in ranking.startups.iter().zip(expected) {
        let at = |what: &str| format!("{id}.{what}");
        if let Some(rank) = want.rank {
            assert_eq!(result.rank, rank, "{}", at("rank"));
        }
        for (name, got, wanted) in [
            ("total", result.total, want.total),
            ("raw_total", result.raw_total, want.raw),
            ("normalized_total", result.normalized_total, want.normalized),
            ("se", result.se, want.se),
        ] {
            if let Some(wanted) = wanted {
                assert!(close(got, wanted), "{}: {got:?} vs {wanted:?}", at(name));
            }
        }
        if let Some(ci) = want.ci {
            assert!(
                close(result.ci_low, ci.map(|c| c.0)),
                "{}: {:?}",
                at("ci_low"),
                result.ci_low
            );
            assert!(
                close(result.ci_high, ci.map(|c| c.1)),
                "{}: {:?}",
                at("ci_high"),
                result.ci_high
            );
        }
        if let Some(judges) = want.judges {
            assert_eq!(result.judges, judges, "{}", at("judges"));
        }
        if let Some(needs) = want.needs {
            assert_eq!(result.needs, needs, "{}", at("needs"));
        }
        if let Some(flag) = want.disagreement {
            assert_eq!(result.disagreement, flag, "{}", at("disagreement"));
        }
        if let Some(means) = want.means {
            for (c, wanted) in means.iter().enumerate() {
                let got = result.criteria[c].mean_for(mode);
                assert!(
                    close(got, *wanted),
                    "{}: {got:?} vs {wanted:?}",
                    at(&format!("criteria[{c}]"))
                );
            }
        }
        if let Some(ranks) = want.criterion_ranks {
            let got: Vec<Option<u32>> = result.criteria.iter().map(|c| c.rank).collect();
            assert_eq!(got, ranks, "{}", at("criterion ranks"));
        }
    }
}

fn e() -> Expect<'static> {
    Expect::default()
}

const AB: &[(&str, f64)] = &[("a", 1.0), ("b", 1.0)];
const C: &[(&str, f64)] = &[("c", 1.0)];

#[test]
fn one_judge() {
    // i1: s1 a=8 b=6, s2 a=4 b=4. Two scores per criterion → shift only, and as the only judge
    // μ[j,c] = μ[c], so x' = x and N = R.
    let s = snapshot(
        AB,
        &["s1", "s2"],
        &["i1"],
        &[
            ("i1", "s1", "a", 8),
            ("i1", "s1", "b", 6),
            ("i1", "s2", "a", 4),
            ("i1", "s2", "b", 4),
        ],
    );
    for mode in [TotalMode::Normalized, TotalMode::Raw] {
        check(
            &s,
            mode,
            &[
                (
                    "s1",
                    Expect {
                        rank: Some(Some(1)),
                        total: Some(Some(7.0)),
                        raw: Some(Some(7.0)),
                        normalized: Some(Some(7.0)),
                        se: Some(None),
                        ci: Some(None),
                        judges: Some(1),
                        needs: Some(2),
                        disagreement: Some(false),
                        means: Some(&[Some(8.0), Some(6.0)]),
                        criterion_ranks: Some(&[Some(1), Some(1)]),
                    },
                ),
                (
                    "s2",
                    Expect {
                        rank: Some(Some(2)),
                        total: Some(Some(4.0)),
                        se: Some(None),
                        judges: Some(1),
                        needs: Some(2),
                        means: Some(&[Some(4.0), Some(4.0)]),
                        criterion_ranks: Some(&[Some(2), Some(2)]),
                        ..e()
                    },
                ),
            ],
        );
    }
    let ranking = rank(&s, TotalMode::Normalized);
    let judge = diagnostics(&s, ranking.mode)[0];
    assert!(close(judge.severity, Some(0.0)));
    // Population SD of {8, 6, 4, 4}: mean 5.5, squares 6.25 + 0.25 + 2.25 + 2.25 = 11, /4.
    assert!(close(judge.spread, Some((11.0f64 / 4.0).sqrt())));
    assert_eq!(judge.agreement, None);
    assert_eq!((judge.scores, judge.startups), (4, 2));
}

/// i1 rescaled (3 scores, σ > 0), i2 with σ = 0 (shift only), one criterion.
fn rescale_and_flat_judge() -> Snapshot {
    snapshot(
        C,
        &["s1", "s2", "s3"],
        &["i1", "i2"],
        &[
            ("i1", "s1", "c", 2),
            ("i1", "s2", "c", 4),
            ("i1", "s3", "c", 6),
            ("i2", "s1", "c", 5),
            ("i2", "s2", "c", 5),
            ("i2", "s3", "c", 5),
        ],
    )
}

#[test]
fn sigma_zero_judge_is_shifted_and_others_rescaled() {
    // All scores {2,4,6,5,5,5}: μ[c] = 4.5, σ[c]² = 131/6 − 4.5² = 19/12.
    // i1: μ = 4, σ² = 8/3 → x' = 4.5 + r·(x − 4), r = √((19/12)/(8/3)) = √(19/32).
    // i2: σ = 0 → x' = x − 5 + 4.5 = 4.5.
    let r = (19.0f64 / 32.0).sqrt();
    let n1 = (4.5 - 2.0 * r + 4.5) / 2.0;
    let n3 = (4.5 + 2.0 * r + 4.5) / 2.0;
    let t1 = student_t_975(1);
    // s1 normalized judge totals {4.5 − 2r, 4.5}: sample SD = 2r/√2, se = that/√2 = r.
    let s = rescale_and_flat_judge();
    check(
        &s,
        TotalMode::Normalized,
        &[
            (
                "s3",
                Expect {
                    rank: Some(Some(1)),
                    total: Some(Some(n3)),
                    raw: Some(Some(5.5)),
                    se: Some(Some(r)),
                    ci: Some(Some((n3 - t1 * r, n3 + t1 * r))),
                    judges: Some(2),
                    needs: Some(1),
                    disagreement: Some(false),
                    ..e()
                },
            ),
            (
                "s2",
                Expect {
                    rank: Some(Some(2)),
                    total: Some(Some(4.5)),
                    raw: Some(Some(4.5)),
                    se: Some(Some(0.0)),
                    ci: Some(Some((4.5, 4.5))),
                    ..e()
                },
            ),
            (
                "s1",
                Expect {
                    rank: Some(Some(3)),
                    total: Some(Some(n1)),
                    raw: Some(Some(3.5)),
                    normalized: Some(Some(n1)),
                    se: Some(Some(r)),
                    ci: Some(Some((n1 - t1 * r, n1 + t1 * r))),
                    means: Some(&[Some(n1)]),
                    ..e()
                },
            ),
        ],
    );
    // Raw: s1 totals {2, 5}: sample SD 3/√2, se 1.5; s2 {4, 5}: se 0.5.
    check(
        &s,
        TotalMode::Raw,
        &[
            (
                "s3",
                Expect {
                    total: Some(Some(5.5)),
                    normalized: Some(Some(n3)),
                    se: Some(Some(0.5)),
                    ..e()
                },
            ),
            (
                "s2",
                Expect {
                    total: Some(Some(4.5)),
                    se: Some(Some(0.5)),
                    ci: Some(Some((4.5 - t1 * 0.5, 4.5 + t1 * 0.5))),
                    ..e()
                },
            ),
            (
                "s1",
                Expect {
                    total: Some(Some(3.5)),
                    se: Some(Some(1.5)),
                    disagreement: Some(false),
                    means: Some(&[Some(3.5)]),
                    ..e()
                },
            ),
        ],
    );
    let ranking = rank(&s, TotalMode::Raw);
    // μ = 4.5; i1 mean 4, i2 mean 5.
    assert!(close(diagnostics(&s, ranking.mode)[0].severity, Some(-0.5)));
    assert!(close(diagnostics(&s, ranking.mode)[1].severity, Some(0.5)));
    assert!(close(diagnostics(&s, ranking.mode)[1].spread, Some(0.0)));
    assert!(close(ranking.criteria[0].mean, Some(4.5)));
    assert!(close(ranking.criteria[0].sd, Some((19.0f64 / 12.0).sqrt())));
}

#[test]
fn judge_with_fewer_than_three_scores_is_only_shifted() {
    // i1 rescaled as above plus i3 with two scores: s1 = 9, s2 = 7 (μ = 8, σ = 1 but n < 3).
    let mut value = snapshot_json(
        C,
        &["s1", "s2", "s3"],
        &["i1", "i3"],
        &[
            ("i1", "s1", "c", 2),
            ("i1", "s2", "c", 4),
            ("i1", "s3", "c", 6),
            ("i3", "s1", "c", 9),
            ("i3", "s2", "c", 7),
        ],
    );
    value["event"]["min_judges"] = json!(2);
    let s = from_value(value);
    // All: {2,4,6,9,7}: μ = 28/5 = 5.6, Σx² = 186, σ² = 186/5 − 5.6² = 5.84.
    let (mu, sigma) = (5.6, 5.84f64.sqrt());
    let i1 = |x: f64| mu + sigma * (x - 4.0) / (8.0f64 / 3.0).sqrt();
    let i3 = |x: f64| x - 8.0 + mu;
    check(
        &s,
        TotalMode::Normalized,
        &[
            // 8.56, 5.1 and 4.62.
            (
                "s3",
                Expect {
                    total: Some(Some(i1(6.0))),
                    judges: Some(1),
                    needs: Some(1),
                    se: Some(None),
                    ..e()
                },
            ),
            (
                "s2",
                Expect {
                    total: Some(Some((i1(4.0) + i3(7.0)) / 2.0)),
                    ..e()
                },
            ),
            (
                "s1",
                Expect {
                    total: Some(Some((i1(2.0) + i3(9.0)) / 2.0)),
                    judges: Some(2),
                    needs: Some(0),
                    ..e()
                },
            ),
        ],
    );
}

#[test]
fn ties_share_a_rank_and_are_listed_by_id() {
    // Totals 9, 7, 7, 5 → ranks 1, 2, 2, 4; s0 unscored → last, rank null.
    let s = snapshot(
        C,
        &["s4", "s3", "s2", "s1", "s0"],
        &["i1"],
        &[
            ("i1", "s1", "c", 9),
            ("i1", "s3", "c", 7),
            ("i1", "s2", "c", 7),
            ("i1", "s4", "c", 5),
        ],
    );
    check(
        &s,
        TotalMode::Raw,
        &[
            (
                "s1",
                Expect {
                    rank: Some(Some(1)),
                    ..e()
                },
            ),
            (
                "s2",
                Expect {
                    rank: Some(Some(2)),
                    ..e()
                },
            ),
            (
                "s3",
                Expect {
                    rank: Some(Some(2)),
                    ..e()
                },
            ),
            (
                "s4",
                Expect {
                    rank: Some(Some(4)),
                    ..e()
                },
            ),
            (
                "s0",
                Expect {
                    rank: Some(None),
                    total: Some(None),
                    raw: Some(None),
                    normalized: Some(None),
                    se: Some(None),
                    ci: Some(None),
                    judges: Some(0),
                    needs: Some(3),
                    disagreement: Some(false),
                    means: Some(&[None]),
                    criterion_ranks: Some(&[None]),
                },
            ),
        ],
    );
}

#[test]
fn all_ties() {
    let s = snapshot(
        AB,
        &["b", "c", "a"],
        &["i1", "i2"],
        &[
            ("i1", "a", "a", 5),
            ("i1", "b", "a", 5),
            ("i1", "c", "a", 5),
            ("i2", "a", "b", 7),
            ("i2", "b", "b", 7),
            ("i2", "c", "b", 7),
        ],
    );
    for mode in [TotalMode::Normalized, TotalMode::Raw] {
        let all = Expect {
            rank: Some(Some(1)),
            total: Some(Some(6.0)),
            criterion_ranks: Some(&[Some(1), Some(1)]),
            ..e()
        };
        check(&s, mode, &[("a", all), ("b", all), ("c", all)]);
    }
}

#[test]
fn a_criterion_nobody_scored_is_left_out_of_both_sums() {
    // b (weight 3) unscored everywhere; s2 also lacks a on one side.
    let s = snapshot(
        &[("a", 1.0), ("b", 3.0)],
        &["s1", "s2"],
        &["i1"],
        &[("i1", "s1", "a", 8), ("i1", "s2", "a", 6)],
    );
    check(
        &s,
        TotalMode::Raw,
        &[
            (
                "s1",
                Expect {
                    total: Some(Some(8.0)),
                    means: Some(&[Some(8.0), None]),
                    criterion_ranks: Some(&[Some(1), None]),
                    ..e()
                },
            ),
            (
                "s2",
                Expect {
                    total: Some(Some(6.0)),
                    means: Some(&[Some(6.0), None]),
                    ..e()
                },
            ),
        ],
    );
    check(
        &s,
        TotalMode::Normalized,
        &[
            (
                "s1",
                Expect {
                    total: Some(Some(8.0)),
                    ..e()
                },
            ),
            (
                "s2",
                Expect {
                    total: Some(Some(6.0)),
                    ..e()
                },
            ),
        ],
    );
}

#[test]
fn weights_that_differ() {
    // a weight 1, b weight 3. s1: a=8, b=4 → (8 + 12)/4 = 5. s2: a=2, b=6 → (2 + 18)/4 = 5.
    // s3 scored only on a = 9 → 9 (b left out of both sums).
    let s = snapshot(
        &[("a", 1.0), ("b", 3.0)],
        &["s1", "s2", "s3"],
        &["i1"],
        &[
            ("i1", "s1", "a", 8),
            ("i1", "s1", "b", 4),
            ("i1", "s2", "a", 2),
            ("i1", "s2", "b", 6),
            ("i1", "s3", "a", 9),
        ],
    );
    check(
        &s,
        TotalMode::Raw,
        &[
            (
                "s3",
                Expect {
                    rank: Some(Some(1)),
                    total: Some(Some(9.0)),
                    ..e()
                },
            ),
            (
                "s1",
                Expect {
                    rank: Some(Some(2)),
                    total: Some(Some(5.0)),
                    ..e()
                },
            ),
            (
                "s2",
                Expect {
                    rank: Some(Some(2)),
                    total: Some(Some(5.0)),
                    ..e()
                },
            ),
        ],
    );
    // Per-judge totals use the same weights: i1 and i2 on s1.
    let s = snapshot(
        &[("a", 1.0), ("b", 3.0)],
        &["s1"],
        &["i1", "i2"],
        &[
            ("i1", "s1", "a", 8),
            ("i1", "s1", "b", 4),
            ("i2", "s1", "a", 4),
            ("i2", "s1", "b", 8),
        ],
    );
    // t = (8+12)/4 = 5 and (4+24)/4 = 7: sample SD √2, se 1.
    check(
        &s,
        TotalMode::Raw,
        &[(
            "s1",
            Expect {
                total: Some(Some(6.0)),
                se: Some(Some(1.0)),
                ..e()
            },
        )],
    );
}

#[test]
fn disagreement_threshold_scales_with_the_scale() {
    // 1–10: totals 1 and 10 → SD 9/√2 ≈ 6.4 ≥ 2.5; totals 4 and 7 → SD 2.12 < 2.5.
    let s = snapshot(
        C,
        &["s1", "s2"],
        &["i1", "i2"],
        &[
            ("i1", "s1", "c", 1),
            ("i2", "s1", "c", 10),
            ("i1", "s2", "c", 4),
            ("i2", "s2", "c", 7),
        ],
    );
    check(
        &s,
        TotalMode::Raw,
        &[
            (
                "s1",
                Expect {
                    disagreement: Some(true),
                    ..e()
                },
            ),
            (
                "s2",
                Expect {
                    disagreement: Some(false),
                    ..e()
                },
            ),
        ],
    );
    // 0–100: threshold 2.5·100/9 ≈ 27.8; totals 40 and 70 → SD 21.2 (no), 10 and 60 → 35.4 (yes).
    let mut value = snapshot_json(
        C,
        &["s1", "s2"],
        &["i1", "i2"],
        &[
            ("i1", "s1", "c", 10),
            ("i2", "s1", "c", 60),
            ("i1", "s2", "c", 40),
            ("i2", "s2", "c", 70),
        ],
    );
    value["event"]["scale"] = json!({"min": 0, "max": 100});
    check(
        &from_value(value),
        TotalMode::Raw,
        &[
            (
                "s2",
                Expect {
                    disagreement: Some(false),
                    ..e()
                },
            ),
            (
                "s1",
                Expect {
                    disagreement: Some(true),
                    ..e()
                },
            ),
        ],
    );
}

#[test]
fn abstentions_and_conflicts_are_absent_not_zero() {
    let mut value = snapshot_json(
        C,
        &["s1"],
        &["i1", "i2", "i3"],
        &[("i1", "s1", "c", 8), ("i3", "s1", "c", 2)],
    );
    value["scores"]
        .as_array_mut()
        .unwrap()
        .push(json!({"investor": "i2", "startup": "s1", "abstain": true}));
    value["investors"][2]["conflicts"] = json!(["s1"]);
    check(
        &from_value(value),
        TotalMode::Raw,
        &[(
            "s1",
            Expect {
                total: Some(Some(8.0)),
                judges: Some(1),
                needs: Some(2),
                se: Some(None),
                ..e()
            },
        )],
    );
}

#[test]
fn needs_counts_missing_judges() {
    let mut value = snapshot_json(
        C,
        &["s1"],
        &["i1", "i2", "i3", "i4"],
        &[
            ("i1", "s1", "c", 5),
            ("i2", "s1", "c", 6),
            ("i3", "s1", "c", 7),
            ("i4", "s1", "c", 8),
        ],
    );
    check(
        &from_value(value.clone()),
        TotalMode::Raw,
        &[(
            "s1",
            Expect {
                judges: Some(4),
                needs: Some(0),
                ..e()
            },
        )],
    );
    value["event"]["min_judges"] = json!(6);
    // t = 5,6,7,8: sample SD √(5/3), se √(5/3)/2, interval ± t(0.975, 3)·se.
    let se = (5.0f64 / 3.0).sqrt() / 2.0;
    let half = student_t_975(3) * se;
    check(
        &from_value(value),
        TotalMode::Raw,
        &[(
            "s1",
            Expect {
                needs: Some(2),
                total: Some(Some(6.5)),
                se: Some(Some(se)),
                ci: Some(Some((6.5 - half, 6.5 + half))),
                ..e()
            },
        )],
    );
}

#[test]
fn criterion_statistics_mean_median_count_sd() {
    let s = snapshot(
        C,
        &["s1"],
        &["i1", "i2", "i3", "i4"],
        &[
            ("i1", "s1", "c", 2),
            ("i2", "s1", "c", 9),
            ("i3", "s1", "c", 4),
            ("i4", "s1", "c", 5),
        ],
    );
    let ranking = rank(&s, TotalMode::Raw);
    let c = ranking.startups[0].criteria[0];
    // {2, 4, 5, 9}: mean 5, median 4.5, sample SD √((9 + 1 + 0 + 16)/3).
    assert!(close(c.mean, Some(5.0)));
    assert!(close(c.median, Some(4.5)));
    assert_eq!(c.count, 4);
    assert!(close(c.sd, Some((26.0f64 / 3.0).sqrt())));
}

#[test]
fn agreement_is_spearman_against_the_others_mean() {
    // Raw, one criterion. j1: 1,2,3; j2: 1,2,3; j3: 2,3,1 on s1..s3.
    // For j1 the others' means are 1.5, 2.5, 2 → ranks 1,3,2 vs 1,2,3 → ρ = 0.5.
    let s = snapshot(
        C,
        &["s1", "s2", "s3"],
        &["j1", "j2", "j3", "j4"],
        &[
            ("j1", "s1", "c", 1),
            ("j1", "s2", "c", 2),
            ("j1", "s3", "c", 3),
            ("j2", "s1", "c", 1),
            ("j2", "s2", "c", 2),
            ("j2", "s3", "c", 3),
            ("j3", "s1", "c", 2),
            ("j3", "s2", "c", 3),
            ("j3", "s3", "c", 1),
            ("j4", "s1", "c", 5),
            ("j4", "s2", "c", 5),
        ],
    );
    let ranking = rank(&s, TotalMode::Raw);
    // With j4 in the panel: s1 others of j1 = (1+2+5)/3, s2 = (2+3+5)/3, s3 = (3+1)/2 → 8/3, 10/3, 2
    // → ranks 2,3,1 vs 1,2,3: ρ = Pearson((1,2,3),(2,3,1)) = −0.5.
    assert!(
        close(diagnostics(&s, ranking.mode)[0].agreement, Some(-0.5)),
        "{:?}",
        diagnostics(&s, ranking.mode)[0].agreement
    );
    // j4 scored only two startups → undefined.
    assert_eq!(diagnostics(&s, ranking.mode)[3].agreement, None);
    assert_eq!(diagnostics(&s, ranking.mode)[3].compared_startups, 2);
    let s = snapshot(
        C,
        &["s1", "s2", "s3"],
        &["j1", "j2", "j3"],
        &[
            ("j1", "s1", "c", 1),
            ("j1", "s2", "c", 2),
            ("j1", "s3", "c", 3),
            ("j2", "s1", "c", 1),
            ("j2", "s2", "c", 2),
            ("j2", "s3", "c", 3),
            ("j3", "s1", "c", 2),
            ("j3", "s2", "c", 3),
            ("j3", "s3", "c", 1),
        ],
    );
    let ranking = rank(&s, TotalMode::Raw);
    assert!(close(diagnostics(&s, ranking.mode)[0].agreement, Some(0.5)));
    // Severity: all scores average 2 and so does each judge.
    assert!(close(diagnostics(&s, ranking.mode)[2].severity, Some(0.0)));
}

#[test]
fn severity_of_a_harsh_judge() {
    let s = snapshot(
        C,
        &["s1", "s2"],
        &["i1", "i2"],
        &[
            ("i1", "s1", "c", 2),
            ("i1", "s2", "c", 4),
            ("i2", "s1", "c", 6),
            ("i2", "s2", "c", 8),
        ],
    );
    let ranking = rank(&s, TotalMode::Raw);
    assert!(close(diagnostics(&s, ranking.mode)[0].severity, Some(-2.0)));
    assert!(close(diagnostics(&s, ranking.mode)[1].severity, Some(2.0)));
    assert!(close(diagnostics(&s, ranking.mode)[0].spread, Some(1.0)));
    // Normalized: both have 2 scores → shifted to μ = 5: s1 → 4 and 4, s2 → 6 and 6.
    check(
        &s,
        TotalMode::Normalized,
        &[
            (
                "s2",
                Expect {
                    total: Some(Some(6.0)),
                    se: Some(Some(0.0)),
                    ..e()
                },
            ),
            (
                "s1",
                Expect {
                    total: Some(Some(4.0)),
                    ..e()
                },
            ),
        ],
    );
}

#[test]
fn judge_totals_for_matching() {
    let s = rescale_and_flat_judge();
    let board = Scoreboard::from_snapshot(&s).unwrap();
    let r = (19.0f64 / 32.0).sqrt();
    let total = board.judge_total(0, 0).unwrap();
    assert!(close(Some(total.raw), Some(2.0)));
    assert!(close(Some(total.normalized), Some(4.5 - 2.0 * r)));
    assert!(close(
        board.judge_total(1, 2).map(|t| t.normalized),
        Some(4.5)
    ));
    assert!(close(board.raw_total(0), Some(3.5)));
    assert!(close(
        board.normalized_total(0),
        Some((4.5 - 2.0 * r + 4.5) / 2.0)
    ));
    assert_eq!(board.judge_total(5, 0), None);
    assert_eq!(board.scale(), (1, 10));
}
