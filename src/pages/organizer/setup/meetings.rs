//! The meeting settings in the settings form: when the first meeting starts, how long each is,
//! how many slots and tables, and how many meetings each investor and startup may have.

use crate::components::forms::{Field, NumberField};
use crate::i18n::{Key, OrgKey};
use crate::state::language::use_text;
use leptos::prelude::*;
use roadshow_core::model::Event;

#[component]
pub(super) fn MeetingFields(
    draft: RwSignal<Event>,
    error_at: impl Fn(String) -> Signal<Option<String>> + Copy + 'static,
) -> impl IntoView {
    let text = use_text();
    view! {
        <fieldset>
            <legend>{move || text(Key::Org(OrgKey::MeetingSettings))}</legend>
            <Field id="first-slot" label=Key::Org(OrgKey::FirstSlot) message=error_at("settings.meetings.first_slot".into()) let:field>
                <input id=field.id() type="datetime-local"
                    aria-invalid=field.invalid() aria-describedby=field.described_by()
                    prop:value=move || draft.with(|d| d.meetings.first_slot.map(|time| time.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default())
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        draft.update(|d| d.meetings.first_slot = roadshow_core::event_draft::parse_kst(&value));
                    }/>
            </Field>
            <NumberField id="slot-minutes" label=Key::Org(OrgKey::SlotMinutes) message=error_at("settings.meetings.slot_minutes".into())
                get=Signal::derive(move || draft.with(|d| d.meetings.slot_minutes.map(|v| v.to_string()).unwrap_or_default()))
                set=Callback::new(move |value: String| draft.update(|d| d.meetings.slot_minutes = value.parse().ok()))/>
            <NumberField id="slot-count" label=Key::Org(OrgKey::SlotCount) message=error_at("settings.meetings.slots".into())
                get=Signal::derive(move || draft.with(|d| d.meetings.slots.to_string()))
                set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.meetings.slots = value) })/>
            <NumberField id="tables" label=Key::Org(OrgKey::Tables) message=error_at("settings.meetings.tables".into())
                get=Signal::derive(move || draft.with(|d| d.meetings.tables.to_string()))
                set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.meetings.tables = value) })/>
            <NumberField id="investor-capacity" label=Key::Org(OrgKey::InvestorCapacity) message=error_at("settings.meetings.investor_capacity".into())
                get=Signal::derive(move || draft.with(|d| d.meetings.investor_capacity.map(|v| v.to_string()).unwrap_or_default()))
                set=Callback::new(move |value: String| draft.update(|d| d.meetings.investor_capacity = value.parse().ok()))/>
            <NumberField id="startup-capacity" label=Key::Org(OrgKey::StartupCapacity) message=error_at("settings.meetings.startup_capacity".into())
                get=Signal::derive(move || draft.with(|d| d.meetings.startup_capacity.map(|v| v.to_string()).unwrap_or_default()))
                set=Callback::new(move |value: String| draft.update(|d| d.meetings.startup_capacity = value.parse().ok()))/>
        </fieldset>
    }
}
