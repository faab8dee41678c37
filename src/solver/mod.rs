//! The match solver as the console sees it: a handle that keeps one Web Worker
//! (`src/bin/match-worker`) busy with the latest question and exposes its latest answer as
//! signals. The solvers are linked into the worker only; this side knows nothing but messages.
//!
//! ```text
//! provide_match_solver();              // once, in the console, after provide_organizer_data
//! let solver = use_match_solver();     // in a tab
//! solver.follow();                     // while this tab is open, re-solve on every change
//! solver.set_settings(settings);       // debounced; `computing()` is true until the answer
//! solver.board()                       // Signal<Option<BoardResult>>, the last answer
//! solver.request_exports(|files| …)    // CSV files from the same inputs
//! solver.request_repair(3, |proposal| …) // fill the gaps from slot 3 (definitions §7.2)
//! ```
//!
//! The worker starts on the first request, so a console that never opens the match tabs never
//! downloads it. Until the organizer changes them, the settings are the event's stored ones.

pub mod protocol;

use crate::state::organizer::{use_organizer_data, OrganizerData};
use leptos::prelude::*;
use protocol::{
    BoardResult, EventSource, ExportFiles, FrontierResult, Offer, RepairProposal, RobustnessReport,
    SolveSettings, WorkerFailure, WorkerReply, WorkerRequest,
};
use roadshow_core::matching::MatchWeights;
use roadshow_core::model::MatchSettings;
use std::collections::HashMap;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where Trunk puts the worker's loader (`data-loader-shim` of the `match-worker` binary in
/// `console.html`, built with `--public-url /console/`; see scripts/build-app.sh).
const WORKER_SCRIPT: &str = "/console/match-worker_loader.js";
/// Long enough to coalesce a drag or fast typing, short enough to feel immediate.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Why the board has no fresh answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SolverError {
    #[error("the browser could not start the match worker")]
    WorkerNotStarted,
    #[error("the match worker stopped: {0}")]
    WorkerCrashed(String),
    #[error("the request could not be written")]
    RequestNotWritten,
    #[error("the worker's answer could not be read")]
    UnreadableReply,
    #[error(transparent)]
    Worker(#[from] WorkerFailure),
}

type Callback<T> = Box<dyn FnOnce(Result<T, SolverError>)>;

/// A request other than the live solve, waiting for the worker's answer with what to do then.
enum Waiting {
    Export(Callback<ExportFiles>),
    Repair(Callback<RepairProposal>),
    Robustness(Callback<RobustnessReport>),
    Frontier(Callback<FrontierResult>),
}

impl Waiting {
    fn fail(self, error: SolverError) {
        match self {
            Waiting::Export(done) => done(Err(error)),
            Waiting::Repair(done) => done(Err(error)),
            Waiting::Robustness(done) => done(Err(error)),
            Waiting::Frontier(done) => done(Err(error)),
        }
    }
}

/// The worker and what is waiting on it; lives on the main thread only.
struct Connection {
    worker: web_sys::Worker,
    ready: bool,
    /// The messages to send once the worker says it is ready.
    queued: Vec<Outgoing>,
    /// The data version of the last event handed to the worker.
    offered_version: Option<i64>,
    waiting: HashMap<u32, Waiting>,
    next_id: u32,
    debounce: Option<leptos::leptos_dom::helpers::TimeoutHandle>,
    // Kept so the closures live as long as the worker.
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::ErrorEvent)>,
}

/// A message for the worker: a request, or the event it is for.
enum Outgoing {
    Request(String),
    Offer(Offer),
}

impl Outgoing {
    fn post(self, worker: &web_sys::Worker) -> Result<(), JsValue> {
        match self {
            Outgoing::Request(text) => worker.post_message(&JsValue::from_str(&text)),
            Outgoing::Offer(offer) => {
                // One copy into the JavaScript heap; the buffer then moves to the worker.
                let buffer = js_sys::Uint8Array::from(offer.into_bytes().as_slice()).buffer();
                worker.post_message_with_transfer(&buffer, &js_sys::Array::of1(&buffer))
            }
        }
    }
}

