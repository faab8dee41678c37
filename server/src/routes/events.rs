//! Events: creation (anyone; answers with the organizer link), the event as each role sees it,
//! settings and phase changes by the organizer, the registration link, and the snapshot export.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::import::import_snapshot;
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::principal::{ProgramPrincipal, Role};
use crate::rate_limit::Anonymous;
use crate::secret::new_event_id;
use crate::state::AppState;
use crate::store::audit::{self, Actor, Record};
use crate::store::events::StoredEvent;
use crate::store::events::{bump_version, load_event, NewEvent};
use crate::store::links::IssuedBy;
use crate::store::snapshot::organizer_snapshot;
use crate::store::{self, links, now_rfc3339, programs, to_text};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use roadshow_core::event_draft::{EventDraft, ValidEventDraft};
use roadshow_core::model::{Event, Phase, Snapshot};
use roadshow_core::pitching::{self, Pitcher};
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::wire::{
    AuditAction, CreatedEvent, EventChange, EventRecord, EventResponse, ImportedEvent, IssuedLink,
};
use sqlx::AnyPool;

/// A snapshot of a large event (thousands of startups and their scores) is far above the
/// ordinary body limit.
pub const IMPORT_LIMIT_BYTES: usize = 32 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", post(create_event))
        .route(
            "/events/import",
            post(import_event).layer(axum::extract::DefaultBodyLimit::max(IMPORT_LIMIT_BYTES)),
        )
        .route("/events/{event_id}", get(get_event).patch(update_event))
        .route(
            "/events/{event_id}/registration-link",
            post(issue_registration_link).delete(revoke_registration_link),
        )
        .route("/events/{event_id}/snapshot", get(export_snapshot))
}

pub(crate) const CREATE: bool = false;
const IMPORT: bool = true;

/// One request of an anonymous kind (creating, or importing with `IS_IMPORT`) counted against
/// the client address's quota before the body is read; a spent quota answers 429.
pub(crate) struct Quota<const IS_IMPORT: bool>;

impl<const IS_IMPORT: bool> axum::extract::FromRequestParts<AppState> for Quota<IS_IMPORT> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        let (action, what) = if IS_IMPORT {
            (Anonymous::ImportEvent, "imports")
        } else {
            (Anonymous::CreateEvent, "new events")
        };
        let client = state.trusted_proxies.client_address(parts);
        state
            .anonymous_limiter
            .check(action, client)
            .map_err(|blocked| ApiError::too_many_requests(what, blocked))?;
        Ok(Quota)
    }
}

