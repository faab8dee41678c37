//! Import an exported event (`/events/new/import`, in the console's bundle: the snapshot reader
//! and core's validation stay out of the bundle investors load on their phones).
//!
//! The organizer chooses a `roadshow-event/1` JSON file; the page reads it in the browser, shows
//! what will be created (name, counts) and every problem core's `validate` finds, each with its
//! JSON path, before anything is sent. Only then can the file be imported (sent byte for byte);
//! the answer's organizer link is shown with the warning to keep it, and the investors' and
//! startups' new links, also as a CSV file.

use crate::api::{self, ApiError, ImportedEvent};
use crate::components::forms::Field;
use crate::components::organizer_link::OrganizerLink;
use crate::i18n::{problem_message, Key, Lang, OrgKey};
use crate::names::pick;
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::problem::ProblemCode;
use roadshow_core::snapshot::{parse_snapshot, SnapshotError};

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

/// One problem in the chosen file (or in the server's answer to it).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileProblem {
    path: String,
    code: ProblemCode,
    /// Core's English detail, shown in English.
    detail: String,
    /// Line and column, when the JSON itself is broken there.
    position: Option<(usize, usize)>,
}

/// A name by id: Korean, and English when the file has it.
type Named = (String, String, Option<String>);

/// What the chosen file would create.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Preview {
    name: String,
    name_en: Option<String>,
    startups: usize,
    investors: usize,
    scores: usize,
    meetings: usize,
    comments: usize,
    investor_names: Vec<Named>,
    startup_names: Vec<Named>,
}

/// The chosen file, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CheckedFile {
    file_name: String,
    text: String,
    preview: Option<Preview>,
    problems: Vec<FileProblem>,
}

/// Parses and validates the file's text with core's own rules (the same the server applies).
fn check_file(file_name: String, text: String) -> CheckedFile {
    match parse_snapshot(&text) {
        Ok(snapshot) => {
            let problems = roadshow_core::validate::validate(&snapshot)
                .into_iter()
                .map(|problem| FileProblem {
                    path: problem.path,
                    code: problem.code,
                    detail: problem.detail,
                    position: None,
                })
                .collect();
            let preview = Preview {
                name: snapshot.event.name.clone(),
                name_en: snapshot.event.name_en.clone(),
                startups: snapshot.startups.len(),
                investors: snapshot.investors.len(),
                scores: snapshot.scores.len(),
                meetings: snapshot.meetings.len(),
                comments: snapshot.comments.len(),
                investor_names: snapshot
                    .investors
                    .iter()
                    .map(|i| (i.id.clone(), i.firm.clone(), i.firm_en.clone()))
                    .collect(),
                startup_names: snapshot
                    .startups
                    .iter()
                    .map(|s| (s.id.clone(), s.name.clone(), s.name_en.clone()))
                    .collect(),
            };
            CheckedFile {
                file_name,
                text,
                preview: Some(preview),
                problems,
            }
        }
        Err(error) => {
            let position = match &error {
                SnapshotError::Malformed { line, column, .. } => Some((*line, *column)),
                _ => None,
            };
            let problem = error.to_problem();
            let problems = vec![FileProblem {
                path: problem.path,
                code: problem.code,
                detail: problem.detail,
                position,
            }];
            CheckedFile {
                file_name,
                text,
                preview: None,
                problems,
            }
        }
    }
}

