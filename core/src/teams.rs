//! Firm teams (docs/definitions.md §8.6): a firm may send several people. Each person scores and
//! is a judge of their own, but the firm has one conflict list, one meeting capacity and at most
//! one meeting per startup.
//!
//! # Decisions where the definitions are silent
//!
//! - **The same firm** is the same normalised firm name, as for programs (definitions §7.5):
//!   [`firm_key`]. An investor whose firm name is empty after normalisation (only "(주)") is a
//!   team of its own.
//! - **One conflict list.** A conflict any member declared with a startup is every member's:
//!   their scores of it do not count in any ranking, nobody of the firm is matched with it,
//!   and every member steps out of the hall for its pitch.
//! - Matching and the schedule read teams through [`FirmTeams`]; how a team is one party there
//!   is in `crate::matching`'s module docs.

use crate::model::{Investor, Snapshot};
use std::collections::{HashMap, HashSet};

/// A firm name compared across people and events: NFC, ㈜ read as (주), full-width parentheses
/// as plain ones, every space removed, lower-cased, then "(주)" and "주식회사" removed.
pub fn firm_key(firm: &str) -> String {
    let mut folded = String::new();
    for character in crate::text::nfc(firm).chars() {
        match character {
            '\u{321C}' => folded.push_str("(주)"),
            '（' => folded.push('('),
            '）' => folded.push(')'),
            c if c.is_whitespace() => {}
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded.replace("(주)", "").replace("주식회사", "")
}

/// The investors of an event grouped by firm, by their positions in the investor list. Teams
/// are numbered in the order their first member appears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirmTeams {
    team_of: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl FirmTeams {
    pub fn of(investors: &[Investor]) -> FirmTeams {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut team_of = Vec::with_capacity(investors.len());
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (position, investor) in investors.iter().enumerate() {
            let key = firm_key(&investor.firm);
            let team = if key.is_empty() {
                None
            } else {
                by_key.get(&key).copied()
            };
            let team = team.unwrap_or_else(|| {
                members.push(Vec::new());
                if !key.is_empty() {
                    by_key.insert(key, members.len() - 1);
                }
                members.len() - 1
            });
            members[team].push(position);
            team_of.push(team);
        }
        FirmTeams { team_of, members }
    }

    /// The team of the investor at `position`.
    pub fn team_of(&self, position: usize) -> usize {
        self.team_of[position]
    }

    /// Every member of the team of the investor at `position` (itself included), in list order.
    pub fn teammates(&self, position: usize) -> &[usize] {
        &self.members[self.team_of[position]]
    }

    pub fn teams(&self) -> impl Iterator<Item = &[usize]> {
        self.members.iter().map(Vec::as_slice)
    }

    /// Whether some firm sent more than one person.
    pub fn any_shared(&self) -> bool {
        self.members.iter().any(|team| team.len() > 1)
    }
}

/// Every (investor position, startup position) pair under a conflict: the investor's own and
/// its teammates'. Conflicts naming an unknown startup are skipped (validation names them).
pub fn conflicted_pairs(snapshot: &Snapshot) -> HashSet<(usize, usize)> {
    let startup_index: HashMap<&str, usize> = snapshot
        .startups
        .iter()
        .enumerate()
        .map(|(position, startup)| (startup.id.as_str(), position))
        .collect();
    let teams = FirmTeams::of(&snapshot.investors);
    let mut pairs = HashSet::new();
    for (position, investor) in snapshot.investors.iter().enumerate() {
        for startup in investor
            .conflicts
            .iter()
            .filter_map(|id| startup_index.get(id.as_str()))
        {
            for &member in teams.teammates(position) {
                pairs.insert((member, *startup));
            }
        }
    }
    pairs
}

/// Whether investor `investor` (an id) is under a conflict with startup `startup`: its own or a
/// teammate's.
pub fn is_conflicted(snapshot: &Snapshot, investor: &str, startup: &str) -> bool {
    let Some(firm) = snapshot
        .investors
        .iter()
        .find(|candidate| candidate.id == investor)
        .map(|found| firm_key(&found.firm))
    else {
        return false;
    };
    snapshot.investors.iter().any(|candidate| {
        let same_team = if firm.is_empty() {
            candidate.id == investor
        } else {
            candidate.id == investor || firm_key(&candidate.firm) == firm
        };
        same_team && candidate.conflicts.iter().any(|id| id == startup)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn investor(id: &str, firm: &str, conflicts: &[&str]) -> Investor {
        serde_json::from_value(serde_json::json!({"id": id, "firm": firm, "conflicts": conflicts}))
            .unwrap()
    }

    #[test]
    fn the_same_firm_however_written_is_one_team() {
        let teams = FirmTeams::of(&[
            investor("a", "한빛벤처스", &[]),
            investor("b", "Blue Ocean", &[]),
            investor("c", "(주) 한빛 벤처스", &[]),
            investor("d", "㈜", &[]),
            investor("e", "(주)", &[]),
            investor("f", "blue ocean", &[]),
        ]);
        assert_eq!(teams.teammates(0), &[0, 2]);
        assert_eq!(teams.teammates(2), &[0, 2]);
        assert_eq!(teams.teammates(5), &[1, 5]);
        assert_eq!(
            teams.teammates(3),
            &[3],
            "an empty firm key is a team of its own"
        );
        assert_eq!(teams.teammates(4), &[4]);
        assert_eq!(teams.teams().count(), 4);
        assert!(teams.any_shared());
        assert!(!FirmTeams::of(&[investor("a", "A", &[]), investor("b", "B", &[])]).any_shared());
    }

    #[test]
    fn a_members_conflict_is_the_whole_firms() {
        let snapshot: Snapshot = serde_json::from_value(serde_json::json!({
            "format": "roadshow-event/1",
            "event": {"id": "e", "name": "e", "scale": {"min": 1, "max": 10},
                      "criteria": [{"key": "c", "weight": 1.0}], "min_judges": 1},
            "startups": [{"id": "s1", "name": "S1"}, {"id": "s2", "name": "S2"}],
            "investors": [
                {"id": "a", "firm": "F", "conflicts": ["s2"]},
                {"id": "b", "firm": " f ", "conflicts": []},
                {"id": "c", "firm": "G", "conflicts": ["s1"]},
                {"id": "d", "firm": "(주)", "conflicts": ["s1"]},
                {"id": "e", "firm": "주식회사", "conflicts": []}
            ]
        }))
        .unwrap();
        let pairs = conflicted_pairs(&snapshot);
        assert_eq!(
            pairs,
            HashSet::from([(0, 1), (1, 1), (2, 0), (3, 0)]),
            "b inherits a's conflict; e (empty firm key) does not inherit d's"
        );
        assert!(is_conflicted(&snapshot, "b", "s2"));
        assert!(is_conflicted(&snapshot, "a", "s2"));
        assert!(!is_conflicted(&snapshot, "b", "s1"));
        assert!(!is_conflicted(&snapshot, "e", "s1"));
        assert!(is_conflicted(&snapshot, "d", "s1"));
        assert!(!is_conflicted(&snapshot, "nobody", "s1"));
    }
}