async fn create_event(
    State(state): State<AppState>,
    _quota: Quota<CREATE>,
    ApiJson(draft): ApiJson<EventDraft>,
) -> ApiResult<(StatusCode, Json<CreatedEvent>)> {
    let valid = draft.validate().map_err(ApiError::Invalid)?;
    let created = insert_event(&state.db, &new_event_id(), valid, false, None).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Stores the event (with the product's default settings) and its first organizer link in one
/// transaction; created by a program's organizer (`program`), it joins that program in the same
/// transaction.
pub async fn insert_event(
    db: &AnyPool,
    id: &str,
    draft: ValidEventDraft,
    fictional: bool,
    program: Option<&ProgramPrincipal>,
) -> ApiResult<CreatedEvent> {
    let settings = draft.into_event(id);
    let now = now_rfc3339();
    let mut transaction = store::begin_write(db).await?;
    let event = NewEvent {
        settings: &settings,
        phase: settings.phase.unwrap_or_default(),
        reveal_mode: settings.reveal.unwrap_or_default(),
        scores_revealed: false,
        registration_closes_at: None,
        meetings_published: false,
        fictional,
        created_at: &now,
        version: 1,
        importing: false,
    };
    store::events::insert(&mut transaction, &event).await?;
    let organizer_link = links::reissue(
        &mut transaction,
        &settings.id,
        Role::Organizer,
        None,
        &now,
        IssuedBy::Itself,
    )
    .await?;
    let creator = Actor::link(Role::Organizer, &organizer_link.id);
    let record = Record::new(AuditAction::EventCreated).with("fictional", fictional);
    audit::append(&mut transaction, &settings.id, &creator, record, &now).await?;
    if let Some(program) = program {
        let actor = programs::program_actor(&program.link_id);
        programs::join(
            &mut transaction,
            &settings.id,
            &program.program_id,
            &actor,
            &now,
        )
        .await?;
    }
    transaction.commit().await?;
    Ok(CreatedEvent {
        id: settings.id,
        organizer_link: organizer_link.path,
    })
}

/// Creates a new event from an exported snapshot (under a new id, with new links for everyone).
async fn import_event(
    State(state): State<AppState>,
    _quota: Quota<IMPORT>,
    ApiJson(snapshot): ApiJson<Snapshot, IMPORT_LIMIT_BYTES>,
) -> ApiResult<(StatusCode, Json<ImportedEvent>)> {
    let imported = import_snapshot(
        &state.db,
        &state.write_gate,
        &new_event_id(),
        snapshot,
        false,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(imported)))
}

async fn get_event(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Json<EventResponse>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    let event = load_event(&state.db, &event_id).await?;
    Ok(Json(EventResponse {
        event: permissions::event_view(&principal, &event),
        role: principal.role,
        subject_id: principal.subject_id,
    }))
}

async fn update_event(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(change): ApiJson<EventChange>,
) -> ApiResult<Json<EventRecord>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    let mut problems = Vec::new();
    let deadline = match change.registration_closes_at.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(text) => match roadshow_core::event_draft::parse_kst(text) {
            Some(time) => Some(Some(time.to_rfc3339())),
            None => {
                problems.push(Problem::new(
                    "registration_closes_at",
                    ProblemCode::InvalidFormat,
                ));
                None
            }
        },
    };
    if let Some(settings) = &change.settings {
        let mut settings = settings.clone();
        settings.id = event_id.clone();
        let snapshot = Snapshot::of_event(settings);
        problems.extend(
            roadshow_core::validate::validate(&snapshot)
                .into_iter()
                // Rounds name investors and startups (judges, promotion): checked against the
                // stored people below, not against this snapshot without any.
                .filter(|problem| !names_stored_people(problem))
                .map(|problem| Problem {
                    path: format!("settings.{}", problem.path.trim_start_matches("event.")),
                    ..problem
                }),
        );
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }

    let mut transaction = store::begin_write(&state.db).await?;
    let mut current = load_event(&mut *transaction, &event_id).await?;
    let before = current.clone();
    let mut gains_rounds: Option<String> = None;
    if let Some(mut settings) = change.settings {
        settings.id = event_id.clone();
        settings.phase = None;
        settings.reveal = None;
        // Live state changes through its own fields above, never through the settings.
        settings.scores_revealed = None;
        settings.meetings_published = None;
        settings.registration_closes_at = None;
        // Only a change to what stored values must fit can break them; reading the whole event
        // for a renamed venue would be wasted. This transaction holds the write lock, so what is
        // stored cannot change meanwhile.
        let before = &current.settings;
        let fit_changed = settings.scale != before.scale
            || settings
                .criteria
                .iter()
                .map(|criterion| &criterion.key)
                .ne(before.criteria.iter().map(|criterion| &criterion.key))
            || (settings.meetings.slots, settings.meetings.tables)
                != (before.meetings.slots, before.meetings.tables)
            || settings.rounds != before.rounds;
        if fit_changed {
            stored_data_problems(&state.db, &event_id, &settings).await?;
        }
        // Scores given before the event had rounds were given in its first round (§8.1).
        gains_rounds = before
            .rounds
            .is_empty()
            .then(|| settings.rounds.first().map(|round| round.id.clone()))
            .flatten();
        current.settings = settings;
    }
    if let Some(round) = &change.current_round {
        current.current_round = Some(round.clone()).filter(|round| !round.is_empty());
    }
    // The round phones score must be one of the event's (settings changed above included).
    if let Some(round) = &current.current_round {
        if !current
            .settings
            .rounds
            .iter()
            .any(|known| &known.id == round)
        {
            if change.current_round.is_some() {
                return Err(ApiError::Invalid(vec![Problem::new(
                    "current_round",
                    ProblemCode::UnknownId,
                )
                .with_detail(format!("the event has no round {round:?}"))]));
            }
            // A round the new settings no longer have: phones go back to the first.
            current.current_round = None;
        }
    }
    if change.running_order.is_some() || change.now_pitching.is_some() {
        let halls = store::people::published_halls(&mut transaction, &event_id).await?;
        let pitchers: Vec<Pitcher> = halls
            .iter()
            .map(|(id, hall)| Pitcher::new(id, *hall))
            .collect();
        let mut problems = Vec::new();
        if let Some(order) = &change.running_order {
            problems.extend(pitching::order_problems(order, &pitchers));
        }
        if let Some(on) = &change.now_pitching {
            problems.extend(pitching::pitch_on_problems(on, &pitchers));
        }
        if !problems.is_empty() {
            return Err(ApiError::Invalid(problems));
        }
    }
    if let Some(order) = change.running_order {
        current.pitching.running_order = order;
    }
    if let Some(on) = &change.now_pitching {
        current.pitching.now_pitching = pitching::with_pitch_on(&current.pitching.now_pitching, on);
    }
    current.phase = change.phase.unwrap_or(current.phase);
    if let Some(release) = change.feedback {
        // Reports tell founders where they ranked: only once the results are out.
        if release.released && current.phase != Phase::ResultsPublished {
            return Err(ApiError::Invalid(vec![Problem::new(
                "feedback.released",
                ProblemCode::NotApplicable,
            )
            .with_detail("feedback is released once the results are published")]));
        }
        current.feedback = release;
    }
    current.reveal_mode = change.reveal_mode.unwrap_or(current.reveal_mode);
    current.scores_revealed = change.scores_revealed.unwrap_or(current.scores_revealed);
    if let Some(deadline) = deadline {
        current.registration_closes_at = deadline;
    }
    let version = bump_version(&mut transaction, &event_id).await?;
    store::events::update_settings(&mut transaction, &event_id, &current, version).await?;
    if let Some(first) = &gains_rounds {
        store::scores::name_unnamed_round(&mut transaction, &event_id, first, version).await?;
    }
    let now = now_rfc3339();
    let by = Actor::of(&principal);
    for record in changes_to_record(&before, &current) {
        audit::append(&mut transaction, &event_id, &by, record, &now).await?;
    }
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    current.version = version;
    current.settings_version = version;
    Ok(Json(current.record()))
}

