//! Follow-up meetings (docs/definitions.md §4.6–4.9): fit F, match score M, vetoes, the "best"
//! and "stable" selections with their blocking pairs, the slot and table schedule, and a per-pair
//! explanation.
//!
//! # How the app calls it
//!
//! ```text
//! let scoreboard = Scoreboard::from_snapshot(&snapshot)?;           // ranking, already live
//! let mut board = MatchBoard::new(&snapshot, &scoreboard)?;        // F, M, vetoes, capacities
//! let selection = board.select(MatchMode::Best)?;                   // {pairs, total, blocking_pairs, …}
//! let floored = board.select_with_floor(2)?;      // "best", ≥ k_s meetings each, or the certificate
//! let schedule = board.schedule(&selection)?;                       // {meetings, unplaced, slots_used}
//! let why = board.explain("i1", "s3");                              // F, O, I, P parts of M
//! // a score arrives: update the scoreboard, then
//! scoreboard.set_score(…);
//! board.rescore(&snapshot, &scoreboard)?;                           // recomputes M, warm re-solve
//! let selection = board.select(MatchMode::Best)?;
//! ```
//! [`match_snapshot`], [`match_snapshot_with_floor`] and [`schedule_snapshot`] are the one-call
//! paths used by the CLI; meeting floors (definitions §7.3) are in [`floors`], the policy bonus
//! and its frontier (definitions §7.7) in [`policy`].
//!
//! # Decisions where the definitions are silent
//!
//! - **Output order.** Pairs are listed by score descending, then investor id, then startup id
//!   (the greedy order); meetings by slot, then table; unplaced pairs by investor id, then
//!   startup id. Ids compare as strings (byte order), which is also the tie-break of "stable".
//! - **Capacity.** An investor's or startup's own `capacity`, else the event's default
//!   (`meetings.investor_capacity` / `startup_capacity`), else no limit of its own (the slot count).
//!   A capacity of 0 means "no meetings". Effective capacity = min(capacity, available slots);
//!   an investor is available in every slot 0…slots−1 not in its `unavailable_slots`; startups
//!   have no unavailability in the model, so theirs is the slot count.
//! - **Draft startups** (`status: "draft"`) take no part: their profile is not visible yet.
//! - **Fit.** Text preferences (field, region) compare trimmed and case-insensitively; a
//!   preference the startup cannot meet because it left the item empty counts 0. Ticket: with only
//!   a minimum the range is [min, ∞) and the half-credit band [min/2, ∞); with only a maximum
//!   [0, max] and [0, 2·max]; 1 when the investor gave no range or the startup no ask.
//! - **O** is clamped to [0, 1] (definitions §4.7): a severity-normalized total can leave the
//!   scale (a harsh judge's best score rescaled above the maximum), and counts as the scale's end.
//!   The consensus fallback is mapped and clamped the same way, then halved, so it lies in
//!   [0, 0.5].
//! - **Vetoes.** The pair is removed when the investor declared a conflict with the startup,
//!   abstained on it (an abstention without criterion, or abstentions on every criterion; a
//!   single-criterion abstention next to other scores is not a veto), said "no" (`interest` with
//!   `want: false`), the startup declined the investor, or M is below the threshold
//!   (M = threshold is kept).
//! - **"best" and zero scores.** Among selections of maximum total, "best" also takes pairs of
//!   score 0 while both sides and the cap have room (in the greedy order): the total is unchanged
//!   and nobody is left with room for a pair they could have had. Negative pairs never enter "best".
//! - **min_startup_meetings** is the minimum over published startups whose effective capacity is
//!   at least 1 (a startup that asked for no meetings does not pull it to 0); 0 when there are none.
//! - **slots_used** is the number of distinct slots holding at least one meeting.
//! - **Tables** are numbered per slot from 0, in investor-id (then startup-id) order within the
//!   slot. Unplaced reasons are codes: `no_common_available_slot`, `all_common_slots_booked`,
//!   `tables_full` (see [`UnplacedReason`]).
//! - **Rounds** (definitions §8.1): for an event with rounds, [`MatchBoard::from_snapshot`]
//!   takes O from the last round (the final pitch): that round's scores, criteria and scale, as
//!   `crate::rounds::round_snapshot` gives them; people, interest and settings are the event's.
//! - **Firm teams** (definitions §8.6; `crate::teams`). The people of one firm are one party
//!   of the selection and the schedule:
//!   - a conflict any member declared vetoes the pair for every member;
//!   - the firm's pair with a startup is a candidate when some member's pair is, and carries
//!     the highest M among those members' pairs (ties: the smallest investor id); that member
//!     is the pair's `investor`, so the firm gets at most one meeting per startup;
//!   - one capacity: the largest member's stated capacity (no limit when a member states
//!     none), at most the slots some member is available for; the firm is unavailable only in
//!     slots where every member is;
//!   - **attendees** (only for firms of more than one person, otherwise omitted): the pair's
//!     member and every member who said "want to meet" the startup without a veto, in id
//!     order; in the schedule, those of them available in the meeting's slot, or the first
//!     member available then when none of them is;
//!   - the tie-break "investor id" compares the firms' smallest member ids; a floor
//!     certificate names a firm by its smallest member id.
//!
//!   An event where every firm sent one person is matched exactly as without teams.
//! - **Warm re-solve.** [`MatchBoard::rescore`] reuses the previous "best" flow and potentials when
//!   the people, capacities and the set of candidate pairs are unchanged (only scores moved);
//!   when a pair crosses the threshold or a veto changes, the next `select` solves cold.

