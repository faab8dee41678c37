//! The program's figures (definitions §7.5, §11): each roadshow's and the total, the
//! non-capital share against the 2017–2021 baseline as a chart with its table, one breakdown,
//! CSV of every table and the printable 결과보고서. The numbers are the server's
//! `roadshow report` on the chosen events; the filters live in the URL (`events`, `by`, `key`).

use crate::api::{self, ProgramRecord, ProgramReport};
use crate::download::save_text_file;
use crate::i18n::{
    format_krw, network_field_label, request_problem, text as text_in, Key, Lang, ProgramKey,
};
use crate::pages::organizer::query::query_setter;
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use roadshow_core::report::{BucketFigures, NO_KEY};
use roadshow_core::report_csv::{breakdown_csv, events_csv, shown, Breakdown, BucketFilter};
use std::collections::BTreeMap;

fn key(key: ProgramKey) -> Key {
    Key::Program(key)
}

/// The non-capital share of Korea's venture investment, 2017–2021 (definitions §7), in percent.
pub const BASELINE: [(u16, f64); 5] = [
    (2017, 8.3),
    (2018, 7.7),
    (2019, 7.5),
    (2020, 9.1),
    (2021, 7.4),
];

fn breakdown_label(by: Breakdown) -> ProgramKey {
    match by {
        Breakdown::Zone => ProgramKey::ByZone,
        Breakdown::Field => ProgramKey::ByField,
        Breakdown::Region => ProgramKey::ByRegion,
        Breakdown::InvestorType => ProgramKey::ByInvestorType,
    }
}

/// A bucket key in words: a zone's name, a field's name, or the key itself.
fn bucket_label(by: Breakdown, bucket: &str, lang: Lang) -> String {
    if bucket == NO_KEY {
        return text_in(key(ProgramKey::NoneKey), lang).to_owned();
    }
    match by {
        Breakdown::Zone => crate::components::pitch::zone_label(bucket, lang),
        Breakdown::Field => network_field_label(bucket, lang)
            .map(str::to_owned)
            .unwrap_or_else(|| bucket.to_owned()),
        Breakdown::Region | Breakdown::InvestorType => bucket.to_owned(),
    }
}

fn krw(amount: i128, lang: Lang) -> String {
    i64::try_from(amount).map_or_else(|_| amount.to_string(), |amount| format_krw(amount, lang))
}

/// A share as a percentage with one decimal (`77.8%`), or the words for "nothing invested".
fn percent(share: Option<f64>, lang: Lang) -> String {
    share.map_or_else(
        || text_in(key(ProgramKey::NothingInvested), lang).to_owned(),
        |share| format!("{:.1}%", share * 100.0),
    )
}

