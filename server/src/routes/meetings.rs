//! `PUT /events/{id}/meetings`: the organizer's meeting plan, replaced whole, checked by core's
//! rules against the stored people and meeting settings, published or kept as a draft.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::state::AppState;
use crate::store::audit::{self, Actor, Record};
use crate::store::events::{bump_version, load_event, set_meetings_published};
use crate::store::people::{self, Kind};
use crate::store::{self, meetings};
use axum::extract::State;
use axum::routing::put;
use axum::{Json, Router};
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::wire::{AuditAction, MeetingPlan, PublishedMeetings};

pub fn router() -> Router<AppState> {
    Router::new().route("/events/{event_id}/meetings", put(publish_meetings))
}

async fn publish_meetings(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(plan): ApiJson<MeetingPlan>,
) -> ApiResult<Json<PublishedMeetings>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_manage_event(&principal, &event_id)?;
    let mut transaction = store::begin_write(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let investors = people::investors(&mut transaction, &event_id).await?;
    let startups = people::ids(&mut transaction, Kind::Startup, &event_id).await?;
    let mut problems = roadshow_core::validate::meeting_problems(
        &plan.meetings,
        &event.settings.meetings,
        &investors
            .iter()
            .enumerate()
            .map(|(index, investor)| (investor.id.as_str(), index))
            .collect(),
        &investors
            .iter()
            .map(|investor| roadshow_core::teams::firm_key(&investor.firm))
            .collect::<Vec<_>>(),
        &startups
            .iter()
            .enumerate()
            .map(|(index, id)| (id.as_str(), index))
            .collect(),
    );
    if plan.published {
        // An agenda needs times: without them people would read "2번째" instead of 14:40.
        let times = &event.settings.meetings;
        if times.first_slot.is_none() {
            problems.push(
                Problem::new("meetings.first_slot", ProblemCode::Required)
                    .with_detail("set when the first meeting starts before publishing"),
            );
        }
        if times.slot_minutes.is_none() {
            problems.push(
                Problem::new("meetings.slot_minutes", ProblemCode::Required)
                    .with_detail("set how long a meeting lasts before publishing"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    meetings::replace_plan(&mut transaction, &event_id, &plan.meetings).await?;
    let version = bump_version(&mut transaction, &event_id).await?;
    set_meetings_published(&mut transaction, &event_id, plan.published).await?;
    let action = if plan.published {
        AuditAction::MeetingsPublished
    } else {
        AuditAction::MeetingsSaved
    };
    let record = Record::new(action).with("meetings", plan.meetings.len());
    audit::append(
        &mut transaction,
        &event_id,
        &Actor::of(&principal),
        record,
        &store::now_rfc3339(),
    )
    .await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok(Json(PublishedMeetings {
        meetings: plan.meetings.len(),
        published: plan.published,
        version,
    }))
}
