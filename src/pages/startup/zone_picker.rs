//! The zone picker: the shipped list of special zones, searchable in Korean and English and
//! grouped by region or by 상생이음 field, plus "not in a zone". A native `<select>` with
//! `<optgroup>`s, so keyboards and screen readers work as everywhere else.

use super::form_state::ProfileFormState;
use crate::components::forms::Field;
use crate::i18n::{network_field_label, Key, Lang, StartupKey};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::zones::{self, Zone, NETWORK_FIELDS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    Region,
    Field,
}

/// The zones matching `query`, in groups (group label, zones), groups and zones in a stable order.
/// The chosen zone stays listed even when the search would hide it, so the select never lies.
fn grouped(
    query: &str,
    grouping: Grouping,
    chosen: &str,
    lang: Lang,
    no_network: &str,
) -> Vec<(String, Vec<Zone>)> {
    let mut groups: Vec<(String, Vec<Zone>)> = Vec::new();
    for zone in zones::all()
        .into_iter()
        .filter(|zone| zone.matches(query) || zone.id == chosen)
    {
        let label = match grouping {
            Grouping::Region => if lang == Lang::Ko {
                zone.region_ko
            } else {
                zone.region_en
            }
            .to_owned(),
            Grouping::Field => zone
                .field
                .and_then(|field| network_field_label(field, lang))
                .unwrap_or(no_network)
                .to_owned(),
        };
        match groups.iter_mut().find(|(existing, _)| *existing == label) {
            Some((_, members)) => members.push(zone),
            None => groups.push((label, vec![zone])),
        }
    }
    if grouping == Grouping::Field {
        let rank = |label: &str| {
            NETWORK_FIELDS
                .iter()
                .position(|field| network_field_label(field, lang) == Some(label))
                .unwrap_or(NETWORK_FIELDS.len())
        };
        groups.sort_by_key(|(label, _)| rank(label));
    }
    groups
}

#[component]
pub fn ZonePicker(state: ProfileFormState, locked: Signal<bool>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let query = RwSignal::new(String::new());
    let grouping = RwSignal::new(Grouping::Region);
    let chosen = move || state.form.with(|form| form.zone.clone());
    let disabled = move || locked.get();
    let groups = move || {
        let lang = language.get();
        grouped(
            &query.get(),
            grouping.get(),
            &chosen(),
            lang,
            text(Key::Startup(StartupKey::NoNetwork)),
        )
    };
    let choose = move |event: leptos::ev::Event| {
        let zone_id = event_target_value(&event);
        state.form.update(|form| {
            // A zone in a 상생이음 network says the field too, unless the founder chose one.
            if form.field.is_empty() {
                if let Some(field) = zones::find(&zone_id).and_then(|zone| zone.field) {
                    form.field = field.to_owned();
                }
            }
            form.zone = zone_id;
        });
    };
    let grouping_choice = move |value: Grouping, key: StartupKey| {
        view! {
            <label class="choice">
                <input type="radio" name="zone-grouping" prop:checked=move || grouping.get() == value
                    on:change=move |_| grouping.set(value)/>
                <span>{move || text(Key::Startup(key))}</span>
            </label>
        }
    };
    view! {
        <div class="zone-picker">
            <Field id="zone-search" label=Key::Startup(StartupKey::ZoneSearch) hint=Key::Startup(StartupKey::ZoneSearchHint) let:field>
                <input id=field.id() type="search" aria-describedby=field.described_by() aria-controls="profile-zone"
                    prop:disabled=disabled
                    prop:value=move || query.get() on:input=move |event| query.set(event_target_value(&event))/>
            </Field>
            <fieldset class="grouping">
                <legend>{move || text(Key::Startup(StartupKey::GroupBy))}</legend>
                {grouping_choice(Grouping::Region, StartupKey::GroupByRegion)}
                {grouping_choice(Grouping::Field, StartupKey::GroupByField)}
            </fieldset>
            <Field id="profile-zone" label=Key::Zone let:field>
                <select id=field.id() name="zone" size="8" prop:disabled=disabled on:change=choose>
                    <option value="" selected=move || chosen().is_empty()>{move || text(Key::Startup(StartupKey::NotInZone))}</option>
                    {move || {
                        let lang = language.get();
                        let current = chosen();
                        groups().into_iter().map(|(label, members)| view! {
                            <optgroup label=label>
                                {members.into_iter().map(|zone| {
                                    let shown = if lang == Lang::Ko {
                                        format!("{} {} ({}차, {})", zone.region_ko, zone.name_ko, zone.round, zone.designated)
                                    } else {
                                        format!("{} {} (round {}, {})", zone.region_en, zone.name_en, zone.round, zone.designated)
                                    };
                                    view! { <option value=zone.id selected=zone.id == current>{shown}</option> }
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()
                    }}
                </select>
            </Field>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_and_grouping_keep_every_match_once() {
        let by_region = grouped("수소", Grouping::Region, "", Lang::Ko, "-");
        let matched: Vec<&str> = by_region
            .iter()
            .flat_map(|(_, zones)| zones.iter().map(|zone| zone.id))
            .collect();
        let expected: Vec<&str> = zones::all()
            .into_iter()
            .filter(|zone| zone.matches("수소"))
            .map(|zone| zone.id)
            .collect();
        assert_eq!(matched.len(), expected.len());
        assert!(matched.contains(&"ulsan-hydrogen-green-mobility"));
        let by_field = grouped("", Grouping::Field, "", Lang::En, "No network");
        assert_eq!(
            by_field.iter().map(|(_, zones)| zones.len()).sum::<usize>(),
            zones::all().len()
        );
        assert_eq!(by_field[0].0, "Telemedicine");
        assert_eq!(by_field.last().unwrap().0, "No network");
    }

    #[test]
    fn the_chosen_zone_stays_listed_whatever_the_search() {
        let groups = grouped(
            "부산",
            Grouping::Region,
            "sejong-autonomous-driving",
            Lang::Ko,
            "-",
        );
        assert!(groups.iter().any(|(_, zones)| zones
            .iter()
            .any(|zone| zone.id == "sejong-autonomous-driving")));
    }
}
