//! Which pitches this investor judges (definitions §8.2): the list, the progress and the
//! scorecard ask here, so they agree.

use crate::api::Pitch;
use leptos::prelude::*;

/// Whether this investor judges the pitch: every pitch without tracks of its own, else only
/// those in its tracks (core's rule, which the server enforces).
pub(super) fn judges(my_tracks: StoredValue<Vec<String>>, pitch: &Pitch) -> bool {
    my_tracks.with_value(|tracks| roadshow_core::tracks::may_judge(tracks, pitch.track.as_deref()))
}
