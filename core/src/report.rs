//! A program's figures (docs/definitions.md §7.5, §11): per event and in total, the startups
//! registered and pitched, the investors, the meetings by status, the pairs by follow-up stage,
//! the invested KRW (reported and confirmed) and the non-capital share, each also broken down by
//! zone, 상생이음 field, startup region and investor type. `roadshow report SNAPSHOT…` prints
//! [`ProgramReport`] as JSON; the program page and the printable 결과보고서 show the same numbers.
//!
//! Pure: the snapshots in, the figures out (no IO, no clock). The snapshots are expected to be
//! valid (`cli::load_snapshot`); what the figures cannot be computed without (known people in
//! scores, meetings and follow-ups, one follow-up per pair, distinct events) is checked again
//! here and returned as problems rather than skipped.
//!
//! # Figures
//!
//! - `startups_registered`: startups in the event's `startups[]` (drafts included).
//! - `startups_pitched`: those with at least one entry in `scores[]` (definitions §11).
//! - `investors`: investor firms (see "the same investor" below).
//! - `meetings`: every meeting of `meetings[]` once, under its current status (absent =
//!   `proposed`); the six numbers add up to the number of meetings.
//! - `stages`: every pair (investor, startup) once, at its current stage: its `follow_ups[]`
//!   entry's stage, or `met` when it has a `held` meeting and no entry.
//! - `invested_krw`: the sum of `amount_krw` over pairs at `invested`; `invested_krw_confirmed`
//!   the same over those with `confirmed: true`.
//! - `non_capital_share`: invested KRW into startups whose region is not Seoul, Gyeonggi or
//!   Incheon ÷ `invested_krw`; `null` when `invested_krw` is 0.
//!
//! # Decisions where the definitions are silent
//!
//! - **`event`** is the snapshot's `event.id` (its name is in the snapshot); events are listed in
//!   the order given. Two snapshots of the same event id are refused (`event.id: duplicate`):
//!   their meetings, pairs and KRW would be counted twice.
//! - **The same startup** across events (and within one) is the same `business_id`
//!   (사업자등록번호); a startup without one is a company of its own event only. **The same
//!   investor** is the same firm: the firm name in NFC with ㈜ read as (주) and full-width
//!   parentheses as plain ones, every space removed, lower-cased, and "(주)" and "주식회사"
//!   removed ([`firm_key`]); a firm name that is empty after that is an investor of its own
//!   (by id, within its event). Several people of one firm (definitions §8.6) are therefore one
//!   investor, in an event's figures as in the total, so one event reported alone has
//!   `total` equal to its own figures.
//! - **`total`** counts distinct startups, pitched startups and investors over all events (a
//!   startup pitched at any event is pitched); meetings, stages and KRW add up, as each event's
//!   records stand for that event's meetings and follow-ups (a pair that met at two events is
//!   a pair of each; an investment belongs in one event's `follow_ups[]` only).
//! - **`by_*` keys:** `by_zone` the startup's `zone` (zone id), `by_field` its `field`,
//!   `by_region` its `region`, `by_investor_type` the investor's `type`, each exactly as written;
//!   a missing or blank value is the key [`NO_KEY`] (`"none"`). A map lists the keys that occur
//!   among the startups (investors) of the event, or of all events for `total`, sorted.
//! - **What is in a bucket.** A score, meeting or pair belongs to its startup's zone, field and
//!   region and to its investor's type. In a startup bucket (`by_zone`, `by_field`,
//!   `by_region`): `startups_registered` = the startups with that key, `startups_pitched` = those
//!   of them with a score, `investors` = the firms with at least one score (abstentions too),
//!   meeting (any status) or follow-up entry with one of those startups. In an investor-type
//!   bucket: `investors` = the firms with an investor of that type, `startups_registered` = the
//!   startups with at least one score, meeting or follow-up entry with such an investor, and
//!   `startups_pitched` = the startups such an investor scored. A firm (startup) whose records
//!   carry different keys counts in each of their buckets, so the buckets' people may add up to
//!   more than the figure they break down; meetings, stages and KRW add up exactly.
//! - **`non_capital_share` in a bucket** is the same quotient over the bucket's invested pairs
//!   (`null` when they invested nothing); in `by_region` it is therefore 0 or 1.
//! - **Region:** a startup without a `region` is not in the capital region (regulatory-free zones
//!   lie outside it), so its invested KRW is non-capital; region names are compared exactly
//!   (validation holds them to the 17 names).
//! - **Pitched** means at least one entry in `scores[]`, a value or an abstention (the judge saw
//!   the pitch); scores of conflicted investors count too.
//! - **Pairs:** a pair is one investor (by id) and one startup of one event. A follow-up entry
//!   counts at its stage whatever the pair's meetings say (validation checks that the pair held
//!   a meeting); an `invested` entry without `amount_krw` counts as invested with 0 KRW; an entry
//!   that is not `invested` adds no KRW whatever its fields say. `confirmed` false (disputed) or
//!   absent (not answered) leaves the KRW out of `invested_krw_confirmed` only.
//! - **Meetings** are counted whether or not the plan is published.
//! - **Sums** are exact integers (no overflow: 128-bit); the share is a float.

