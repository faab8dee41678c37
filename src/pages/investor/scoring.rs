//! The scoring screen's frame: the event's header, progress and sync state, the view switcher,
//! and the view the query asks for (a pitch's scorecard, the pitch list, the investor's scores,
//! its thesis, its agenda).

use super::follow_ups::FollowUps;
use super::labels::{display_name, one_liner};
use super::my_scores::{MyScores, OthersScores};
use super::pitch_list::PitchList;
use super::scorecard::Scorecard;
use super::thesis_form::ThesisForm;
use crate::api::{Changes, InvestorView, LiveState, PhoneEvent, Pitch};
use crate::components::agenda::{Agenda, AgendaSide};
use crate::components::erasure_request::ErasureRequestSection;
use crate::components::my_data::MyDataDownload;
use crate::components::privacy_notice::{retention_of, PrivacyNotice};
use crate::i18n::{scored_progress, waiting_to_sync, Key, OutcomeKey, PitchingKey};
use crate::state::language::{use_language, use_text};
use crate::state::sync::{SyncService, SyncTrouble};
use crate::storage;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use roadshow_core::model::Phase;
use roadshow_core::overlay::{Overlay, ServerAnswers};
use roadshow_core::sync::Outbox;
use roadshow_core::wire::{NowPitching, Role};

/// The event data and whether it came from this device's saved copy (offline).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Loaded {
    pub(super) changes: Changes,
    pub(super) from_saved_copy: bool,
}

