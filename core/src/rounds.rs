//! Rounds (docs/definitions.md §8.1, §11): `event.rounds[]` with their own criteria, scale,
//! judges, minimum judges, weight and promotion; `scores[].round`; `event.final`; and the rules
//! a snapshot with rounds must follow ([`round_problems`], called by `validate`).
//!
//! Ranking within a round and the final total are in `crate::round_ranking`. This module stays
//! near the leaves of the module graph because validation calls it; for the same reason the
//! types themselves ([`Round`], [`RoundJudges`], [`Promote`], [`FinalTotal`]) are defined in
//! `crate::model` next to `Event`, which holds them, and re-exported here.
//!
//! # Snapshot shape
//!
//! ```json
//! "event": {
//!   "rounds": [
//!     { "id": "screening", "criteria": [{"key": "docs", "weight": 1.0}],
//!       "scale": {"min": 1, "max": 5}, "judges": ["i1", "i2"], "min_judges": 2,
//!       "weight": 1.0, "promote": {"top": 10} },
//!     { "id": "final", "judges": "all", "weight": 2.0 }
//!   ],
//!   "final": "weighted"
//! }
//! ```
//!
//! # Decisions where the definitions are silent
//!
//! - **Inherited settings.** A round without `criteria`, `scale` or `min_judges` uses the
//!   event's; without `weight`, weight 1; `judges` absent or `"all"` means every investor, a list
//!   names the investors who judge the round. Other round fields (dates, a name) ride along in
//!   `extra`; `reveal` there is the round's reveal mode ([`Round::reveal`]; one of the event's
//!   modes, else a problem at `rounds[k].reveal`), the event's when absent.
//! - **Promotion** is `{"top": N}` (N ≥ 1: the startups ranked N or better by the round's chosen
//!   total — a tie at the cut promotes everyone in it, ties are never broken silently) or
//!   `{"startups": [id, …]}` (by hand). Exactly one of the two; absent = no promotion recorded
//!   (e.g. the last round). Promotion is data for the organizer: it does not filter any ranking
//!   (a startup without scores in a round is listed last in it, unranked, as always).
//! - **Final total.** `event.final` is `"final_only"` (the default) or `"weighted"`.
//!   `final_only` is the last round of `event.rounds` (rounds are listed in the order they are
//!   held). The default is `final_only` because a weighted final over "the rounds where s has a
//!   total" lets a startup that was not promoted keep its screening total.
//! - **Which round a score belongs to.** Its `round`; without one, the event's only round. When
//!   the event has two or more rounds a score must name its round (`scores[i].round: required`);
//!   a score naming a round when the event has none is `unknown_id`.
//! - **Judges.** A score (or abstention) from an investor not in its round's `judges` list is a
//!   problem (`scores[i].investor: not_applicable`).
//! - **Validation with rounds.** When the event has rounds, each score is checked against its
//!   round's criteria and scale instead of the event's (the same codes and paths as without
//!   rounds), and duplicates are looked for within a round: the same investor, startup and
//!   criterion may be scored once per round. The event's own `criteria` and `scale` stay
//!   required and are what rounds without their own inherit. These problems are reported after
//!   the other score problems' place in the list (after startups and investors).

use crate::model::{whole_number, Criterion, Event, RevealMode, Scale, ScoreEntry, Snapshot};
pub use crate::model::{AllInvestors, FinalTotal, Promote, Round, RoundJudges};
use crate::problem::{Problem, ProblemCode};
use std::collections::{HashMap, HashSet};

/// Scale bounds must lie within ±this, as `validate::SCALE_LIMIT` (validation calls this module,
/// so the constant cannot be imported here; a test keeps the two equal).
pub const SCALE_LIMIT: i64 = 1_000;
/// Longest score comment, as `validate::COMMENT_MAX_CHARS` (see [`SCALE_LIMIT`]).
pub const COMMENT_MAX_CHARS: usize = 1_000;

