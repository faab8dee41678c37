//! The pitches on the day (definitions §8.3): the running order the organizer publishes, the
//! pitch on now in each hall, and how a phone lists the pitches by them. The order itself is
//! computed by [`crate::running_order`]; this module holds what may be published and how it is
//! read, so the server's checks and the phones' lists follow one rule.
//!
//! # Decisions where the definitions are silent
//!
//! - The published order is one list of startup ids for every hall; a hall's pitches are read
//!   from it in the order they appear. A published startup missing from it (registered after
//!   publication) comes after the listed ones, in the order the caller gives.
//! - Only published startups pitch: an id that is not one (unknown, a draft, removed) is refused
//!   at publication (`unknown_id` at `running_order[i]`), and so is an id listed twice
//!   (`duplicate`). A startup removed after publication is skipped when the order is read.
//! - The pitch on now is set per hall by the organizer, to a published startup of that hall
//!   (`unknown_id` at `now_pitching.startup` otherwise, `out_of_range` at `now_pitching.hall`
//!   when it pitches in another hall), or to nothing.

use crate::problem::{Problem, ProblemCode};
use crate::wire::{NowPitching, PitchOn};
use std::collections::{HashMap, HashSet};

/// A published startup as the day's order reads it: its id and its hall (absent = 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pitcher<'a> {
    pub id: &'a str,
    pub hall: u32,
}

impl<'a> Pitcher<'a> {
    /// A startup's hall as stored (`None` and values outside `u32` read as hall 0, as
    /// validation refuses the latter).
    pub fn new(id: &'a str, hall: Option<i64>) -> Self {
        Pitcher {
            id,
            hall: hall.and_then(|hall| u32::try_from(hall).ok()).unwrap_or(0),
        }
    }
}

/// What is wrong with an order the organizer publishes (empty: it may be published).
pub fn order_problems(order: &[String], pitchers: &[Pitcher]) -> Vec<Problem> {
    let known: HashSet<&str> = pitchers.iter().map(|pitcher| pitcher.id).collect();
    let mut seen = HashSet::new();
    order
        .iter()
        .enumerate()
        .filter_map(|(index, id)| {
            let path = format!("running_order[{index}]");
            if !known.contains(id.as_str()) {
                Some(Problem::new(path, ProblemCode::UnknownId))
            } else if !seen.insert(id.as_str()) {
                Some(Problem::new(path, ProblemCode::Duplicate))
            } else {
                None
            }
        })
        .collect()
}

/// What is wrong with setting the pitch on now (empty: it may be set).
pub fn pitch_on_problems(change: &PitchOn, pitchers: &[Pitcher]) -> Vec<Problem> {
    let Some(startup) = &change.startup else {
        return Vec::new();
    };
    match pitchers.iter().find(|pitcher| pitcher.id == startup) {
        None => vec![Problem::new("now_pitching.startup", ProblemCode::UnknownId)],
        Some(pitcher) if pitcher.hall != change.hall => {
            vec![Problem::new("now_pitching.hall", ProblemCode::OutOfRange)]
        }
        Some(_) => Vec::new(),
    }
}

/// The pitch on now in every hall after `change`, sorted by hall.
pub fn with_pitch_on(now: &[NowPitching], change: &PitchOn) -> Vec<NowPitching> {
    let mut next: Vec<NowPitching> = now
        .iter()
        .filter(|entry| entry.hall != change.hall)
        .cloned()
        .collect();
    if let Some(startup) = &change.startup {
        next.push(NowPitching {
            hall: change.hall,
            startup: startup.clone(),
        });
    }
    next.sort_by_key(|entry| entry.hall);
    next
}

/// The pitch on now in `hall`, if any.
pub fn now_in(now: &[NowPitching], hall: u32) -> Option<&str> {
    now.iter()
        .find(|entry| entry.hall == hall)
        .map(|entry| entry.startup.as_str())
}

/// The indices of `ids` in the order the day follows: ids in the published `order` by their
/// place in it, then the others in their given order.
pub fn arranged<'a>(order: &[String], ids: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let place: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(place, id)| (id.as_str(), place))
        .collect();
    let mut indices: Vec<(usize, usize)> = ids
        .into_iter()
        .enumerate()
        .map(|(index, id)| (place.get(id).copied().unwrap_or(usize::MAX), index))
        .collect();
    indices.sort_unstable();
    indices.into_iter().map(|(_, index)| index).collect()
}

/// The pitches of `hall`, first pitch first, as the published `order` puts them.
pub fn hall_sequence<'a>(order: &[String], pitchers: &[Pitcher<'a>], hall: u32) -> Vec<&'a str> {
    let in_hall: Vec<&'a str> = pitchers
        .iter()
        .filter(|pitcher| pitcher.hall == hall)
        .map(|pitcher| pitcher.id)
        .collect();
    arranged(order, in_hall.iter().copied())
        .into_iter()
        .map(|index| in_hall[index])
        .collect()
}

