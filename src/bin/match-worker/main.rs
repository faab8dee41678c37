//! The match worker: matching and scheduling off the organizer console's main thread, so the
//! projected board never freezes while 200 × 1 000 pairs are solved. Built by Trunk as a
//! `data-type="worker"` binary (`match-worker_loader.js`); the console talks to it through
//! `roadshow_app::solver` with the JSON messages of `roadshow_app::solver::protocol`, and works
//! from the event the console hands over for each data version (`protocol::Offer`).
//!
//! Requests are handled one at a time. While one runs, newer requests of the same kind replace
//! older waiting ones: the organizer dragging a weight only needs the answer for where it stopped.

mod compute;

use compute::LoadedEvent;
use roadshow_app::api::{self, ApiError};
use roadshow_app::solver::protocol::{
    self, EventSource, FailureCode, WorkerFailure, WorkerReply, WorkerRequest,
};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

#[derive(Default)]
struct WorkerState {
    waiting: VecDeque<WorkerRequest>,
    busy: bool,
    loaded: Option<LoadedEvent>,
    /// The newest event the console handed over, not yet read.
    offered: Option<protocol::Offer>,
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state = Rc::new(RefCell::new(WorkerState::default()));

    let listener_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |message: MessageEvent| {
        if let Some(buffer) = message.data().dyn_ref::<js_sys::ArrayBuffer>() {
            let bytes = js_sys::Uint8Array::new(buffer).to_vec();
            match protocol::Offer::read(bytes) {
                Some(offer) => state.borrow_mut().offered = Some(offer),
                None => post(
                    &listener_scope,
                    &bad_request(0, "the event offered is cut short"),
                ),
            }
            return;
        }
        let Some(text) = message.data().as_string() else {
            post(&listener_scope, &bad_request(0, "the message is not text"));
            return;
        };
        match serde_json::from_str::<WorkerRequest>(&text) {
            Ok(request) => enqueue(&state, &listener_scope, request),
            Err(error) => post(&listener_scope, &bad_request(0, &error.to_string())),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the worker.
    on_message.forget();
    post(&scope, &WorkerReply::Ready);
}

fn bad_request(id: u32, message: &str) -> WorkerReply {
    WorkerReply::Failed {
        id,
        failure: WorkerFailure {
            code: FailureCode::BadRequest,
            message: message.to_owned(),
        },
    }
}

fn same_kind(a: &WorkerRequest, b: &WorkerRequest) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn enqueue(
    state: &Rc<RefCell<WorkerState>>,
    scope: &DedicatedWorkerGlobalScope,
    request: WorkerRequest,
) {
    let start = {
        let mut state = state.borrow_mut();
        // A superseded request still gets an answer, so the console never waits for it forever.
        let superseded: Vec<WorkerRequest> = state
            .waiting
            .iter()
            .filter(|w| same_kind(w, &request))
            .cloned()
            .collect();
        state
            .waiting
            .retain(|waiting| !same_kind(waiting, &request));
        for old in superseded {
            post(scope, &superseded_reply(&old));
        }
        state.waiting.push_back(request);
        !std::mem::replace(&mut state.busy, true)
    };
    if start {
        let state = Rc::clone(state);
        let scope = scope.clone();
        wasm_bindgen_futures::spawn_local(async move { drain(state, scope).await });
    }
}

fn superseded_reply(request: &WorkerRequest) -> WorkerReply {
    let id = request.id();
    WorkerReply::Failed {
        id,
        failure: WorkerFailure {
            code: FailureCode::BadRequest,
            message: "superseded by a newer request".into(),
        },
    }
}

async fn drain(state: Rc<RefCell<WorkerState>>, scope: DedicatedWorkerGlobalScope) {
    loop {
        let next = state.borrow_mut().waiting.pop_front();
        let Some(request) = next else {
            state.borrow_mut().busy = false;
            return;
        };
        let reply = handle(&state, request).await;
        post(&scope, &reply);
    }
}

async fn handle(state: &Rc<RefCell<WorkerState>>, request: WorkerRequest) -> WorkerReply {
    let (id, source, job) = match request {
        WorkerRequest::Solve {
            id,
            source,
            settings,
        } => (id, source, Job::Solve(settings)),
        WorkerRequest::Export {
            id,
            source,
            settings,
        } => (id, source, Job::Export(settings)),
        WorkerRequest::Repair {
            id,
            source,
            from_slot,
        } => (id, source, Job::Repair(from_slot)),
        WorkerRequest::Robustness {
            id,
            source,
            cut,
            track,
        } => (id, source, Job::Robustness(cut, track)),
        WorkerRequest::Frontier {
            id,
            source,
            settings,
            betas,
        } => (id, source, Job::Frontier(settings, betas)),
    };
    let needs_export = matches!(job, Job::Export(_));
    let load_ms = match ensure_loaded(state, &source, needs_export).await {
        Ok(load_ms) => load_ms,
        Err(failure) => return WorkerReply::Failed { id, failure },
    };
    let mut state = state.borrow_mut();
    let Some(loaded) = state.loaded.as_mut() else {
        return WorkerReply::Failed {
            id,
            failure: WorkerFailure {
                code: FailureCode::Network,
                message: "no snapshot".into(),
            },
        };
    };
    match job {
        Job::Export(settings) => match loaded.export(&settings) {
            Ok(files) => WorkerReply::Exported { id, files },
            Err(failure) => WorkerReply::Failed { id, failure },
        },
        Job::Solve(settings) => match loaded.solve(&settings, now_ms) {
            Ok(mut board) => {
                board.load_ms = load_ms;
                WorkerReply::Solved { id, board }
            }
            Err(failure) => WorkerReply::Failed { id, failure },
        },
        Job::Repair(from_slot) => match loaded.repair(from_slot, now_ms) {
            Ok(proposal) => WorkerReply::Repaired { id, proposal },
            Err(failure) => WorkerReply::Failed { id, failure },
        },
        Job::Robustness(cut, track) => match loaded.robustness(cut, track.as_deref(), now_ms) {
            Ok(report) => WorkerReply::Robust { id, report },
            Err(failure) => WorkerReply::Failed { id, failure },
        },
        Job::Frontier(settings, betas) => match loaded.frontier(&settings, &betas, now_ms) {
            Ok(frontier) => WorkerReply::Frontier { id, frontier },
            Err(failure) => WorkerReply::Failed { id, failure },
        },
    }
}

/// What a request asks of the loaded event.
enum Job {
    Solve(roadshow_app::solver::protocol::SolveSettings),
    Export(roadshow_app::solver::protocol::SolveSettings),
    Repair(i64),
    Robustness(u32, Option<String>),
    Frontier(roadshow_app::solver::protocol::SolveSettings, Vec<f64>),
}

/// Reads the event at `source`'s version unless it is already in memory, and the time it took:
/// from what the console handed over for that version when it did, else from the server's
/// export. The score sheet (`needs_export`) is written from the export alone.
async fn ensure_loaded(
    state: &Rc<RefCell<WorkerState>>,
    source: &EventSource,
    needs_export: bool,
) -> Result<f64, WorkerFailure> {
    if state.borrow().loaded.as_ref().is_some_and(|loaded| {
        loaded.is_for(&source.event_id, source.version) && (loaded.from_export || !needs_export)
    }) {
        return Ok(0.0);
    }
    let started = now_ms();
    let offered = {
        let mut state = state.borrow_mut();
        match state.offered.take() {
            Some(offer) if offer.version() == source.version && !needs_export => Some(offer),
            other => {
                state.offered = other;
                None
            }
        }
    };
    if let Some(offer) = offered {
        let loaded = LoadedEvent::handed_off(&source.event_id, source.version, offer.event())?;
        state.borrow_mut().loaded = Some(loaded);
        return Ok(now_ms() - started);
    }
    let text = api::fetch_snapshot_text(&source.event_id, &source.secret)
        .await
        .map_err(fetch_failure)?;
    let loaded = LoadedEvent::read(&source.event_id, source.version, &text)?;
    state.borrow_mut().loaded = Some(loaded);
    Ok(now_ms() - started)
}

fn fetch_failure(error: ApiError) -> WorkerFailure {
    let code = match error.status() {
        Some(401 | 403 | 404) => FailureCode::LinkRefused,
        _ => FailureCode::Network,
    };
    WorkerFailure {
        code,
        message: error.to_string(),
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &WorkerReply) {
    // Serialising plain data cannot fail; if it ever did, the console's request would time out
    // visibly rather than the worker crash.
    match serde_json::to_string(reply) {
        Ok(text) => {
            if let Err(error) = scope.post_message(&JsValue::from_str(&text)) {
                web_sys::console::error_2(&"match worker could not post".into(), &error);
            }
        }
        Err(error) => {
            web_sys::console::error_1(&format!("match worker could not serialise: {error}").into())
        }
    }
}
