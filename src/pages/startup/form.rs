//! The profile form: every field of a startup profile, checked as the founder types by the same
//! core rules the server applies, autosaved on the device. Its state is `form_state`'s.

use super::form_state::ProfileFormState;
use crate::components::forms::Field;
use crate::i18n::{Key, StartupKey};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::startup_form::StartupForm;

type Getter = fn(&StartupForm) -> &String;
type Setter = fn(&mut StartupForm) -> &mut String;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Control {
    Line(&'static str),
    Area,
}

/// One labelled field bound to the form, with hint and message wired for screen readers.
#[component]
fn ProfileField(
    state: ProfileFormState,
    id: &'static str,
    label: Key,
    #[prop(optional)] suffix: Option<StartupKey>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] required: bool,
    #[prop(default = Control::Line("text"))] control: Control,
    #[prop(optional)] autocomplete: Option<&'static str>,
    get: Getter,
    set: Setter,
    #[prop(default = Signal::stored(false))] disabled: Signal<bool>,
) -> impl IntoView {
    let language = use_language();
    let message = Signal::derive(move || state.message(id, language.get()).map(str::to_owned));
    let value = move || state.form.with(|form| get(form).clone());
    let on_input = move |event: leptos::ev::Event| {
        let typed = event_target_value(&event);
        state.form.update(|form| *set(form) = typed);
    };
    let on_leave = move |_| {
        state.touched.update(|touched| {
            touched.insert(id);
        })
    };
    let disabled = move || disabled.get();
    view! {
        <Field id=format!("profile-{id}") label nostrip:label_suffix=suffix.map(Key::Startup) nostrip:hint=hint required message
            let:field>
            {match control {
                Control::Line(input_type) => view! {
                    <input id=field.id() name=id type=input_type required=required autocomplete=autocomplete
                        aria-invalid=field.invalid() aria-describedby=field.described_by()
                        prop:disabled=disabled
                        prop:value=value on:input=on_input on:blur=on_leave/>
                }
                .into_any(),
                Control::Area => view! {
                    <textarea id=field.id() name=id rows="4" required=required
                        aria-invalid=field.invalid() aria-describedby=field.described_by()
                        prop:disabled=disabled
                        prop:value=value on:input=on_input on:blur=on_leave></textarea>
                }
                .into_any(),
            }}
        </Field>
    }
}

/// A `<select>` bound to the form, options built by the caller (they follow the language).
#[component]
fn ProfileSelect(
    state: ProfileFormState,
    id: &'static str,
    label: Key,
    #[prop(optional)] required: bool,
    get: Getter,
    set: Setter,
    options: Signal<Vec<(String, String)>>,
    #[prop(default = Signal::stored(false))] disabled: Signal<bool>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let message = Signal::derive(move || state.message(id, language.get()).map(str::to_owned));
    let selected = move || state.form.with(|form| get(form).clone());
    view! {
        <Field id=format!("profile-{id}") label required message let:field>
            <select id=field.id() name=id required=required
                aria-invalid=field.invalid() aria-describedby=field.described_by()
                prop:disabled=move || disabled.get()
                on:change=move |event| {
                    let chosen = event_target_value(&event);
                    state.form.update(|form| *set(form) = chosen);
                    state.touched.update(|touched| { touched.insert(id); });
                }>
                <option value="" selected=move || selected().is_empty()>{move || text(Key::Startup(StartupKey::ChooseOne))}</option>
                {move || options.get().into_iter().map(|(value, shown)| {
                    let is_selected = selected() == value;
                    view! { <option value=value selected=is_selected>{shown}</option> }
                }).collect_view()}
            </select>
        </Field>
    }
}

/// The whole profile form. `locked` disables everything but the capacity (after registration
/// closes only meeting wishes and capacity may change).
#[component]
pub fn ProfileFields(state: ProfileFormState, #[prop(into)] locked: Signal<bool>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let field_options = Signal::derive(move || {
        let lang = language.get();
        roadshow_core::zones::NETWORK_FIELDS
            .iter()
            .map(|field| {
                (
                    field.to_string(),
                    crate::i18n::network_field_label(field, lang)
                        .unwrap_or(field)
                        .to_owned(),
                )
            })
            .chain(std::iter::once((
                "other".to_owned(),
                text(Key::Startup(StartupKey::FieldOther)).to_owned(),
            )))
            .collect()
    });
    let stage_options = Signal::derive(move || {
        let lang = language.get();
        roadshow_core::model::Stage::ALL
            .iter()
            .map(|stage| {
                (
                    stage.as_str().to_owned(),
                    crate::i18n::stage_label(stage.as_str(), lang)
                        .unwrap_or(stage.as_str())
                        .to_owned(),
                )
            })
            .collect()
    });
    let ask_in_units = move || {
        state
            .form
            .with(|form| {
                roadshow_core::startup_form::parse_krw(&form.ask_krw)
                    .ok()
                    .flatten()
            })
            .map(|won| crate::i18n::format_krw(won, language.get()))
    };
    macro_rules! accessor {
        ($name:ident) => {
            (|form: &StartupForm| &form.$name) as Getter
        };
    }
    macro_rules! mutator {
        ($name:ident) => {
            (|form: &mut StartupForm| &mut form.$name) as Setter
        };
    }
    let story = [
        (
            "problem_ko",
            "problem_en",
            StartupKey::Problem,
            accessor!(problem_ko),
            mutator!(problem_ko),
            accessor!(problem_en),
            mutator!(problem_en),
        ),
        (
            "solution_ko",
            "solution_en",
            StartupKey::Solution,
            accessor!(solution_ko),
            mutator!(solution_ko),
            accessor!(solution_en),
            mutator!(solution_en),
        ),
        (
            "exemption_ko",
            "exemption_en",
            StartupKey::Exemption,
            accessor!(exemption_ko),
            mutator!(exemption_ko),
            accessor!(exemption_en),
            mutator!(exemption_en),
        ),
        (
            "traction_ko",
            "traction_en",
            StartupKey::Traction,
            accessor!(traction_ko),
            mutator!(traction_ko),
            accessor!(traction_en),
            mutator!(traction_en),
        ),
        (
            "team_ko",
            "team_en",
            StartupKey::Team,
            accessor!(team_ko),
            mutator!(team_ko),
            accessor!(team_en),
            mutator!(team_en),
        ),
    ];
    view! {
        <fieldset class="form-section">
            <legend>{move || text(Key::Startup(StartupKey::BasicsSection))}</legend>
            <div class="field-row">
                <ProfileField state id="name" label=Key::Startup(StartupKey::CompanyName) required=true autocomplete="organization"
                    get=accessor!(name) set=mutator!(name) disabled=locked/>
                <ProfileField state id="name_en" label=Key::Startup(StartupKey::CompanyNameEn)
                    get=accessor!(name_en) set=mutator!(name_en) disabled=locked/>
            </div>
            <super::zone_picker::ZonePicker state locked/>
            <div class="field-row">
                <ProfileSelect state id="field" label=Key::Field required=true get=accessor!(field) set=mutator!(field) options=field_options disabled=locked/>
                <ProfileSelect state id="stage" label=Key::Stage required=true get=accessor!(stage) set=mutator!(stage) options=stage_options disabled=locked/>
            </div>
            <div class="field-row">
                <ProfileField state id="founded" label=Key::Startup(StartupKey::Founded) control=Control::Line("date")
                    get=accessor!(founded) set=mutator!(founded) disabled=locked/>
                <ProfileField state id="headcount" label=Key::Startup(StartupKey::Headcount) control=Control::Line("text")
                    get=accessor!(headcount) set=mutator!(headcount) disabled=locked/>
            </div>
            <ProfileField state id="ask_krw" label=Key::Ask hint=Key::Startup(StartupKey::AskHint) required=true
                get=accessor!(ask_krw) set=mutator!(ask_krw) disabled=locked/>
            <p class="ask-in-units" aria-live="polite">{ask_in_units}</p>
        </fieldset>
        <fieldset class="form-section">
            <legend>{move || text(Key::Startup(StartupKey::PitchSection))}</legend>
            <ProfileField state id="pitch_ko" label=Key::Startup(StartupKey::OneLinePitch) suffix=StartupKey::InKorean required=true
                get=accessor!(pitch_ko) set=mutator!(pitch_ko) disabled=locked/>
            <ProfileField state id="pitch_en" label=Key::Startup(StartupKey::OneLinePitch) suffix=StartupKey::InEnglish
                get=accessor!(pitch_en) set=mutator!(pitch_en) disabled=locked/>
            {story.into_iter().map(|(ko_id, en_id, key, get_ko, set_ko, get_en, set_en)| view! {
                <div class="field-row">
                    <ProfileField state id=ko_id label=Key::Startup(key) suffix=StartupKey::InKorean control=Control::Area
                        get=get_ko set=set_ko disabled=locked/>
                    <ProfileField state id=en_id label=Key::Startup(key) suffix=StartupKey::InEnglish control=Control::Area
                        get=get_en set=set_en disabled=locked/>
                </div>
            }).collect_view()}
        </fieldset>
        <fieldset class="form-section">
            <legend>{move || text(Key::Startup(StartupKey::ContactSection))}</legend>
            <div class="field-row">
                <ProfileField state id="website" label=Key::Startup(StartupKey::Website) control=Control::Line("url") autocomplete="url"
                    get=accessor!(website) set=mutator!(website) disabled=locked/>
                <ProfileField state id="deck" label=Key::Startup(StartupKey::Deck) control=Control::Line("url")
                    get=accessor!(deck) set=mutator!(deck) disabled=locked/>
            </div>
            <ProfileField state id="contact" label=Key::Startup(StartupKey::Contact) hint=Key::Startup(StartupKey::ContactHint) required=true
                autocomplete="email" get=accessor!(contact) set=mutator!(contact) disabled=locked/>
            <ProfileField state id="capacity" label=Key::Startup(StartupKey::Capacity) hint=Key::Startup(StartupKey::CapacityHint)
                get=accessor!(capacity) set=mutator!(capacity)/>
        </fieldset>
    }
}

