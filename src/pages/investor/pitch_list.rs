//! The pitch list: every pitch in running order with whether it is scored, filtered by
//! scored / not yet and by field, zone and stage (all kept in the URL).

use super::labels::{display_name, one_liner};
use crate::api::Pitch;
use crate::i18n::{Key, PitchingKey};
use crate::state::language::{use_language, use_text};
use crate::state::sync::SyncService;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use roadshow_core::model::Criterion;
use roadshow_core::overlay::{Overlay, ServerAnswers};
use roadshow_core::wire::NowPitching;

#[component]
pub(super) fn PitchList(
    startups: RwSignal<Vec<Pitch>>,
    criteria: StoredValue<Vec<Criterion>>,
    server: StoredValue<ServerAnswers>,
    sync: SyncService,
    now_pitching: RwSignal<Vec<NowPitching>>,
    /// The tracks this investor judges (empty: all).
    my_tracks: StoredValue<super::judging::Judging>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let query = use_query_map();
    let outbox = sync.outbox();
    let show = Memo::new(move |_| {
        query.with(|query| query.get("show").unwrap_or_else(|| "all".to_owned()))
    });
    let facet = move |name: &'static str| {
        Memo::new(move |_| query.with(|query| query.get(name).filter(|value| !value.is_empty())))
    };
    let (field, zone, stage) = (facet("field"), facet("zone"), facet("stage"));
    // Every filter lives in the URL; changing one keeps the others.
    let link_with = move |name: &str, value: &str| {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (key, current) in [
            ("show", Some(show.get())),
            ("field", field.get()),
            ("zone", zone.get()),
            ("stage", stage.get()),
        ] {
            let chosen = if key == name {
                Some(value.to_owned())
            } else {
                current
            };
            if let Some(chosen) =
                chosen.filter(|chosen| !(chosen.is_empty() || key == "show" && chosen == "all"))
            {
                pairs.push((key.to_owned(), chosen));
            }
        }
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={}", encode_query_value(&value)))
            .collect();
        format!("?{}", query.join("&"))
    };
    let navigate = leptos_router::hooks::use_navigate();
    let facet_select = move |name: &'static str,
                             label: Key,
                             current: Memo<Option<String>>,
                             options: Vec<(String, String)>| {
        let navigate = navigate.clone();
        let id = format!("filter-{name}");
        view! {
            <div class="field facet">
                <label for=id.clone()>{move || text(label)}</label>
                <select id=id on:change=move |event| navigate(&link_with(name, &event_target_value(&event)), Default::default())>
                    <option value="" selected=move || current.get().is_none()>{move || text(Key::ShowAll)}</option>
                    {options.into_iter().map(|(value, shown)| {
                        let selected_value = value.clone();
                        view! { <option value=value selected=move || current.get().as_deref() == Some(selected_value.as_str())>{shown}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let distinct = move |pick: fn(&Pitch) -> Option<String>| {
        startups.with(|startups| {
            let mut values: Vec<String> = startups.iter().filter_map(pick).collect();
            values.sort();
            values.dedup();
            values
        })
    };
    let facets = move || {
        let lang = language.get();
        view! {
        {facet_select("field", Key::Field, field, distinct(|pitch| pitch.field.clone()).into_iter()
            .map(|id| { let shown = crate::i18n::network_field_label(&id, lang).map(str::to_owned).unwrap_or_else(|| id.clone()); (id, shown) }).collect())}
        {facet_select("zone", Key::Zone, zone, distinct(|pitch| pitch.zone.clone()).into_iter()
            .map(|id| { let shown = crate::components::pitch::zone_label(&id, lang); (id, shown) }).collect())}
        {facet_select("stage", Key::Stage, stage, distinct(|pitch| pitch.stage.clone()).into_iter()
            .map(|id| { let shown = crate::i18n::stage_label(&id, lang).map(str::to_owned).unwrap_or_else(|| id.clone()); (id, shown) }).collect())}
        }
    };
    let rows = move || {
        let show = show.get();
        let (field, zone, stage) = (field.get(), zone.get(), stage.get());
        let matches = move |wanted: &Option<String>, actual: &Option<String>| {
            wanted.is_none() || wanted == actual
        };
        outbox.with(|outbox| {
            server.with_value(|server| {
                criteria.with_value(|criteria| {
                    startups.with(|startups| {
                        startups
                            .iter()
                            .filter(|startup| {
                                matches(&field, &startup.field)
                                    && matches(&zone, &startup.zone)
                                    && matches(&stage, &startup.stage)
                            })
                            .map(|startup| {
                                let on_now = now_pitching.with(|now| {
                                    now.iter().any(|entry| entry.startup == startup.id)
                                });
                                let judged = super::judging::judges(my_tracks, startup);
                                (
                                    startup.clone(),
                                    Overlay::new(outbox, server).is_scored(&startup.id, criteria),
                                    on_now,
                                    judged,
                                )
                            })
                            // Pitches outside the investor's tracks are neither to do nor done.
                            .filter(|(_, scored, _, judged)| match show.as_str() {
                                "todo" => *judged && !scored,
                                "done" => *judged && *scored,
                                _ => true,
                            })
                            .collect::<Vec<_>>()
                    })
                })
            })
        })
    };
    let filter_link = move |value: &'static str, key: Key| {
        view! {
            <a href=move || link_with("show", value) class="filter"
                aria-current=move || (show.get() == value).then_some("true")>
                {move || text(key)}
            </a>
        }
    };
    // The field, zone and stage pickers take most of a phone's first screen: folded behind a
    // button unless one is in use.
    let active_facets = move || {
        [field.get(), zone.get(), stage.get()]
            .iter()
            .filter(|facet| facet.is_some())
            .count()
    };
    let facets_open = RwSignal::new(
        [field, zone, stage]
            .iter()
            .any(|facet| facet.with_untracked(Option::is_some)),
    );
    view! {
        <div class="filter-bar">
            <nav class="filters" aria-label=move || text(Key::FilterLabel)>
                {filter_link("all", Key::ShowAll)}
                {filter_link("todo", Key::ShowTodo)}
                {filter_link("done", Key::ShowDone)}
            </nav>
            <button type="button" class="filter facets-toggle" aria-controls="facets"
                aria-expanded=move || facets_open.get().to_string()
                on:click=move |_| facets_open.update(|open| *open = !*open)>
                {move || text(Key::FiltersButton)}
                {move || match active_facets() { 0 => String::new(), count => format!(" ({count})") }}
            </button>
        </div>
        <div class="facets" id="facets" hidden=move || !facets_open.get()>{facets}</div>
        <section aria-labelledby="pitch-list-title">
            <h2 id="pitch-list-title">{move || text(Key::PitchList)}</h2>
            <ol class="pitch-list">
                <For each=rows key=|(startup, scored, on_now, _)| (startup.id.clone(), *scored, *on_now) let:row>
                    {
                        let (startup, scored, on_now, judged) = row;
                        let name = display_name(&startup, language);
                        let pitch = one_liner(&startup, language);
                        view! {
                            <li class="pitch-item" class:scored=scored class:on-now=on_now class:other-track=!judged aria-current=on_now.then_some("step")>
                                <a href=format!("?pitch={}", startup.id) class="pitch-link">
                                    <span class="pitch-name">{name}</span>
                                    <span class="pitch-line">{pitch}</span>
                                    {on_now.then(|| view! { <span class="badge now">{move || text(Key::Pitching(PitchingKey::NowPitching))}</span> })}
                                    <span class="badge">{move || if !judged { text(Key::OutsideTracksBadge) } else if scored { text(Key::ScoredBadge) } else { text(Key::NotScoredBadge) }}</span>
                                </a>
                            </li>
                        }
                    }
                </For>
            </ol>
        </section>
    }
}

/// A query-string value with the characters that would end or split it escaped.
fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