/// The console's handle on the match worker; see the module docs.
#[derive(Clone, Copy)]
pub struct MatchSolver {
    data: OrganizerData,
    source: Memo<Option<EventSource>>,
    /// The organizer's changes to the event's stored weights, threshold and mode.
    adjusted: RwSignal<Option<SolveSettings>>,
    stored: Memo<Option<SolveSettings>>,
    board: RwSignal<Option<BoardResult>>,
    failure: RwSignal<Option<SolverError>>,
    /// Id of the newest solve sent; answers to older ones are dropped.
    latest_solve: RwSignal<u32>,
    /// Id of the newest solve answered (or failed).
    answered_solve: RwSignal<u32>,
    connection: StoredValue<Option<Connection>, LocalStorage>,
}

/// The event's stored match settings as the worker takes them.
pub fn settings_of(stored: &MatchSettings) -> SolveSettings {
    SolveSettings {
        weights: MatchWeights::from(stored),
        threshold: stored.threshold,
        mode: stored.mode,
        min_startup_meetings: 0,
        policy_bonus: None,
    }
}

/// Makes the solver available to the console's tabs; needs the organizer data in context.
pub fn provide_match_solver() -> MatchSolver {
    let data = use_organizer_data();
    let source = Memo::new(move |_| {
        let version = data.version().get();
        data.snapshot().with(Option::is_some).then(|| EventSource {
            event_id: data.event_id(),
            secret: data.secret(),
            version,
        })
    });
    let stored = Memo::new(move |_| {
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .map(|s| settings_of(&s.event.match_settings))
        })
    });
    let solver = MatchSolver {
        data,
        source,
        adjusted: RwSignal::new(None),
        stored,
        board: RwSignal::new(None),
        failure: RwSignal::new(None),
        latest_solve: RwSignal::new(0),
        answered_solve: RwSignal::new(0),
        connection: StoredValue::new_local(None),
    };
    provide_context(solver);
    on_cleanup(move || {
        if let Some(Some(connection)) = solver.connection.try_update_value(Option::take) {
            connection.worker.terminate();
        }
    });
    solver
}

pub fn use_match_solver() -> MatchSolver {
    expect_context::<MatchSolver>()
}

impl MatchSolver {
    /// The settings in force: the organizer's adjustments, else the event's stored ones.
    pub fn settings(self) -> Signal<Option<SolveSettings>> {
        Signal::derive(move || self.adjusted.get().or_else(|| self.stored.get()))
    }

    pub fn set_settings(self, settings: SolveSettings) {
        self.adjusted.set(Some(settings));
    }

    /// Back to the event's stored settings.
    pub fn reset_settings(self) {
        self.adjusted.set(None);
    }

    /// Re-solves on every change of the data or the settings for as long as the calling
    /// component lives (the effect belongs to its owner).
    pub fn follow(self) {
        // Not a signal copy: each change sends a message to the worker.
        Effect::new(move |_| {
            let source = self.source.get();
            let settings = self.settings().get();
            if let (Some(source), Some(settings)) = (source, settings) {
                self.schedule_solve(source, settings);
            }
        });
    }

    pub fn board(self) -> Signal<Option<BoardResult>> {
        self.board.into()
    }

    pub fn failure(self) -> Signal<Option<SolverError>> {
        self.failure.into()
    }

    /// True from a change until the worker answers it.
    pub fn computing(self) -> Signal<bool> {
        Signal::derive(move || self.latest_solve.get() != self.answered_solve.get())
    }

    /// Asks for the CSV files of the current inputs; `done` runs with the files or the reason.
    pub fn request_exports(self, done: impl FnOnce(Result<ExportFiles, SolverError>) + 'static) {
        let Some(settings) = self.settings().get_untracked() else {
            done(Err(SolverError::RequestNotWritten));
            return;
        };
        self.ask(Waiting::Export(Box::new(done)), |id, source| {
            WorkerRequest::Export {
                id,
                source,
                settings,
            }
        });
    }

