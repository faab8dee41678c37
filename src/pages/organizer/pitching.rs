//! The pitches on the day (definitions §8.3): per hall, the running order computed in the
//! browser (`core::running_order::hall_order`, pins kept, fewest judge step-outs), published
//! to every investor's phone, and the pitch on now, which the organizer advances and the phones
//! follow within a second.

use crate::api::EventChange;
use crate::i18n::{hall_name, place_text, problem_message, step_outs_text, Key, PitchingKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::model::{ProfileStatus, Snapshot};
use roadshow_core::pitching::{self, Pitcher};
use roadshow_core::problem::Problem;
use roadshow_core::running_order::{hall_order, RunningOrder};
use roadshow_core::wire::PitchOn;

fn key(key: PitchingKey) -> Key {
    Key::Pitching(key)
}

/// One pitch as the hall's list shows it.
#[derive(Debug, Clone, PartialEq)]
struct PitchRow {
    id: String,
    name: String,
    pinned: bool,
    /// The judges (by name) who step out for it.
    stepping_out: Vec<String>,
}

/// One hall: its computed order (or why there is none) and the pitches as the phones list them.
#[derive(Debug, Clone, PartialEq)]
struct HallPlan {
    hall: u32,
    computed: Result<RunningOrder, Vec<Problem>>,
    /// The hall's pitches in the published order (registration order before publication).
    sequence: Vec<PitchRow>,
}

fn plans(snapshot: &Snapshot, published: &[String], lang: crate::i18n::Lang) -> Vec<HallPlan> {
    let pitching: Vec<&roadshow_core::model::Startup> = snapshot
        .startups
        .iter()
        .filter(|startup| startup.status != Some(ProfileStatus::Draft))
        .collect();
    let pitchers: Vec<Pitcher> = pitching
        .iter()
        .map(|startup| Pitcher::new(&startup.id, startup.hall))
        .collect();
    let conflicted = roadshow_core::teams::conflicted_pairs(snapshot);
    let row = |id: &str| {
        let startup = pitching.iter().find(|startup| startup.id == id);
        PitchRow {
            id: id.to_owned(),
            name: startup
                .map(|startup| crate::names::startup_name(startup, lang))
                .unwrap_or_else(|| id.to_owned()),
            pinned: startup.is_some_and(|startup| startup.pitch_position.is_some()),
            // A firm's conflict is every member's (definitions §8.6), as `hall_order` counts.
            stepping_out: snapshot
                .startups
                .iter()
                .position(|startup| startup.id == id)
                .map(|startup| {
                    snapshot
                        .investors
                        .iter()
                        .enumerate()
                        .filter(|(judge, _)| conflicted.contains(&(*judge, startup)))
                        .map(|(_, investor)| crate::names::investor_label(investor, lang))
                        .collect()
                })
                .unwrap_or_default(),
        }
    };
    pitching::halls(&pitchers)
        .into_iter()
        .map(|hall| HallPlan {
            hall,
            computed: hall_order(snapshot, hall),
            sequence: pitching::hall_sequence(published, &pitchers, hall)
                .into_iter()
                .map(row)
                .collect(),
        })
        .collect()
}

#[component]
pub fn PitchingPanel() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let live = data.event_state();
    let published = Memo::new(move |_| {
        live.with(|live| {
            live.as_ref()
                .map(|live| live.running_order.clone())
                .unwrap_or_default()
        })
    });
    let now = Memo::new(move |_| {
        live.with(|live| {
            live.as_ref()
                .map(|live| live.now_pitching.clone())
                .unwrap_or_default()
        })
    });
    let halls = Memo::new(move |_| {
        let lang = language.get();
        published.with(|published| {
            data.with_roster(|snapshot| {
                snapshot
                    .as_ref()
                    .map(|snapshot| plans(snapshot, published, lang))
                    .unwrap_or_default()
            })
        })
    });
    let change = Action::new_local(move |change: &EventChange| data.change_event(change.clone()));
    let failure = move || change.value().get().and_then(Result::err);
    // Every hall's computed order, hall after hall; none while a hall's pins are wrong.
    let computed_order = move || {
        halls.with(|halls| {
            halls
                .iter()
                .map(|plan| plan.computed.as_ref().ok().map(|order| order.order.clone()))
                .collect::<Option<Vec<Vec<String>>>>()
                .map(|orders| orders.concat())
        })
    };
    let publish = move |_| {
        if let Some(order) = computed_order() {
            change.dispatch(EventChange {
                running_order: Some(order),
                ..Default::default()
            });
        }
    };
    let set_now = move |hall: u32, startup: Option<String>| {
        change.dispatch(EventChange {
            now_pitching: Some(PitchOn { hall, startup }),
            ..Default::default()
        });
    };
    view! {
        <section class="card pitching" aria-labelledby="pitching-title">
            <h2 id="pitching-title">{move || text(key(PitchingKey::Title))}</h2>
            <p class="hint">{move || text(key(PitchingKey::Hint))}</p>
            <p>
                <button type="button" id="publish-order" class="primary"
                    disabled=move || change.pending().get() || computed_order().is_none_or(|order| order.is_empty())
                    on:click=publish>
                    {move || if change.pending().get() { text(key(PitchingKey::Publishing)) } else { text(key(PitchingKey::Publish)) }}
                </button>
                " "<span class="hint">{move || text(key(PitchingKey::PublishHint))}</span>
            </p>
            {move || (!published.with(Vec::is_empty)).then_some(()).map_or_else(
                || view! { <p class="status" id="order-status" data-published="false">{move || text(key(PitchingKey::NotPublished))}</p> }.into_any(),
                |()| {
                    let same = computed_order().is_some_and(|order| published.with(|published| {
                        let listed: Vec<&String> = published.iter().filter(|id| order.contains(id)).collect();
                        listed.len() == order.len() && listed.iter().zip(&order).all(|(a, b)| *a == b)
                    }));
                    view! {
                        <p class="status" id="order-status" data-published="true" data-same=same.to_string()>
                            {move || text(key(if same { PitchingKey::SameAsComputed } else { PitchingKey::DiffersFromComputed }))}
                        </p>
                    }.into_any()
                },
            )}
            {move || failure().map(|error| view! { <p class="error" role="alert">{move || text(crate::i18n::request_problem(&error))}</p> })}
            {move || halls.with(Vec::is_empty).then(|| view! { <p>{move || text(key(PitchingKey::NoPitches))}</p> })}
        </section>
        {move || halls.get().into_iter().map(|plan| view! {
            <HallCard plan now=now.into() pending=change.pending() on_set=Callback::new(move |(hall, startup)| set_now(hall, startup))/>
        }).collect_view()}
    }
}

