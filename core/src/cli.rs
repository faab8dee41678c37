//! The `roadshow` command-line tool's commands, as plain functions from input bytes to output text
//! and exit status, so they are testable (natively and on wasm32) without spawning a process.
//! The binary (`src/bin/roadshow.rs`) only parses arguments and reads files.
//!
//! Exit statuses: 0 success; 1 the input has problems (or, for `check`, any problem at all);
//! 2 is left to the argument parser for usage errors (and `repair`'s `--from-slot` outside the
//! event's slots). Problems go to stderr for `rank` (stdout
//! stays machine-readable) and to stdout for `check` (problems are its output). Exit status 3:
//! `match --min-startup-meetings` found the floor impossible (the certificate is on stdout); a
//! floor together with `--mode stable` is wrong usage (2), and so is `--policy-bonus` with
//! `--mode stable` or below 0.
//!
//! Adding a command: write `fn <command>_command(input: &[u8], …) -> CommandOutput` here and one
//! subcommand variant in the binary that calls it.

use crate::matching::MatchError;
use crate::model::{MatchMode, Snapshot};
use crate::problem::Problem;
use crate::ranking::{Ranking, Scoreboard, TotalMode};
use crate::snapshot::parse_snapshot_bytes;
use crate::validate::validate;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// What a command prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl CommandOutput {
    fn success(stdout: String) -> Self {
        CommandOutput {
            stdout,
            stderr: String::new(),
            exit_code: 0,
        }
    }

    fn problems(problems: &[Problem]) -> Self {
        CommandOutput {
            stdout: String::new(),
            stderr: problem_lines(problems),
            exit_code: 1,
        }
    }
}

/// One problem per line: `path: code (detail)`.
pub fn problem_lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| format!("{problem}\n"))
        .collect()
}

/// Parses and validates; every problem found, or the snapshot.
pub fn load_snapshot(input: &[u8]) -> Result<Snapshot, Vec<Problem>> {
    let snapshot = parse_snapshot_bytes(input).map_err(|error| vec![error.to_problem()])?;
    let problems = validate(&snapshot);
    if problems.is_empty() {
        Ok(snapshot)
    } else {
        Err(problems)
    }
}

/// Which ranking `roadshow rank` prints: plain, one round's (`--round R`) or the final total
/// (`--final`); see definitions §8.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankScope<'a> {
    Plain,
    Round(&'a str),
    Final,
}

/// `roadshow rank SNAPSHOT [--raw]`: the ranking as a JSON list in rank order.
pub fn rank_command(input: &[u8], mode: TotalMode) -> CommandOutput {
    match load_snapshot(input) {
        Ok(snapshot) => scoped_rank_output(&snapshot, mode, RankScope::Plain),
        Err(problems) => CommandOutput::problems(&problems),
    }
}

/// `roadshow rank SNAPSHOT --round R [--raw]` (definitions §8.1): the ranking within round R
/// (its criteria, scale, judges and minimum judges), printed as `rank` prints it. An event
/// without rounds, or no round R, is wrong usage (exit status 2).
pub fn rank_round_command(input: &[u8], mode: TotalMode, round: &str) -> CommandOutput {
    match load_snapshot(input) {
        Ok(snapshot) => scoped_rank_output(&snapshot, mode, RankScope::Round(round)),
        Err(problems) => CommandOutput::problems(&problems),
    }
}

/// `roadshow rank SNAPSHOT --final [--raw]` (definitions §8.1): the final total over the rounds
/// (`crate::round_ranking` says which fields mean what); without rounds, exactly `rank`.
pub fn rank_final_command(input: &[u8], mode: TotalMode) -> CommandOutput {
    match load_snapshot(input) {
        Ok(snapshot) => scoped_rank_output(&snapshot, mode, RankScope::Final),
        Err(problems) => CommandOutput::problems(&problems),
    }
}

