//! The HTTP API, and nothing else touches the network. One request helper; every failure is an
//! [`ApiError`] the pages can explain.

use gloo_net::http::{Request, RequestBuilder, Response};
use roadshow_core::event_draft::EventDraft;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("the server could not be reached")]
    Network,
    #[error("the request could not be prepared")]
    RequestNotBuilt,
    #[error("the server answered {status}: {}", body.message)]
    Rejected { status: u16, body: ErrorBody },
    #[error("the server's answer could not be read (status {status})")]
    UnreadableResponse { status: u16 },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Network | ApiError::RequestNotBuilt => None,
            ApiError::Rejected { status, .. } | ApiError::UnreadableResponse { status } => {
                Some(*status)
            }
        }
    }
}

/// The server's `{code, message, fields}` error body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub fields: BTreeMap<String, Vec<FieldMessage>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FieldMessage {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedEvent {
    pub id: String,
    pub organizer_link: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerEvent {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub starts_at: Option<String>,
    #[serde(default)]
    pub ends_at: Option<String>,
    pub phase: String,
    pub fictional: bool,
    pub version: i64,
    pub role: String,
}

pub async fn create_event(draft: &EventDraft) -> Result<CreatedEvent, ApiError> {
    let request = Request::post("/api/events").json(draft).map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub async fn fetch_event(event_id: &str, secret: &str) -> Result<OrganizerEvent, ApiError> {
    let request = with_secret(Request::get(&format!("/api/events/{event_id}")), secret)
        .build()
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

fn with_secret(builder: RequestBuilder, secret: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {secret}"))
}

async fn send<T: DeserializeOwned>(request: Request) -> Result<T, ApiError> {
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    decode(response).await
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response.json().await.map_err(|_| ApiError::UnreadableResponse { status });
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Rejected { status, body }),
        Err(_) => Err(ApiError::UnreadableResponse { status }),
    }
}
