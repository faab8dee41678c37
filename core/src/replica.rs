//! The organizer console's live copy of one event: the change feed applied answer by answer,
//! saying what each answer changed. Plain data — the browser wraps it in one signal, the tests
//! drive it directly (natively and in the wasm test run).
//!
//! The copy keeps the event in the exchange format ([`Snapshot`]) so every tool the console runs
//! (ranking, matching, exports) reads what the CLI would read from an export, plus what the
//! snapshot does not carry: the live state, the version, the stored meeting plan, each pair's
//! comment, and the people whose records could not be read. Scores arrive as rows (one cell per
//! row); `ScoreCells` turns them into the snapshot's entries in place, and the incremental
//! ranking ([`LiveRanking`]) is fed pair by pair — a full rebuild only when people or settings
//! change, because then indices and normalisation move.

use crate::model::{Event, FollowUp, Interest, PlannedMeeting, ScoreEntry, Snapshot};
use crate::problem::Problem;
use crate::ranking::{Leaderboard, ScoreError, Scoreboard, Standing, TotalMode};
use crate::wire::{
    Changes, EventRecord, LiveState, MeetingState, Records, ScoreRow, UnreadableRecord, VerdictRow,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The change feed as the console reads it: the whole event record, and profiles read record
/// by record.
pub type ConsoleChanges =
    Changes<EventRecord, Records<crate::model::Startup>, Records<crate::model::Investor>>;

/// (investor id, startup id)
pub type PairKey = (String, String);

/// Startups or investors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonKind {
    Startup,
    Investor,
}

/// A startup or investor whose record could not be read: left out (with its scores, for the
/// ranking) and named, while everything else is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadablePerson {
    pub kind: PersonKind,
    /// The record's id, or its place in the answer (`#3`) when not even the id could be read.
    pub id: String,
}

/// One investor's verdict on one startup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub want: Option<bool>,
    pub comment: String,
    /// The comment is shared with the company (its feedback report shows it, unsigned).
    pub comment_shared: bool,
}

/// Why an answer could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplicaError {
    #[error("the first answer has no event")]
    FirstAnswerWithoutEvent,
}

/// A score row the ranking could not take: it names someone the ranking does not know (a record
/// left out), or the board refused the value. The console logs it; the rest is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum SkippedScore {
    UnknownPerson(PairKey),
    Refused(PairKey, ScoreError),
}

/// What one answer changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Settings or live state.
    pub event: bool,
    /// People, settings or removals: the ranking was rebuilt.
    pub roster: bool,
    /// Pairs whose score cells changed.
    pub score_pairs: usize,
    pub verdicts: bool,
    pub meetings: bool,
    pub skipped_scores: Vec<SkippedScore>,
    /// Records set aside in this answer (with the decoder's reason), for the log.
    pub unreadable_records: Vec<UnreadableRecord>,
}

impl Applied {
    pub fn anything(&self) -> bool {
        self.event || self.roster || self.score_pairs > 0 || self.verdicts || self.meetings
    }
}

/// The console's live copy of an event; see the module docs.
#[derive(Debug, Default)]
pub struct Replica {
    /// `None` until the first answer.
    snapshot: Option<Snapshot>,
    live: Option<LiveState>,
    version: i64,
    meetings: Vec<PlannedMeeting>,
    meeting_states: Vec<MeetingState>,
    follow_ups: Vec<FollowUp>,
    verdicts: BTreeMap<PairKey, Verdict>,
    unreadable: Vec<UnreadablePerson>,
    cells: ScoreCells,
    ranking: Option<LiveRanking>,
    ranking_problems: Vec<Problem>,
    /// Moves when scores (or anything the ranking reads) change.
    scores_revision: u64,
    /// Moves when people or settings change.
    roster_revision: u64,
}

impl Replica {
    pub fn new() -> Replica {
        Replica::default()
    }

    /// The event in the exchange format; `None` before the first answer.
    pub fn snapshot(&self) -> &Option<Snapshot> {
        &self.snapshot
    }

    pub fn live(&self) -> Option<&LiveState> {
        self.live.as_ref()
    }

    pub fn version(&self) -> i64 {
        self.version
    }

    /// The meeting plan as stored on the server (published or not).
    pub fn meetings(&self) -> &Vec<PlannedMeeting> {
        &self.meetings
    }

