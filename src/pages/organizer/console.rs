//! The console's page: the organizer's key read from the link (or this tab's kept copy), the
//! event's data loaded and kept live, the header and the tabs, each tab its own module.

use crate::api::ApiError;
use crate::i18n::{Key, OrgKey, PitchingKey, PrivacyKey};
use crate::link::secret_from_fragment;
use crate::names;
use crate::state::language::{use_language, use_text};
use crate::state::organizer::{provide_organizer_data, use_organizer_data, DataStatus};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

/// Why the organizer page cannot be shown, in words the organizer can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum OrganizerPageError {
    #[error("the link has no secret")]
    MissingSecret,
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl OrganizerPageError {
    fn explanation(&self) -> Key {
        match self {
            OrganizerPageError::MissingSecret => Key::Org(OrgKey::NeedsOrganizerLink),
            OrganizerPageError::Api(error) => super::api_problem_key(error),
        }
    }
}

/// The console's sections, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tab {
    Setup,
    Pitching,
    Leaderboard,
    Judges,
    Matches,
    Schedule,
    Meetings,
    Outcomes,
    Exports,
    Privacy,
}

impl Tab {
    const ALL: [Tab; 10] = [
        Tab::Setup,
        Tab::Pitching,
        Tab::Leaderboard,
        Tab::Judges,
        Tab::Matches,
        Tab::Schedule,
        Tab::Meetings,
        Tab::Outcomes,
        Tab::Exports,
        Tab::Privacy,
    ];

    fn slug(self) -> &'static str {
        match self {
            Tab::Setup => "setup",
            Tab::Pitching => "pitching",
            Tab::Leaderboard => "leaderboard",
            Tab::Judges => "judges",
            Tab::Matches => "matches",
            Tab::Schedule => "schedule",
            Tab::Meetings => "meetings",
            Tab::Outcomes => "outcomes",
            Tab::Exports => "exports",
            Tab::Privacy => "privacy",
        }
    }

    fn from_slug(slug: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|tab| tab.slug() == slug)
    }

    fn label(self) -> Key {
        match self {
            Tab::Setup => Key::Org(OrgKey::TabSetup),
            Tab::Leaderboard => Key::Org(OrgKey::TabLeaderboard),
            Tab::Judges => Key::Org(OrgKey::TabJudges),
            Tab::Matches => Key::Org(OrgKey::TabMatches),
            Tab::Schedule => Key::Org(OrgKey::TabSchedule),
            Tab::Meetings => Key::Org(OrgKey::TabMeetings),
            Tab::Outcomes => Key::Org(OrgKey::TabOutcomes),
            Tab::Exports => Key::Org(OrgKey::TabExports),
            Tab::Privacy => Key::Privacy(PrivacyKey::Tab),
            Tab::Pitching => Key::Pitching(PitchingKey::Tab),
        }
    }
}

#[component]
pub fn OrganizerPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let event_id =
        Memo::new(move |_| params.with(|params| params.get("event_id").unwrap_or_default()));
    // Read once, from the organizer link's fragment, which then leaves the address bar; else
    // this tab's kept secret (a reload).
    let from_link = secret_from_fragment(&location.hash.get_untracked());
    if from_link.is_some() {
        crate::link::clear_fragment_from_address_bar();
    }
    move || {
        let event_id = event_id.get();
        let secret = from_link.clone().or_else(|| {
            crate::storage::load_tab_secret(&event_id).unwrap_or_else(|error| {
                leptos::logging::warn!("this tab's organizer key cannot be read: {error}");
                None
            })
        });
        match secret {
            // Keyed by the event id: another event is another console.
            Some(secret) => view! { <Console event_id secret/> }.into_any(),
            None => view! { <PageProblem error=OrganizerPageError::MissingSecret/> }.into_any(),
        }
    }
}