/// `roadshow rank SNAPSHOT --track T [--round R | --final] [--raw]` (definitions §8.2): the
/// same ranking on track T's own board (`crate::tracks::track_snapshot`). A track no startup is
/// in is wrong usage (exit status 2), naming the tracks there are.
pub fn rank_track_command(
    input: &[u8],
    mode: TotalMode,
    track: &str,
    scope: RankScope<'_>,
) -> CommandOutput {
    let snapshot = match load_snapshot(input) {
        Ok(snapshot) => snapshot,
        Err(problems) => return CommandOutput::problems(&problems),
    };
    match crate::tracks::track_snapshot(&snapshot, track) {
        Some(board) => scoped_rank_output(&board, mode, scope),
        None => no_such_track(&snapshot, track),
    }
}

/// Wrong usage: `--track T` names a track no startup is in.
fn no_such_track(snapshot: &Snapshot, track: &str) -> CommandOutput {
    CommandOutput {
        stdout: String::new(),
        stderr: format!(
            "no startup is in track `{track}` (tracks: {})\n",
            crate::tracks::track_names(snapshot).join(", ")
        ),
        exit_code: 2,
    }
}

fn scoped_rank_output(snapshot: &Snapshot, mode: TotalMode, scope: RankScope<'_>) -> CommandOutput {
    use crate::round_ranking::{final_ranking, rank_round, FinalRanking, RoundRankError};
    match scope {
        RankScope::Plain if snapshot.event.rounds.is_empty() => {
            let mut board = match Scoreboard::from_snapshot(snapshot) {
                Ok(board) => board,
                Err(problems) => return CommandOutput::problems(&problems),
            };
            let ranking = board.ranking(mode);
            json_output(&rank_rows(snapshot, &ranking), "the ranking")
        }
        RankScope::Plain | RankScope::Final => match final_ranking(snapshot, mode) {
            Ok(FinalRanking::Round(ranked)) => {
                json_output(&rank_rows(&ranked.snapshot, &ranked.ranking), "the ranking")
            }
            Ok(FinalRanking::Weighted(rows)) => json_output(&rows, "the ranking"),
            Err(problems) => CommandOutput::problems(&problems),
        },
        RankScope::Round(round) => match rank_round(snapshot, round, mode) {
            Ok(ranked) => json_output(&rank_rows(&ranked.snapshot, &ranked.ranking), "the ranking"),
            Err(RoundRankError::Invalid(problems)) => CommandOutput::problems(&problems),
            Err(error) => CommandOutput {
                stdout: String::new(),
                stderr: format!("{error}\n"),
                exit_code: 2,
            },
        },
    }
}

/// `roadshow check SNAPSHOT [--json]`: every problem with its JSON path; exit 1 if any.
pub fn check_command(input: &[u8], as_json: bool) -> CommandOutput {
    let problems = match load_snapshot(input) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    };
    let stdout = if as_json {
        // A list of {path, code, detail}; serialising these plain strings cannot fail, but an
        // error is still reported rather than hidden.
        match serde_json::to_string_pretty(&problems) {
            Ok(json) => json + "\n",
            Err(error) => {
                return CommandOutput {
                    stdout: String::new(),
                    stderr: format!("could not write the problems: {error}\n"),
                    exit_code: 1,
                }
            }
        }
    } else if problems.is_empty() {
        "no problems found\n".to_owned()
    } else {
        problem_lines(&problems)
    };
    CommandOutput {
        stdout,
        stderr: String::new(),
        exit_code: i32::from(!problems.is_empty()),
    }
}

/// One line of `roadshow rank`'s output (definitions §4a field names).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankRow {
    pub startup: String,
    pub rank: Option<u32>,
    pub total: Option<f64>,
    pub raw_total: Option<f64>,
    pub normalized_total: Option<f64>,
    pub se: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub judges: u32,
    pub needs: u32,
    pub disagreement: bool,
    /// Criterion key → the chosen mode's mean, in event order.
    #[serde(serialize_with = "ordered_map")]
    pub criteria: Vec<(String, Option<f64>)>,
}