    /// What each side said about each meeting, and its calendar revision (definitions §7.1).
    pub fn meeting_states(&self) -> &Vec<MeetingState> {
        &self.meeting_states
    }

    /// Every pair's follow-up record (definitions §7.4).
    pub fn follow_ups(&self) -> &Vec<FollowUp> {
        &self.follow_ups
    }

    /// The event in the exchange format with the plan's meetings and the follow-ups in it, as
    /// `roadshow repair` and `roadshow report` read it; `None` before the first answer.
    pub fn snapshot_with_outcomes(&self) -> Option<Snapshot> {
        let mut snapshot = self.snapshot.clone()?;
        snapshot.meetings = self.meetings.clone();
        snapshot.follow_ups = self.follow_ups.clone();
        Some(snapshot)
    }

    /// Appends the event, with the plan's meetings and the follow-ups in it (as
    /// [`Replica::snapshot_with_outcomes`] has it), to `out` in the match worker's format
    /// ([`crate::handoff`]); false before the first answer.
    pub fn hand_off(&self, out: &mut Vec<u8>) -> bool {
        let Some(snapshot) = &self.snapshot else {
            return false;
        };
        crate::handoff::write_into(out, snapshot, &self.meetings, &self.follow_ups);
        true
    }

    pub fn verdicts(&self) -> &BTreeMap<PairKey, Verdict> {
        &self.verdicts
    }

    pub fn unreadable(&self) -> &[UnreadablePerson] {
        &self.unreadable
    }

    /// Why the event cannot be ranked now (empty when it can).
    pub fn ranking_problems(&self) -> &[Problem] {
        &self.ranking_problems
    }

    /// The incremental ranking, when the event can be ranked.
    pub fn ranking_mut(&mut self) -> Option<&mut LiveRanking> {
        self.ranking.as_mut()
    }

    pub fn scores_revision(&self) -> u64 {
        self.scores_revision
    }

    pub fn roster_revision(&self) -> u64 {
        self.roster_revision
    }

