//! Programs of roadshows (definitions §7.5): creating one (anyone; answers with the program
//! organizer's link), its events (created in it, or brought by whoever organizes them), an
//! organizer link of each of its events for the program organizer, and the program's figures.
//!
//! A program link opens these routes only; an event's links open nothing here. The figures are
//! computed on the server with core's `report::program_report`, the function `roadshow report`
//! runs: the page needs counts and sums, and the events' personal data (contacts, comments)
//! need not travel to compute them.

use crate::auth::{caller_in_event, caller_in_program, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::principal::ProgramPrincipal;
use crate::routes::events::{insert_event, Quota, CREATE};
use crate::secret::new_event_id;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Record};
use crate::store::programs::{self, program_actor, Joined};
use crate::store::snapshot::report_snapshot;
use crate::store::{links, now_rfc3339};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use roadshow_core::event_draft::EventDraft;
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::program::{apply_firm_change, program_firms};
use roadshow_core::report::{program_report_with_firms, ProgramReport};
use roadshow_core::wire::{
    AttachEvent, AuditAction, CreatedEvent, CreatedProgram, ErrorCode, FirmChange, IssuedLink,
    ProgramDraft, ProgramFirms, ProgramRecord,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programs", post(create_program))
        .route("/programs/{program_id}", get(get_program))
        .route(
            "/programs/{program_id}/events",
            post(create_event_in_program),
        )
        .route(
            "/programs/{program_id}/events/{event_id}",
            put(attach_event),
        )
        .route(
            "/programs/{program_id}/events/{event_id}/organizer-link",
            post(issue_event_organizer_link),
        )
        .route("/programs/{program_id}/report", get(report))
        .route(
            "/programs/{program_id}/firms",
            get(get_firms).post(change_firms),
        )
}

/// The longest program name kept (a title, not a document).
const NAME_MAX_CHARS: usize = 200;

fn draft_problems(draft: &ProgramDraft) -> Vec<Problem> {
    let mut problems = Vec::new();
    let name = draft.name.trim();
    if name.is_empty() {
        problems.push(Problem::new("name", ProblemCode::Required));
    } else if name.chars().count() > NAME_MAX_CHARS {
        problems.push(
            Problem::new("name", ProblemCode::TooLong)
                .with_detail(format!("at most {NAME_MAX_CHARS} characters")),
        );
    }
    if let Some(name_en) = &draft.name_en {
        if name_en.trim().chars().count() > NAME_MAX_CHARS {
            problems.push(
                Problem::new("name_en", ProblemCode::TooLong)
                    .with_detail(format!("at most {NAME_MAX_CHARS} characters")),
            );
        }
    }
    problems
}

async fn create_program(
    State(state): State<AppState>,
    _quota: Quota<CREATE>,
    ApiJson(draft): ApiJson<ProgramDraft>,
) -> ApiResult<(StatusCode, Json<CreatedProgram>)> {
    let problems = draft_problems(&draft);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    let draft = ProgramDraft {
        name: draft.name.trim().to_owned(),
        name_en: draft
            .name_en
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty()),
    };
    let id = new_event_id();
    let mut transaction = store::begin_write(&state.db).await?;
    let organizer_link = programs::insert(&mut transaction, &id, &draft, &now_rfc3339()).await?;
    transaction.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedProgram { id, organizer_link }),
    ))
}

