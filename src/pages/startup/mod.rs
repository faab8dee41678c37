//! The startup's journey: the registration form (opened by the event's registration link
//! `/events/{id}/register#k=…`) and its own page (`/events/{id}/startup#k=…`), where it edits the
//! profile, previews it as investors will see it, chooses whom to meet and sees its agenda.

mod form;
mod form_state;
mod investments;
mod zone_picker;

use crate::api::{self, ApiError, InvestorView, PhoneEvent, Pitch, StartupChanges};
use crate::clock::today_kst;
use crate::components::agenda::{Agenda, AgendaSide};
use crate::components::erasure_request::ErasureRequestSection;
use crate::components::feedback_report::FeedbackReportView;
use crate::components::forms::Field;
use crate::components::my_data::MyDataDownload;
use crate::components::pitch::PitchFacts;
use crate::components::privacy_notice::{retention_of, PrivacyNotice};
use crate::i18n::{request_problem, FeedbackKey, Key, Lang, OutcomeKey, StartupKey};
use crate::link::secret_from_fragment;
use crate::state::language::{use_language, use_text};
use crate::state::sync::SyncService;
use crate::storage;
use form::{ConsentFields, ProfileFields};
use form_state::ProfileFormState;
use investments::Investments;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use roadshow_core::model::Phase;
use roadshow_core::model::{ProfileStatus, Startup};
use roadshow_core::startup_form::StartupForm;
use roadshow_core::wire::Role;

/// Why a startup screen cannot open.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum StartupPageError {
    #[error("the link has no secret")]
    MissingSecret,
    #[error("the link does not lead to a startup profile")]
    NoProfile,
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl StartupPageError {
    fn explanation(&self) -> Key {
        match self {
            StartupPageError::MissingSecret => Key::LinkMissing,
            StartupPageError::NoProfile => Key::LinkNotValid,
            StartupPageError::Api(error) => request_problem(error),
        }
    }
}

#[component]
fn PageProblem(error: StartupPageError) -> impl IntoView {
    let text = use_text();
    let key = error.explanation();
    view! {
        <section class="card problem" role="alert">
            <h1>{move || text(Key::Startup(StartupKey::Title))}</h1>
            <p>{move || text(key)}</p>
        </section>
    }
}

/// Why a save did not go through, in words the founder can act on.
fn save_problem(error: &ApiError) -> Key {
    match error {
        ApiError::Rejected { status: 422, .. } => Key::FixFieldsBelow,
        ApiError::Rejected { status: 409, .. } => Key::Startup(StartupKey::RegistrationClosed),
        ApiError::Rejected {
            status: 401 | 403, ..
        } => Key::LinkNotValid,
        ApiError::Network => Key::NetworkProblem,
        _ => Key::ServerProblem,
    }
}

fn route_secret() -> (String, Option<String>) {
    let params = use_params_map();
    let location = use_location();
    let event_id = params.with_untracked(|params| params.get("event_id").unwrap_or_default());
    (
        event_id,
        secret_from_fragment(&location.hash.get_untracked()),
    )
}

fn event_title(event: &PhoneEvent, lang: Lang) -> String {
    crate::names::pick(
        &event.settings.name,
        event.settings.name_en.as_deref(),
        lang,
    )
}

/// The profile as investors receive it: the same JSON shape, read by the same type.
fn as_pitch(startup: &Startup) -> Option<Pitch> {
    serde_json::to_value(startup)
        .ok()
        .and_then(|value| serde_json::from_value(value).ok())
}

/// Keeps the typed form on the device as it changes (a write to storage, not another signal).
fn autosave(state: ProfileFormState, event_id: String, owner: String) {
    Effect::new(move |first_run: Option<()>| {
        let form = state.form.get();
        if first_run.is_some() {
            if let Err(error) = storage::save_profile_draft(&event_id, &owner, &form) {
                leptos::logging::warn!("draft not saved on this device: {error}");
            }
        }
    });
}