pub mod floors;
pub mod flow;
pub mod instance;
pub mod policy;
pub mod repair;
pub mod stable;
pub mod synthetic;

use crate::model::{MatchMode, MatchSettings, Snapshot};
use crate::problem::Problem;
use crate::ranking::Scoreboard;
use crate::schedule::{schedule, ScheduleError, ScheduleInstance, UnplacedReason};
use floors::{floor_targets, select_with_floors_from, FloorCertificate, FloorOutcome};
use flow::{BestMatching, FlowError};
use instance::{Candidate, InstanceError, MatchingInstance};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use thiserror::Error;

/// Why matching or scheduling could not run.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MatchError {
    /// The snapshot has problems; each names its JSON path.
    #[error("the snapshot has {} problem(s); the first: {}", .0.len(), .0.first().map(|p| p.to_string()).unwrap_or_default())]
    Invalid(Vec<Problem>),
    /// The scoreboard was built for another snapshot (different numbers of people or criteria).
    #[error("the scoreboard does not belong to this snapshot")]
    ScoreboardMismatch,
    #[error("the event has no meeting slots (slots must be at least 1)")]
    NoSlots,
    #[error("the event has no tables (tables must be at least 1)")]
    NoTables,
    #[error("the scoring scale is empty (max must exceed min)")]
    EmptyScale,
    /// The selection passed to [`MatchBoard::schedule`] names a pair this board does not know.
    #[error("investor {investor} and startup {startup} are not a candidate pair of this event")]
    UnknownPair { investor: String, startup: String },
    #[error(transparent)]
    Instance(#[from] InstanceError),
    #[error(transparent)]
    Flow(#[from] FlowError),
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
}

/// One selected pair, as printed by `roadshow match`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectedPair {
    pub investor: String,
    pub startup: String,
    pub score: f64,
    /// Who of a firm of several people attends (see the module docs); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
}

/// The result of meeting selection, serialized exactly as definitions §4a's `roadshow match`
/// output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    pub pairs: Vec<SelectedPair>,
    pub total: f64,
    pub blocking_pairs: usize,
    pub min_startup_meetings: u32,
}

/// "Best" under a meeting floor (definitions §7.3): the selection, or why none exists.
#[derive(Debug, Clone, PartialEq)]
pub enum FloorSelection {
    /// Max Σ M with every startup at or above its floor; printed as the `match` output.
    Selected(Selection),
    /// No selection meets every floor; printed as `{"infeasible": …}`.
    Infeasible(FloorInfeasible),
}

/// The certificate of definitions §7.3 with ids: S (`startups`), need = Σ_{s∈S} k_s, supply = Σ
/// of the investors' supplies, each min(effective capacity, candidate pairs into S); need >
/// supply. Investors are listed when they have at least one candidate pair into S (supply 0 when
/// their capacity is 0), in id order. `total_cap` appears only when Hall's condition holds but
/// Σ k_s exceeds slots × tables: S is then every startup with a floor and need > total_cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FloorInfeasible {
    pub startups: Vec<String>,
    pub need: u64,
    pub supply: u64,
    pub investors: Vec<InvestorSupply>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_cap: Option<u32>,
}

/// One investor of a floor certificate and what it can give S.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorSupply {
    pub investor: String,
    pub supply: u64,
}

/// A scheduled meeting, as printed by `roadshow schedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub investor: String,
    pub startup: String,
    pub slot: u32,
    pub table: u32,
    /// Who of a firm of several people attends (see the module docs); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<String>,
}

impl Meeting {
    /// The meeting as an entry of the published plan: no status yet (proposed, definitions
    /// §7.1), slot, table and attendees kept.
    pub fn planned(&self) -> crate::model::PlannedMeeting {
        crate::model::PlannedMeeting {
            investor: self.investor.clone(),
            startup: self.startup.clone(),
            slot: i64::from(self.slot),
            table: i64::from(self.table),
            status: None,
            attendees: self.attendees.clone(),
        }
    }
}

/// A selected pair the schedule could not place, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnplacedMeeting {
    pub investor: String,
    pub startup: String,
    pub reason: UnplacedReason,
}

/// The schedule, serialized exactly as definitions §4a's `roadshow schedule` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSchedule {
    pub meetings: Vec<Meeting>,
    pub unplaced: Vec<UnplacedMeeting>,
    pub slots_used: u32,
}

/// Why a pair is not a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Veto {
    /// The investor declared a conflict (already invested, competitor portfolio, family).
    Conflict,
    /// The investor abstained on the pitch.
    Abstained,
    /// The investor said "no" to the startup.
    InvestorSaidNo,
    /// The startup declined the investor.
    StartupDeclined,
    /// M is below the organizer's threshold.
    BelowThreshold,
    /// The startup's profile is still a draft.
    StartupNotPublished,
    /// The firm and the company held a meeting at an earlier event of the program, and neither
    /// side said it wants to meet again (definitions §7.6).
    MetBefore,
}

