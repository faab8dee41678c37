//! A JSON body extractor whose every rejection is an [`ApiError`] naming the offending field,
//! so clients always get `{code, message, fields}` (axum's own rejections are plain text).

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use roadshow_core::problem::{Problem, ProblemCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The largest JSON body any route accepts.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// A JSON body of at most `LIMIT` bytes (the route's body-limit layer must allow as much).
pub struct ApiJson<T, const LIMIT: usize = BODY_LIMIT_BYTES>(pub T);

/// Bodies above this are parsed on a blocking thread, off the threads that serve requests.
const PARSE_INLINE_BYTES: usize = 256 * 1024;

impl<S, T, const LIMIT: usize> FromRequest<S> for ApiJson<T, LIMIT>
where
    S: Send + Sync,
    T: DeserializeOwned + Serialize + Send + 'static,
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
fn parse<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<T, ApiError> {
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
    refuse_nul(bytes, &value)?;
    Ok(value)
}

/// JSON may carry the NUL character (`\u0000`) in a string; no text Roadshow stores has a use for
/// it, and PostgreSQL's text cannot hold it. Refused on both databases alike, naming the field,
/// in what the route read (`value`): members it ignores may hold anything. Only a body whose
/// bytes hold the escape is looked at again.
const NUL_REFUSED: &str = "text may not contain the NUL character (U+0000)";

fn refuse_nul<T: Serialize>(bytes: &[u8], value: &T) -> Result<(), ApiError> {
    if !bytes.windows(6).any(|window| window == b"\\u0000") {
        return Ok(());
    }
    let document = serde_json::to_value(value).map_err(|error| ApiError::MalformedJson {
        path: String::new(),
        detail: error.to_string(),
    })?;
    match path_to_nul(&document) {
        Some(path) => Err(ApiError::Invalid(vec![Problem::new(
            path,
            ProblemCode::InvalidFormat,
        )
        .with_detail(NUL_REFUSED)])),
        None => Ok(()),
    }
}

/// The path (as `serde_path_to_error` writes it: `startups[3].name`) of the first string or key
/// holding a NUL character.
fn path_to_nul(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => text.contains('\0').then(String::new),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            path_to_nul(item).map(|rest| format!("[{index}]{}", dotted(&rest)))
        }),
        serde_json::Value::Object(members) => members.iter().find_map(|(key, member)| {
            if key.contains('\0') {
                return Some(key.replace('\0', "\\u0000"));
            }
            path_to_nul(member).map(|rest| format!("{key}{}", dotted(&rest)))
        }),
        _ => None,
    }
}

/// `rest` joined after a parent: `.name` or `[3]`.
fn dotted(rest: &str) -> String {
    if rest.is_empty() || rest.starts_with('[') {
        rest.to_owned()
    } else {
        format!(".{rest}")
    }
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
        // A percent-encoded NUL: see `refuse_nul`.
        if parts.uri.path().contains("%00") {
            return Err(ApiError::MalformedPath {
                detail: "a path segment holds the NUL character (%00)".to_owned(),
            });
        }
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| ApiError::MalformedPath {
                detail: rejection.body_text(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_anywhere_in_a_string_is_refused_at_its_field() {
        let cases = [
            (r#"{"name": "a\u0000b"}"#, "name"),
            (
                r#"{"startups": [{"id": "S1"}, {"id": "S2", "name": "\u0000"}]}"#,
                "startups[1].name",
            ),
            (r#"[[1], ["x", "\u0000"]]"#, "[1][1]"),
            (r#"{"a": {"b\u0000": 1}}"#, "a.b\\u0000"),
        ];
        for (body, path) in cases {
            match parse::<serde_json::Value>(body.as_bytes()) {
                Err(ApiError::Invalid(problems)) => {
                    assert_eq!(problems.len(), 1, "{body}");
                    assert_eq!(problems[0].path, path, "{body}");
                    assert_eq!(problems[0].code, ProblemCode::InvalidFormat, "{body}");
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_nul_in_a_member_the_route_ignores_is_no_concern() {
        #[derive(serde::Deserialize, Serialize, Debug)]
        struct Named {
            name: String,
        }
        let body = r#"{"name": "수소", "extra": {"k\u0000": "\u0000"}}"#;
        let named: Named = parse(body.as_bytes()).unwrap();
        assert_eq!(named.name, "수소");
        let body = r#"{"name": "수\u0000소", "extra": 1}"#;
        match parse::<Named>(body.as_bytes()) {
            Err(ApiError::Invalid(problems)) => assert_eq!(problems[0].path, "name"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_that_only_looks_like_a_nul_is_kept() {
        // An escaped backslash followed by "u0000" is six ordinary characters.
        let body = r#"{"note": "C:\\u0000 and \u0001"}"#;
        let value: serde_json::Value = parse(body.as_bytes()).unwrap();
        assert_eq!(value["note"], "C:\\u0000 and \u{1}");
    }
}
