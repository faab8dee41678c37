//! The investor's thesis form.

use crate::api::{self, ApiError, InvestorView};
use crate::i18n::{format_krw, Key};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;

/// The investor's thesis (fields, stages, regions, ticket), meeting capacity and the meeting slots
/// it cannot attend, saved to its own profile.
#[component]
pub(super) fn ThesisForm(
    me: InvestorView,
    settings: roadshow_core::model::MeetingSettings,
    event_id: String,
    secret: String,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let fields = RwSignal::new(me.fields.clone());
    let stages = RwSignal::new(me.stages.clone());
    let regions = RwSignal::new(me.regions.join(", "));
    let ticket = me.ticket_krw.unwrap_or_default();
    let ticket_min = RwSignal::new(ticket.min.map(|won| won.to_string()).unwrap_or_default());
    let ticket_max = RwSignal::new(ticket.max.map(|won| won.to_string()).unwrap_or_default());
    let capacity = RwSignal::new(
        me.capacity
            .map(|value| value.to_string())
            .unwrap_or_default(),
    );
    let unavailable = RwSignal::new(me.unavailable_slots.clone());
    // The firm's name is the organizer's to set: shown, never edited here.
    let firm = {
        let (firm, firm_en) = (me.firm.clone(), me.firm_en.clone());
        move || crate::names::pick(&firm, firm_en.as_deref(), language.get())
    };
    let me = StoredValue::new(me);
    let save = Action::new_local(move |_: &()| {
        let (event_id, secret) = (event_id.clone(), secret.clone());
        let me = me.get_value();
        let investor = roadshow_core::model::Investor {
            id: me.id,
            firm: me.firm,
            firm_en: me.firm_en,
            person: me.person,
            kind: me.kind,
            fields: fields.get_untracked(),
            stages: stages
                .get_untracked()
                .iter()
                .map(|stage| roadshow_core::model::Stage::parse(stage))
                .collect(),
            regions: regions
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|region| !region.is_empty())
                .map(str::to_owned)
                .collect(),
            ticket_krw: Some(roadshow_core::model::TicketRange {
                min: roadshow_core::startup_form::parse_krw(&ticket_min.get_untracked())
                    .ok()
                    .flatten(),
                max: roadshow_core::startup_form::parse_krw(&ticket_max.get_untracked())
                    .ok()
                    .flatten(),
            }),
            capacity: capacity.get_untracked().trim().parse().ok(),
            unavailable_slots: unavailable.get_untracked(),
            conflicts: me.conflicts,
            contact: me.contact,
            extra: Default::default(),
        };
        async move { api::update_investor(&event_id, &secret, &investor).await }
    });
    let outcome = move || match save.value().get() {
        Some(Ok(())) => Some(text(Key::SavedOk)),
        Some(Err(ApiError::Rejected { status: 422, .. })) => Some(text(Key::FixFieldsBelow)),
        Some(Err(ApiError::Rejected { status: 409, body })) if body.code == "set_by_organizer" => {
            Some(text(Key::FirmChangedByOrganizer))
        }
        Some(Err(ApiError::Network)) => Some(text(Key::NetworkProblem)),
        Some(Err(_)) => Some(text(Key::ServerProblem)),
        None => None,
    };
    let toggle = |list: RwSignal<Vec<String>>, value: String| {
        let checked_value = value.clone();
        view! {
            <input type="checkbox" prop:checked=move || list.with(|list| list.contains(&checked_value))
                on:change=move |event| {
                    let on = event_target_checked(&event);
                    list.update(|list| {
                        list.retain(|item| *item != value);
                        if on { list.push(value.clone()); }
                    });
                }/>
        }
    };
    let field_boxes = move || {
        let lang = language.get();
        roadshow_core::zones::NETWORK_FIELDS.iter().map(|field| view! {
            <label class="choice">{toggle(fields, field.to_string())}<span>{crate::i18n::network_field_label(field, lang)}</span></label>
        }).collect_view()
    };
    let stage_boxes = move || {
        let lang = language.get();
        roadshow_core::model::Stage::ALL.iter().map(|stage| {
            let id = stage.as_str().to_owned();
            view! { <label class="choice">{toggle(stages, id.clone())}<span>{crate::i18n::stage_label(&id, lang)}</span></label> }
        }).collect_view()
    };
    let slot_count = settings.slots.clamp(0, 48);
    let settings = StoredValue::new(settings);
    let slot_boxes = move || {
        let lang = language.get();
        (0..slot_count).map(|slot| {
            let label = settings.with_value(|settings| crate::i18n::slot_time(settings, slot, lang));
            view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=move || unavailable.with(|slots| slots.contains(&slot))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            unavailable.update(|slots| {
                                slots.retain(|taken| *taken != slot);
                                if on { slots.push(slot); slots.sort_unstable(); }
                            });
                        }/>
                    <span>{label}</span>
                </label>
            }
        }).collect_view()
    };
    let money_field = move |id: &'static str, key: Key, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{move || text(key)}</label>
                <input id=id type="text" inputmode="numeric" prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event))/>
                <p class="hint">{move || roadshow_core::startup_form::parse_krw(&value.get()).ok().flatten().map(|won| format_krw(won, language.get()))}</p>
            </div>
        }
    };
    view! {
        <form class="card thesis" on:submit=move |event| { event.prevent_default(); save.dispatch_local(()); }
            aria-labelledby="thesis-title">
            <h2 id="thesis-title">{move || text(Key::ThesisTitle)}</h2>
            <dl class="facts thesis-firm">
                <dt>{move || text(Key::ThesisFirm)}</dt>
                <dd class="firm-name">{firm}</dd>
            </dl>
            <p class="hint" id="thesis-firm-hint">{move || text(Key::FirmSetByOrganizer)}</p>
            <fieldset class="checks"><legend>{move || text(Key::ThesisFields)}</legend>{field_boxes}</fieldset>
            <fieldset class="checks"><legend>{move || text(Key::ThesisStages)}</legend>{stage_boxes}</fieldset>
            <div class="field">
                <label for="thesis-regions">{move || text(Key::ThesisRegions)}</label>
                <input id="thesis-regions" type="text" prop:value=move || regions.get() on:input=move |event| regions.set(event_target_value(&event))/>
            </div>
            <div class="field-row">
                {money_field("thesis-ticket-min", Key::TicketMin, ticket_min)}
                {money_field("thesis-ticket-max", Key::TicketMax, ticket_max)}
            </div>
            <div class="field">
                <label for="thesis-capacity">{move || text(Key::MeetingCapacity)}</label>
                <input id="thesis-capacity" type="number" min="0" max="100" inputmode="numeric"
                    prop:value=move || capacity.get() on:input=move |event| capacity.set(event_target_value(&event))/>
            </div>
            <fieldset class="checks"><legend>{move || text(Key::UnavailableSlots)}</legend>{slot_boxes}</fieldset>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{move || text(Key::SaveThesis)}</button>
            <p class="save-outcome" role="status">{outcome}</p>
        </form>
    }
}
