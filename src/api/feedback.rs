//! A startup's feedback report (definitions §8.4).

use super::http::{get, ApiError};
pub use roadshow_core::feedback::{CriterionFeedback, FeedbackReport, RankBand};

/// The startup's own report (its link), or the organizer's preview of any.
pub async fn fetch_feedback(
    event_id: &str,
    secret: &str,
    startup_id: &str,
) -> Result<FeedbackReport, ApiError> {
    get(
        &format!("/api/events/{event_id}/startups/{startup_id}/feedback"),
        secret,
    )
    .await
}