/// The four 0/½/1 parts of fit F (definitions §4.6).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitParts {
    pub field: f64,
    pub stage: f64,
    pub region: f64,
    pub ticket: f64,
}

impl FitParts {
    pub fn fit(&self) -> f64 {
        (self.field + self.stage + self.region + self.ticket) / 4.0
    }
}

/// Where O came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnSource {
    /// The investor's own severity-normalized total, mapped to [0, 1] and clamped there.
    OwnScore,
    /// The investor did not score the startup: half the consensus normalized total (mapped and
    /// clamped the same way).
    Consensus,
    /// Nobody scored the startup: O = 0.
    NobodyScored,
}

/// "Why did we get this meeting?": M and its parts. `score` = fit·F + own·O + interest·I +
/// startup_interest·P with the weights in `weights`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairExplanation {
    pub investor: String,
    pub startup: String,
    pub score: f64,
    /// F, O, I, P.
    pub fit: f64,
    pub own: f64,
    pub interest: f64,
    pub startup_interest: f64,
    pub fit_parts: FitParts,
    pub own_source: OwnSource,
    pub weights: MatchWeights,
    /// Set when the pair is not a candidate; `score` is then still computed (except for drafts).
    pub veto: Option<Veto>,
}

/// The organizer's a, b, c, d.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MatchWeights {
    pub fit: f64,
    pub own: f64,
    pub interest: f64,
    pub startup_interest: f64,
}

impl From<&MatchSettings> for MatchWeights {
    fn from(s: &MatchSettings) -> Self {
        MatchWeights {
            fit: s.fit,
            own: s.own,
            interest: s.interest,
            startup_interest: s.startup_interest,
        }
    }
}

/// The match board: every pair's score parts, the candidate pairs, capacities, and the solved
/// "best" selection kept for warm re-solves. Indices are id-sorted (see the module docs).
#[derive(Debug, Clone)]
pub struct MatchBoard {
    investor_ids: Vec<String>,
    startup_ids: Vec<String>,
    /// Sorted index → position in the snapshot.
    investor_pos: Vec<usize>,
    startup_pos: Vec<usize>,
    startup_published: Vec<bool>,
    /// Per investor × startup (sorted indices): the parts of M (unused for draft startups).
    cells: Vec<Cell>,
    vetoes: Vec<Option<Veto>>,
    weights: MatchWeights,
    instance: MatchingInstance,
    /// Firm teams as parties (see the module docs): sorted investor index → party, and each
    /// party's members (sorted indices, ascending). The instance's investor side is parties.
    party_of: Vec<u32>,
    party_members: Vec<Vec<u32>>,
    /// Per party: its stated capacity (`None`: no limit of its own).
    party_stated_capacity: Vec<Option<i64>>,
    /// Per candidate of `instance`: the member whose pair it is.
    candidate_member: Vec<u32>,
    /// Per sorted investor: the slots it is unavailable in.
    member_unavailable: Vec<Vec<u32>>,
    /// Per party: the slots every member is unavailable in.
    investor_unavailable: Vec<Vec<u32>>,
    slots: u32,
    tables: u32,
    best: Option<BestMatching>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Parts {
    fit: FitParts,
    own: f64,
    own_source: OwnSource,
    interest: f64,
    startup_interest: f64,
}

impl Parts {
    fn score(&self, w: &MatchWeights) -> f64 {
        w.fit * self.fit.fit()
            + w.own * self.own
            + w.interest * self.interest
            + w.startup_interest * self.startup_interest
    }
}

/// One pair's parts of M in 16 bytes (200 × 1,000 pairs stay small and cache-friendly).
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    own: f64,
    /// field, stage, region, ticket, each in halves (0, 1 = ½, 2 = 1).
    fit_halves: [u8; 4],
    interest: bool,
    startup_interest: bool,
    own_source: u8,
}

impl Cell {
    fn parts(&self) -> Parts {
        let half = |x: u8| f64::from(x) / 2.0;
        Parts {
            fit: FitParts {
                field: half(self.fit_halves[0]),
                stage: half(self.fit_halves[1]),
                region: half(self.fit_halves[2]),
                ticket: half(self.fit_halves[3]),
            },
            own: self.own,
            own_source: match self.own_source {
                0 => OwnSource::OwnScore,
                1 => OwnSource::Consensus,
                _ => OwnSource::NobodyScored,
            },
            interest: f64::from(u8::from(self.interest)),
            startup_interest: f64::from(u8::from(self.startup_interest)),
        }
    }
}

/// Text preferences compare trimmed and case-insensitively; interning once per board makes the
/// per-pair test an integer comparison.
#[derive(Default)]
struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        let key = text.trim().to_lowercase();
        let next = self.0.len() as u32;
        *self.0.entry(key).or_insert(next)
    }
}

/// 2 (= 1) when the preference is empty or met, else 0.
fn preference_halves<T: PartialEq>(wanted: &[T], have: Option<&T>) -> u8 {
    if wanted.is_empty() || have.is_some_and(|h| wanted.contains(h)) {
        2
    } else {
        0
    }
}