#[component]
fn HallCard(
    plan: HallPlan,
    now: Signal<Vec<roadshow_core::wire::NowPitching>>,
    pending: Memo<bool>,
    on_set: Callback<(u32, Option<String>)>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let hall = plan.hall;
    let title_id = format!("hall-{hall}-title");
    let labelled_by = title_id.clone();
    let ids: Vec<String> = plan.sequence.iter().map(|row| row.id.clone()).collect();
    let ids = StoredValue::new(ids);
    let current =
        Memo::new(move |_| now.with(|now| pitching::now_in(now, hall).map(str::to_owned)));
    let step = move |forward: bool| {
        let target = ids.with_value(|ids| {
            let sequence: Vec<&str> = ids.iter().map(String::as_str).collect();
            let current = current.get_untracked();
            if forward {
                pitching::next_pitch(&sequence, current.as_deref())
            } else {
                pitching::previous_pitch(&sequence, current.as_deref())
            }
            .map(str::to_owned)
        });
        on_set.run((hall, target));
    };
    let names: Vec<(String, String)> = plan
        .sequence
        .iter()
        .map(|row| (row.id.clone(), row.name.clone()))
        .collect();
    let now_line = move || {
        let lang = language.get();
        match current.get() {
            Some(id) => {
                let place = ids.with_value(|ids| ids.iter().position(|known| *known == id));
                let name = names
                    .iter()
                    .find(|(known, _)| *known == id)
                    .map(|(_, name)| name.clone())
                    .unwrap_or(id);
                let of = ids.with_value(Vec::len);
                view! {
                    <span class="badge now">{text(key(PitchingKey::NowPitching))}</span>" "
                    <strong class="now-name">{name}</strong>
                    {place.map(|place| format!(" ({})", place_text(lang, place + 1, of)))}
                }
                .into_any()
            }
            None => view! { <span class="now-name">{text(key(PitchingKey::NothingOn))}</span> }
                .into_any(),
        }
    };
    let computed = match &plan.computed {
        Ok(order) => {
            let (step_outs, exact) = (order.step_outs, order.exact);
            view! {
                <p class="computed" data-step-outs=step_outs.to_string()>
                    {move || text(key(PitchingKey::Computed))}": "
                    {move || step_outs_text(language.get(), step_outs, exact)}
                </p>
            }
            .into_any()
        }
        Err(problems) => {
            let problems = problems.clone();
            view! {
                <div class="error" role="alert">
                    <p>{move || text(key(PitchingKey::PinProblem))}</p>
                    <ul>{problems.into_iter().map(|problem| view! {
                        <li><code>{problem.path.clone()}</code>" — "{move || problem_message(problem.code, language.get())}</li>
                    }).collect_view()}</ul>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card hall-order" data-hall=hall.to_string() aria-labelledby=labelled_by>
            <h3 id=title_id>{move || hall_name(language.get(), hall)}</h3>
            <p class="now-line" role="status" aria-live="polite">{now_line}</p>
            <div class="pitch-controls">
                <button type="button" class="previous-pitch" disabled=move || pending.get() || current.get().is_none()
                    on:click=move |_| step(false)>{move || text(key(PitchingKey::Previous))}</button>
                <button type="button" class="primary next-pitch" disabled=move || pending.get()
                    on:click=move |_| step(true)>{move || text(key(PitchingKey::Next))}</button>
                <button type="button" class="stop-pitches" disabled=move || pending.get() || current.get().is_none()
                    on:click=move |_| on_set.run((hall, None))>{move || text(key(PitchingKey::Stop))}</button>
            </div>
            {computed}
            <h4>{move || text(key(PitchingKey::Published))}</h4>
            <ol class="hall-sequence">
                {plan.sequence.into_iter().enumerate().map(|(place, row)| {
                    let id = row.id.clone();
                    let on_now = {
                        let id = id.clone();
                        Memo::new(move |_| current.with(|current| current.as_deref() == Some(id.as_str())))
                    };
                    let label = row.name.clone();
                    let target = id.clone();
                    let stepping_out = row.stepping_out.join(", ");
                    view! {
                        <li data-startup=id.clone() class:on-now=move || on_now.get() aria-current=move || on_now.get().then_some("step")>
                            <span class="place" aria-hidden="true">{place + 1}"."</span>
                            <span class="pitch-name">{row.name}</span>
                            {row.pinned.then(|| view! { " "<span class="badge status">{move || text(key(PitchingKey::Pinned))}</span> })}
                            {(!stepping_out.is_empty()).then(|| view! {
                                <span class="stepping-out">" · "{move || text(key(PitchingKey::StepsOut))}": "{stepping_out.clone()}</span>
                            })}
                            " "
                            <button type="button" class="set-now" disabled=move || pending.get() || on_now.get()
                                aria-label=move || format!("{} — {label}", text(key(PitchingKey::SetNow)))
                                on:click=move |_| on_set.run((hall, Some(target.clone())))>
                                {move || text(key(PitchingKey::SetNow))}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