    /// Applies one answer of the change feed. Scores alone take the incremental path; people or
    /// settings rebuild the ranking (rare, and O(all scores)). An answer older than what is
    /// held, with nothing in it, changes nothing.
    pub fn apply(&mut self, changes: ConsoleChanges) -> Result<Applied, ReplicaError> {
        let first_load = self.snapshot.is_none();
        let mut applied = Applied::default();
        if !first_load && changes.version <= self.version && is_empty(&changes) {
            return Ok(applied);
        }
        let removed_startups: HashSet<&str> = changes
            .removed_startups
            .iter()
            .map(String::as_str)
            .collect();
        let removed_investors: HashSet<&str> = changes
            .removed_investors
            .iter()
            .map(String::as_str)
            .collect();
        let removals = !removed_startups.is_empty() || !removed_investors.is_empty();
        applied.event = changes.event.is_some();
        applied.roster = first_load
            || applied.event
            || removals
            || !changes.startups.items.is_empty()
            || !changes.investors.items.is_empty()
            || !changes.startups.unreadable.is_empty()
            || !changes.investors.unreadable.is_empty();

        let mut changed_pairs: Vec<PairKey> = changes
            .scores
            .iter()
            .map(|row| self.cells.apply(row))
            .collect();
        changed_pairs.sort_unstable();
        changed_pairs.dedup();
        applied.score_pairs = changed_pairs.len();
        let mut pairs_forgotten =
            removals && self.cells.forget(&removed_startups, &removed_investors);
        // An event that now has rounds keeps no score outside them: the server moved the
        // scores given before to the first round (and sends them again under it).
        if changes
            .event
            .as_ref()
            .is_some_and(|record| !record.settings.rounds.is_empty())
        {
            pairs_forgotten |= self.cells.forget_round("");
        }
        if applied.roster {
            self.note_unreadable(&changes, &removed_startups, &removed_investors);
        }

        if let (None, Some(record)) = (&self.snapshot, &changes.event) {
            self.snapshot = Some(Snapshot::of_event(settings_in_snapshot(record)));
        }
        let Some(snapshot) = self.snapshot.as_mut() else {
            return Err(ReplicaError::FirstAnswerWithoutEvent);
        };
        if let Some(record) = &changes.event {
            snapshot.event = settings_in_snapshot(record);
            snapshot.fictional = record.live.fictional.then_some(true);
            self.live = Some(record.live.clone());
        }
        for startup in changes.startups.items {
            match snapshot
                .startups
                .iter_mut()
                .find(|known| known.id == startup.id)
            {
                Some(known) => *known = startup,
                None => snapshot.startups.push(startup),
            }
        }
        for investor in changes.investors.items {
            match snapshot
                .investors
                .iter_mut()
                .find(|known| known.id == investor.id)
            {
                Some(known) => *known = investor,
                None => snapshot.investors.push(investor),
            }
        }
        // An unreadable record stands for nobody: an earlier readable copy goes too.
        let unreadable = &self.unreadable;
        let left_out = |kind: PersonKind, id: &str| {
            unreadable
                .iter()
                .any(|person| person.kind == kind && person.id == id)
        };
        snapshot.startups.retain(|startup| {
            !removed_startups.contains(startup.id.as_str())
                && !left_out(PersonKind::Startup, &startup.id)
        });
        snapshot.investors.retain(|investor| {
            !removed_investors.contains(investor.id.as_str())
                && !left_out(PersonKind::Investor, &investor.id)
        });
        if removals {
            snapshot.interest.retain(|interest| {
                !removed_startups.contains(interest.startup.as_str())
                    && !removed_investors.contains(interest.investor.as_str())
            });
            self.verdicts.retain(|(investor, startup), _| {
                !removed_startups.contains(startup.as_str())
                    && !removed_investors.contains(investor.as_str())
            });
        }
        if first_load || pairs_forgotten {
            self.cells.rebuild(&mut snapshot.scores);
        } else {
            for key in &changed_pairs {
                self.cells.write_pair(&mut snapshot.scores, key);
            }
        }
        for verdict in &changes.verdicts {
            apply_interest(&mut snapshot.interest, verdict);
        }
        applied.verdicts = !changes.verdicts.is_empty() || removals;
        for VerdictRow {
            investor,
            startup,
            want,
            comment,
            comment_shared,
        } in changes.verdicts
        {
            self.verdicts.insert(
                (investor, startup),
                Verdict {
                    want,
                    comment,
                    comment_shared,
                },
            );
        }

        if applied.roster {
            match LiveRanking::build(&ranked_part(snapshot)) {
                Ok(ranking) => {
                    self.ranking = Some(ranking);
                    self.ranking_problems.clear();
                }
                Err(problems) => {
                    self.ranking = None;
                    self.ranking_problems = problems;
                }
            }
        } else if let Some(ranking) = &mut self.ranking {
            for key in &changed_pairs {
                ranking.apply_pair(key, self.cells.pairs.get(key), &mut applied.skipped_scores);
            }
        }

        // The server sends the whole plan each time (it is small).
        if (first_load || !changes.meetings.is_empty() || !self.meetings.is_empty())
            && self.meetings != changes.meetings
        {
            self.meetings = changes.meetings;
            applied.meetings = true;
        }
        // So do the sides' words and the follow-ups.
        if self.meeting_states != changes.meeting_states {
            self.meeting_states = changes.meeting_states;
            applied.meetings = true;
        }
        if self.follow_ups != changes.follow_ups {
            self.follow_ups = changes.follow_ups;
            applied.meetings = true;
        }
        applied.unreadable_records = changes
            .startups
            .unreadable
            .into_iter()
            .chain(changes.investors.unreadable)
            .collect();
        self.version = changes.version;
        if applied.roster {
            self.roster_revision += 1;
        }
        if applied.roster || applied.score_pairs > 0 {
            self.scores_revision += 1;
        }
        Ok(applied)
    }

