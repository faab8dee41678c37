//! The judges: each investor's progress, severity (harsh or lenient), spread and agreement with
//! the others (core's judge diagnostics), and the list of judges to nudge.

use super::format::format_score;
use crate::i18n::{Key, Lang, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::ranking::TotalMode;

#[derive(Debug, Clone, PartialEq)]
struct JudgeRow {
    id: String,
    name: String,
    scored: u32,
    of: u32,
    severity: Option<f64>,
    spread: Option<f64>,
    agreement: Option<f64>,
}

#[component]
pub fn JudgePanel() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let rows = Memo::new(move |_| {
        data.scores_revision().track();
        let lang = language.get();
        let people = data.with_roster(|snapshot| {
            snapshot.as_ref().map(|snapshot| {
                // A firm's conflict is every member's (definitions §8.6).
                let conflicted = roadshow_core::teams::conflicted_pairs(snapshot);
                snapshot
                    .investors
                    .iter()
                    .enumerate()
                    .map(|(judge, investor)| {
                        let conflicts = conflicted
                            .iter()
                            .filter(|(member, _)| *member == judge)
                            .count();
                        let label = crate::names::investor_label(investor, lang);
                        (
                            investor.id.clone(),
                            label,
                            (snapshot.startups.len() - conflicts) as u32,
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })?;
        data.with_live_ranking(|live| {
            live.board
                .judge_diagnostics(TotalMode::Normalized)
                .into_iter()
                .zip(&people)
                .map(|(diagnostics, (id, name, of))| JudgeRow {
                    id: id.clone(),
                    name: name.clone(),
                    scored: diagnostics.startups,
                    of: *of,
                    severity: diagnostics.severity,
                    spread: diagnostics.spread,
                    agreement: diagnostics.agreement,
                })
                .collect::<Vec<_>>()
        })
    });
    let behind = move || {
        let mut behind: Vec<JudgeRow> = rows.with(|rows| {
            rows.iter()
                .flatten()
                .filter(|row| row.scored < row.of)
                .cloned()
                .collect()
        });
        behind.sort_by_key(|row| row.scored);
        behind
    };
    view! {
        <section class="judges" aria-labelledby="judges-title">
            <h2 id="judges-title">{move || text(Key::Org(OrgKey::JudgePanel))}</h2>
            <p class="hint">{move || text(Key::Org(OrgKey::SeverityHint))}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="judges-table-caption">
                <table class="board-table">
                    <caption id="judges-table-caption">{move || text(Key::Org(OrgKey::JudgesTable))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || text(Key::Org(OrgKey::Judge))}</th>
                            <th scope="col">{move || text(Key::Org(OrgKey::Progress))}</th>
                            <th scope="col" class="number">{move || text(Key::Org(OrgKey::Severity))}</th>
                            <th scope="col" class="number">{move || text(Key::Org(OrgKey::Spread))}</th>
                            <th scope="col" class="number">{move || text(Key::Org(OrgKey::Agreement))}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get().unwrap_or_default() key=|row| format!("{row:?}") let:row>
                            <tr data-investor=row.id.clone()>
                                <th scope="row">{row.name.clone()}</th>
                                <td>
                                    <progress max=row.of value=row.scored aria-label=row.name.clone()></progress>
                                    " "{move || progress(language.get(), row.scored, row.of)}
                                </td>
                                <td class="number">{format_signed(row.severity)}</td>
                                <td class="number">{format_score(row.spread)}</td>
                                <td class="number">{format_score(row.agreement)}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <h3>{move || text(Key::Org(OrgKey::NudgeList))}</h3>
            {move || {
                let behind = behind();
                if behind.is_empty() {
                    view! { <p class="empty">{move || text(Key::Org(OrgKey::NobodyBehind))}</p> }.into_any()
                } else {
                    view! {
                        <ul class="nudge-list">
                            {behind.into_iter().map(|row| view! {
                                <li>{row.name.clone()}" — "{move || progress(language.get(), row.scored, row.of)}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

fn progress(lang: Lang, scored: u32, of: u32) -> String {
    crate::i18n::scored_progress(lang, scored as usize, of as usize)
}

fn format_signed(value: Option<f64>) -> String {
    value
        .map(|value| format!("{value:+.2}"))
        .unwrap_or_else(|| "–".to_owned())
}
