//! The worker's work, free of any browser API so it is tested natively: read a snapshot once per
//! data version, then match, schedule and export from memory for any weights.

use roadshow_app::solver::protocol::{
    BoardResult, ExportFiles, FailureCode, FrontierResult, MetBeforeNote, ModeSummary,
    RepairProposal, RobustnessReport, SolveSettings, WorkerFailure,
};
use roadshow_core::export::{self, Directory, SlotClock};
use roadshow_core::matching::policy::{PolicyError, PolicyOutcome};
use roadshow_core::matching::repair::{repair_from_slot, RepairError};
use roadshow_core::matching::{FloorSelection, MatchBoard, Selection};
use roadshow_core::model::{MatchMode, MatchSettings, ProfileStatus, Snapshot};
use roadshow_core::problem::Problem;
use roadshow_core::ranking::{Scoreboard, TotalMode};
use std::collections::HashMap;

/// A snapshot read and ranked once, reused until the console's data version moves on.
pub struct LoadedEvent {
    pub event_id: String,
    pub version: i64,
    /// Read from the server's export, not from the console's hand-off: only the export holds
    /// what the score sheet writes beside the scores (edit times, investors' comments).
    pub from_export: bool,
    snapshot: Snapshot,
    scoreboard: Scoreboard,
    /// The event's own match settings (`snapshot`'s are replaced by the organizer's while
    /// solving); repair uses these, as `roadshow repair` does on the export.
    stored_match: MatchSettings,
    /// The board "fill the gaps" works on (stored settings), built with the data version when a
    /// plan exists, so that a repair only solves.
    repair_board: Option<MatchBoard>,
}

fn failure(code: FailureCode, message: impl Into<String>) -> WorkerFailure {
    WorkerFailure {
        code,
        message: message.into(),
    }
}

fn problems_failure(problems: &[Problem]) -> WorkerFailure {
    let first = problems
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    failure(
        FailureCode::InvalidEvent,
        format!("{} problem(s); the first: {first}", problems.len()),
    )
}

impl LoadedEvent {
    /// The server's export, as `roadshow` reads it.
    pub fn read(
        event_id: &str,
        version: i64,
        snapshot_json: &str,
    ) -> Result<LoadedEvent, WorkerFailure> {
        let snapshot = roadshow_core::snapshot::parse_snapshot(snapshot_json)
            .map_err(|error| problems_failure(&[error.to_problem()]))?;
        LoadedEvent::new(event_id, version, snapshot, true)
    }

    /// The event the console handed over (`roadshow_core::handoff`), from its own synced data.
    pub fn handed_off(
        event_id: &str,
        version: i64,
        bytes: &[u8],
    ) -> Result<LoadedEvent, WorkerFailure> {
        let snapshot = roadshow_core::handoff::read(bytes)
            .map_err(|error| failure(FailureCode::BadRequest, error.to_string()))?;
        LoadedEvent::new(event_id, version, snapshot, false)
    }

    fn new(
        event_id: &str,
        version: i64,
        snapshot: Snapshot,
        from_export: bool,
    ) -> Result<LoadedEvent, WorkerFailure> {
        let scoreboard =
            Scoreboard::from_snapshot(&snapshot).map_err(|problems| problems_failure(&problems))?;
        let mut loaded = LoadedEvent {
            event_id: event_id.to_owned(),
            version,
            from_export,
            stored_match: snapshot.event.match_settings,
            snapshot,
            scoreboard,
            repair_board: None,
        };
        if !loaded.snapshot.meetings.is_empty() {
            // A failure here is reported by the repair that needs the board (it builds again).
            loaded.repair_board = loaded.new_repair_board().ok();
        }
        Ok(loaded)
    }

    /// A board with the event's stored settings (the organizer's weights on the match board do
    /// not change a repair).
    fn new_repair_board(&mut self) -> Result<MatchBoard, WorkerFailure> {
        self.snapshot.event.match_settings = self.stored_match;
        MatchBoard::new(&self.snapshot, &self.scoreboard)
            .map_err(|error| failure(FailureCode::MatchingFailed, error.to_string()))
    }

    pub fn is_for(&self, event_id: &str, version: i64) -> bool {
        self.event_id == event_id && self.version == version
    }

