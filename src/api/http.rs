//! One way to ask the server: the bearer header, sending, and reading an answer or the server's
//! error body into an [`ApiError`].

use gloo_net::http::{Request, RequestBuilder, Response};
use roadshow_core::wire::ErrorBody;
use serde::de::DeserializeOwned;

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

pub(super) fn with_secret(builder: RequestBuilder, secret: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {secret}"))
}

/// A request without a body, carrying the secret.
pub(super) fn authorized(builder: RequestBuilder, secret: &str) -> Result<Request, ApiError> {
    with_secret(builder, secret)
        .build()
        .map_err(|_| ApiError::RequestNotBuilt)
}

/// `GET url` with the secret, its answer read as `T`.
pub(super) async fn get<T: DeserializeOwned>(url: &str, secret: &str) -> Result<T, ApiError> {
    send(authorized(Request::get(url), secret)?).await
}

/// `GET url` with the secret, its answer's text as the server sent it (saved byte for byte).
pub(super) async fn get_text(url: &str, secret: &str) -> Result<String, ApiError> {
    let response = authorized(Request::get(url), secret)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let response = accepted(response).await?;
    let status = response.status();
    response
        .text()
        .await
        .map_err(|_| ApiError::UnreadableResponse { status })
}

/// The answer when it is a 2xx, else what the server said instead ([`refusal`]).
async fn accepted(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        Ok(response)
    } else {
        Err(refusal(response).await)
    }
}

/// What a non-2xx answer says: the server's error body, or that it could not be read.
pub(super) async fn refusal(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::Rejected { status, body },
        Err(_) => ApiError::UnreadableResponse { status },
    }
}

pub(super) async fn send<T: DeserializeOwned>(request: Request) -> Result<T, ApiError> {
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    decode(response).await
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let response = accepted(response).await?;
    let status = response.status();
    response
        .json()
        .await
        .map_err(|_| ApiError::UnreadableResponse { status })
}

pub(super) async fn send_without_answer(request: Request) -> Result<(), ApiError> {
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    accepted(response).await.map(|_| ())
}
