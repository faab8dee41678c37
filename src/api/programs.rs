//! Programs of roadshows (definitions §7.5): the program organizer's requests.

use super::http::{get, send, with_secret, ApiError};
use gloo_net::http::Request;
use roadshow_core::event_draft::EventDraft;
pub use roadshow_core::report::ProgramReport;
use roadshow_core::wire::CreatedEvent;
pub use roadshow_core::wire::{AttachEvent, IssuedLink, ProgramEvent, ProgramRecord};

pub async fn fetch_program(program_id: &str, secret: &str) -> Result<ProgramRecord, ApiError> {
    get(&format!("/api/programs/{program_id}"), secret).await
}

/// The figures of the chosen events (all of them when `events` is empty).
pub async fn fetch_program_report(
    program_id: &str,
    secret: &str,
    events: &[String],
) -> Result<ProgramReport, ApiError> {
    let query = if events.is_empty() {
        String::new()
    } else {
        format!("?events={}", crate::link::percent_encode(&events.join(",")))
    };
    get(&format!("/api/programs/{program_id}/report{query}"), secret).await
}

pub async fn create_event_in_program(
    program_id: &str,
    secret: &str,
    draft: &EventDraft,
) -> Result<CreatedEvent, ApiError> {
    let request = with_secret(
        Request::post(&format!("/api/programs/{program_id}/events")),
        secret,
    )
    .json(draft)
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// Brings an event its organizer's key opens into the program.
pub async fn attach_event(
    program_id: &str,
    secret: &str,
    event_id: &str,
    organizer_key: &str,
) -> Result<ProgramRecord, ApiError> {
    let request = with_secret(
        Request::put(&format!("/api/programs/{program_id}/events/{event_id}")),
        secret,
    )
    .json(&AttachEvent {
        organizer_key: organizer_key.to_owned(),
    })
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// An organizer link of one of the program's events, for the program organizer.
pub async fn event_organizer_link(
    program_id: &str,
    secret: &str,
    event_id: &str,
) -> Result<IssuedLink, ApiError> {
    let request = with_secret(
        Request::post(&format!(
            "/api/programs/{program_id}/events/{event_id}/organizer-link"
        )),
        secret,
    )
    .build()
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub async fn create_program(
    draft: &roadshow_core::wire::ProgramDraft,
) -> Result<roadshow_core::wire::CreatedProgram, ApiError> {
    let request = Request::post("/api/programs")
        .json(draft)
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub use roadshow_core::wire::{FirmChange, ProgramFirm, ProgramFirms};

pub async fn fetch_program_firms(program_id: &str, secret: &str) -> Result<ProgramFirms, ApiError> {
    get(&format!("/api/programs/{program_id}/firms"), secret).await
}

/// A merge, split or undo of firm identity; the program's firms after it.
pub async fn change_program_firms(
    program_id: &str,
    secret: &str,
    change: &FirmChange,
) -> Result<ProgramFirms, ApiError> {
    let request = with_secret(
        Request::post(&format!("/api/programs/{program_id}/firms")),
        secret,
    )
    .json(change)
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}
