//! The investor's scoring screen, opened by its link `/events/{id}/score#k=…`: the pitches in
//! running order with progress, and one pitch at a time with large targets for each score.
//! Every tap is stored on the device first and synced by [`SyncService`]; the screen shows which.

use crate::api::{self, ApiError, Changes, EventView, InvestorView, Pitch};
use crate::components::agenda::{Agenda, AgendaSide};
use crate::components::pitch::PitchFacts;
use crate::i18n::{format_krw, request_problem, scored_progress, waiting_to_sync, Key, Lang};
use crate::link::secret_from_fragment;
use crate::state::language::{use_language, use_text};
use crate::state::sync::{SyncService, SyncTrouble};
use crate::storage;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use roadshow_core::model::Criterion;
use roadshow_core::sync::{Cell, Change, Delivery, Outbox};
use std::collections::BTreeMap;

/// Why the scoring screen cannot open.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum ScoringPageError {
    #[error("the link has no secret")]
    MissingSecret,
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl ScoringPageError {
    fn explanation(&self) -> Key {
        match self {
            ScoringPageError::MissingSecret => Key::LinkMissing,
            ScoringPageError::Api(error) => request_problem(error),
        }
    }
}

/// The event data and whether it came from this device's saved copy (offline).
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    changes: Changes,
    from_saved_copy: bool,
}

async fn load(event_id: String, secret: String) -> Result<Loaded, ScoringPageError> {
    match api::fetch_changes(&event_id, &secret, 0).await {
        Ok(changes) => {
            if let Err(error) = storage::save_cached(&event_id, &changes) {
                leptos::logging::warn!("event data not saved for offline use: {error}");
            }
            Ok(Loaded {
                changes,
                from_saved_copy: false,
            })
        }
        Err(ApiError::Network) => match storage::load_cached::<Changes>(&event_id) {
            Ok(Some(changes)) => Ok(Loaded {
                changes,
                from_saved_copy: true,
            }),
            _ => Err(ApiError::Network.into()),
        },
        Err(error) => Err(error.into()),
    }
}