impl Round {
    pub fn criteria<'a>(&'a self, event: &'a Event) -> &'a [Criterion] {
        self.criteria.as_deref().unwrap_or(&event.criteria)
    }

    pub fn scale(&self, event: &Event) -> Scale {
        self.scale.unwrap_or(event.scale)
    }

    pub fn min_judges(&self, event: &Event) -> i64 {
        self.min_judges.unwrap_or(event.min_judges)
    }

    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }

    /// The investor ids of a judges list; `None` when every investor judges.
    pub fn judge_list(&self) -> Option<&[String]> {
        match &self.judges {
            Some(RoundJudges::List(ids)) => Some(ids),
            _ => None,
        }
    }

    /// The round's reveal mode (`reveal`, kept in `extra` as the snapshot writes it); `None`
    /// when it has none (or an unreadable one, which validation names): the event's.
    pub fn reveal(&self) -> Option<RevealMode> {
        self.extra
            .get("reveal")
            .and_then(|value| serde_json::from_value(value.clone()).ok())
    }

    pub fn is_judge(&self, investor: &str) -> bool {
        self.judge_list()
            .is_none_or(|ids| ids.iter().any(|id| id == investor))
    }
}

/// The position in `event.rounds` of the round a score belongs to: its `round`, or the only
/// round when it names none. `None` when the event has no rounds, the round is unknown, or the
/// score names none while there are several.
pub fn score_round(event: &Event, score: &ScoreEntry) -> Option<usize> {
    match &score.round {
        Some(id) => event.rounds.iter().position(|round| &round.id == id),
        None if event.rounds.len() == 1 => Some(0),
        None => None,
    }
}

/// The position of the round with this id.
pub fn round_index(event: &Event, id: &str) -> Option<usize> {
    event.rounds.iter().position(|round| round.id == id)
}

/// The round a scoring change from a phone belongs to (definitions §8.1), by the rules of a
/// snapshot's score: the round it names, or the only round when it names none. `Ok(None)`: the
/// event has no rounds and the change names none. The problem's path is `round`.
pub fn change_round(event: &Event, named: Option<&str>) -> Result<Option<usize>, Problem> {
    match (named, event.rounds.len()) {
        (None, 0) => Ok(None),
        (None, 1) => Ok(Some(0)),
        (None, _) => Err(Problem::new("round", ProblemCode::Required)
            .with_detail("the event scores in rounds: name the round")),
        (Some(id), _) => round_index(event, id).map(Some).ok_or_else(|| {
            Problem::new("round", ProblemCode::UnknownId)
                .with_detail(format!("the event has no round {id:?}"))
        }),
    }
}

/// The round phones score now: the organizer's `current` when the event has it, else the first
/// round; `None` for an event without rounds.
pub fn current_round<'a>(rounds: &'a [Round], current: Option<&str>) -> Option<&'a Round> {
    current
        .and_then(|id| rounds.iter().find(|round| round.id == id))
        .or_else(|| rounds.first())
}

/// The startups a later round is for (definitions §8.1): the list the organizer promoted from
/// the round before `index` by hand or confirmed from its top N; `None` (everyone) for the
/// first round, or while the round before has no confirmed list.
pub fn entrants(rounds: &[Round], index: usize) -> Option<&[String]> {
    let before = rounds.get(index.checked_sub(1)?)?;
    before.promote.as_ref()?.startups.as_deref()
}

/// The criteria and scale of the board a view shows: round `named`'s, else (no round named)
/// the last round's in an event with rounds — the board the final total reads when it is
/// `final_only` — else the event's.
pub fn board_rubric<'a>(event: &'a Event, named: Option<&str>) -> (&'a [Criterion], Scale) {
    let round = match named {
        Some(id) => event.rounds.iter().find(|round| round.id == id),
        None => event.rounds.last(),
    };
    match round {
        Some(round) => (round.criteria(event), round.scale(event)),
        None => (&event.criteria, event.scale),
    }
}

