//! The HTTP API, and nothing else touches the network. One request helper; every failure is an
//! [`ApiError`] the pages can explain.

use gloo_net::http::{Request, RequestBuilder, Response};
use roadshow_core::event_draft::EventDraft;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod profiles;
pub use profiles::*;

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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub meetings: roadshow_core::model::MeetingSettings,
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
    #[serde(default)]
    pub founded: Option<String>,
    #[serde(default)]
    pub headcount: Option<i64>,
    #[serde(default)]
    pub problem_ko: Option<String>,
    #[serde(default)]
    pub problem_en: Option<String>,
    #[serde(default)]
    pub solution_ko: Option<String>,
    #[serde(default)]
    pub solution_en: Option<String>,
    #[serde(default)]
    pub exemption_ko: Option<String>,
    #[serde(default)]
    pub exemption_en: Option<String>,
    #[serde(default)]
    pub traction_ko: Option<String>,
    #[serde(default)]
    pub traction_en: Option<String>,
    #[serde(default)]
    pub team_ko: Option<String>,
    #[serde(default)]
    pub team_en: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub deck: Option<String>,
}

/// An investor as the investor itself (everything) or a startup (firm and thesis) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestorView {
    pub id: String,
    #[serde(default)]
    pub firm: String,
    #[serde(default)]
    pub firm_en: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub stages: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub ticket_krw: Option<roadshow_core::model::TicketRange>,
    #[serde(default)]
    pub capacity: Option<i64>,
    #[serde(default)]
    pub unavailable_slots: Vec<i64>,
    #[serde(default)]
    pub conflicts: Vec<String>,
    #[serde(default)]
    pub contact: Option<String>,
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
    /// Published meetings of the caller (investor or startup).
    #[serde(default)]
    pub meetings: Vec<MeetingRow>,
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

// ---------------------------------------------------------------------------------------------
// The organizer console: the whole event, what changed since a version, the live version stream,
// settings, people and links.

/// A score row as the organizer receives it: `criterion` is empty for a whole-pitch abstention;
/// a row with neither value nor abstention is a cleared score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerScoreRow {
    pub investor: String,
    pub startup: String,
    #[serde(default)]
    pub criterion: String,
    #[serde(default)]
    pub value: Option<i64>,
    #[serde(default)]
    pub abstain: bool,
}

/// A published (or planned) meeting: slot and table numbered from 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub investor: String,
    pub startup: String,
    pub slot: i64,
    pub table: i64,
}

/// Everything the organizer may see that changed since a version. `event` is the stored event:
/// core's settings flattened together with the live state (phase, reveal mode, …); it is only
/// present when the settings changed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrganizerChanges {
    pub version: i64,
    #[serde(default)]
    pub event: Option<serde_json::Value>,
    #[serde(default)]
    pub startups: Vec<roadshow_core::model::Startup>,
    #[serde(default)]
    pub investors: Vec<roadshow_core::model::Investor>,
    #[serde(default)]
    pub scores: Vec<OrganizerScoreRow>,
    #[serde(default)]
    pub verdicts: Vec<VerdictRow>,
    #[serde(default)]
    pub meetings: Vec<MeetingRow>,
}

pub async fn fetch_organizer_changes(event_id: &str, secret: &str, since: i64) -> Result<OrganizerChanges, ApiError> {
    let url = format!("/api/events/{event_id}/changes?since={since}");
    let request = with_secret(Request::get(&url), secret).build().map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// The whole event in the exchange format (the export; re-importable).
pub async fn fetch_snapshot(event_id: &str, secret: &str) -> Result<roadshow_core::model::Snapshot, ApiError> {
    let request = with_secret(Request::get(&format!("/api/events/{event_id}/snapshot")), secret)
        .build()
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// The whole event as the server exports it, unparsed: saved byte for byte as the JSON download,
/// and read by the match worker off the main thread (parsing 600 000 scores here would freeze
/// the console).
pub async fn fetch_snapshot_text(event_id: &str, secret: &str) -> Result<String, ApiError> {
    let request = with_secret(Request::get(&format!("/api/events/{event_id}/snapshot")), secret)
        .build()
        .map_err(|_| ApiError::RequestNotBuilt)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let status = response.status();
    if response.ok() {
        return response.text().await.map_err(|_| ApiError::UnreadableResponse { status });
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Rejected { status, body }),
        Err(_) => Err(ApiError::UnreadableResponse { status }),
    }
}

#[derive(Debug, Serialize)]
struct MeetingPlan<'a> {
    meetings: &'a [MeetingRow],
    published: bool,
}

/// The server's receipt for a meeting plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PublishedMeetings {
    pub meetings: usize,
    pub published: bool,
    pub version: i64,
}

/// Replaces the event's meetings; with `published`, investors and startups see their agendas.
pub async fn publish_meetings(
    event_id: &str,
    secret: &str,
    meetings: &[MeetingRow],
    published: bool,
) -> Result<PublishedMeetings, ApiError> {
    let request = with_secret(Request::put(&format!("/api/events/{event_id}/meetings")), secret)
        .json(&MeetingPlan { meetings, published })
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// What the organizer changes about the event; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<roadshow_core::model::Phase>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reveal_mode: Option<roadshow_core::model::RevealMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scores_revealed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<roadshow_core::model::Event>,
}

