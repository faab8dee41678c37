//! The organizer console's data: the whole event as core's [`Snapshot`], kept live.
//!
//! # Use
//!
//! The organizer page calls [`provide_organizer_data`] once; every tab calls
//! [`use_organizer_data`] and gets a `Copy` handle, [`OrganizerData`]:
//!
//! - `event_id()`, `secret()` — the event and the organizer's bearer secret (for `crate::api`).
//! - `snapshot()` — `Signal<Option<Snapshot>>`, the whole event (settings, startups, investors,
//!   scores, interest) in the exchange format. Large: read it with `.with(|snapshot| …)`, never
//!   `.get()`. It changes on every incoming score; a view that only needs people or settings
//!   should also use `roster_revision()` and `with_untracked`, see below.
//! - `event_state()` — phase, reveal mode, published meetings flag, fictional flag.
//! - `meetings()` — the meetings as stored on the server (published or not).
//! - `verdicts()` — each investor's "want to meet" and comment per startup.
//! - `version()` — the event version the data is at; `status()` — loading / live / trouble.
//! - `refresh()` — fetch what changed now (after the console wrote something).
//! - `scores_revision()` / `roster_revision()` — counters that move when scores, or people and
//!   settings, change: cheap to track.
//! - `with_live_ranking(|live| …)` — core's incremental [`Scoreboard`] and [`Leaderboard`]s,
//!   updated score by score (not rebuilt) as changes arrive. Track `scores_revision()` first.
//! - `unreadable()` — startups and investors whose records the console could not read: left out
//!   (with their scores, for the ranking) and flagged, while everything else is shown.
//!
//! A startup or investor the organizer removed (`removed_startups` / `removed_investors` in the
//! change feed) is dropped from the snapshot with its score rows, interest and comments, and the
//! ranking is rebuilt: removing a judge's scores moves the severity normalization of the others.
//!
//! # Loading and staying live
//!
//! The first load is `GET /changes?since=0`: one read transaction on the server, so the rows
//! and the version are from the same moment (the export endpoint carries no version). Then the
//! version stream (SSE, read with fetch because the secret travels in a header) announces each
//! new version, and `GET /changes?since=V` brings only the changed rows, applied in place.
//! One fetch runs at a time; versions announced meanwhile are fetched right after.

use crate::api::{
    self, ApiError, MeetingRow, OrganizerChanges, OrganizerScoreRow, PersonKind, VerdictRow,
};
use leptos::prelude::*;
use roadshow_core::model::{Event, Interest, Phase, RevealMode, ScoreEntry, Snapshot};
use roadshow_core::problem::Problem;
use roadshow_core::ranking::{Leaderboard, Scoreboard, Standing, TotalMode};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

const FIRST_RECONNECT_MS: u64 = 1_000;
const LAST_RECONNECT_MS: u64 = 30_000;

/// The event's live state next to its settings.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct EventState {
    pub phase: Phase,
    pub reveal_mode: RevealMode,
    #[serde(default)]
    pub scores_revealed: bool,
    #[serde(default)]
    pub meetings_published: bool,
    #[serde(default)]
    pub fictional: bool,
}

/// Where the console's data stands.
#[derive(Debug, Clone, PartialEq)]
pub enum DataStatus {
    Loading,
    /// Loaded and following the live stream.
    Live,
    /// Loaded, but the live stream or a fetch failed; retrying. The data shown may be old.
    Reconnecting(ApiError),
    /// The first load failed.
    Failed(ApiError),
}

/// Why a server answer could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OrganizerDataError {
    #[error("the event in the server's answer cannot be read: {0}")]
    UnreadableEvent(String),
}

/// A startup or investor whose record in the server's answer could not be read: left out, and
/// shown as a notice with its id.
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
}

/// (investor id, startup id)
type PairKey = (String, String);

/// The stored score rows of one (investor, startup) pair.
#[derive(Debug, Clone, Default, PartialEq)]
struct PairRows {
    whole_pitch_abstention: bool,
    /// criterion → (value, abstained)
    cells: BTreeMap<String, (Option<i64>, bool)>,
}

