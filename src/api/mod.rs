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

/// The event as the investor app needs it (extra fields in the answer are ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub scale: roadshow_core::model::Scale,
    #[serde(default)]
    pub criteria: Vec<roadshow_core::model::Criterion>,
    pub phase: String,
    #[serde(default)]
    pub fictional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub investor: String,
    pub startup: String,
    #[serde(default)]
    pub criterion: String,
    pub value: Option<i64>,
    pub abstain: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictRow {
    pub investor: String,
    pub startup: String,
    pub want: Option<bool>,
    pub comment: String,
}

/// A startup's profile as the scoring screen shows it. Deliberately not core's `Startup`: that
/// type keeps unknown fields in a flattened map, whose deserialiser costs tens of kilobytes of
/// wasm on a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pitch {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub zone: Option<String>,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub ask_krw: Option<i64>,
    #[serde(default)]
    pub pitch_ko: Option<String>,
    #[serde(default)]
    pub pitch_en: Option<String>,
}

/// What the scoring screen needs of the investor's own profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorView {
    pub id: String,
    #[serde(default)]
    pub conflicts: Vec<String>,
}

/// What changed since a version, as far as the caller may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub version: i64,
    #[serde(default)]
    pub event: Option<EventView>,
    #[serde(default)]
    pub startups: Vec<Pitch>,
    #[serde(default)]
    pub investors: Vec<InvestorView>,
    #[serde(default)]
    pub scores: Vec<ScoreRow>,
    #[serde(default)]
    pub verdicts: Vec<VerdictRow>,
}

pub async fn fetch_changes(event_id: &str, secret: &str, since: i64) -> Result<Changes, ApiError> {
    let url = format!("/api/events/{event_id}/changes?since={since}");
    let request = with_secret(Request::get(&url), secret).build().map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

#[derive(Debug, Serialize)]
struct Batch<'a> {
    client_id: &'a str,
    mutations: &'a [roadshow_core::sync::Mutation],
}

#[derive(Debug, Deserialize)]
struct BatchResults {
    results: Vec<roadshow_core::sync::MutationResult>,
}

pub async fn send_mutations(
    event_id: &str,
    secret: &str,
    client_id: &str,
    mutations: &[roadshow_core::sync::Mutation],
) -> Result<Vec<roadshow_core::sync::MutationResult>, ApiError> {
    let url = format!("/api/events/{event_id}/mutations");
    let request = with_secret(Request::post(&url), secret)
        .json(&Batch { client_id, mutations })
        .map_err(|_| ApiError::RequestNotBuilt)?;
    let answer: BatchResults = send(request).await?;
    Ok(answer.results)
}
