//! The matching benchmark as a bare wasm module, timed from Node by `scripts/bench-matching-wasm.mjs`
//! (the browser runs core as wasm32; this measures the same code there, without wasm-bindgen).
//!
//! `cargo build --release -p roadshow-core --no-default-features --target wasm32-unknown-unknown --example wasm_bench`
//!
//! Gap repair (definitions §7.2) runs on the event of `core/benches/support/after_pitches.rs`,
//! the same data as the criterion bench `core/benches/matching.rs`.

use roadshow_core::matching::flow::BestMatching;
use roadshow_core::matching::instance::MatchingInstance;
use roadshow_core::matching::repair::{repair, repair_from_slot, repair_snapshot};
use roadshow_core::matching::stable::{fill_greedily, stable_matching};
use roadshow_core::matching::synthetic::roadshow_instance;
use roadshow_core::matching::MatchBoard;
use roadshow_core::model::Snapshot;
use roadshow_core::ranking::Scoreboard;
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

#[path = "../benches/support/after_pitches.rs"]
mod after_pitches;
#[path = "../benches/support/frontier.rs"]
mod frontier;
#[path = "../benches/support/judged_field.rs"]
mod judged_field;
#[path = "../benches/support/one_hall.rs"]
mod one_hall;
use after_pitches::{repair_snapshot_input, PlanCounts, REPAIR_FROM_SLOT};

/// The repair benchmark's event after the pitches, and its board (built once, for
/// [`repair_board`]).
struct RepairState {
    snapshot: Snapshot,
    counts: PlanCounts,
    scoreboard: Scoreboard,
    board: MatchBoard,
}

static REPAIR: Mutex<Option<RepairState>> = Mutex::new(None);

fn with_repair<T>(f: impl FnOnce(&RepairState) -> T) -> T {
    let mut guard = REPAIR.lock().unwrap_or_else(|e| e.into_inner());
    let state = guard.get_or_insert_with(|| {
        let (snapshot, counts) = repair_snapshot_input(REPAIR_FROM_SLOT);
        let scoreboard = Scoreboard::from_snapshot(&snapshot).expect("repair scoreboard");
        let board = MatchBoard::new(&snapshot, &scoreboard).expect("repair board");
        RepairState {
            snapshot,
            counts,
            scoreboard,
            board,
        }
    });
    f(state)
}

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

/// The policy frontier (definitions §7.7) on the 200 × 1000 instance: 21 exact solves, as the
/// match worker runs them; returns the last point's policy pairs.
#[no_mangle]
pub extern "C" fn policy_frontier() -> f64 {
    with(|s| {
        let flags = frontier::policy_flags(&s.instance);
        let points = frontier::frontier(&s.instance, &flags, &frontier::beta_grid());
        points.last().map_or(f64::NAN, |&(_, pairs)| pairs as f64)
    })
}

/// The frontier's first point's policy pairs (β = 0; not timed).
#[no_mangle]
pub extern "C" fn policy_frontier_first() -> f64 {
    with(|s| {
        let flags = frontier::policy_flags(&s.instance);
        let points = frontier::frontier(&s.instance, &flags, &[0.0]);
        points[0].1 as f64
    })
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

/// Builds the repair event, schedules it and marks the answers (not timed); returns the number
/// of freed meetings.
#[no_mangle]
pub extern "C" fn repair_prepare() -> f64 {
    with_repair(|r| r.counts.freed as f64)
}

/// Meetings in the plan, and of them in slots ≥ from_slot (for the report).
#[no_mangle]
pub extern "C" fn repair_plan_meetings() -> f64 {
    with_repair(|r| r.counts.meetings as f64)
}

#[no_mangle]
pub extern "C" fn repair_plan_from_slot_on() -> f64 {
    with_repair(|r| r.counts.from_slot_on as f64)
}

/// `roadshow repair SNAPSHOT --from-slot 3`'s computation, as the match worker runs it
/// (validate, rank, every M, residual best, placement); returns `total_added` (NaN on error).
#[no_mangle]
pub extern "C" fn repair_full() -> f64 {
    with_repair(|r| match repair_snapshot(&r.snapshot, REPAIR_FROM_SLOT) {
        Ok(repaired) => repaired.total_added,
        Err(_) => f64::NAN,
    })
}

/// What the console's match worker does on "fill the gaps" (`src/bin/match-worker/compute.rs`):
/// with the board it built when it loaded this data version, [`repair_from_slot`] and the
/// command's pretty JSON; returns the JSON's length in bytes.
#[no_mangle]
pub extern "C" fn repair_worker() -> f64 {
    with_repair(
        |r| match repair_from_slot(&r.board, &r.snapshot, REPAIR_FROM_SLOT) {
            Ok(repaired) => match serde_json::to_string_pretty(&repaired) {
                Ok(json) => (json.len() + 1) as f64,
                Err(_) => f64::NAN,
            },
            Err(_) => f64::NAN,
        },
    )
}

/// What the worker adds to loading a data version that has a plan: the repair board (every M,
/// stored settings) from the snapshot and scoreboard it already holds; returns the candidates.
#[no_mangle]
pub extern "C" fn repair_board_build() -> f64 {
    with_repair(|r| match MatchBoard::new(&r.snapshot, &r.scoreboard) {
        Ok(board) => board.instance().candidates.len() as f64,
        Err(_) => f64::NAN,
    })
}

/// The same repair from the already built board (residual best and placement only); returns
/// the number of added meetings.
#[no_mangle]
pub extern "C" fn repair_board() -> f64 {
    with_repair(
        |r| match repair(&r.board, &r.snapshot, REPAIR_FROM_SLOT as u32) {
            Ok(repaired) => repaired.added.len() as f64,
            Err(_) => f64::NAN,
        },
    )
}

static JUDGED: Mutex<Option<roadshow_core::model::Snapshot>> = Mutex::new(None);

fn with_judged<T>(f: impl FnOnce(&roadshow_core::model::Snapshot) -> T) -> T {
    let mut guard = JUDGED.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(judged_field::judged_snapshot))
}

