//! Rounds on the leaderboard (definitions §8.1): the choice of board (a round's, or the final
//! total), the weighted final total as its own table, the round investors' phones score, and
//! promotion to the next round — by top N or by hand, with the drift of a confirmed top N shown
//! and never applied.

use super::format::format_score;
use super::query::query_setter;
use crate::api::EventChange;
use crate::i18n::{Key, Lang, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::model::{FinalTotal, Promote, Snapshot};
use roadshow_core::ranking::TotalMode;
use roadshow_core::round_ranking::{self, FinalRanking, CONFIRMED_TOP};

/// Whether the event's final total is the weighted one (it has rounds and says so).
pub fn final_is_weighted(snapshot: &Snapshot) -> bool {
    !snapshot.event.rounds.is_empty()
        && snapshot.event.final_total.unwrap_or_default() == FinalTotal::Weighted
}

/// The event's rounds as (id, label).
fn round_list(lang: Lang) -> Vec<(String, String)> {
    use_organizer_data().with_roster(|snapshot| {
        snapshot
            .as_ref()
            .map(|snapshot| {
                snapshot
                    .event
                    .rounds
                    .iter()
                    .map(|round| (round.id.clone(), crate::names::round_name(round, lang)))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The board choice: the final total, or one round's board (`?round=R`).
#[component]
pub fn RoundChoice(round: Signal<Option<String>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let set_query = query_setter();
    move || {
        let rounds = round_list(language.get());
        let set_query = set_query.clone();
        (!rounds.is_empty()).then(|| view! {
            <label class="control">
                <span>{move || text(Key::Org(OrgKey::BoardRound))}</span>
                <select id="board-round" on:change=move |event| {
                    let value = event_target_value(&event);
                    set_query(&[("round", (!value.is_empty()).then_some(value.as_str())), ("page", None), ("startup", None)]);
                }>
                    <option value="" selected=move || round.get().is_none()>{move || text(Key::Org(OrgKey::FinalTotalBoard))}</option>
                    {rounds.into_iter().map(|(id, label)| {
                        let value = id.clone();
                        view! { <option value=value selected=move || round.get().as_deref() == Some(id.as_str())>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
        })
    }
}

/// One row of the weighted final total as shown.
#[derive(Debug, Clone, PartialEq)]
struct FinalLine {
    id: String,
    name: String,
    rank: Option<u32>,
    tied: bool,
    total: Option<f64>,
    rounds: Vec<Option<f64>>,
    judges: u32,
}

/// The weighted final total (definitions §8.1), exactly as `roadshow rank --final` computes it,
/// recomputed from the console's copy when scores change.
#[component]
pub fn WeightedFinalBoard(mode: Signal<TotalMode>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let lines = Memo::new(move |_| {
        data.scores_revision().track();
        let mode = mode.get();
        let lang = language.get();
        data.with_roster(|snapshot| {
            let snapshot = snapshot.as_ref()?;
            let Ok(FinalRanking::Weighted(rows)) = round_ranking::final_ranking(snapshot, mode)
            else {
                return None;
            };
            let heads: Vec<String> = snapshot
                .event
                .rounds
                .iter()
                .map(|round| crate::names::round_name(round, lang))
                .collect();
            let lines = rows
                .iter()
                .map(|row| FinalLine {
                    id: row.startup.clone(),
                    name: snapshot
                        .startups
                        .iter()
                        .find(|startup| startup.id == row.startup)
                        .map(|startup| crate::names::startup_name(startup, lang))
                        .unwrap_or_else(|| row.startup.clone()),
                    rank: row.rank,
                    tied: row.rank.is_some()
                        && rows.iter().filter(|other| other.rank == row.rank).count() > 1,
                    total: row.total,
                    rounds: row.rounds.iter().map(|(_, total)| *total).collect(),
                    judges: row.judges,
                })
                .collect::<Vec<_>>();
            Some((heads, lines))
        })
    });
    view! {
        <p class="board-note" id="weighted-final-note">{move || text(Key::Org(OrgKey::WeightedFinalNote))}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="weighted-final-caption">
            <table class="board-table weighted-final">
                <caption id="weighted-final-caption" class="visually-hidden">{move || text(Key::Org(OrgKey::WeightedFinalTable))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || text(Key::Org(OrgKey::Rank))}</th>
                        <th scope="col">{move || text(Key::Org(OrgKey::Startup))}</th>
                        <th scope="col" class="number">{move || text(Key::Org(OrgKey::Total))}</th>
                        {move || lines.with(|lines| lines.as_ref().map(|(heads, _)| heads.clone()).unwrap_or_default())
                            .into_iter().map(|head| view! { <th scope="col" class="number">{head}</th> }).collect_view()}
                        <th scope="col" class="number">{move || text(Key::Org(OrgKey::Judges))}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || lines.with(|lines| lines.as_ref().map(|(_, lines)| lines.clone()).unwrap_or_default())
                        .into_iter().map(|line| view! {
                            <tr data-startup=line.id.clone()>
                                <td class="rank" data-rank=line.rank.map(|rank| rank.to_string()).unwrap_or_default()>
                                    {match (line.rank, line.tied) {
                                        (Some(rank), true) => format!("={rank}"),
                                        (Some(rank), false) => rank.to_string(),
                                        (None, _) => "–".to_owned(),
                                    }}
                                </td>
                                <th scope="row" class="startup-name">{line.name.clone()}</th>
                                <td class="number total">{format_score(line.total)}</td>
                                {line.rounds.iter().map(|total| view! { <td class="number round-total">{format_score(*total)}</td> }).collect_view()}
                                <td class="number judges">{line.judges.to_string()}</td>
                            </tr>
                        }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The settings to send when only the rounds change: the event's own, without the live state
/// (which changes through its own fields).
fn settings_with_promotion(
    snapshot: &Snapshot,
    round: &str,
    promote: Promote,
) -> Option<roadshow_core::model::Event> {
    let mut settings = snapshot.event.clone();
    settings.phase = None;
    settings.reveal = None;
    settings.scores_revealed = None;
    settings.meetings_published = None;
    settings.registration_closes_at = None;
    let place = settings.rounds.iter_mut().find(|known| known.id == round)?;
    place.promote = Some(promote);
    Some(settings)
}

/// The round investors' phones score, and promotion from the round chosen on the board.
#[component]
pub fn RoundsPanel(mode: Signal<TotalMode>, round: Signal<Option<String>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let has_rounds = Memo::new(move |_| {
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .is_some_and(|snapshot| !snapshot.event.rounds.is_empty())
        })
    });
    let current = Memo::new(move |_| {
        let named = data.event_state().get().and_then(|live| live.current_round);
        data.with_roster(|snapshot| {
            let snapshot = snapshot.as_ref()?;
            roadshow_core::rounds::current_round(&snapshot.event.rounds, named.as_deref())
                .map(|round| round.id.clone())
        })
    });
    let chosen_current = RwSignal::new(None::<String>);
    let move_round = Action::new_local(move |round: &String| {
        data.change_event(EventChange {
            current_round: Some(round.clone()),
            ..Default::default()
        })
    });
    let save_promotion = Action::new_local(move |(round, promote): &(String, Promote)| {
        let settings = data.snapshot().with_untracked(|snapshot| {
            snapshot
                .as_ref()
                .and_then(|snapshot| settings_with_promotion(snapshot, round, promote.clone()))
        });
        async move {
            match settings {
                Some(settings) => {
                    data.change_event(EventChange {
                        settings: Some(settings),
                        ..Default::default()
                    })
                    .await
                }
                None => Ok(()),
            }
        }
    });
    // The round chosen on the board, if it has a round after it.
    let promotion_round = Memo::new(move |_| {
        let id = round.get()?;
        data.with_roster(|snapshot| {
            let rounds = &snapshot.as_ref()?.event.rounds;
            let index = rounds.iter().position(|known| known.id == id)?;
            (index + 1 < rounds.len()).then(|| rounds[index].clone())
        })
    });
    let top_n = RwSignal::new(None::<i64>);
    let shown_n = move || {
        top_n.get().or_else(|| {
            promotion_round.with(|round| {
                let promote = round.as_ref()?.promote.as_ref()?;
                promote
                    .top
                    .or_else(|| promote.extra.get(CONFIRMED_TOP).and_then(|n| n.as_i64()))
                    .or_else(|| promote.startups.as_ref().map(|list| list.len() as i64))
            })
        })
    };
    let drift = Memo::new(move |_| {
        data.scores_revision().track();
        let round = promotion_round.get()?;
        let mode = mode.get();
        data.snapshot().with_untracked(|snapshot| {
            round_ranking::promotion_drift(snapshot.as_ref()?, &round.id, mode)
                .ok()
                .flatten()
        })
    });
    let confirmed = move || {
        promotion_round.with(|round| {
            round
                .as_ref()
                .and_then(|round| round.promote.as_ref()?.startups.clone())
        })
    };
    let name_of = move |id: &str| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .and_then(|snapshot| snapshot.startups.iter().find(|startup| startup.id == id))
                .map(|startup| crate::names::startup_name(startup, lang))
                .unwrap_or_else(|| id.to_owned())
        })
    };
    let confirm_top = move || {
        let (Some(round), Some(n)) = (promotion_round.get_untracked(), shown_n()) else {
            return;
        };
        let list = data.snapshot().with_untracked(|snapshot| {
            let mut today = snapshot.clone()?;
            let place = today
                .event
                .rounds
                .iter_mut()
                .find(|known| known.id == round.id)?;
            place.promote = Some(Promote {
                top: Some(n),
                ..Default::default()
            });
            round_ranking::promoted(&today, &round.id, mode.get_untracked()).ok()
        });
        if let Some(list) = list {
            let mut promote = Promote {
                startups: Some(list),
                ..Default::default()
            };
            promote.extra.insert(CONFIRMED_TOP.to_owned(), n.into());
            save_promotion.dispatch((round.id.clone(), promote));
        }
    };
    let ticked = RwSignal::new(Vec::<String>::new());
    let round_startups = Memo::new(move |_| {
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .map(|snapshot| {
                    snapshot
                        .startups
                        .iter()
                        .map(|startup| startup.id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || has_rounds.get()>
            <section class="card rounds-panel" aria-labelledby="rounds-title">
                <h3 id="rounds-title">{move || text(Key::Org(OrgKey::RoundsTitle))}</h3>
                <form class="current-round" on:submit=move |event| {
                    event.prevent_default();
                    if let Some(round) = chosen_current.get_untracked().or_else(|| current.get_untracked()) {
                        move_round.dispatch(round);
                    }
                }>
                    <label class="control">
                        <span>{move || text(Key::Org(OrgKey::CurrentRound))}</span>
                        <select id="current-round" on:change=move |event| chosen_current.set(Some(event_target_value(&event)))>
                            {move || round_list(language.get()).into_iter().map(|(id, label)| {
                                let value = id.clone();
                                view! { <option value=value selected=move || current.get().as_deref() == Some(id.as_str())>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <button type="submit" disabled=move || move_round.pending().get()>{move || text(Key::Org(OrgKey::MoveRound))}</button>
                    <p role="status" class="save-status">
                        {move || match move_round.value().get() {
                            Some(Ok(())) => text(Key::Org(OrgKey::RoundMoved)),
                            Some(Err(_)) => text(Key::Org(OrgKey::RoundNotMoved)),
                            None => "",
                        }}
                    </p>
                </form>
                <h4>{move || text(Key::Org(OrgKey::PromotionTitle))}</h4>
                {move || match (round.get(), promotion_round.get()) {
                    (None, _) => view! { <p class="hint">{move || text(Key::Org(OrgKey::ChooseRoundForPromotion))}</p> }.into_any(),
                    (Some(_), None) => view! { <p class="hint">{move || text(Key::Org(OrgKey::LastRoundNoPromotion))}</p> }.into_any(),
                    (Some(_), Some(_)) => view! {
                        <div class="promotion">
                            <label class="control">
                                <span>{move || text(Key::Org(OrgKey::PromoteTopN))}</span>
                                <input type="number" id="promote-top" min="1" inputmode="numeric"
                                    prop:value=move || shown_n().map(|n| n.to_string()).unwrap_or_default()
                                    on:change=move |event| top_n.set(event_target_value(&event).trim().parse().ok().filter(|n: &i64| *n >= 1))/>
                            </label>
                            <button type="button" id="confirm-top" class="primary" disabled=move || save_promotion.pending().get() || shown_n().is_none()
                                on:click=move |_| confirm_top()>{move || text(Key::Org(OrgKey::ConfirmTopN))}</button>
                            {move || drift.get().map(|drift| view! {
                                <div class="notice warning promotion-drift" role="alert">
                                    <p>{move || text(Key::Org(OrgKey::PromotionDrift)).replace("{n}", &drift.top.to_string())}</p>
                                    {(!drift.would_enter.is_empty()).then(|| view! {
                                        <p>{move || text(Key::Org(OrgKey::WouldEnter))}": "{drift.would_enter.iter().map(|id| name_of(id)).collect::<Vec<_>>().join(", ")}</p>
                                    })}
                                    {(!drift.would_leave.is_empty()).then(|| view! {
                                        <p>{move || text(Key::Org(OrgKey::WouldLeave))}": "{drift.would_leave.iter().map(|id| name_of(id)).collect::<Vec<_>>().join(", ")}</p>
                                    })}
                                </div>
                            })}
                            {move || match confirmed() {
                                Some(list) => view! {
                                    <p class="promoted-list"><strong>{move || text(Key::Org(OrgKey::PromotedList))}</strong>
                                        {format!(" ({}): ", list.len())}
                                        {list.iter().map(|id| name_of(id)).collect::<Vec<_>>().join(", ")}</p>
                                }.into_any(),
                                None => view! { <p class="hint">{move || text(Key::Org(OrgKey::NoPromotionYet))}</p> }.into_any(),
                            }}
                            <details class="by-hand">
                                <summary>{move || text(Key::Org(OrgKey::ConfirmChosen))}</summary>
                                <fieldset>
                                    <legend class="visually-hidden">{move || text(Key::Org(OrgKey::ConfirmChosen))}</legend>
                                    {move || round_startups.get().into_iter().map(|id| {
                                        let check_id = id.clone();
                                        let toggle_id = id.clone();
                                        let label = name_of(&id);
                                        view! {
                                            <label class="choice">
                                                <input type="checkbox" value=id.clone()
                                                    prop:checked=move || ticked.with(|list| list.contains(&check_id))
                                                    on:change=move |event| {
                                                        let on = event_target_checked(&event);
                                                        ticked.update(|list| {
                                                            list.retain(|known| *known != toggle_id);
                                                            if on { list.push(toggle_id.clone()); }
                                                        });
                                                    }/>
                                                <span>{label}</span>
                                            </label>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <button type="button" id="confirm-chosen" disabled=move || save_promotion.pending().get() || ticked.with(Vec::is_empty)
                                    on:click=move |_| {
                                        if let Some(round) = promotion_round.get_untracked() {
                                            let mut list = ticked.get_untracked();
                                            list.sort();
                                            save_promotion.dispatch((round.id.clone(), Promote { startups: Some(list), ..Default::default() }));
                                        }
                                    }>{move || text(Key::Org(OrgKey::ConfirmChosen))}</button>
                            </details>
                            <p role="status" class="save-status">
                                {move || match save_promotion.value().get() {
                                    Some(Ok(())) => text(Key::Org(OrgKey::PromotionSaved)),
                                    Some(Err(_)) => text(Key::Org(OrgKey::PromotionNotSaved)),
                                    None => "",
                                }}
                            </p>
                        </div>
                    }.into_any(),
                }}
                {move || round.get().map(|_| view! { <p class="board-note">{move || text(Key::Org(OrgKey::RoundBoardNote))}</p> })}
            </section>
        </Show>
    }
}
