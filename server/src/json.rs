//! A JSON body extractor whose every rejection is an [`ApiError`] naming the offending field,
//! so clients always get `{code, message, fields}` (axum's own rejections are plain text).

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// The largest JSON body any route accepts.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// A JSON body of at most `LIMIT` bytes (the route's body-limit layer must allow as much).
pub struct ApiJson<T, const LIMIT: usize = BODY_LIMIT_BYTES>(pub T);

/// Bodies above this are parsed on a blocking thread, off the threads that serve requests.
const PARSE_INLINE_BYTES: usize = 256 * 1024;

impl<S, T, const LIMIT: usize> FromRequest<S> for ApiJson<T, LIMIT>
where
    S: Send + Sync,
    T: DeserializeOwned + Send + 'static,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge { limit_bytes: LIMIT }
                } else {
                    ApiError::MalformedJson {
                        path: String::new(),
                        detail: rejection.body_text(),
                    }
                }
            })?;
        if bytes.len() <= PARSE_INLINE_BYTES {
            return parse(&bytes).map(ApiJson);
        }
        tokio::task::spawn_blocking(move || parse(&bytes))
            .await
            .map_err(|error| {
                ApiError::Internal(crate::error::InternalError::Task(error.to_string()))
            })?
            .map(ApiJson)
    }
}

/// One JSON document and nothing after it but whitespace; a failure names the field.
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let malformed = |error: serde_path_to_error::Error<serde_json::Error>| {
        let path = error.path().to_string();
        ApiError::MalformedJson {
            path: if path == "." { String::new() } else { path },
            detail: error.into_inner().to_string(),
        }
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(malformed)?;
    deserializer
        .end()
        .map_err(|error| ApiError::MalformedJson {
            path: String::new(),
            detail: format!("{error} after the JSON document"),
        })?;
    Ok(value)
}

/// Path parameters whose rejection (for example invalid UTF-8 after percent-decoding) is an
/// [`ApiError`] with the `{code, message, fields}` body, like every other error.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| ApiError::MalformedPath {
                detail: rejection.body_text(),
            })
    }
}
