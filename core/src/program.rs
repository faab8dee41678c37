//! Identity across the events of a program (definitions §7.5–7.6): the same company is the same
//! 사업자등록번호, the same firm the same normalised firm name ([`firm_key`]); and the pairs of an
//! event that already met at an earlier event of its program ("met before").
//!
//! The server knows the program's other events and writes an event's `met_before[]` into its
//! snapshot ([`met_before`]); the match board and `roadshow match` read that list from the
//! snapshot alone, so the console and the command agree on every export.

use crate::model::{MetBefore, Snapshot};
use crate::teams::firm_key;
use std::collections::BTreeMap;

/// One meeting held at an earlier event, by the identities that recognise its sides across
/// events: the startup's business id and the investor's firm key.
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
pub fn met_before(snapshot: &Snapshot, earlier: &[HeldPair]) -> Vec<MetBefore> {
    let mut last_met: BTreeMap<(&str, &str), &HeldPair> = BTreeMap::new();
    for held in earlier {
        last_met.insert((held.business_id.as_str(), held.firm.as_str()), held);
    }
    let mut pairs = Vec::new();
    for investor in &snapshot.investors {
        let Some(firm) = firm_identity(&investor.firm) else {
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
