//! The match board's list of pairs that met at an earlier roadshow of the program (definitions
//! §7.6): who, where they met, and whether matching left them out or a side asked to meet again.

use super::directory::use_directory;
use crate::i18n::{Key, ProgramKey};
use crate::solver::MatchSolver;
use crate::state::language::use_text;
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::matching::Veto;

fn key(key: ProgramKey) -> Key {
    Key::Program(key)
}

fn outcome(veto: Option<Veto>) -> ProgramKey {
    match veto {
        Some(Veto::MetBefore) => ProgramKey::MetBeforeLeftOut,
        None => ProgramKey::MetBeforeKept,
        Some(_) => ProgramKey::MetBeforeOtherReason,
    }
}

#[component]
pub fn MetBeforeNotes(solver: MatchSolver) -> impl IntoView {
    let text = use_text();
    let directory = use_directory(use_organizer_data());
    let notes = Memo::new(move |_| {
        solver.board().with(|board| {
            board
                .as_ref()
                .map(|b| b.met_before.clone())
                .unwrap_or_default()
        })
    });
    move || {
        let notes = notes.get();
        (!notes.is_empty()).then(|| {
            let rows = notes
                .into_iter()
                .map(|note| {
                    let pair = note.pair;
                    let (investor, startup) = directory.with(|d| {
                        (
                            d.investor_name(&pair.investor).to_owned(),
                            d.startup_name(&pair.startup).to_owned(),
                        )
                    });
                    let said = outcome(note.veto);
                    let veto = note.veto.map_or("none", |veto| match veto {
                        Veto::MetBefore => "met_before",
                        _ => "other",
                    });
                    view! {
                        <tr data-investor=pair.investor.clone() data-startup=pair.startup.clone() data-veto=veto>
                            <td>{investor}</td>
                            <td>{startup}</td>
                            <td>{pair.event_name.clone().unwrap_or_else(|| pair.event.clone())}</td>
                            <td>{move || text(key(said))}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="card met-before" aria-labelledby="met-before-title">
                    <h3 id="met-before-title">{move || text(key(ProgramKey::MetBeforeHeading))}</h3>
                    <p class="hint">{move || text(key(ProgramKey::MetBeforeIntro))}</p>
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="met-before-caption">
                        <table class="board-table met-before-pairs">
                            <caption id="met-before-caption">{move || text(key(ProgramKey::MetBeforeCaption))}</caption>
                            <thead><tr>
                                <th scope="col">{move || text(key(ProgramKey::Investor))}</th>
                                <th scope="col">{move || text(key(ProgramKey::Startup))}</th>
                                <th scope="col">{move || text(key(ProgramKey::EarlierEvent))}</th>
                                <th scope="col">{move || text(key(ProgramKey::Outcome))}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </section>
            }
        })
    }
}
