//! A startup's profile as investors see it: the same component on the scoring screen and in the
//! startup's own preview, so the preview is exactly what investors get.

use crate::api::Pitch;
use crate::i18n::{format_krw, network_field_label, stage_label, Key, Lang, StartupKey};
use crate::names::in_language;
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;

pub fn zone_label(id: &str, lang: Lang) -> String {
    match roadshow_core::zones::find(id) {
        Some(zone) if lang == Lang::Ko => format!("{} {}", zone.region_ko, zone.name_ko),
        Some(zone) => format!("{} {}", zone.region_en, zone.name_en),
        None => id.to_owned(),
    }
}

/// Key facts and the longer story of one pitch. The heading is the caller's (its level differs).
#[component]
pub fn PitchFacts(pitch: Pitch) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let pitch = StoredValue::new(pitch);
    let facts = move || {
        let lang = language.get();
        pitch.with_value(|pitch| {
            let mut facts: Vec<(&'static str, String)> = Vec::new();
            if let Some(zone) = &pitch.zone {
                facts.push((text(Key::Zone), zone_label(zone, lang)));
            }
            if let Some(field) = &pitch.field {
                facts.push((
                    text(Key::Field),
                    network_field_label(field, lang)
                        .map(str::to_owned)
                        .unwrap_or_else(|| field.clone()),
                ));
            }
            if let Some(stage) = &pitch.stage {
                facts.push((
                    text(Key::Stage),
                    stage_label(stage, lang)
                        .map(str::to_owned)
                        .unwrap_or_else(|| stage.clone()),
                ));
            }
            if let Some(ask) = pitch.ask_krw {
                facts.push((text(Key::Ask), format_krw(ask, lang)));
            }
            if let Some(founded) = &pitch.founded {
                facts.push((text(Key::Startup(StartupKey::Founded)), founded.clone()));
            }
            if let Some(headcount) = pitch.headcount {
                facts.push((
                    text(Key::Startup(StartupKey::Headcount)),
                    headcount.to_string(),
                ));
            }
            facts
                .into_iter()
                .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                .collect_view()
        })
    };
    let story = move || {
        let lang = language.get();
        pitch.with_value(|pitch| {
            [
                (
                    StartupKey::Problem,
                    in_language(pitch.problem_ko.as_deref(), pitch.problem_en.as_deref(), lang),
                ),
                (
                    StartupKey::Solution,
                    in_language(pitch.solution_ko.as_deref(), pitch.solution_en.as_deref(), lang),
                ),
                (
                    StartupKey::Exemption,
                    in_language(pitch.exemption_ko.as_deref(), pitch.exemption_en.as_deref(), lang),
                ),
                (
                    StartupKey::Traction,
                    in_language(pitch.traction_ko.as_deref(), pitch.traction_en.as_deref(), lang),
                ),
                (
                    StartupKey::Team,
                    in_language(pitch.team_ko.as_deref(), pitch.team_en.as_deref(), lang),
                ),
            ]
            .into_iter()
            .filter_map(|(key, body)| {
                body.map(|body| view! {
                <div class="story-part"><h3>{text(Key::Startup(key))}</h3><p>{body.to_owned()}</p></div>
            })
            })
            .collect_view()
        })
    };
    let links = move || {
        pitch.with_value(|pitch| {
            [(StartupKey::Website, pitch.website.clone()), (StartupKey::Deck, pitch.deck.clone())]
                .into_iter()
                .filter_map(|(key, link)| link.filter(|link| link.starts_with("https://") || link.starts_with("http://")).map(|link| view! {
                    <li><a href=link.clone() rel="noopener noreferrer" target="_blank">{move || text(Key::Startup(key))}</a></li>
                }))
                .collect_view()
        })
    };
    view! {
        <p class="pitch-line">{move || pitch.with_value(|pitch| in_language(pitch.pitch_ko.as_deref(), pitch.pitch_en.as_deref(), language.get()).map(str::to_owned))}</p>
        <dl class="facts">{facts}</dl>
        <details class="story">
            <summary>{move || text(Key::PitchStory)}</summary>
            {story}
            <ul class="links">{links}</ul>
        </details>
    }
}