impl PairRows {
    /// The pair's entries in the exchange format, as the server's export writes them: a
    /// whole-pitch abstention stands alone.
    fn entries(&self, investor: &str, startup: &str) -> Vec<ScoreEntry> {
        if self.whole_pitch_abstention {
            return vec![ScoreEntry::abstention(investor, startup, None)];
        }
        self.cells
            .iter()
            .filter_map(|(criterion, &(value, abstain))| match (abstain, value) {
                (false, Some(value)) => {
                    Some(ScoreEntry::score(investor, startup, criterion, value))
                }
                (true, _) => Some(ScoreEntry::abstention(investor, startup, Some(criterion))),
                (false, None) => None,
            })
            .collect()
    }

    /// The value that counts for ranking on a criterion.
    fn counted(&self, criterion: &str) -> Option<i64> {
        if self.whole_pitch_abstention {
            return None;
        }
        match self.cells.get(criterion) {
            Some(&(Some(value), false)) => Some(value),
            _ => None,
        }
    }
}

/// Every score row by pair, and where each pair's entries sit in `snapshot.scores`, so one
/// incoming row changes the snapshot in O(criteria) instead of rebuilding the list.
#[derive(Debug, Default)]
struct ScoreTable {
    pairs: HashMap<PairKey, PairRows>,
    positions: HashMap<PairKey, Vec<usize>>,
}

impl ScoreTable {
    fn apply(&mut self, row: &OrganizerScoreRow) -> PairKey {
        let key = (row.investor.clone(), row.startup.clone());
        let pair = self.pairs.entry(key.clone()).or_default();
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
    /// `rebuild_positions` must run).
    fn forget(&mut self, startups: &HashSet<&str>, investors: &HashSet<&str>) -> bool {
        let before = self.pairs.len();
        self.pairs.retain(|(investor, startup), _| {
            !investors.contains(investor.as_str()) && !startups.contains(startup.as_str())
        });
        self.pairs.len() != before
    }

    fn rebuild_positions(&mut self, scores: &mut Vec<ScoreEntry>) {
        scores.clear();
        self.positions.clear();
        let keys: Vec<PairKey> = self.pairs.keys().cloned().collect();
        for key in keys {
            self.write_pair(scores, &key);
        }
    }
}

/// Core's live ranking structures over the snapshot, with the id → index maps to feed them.
#[derive(Debug)]
pub struct LiveRanking {
    pub board: Scoreboard,
    normalized: Leaderboard,
    raw: Leaderboard,
    investor_index: HashMap<String, usize>,
    startup_index: HashMap<String, usize>,
    criteria: Vec<String>,
    conflicts: HashSet<(usize, usize)>,
}

impl LiveRanking {
    fn build(snapshot: &Snapshot) -> Result<LiveRanking, Vec<Problem>> {
        let board = Scoreboard::from_snapshot(snapshot)?;
        let investor_index: HashMap<String, usize> = snapshot
            .investors
            .iter()
            .enumerate()
            .map(|(index, investor)| (investor.id.clone(), index))
            .collect();
        let startup_index: HashMap<String, usize> = snapshot
            .startups
            .iter()
            .enumerate()
            .map(|(index, startup)| (startup.id.clone(), index))
            .collect();
        let conflicts = snapshot
            .investors
            .iter()
            .enumerate()
            .flat_map(|(j, investor)| {
                investor
                    .conflicts
                    .iter()
                    .filter_map(|id| startup_index.get(id))
                    .map(move |&s| (j, s))
                    .collect::<Vec<_>>()
            })
            .collect();
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
        };
        live.normalized.refresh(&live.board);
        live.raw.refresh(&live.board);
        Ok(live)
    }

