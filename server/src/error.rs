//! The one error type of the HTTP API. Every failure leaves as `{code, message, fields}` JSON;
//! internals (SQL, IO) are logged and never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use roadshow_core::problem::{Problem, ProblemCode};
pub use roadshow_core::wire::{ErrorBody, ErrorCode, FieldMessage};
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("a valid link is needed for this")]
    Unauthorized,
    #[error("this link does not allow that")]
    Forbidden,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("some fields are not valid")]
    Invalid(Vec<Problem>),
    #[error("the request body is not valid JSON")]
    MalformedJson { path: String, detail: String },
    #[error("the address of this request cannot be read")]
    MalformedPath { detail: String },
    #[error("the request body is larger than this route accepts ({} at most)", human_bytes(*limit_bytes))]
    PayloadTooLarge { limit_bytes: usize },
    #[error(
        "too many failed attempts from here; try again in {} seconds",
        retry_after_secs
    )]
    TooManyAttempts { retry_after_secs: u64 },
    /// A per-address quota of requests that need no link (creating, importing, registering).
    #[error(
        "too many {what} from this address; try again in {} seconds",
        retry_after_secs
    )]
    TooManyRequests {
        what: &'static str,
        retry_after_secs: u64,
    },
    /// The write is well-formed but not allowed now (phase, deadline, state of the data).
    #[error("{message}")]
    NotNow {
        code: ErrorCode,
        message: &'static str,
    },
    /// Not now, through no fault of the request: see [`Unavailable`]. A 503 with `Retry-After`.
    #[error("{}", .0.message())]
    Unavailable(Unavailable),
    /// A database failure. One that means the database cannot be reached at all (see
    /// [`database_unreachable`]) answers like [`ApiError::Unavailable`]; others are a 500.
    #[error("internal error")]
    Database(#[from] sqlx::Error),
    #[error("internal error")]
    Internal(#[from] InternalError),
}

/// Why the server cannot take a request now. Nothing of the request was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The database does not answer (down, restarting, or every connection busy too long).
    Database,
    /// This process is shutting down; another one (or this one, restarted) will answer.
    ShuttingDown,
}

impl Unavailable {
    fn message(self) -> &'static str {
        match self {
            Unavailable::Database => {
                "the database cannot be reached; nothing was stored, send it again shortly"
            }
            Unavailable::ShuttingDown => {
                "this server process is shutting down; nothing was stored, send it again shortly"
            }
        }
    }
}

/// Seconds a client is asked to wait after a 503.
const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

/// Whether a database error means the database cannot be reached (as opposed to a query or data
/// that failed): the pool gave up waiting for a connection, the connection itself broke, or
/// PostgreSQL is shutting down, starting up or cut the session (SQLSTATE classes 57P "operator
/// intervention" and 08 "connection exception").
pub fn database_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(error) => error
            .code()
            .is_some_and(|code| code.starts_with("57P") || code.starts_with("08")),
        _ => false,
    }
}

/// Failures that are our fault but are not database errors.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    #[error("stored settings are not valid JSON: {0}")]
    StoredJson(#[from] serde_json::Error),
    /// The transaction of a group commit failed; every batch in the group shares this error.
    #[error("committing a group of mutations failed: {0}")]
    GroupCommit(std::sync::Arc<sqlx::Error>),
    #[error("a stored meeting has an unknown status: {0}")]
    StoredMeetingStatus(String),
    #[error("a stored follow-up has an unreadable stage or date: {0}")]
    StoredFollowUp(String),
    #[error("a meeting's stored answers are unreadable: {0}")]
    StoredMeetingSides(String),
    #[error("a meeting's stored attendees are unreadable: {0}")]
    StoredMeetingAttendees(String),
    #[error("the mutation writer has stopped")]
    WriterStopped,
    #[error("the metrics could not be written out")]
    MetricsNotWritten,
    #[error("a background task failed: {0}")]
    Task(String),
}

impl ApiError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedJson { .. } | ApiError::MalformedPath { .. } => {
                StatusCode::BAD_REQUEST
            }
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyAttempts { .. } | ApiError::TooManyRequests { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::NotNow { .. } => StatusCode::CONFLICT,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            error if error.database_unreachable() => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Database(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Unauthorized => ErrorCode::Unauthorized,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::Invalid(_) => ErrorCode::Invalid,
            ApiError::MalformedJson { .. } => ErrorCode::MalformedJson,
            ApiError::MalformedPath { .. } => ErrorCode::MalformedPath,
            ApiError::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            ApiError::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            ApiError::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            ApiError::NotNow { code, .. } => *code,
            ApiError::Unavailable(_) => ErrorCode::Unavailable,
            error if error.database_unreachable() => ErrorCode::Unavailable,
            ApiError::Database(_) | ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn fields(&self) -> BTreeMap<String, Vec<FieldMessage>> {
        let mut fields: BTreeMap<String, Vec<FieldMessage>> = BTreeMap::new();
        match self {
            ApiError::Invalid(problems) => {
                for problem in problems {
                    let message = if problem.detail.is_empty() {
                        problem.code.to_string()
                    } else {
                        problem.detail.clone()
                    };
                    fields
                        .entry(problem.path.clone())
                        .or_default()
                        .push(FieldMessage {
                            code: problem.code,
                            message,
                        });
                }
            }
            ApiError::MalformedPath { detail } => {
                fields
                    .entry("path".to_owned())
                    .or_default()
                    .push(FieldMessage {
                        code: ProblemCode::Malformed,
                        message: detail.clone(),
                    });
            }
            ApiError::MalformedJson { path, detail } => {
                fields.entry(path.clone()).or_default().push(FieldMessage {
                    code: ProblemCode::Malformed,
                    message: detail.clone(),
                });
            }
            _ => {}
        }
        fields
    }
}

impl ApiError {
    pub fn body(&self) -> ErrorBody {
        let message = if self.database_unreachable() {
            Unavailable::Database.message().to_owned()
        } else {
            self.to_string()
        };
        ErrorBody {
            code: self.code(),
            message,
            fields: self.fields(),
        }
    }

    /// A database error, direct or shared by a group commit, that means it cannot be reached.
    fn database_unreachable(&self) -> bool {
        match self {
            ApiError::Database(error) => database_unreachable(error),
            ApiError::Internal(InternalError::GroupCommit(error)) => database_unreachable(error),
            _ => false,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Database(error) = &self {
            tracing::error!(%error, "database error");
        }
        if let ApiError::Internal(error) = &self {
            tracing::error!(%error, "internal error");
        }
        let retry_after = match &self {
            ApiError::TooManyAttempts { retry_after_secs }
            | ApiError::TooManyRequests {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            ApiError::Unavailable(_) => Some(UNAVAILABLE_RETRY_AFTER_SECS),
            error if error.database_unreachable() => Some(UNAVAILABLE_RETRY_AFTER_SECS),
            _ => None,
        };
        let mut response = (self.status_code(), Json(self.body())).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

impl ApiError {
    /// A 429 for a blocked attempt, rounding the wait up to whole seconds.
    pub fn too_many_attempts(blocked: crate::rate_limit::Blocked) -> ApiError {
        ApiError::TooManyAttempts {
            retry_after_secs: whole_seconds(blocked.retry_after),
        }
    }

    pub fn too_many_requests(what: &'static str, blocked: crate::rate_limit::Blocked) -> ApiError {
        ApiError::TooManyRequests {
            what,
            retry_after_secs: whole_seconds(blocked.retry_after),
        }
    }
}

fn whole_seconds(duration: std::time::Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// 65536 → "64 KiB", 33554432 → "32 MiB".
fn human_bytes(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