fn ticket_halves(range: Option<(Option<i64>, Option<i64>)>, ask: Option<i64>) -> u8 {
    let (Some((min, max)), Some(ask)) = (range, ask) else {
        return 2;
    };
    if min.is_none() && max.is_none() {
        return 2;
    }
    let ask = ask as f64;
    let lo = min.map_or(f64::NEG_INFINITY, |m| m as f64);
    let hi = max.map_or(f64::INFINITY, |m| m as f64);
    if lo <= ask && ask <= hi {
        2
    } else if lo / 2.0 <= ask && ask <= 2.0 * hi {
        1
    } else {
        0
    }
}

fn effective_capacity(own: Option<i64>, default: Option<i64>, available: u32) -> u32 {
    let stated = own.or(default).map_or(i64::from(available), |c| c.max(0));
    stated.min(i64::from(available)) as u32
}

impl MatchBoard {
    /// Validates the snapshot, ranks it and builds the board. With rounds (definitions §8.1), O
    /// comes from the last round: its scores, criteria and scale (see the module docs).
    pub fn from_snapshot(snapshot: &Snapshot) -> Result<MatchBoard, MatchError> {
        if !snapshot.event.rounds.is_empty() {
            let problems = crate::validate::validate(snapshot);
            if !problems.is_empty() {
                return Err(MatchError::Invalid(problems));
            }
            let last = crate::rounds::round_snapshot(snapshot, snapshot.event.rounds.len() - 1);
            let scoreboard = Scoreboard::from_snapshot(&last).map_err(MatchError::Invalid)?;
            return MatchBoard::new(&last, &scoreboard);
        }
        let scoreboard = Scoreboard::from_snapshot(snapshot).map_err(MatchError::Invalid)?;
        MatchBoard::new(snapshot, &scoreboard)
    }

    /// Builds the board from a snapshot that passed validation and its scoreboard (positions of
    /// investors, startups and criteria as in the snapshot).
    pub fn new(snapshot: &Snapshot, scoreboard: &Scoreboard) -> Result<MatchBoard, MatchError> {
        let event = &snapshot.event;
        if scoreboard.investors() != snapshot.investors.len()
            || scoreboard.startups() != snapshot.startups.len()
            || scoreboard.criteria() != event.criteria.len()
        {
            return Err(MatchError::ScoreboardMismatch);
        }
        if event.meetings.slots < 1 {
            return Err(MatchError::NoSlots);
        }
        if event.meetings.tables < 1 {
            return Err(MatchError::NoTables);
        }
        if event.scale.max <= event.scale.min {
            return Err(MatchError::EmptyScale);
        }
        let slots = event.meetings.slots.min(i64::from(u32::MAX / 2)) as u32;
        let tables = event.meetings.tables.min(i64::from(u32::MAX / 2)) as u32;
        let mut investor_pos: Vec<usize> = (0..snapshot.investors.len()).collect();
        investor_pos.sort_by(|&a, &b| snapshot.investors[a].id.cmp(&snapshot.investors[b].id));
        let mut startup_pos: Vec<usize> = (0..snapshot.startups.len()).collect();
        startup_pos.sort_by(|&a, &b| snapshot.startups[a].id.cmp(&snapshot.startups[b].id));
        let investor_ids: Vec<String> = investor_pos
            .iter()
            .map(|&p| snapshot.investors[p].id.clone())
            .collect();
        let startup_ids: Vec<String> = startup_pos
            .iter()
            .map(|&p| snapshot.startups[p].id.clone())
            .collect();

        let member_unavailable: Vec<Vec<u32>> = investor_pos
            .iter()
            .map(|&p| {
                let mut list: Vec<u32> = snapshot.investors[p]
                    .unavailable_slots
                    .iter()
                    .filter(|&&c| c >= 0 && c < i64::from(slots))
                    .map(|&c| c as u32)
                    .collect();
                list.sort_unstable();
                list.dedup();
                list
            })
            .collect();
        let teams = crate::teams::FirmTeams::of(&snapshot.investors);
        let mut party_of_team: HashMap<usize, u32> = HashMap::new();
        let mut party_members: Vec<Vec<u32>> = Vec::new();
        let party_of: Vec<u32> = investor_pos
            .iter()
            .enumerate()
            .map(|(j, &p)| {
                let party = *party_of_team.entry(teams.team_of(p)).or_insert_with(|| {
                    party_members.push(Vec::new());
                    (party_members.len() - 1) as u32
                });
                party_members[party as usize].push(j as u32);
                party
            })
            .collect();
        let investor_unavailable: Vec<Vec<u32>> = party_members
            .iter()
            .map(|members| {
                let (first, rest) = members.split_first().expect("a party has a member");
                let mut common = member_unavailable[*first as usize].clone();
                for &member in rest {
                    common.retain(|slot| {
                        member_unavailable[member as usize]
                            .binary_search(slot)
                            .is_ok()
                    });
                }
                common
            })
            .collect();
        let party_stated_capacity: Vec<Option<i64>> = party_members
            .iter()
            .map(|members| {
                members
                    .iter()
                    .map(|&j| {
                        snapshot.investors[investor_pos[j as usize]]
                            .capacity
                            .or(event.meetings.investor_capacity)
                    })
                    .try_fold(i64::MIN, |largest, stated| stated.map(|c| largest.max(c)))
            })
            .collect();
        let investor_capacity: Vec<u32> = party_stated_capacity
            .iter()
            .zip(&investor_unavailable)
            .map(|(&stated, busy)| effective_capacity(stated, None, slots - busy.len() as u32))
            .collect();
        let startup_capacity: Vec<u32> = startup_pos
            .iter()
            .map(|&p| {
                effective_capacity(
                    snapshot.startups[p].capacity,
                    event.meetings.startup_capacity,
                    slots,
                )
            })
            .collect();

        let startup_published = startup_pos
            .iter()
            .map(|&p| snapshot.startups[p].status != Some(crate::model::ProfileStatus::Draft))
            .collect();
        let mut board = MatchBoard {
            investor_ids,
            startup_ids,
            investor_pos,
            startup_pos,
            startup_published,
            cells: Vec::new(),
            vetoes: Vec::new(),
            weights: MatchWeights::from(&event.match_settings),
            instance: MatchingInstance {
                investor_capacity,
                startup_capacity,
                total_cap: (u64::from(slots) * u64::from(tables)).min(u64::from(u32::MAX)) as u32,
                candidates: Vec::new(),
            },
            party_of,
            party_members,
            party_stated_capacity,
            candidate_member: Vec::new(),
            member_unavailable,
            investor_unavailable,
            slots,
            tables,
            best: None,
        };
        board.compute_scores(snapshot, scoreboard);
        Ok(board)
    }