async fn get_program(
    State(state): State<AppState>,
    ApiPath(program_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Json<ProgramRecord>> {
    let program = caller_in_program(&state, &program_id, &bearer).await?;
    Ok(Json(programs::load(&state.db, &program.program_id).await?))
}

async fn create_event_in_program(
    State(state): State<AppState>,
    ApiPath(program_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(draft): ApiJson<EventDraft>,
) -> ApiResult<(StatusCode, Json<CreatedEvent>)> {
    let program = caller_in_program(&state, &program_id, &bearer).await?;
    let valid = draft.validate().map_err(ApiError::Invalid)?;
    let created = insert_event(&state.db, &new_event_id(), valid, false, Some(&program)).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// An existing event joins the program: the program's organizer asks, and proves it organizes
/// the event with that event's organizer secret.
async fn attach_event(
    State(state): State<AppState>,
    ApiPath((program_id, event_id)): ApiPath<(String, String)>,
    bearer: Bearer,
    ApiJson(attach): ApiJson<AttachEvent>,
) -> ApiResult<Json<ProgramRecord>> {
    let program = caller_in_program(&state, &program_id, &bearer).await?;
    let key = attach.organizer_key.trim();
    if key.is_empty() {
        return Err(ApiError::Invalid(vec![Problem::new(
            "organizer_key",
            ProblemCode::Required,
        )
        .with_detail("the secret of the event's organizer link")]));
    }
    let event_bearer = Bearer {
        secret: Some(key.to_owned()),
        client: bearer.client,
    };
    let organizer = caller_in_event(&state, &event_id, &event_bearer).await?;
    permissions::may_manage_event(&organizer, &event_id)?;
    let mut transaction = store::begin_write(&state.db).await?;
    let actor = program_actor(&program.link_id);
    let joined = programs::join(
        &mut transaction,
        &event_id,
        &program.program_id,
        &actor,
        &now_rfc3339(),
    )
    .await?;
    if joined == Joined::OtherProgram {
        return Err(ApiError::NotNow {
            code: ErrorCode::InOtherProgram,
            message: "this event belongs to another program already",
        });
    }
    transaction.commit().await?;
    Ok(Json(programs::load(&state.db, &program.program_id).await?))
}

/// One more organizer link of an event of the program, for the program's organizer.
async fn issue_event_organizer_link(
    State(state): State<AppState>,
    ApiPath((program_id, event_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<(StatusCode, Json<IssuedLink>)> {
    let program = caller_in_program(&state, &program_id, &bearer).await?;
    ensure_in_program(&state, &program, &event_id).await?;
    let mut transaction = store::begin_write(&state.db).await?;
    let link = links::issue_for_program(
        &mut transaction,
        &event_id,
        &program.program_id,
        &program.link_id,
        &now_rfc3339(),
    )
    .await?;
    transaction.commit().await?;
    Ok((StatusCode::CREATED, Json(IssuedLink { link: link.path })))
}

/// 404 for an event that is not one of the program's (whether or not it exists elsewhere).
async fn ensure_in_program(
    state: &AppState,
    program: &ProgramPrincipal,
    event_id: &str,
) -> ApiResult<()> {
    let events = programs::event_ids(&state.db, &program.program_id).await?;
    if events.iter().any(|id| id == event_id) {
        Ok(())
    } else {
        Err(ApiError::NotFound("event"))
    }
}

#[derive(serde::Deserialize)]
struct ReportQuery {
    /// Comma-separated event ids; absent: every event of the program.
    events: Option<String>,
}

/// The program's figures (`roadshow report` on the events' snapshots), for every event or the
/// ones chosen, in the program's order (earliest first).
async fn report(
    State(state): State<AppState>,
    ApiPath(program_id): ApiPath<String>,
    query: Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>,
    bearer: Bearer,
) -> ApiResult<Json<ProgramReport>> {
    let Query(query) = query.map_err(|_| {
        ApiError::Invalid(vec![Problem::new("events", ProblemCode::InvalidFormat)
            .with_detail("event ids separated by commas")])
    })?;
    let program = caller_in_program(&state, &program_id, &bearer).await?;
    let all = programs::event_ids(&state.db, &program.program_id).await?;
    let chosen: Vec<String> = match query.events.as_deref().map(str::trim) {
        None | Some("") => all.clone(),
        Some(list) => {
            let wanted: Vec<&str> = list.split(',').map(str::trim).collect();
            let problems: Vec<Problem> = wanted
                .iter()
                .enumerate()
                .filter(|(_, id)| !all.iter().any(|known| known == *id))
                .map(|(at, id)| {
                    Problem::new(format!("events[{at}]"), ProblemCode::UnknownId)
                        .with_detail(format!("{id} is not an event of this program"))
                })
                .collect();
            if !problems.is_empty() {
                return Err(ApiError::Invalid(problems));
            }
            all.iter()
                .filter(|id| wanted.contains(&id.as_str()))
                .cloned()
                .collect()
        }
    };
    // Each event is read on its own connection, several at once (SQLite's WAL lets readers run
    // side by side); the figures are then added up in the program's order.
    let mut reads = tokio::task::JoinSet::new();
    for (at, event_id) in chosen.iter().enumerate() {
        let (db, event_id) = (state.db.clone(), event_id.clone());
        reads.spawn(async move { (at, report_snapshot(&db, &event_id).await) });
    }
    let mut read: Vec<Option<roadshow_core::model::Snapshot>> = vec![None; chosen.len()];
    while let Some(done) = reads.join_next().await {
        let (at, snapshot) = done.map_err(|error| {
            ApiError::from(crate::error::InternalError::Task(error.to_string()))
        })?;
        read[at] = Some(snapshot?);
    }
    let snapshots: Vec<roadshow_core::model::Snapshot> = read.into_iter().flatten().collect();
    for event_id in &chosen {
        let record =
            Record::new(AuditAction::ProgramReportRead).with("program", program_id.as_str());
        audit::append_read(
            &state.db,
            event_id,
            &program_actor(&program.link_id),
            record,
        )
        .await?;
    }
    let named: Vec<(&str, &roadshow_core::model::Snapshot)> = chosen
        .iter()
        .map(String::as_str)
        .zip(snapshots.iter())
        .collect();
    let aliases = {
        let mut connection = state.db.acquire().await?;
        programs::firm_aliases(&mut connection, &program.program_id).await?
    };
    program_report_with_firms(&named, &aliases)
        .map(Json)
        .map_err(|problems| {
            // Stored events are consistent by construction; a problem here is the server's fault.
            crate::error::InternalError::Task(format!(
                "the program's events do not add up: {:?}",
                problems.first().map(|found| &found.problem)
            ))
            .into()
        })
}

/// The program's firms as the figures count them, with every name written for each.
async fn get_firms(
    State(state): State<AppState>,
    ApiPath(program_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Json<ProgramFirms>> {
    let program = caller_in_program(&state, &program_id, &bearer).await?;
    let mut connection = state.db.acquire().await?;
    let aliases = programs::firm_aliases(&mut connection, &program.program_id).await?;
    let names = programs::firm_names(&mut connection, &program.program_id).await?;
    Ok(Json(ProgramFirms {
        firms: program_firms(&names, &aliases),
    }))
}

/// Merges two firms, splits a name off as a firm of its own, or undoes either (definitions
/// §7.5): the figures and the pairs that met before follow at once.
async fn change_firms(
    State(state): State<AppState>,
    ApiPath(program_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(change): ApiJson<FirmChange>,
) -> ApiResult<Json<ProgramFirms>> {
    let program = caller_in_program(&state, &program_id, &bearer).await?;
    let mut transaction = store::begin_write(&state.db).await?;
    let mut aliases = programs::firm_aliases(&mut transaction, &program.program_id).await?;
    let names = programs::firm_names(&mut transaction, &program.program_id).await?;
    let before = program_firms(&names, &aliases);
    apply_firm_change(&mut aliases, &before, &change)
        .map_err(|problem| ApiError::Invalid(vec![problem]))?;
    programs::set_firm_aliases(&mut transaction, &program.program_id, &aliases).await?;
    transaction.commit().await?;
    Ok(Json(ProgramFirms {
        firms: program_firms(&names, &aliases),
    }))
}