/// The figures of the events the URL names (`events`; absent: all of them), asked as soon as
/// the page starts: the request does not wait for the program's own record. Asked again when
/// `reload` moves (a roadshow created or brought in).
pub fn program_report(
    program_id: String,
    secret: String,
    reload: RwSignal<u32>,
) -> LocalResource<Result<ProgramReport, crate::api::ApiError>> {
    let query = use_query_map();
    let ids = StoredValue::new((program_id, secret));
    LocalResource::new(move || {
        reload.track();
        let events: Vec<String> = query.with(|query| {
            query
                .get("events")
                .map(|list| {
                    list.split(',')
                        .filter(|id| !id.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        });
        let (program_id, secret) = ids.get_value();
        async move { api::fetch_program_report(&program_id, &secret, &events).await }
    })
}

#[component]
pub fn ProgramFigures(
    record: Memo<ProgramRecord>,
    report: LocalResource<Result<ProgramReport, crate::api::ApiError>>,
) -> impl IntoView {
    let text = use_text();
    let query = use_query_map();
    let set_query = query_setter();
    let all_events = Memo::new(move |_| {
        record.with(|record| {
            record
                .events
                .iter()
                .map(|event| event.id.clone())
                .collect::<Vec<_>>()
        })
    });
    // The chosen events, in the program's order; none named: all of them.
    let chosen = Memo::new(move |_| {
        let named: Option<Vec<String>> = query.with(|query| {
            query
                .get("events")
                .map(|list| list.split(',').map(str::to_owned).collect())
        });
        all_events.with(|all| match named {
            Some(named) => all
                .iter()
                .filter(|id| named.contains(id))
                .cloned()
                .collect(),
            None => all.clone(),
        })
    });
    let by = Memo::new(move |_| {
        query
            .with(|query| query.get("by").and_then(|slug| Breakdown::from_slug(&slug)))
            .unwrap_or(Breakdown::Region)
    });
    let filter = Memo::new(move |_| {
        query
            .with(|query| query.get("key"))
            .filter(|bucket| !bucket.is_empty())
            .map(|bucket| BucketFilter {
                by: by.get(),
                key: bucket,
            })
    });
    let toggle_event = {
        let set_query = set_query.clone();
        move |event_id: String| {
            let mut events = chosen.get_untracked();
            if events.contains(&event_id) {
                events.retain(|id| *id != event_id);
            } else {
                events.push(event_id);
            }
            let everything =
                all_events.with_untracked(|all| all.iter().all(|id| events.contains(id)));
            let list = events.join(",");
            set_query(&[("events", (!everything).then_some(list.as_str()))]);
        }
    };
    let set_by = {
        let set_query = set_query.clone();
        move |slug: String| set_query(&[("by", Some(slug.as_str())), ("key", None)])
    };
    let set_key = move |bucket: String| {
        set_query(&[("key", (!bucket.is_empty()).then_some(bucket.as_str()))])
    };
    let language = use_language();
    let event_names = Memo::new(move |_| {
        let lang = language.get();
        record.with(|record| {
            record
                .events
                .iter()
                .map(|event| {
                    (
                        event.id.clone(),
                        crate::names::pick(&event.name, event.name_en.as_deref(), lang),
                    )
                })
                .collect::<BTreeMap<String, String>>()
        })
    });
    view! {
        <section class="card program-filters no-print" aria-labelledby="program-filters-title">
            <h2 id="program-filters-title">{move || text(key(ProgramKey::FiltersHeading))}</h2>
            <fieldset class="event-filter">
                <legend>{move || text(key(ProgramKey::EventsFilter))}</legend>
                {move || {
                    let names = event_names.get();
                    all_events.with(|all| all.iter().map(|id| {
                        let id = id.clone();
                        let checked = Memo::new({ let id = id.clone(); move |_| chosen.with(|chosen| chosen.contains(&id)) });
                        let toggle_event = toggle_event.clone();
                        let input_id = format!("include-{id}");
                        let label_for = input_id.clone();
                        let name = names.get(&id).cloned().unwrap_or_else(|| id.clone());
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=input_id prop:checked=move || checked.get()
                                    on:change=move |_| toggle_event(id.clone())/>
                                {name}
                            </label>
                        }
                    }).collect_view())
                }}
            </fieldset>
            <div class="field-row">
                <div class="field">
                    <label for="breakdown">{move || text(key(ProgramKey::BreakdownLabel))}</label>
                    <select id="breakdown" on:change=move |ev| set_by(event_target_value(&ev))>
                        {Breakdown::ALL.into_iter().map(|option| view! {
                            <option value=option.slug() selected=move || by.get() == option>{move || text(key(breakdown_label(option)))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="bucket">{move || text(key(ProgramKey::BucketLabel))}</label>
                    <select id="bucket" on:change=move |ev| set_key(event_target_value(&ev))>
                        <option value="" selected=move || filter.with(Option::is_none)>{move || text(key(ProgramKey::AllBuckets))}</option>
                        {move || {
                            let lang = language.get();
                            let by = by.get();
                            let chosen_key = filter.get().map(|filter| filter.key);
                            report.get().and_then(Result::ok).map(|report| {
                                by.of(&report.total).keys().map(|bucket| {
                                    let selected = chosen_key.as_deref() == Some(bucket.as_str());
                                    view! { <option value=bucket.clone() selected=selected>{bucket_label(by, bucket, lang)}</option> }
                                }).collect_view()
                            })
                        }}
                    </select>
                </div>
            </div>
        </section>
        <Transition fallback=move || view! { <p class="loading" role="status">{move || text(Key::Loading)}</p> }>
            {move || report.get().map(|answer| match answer {
                Ok(report) => view! { <Report report event_names by filter/> }.into_any(),
                Err(error) => {
                    let problem = request_problem(&error);
                    view! { <p class="notice" role="alert">{move || text(problem)}</p> }.into_any()
                }
            })}
        </Transition>
    }
}

const COUNT_COLUMNS: [ProgramKey; 15] = [
    ProgramKey::StartupsRegistered,
    ProgramKey::StartupsPitched,
    ProgramKey::Investors,
    ProgramKey::Proposed,
    ProgramKey::Confirmed,
    ProgramKey::Declined,
    ProgramKey::Held,
    ProgramKey::NoShow,
    ProgramKey::Cancelled,
    ProgramKey::Met,
    ProgramKey::FollowUp,
    ProgramKey::DueDiligence,
    ProgramKey::TermSheet,
    ProgramKey::Invested,
    ProgramKey::Passed,
];

fn counts(figures: &BucketFigures) -> [u64; 15] {
    let (m, s) = (&figures.meetings, &figures.stages);
    [
        figures.startups_registered,
        figures.startups_pitched,
        figures.investors,
        m.proposed,
        m.confirmed,
        m.declined,
        m.held,
        m.no_show,
        m.cancelled,
        s.met,
        s.follow_up,
        s.due_diligence,
        s.term_sheet,
        s.invested,
        s.passed,
    ]
}

/// The header cells of a figures table, after the row's own.
fn figure_headers(
    text: impl Fn(Key) -> &'static str + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        {COUNT_COLUMNS.into_iter().map(|column| view! { <th scope="col">{move || text(key(column))}</th> }).collect_view()}
        <th scope="col">{move || text(key(ProgramKey::InvestedKrw))}</th>
        <th scope="col">{move || text(key(ProgramKey::InvestedKrwConfirmed))}</th>
        <th scope="col">{move || text(key(ProgramKey::NonCapitalShare))}</th>
    }
}

fn figure_cells(figures: BucketFigures, lang: Lang) -> impl IntoView {
    view! {
        {counts(&figures).into_iter().map(|count| view! { <td class="number">{count}</td> }).collect_view()}
        <td class="number krw" data-krw=figures.invested_krw.to_string()>{krw(figures.invested_krw, lang)}</td>
        <td class="number krw" data-krw=figures.invested_krw_confirmed.to_string()>{krw(figures.invested_krw_confirmed, lang)}</td>
        <td class="number share" data-share=figures.non_capital_share.map(|share| share.to_string()).unwrap_or_default()>{percent(figures.non_capital_share, lang)}</td>
    }
}

#[component]
fn Report(
    report: ProgramReport,
    event_names: Memo<BTreeMap<String, String>>,
    by: Memo<Breakdown>,
    filter: Memo<Option<BucketFilter>>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let report = StoredValue::new(report);
    let csv_failed = RwSignal::new(false);
    let save = move |name: &str, written: Result<String, roadshow_core::csv::CsvError>| {
        let saved = written
            .map_err(|error| error.to_string())
            .and_then(|contents| {
                save_text_file(name, "text/csv", &contents).map_err(|error| error.to_string())
            });
        if let Err(reason) = &saved {
            leptos::logging::warn!("program CSV not made: {reason}");
        }
        csv_failed.set(saved.is_err());
    };
    let events_file = move |_| {
        let lang = language.get_untracked();
        let written = report.with_value(|report| {
            events_csv(
                report,
                &event_names.get_untracked(),
                text_in(key(ProgramKey::Total), lang),
                filter.get_untracked().as_ref(),
            )
        });
        save("roadshow-program-figures.csv", written);
    };
    let breakdown_file = move |_| {
        let by = by.get_untracked();
        let written = report.with_value(|report| breakdown_csv(report, by));
        save(&format!("roadshow-program-by-{}.csv", by.slug()), written);
    };
    let filter_note = move || {
        filter.get().map(|filter| {
            let lang = language.get();
            format!(
                "{} {} · {}",
                text(key(ProgramKey::FilteredTo)),
                text(key(breakdown_label(filter.by))),
                bucket_label(filter.by, &filter.key, lang)
            )
        })
    };
    view! {
        <section class="card program-figures" aria-labelledby="program-figures-title">
            <div class="section-head">
                <h2 id="program-figures-title">{move || text(key(ProgramKey::FiguresHeading))}</h2>
                <div class="actions no-print">
                    <button type="button" id="figures-csv" on:click=events_file>{move || text(key(ProgramKey::DownloadCsv))}</button>
                    <button type="button" id="print-report" on:click=move |_| crate::print::print_page()>{move || text(key(ProgramKey::Print))}</button>
                </div>
            </div>
            <p class="filter-note" role="status">{filter_note}</p>
            {move || csv_failed.get().then(|| view! { <p class="form-error" role="alert">{move || text(key(ProgramKey::CsvFailed))}</p> })}
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="figures-caption">
                <table class="figures-table" id="figures-table">
                    <caption id="figures-caption">{move || text(key(ProgramKey::FiguresCaption))}</caption>
                    <thead><tr>
                        <th scope="col">{move || text(key(ProgramKey::Event))}</th>
                        {figure_headers(text)}
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lang = language.get();
                            let names = event_names.get();
                            let filter = filter.get();
                            report.with_value(|report| report.events.iter().map(|event| {
                                let name = names.get(&event.event).cloned().unwrap_or_else(|| event.event.clone());
                                view! {
                                    <tr data-event=event.event.clone()>
                                        <th scope="row">{name}</th>
                                        {figure_cells(shown(&event.figures, filter.as_ref()), lang)}
                                    </tr>
                                }
                            }).collect_view())
                        }}
                    </tbody>
                    <tfoot>
                        {move || {
                            let lang = language.get();
                            let filter = filter.get();
                            let total = report.with_value(|report| shown(&report.total, filter.as_ref()));
                            view! {
                                <tr class="total">
                                    <th scope="row">{move || text(key(ProgramKey::Total))}</th>
                                    {figure_cells(total, lang)}
                                </tr>
                            }
                        }}
                    </tfoot>
                </table>
            </div>
        </section>
        <ShareChart report event_names filter/>
        <section class="card program-breakdown" aria-labelledby="program-breakdown-title">
            <div class="section-head">
                <h2 id="program-breakdown-title">{move || text(key(ProgramKey::BreakdownHeading))}" · "{move || text(key(breakdown_label(by.get())))}</h2>
                <button type="button" id="breakdown-csv" class="no-print" on:click=breakdown_file>{move || text(key(ProgramKey::DownloadCsv))}</button>
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="breakdown-caption">
                <table class="figures-table" id="breakdown-table">
                    <caption id="breakdown-caption">{move || text(key(ProgramKey::BreakdownCaption))}</caption>
                    <thead><tr>
                        <th scope="col">{move || text(key(ProgramKey::Key))}</th>
                        {figure_headers(text)}
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lang = language.get();
                            let by = by.get();
                            report.with_value(|report| by.of(&report.total).iter().map(|(bucket, figures)| view! {
                                <tr data-key=bucket.clone()>
                                    <th scope="row">{bucket_label(by, bucket, lang)}</th>
                                    {figure_cells(figures.clone(), lang)}
                                </tr>
                            }).collect_view())
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// One bar of the share chart: its label and its share in percent (`None`: nothing invested).
fn share_bars(
    report: &ProgramReport,
    names: &BTreeMap<String, String>,
    filter: Option<&BucketFilter>,
    lang: Lang,
) -> Vec<(String, Option<f64>, bool)> {
    let baseline = text_in(key(ProgramKey::Baseline), lang);
    let mut bars: Vec<(String, Option<f64>, bool)> = BASELINE
        .iter()
        .map(|(year, share)| (format!("{year} {baseline}"), Some(*share), true))
        .collect();
    for event in &report.events {
        let name = names
            .get(&event.event)
            .cloned()
            .unwrap_or_else(|| event.event.clone());
        let share = shown(&event.figures, filter).non_capital_share;
        bars.push((name, share.map(|share| share * 100.0), false));
    }
    let total = shown(&report.total, filter).non_capital_share;
    bars.push((
        text_in(key(ProgramKey::Total), lang).to_owned(),
        total.map(|share| share * 100.0),
        false,
    ));
    bars
}

const CHART_WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 220.0;
const BAR_HEIGHT: f64 = 22.0;
const BAR_GAP: f64 = 8.0;

#[component]
fn ShareChart(
    report: StoredValue<ProgramReport>,
    event_names: Memo<BTreeMap<String, String>>,
    filter: Memo<Option<BucketFilter>>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let bars = Memo::new(move |_| {
        let lang = language.get();
        let names = event_names.get();
        let filter = filter.get();
        report.with_value(|report| share_bars(report, &names, filter.as_ref(), lang))
    });
    view! {
        <section class="card program-share" aria-labelledby="program-share-title">
            <h2 id="program-share-title">{move || text(key(ProgramKey::ShareHeading))}</h2>
            <p class="hint">{move || text(key(ProgramKey::ShareIntro))}</p>
            {move || {
                let bars = bars.get();
                let height = bars.len() as f64 * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
                let plot = CHART_WIDTH - LABEL_WIDTH - 60.0;
                view! {
                    <svg class="share-chart" role="img" aria-labelledby="share-chart-title" viewBox=format!("0 0 {CHART_WIDTH} {height}") width="100%">
                        <title id="share-chart-title">{move || text(key(ProgramKey::ShareChartLabel))}</title>
                        {bars.into_iter().enumerate().map(|(at, (label, share, baseline))| {
                            let y = BAR_GAP + at as f64 * (BAR_HEIGHT + BAR_GAP);
                            let width = share.map_or(0.0, |share| (share / 100.0).clamp(0.0, 1.0) * plot);
                            let value = share.map_or_else(|| "–".to_owned(), |share| format!("{share:.1}%"));
                            view! {
                                <g class:baseline=baseline>
                                    <text x=LABEL_WIDTH - 8.0 y=y + BAR_HEIGHT * 0.7 text-anchor="end">{label}</text>
                                    <rect x=LABEL_WIDTH y=y width=format!("{width:.1}") height=BAR_HEIGHT/>
                                    <text x=LABEL_WIDTH + width + 6.0 y=y + BAR_HEIGHT * 0.7>{value}</text>
                                </g>
                            }
                        }).collect_view()}
                    </svg>
                }
            }}
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="share-caption">
                <table class="share-table" id="share-table">
                    <caption id="share-caption">{move || text(key(ProgramKey::ShareCaption))}</caption>
                    <thead><tr>
                        <th scope="col">{move || text(key(ProgramKey::Year))}</th>
                        <th scope="col">{move || text(key(ProgramKey::Share))}</th>
                    </tr></thead>
                    <tbody>
                        {move || bars.get().into_iter().map(|(label, share, _)| view! {
                            <tr>
                                <th scope="row">{label}</th>
                                <td class="number">{share.map_or_else(|| text(key(ProgramKey::NothingInvested)).to_owned(), |share| format!("{share:.1}%"))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
