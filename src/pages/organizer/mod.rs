//! The organizer's console of one event, opened by the organizer link `/events/{id}/organize#k=…`.
//! The secret travels in the fragment (never in the request line or a Referer) and is sent as a
//! bearer token. On load the console takes it out of the address bar and keeps it for this
//! browser tab only (once the server accepted it), so a reload still works while no tab or filter
//! link, bookmark or copied address carries it: the organizer link itself stays the only key.
//!
//! The console is a set of tabs chosen by the `?tab=` query parameter (setup, leaderboard,
//! judges, matches, schedule, meetings, outcomes, exports, privacy), so a projected board can be reloaded as it is. Each tab
//! reads the event through [`crate::state::organizer::use_organizer_data`].

mod attendees;
mod charts;
pub(super) mod console;
mod detail;
mod directory;
mod exports;
mod follow_up_corrections;
mod format;
mod frontier;
mod met_before;
pub(crate) use format::phase_label;
mod gaps;
mod judges;
mod leaderboard;
mod matches;
mod meeting_board;
mod outcomes;
mod pitching;
mod privacy;
mod qr;
pub(crate) mod query;
mod removal;
mod robustness;
mod roster;
mod rounds;
mod schedule;
mod setup;

/// The words for a failed request (shared by every tab).
pub(crate) use crate::i18n::request_problem as api_problem_key;