    /// The organizer's weights and threshold replace the stored ones for this board only.
    fn board(&mut self, settings: &SolveSettings) -> Result<MatchBoard, WorkerFailure> {
        self.snapshot.event.match_settings = MatchSettings {
            fit: settings.weights.fit,
            own: settings.weights.own,
            interest: settings.weights.interest,
            startup_interest: settings.weights.startup_interest,
            threshold: settings.threshold,
            mode: settings.mode,
        };
        MatchBoard::new(&self.snapshot, &self.scoreboard)
            .map_err(|error| failure(FailureCode::MatchingFailed, error.to_string()))
    }

    /// Both selections (for the comparison), the chosen one's pairs with their parts, and its
    /// schedule. `load_ms` is filled in by the caller, who knows whether it read the event.
    pub fn solve(
        &mut self,
        settings: &SolveSettings,
        now: impl Fn() -> f64,
    ) -> Result<BoardResult, WorkerFailure> {
        let started = now();
        let mut board = self.board(settings)?;
        let matching = |error: roadshow_core::matching::MatchError| {
            failure(FailureCode::MatchingFailed, error.to_string())
        };
        let mut best = board.select(MatchMode::Best).map_err(matching)?;
        let mut floor_infeasible = None;
        let mut policy_pairs = None;
        if let Some(beta) = settings.policy_bonus {
            // "Best" on M' (definitions §7.7), under the floor when there is one: what
            // `roadshow match --policy-bonus β [--min-startup-meetings K]` prints.
            let policy =
                |error: PolicyError| failure(FailureCode::MatchingFailed, error.to_string());
            match board
                .select_with_policy_bonus(&self.snapshot, beta, settings.min_startup_meetings)
                .map_err(policy)?
            {
                PolicyOutcome::Selected(chosen) => {
                    best = chosen.selection;
                    policy_pairs = Some(chosen.policy_pairs);
                }
                PolicyOutcome::Infeasible(certificate) => {
                    floor_infeasible = Some(certificate);
                    if let PolicyOutcome::Selected(chosen) = board
                        .select_with_policy_bonus(&self.snapshot, beta, 0)
                        .map_err(policy)?
                    {
                        best = chosen.selection;
                        policy_pairs = Some(chosen.policy_pairs);
                    }
                }
            }
        } else if settings.min_startup_meetings > 0 {
            match board
                .select_with_floor(settings.min_startup_meetings)
                .map_err(matching)?
            {
                FloorSelection::Selected(selection) => best = selection,
                FloorSelection::Infeasible(certificate) => floor_infeasible = Some(certificate),
            }
        }
        let stable = board.select(MatchMode::Stable).map_err(matching)?;
        let chosen = match settings.mode {
            MatchMode::Best => &best,
            MatchMode::Stable => &stable,
        };
        let schedule = board.schedule(chosen).map_err(matching)?;
        let pairs = chosen
            .pairs
            .iter()
            .filter_map(|pair| board.explain(&pair.investor, &pair.startup))
            .collect();
        let eligible = self.served_startups(&board);
        let met_before = self
            .snapshot
            .met_before
            .iter()
            .map(|pair| MetBeforeNote {
                pair: pair.clone(),
                veto: board
                    .explain(&pair.investor, &pair.startup)
                    .and_then(|explanation| explanation.veto),
            })
            .collect();
        Ok(BoardResult {
            version: self.version,
            settings: *settings,
            best: summary(&best, &eligible),
            stable: summary(&stable, &eligible),
            pairs,
            schedule,
            floor_infeasible,
            policy_pairs,
            met_before,
            load_ms: 0.0,
            solve_ms: now() - started,
        })
    }

    /// The policy frontier (definitions §7.7) for the organizer's weights and threshold: at
    /// each β, "best" on M' solved afresh (each point is what `--policy-bonus β` prints).
    pub fn frontier(
        &mut self,
        settings: &SolveSettings,
        betas: &[f64],
        now: impl Fn() -> f64,
    ) -> Result<FrontierResult, WorkerFailure> {
        let started = now();
        let board = self.board(settings)?;
        let points = board
            .policy_frontier(&self.snapshot, betas)
            .map_err(|error| failure(FailureCode::MatchingFailed, error.to_string()))?;
        Ok(FrontierResult {
            version: self.version,
            settings: *settings,
            points,
            solve_ms: now() - started,
        })
    }

