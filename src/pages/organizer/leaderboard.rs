//! The live leaderboard. Order and totals come from core's incremental [`Leaderboard`]
//! (refreshed after each score, not rebuilt); the details of a row (interval, judges, criterion
//! means, flags) are computed only for the rows on screen, one startup at a time.
//!
//! URL state: `mode=raw`, `show=needs|disagreement`, `q=…`, `sort=name|judges`, `page=N`,
//! `startup=ID` (the detail panel), `track=T` (track T's own board, definitions §8.2: its
//! startups ranked and normalized among themselves; offered when the event has tracks),
//! `round=R` (round R's board, definitions §8.1; without it an event with rounds shows its
//! final total: the last round's board, or the weighted final of `rounds::WeightedFinalBoard`).
//!
//! [`Leaderboard`]: roadshow_core::ranking::Leaderboard

use super::charts::IntervalBar;
use super::detail::StartupDetail;
use super::format::{criterion_label, format_score, needs_more};
use super::query::{href_with, query_setter};
use crate::i18n::{Key, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use roadshow_core::ranking::TotalMode;

const PAGE_SIZE: usize = 50;

/// One startup on the board being shown, in the order listed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Listed {
    /// Its index on the board shown (a track's board numbers its own startups).
    on_board: usize,
    /// Its index among the event's startups (names, ids).
    in_event: usize,
    rank: Option<u32>,
    tied: bool,
}

/// One row as shown, figures at the precision they are shown with; compared to decide whether
/// a row's cells must be looked at again. A new score moves every total of that judge's startups
/// a little (its normalisation), mostly below what two decimals show: those rows stay as they
/// are, and only rows whose shown figures change are redrawn.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    startup: usize,
    id: String,
    name: String,
    rank: Option<u32>,
    tied: bool,
    /// The total as shown (`format_score`), and where the bar draws it.
    total_text: String,
    total: Option<Shown>,
    ci: Option<(Shown, Shown)>,
    judges: u32,
    needs: u32,
    disagreement: bool,
    criterion_means: Vec<String>,
}

/// A figure rounded to the hundredths the board shows (the interval bar's 120 pixels span the
/// whole scale, so a hundredth is a fraction of a pixel).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Shown(f64);