fn ordered_map<S: Serializer>(
    entries: &[(String, Option<f64>)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// The ranking with ids and criterion keys, as `roadshow rank` prints it.
pub fn rank_rows(snapshot: &Snapshot, ranking: &Ranking) -> Vec<RankRow> {
    let keys: Vec<&str> = snapshot
        .event
        .criteria
        .iter()
        .map(|c| c.key.as_str())
        .collect();
    ranking
        .startups
        .iter()
        .map(|result| RankRow {
            startup: snapshot.startups[result.startup].id.clone(),
            rank: result.rank,
            total: result.total,
            raw_total: result.raw_total,
            normalized_total: result.normalized_total,
            se: result.se,
            ci_low: result.ci_low,
            ci_high: result.ci_high,
            judges: result.judges,
            needs: result.needs,
            disagreement: result.disagreement,
            criteria: keys
                .iter()
                .zip(&result.criteria)
                .map(|(key, criterion)| ((*key).to_owned(), criterion.mean_for(ranking.mode)))
                .collect(),
        })
        .collect()
}

/// `roadshow match SNAPSHOT [--mode best|stable]`: `{pairs: [{investor, startup, score}], total,
/// blocking_pairs, min_startup_meetings}`. Without `--mode`, the event's `match.mode`.
pub fn match_command(input: &[u8], mode: Option<MatchMode>) -> CommandOutput {
    let snapshot = match load_snapshot(input) {
        Ok(snapshot) => snapshot,
        Err(problems) => return CommandOutput::problems(&problems),
    };
    match crate::matching::match_snapshot(&snapshot, mode) {
        Ok(selection) => json_output(&selection, "the selection"),
        Err(error) => matching_failure(error),
    }
}

/// `roadshow match SNAPSHOT --min-startup-meetings K` (definitions §7.3, §11): the `match` output
/// of "best" under the floor; when no selection meets it, exit status 3 and `{"infeasible":
/// {startups, need, supply, investors: [{investor, supply}]}}` on stdout. K = 0 is exactly
/// [`match_command`]; a floor with `--mode stable` is wrong usage (exit status 2), and a floor
/// without `--mode` selects "best" whatever the event's `match.mode`.
pub fn match_floor_command(
    input: &[u8],
    mode: Option<MatchMode>,
    min_startup_meetings: u32,
) -> CommandOutput {
    use crate::matching::{match_snapshot_with_floor, FloorSelection};
    if min_startup_meetings == 0 {
        return match_command(input, mode);
    }
    if mode == Some(MatchMode::Stable) {
        return CommandOutput {
            stdout: String::new(),
            stderr: "--min-startup-meetings applies to --mode best only\n".to_owned(),
            exit_code: 2,
        };
    }
    let snapshot = match load_snapshot(input) {
        Ok(snapshot) => snapshot,
        Err(problems) => return CommandOutput::problems(&problems),
    };
    match match_snapshot_with_floor(&snapshot, min_startup_meetings) {
        Ok(FloorSelection::Selected(selection)) => json_output(&selection, "the selection"),
        Ok(FloorSelection::Infeasible(infeasible)) => {
            #[derive(Serialize)]
            struct Infeasible<'a> {
                infeasible: &'a crate::matching::FloorInfeasible,
            }
            let mut out = json_output(
                &Infeasible {
                    infeasible: &infeasible,
                },
                "the certificate",
            );
            if out.exit_code == 0 {
                out.exit_code = 3;
            }
            out
        }
        Err(error) => matching_failure(error),
    }
}

/// `roadshow match SNAPSHOT --policy-bonus B [--min-startup-meetings K]` (definitions §7.7,
/// §11): "best" on M' = M + B·[investor in the capital region, startup outside it]; prints the
/// `match` output (scores and total without the bonus) plus `policy_pairs`. B must be a number
/// ≥ 0 and `--mode stable` is wrong usage (exit status 2); with a floor, exit status 3 and the
/// certificate when the floor is impossible, as [`match_floor_command`].
pub fn match_policy_command(
    input: &[u8],
    mode: Option<MatchMode>,
    policy_bonus: f64,
    min_startup_meetings: Option<u32>,
) -> CommandOutput {
    use crate::matching::policy::{match_snapshot_with_policy_bonus, PolicyError, PolicyOutcome};
    let usage = |message: String| CommandOutput {
        stdout: String::new(),
        stderr: message + "\n",
        exit_code: 2,
    };
    if mode == Some(MatchMode::Stable) {
        return usage("--policy-bonus applies to --mode best only".to_owned());
    }
    if !(policy_bonus.is_finite() && policy_bonus >= 0.0) {
        return usage(PolicyError::Bonus(policy_bonus).to_string());
    }
    let snapshot = match load_snapshot(input) {
        Ok(snapshot) => snapshot,
        Err(problems) => return CommandOutput::problems(&problems),
    };
    match match_snapshot_with_policy_bonus(
        &snapshot,
        policy_bonus,
        min_startup_meetings.unwrap_or(0),
    ) {
        Ok(PolicyOutcome::Selected(selection)) => json_output(&selection, "the selection"),
        Ok(PolicyOutcome::Infeasible(infeasible)) => {
            #[derive(Serialize)]
            struct Infeasible<'a> {
                infeasible: &'a crate::matching::FloorInfeasible,
            }
            let mut out = json_output(
                &Infeasible {
                    infeasible: &infeasible,
                },
                "the certificate",
            );
            if out.exit_code == 0 {
                out.exit_code = 3;
            }
            out
        }
        Err(PolicyError::Bonus(beta)) => usage(PolicyError::Bonus(beta).to_string()),
        Err(PolicyError::Match(error)) => matching_failure(error),
    }
}

