//! Feedback to a startup (docs/definitions.md §8.4): its own criterion means (normalized)
//! against the field's, its judge count and interval, and a rank band — nothing that names or
//! identifies a judge. The server computes it for the startup's own link (a startup may not see
//! other startups' scores, so its browser cannot), with the ranking `roadshow rank` computes.
//!
//! # Decisions where the definitions are silent
//!
//! - **Which ranking**: the default, severity-normalized one (definitions §4), as `roadshow rank`
//!   prints it: `total` is N\[s\], `ci_low`/`ci_high` its interval, `judges` its judge count.
//! - **Field mean** of a criterion: the mean, over the startups with a normalized mean on it, of
//!   those means — each company counts once, whatever its number of judges, because a founder
//!   compares itself with the other companies.
//! - **Rank band**, with N the number of ranked startups and r the startup's rank: `top_10` when
//!   r ≤ 10 % of N (r·100 ≤ 10·N, exact in integers), else `top_25`, `top_50`, else `rest`. A
//!   startup nobody scored has no rank and no band. `rank` is given only when the
//!   organizer enabled the exact rank.
//! - **Comments**: the texts of the comments on this startup that their investors ticked
//!   "share with the company" (`comments[].shared`), without anything else of the comment: no
//!   investor, firm, order of writing or count per investor. Blank texts are left out, and so
//!   are comments of an investor under a conflict with the startup, its own or its firm's
//!   (definitions §8.6; it is not one of the startup's judges). Listed in code-point order of the text, an order that says nothing
//!   about who wrote them.
//! - **Tracks** (§8.2): a startup in a track is compared with its track, because its track
//!   ranks and normalizes it: the figures, field means, rank band and rank are those of the
//!   track's board (`crate::tracks::track_snapshot`), as `roadshow rank --track T` prints them.
//!   A startup without a track is compared with the whole event.
//! - **Rounds** (§8.1): the report is on the last round the startup was judged in (the last
//!   round with a score of it; the first round when it has none), compared with that round's
//!   field: the round's board (`crate::rounds::round_snapshot`, and its track's when the
//!   startup is in one), its criteria and its judges. A startup that did not go on learns how its
//!   screening went; a finalist, how the final went. `round` names the round.

use crate::model::Snapshot;
use crate::problem::Problem;
use crate::ranking::{Scoreboard, TotalMode};
use serde::{Deserialize, Serialize};

/// Where the startup's rank falls among the ranked startups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RankBand {
    #[serde(rename = "top_10")]
    Top10,
    #[serde(rename = "top_25")]
    Top25,
    #[serde(rename = "top_50")]
    Top50,
    #[serde(rename = "rest")]
    Rest,
}

impl RankBand {
    /// The band of rank `rank` among `ranked` startups (`rank` ≥ 1).
    pub fn of(rank: u32, ranked: u32) -> RankBand {
        let (rank, ranked) = (u64::from(rank) * 100, u64::from(ranked));
        if rank <= 10 * ranked {
            RankBand::Top10
        } else if rank <= 25 * ranked {
            RankBand::Top25
        } else if rank <= 50 * ranked {
            RankBand::Top50
        } else {
            RankBand::Rest
        }
    }
}

/// One criterion of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionFeedback {
    pub criterion: String,
    /// The startup's normalized mean; none when nobody scored it on this criterion.
    pub mean: Option<f64>,
    /// The field's mean of normalized means; none when nobody scored anyone on it.
    pub field_mean: Option<f64>,
}

/// `GET /events/{id}/feedback`: what the startup learns about its own scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackReport {
    pub startup: String,
    /// Judges who scored it (counted scores only).
    pub judges: u32,
    pub total: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Startups ranked in the event.
    pub ranked: u32,
    pub band: Option<RankBand>,
    /// Only when the organizer shows the exact rank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// The round the report is on, in an event with rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// In the event's order of criteria.
    pub criteria: Vec<CriterionFeedback>,
    /// The comments judges shared with the company, unsigned (see the module's decisions).
    pub comments: Vec<String>,
}

/// Why no report could be made.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedbackError {
    /// The snapshot does not rank (it has problems).
    Invalid(Vec<Problem>),
    /// No startup with this id.
    UnknownStartup,
}

