//! Identity across the events of a program (definitions §7.5–7.6): the same company is the same
//! 사업자등록번호, the same firm the same normalised firm name ([`firm_key`]); and the pairs of an
//! event that already met at an earlier event of its program ("met before").
//!
//! The server knows the program's other events and writes an event's `met_before[]` into its
//! snapshot ([`met_before`]); the match board and `roadshow match` read that list from the
//! snapshot alone, so the console and the command agree on every export.

use crate::model::{MetBefore, Snapshot};
use crate::problem::{Problem, ProblemCode};
use crate::teams::firm_key;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One meeting held at an earlier event, by the identities that recognise its sides across
/// events: the startup's business id and the investor's firm identity (under the program's
/// corrections, [`firm_identity_with`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldPair {
    pub event: String,
    pub event_name: String,
    pub business_id: String,
    pub firm: String,
}

/// The identity of a firm name across events, or `None` when nothing is left of it after
/// normalising (an investor of its own, recognised nowhere else).
pub fn firm_identity(firm: &str) -> Option<String> {
    Some(firm_key(firm)).filter(|key| !key.is_empty())
}

/// The identity of a startup across events: its business id, trimmed, when it has one.
pub fn startup_identity(business_id: Option<&str>) -> Option<String> {
    business_id
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// The pairs of `snapshot` whose company and firm held a meeting at one of the `earlier`
/// events, each with the latest such event (the last in `earlier`'s order), sorted by investor
/// and startup id. Every investor of a firm that met the company is listed: the firm met it.
pub fn met_before(
    snapshot: &Snapshot,
    earlier: &[HeldPair],
    aliases: &FirmAliases,
) -> Vec<MetBefore> {
    let mut last_met: BTreeMap<(&str, &str), &HeldPair> = BTreeMap::new();
    for held in earlier {
        last_met.insert((held.business_id.as_str(), held.firm.as_str()), held);
    }
    let mut pairs = Vec::new();
    for investor in &snapshot.investors {
        let Some(firm) = firm_identity_with(&investor.firm, aliases) else {
            continue;
        };
        for startup in &snapshot.startups {
            let Some(company) = startup_identity(startup.business_id.as_deref()) else {
                continue;
            };
            if let Some(held) = last_met.get(&(company.as_str(), firm.as_str())) {
                pairs.push(MetBefore {
                    investor: investor.id.clone(),
                    startup: startup.id.clone(),
                    event: held.event.clone(),
                    event_name: Some(held.event_name.clone()),
                });
            }
        }
    }
    pairs.sort_by(|a, b| (&a.investor, &a.startup).cmp(&(&b.investor, &b.startup)));
    pairs
}

/// The program organizer's corrections of firm identity (definitions §7.5): a firm name as
/// written (trimmed) → the identity it counts as, where the normalised name got it wrong. A
/// merge gives the names of one firm another firm's identity; a split gives one name an
/// identity of its own (`=` and the name, which no normalised name can be). Undone by removing
/// the name's entry.
pub type FirmAliases = BTreeMap<String, String>;

/// The identity a firm name counts as under `aliases`, or `None` for a name that is empty once
/// normalised (an investor of its own).
pub fn firm_identity_with(firm: &str, aliases: &FirmAliases) -> Option<String> {
    match aliases.get(firm.trim()) {
        Some(identity) => Some(identity.clone()),
        None => firm_identity(firm),
    }
}

/// The identity a split-out name gets: its own, apart from every normalised name.
pub fn split_identity(firm: &str) -> String {
    format!("={}", firm.trim())
}

/// One firm of a program as the organizer reviews it: its identity and every name written for
/// it, with the events each name appears in and whether an alias put it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramFirm {
    pub identity: String,
    pub names: Vec<FirmName>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmName {
    pub name: String,
    /// Event ids, in the order given.
    pub events: Vec<String>,
    /// True when the organizer's merge or split put this name here (it can be undone).
    pub corrected: bool,
}

/// The program's firms: every firm name of `events` (event id, its investors' firm names)
/// grouped by identity under `aliases`, sorted by identity, names sorted. Names empty once
/// normalised are left out.
pub fn program_firms(events: &[(String, Vec<String>)], aliases: &FirmAliases) -> Vec<ProgramFirm> {
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (event, firms) in events {
        for firm in firms {
            let name = firm.trim().to_owned();
            let seen = by_name.entry(name).or_default();
            if !seen.contains(event) {
                seen.push(event.clone());
            }
        }
    }
    let mut firms: BTreeMap<String, Vec<FirmName>> = BTreeMap::new();
    for (name, events) in by_name {
        let Some(identity) = firm_identity_with(&name, aliases) else {
            continue;
        };
        firms.entry(identity).or_default().push(FirmName {
            corrected: aliases.contains_key(&name),
            name,
            events,
        });
    }
    firms
        .into_iter()
        .map(|(identity, names)| ProgramFirm { identity, names })
        .collect()
}

/// A correction the program organizer asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FirmChange {
    /// Every name of firm `from` counts as firm `into` from now on.
    Merge { from: String, into: String },
    /// This name counts as a firm of its own.
    Split { name: String },
    /// This name goes back to its normalised firm.
    Undo { name: String },
}

/// Applies `change` to `aliases`, given the program's firms as they stand; a name or identity
/// the program does not have is a problem at its field.
pub fn apply_firm_change(
    aliases: &mut FirmAliases,
    firms: &[ProgramFirm],
    change: &FirmChange,
) -> Result<(), Problem> {
    let firm_of = |identity: &str| firms.iter().find(|firm| firm.identity == identity);
    let has_name = |name: &str| {
        firms
            .iter()
            .any(|firm| firm.names.iter().any(|known| known.name == name.trim()))
    };
    match change {
        FirmChange::Merge { from, into } => {
            let source = firm_of(from).ok_or_else(|| unknown("merge.from", from))?;
            firm_of(into).ok_or_else(|| unknown("merge.into", into))?;
            if from == into {
                return Err(Problem::new("merge.into", ProblemCode::Duplicate)
                    .with_detail("a firm cannot be merged into itself"));
            }
            for name in &source.names {
                if firm_identity(&name.name).as_deref() == Some(into.as_str()) {
                    aliases.remove(&name.name);
                } else {
                    aliases.insert(name.name.clone(), into.clone());
                }
            }
            // Names merged into `from` before follow it.
            for identity in aliases.values_mut() {
                if identity == from {
                    *identity = into.clone();
                }
            }
            Ok(())
        }
        FirmChange::Split { name } => {
            if !has_name(name) {
                return Err(unknown("split.name", name));
            }
            aliases.insert(name.trim().to_owned(), split_identity(name));
            Ok(())
        }
        FirmChange::Undo { name } => {
            if aliases.remove(name.trim()).is_none() {
                return Err(unknown("undo.name", name));
            }
            Ok(())
        }
    }
}

fn unknown(path: &str, value: &str) -> Problem {
    Problem::new(path, ProblemCode::UnknownId)
        .with_detail(format!("{value} is not a firm of this program"))
}
