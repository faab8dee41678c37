//! The HTTP API, and nothing else touches the network. One request helper; every failure is an
//! [`ApiError`] the pages can explain.

use gloo_net::http::Request;
use roadshow_core::event_draft::EventDraft;
use roadshow_core::model::PlannedMeeting;
use roadshow_core::sync::{Batch, BatchResult, Mutation, MutationResult};

// The messages themselves live in core (one declaration for server and app).
pub use roadshow_core::wire::{
    CreatedEvent, ErrorBody, ErrorCode, EventChange, EventRecord, EventResponse, FieldMessage,
    ImportedEvent, InvestorView, IssuedLink, LiveState, MeetingPlan, PhoneEvent, Pitch,
    PublishedMeetings, VerdictRow,
};

mod feedback;
mod http;
mod people;
mod privacy;
mod profiles;
mod programs;

pub use http::ApiError;
use http::{authorized, get, get_text, refusal, send, send_without_answer, with_secret};

pub use feedback::*;
pub use people::*;
pub use privacy::*;
pub use profiles::*;
pub use programs::*;
pub use roadshow_core::wire::{Records, UnreadableRecord};

/// The event as the console reads it: the whole settings beside the live state.
pub type OrganizerEvent = EventResponse<EventRecord>;

pub async fn create_event(draft: &EventDraft) -> Result<CreatedEvent, ApiError> {
    let request = Request::post("/api/events")
        .json(draft)
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// Creates a new event from an exported snapshot, sent as the file's own bytes (so fields this
/// version does not know still reach the server).
pub async fn import_event(snapshot_json: String) -> Result<ImportedEvent, ApiError> {
    let request = Request::post("/api/events/import")
        .header("Content-Type", "application/json")
        .body(snapshot_json)
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

pub async fn fetch_event(event_id: &str, secret: &str) -> Result<OrganizerEvent, ApiError> {
    let request = authorized(Request::get(&format!("/api/events/{event_id}")), secret)?;
    send(request).await
}

/// What changed since a version, as a phone reads it: a few settings, each pitch's fields, and
/// the investors it may see, read record by record (an unreadable pitch is set aside, the others
/// shown).
pub type Changes = roadshow_core::wire::Changes<PhoneEvent, Records<Pitch>, Records<InvestorView>>;
/// What a phone following the event reads of a change-feed answer: the version, the event's
/// live state and which startups left; the people are skipped unread (any role's link).
pub type LiveChanges =
    roadshow_core::wire::Changes<PhoneEvent, serde::de::IgnoredAny, serde::de::IgnoredAny>;

/// What changed since `since`, read as `T`: a phone's [`Changes`], a startup's
/// [`StartupChanges`] or the console's [`roadshow_core::replica::ConsoleChanges`] (one route,
/// each caller's own view).
pub async fn fetch_changes<T: serde::de::DeserializeOwned>(
    event_id: &str,
    secret: &str,
    since: i64,
) -> Result<T, ApiError> {
    get(
        &format!("/api/events/{event_id}/changes?since={since}"),
        secret,
    )
    .await
}

pub async fn send_mutations(
    event_id: &str,
    secret: &str,
    client_id: &str,
    mutations: &[Mutation],
) -> Result<Vec<MutationResult>, ApiError> {
    let url = format!("/api/events/{event_id}/mutations");
    let request = with_secret(Request::post(&url), secret)
        .json(&Batch {
            client_id: client_id.to_owned(),
            mutations: mutations.to_vec(),
        })
        .map_err(|_| ApiError::RequestNotBuilt)?;
    let answer: BatchResult = send(request).await?;
    Ok(answer.results)
}

// ---------------------------------------------------------------------------------------------
// The organizer console: the whole event, what changed since a version, the live version stream,
// settings, people and links.

/// The whole event in the exchange format (the export; re-importable).
pub async fn fetch_snapshot(
    event_id: &str,
    secret: &str,
) -> Result<roadshow_core::model::Snapshot, ApiError> {
    let request = authorized(
        Request::get(&format!("/api/events/{event_id}/snapshot")),
        secret,
    )?;
    send(request).await
}

/// The whole event as the server exports it, unparsed: saved byte for byte as the JSON download,
/// and read by the match worker off the main thread (parsing 600 000 scores here would freeze
/// the console).
pub async fn fetch_snapshot_text(event_id: &str, secret: &str) -> Result<String, ApiError> {
    get_text(&format!("/api/events/{event_id}/snapshot"), secret).await
}

/// Everything the server stores about this link's holder (`GET /my-data`), unparsed: saved as
/// the person's download byte for byte.
pub async fn fetch_my_data_text(event_id: &str, secret: &str) -> Result<String, ApiError> {
    get_text(&format!("/api/events/{event_id}/my-data"), secret).await
}

/// Replaces the event's meetings; with `published`, investors and startups see their agendas.
pub async fn publish_meetings(
    event_id: &str,
    secret: &str,
    meetings: &[PlannedMeeting],
    published: bool,
) -> Result<PublishedMeetings, ApiError> {
    let request = with_secret(
        Request::put(&format!("/api/events/{event_id}/meetings")),
        secret,
    )
    .json(&MeetingPlan {
        meetings: meetings.to_vec(),
        published,
    })
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// Saves settings or moves the phase; the answer is the stored event (its version included).
pub async fn update_event(
    event_id: &str,
    secret: &str,
    change: &EventChange,
) -> Result<EventRecord, ApiError> {
    let request = with_secret(Request::patch(&format!("/api/events/{event_id}")), secret)
        .json(change)
        .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// A new investor's profile with its own link (path and fragment), shown once.
pub type CreatedInvestor = roadshow_core::wire::Created<roadshow_core::model::Investor>;

pub async fn create_investor(
    event_id: &str,
    secret: &str,
    investor: &roadshow_core::model::Investor,
) -> Result<CreatedInvestor, ApiError> {
    let request = with_secret(
        Request::post(&format!("/api/events/{event_id}/investors")),
        secret,
    )
    .json(investor)
    .map_err(|_| ApiError::RequestNotBuilt)?;
    send(request).await
}

/// Issues a new link for the investor, revoking any earlier one.
pub async fn reissue_investor_link(
    event_id: &str,
    secret: &str,
    investor_id: &str,
) -> Result<IssuedLink, ApiError> {
    let url = format!("/api/events/{event_id}/investors/{investor_id}/link");
    let request = authorized(Request::post(&url), secret)?;
    send(request).await
}

pub async fn revoke_investor_link(
    event_id: &str,
    secret: &str,
    investor_id: &str,
) -> Result<(), ApiError> {
    let url = format!("/api/events/{event_id}/investors/{investor_id}/link");
    let request = authorized(Request::delete(&url), secret)?;
    send_without_answer(request).await
}

pub async fn reissue_registration_link(
    event_id: &str,
    secret: &str,
) -> Result<IssuedLink, ApiError> {
    let url = format!("/api/events/{event_id}/registration-link");
    let request = authorized(Request::post(&url), secret)?;
    send(request).await
}

pub async fn revoke_registration_link(event_id: &str, secret: &str) -> Result<(), ApiError> {
    let url = format!("/api/events/{event_id}/registration-link");
    let request = authorized(Request::delete(&url), secret)?;
    send_without_answer(request).await
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
    let request = with_secret(
        Request::get(&format!("/api/events/{event_id}/stream")),
        secret,
    )
    .header("Accept", "text/event-stream")
    .abort_signal(Some(abort))
    .build()
    .map_err(|_| ApiError::RequestNotBuilt)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(refusal(response).await);
    }
    let status = response.status();
    let body = response
        .body()
        .ok_or(ApiError::UnreadableResponse { status })?;
    let reader: web_sys::ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| ApiError::UnreadableResponse { status })?;
    let mut parser = VersionStreamParser::default();
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|_| ApiError::Network)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|done| done.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(());
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into())
            .map_err(|_| ApiError::UnreadableResponse { status })?;
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        for version in parser.push(&bytes) {
            on_version(version);
        }
    }
}

