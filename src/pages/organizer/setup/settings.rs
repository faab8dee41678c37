//! The event's settings form: criteria, scale, reveal mode, meeting settings and running order,
//! edited on a copy and saved with PATCH (the server checks them with core's rules and answers
//! by field).

use super::criteria::CriterionFields;
use super::field_messages::{field_errors, message};
use super::meetings::MeetingFields;
use super::rounds::RoundsFields;
use crate::api;
use crate::components::forms::{Field, NumberField};
use crate::i18n::{Key, OrgKey, PrivacyKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::model::{Criterion, Event, RevealMode};

#[component]
pub(super) fn SettingsForm() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    // The form edits its own copy; the live event is read once (a score arriving must not
    // overwrite what the organizer is typing).
    let initial = data
        .snapshot()
        .with_untracked(|snapshot| snapshot.as_ref().map(|snapshot| snapshot.event.clone()));
    let Some(initial) = initial else {
        return ().into_any();
    };
    let draft = RwSignal::new(initial);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |settings: &Event| {
        let mut settings = settings.clone();
        // The phase and reveal mode are the live state, changed on their own.
        let reveal = settings.reveal.take();
        settings.phase = None;
        async move {
            let change = api::EventChange {
                settings: Some(settings),
                reveal_mode: reveal,
                ..Default::default()
            };
            let answer = api::update_event(&data.event_id(), &data.secret(), &change).await;
            saved.set(answer.is_ok());
            data.refresh();
            answer.map(|_| ())
        }
    });
    let errors = Memo::new(move |_| field_errors(&save.value().get()));
    let error_at =
        move |path: String| Signal::derive(move || message(language.get(), &errors.get(), &path));

    // Problems of the scale or the criteria as a whole (`breaks_stored_data`: scores exist).
    let scale_error = error_at("settings.scale".into());
    let criteria_error = error_at("settings.criteria".into());
    // A memo: the criteria are drawn again when one is added or removed, not on every change
    // (a redraw under the pointer would swallow the click that saves).
    let criteria_count = Memo::new(move |_| draft.with(|draft| draft.criteria.len()));
    view! {
        <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title">{move || text(Key::Org(OrgKey::SettingsTitle))}</h2>
            <form class="settings" on:submit=move |event| { event.prevent_default(); save.dispatch(draft.get_untracked()); }>
                <fieldset aria-describedby="criteria-error">
                    <legend>{move || text(Key::Org(OrgKey::Criteria))}</legend>
                    <p class="field-error" id="criteria-error">{move || criteria_error.get()}</p>
                    {move || (0..criteria_count.get()).map(|index| view! { <CriterionFields index draft error_at/> }).collect_view()}
                    <button type="button" on:click=move |_| draft.update(|draft| {
                        let key = format!("criterion{}", draft.criteria.len() + 1);
                        if let Ok(criterion) = serde_json::from_value::<Criterion>(serde_json::json!({"key": key, "weight": 1.0})) {
                            draft.criteria.push(criterion);
                        }
                    })>{move || text(Key::Org(OrgKey::AddCriterion))}</button>
                </fieldset>
                <fieldset aria-describedby="scale-error">
                    <legend>{move || text(Key::Org(OrgKey::TabSetup))}</legend>
                    <p class="field-error" id="scale-error">{move || scale_error.get()}</p>
                    <NumberField id="scale-min" label=Key::Org(OrgKey::ScaleMin) message=error_at("settings.scale.min".into())
                        get=Signal::derive(move || draft.with(|d| d.scale.min.to_string()))
                        set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.scale.min = value) })/>
                    <NumberField id="scale-max" label=Key::Org(OrgKey::ScaleMax) message=error_at("settings.scale.max".into())
                        get=Signal::derive(move || draft.with(|d| d.scale.max.to_string()))
                        set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.scale.max = value) })/>
                    <NumberField id="min-judges" label=Key::Org(OrgKey::MinJudges) message=error_at("settings.min_judges".into())
                        get=Signal::derive(move || draft.with(|d| d.min_judges.to_string()))
                        set=Callback::new(move |value: String| if let Ok(value) = value.parse() { draft.update(|d| d.min_judges = value) })/>
                    <NumberField id="registration-limit" label=Key::Org(OrgKey::RegistrationLimit) hint=Key::Org(OrgKey::RegistrationLimitHint)
                        placeholder="200" message=error_at("settings.registration_limit".into())
                        get=Signal::derive(move || draft.with(|d| d.registration_limit.map(|v| v.to_string()).unwrap_or_default()))
                        set=Callback::new(move |value: String| draft.update(|d| d.registration_limit = value.trim().parse().ok()))/>
                    // Empty: the default, a year after the event ends (shown on the personal-data tab).
                    <Field id="retention-until" label=Key::Privacy(PrivacyKey::RetentionUntil) hint=Key::Privacy(PrivacyKey::RetentionHint)
                        message=error_at("settings.retention_until".into()) also_described_by="retention-in-force" let:field>
                        <input type="date" id=field.id() aria-describedby=field.described_by() aria-invalid=field.invalid()
                            prop:value=move || draft.with(|d| d.retention_until.map(|date| date.to_string()).unwrap_or_default())
                            on:change=move |event| {
                                let value = event_target_value(&event);
                                draft.update(|d| d.retention_until = value.parse().ok());
                            }/>
                        // The date in force, the default included (the field is empty then).
                        <p class="hint" id="retention-in-force">
                            {move || match draft.with(roadshow_core::privacy::retention_date) {
                                Some(date) => format!("{}: {date}", text(Key::Privacy(PrivacyKey::RetentionDate))),
                                None => text(Key::Privacy(PrivacyKey::RetentionUnset)).to_owned(),
                            }}
                        </p>
                    </Field>
                    <Field id="reveal-mode" label=Key::Org(OrgKey::RevealMode) let:field>
                        <select id=field.id() on:change=move |event| {
                            let mode = match event_target_value(&event).as_str() {
                                "never" => RevealMode::Never,
                                "after-own-scoring" => RevealMode::AfterOwnScoring,
                                _ => RevealMode::AfterOrganizerReveal,
                            };
                            draft.update(|d| d.reveal = Some(mode));
                        }>
                            {[(RevealMode::Never, "never", OrgKey::RevealNever), (RevealMode::AfterOwnScoring, "after-own-scoring", OrgKey::RevealAfterOwn), (RevealMode::AfterOrganizerReveal, "after-organizer-reveal", OrgKey::RevealAfterOrganizer)]
                                .into_iter()
                                .map(|(mode, value, label)| view! {
                                    <option value=value selected=move || draft.with(|d| d.reveal.unwrap_or_default() == mode)>{move || text(Key::Org(label))}</option>
                                }).collect_view()}
                        </select>
                    </Field>
                </fieldset>
                <MeetingFields draft error_at/>
                <RoundsFields draft error_at/>
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { text(Key::Org(OrgKey::Saving)) } else { text(Key::Org(OrgKey::SaveSettings)) }}
                </button>
                <p role="status" class="save-status">
                    {move || match save.value().get() {
                        Some(Ok(())) if saved.get() => text(Key::Org(OrgKey::Saved)),
                        Some(Err(_)) => text(Key::Org(OrgKey::NotSaved)),
                        _ => "",
                    }}
                </p>
            </form>
        </section>
    }
    .into_any()
}
