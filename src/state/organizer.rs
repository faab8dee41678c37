//! The organizer console's data: core's [`Replica`] of the event (the whole event as a
//! [`Snapshot`], its live state, meetings, verdicts and the incremental ranking), kept live, in
//! one signal.
//!
//! # Use
//!
//! The organizer page calls [`provide_organizer_data`] once; every tab calls
//! [`use_organizer_data`] and gets a `Copy` handle, [`OrganizerData`]:
//!
//! - `event_id()`, `secret()` — the event and the organizer's bearer secret (for `crate::api`).
//! - `snapshot()` — the whole event (settings, startups, investors, scores, interest) in the
//!   exchange format, read in place with `.with(|snapshot| …)` / `.with_untracked(…)` (never
//!   cloned). Tracking it re-runs on every change of the replica; a view that only needs people
//!   or settings reads through `with_roster(|snapshot| …)`, which re-runs it only when those
//!   change.
//! - `event_state()` — phase, reveal mode, published meetings flag, fictional flag.
//! - `meetings()` — the meetings as stored on the server (published or not), read in place.
//! - `meeting_board()` — the plan's meetings with what each side said and their calendar
//!   sequence (definitions §7.1), as a memo: it moves only when a meeting or an answer changes.
//! - `outcomes()` — the event with its meetings and follow-ups (what `roadshow repair` and
//!   `roadshow report` read), for the Outcomes tab's funnel and files; moves only when meetings,
//!   answers, follow-ups or people change.
//! - `outbox()` — the organizer's own outbox (answers on someone's behalf, cancellations,
//!   stages): stored on this device first, sent with retries, each item's outcome kept.
//! - `verdicts()` — each investor's "want to meet" and comment per startup, read in place.
//! - `version()` — the event version the data is at; `status()` — loading / live / trouble.
//! - `refresh()` — fetch what changed now (after the console wrote something).
//! - `scores_revision()` / `roster_revision()` — counters that move when scores, or people and
//!   settings, change: cheap to track (memos over the replica's own counters).
//! - `with_live_ranking(|live| …)` — core's incremental ranking, updated score by score; it
//!   tracks `scores_revision()` itself.
//! - `unreadable()` — startups and investors whose records the console could not read: left out
//!   (with their scores, for the ranking) and flagged, while everything else is shown.
//!
//! What an answer of the change feed does to the copy (removals, unreadable records, the score
//! cells, when the ranking is rebuilt) is core's [`Replica::apply`], tested natively and on wasm.
//!
//! # Loading and staying live
//!
//! The first load is `GET /changes?since=0`: one read transaction on the server, so the rows
//! and the version are from the same moment (the export endpoint carries no version). Then the
//! version stream (SSE, read with fetch because the secret travels in a header) announces each
//! new version, and `GET /changes?since=V` brings only the changed rows, applied in place.
//! One fetch runs at a time; versions announced meanwhile are fetched right after.

use crate::api::{self, ApiError};
use crate::state::sync::SyncService;
use crate::storage::OutboxOwner;
use leptos::prelude::*;
use roadshow_core::model::{FollowUp, PlannedMeeting, Snapshot};
use roadshow_core::problem::Problem;
use roadshow_core::replica::{ConsoleChanges, PairKey, Replica, SkippedScore};
pub use roadshow_core::replica::{LiveRanking, UnreadablePerson, Verdict};
use roadshow_core::wire::{LiveState, MeetingState};
use std::collections::BTreeMap;
use std::time::Duration;

const FIRST_RECONNECT_MS: u64 = 1_000;
const LAST_RECONNECT_MS: u64 = 30_000;

/// The event's live state next to its settings.
pub type EventState = LiveState;

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

/// One part of the replica, read in place: `with` tracks the replica, `with_untracked` does not.
pub struct ReplicaPart<T: 'static> {
    replica: RwSignal<Replica>,
    pick: fn(&Replica) -> &T,
}

impl<T> Clone for ReplicaPart<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ReplicaPart<T> {}

impl<T> ReplicaPart<T> {
    pub fn with<U>(self, read: impl FnOnce(&T) -> U) -> U {
        self.replica.with(|replica| read((self.pick)(replica)))
    }

    pub fn with_untracked<U>(self, read: impl FnOnce(&T) -> U) -> U {
        self.replica
            .with_untracked(|replica| read((self.pick)(replica)))
    }
}

/// A memo as a signal whose `track()` also brings the memo up to date. Tracking a memo without
/// reading it leaves it marked as changed, and a memo already marked passes no later change on:
/// a view that only tracks a revision would stop following after the first change.
fn read<T: Clone + Send + Sync + 'static>(memo: Memo<T>) -> Signal<T> {
    Signal::derive(move || memo.get())
}

