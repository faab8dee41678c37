//! The personal-data tab ("개인정보 / Personal data", definitions §10): the retention date and
//! the erasure after it, the link holders' erasure requests with their execution, and the audit
//! log with its CSV. The date itself is edited with the other settings (setup); what erasure
//! clears is core's rule (`roadshow_core::privacy`), run by the server.

use super::matches::use_directory;
use crate::api::{self, ApiError, AuditEntry, ErasureRequest, ErrorCode};
use crate::download::save_text_file;
use crate::i18n::{Key, PrivacyKey};
use crate::state::language::use_text;
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use leptos::task::spawn_local;
use roadshow_core::wire::Role;

fn key(key: PrivacyKey) -> Key {
    Key::Privacy(key)
}

/// An RFC 3339 time as Korea reads it, to the second (the text itself when unreadable).
fn kst_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|time| {
            time.with_timezone(&roadshow_core::event_draft::kst())
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_owned())
}

#[component]
pub fn PrivacyPanel() -> impl IntoView {
    // Bumped after an erasure: the requests and the log are fetched again.
    let reload = RwSignal::new(0_u32);
    view! {
        <div class="privacy-panel">
            <RetentionSection reload/>
            <ErasureRequestsSection reload/>
            <AuditLogSection reload/>
        </div>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum EraseState {
    Idle,
    Working,
    Done { startups: usize, investors: usize },
    NotYet,
    Failed(ApiError),
}

#[component]
fn RetentionSection(reload: RwSignal<u32>) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let date = Memo::new(move |_| {
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .and_then(|snapshot| roadshow_core::privacy::retention_date(&snapshot.event))
        })
    });
    let state = RwSignal::new(EraseState::Idle);
    let erase = move |_| {
        state.set(EraseState::Working);
        spawn_local(async move {
            let outcome = match api::erase_after_retention(&data.event_id(), &data.secret()).await {
                Ok(erasure) => EraseState::Done {
                    startups: erasure.startups,
                    investors: erasure.investors,
                },
                Err(ApiError::Rejected { body, .. })
                    if body.code == ErrorCode::RetentionNotReached =>
                {
                    EraseState::NotYet
                }
                Err(error) => EraseState::Failed(error),
            };
            state.set(outcome);
            data.refresh();
            reload.update(|count| *count += 1);
        });
    };
    let status = move || match state.get() {
        EraseState::Idle => String::new(),
        EraseState::Working => text(key(PrivacyKey::Erasing)).to_owned(),
        EraseState::Done {
            startups,
            investors,
        } => format!(
            "{} · {} {startups} · {} {investors}",
            text(key(PrivacyKey::Executed)),
            text(key(PrivacyKey::ErasedStartups)),
            text(key(PrivacyKey::ErasedInvestors)),
        ),
        EraseState::NotYet => text(key(PrivacyKey::RetentionNotReached)).to_owned(),
        EraseState::Failed(error) => format!("{}: {error}", text(key(PrivacyKey::LoadFailed))),
    };
    view! {
        <section class="card" aria-labelledby="retention-title">
            <h2 id="retention-title">{move || text(key(PrivacyKey::RetentionTitle))}</h2>
            <p class="retention-date">
                {move || match date.get() {
                    Some(date) => format!("{}: {date}", text(key(PrivacyKey::RetentionDate))),
                    None => text(key(PrivacyKey::RetentionUnset)).to_owned(),
                }}
            </p>
            <p class="hint">{move || text(key(PrivacyKey::RetentionHint))}</p>
            <p class="hint" id="erase-now-hint">{move || text(key(PrivacyKey::EraseNowHint))}</p>
            <button type="button" class="secondary erase-now" aria-describedby="erase-now-hint"
                on:click=erase disabled=move || state.get() == EraseState::Working>
                {move || text(key(PrivacyKey::EraseNow))}
            </button>
            <p class="status" role="status">{status}</p>
        </section>
    }
}