    /// This answer's unreadable people are added; readable or removed ones are taken off.
    fn note_unreadable(
        &mut self,
        changes: &ConsoleChanges,
        removed_startups: &HashSet<&str>,
        removed_investors: &HashSet<&str>,
    ) {
        self.unreadable.retain(|person| match person.kind {
            PersonKind::Startup => {
                !removed_startups.contains(person.id.as_str())
                    && !changes.startups.items.iter().any(|s| s.id == person.id)
            }
            PersonKind::Investor => {
                !removed_investors.contains(person.id.as_str())
                    && !changes.investors.items.iter().any(|i| i.id == person.id)
            }
        });
        for (kind, records) in [
            (PersonKind::Startup, &changes.startups.unreadable),
            (PersonKind::Investor, &changes.investors.unreadable),
        ] {
            for record in records {
                let person = UnreadablePerson {
                    kind,
                    id: record.label(),
                };
                if !self.unreadable.contains(&person) {
                    self.unreadable.push(person);
                }
            }
        }
    }
}

/// The stored settings as the snapshot's `event`: with the phase and reveal mode the event
/// stands at (an export carries them); the other live fields stay out.
fn settings_in_snapshot(record: &EventRecord) -> Event {
    let mut settings = record.settings.clone();
    settings.phase = Some(record.live.phase);
    settings.reveal = Some(record.live.reveal_mode);
    settings.scores_revealed = None;
    settings.meetings_published = None;
    settings.registration_closes_at = None;
    settings
}

fn is_empty(changes: &ConsoleChanges) -> bool {
    changes.event.is_none()
        && changes.startups.items.is_empty()
        && changes.startups.unreadable.is_empty()
        && changes.investors.items.is_empty()
        && changes.investors.unreadable.is_empty()
        && changes.removed_startups.is_empty()
        && changes.removed_investors.is_empty()
        && changes.scores.is_empty()
        && changes.verdicts.is_empty()
}

fn apply_interest(interest: &mut Vec<Interest>, verdict: &VerdictRow) {
    let position = interest
        .iter()
        .position(|known| known.investor == verdict.investor && known.startup == verdict.startup);
    match (position, verdict.want) {
        (Some(position), Some(want)) => interest[position].want = want,
        (Some(position), None) => {
            interest.remove(position);
        }
        (None, Some(want)) => interest.push(Interest {
            investor: verdict.investor.clone(),
            startup: verdict.startup.clone(),
            want,
        }),
        (None, None) => {}
    }
}

/// The stored score cells of one (investor, startup) pair, by round (`""`: an event without
/// rounds; the server names the round of every score once the event has rounds).
#[derive(Debug, Clone, Default, PartialEq)]
struct PairCells {
    rounds: BTreeMap<String, RoundCells>,
}

/// One round's score cells of a pair.
#[derive(Debug, Clone, Default, PartialEq)]
struct RoundCells {
    whole_pitch_abstention: bool,
    /// criterion → (value, abstained)
    cells: BTreeMap<String, (Option<i64>, bool)>,
}

impl PairCells {
    /// The pair's entries in the exchange format, as the server's export writes them: a
    /// whole-pitch abstention stands alone in its round.
    fn entries(&self, investor: &str, startup: &str) -> Vec<ScoreEntry> {
        let mut entries = Vec::new();
        for (round, cells) in &self.rounds {
            let start = entries.len();
            if cells.whole_pitch_abstention {
                entries.push(ScoreEntry::abstention(investor, startup, None));
            } else {
                entries.extend(cells.cells.iter().filter_map(
                    |(criterion, &(value, abstain))| match (abstain, value) {
                        (false, Some(value)) => {
                            Some(ScoreEntry::score(investor, startup, criterion, value))
                        }
                        (true, _) => {
                            Some(ScoreEntry::abstention(investor, startup, Some(criterion)))
                        }
                        (false, None) => None,
                    },
                ));
            }
            if !round.is_empty() {
                for entry in &mut entries[start..] {
                    entry.round = Some(round.clone());
                }
            }
        }
        entries
    }

    /// The value that counts for ranking on a criterion of a round.
    fn counted(&self, round: &str, criterion: &str) -> Option<i64> {
        let cells = self.rounds.get(round)?;
        if cells.whole_pitch_abstention {
            return None;
        }
        match cells.cells.get(criterion) {
            Some(&(Some(value), false)) => Some(value),
            _ => None,
        }
    }
}

/// Every score cell by pair, and where each pair's entries sit in `snapshot.scores`, so one
/// incoming row changes the snapshot in O(criteria) instead of rebuilding the list. The cells
/// are the one source; the snapshot's entries are written from them.
#[derive(Debug, Default)]
struct ScoreCells {
    pairs: HashMap<PairKey, PairCells>,
    positions: HashMap<PairKey, Vec<usize>>,
}