    /// Feeds one pair's current rows into the board, criterion by criterion.
    fn apply_pair(&mut self, key: &PairKey, rows: Option<&PairRows>) {
        let (Some(&investor), Some(&startup)) = (
            self.investor_index.get(&key.0),
            self.startup_index.get(&key.1),
        ) else {
            leptos::logging::warn!(
                "score of unknown investor {} or startup {} left out",
                key.0,
                key.1
            );
            return;
        };
        let conflicted = self.conflicts.contains(&(investor, startup));
        for (criterion, name) in self.criteria.iter().enumerate() {
            let value = if conflicted {
                None
            } else {
                rows.and_then(|rows| rows.counted(name))
            };
            if let Err(error) = self.board.set_score(investor, startup, criterion, value) {
                leptos::logging::warn!("score not counted: {error}");
            }
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

/// The console's live data handle; see the module docs.
#[derive(Debug, Clone, Copy)]
pub struct OrganizerData {
    event_id: StoredValue<String>,
    secret: StoredValue<String>,
    snapshot: RwSignal<Option<Snapshot>>,
    event_state: RwSignal<Option<EventState>>,
    meetings: RwSignal<Vec<MeetingRow>>,
    verdicts: RwSignal<BTreeMap<PairKey, Verdict>>,
    version: RwSignal<i64>,
    status: RwSignal<DataStatus>,
    scores_revision: RwSignal<u64>,
    roster_revision: RwSignal<u64>,
    /// Problems that keep the ranking from being computed (an invalid event).
    ranking_problems: RwSignal<Vec<Problem>>,
    unreadable: RwSignal<Vec<UnreadablePerson>>,
    live: StoredValue<Option<LiveRanking>>,
    table: StoredValue<ScoreTable>,
    fetching: StoredValue<bool>,
    fetch_again: StoredValue<bool>,
    reconnect_ms: StoredValue<u64>,
}

/// Starts loading the event and following its changes; call once, in the organizer page.
pub fn provide_organizer_data(event_id: String, secret: String) -> OrganizerData {
    let data = OrganizerData {
        event_id: StoredValue::new(event_id),
        secret: StoredValue::new(secret),
        snapshot: RwSignal::new(None),
        event_state: RwSignal::new(None),
        meetings: RwSignal::new(Vec::new()),
        verdicts: RwSignal::new(BTreeMap::new()),
        version: RwSignal::new(0),
        status: RwSignal::new(DataStatus::Loading),
        scores_revision: RwSignal::new(0),
        roster_revision: RwSignal::new(0),
        ranking_problems: RwSignal::new(Vec::new()),
        unreadable: RwSignal::new(Vec::new()),
        live: StoredValue::new(None),
        table: StoredValue::new(ScoreTable::default()),
        fetching: StoredValue::new(false),
        fetch_again: StoredValue::new(false),
        reconnect_ms: StoredValue::new(FIRST_RECONNECT_MS),
    };
    provide_context(data);
    data.refresh();
    data.follow_stream();
    data
}

pub fn use_organizer_data() -> OrganizerData {
    expect_context::<OrganizerData>()
}

impl OrganizerData {
    pub fn event_id(self) -> String {
        self.event_id.get_value()
    }

    pub fn secret(self) -> String {
        self.secret.get_value()
    }

    pub fn snapshot(self) -> Signal<Option<Snapshot>> {
        self.snapshot.into()
    }

    pub fn event_state(self) -> Signal<Option<EventState>> {
        self.event_state.into()
    }

    pub fn meetings(self) -> Signal<Vec<MeetingRow>> {
        self.meetings.into()
    }

    pub fn verdicts(self) -> Signal<BTreeMap<(String, String), Verdict>> {
        self.verdicts.into()
    }

    pub fn version(self) -> Signal<i64> {
        self.version.into()
    }

    pub fn status(self) -> Signal<DataStatus> {
        self.status.into()
    }

    pub fn scores_revision(self) -> Signal<u64> {
        self.scores_revision.into()
    }

    pub fn roster_revision(self) -> Signal<u64> {
        self.roster_revision.into()
    }

    pub fn ranking_problems(self) -> Signal<Vec<Problem>> {
        self.ranking_problems.into()
    }

    pub fn unreadable(self) -> Signal<Vec<UnreadablePerson>> {
        self.unreadable.into()
    }

    /// Runs `read` on the live ranking, if the event could be ranked. Untracked: track
    /// `scores_revision()` and `roster_revision()` in the caller.
    pub fn with_live_ranking<T>(self, read: impl FnOnce(&mut LiveRanking) -> T) -> Option<T> {
        self.live
            .try_update_value(|live| live.as_mut().map(read))
            .flatten()
    }

    /// Fetches what changed since the current version (now, or right after a fetch under way).
    pub fn refresh(self) {
        if self.fetching.get_value() {
            self.fetch_again.set_value(true);
            return;
        }
        self.fetching.set_value(true);
        leptos::task::spawn_local(async move {
            loop {
                self.fetch_again.set_value(false);
                let since = self.version.get_untracked();
                let answer =
                    api::fetch_organizer_changes(&self.event_id(), &self.secret(), since).await;
                if self.fetching.try_get_value().is_none() {
                    return; // The page is gone.
                }
                match answer {
                    Ok(changes) => {
                        if let Err(error) = self.apply(changes) {
                            leptos::logging::warn!("organizer data: {error}");
                            if self.snapshot.with_untracked(Option::is_none) {
                                self.status
                                    .set(DataStatus::Failed(ApiError::UnreadableResponse {
                                        status: 200,
                                    }));
                            }
                        }
                    }
                    Err(error) => {
                        let loaded = self.snapshot.with_untracked(Option::is_some);
                        self.status.set(if loaded {
                            DataStatus::Reconnecting(error)
                        } else {
                            DataStatus::Failed(error)
                        });
                    }
                }
                if !self.fetch_again.get_value() {
                    break;
                }
            }
            self.fetching.set_value(false);
        });
    }

    /// Applies one answer of `/changes`. Scores alone take the incremental path; people or
    /// settings rebuild the ranking (rare, and O(all scores)).
    fn apply(self, changes: OrganizerChanges) -> Result<(), OrganizerDataError> {
        let started = performance_now();
        let first_load = self.snapshot.with_untracked(Option::is_none);
        if !first_load && changes.version <= self.version.get_untracked() && is_empty(&changes) {
            return Ok(());
        }
        let (settings, state) = match &changes.event {
            Some(value) => {
                let (settings, state) = read_event(value)?;
                (Some(settings), Some(state))
            }
            None => (None, None),
        };
        if first_load && settings.is_none() {
            return Err(OrganizerDataError::UnreadableEvent(
                "the first answer has no event".into(),
            ));
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
        let roster_changed = first_load
            || settings.is_some()
            || removals
            || !changes.startups.items.is_empty()
            || !changes.investors.items.is_empty()
            || !changes.startups.unreadable.is_empty()
            || !changes.investors.unreadable.is_empty();
        let mut changed_pairs = Vec::new();
        let mut pairs_forgotten = false;
        self.table.update_value(|table| {
            for row in &changes.scores {
                changed_pairs.push(table.apply(row));
            }
            if removals {
                pairs_forgotten = table.forget(&removed_startups, &removed_investors);
            }
        });
        if roster_changed {
            self.note_unreadable(&changes, &removed_startups, &removed_investors);
        }
        let unreadable = self.unreadable.get_untracked();
        let fictional = state.as_ref().map(|state| state.fictional);
        self.snapshot.update(|snapshot| {
            let snapshot = snapshot.get_or_insert_with(|| {
                empty_snapshot(settings.clone().unwrap_or_else(placeholder_event))
            });
            if let Some(settings) = settings {
                snapshot.event = settings;
            }
            if let Some(fictional) = fictional {
                snapshot.fictional = fictional.then_some(true);
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
            }
            self.table.update_value(|table| {
                if first_load || pairs_forgotten {
                    table.rebuild_positions(&mut snapshot.scores);
                } else {
                    for key in &changed_pairs {
                        table.write_pair(&mut snapshot.scores, key);
                    }
                }
            });
            for verdict in &changes.verdicts {
                apply_interest(&mut snapshot.interest, verdict);
            }
            if roster_changed {
                match LiveRanking::build(&ranked_part(snapshot)) {
                    Ok(live) => {
                        self.live.set_value(Some(live));
                        self.ranking_problems.set(Vec::new());
                    }
                    Err(problems) => {
                        self.live.set_value(None);
                        self.ranking_problems.set(problems);
                    }
                }
            } else if !changed_pairs.is_empty() {
                self.table.with_value(|table| {
                    self.live.update_value(|live| {
                        if let Some(live) = live {
                            for key in &changed_pairs {
                                live.apply_pair(key, table.pairs.get(key));
                            }
                        }
                    });
                });
            }
        });
        if removals {
            self.verdicts.update(|verdicts| {
                verdicts.retain(|(investor, startup), _| {
                    !removed_startups.contains(startup.as_str())
                        && !removed_investors.contains(investor.as_str())
                });
            });
        }
        if !changes.verdicts.is_empty() {
            self.verdicts.update(|verdicts| {
                for VerdictRow {
                    investor,
                    startup,
                    want,
                    comment,
                } in changes.verdicts
                {
                    verdicts.insert((investor, startup), Verdict { want, comment });
                }
            });
        }
        if let Some(state) = state {
            self.event_state.set(Some(state));
        }
        if first_load
            || !changes.meetings.is_empty()
            || self
                .meetings
                .with_untracked(|meetings| !meetings.is_empty())
        {
            // The server sends every meeting each time (the list is small): it is the whole plan.
            if self
                .meetings
                .with_untracked(|meetings| *meetings != changes.meetings)
            {
                self.meetings.set(changes.meetings);
            }
        }
        self.version.set(changes.version);
        if roster_changed {
            self.roster_revision.update(|revision| *revision += 1);
        }
        if roster_changed || !changed_pairs.is_empty() {
            self.scores_revision.update(|revision| *revision += 1);
        }
        if !matches!(self.status.get_untracked(), DataStatus::Live) {
            self.status.set(DataStatus::Live);
        }
        mark_apply(started, changed_pairs.len());
        Ok(())
    }

    /// Updates the list of people whose records could not be read: this answer's unreadable
    /// ones are added; readable or removed ones are taken off.
    fn note_unreadable(
        self,
        changes: &OrganizerChanges,
        removed_startups: &HashSet<&str>,
        removed_investors: &HashSet<&str>,
    ) {
        let mut list = self.unreadable.get_untracked();
        let before = list.clone();
        list.retain(|person| match person.kind {
            PersonKind::Startup => {
                !removed_startups.contains(person.id.as_str())
                    && !changes
                        .startups
                        .items
                        .iter()
                        .any(|startup| startup.id == person.id)
            }
            PersonKind::Investor => {
                !removed_investors.contains(person.id.as_str())
                    && !changes
                        .investors
                        .items
                        .iter()
                        .any(|investor| investor.id == person.id)
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
                if !list.contains(&person) {
                    list.push(person);
                }
            }
        }
        if list != before {
            self.unreadable.set(list);
        }
    }

    /// Follows the version stream for as long as the page lives, reconnecting with backoff.
    fn follow_stream(self) {
        let Ok(controller) = web_sys::AbortController::new() else {
            leptos::logging::warn!("live updates unavailable: this browser cannot abort a request");
            return;
        };
        let signal = controller.signal();
        let stopped = StoredValue::new(false);
        let controller = send_wrapper::SendWrapper::new(controller);
        on_cleanup(move || {
            stopped.set_value(true);
            controller.abort();
        });
        self.connect(send_wrapper::SendWrapper::new(signal), stopped);
    }

    fn connect(
        self,
        signal: send_wrapper::SendWrapper<web_sys::AbortSignal>,
        stopped: StoredValue<bool>,
    ) {
        leptos::task::spawn_local(async move {
            let outcome =
                api::follow_versions(&self.event_id(), &self.secret(), &signal, |version| {
                    self.reconnect_ms.set_value(FIRST_RECONNECT_MS);
                    if version > self.version.get_untracked() {
                        self.refresh();
                    }
                })
                .await;
            if stopped.try_get_value().unwrap_or(true) {
                return;
            }
            let error = outcome.err().unwrap_or(ApiError::Network);
            if self.snapshot.with_untracked(Option::is_some) {
                self.status.set(DataStatus::Reconnecting(error));
            }
            let delay = self.reconnect_ms.get_value();
            self.reconnect_ms
                .set_value((delay * 2).min(LAST_RECONNECT_MS));
            set_timeout(
                move || {
                    if !stopped.try_get_value().unwrap_or(true) {
                        // Whatever happened while disconnected.
                        self.refresh();
                        self.connect(signal, stopped);
                    }
                },
                Duration::from_millis(delay),
            );
        });
    }
}

fn is_empty(changes: &OrganizerChanges) -> bool {
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

/// The part of the snapshot the ranking can use: all of it, unless some records could not be
/// read; then without the scores, interest and references that name the people left out (core's
/// validation would refuse the whole event for them).
fn ranked_part(snapshot: &Snapshot) -> std::borrow::Cow<'_, Snapshot> {
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
        return std::borrow::Cow::Borrowed(snapshot);
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
    std::borrow::Cow::Owned(part)
}

/// Splits the stored event into core's settings and the live state.
fn read_event(value: &serde_json::Value) -> Result<(Event, EventState), OrganizerDataError> {
    let state: EventState = serde_json::from_value(value.clone())
        .map_err(|error| OrganizerDataError::UnreadableEvent(error.to_string()))?;
    let mut settings: Event = serde_json::from_value(value.clone())
        .map_err(|error| OrganizerDataError::UnreadableEvent(error.to_string()))?;
    // The live state travels beside the settings; a settings PATCH must not send it back.
    for key in ["reveal_mode", "fictional", "version"] {
        settings.extra.remove(key);
    }
    settings.scores_revealed = None;
    settings.meetings_published = None;
    settings.registration_closes_at = None;
    settings.phase = Some(state.phase);
    settings.reveal = Some(state.reveal_mode);
    Ok((settings, state))
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

fn empty_snapshot(event: Event) -> Snapshot {
    Snapshot::of_event(event)
}

fn placeholder_event() -> Event {
    serde_json::from_value(serde_json::json!({"id": "", "name": ""}))
        .expect("a minimal event is valid JSON for the model")
}

fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// Records how long applying an answer took (and, after the next task, the rendering it caused)
/// as `organizer:apply` and `organizer:apply+render` performance measures, read by
/// `scripts/bench-console.mjs`.
fn mark_apply(started: f64, changed_pairs: usize) {
    let Some(performance) = web_sys::window().and_then(|window| window.performance()) else {
        return;
    };
    let name = if changed_pairs == 1 {
        "organizer:apply-one-score"
    } else {
        "organizer:apply"
    };
    let applied = performance.now();
    record_measure(&performance, name, started, applied);
    // Leptos renders in microtasks; a zero timeout runs once they are all done.
    set_timeout(
        move || {
            if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
                record_measure(
                    &performance,
                    &format!("{name}+render"),
                    started,
                    performance.now(),
                );
            }
        },
        Duration::ZERO,
    );
}

fn record_measure(performance: &web_sys::Performance, name: &str, start: f64, end: f64) {
    // measure(name, start, end) with numbers needs a feature-gated options object; a mark
    // carrying the duration in its name is simpler to read back and needs no extra bindings.
    if let Err(error) = performance.mark(&format!("{name}={:.3}", end - start)) {
        leptos::logging::warn!("performance mark failed: {error:?}");
    }
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
    ) -> OrganizerScoreRow {
        OrganizerScoreRow {
            investor: investor.into(),
            startup: startup.into(),
            criterion: criterion.into(),
            value,
            abstain,
        }
    }

    #[test]
    fn removed_people_leave_the_table_with_their_rows() {
        let mut table = ScoreTable::default();
        let mut scores = Vec::new();
        for row in [
            row("i1", "s1", "a", Some(5), false),
            row("i1", "s2", "a", Some(6), false),
            row("i2", "s1", "a", Some(7), false),
            row("i2", "s2", "", None, true),
        ] {
            let key = table.apply(&row);
            table.write_pair(&mut scores, &key);
        }
        assert!(!table.forget(&HashSet::from(["s9"]), &HashSet::new()));
        assert!(table.forget(&HashSet::from(["s2"]), &HashSet::from(["i2"])));
        table.rebuild_positions(&mut scores);
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
        assert!(matches!(whole, std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn score_table_keeps_snapshot_entries_in_step() {
        let mut table = ScoreTable::default();
        let mut scores = Vec::new();
        for row in [
            row("i1", "s1", "a", Some(5), false),
            row("i1", "s1", "b", Some(6), false),
            row("i2", "s1", "a", Some(7), false),
            row("i2", "s2", "", None, true),
        ] {
            let key = table.apply(&row);
            table.write_pair(&mut scores, &key);
        }
        assert_eq!(scores.len(), 4);
        // i1 abstains on the whole pitch: its two scores give way to one abstention.
        let key = table.apply(&row("i1", "s1", "", None, true));
        table.write_pair(&mut scores, &key);
        assert_eq!(scores.len(), 3);
        // Clearing a score removes it.
        let key = table.apply(&row("i2", "s1", "a", None, false));
        table.write_pair(&mut scores, &key);
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
        // Positions still point at the right entries.
        for (key, places) in &table.positions {
            for &place in places {
                assert_eq!(
                    (&scores[place].investor, &scores[place].startup),
                    (&key.0, &key.1)
                );
            }
        }
    }
}
