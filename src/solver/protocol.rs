//! Messages between the organizer console and the match worker (`src/bin/match-worker`), as
//! compact JSON strings. Both sides compile this module, so a field renamed on one side cannot
//! silently drift from the other.
//!
//! The console hands the worker the event it already synced, once per data version, as an
//! [`Offer`]: a byte buffer (`roadshow_core::handoff`) moved to the worker, not JSON, since
//! writing 600 000 scores as JSON would hold the main thread for longer than the solve. Each
//! request names the event id, the organizer's secret and the data version it is for; the worker
//! reads the offer for that version, keeps it with its scoreboard, and re-solves from memory
//! when only the organizer's weights, threshold or mode change. The worker fetches the
//! server's export through [`crate::api`] instead when no offer for the version came (an event
//! of a program, whose pairs that met before only the export names) and for the score sheet,
//! whose edit times and comments only the export holds. Repair ("fill the gaps", definitions §7.2) is asked the
//! same way, with the slot to repair from: the worker runs `roadshow repair`'s computation on the
//! snapshot it fetched (the export the CLI reads), with the event's stored match settings; the
//! ranking's robustness at a cut (definitions §8.5) likewise runs `roadshow robustness`'s
//! computation there.

use roadshow_core::matching::policy::FrontierPoint;
use roadshow_core::matching::repair::Repair;
use roadshow_core::matching::{
    FloorInfeasible, MatchWeights, MeetingSchedule, PairExplanation, Veto,
};
use roadshow_core::model::{MatchMode, MetBefore};
use roadshow_core::robustness::Robustness;
use serde::{Deserialize, Serialize};

/// The event as the console holds it at one data version, posted to the worker as an
/// `ArrayBuffer` (moved, not copied) before a request for that version: the version as eight
/// bytes, then the event in `roadshow_core::handoff`'s format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    bytes: Vec<u8>,
}

impl Offer {
    /// The event at `version`, written by `write` (false when there is nothing to hand over).
    pub fn write(version: i64, write: impl FnOnce(&mut Vec<u8>) -> bool) -> Option<Offer> {
        let mut bytes = version.to_le_bytes().to_vec();
        write(&mut bytes).then_some(Offer { bytes })
    }

    /// An offer as the worker receives it; `None` when it is too short to hold a version.
    pub fn read(bytes: Vec<u8>) -> Option<Offer> {
        (bytes.len() >= 8).then_some(Offer { bytes })
    }

    pub fn version(&self) -> i64 {
        let mut version = [0; 8];
        version.copy_from_slice(&self.bytes[..8]);
        i64::from_le_bytes(version)
    }

    /// The event, for `roadshow_core::handoff::read`.
    pub fn event(&self) -> &[u8] {
        &self.bytes[8..]
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// What the organizer tunes on the match board (definitions §4.7–4.8).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SolveSettings {
    pub weights: MatchWeights,
    pub threshold: f64,
    pub mode: MatchMode,
    /// The meeting floor per startup (definitions §7.3); 0 is no floor. Applies to "best".
    #[serde(default)]
    pub min_startup_meetings: u32,
    /// The policy bonus β the organizer picked on the frontier (definitions §7.7); "best" is then
    /// max Σ M' with M' = M + β·[policy pair]. `None`: no bonus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_bonus: Option<f64>,
}

/// Which event, at which data version, with whose credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSource {
    pub event_id: String,
    pub secret: String,
    /// The console's data version; the worker refetches the snapshot when it differs.
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkerRequest {
    /// Both selections, the chosen mode's pairs with their parts, and its schedule.
    Solve {
        id: u32,
        source: EventSource,
        settings: SolveSettings,
    },
    /// The CSV files (scores, ranking, matches, schedule) for the same inputs.
    Export {
        id: u32,
        source: EventSource,
        settings: SolveSettings,
    },
    /// Fill the gaps of the published plan from `from_slot` (definitions §7.2).
    Repair {
        id: u32,
        source: EventSource,
        from_slot: i64,
    },
    /// The ranking's robustness at the cut `cut` (definitions §8.5), on track `track`'s own
    /// board when one is named (§8.2).
    Robustness {
        id: u32,
        source: EventSource,
        cut: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        track: Option<String>,
    },
    /// The policy frontier (definitions §7.7): "best" solved afresh at each β of `betas`.
    Frontier {
        id: u32,
        source: EventSource,
        settings: SolveSettings,
        betas: Vec<f64>,
    },
}

impl WorkerRequest {
    pub fn source(&self) -> &EventSource {
        match self {
            WorkerRequest::Solve { source, .. }
            | WorkerRequest::Export { source, .. }
            | WorkerRequest::Repair { source, .. }
            | WorkerRequest::Robustness { source, .. }
            | WorkerRequest::Frontier { source, .. } => source,
        }
    }