impl ScoreCells {
    fn apply(&mut self, row: &ScoreRow) -> PairKey {
        let key = (row.investor.clone(), row.startup.clone());
        let pair = self
            .pairs
            .entry(key.clone())
            .or_default()
            .rounds
            .entry(row.round.clone())
            .or_default();
        if row.criterion.is_empty() {
            pair.whole_pitch_abstention = row.abstain;
        } else {
            pair.cells
                .insert(row.criterion.clone(), (row.value, row.abstain));
        }
        key
    }

    /// Replaces the pair's entries in `scores` with its current ones.
    fn write_pair(&mut self, scores: &mut Vec<ScoreEntry>, key: &PairKey) {
        let mut old = self.positions.remove(key).unwrap_or_default();
        old.sort_unstable_by(|a, b| b.cmp(a));
        for position in old {
            scores.swap_remove(position);
            if position < scores.len() {
                // The last entry moved into the hole: point its pair at the new place.
                let moved = &scores[position];
                let moved_key = (moved.investor.clone(), moved.startup.clone());
                if let Some(places) = self.positions.get_mut(&moved_key) {
                    if let Some(place) = places.iter_mut().find(|place| **place == scores.len()) {
                        *place = position;
                    }
                }
            }
        }
        let entries = self
            .pairs
            .get(key)
            .map(|pair| pair.entries(&key.0, &key.1))
            .unwrap_or_default();
        if entries.is_empty() {
            return;
        }
        let start = scores.len();
        scores.extend(entries);
        self.positions
            .insert(key.clone(), (start..scores.len()).collect());
    }

    /// Drops every pair of the given startups and investors; true when any was dropped (then
    /// `rebuild` must run).
    fn forget(&mut self, startups: &HashSet<&str>, investors: &HashSet<&str>) -> bool {
        let before = self.pairs.len();
        self.pairs.retain(|(investor, startup), _| {
            !investors.contains(investor.as_str()) && !startups.contains(startup.as_str())
        });
        self.pairs.len() != before
    }

    /// Drops every cell of round `round`; true when any was dropped (then `rebuild` must run).
    fn forget_round(&mut self, round: &str) -> bool {
        let mut dropped = false;
        for pair in self.pairs.values_mut() {
            dropped |= pair.rounds.remove(round).is_some();
        }
        dropped
    }

    fn rebuild(&mut self, scores: &mut Vec<ScoreEntry>) {
        scores.clear();
        self.positions.clear();
        let mut keys: Vec<PairKey> = self.pairs.keys().cloned().collect();
        keys.sort_unstable();
        for key in keys {
            self.write_pair(scores, &key);
        }
    }
}

/// Core's incremental ranking over the snapshot, with the id → index maps to feed it, and one
/// more for each track's own board (definitions §8.2), fed score by score alongside. In an event
/// with rounds (§8.1) this board is the last round's, and each earlier round has a board of its
/// own ([`LiveRanking::round_board`]), each over `crate::rounds::round_snapshot`.
#[derive(Debug)]
pub struct LiveRanking {
    pub board: Scoreboard,
    normalized: Leaderboard,
    raw: Leaderboard,
    investor_index: HashMap<String, usize>,
    startup_index: HashMap<String, usize>,
    criteria: Vec<String>,
    conflicts: HashSet<(usize, usize)>,
    tracks: Vec<TrackRanking>,
    /// Startup id → its track's place in `tracks`.
    track_of: HashMap<String, usize>,
    /// The round whose cells this board reads (`""`: an event without rounds).
    round: String,
    /// The round's judges; `None`: every investor.
    judges: Option<HashSet<String>>,
    /// The rounds before the last, each with its own board.
    earlier_rounds: Vec<LiveRanking>,
}

/// One track's board: its ranking over `crate::tracks::track_snapshot`, and where each of its
/// startups is on the event's board.
#[derive(Debug)]
struct TrackRanking {
    name: String,
    ranking: LiveRanking,
    on_event_board: Vec<usize>,
}