#[component]
fn Console(event_id: String, secret: String) -> impl IntoView {
    let text = use_text();
    let kept = StoredValue::new(false);
    let tab_key = (event_id.clone(), secret.clone());
    let data = provide_organizer_data(event_id, secret);
    // Kept for this tab once the server accepted it (a wrong secret is not kept).
    Effect::new(move |_| {
        if matches!(data.status().get(), DataStatus::Live) && !kept.get_value() {
            kept.set_value(true);
            if let Err(error) = crate::storage::save_tab_secret(&tab_key.0, &tab_key.1) {
                leptos::logging::warn!("the organizer key is not kept for a reload: {error}");
            }
        }
    });
    // The match worker's handle, shared by the match, schedule and exports tabs.
    crate::solver::provide_match_solver();
    // Live and reconnecting show the same console: a dropped stream must not rebuild the page
    // (and lose the organizer's scroll position and input).
    let stage = Memo::new(move |_| match data.status().get() {
        DataStatus::Loading => ConsoleStage::Loading,
        DataStatus::Failed(error) => ConsoleStage::Failed(error),
        DataStatus::Live | DataStatus::Reconnecting(_) => ConsoleStage::Ready,
    });
    move || {
        match stage.get() {
        ConsoleStage::Loading => view! { <p class="loading" role="status">{move || text(Key::Loading)}</p> }.into_any(),
        ConsoleStage::Failed(error) => view! {
            <PageProblem error=OrganizerPageError::Api(error)/>
            <button type="button" class="retry" on:click=move |_| data.refresh()>{move || text(Key::Retry)}</button>
        }
        .into_any(),
        ConsoleStage::Ready => view! { <ConsoleBody/> }.into_any(),
    }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum ConsoleStage {
    Loading,
    Failed(ApiError),
    Ready,
}

#[component]
fn PageProblem(error: OrganizerPageError) -> impl IntoView {
    let text = use_text();
    let key = error.explanation();
    view! {
        <section class="card problem" role="alert">
            <h1>{move || text(Key::OrganizerConsole)}</h1>
            <p>{move || text(key)}</p>
        </section>
    }
}

#[component]
fn ConsoleBody() -> impl IntoView {
    let text = use_text();
    let query = use_query_map();
    let tab = Memo::new(move |_| {
        query
            .with(|query| query.get("tab").and_then(|slug| Tab::from_slug(&slug)))
            .unwrap_or(Tab::Setup)
    });
    view! {
        <div class="console">
            <ConsoleHeader/>
            <UnreadableNotice/>
            <nav class="console-tabs" aria-label=move || text(Key::Org(OrgKey::TabsLabel))>
                <ul>
                    {Tab::ALL
                        .into_iter()
                        .map(|item| {
                            view! {
                                <li>
                                    <a
                                        href=move || super::query::href_with(&[("tab", Some(item.slug()))], true)
                                        aria-current=move || (tab.get() == item).then_some("page")
                                    >
                                        {move || text(item.label())}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <div class="console-panel">
                {move || match tab.get() {
                    Tab::Setup => view! { <super::setup::SetupPanel/> }.into_any(),
                    Tab::Leaderboard => view! { <super::leaderboard::LeaderboardPanel/> }.into_any(),
                    Tab::Judges => view! { <super::judges::JudgePanel/> }.into_any(),
                    Tab::Matches => view! { <super::matches::MatchBoard/> }.into_any(),
                    Tab::Schedule => view! { <super::schedule::ScheduleBoard/> }.into_any(),
                    Tab::Meetings => view! { <super::meeting_board::MeetingBoardPanel/> }.into_any(),
                    Tab::Outcomes => view! { <super::outcomes::OutcomesPanel/> }.into_any(),
                    Tab::Exports => view! { <super::exports::ExportsPanel/> }.into_any(),
                    Tab::Privacy => view! { <super::privacy::PrivacyPanel/> }.into_any(),
                    Tab::Pitching => view! { <super::pitching::PitchingPanel/> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// The event's name, phase and whether the data is live; the fictional badge for demo data.
#[component]
fn ConsoleHeader() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let language = use_language();
    // The event's own name and venue in the chosen language (its English ones when it has them).
    let name = Memo::new(move |_| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .map(|snapshot| names::event_name(&snapshot.event, lang))
                .unwrap_or_default()
        })
    });
    // Venue and time, as the event was created (KST).
    let facts = Memo::new(move |_| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot.as_ref().map(|snapshot| {
                let event = &snapshot.event;
                let show = |time: &Option<chrono::DateTime<chrono::FixedOffset>>| {
                    time.as_ref()
                        .map(roadshow_core::event_draft::display_kst)
                        .unwrap_or_default()
                };
                (
                    names::event_venue(event, lang).unwrap_or_default(),
                    format!("{} – {}", show(&event.starts_at), show(&event.ends_at)),
                )
            })
        })
    });
    let fictional = move || {
        data.event_state()
            .with(|state| state.as_ref().is_some_and(|state| state.fictional))
    };
    let phase = move || {
        data.event_state().with(|state| {
            state
                .as_ref()
                .map(|state| super::format::phase_label(state.phase))
                .unwrap_or(Key::PhaseDraft)
        })
    };
    let live = move || matches!(data.status().get(), DataStatus::Live);
    view! {
        <header class="console-header">
            <p class="eyebrow">{move || text(Key::OrganizerConsole)}</p>
            <h1 id="event-name">{name}</h1>
            {move || facts.get().map(|(venue, when)| view! {
                <dl class="facts">
                    <dt>{move || text(Key::Venue)}</dt><dd>{venue}</dd>
                    <dt>{move || text(Key::When)}</dt><dd>{when}</dd>
                </dl>
            })}
            <p class="console-facts">
                <span class="badge phase">{move || text(Key::Phase)}": "{move || text(phase())}</span>
                {move || fictional().then(|| view! { <span class="badge fictional">{move || text(Key::FictionalDemo)}</span> })}
                <span class="live-status" role="status" data-live=move || live().to_string()>
                    {move || if live() { text(Key::Org(OrgKey::StatusLive)) } else { text(Key::Org(OrgKey::StatusReconnecting)) }}
                </span>
            </p>
        </header>
    }
}

/// Startups and investors whose records could not be read: left out, each named by its id, so
/// the organizer can fix or remove them while the rest of the console works.
#[component]
fn UnreadableNotice() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let unreadable = data.unreadable();
    move || {
        let people = unreadable.get();
        (!people.is_empty()).then(|| view! {
            <section class="card notice unreadable" role="status" aria-labelledby="unreadable-title">
                <p id="unreadable-title">{move || text(Key::Org(OrgKey::UnreadableRecords))}</p>
                <ul>
                    {people.into_iter().map(|person| {
                        let kind = match person.kind {
                            crate::api::PersonKind::Startup => OrgKey::UnreadableStartup,
                            crate::api::PersonKind::Investor => OrgKey::UnreadableInvestor,
                        };
                        view! { <li>{move || text(Key::Org(kind))}" "<code class="record-id">{person.id.clone()}</code></li> }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}
