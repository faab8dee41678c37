//! Profiles: a startup registering and editing its own, an investor editing its thesis.

use super::http::{get, send, with_secret, ApiError};
use gloo_net::http::Request;
use roadshow_core::model::{Investor, Startup};
use roadshow_core::wire::{InvestorView, PhoneEvent};
use serde::Deserialize;

/// What a startup's own link reads: the event, its own profile, the investors it may choose to
/// meet, and its published meetings.
pub type StartupChanges = roadshow_core::wire::Changes<PhoneEvent, Vec<Startup>, Vec<InvestorView>>;

/// A startup's answer from the server: the stored profile, and for a new one its own edit link
/// (path and fragment), shown once.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SavedStartup {
    #[serde(flatten)]
    pub profile: Startup,
    #[serde(default)]
    pub link: Option<String>,
}

pub async fn register_startup(
    event_id: &str,
    secret: &str,
    startup: &Startup,
) -> Result<SavedStartup, ApiError> {
    let request = with_secret(
        Request::post(&format!("/api/events/{event_id}/startups")),
        secret,
    )
    .json(startup)
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub async fn update_startup(
    event_id: &str,
    secret: &str,
    startup: &Startup,
) -> Result<SavedStartup, ApiError> {
    let url = format!("/api/events/{event_id}/startups/{}", startup.id);
    let request = with_secret(Request::put(&url), secret)
        .json(startup)
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub async fn fetch_startup_changes(
    event_id: &str,
    secret: &str,
) -> Result<StartupChanges, ApiError> {
    get(&format!("/api/events/{event_id}/changes?since=0"), secret).await
}

/// The event as the registration link sees it (its settings; no people).
pub async fn fetch_event_view(event_id: &str, secret: &str) -> Result<PhoneEvent, ApiError> {
    #[derive(Deserialize)]
    struct EventOnly {
        event: Option<PhoneEvent>,
    }
    let answer: EventOnly = get(&format!("/api/events/{event_id}/changes?since=0"), secret).await?;
    answer
        .event
        .ok_or(ApiError::UnreadableResponse { status: 200 })
}

pub async fn update_investor(
    event_id: &str,
    secret: &str,
    investor: &Investor,
) -> Result<(), ApiError> {
    let url = format!("/api/events/{event_id}/investors/{}", investor.id);
    let request = with_secret(Request::put(&url), secret)
        .json(investor)
        .map_err(|_| ApiError::RequestNotBuilt)?;
    let _: serde_json::Value = send(request).await?;
    Ok(())
}
