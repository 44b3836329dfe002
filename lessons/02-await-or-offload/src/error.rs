//! The lesson's errors, as JSON: every bad request gets a body a client can parse
//! (`{"error": {"status": 400, "message": "..."}}`) and the right status, never a panic.
//!
//! This file is the same in every lesson (a test keeps the copies equal): a reader who copies one
//! lesson's handlers copies this file beside them, and needs nothing else of this workspace.
//! It holds three things:
//! - [`ApiError`], what handlers return, and what the offload crate's errors mean for a response;
//! - [`Path`], [`Query`] and [`Json`]: axum's own extractors, whose rejections answer in JSON.
//!   This is the lightest of the three ways axum's `examples/customize-extractor-error` shows: a
//!   handler reads `Query(params): Query<Params>`, as with axum's own;
//! - [`json_errors`]: the same JSON for what axum answers by itself (404, 405, 415).

use std::fmt::Display;

use axum::Router;
use axum::body::HttpBody;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

/// An error a handler returns: a status and a message, and a `Retry-After` for a 503.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Seconds after which a retry may succeed, sent as `Retry-After` (with a 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            status,
            message,
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

/// What a 503 asks the client to wait before trying again, unless the pool says otherwise: a
/// job runs for milliseconds to a few seconds, so a second is long enough for a slot to come free
/// and short enough not to idle a client that could be served.
pub const RETRY_AFTER_SECONDS: u64 = 1;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "status": self.status.as_u16(), "message": self.message } });
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            let seconds = HeaderValue::from(seconds);
            response.headers_mut().insert(header::RETRY_AFTER, seconds);
        }
        response
    }
}

// ANCHOR: offload_errors
/// What the offload crate's errors mean over HTTP: a full pool is 503 with `Retry-After` (come
/// back later), a deadline passed is 504; a cancelled job's client has gone already (503 for the
/// record); a job that panicked is the server's fault (500).
impl From<blocking_pool::Error> for ApiError {
    fn from(error: blocking_pool::Error) -> Self {
        use blocking_pool::Error;
        let message = error.to_string();
        match error {
            Error::Full { retry_after, .. } => Self {
                retry_after: Some(retry_after.as_secs().max(1)),
                ..Self::new(StatusCode::SERVICE_UNAVAILABLE, message)
            },
            Error::TimedOut { .. } => Self::timed_out(message),
            Error::Cancelled => Self::new(StatusCode::SERVICE_UNAVAILABLE, message),
            _ => Self::internal(message),
        }
    }
}

/// A job's own `Cancelled` (from `cancel.check()?`), the same as the pool's.
impl From<blocking_pool::Cancelled> for ApiError {
    fn from(cancelled: blocking_pool::Cancelled) -> Self {
        blocking_pool::Error::from(cancelled).into()
    }
}
// ANCHOR_END: offload_errors

// ANCHOR: extractors
/// axum's `Path`, answering a bad path parameter with a JSON [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// axum's `Query`, answering a bad or unknown query parameter with a JSON [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// axum's `Json`, both ways: a body that does not parse is a JSON [`ApiError`], and an answer
/// is serialized as axum's `Json` would.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// The rejections keep axum's status and words, said in JSON.
impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::new(rejection.status(), readable(&rejection.body_text()))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::new(rejection.status(), readable(&rejection.body_text()))
    }
}

/// One rule for unknown fields, wherever they are: 400, naming the field. axum answers an
/// unknown query parameter with 400 but an unknown body field with 422 (a body of the wrong
/// shape); a misspelt option is the same mistake in either place, so it gets the same status.
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let text = rejection.body_text();
        let status = match rejection {
            JsonRejection::JsonDataError(_) if text.contains("unknown field `") => {
                StatusCode::BAD_REQUEST
            }
            _ => rejection.status(),
        };
        Self::new(status, readable(&text))
    }
}
// ANCHOR_END: extractors

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `Option<Json<T>>`: no body at all is `None`, as with axum's own `Json`.
impl<T, S> OptionalFromRequest<S> for Json<T>
where
    axum::Json<T>: OptionalFromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Option<Self>, ApiError> {
        let json = <axum::Json<T> as OptionalFromRequest<S>>::from_request(request, state).await?;
        Ok(json.map(|axum::Json(value)| Json(value)))
    }
}