    /// Asks for the repair of the plan from `from_slot` at the data version the console shows;
    /// `done` runs with the proposal or the reason.
    pub fn request_repair(
        self,
        from_slot: i64,
        done: impl FnOnce(Result<RepairProposal, SolverError>) + 'static,
    ) {
        self.ask(Waiting::Repair(Box::new(done)), |id, source| {
            WorkerRequest::Repair {
                id,
                source,
                from_slot,
            }
        });
    }

    /// Asks for the ranking's robustness at `cut` at the data version the console shows;
    /// `done` runs with the report or the reason.
    pub fn request_robustness(
        self,
        cut: u32,
        track: Option<String>,
        done: impl FnOnce(Result<RobustnessReport, SolverError>) + 'static,
    ) {
        self.ask(Waiting::Robustness(Box::new(done)), |id, source| {
            WorkerRequest::Robustness {
                id,
                source,
                cut,
                track,
            }
        });
    }

    /// Asks for the policy frontier over `betas` with the current weights and threshold;
    /// `done` runs with the points or the reason.
    pub fn request_frontier(
        self,
        betas: Vec<f64>,
        done: impl FnOnce(Result<FrontierResult, SolverError>) + 'static,
    ) {
        let Some(settings) = self.settings().get_untracked() else {
            done(Err(SolverError::RequestNotWritten));
            return;
        };
        self.ask(Waiting::Frontier(Box::new(done)), |id, source| {
            WorkerRequest::Frontier {
                id,
                source,
                settings,
                betas,
            }
        });
    }

    /// Sends the request `request` builds for the data version the console shows, keeping
    /// `waiting` until the worker answers it.
    fn ask(self, waiting: Waiting, request: impl FnOnce(u32, EventSource) -> WorkerRequest) {
        let Some(source) = self.source.get_untracked() else {
            waiting.fail(SolverError::RequestNotWritten);
            return;
        };
        self.ensure_started();
        let id = self.next_id();
        self.connection.update_value(|connection| {
            if let Some(connection) = connection {
                connection.waiting.insert(id, waiting);
            }
        });
        self.send(&request(id, source));
    }

    fn next_id(self) -> u32 {
        self.connection
            .try_update_value(|connection| {
                connection.as_mut().map(|connection| {
                    connection.next_id += 1;
                    connection.next_id
                })
            })
            .flatten()
            .unwrap_or(0)
    }

    fn ensure_started(self) {
        if self.connection.with_value(Option::is_none) {
            self.start();
        }
    }