#[component]
fn ErasureRequestsSection(reload: RwSignal<u32>) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let directory = use_directory(data);
    let requests = LocalResource::new(move || {
        reload.track();
        async move { api::fetch_erasure_requests(&data.event_id(), &data.secret()).await }
    });
    let confirming = RwSignal::new(None::<i64>);
    let failure = RwSignal::new(None::<ApiError>);
    let execute = move |request_id: i64| {
        spawn_local(async move {
            let answer = api::execute_erasure(&data.event_id(), &data.secret(), request_id).await;
            failure.set(answer.err());
            confirming.set(None);
            data.refresh();
            reload.update(|count| *count += 1);
        });
    };
    let who = move |request: &ErasureRequest| {
        let role = text(key(PrivacyKey::RoleName(request.role)));
        let name = directory.with(|directory| match request.role {
            Role::Investor => directory.investor_name(&request.subject_id).to_owned(),
            _ => directory.startup_name(&request.subject_id).to_owned(),
        });
        format!("{role} · {name} ({})", request.subject_id)
    };
    let row = move |request: ErasureRequest| {
        let id = request.id;
        let state = match &request.executed_at {
            Some(at) => view! {
                <span class="done">{move || text(key(PrivacyKey::Executed))}" · "{kst_time(at)}</span>
            }
            .into_any(),
            None => view! {
                <Show
                    when=move || confirming.get() == Some(id)
                    fallback=move || view! {
                        <button type="button" class="secondary" on:click=move |_| confirming.set(Some(id))>
                            {move || text(key(PrivacyKey::Execute))}
                        </button>
                    }
                >
                    <p role="alert">{move || text(key(PrivacyKey::ConfirmExecute))}</p>
                    <button type="button" class="danger confirm-erasure" on:click=move |_| execute(id)>
                        {move || text(key(PrivacyKey::Execute))}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(None)>
                        {move || text(key(PrivacyKey::Cancel))}
                    </button>
                </Show>
            }
            .into_any(),
        };
        view! {
            <tr>
                <td>{id}</td>
                <td>{who(&request)}</td>
                <td>{kst_time(&request.requested_at)}</td>
                <td>{request.note.clone().unwrap_or_default()}</td>
                <td>{state}</td>
            </tr>
        }
    };
    view! {
        <section class="card" aria-labelledby="erasure-requests-title">
            <h2 id="erasure-requests-title">{move || text(key(PrivacyKey::RequestsTitle))}</h2>
            <p class="hint">{move || text(key(PrivacyKey::RequestsHint))}</p>
            <p class="field-error" role="alert">
                {move || failure.get().map(|error| format!("{}: {error}", text(key(PrivacyKey::LoadFailed))))}
            </p>
            {move || match requests.get() {
                None => ().into_any(),
                Some(Err(error)) => view! {
                    <p role="alert">{move || text(key(PrivacyKey::LoadFailed))}": "{error.to_string()}</p>
                }.into_any(),
                Some(Ok(list)) if list.requests.is_empty() => view! {
                    <p class="empty">{move || text(key(PrivacyKey::NoRequests))}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="erasure-requests-title">
                        <table class="erasure-requests">
                            <thead><tr>
                                <th scope="col">{move || text(key(PrivacyKey::ColRequest))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColWho))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColRequestedAt))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColNote))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColState))}</th>
                            </tr></thead>
                            <tbody>{list.requests.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AuditLogSection(reload: RwSignal<u32>) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let log = LocalResource::new(move || {
        reload.track();
        async move { api::fetch_audit_log(&data.event_id(), &data.secret()).await }
    });
    let saved = RwSignal::new(None::<Result<(), String>>);
    let download = move |_| {
        let outcome = match log.get() {
            Some(Ok(log)) => roadshow_core::audit_csv::audit_csv(&log.entries)
                .map_err(|error| error.to_string())
                .and_then(|csv| {
                    save_text_file(
                        &format!("roadshow-audit-{}.csv", data.event_id()),
                        "text/csv;charset=utf-8",
                        &csv,
                    )
                    .map_err(|error| error.to_string())
                }),
            _ => Err(text(key(PrivacyKey::LoadFailed)).to_owned()),
        };
        saved.set(Some(outcome));
    };
    let actor = move |entry: &AuditEntry| match (&entry.actor_role, &entry.actor_link) {
        (Some(role), Some(link)) => format!("{} · {link}", text(key(PrivacyKey::RoleName(*role)))),
        (Some(role), None) => text(key(PrivacyKey::RoleName(*role))).to_owned(),
        _ => text(key(PrivacyKey::ActorServer)).to_owned(),
    };
    let subject = move |entry: &AuditEntry| {
        let role = entry
            .subject_role
            .map(|role| text(key(PrivacyKey::RoleName(role))).to_owned())
            .unwrap_or_default();
        match &entry.subject_id {
            Some(id) => format!("{role} {id}"),
            None => role,
        }
    };
    let row = move |entry: AuditEntry| {
        let detail = if entry.detail.is_empty() {
            String::new()
        } else {
            serde_json::Value::Object(entry.detail.clone()).to_string()
        };
        view! {
            <tr>
                <td>{entry.seq}</td>
                <td>{kst_time(&entry.at)}</td>
                <td>{actor(&entry)}</td>
                <td data-action=entry.action.as_str()>{move || text(key(PrivacyKey::Action(entry.action)))}</td>
                <td>{subject(&entry)}</td>
                <td><code>{detail}</code></td>
            </tr>
        }
    };
    view! {
        <section class="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{move || text(key(PrivacyKey::AuditTitle))}</h2>
            <p class="hint">{move || text(key(PrivacyKey::AuditHint))}</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| reload.update(|count| *count += 1)>
                    {move || text(key(PrivacyKey::Refresh))}
                </button>
                <button type="button" class="secondary download-audit" on:click=download>
                    {move || text(key(PrivacyKey::DownloadAuditCsv))}
                </button>
            </div>
            <p class="status" role="status">
                {move || match saved.get() {
                    Some(Err(error)) => format!("{}: {error}", text(key(PrivacyKey::LoadFailed))),
                    _ => String::new(),
                }}
            </p>
            {move || match log.get() {
                None => ().into_any(),
                Some(Err(error)) => view! {
                    <p role="alert">{move || text(key(PrivacyKey::LoadFailed))}": "{error.to_string()}</p>
                }.into_any(),
                Some(Ok(log)) if log.entries.is_empty() => view! {
                    <p class="empty">{move || text(key(PrivacyKey::NoAuditYet))}</p>
                }.into_any(),
                Some(Ok(log)) => view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="audit-log-caption">
                        <table class="audit-log">
                            <caption class="visually-hidden" id="audit-log-caption">{move || text(key(PrivacyKey::AuditTitle))}</caption>
                            <thead><tr>
                                <th scope="col">{move || text(key(PrivacyKey::ColSeq))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColAt))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColActor))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColAction))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColSubject))}</th>
                                <th scope="col">{move || text(key(PrivacyKey::ColDetail))}</th>
                            </tr></thead>
                            <tbody>{log.entries.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
