//! The program's firms as its figures count them (definitions §7.5): every name written for each
//! firm, and the program organizer's corrections (merge two firms, split a name off, undo),
//! which the figures and the pairs that met before follow at once.

use crate::api::{self, ApiError, FirmChange, ProgramFirm};
use crate::i18n::{request_problem, Key, ProgramKey};
use crate::state::language::use_text;
use leptos::prelude::*;

fn key(key: ProgramKey) -> Key {
    Key::Program(key)
}

/// A firm's name in the list: its first name as written.
fn firm_label(firm: &ProgramFirm) -> String {
    firm.names
        .first()
        .map_or_else(|| firm.identity.clone(), |name| name.name.clone())
}

/// `reload` moves when the program's events change; a correction moves it too, so that the
/// figures (which follow it) and this list are read again.
#[component]
pub fn FirmsSection(program_id: String, secret: String, reload: RwSignal<u32>) -> impl IntoView {
    let text = use_text();
    let ids = StoredValue::new((program_id, secret));
    let firms = LocalResource::new(move || {
        reload.track();
        let (program_id, secret) = ids.get_value();
        async move { api::fetch_program_firms(&program_id, &secret).await }
    });
    let change = Action::new_local(move |change: &FirmChange| {
        let (program_id, secret) = ids.get_value();
        let change = change.clone();
        async move {
            api::change_program_firms(&program_id, &secret, &change).await?;
            reload.update(|count| *count += 1);
            Ok::<_, ApiError>(())
        }
    });
    let problem = move || {
        let failed = change
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| firms.get().and_then(Result::err));
        failed.map(|error| {
            leptos::logging::warn!("the program's firms: {error}");
            text(request_problem(&error))
        })
    };
    let rows = move || {
        let all = firms
            .get()
            .and_then(Result::ok)
            .map(|read| read.firms)
            .unwrap_or_default();
        all.iter()
            .enumerate()
            .map(|(row, firm)| {
                let identity = firm.identity.clone();
                let others: Vec<(String, String)> = all
                    .iter()
                    .filter(|other| other.identity != firm.identity)
                    .map(|other| (other.identity.clone(), firm_label(other)))
                    .collect();
                let several = firm.names.len() > 1;
                let names = firm
                    .names
                    .iter()
                    .map(|name| {
                        let written = name.name.clone();
                        let button = if name.corrected {
                            let undo = FirmChange::Undo { name: written.clone() };
                            Some(view! {
                                <button type="button" class="undo-firm" data-name=written.clone()
                                    on:click=move |_| { change.dispatch_local(undo.clone()); }>
                                    {move || text(key(ProgramKey::Undo))}
                                    <span class="visually-hidden">{format!(": {written}")}</span>
                                </button>
                            }.into_any())
                        } else if several {
                            let split = FirmChange::Split { name: written.clone() };
                            Some(view! {
                                <button type="button" class="split-firm" data-name=written.clone()
                                    on:click=move |_| { change.dispatch_local(split.clone()); }>
                                    {move || text(key(ProgramKey::Split))}
                                    <span class="visually-hidden">{format!(": {written}")}</span>
                                </button>
                            }.into_any())
                        } else {
                            None
                        };
                        view! {
                            <li data-name=name.name.clone() data-corrected=name.corrected.to_string()>
                                {format!("{} ({})", name.name, name.events.len())}
                                {name.corrected.then(|| view! { <span class="badge">{move || text(key(ProgramKey::Corrected))}</span> })}
                                " "{button}
                            </li>
                        }
                    })
                    .collect_view();
                let select_id = format!("merge-into-{row}");
                let label_for = select_id.clone();
                let chosen = RwSignal::new(String::new());
                let from = identity.clone();
                view! {
                    <tr data-identity=identity.clone()>
                        <th scope="row">{firm_label(firm)}</th>
                        <td><ul class="firm-names">{names}</ul></td>
                        <td class="no-print">
                            {(!others.is_empty()).then(|| view! {
                                <label class="visually-hidden" for=label_for>{move || text(key(ProgramKey::MergeInto))}</label>
                                <select id=select_id class="merge-into" on:change=move |ev| chosen.set(event_target_value(&ev))>
                                    <option value="">{move || text(key(ProgramKey::ChooseFirm))}</option>
                                    {others.into_iter().map(|(other, label)| view! { <option value=other>{label}</option> }).collect_view()}
                                </select>
                                <button type="button" class="merge-firm" disabled=move || chosen.with(String::is_empty)
                                    on:click=move |_| {
                                        change.dispatch_local(FirmChange::Merge { from: from.clone(), into: chosen.get_untracked() });
                                    }>
                                    {move || text(key(ProgramKey::Merge))}
                                </button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card program-firms" aria-labelledby="program-firms-title">
            <h2 id="program-firms-title">{move || text(key(ProgramKey::FirmsHeading))}</h2>
            <p class="hint">{move || text(key(ProgramKey::FirmsIntro))}</p>
            <p class="form-error" role="alert">{problem}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="firms-caption">
                <table class="firms-table" id="firms-table">
                    <caption id="firms-caption">{move || text(key(ProgramKey::FirmsCaption))}</caption>
                    <thead><tr>
                        <th scope="col">{move || text(key(ProgramKey::Firm))}</th>
                        <th scope="col">{move || text(key(ProgramKey::Names))}</th>
                        <th scope="col" class="no-print">{move || text(key(ProgramKey::MergeInto))}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