use crate::model::{is_capital_region, FollowUpStage, MeetingStatus, Snapshot};
use crate::problem::{Problem, ProblemCode};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The `by_*` key of a missing (or blank) zone, field, region or investor type.
pub const NO_KEY: &str = "none";

/// `{events: [{event, figures}], total: figures}` (definitions §11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramReport {
    pub events: Vec<EventReport>,
    pub total: Figures,
}

/// One event's figures; `event` is its `event.id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventReport {
    pub event: String,
    pub figures: Figures,
}

/// The figures and their breakdowns. Read back through [`FiguresFields`]: serde's `flatten`
/// buffers values in a form that has no 128-bit integers, so the KRW sums could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "FiguresFields")]
pub struct Figures {
    #[serde(flatten)]
    pub overall: BucketFigures,
    pub by_zone: BTreeMap<String, BucketFigures>,
    pub by_field: BTreeMap<String, BucketFigures>,
    pub by_region: BTreeMap<String, BucketFigures>,
    pub by_investor_type: BTreeMap<String, BucketFigures>,
}

/// [`Figures`] as it is written, field by field (no `flatten`).
#[derive(Deserialize)]
struct FiguresFields {
    startups_registered: u64,
    startups_pitched: u64,
    investors: u64,
    meetings: MeetingCounts,
    stages: StageCounts,
    invested_krw: i128,
    invested_krw_confirmed: i128,
    non_capital_share: Option<f64>,
    by_zone: BTreeMap<String, BucketFigures>,
    by_field: BTreeMap<String, BucketFigures>,
    by_region: BTreeMap<String, BucketFigures>,
    by_investor_type: BTreeMap<String, BucketFigures>,
}

impl From<FiguresFields> for Figures {
    fn from(fields: FiguresFields) -> Figures {
        Figures {
            overall: BucketFigures {
                startups_registered: fields.startups_registered,
                startups_pitched: fields.startups_pitched,
                investors: fields.investors,
                meetings: fields.meetings,
                stages: fields.stages,
                invested_krw: fields.invested_krw,
                invested_krw_confirmed: fields.invested_krw_confirmed,
                non_capital_share: fields.non_capital_share,
            },
            by_zone: fields.by_zone,
            by_field: fields.by_field,
            by_region: fields.by_region,
            by_investor_type: fields.by_investor_type,
        }
    }
}

/// The figures without the `by_*` maps: of a whole event or program, or of one bucket.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BucketFigures {
    pub startups_registered: u64,
    pub startups_pitched: u64,
    pub investors: u64,
    pub meetings: MeetingCounts,
    pub stages: StageCounts,
    pub invested_krw: i128,
    pub invested_krw_confirmed: i128,
    pub non_capital_share: Option<f64>,
}

/// Meetings by their current status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingCounts {
    pub proposed: u64,
    pub confirmed: u64,
    pub declined: u64,
    pub held: u64,
    pub no_show: u64,
    pub cancelled: u64,
}

impl MeetingCounts {
    fn add(&mut self, status: MeetingStatus) {
        let count = match status {
            MeetingStatus::Proposed => &mut self.proposed,
            MeetingStatus::Confirmed => &mut self.confirmed,
            MeetingStatus::Declined => &mut self.declined,
            MeetingStatus::Held => &mut self.held,
            MeetingStatus::NoShow => &mut self.no_show,
            MeetingStatus::Cancelled => &mut self.cancelled,
        };
        *count += 1;
    }
}

/// Pairs by their current follow-up stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageCounts {
    pub met: u64,
    pub follow_up: u64,
    pub due_diligence: u64,
    pub term_sheet: u64,
    pub invested: u64,
    pub passed: u64,
}

impl StageCounts {
    fn add(&mut self, stage: FollowUpStage) {
        let count = match stage {
            FollowUpStage::Met => &mut self.met,
            FollowUpStage::FollowUp => &mut self.follow_up,
            FollowUpStage::DueDiligence => &mut self.due_diligence,
            FollowUpStage::TermSheet => &mut self.term_sheet,
            FollowUpStage::Invested => &mut self.invested,
            FollowUpStage::Passed => &mut self.passed,
        };
        *count += 1;
    }
}