/// Round `index` as a snapshot without rounds: the event's criteria, scale and minimum judges
/// replaced by the round's, and only the round's scores (without their `round`, by its judges).
/// Everything else — people, interest, meetings — is unchanged, so positions of startups and
/// investors are the same as in `snapshot`. §4.1–4.5 applied to it are §4.1–4.5 within the
/// round. `index` must be a position in `event.rounds`; a snapshot without rounds is returned
/// as it is for any index.
pub fn round_snapshot(snapshot: &Snapshot, index: usize) -> Snapshot {
    let event = &snapshot.event;
    let Some(round) = event.rounds.get(index) else {
        return snapshot.clone();
    };
    let mut one = Snapshot {
        scores: Vec::new(),
        ..snapshot.clone()
    };
    one.event.criteria = round.criteria(event).to_vec();
    one.event.scale = round.scale(event);
    one.event.min_judges = round.min_judges(event);
    one.event.rounds = Vec::new();
    one.event.final_total = None;
    one.scores = snapshot
        .scores
        .iter()
        .filter(|score| score_round(event, score) == Some(index) && round.is_judge(&score.investor))
        .map(|score| ScoreEntry {
            round: None,
            ..score.clone()
        })
        .collect();
    one
}

/// Every problem of the rounds and of the scores when the event has rounds (see the module
/// docs); empty for a snapshot without rounds whose scores name none.
pub fn round_problems(snapshot: &Snapshot) -> Vec<Problem> {
    let event = &snapshot.event;
    let mut out = Vec::new();
    if event.rounds.is_empty() {
        for (index, score) in snapshot.scores.iter().enumerate() {
            if let Some(id) = &score.round {
                out.push(
                    Problem::new(format!("scores[{index}].round"), ProblemCode::UnknownId)
                        .with_detail(format!("no round {id:?}: the event has no rounds")),
                );
            }
        }
        return out;
    }
    let investors: HashSet<&str> = snapshot.investors.iter().map(|i| i.id.as_str()).collect();
    let startups: HashSet<&str> = snapshot.startups.iter().map(|s| s.id.as_str()).collect();
    let mut round_ids: HashSet<&str> = HashSet::new();
    for (k, round) in event.rounds.iter().enumerate() {
        round_definition_problems(
            &mut out,
            &format!("event.rounds[{k}]"),
            round,
            &investors,
            &startups,
        );
        if !round.id.trim().is_empty() && !round_ids.insert(round.id.as_str()) {
            out.push(
                Problem::new(format!("event.rounds[{k}].id"), ProblemCode::Duplicate)
                    .with_detail(format!("{:?} appears twice", round.id)),
            );
        }
    }
    score_problems(&mut out, snapshot, &investors, &startups);
    out
}