impl LiveRanking {
    pub fn build(snapshot: &Snapshot) -> Result<LiveRanking, Vec<Problem>> {
        let rounds = &snapshot.event.rounds;
        if rounds.is_empty() {
            return LiveRanking::build_round(snapshot, String::new(), None);
        }
        let board_of = |index: usize| {
            let round = &rounds[index];
            let judges = round
                .judge_list()
                .map(|ids| ids.iter().cloned().collect::<HashSet<String>>());
            let one = crate::rounds::round_snapshot(snapshot, index);
            LiveRanking::build_round(&one, round.id.clone(), judges)
        };
        let mut live = board_of(rounds.len() - 1)?;
        live.earlier_rounds = (0..rounds.len() - 1)
            .map(board_of)
            .collect::<Result<_, _>>()?;
        Ok(live)
    }

    /// One round's board (or the event's, without rounds) with its tracks' boards.
    fn build_round(
        snapshot: &Snapshot,
        round: String,
        judges: Option<HashSet<String>>,
    ) -> Result<LiveRanking, Vec<Problem>> {
        let mut live = LiveRanking::build_one(snapshot, &round, &judges)?;
        for name in crate::tracks::track_names(snapshot) {
            let Some(part) = crate::tracks::track_snapshot(snapshot, &name) else {
                continue;
            };
            let on_event_board = part
                .startups
                .iter()
                .filter_map(|startup| live.startup_index(&startup.id))
                .collect();
            let place = live.tracks.len();
            live.track_of.extend(
                part.startups
                    .iter()
                    .map(|startup| (startup.id.clone(), place)),
            );
            live.tracks.push(TrackRanking {
                ranking: LiveRanking::build_one(&part, &round, &judges)?,
                name,
                on_event_board,
            });
        }
        Ok(live)
    }

    fn build_one(
        snapshot: &Snapshot,
        round: &str,
        judges: &Option<HashSet<String>>,
    ) -> Result<LiveRanking, Vec<Problem>> {
        let board = Scoreboard::from_snapshot(snapshot)?;
        let index_of = |ids: Vec<&String>| -> HashMap<String, usize> {
            ids.into_iter()
                .enumerate()
                .map(|(index, id)| (id.clone(), index))
                .collect()
        };
        let investor_index = index_of(snapshot.investors.iter().map(|i| &i.id).collect());
        let startup_index = index_of(snapshot.startups.iter().map(|s| &s.id).collect());
        let conflicts = crate::teams::conflicted_pairs(snapshot);
        let mut live = LiveRanking {
            board,
            normalized: Leaderboard::new(TotalMode::Normalized),
            raw: Leaderboard::new(TotalMode::Raw),
            investor_index,
            startup_index,
            criteria: snapshot
                .event
                .criteria
                .iter()
                .map(|criterion| criterion.key.clone())
                .collect(),
            conflicts,
            tracks: Vec::new(),
            track_of: HashMap::new(),
            round: round.to_owned(),
            judges: judges.clone(),
            earlier_rounds: Vec::new(),
        };
        live.normalized.refresh(&live.board);
        live.raw.refresh(&live.board);
        Ok(live)
    }

    /// Feeds one pair's current cells into the board (and its rounds' and tracks' boards),
    /// criterion by criterion.
    fn apply_pair(
        &mut self,
        key: &PairKey,
        cells: Option<&PairCells>,
        skipped: &mut Vec<SkippedScore>,
    ) {
        for earlier in &mut self.earlier_rounds {
            earlier.apply_pair(key, cells, skipped);
        }
        let (Some(&investor), Some(&startup)) = (
            self.investor_index.get(&key.0),
            self.startup_index.get(&key.1),
        ) else {
            skipped.push(SkippedScore::UnknownPerson(key.clone()));
            return;
        };
        // A score from someone not judging the round does not count in it (the server refuses
        // such scores; a judges list changed since keeps the round's ranking to its judges).
        let counts = !self.conflicts.contains(&(investor, startup))
            && self
                .judges
                .as_ref()
                .is_none_or(|judges| judges.contains(&key.0));
        for (criterion, name) in self.criteria.iter().enumerate() {
            let value = if counts {
                cells.and_then(|cells| cells.counted(&self.round, name))
            } else {
                None
            };
            if let Err(error) = self.board.set_score(investor, startup, criterion, value) {
                skipped.push(SkippedScore::Refused(key.clone(), error));
            }
        }
        if let Some(&place) = self.track_of.get(&key.1) {
            // The track's board has the round's scale and criteria: what it refuses, the
            // round's board refused just above and `skipped` already names.
            let mut same_refusals = Vec::new();
            self.tracks[place]
                .ranking
                .apply_pair(key, cells, &mut same_refusals);
        }
    }

