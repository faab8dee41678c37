//! The roster CSV import: checked line by line here, stored all or nothing, with the choice to
//! update or skip investors the event already has.

use super::super::roster::{
    parse_roster, server_problems, RosterEntry, RosterError, RosterProblem,
};
use super::links::IssuedLink;
use crate::api::{self, ApiError, ExistingInvestors, RosterReceipt};
use crate::components::forms::Field;
use crate::i18n::{
    roster_column_problem, roster_existing, roster_line_problem, roster_receipt, roster_same_as,
    roster_whole_problem, Key, Lang, OrgKey,
};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::model::Investor;

/// How the last roster import ended.
#[derive(Debug, Clone, PartialEq)]
enum RosterOutcome {
    Stored(RosterReceipt),
    /// Nothing stored: the server's problems, on the file's lines.
    Refused(Vec<RosterProblem>),
    Failed(ApiError),
}

/// The roster CSV: read and checked line by line here, then sent in one request that stores
/// every investor or none. Lines that are investors the event already has are listed with whom
/// they match, and sent again with the organizer's choice: update them or skip them.
#[component]
pub(super) fn RosterImport(issued: RwSignal<Vec<IssuedLink>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let csv_text = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<RosterError>::new());
    // The entries last sent, for the update-or-skip choice.
    let sent = StoredValue::new(Vec::<RosterEntry>::new());
    let import = Action::new_local(
        move |(entries, existing): &(Vec<RosterEntry>, Option<ExistingInvestors>)| {
            let (entries, existing) = (entries.clone(), *existing);
            async move {
                let investors: Vec<Investor> =
                    entries.iter().map(|entry| entry.investor.clone()).collect();
                let answer =
                    api::import_roster(&data.event_id(), &data.secret(), &investors, existing)
                        .await;
                sent.set_value(entries.clone());
                match answer {
                    Ok(receipt) => {
                        issued.update(|issued| {
                            issued.extend(receipt.created.iter().map(|created| IssuedLink {
                                owner: created.id.clone(),
                                link: created.link.clone(),
                            }))
                        });
                        csv_text.set(String::new());
                        data.refresh();
                        RosterOutcome::Stored(receipt)
                    }
                    Err(ApiError::Rejected { status: 422, body }) => {
                        let known = data.snapshot().with_untracked(|snapshot| {
                            snapshot
                                .as_ref()
                                .map(|snapshot| {
                                    roadshow_core::roster::known_entries(
                                        &snapshot.investors,
                                        &investors,
                                    )
                                })
                                .unwrap_or_default()
                        });
                        RosterOutcome::Refused(server_problems(&entries, &known, &body))
                    }
                    Err(error) => RosterOutcome::Failed(error),
                }
            }
        },
    );
    let outcome = move || import.value().get();
    let refused = move || match outcome() {
        Some(RosterOutcome::Refused(problems)) => problems,
        _ => Vec::new(),
    };
    // Lines that are investors the event has, and whether nothing else is wrong (then the
    // organizer may resend with a choice).
    let existing = move || {
        refused()
            .into_iter()
            .filter_map(|problem| match problem {
                RosterProblem::Existing { line, investor } => Some((line, investor)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let only_existing = move || {
        let refused = refused();
        !refused.is_empty()
            && refused
                .iter()
                .all(|problem| matches!(problem, RosterProblem::Existing { .. }))
    };
    let investor_name = move |id: &str| {
        let lang = language.get();
        data.snapshot().with_untracked(|snapshot| {
            snapshot.as_ref().and_then(|snapshot| {
                snapshot
                    .investors
                    .iter()
                    .find(|investor| investor.id == id)
                    .map(|investor| crate::names::investor_label(investor, lang))
            })
        })
    };
    let messages = move || {
        let lang = language.get();
        let mut shown: Vec<String> = problems
            .get()
            .iter()
            .map(|error| roster_message(lang, error))
            .collect();
        shown.extend(refused().into_iter().filter_map(|problem| match problem {
            RosterProblem::Column { line, column, code } => {
                Some(roster_column_problem(lang, line, column, code))
            }
            RosterProblem::Line { line, code } => Some(roster_line_problem(lang, line, code)),
            RosterProblem::SameAs { line, first } => Some(roster_same_as(lang, line, first)),
            RosterProblem::Whole { code } => Some(roster_whole_problem(lang, code)),
            RosterProblem::Existing { .. } => None,
        }));
        shown
    };
    let resend = move |choice: ExistingInvestors| {
        let entries = sent.get_value();
        if !entries.is_empty() {
            import.dispatch((entries, Some(choice)));
        }
    };
    view! {
        <form class="roster-import" on:submit=move |event| {
            event.prevent_default();
            match parse_roster(&csv_text.get_untracked()) {
                Ok(entries) => { problems.set(Vec::new()); import.dispatch((entries, None)); }
                Err(errors) => { problems.set(errors); import.value().set(None); }
            }
        }>
            <h3>{move || text(Key::Org(OrgKey::ImportRoster))}</h3>
            <Field id="roster-text" label=Key::Org(OrgKey::RosterText) hint=Key::Org(OrgKey::RosterHint) also_described_by="roster-problems" let:field>
                <textarea id=field.id() rows="5" aria-describedby=field.described_by() prop:value=move || csv_text.get()
                    on:input=move |event| csv_text.set(event_target_value(&event))></textarea>
            </Field>
            <div role="alert" class="roster-outcome">
                {move || matches!(outcome(), Some(RosterOutcome::Refused(_))).then(|| view! {
                    <p class="error roster-refused">{move || text(Key::Org(OrgKey::RosterNothingStored))}</p>
                })}
                <ul id="roster-problems" class="field-error">
                    {move || messages().into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}
                </ul>
                {move || match outcome() {
                    Some(RosterOutcome::Failed(error)) => Some(view! { <p class="error">{move || text(crate::i18n::request_problem(&error))}</p> }),
                    _ => None,
                }}
            </div>
            {move || {
                let existing = existing();
                (!existing.is_empty()).then(|| {
                    let lang = language.get();
                    view! {
                        <div class="roster-existing" role="group" aria-labelledby="roster-existing-title">
                            <p id="roster-existing-title">{move || text(Key::Org(OrgKey::RosterExistingTitle))}</p>
                            <ul id="roster-existing">
                                {existing.into_iter().map(|(line, investor)| {
                                    let name = investor.as_deref().and_then(investor_name);
                                    view! { <li>{roster_existing(lang, line, name.as_deref())}</li> }
                                }).collect_view()}
                            </ul>
                            {only_existing().then(|| view! {
                                <p class="hint">{move || text(Key::Org(OrgKey::RosterExistingHint))}</p>
                                <button type="button" class="primary" disabled=move || import.pending().get()
                                    on:click=move |_| resend(ExistingInvestors::Update)>
                                    {move || text(Key::Org(OrgKey::RosterUpdateExisting))}
                                </button>
                                <button type="button" disabled=move || import.pending().get()
                                    on:click=move |_| resend(ExistingInvestors::Skip)>
                                    {move || text(Key::Org(OrgKey::RosterSkipExisting))}
                                </button>
                            })}
                        </div>
                    }
                })
            }}
            <p class="roster-receipt" role="status">
                {move || match outcome() {
                    Some(RosterOutcome::Stored(receipt)) => roster_receipt(language.get(), receipt.created.len(), receipt.updated.len(), receipt.skipped.len()),
                    _ => String::new(),
                }}
            </p>
            <button type="submit" class="primary" disabled=move || import.pending().get()>
                {move || if import.pending().get() { text(Key::Org(OrgKey::Importing)) } else { text(Key::Org(OrgKey::ImportInvestors)) }}
            </button>
        </form>
    }
}

fn roster_message(lang: Lang, error: &RosterError) -> String {
    match (lang, error) {
        // The reader's own detail is English: the Korean message says what to check instead.
        (Lang::Ko, RosterError::Unreadable { line, .. }) => {
            format!("{line}행: CSV로 읽을 수 없습니다 (따옴표와 쉼표를 확인하세요)")
        }
        (Lang::Ko, RosterError::NoFirmColumn) => "1행: 머리글에 firm 열이 없습니다".to_owned(),
        (Lang::Ko, RosterError::UnknownColumn(column)) => format!("1행: 알 수 없는 열 `{column}`"),
        (Lang::Ko, RosterError::MissingFirm { line }) => {
            format!("{line}행: firm(회사)이 비어 있습니다")
        }
        (
            Lang::Ko,
            RosterError::NotANumber {
                line,
                column,
                value,
            },
        ) => format!("{line}행: `{column}`은 정수여야 합니다 (`{value}`)"),
        (Lang::Ko, RosterError::UnknownStage { line, value }) => {
            format!("{line}행: 알 수 없는 투자 단계 `{value}`")
        }
        (Lang::Ko, RosterError::Empty) => "투자자가 한 명도 없습니다".to_owned(),
        (Lang::En, error) => error.to_string(),
    }
}
