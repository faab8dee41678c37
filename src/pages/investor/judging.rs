//! Which pitches this investor judges in the round its phone scores (definitions §8.1–8.2): the
//! list, the progress and the scorecard ask here, so they agree.

use crate::api::Pitch;
use leptos::prelude::*;

/// What decides which pitches this investor scores now.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Judging {
    /// The tracks this investor judges (empty: all).
    pub(super) tracks: Vec<String>,
    /// Whether the investor is one of the current round's judges (always, without rounds).
    pub(super) judges_round: bool,
    /// The startups the current round is for (promoted from the round before); `None`: all.
    pub(super) entrants: Option<Vec<String>>,
}

/// Why the investor does not score a pitch now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NotJudged {
    /// Not one of the current round's judges.
    NotRoundJudge,
    /// The pitch was not promoted to the current round.
    NotInRound,
    /// The pitch is outside the investor's tracks.
    OutsideTracks,
}

/// Whether this investor scores the pitch now, and if not why: a judge of the round, the pitch
/// in the round (promoted to it) and in the investor's tracks (core's rules; the server refuses
/// a score from someone not judging the round or the track).
pub(super) fn not_judged(judging: StoredValue<Judging>, pitch: &Pitch) -> Option<NotJudged> {
    judging.with_value(|judging| {
        if !judging.judges_round {
            Some(NotJudged::NotRoundJudge)
        } else if judging
            .entrants
            .as_ref()
            .is_some_and(|ids| !ids.contains(&pitch.id))
        {
            Some(NotJudged::NotInRound)
        } else if !roadshow_core::tracks::may_judge(&judging.tracks, pitch.track.as_deref()) {
            Some(NotJudged::OutsideTracks)
        } else {
            None
        }
    })
}

/// Whether this investor scores the pitch now (see [`not_judged`]).
pub(super) fn judges(judging: StoredValue<Judging>, pitch: &Pitch) -> bool {
    not_judged(judging, pitch).is_none()
}