/// The two separate consents (definitions §10): to the collection and use of the data (required
/// to register; once given it stays, withdrawing it is an erasure request) and, optionally, to
/// sharing the contact with matched investors.
#[component]
pub fn ConsentFields(state: ProfileFormState, registering: bool) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let collection = move || state.form.with(|form| form.consent_collection);
    let sharing = move || state.form.with(|form| form.consent_contact_sharing);
    let collection_locked = move || !registering && collection();
    let field = roadshow_core::startup_form::CONSENT_COLLECTION;
    let message = move || state.message(field, language.get());
    view! {
        <fieldset class="form-section consents">
            <legend>{move || text(Key::Startup(StartupKey::ConsentSection))}</legend>
            <div class="toggle">
                <input type="checkbox" id=format!("profile-{field}") prop:checked=collection
                    disabled=collection_locked aria-describedby=format!("profile-{field}-hint profile-{field}-message")
                    aria-invalid=move || message().is_some().then_some("true")
                    on:change=move |event| {
                        let checked = event_target_checked(&event);
                        state.form.update(|form| form.consent_collection = checked);
                        state.touched.update(|touched| { touched.insert(field); });
                    }/>
                <label for=format!("profile-{field}")>{move || text(Key::Startup(StartupKey::ConsentCollection))}</label>
            </div>
            <p class="hint" id=format!("profile-{field}-hint")>{move || text(Key::Startup(StartupKey::ConsentCollectionDetail))}</p>
            <p class="field-message" id=format!("profile-{field}-message") role="alert">{message}</p>
            <div class="toggle">
                <input type="checkbox" id="profile-consent-sharing" prop:checked=sharing
                    aria-describedby="consent-sharing-detail"
                    on:change=move |event| {
                        let checked = event_target_checked(&event);
                        state.form.update(|form| form.consent_contact_sharing = checked);
                    }/>
                <label for="profile-consent-sharing">{move || text(Key::Startup(StartupKey::ConsentSharing))}</label>
            </div>
            <p class="hint" id="consent-sharing-detail">{move || text(Key::Startup(StartupKey::ConsentSharingDetail))}</p>
        </fieldset>
    }
}