/// A problem of the rounds' references to people (`event.rounds[i].judges[j]`,
/// `event.rounds[i].promote.startups[j]`), which only the whole stored event can tell.
fn names_stored_people(problem: &Problem) -> bool {
    problem.path.starts_with("event.rounds[") && problem.code == ProblemCode::UnknownId
}

/// Refuses settings under which what is already stored would no longer be valid: a narrower
/// scale with scores outside it, a removed or renamed criterion that has scores, fewer slots or
/// tables than planned meetings use. Each problem names the setting and how many stored values
/// it would break, so the organizer can keep the setting or clear those values first.
async fn stored_data_problems(db: &AnyPool, event_id: &str, settings: &Event) -> ApiResult<()> {
    let mut snapshot = organizer_snapshot(db, event_id).await?;
    if snapshot.event.rounds.is_empty() {
        // Scores given before the event had rounds go to its first round (see `update_event`).
        if let Some(first) = settings.rounds.first() {
            for score in &mut snapshot.scores {
                score.round = Some(first.id.clone());
            }
        }
    }
    snapshot.event = settings.clone();
    let mut broken: std::collections::BTreeMap<&'static str, (usize, String)> =
        std::collections::BTreeMap::new();
    let mut people_problems = Vec::new();
    for problem in roadshow_core::validate::validate(&snapshot) {
        if names_stored_people(&problem) {
            people_problems.push(Problem {
                path: format!("settings.{}", problem.path.trim_start_matches("event.")),
                ..problem
            });
            continue;
        }
        let setting = if problem.path.starts_with("scores[") {
            // A removed round, or a judge taken off a round's list, that has scores.
            if problem.path.ends_with(".round") || problem.path.ends_with(".investor") {
                "settings.rounds"
            } else if problem.path.ends_with(".criterion") {
                "settings.criteria"
            } else {
                "settings.scale"
            }
        } else if problem.path.starts_with("meetings[") {
            if problem.path.ends_with(".table") {
                "settings.meetings.tables"
            } else {
                "settings.meetings.slots"
            }
        } else {
            continue;
        };
        let entry = broken.entry(setting).or_insert((0, problem.path.clone()));
        entry.0 += 1;
    }
    if broken.is_empty() && people_problems.is_empty() {
        return Ok(());
    }
    Err(ApiError::Invalid(
        people_problems
            .into_iter()
            .chain(broken.into_iter()
            .map(|(setting, (count, first))| {
                let what = if setting.starts_with("settings.meetings") { "planned meetings" } else { "stored scores" };
                Problem::new(setting, ProblemCode::BreaksStoredData).with_detail(format!(
                    "{count} {what} would no longer fit (first: {first}); keep this setting, or change those first"
                ))
            }))
            .collect(),
    ))
}