/// The feedback report of startup `startup_id`; `exact_rank` adds its rank.
pub fn feedback(
    snapshot: &Snapshot,
    startup_id: &str,
    exact_rank: bool,
) -> Result<FeedbackReport, FeedbackError> {
    if !snapshot.event.rounds.is_empty() {
        let problems = crate::validate::validate(snapshot);
        if !problems.is_empty() {
            return Err(FeedbackError::Invalid(problems));
        }
        let event = &snapshot.event;
        let index = snapshot
            .scores
            .iter()
            .filter(|score| score.startup == startup_id)
            .filter_map(|score| crate::rounds::score_round(event, score))
            .max()
            .unwrap_or(0);
        let round = crate::rounds::round_snapshot(snapshot, index);
        let mut report = feedback(&round, startup_id, exact_rank)?;
        report.round = Some(event.rounds[index].id.clone());
        return Ok(report);
    }
    let startup = snapshot
        .startups
        .iter()
        .find(|startup| startup.id == startup_id)
        .ok_or(FeedbackError::UnknownStartup)?;
    let track_board = startup
        .track
        .as_deref()
        .and_then(|track| crate::tracks::track_snapshot(snapshot, track));
    let board_snapshot = track_board.as_ref().unwrap_or(snapshot);
    let index = board_snapshot
        .startups
        .iter()
        .position(|startup| startup.id == startup_id)
        .ok_or(FeedbackError::UnknownStartup)?;
    let mut board = Scoreboard::from_snapshot(board_snapshot).map_err(FeedbackError::Invalid)?;
    let ranking = board.ranking(TotalMode::Normalized);
    let ranked = ranking
        .startups
        .iter()
        .filter(|result| result.rank.is_some())
        .count() as u32;
    let own = ranking
        .startups
        .iter()
        .find(|result| result.startup == index)
        .ok_or(FeedbackError::UnknownStartup)?;
    let criteria = board_snapshot
        .event
        .criteria
        .iter()
        .enumerate()
        .map(|(c, criterion)| {
            let means: Vec<f64> = ranking
                .startups
                .iter()
                .filter_map(|result| result.criteria.get(c).and_then(|r| r.normalized_mean))
                .collect();
            CriterionFeedback {
                criterion: criterion.key.clone(),
                mean: own.criteria.get(c).and_then(|r| r.normalized_mean),
                field_mean: (!means.is_empty())
                    .then(|| means.iter().sum::<f64>() / means.len() as f64),
            }
        })
        .collect();
    Ok(FeedbackReport {
        startup: startup_id.to_owned(),
        judges: own.judges,
        total: own.normalized_total,
        ci_low: own.ci_low,
        ci_high: own.ci_high,
        ranked,
        band: own.rank.map(|rank| RankBand::of(rank, ranked)),
        rank: own.rank.filter(|_| exact_rank),
        round: None,
        criteria,
        comments: shared_comments(snapshot, startup_id),
    })
}

