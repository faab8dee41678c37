//! `POST /events/{id}/mutations`: an investor's phone sends its scores, abstentions, interest,
//! comments and conflicts, and investors, startups and the organizer their meeting answers,
//! attendance marks and follow-up stages, as batches of (client id, sequence number) mutations. The batch's shape
//! is checked here; each mutation is applied exactly once by `sync_engine`, in the group-commit
//! writer's next transaction, and answered only once that transaction is durable.

use crate::auth::{caller_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::group_commit::PendingBatch;
use crate::json::{ApiJson, ApiPath};
use crate::permissions;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::sync::{Batch, BatchResult, MAX_BATCH};

pub fn router() -> Router<AppState> {
    Router::new().route("/events/{event_id}/mutations", post(apply_batch))
}

async fn apply_batch(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(batch): ApiJson<Batch>,
) -> ApiResult<Json<BatchResult>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    let author = permissions::mutation_author(&principal)?;
    let mut problems = Vec::new();
    let client_id = batch.client_id.trim();
    if client_id.is_empty() || client_id.chars().count() > 64 {
        problems.push(
            Problem::new("client_id", ProblemCode::InvalidFormat).with_detail("1 to 64 characters"),
        );
    }
    if batch.mutations.len() > MAX_BATCH {
        problems.push(
            Problem::new("mutations", ProblemCode::TooLong)
                .with_detail(format!("at most {MAX_BATCH} a batch")),
        );
    }
    for (index, mutation) in batch.mutations.iter().enumerate() {
        if mutation.seq < 0 {
            problems.push(Problem::new(
                format!("mutations[{index}].seq"),
                ProblemCode::Negative,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    // Written by the group-commit writer; answered only once its transaction is committed.
    let pending = PendingBatch {
        event_id,
        author,
        client_id: client_id.to_owned(),
        mutations: batch.mutations,
    };
    let results = state.mutations.apply(pending).await?;
    Ok(Json(BatchResult { results }))
}