    fn start(self) {
        let worker = match web_sys::Worker::new(WORKER_SCRIPT) {
            Ok(worker) => worker,
            Err(_) => {
                self.failure.set(Some(SolverError::WorkerNotStarted));
                return;
            }
        };
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
                let reply = message
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<WorkerReply>(&text).ok());
                match reply {
                    Some(reply) => self.receive(reply),
                    None => self.failure.set(Some(SolverError::UnreadableReply)),
                }
            });
        let on_error =
            Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
                self.failure
                    .set(Some(SolverError::WorkerCrashed(event.message())));
                self.answered_solve.set(self.latest_solve.get_untracked());
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.connection.set_value(Some(Connection {
            worker,
            ready: false,
            queued: Vec::new(),
            offered_version: None,
            waiting: HashMap::new(),
            next_id: 0,
            debounce: None,
            _on_message: on_message,
            _on_error: on_error,
        }));
    }

    fn schedule_solve(self, source: EventSource, settings: SolveSettings) {
        self.ensure_started();
        let id = self.next_id();
        self.latest_solve.set(id);
        let send_later = move || {
            // Only the newest change is worth solving.
            if self.latest_solve.try_get_untracked() == Some(id) {
                self.send(&WorkerRequest::Solve {
                    id,
                    source,
                    settings,
                });
            }
        };
        let handle = set_timeout_with_handle(send_later, DEBOUNCE).ok();
        self.connection.update_value(|connection| {
            if let Some(connection) = connection {
                if let Some(previous) = std::mem::replace(&mut connection.debounce, handle) {
                    previous.clear();
                }
            }
        });
    }

    fn send(self, request: &WorkerRequest) {
        let Ok(text) = serde_json::to_string(request) else {
            self.failure.set(Some(SolverError::RequestNotWritten));
            return;
        };
        let offer = self.offer_for(request);
        let posted = self.connection.try_update_value(|connection| {
            let Some(connection) = connection else {
                return false;
            };
            let mut outgoing = Vec::with_capacity(2);
            if let Some(offer) = offer {
                connection.offered_version = Some(offer.version());
                outgoing.push(Outgoing::Offer(offer));
            }
            outgoing.push(Outgoing::Request(text));
            if !connection.ready {
                connection.queued.extend(outgoing);
                return true;
            }
            outgoing
                .into_iter()
                .all(|message| message.post(&connection.worker).is_ok())
        });
        if posted != Some(true) {
            self.failure.set(Some(SolverError::WorkerNotStarted));
            self.answered_solve.set(self.latest_solve.get_untracked());
        }
    }

    /// The event at the request's data version, when the worker has not been given it and may
    /// work from it: not for the score sheet (edit times and comments are the export's), and
    /// not for an event of a program (the pairs that met before are the export's too).
    fn offer_for(self, request: &WorkerRequest) -> Option<Offer> {
        let version = request.source().version;
        let offered = self
            .connection
            .with_value(|connection| connection.as_ref().and_then(|c| c.offered_version));
        let in_program = self.data.snapshot().with_untracked(|snapshot| {
            snapshot
                .as_ref()
                .is_some_and(|snapshot| snapshot.event.program.is_some())
        });
        if request.needs_export() || in_program || offered == Some(version) {
            return None;
        }
        Offer::write(version, |out| self.data.hand_off(out))
    }

    fn receive(self, reply: WorkerReply) {
        match reply {
            WorkerReply::Ready => {
                let queued = self.connection.try_update_value(|connection| {
                    connection.as_mut().map(|connection| {
                        connection.ready = true;
                        std::mem::take(&mut connection.queued)
                    })
                });
                let worker = self
                    .connection
                    .with_value(|connection| connection.as_ref().map(|c| c.worker.clone()));
                if let (Some(Some(queued)), Some(worker)) = (queued, worker) {
                    for message in queued {
                        if message.post(&worker).is_err() {
                            self.failure.set(Some(SolverError::WorkerNotStarted));
                        }
                    }
                }
            }
            WorkerReply::Solved { id, board } => {
                if id == self.latest_solve.get_untracked() {
                    self.board.set(Some(board));
                    self.failure.set(None);
                    self.answered_solve.set(id);
                }
            }
            WorkerReply::Exported { id, files } => {
                if let Some(Waiting::Export(done)) = self.take_waiting(id) {
                    done(Ok(files));
                }
            }
            WorkerReply::Repaired { id, proposal } => {
                if let Some(Waiting::Repair(done)) = self.take_waiting(id) {
                    done(Ok(proposal));
                }
            }
            WorkerReply::Robust { id, report } => {
                if let Some(Waiting::Robustness(done)) = self.take_waiting(id) {
                    done(Ok(report));
                }
            }
            WorkerReply::Frontier { id, frontier } => {
                if let Some(Waiting::Frontier(done)) = self.take_waiting(id) {
                    done(Ok(frontier));
                }
            }
            WorkerReply::Failed { id, failure } => {
                if let Some(waiting) = self.take_waiting(id) {
                    waiting.fail(SolverError::Worker(failure));
                    return;
                }
                if id == self.latest_solve.get_untracked() {
                    self.failure.set(Some(SolverError::Worker(failure)));
                    self.answered_solve.set(id);
                }
            }
        }
    }

    fn take_waiting(self, id: u32) -> Option<Waiting> {
        self.connection
            .try_update_value(|connection| {
                connection
                    .as_mut()
                    .and_then(|connection| connection.waiting.remove(&id))
            })
            .flatten()
    }
}