    /// Fill the gaps from `from_slot` (definitions §7.2): `roadshow repair`'s computation and
    /// output text on this snapshot with the event's stored settings.
    pub fn repair(
        &mut self,
        from_slot: i64,
        now: impl Fn() -> f64,
    ) -> Result<RepairProposal, WorkerFailure> {
        let started = now();
        let board = match self.repair_board.take() {
            Some(board) => board,
            None => self.new_repair_board()?,
        };
        let repaired = repair_from_slot(&board, &self.snapshot, from_slot);
        self.repair_board = Some(board);
        let repair = repaired.map_err(|error| match error {
            RepairError::FromSlot { .. } => failure(FailureCode::RepairFailed, error.to_string()),
            RepairError::Match(error) => failure(FailureCode::MatchingFailed, error.to_string()),
        })?;
        let json = serde_json::to_string_pretty(&repair)
            .map_err(|error| failure(FailureCode::RepairFailed, error.to_string()))?
            + "\n";
        Ok(RepairProposal {
            version: self.version,
            from_slot,
            repair,
            json,
            solve_ms: now() - started,
        })
    }

    /// The ranking's robustness at `cut` (definitions §8.5): `roadshow robustness --cut K
    /// [--track T]`'s computation (the severity-normalized total, as the command without
    /// `--raw`) and its output text, on this snapshot or track T's board of it (§8.2).
    pub fn robustness(
        &self,
        cut: u32,
        track: Option<&str>,
        now: impl Fn() -> f64,
    ) -> Result<RobustnessReport, WorkerFailure> {
        let started = now();
        let board = match track {
            None => None,
            Some(track) => Some(
                roadshow_core::tracks::track_snapshot(&self.snapshot, track).ok_or_else(|| {
                    failure(
                        FailureCode::RobustnessFailed,
                        format!("no startup is in track {track}"),
                    )
                })?,
            ),
        };
        let robustness = roadshow_core::robustness::robustness(
            board.as_ref().unwrap_or(&self.snapshot),
            cut,
            TotalMode::Normalized,
        )
        .map_err(|problems| problems_failure(&problems))?;
        let json = serde_json::to_string_pretty(&robustness)
            .map_err(|error| failure(FailureCode::RobustnessFailed, error.to_string()))?
            + "\n";
        Ok(RobustnessReport {
            version: self.version,
            robustness,
            json,
            solve_ms: now() - started,
        })
    }

    /// Startup ids (ascending) that count for "least served": published, with room for at least
    /// one meeting — the same set as core's `min_startup_meetings`.
    fn served_startups(&self, board: &MatchBoard) -> Vec<String> {
        let mut ids: Vec<&roadshow_core::model::Startup> = self.snapshot.startups.iter().collect();
        ids.sort_by(|a, b| a.id.cmp(&b.id));
        let capacity = &board.instance().startup_capacity;
        ids.iter()
            .enumerate()
            .filter(|(index, startup)| {
                startup.status != Some(ProfileStatus::Draft)
                    && capacity.get(*index).is_some_and(|c| *c >= 1)
            })
            .map(|(_, startup)| startup.id.clone())
            .collect()
    }

    pub fn export(&mut self, settings: &SolveSettings) -> Result<ExportFiles, WorkerFailure> {
        let written =
            |error: export::ExportError| failure(FailureCode::ExportFailed, error.to_string());
        let solved = self.solve(settings, || 0.0)?;
        let directory = Directory::from_snapshot(&self.snapshot);
        let clock = SlotClock::from_settings(&self.snapshot.event.meetings).ok();
        let ranking = self.scoreboard.ranking(TotalMode::Normalized);
        Ok(ExportFiles {
            scores_csv: export::scores_csv(&self.snapshot).map_err(written)?,
            ranking_csv: export::ranking_csv(&self.snapshot, &ranking).map_err(written)?,
            matches_csv: export::matches_csv(&solved.pairs, &directory).map_err(written)?,
            schedule_csv: export::schedule_csv(&solved.schedule, clock.as_ref(), &directory)
                .map_err(written)?,
        })
    }
}

