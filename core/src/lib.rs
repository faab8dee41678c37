//! Roadshow's domain: the event model, the `roadshow-event/1` snapshot format, validation,
//! ranking, matching and scheduling.
//!
//! Nothing in this crate performs IO, reads a clock or draws random numbers: callers pass time and
//! seeds in, so the same input gives the same result on every device (native and wasm32).

pub mod audit_csv;
pub mod cli;
pub mod csv;
pub mod demo;
pub mod event_draft;
pub mod export;
pub mod feedback;
pub mod follow_up;
pub mod funnel;
pub mod gap_plan;
pub mod handoff;
pub mod investor_form;
pub mod matching;
pub mod meeting_answers;
pub mod model;
pub mod outcome_csv;
pub mod overlay;
pub mod pitching;
pub mod privacy;
pub mod problem;
pub mod program;
pub mod ranking;
pub mod replica;
pub mod report;
pub mod report_csv;
pub mod robustness;
pub mod roster;
pub mod round_ranking;
pub mod rounds;
pub mod running_order;
pub mod schedule;
pub mod snapshot;
pub mod startup_form;
pub mod stats;
pub mod sync;
pub mod teams;
pub mod text;
pub mod tracks;
pub mod validate;
pub mod wire;
pub mod zones;
