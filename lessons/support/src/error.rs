//! JSON errors: every bad request gets a body a client can parse and the right status.
//!
//! axum's own extractors reject bad input with a plain-text body. The wrappers here keep axum's
//! status and message but answer in JSON, and [`json_errors`] gives the same treatment to the
//! responses axum makes by itself (404 for an unknown path, 405 for a wrong method).

use std::fmt::Display;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequest, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Router, middleware};
use serde::de::DeserializeOwned;
use serde_json::json;

/// An error a handler returns: a status and a message, rendered as
/// `{"error": {"status": 400, "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Seconds after which a retry may succeed, sent as `Retry-After` (with a 503).
    pub retry_after: Option<u64>,
}

/// What a 503 from a full pool asks the client to wait before trying again: a job runs for
/// milliseconds to a few seconds, so a second is long enough for a slot to come free and short
/// enough not to idle a client that could be served.
pub const RETRY_AFTER_SECONDS: u64 = 1;

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400: the request is malformed (a parameter that does not parse, a value out of range).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 422: the request is well formed but cannot be carried out (a result that overflows).
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// 503 with `Retry-After`: the server is at its bound for this kind of work; the client may
    /// retry after [`RETRY_AFTER_SECONDS`].
    pub fn overloaded(message: impl Into<String>) -> Self {
        Self {
            retry_after: Some(RETRY_AFTER_SECONDS),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, message)
        }
    }

    /// 504: the work ran past its deadline and was given up (and told to stop).
    pub fn timed_out(message: impl Into<String>) -> Self {
        Self::new(StatusCode::GATEWAY_TIMEOUT, message)
    }

    /// 500 for failures that are the server's, not the client's (a task that panicked). The
    /// detail goes to the log, not to the client.
    pub fn internal(error: impl Display) -> Self {
        tracing::error!(%error, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "status": self.status.as_u16(), "message": self.message } });
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// `axum::extract::Query` with a JSON rejection.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))
    }
}

/// `axum::extract::Path` with a JSON rejection.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))
    }
}

/// `axum::Json` as an extractor with a JSON rejection (use `axum::Json` to respond).
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonBody<T>(pub T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        <axum::Json<T> as FromRequest<S>>::from_request(req, state)
            .await
            .map(|axum::Json(value)| JsonBody(value))
            .map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))
    }
}

/// `Option<JsonBody<T>>`: `None` for a request with no body at all (the natural
/// `curl -X POST url`), so a handler can fall back to defaults. A body with no `Content-Type`,
/// or with one that is not JSON, is still a 415: only silence means "no options".
impl<T, S> OptionalFromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Self::Rejection> {
        if req.headers().contains_key(header::CONTENT_TYPE) {
            return <Self as FromRequest<S>>::from_request(req, state)
                .await
                .map(Some);
        }
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))?;
        if body.is_empty() {
            Ok(None)
        } else {
            Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Expected request with `Content-Type: application/json`",
            ))
        }
    }
}

/// Makes the errors axum produces on its own JSON too: a 404 fallback for unknown paths, and a
/// JSON body for any bodiless error response (axum's 405 keeps its `Allow` header).
pub fn json_errors<S>(router: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .fallback(not_found)
        .layer(middleware::map_response(fill_bare_error))
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no route for this path")
}

/// Gives a JSON body to an error response that has none, keeping its status and headers.
async fn fill_bare_error(response: Response) -> Response {
    let status = response.status();
    let bare = !response.headers().contains_key(header::CONTENT_TYPE);
    if !(status.is_client_error() || status.is_server_error()) || !bare {
        return response;
    }
    let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
    let (mut parts, _) = response.into_parts();
    // The old body was empty; a length left from it would truncate the new one.
    parts.headers.remove(header::CONTENT_LENGTH);
    let json = ApiError::new(status, reason).into_response();
    let (json_parts, body) = json.into_parts();
    parts.headers.extend(json_parts.headers);
    Response::from_parts(parts, body)
}