    /// F, O, I, P and vetoes for every pair, and the candidate list.
    fn compute_scores(&mut self, snapshot: &Snapshot, scoreboard: &Scoreboard) {
        let event = &snapshot.event;
        let (ni, ns) = (self.investor_ids.len(), self.startup_ids.len());
        let startup_sorted: HashMap<&str, usize> = self
            .startup_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let investor_sorted: HashMap<&str, usize> = self
            .investor_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let cell = |j: usize, s: usize| j * ns + s;
        let mut vetoes: Vec<Option<Veto>> = vec![None; ni * ns];
        let mut cells = vec![Cell::default(); ni * ns];

        // Abstentions: whole-pitch ones veto at once; per-criterion ones when they cover all.
        let criteria = event.criteria.len();
        let criterion_index: HashMap<&str, usize> = event
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.as_str(), i))
            .collect();
        let mut abstained_criteria: HashMap<usize, Vec<bool>> = HashMap::new();
        let mut scored: Vec<bool> = vec![false; ni * ns];
        for score in &snapshot.scores {
            let (Some(&j), Some(&s)) = (
                investor_sorted.get(score.investor.as_str()),
                startup_sorted.get(score.startup.as_str()),
            ) else {
                continue;
            };
            if !score.abstain {
                scored[cell(j, s)] = true;
                continue;
            }
            match score
                .criterion
                .as_deref()
                .and_then(|k| criterion_index.get(k))
            {
                None => vetoes[cell(j, s)] = Some(Veto::Abstained),
                Some(&c) => {
                    abstained_criteria
                        .entry(cell(j, s))
                        .or_insert_with(|| vec![false; criteria])[c] = true
                }
            }
        }
        for (&at, covered) in &abstained_criteria {
            if !scored[at] && covered.iter().all(|&x| x) {
                vetoes[at] = Some(Veto::Abstained);
            }
        }
        for entry in &snapshot.interest {
            let (Some(&j), Some(&s)) = (
                investor_sorted.get(entry.investor.as_str()),
                startup_sorted.get(entry.startup.as_str()),
            ) else {
                continue;
            };
            if entry.want {
                cells[cell(j, s)].interest = true;
            } else if vetoes[cell(j, s)].is_none() {
                vetoes[cell(j, s)] = Some(Veto::InvestorSaidNo);
            }
        }
        for (s, &p) in self.startup_pos.iter().enumerate() {
            let startup = &snapshot.startups[p];
            for id in &startup.wants_to_meet {
                if let Some(&j) = investor_sorted.get(id.as_str()) {
                    cells[cell(j, s)].startup_interest = true;
                }
            }
            for id in &startup.declines {
                if let Some(&j) = investor_sorted.get(id.as_str()) {
                    vetoes[cell(j, s)].get_or_insert(Veto::StartupDeclined);
                }
            }
        }
        // Met at an earlier event of the program: out, unless either side wants to meet again
        // (definitions §7.6); every other reason to leave the pair out comes first.
        for pair in &snapshot.met_before {
            let (Some(&j), Some(&s)) = (
                investor_sorted.get(pair.investor.as_str()),
                startup_sorted.get(pair.startup.as_str()),
            ) else {
                continue;
            };
            let at = cell(j, s);
            if !cells[at].interest && !cells[at].startup_interest {
                vetoes[at].get_or_insert(Veto::MetBefore);
            }
        }
        // Conflicts outrank every other reason: they are why the pair must never meet. A
        // member's conflict is the whole firm's (definitions §8.6).
        let mut sorted_investor = vec![0; ni];
        for (j, &p) in self.investor_pos.iter().enumerate() {
            sorted_investor[p] = j;
        }
        let mut sorted_startup = vec![0; ns];
        for (s, &p) in self.startup_pos.iter().enumerate() {
            sorted_startup[p] = s;
        }
        for (investor, startup) in crate::teams::conflicted_pairs(snapshot) {
            vetoes[cell(sorted_investor[investor], sorted_startup[startup])] = Some(Veto::Conflict);
        }

        let (lo, hi) = (event.scale.min as f64, event.scale.max as f64);
        // definitions §4.7: mapped to [0, 1] and clamped there (a normalized total can leave
        // the scale).
        let to_unit = |v: f64| ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
        let consensus: Vec<Option<f64>> = self
            .startup_pos
            .iter()
            .map(|&p| scoreboard.normalized_total(p).map(to_unit))
            .collect();
        let threshold = event.match_settings.threshold;
        let mut words = Interner::default();
        let startup_field: Vec<Option<u32>> = self
            .startup_pos
            .iter()
            .map(|&p| snapshot.startups[p].field.as_deref().map(|t| words.id(t)))
            .collect();
        let startup_region: Vec<Option<u32>> = self
            .startup_pos
            .iter()
            .map(|&p| snapshot.startups[p].region.as_deref().map(|t| words.id(t)))
            .collect();
        // With one person per firm (the usual event) each pair is its firm's: candidates are
        // taken as they come. Otherwise M of every pair still a candidate is kept (NaN for
        // vetoed ones) and each firm takes its best member's pair below.
        let every_firm_alone = self.party_members.len() == ni;
        let mut pair_scores = if every_firm_alone {
            Vec::new()
        } else {
            vec![f64::NAN; ni * ns]
        };
        let mut candidates = Vec::new();
        let mut candidate_member = Vec::new();
        for (j, &jp) in self.investor_pos.iter().enumerate() {
            let investor = &snapshot.investors[jp];
            let fields: Vec<u32> = investor.fields.iter().map(|t| words.id(t)).collect();
            let regions: Vec<u32> = investor.regions.iter().map(|t| words.id(t)).collect();
            let ticket = investor.ticket_krw.map(|t| (t.min, t.max));
            for (s, &sp) in self.startup_pos.iter().enumerate() {
                let at = cell(j, s);
                if !self.startup_published[s] {
                    vetoes[at] = Some(Veto::StartupNotPublished);
                    continue;
                }
                let startup = &snapshot.startups[sp];
                let c = &mut cells[at];
                c.fit_halves = [
                    preference_halves(&fields, startup_field[s].as_ref()),
                    preference_halves(&investor.stages, startup.stage.as_ref()),
                    preference_halves(&regions, startup_region[s].as_ref()),
                    ticket_halves(ticket, startup.ask_krw),
                ];
                (c.own, c.own_source) = match scoreboard.judge_total(jp, sp) {
                    Some(t) => (to_unit(t.normalized), 0),
                    None => match consensus[s] {
                        Some(n) => (0.5 * n, 1),
                        None => (0.0, 2),
                    },
                };
                let score = c.parts().score(&self.weights);
                if vetoes[at].is_none() && score < threshold {
                    vetoes[at] = Some(Veto::BelowThreshold);
                }
                if vetoes[at].is_some() {
                    continue;
                }
                if every_firm_alone {
                    candidates.push(Candidate {
                        investor: self.party_of[j],
                        startup: s as u32,
                        score,
                    });
                    candidate_member.push(j as u32);
                } else {
                    pair_scores[at] = score;
                }
            }
        }
        // One candidate per firm and startup: the member's pair with the highest M.
        let firms = if every_firm_alone {
            &[][..]
        } else {
            &self.party_members[..]
        };
        for (party, members) in firms.iter().enumerate() {
            for s in 0..ns {
                let mut best: Option<(u32, f64)> = None;
                for &j in members {
                    let score = pair_scores[cell(j as usize, s)];
                    if !score.is_nan() && best.is_none_or(|(_, top)| score > top) {
                        best = Some((j, score));
                    }
                }
                if let Some((member, score)) = best {
                    candidates.push(Candidate {
                        investor: party as u32,
                        startup: s as u32,
                        score,
                    });
                    candidate_member.push(member);
                }
            }
        }
        self.cells = cells;
        self.vetoes = vetoes;
        self.instance.candidates = candidates;
        self.candidate_member = candidate_member;
    }

    /// The firm's members attending its meeting with startup `s` when member `j` holds the pair:
    /// empty for a firm of one person (see the module docs).
    fn attendees(&self, j: usize, s: usize) -> Vec<u32> {
        let members = &self.party_members[self.party_of[j] as usize];
        if members.len() < 2 {
            return Vec::new();
        }
        let ns = self.startup_ids.len();
        members
            .iter()
            .copied()
            .filter(|&m| {
                let at = m as usize * ns + s;
                m as usize == j || (self.vetoes[at].is_none() && self.cells[at].interest)
            })
            .collect()
    }

    fn ids_of(&self, members: &[u32]) -> Vec<String> {
        members
            .iter()
            .map(|&m| self.investor_ids[m as usize].clone())
            .collect()
    }

    /// The solver-form instance (effective capacities, total cap, candidates with M).
    pub fn instance(&self) -> &MatchingInstance {
        &self.instance
    }

    /// Recomputes every score after scores, interest or preferences changed (same people, same
    /// settings) and re-solves "best" warm when the candidate pairs are unchanged.
    pub fn rescore(
        &mut self,
        snapshot: &Snapshot,
        scoreboard: &Scoreboard,
    ) -> Result<(), MatchError> {
        let fresh = MatchBoard::new(snapshot, scoreboard)?;
        let same_pairs = fresh.investor_ids == self.investor_ids
            && fresh.party_of == self.party_of
            && fresh.startup_ids == self.startup_ids
            && fresh.instance.investor_capacity == self.instance.investor_capacity
            && fresh.instance.startup_capacity == self.instance.startup_capacity
            && fresh.instance.total_cap == self.instance.total_cap
            && fresh.instance.candidates.len() == self.instance.candidates.len()
            && fresh
                .instance
                .candidates
                .iter()
                .zip(&self.instance.candidates)
                .all(|(a, b)| a.investor == b.investor && a.startup == b.startup);
        let mut best = self.best.take();
        *self = fresh;
        if same_pairs {
            if let Some(solved) = best.as_mut() {
                let scores: Vec<f64> = self.instance.candidates.iter().map(|c| c.score).collect();
                solved.rescore(&scores)?;
                self.best = best;
            }
        }
        Ok(())
    }

    /// Chooses the meetings. "best" is solved once and then kept (and re-solved warm by
    /// [`Self::rescore`]); "stable" is cheap enough to recompute.
    pub fn select(&mut self, mode: MatchMode) -> Result<Selection, MatchError> {
        let mut chosen = match mode {
            MatchMode::Best => self.best_chosen()?,
            MatchMode::Stable => stable::stable_matching(&self.instance)?,
        };
        chosen.sort_by(|&a, &b| self.instance.greedy_before(a, b));
        Ok(self.selection_of(&chosen))
    }

    /// "Best" as candidate indices, zero-score top-up included.
    fn best_chosen(&mut self) -> Result<Vec<usize>, MatchError> {
        if self.best.is_none() {
            self.best = Some(BestMatching::solve(&self.instance)?);
        }
        let mut chosen = self
            .best
            .as_ref()
            .map(BestMatching::selected)
            .unwrap_or_default();
        stable::fill_greedily(&self.instance, &mut chosen);
        Ok(chosen)
    }

    /// A floor certificate (indices) in the people's ids, as the board and the CLI report it.
    pub(crate) fn infeasible_of(&self, c: &FloorCertificate) -> FloorInfeasible {
        FloorInfeasible {
            startups: c
                .startups
                .iter()
                .map(|&s| self.startup_ids[s as usize].clone())
                .collect(),
            need: c.need,
            supply: c.supply,
            investors: c
                .investors
                .iter()
                .map(|&(i, supply)| InvestorSupply {
                    investor: self.investor_ids[self.party_members[i as usize][0] as usize].clone(),
                    supply,
                })
                .collect(),
            total_cap: c.total_cap,
        }
    }

    /// "Best" under `min_startup_meetings = k` (definitions §7.3): max Σ M with every startup s
    /// getting at least k_s = min(k, effective capacity of s, number of s's candidate pairs)
    /// meetings, or the certificate that no selection can. When today's "best" already meets
    /// every floor (always when k = 0) it is returned unchanged, so the output equals
    /// `select(MatchMode::Best)`. See [`floors`].
    pub fn select_with_floor(
        &mut self,
        min_startup_meetings: u32,
    ) -> Result<FloorSelection, MatchError> {
        let targets = floor_targets(&self.instance, min_startup_meetings);
        let unconstrained = self.best_chosen()?;
        match select_with_floors_from(&self.instance, &targets, &unconstrained, self.best.as_ref())?
        {
            FloorOutcome::Selected(mut chosen) => {
                chosen.sort_by(|&a, &b| self.instance.greedy_before(a, b));
                Ok(FloorSelection::Selected(self.selection_of(&chosen)))
            }
            FloorOutcome::Infeasible(c) => Ok(FloorSelection::Infeasible(self.infeasible_of(&c))),
        }
    }

    fn selection_of(&self, chosen: &[usize]) -> Selection {
        let c = &self.instance.candidates;
        let pairs: Vec<SelectedPair> = chosen
            .iter()
            .map(|&p| {
                let member = self.candidate_member[p] as usize;
                let startup = c[p].startup as usize;
                SelectedPair {
                    investor: self.investor_ids[member].clone(),
                    startup: self.startup_ids[startup].clone(),
                    score: c[p].score,
                    attendees: self.ids_of(&self.attendees(member, startup)),
                }
            })
            .collect();
        let total = pairs.iter().map(|p| p.score).sum();
        let mut meetings = vec![0u32; self.startup_ids.len()];
        for &p in chosen {
            meetings[c[p].startup as usize] += 1;
        }
        let min_startup_meetings = (0..self.startup_ids.len())
            .filter(|&s| self.instance.startup_capacity[s] >= 1 && self.startup_published[s])
            .map(|s| meetings[s])
            .min()
            .unwrap_or(0);
        Selection {
            pairs,
            total,
            blocking_pairs: stable::blocking_pairs(&self.instance, chosen),
            min_startup_meetings,
        }
    }

    /// Gives every selected pair a slot and a table (definitions §4.9).
    pub fn schedule(&self, selection: &Selection) -> Result<MeetingSchedule, MatchError> {
        let investor_index: HashMap<&str, u32> = self
            .investor_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i as u32))
            .collect();
        let startup_index: HashMap<&str, u32> = self
            .startup_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i as u32))
            .collect();
        let mut meetings = Vec::with_capacity(selection.pairs.len());
        let mut held_by = Vec::with_capacity(selection.pairs.len());
        for pair in &selection.pairs {
            match (
                investor_index.get(pair.investor.as_str()),
                startup_index.get(pair.startup.as_str()),
            ) {
                (Some(&j), Some(&s)) => {
                    meetings.push((self.party_of[j as usize], s));
                    held_by.push(j);
                }
                _ => {
                    return Err(MatchError::UnknownPair {
                        investor: pair.investor.clone(),
                        startup: pair.startup.clone(),
                    })
                }
            }
        }
        let instance = ScheduleInstance {
            slots: self.slots,
            tables: self.tables,
            investors: self.party_members.len() as u32,
            startups: self.startup_ids.len() as u32,
            meetings,
            investor_unavailable: self.investor_unavailable.clone(),
            startup_unavailable: Vec::new(),
        };
        let solved = schedule(&instance)?;
        let name = |m: usize| {
            let s = instance.meetings[m].1;
            (
                self.investor_ids[held_by[m] as usize].clone(),
                self.startup_ids[s as usize].clone(),
            )
        };
        let meetings = solved
            .placed
            .iter()
            .map(|p| {
                let (investor, startup) = name(p.meeting);
                let (j, s) = (held_by[p.meeting] as usize, instance.meetings[p.meeting].1);
                Meeting {
                    investor,
                    startup,
                    slot: p.slot,
                    table: p.table,
                    attendees: self.ids_of(&self.attendees_in_slot(j, s as usize, p.slot)),
                }
            })
            .collect();
        let mut unplaced: Vec<UnplacedMeeting> = solved
            .unplaced
            .iter()
            .map(|&(m, reason)| {
                let (investor, startup) = name(m);
                UnplacedMeeting {
                    investor,
                    startup,
                    reason,
                }
            })
            .collect();
        unplaced.sort_by(|a, b| (&a.investor, &a.startup).cmp(&(&b.investor, &b.startup)));
        Ok(MeetingSchedule {
            meetings,
            unplaced,
            slots_used: solved.slots_used,
        })
    }

    /// [`Self::attendees`] who are available in `slot`, or else the first member who is.
    fn attendees_in_slot(&self, j: usize, s: usize, slot: u32) -> Vec<u32> {
        let free = |m: &u32| {
            self.member_unavailable[*m as usize]
                .binary_search(&slot)
                .is_err()
        };
        let named = self.attendees(j, s);
        if named.is_empty() {
            return named;
        }
        let present: Vec<u32> = named.iter().copied().filter(free).collect();
        if !present.is_empty() {
            return present;
        }
        self.party_members[self.party_of[j] as usize]
            .iter()
            .copied()
            .find(free)
            .into_iter()
            .collect()
    }

    /// M of any pair with its parts, and the veto if it is not a candidate. `None` when either id
    /// is unknown or the startup is a draft.
    pub fn explain(&self, investor: &str, startup: &str) -> Option<PairExplanation> {
        let j = self
            .investor_ids
            .binary_search_by(|id| id.as_str().cmp(investor))
            .ok()?;
        let s = self
            .startup_ids
            .binary_search_by(|id| id.as_str().cmp(startup))
            .ok()?;
        if !self.startup_published[s] {
            return None;
        }
        let at = j * self.startup_ids.len() + s;
        let parts = self.cells[at].parts();
        Some(PairExplanation {
            investor: investor.to_owned(),
            startup: startup.to_owned(),
            score: parts.score(&self.weights),
            fit: parts.fit.fit(),
            own: parts.own,
            interest: parts.interest,
            startup_interest: parts.startup_interest,
            fit_parts: parts.fit,
            own_source: parts.own_source,
            weights: self.weights,
            veto: self.vetoes[at],
        })
    }
}