/// Builds the robustness benchmark's event (not timed); returns its number of scores.
#[no_mangle]
pub extern "C" fn robustness_prepare() -> f64 {
    with_judged(|snapshot| snapshot.scores.len() as f64)
}

/// `roadshow robustness --cut 20` on 50 judges × 200 startups, as the match worker runs it
/// (leave-one-judge-out + 2,000 resamples); returns the number of decisive judges.
#[no_mangle]
pub extern "C" fn robustness() -> f64 {
    with_judged(|snapshot| {
        match roadshow_core::robustness::robustness(
            snapshot,
            judged_field::CUT,
            roadshow_core::ranking::TotalMode::Normalized,
        ) {
            Ok(result) => result.decisive_judges.len() as f64,
            Err(_) => f64::NAN,
        }
    })
}

static ONE_HALL: Mutex<Option<Snapshot>> = Mutex::new(None);

fn with_one_hall<T>(f: impl FnOnce(&Snapshot) -> T) -> T {
    let mut guard = ONE_HALL.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(one_hall::one_hall_snapshot))
}

/// Builds the running-order benchmark's hall (not timed); returns its number of pitches.
#[no_mangle]
pub extern "C" fn running_order_prepare() -> f64 {
    with_one_hall(|snapshot| snapshot.startups.len() as f64)
}

/// `roadshow order --hall 0` on 12 pitches and 40 judges, exact, as the console computes it;
/// returns the step-outs (NaN if the order is not exact).
#[no_mangle]
pub extern "C" fn running_order() -> f64 {
    with_one_hall(
        |snapshot| match roadshow_core::running_order::hall_order(snapshot, 0) {
            Ok(order) if order.exact => f64::from(order.step_outs),
            _ => f64::NAN,
        },
    )
}

/// The match board's first open (issue 18): the console's copy of 200 investors × 1,000
/// startups × 3 criteria, 80 % scored, written for the worker on the console's main thread and
/// read in the worker (`roadshow_core::handoff`).
struct HandoffState {
    snapshot: Snapshot,
    written: Vec<u8>,
}

static HANDOFF: Mutex<Option<HandoffState>> = Mutex::new(None);

#[no_mangle]
pub extern "C" fn handoff_prepare() -> f64 {
    let mut rng = roadshow_core::demo::SplitMix64::new(11);
    let mut snapshot = Snapshot::of_event(
        serde_json::from_value(
            serde_json::json!({"id": "e", "name": "bench", "min_judges": 3,
            "criteria": [{"key": "innovation", "weight": 1.0}, {"key": "viability", "weight": 1.0},
                {"key": "market", "weight": 1.0}],
            "scale": {"min": 1, "max": 10}}),
        )
        .expect("settings"),
    );
    for investor in 0..200 {
        for startup in 0..1_000 {
            if rng.next_u64().is_multiple_of(5) {
                continue;
            }
            for criterion in ["innovation", "viability", "market"] {
                snapshot
                    .scores
                    .push(roadshow_core::model::ScoreEntry::score(
                        &format!("i{investor:03}"),
                        &format!("s{startup:04}"),
                        criterion,
                        1 + (rng.next_u64() % 10) as i64,
                    ));
            }
        }
    }
    let count = snapshot.scores.len();
    *HANDOFF.lock().unwrap_or_else(|e| e.into_inner()) = Some(HandoffState {
        snapshot,
        written: Vec::new(),
    });
    count as f64
}

/// Written into a fresh buffer, as the console does for each data version; its length.
#[no_mangle]
pub extern "C" fn handoff_write() -> f64 {
    let mut guard = HANDOFF.lock().unwrap_or_else(|e| e.into_inner());
    let state = guard.as_mut().expect("handoff_prepare first");
    let mut out = Vec::new();
    roadshow_core::handoff::write_into(&mut out, &state.snapshot, &[], &[]);
    let length = out.len();
    state.written = out;
    length as f64
}

/// Read back; the number of scores.
#[no_mangle]
pub extern "C" fn handoff_read() -> f64 {
    let guard = HANDOFF.lock().unwrap_or_else(|e| e.into_inner());
    let state = guard.as_ref().expect("handoff_prepare first");
    roadshow_core::handoff::read(&state.written)
        .expect("reads")
        .scores
        .len() as f64
}
