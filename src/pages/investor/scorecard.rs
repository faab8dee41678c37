//! One pitch's scorecard: a score per criterion with its anchors, abstain and conflict of
//! interest, "want to meet" and a comment (shared with the company, unsigned, only when ticked),
//! each edit saved on the device first.

use super::judging::NotJudged;
use super::labels::{criterion_label, display_name};
use crate::api::Pitch;
use crate::components::pitch::PitchFacts;
use crate::i18n::{Key, Lang};
use crate::state::language::{use_language, use_text};
use crate::state::sync::SyncService;
use leptos::prelude::*;
use roadshow_core::model::Criterion;
use roadshow_core::overlay::{Overlay, ServerAnswers};
use roadshow_core::sync::{Cell, Change, Delivery};

fn anchor_texts(criterion: &Criterion, lang: Lang) -> Option<[String; 3]> {
    let anchors = criterion.anchors.as_ref()?;
    let pick = |ko: &Option<String>, en: &Option<String>| {
        crate::names::in_language(ko.as_deref(), en.as_deref(), lang).map(str::to_owned)
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
pub(super) fn Scorecard(
    position: usize,
    startups: RwSignal<Vec<Pitch>>,
    criteria: StoredValue<Vec<Criterion>>,
    scale: roadshow_core::model::Scale,
    server: StoredValue<ServerAnswers>,
    sync: SyncService,
    /// The tracks this investor judges (empty: all).
    my_tracks: StoredValue<super::judging::Judging>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let outbox = sync.outbox();
    let startup = startups.with_untracked(|startups| startups[position].clone());
    let next =
        startups.with_untracked(|startups| startups.get(position + 1).map(|next| next.id.clone()));
    let startup_id = StoredValue::new(startup.id.clone());
    let not_judged = super::judging::not_judged(my_tracks, &startup);
    let judged = not_judged.is_none();
    // The round the phone scores (definitions §8.1); `None` without rounds.
    let round =
        server.with_value(|server| Some(server.round.clone()).filter(|round| !round.is_empty()));
    let abstained = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| {
                Overlay::new(outbox, server).abstained(&startup_id.get_value())
            })
        })
    });
    let conflict = Memo::new(move |_| {
        outbox.with(|outbox| {
            server
                .with_value(|server| Overlay::new(outbox, server).conflict(&startup_id.get_value()))
        })
    });
    let want = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| Overlay::new(outbox, server).want(&startup_id.get_value()))
        })
    });
    let comment = Memo::new(move |_| {
        outbox.with(|outbox| {
            server
                .with_value(|server| Overlay::new(outbox, server).comment(&startup_id.get_value()))
        })
    });
    let comment_shared = Memo::new(move |_| {
        outbox.with(|outbox| {
            server.with_value(|server| {
                Overlay::new(outbox, server).comment_shared(&startup_id.get_value())
            })
        })
    });
    let criteria_list = criteria.get_value();
    view! {
        <article class="card scorecard" aria-labelledby="pitch-title">
            <p><a href="?" class="back">{move || text(Key::BackToList)}</a></p>
            <h2 id="pitch-title">{display_name(&startup, language)}</h2>
            <PitchFacts pitch=startup.clone()/>
            // Scores and abstentions only where the investor judges (definitions §8.2; the
            // server refuses the others); a conflict is not judging and stays open.
            {not_judged.map(|reason| {
                let notice = match reason {
                    NotJudged::OutsideTracks => Key::OutsideTracksNotice,
                    NotJudged::NotRoundJudge => Key::NotRoundJudgeNotice,
                    NotJudged::NotInRound => Key::NotInRoundNotice,
                };
                view! { <p class="notice outside-tracks" role="note">{move || text(notice)}</p> }
            })}
            <div class="toggles">
                {judged.then(|| view! {
                    <label class="toggle">
                        <input type="checkbox" prop:checked=move || abstained.get()
                            on:change={
                                let round = round.clone();
                                move |event| record(sync, Change::Abstain {
                                    startup: startup_id.get_value(), criterion: None, abstain: event_target_checked(&event), round: round.clone() })
                            }/>
                        {move || text(Key::AbstainPitch)}
                    </label>
                })}
                <label class="toggle">
                    <input type="checkbox" prop:checked=move || conflict.get()
                        on:change=move |event| record(sync, Change::Conflict {
                            startup: startup_id.get_value(), conflict: event_target_checked(&event) })/>
                    {move || text(Key::ConflictOfInterest)}
                </label>
            </div>
            {judged.then(|| criteria_list.into_iter().map(|criterion| view! {
                <CriterionInput criterion scale startup_id server sync disabled=Signal::derive(move || abstained.get() || conflict.get())/>
            }).collect_view())}
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
                    on:change=move |event| record(sync, Change::Comment {
                        startup: startup_id.get_value(), text: event_target_value(&event), shared: comment_shared.get_untracked() })>
                </textarea>
                <label class="toggle share-comment">
                    <input type="checkbox" id="comment-shared" aria-describedby="comment-shared-hint"
                        prop:checked=move || comment_shared.get()
                        on:change=move |event| record(sync, Change::Comment {
                            startup: startup_id.get_value(), text: comment.get_untracked(), shared: event_target_checked(&event) })/>
                    {move || text(Key::ShareComment)}
                </label>
                <p class="hint" id="comment-shared-hint">{move || text(Key::ShareCommentHint)}</p>
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
                Overlay::new(outbox, server).score(&startup_id.get_value(), &key.get_value())
            })
        })
    });
    let round = StoredValue::new(server.with_value(|server| server.round.clone()));
    let delivery = Memo::new(move |_| {
        let cell = Cell::Score {
            round: round.get_value(),
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
                                on:change=move |_| record(sync, Change::Score {
                                    startup: startup_id.get_value(),
                                    criterion: key.get_value(),
                                    value: Some(option.into()),
                                    round: Some(round.get_value()).filter(|round| !round.is_empty()),
                                })/>
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
