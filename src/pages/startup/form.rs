//! The profile form: every field of a startup profile, checked as the founder types by the same
//! core rules the server applies, autosaved on the device.

use crate::api::ApiError;
use crate::i18n::{problem_message, Key, Lang, StartupKey};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::model::ProfileStatus;
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::startup_form::{StartupForm, FIELD_ORDER};
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;

pub use crate::clock::today_kst;

/// The form's state: what is typed, which fields were visited, and what the server said last.
#[derive(Debug, Clone, Copy)]
pub struct ProfileFormState {
    pub form: RwSignal<StartupForm>,
    touched: RwSignal<BTreeSet<&'static str>>,
    server_problems: RwSignal<Vec<(String, ProblemCode)>>,
    /// Problems under the publishing rules (the goal of the form), recomputed on every keystroke.
    problems: Memo<Vec<Problem>>,
}

impl ProfileFormState {
    pub fn new(initial: StartupForm) -> Self {
        let form = RwSignal::new(initial);
        let problems = Memo::new(move |_| {
            form.with(|form| {
                form.validate(ProfileStatus::Published, today_kst())
                    .err()
                    .unwrap_or_default()
            })
        });
        ProfileFormState {
            form,
            touched: RwSignal::new(BTreeSet::new()),
            server_problems: RwSignal::new(Vec::new()),
            problems,
        }
    }

    /// Checks the form for saving with `status`: on problems every field shows its message and
    /// focus moves to the first one.
    pub fn check(&self, status: ProfileStatus) -> Result<roadshow_core::model::Startup, ()> {
        self.server_problems.set(Vec::new());
        match self
            .form
            .with_untracked(|form| form.validate(status, today_kst()))
        {
            Ok(startup) => Ok(startup),
            Err(problems) => {
                self.touched.set(FIELD_ORDER.into_iter().collect());
                focus_field(&problems[0].path);
                Err(())
            }
        }
    }

    /// Shows the server's field-level answer next to the fields.
    pub fn show_server_error(&self, error: &ApiError) {
        if let ApiError::Rejected { body, .. } = error {
            let problems: Vec<(String, ProblemCode)> = body
                .fields
                .iter()
                .flat_map(|(path, messages)| {
                    messages
                        .iter()
                        .filter_map(|message| Some((path.clone(), message.code.parse().ok()?)))
                })
                .collect();
            if let Some((first, _)) = problems.first() {
                self.touched.set(FIELD_ORDER.into_iter().collect());
                focus_field(first);
            }
            self.server_problems.set(problems);
        }
    }

    fn message(&self, field: &'static str, lang: Lang) -> Option<&'static str> {
        if !self.touched.with(|touched| touched.contains(field)) {
            return None;
        }
        self.problems
            .with(|problems| {
                problems
                    .iter()
                    .find(|problem| problem.path == field)
                    .map(|problem| problem.code)
            })
            .or_else(|| {
                self.server_problems.with(|problems| {
                    problems
                        .iter()
                        .find(|(path, _)| path == field)
                        .map(|(_, code)| *code)
                })
            })
            .map(|code| problem_message(code, lang))
    }
}

fn focus_field(id: &str) {
    let element = document().get_element_by_id(&format!("profile-{id}"));
    if let Some(element) =
        element.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        if let Err(error) = element.focus() {
            leptos::logging::warn!("cannot focus {id}: {error:?}");
        }
    }
}

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
    let text = use_text();
    let language = use_language();
    let input_id = format!("profile-{id}");
    let message_id = format!("profile-{id}-message");
    let hint_id = format!("profile-{id}-hint");
    let message = Memo::new(move |_| state.message(id, language.get()));
    let described_by = {
        let (message_id, hint_id) = (message_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(message_id.clone());
            }
            ids.join(" ")
        }
    };
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
    let control = match control {
        Control::Line(input_type) => view! {
            <input id=input_id.clone() name=id type=input_type required=required autocomplete=autocomplete
                aria-invalid=move || if message.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by.clone()
                prop:disabled=disabled
                prop:value=value on:input=on_input on:blur=on_leave/>
        }
        .into_any(),
        Control::Area => view! {
            <textarea id=input_id.clone() name=id rows="4" required=required
                aria-invalid=move || if message.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by.clone()
                prop:disabled=disabled
                prop:value=value on:input=on_input on:blur=on_leave></textarea>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=input_id>
                {move || text(label)}
                {move || suffix.map(|suffix| text(Key::Startup(suffix)))}
                {required.then(|| view! { <span class="required">" *"<span class="visually-hidden">{move || text(Key::Startup(StartupKey::Required))}</span></span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{move || text(hint)}</p> })}
            {control}
            <p class="field-message" id=message_id role="alert">{move || message.get()}</p>
        </div>
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
    let input_id = format!("profile-{id}");
    let message_id = format!("profile-{id}-message");
    let message = Memo::new(move |_| state.message(id, language.get()));
    let selected = move || state.form.with(|form| get(form).clone());
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=input_id.clone()>
                {move || text(label)}
                {required.then(|| view! { <span class="required">" *"<span class="visually-hidden">{move || text(Key::Startup(StartupKey::Required))}</span></span> })}
            </label>
            <select id=input_id name=id required=required
                aria-invalid=move || if message.get().is_some() { "true" } else { "false" }
                aria-describedby=message_id.clone()
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
            <p class="field-message" id=message_id role="alert">{move || message.get()}</p>
        </div>
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