/// `roadshow schedule SNAPSHOT [--mode best|stable]`: `{meetings: [{investor, startup, slot,
/// table}], unplaced: [{investor, startup, reason}], slots_used}` for the selected pairs.
pub fn schedule_command(input: &[u8], mode: Option<MatchMode>) -> CommandOutput {
    let snapshot = match load_snapshot(input) {
        Ok(snapshot) => snapshot,
        Err(problems) => return CommandOutput::problems(&problems),
    };
    match crate::matching::schedule_snapshot(&snapshot, mode) {
        Ok(schedule) => json_output(&schedule, "the schedule"),
        Err(error) => matching_failure(error),
    }
}

/// `roadshow repair SNAPSHOT --from-slot N`: `{kept: [meeting], added: [{investor, startup, slot,
/// table, score}], unplaced: [{investor, startup, reason}], total_added}` (definitions §7.2).
/// A `from_slot` outside 0 … slots − 1 is wrong usage: exit status 2.
pub fn repair_command(input: &[u8], from_slot: i64) -> CommandOutput {
    use crate::matching::repair::{repair_snapshot, RepairError};
    let snapshot = match load_snapshot(input) {
        Ok(snapshot) => snapshot,
        Err(problems) => return CommandOutput::problems(&problems),
    };
    match repair_snapshot(&snapshot, from_slot) {
        Ok(repair) => json_output(&repair, "the repair"),
        Err(RepairError::Match(error)) => matching_failure(error),
        Err(error @ RepairError::FromSlot { .. }) => CommandOutput {
            stdout: String::new(),
            stderr: format!("{error}\n"),
            exit_code: 2,
        },
    }
}

/// `roadshow report SNAPSHOT…`: `{events: [{event, figures}], total: figures}` (definitions
/// §7.5, §11; [`crate::report`]). `inputs` are (name, bytes) in the order given; every problem of
/// every input is reported on stderr as `name: path: code (detail)`, exit status 1.
pub fn report_command(inputs: &[(&str, &[u8])]) -> CommandOutput {
    if inputs.is_empty() {
        return CommandOutput {
            stdout: String::new(),
            stderr: "report needs at least one snapshot\n".to_owned(),
            exit_code: 2,
        };
    }
    let mut snapshots = Vec::new();
    let mut stderr = String::new();
    for (name, bytes) in inputs {
        match load_snapshot(bytes) {
            Ok(snapshot) => snapshots.push((*name, snapshot)),
            Err(problems) => {
                for problem in problems {
                    stderr.push_str(&format!("{name}: {problem}\n"));
                }
            }
        }
    }
    if !stderr.is_empty() {
        return CommandOutput {
            stdout: String::new(),
            stderr,
            exit_code: 1,
        };
    }
    let snapshots: Vec<(&str, &Snapshot)> = snapshots
        .iter()
        .map(|(name, snapshot)| (*name, snapshot))
        .collect();
    match crate::report::program_report(&snapshots) {
        Ok(report) => json_output(&report, "the report"),
        Err(problems) => CommandOutput {
            stdout: String::new(),
            stderr: problems
                .iter()
                .map(|found| format!("{}: {}\n", inputs[found.snapshot].0, found.problem))
                .collect(),
            exit_code: 1,
        },
    }
}