impl Shown {
    fn of(value: f64) -> Self {
        Shown((value * 100.0).round() / 100.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    All,
    NeedsScores,
    Disagreement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Rank,
    Name,
    Judges,
}

#[component]
pub fn LeaderboardPanel() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let query = use_query_map();
    let set_query = query_setter();
    let param = move |name: &str| query.with(|query| query.get(name));
    let mode = Memo::new(move |_| {
        if param("mode").as_deref() == Some("raw") {
            TotalMode::Raw
        } else {
            TotalMode::Normalized
        }
    });
    let show = Memo::new(move |_| match param("show").as_deref() {
        Some("needs") => Show::NeedsScores,
        Some("disagreement") => Show::Disagreement,
        _ => Show::All,
    });
    let sort = Memo::new(move |_| match param("sort").as_deref() {
        Some("name") => Sort::Name,
        Some("judges") => Sort::Judges,
        _ => Sort::Rank,
    });
    let search = Memo::new(move |_| param("q").unwrap_or_default());
    let page = Memo::new(move |_| {
        param("page")
            .and_then(|page| page.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1)
    });
    let selected = Memo::new(move |_| param("startup"));
    let track = Memo::new(move |_| param("track"));
    let round = Memo::new(move |_| param("round"));

    // Names and criteria change rarely; read them only when people or settings change.
    let roster = Memo::new(move |_| {
        let round = round.get();
        data.with_roster(|snapshot| {
            snapshot.as_ref().map(|snapshot| {
                let (criteria, scale) =
                    roadshow_core::rounds::board_rubric(&snapshot.event, round.as_deref());
                let names: Vec<(String, String, Option<String>)> = snapshot
                    .startups
                    .iter()
                    .map(|startup| {
                        (
                            startup.id.clone(),
                            startup.name.clone(),
                            startup.name_en.clone(),
                        )
                    })
                    .collect();
                let criteria: Vec<(Option<String>, Option<String>, String)> = criteria
                    .iter()
                    .map(|criterion| {
                        (
                            criterion.label_ko.clone(),
                            criterion.label_en.clone(),
                            criterion.key.clone(),
                        )
                    })
                    .collect();
                (
                    names,
                    criteria,
                    (scale.min, scale.max),
                    roadshow_core::tracks::track_names(snapshot),
                )
            })
        })
    });
    let track_names = move || {
        roster.with(|roster| {
            roster
                .as_ref()
                .map(|(_, _, _, tracks)| tracks.clone())
                .unwrap_or_default()
        })
    };
    let criteria_labels = move || {
        let lang = language.get();
        roster.with(|roster| {
            roster
                .as_ref()
                .map(|(_, criteria, _, _)| {
                    criteria
                        .iter()
                        .map(|(ko, en, key)| criterion_label(lang, ko, en, key))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let scale = move || {
        roster.with(|roster| {
            roster
                .as_ref()
                .map(|(_, _, scale, _)| *scale)
                .unwrap_or((1, 10))
        })
    };

    // Which startups are listed, in order: the live standings, then filter and sort.
    let listed = Memo::new(move |_| {
        data.scores_revision().track();
        let mode = mode.get();
        let (show, sort) = (show.get(), sort.get());
        let needle = search.get().to_lowercase();
        let track = track.get();
        let round = round.get();
        roster.with(|roster| {
            let Some((names, _, _, _)) = roster else {
                return Vec::new();
            };
            data.with_live_ranking(|live| {
                let live = match round.as_deref() {
                    None => live,
                    Some(id) => match live.round_board(id) {
                        Some(board) => board,
                        None => return Vec::new(),
                    },
                };
                let (live, on_event_board) = match track.as_deref() {
                    None => (live, None),
                    Some(name) => match live.track_mut(name) {
                        Some((board, on_event_board)) => (board, Some(on_event_board.to_vec())),
                        None => return Vec::new(),
                    },
                };
                let standings = live.standings(mode).to_vec();
                let mut listed: Vec<Listed> = Vec::with_capacity(standings.len());
                for (position, standing) in standings.iter().enumerate() {
                    let tied = standing.rank.is_some()
                        && (standings
                            .get(position + 1)
                            .is_some_and(|next| next.rank == standing.rank)
                            || position > 0 && standings[position - 1].rank == standing.rank);
                    let in_event = on_event_board
                        .as_ref()
                        .map_or(Some(standing.startup), |map| {
                            map.get(standing.startup).copied()
                        });
                    let Some((in_event, (id, name, name_en))) =
                        in_event.and_then(|index| Some((index, names.get(index)?)))
                    else {
                        continue;
                    };
                    if !needle.is_empty()
                        && !name.to_lowercase().contains(&needle)
                        && !name_en
                            .as_deref()
                            .unwrap_or_default()
                            .to_lowercase()
                            .contains(&needle)
                        && !id.to_lowercase().contains(&needle)
                    {
                        continue;
                    }
                    let keep = match show {
                        Show::All => true,
                        Show::NeedsScores => {
                            (live.board.judge_count(standing.startup) as u32)
                                < live.board.min_judges()
                        }
                        // Costs the judges' totals of each startup: only when asked for.
                        Show::Disagreement => live
                            .board
                            .startup_result(standing.startup, mode)
                            .is_some_and(|row| row.disagreement),
                    };
                    if keep {
                        listed.push(Listed {
                            on_board: standing.startup,
                            in_event,
                            rank: standing.rank,
                            tied,
                        });
                    }
                }
                match sort {
                    Sort::Rank => {}
                    Sort::Name => {
                        listed.sort_by(|a, b| names[a.in_event].1.cmp(&names[b.in_event].1))
                    }
                    Sort::Judges => listed.sort_by_key(|entry| {
                        std::cmp::Reverse(live.board.judge_count(entry.on_board))
                    }),
                }
                listed
            })
            .unwrap_or_default()
        })
    });
    let pages = move || listed.with(|listed| listed.len().div_ceil(PAGE_SIZE).max(1));
    let current_page = move || page.get().min(pages());

    // The details, for the rows on this page only.
    let rows = Memo::new(move |_| {
        // A score that leaves the order as it was still moves this startup's totals: `listed`
        // then stays equal and would not wake this memo, so track the scores themselves.
        data.scores_revision().track();
        let mode = mode.get();
        let start = (current_page() - 1) * PAGE_SIZE;
        let lang = language.get();
        let track = track.get();
        let round = round.get();
        roster.with(|roster| {
            let Some((names, _, _, _)) = roster else {
                return Vec::new();
            };
            listed.with(|listed| {
                data.with_live_ranking(|live| {
                    let live = live.board_at(round.as_deref(), track.as_deref())?;
                    let rows = listed
                        .iter()
                        .skip(start)
                        .take(PAGE_SIZE)
                        .filter_map(|listed| {
                            let result = live.board.startup_result(listed.on_board, mode)?;
                            let (id, name, name_en) = names.get(listed.in_event)?;
                            let Listed { rank, tied, .. } = *listed;
                            Some(Row {
                                startup: listed.in_event,
                                id: id.clone(),
                                name: crate::names::pick(name, name_en.as_deref(), lang),
                                rank,
                                tied,
                                total_text: format_score(result.total),
                                total: result.total.map(Shown::of),
                                ci: result
                                    .ci_low
                                    .zip(result.ci_high)
                                    .map(|(low, high)| (Shown::of(low), Shown::of(high))),
                                judges: result.judges,
                                needs: result.needs,
                                disagreement: result.disagreement,
                                criterion_means: result
                                    .criteria
                                    .iter()
                                    .map(|criterion| format_score(criterion.mean_for(mode)))
                                    .collect(),
                            })
                        })
                        .collect::<Vec<Row>>();
                    Some(rows)
                })
                .flatten()
                .unwrap_or_default()
            })
        })
    });

    let set_mode = set_query.clone();
    let set_show = set_query.clone();
    let set_sort = set_query.clone();
    let set_search = set_query.clone();
    let set_track = set_query.clone();
    let problems = data.ranking_problems();
    // An event with rounds whose final total is weighted shows it as its own table when no
    // round is chosen (it is not one board: definitions §8.1).
    let weighted_final = Memo::new(move |_| {
        round.get().is_none()
            && data.with_roster(|snapshot| {
                snapshot
                    .as_ref()
                    .is_some_and(super::rounds::final_is_weighted)
            })
    });
    view! {
        <section class="leaderboard" aria-labelledby="leaderboard-title">
            <h2 id="leaderboard-title">{move || text(Key::Org(OrgKey::Leaderboard))}</h2>
            {move || selected.get().map(|id| view! { <StartupDetail startup_id=id mode=mode.get() track=track.get() round=round.get()/> })}
            <super::rounds::RoundsPanel mode=Signal::from(mode) round=Signal::from(round)/>
            {move || {
                let problems = problems.get();
                (!problems.is_empty()).then(|| view! {
                    <div class="card problem" role="alert">
                        <p>{move || text(Key::Org(OrgKey::RankingProblems))}</p>
                        <ul>{problems.into_iter().map(|problem| view! { <li><code>{problem.path.clone()}</code>" "{problem.detail.clone()}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <div class="board-controls">
                <super::rounds::RoundChoice round=Signal::from(round)/>
                {move || {
                    let names = track_names();
                    let set_track = set_track.clone();
                    (!names.is_empty()).then(|| view! {
                        <label class="control">
                            <span>{move || text(Key::Org(OrgKey::BoardTrack))}</span>
                            <select id="board-track" on:change=move |event| {
                                let value = event_target_value(&event);
                                set_track(&[("track", (!value.is_empty()).then_some(value.as_str())), ("page", None), ("startup", None)]);
                            }>
                                <option value="" selected=move || track.get().is_none()>{move || text(Key::Org(OrgKey::WholeEventBoard))}</option>
                                {names.into_iter().map(|name| {
                                    let shown = name.clone();
                                    let value = name.clone();
                                    view! { <option value=value selected=move || track.get().as_deref() == Some(name.as_str())>{shown}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    })
                }}
                <fieldset class="segmented">
                    <legend>{move || text(Key::Org(OrgKey::TotalMode))}</legend>
                    <label>
                        <input type="radio" name="total-mode" value="normalized"
                            prop:checked=move || mode.get() == TotalMode::Normalized
                            on:change=move |_| set_mode(&[("mode", None), ("page", None)])/>
                        {move || text(Key::Org(OrgKey::Normalized))}
                    </label>
                    <label>
                        <input type="radio" name="total-mode" value="raw"
                            prop:checked=move || mode.get() == TotalMode::Raw
                            on:change=move |_| set_query(&[("mode", Some("raw")), ("page", None)])/>
                        {move || text(Key::Org(OrgKey::Raw))}
                    </label>
                </fieldset>
                <label class="control">
                    <span>{move || text(Key::Org(OrgKey::Show))}</span>
                    <select on:change=move |event| {
                        let value = event_target_value(&event);
                        set_show(&[("show", (value != "all").then_some(value.as_str())), ("page", None)]);
                    }>
                        <option value="all" selected=move || show.get() == Show::All>{move || text(Key::Org(OrgKey::ShowEveryone))}</option>
                        <option value="needs" selected=move || show.get() == Show::NeedsScores>{move || text(Key::Org(OrgKey::ShowNeedsScores))}</option>
                        <option value="disagreement" selected=move || show.get() == Show::Disagreement>{move || text(Key::Org(OrgKey::ShowDisagreement))}</option>
                    </select>
                </label>
                <label class="control">
                    <span>{move || text(Key::Org(OrgKey::SortBy))}</span>
                    <select on:change=move |event| {
                        let value = event_target_value(&event);
                        set_sort(&[("sort", (value != "rank").then_some(value.as_str()))]);
                    }>
                        <option value="rank" selected=move || sort.get() == Sort::Rank>{move || text(Key::Org(OrgKey::SortRank))}</option>
                        <option value="name" selected=move || sort.get() == Sort::Name>{move || text(Key::Org(OrgKey::SortName))}</option>
                        <option value="judges" selected=move || sort.get() == Sort::Judges>{move || text(Key::Org(OrgKey::SortJudges))}</option>
                    </select>
                </label>
                <label class="control">
                    <span>{move || text(Key::Org(OrgKey::Search))}</span>
                    <input type="search" prop:value=move || search.get()
                        on:change=move |event| {
                            let value = event_target_value(&event);
                            set_search(&[("q", (!value.is_empty()).then_some(value.as_str())), ("page", None)]);
                        }/>
                </label>
            </div>
            {move || track.get().map(|name| view! {
                <p class="board-note" id="track-board-note">{name}" · "{move || text(Key::Org(OrgKey::TrackBoardNote))}</p>
            })}
            <Show when=move || !weighted_final.get() fallback=move || view! { <super::rounds::WeightedFinalBoard mode=Signal::from(mode)/> }>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="leaderboard-table-caption">
                <table class="board-table">
                    <caption id="leaderboard-table-caption" class="visually-hidden">{move || text(Key::Org(OrgKey::LeaderboardTable))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || text(Key::Org(OrgKey::Rank))}</th>
                            <th scope="col">{move || text(Key::Org(OrgKey::Startup))}</th>
                            <th scope="col" class="number">{move || text(Key::Org(OrgKey::Total))}</th>
                            <th scope="col">{move || text(Key::Org(OrgKey::Interval))}</th>
                            {move || criteria_labels().into_iter().map(|label| view! { <th scope="col" class="number">{label}</th> }).collect_view()}
                            <th scope="col" class="number">{move || text(Key::Org(OrgKey::Judges))}</th>
                            <th scope="col">{move || text(Key::Org(OrgKey::Flags))}</th>
                        </tr>
                    </thead>
                    <tbody>
                        // Keyed by startup id: a row's DOM stays and only its changed cells are
                        // rewritten when a score arrives (a new score moves every total a little).
                        // Not by index: a removed startup shifts the indexes of the others.
                        <For each=move || rows.with(|rows| rows.iter().map(|row| row.id.clone()).collect::<Vec<_>>()) key=|id| id.clone() let:id>
                            <BoardRow row=Memo::new(move |_| rows.with(|rows| rows.iter().find(|row| row.id == id).cloned())) scale=Signal::derive(scale)/>
                        </For>
                    </tbody>
                </table>
            </div>
            {move || listed.with(Vec::is_empty).then(|| view! { <p class="empty">{move || text(Key::Org(OrgKey::NoStartups))}</p> })}
            <nav class="pager" aria-label=move || text(Key::Org(OrgKey::LeaderboardPages))>
                {move || (current_page() > 1).then(|| {
                    let previous = (current_page() - 1).to_string();
                    view! { <a href=href_with(&[("page", Some(&previous))], false)>{move || text(Key::Org(OrgKey::Previous))}</a> }
                })}
                <span>{move || format!("{} / {}", current_page(), pages())}</span>
                {move || (current_page() < pages()).then(|| {
                    let next = (current_page() + 1).to_string();
                    view! { <a href=href_with(&[("page", Some(&next))], false)>{move || text(Key::Org(OrgKey::Next))}</a> }
                })}
            </nav>
            </Show>
        </section>
        <super::robustness::RobustnessSection/>
    }
}

#[component]
fn BoardRow(row: Memo<Option<Row>>, scale: Signal<(i64, i64)>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let field = move |read: fn(&Row) -> String| {
        move || row.with(|row| row.as_ref().map(read).unwrap_or_default())
    };
    let id = row.with_untracked(|row| row.as_ref().map(|row| row.id.clone()).unwrap_or_default());
    // Follows the query: the row outlives a change of mode or filter, and its link keeps them.
    let detail_id = id.clone();
    let detail_href = move || href_with(&[("startup", Some(&detail_id))], false);
    let rank = field(|row| match (row.rank, row.tied) {
        (Some(rank), true) => format!("={rank}"),
        (Some(rank), false) => rank.to_string(),
        (None, _) => "–".to_owned(),
    });
    let tied = move || row.with(|row| row.as_ref().is_some_and(|row| row.tied));
    let needs = move || row.with(|row| row.as_ref().map_or(0, |row| row.needs));
    let disagreement = move || row.with(|row| row.as_ref().is_some_and(|row| row.disagreement));
    let unscored = move || row.with(|row| row.as_ref().is_some_and(|row| row.total.is_none()));
    // The cells of the criteria are made again only when their number changes, not per score.
    let criteria =
        Memo::new(move |_| row.with(|row| row.as_ref().map_or(0, |row| row.criterion_means.len())));
    view! {
        <tr data-startup=id>
            <td class="rank" data-rank=field(|row| row.rank.map(|rank| rank.to_string()).unwrap_or_default())>
                {rank}
                {move || tied().then(|| view! { <span class="visually-hidden">" "{move || text(Key::Org(OrgKey::Tie))}</span> })}
            </td>
            <th scope="row" class="startup-name"><a href=detail_href>{field(|row| row.name.clone())}</a></th>
            <td class="number total">{field(|row| row.total_text.clone())}</td>
            <td class="interval">
                <IntervalBar
                    interval=Signal::derive(move || row.with(|row| row.as_ref().and_then(|row| row.ci).map(|(low, high)| (low.0, high.0))))
                    total=Signal::derive(move || row.with(|row| row.as_ref().and_then(|row| row.total).map(|total| total.0)))
                    scale/>
            </td>
            {move || (0..criteria.get()).map(|criterion| view! {
                <td class="number">{move || row.with(|row| row.as_ref().and_then(|row| row.criterion_means.get(criterion).cloned()).unwrap_or_default())}</td>
            }).collect_view()}
            <td class="number judges">{field(|row| row.judges.to_string())}</td>
            <td class="flags">
                {move || (needs() > 0).then(|| view! { <span class="flag needs">{move || needs_more(language.get(), needs())}</span> })}
                {move || disagreement().then(|| view! { <span class="flag disagreement">{move || text(Key::Org(OrgKey::Disagreement))}</span> })}
                {move || unscored().then(|| view! { <span class="flag none">{move || text(Key::Org(OrgKey::NoScores))}</span> })}
            </td>
        </tr>
    }
}