fn forget_draft(event_id: &str, owner: &str) {
    if let Err(error) = storage::clear_profile_draft(event_id, owner) {
        leptos::logging::warn!("saved draft not removed: {error}");
    }
}

fn stored_draft(event_id: &str, owner: &str) -> Option<StartupForm> {
    storage::load_profile_draft(event_id, owner).unwrap_or_else(|error| {
        leptos::logging::warn!("saved draft not readable: {error}");
        None
    })
}

#[component]
fn Preview(state: ProfileFormState) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let preview = move || {
        let startup = state
            .form
            .with(|form| form.validate(ProfileStatus::Draft, today_kst()));
        match startup.ok().as_ref().and_then(as_pitch) {
            Some(pitch) => {
                let name =
                    crate::names::pick(&pitch.name, pitch.name_en.as_deref(), language.get());
                view! {
                    <article class="scorecard preview-card">
                        <h3>{name}</h3>
                        <PitchFacts pitch/>
                    </article>
                }
                .into_any()
            }
            None => view! { <p class="hint">{move || text(Key::FixFieldsBelow)}</p> }.into_any(),
        }
    };
    view! {
        <section class="card preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{move || text(Key::Startup(StartupKey::PreviewTitle))}</h2>
            {preview}
        </section>
    }
}

#[component]
fn EditLink(link: String) -> impl IntoView {
    let text = use_text();
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let absolute = format!("{origin}{link}");
    let copied = RwSignal::new(false);
    let copy = {
        let absolute = absolute.clone();
        move |_| {
            if let Some(window) = web_sys::window() {
                let _pending = window.navigator().clipboard().write_text(&absolute);
                copied.set(true);
            }
        }
    };
    view! {
        <section class="card keep-link" aria-labelledby="edit-link-title">
            <h2 id="edit-link-title">{move || text(Key::Startup(StartupKey::EditLinkTitle))}</h2>
            <p class="warning">{move || text(Key::Startup(StartupKey::KeepEditLinkWarning))}</p>
            <label class="visually-hidden" for="edit-link">{move || text(Key::Startup(StartupKey::EditLinkTitle))}</label>
            <input id="edit-link" type="text" readonly=true value=absolute/>
            <div class="actions">
                <button type="button" class="secondary" on:click=copy>{move || text(Key::CopyLink)}</button>
                <span role="status">{move || copied.get().then(|| text(Key::Copied))}</span>
                <a class="button primary" href=link.clone()>{move || text(Key::Startup(StartupKey::OpenMyPage))}</a>
            </div>
        </section>
    }
}

/// Save draft / publish buttons with the answer next to them.
#[component]
fn SaveButtons(
    save: Action<ProfileStatus, Result<(), ApiError>>,
    state: ProfileFormState,
    #[prop(into)] locked: Signal<bool>,
) -> impl IntoView {
    let text = use_text();
    let submit = move |status: ProfileStatus| {
        if state.check(status).is_ok() {
            save.dispatch_local(status);
        }
    };
    let outcome = move || match save.value().get() {
        Some(Ok(())) => Some((text(Key::Startup(StartupKey::Saved)), "saved")),
        Some(Err(error)) => Some((text(save_problem(&error)), "problem")),
        None => None,
    };
    view! {
        <div class="actions save-actions">
            <button type="button" class="secondary" disabled=move || save.pending().get() || locked.get()
                on:click=move |_| submit(ProfileStatus::Draft)>
                {move || text(Key::Startup(StartupKey::SaveDraft))}
            </button>
            <button type="button" class="primary" disabled=move || save.pending().get() || locked.get()
                on:click=move |_| submit(ProfileStatus::Published)>
                {move || if save.pending().get() { text(Key::Startup(StartupKey::Saving)) } else { text(Key::Startup(StartupKey::Publish)) }}
            </button>
        </div>
        <p class="save-outcome" role="status" data-state=move || outcome().map(|(_, state)| state)>
            {move || outcome().map(|(message, _)| message)}
        </p>
    }
}

