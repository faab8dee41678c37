//! The pitches' running order in the settings form.

use crate::i18n::{Key, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::model::Event;

/// The pitches' running order, kept in the settings as `running_order` (startup ids).
#[component]
pub(super) fn RunningOrder(draft: RwSignal<Event>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let startups = Memo::new(move |_| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .map(|s| {
                    s.startups
                        .iter()
                        .map(|startup| {
                            (
                                startup.id.clone(),
                                crate::names::startup_name(startup, lang),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let order = move || {
        let stored: Vec<String> = draft.with(|d| {
            d.extra
                .get("running_order")
                .and_then(|value| serde_json::from_value(value.clone()).ok())
                .unwrap_or_default()
        });
        startups.with(|startups| {
            let mut ordered: Vec<(String, String)> = stored
                .iter()
                .filter_map(|id| startups.iter().find(|(known, _)| known == id).cloned())
                .collect();
            ordered.extend(
                startups
                    .iter()
                    .filter(|(id, _)| !stored.contains(id))
                    .cloned(),
            );
            ordered
        })
    };
    let swap = move |from: usize, to: usize| {
        let mut ids: Vec<String> = order().into_iter().map(|(id, _)| id).collect();
        if to < ids.len() {
            ids.swap(from, to);
            draft.update(|d| {
                d.extra
                    .insert("running_order".into(), serde_json::json!(ids));
            });
        }
    };
    view! {
        <fieldset>
            <legend>{move || text(Key::Org(OrgKey::RunningOrder))}</legend>
            <ol class="running-order">
                {move || order().into_iter().enumerate().map(|(position, (_, name))| {
                    let up_label = name.clone();
                    let down_label = up_label.clone();
                    view! {
                        <li>
                            <span>{name}</span>
                            <button type="button" disabled=position == 0 aria-label=move || format!("{} — {up_label}", text(Key::Org(OrgKey::MoveUp)))
                                on:click=move |_| { if position > 0 { swap(position, position - 1) } }>"↑"</button>
                            <button type="button" aria-label=move || format!("{} — {down_label}", text(Key::Org(OrgKey::MoveDown)))
                                on:click=move |_| swap(position, position + 1)>"↓"</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </fieldset>
    }
}
