//! Accountability and erasure (definitions §10): the audit log, erasure requests and the
//! retention erasure.

use super::http::{authorized, get, send, with_secret, ApiError};
use gloo_net::http::Request;
pub use roadshow_core::wire::{
    AuditAction, AuditEntry, AuditLog, Erasure, ErasureAsk, ErasureRequest, ErasureRequests,
};

pub async fn fetch_audit_log(event_id: &str, secret: &str) -> Result<AuditLog, ApiError> {
    get(&format!("/api/events/{event_id}/audit"), secret).await
}

/// Every request (the organizer), or the link holder's own.
pub async fn fetch_erasure_requests(
    event_id: &str,
    secret: &str,
) -> Result<ErasureRequests, ApiError> {
    get(&format!("/api/events/{event_id}/erasure-requests"), secret).await
}

/// Asks for the link holder's personal data to be erased; asking again returns the waiting one.
pub async fn request_erasure(
    event_id: &str,
    secret: &str,
    note: Option<String>,
) -> Result<ErasureRequest, ApiError> {
    let request = with_secret(
        Request::post(&format!("/api/events/{event_id}/erasure-requests")),
        secret,
    )
    .json(&ErasureAsk { note })
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub async fn execute_erasure(
    event_id: &str,
    secret: &str,
    request_id: i64,
) -> Result<Erasure, ApiError> {
    let url = format!("/api/events/{event_id}/erasure-requests/{request_id}/execute");
    send(authorized(Request::post(&url), secret)?).await
}

/// Erases every person's personal fields now (refused before the retention date has passed).
pub async fn erase_after_retention(event_id: &str, secret: &str) -> Result<Erasure, ApiError> {
    let url = format!("/api/events/{event_id}/retention/erase");
    send(authorized(Request::post(&url), secret)?).await
}
