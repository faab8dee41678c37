//! Tracks (docs/definitions.md §8.2): which startups a judge limited to tracks may score, and
//! each track's own board.
//!
//! # Decisions where the definition is open
//!
//! - An investor with no `tracks` judges every startup, as before tracks existed.
//! - An investor limited to tracks judges exactly the startups whose `track` is one of them; a
//!   startup without a track is outside every track, so a limited judge does not score it
//!   (its board is the event's main one, which the limited judge is not on).
//! - Track names compare exactly (the roster's spelling); they are checked non-empty by
//!   `roadshow check`.
//! - A track's board ([`track_snapshot`]) is the event cut down to the track's startups: their
//!   scores, abstentions, interest, comments, meetings and follow-ups, and every investor with
//!   its conflicts inside the track. Ranking it normalizes each judge over the scores that judge
//!   gave in the track and takes the yardstick from the track's scores alone, which is "each
//!   track ranks and normalizes only its own startups and judges": a judge who scored nothing in
//!   the track changes nothing there. Settings (criteria, scale, minimum judges, rounds) are the
//!   event's. Startups without a track are on the whole event's board only.

use crate::model::Snapshot;
use std::collections::{BTreeSet, HashSet};

/// Whether a judge with `judge_tracks` may score a startup in `startup_track`.
pub fn may_judge(judge_tracks: &[String], startup_track: Option<&str>) -> bool {
    judge_tracks.is_empty()
        || startup_track.is_some_and(|track| judge_tracks.iter().any(|t| t == track))
}

/// The event's tracks, each once, in code-point order (the order boards are offered in).
pub fn track_names(snapshot: &Snapshot) -> Vec<String> {
    let names: BTreeSet<&str> = snapshot
        .startups
        .iter()
        .filter_map(|startup| startup.track.as_deref())
        .collect();
    names.into_iter().map(str::to_owned).collect()
}

/// The event as track `track` sees it (see the module's decisions); `None` when no startup is
/// in it. The startups keep their order, so the board lists them as the event does.
pub fn track_snapshot(snapshot: &Snapshot, track: &str) -> Option<Snapshot> {
    let inside: HashSet<&str> = snapshot
        .startups
        .iter()
        .filter(|startup| startup.track.as_deref() == Some(track))
        .map(|startup| startup.id.as_str())
        .collect();
    if inside.is_empty() {
        return None;
    }
    let keep = |startup: &str| inside.contains(startup);
    let investors = snapshot
        .investors
        .iter()
        .map(|investor| {
            let mut investor = investor.clone();
            investor.conflicts.retain(|startup| keep(startup));
            investor
        })
        .collect();
    Some(Snapshot {
        format: snapshot.format.clone(),
        fictional: snapshot.fictional,
        event: snapshot.event.clone(),
        startups: snapshot
            .startups
            .iter()
            .filter(|startup| keep(&startup.id))
            .cloned()
            .collect(),
        investors,
        scores: snapshot
            .scores
            .iter()
            .filter(|entry| keep(&entry.startup))
            .cloned()
            .collect(),
        interest: snapshot
            .interest
            .iter()
            .filter(|entry| keep(&entry.startup))
            .cloned()
            .collect(),
        meetings: snapshot
            .meetings
            .iter()
            .filter(|meeting| keep(&meeting.startup))
            .cloned()
            .collect(),
        comments: snapshot
            .comments
            .iter()
            .filter(|comment| keep(&comment.startup))
            .cloned()
            .collect(),
        follow_ups: snapshot
            .follow_ups
            .iter()
            .filter(|follow_up| keep(&follow_up.startup))
            .cloned()
            .collect(),
        met_before: snapshot
            .met_before
            .iter()
            .filter(|pair| keep(&pair.startup))
            .cloned()
            .collect(),
        extra: snapshot.extra.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::may_judge;

    fn tracks(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn a_judge_scores_only_inside_its_tracks() {
        // (judge's tracks, startup's track, may judge), each case read off the decisions above.
        let cases: [(&[&str], Option<&str>, bool); 8] = [
            (&[], None, true),
            (&[], Some("혁신리그"), true),
            (&["혁신리그"], Some("혁신리그"), true),
            (&["혁신리그"], Some("스케일업리그"), false),
            (&["혁신리그"], None, false),
            (&["혁신리그", "스케일업리그"], Some("스케일업리그"), true),
            (&["혁신리그"], Some("혁신리그 "), false),
            (&["혁신리그"], Some(""), false),
        ];
        for (judge, startup, expected) in cases {
            assert_eq!(
                may_judge(&tracks(judge), startup),
                expected,
                "{judge:?} {startup:?}"
            );
        }
    }
}
