//! The investor's own scores, pitch by pitch, beside the mean of the others' scores it may see.

use super::labels::{criterion_label, display_name};
use crate::api::{Changes, Pitch};
use crate::i18n::Key;
use crate::state::language::{use_language, use_text};
use crate::state::sync::SyncService;
use leptos::prelude::*;
use roadshow_core::model::Criterion;
use roadshow_core::overlay::{Overlay, ServerAnswers};
use std::collections::BTreeMap;

/// Other investors' scores this investor may see (the server sends only what the reveal mode
/// allows): the mean of every visible score per startup.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct OthersScores {
    means: BTreeMap<String, f64>,
}

impl OthersScores {
    /// The others' scores the server revealed, in `round` (the round the phone scores; `""`
    /// without rounds): a screening mean is not put beside a final score.
    pub(super) fn from_changes(changes: &Changes, investor_id: &str, round: &str) -> OthersScores {
        let mut sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
        for row in changes
            .scores
            .iter()
            .filter(|row| row.investor != investor_id && !row.abstain && row.round == round)
        {
            if let Some(value) = row.value {
                let entry = sums.entry(row.startup.clone()).or_default();
                entry.0 += value as f64;
                entry.1 += 1;
            }
        }
        OthersScores {
            means: sums
                .into_iter()
                .map(|(startup, (sum, count))| (startup, sum / count as f64))
                .collect(),
        }
    }
}

/// The investor's own scores, pitch by pitch, each a link back to its scorecard to change it.
#[component]
pub(super) fn MyScores(
    startups: RwSignal<Vec<Pitch>>,
    criteria: StoredValue<Vec<Criterion>>,
    server: StoredValue<ServerAnswers>,
    sync: SyncService,
    others: OthersScores,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let outbox = sync.outbox();
    let any_others = !others.means.is_empty();
    let others = StoredValue::new(others);
    let header = move || {
        let lang = language.get();
        criteria.with_value(|criteria| {
            criteria
                .iter()
                .map(|criterion| view! { <th scope="col">{criterion_label(criterion, lang)}</th> })
                .collect_view()
        })
    };
    let rows = move || {
        outbox.with(|outbox| {
            server.with_value(|server| {
                criteria.with_value(|criteria| {
                    startups.with(|startups| {
                        startups
                            .iter()
                            .map(|startup| {
                                let id = startup.id.clone();
                                let shown = Overlay::new(outbox, server);
                                let cells: Vec<String> = if shown.abstained(&id) {
                                    vec![text(Key::Abstained).to_owned(); criteria.len()]
                                } else if shown.conflict(&id) {
                                    vec!["—".to_owned(); criteria.len()]
                                } else {
                                    criteria
                                        .iter()
                                        .map(|criterion| shown.score(&id, &criterion.key).map(|value| value.to_string()).unwrap_or_else(|| "·".to_owned()))
                                        .collect()
                                };
                                let mean = others.with_value(|others| others.means.get(&id).map(|mean| format!("{mean:.1}")).unwrap_or_else(|| "—".to_owned()));
                                view! {
                                    <tr>
                                        <th scope="row"><a href=format!("?pitch={id}")>{display_name(startup, language)}</a></th>
                                        {cells.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}
                                        <td>{mean}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    })
                })
            })
        })
    };
    view! {
        <section class="card my-scores" aria-labelledby="my-scores-title">
            <h2 id="my-scores-title">{move || text(Key::MyScoresTitle)}</h2>
            <p class="hint">{move || text(Key::MyScoresEditable)}</p>
            {(!any_others).then(|| view! { <p class="hint">{move || text(Key::OthersHidden)}</p> })}
            <div class="table-scroll">
                <table>
                    <thead><tr><th scope="col">{move || text(Key::PitchList)}</th>{header}<th scope="col">{move || text(Key::OthersAverage)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