#[component]
pub fn StartupRegisterPage() -> impl IntoView {
    let (event_id, secret) = route_secret();
    let Some(secret) = secret else {
        return view! { <PageProblem error=StartupPageError::MissingSecret/> }.into_any();
    };
    let event = {
        let (event_id, secret) = (event_id.clone(), secret.clone());
        LocalResource::new(move || {
            let (event_id, secret) = (event_id.clone(), secret.clone());
            async move {
                api::fetch_event_view(&event_id, &secret)
                    .await
                    .map_err(StartupPageError::from)
            }
        })
    };
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{move || use_text()(Key::Loading)}</p> }>
            {move || event.get().map(|result| match result {
                Ok(event) => view! { <RegisterForm event secret=secret.clone()/> }.into_any(),
                Err(error) => view! { <PageProblem error/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn RegisterForm(event: PhoneEvent, secret: String) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let event_id = event.settings.id.clone();
    let restored = stored_draft(&event_id, "register");
    let was_restored = RwSignal::new(
        restored
            .as_ref()
            .is_some_and(|draft| *draft != StartupForm::default()),
    );
    let state = ProfileFormState::new(restored.unwrap_or_default());
    autosave(state, event_id.clone(), "register".to_owned());
    let registered = RwSignal::new(None::<String>);
    let save = {
        let event_id = event_id.clone();
        Action::new_local(move |status: &ProfileStatus| {
            let (event_id, secret, status) = (event_id.clone(), secret.clone(), *status);
            async move {
                let Ok(startup) = state.check(status) else {
                    return Ok(());
                };
                let consent = roadshow_core::startup_form::registration_problems(&startup);
                if !consent.is_empty() {
                    state.show_problems(&consent);
                    return Ok(());
                }
                match api::register_startup(&event_id, &secret, &startup).await {
                    Ok(saved) => {
                        forget_draft(&event_id, "register");
                        registered.set(Some(saved.link.unwrap_or_default()));
                        Ok(())
                    }
                    Err(error) => {
                        state.show_server_error(&error);
                        Err(error)
                    }
                }
            }
        })
    };
    let show_preview = RwSignal::new(false);
    let closed = !matches!(event.live.phase, Phase::Draft | Phase::Registration);
    let title = {
        let event = event.clone();
        move || event_title(&event, language.get())
    };
    let discard = {
        let event_id = event_id.clone();
        Callback::new(move |()| {
            forget_draft(&event_id, "register");
            state.form.set(StartupForm::default());
            was_restored.set(false);
        })
    };
    view! {
        <section class="card">
            <p class="eyebrow">{title}</p>
            <h1>{move || text(Key::Startup(StartupKey::RegisterTitle))}</h1>
            {event.live.fictional.then(|| view! { <p class="badge fictional">{move || text(Key::FictionalDemo)}</p> })}
            <p>{move || text(Key::Startup(StartupKey::RegisterIntro))}</p>
            {closed.then(|| view! { <p class="badge warning" role="alert">{move || text(Key::Startup(StartupKey::RegistrationClosed))}</p> })}
        </section>
        {move || match registered.get() {
            Some(link) => view! {
                <section class="card registered" role="status"><p>{move || text(Key::Startup(StartupKey::Registered))}</p></section>
                <EditLink link/>
            }.into_any(),
            None => view! {
                <form class="card profile-form" novalidate=true on:submit=|event| event.prevent_default()
                    aria-label=move || text(Key::Startup(StartupKey::RegisterTitle))>
                    {move || was_restored.get().then(|| view! {
                        <p class="notice" role="status">{move || text(Key::Startup(StartupKey::DraftRestored))}
                            " " <button type="button" class="link-button" on:click=move |_| discard.run(())>{move || text(Key::Startup(StartupKey::DiscardDraft))}</button>
                        </p>
                    })}
                    <ProfileFields state locked=Signal::stored(false)/>
                    <ConsentFields state registering=true/>
                    <PrivacyNotice audience=Role::Startup retention=retention_of(&event.settings)/>
                    <button type="button" class="secondary" aria-expanded=move || show_preview.get().to_string()
                        aria-controls="preview-title" on:click=move |_| show_preview.update(|shown| *shown = !*shown)>
                        {move || if show_preview.get() { text(Key::Startup(StartupKey::HidePreview)) } else { text(Key::Startup(StartupKey::ShowPreview)) }}
                    </button>
                    <SaveButtons save state locked=Signal::stored(false)/>
                </form>
                {move || show_preview.get().then(|| view! { <Preview state/> })}
            }.into_any(),
        }}
    }
}

#[component]
pub fn StartupPage() -> impl IntoView {
    let (event_id, secret) = route_secret();
    let Some(secret) = secret else {
        return view! { <PageProblem error=StartupPageError::MissingSecret/> }.into_any();
    };
    let data = {
        let (event_id, secret) = (event_id.clone(), secret.clone());
        LocalResource::new(move || {
            let (event_id, secret) = (event_id.clone(), secret.clone());
            async move {
                // Answers are given in the hall, where the network comes and goes: the last
                // copy on this device opens the page offline.
                let owner = storage::OutboxOwner::startup(&secret);
                // A startup's link is not remembered: what an earlier version kept for the
                // event is taken to be this link's.
                if let Err(error) = storage::adopt_unkeyed_copies(&event_id, owner) {
                    leptos::logging::warn!("earlier edits on this device not moved: {error}");
                }
                match api::fetch_startup_changes(&event_id, &secret).await {
                    Ok(changes) => {
                        if let Err(error) = storage::save_cached_for(&event_id, owner, &changes) {
                            leptos::logging::warn!("event data not saved for offline use: {error}");
                        }
                        Ok(changes)
                    }
                    Err(ApiError::Network) => match storage::load_cached_for(&event_id, owner) {
                        Ok(Some(changes)) => Ok(changes),
                        _ => Err(ApiError::Network.into()),
                    },
                    Err(error) => Err(error.into()),
                }
            }
        })
    };
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{move || use_text()(Key::Loading)}</p> }>
            {move || data.get().map(|result| match result {
                Ok(changes) if !changes.startups.is_empty() && changes.event.is_some() => {
                    view! { <CompanyPage changes secret=secret.clone()/> }.into_any()
                }
                Ok(_) => view! { <PageProblem error=StartupPageError::NoProfile/> }.into_any(),
                Err(error) => view! { <PageProblem error/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn CompanyPage(changes: StartupChanges, secret: String) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let query = use_query_map();
    let event = changes.event.clone().unwrap_or_default();
    let sync = SyncService::start(
        event.settings.id.clone(),
        secret.clone(),
        storage::OutboxOwner::startup(&secret),
    );
    let stored = RwSignal::new(changes.startups[0].clone());
    let startup_id = stored.with_untracked(|startup| startup.id.clone());
    let from_server = StartupForm::from_startup(&stored.get_untracked());
    let draft = stored_draft(&event.settings.id, &startup_id).filter(|draft| *draft != from_server);
    let was_restored = RwSignal::new(draft.is_some());
    let state = ProfileFormState::new(draft.unwrap_or(from_server));
    autosave(state, event.settings.id.clone(), startup_id.clone());
    let locked = !matches!(event.live.phase, Phase::Draft | Phase::Registration);
    let view_name = Memo::new(move |_| {
        query.with(|query| query.get("view").unwrap_or_else(|| "profile".to_owned()))
    });

    let save = {
        let (event_id, secret, startup_id) = (
            event.settings.id.clone(),
            secret.clone(),
            startup_id.clone(),
        );
        Action::new_local(move |status: &ProfileStatus| {
            let (event_id, secret, startup_id, status) = (
                event_id.clone(),
                secret.clone(),
                startup_id.clone(),
                *status,
            );
            async move {
                let Ok(mut startup) = state.check(status) else {
                    return Ok(());
                };
                startup.id = startup_id.clone();
                stored.with_untracked(|stored| {
                    startup.wants_to_meet = stored.wants_to_meet.clone();
                    startup.declines = stored.declines.clone();
                });
                match api::update_startup(&event_id, &secret, &startup).await {
                    Ok(saved) => {
                        forget_draft(&event_id, &startup_id);
                        stored.set(saved.profile);
                        was_restored.set(false);
                        Ok(())
                    }
                    Err(error) => {
                        state.show_server_error(&error);
                        Err(error)
                    }
                }
            }
        })
    };
    let status = move || match stored.with(|startup| startup.status.unwrap_or_default()) {
        ProfileStatus::Draft => (text(Key::Startup(StartupKey::StatusDraft)), "draft"),
        ProfileStatus::Published => (text(Key::Startup(StartupKey::StatusPublished)), "published"),
    };
    let title = {
        let event = event.clone();
        move || event_title(&event, language.get())
    };
    let company = move || {
        stored.with(|startup| {
            crate::names::pick(&startup.name, startup.name_en.as_deref(), language.get())
        })
    };
    let nav_link = move |value: &'static str, key: StartupKey| {
        view! {
            <a href=format!("?view={value}") class="filter" aria-current=move || (view_name.get() == value).then_some("page")>
                {move || text(Key::Startup(key))}
            </a>
        }
    };
    let fictional = event.live.fictional;
    // The report link appears once the organizer released the reports (after the results), and
    // goes when they are withdrawn, while the page is open.
    let live = RwSignal::new(event.live.clone());
    crate::state::pitch_list::follow_live_state(
        event.settings.id.clone(),
        secret.clone(),
        changes.version,
        Callback::new(move |next: crate::api::LiveState| {
            if live.with_untracked(|current| *current != next) {
                live.set(next);
            }
        }),
    );
    let release = Memo::new(move |_| live.with(|live| (live.feedback, live.phase)));
    let feedback_released = Memo::new(move |_| {
        release.with(|(feedback, phase)| feedback.released && *phase == Phase::ResultsPublished)
    });
    let investors = StoredValue::new(changes.investors.clone());
    let meetings = changes.meetings.clone();
    let meeting_states = changes.meeting_states.clone();
    let follow_ups = changes.follow_ups.clone();
    let section = move || {
        match view_name.get().as_str() {
        "preview" => view! { <Preview state/> }.into_any(),
        "wishes" => view! { <Wishes investors stored secret=secret.clone() event_id=event.settings.id.clone()/> }.into_any(),
        "agenda" => {
            let investor_names = investors.with_value(|investors| {
                investors.iter().map(|investor| (investor.id.clone(), investor.firm.clone(), investor.firm_en.clone())).collect::<Vec<_>>()
            });
            let startup_names = vec![stored.with_untracked(|startup| (startup_id.clone(), startup.name.clone(), startup.name_en.clone()))];
            view! {
                <Agenda event=event.settings.clone() meetings=meetings.clone() states=meeting_states.clone()
                    side=AgendaSide::Startup owner_id=startup_id.clone() investor_names startup_names sync/>
            }
            .into_any()
        }
        "feedback" => {
            // Asked again when the organizer releases, withdraws or shows the exact rank.
            let (event_id, secret, startup_id, criteria) = (event.settings.id.clone(), secret.clone(), startup_id.clone(), event.settings.criteria.clone());
            let rounds = event.settings.rounds.clone();
            view! {
                {move || {
                    release.track();
                    view! {
                        <FeedbackReportView event_id=event_id.clone() secret=secret.clone()
                            startup_id=startup_id.clone() criteria=criteria.clone() rounds=rounds.clone() preview=false/>
                    }
                }}
            }
            .into_any()
        }
        "investments" => {
            let investor_names = investors.with_value(|investors| {
                investors.iter().map(|investor| (investor.id.clone(), investor.firm.clone(), investor.firm_en.clone())).collect::<Vec<_>>()
            });
            let own: Vec<_> = meetings.iter().filter(|meeting| meeting.startup == startup_id).cloned().collect();
            view! {
                <Investments event=event.settings.clone() meetings=own states=meeting_states.clone()
                    follow_ups=follow_ups.clone() investor_names sync/>
            }
            .into_any()
        }
        _ => view! {
            <form class="card profile-form" novalidate=true on:submit=|event| event.prevent_default()
                aria-label=move || text(Key::Startup(StartupKey::ViewProfile))>
                {move || was_restored.get().then(|| view! { <p class="notice" role="status">{move || text(Key::Startup(StartupKey::DraftRestored))}</p> })}
                {locked.then(|| view! { <p class="badge warning" role="alert">{move || text(Key::Startup(StartupKey::RegistrationClosed))}</p> })}
                <ProfileFields state locked=Signal::stored(locked)/>
                <ConsentFields state registering=false/>
                <PrivacyNotice audience=Role::Startup retention=retention_of(&event.settings)/>
                <SaveButtons save state locked=Signal::stored(locked)/>
            </form>
            <MyDataDownload event_id=event.settings.id.clone() secret=secret.clone()/>
            <ErasureRequestSection event_id=event.settings.id.clone() secret=secret.clone() audience=Role::Startup/>
        }
        .into_any(),
    }
    };
    view! {
        <section class="card company-header">
            <p class="eyebrow">{title}</p>
            <h1>{company}</h1>
            {fictional.then(|| view! { <p class="badge fictional">{move || text(Key::FictionalDemo)}</p> })}
            <p class="badge profile-status" data-state=move || status().1>{move || status().0}</p>
        </section>
        <nav class="filters" aria-label=move || text(Key::Startup(StartupKey::PageNav))>
            {nav_link("profile", StartupKey::ViewProfile)}
            {nav_link("preview", StartupKey::ViewPreview)}
            {nav_link("wishes", StartupKey::ViewMeetings)}
            {nav_link("agenda", StartupKey::ViewAgenda)}
            <a href="?view=investments" class="filter" aria-current=move || (view_name.get() == "investments").then_some("page")>
                {move || text(Key::Outcome(OutcomeKey::ViewFollowUps))}
            </a>
            {move || feedback_released.get().then(|| view! {
                <a href="?view=feedback" class="filter" aria-current=move || (view_name.get() == "feedback").then_some("page")>
                    {move || text(Key::Feedback(FeedbackKey::View))}
                </a>
            })}
        </nav>
        {section}
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wish {
    Meet,
    Neutral,
    Decline,
}

/// Whom the startup wants to meet or not, and how many meetings it can take. Allowed after
/// registration closes too.
#[component]
fn Wishes(
    investors: StoredValue<Vec<InvestorView>>,
    stored: RwSignal<Startup>,
    secret: String,
    event_id: String,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let wish_of = move |id: &str| {
        stored.with(|startup| {
            if startup.wants_to_meet.iter().any(|wanted| wanted == id) {
                Wish::Meet
            } else if startup.declines.iter().any(|declined| declined == id) {
                Wish::Decline
            } else {
                Wish::Neutral
            }
        })
    };
    let initial: Vec<(String, Wish)> = investors.with_value(|investors| {
        investors
            .iter()
            .map(|investor| (investor.id.clone(), wish_of(&investor.id)))
            .collect()
    });
    let wishes = RwSignal::new(initial);
    let capacity = RwSignal::new(stored.with_untracked(|startup| {
        startup
            .capacity
            .map(|value| value.to_string())
            .unwrap_or_default()
    }));
    let save = Action::new_local(move |_: &()| {
        let (event_id, secret) = (event_id.clone(), secret.clone());
        async move {
            let mut startup = stored.get_untracked();
            wishes.with_untracked(|wishes| {
                startup.wants_to_meet = wishes
                    .iter()
                    .filter(|(_, wish)| *wish == Wish::Meet)
                    .map(|(id, _)| id.clone())
                    .collect();
                startup.declines = wishes
                    .iter()
                    .filter(|(_, wish)| *wish == Wish::Decline)
                    .map(|(id, _)| id.clone())
                    .collect();
            });
            startup.capacity = capacity.with_untracked(|capacity| capacity.trim().parse().ok());
            let saved = api::update_startup(&event_id, &secret, &startup).await?;
            stored.set(saved.profile);
            Ok::<_, ApiError>(())
        }
    });
    let outcome = move || match save.value().get() {
        Some(Ok(())) => Some(text(Key::Startup(StartupKey::Saved))),
        Some(Err(error)) => Some(text(save_problem(&error))),
        None => None,
    };
    let rows = move || {
        let lang = language.get();
        investors.with_value(|investors| {
            investors
                .iter()
                .map(|investor| {
                    let id = investor.id.clone();
                    let name = crate::names::pick(&investor.firm, investor.firm_en.as_deref(), lang);
                    let thesis = investor
                        .fields
                        .iter()
                        .map(|field| crate::i18n::network_field_label(field, lang).map(str::to_owned).unwrap_or_else(|| field.clone()))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let group = format!("wish-{id}");
                    let choice = move |value: Wish, key: StartupKey| {
                        let (id, group) = (id.clone(), group.clone());
                        let current = id.clone();
                        view! {
                            <label class="choice">
                                <input type="radio" name=group
                                    prop:checked=move || wishes.with(|wishes| wishes.iter().any(|(wished, wish)| *wished == current && *wish == value))
                                    on:change=move |_| wishes.update(|wishes| {
                                        if let Some(entry) = wishes.iter_mut().find(|(wished, _)| *wished == id) {
                                            entry.1 = value;
                                        }
                                    })/>
                                <span>{move || text(Key::Startup(key))}</span>
                            </label>
                        }
                    };
                    view! {
                        <li class="wish">
                            <fieldset>
                                <legend>{name}<span class="hint">{(!thesis.is_empty()).then(|| format!(" · {thesis}"))}</span></legend>
                                {choice(Wish::Meet, StartupKey::WantMeet)}
                                {choice(Wish::Neutral, StartupKey::Neutral)}
                                {choice(Wish::Decline, StartupKey::Decline)}
                            </fieldset>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let empty = investors.with_value(Vec::is_empty);
    view! {
        <section class="card wishes" aria-labelledby="wishes-title">
            <h2 id="wishes-title">{move || text(Key::Startup(StartupKey::WishesTitle))}</h2>
            <p>{move || text(Key::Startup(StartupKey::WishesIntro))}</p>
            <p class="hint">{move || text(Key::Startup(StartupKey::WishesClosedNote))}</p>
            {empty.then(|| view! { <p class="empty">{move || text(Key::Startup(StartupKey::NoInvestorsYet))}</p> })}
            <ul class="wish-list">{rows}</ul>
            <Field id="wish-capacity" label=Key::Startup(StartupKey::Capacity) hint=Key::Startup(StartupKey::CapacityHint) let:field>
                <input id=field.id() type="number" min="0" max="100" inputmode="numeric" aria-describedby=field.described_by()
                    prop:value=move || capacity.get() on:input=move |event| capacity.set(event_target_value(&event))/>
            </Field>
            <button type="button" class="primary" disabled=move || save.pending().get() on:click=move |_| { save.dispatch_local(()); }>
                {move || text(Key::Startup(StartupKey::SaveWishes))}
            </button>
            <p class="save-outcome" role="status">{outcome}</p>
        </section>
    }
}