/// One record of a Server-Sent Events stream, as the format's "dispatch the event" step makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseRecord {
    /// The `event` field; `message` when the record named none.
    pub event: String,
    /// The `data` lines joined with LF.
    pub data: String,
    /// The last `id` seen on the stream so far (it carries over to later records).
    pub last_event_id: String,
}

/// A Server-Sent Events parser as the HTML standard's "event stream interpretation" defines it,
/// fed bytes cut anywhere (inside a line, a CRLF pair or a UTF-8 character):
/// - lines end with CRLF, LF or CR; a leading byte-order mark is dropped;
/// - a blank line dispatches the record; one with no `data` is dropped;
/// - `:` starts a comment; `field: value` loses one space after the colon; a line without a
///   colon is a field with an empty value;
/// - `data` lines are joined with LF; `event` and `id` (without NUL) are kept; `retry` and
///   unknown fields are ignored; a record left open when the stream ends is dropped.
#[derive(Debug, Default)]
pub struct SseParser {
    /// Bytes of the current, unfinished line.
    line: Vec<u8>,
    /// The last byte seen was a CR: a LF right after it belongs to the same line end.
    after_cr: bool,
    /// Still at the very start of the stream (where a byte-order mark may sit).
    started: bool,
    event: String,
    data: String,
    has_data: bool,
    last_event_id: String,
}