/// `roadshow match`: validate, rank, select. `mode` defaults to the event's `match.mode`.
pub fn match_snapshot(
    snapshot: &Snapshot,
    mode: Option<MatchMode>,
) -> Result<Selection, MatchError> {
    let mut board = MatchBoard::from_snapshot(snapshot)?;
    board.select(mode.unwrap_or(snapshot.event.match_settings.mode))
}

/// `roadshow match --min-startup-meetings K`: validate, rank, and select "best" under the floor
/// (definitions §7.3; [`MatchBoard::select_with_floor`]). The floor is defined for "best", so
/// this ignores the event's `match.mode`; with k = 0 it equals `match_snapshot(snapshot,
/// Some(MatchMode::Best))`.
pub fn match_snapshot_with_floor(
    snapshot: &Snapshot,
    min_startup_meetings: u32,
) -> Result<FloorSelection, MatchError> {
    let mut board = MatchBoard::from_snapshot(snapshot)?;
    board.select_with_floor(min_startup_meetings)
}

/// `roadshow schedule`: [`match_snapshot`], then slots and tables.
pub fn schedule_snapshot(
    snapshot: &Snapshot,
    mode: Option<MatchMode>,
) -> Result<MeetingSchedule, MatchError> {
    let mut board = MatchBoard::from_snapshot(snapshot)?;
    let selection = board.select(mode.unwrap_or(snapshot.event.match_settings.mode))?;
    board.schedule(&selection)
}