/// The texts of the comments on `startup_id` shared with the company, by a judge without a
/// conflict on it (its own or its firm's, definitions §8.6), in code-point order.
fn shared_comments(snapshot: &Snapshot, startup_id: &str) -> Vec<String> {
    let conflicted = |investor: &str| crate::teams::is_conflicted(snapshot, investor, startup_id);
    let mut texts: Vec<String> = snapshot
        .comments
        .iter()
        .filter(|comment| {
            comment.shared
                && comment.startup == startup_id
                && !comment.text.trim().is_empty()
                && !conflicted(&comment.investor)
        })
        .map(|comment| comment.text.clone())
        .collect();
    texts.sort();
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_at_exact_percentages() {
        // 20 ranked: places 1–2 are the top 10 %, 3–5 the top 25 %, 6–10 the top 50 %.
        let bands: Vec<RankBand> = (1..=20).map(|rank| RankBand::of(rank, 20)).collect();
        assert_eq!(&bands[..2], &[RankBand::Top10; 2]);
        assert_eq!(&bands[2..5], &[RankBand::Top25; 3]);
        assert_eq!(&bands[5..10], &[RankBand::Top50; 5]);
        assert_eq!(&bands[10..], &[RankBand::Rest; 10]);
        // 8 ranked: 10 % of 8 is 0.8, so even the first is only in the top 25 %.
        assert_eq!(RankBand::of(1, 8), RankBand::Top25);
        assert_eq!(RankBand::of(2, 8), RankBand::Top25);
        assert_eq!(RankBand::of(3, 8), RankBand::Top50);
        assert_eq!(RankBand::of(5, 8), RankBand::Rest);
        let names: Vec<String> = [
            RankBand::Top10,
            RankBand::Top25,
            RankBand::Top50,
            RankBand::Rest,
        ]
        .iter()
        .map(|band| {
            serde_json::to_value(band)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
        assert_eq!(names, ["top_10", "top_25", "top_50", "rest"]);
    }

    /// Two judges, three startups; normalization is x ↦ μ[c] + σ[c]·(x − μ[j,c]) / σ[j,c]
    /// (definitions §4.2), worked by hand below.
    fn two_judges() -> Snapshot {
        serde_json::from_value(serde_json::json!({
            "format": "roadshow-event/1",
            "event": {"id": "e", "name": "E", "scale": {"min": 1, "max": 10}, "min_judges": 2,
                "criteria": [{"key": "tech", "weight": 1.0}, {"key": "market", "weight": 1.0}]},
            "startups": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}],
            "investors": [{"id": "j1", "firm": "F1"}, {"id": "j2", "firm": "F2"}],
            "scores": [
                {"investor": "j1", "startup": "a", "criterion": "tech", "value": 8},
                {"investor": "j1", "startup": "a", "criterion": "market", "value": 6},
                {"investor": "j1", "startup": "b", "criterion": "tech", "value": 4},
                {"investor": "j1", "startup": "b", "criterion": "market", "value": 4},
                {"investor": "j2", "startup": "a", "criterion": "tech", "value": 8},
                {"investor": "j2", "startup": "a", "criterion": "market", "value": 6},
                {"investor": "j2", "startup": "b", "criterion": "tech", "value": 4},
                {"investor": "j2", "startup": "b", "criterion": "market", "value": 4},
                {"investor": "j2", "startup": "c", "criterion": "tech", "value": 6}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn the_report_compares_the_startup_with_the_field() {
        let snapshot = two_judges();
        let a = feedback(&snapshot, "a", false).unwrap();
        // Every scored startup is ranked (the minimum of judges only flags, definitions §4):
        // a is first of 3, and 1·100 ≤ 50·3 but not ≤ 25·3.
        assert_eq!(
            (a.judges, a.ranked, a.band, a.rank),
            (2, 3, Some(RankBand::Top50), None)
        );
        let criteria: Vec<(&str, Option<f64>, Option<f64>)> = a
            .criteria
            .iter()
            .map(|c| (c.criterion.as_str(), c.mean, c.field_mean))
            .collect();
        // Tech. j1 has two scores (8, 4): fewer than 3, so only shifted, x − μ[j1] + μ[c], and
        // μ[c] = 6 (pooled 8, 4, 8, 4, 6), so a keeps 8. j2 has three (8, 4, 6: μ 6, σ √(8/3)),
        // σ[c] = √(16/5): a gets 6 + √(16/5)·2/√(8/3) = 6 + 2·√1.2. a's mean is the two's
        // mean. b is the mirror image about 6 and c (j2's 6) is 6, so the field mean is 6.
        let a_tech = (8.0 + 6.0 + 2.0 * 1.2f64.sqrt()) / 2.0;
        assert!(
            (criteria[0].1.unwrap() - a_tech).abs() < 1e-9,
            "{criteria:?}"
        );
        assert!((criteria[0].2.unwrap() - 6.0).abs() < 1e-9, "{criteria:?}");
        // Market: both judges score a 6 and b 4, two scores each: shifted by 5 − 5, unchanged.
        assert_eq!(criteria[1].0, "market");
        assert!((criteria[1].1.unwrap() - 6.0).abs() < 1e-9);
        assert!((criteria[1].2.unwrap() - 5.0).abs() < 1e-9);
        assert_eq!(feedback(&snapshot, "a", true).unwrap().rank, Some(1));
        // c has one judge, on one criterion: its market mean is absent.
        let c = feedback(&snapshot, "c", true).unwrap();
        assert_eq!(c.judges, 1);
        assert!(c.rank.is_some() && c.band.is_some());
        assert!((c.criteria[0].mean.unwrap() - 6.0).abs() < 1e-9);
        assert_eq!(c.criteria[1].mean, None);
        assert_eq!(
            feedback(&snapshot, "zz", false),
            Err(FeedbackError::UnknownStartup)
        );
    }

    #[test]
    fn only_comments_shared_by_a_judge_of_the_startup_reach_it_unsigned_in_text_order() {
        let mut snapshot = two_judges();
        snapshot.investors.push(
            serde_json::from_value(
                serde_json::json!({"id": "j3", "firm": "F3", "conflicts": ["a"]}),
            )
            .unwrap(),
        );
        let comment = |investor: &str, startup: &str, text: &str, shared: bool| {
            serde_json::from_value::<crate::model::Comment>(serde_json::json!(
                {"investor": investor, "startup": startup, "text": text, "shared": shared}
            ))
            .unwrap()
        };
        snapshot.comments = vec![
            comment("j2", "a", "시장 검증이 더 필요합니다", true),
            comment("j1", "a", "Clear unit economics", true),
            comment("j1", "b", "not for a", true),
            comment("j3", "a", "conflicted judge", true),
            comment("j2", "b", "kept private", false),
            comment("j1", "c", "   ", true),
        ];
        let a = feedback(&snapshot, "a", false).unwrap();
        assert_eq!(
            a.comments,
            ["Clear unit economics", "시장 검증이 더 필요합니다"]
        );
        assert_eq!(
            feedback(&snapshot, "b", false).unwrap().comments,
            ["not for a"]
        );
        assert!(feedback(&snapshot, "c", false).unwrap().comments.is_empty());
    }

    #[test]
    fn the_report_names_no_judge() {
        let text = serde_json::to_string(&feedback(&two_judges(), "a", true).unwrap()).unwrap();
        for judge in ["j1", "j2", "F1", "F2"] {
            assert!(!text.contains(judge), "{judge} in {text}");
        }
    }
}