/// The published plan as the meeting board shows it: each meeting with what its sides said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeetingBoardData {
    pub meetings: Vec<PlannedMeeting>,
    pub states: Vec<MeetingState>,
    pub follow_ups: Vec<FollowUp>,
}

/// The console's live data handle; see the module docs.
#[derive(Debug, Clone, Copy)]
pub struct OrganizerData {
    event_id: StoredValue<String>,
    secret: StoredValue<String>,
    replica: RwSignal<Replica>,
    event_state: Memo<Option<EventState>>,
    version: Memo<i64>,
    scores_revision: Memo<u64>,
    roster_revision: Memo<u64>,
    ranking_problems: Memo<Vec<Problem>>,
    unreadable: Memo<Vec<UnreadablePerson>>,
    meeting_board: Memo<MeetingBoardData>,
    outbox: StoredValue<Option<SyncService>>,
    status: RwSignal<DataStatus>,
    fetching: StoredValue<bool>,
    fetch_again: StoredValue<bool>,
    reconnect_ms: StoredValue<u64>,
}

/// Starts loading the event and following its changes; call once, in the organizer page.
pub fn provide_organizer_data(event_id: String, secret: String) -> OrganizerData {
    let replica = RwSignal::new(Replica::new());
    let data = OrganizerData {
        event_id: StoredValue::new(event_id),
        secret: StoredValue::new(secret),
        replica,
        event_state: Memo::new(move |_| replica.with(|replica| replica.live().cloned())),
        version: Memo::new(move |_| replica.with(Replica::version)),
        scores_revision: Memo::new(move |_| replica.with(Replica::scores_revision)),
        roster_revision: Memo::new(move |_| replica.with(Replica::roster_revision)),
        ranking_problems: Memo::new(move |_| {
            replica.with(|replica| replica.ranking_problems().to_vec())
        }),
        unreadable: Memo::new(move |_| replica.with(|replica| replica.unreadable().to_vec())),
        meeting_board: Memo::new(move |_| {
            replica.with(|replica| MeetingBoardData {
                meetings: replica.meetings().clone(),
                states: replica.meeting_states().clone(),
                follow_ups: replica.follow_ups().clone(),
            })
        }),
        outbox: StoredValue::new(None),
        status: RwSignal::new(DataStatus::Loading),
        fetching: StoredValue::new(false),
        fetch_again: StoredValue::new(false),
        reconnect_ms: StoredValue::new(FIRST_RECONNECT_MS),
    };
    provide_context(data);
    // Edits the organizer made in an earlier visit and the server has not acknowledged yet are
    // sent as soon as the console opens.
    data.outbox.set_value(Some(SyncService::start(
        data.event_id(),
        data.secret(),
        OutboxOwner::Organizer,
    )));
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

    pub fn snapshot(self) -> ReplicaPart<Option<Snapshot>> {
        ReplicaPart {
            replica: self.replica,
            pick: Replica::snapshot,
        }
    }

    pub fn event_state(self) -> Signal<Option<EventState>> {
        read(self.event_state)
    }

    pub fn meetings(self) -> ReplicaPart<Vec<PlannedMeeting>> {
        ReplicaPart {
            replica: self.replica,
            pick: Replica::meetings,
        }
    }

    pub fn verdicts(self) -> ReplicaPart<BTreeMap<PairKey, Verdict>> {
        ReplicaPart {
            replica: self.replica,
            pick: Replica::verdicts,
        }
    }

    pub fn meeting_board(self) -> Signal<MeetingBoardData> {
        read(self.meeting_board)
    }

    /// The event with its meetings and follow-ups (`Replica::snapshot_with_outcomes`); re-runs
    /// the caller when meetings, answers, follow-ups, people or settings change.
    pub fn with_outcomes<T>(self, read: impl FnOnce(Option<&Snapshot>) -> T) -> T {
        self.meeting_board().track();
        self.roster_revision().track();
        let snapshot = self.replica.with_untracked(Replica::snapshot_with_outcomes);
        read(snapshot.as_ref())
    }

    /// Replaces the meeting plan (`PUT /meetings`), then fetches what changed so the console's
    /// copy follows the server.
    pub async fn publish_plan(
        self,
        meetings: Vec<PlannedMeeting>,
        published: bool,
    ) -> Result<roadshow_core::wire::PublishedMeetings, ApiError> {
        let receipt =
            api::publish_meetings(&self.event_id(), &self.secret(), &meetings, published).await?;
        self.refresh();
        Ok(receipt)
    }

    /// Changes the event's settings or live state (`PATCH /events/{id}`), then fetches what
    /// changed so the console's copy follows the server.
    pub async fn change_event(self, change: api::EventChange) -> Result<(), ApiError> {
        api::update_event(&self.event_id(), &self.secret(), &change).await?;
        self.refresh();
        Ok(())
    }

    /// The organizer's outbox (started with the console).
    pub fn outbox(self) -> Option<SyncService> {
        self.outbox.get_value()
    }

    pub fn version(self) -> Signal<i64> {
        read(self.version)
    }

    pub fn status(self) -> Signal<DataStatus> {
        self.status.into()
    }

    pub fn scores_revision(self) -> Signal<u64> {
        read(self.scores_revision)
    }

    pub fn roster_revision(self) -> Signal<u64> {
        read(self.roster_revision)
    }

    pub fn ranking_problems(self) -> Signal<Vec<Problem>> {
        read(self.ranking_problems)
    }

    pub fn unreadable(self) -> Signal<Vec<UnreadablePerson>> {
        read(self.unreadable)
    }

    /// Reads the snapshot for what changes with people or settings (names, criteria, the
    /// meeting settings): re-runs the caller when those change, not on every score.
    pub fn with_roster<T>(self, read: impl FnOnce(&Option<Snapshot>) -> T) -> T {
        self.roster_revision().track();
        self.snapshot().with_untracked(read)
    }

    /// Appends the event as the console holds it, in the match worker's format
    /// (`Replica::hand_off`), without tracking; false before the first answer.
    pub fn hand_off(self, out: &mut Vec<u8>) -> bool {
        self.replica.with_untracked(|replica| replica.hand_off(out))
    }

    /// Runs `read` on the live ranking, if the event could be ranked; re-runs the caller when
    /// the scores (or anything the ranking reads) change.
    pub fn with_live_ranking<T>(self, read: impl FnOnce(&mut LiveRanking) -> T) -> Option<T> {
        self.scores_revision().track();
        self.replica
            .try_update_untracked(|replica| replica.ranking_mut().map(read))
            .flatten()
    }

    fn loaded(self) -> bool {
        self.replica
            .with_untracked(|replica| replica.snapshot().is_some())
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
                let since = self.replica.with_untracked(Replica::version);
                let answer =
                    api::fetch_changes::<ConsoleChanges>(&self.event_id(), &self.secret(), since)
                        .await;
                if self.fetching.try_get_value().is_none() {
                    return; // The page is gone.
                }
                match answer {
                    Ok(changes) => {
                        self.apply(changes);
                    }
                    Err(error) => {
                        self.status.set(if self.loaded() {
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

    /// Applies one answer of `/changes` to the replica (one signal update, only when the answer
    /// changed something), and logs what the copy had to leave out.
    fn apply(self, changes: ConsoleChanges) {
        let started = performance_now();
        let mut outcome = None;
        self.replica.maybe_update(|replica| {
            let applied = replica.apply(changes);
            let changed = applied.as_ref().is_ok_and(|applied| applied.anything());
            outcome = Some(applied);
            changed
        });
        match outcome {
            Some(Ok(applied)) => {
                for record in &applied.unreadable_records {
                    leptos::logging::warn!(
                        "record {} of the answer left out: {}",
                        record.label(),
                        record.reason
                    );
                }
                for skipped in &applied.skipped_scores {
                    match skipped {
                        SkippedScore::UnknownPerson((investor, startup)) => leptos::logging::warn!(
                            "score of unknown investor {investor} or startup {startup} left out"
                        ),
                        SkippedScore::Refused((investor, startup), error) => {
                            leptos::logging::warn!(
                                "score of {investor} on {startup} not counted: {error}"
                            )
                        }
                    }
                }
                if !matches!(self.status.get_untracked(), DataStatus::Live) {
                    self.status.set(DataStatus::Live);
                }
                mark_apply(started, applied.score_pairs);
            }
            Some(Err(error)) => {
                leptos::logging::warn!("organizer data: {error}");
                if !self.loaded() {
                    self.status
                        .set(DataStatus::Failed(ApiError::UnreadableResponse {
                            status: 200,
                        }));
                }
            }
            None => {}
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
                    if version > self.replica.with_untracked(Replica::version) {
                        self.refresh();
                    }
                })
                .await;
            if stopped.try_get_value().unwrap_or(true) {
                return;
            }
            let error = outcome.err().unwrap_or(ApiError::Network);
            if self.loaded() {
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
