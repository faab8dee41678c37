//! Names and numbers as the console's boards show them: people's names by id in the chosen
//! language, and a match score's digits.

use crate::state::language::use_language;
use crate::state::organizer::OrganizerData;
use leptos::prelude::*;
use roadshow_core::export::Directory;

/// Names by id for display in the chosen language, rebuilt only when people or the language
/// change (not on every score).
pub(super) fn use_directory(data: OrganizerData) -> Memo<Directory> {
    let language = use_language();
    Memo::new(move |_| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .map(|snapshot| crate::names::directory(snapshot, lang))
                .unwrap_or_default()
        })
    })
}

pub(super) fn score_text(value: f64) -> String {
    format!("{value:.3}")
}
