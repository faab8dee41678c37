//! A startup's detail, opened from its leaderboard row: criterion means against the field
//! average (radar), the distribution of its scores, the judges' comments, and removing the
//! startup (asked first, with what goes with it).

use super::charts::{DistributionBars, RadarChart};
use super::format::{criterion_label, format_score, needs_more};
use super::query::href_with;
use super::removal::{RemovalOutcome, RemovalStatus, RemoveButton};
use crate::api::PersonKind;
use crate::components::feedback_report::FeedbackReportView;
use crate::i18n::{FeedbackKey, Key, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::ranking::TotalMode;

#[component]
pub fn StartupDetail(
    startup_id: String,
    mode: TotalMode,
    /// The track whose board is shown (definitions §8.2): figures and the field average are
    /// that board's; `None` for the whole event's.
    track: Option<String>,
    /// The round whose board is shown (definitions §8.1); `None`: the last round's (or the
    /// event's, without rounds).
    round: Option<String>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let close_href = href_with(&[("startup", None)], false);
    let id = startup_id.clone();
    let figures = Memo::new(move |_| {
        data.scores_revision().track();
        let lang = language.get();
        let (name, criteria, scale) = data.with_roster(|snapshot| {
            let snapshot = snapshot.as_ref()?;
            let startup = snapshot.startups.iter().find(|startup| startup.id == id)?;
            let (criteria, scale) =
                roadshow_core::rounds::board_rubric(&snapshot.event, round.as_deref());
            Some((
                crate::names::startup_name(startup, lang),
                criteria
                    .iter()
                    .map(|c| (c.label_ko.clone(), c.label_en.clone(), c.key.clone()))
                    .collect::<Vec<_>>(),
                (scale.min, scale.max),
            ))
        })?;
        data.with_live_ranking(|live| {
            let live = live.board_at(round.as_deref(), track.as_deref())?;
            let index = live.startup_index(&id)?;
            let result = live.board.startup_result(index, mode)?;
            // The radar compares raw means: the field average is over raw scores.
            let means: Vec<f64> = result
                .criteria
                .iter()
                .map(|c| c.mean.unwrap_or(scale.0 as f64))
                .collect();
            let field: Vec<f64> = live
                .board
                .criterion_summaries()
                .iter()
                .map(|summary| summary.mean.unwrap_or(scale.0 as f64))
                .collect();
            let mut counts: Vec<(i64, u32)> = (scale.0..=scale.1).map(|value| (value, 0)).collect();
            for investor in 0..live.board.investors() {
                for criterion in 0..live.board.criteria() {
                    if let Some(value) = live.board.score(investor, index, criterion) {
                        if let Some(slot) = counts.get_mut((value - scale.0) as usize) {
                            slot.1 += 1;
                        }
                    }
                }
            }
            Some((
                name.clone(),
                criteria.clone(),
                scale,
                result.total,
                result.judges,
                result.needs,
                means,
                field,
                counts,
            ))
        })
        .flatten()
    });
    let id = startup_id.clone();
    // The startup's name while it is in the event (gone once removed).
    let present_name = Memo::new(move |_| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot.as_ref().and_then(|snapshot| {
                snapshot
                    .startups
                    .iter()
                    .find(|startup| startup.id == id)
                    .map(|startup| crate::names::startup_name(startup, lang))
            })
        })
    });
    let removal = RwSignal::new(None::<RemovalOutcome>);
    let remove_ids = vec![startup_id.clone()];
    let id = startup_id.clone();
    let comments = Memo::new(move |_| {
        let lang = language.get();
        let firms = data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .map(|snapshot| {
                    snapshot
                        .investors
                        .iter()
                        .map(|investor| {
                            (investor.id.clone(), crate::names::firm_name(investor, lang))
                        })
                        .collect::<std::collections::HashMap<_, _>>()
                })
                .unwrap_or_default()
        });
        data.verdicts().with(|verdicts| {
            verdicts
                .iter()
                .filter(|((_, startup), verdict)| {
                    *startup == id && !verdict.comment.trim().is_empty()
                })
                .map(|((investor, _), verdict)| {
                    (
                        firms
                            .get(investor)
                            .cloned()
                            .unwrap_or_else(|| investor.clone()),
                        verdict.comment.clone(),
                        verdict.comment_shared,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card startup-detail" aria-labelledby="startup-detail-title">
            {move || figures.get().map(|(name, criteria, scale, total, judges, needs, means, field, counts)| {
                let lang = language.get();
                let labels: Vec<String> = criteria.iter().map(|(ko, en, key)| criterion_label(lang, ko, en, key)).collect();
                view! {
                    <h3 id="startup-detail-title">{name}</h3>
                    <dl class="facts">
                        <dt>{move || text(Key::Org(OrgKey::Total))}</dt><dd>{format_score(total)}</dd>
                        <dt>{move || text(Key::Org(OrgKey::Judges))}</dt>
                        <dd>{judges}{(needs > 0).then(|| format!(" ({})", needs_more(lang, needs)))}</dd>
                    </dl>
                    <div class="charts">
                        <div>
                            <h4>{move || text(Key::Org(OrgKey::RadarTitle))}</h4>
                            <RadarChart labels values=means field scale/>
                        </div>
                        <div>
                            <h4>{move || text(Key::Org(OrgKey::Distribution))}</h4>
                            <DistributionBars counts/>
                        </div>
                    </div>
                }
            })}
            <h4>{move || text(Key::Org(OrgKey::Comments))}</h4>
            {move || {
                let comments = comments.get();
                if comments.is_empty() {
                    view! { <p class="empty">{move || text(Key::Org(OrgKey::NoComments))}</p> }.into_any()
                } else {
                    view! {
                        <ul class="comments">
                            {comments.into_iter().map(|(firm, comment, shared)| view! {
                                <li class:shared=shared><strong>{firm}</strong>": "{comment}
                                    {shared.then(|| view! { " " <span class="flag shared">{move || text(Key::Org(OrgKey::SharedWithCompany))}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <FeedbackPreview startup_id=startup_id.clone()/>
            {move || present_name.get().map(|name| view! {
                <div class="startup-removal">
                    <RemoveButton kind=PersonKind::Startup ids=Signal::stored(remove_ids.clone()) who=Signal::stored(name)
                        label=OrgKey::RemoveStartup outcome=removal/>
                </div>
            })}
            <RemovalStatus outcome=removal/>
            <p><a href=close_href>{move || text(Key::Org(OrgKey::CloseDetail))}</a></p>
        </section>
    }
}

/// What the founder will see once the feedback is released (definitions §8.4), fetched from the
/// server (which alone holds every score the field means need) when the organizer opens it.
#[component]
fn FeedbackPreview(startup_id: String) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let details = NodeRef::<leptos::html::Details>::new();
    let opened = RwSignal::new(false);
    let criteria = data.with_roster(|snapshot| {
        snapshot
            .as_ref()
            .map(|snapshot| snapshot.event.criteria.clone())
            .unwrap_or_default()
    });
    let rounds = data.with_roster(|snapshot| {
        snapshot
            .as_ref()
            .map(|snapshot| snapshot.event.rounds.clone())
            .unwrap_or_default()
    });
    view! {
        <details class="feedback-preview" node_ref=details
            on:toggle=move |_| opened.set(details.get().is_some_and(|details| details.open()))>
            <summary>{move || text(Key::Feedback(FeedbackKey::Preview))}</summary>
            {move || opened.get().then(|| view! {
                <FeedbackReportView event_id=data.event_id() secret=data.secret()
                    startup_id=startup_id.clone() criteria=criteria.clone() rounds=rounds.clone() preview=true/>
            })}
        </details>
    }
}