    /// The score sheet is written from the server's export, never from an [`Offer`].
    pub fn needs_export(&self) -> bool {
        matches!(self, WorkerRequest::Export { .. })
    }

    pub fn id(&self) -> u32 {
        match self {
            WorkerRequest::Solve { id, .. }
            | WorkerRequest::Export { id, .. }
            | WorkerRequest::Repair { id, .. }
            | WorkerRequest::Robustness { id, .. }
            | WorkerRequest::Frontier { id, .. } => *id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkerReply {
    /// Sent once when the worker listens: messages posted before it would be lost.
    Ready,
    Solved {
        id: u32,
        board: BoardResult,
    },
    Exported {
        id: u32,
        files: ExportFiles,
    },
    Repaired {
        id: u32,
        proposal: RepairProposal,
    },
    Robust {
        id: u32,
        report: RobustnessReport,
    },
    Frontier {
        id: u32,
        frontier: FrontierResult,
    },
    Failed {
        id: u32,
        failure: WorkerFailure,
    },
}

/// One mode's selection in numbers, for the side-by-side comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModeSummary {
    pub meetings: usize,
    pub total: f64,
    pub blocking_pairs: usize,
    pub min_startup_meetings: u32,
    /// Startups (ids, ascending) that got `min_startup_meetings`.
    pub least_served: Vec<String>,
}

/// Everything the match and schedule tabs show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardResult {
    pub version: i64,
    pub settings: SolveSettings,
    pub best: ModeSummary,
    pub stable: ModeSummary,
    /// The chosen mode's pairs, best first, with M's parts.
    pub pairs: Vec<PairExplanation>,
    pub schedule: MeetingSchedule,
    /// Set when the floor of `settings` cannot be met: the certificate (definitions §7.3). The
    /// "best" numbers, pairs and schedule are then those without the floor.
    #[serde(default)]
    pub floor_infeasible: Option<FloorInfeasible>,
    /// With a policy bonus: the chosen "best" selection's policy pairs (definitions §7.7).
    #[serde(default)]
    pub policy_pairs: Option<usize>,
    /// The pairs that met at an earlier event of the program (definitions §7.6), each with
    /// whether matching left it out (else a side wants to meet again, or another reason
    /// already keeps it out).
    #[serde(default)]
    pub met_before: Vec<MetBeforeNote>,
    /// Time spent reading the event for this answer, from the console's hand-off or the fetched
    /// export (0 when it was already in memory).
    pub load_ms: f64,
    /// Time spent matching and scheduling.
    pub solve_ms: f64,
}

/// A pair that met before, and what matching made of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetBeforeNote {
    pub pair: MetBefore,
    /// Why the pair is not a candidate (`met_before` when that is the reason), or `None`: it
    /// is one again, as a side wants to meet.
    pub veto: Option<Veto>,
}

/// The policy frontier at the data version and settings it was computed for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontierResult {
    pub version: i64,
    pub settings: SolveSettings,
    pub points: Vec<FrontierPoint>,
    pub solve_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFiles {
    pub scores_csv: String,
    pub ranking_csv: String,
    pub matches_csv: String,
    pub schedule_csv: String,
}

/// A repair and its text exactly as `roadshow repair SNAPSHOT --from-slot N` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairProposal {
    /// The data version of the snapshot it was computed from.
    pub version: i64,
    pub from_slot: i64,
    pub repair: Repair,
    /// `repair` as pretty JSON with a final newline: the command's standard output.
    pub json: String,
    pub solve_ms: f64,
}

/// Why the worker could not answer; `message` is for logs and the tooltip, `code` for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct WorkerFailure {
    pub code: FailureCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureCode {
    /// The message from the console could not be read (a version mismatch between the two).
    BadRequest,
    /// The snapshot could not be fetched.
    Network,
    /// The server refused the organizer's link.
    LinkRefused,
    /// The event's data has problems (validation).
    InvalidEvent,
    /// Matching or scheduling refused the event (no slots, no tables, …).
    MatchingFailed,
    /// A file could not be written.
    ExportFailed,
    /// Repair refused the slot (outside the event's slots) or the event.
    RepairFailed,
    /// The robustness could not be written out.
    RobustnessFailed,
}

/// `roadshow robustness --cut K` computed in the worker on the snapshot of one data version
/// (definitions §8.5): the result, and its text exactly as the command prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RobustnessReport {
    pub version: i64,
    pub robustness: Robustness,
    /// `robustness` as pretty JSON with a final newline: the command's standard output.
    pub json: String,
    pub solve_ms: f64,
}
