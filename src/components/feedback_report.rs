//! A startup's feedback report (definitions §8.4): the company's criterion means against the
//! field's, its judge count and interval, its rank band (and rank when shown), and the comments
//! judges shared with it, unsigned. The founder reads
//! it once the organizer released it, printable on A4; the organizer previews it in a startup's
//! detail. The server sends nothing that identifies a judge.

use crate::api::{self, ApiError, ErrorCode, FeedbackReport, RankBand};
use crate::i18n::{rank_of, request_problem, FeedbackKey, Key};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::model::{Criterion, Round};

fn key(key: FeedbackKey) -> Key {
    Key::Feedback(key)
}

fn band_key(band: Option<RankBand>) -> FeedbackKey {
    match band {
        Some(RankBand::Top10) => FeedbackKey::Top10,
        Some(RankBand::Top25) => FeedbackKey::Top25,
        Some(RankBand::Top50) => FeedbackKey::Top50,
        Some(RankBand::Rest) => FeedbackKey::Rest,
        None => FeedbackKey::NotRanked,
    }
}

fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |value| format!("{value:.2}"))
}

/// `preview`: the organizer's look at what the founder will see, inside the startup's detail
/// (no heading of its own, no print button).
#[component]
pub fn FeedbackReportView(
    event_id: String,
    secret: String,
    startup_id: String,
    criteria: Vec<Criterion>,
    /// The event's rounds (definitions §8.1): a report is on one of them, with its criteria.
    rounds: Vec<Round>,
    preview: bool,
) -> impl IntoView {
    let text = use_text();
    // A round's own criteria label its report; the event's label the rest.
    let criteria: Vec<Criterion> = rounds
        .iter()
        .filter_map(|round| round.criteria.clone())
        .flatten()
        .chain(criteria)
        .collect();
    let rounds = StoredValue::new(rounds);
    let report = LocalResource::new(move || {
        let (event_id, secret, startup_id) = (event_id.clone(), secret.clone(), startup_id.clone());
        async move { api::fetch_feedback(&event_id, &secret, &startup_id).await }
    });
    let criteria = StoredValue::new(criteria);
    view! {
        <section class="feedback-report" class:card=!preview class:preview=preview
            aria-label=move || text(key(FeedbackKey::Title))>
            {(!preview).then(|| view! { <h2>{move || text(key(FeedbackKey::Title))}</h2> })}
            <Transition fallback=move || view! { <p class="loading" role="status">{move || text(Key::Loading)}</p> }>
                {move || report.get().map(|answer| match answer {
                    Ok(report) => view! { <Report report criteria rounds preview/> }.into_any(),
                    Err(error) => {
                        let message = match &error {
                            ApiError::Rejected { body, .. } if body.code == ErrorCode::FeedbackNotReleased => key(FeedbackKey::NotReleased),
                            _ => request_problem(&error),
                        };
                        view! { <p class="notice" role="status">{move || text(message)}</p> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Report(
    report: FeedbackReport,
    criteria: StoredValue<Vec<Criterion>>,
    rounds: StoredValue<Vec<Round>>,
    preview: bool,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let round = report.round.clone().map(|id| {
        move || {
            rounds.with_value(|rounds| {
                rounds
                    .iter()
                    .find(|round| round.id == id)
                    .map(|round| crate::names::round_name(round, language.get()))
                    .unwrap_or_else(|| id.clone())
            })
        }
    });
    let label = move |criterion: &str| {
        criteria.with_value(|criteria| {
            criteria
                .iter()
                .find(|known| known.key == criterion)
                .map(|known| {
                    crate::names::pick(
                        known.label_ko.as_deref().unwrap_or(&known.key),
                        known.label_en.as_deref(),
                        language.get(),
                    )
                })
                .unwrap_or_else(|| criterion.to_owned())
        })
    };
    let band = report.band;
    let place = report.rank.map(|rank| (rank, report.ranked));
    let interval = match (report.ci_low, report.ci_high) {
        (Some(low), Some(high)) => format!("{low:.2} – {high:.2}"),
        _ => "–".to_owned(),
    };
    view! {
        <p class="hint">{move || text(key(FeedbackKey::Intro))}" "{move || text(key(FeedbackKey::NoJudgeNamed))}</p>
        <dl class="feedback-facts">
            {round.map(|round| view! {
                <dt>{move || text(key(FeedbackKey::Round))}</dt>
                <dd class="feedback-round">{round}</dd>
            })}
            <dt>{move || text(key(FeedbackKey::Band))}</dt>
            <dd data-band=format!("{band:?}")><strong>{move || text(key(band_key(band)))}</strong>
                {move || place.map(|(rank, ranked)| format!(" · {}", rank_of(language.get(), rank, ranked)))}</dd>
            <dt>{move || text(key(FeedbackKey::Total))}</dt>
            <dd class="number">{number(report.total)}</dd>
            <dt>{move || text(key(FeedbackKey::Interval))}</dt>
            <dd class="number">{interval}</dd>
            <dt>{move || text(key(FeedbackKey::Judges))}</dt>
            <dd class="number">{report.judges}</dd>
        </dl>
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || text(key(FeedbackKey::TableCaption))>
            <table class="feedback-criteria">
                <caption>{move || text(key(FeedbackKey::TableCaption))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || text(key(FeedbackKey::Criterion))}</th>
                        <th scope="col" class="number">{move || text(key(FeedbackKey::Yours))}</th>
                        <th scope="col" class="number">{move || text(key(FeedbackKey::Field))}</th>
                    </tr>
                </thead>
                <tbody>
                    {report.criteria.into_iter().map(|row| {
                        let criterion = row.criterion.clone();
                        view! {
                            <tr data-criterion=row.criterion.clone()>
                                <th scope="row">{move || label(&criterion)}</th>
                                <td class="number">{number(row.mean)}</td>
                                <td class="number">{number(row.field_mean)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="subhead" id="feedback-comments-title">{move || text(key(FeedbackKey::SharedComments))}</p>
        {if report.comments.is_empty() {
            view! { <p class="empty" id="feedback-no-comments">{move || text(key(FeedbackKey::NoSharedComments))}</p> }.into_any()
        } else {
            view! {
                <ul class="feedback-comments" aria-labelledby="feedback-comments-title">
                    {report.comments.into_iter().map(|comment| view! { <li>{comment}</li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(!preview).then(|| view! {
            <p class="no-print">
                <button type="button" on:click=move |_| crate::print::print_page()>{move || text(key(FeedbackKey::Print))}</button>
            </p>
        })}
    }
}
