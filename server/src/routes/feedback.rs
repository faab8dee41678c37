//! `GET /events/{id}/startups/{startup}/feedback`: a startup's feedback report (definitions
//! §8.4) — its criterion means against the field, judge count, interval and rank band, computed
//! by core from the event's scores. The founder reads its own once the organizer has released
//! the reports (after the results are published); the organizer previews any. Nothing in the
//! report names a judge.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiPath;
use crate::permissions::{self, FeedbackReader};
use crate::state::AppState;
use crate::store::events::load_event;
use crate::store::snapshot::organizer_snapshot;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use roadshow_core::feedback::{feedback, FeedbackError, FeedbackReport};
use roadshow_core::model::Phase;
use roadshow_core::wire::ErrorCode;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/events/{event_id}/startups/{startup_id}/feedback",
        get(feedback_report),
    )
}

async fn feedback_report(
    State(state): State<AppState>,
    ApiPath((event_id, startup_id)): ApiPath<(String, String)>,
    bearer: Bearer,
) -> ApiResult<Json<FeedbackReport>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    let reader = permissions::feedback_reader(&principal, &startup_id)?;
    let event = load_event(&state.db, &event_id).await?;
    let released = event.feedback.released && event.phase == Phase::ResultsPublished;
    if reader == FeedbackReader::Founder && !released {
        return Err(ApiError::NotNow {
            code: ErrorCode::FeedbackNotReleased,
            message: "the organizer has not released the feedback reports",
        });
    }
    let snapshot = organizer_snapshot(&state.db, &event_id).await?;
    match feedback(&snapshot, &startup_id, event.feedback.exact_rank) {
        Ok(report) => Ok(Json(report)),
        Err(FeedbackError::UnknownStartup) => Err(ApiError::NotFound("startup")),
        Err(FeedbackError::Invalid(problems)) => Err(ApiError::Invalid(problems)),
    }
}