/// The investor's own answers in the server's change feed, its scores those of `round` (the
/// round the phone scores; `""` without rounds).
fn server_answers(changes: &Changes, investor_id: &str, round: &str) -> ServerAnswers {
    let mut answers = ServerAnswers {
        round: round.to_owned(),
        ..ServerAnswers::default()
    };
    for row in changes
        .scores
        .iter()
        .filter(|row| row.investor == investor_id && row.round == round)
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
        if verdict.comment_shared {
            answers.shared_comments.insert(verdict.startup.clone());
        } else {
            answers.shared_comments.remove(&verdict.startup);
        }
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

#[component]
pub(super) fn ScoringScreen(loaded: Loaded, sync: SyncService, secret: String) -> impl IntoView {
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
    let PhoneEvent {
        settings: event,
        live,
        ..
    } = changes.event.clone().unwrap_or_default();
    // The round phones score now (definitions §8.1): its criteria, scale, judges and entrants.
    let round = roadshow_core::rounds::current_round(&event.rounds, live.current_round.as_deref());
    let round_id = round.map(|round| round.id.clone()).unwrap_or_default();
    // Named in the language of the moment (the switch in the header redraws it).
    let round_name = round
        .cloned()
        .map(|round| move || crate::names::round_name(&round, language.get()));
    let server = StoredValue::new(server_answers(&changes, &investor_id, &round_id));
    let startups = RwSignal::new(in_running_order(
        changes.startups.items.clone(),
        &live.running_order,
    ));
    let now_pitching = RwSignal::new(live.now_pitching.clone());
    let criteria = StoredValue::new(
        round
            .and_then(|round| round.criteria.clone())
            .unwrap_or_else(|| event.criteria.clone()),
    );
    let scale = round.and_then(|round| round.scale).unwrap_or(event.scale);
    let outbox = sync.outbox();
    // A judge limited to tracks scores only the pitches in them (definitions §8.2); the others
    // are listed, open to "want to meet" and a comment, but not counted as to score.
    let my_tracks = StoredValue::new(super::judging::Judging {
        tracks: changes
            .investors
            .items
            .iter()
            .find(|investor| investor.id == investor_id)
            .map(|investor| investor.tracks.clone())
            .unwrap_or_default(),
        judges_round: round.is_none_or(|round| round.is_judge(&investor_id)),
        entrants: round
            .and_then(|round| event.rounds.iter().position(|known| known.id == round.id))
            .and_then(|index| roadshow_core::rounds::entrants(&event.rounds, index))
            .map(<[String]>::to_vec),
    });
    // The organizer moving the event to another round: the phone offers to open it (the
    // scorecards change criteria, so it is not swapped under a finger mid-score).
    let round_moved = RwSignal::new(false);
    let scored_count = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| {
                criteria.with_value(|criteria| {
                    startups.with(|startups| {
                        startups
                            .iter()
                            .filter(|startup| super::judging::judges(my_tracks, startup))
                            .filter(|startup| {
                                Overlay::new(outbox, server).is_scored(&startup.id, criteria)
                            })
                            .count()
                    })
                })
            })
        })
    });
    let total = move || {
        startups.with(|startups| {
            startups
                .iter()
                .filter(|startup| super::judging::judges(my_tracks, startup))
                .count()
        })
    };
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
            tracks: Vec::new(),
        });
    let others = OthersScores::from_changes(&changes, &investor_id, &round_id);
    let meetings = changes.meetings.clone();
    let meeting_states = changes.meeting_states.clone();
    let follow_ups = changes.follow_ups.clone();
    // Records that could not be read are left out and named here; the rest works.
    let unreadable: Vec<String> = changes
        .startups
        .unreadable
        .iter()
        .chain(&changes.investors.unreadable)
        .map(crate::api::UnreadableRecord::label)
        .collect();
    // Startups the organizer removes (or unpublishes) leave the list while it is open; a new
    // running order rearranges it and the pitch on now moves, each kept for offline use.
    {
        let event_id = event.id.clone();
        let live_event_id = event.id.clone();
        let rounds_now = event.rounds.clone();
        let round_at_load = round_id.clone();
        let owner = storage::OutboxOwner::investor(&secret);
        crate::state::pitch_list::follow_pitch_list(
            event_id.clone(),
            secret.clone(),
            changes.version,
            Callback::new(move |gone: Vec<String>| {
                if startups.with_untracked(|list| list.iter().any(|pitch| gone.contains(&pitch.id)))
                {
                    startups.update(|list| list.retain(|pitch| !gone.contains(&pitch.id)));
                }
                if let Err(error) = storage::drop_cached_startups(&event_id, owner, &gone) {
                    leptos::logging::warn!("saved copy not updated: {error}");
                }
            }),
            Callback::new(move |live: LiveState| {
                let reordered = startups
                    .with_untracked(|list| in_running_order(list.clone(), &live.running_order));
                if startups.with_untracked(|list| *list != reordered) {
                    startups.set(reordered);
                }
                if now_pitching.with_untracked(|now| *now != live.now_pitching) {
                    now_pitching.set(live.now_pitching.clone());
                }
                let now_round = roadshow_core::rounds::current_round(
                    &rounds_now,
                    live.current_round.as_deref(),
                )
                .map(|round| round.id.clone())
                .unwrap_or_default();
                if now_round != round_at_load && !round_moved.get_untracked() {
                    round_moved.set(true);
                }
                if let Err(error) = storage::save_cached_live(&live_event_id, owner, &live) {
                    leptos::logging::warn!("saved copy not updated: {error}");
                }
            }),
        );
    }
    let event_for_views = event.clone();
    let event_name = {
        let event = event.clone();
        move || crate::names::pick(&event.name, event.name_en.as_deref(), language.get())
    };
    view! {
        <section class="card scoring-header" aria-labelledby="scoring-event-name">
            <p class="eyebrow">{move || text(Key::InvestorScoring)}</p>
            <h1 id="scoring-event-name">{event_name}</h1>
            {live.fictional.then(|| view! { <p class="badge fictional">{move || text(Key::FictionalDemo)}</p> })}
            {loaded.from_saved_copy.then(|| view! { <p class="badge offline">{move || text(Key::ShowingSavedCopy)}</p> })}
            {(live.phase != Phase::Scoring).then(|| view! { <p class="badge warning">{move || text(Key::ScoringNotOpen)}</p> })}
            {round_name.map(|name| view! {
                <p class="badge round-on-phone">{move || text(Key::RoundOnPhone)}": "{name}</p>
            })}
            {move || round_moved.get().then(|| view! {
                <p class="notice new-round" role="status">
                    {move || text(Key::NewRoundStarted)}" "
                    <button type="button" class="primary" on:click=move |_| crate::navigation::reload()>{move || text(Key::OpenNewRound)}</button>
                </p>
            })}
            <NowPitchingLine startups now_pitching/>
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
            {nav_link("follow-ups", Key::Outcome(OutcomeKey::ViewFollowUps))}
        </nav>
        {move || match (selected.get(), view_name.get().as_str()) {
            (Some(pitch), _) => {
                let position = startups.with(|startups| startups.iter().position(|startup| startup.id == pitch));
                match position {
                    Some(position) => view! {
                        <Scorecard position startups criteria scale server sync my_tracks/>
                    }.into_any(),
                    None => view! { <PitchList startups criteria server sync now_pitching my_tracks/> }.into_any(),
                }
            }
            (None, "scores") => view! { <MyScores startups criteria server sync others=others.clone()/> }.into_any(),
            (None, "profile") => view! {
                <ThesisForm me=me.clone() settings=event_for_views.meetings.clone() event_id=event_for_views.id.clone() secret=secret.clone()/>
                <PrivacyNotice audience=Role::Investor retention=retention_of(&event_for_views)/>
                <MyDataDownload event_id=event_for_views.id.clone() secret=secret.clone()/>
                <ErasureRequestSection event_id=event_for_views.id.clone() secret=secret.clone() audience=Role::Investor/>
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
                    <Agenda event=event_for_views.clone() meetings=meetings.clone() states=meeting_states.clone()
                        side=AgendaSide::Investor owner_id=me.id.clone() investor_names startup_names sync/>
                }.into_any()
            }
            (None, "follow-ups") => {
                let startup_names = startups.with_untracked(|startups| {
                    startups.iter().map(|startup| (startup.id.clone(), startup.name.clone(), startup.name_en.clone())).collect::<Vec<_>>()
                });
                view! {
                    <FollowUps event=event_for_views.clone() investor_id=me.id.clone() meetings=meetings.clone()
                        states=meeting_states.clone() follow_ups=follow_ups.clone() startup_names sync/>
                }.into_any()
            }
            (None, _) => view! { <PitchList startups criteria server sync now_pitching my_tracks/> }.into_any(),
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

/// The pitches in the published running order (definitions §8.3); the others after, as the
/// server lists them.
fn in_running_order(pitches: Vec<Pitch>, order: &[String]) -> Vec<Pitch> {
    if order.is_empty() {
        return pitches;
    }
    let places = roadshow_core::pitching::arranged(order, pitches.iter().map(|p| p.id.as_str()));
    let mut slots: Vec<Option<Pitch>> = pitches.into_iter().map(Some).collect();
    places
        .into_iter()
        .filter_map(|place| slots[place].take())
        .collect()
}

/// Which pitch is on now (per hall when the event has several), linked to its scorecard; the
/// last known while offline.
#[component]
fn NowPitchingLine(
    startups: RwSignal<Vec<Pitch>>,
    now_pitching: RwSignal<Vec<NowPitching>>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let several_halls = Memo::new(move |_| {
        startups.with(|list| list.iter().any(|pitch| pitch.hall.unwrap_or(0) != 0))
    });
    let on_now = move || {
        now_pitching.with(|now| {
            startups.with(|list| {
                now.iter()
                    .filter_map(|entry| {
                        list.iter()
                            .find(|pitch| pitch.id == entry.startup)
                            .map(|pitch| (entry.hall, pitch.clone()))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <div class="now-pitching" role="status" aria-live="polite">
            {move || on_now().into_iter().map(|(hall, pitch)| {
                let hall_label = several_halls.get().then(|| format!("{} · ", crate::i18n::hall_name(language.get(), hall)));
                view! {
                    <p>
                        <span class="badge now">{move || text(Key::Pitching(PitchingKey::NowPitching))}</span>" "
                        {hall_label}
                        <a href=format!("?pitch={}", pitch.id)>{display_name(&pitch, language)}</a>
                    </p>
                }
            }).collect_view()}
        </div>
    }
}