    /// The board of round `id` (definitions §8.1): this board for the last round, an earlier
    /// round's own board, `None` for a round the event does not have (or without rounds).
    pub fn round_board(&mut self, id: &str) -> Option<&mut LiveRanking> {
        if self.round.is_empty() {
            return None;
        }
        if self.round == id {
            return Some(self);
        }
        self.earlier_rounds
            .iter_mut()
            .find(|board| board.round == id)
    }

    /// The event's tracks, in the order boards are offered in.
    pub fn track_names(&self) -> impl Iterator<Item = &str> {
        self.tracks.iter().map(|track| track.name.as_str())
    }

    /// Track `name`'s own board, and for each of its startups (by its index there) the
    /// startup's index on the event's board; `None` for a track no startup is in.
    pub fn track_mut(&mut self, name: &str) -> Option<(&mut LiveRanking, &[usize])> {
        let track = self.tracks.iter_mut().find(|track| track.name == name)?;
        Some((&mut track.ranking, track.on_event_board.as_slice()))
    }

    /// The board a view reads: a round's (none named: this board, the last round's in an event
    /// with rounds), then its track's.
    pub fn board_at(
        &mut self,
        round: Option<&str>,
        track: Option<&str>,
    ) -> Option<&mut LiveRanking> {
        let live = match round {
            Some(id) => self.round_board(id)?,
            None => self,
        };
        live.board_for(track)
    }

    /// The board a view reads: the event's, or a track's.
    pub fn board_for(&mut self, track: Option<&str>) -> Option<&mut LiveRanking> {
        match track {
            None => Some(self),
            Some(name) => self.track_mut(name).map(|(ranking, _)| ranking),
        }
    }

    /// Totals and ranks in listing order, re-sorted incrementally from the last call.
    pub fn standings(&mut self, mode: TotalMode) -> &[Standing] {
        match mode {
            TotalMode::Normalized => self.normalized.refresh(&self.board),
            TotalMode::Raw => self.raw.refresh(&self.board),
        }
    }

    pub fn startup_index(&self, id: &str) -> Option<usize> {
        self.startup_index.get(id).copied()
    }
}