/// The halls the pitchers are in, ascending.
pub fn halls(pitchers: &[Pitcher]) -> Vec<u32> {
    let mut halls: Vec<u32> = pitchers.iter().map(|pitcher| pitcher.hall).collect();
    halls.sort_unstable();
    halls.dedup();
    halls
}

/// The pitch after `now` in `sequence`: the first when nothing is on (or `now` left the hall),
/// none after the last.
pub fn next_pitch<'a>(sequence: &[&'a str], now: Option<&str>) -> Option<&'a str> {
    match now.and_then(|now| sequence.iter().position(|id| *id == now)) {
        Some(place) => sequence.get(place + 1).copied(),
        None => sequence.first().copied(),
    }
}

/// The pitch before `now` in `sequence`: none before the first or when nothing is on.
pub fn previous_pitch<'a>(sequence: &[&'a str], now: Option<&str>) -> Option<&'a str> {
    let place = now.and_then(|now| sequence.iter().position(|id| *id == now))?;
    place.checked_sub(1).map(|place| sequence[place])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pitchers() -> Vec<Pitcher<'static>> {
        vec![
            Pitcher::new("s1", None),
            Pitcher::new("s2", Some(1)),
            Pitcher::new("s3", Some(0)),
            Pitcher::new("s4", Some(1)),
            Pitcher::new("s5", None),
        ]
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn an_order_names_published_startups_once_each() {
        assert!(order_problems(&ids(&["s3", "s1", "s4", "s2"]), &pitchers()).is_empty());
        let problems = order_problems(&ids(&["s3", "s9", "s1", "s3"]), &pitchers());
        assert_eq!(
            problems,
            vec![
                Problem::new("running_order[1]", ProblemCode::UnknownId),
                Problem::new("running_order[3]", ProblemCode::Duplicate),
            ]
        );
    }

    #[test]
    fn the_pitch_on_now_must_pitch_in_that_hall() {
        let on = |hall, startup: Option<&str>| PitchOn {
            hall,
            startup: startup.map(str::to_owned),
        };
        assert!(pitch_on_problems(&on(1, Some("s4")), &pitchers()).is_empty());
        assert!(pitch_on_problems(&on(7, None), &pitchers()).is_empty());
        assert_eq!(
            pitch_on_problems(&on(0, Some("s4")), &pitchers()),
            vec![Problem::new("now_pitching.hall", ProblemCode::OutOfRange)]
        );
        assert_eq!(
            pitch_on_problems(&on(0, Some("gone")), &pitchers()),
            vec![Problem::new("now_pitching.startup", ProblemCode::UnknownId)]
        );
    }

    #[test]
    fn setting_one_hall_keeps_the_others() {
        let now = vec![
            NowPitching {
                hall: 0,
                startup: "s1".into(),
            },
            NowPitching {
                hall: 1,
                startup: "s2".into(),
            },
        ];
        let moved = with_pitch_on(
            &now,
            &PitchOn {
                hall: 1,
                startup: Some("s4".into()),
            },
        );
        assert_eq!(now_in(&moved, 0), Some("s1"));
        assert_eq!(now_in(&moved, 1), Some("s4"));
        let cleared = with_pitch_on(
            &moved,
            &PitchOn {
                hall: 0,
                startup: None,
            },
        );
        assert_eq!(now_in(&cleared, 0), None);
        assert_eq!(cleared.len(), 1);
    }

    #[test]
    fn a_hall_reads_its_pitches_in_the_published_order_and_late_ones_last() {
        let order = ids(&["s4", "s3", "gone", "s2", "s1"]);
        // s5 was registered after publication: it comes last, in the caller's order.
        assert_eq!(hall_sequence(&order, &pitchers(), 0), ["s3", "s1", "s5"]);
        assert_eq!(hall_sequence(&order, &pitchers(), 1), ["s4", "s2"]);
        assert_eq!(hall_sequence(&[], &pitchers(), 0), ["s1", "s3", "s5"]);
        assert_eq!(halls(&pitchers()), [0, 1]);
        assert_eq!(
            arranged(&order, ["s1", "s2", "s3", "s4", "s5"]),
            [3, 2, 1, 0, 4]
        );
    }

    #[test]
    fn next_and_previous_walk_a_hall() {
        let sequence = ["a", "b", "c"];
        assert_eq!(next_pitch(&sequence, None), Some("a"));
        assert_eq!(next_pitch(&sequence, Some("a")), Some("b"));
        assert_eq!(next_pitch(&sequence, Some("c")), None);
        assert_eq!(next_pitch(&sequence, Some("elsewhere")), Some("a"));
        assert_eq!(previous_pitch(&sequence, Some("b")), Some("a"));
        assert_eq!(previous_pitch(&sequence, Some("a")), None);
        assert_eq!(previous_pitch(&sequence, None), None);
        assert_eq!(next_pitch(&[], None), None);
    }
}