use crate::program::{firm_identity_with, FirmAliases};
pub use crate::teams::firm_key;

/// A problem of one snapshot, by its position in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportProblem {
    pub snapshot: usize,
    pub problem: Problem,
}

/// The figures of each snapshot's event, in the order given, and of all of them together.
/// `snapshots` are (name, snapshot); the name (a file name) only serves problem details. Every
/// problem found (a repeated event id, an unknown person, a second follow-up of a pair) is
/// returned with the position of its snapshot instead.
pub fn program_report(
    snapshots: &[(&str, &Snapshot)],
) -> Result<ProgramReport, Vec<ReportProblem>> {
    program_report_with_firms(snapshots, &FirmAliases::new())
}

/// [`program_report`] with the program organizer's corrections of firm identity (definitions
/// §7.5): a firm name listed in `aliases` counts as the firm it names.
pub fn program_report_with_firms(
    snapshots: &[(&str, &Snapshot)],
    aliases: &FirmAliases,
) -> Result<ProgramReport, Vec<ReportProblem>> {
    let mut problems = Vec::new();
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    let mut flats = Vec::new();
    for (index, (_, snapshot)) in snapshots.iter().enumerate() {
        if let Some(first) = first_of.insert(snapshot.event.id.as_str(), index) {
            first_of.insert(snapshot.event.id.as_str(), first);
            problems.push(ReportProblem {
                snapshot: index,
                problem: Problem::new("event.id", ProblemCode::Duplicate).with_detail(format!(
                    "{} is the same event; each event may be reported once",
                    snapshots[first].0
                )),
            });
        }
        match Flat::of_event(index, snapshot, aliases) {
            Ok(flat) => flats.push(flat),
            Err(found) => problems.extend(found.into_iter().map(|problem| ReportProblem {
                snapshot: index,
                problem,
            })),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let events = snapshots
        .iter()
        .zip(&flats)
        .map(|((_, snapshot), flat)| EventReport {
            event: snapshot.event.id.clone(),
            figures: flat.figures(),
        })
        .collect();
    let mut all = Flat::default();
    for flat in flats {
        all.append(flat);
    }
    Ok(ProgramReport {
        events,
        total: all.figures(),
    })
}

/// Who a startup or an investor is across the events of a program.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Identity {
    /// A 사업자등록번호, or a normalised firm name.
    Shared(String),
    /// Known only within its event (by the event's position and the record's id).
    Local(usize, String),
}

#[derive(Debug, Clone)]
struct FlatStartup {
    identity: Identity,
    zone: String,
    field: String,
    region: String,
    capital: bool,
}

#[derive(Debug, Clone)]
struct FlatInvestor {
    identity: Identity,
    kind: String,
}

#[derive(Debug, Clone, Copy)]
struct FlatPair {
    startup: usize,
    investor: usize,
    stage: FollowUpStage,
    /// KRW when the stage is `invested`, else 0.
    amount: i128,
    confirmed: bool,
}

/// Events reduced to what the figures need, people by position; several events append into one.
#[derive(Debug, Clone, Default)]
struct Flat {
    startups: Vec<FlatStartup>,
    investors: Vec<FlatInvestor>,
    /// (startup, investor) of every score entry.
    scores: Vec<(usize, usize)>,
    meetings: Vec<(usize, usize, MeetingStatus)>,
    pairs: Vec<FlatPair>,
}

/// Which side of the records a bucket selects by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Everything,
    Startup,
    Investor,
}

fn key_of(value: Option<&str>) -> String {
    match value.map(str::trim) {
        Some(text) if !text.is_empty() => text.to_owned(),
        _ => NO_KEY.to_owned(),
    }
}