/// Saves settings or moves the phase; the answer is the stored event (its version included).
pub async fn update_event(event_id: &str, secret: &str, change: &EventChange) -> Result<serde_json::Value, ApiError> {
    let request = with_secret(Request::patch(&format!("/api/events/{event_id}")), secret)
        .json(change)
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// A person's new link (path and fragment), shown once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IssuedLink {
    pub link: String,
}

/// A new investor's id and its own link (path and fragment), shown once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedInvestor {
    pub id: String,
    pub link: String,
}

pub async fn create_investor(
    event_id: &str,
    secret: &str,
    investor: &roadshow_core::model::Investor,
) -> Result<CreatedInvestor, ApiError> {
    let request = with_secret(Request::post(&format!("/api/events/{event_id}/investors")), secret)
        .json(investor)
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// Issues a new link for the investor, revoking any earlier one.
pub async fn reissue_investor_link(event_id: &str, secret: &str, investor_id: &str) -> Result<IssuedLink, ApiError> {
    let url = format!("/api/events/{event_id}/investors/{investor_id}/link");
    let request = with_secret(Request::post(&url), secret).build().map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub async fn revoke_investor_link(event_id: &str, secret: &str, investor_id: &str) -> Result<(), ApiError> {
    let url = format!("/api/events/{event_id}/investors/{investor_id}/link");
    let request = with_secret(Request::delete(&url), secret).build().map_err(|_| ApiError::RequestNotBuilt)?;
    send_without_answer(request).await
}

pub async fn reissue_registration_link(event_id: &str, secret: &str) -> Result<IssuedLink, ApiError> {
    let url = format!("/api/events/{event_id}/registration-link");
    let request = with_secret(Request::post(&url), secret).build().map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub async fn revoke_registration_link(event_id: &str, secret: &str) -> Result<(), ApiError> {
    let url = format!("/api/events/{event_id}/registration-link");
    let request = with_secret(Request::delete(&url), secret).build().map_err(|_| ApiError::RequestNotBuilt)?;
    send_without_answer(request).await
}

async fn send_without_answer(request: Request) -> Result<(), ApiError> {
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return Ok(());
    }
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Rejected { status, body }),
        Err(_) => Err(ApiError::UnreadableResponse { status }),
    }
}

/// Follows the event's version stream (Server-Sent Events) and calls `on_version` with each
/// version the server announces, until the stream ends, fails or `abort` fires. Read with fetch
/// rather than `EventSource` because the secret must travel in the Authorization header, never
/// in a URL.
pub async fn follow_versions(
    event_id: &str,
    secret: &str,
    abort: &web_sys::AbortSignal,
    mut on_version: impl FnMut(i64),
) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    let request = with_secret(Request::get(&format!("/api/events/{event_id}/stream")), secret)
        .header("Accept", "text/event-stream")
        .abort_signal(Some(abort))
        .build()
        .map_err(|_| ApiError::RequestNotBuilt)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if !response.ok() {
        let status = response.status();
        return match response.json::<ErrorBody>().await {
            Ok(body) => Err(ApiError::Rejected { status, body }),
            Err(_) => Err(ApiError::UnreadableResponse { status }),
        };
    }
    let status = response.status();
    let body = response.body().ok_or(ApiError::UnreadableResponse { status })?;
    let reader: web_sys::ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(|_| ApiError::UnreadableResponse { status })?;
    let mut parser = VersionStreamParser::default();
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(|_| ApiError::Network)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|done| done.as_bool()).unwrap_or(true);
        if done {
            return Ok(());
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(|_| ApiError::UnreadableResponse { status })?;
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        for version in parser.push(&bytes) {
            on_version(version);
        }
    }
}

/// Reads `event: version` / `data: N` records out of a Server-Sent Events byte stream that may
/// arrive cut at any byte.
#[derive(Debug, Default)]
pub struct VersionStreamParser {
    pending: Vec<u8>,
    event: String,
    data: String,
}

impl VersionStreamParser {
    /// Feeds bytes; returns the versions of the records completed by them.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<i64> {
        self.pending.extend_from_slice(bytes);
        let mut versions = Vec::new();
        while let Some(end) = self.pending.iter().position(|&byte| byte == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                // A blank line ends the record.
                if self.event.is_empty() || self.event == "version" {
                    if let Ok(version) = self.data.trim().parse() {
                        versions.push(version);
                    }
                }
                self.event.clear();
                self.data.clear();
            } else if let Some(event) = line.strip_prefix("event:") {
                self.event = event.trim().to_owned();
            } else if let Some(data) = line.strip_prefix("data:") {
                self.data.push_str(data.trim_start());
            }
            // Comments (`:keep-alive`) and other fields are ignored, as the SSE format says.
        }
        versions
    }
}

#[cfg(test)]
mod tests {
    use super::VersionStreamParser;

    #[test]
    fn reads_versions_cut_anywhere() {
        let stream = b"event: version\ndata: 12\n\n:\n\nevent: version\r\ndata: 13\r\n\r\n";
        for cut in 0..stream.len() {
            let mut parser = VersionStreamParser::default();
            let mut versions = parser.push(&stream[..cut]);
            versions.extend(parser.push(&stream[cut..]));
            assert_eq!(versions, vec![12, 13], "cut at {cut}");
        }
    }

    #[test]
    fn ignores_other_events_and_garbage() {
        let mut parser = VersionStreamParser::default();
        assert_eq!(parser.push(b"event: other\ndata: 5\n\ndata: x\n\nid: 3\n"), Vec::<i64>::new());
    }
}