fn round_definition_problems(
    out: &mut Vec<Problem>,
    path: &str,
    round: &Round,
    investors: &HashSet<&str>,
    startups: &HashSet<&str>,
) {
    if round.id.trim().is_empty() {
        out.push(Problem::new(format!("{path}.id"), ProblemCode::Required));
    }
    if let Some(criteria) = &round.criteria {
        if criteria.is_empty() {
            out.push(
                Problem::new(format!("{path}.criteria"), ProblemCode::Required)
                    .with_detail("a round with its own criteria needs at least one"),
            );
        }
        let mut keys = HashSet::new();
        for (m, criterion) in criteria.iter().enumerate() {
            let at = format!("{path}.criteria[{m}]");
            if criterion.key.trim().is_empty() {
                out.push(Problem::new(format!("{at}.key"), ProblemCode::Required));
            } else if !keys.insert(criterion.key.as_str()) {
                out.push(
                    Problem::new(format!("{at}.key"), ProblemCode::Duplicate)
                        .with_detail(format!("{:?} appears twice", criterion.key)),
                );
            }
            if !criterion.weight.is_finite() || criterion.weight <= 0.0 {
                out.push(
                    Problem::new(format!("{at}.weight"), ProblemCode::NotPositive)
                        .with_detail("a weight must be a number above 0"),
                );
            }
        }
    }
    if let Some(scale) = round.scale {
        for (name, bound) in [("min", scale.min), ("max", scale.max)] {
            if bound.unsigned_abs() > SCALE_LIMIT.unsigned_abs() {
                out.push(
                    Problem::new(format!("{path}.scale.{name}"), ProblemCode::OutOfRange)
                        .with_detail(format!("scale bounds must lie within ±{SCALE_LIMIT}")),
                );
            }
        }
        if scale.min >= scale.max {
            out.push(
                Problem::new(format!("{path}.scale"), ProblemCode::MinOverMax)
                    .with_detail("the scale's min must be below its max"),
            );
        }
    }
    if let Some(ids) = round.judge_list() {
        if ids.is_empty() {
            out.push(
                Problem::new(format!("{path}.judges"), ProblemCode::Required).with_detail(
                    "a round needs judges; leave judges out (or \"all\") for every investor",
                ),
            );
        }
        let mut seen = HashSet::new();
        for (m, id) in ids.iter().enumerate() {
            let at = format!("{path}.judges[{m}]");
            if !investors.contains(id.as_str()) {
                out.push(unknown(at, id));
            } else if !seen.insert(id.as_str()) {
                out.push(
                    Problem::new(at, ProblemCode::Duplicate)
                        .with_detail(format!("{id:?} appears twice")),
                );
            }
        }
    }
    if round.extra.get("reveal").is_some() && round.reveal().is_none() {
        out.push(
            Problem::new(format!("{path}.reveal"), ProblemCode::InvalidFormat)
                .with_detail("\"never\", \"after-own-scoring\" or \"after-organizer-reveal\""),
        );
    }
    if round.min_judges.is_some_and(|n| n < 0) {
        out.push(Problem::new(
            format!("{path}.min_judges"),
            ProblemCode::Negative,
        ));
    }
    if round.weight.is_some_and(|w| !w.is_finite() || w <= 0.0) {
        out.push(
            Problem::new(format!("{path}.weight"), ProblemCode::NotPositive)
                .with_detail("a round's weight must be a number above 0"),
        );
    }
    if let Some(promote) = &round.promote {
        let at = format!("{path}.promote");
        match (promote.top, &promote.startups) {
            (Some(_), Some(_)) | (None, None) => out.push(
                Problem::new(at, ProblemCode::InvalidFormat)
                    .with_detail("either {\"top\": N} or {\"startups\": [id, …]}"),
            ),
            (Some(top), None) if top < 1 => out.push(
                Problem::new(format!("{at}.top"), ProblemCode::NotPositive)
                    .with_detail("must be at least 1"),
            ),
            (Some(_), None) => {}
            (None, Some(ids)) => {
                for (m, id) in ids.iter().enumerate() {
                    if !startups.contains(id.as_str()) {
                        out.push(unknown(format!("{at}.startups[{m}]"), id));
                    }
                }
            }
        }
    }
}

fn unknown(path: String, id: &str) -> Problem {
    Problem::new(path, ProblemCode::UnknownId).with_detail(format!("no such id {id:?}"))
}

