//! Corrections only the organizer makes to the follow-ups (definitions §7.4): move a pair back
//! to an earlier stage when a step was recorded by mistake, and confirm or dispute an investment
//! on the startup's behalf (after a call or an e-mail). Each is a change in the organizer's
//! outbox, checked by the server like the phones' own and recorded as the organizer's.

use super::matches::use_directory;
use crate::i18n::{format_krw, Key, OrgKey, OutcomeKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use crate::storage::StorageError;
use leptos::prelude::*;
use roadshow_core::follow_up::moves_back;
use roadshow_core::model::{FollowUp, FollowUpStage};
use roadshow_core::sync::Change;

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

/// Why a correction was not recorded on this device.
#[derive(Debug, Clone, PartialEq)]
enum CorrectionTrouble {
    NoOutbox,
    NotStored(StorageError),
}

fn record(change: Change) -> Result<(), CorrectionTrouble> {
    let outbox = use_organizer_data()
        .outbox()
        .ok_or(CorrectionTrouble::NoOutbox)?;
    outbox.record(change).map_err(CorrectionTrouble::NotStored)
}

/// The stages a pair at `current` can be moved back to (never to `invested`, which needs the
/// investor's amount and date).
fn earlier_stages(current: FollowUpStage) -> Vec<FollowUpStage> {
    FollowUpStage::ALL
        .into_iter()
        .filter(|&stage| stage != FollowUpStage::Invested && moves_back(current, stage))
        .collect()
}

#[component]
pub(super) fn FollowUpCorrections() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let entries = Memo::new(move |_| {
        data.with_outcomes(|snapshot| {
            snapshot
                .map(|snapshot| snapshot.follow_ups.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <section class="follow-up-corrections" aria-labelledby="corrections-title">
            <h3 id="corrections-title">{move || text(org(OrgKey::CorrectionsTitle))}</h3>
            <p class="hint">{move || text(org(OrgKey::CorrectionsHint))}</p>
            {move || {
                let entries = entries.get();
                if entries.is_empty() {
                    return view! { <p class="empty">{move || text(org(OrgKey::NoFollowUpsYet))}</p> }.into_any();
                }
                view! {
                    <table class="board-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || text(org(OrgKey::ColInvestor))}</th>
                                <th scope="col">{move || text(org(OrgKey::ColStartup))}</th>
                                <th scope="col">{move || text(Key::Outcome(OutcomeKey::CurrentStage))}</th>
                                <th scope="col">{move || text(org(OrgKey::CorrectionsAction))}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {entries.into_iter().enumerate().map(|(index, entry)| view! {
                                <CorrectionRow index entry/>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn CorrectionRow(index: usize, entry: FollowUp) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let directory = use_directory(use_organizer_data());
    let (investor, startup) = directory.with_untracked(|d| {
        (
            d.investor_name(&entry.investor).to_owned(),
            d.startup_name(&entry.startup).to_owned(),
        )
    });
    let current = entry.stage;
    let choices = earlier_stages(current);
    let chosen = RwSignal::new(choices.first().copied());
    let trouble = RwSignal::new(None::<CorrectionTrouble>);
    let pair = StoredValue::new((entry.investor.clone(), entry.startup.clone()));
    let move_back = move |_| {
        let Some(stage) = chosen.get_untracked() else {
            return;
        };
        let (investor, startup) = pair.get_value();
        trouble.set(
            record(Change::Stage {
                investor,
                startup,
                stage,
                amount_krw: None,
                date: None,
                reason: None,
            })
            .err(),
        );
    };
    let confirm = move |confirmed: bool| {
        let (investor, startup) = pair.get_value();
        trouble.set(
            record(Change::Investment {
                investor,
                startup,
                confirmed,
            })
            .err(),
        );
    };
    let investment = (current == FollowUpStage::Invested).then(|| {
        let amount = entry
            .amount_krw
            .map(|amount| format_krw(amount, language.get_untracked()))
            .unwrap_or_default();
        let word = match entry.confirmed {
            Some(true) => OutcomeKey::Confirmed,
            Some(false) => OutcomeKey::Disputed,
            None => OutcomeKey::AwaitingConfirmation,
        };
        view! {
            <span class="investment">
                " · "{amount}" · "{move || text(Key::Outcome(word))}
            </span>
        }
    });
    let select_id = format!("move-back-{index}");
    let has_choices = !choices.is_empty();
    view! {
        <tr data-investor=entry.investor.clone() data-startup=entry.startup.clone() data-stage=current.as_str()>
            <td>{investor}</td>
            <td>{startup}</td>
            <td>{move || text(Key::Outcome(OutcomeKey::Stage(current)))}{investment}</td>
            <td class="corrections">
                {has_choices.then(|| view! {
                    <label for=select_id.clone()>{move || text(org(OrgKey::MoveBackTo))}</label>
                    <select id=select_id.clone()
                        on:change=move |event| {
                            let value = event_target_value(&event);
                            chosen.set(FollowUpStage::ALL.into_iter().find(|s| s.as_str() == value));
                        }>
                        {choices.iter().map(|&stage| view! {
                            <option value=stage.as_str()>{move || text(Key::Outcome(OutcomeKey::Stage(stage)))}</option>
                        }).collect_view()}
                    </select>
                    <button type="button" class="secondary move-back" on:click=move_back>
                        {move || text(org(OrgKey::ApplyCorrection))}
                    </button>
                })}
                {(current == FollowUpStage::Invested).then(|| view! {
                    <button type="button" class="secondary confirm-investment" on:click=move |_| confirm(true)>
                        {move || text(org(OrgKey::ConfirmForStartup))}
                    </button>
                    <button type="button" class="secondary dispute-investment" on:click=move |_| confirm(false)>
                        {move || text(org(OrgKey::DisputeForStartup))}
                    </button>
                })}
                <span class="form-error" role="alert">
                    {move || trouble.get().map(|trouble| match trouble {
                        CorrectionTrouble::NoOutbox => text(org(OrgKey::ActionNotStored)).to_owned(),
                        CorrectionTrouble::NotStored(error) => format!("{}: {error}", text(org(OrgKey::ActionNotStored))),
                    })}
                </span>
            </td>
        </tr>
    }
}