impl Flat {
    fn of_event(
        event: usize,
        snapshot: &Snapshot,
        aliases: &FirmAliases,
    ) -> Result<Flat, Vec<Problem>> {
        let startups: Vec<FlatStartup> = snapshot
            .startups
            .iter()
            .map(|startup| FlatStartup {
                identity: match startup.business_id.as_deref().map(str::trim) {
                    Some(id) if !id.is_empty() => Identity::Shared(id.to_owned()),
                    _ => Identity::Local(event, startup.id.clone()),
                },
                zone: key_of(startup.zone.as_deref()),
                field: key_of(startup.field.as_deref()),
                region: key_of(startup.region.as_deref()),
                capital: startup.region.as_deref().is_some_and(is_capital_region),
            })
            .collect();
        let investors: Vec<FlatInvestor> = snapshot
            .investors
            .iter()
            .map(|investor| FlatInvestor {
                identity: match firm_identity_with(&investor.firm, aliases) {
                    Some(firm) => Identity::Shared(firm),
                    None => Identity::Local(event, investor.id.clone()),
                },
                kind: key_of(investor.kind.as_deref()),
            })
            .collect();
        let startup_at: HashMap<&str, usize> = snapshot
            .startups
            .iter()
            .enumerate()
            .map(|(index, startup)| (startup.id.as_str(), index))
            .collect();
        let investor_at: HashMap<&str, usize> = snapshot
            .investors
            .iter()
            .enumerate()
            .map(|(index, investor)| (investor.id.as_str(), index))
            .collect();
        let mut problems = Vec::new();
        let pair_of = |problems: &mut Vec<Problem>, path: String, investor: &str, startup: &str| {
            let s = startup_at.get(startup).copied();
            let i = investor_at.get(investor).copied();
            if s.is_none() {
                problems.push(
                    Problem::new(format!("{path}.startup"), ProblemCode::UnknownId)
                        .with_detail(format!("no startup has the id {startup:?}")),
                );
            }
            if i.is_none() {
                problems.push(
                    Problem::new(format!("{path}.investor"), ProblemCode::UnknownId)
                        .with_detail(format!("no investor has the id {investor:?}")),
                );
            }
            s.zip(i)
        };
        let scores: Vec<(usize, usize)> = snapshot
            .scores
            .iter()
            .enumerate()
            .filter_map(|(k, score)| {
                pair_of(
                    &mut problems,
                    format!("scores[{k}]"),
                    &score.investor,
                    &score.startup,
                )
            })
            .collect();
        let meetings: Vec<(usize, usize, MeetingStatus)> = snapshot
            .meetings
            .iter()
            .enumerate()
            .filter_map(|(k, meeting)| {
                pair_of(
                    &mut problems,
                    format!("meetings[{k}]"),
                    &meeting.investor,
                    &meeting.startup,
                )
                .map(|(s, i)| (s, i, meeting.status.unwrap_or(MeetingStatus::Proposed)))
            })
            .collect();
        let mut pairs = Vec::new();
        let mut recorded: HashMap<(usize, usize), usize> = HashMap::new();
        for (k, entry) in snapshot.follow_ups.iter().enumerate() {
            let Some((s, i)) = pair_of(
                &mut problems,
                format!("follow_ups[{k}]"),
                &entry.investor,
                &entry.startup,
            ) else {
                continue;
            };
            if let Some(first) = recorded.insert((s, i), k) {
                recorded.insert((s, i), first);
                problems.push(
                    Problem::new(format!("follow_ups[{k}]"), ProblemCode::Duplicate).with_detail(
                        format!("follow_ups[{first}] is for the same investor and startup"),
                    ),
                );
                continue;
            }
            let invested = entry.stage == FollowUpStage::Invested;
            pairs.push(FlatPair {
                startup: s,
                investor: i,
                stage: entry.stage,
                amount: if invested {
                    i128::from(entry.amount_krw.unwrap_or(0))
                } else {
                    0
                },
                confirmed: entry.confirmed == Some(true),
            });
        }
        let mut met: HashSet<(usize, usize)> = HashSet::new();
        for &(s, i, status) in &meetings {
            if status == MeetingStatus::Held
                && !recorded.contains_key(&(s, i))
                && met.insert((s, i))
            {
                pairs.push(FlatPair {
                    startup: s,
                    investor: i,
                    stage: FollowUpStage::Met,
                    amount: 0,
                    confirmed: false,
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Flat {
            startups,
            investors,
            scores,
            meetings,
            pairs,
        })
    }

    /// Adds another event's records after these.
    fn append(&mut self, other: Flat) {
        let (s0, i0) = (self.startups.len(), self.investors.len());
        self.startups.extend(other.startups);
        self.investors.extend(other.investors);
        self.scores
            .extend(other.scores.into_iter().map(|(s, i)| (s + s0, i + i0)));
        self.meetings.extend(
            other
                .meetings
                .into_iter()
                .map(|(s, i, status)| (s + s0, i + i0, status)),
        );
        self.pairs
            .extend(other.pairs.into_iter().map(|pair| FlatPair {
                startup: pair.startup + s0,
                investor: pair.investor + i0,
                ..pair
            }));
    }

    fn figures(&self) -> Figures {
        let everyone_startups = vec![true; self.startups.len()];
        let everyone_investors = vec![true; self.investors.len()];
        let startup_buckets = |key: fn(&FlatStartup) -> &str| {
            let keys: BTreeSet<&str> = self.startups.iter().map(key).collect();
            keys.into_iter()
                .map(|wanted| {
                    let selected: Vec<bool> =
                        self.startups.iter().map(|s| key(s) == wanted).collect();
                    let figures = self.bucket(Side::Startup, &selected, &everyone_investors);
                    (wanted.to_owned(), figures)
                })
                .collect()
        };
        let kinds: BTreeSet<&str> = self
            .investors
            .iter()
            .map(|investor| investor.kind.as_str())
            .collect();
        Figures {
            overall: self.bucket(Side::Everything, &everyone_startups, &everyone_investors),
            by_zone: startup_buckets(|startup| &startup.zone),
            by_field: startup_buckets(|startup| &startup.field),
            by_region: startup_buckets(|startup| &startup.region),
            by_investor_type: kinds
                .into_iter()
                .map(|wanted| {
                    let selected: Vec<bool> =
                        self.investors.iter().map(|i| i.kind == wanted).collect();
                    let figures = self.bucket(Side::Investor, &everyone_startups, &selected);
                    (wanted.to_owned(), figures)
                })
                .collect(),
        }
    }

    /// The figures of the records whose startup and investor are both selected (`startup_in`,
    /// `investor_in`: one flag per person). The selecting side's people are all those selected;
    /// the other side's are those in a selected record.
    fn bucket(&self, side: Side, startup_in: &[bool], investor_in: &[bool]) -> BucketFigures {
        let mut figures = BucketFigures::default();
        let mut startup_touched = vec![false; self.startups.len()];
        let mut investor_touched = vec![false; self.investors.len()];
        let mut pitched_at = vec![false; self.startups.len()];
        let mut touch = |s: usize, i: usize| -> bool {
            let inside = startup_in[s] && investor_in[i];
            if inside {
                startup_touched[s] = true;
                investor_touched[i] = true;
            }
            inside
        };
        for &(s, i) in &self.scores {
            if touch(s, i) {
                pitched_at[s] = true;
            }
        }
        for &(s, i, status) in &self.meetings {
            if touch(s, i) {
                figures.meetings.add(status);
            }
        }
        let mut non_capital: i128 = 0;
        for pair in &self.pairs {
            if !touch(pair.startup, pair.investor) {
                continue;
            }
            figures.stages.add(pair.stage);
            if pair.stage == FollowUpStage::Invested {
                figures.invested_krw += pair.amount;
                if pair.confirmed {
                    figures.invested_krw_confirmed += pair.amount;
                }
                if !self.startups[pair.startup].capital {
                    non_capital += pair.amount;
                }
            }
        }
        let pitched: BTreeSet<&Identity> = (0..self.startups.len())
            .filter(|&s| pitched_at[s])
            .map(|s| &self.startups[s].identity)
            .collect();
        let startups: BTreeSet<&Identity> = (0..self.startups.len())
            .filter(|&s| startup_in[s] && (side != Side::Investor || startup_touched[s]))
            .map(|s| &self.startups[s].identity)
            .collect();
        let investors: BTreeSet<&Identity> = (0..self.investors.len())
            .filter(|&i| investor_in[i] && (side != Side::Startup || investor_touched[i]))
            .map(|i| &self.investors[i].identity)
            .collect();
        figures.startups_registered = startups.len() as u64;
        figures.startups_pitched = pitched.len() as u64;
        figures.investors = investors.len() as u64;
        figures.non_capital_share =
            (figures.invested_krw != 0).then(|| non_capital as f64 / figures.invested_krw as f64);
        figures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firm_names_that_differ_in_spelling_only_are_one_firm() {
        let key = firm_key("한빛벤처스");
        for spelling in [
            "(주)한빛벤처스",
            "한빛 벤처스",
            "㈜ 한빛벤처스",
            "한빛벤처스 주식회사",
            "주식회사 한빛벤처스",
            "（주）한빛벤처스",
        ] {
            assert_eq!(firm_key(spelling), key, "{spelling}");
        }
        assert_eq!(firm_key("Kakao  Ventures"), firm_key("kakaoventures"));
        assert_ne!(firm_key("한빛벤처스"), firm_key("한빛인베스트"));
        assert_eq!(firm_key(" (주) "), "");
    }

    #[test]
    fn a_missing_or_blank_key_is_none() {
        assert_eq!(key_of(None), NO_KEY);
        assert_eq!(key_of(Some("  ")), NO_KEY);
        assert_eq!(key_of(Some("Ulsan")), "Ulsan");
    }
}