/// The checks `validate` makes of every score, against the score's round (its criteria, scale
/// and judges), with duplicates looked for within the round.
fn score_problems(
    out: &mut Vec<Problem>,
    snapshot: &Snapshot,
    investors: &HashSet<&str>,
    startups: &HashSet<&str>,
) {
    let event = &snapshot.event;
    // (round, investor, startup) → the criteria already scored there (None: whole pitch).
    type Entries<'a> = Vec<(Option<&'a str>, usize)>;
    let mut entries_by_pair: HashMap<(usize, &str, &str), Entries> = HashMap::new();
    for (index, score) in snapshot.scores.iter().enumerate() {
        let path = format!("scores[{index}]");
        let investor_known = investors.contains(score.investor.as_str());
        if !investor_known {
            out.push(unknown(format!("{path}.investor"), &score.investor));
        }
        let startup_known = startups.contains(score.startup.as_str());
        if !startup_known {
            out.push(unknown(format!("{path}.startup"), &score.startup));
        }
        let round_index = score_round(event, score);
        let Some(r) = round_index else {
            out.push(match &score.round {
                Some(id) => Problem::new(format!("{path}.round"), ProblemCode::UnknownId)
                    .with_detail(format!("no round {id:?}")),
                None => Problem::new(format!("{path}.round"), ProblemCode::Required)
                    .with_detail("the event has several rounds; name the score's round"),
            });
            continue;
        };
        let round = &event.rounds[r];
        let criteria = round.criteria(event);
        let criterion_known = match score.criterion.as_deref() {
            Some(key) if !criteria.iter().any(|c| c.key == key) => {
                out.push(
                    Problem::new(format!("{path}.criterion"), ProblemCode::UnknownId).with_detail(
                        format!("no criterion with key {key:?} in round {:?}", round.id),
                    ),
                );
                false
            }
            Some(_) => true,
            None if !score.abstain => {
                out.push(
                    Problem::new(format!("{path}.criterion"), ProblemCode::Required)
                        .with_detail("only an abstention may leave out the criterion"),
                );
                false
            }
            None => true,
        };
        if let Some(problem) = value_problem(score, round.scale(event)) {
            out.push(Problem {
                path: format!("{path}.{}", problem.path),
                ..problem
            });
        }
        if investor_known && !round.is_judge(&score.investor) {
            out.push(
                Problem::new(format!("{path}.investor"), ProblemCode::NotApplicable).with_detail(
                    format!(
                        "{:?} is not a judge of round {:?}",
                        score.investor, round.id
                    ),
                ),
            );
        }
        if score
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > COMMENT_MAX_CHARS)
        {
            out.push(
                Problem::new(format!("{path}.comment"), ProblemCode::TooLong)
                    .with_detail(format!("at most {COMMENT_MAX_CHARS} characters")),
            );
        }
        if investor_known && startup_known && criterion_known {
            let entries = entries_by_pair
                .entry((r, score.investor.as_str(), score.startup.as_str()))
                .or_default();
            let clash = entries.iter().find(|(other, _)| {
                other.is_none() || score.criterion.is_none() || *other == score.criterion.as_deref()
            });
            if let Some((_, first)) = clash {
                out.push(
                    Problem::new(path, ProblemCode::Duplicate).with_detail(format!(
                        "scores[{first}] already covers this investor, startup and criterion \
                         in this round"
                    )),
                );
            }
            entries.push((score.criterion.as_deref(), index));
        }
    }
}

/// A score's value against a scale, its problem at path `value` (the rules of
/// `validate::score_value`).
fn value_problem(score: &ScoreEntry, scale: Scale) -> Option<Problem> {
    if score.abstain {
        return score.value.as_ref().map(|_| {
            Problem::new("value", ProblemCode::InvalidFormat)
                .with_detail("an abstention carries no value")
        });
    }
    let Some(value) = score.value.as_ref() else {
        return Some(
            Problem::new("value", ProblemCode::Required)
                .with_detail("a score needs a value, or \"abstain\": true"),
        );
    };
    match whole_number(value) {
        None => Some(
            Problem::new("value", ProblemCode::NotInteger).with_detail("scores are whole numbers"),
        ),
        Some(v) if v < scale.min || v > scale.max => Some(
            Problem::new("value", ProblemCode::OutOfScale)
                .with_detail(format!("scores run from {} to {}", scale.min, scale.max)),
        ),
        Some(_) => None,
    }
}