#[component]
pub fn InvestorPage() -> impl IntoView {
    let text = use_text();
    let params = use_params_map();
    let location = use_location();
    let event_id = params.with_untracked(|params| params.get("event_id").unwrap_or_default());
    let secret = secret_from_fragment(&location.hash.get_untracked()).or_else(|| {
        storage::load_secret(&event_id).unwrap_or_else(|error| {
            leptos::logging::warn!("stored link not readable: {error}");
            None
        })
    });
    let Some(secret) = secret else {
        return view! { <Problem error=ScoringPageError::MissingSecret/> }.into_any();
    };
    if let Err(error) = storage::save_secret(&event_id, &secret) {
        leptos::logging::warn!("link not remembered on this device: {error}");
    }
    let sync = SyncService::start(event_id.clone(), secret.clone());
    let screen_secret = secret.clone();
    let data = LocalResource::new(move || load(event_id.clone(), secret.clone()));
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{move || text(Key::Loading)}</p> }>
            {move || data.get().map(|result| match result {
                Ok(loaded) => view! { <ScoringScreen loaded sync secret=screen_secret.clone()/> }.into_any(),
                Err(error) => view! { <Problem error/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Problem(error: ScoringPageError) -> impl IntoView {
    let text = use_text();
    let key = error.explanation();
    view! {
        <section class="card problem" role="alert">
            <h1>{move || text(Key::InvestorScoring)}</h1>
            <p>{move || text(key)}</p>
        </section>
    }
}

/// The investor's own answers as the server last reported them.
#[derive(Debug, Clone, Default, PartialEq)]
struct ServerAnswers {
    scores: BTreeMap<(String, String), Option<i64>>,
    whole_pitch_abstained: BTreeMap<String, bool>,
    want: BTreeMap<String, Option<bool>>,
    comments: BTreeMap<String, String>,
    conflicts: Vec<String>,
}

impl ServerAnswers {
    fn from_changes(changes: &Changes, investor_id: &str) -> ServerAnswers {
        let mut answers = ServerAnswers::default();
        for row in changes
            .scores
            .iter()
            .filter(|row| row.investor == investor_id)
        {
            if row.criterion.is_empty() {
                answers
                    .whole_pitch_abstained
                    .insert(row.startup.clone(), row.abstain);
            } else {
                answers
                    .scores
                    .insert((row.startup.clone(), row.criterion.clone()), row.value);
            }
        }
        for verdict in changes
            .verdicts
            .iter()
            .filter(|verdict| verdict.investor == investor_id)
        {
            answers.want.insert(verdict.startup.clone(), verdict.want);
            answers
                .comments
                .insert(verdict.startup.clone(), verdict.comment.clone());
        }
        if let Some(me) = changes
            .investors
            .items
            .iter()
            .find(|investor| investor.id == investor_id)
        {
            answers.conflicts = me.conflicts.clone();
        }
        answers
    }
}

/// What the screen shows for a cell: the newest edit on the device (unless the server refused
/// it), else the server's answer.
fn device_change<'a>(outbox: &'a Outbox, cell: &Cell) -> Option<&'a Change> {
    outbox
        .latest(cell)
        .filter(|entry| !matches!(entry.delivery, Delivery::Rejected { .. }))
        .map(|entry| &entry.mutation.change)
}

fn current_score(
    outbox: &Outbox,
    server: &ServerAnswers,
    startup: &str,
    criterion: &str,
) -> Option<i64> {
    let cell = Cell::Score {
        startup: startup.to_owned(),
        criterion: criterion.to_owned(),
    };
    match device_change(outbox, &cell) {
        Some(Change::Score { value, .. }) => value.as_ref().and_then(serde_json::Number::as_i64),
        _ => server
            .scores
            .get(&(startup.to_owned(), criterion.to_owned()))
            .copied()
            .flatten(),
    }
}

fn current_abstained(outbox: &Outbox, server: &ServerAnswers, startup: &str) -> bool {
    let cell = Cell::Abstain {
        startup: startup.to_owned(),
        criterion: None,
    };
    match device_change(outbox, &cell) {
        Some(Change::Abstain { abstain, .. }) => *abstain,
        _ => server
            .whole_pitch_abstained
            .get(startup)
            .copied()
            .unwrap_or(false),
    }
}

fn current_conflict(outbox: &Outbox, server: &ServerAnswers, startup: &str) -> bool {
    let cell = Cell::Conflict {
        startup: startup.to_owned(),
    };
    match device_change(outbox, &cell) {
        Some(Change::Conflict { conflict, .. }) => *conflict,
        _ => server.conflicts.iter().any(|id| id == startup),
    }
}

fn current_want(outbox: &Outbox, server: &ServerAnswers, startup: &str) -> Option<bool> {
    let cell = Cell::Interest {
        startup: startup.to_owned(),
    };
    match device_change(outbox, &cell) {
        Some(Change::Interest { want, .. }) => *want,
        _ => server.want.get(startup).copied().flatten(),
    }
}

fn current_comment(outbox: &Outbox, server: &ServerAnswers, startup: &str) -> String {
    let cell = Cell::Comment {
        startup: startup.to_owned(),
    };
    match device_change(outbox, &cell) {
        Some(Change::Comment { text, .. }) => text.clone(),
        _ => server.comments.get(startup).cloned().unwrap_or_default(),
    }
}

/// Scored: every criterion has a value, or the investor abstained or declared a conflict.
fn is_scored(
    outbox: &Outbox,
    server: &ServerAnswers,
    startup: &str,
    criteria: &[Criterion],
) -> bool {
    current_abstained(outbox, server, startup)
        || current_conflict(outbox, server, startup)
        || criteria
            .iter()
            .all(|criterion| current_score(outbox, server, startup, &criterion.key).is_some())
}

#[component]
fn ScoringScreen(loaded: Loaded, sync: SyncService, secret: String) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let query = use_query_map();
    let changes = loaded.changes;
    let investor_id = changes
        .investors
        .items
        .first()
        .map(|investor| investor.id.clone())
        .unwrap_or_default();
    let event: EventView = changes.event.clone().unwrap_or_default();
    let server = StoredValue::new(ServerAnswers::from_changes(&changes, &investor_id));
    let startups = RwSignal::new(changes.startups.items.clone());
    let criteria = StoredValue::new(event.criteria.clone());
    let scale = event.scale;
    let outbox = sync.outbox();
    let scored_count = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| {
                criteria.with_value(|criteria| {
                    startups.with(|startups| {
                        startups
                            .iter()
                            .filter(|startup| is_scored(outbox, server, &startup.id, criteria))
                            .count()
                    })
                })
            })
        })
    });
    let total = move || startups.with(Vec::len);
    let selected = Memo::new(move |_| query.with(|query| query.get("pitch")));
    let view_name = Memo::new(move |_| {
        query.with(|query| query.get("view").unwrap_or_else(|| "pitches".to_owned()))
    });
    let nav_link = move |value: &'static str, key: Key| {
        view! {
            <a href=format!("?view={value}") class="filter"
                aria-current=move || (selected.get().is_none() && view_name.get() == value).then_some("page")>
                {move || text(key)}
            </a>
        }
    };
    let me = changes
        .investors
        .items
        .iter()
        .find(|investor| investor.id == investor_id)
        .cloned()
        .unwrap_or_else(|| InvestorView {
            id: investor_id.clone(),
            firm: String::new(),
            firm_en: None,
            person: None,
            kind: None,
            fields: Vec::new(),
            stages: Vec::new(),
            regions: Vec::new(),
            ticket_krw: None,
            capacity: None,
            unavailable_slots: Vec::new(),
            conflicts: Vec::new(),
            contact: None,
        });
    let others = OthersScores::from_changes(&changes, &investor_id);
    let meetings = changes.meetings.clone();
    // Records that could not be read are left out and named here; the rest works.
    let unreadable: Vec<String> = changes
        .startups
        .unreadable
        .iter()
        .chain(&changes.investors.unreadable)
        .map(crate::api::UnreadableRecord::label)
        .collect();
    // Startups the organizer removes (or unpublishes) leave the list while it is open.
    {
        let event_id = event.id.clone();
        crate::state::pitch_list::follow_gone_startups(
            event_id.clone(),
            secret.clone(),
            changes.version,
            Callback::new(move |gone: Vec<String>| {
                if startups.with_untracked(|list| list.iter().any(|pitch| gone.contains(&pitch.id)))
                {
                    startups.update(|list| list.retain(|pitch| !gone.contains(&pitch.id)));
                }
                if let Err(error) = storage::drop_cached_startups(&event_id, &gone) {
                    leptos::logging::warn!("saved copy not updated: {error}");
                }
            }),
        );
    }
    let event_for_views = event.clone();
    let event_name = {
        let event = event.clone();
        move || match language.get() {
            Lang::En => event.name_en.clone().unwrap_or_else(|| event.name.clone()),
            Lang::Ko => event.name.clone(),
        }
    };
    view! {
        <section class="card scoring-header" aria-labelledby="scoring-event-name">
            <p class="eyebrow">{move || text(Key::InvestorScoring)}</p>
            <h1 id="scoring-event-name">{event_name}</h1>
            {event.fictional.then(|| view! { <p class="badge fictional">{move || text(Key::FictionalDemo)}</p> })}
            {loaded.from_saved_copy.then(|| view! { <p class="badge offline">{move || text(Key::ShowingSavedCopy)}</p> })}
            {(event.phase != "scoring").then(|| view! { <p class="badge warning">{move || text(Key::ScoringNotOpen)}</p> })}
            {(!unreadable.is_empty()).then(|| view! {
                <p class="badge warning unreadable" role="status">
                    {move || text(Key::UnreadablePitches)}" "
                    {unreadable.iter().map(|id| view! { <code class="record-id">{id.clone()}</code>" " }).collect_view()}
                </p>
            })}
        </section>
        // Progress and the sync state stay in view while scrolling through a scorecard.
        <div class="scoring-status" role="group" aria-label=move || text(Key::ScoringStatus)>
            <p class="progress" aria-live="polite">{move || scored_progress(language.get(), scored_count.get(), total())}</p>
            <SyncBadge sync/>
        </div>
        <nav class="filters investor-nav" aria-label=move || text(Key::InvestorNav)>
            {nav_link("pitches", Key::ViewPitches)}
            {nav_link("scores", Key::ViewMyScores)}
            {nav_link("profile", Key::ViewMyProfile)}
            {nav_link("agenda", Key::AgendaTitle)}
        </nav>
        {move || match (selected.get(), view_name.get().as_str()) {
            (Some(pitch), _) => {
                let position = startups.with(|startups| startups.iter().position(|startup| startup.id == pitch));
                match position {
                    Some(position) => view! {
                        <Scorecard position startups criteria scale server sync/>
                    }.into_any(),
                    None => view! { <PitchList startups criteria server sync/> }.into_any(),
                }
            }
            (None, "scores") => view! { <MyScores startups criteria server sync others=others.clone()/> }.into_any(),
            (None, "profile") => view! {
                <ThesisForm me=me.clone() settings=event_for_views.meetings.clone() event_id=event_for_views.id.clone() secret=secret.clone()/>
            }.into_any(),
            (None, "agenda") => {
                let startup_names = startups.with_untracked(|startups| {
                    startups.iter().map(|startup| (startup.id.clone(), startup.name.clone(), startup.name_en.clone())).collect::<Vec<_>>()
                });
                let investor_names = vec![(me.id.clone(), me.firm.clone(), me.firm_en.clone())];
                let recommended: Vec<Pitch> = startups.with_untracked(|startups| {
                    startups.iter().filter(|startup| meetings.iter().any(|meeting| meeting.investor == me.id && meeting.startup == startup.id)).cloned().collect()
                });
                view! {
                    {(!recommended.is_empty()).then(|| view! {
                        <section class="card recommended" aria-labelledby="recommended-title">
                            <h2 id="recommended-title">{move || text(Key::RecommendedTitle)}</h2>
                            <ul class="pitch-list">
                                {recommended.into_iter().map(|startup| view! {
                                    <li class="pitch-item"><a class="pitch-link" href=format!("?pitch={}", startup.id)>
                                        <span class="pitch-name">{display_name(&startup, language)}</span>
                                        <span class="pitch-line">{one_liner(&startup, language)}</span>
                                    </a></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    <Agenda event=event_for_views.clone() meetings=meetings.clone() side=AgendaSide::Investor owner_id=me.id.clone()
                        investor_names startup_names/>
                }.into_any()
            }
            (None, _) => view! { <PitchList startups criteria server sync/> }.into_any(),
        }}
    }
}

#[component]
fn SyncBadge(sync: SyncService) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let outbox = sync.outbox();
    let trouble = sync.trouble();
    let pending = Memo::new(move |_| outbox.with(Outbox::pending_count));
    let rejected = Memo::new(move |_| outbox.with(Outbox::rejected_count));
    let status = move || {
        let lang = language.get();
        match trouble.get() {
            Some(SyncTrouble::Offline) => text(Key::Offline).to_owned(),
            Some(SyncTrouble::Server) => text(Key::SyncServerTrouble).to_owned(),
            Some(SyncTrouble::LinkRefused) => text(Key::SyncLinkRefused).to_owned(),
            Some(SyncTrouble::Storage(_)) => text(Key::SyncStorageTrouble).to_owned(),
            None if pending.get() > 0 => waiting_to_sync(lang, pending.get()),
            None => text(Key::AllSynced).to_owned(),
        }
    };
    let state = move || match (trouble.get(), pending.get(), rejected.get()) {
        (Some(_), _, _) => "trouble",
        (None, 0, 0) => "synced",
        (None, 0, _) => "rejected",
        _ => "pending",
    };
    view! {
        <p class="sync-badge" data-state=state role="status" aria-live="polite">
            {status}
            {move || (rejected.get() > 0).then(|| format!(" · {} {}", text(Key::Rejected), rejected.get()))}
        </p>
    }
}

#[component]
fn PitchList(
    startups: RwSignal<Vec<Pitch>>,
    criteria: StoredValue<Vec<Criterion>>,
    server: StoredValue<ServerAnswers>,
    sync: SyncService,
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
                                (
                                    startup.clone(),
                                    is_scored(outbox, server, &startup.id, criteria),
                                )
                            })
                            .filter(|(_, scored)| match show.as_str() {
                                "todo" => !scored,
                                "done" => *scored,
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
                <For each=rows key=|(startup, scored)| (startup.id.clone(), *scored) let:row>
                    {
                        let (startup, scored) = row;
                        let name = display_name(&startup, language);
                        let pitch = one_liner(&startup, language);
                        view! {
                            <li class="pitch-item" class:scored=scored>
                                <a href=format!("?pitch={}", startup.id) class="pitch-link">
                                    <span class="pitch-name">{name}</span>
                                    <span class="pitch-line">{pitch}</span>
                                    <span class="badge">{move || if scored { text(Key::ScoredBadge) } else { text(Key::NotScoredBadge) }}</span>
                                </a>
                            </li>
                        }
                    }
                </For>
            </ol>
        </section>
    }
}

fn display_name(
    startup: &Pitch,
    language: crate::state::language::Language,
) -> impl Fn() -> String + use<> {
    let ko = startup.name.clone();
    let en = startup.name_en.clone();
    move || match language.get() {
        Lang::En => en.clone().unwrap_or_else(|| ko.clone()),
        Lang::Ko => ko.clone(),
    }
}

fn one_liner(
    startup: &Pitch,
    language: crate::state::language::Language,
) -> impl Fn() -> String + use<> {
    let ko = startup.pitch_ko.clone();
    let en = startup.pitch_en.clone();
    move || match language.get() {
        Lang::En => en.clone().or_else(|| ko.clone()).unwrap_or_default(),
        Lang::Ko => ko.clone().or_else(|| en.clone()).unwrap_or_default(),
    }
}

fn criterion_label(criterion: &Criterion, lang: Lang) -> String {
    match lang {
        Lang::Ko => criterion
            .label_ko
            .clone()
            .or_else(|| criterion.label_en.clone()),
        Lang::En => criterion
            .label_en
            .clone()
            .or_else(|| criterion.label_ko.clone()),
    }
    .unwrap_or_else(|| criterion.key.clone())
}

fn anchor_texts(criterion: &Criterion, lang: Lang) -> Option<[String; 3]> {
    let anchors = criterion.anchors.as_ref()?;
    let pick = |ko: &Option<String>, en: &Option<String>| match lang {
        Lang::Ko => ko.clone().or_else(|| en.clone()),
        Lang::En => en.clone().or_else(|| ko.clone()),
    };
    Some([
        pick(&anchors.low_ko, &anchors.low_en)?,
        pick(&anchors.mid_ko, &anchors.mid_en)?,
        pick(&anchors.high_ko, &anchors.high_en)?,
    ])
}

/// Records an edit; a device that cannot store it says so in the sync badge.
fn record(sync: SyncService, change: Change) {
    if let Err(error) = sync.record(change) {
        leptos::logging::warn!("edit not stored on this device: {error}");
    }
}

#[component]
fn Scorecard(
    position: usize,
    startups: RwSignal<Vec<Pitch>>,
    criteria: StoredValue<Vec<Criterion>>,
    scale: roadshow_core::model::Scale,
    server: StoredValue<ServerAnswers>,
    sync: SyncService,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let outbox = sync.outbox();
    let startup = startups.with_untracked(|startups| startups[position].clone());
    let next =
        startups.with_untracked(|startups| startups.get(position + 1).map(|next| next.id.clone()));
    let startup_id = StoredValue::new(startup.id.clone());
    let abstained = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| current_abstained(outbox, server, &startup_id.get_value()))
        })
    });
    let conflict = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| current_conflict(outbox, server, &startup_id.get_value()))
        })
    });
    let want = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| current_want(outbox, server, &startup_id.get_value()))
        })
    });
    let comment = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| current_comment(outbox, server, &startup_id.get_value()))
        })
    });
    let criteria_list = criteria.get_value();
    view! {
        <article class="card scorecard" aria-labelledby="pitch-title">
            <p><a href="?" class="back">{move || text(Key::BackToList)}</a></p>
            <h2 id="pitch-title">{display_name(&startup, language)}</h2>
            <PitchFacts pitch=startup.clone()/>
            <div class="toggles">
                <label class="toggle">
                    <input type="checkbox" prop:checked=move || abstained.get()
                        on:change=move |event| record(sync, Change::Abstain {
                            startup: startup_id.get_value(), criterion: None, abstain: event_target_checked(&event) })/>
                    {move || text(Key::AbstainPitch)}
                </label>
                <label class="toggle">
                    <input type="checkbox" prop:checked=move || conflict.get()
                        on:change=move |event| record(sync, Change::Conflict {
                            startup: startup_id.get_value(), conflict: event_target_checked(&event) })/>
                    {move || text(Key::ConflictOfInterest)}
                </label>
            </div>
            {criteria_list.into_iter().map(|criterion| view! {
                <CriterionInput criterion scale startup_id server sync disabled=Signal::derive(move || abstained.get() || conflict.get())/>
            }).collect_view()}
            <fieldset class="want">
                <legend>{move || text(Key::WantToMeet)}</legend>
                {[(Some(true), Key::Yes), (Some(false), Key::No), (None, Key::NotSaid)].into_iter().map(|(value, key)| view! {
                    <label class="choice">
                        <input type="radio" name="want" prop:checked=move || want.get() == value
                            on:change=move |_| record(sync, Change::Interest { startup: startup_id.get_value(), want: value })/>
                        <span>{move || text(key)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="comment">{move || text(Key::Comment)}</label>
                <textarea id="comment" rows="3" prop:value=move || comment.get()
                    on:change=move |event| record(sync, Change::Comment { startup: startup_id.get_value(), text: event_target_value(&event) })>
                </textarea>
            </div>
            {next.map(|next| view! {
                <a class="button primary next" href=format!("?pitch={next}")>{move || text(Key::NextPitch)}</a>
            })}
        </article>
    }
}

#[component]
fn CriterionInput(
    criterion: Criterion,
    scale: roadshow_core::model::Scale,
    startup_id: StoredValue<String>,
    server: StoredValue<ServerAnswers>,
    sync: SyncService,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let outbox = sync.outbox();
    let key = StoredValue::new(criterion.key.clone());
    let value = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| {
                current_score(outbox, server, &startup_id.get_value(), &key.get_value())
            })
        })
    });
    let delivery = Memo::new(move |_| {
        let cell = Cell::Score {
            startup: startup_id.get_value(),
            criterion: key.get_value(),
        };
        outbox.with(|outbox| outbox.latest(&cell).map(|entry| entry.delivery.clone()))
    });
    let label = {
        let criterion = criterion.clone();
        move || criterion_label(&criterion, language.get())
    };
    let anchors = {
        let criterion = criterion.clone();
        move || {
            anchor_texts(&criterion, language.get()).map(|[low, mid, high]| view! {
                <p class="anchors">
                    <span>{format!("{} {}: {low}", scale.min, text(Key::Low))}</span>
                    <span>{format!("{} {}: {mid}", (scale.min + scale.max) / 2, text(Key::Mid))}</span>
                    <span>{format!("{} {}: {high}", scale.max, text(Key::High))}</span>
                </p>
            })
        }
    };
    let status = move || match delivery.get() {
        Some(Delivery::SavedOnDevice) => Some((text(Key::SavedOnDevice).to_owned(), "local")),
        Some(Delivery::Synced) => Some((text(Key::Synced).to_owned(), "synced")),
        Some(Delivery::Rejected { reason }) => Some((
            format!("{}: {}", text(Key::Rejected), reason.message),
            "rejected",
        )),
        None => None,
    };
    let group_name = format!("score-{}", criterion.key);
    view! {
        <fieldset class="criterion" data-criterion=criterion.key.clone() prop:disabled=move || disabled.get()>
            <legend>{label}</legend>
            {anchors}
            <div class="scale" role="radiogroup">
                {(scale.min..=scale.max).map(|option| {
                    let group_name = group_name.clone();
                    view! {
                        <label class="score-option">
                            <input type="radio" name=group_name value=option.to_string()
                                prop:checked=move || value.get() == Some(option)
                                on:change=move |_| record(sync, Change::score(&startup_id.get_value(), &key.get_value(), Some(option)))/>
                            <span>{option}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <p class="delivery" data-state=move || status().map(|(_, state)| state)>
                {move || status().map(|(label, _)| label)}
            </p>
        </fieldset>
    }
}

/// Other investors' scores this investor may see (the server sends only what the reveal mode
/// allows): the mean of every visible score per startup.
#[derive(Debug, Clone, Default, PartialEq)]
struct OthersScores {
    means: BTreeMap<String, f64>,
}

impl OthersScores {
    fn from_changes(changes: &Changes, investor_id: &str) -> OthersScores {
        let mut sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
        for row in changes
            .scores
            .iter()
            .filter(|row| row.investor != investor_id && !row.abstain)
        {
            if let Some(value) = row.value {
                let entry = sums.entry(row.startup.clone()).or_default();
                entry.0 += value as f64;
                entry.1 += 1;
            }
        }
        OthersScores {
            means: sums
                .into_iter()
                .map(|(startup, (sum, count))| (startup, sum / count as f64))
                .collect(),
        }
    }
}

/// The investor's own scores, pitch by pitch, each a link back to its scorecard to change it.
#[component]
fn MyScores(
    startups: RwSignal<Vec<Pitch>>,
    criteria: StoredValue<Vec<Criterion>>,
    server: StoredValue<ServerAnswers>,
    sync: SyncService,
    others: OthersScores,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let outbox = sync.outbox();
    let any_others = !others.means.is_empty();
    let others = StoredValue::new(others);
    let header = move || {
        let lang = language.get();
        criteria.with_value(|criteria| {
            criteria
                .iter()
                .map(|criterion| view! { <th scope="col">{criterion_label(criterion, lang)}</th> })
                .collect_view()
        })
    };
    let rows = move || {
        outbox.with(|outbox| {
            server.with_value(|server| {
                criteria.with_value(|criteria| {
                    startups.with(|startups| {
                        startups
                            .iter()
                            .map(|startup| {
                                let id = startup.id.clone();
                                let cells: Vec<String> = if current_abstained(outbox, server, &id) {
                                    vec![text(Key::Abstained).to_owned(); criteria.len()]
                                } else if current_conflict(outbox, server, &id) {
                                    vec!["—".to_owned(); criteria.len()]
                                } else {
                                    criteria
                                        .iter()
                                        .map(|criterion| current_score(outbox, server, &id, &criterion.key).map(|value| value.to_string()).unwrap_or_else(|| "·".to_owned()))
                                        .collect()
                                };
                                let mean = others.with_value(|others| others.means.get(&id).map(|mean| format!("{mean:.1}")).unwrap_or_else(|| "—".to_owned()));
                                view! {
                                    <tr>
                                        <th scope="row"><a href=format!("?pitch={id}")>{display_name(startup, language)}</a></th>
                                        {cells.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}
                                        <td>{mean}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    })
                })
            })
        })
    };
    view! {
        <section class="card my-scores" aria-labelledby="my-scores-title">
            <h2 id="my-scores-title">{move || text(Key::MyScoresTitle)}</h2>
            <p class="hint">{move || text(Key::MyScoresEditable)}</p>
            {(!any_others).then(|| view! { <p class="hint">{move || text(Key::OthersHidden)}</p> })}
            <div class="table-scroll">
                <table>
                    <thead><tr><th scope="col">{move || text(Key::PitchList)}</th>{header}<th scope="col">{move || text(Key::OthersAverage)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The investor's thesis (fields, stages, regions, ticket), meeting capacity and the meeting slots
/// it cannot attend, saved to its own profile.
#[component]
fn ThesisForm(
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