impl SseParser {
    /// Feeds bytes; returns the records completed by them, in order.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseRecord> {
        let mut records = Vec::new();
        for &byte in bytes {
            if self.after_cr {
                self.after_cr = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\r' => {
                    self.after_cr = true;
                    self.end_line(&mut records);
                }
                b'\n' => self.end_line(&mut records),
                _ => self.line.push(byte),
            }
        }
        records
    }

    fn end_line(&mut self, records: &mut Vec<SseRecord>) {
        let mut bytes = std::mem::take(&mut self.line);
        if !self.started {
            self.started = true;
            if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bytes.drain(..3);
            }
        }
        let line = String::from_utf8_lossy(&bytes);
        if line.is_empty() {
            self.dispatch(records);
            return;
        }
        if line.starts_with(':') {
            return; // A comment (keep-alive).
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.last_event_id),
            _ => {} // `retry` (we reconnect with our own backoff) and unknown fields.
        }
    }

    fn dispatch(&mut self, records: &mut Vec<SseRecord>) {
        let event = std::mem::take(&mut self.event);
        let data = std::mem::take(&mut self.data);
        if !std::mem::replace(&mut self.has_data, false) {
            return;
        }
        let event = if event.is_empty() {
            "message".to_owned()
        } else {
            event
        };
        records.push(SseRecord {
            event,
            data,
            last_event_id: self.last_event_id.clone(),
        });
    }
}

/// Reads the version announcements (`event: version`, `data: N`) out of the event stream.
#[derive(Debug, Default)]
pub struct VersionStreamParser {
    records: SseParser,
}

impl VersionStreamParser {
    /// Feeds bytes; returns the versions of the records completed by them.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<i64> {
        self.records
            .push(bytes)
            .into_iter()
            .filter(|record| record.event == "version" || record.event == "message")
            .filter_map(|record| record.data.trim().parse().ok())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{SseParser, SseRecord, VersionStreamParser};

    fn record(event: &str, data: &str, id: &str) -> SseRecord {
        SseRecord {
            event: event.into(),
            data: data.into(),
            last_event_id: id.into(),
        }
    }

