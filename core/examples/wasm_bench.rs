//! The matching benchmark as a bare wasm module, timed from Node by `scripts/bench-matching-wasm.mjs`
//! (the browser runs core as wasm32; this measures the same code there, without wasm-bindgen).
//!
//! `cargo build --release -p roadshow-core --no-default-features --target wasm32-unknown-unknown --example wasm_bench`

use roadshow_core::matching::flow::BestMatching;
use roadshow_core::matching::instance::MatchingInstance;
use roadshow_core::matching::stable::{fill_greedily, stable_matching};
use roadshow_core::matching::synthetic::roadshow_instance;
use std::sync::Mutex;

struct State {
    instance: MatchingInstance,
    warm: Option<BestMatching>,
    /// The first cold solve's selection, to pick changed pairs from without timing a scan.
    initial: Vec<usize>,
    scores: Vec<f64>,
    step: usize,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

fn with<T>(f: impl FnOnce(&mut State) -> T) -> T {
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let state = guard.get_or_insert_with(|| {
        let instance = roadshow_instance(200, 1000, 150, 42);
        let scores = instance.candidates.iter().map(|c| c.score).collect();
        State {
            instance,
            warm: None,
            initial: Vec::new(),
            scores,
            step: 0,
        }
    });
    f(state)
}

/// Builds the 200 × 1000 instance (not timed); returns the number of candidates.
#[no_mangle]
pub extern "C" fn prepare() -> f64 {
    with(|s| s.instance.candidates.len() as f64)
}

/// "best" from scratch, graph build included; returns the total M (NaN on error).
#[no_mangle]
pub extern "C" fn best() -> f64 {
    with(|s| match BestMatching::solve(&s.instance) {
        Ok(solved) => {
            let mut selected = solved.selected();
            fill_greedily(&s.instance, &mut selected);
            let total = selected
                .iter()
                .map(|&p| s.instance.candidates[p].score)
                .sum();
            if s.warm.is_none() {
                s.initial = solved.selected();
                s.warm = Some(solved);
            }
            total
        }
        Err(_) => f64::NAN,
    })
}

#[no_mangle]
pub extern "C" fn stable() -> f64 {
    with(|s| match stable_matching(&s.instance) {
        Ok(selected) => selected
            .iter()
            .map(|&p| s.instance.candidates[p].score)
            .sum(),
        Err(_) => f64::NAN,
    })
}

/// One selected pair's score drops by 0.2, then a warm re-solve; returns the certificate rounds
/// so far (the selection itself is not scanned inside the timed call).
#[no_mangle]
pub extern "C" fn warm() -> f64 {
    with(|s| {
        let Some(solved) = s.warm.as_mut() else {
            return f64::NAN;
        };
        if s.initial.is_empty() {
            return f64::NAN;
        }
        s.step += 1;
        let p = s.initial[(s.step * 7919) % s.initial.len()];
        s.scores[p] = (s.scores[p] - 0.2).max(0.0);
        match solved.rescore_some(&[(p, s.scores[p])]) {
            Ok(()) => f64::from(solved.certificate_rounds),
            Err(_) => f64::NAN,
        }
    })
}

/// The total of the current warm selection (to check it against a cold solve).
#[no_mangle]
pub extern "C" fn warm_total() -> f64 {
    with(|s| match s.warm.as_ref() {
        Some(solved) => solved.selected().iter().map(|&q| s.scores[q]).sum(),
        None => f64::NAN,
    })
}