fn summary(selection: &Selection, eligible: &[String]) -> ModeSummary {
    let mut meetings: HashMap<&str, u32> = HashMap::new();
    for pair in &selection.pairs {
        *meetings.entry(pair.startup.as_str()).or_default() += 1;
    }
    let least_served = eligible
        .iter()
        .filter(|id| {
            meetings.get(id.as_str()).copied().unwrap_or(0) == selection.min_startup_meetings
        })
        .cloned()
        .collect();
    ModeSummary {
        meetings: selection.pairs.len(),
        total: selection.total,
        blocking_pairs: selection.blocking_pairs,
        min_startup_meetings: selection.min_startup_meetings,
        least_served,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roadshow_core::matching::MatchWeights;
    use roadshow_core::model::MeetingStatus;

    const DEMO: &str = include_str!("../../../core/data/demo-roadshow.json");

    fn settings(mode: MatchMode) -> SolveSettings {
        SolveSettings {
            weights: MatchWeights {
                fit: 0.3,
                own: 0.4,
                interest: 0.2,
                startup_interest: 0.1,
            },
            threshold: 0.0,
            mode,
            min_startup_meetings: 0,
            policy_bonus: None,
        }
    }

    /// The demo with every other investor based in Seoul (the rest in Busan) and every other
    /// startup in Gyeonggi, so that policy pairs (definitions §7.7) compete with the others.
    fn demo_with_capital_investors() -> String {
        let mut snapshot = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
        for (n, investor) in snapshot.investors.iter_mut().enumerate() {
            investor.hq_region = Some(if n % 2 == 0 { "Seoul" } else { "Busan" }.into());
        }
        for (n, startup) in snapshot.startups.iter_mut().enumerate() {
            if n % 2 == 1 {
                startup.region = Some("Gyeonggi".into());
            }
        }
        serde_json::to_string(&snapshot).unwrap()
    }

    #[test]
    fn the_frontier_and_a_picked_bonus_are_what_the_command_line_tool_prints() {
        use roadshow_core::matching::policy::match_snapshot_with_policy_bonus;
        let text = demo_with_capital_investors();
        let snapshot = roadshow_core::snapshot::parse_snapshot(&text).unwrap();
        // The worker solves with the organizer's weights; the command reads the event's.
        let stored = settings_of_event(&snapshot);
        let mut loaded = LoadedEvent::read("demo", 1, &text).unwrap();
        let betas = [0.0, 0.1, 0.25, 0.5, 1.0, 2.0];
        let frontier = loaded.frontier(&stored, &betas, || 0.0).unwrap();
        assert_eq!(frontier.points.len(), betas.len());
        let mut previous = 0;
        for (point, &beta) in frontier.points.iter().zip(&betas) {
            let PolicyOutcome::Selected(cli) =
                match_snapshot_with_policy_bonus(&snapshot, beta, 0).unwrap()
            else {
                panic!("no floor, no certificate");
            };
            assert_eq!(
                (point.beta, point.total, point.policy_pairs),
                (beta, cli.selection.total, cli.policy_pairs)
            );
            assert!(point.policy_pairs >= previous, "never falls as β rises");
            previous = point.policy_pairs;
            let mut picked = stored;
            picked.policy_bonus = Some(beta);
            let solved = loaded.solve(&picked, || 0.0).unwrap();
            assert_eq!(solved.policy_pairs, Some(cli.policy_pairs));
            assert_eq!(solved.best.total, cli.selection.total);
            let ids: Vec<(&str, &str)> = solved
                .pairs
                .iter()
                .map(|p| (p.investor.as_str(), p.startup.as_str()))
                .collect();
            let cli_ids: Vec<(&str, &str)> = cli
                .selection
                .pairs
                .iter()
                .map(|p| (p.investor.as_str(), p.startup.as_str()))
                .collect();
            assert_eq!(ids, cli_ids, "β = {beta}");
        }
        assert!(
            previous > frontier.points[0].policy_pairs,
            "a bonus changes the selection"
        );
    }

    #[test]
    fn a_pair_that_met_before_leaves_the_board_with_its_reason() {
        let solved = LoadedEvent::read("demo", 1, DEMO)
            .unwrap()
            .solve(&settings(MatchMode::Best), || 0.0)
            .unwrap();
        let chosen = solved.pairs[0].clone();
        let mut snapshot = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
        // Nobody asked to meet again: drop the pair's interest on both sides.
        snapshot.interest.retain(|entry| {
            !(entry.investor == chosen.investor && entry.startup == chosen.startup)
        });
        for startup in &mut snapshot.startups {
            if startup.id == chosen.startup {
                startup.wants_to_meet.retain(|id| *id != chosen.investor);
            }
        }
        snapshot.met_before = vec![roadshow_core::model::MetBefore {
            investor: chosen.investor.clone(),
            startup: chosen.startup.clone(),
            event: "earlier".into(),
            event_name: Some("울산 로드쇼".into()),
        }];
        let text = serde_json::to_string(&snapshot).unwrap();
        let solved = LoadedEvent::read("demo", 2, &text)
            .unwrap()
            .solve(&settings(MatchMode::Best), || 0.0)
            .unwrap();
        assert!(!solved
            .pairs
            .iter()
            .any(|p| p.investor == chosen.investor && p.startup == chosen.startup));
        assert_eq!(solved.met_before.len(), 1);
        assert_eq!(
            solved.met_before[0].veto,
            Some(roadshow_core::matching::Veto::MetBefore)
        );
    }

    fn settings_of_event(snapshot: &Snapshot) -> SolveSettings {
        roadshow_app::solver::protocol::SolveSettings {
            weights: MatchWeights::from(&snapshot.event.match_settings),
            threshold: snapshot.event.match_settings.threshold,
            mode: MatchMode::Best,
            min_startup_meetings: 0,
            policy_bonus: None,
        }
    }

    #[test]
    fn agrees_with_the_command_line_tool() {
        let mut loaded = LoadedEvent::read("demo", 1, DEMO).unwrap();
        for mode in [MatchMode::Best, MatchMode::Stable] {
            let solved = loaded.solve(&settings(mode), || 0.0).unwrap();
            let snapshot = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
            let cli = roadshow_core::matching::match_snapshot(&snapshot, Some(mode)).unwrap();
            let summary = if mode == MatchMode::Best {
                &solved.best
            } else {
                &solved.stable
            };
            assert_eq!(
                (summary.total, summary.blocking_pairs, summary.meetings),
                (cli.total, cli.blocking_pairs, cli.pairs.len())
            );
            let ids: Vec<(&str, &str)> = solved
                .pairs
                .iter()
                .map(|p| (p.investor.as_str(), p.startup.as_str()))
                .collect();
            let cli_ids: Vec<(&str, &str)> = cli
                .pairs
                .iter()
                .map(|p| (p.investor.as_str(), p.startup.as_str()))
                .collect();
            assert_eq!(ids, cli_ids);
            let schedule =
                roadshow_core::matching::schedule_snapshot(&snapshot, Some(mode)).unwrap();
            assert_eq!(solved.schedule, schedule);
            assert!(!summary.least_served.is_empty());
        }
    }

    #[test]
    fn a_high_threshold_removes_every_pair_and_exports_still_write() {
        let mut loaded = LoadedEvent::read("demo", 1, DEMO).unwrap();
        let mut strict = settings(MatchMode::Best);
        strict.threshold = 2.0;
        let solved = loaded.solve(&strict, || 0.0).unwrap();
        assert_eq!((solved.best.meetings, solved.stable.meetings), (0, 0));
        let files = loaded.export(&settings(MatchMode::Best)).unwrap();
        assert!(files
            .matches_csv
            .starts_with("\u{feff}investor,investor_name,startup"));
        assert!(files.ranking_csv.starts_with("\u{feff}rank,startup,name"));
        assert!(files.schedule_csv.lines().count() > 1);
    }

    /// The schedule `roadshow schedule` makes of `snapshot`, as a plan whose n-th meeting has
    /// the status `status(n)`.
    fn planned(
        snapshot: &Snapshot,
        status: impl Fn(usize) -> Option<MeetingStatus>,
    ) -> Vec<roadshow_core::model::PlannedMeeting> {
        let plan = roadshow_core::matching::schedule_snapshot(snapshot, None).unwrap();
        plan.meetings
            .iter()
            .enumerate()
            .map(|(n, m)| roadshow_core::model::PlannedMeeting {
                investor: m.investor.clone(),
                startup: m.startup.clone(),
                slot: i64::from(m.slot),
                table: i64::from(m.table),
                status: status(n),
                attendees: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn repair_prints_what_the_command_line_tool_prints() {
        let mut snapshot = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
        snapshot.meetings = planned(&snapshot, |n| {
            Some(match n % 3 {
                0 => MeetingStatus::Confirmed,
                1 => MeetingStatus::NoShow,
                _ => MeetingStatus::Declined,
            })
        });
        let text = serde_json::to_string(&snapshot).unwrap();
        let mut loaded = LoadedEvent::read("demo", 1, &text).unwrap();
        // The organizer's weights on the board do not change the repair.
        let mut tuned = settings(MatchMode::Best);
        tuned.weights.fit = 0.9;
        loaded.solve(&tuned, || 0.0).unwrap();
        let proposal = loaded.repair(3, || 0.0).unwrap();
        let cli = roadshow_core::cli::repair_command(text.as_bytes(), 3);
        assert_eq!(cli.exit_code, 0);
        assert_eq!(proposal.json, cli.stdout);
        assert!(!proposal.repair.kept.is_empty());
        // Again from another slot, on the board kept from the first: still the tool's bytes.
        let later = loaded.repair(5, || 0.0).unwrap();
        assert_eq!(
            later.json,
            roadshow_core::cli::repair_command(text.as_bytes(), 5).stdout
        );
        assert_ne!(later.json, proposal.json);
        let out_of_range = loaded.repair(99, || 0.0).err().unwrap();
        assert_eq!(out_of_range.code, FailureCode::RepairFailed);
    }

    #[test]
    fn robustness_prints_what_the_command_line_tool_prints() {
        // The demo with its generated scores (harsh and lenient judges), so the cut is contested.
        let demo = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
        let scored = roadshow_core::demo::with_demo_scores(&demo, Default::default());
        let text = serde_json::to_string(&scored).unwrap();
        let loaded = LoadedEvent::read("demo", 1, &text).unwrap();
        for cut in [1, 3, 5] {
            let report = loaded.robustness(cut, None, || 0.0).unwrap();
            let cli = roadshow_core::cli::robustness_command(
                text.as_bytes(),
                Some(cut),
                TotalMode::Normalized,
            );
            assert_eq!(cli.exit_code, 0, "{}", cli.stderr);
            assert_eq!(report.json, cli.stdout, "cut {cut}");
            assert_eq!(report.robustness.cut, cut);
            assert!(report
                .robustness
                .startups
                .iter()
                .any(|startup| startup.p_top_k > 0.0 && startup.p_top_k < 1.0));
        }
    }

    #[test]
    fn a_tracks_robustness_is_what_the_tool_prints_with_track() {
        let demo = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
        let mut scored = roadshow_core::demo::with_demo_scores(&demo, Default::default());
        for (s, startup) in scored.startups.iter_mut().enumerate() {
            startup.track = Some(["혁신리그", "스케일업리그"][s % 2].to_owned());
        }
        let text = serde_json::to_string(&scored).unwrap();
        let loaded = LoadedEvent::read("demo", 1, &text).unwrap();
        let whole = loaded.robustness(2, None, || 0.0).unwrap();
        for track in ["혁신리그", "스케일업리그"] {
            let report = loaded.robustness(2, Some(track), || 0.0).unwrap();
            let cli = roadshow_core::cli::robustness_in_track_command(
                text.as_bytes(),
                Some(2),
                TotalMode::Normalized,
                Some(track),
            );
            assert_eq!(cli.exit_code, 0, "{}", cli.stderr);
            assert_eq!(report.json, cli.stdout, "{track}");
            // Only the track's startups, half of the event's.
            assert_eq!(
                report.robustness.startups.len() * 2,
                whole.robustness.startups.len()
            );
        }
        let missing = loaded
            .robustness(2, Some("없는 트랙"), || 0.0)
            .err()
            .unwrap();
        assert_eq!(missing.code, FailureCode::RobustnessFailed);
    }

    #[test]
    fn a_floor_selects_with_floors_or_gives_the_certificate() {
        let mut loaded = LoadedEvent::read("demo", 1, DEMO).unwrap();
        let mut floored = settings(MatchMode::Best);
        floored.min_startup_meetings = 2;
        let solved = loaded.solve(&floored, || 0.0).unwrap();
        let snapshot = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
        match roadshow_core::matching::match_snapshot_with_floor(&snapshot, 2).unwrap() {
            FloorSelection::Selected(selection) => {
                assert!(solved.floor_infeasible.is_none());
                assert_eq!(solved.best.total, selection.total);
                assert!(solved.best.min_startup_meetings >= 2);
            }
            FloorSelection::Infeasible(certificate) => {
                assert_eq!(solved.floor_infeasible, Some(certificate));
            }
        }
        // A floor nobody can meet: more meetings per startup than there are investors.
        floored.min_startup_meetings = 1000;
        let solved = loaded.solve(&floored, || 0.0).unwrap();
        if let Some(certificate) = &solved.floor_infeasible {
            assert!(certificate.need > certificate.supply || certificate.total_cap.is_some());
        }
    }

    #[test]
    fn bad_snapshots_are_reported_not_panicked_on() {
        let failure = LoadedEvent::read("e", 1, "{").err().unwrap();
        assert_eq!(failure.code, FailureCode::InvalidEvent);
    }

    /// The console's hand-off and the server's export of one event give the worker the same
    /// answers, to the byte: the board in both modes, a floor, the frontier, the robustness and
    /// a repair (the demo with its generated scores, a plan with answers, policy regions).
    #[test]
    fn the_console_s_hand_off_answers_as_the_export_does() {
        let mut snapshot =
            roadshow_core::snapshot::parse_snapshot(&demo_with_capital_investors()).unwrap();
        snapshot = roadshow_core::demo::with_demo_scores(&snapshot, Default::default());
        snapshot.scores[0].comment = Some("실증 데이터 필요".into());
        snapshot.meetings = planned(&snapshot, |n| (n % 2 == 0).then_some(MeetingStatus::NoShow));
        let text = serde_json::to_string(&snapshot).unwrap();
        let mut handoff = Vec::new();
        roadshow_core::handoff::write_into(
            &mut handoff,
            &snapshot,
            &snapshot.meetings,
            &snapshot.follow_ups,
        );
        let mut exported = LoadedEvent::read("demo", 1, &text).unwrap();
        let mut handed = LoadedEvent::handed_off("demo", 1, &handoff).unwrap();
        assert!(exported.from_export && !handed.from_export);
        let mut floor = settings(MatchMode::Best);
        floor.min_startup_meetings = 1;
        for settings in [
            settings(MatchMode::Best),
            settings(MatchMode::Stable),
            floor,
        ] {
            assert_eq!(
                handed.solve(&settings, || 0.0).unwrap(),
                exported.solve(&settings, || 0.0).unwrap()
            );
        }
        let betas = [0.0, 0.5, 2.0];
        let stored = settings_of_event(&snapshot);
        assert_eq!(
            handed.frontier(&stored, &betas, || 0.0).unwrap(),
            exported.frontier(&stored, &betas, || 0.0).unwrap()
        );
        for cut in [1, 4] {
            assert_eq!(
                handed.robustness(cut, None, || 0.0).unwrap(),
                exported.robustness(cut, None, || 0.0).unwrap()
            );
        }
        let repaired = handed.repair(2, || 0.0).unwrap();
        assert_eq!(repaired, exported.repair(2, || 0.0).unwrap());
        assert!(!repaired.repair.kept.is_empty());
    }

    #[test]
    fn a_damaged_hand_off_is_refused_as_a_bad_request() {
        let failure = LoadedEvent::handed_off("e", 1, &[1, 0, 0]).err().unwrap();
        assert_eq!(failure.code, FailureCode::BadRequest);
    }
}