async fn issue_registration_link(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<(StatusCode, Json<IssuedLink>)> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    let mut transaction = store::begin_write(&state.db).await?;
    let link = links::reissue(
        &mut transaction,
        &event_id,
        Role::Registration,
        None,
        &now_rfc3339(),
        IssuedBy::Actor(&Actor::of(&principal)),
    )
    .await?;
    transaction.commit().await?;
    state.live.links_revoked(&event_id);
    Ok((StatusCode::CREATED, Json(IssuedLink { link: link.path })))
}

async fn revoke_registration_link(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<StatusCode> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    let mut transaction = store::begin_write(&state.db).await?;
    links::revoke(
        &mut transaction,
        &event_id,
        Role::Registration,
        None,
        &now_rfc3339(),
        &Actor::of(&principal),
    )
    .await?;
    transaction.commit().await?;
    state.live.links_revoked(&event_id);
    Ok(StatusCode::NO_CONTENT)
}

async fn export_snapshot(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Json<Snapshot>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    let snapshot = organizer_snapshot(&state.db, &event_id).await?;
    // Reading everyone's personal data is an action an auditor asks about.
    audit::append_read(
        &state.db,
        &event_id,
        &Actor::of(&principal),
        Record::new(AuditAction::SnapshotExported),
    )
    .await?;
    Ok(Json(snapshot))
}

/// The audit entries a settings or live-state change makes: one per kind of change, with the
/// old and new values where they are facts (phase, reveal mode), and which settings changed.
fn changes_to_record(before: &StoredEvent, after: &StoredEvent) -> Vec<Record> {
    let mut records = Vec::new();
    if before.phase != after.phase {
        records.push(
            Record::new(AuditAction::PhaseChanged)
                .with("from", to_text(&before.phase))
                .with("to", to_text(&after.phase)),
        );
    }
    if before.reveal_mode != after.reveal_mode {
        records.push(
            Record::new(AuditAction::RevealModeChanged)
                .with("from", to_text(&before.reveal_mode))
                .with("to", to_text(&after.reveal_mode)),
        );
    }
    if before.scores_revealed != after.scores_revealed {
        records.push(Record::new(if after.scores_revealed {
            AuditAction::ScoresRevealed
        } else {
            AuditAction::ScoresHidden
        }));
    }
    if before.registration_closes_at != after.registration_closes_at {
        records.push(
            Record::new(AuditAction::RegistrationDeadlineChanged)
                .with("to", after.registration_closes_at.clone()),
        );
    }
    if before.pitching.running_order != after.pitching.running_order {
        records.push(
            Record::new(AuditAction::RunningOrderPublished)
                .with("pitches", after.pitching.running_order.len()),
        );
    }
    if before.feedback != after.feedback {
        records.push(if after.feedback.released {
            Record::new(AuditAction::FeedbackReleased).with("exact_rank", after.feedback.exact_rank)
        } else {
            Record::new(AuditAction::FeedbackWithdrawn)
        });
    }
    let old = serde_json::to_value(&before.settings).unwrap_or_default();
    let new = serde_json::to_value(&after.settings).unwrap_or_default();
    if let (Some(old), Some(new)) = (old.as_object(), new.as_object()) {
        let changed: std::collections::BTreeSet<&String> = old
            .keys()
            .chain(new.keys())
            .filter(|key| old.get(*key) != new.get(*key))
            .collect();
        if !changed.is_empty() {
            let mut record = Record::new(AuditAction::SettingsChanged)
                .with("settings", changed.into_iter().cloned().collect::<Vec<_>>());
            if before.settings.retention_until != after.settings.retention_until {
                record = record.with(
                    "retention_until",
                    after.settings.retention_until.map(|date| date.to_string()),
                );
            }
            records.push(record);
        }
    }
    records
}