/// `roadshow order SNAPSHOT --hall H` (definitions §8.3, §11): `{hall, order: [startup],
/// step_outs}` for the published startups of hall H. A pin beyond the hall's pitches is a
/// problem (exit status 1); see `crate::running_order` for the order and its tie-breaking.
pub fn order_command(input: &[u8], hall: u32) -> CommandOutput {
    let snapshot = match load_snapshot(input) {
        Ok(snapshot) => snapshot,
        Err(problems) => return CommandOutput::problems(&problems),
    };
    match crate::running_order::hall_order(&snapshot, hall) {
        Ok(order) => json_output(&order, "the running order"),
        Err(problems) => CommandOutput::problems(&problems),
    }
}

/// `roadshow robustness SNAPSHOT [--cut K] [--raw]` (definitions §8.5, §11): `{cut,
/// decisive_judges: [id], startups: [{startup, rank, p_top_k, out_of_top_k_without: [id]}]}`.
/// Without `--cut`, the snapshot's `event.cut`; neither, or K = 0, is wrong usage (exit status
/// 2); an `event.cut` that is not a whole number ≥ 1 is a problem (exit status 1).
pub fn robustness_command(input: &[u8], cut: Option<u32>, mode: TotalMode) -> CommandOutput {
    robustness_in_track_command(input, cut, mode, None)
}

/// `roadshow robustness SNAPSHOT [--cut K] [--raw] [--track T]`: with a track, the analysis of
/// track T's own board (definitions §8.2: its startups and the scores given on them); a track no
/// startup is in is wrong usage (exit status 2), as for `rank --track`.
pub fn robustness_in_track_command(
    input: &[u8],
    cut: Option<u32>,
    mode: TotalMode,
    track: Option<&str>,
) -> CommandOutput {
    use crate::robustness::{choose_cut, robustness, CutError};
    let mut snapshot = match load_snapshot(input) {
        Ok(snapshot) => snapshot,
        Err(problems) => return CommandOutput::problems(&problems),
    };
    if let Some(track) = track {
        match crate::tracks::track_snapshot(&snapshot, track) {
            Some(board) => snapshot = board,
            None => return no_such_track(&snapshot, track),
        }
    }
    let cut = match choose_cut(&snapshot, cut) {
        Ok(cut) => cut,
        Err(CutError::Usage(message)) => {
            return CommandOutput {
                stdout: String::new(),
                stderr: message + "\n",
                exit_code: 2,
            }
        }
        Err(CutError::Invalid(problem)) => return CommandOutput::problems(&[problem]),
    };
    match robustness(&snapshot, cut, mode) {
        Ok(result) => json_output(&result, "the robustness"),
        Err(problems) => CommandOutput::problems(&problems),
    }
}

fn json_output<T: Serialize>(value: &T, what: &str) -> CommandOutput {
    match serde_json::to_string_pretty(value) {
        Ok(json) => CommandOutput::success(json + "\n"),
        Err(error) => CommandOutput {
            stdout: String::new(),
            stderr: format!("could not write {what}: {error}\n"),
            exit_code: 1,
        },
    }
}

fn matching_failure(error: MatchError) -> CommandOutput {
    match error {
        MatchError::Invalid(problems) => CommandOutput::problems(&problems),
        other => CommandOutput {
            stdout: String::new(),
            stderr: format!("{other}\n"),
            exit_code: 1,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &[u8] = include_bytes!("../data/demo-roadshow.json");

    #[test]
    fn check_accepts_the_demo_and_rejects_garbage() {
        let ok = check_command(DEMO, false);
        assert_eq!(
            (ok.exit_code, ok.stdout.as_str()),
            (0, "no problems found\n")
        );
        let bad = check_command(b"{", false);
        assert_eq!(bad.exit_code, 1);
        assert!(bad.stdout.starts_with(".: malformed"), "{}", bad.stdout);
    }

    #[test]
    fn rank_of_unscored_demo_lists_everyone_unranked() {
        let out = rank_command(DEMO, TotalMode::Normalized);
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), 8);
        assert!(rows
            .iter()
            .all(|row| row["rank"].is_null() && row["needs"] == 3));
        assert_eq!(rows[0]["startup"], "s01");
    }
}