/// The part of the snapshot the ranking can use: all of it, unless some records could not be
/// read; then without the scores, interest and references that name the people left out (core's
/// validation would refuse the whole event for them).
pub fn ranked_part(snapshot: &Snapshot) -> Cow<'_, Snapshot> {
    let startups: HashSet<&str> = snapshot.startups.iter().map(|s| s.id.as_str()).collect();
    let investors: HashSet<&str> = snapshot.investors.iter().map(|i| i.id.as_str()).collect();
    let known =
        |investor: &str, startup: &str| investors.contains(investor) && startups.contains(startup);
    let dangling = snapshot
        .scores
        .iter()
        .any(|entry| !known(&entry.investor, &entry.startup))
        || snapshot
            .interest
            .iter()
            .any(|entry| !known(&entry.investor, &entry.startup))
        || snapshot.startups.iter().any(|startup| {
            startup
                .wants_to_meet
                .iter()
                .chain(&startup.declines)
                .any(|id| !investors.contains(id.as_str()))
        })
        || snapshot.investors.iter().any(|investor| {
            investor
                .conflicts
                .iter()
                .any(|id| !startups.contains(id.as_str()))
        });
    if !dangling {
        return Cow::Borrowed(snapshot);
    }
    let mut part = snapshot.clone();
    part.scores
        .retain(|entry| known(&entry.investor, &entry.startup));
    part.interest
        .retain(|entry| known(&entry.investor, &entry.startup));
    for startup in &mut part.startups {
        startup
            .wants_to_meet
            .retain(|id| investors.contains(id.as_str()));
        startup
            .declines
            .retain(|id| investors.contains(id.as_str()));
    }
    for investor in &mut part.investors {
        investor
            .conflicts
            .retain(|id| startups.contains(id.as_str()));
    }
    Cow::Owned(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        investor: &str,
        startup: &str,
        criterion: &str,
        value: Option<i64>,
        abstain: bool,
    ) -> ScoreRow {
        ScoreRow {
            round: String::new(),
            investor: investor.into(),
            startup: startup.into(),
            criterion: criterion.into(),
            value,
            abstain,
            updated_at: String::new(),
        }
    }

    #[test]
    fn removed_people_leave_the_cells_with_their_rows() {
        let mut cells = ScoreCells::default();
        let mut scores = Vec::new();
        for row in [
            row("i1", "s1", "a", Some(5), false),
            row("i1", "s2", "a", Some(6), false),
            row("i2", "s1", "a", Some(7), false),
            row("i2", "s2", "", None, true),
        ] {
            let key = cells.apply(&row);
            cells.write_pair(&mut scores, &key);
        }
        assert!(!cells.forget(&HashSet::from(["s9"]), &HashSet::new()));
        assert!(cells.forget(&HashSet::from(["s2"]), &HashSet::from(["i2"])));
        cells.rebuild(&mut scores);
        assert_eq!(scores.len(), 1);
        assert_eq!((&*scores[0].investor, &*scores[0].startup), ("i1", "s1"));
    }

    #[test]
    fn the_ranking_leaves_out_what_names_unreadable_people() {
        let snapshot: Snapshot = serde_json::from_value(serde_json::json!({
            "format": "roadshow-event/1",
            "event": {"id": "e", "name": "e", "criteria": [{"key": "a", "weight": 1.0}]},
            "startups": [{"id": "s1", "name": "S1", "wants_to_meet": ["i1", "i9"]}],
            "investors": [{"id": "i1", "firm": "F", "conflicts": ["s9"]}],
            "scores": [
                {"investor": "i1", "startup": "s1", "criterion": "a", "value": 5},
                {"investor": "i1", "startup": "s9", "criterion": "a", "value": 6},
                {"investor": "i9", "startup": "s1", "criterion": "a", "value": 7}
            ],
            "interest": [{"investor": "i9", "startup": "s1", "want": true}]
        }))
        .unwrap();
        assert!(Scoreboard::from_snapshot(&snapshot).is_err());
        let part = ranked_part(&snapshot);
        assert_eq!(part.scores.len(), 1);
        assert!(part.interest.is_empty());
        assert_eq!(part.startups[0].wants_to_meet, vec!["i1"]);
        assert!(part.investors[0].conflicts.is_empty());
        assert!(LiveRanking::build(&part).is_ok());
        // Nothing dangling: the snapshot itself, not a copy.
        let whole = ranked_part(&part);
        assert!(matches!(whole, Cow::Borrowed(_)));
    }

    #[test]
    fn score_cells_keep_the_snapshot_entries_in_step() {
        let mut cells = ScoreCells::default();
        let mut scores = Vec::new();
        for row in [
            row("i1", "s1", "a", Some(5), false),
            row("i1", "s1", "b", Some(6), false),
            row("i2", "s1", "a", Some(7), false),
            row("i2", "s2", "", None, true),
        ] {
            let key = cells.apply(&row);
            cells.write_pair(&mut scores, &key);
        }
        assert_eq!(scores.len(), 4);
        // i1 abstains on the whole pitch: its two scores give way to one abstention.
        let key = cells.apply(&row("i1", "s1", "", None, true));
        cells.write_pair(&mut scores, &key);
        assert_eq!(scores.len(), 3);
        // Clearing a score removes it.
        let key = cells.apply(&row("i2", "s1", "a", None, false));
        cells.write_pair(&mut scores, &key);
        let mut seen: Vec<String> = scores
            .iter()
            .map(|entry| {
                format!(
                    "{}/{}/{:?}/{:?}/{}",
                    entry.investor,
                    entry.startup,
                    entry.criterion,
                    entry.integer_value(),
                    entry.abstain
                )
            })
            .collect();
        seen.sort();
        assert_eq!(seen, vec!["i1/s1/None/None/true", "i2/s2/None/None/true"]);
        for (key, places) in &cells.positions {
            for &place in places {
                assert_eq!(
                    (&scores[place].investor, &scores[place].startup),
                    (&key.0, &key.1)
                );
            }
        }
    }
}