/// The server's field problems for a refused import.
fn server_problems(error: &ApiError) -> Vec<FileProblem> {
    match error {
        ApiError::Rejected { body, .. } => body
            .fields
            .iter()
            .flat_map(|(path, messages)| {
                messages.iter().map(move |message| FileProblem {
                    path: path.clone(),
                    code: message.code,
                    detail: message.message.clone(),
                    position: None,
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Why the links file was not saved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum LinksFileError {
    #[error(transparent)]
    Csv(#[from] roadshow_core::csv::CsvError),
    #[error(transparent)]
    Download(#[from] crate::download::DownloadError),
}

/// The new links as CSV, written by core's CSV writer (UTF-8 with a byte-order mark so Korean
/// Excel reads it, formula-like cells neutralised): role, id, name, link.
fn links_csv(
    rows: &[(&'static str, String, String, String)],
) -> Result<String, roadshow_core::csv::CsvError> {
    use roadshow_core::csv::{write_rows, Cell};
    let mut table = vec![["role", "id", "name", "link"]
        .into_iter()
        .map(Cell::text)
        .collect::<Vec<_>>()];
    table.extend(rows.iter().map(|(role, id, name, link)| {
        vec![
            Cell::text(*role),
            Cell::text(id.as_str()),
            Cell::text(name.as_str()),
            Cell::text(link.as_str()),
        ]
    }));
    write_rows(table)
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let checked = RwSignal::new(None::<CheckedFile>);
    let reading = RwSignal::new(false);
    let unreadable = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let import = Action::new_local(move |json: &String| api::import_event(json.clone()));
    let imported = move || import.value().get().and_then(Result::ok);

    let choose = move |_| {
        let Some(input) = input.get_untracked() else {
            return;
        };
        reading.set(true);
        unreadable.set(false);
        leptos::task::spawn_local(async move {
            match crate::upload::chosen_text(&input).await {
                Ok(Some((file_name, text))) => checked.set(Some(check_file(file_name, text))),
                Ok(None) => checked.set(None),
                Err(error) => {
                    leptos::logging::warn!("import file: {error}");
                    checked.set(None);
                    unreadable.set(true);
                }
            }
            reading.set(false);
        });
    };
    let problems = Memo::new(move |_| {
        let mut problems = checked.with(|checked| {
            checked
                .as_ref()
                .map(|checked| checked.problems.clone())
                .unwrap_or_default()
        });
        if let Some(Err(error)) = import.value().get() {
            problems.extend(server_problems(&error));
        }
        problems
    });
    let can_import = move || {
        checked.with(|checked| {
            checked
                .as_ref()
                .is_some_and(|checked| checked.preview.is_some() && checked.problems.is_empty())
        }) && !import.pending().get()
            && imported().is_none()
    };
    let send = move |_| {
        if let Some(json) =
            checked.with_untracked(|checked| checked.as_ref().map(|checked| checked.text.clone()))
        {
            import.dispatch(json);
        }
    };
    let failure = move || match import.value().get() {
        Some(Err(ApiError::Rejected { status: 422, .. })) => Some(text(org(OrgKey::ImportRefused))),
        Some(Err(error)) => Some(text(crate::i18n::request_problem(&error))),
        _ => None,
    };

    view! {
        <section class="card import" aria-labelledby="import-title">
            <h1 id="import-title">{move || text(org(OrgKey::ImportTitle))}</h1>
            <p id="import-intro">{move || text(org(OrgKey::ImportIntro))}</p>
            <Field id="import-file" label=org(OrgKey::ImportFile) also_described_by="import-intro" let:field>
                <input id=field.id() type="file" accept=".json,application/json" node_ref=input
                    aria-describedby=field.described_by() on:change=choose disabled=move || imported().is_some()/>
            </Field>
            <p role="status" class="import-reading">
                {move || if reading.get() { text(org(OrgKey::ImportReading)) } else if unreadable.get() { text(org(OrgKey::ImportUnreadable)) } else { "" }}
            </p>
            {move || checked.with(|checked| checked.as_ref().and_then(|checked| checked.preview.clone())).map(|preview| view! { <PreviewFacts preview/> })}
            {move || checked.with(Option::is_some).then(|| view! { <ProblemTable problems/> })}
            <button type="button" class="primary import-send" disabled=move || !can_import() on:click=send>
                {move || if import.pending().get() { text(org(OrgKey::ImportSending)) } else { text(org(OrgKey::ImportButton)) }}
            </button>
            <p class="error" role="alert">{failure}</p>
        </section>
        {move || imported().map(|answer| {
            let preview = checked.with_untracked(|checked| checked.as_ref().and_then(|checked| checked.preview.clone()));
            let name = preview.as_ref().map(|p| pick(&p.name, p.name_en.as_deref(), language.get_untracked())).unwrap_or_default();
            view! {
                <p class="notice" role="status">{move || text(org(OrgKey::ImportDone))}</p>
                <OrganizerLink link=answer.organizer_link.clone() event_name=name/>
                <NewLinks answer preview/>
            }
        })}
    }
}

#[component]
fn PreviewFacts(preview: Preview) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let name = {
        let (name, name_en) = (preview.name.clone(), preview.name_en.clone());
        move || pick(&name, name_en.as_deref(), language.get())
    };
    let count = move |key: OrgKey, value: usize| {
        view! {
            <dt>{move || text(org(key))}</dt><dd data-count=format!("{key:?}")>{value}</dd>
        }
    };
    view! {
        <section class="import-preview" aria-labelledby="import-preview-title">
            <h2 id="import-preview-title">{move || text(org(OrgKey::ImportPreview))}</h2>
            <dl class="facts">
                <dt>{move || text(org(OrgKey::ImportEventName))}</dt><dd class="event-name">{name}</dd>
                {count(OrgKey::ImportCountStartups, preview.startups)}
                {count(OrgKey::ImportCountInvestors, preview.investors)}
                {count(OrgKey::ImportCountScores, preview.scores)}
                {count(OrgKey::ImportCountMeetings, preview.meetings)}
                {count(OrgKey::ImportCountComments, preview.comments)}
            </dl>
        </section>
    }
}

#[component]
fn ProblemTable(problems: Memo<Vec<FileProblem>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let message = move |problem: &FileProblem, lang: Lang| {
        let mut message = problem_message(problem.code, lang).to_owned();
        if let Some((line, column)) = problem.position {
            message.push_str(&match lang {
                Lang::Ko => format!(" ({line}행 {column}열)"),
                Lang::En => format!(" (line {line}, column {column})"),
            });
        }
        if lang == Lang::En && !problem.detail.is_empty() {
            message.push_str(&format!(" — {}", problem.detail));
        }
        message
    };
    view! {
        <section class="import-problems" aria-labelledby="import-problems-title">
            <h2 id="import-problems-title">{move || text(org(OrgKey::ImportProblems))}</h2>
            {move || {
                let lang = language.get();
                let problems = problems.get();
                if problems.is_empty() {
                    return view! { <p class="empty">{move || text(org(OrgKey::ImportNoProblems))}</p> }.into_any();
                }
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="import-problems-caption">
                        <table class="board-table problems-table">
                            <caption id="import-problems-caption" class="visually-hidden">{move || text(org(OrgKey::ImportProblems))}</caption>
                            <thead><tr>
                                <th scope="col">{move || text(org(OrgKey::ImportPath))}</th>
                                <th scope="col">{move || text(org(OrgKey::ImportProblem))}</th>
                            </tr></thead>
                            <tbody>
                                {problems.iter().map(|problem| view! {
                                    <tr data-code=problem.code.as_str()>
                                        <td><code class="path">{problem.path.clone()}</code></td>
                                        <td class="message">{message(problem, lang)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The investors' and startups' new links (shown once), and the same as a CSV file.
#[component]
fn NewLinks(answer: ImportedEvent, preview: Option<Preview>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let (investor_names, startup_names) = preview
        .map(|p| (p.investor_names, p.startup_names))
        .unwrap_or_default();
    let name_of = |names: &[Named], id: &str, lang: Lang| {
        names
            .iter()
            .find(|(known, _, _)| known == id)
            .map(|(_, ko, en)| pick(ko, en.as_deref(), lang))
            .unwrap_or_else(|| id.to_owned())
    };
    let rows = move || {
        let lang = language.get();
        let role = |key: OrgKey| crate::i18n::text(org(key), lang);
        answer
            .investor_links
            .iter()
            .map(|(id, link)| {
                (
                    "investor",
                    role(OrgKey::ImportCountInvestors),
                    id.clone(),
                    name_of(&investor_names, id, lang),
                    format!("{origin}{link}"),
                )
            })
            .chain(answer.startup_links.iter().map(|(id, link)| {
                (
                    "startup",
                    role(OrgKey::ImportCountStartups),
                    id.clone(),
                    name_of(&startup_names, id, lang),
                    format!("{origin}{link}"),
                )
            }))
            .collect::<Vec<_>>()
    };
    let rows = Memo::new(move |_| rows());
    let saved = RwSignal::new(None::<bool>);
    let event_id = answer.id.clone();
    let download = move |_| {
        let table: Vec<(&'static str, String, String, String)> = rows.with_untracked(|rows| {
            rows.iter()
                .map(|(role, _, id, name, link)| (*role, id.clone(), name.clone(), link.clone()))
                .collect()
        });
        let result = links_csv(&table)
            .map_err(LinksFileError::from)
            .and_then(|csv| {
                crate::download::save_text_file(
                    &format!("roadshow-{event_id}-links.csv"),
                    "text/csv",
                    &csv,
                )
                .map_err(LinksFileError::from)
            });
        if let Err(error) = &result {
            leptos::logging::warn!("links CSV not saved: {error}");
        }
        saved.set(Some(result.is_ok()));
    };
    view! {
        <section class="card new-links" aria-labelledby="new-links-title">
            <h2 id="new-links-title">{move || text(org(OrgKey::ImportLinksTitle))}</h2>
            <p class="warning">{move || text(org(OrgKey::ImportLinksHint))}</p>
            <button type="button" class="secondary" on:click=download>{move || text(org(OrgKey::ImportLinksCsv))}</button>
            <span role="status">{move || saved.get().map(|ok| if ok { text(org(OrgKey::Downloaded)) } else { text(org(OrgKey::ExportFailed)) })}</span>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="new-links-caption">
                <table class="board-table links-table">
                    <caption id="new-links-caption" class="visually-hidden">{move || text(org(OrgKey::ImportLinksTitle))}</caption>
                    <thead><tr>
                        <th scope="col">{move || text(org(OrgKey::ImportRole))}</th>
                        <th scope="col">{move || text(org(OrgKey::ImportName))}</th>
                        <th scope="col">{move || text(org(OrgKey::ImportLink))}</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|(role, role_label, id, name, link)| view! {
                            <tr data-role=role data-id=id>
                                <td>{role_label}</td>
                                <th scope="row" class="person-name">{name}</th>
                                <td><code class="link">{link}</code></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_file_is_previewed_with_its_counts() {
        let text = serde_json::json!({
            "format": "roadshow-event/1",
            "event": {"id": "e1", "name": "설명회", "name_en": "Roadshow", "meetings": {"slots": 2, "tables": 1},
                      "criteria": [{"key": "innovation", "weight": 1.0}]},
            "startups": [{"id": "s1", "name": "수소배"}],
            "investors": [{"id": "i1", "firm": "한빛"}],
            "scores": [{"investor": "i1", "startup": "s1", "criterion": "innovation", "value": 8}],
            "meetings": [{"investor": "i1", "startup": "s1", "slot": 0, "table": 0}],
            "comments": [{"investor": "i1", "startup": "s1", "text": "좋음"}]
        })
        .to_string();
        let checked = check_file("e1.json".into(), text);
        assert_eq!(checked.problems, Vec::new());
        let preview = checked.preview.expect("a preview");
        assert_eq!(
            (
                preview.startups,
                preview.investors,
                preview.scores,
                preview.meetings,
                preview.comments
            ),
            (1, 1, 1, 1, 1)
        );
        assert_eq!(preview.name_en.as_deref(), Some("Roadshow"));
    }

    #[test]
    fn every_problem_is_listed_with_its_path() {
        let text = serde_json::json!({
            "format": "roadshow-event/1",
            "event": {"id": "e1", "name": "", "criteria": [{"key": "innovation", "weight": 1.0}, {"key": "market", "weight": 1.0}]},
            "startups": [{"id": "s1", "name": "A"}],
            "investors": [{"id": "i1", "firm": "B"}],
            "scores": [{"investor": "i1", "startup": "s1", "criterion": "innovation", "value": 99},
                       {"investor": "i9", "startup": "s1", "criterion": "market", "value": 5}]
        })
        .to_string();
        let checked = check_file("bad.json".into(), text);
        let found: Vec<(&str, ProblemCode)> = checked
            .problems
            .iter()
            .map(|p| (p.path.as_str(), p.code))
            .collect();
        assert!(
            found.contains(&("event.name", ProblemCode::Required)),
            "{found:?}"
        );
        assert!(
            found.contains(&("scores[0].value", ProblemCode::OutOfScale)),
            "{found:?}"
        );
        assert!(
            found.contains(&("scores[1].investor", ProblemCode::UnknownId)),
            "{found:?}"
        );
    }

    #[test]
    fn broken_json_names_line_and_column() {
        let checked = check_file(
            "broken.json".into(),
            "{\n  \"format\": \"roadshow-event/1\",\n  \"event\": {\"id\": 5".into(),
        );
        assert!(checked.preview.is_none());
        assert_eq!(checked.problems.len(), 1);
        assert_eq!(checked.problems[0].code, ProblemCode::Malformed);
        assert!(checked.problems[0].position.is_some());
        let wrong = check_file(
            "old.json".into(),
            r#"{"format": "roadshow-event/0", "event": {"id": "e", "name": "x"}}"#.into(),
        );
        assert_eq!(wrong.problems[0].code, ProblemCode::UnsupportedFormat);
    }

    #[test]
    fn links_csv_has_a_bom_and_neutralises_formulas() {
        let csv = links_csv(&[
            (
                "investor",
                "i1".into(),
                "=HYPERLINK(\"x\")".into(),
                "https://x.test/events/e/score#k=a".into(),
            ),
            (
                "startup",
                "s1".into(),
                "수소, 배".into(),
                "https://x.test/events/e/startup#k=b".into(),
            ),
        ])
        .expect("csv");
        assert_eq!(
            csv,
            "\u{feff}role,id,name,link\ninvestor,i1,\"'=HYPERLINK(\"\"x\"\")\",https://x.test/events/e/score#k=a\n\
             startup,s1,\"수소, 배\",https://x.test/events/e/startup#k=b\n"
        );
    }
}