    /// Every way of cutting `stream` in two gives the same records as feeding it whole.
    fn parse_cut_everywhere(stream: &[u8]) -> Vec<SseRecord> {
        let whole = SseParser::default().push(stream);
        for cut in 0..=stream.len() {
            let mut parser = SseParser::default();
            let mut records = parser.push(&stream[..cut]);
            records.extend(parser.push(&stream[cut..]));
            assert_eq!(records, whole, "cut at {cut}");
        }
        // And byte by byte.
        let mut parser = SseParser::default();
        let records: Vec<SseRecord> = stream
            .iter()
            .flat_map(|byte| parser.push(std::slice::from_ref(byte)))
            .collect();
        assert_eq!(records, whole, "byte by byte");
        whole
    }

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
    fn all_three_line_ends_and_mixed() {
        assert_eq!(
            parse_cut_everywhere(b"event: version\rdata: 1\r\r"),
            vec![record("version", "1", "")]
        );
        assert_eq!(
            parse_cut_everywhere(b"event: version\r\ndata: 2\r\n\r\n"),
            vec![record("version", "2", "")]
        );
        assert_eq!(
            parse_cut_everywhere(b"event: version\ndata: 3\n\n"),
            vec![record("version", "3", "")]
        );
        // CR then LF in separate chunks is one line end, not a blank line in between.
        assert_eq!(
            parse_cut_everywhere(b"event: version\rdata: 4\r\n\ndata: 5\n\r"),
            vec![record("version", "4", ""), record("message", "5", "")]
        );
        let mut parser = VersionStreamParser::default();
        assert_eq!(parser.push(b"event: version\r"), Vec::<i64>::new());
        assert_eq!(parser.push(b"\ndata: 6\r"), Vec::<i64>::new());
        assert_eq!(parser.push(b"\n\r"), vec![6]);
    }

    #[test]
    fn colon_with_or_without_a_space() {
        // Only one leading space goes; a value may keep a second one.
        assert_eq!(
            parse_cut_everywhere(b"event:version\ndata:7\n\n"),
            vec![record("version", "7", "")]
        );
        assert_eq!(
            parse_cut_everywhere(b"data:  x\n\n"),
            vec![record("message", " x", "")]
        );
        // A line without a colon is a field with an empty value.
        assert_eq!(
            parse_cut_everywhere(b"data\n\n"),
            vec![record("message", "", "")]
        );
        assert_eq!(
            parse_cut_everywhere(b"event\ndata: 8\n\n"),
            vec![record("message", "8", "")]
        );
    }

    #[test]
    fn data_lines_join_with_line_feeds() {
        assert_eq!(
            parse_cut_everywhere(b"data: first\ndata\ndata: third\n\n"),
            vec![record("message", "first\n\nthird", "")]
        );
        assert_eq!(
            parse_cut_everywhere(b"data: a\r\ndata: b\r\n\r\n"),
            vec![record("message", "a\nb", "")]
        );
    }

    #[test]
    fn comments_ids_retry_and_unknown_fields() {
        let stream = b": keep-alive\n:\nid: 41\nretry: 3000\nfoo: bar\nevent: version\ndata: 9\n\nid\ndata: 10\n\n";
        assert_eq!(
            parse_cut_everywhere(stream),
            vec![record("version", "9", "41"), record("message", "10", "")]
        );
        // An id with NUL is ignored; the last good one stays.
        assert_eq!(
            parse_cut_everywhere(b"id: 1\nid: 2\0\ndata: x\n\n"),
            vec![record("message", "x", "1")]
        );
    }

    #[test]
    fn records_without_data_or_unfinished_are_dropped() {
        assert_eq!(parse_cut_everywhere(b"event: version\n\n"), Vec::new());
        assert_eq!(
            parse_cut_everywhere(b"event: version\ndata: 11\n"),
            Vec::new()
        );
        // The event name of a dropped record does not leak into the next one.
        assert_eq!(
            parse_cut_everywhere(b"event: other\n\ndata: 12\n\n"),
            vec![record("message", "12", "")]
        );
    }

    #[test]
    fn byte_order_mark_and_split_characters() {
        assert_eq!(
            parse_cut_everywhere("\u{feff}data: 13\n\n".as_bytes()),
            vec![record("message", "13", "")]
        );
        // A Korean character split across chunks comes out whole.
        assert_eq!(
            parse_cut_everywhere("data: 버전\n\n".as_bytes()),
            vec![record("message", "버전", "")]
        );
    }

    #[test]
    fn versions_only_from_version_or_message_records() {
        let mut parser = VersionStreamParser::default();
        assert_eq!(
            parser.push(b"event: other\ndata: 5\n\ndata: x\n\nid: 3\n"),
            Vec::<i64>::new()
        );
        assert_eq!(parser.push(b"event: version\ndata:14\r\n\r\n"), vec![14]);
    }
}
