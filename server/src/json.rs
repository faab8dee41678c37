//! A JSON body extractor whose every rejection is an [`ApiError`] naming the offending field,
//! so clients always get `{code, message, fields}` (axum's own rejections are plain text).

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

/// The largest JSON body any route accepts.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge { limit_bytes: BODY_LIMIT_BYTES }
                } else {
                    ApiError::MalformedJson { path: String::new(), detail: rejection.body_text() }
                }
            })?;
        let deserializer = &mut serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(deserializer).map(ApiJson).map_err(|error| {
            let path = error.path().to_string();
            ApiError::MalformedJson {
                path: if path == "." { String::new() } else { path },
                detail: error.into_inner().to_string(),
            }
        })
    }
}
