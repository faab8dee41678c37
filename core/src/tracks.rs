//! Tracks (docs/definitions.md §8.2): which startups a judge limited to tracks may score.
//!
//! # Decisions where the definition is open
//!
//! - An investor with no `tracks` judges every startup, as before tracks existed.
//! - An investor limited to tracks judges exactly the startups whose `track` is one of them; a
//!   startup without a track is outside every track, so a limited judge does not score it
//!   (its board is the event's main one, which the limited judge is not on).
//! - Track names compare exactly (the roster's spelling); they are checked non-empty by
//!   `roadshow check`.

/// Whether a judge with `judge_tracks` may score a startup in `startup_track`.
pub fn may_judge(judge_tracks: &[String], startup_track: Option<&str>) -> bool {
    judge_tracks.is_empty()
        || startup_track.is_some_and(|track| judge_tracks.iter().any(|t| t == track))
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