/// How much of the client's own input an error message repeats: enough to recognise it, not a
/// 20 KB path sent back whole.
pub const MAX_ECHO: usize = 200;

/// A rejection's message as a client can use it: what it quotes of the input (between backticks,
/// as axum and serde quote) cut to [`MAX_ECHO`] characters then "…", and the standard library's
/// integer-parsing words ("invalid digit found in string", for `ms=-1`) said as what was expected.
pub fn readable(message: &str) -> String {
    let message = message
        .replace(
            "invalid digit found in string",
            "expected a whole number of 0 or more, digits only",
        )
        .replace(
            "cannot parse integer from empty string",
            "expected a whole number, got nothing",
        )
        .replace("number too large to fit in target type", "number too large");
    let mut out = String::with_capacity(message.len().min(4 * MAX_ECHO));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are quoted input; the even ones are the message's own words, which can
        // quote input too when a deserializer does not use backticks.
        let limit = if i % 2 == 1 { MAX_ECHO } else { 2 * MAX_ECHO };
        match part.char_indices().nth(limit) {
            Some((cut, _)) => {
                out.push_str(&part[..cut]);
                out.push('…');
            }
            None => out.push_str(part),
        }
    }
    out
}

/// Makes the errors axum produces on its own JSON too: a 404 fallback for unknown paths, and a
/// JSON body for any bodiless error response (axum's 405 keeps its `Allow` header). Also refuses
/// a request body that does not say what it is (see [`refuse_untyped_body`]).
pub fn json_errors<S>(router: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .fallback(not_found)
        .layer(middleware::map_response(fill_bare_error))
        .layer(middleware::from_fn(refuse_untyped_body))
}

/// 415 for a request that carries a body but no `Content-Type`. axum's `Option<Json<T>>` reads
/// such a request as one with no body at all, so a client that forgot the header would have its
/// options dropped without a word; here it is told instead. No body at all (the natural
/// `curl -X POST url`) passes, and so does any body that declares its type, for the extractor
/// to judge.
pub async fn refuse_untyped_body(request: Request, next: Next) -> Response {
    let has_body = !request.body().is_end_stream();
    if has_body && !request.headers().contains_key(header::CONTENT_TYPE) {
        let expected = "Expected request with `Content-Type: application/json`";
        return ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, expected).into_response();
    }
    next.run(request).await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_input_is_echoed_in_part() {
        let long = "a".repeat(20_000);
        let message = readable(&format!("Cannot parse `{long}` to a `u64`"));
        assert!(
            message.chars().count() < 300,
            "{} characters",
            message.len()
        );
        let cut = format!("`{}…`", "a".repeat(MAX_ECHO));
        assert!(message.contains(&cut), "{message}");
        assert!(message.ends_with("to a `u64`"), "{message}");
        // Unquoted input is capped too, at twice the length.
        assert_eq!(readable(&long).chars().count(), 2 * MAX_ECHO + 1);
    }

    #[test]
    fn a_full_pool_is_503_with_retry_after_and_a_deadline_504() {
        let retry_after = std::time::Duration::from_secs(2);
        let full = ApiError::from(blocking_pool::Error::Full {
            bound: 1,
            retry_after,
        });
        assert_eq!(
            (full.status, full.retry_after),
            (StatusCode::SERVICE_UNAVAILABLE, Some(2))
        );
        let deadline = std::time::Duration::from_millis(50);
        let late = ApiError::from(blocking_pool::Error::TimedOut { deadline });
        assert_eq!(late.status, StatusCode::GATEWAY_TIMEOUT);
        assert!(late.message.contains("50 ms"), "{late:?}");
    }
}
