//! JSON errors: every bad request gets a body a client can parse and the right status.
//!
//! axum's own extractors reject bad input with a plain-text body. [`ApiError`] converts their
//! rejections, keeping axum's status and message but answering in JSON (handlers take axum's
//! extractors through `axum_extra::extract::WithRejection`), and [`json_errors`] gives the same
//! treatment to the responses axum makes by itself (404 for an unknown path, 405 for a wrong
//! method).

use std::fmt::Display;

use axum::Router;
use axum::body::HttpBody;
use axum::extract::Request;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
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

/// What the offload crate's errors mean for a response: a full pool is 503 with `Retry-After`
/// (the client may come back), a deadline passed is 504, a job cancelled is 503 (its client has
/// gone already, so it rarely reaches anyone), a job that panicked is 500.
impl From<blocking_pool::Error> for ApiError {
    fn from(error: blocking_pool::Error) -> Self {
        use blocking_pool::Error;
        match error {
            Error::Full { retry_after, .. } => Self {
                retry_after: Some(retry_after.as_secs().max(1)),
                ..Self::new(StatusCode::SERVICE_UNAVAILABLE, error.to_string())
            },
            Error::TimedOut { .. } => Self::timed_out(error.to_string()),
            Error::Cancelled => Self::new(StatusCode::SERVICE_UNAVAILABLE, error.to_string()),
            _ => Self::internal(error),
        }
    }
}

/// A job's own `Cancelled`, through [`blocking_pool::Error::Cancelled`].
impl From<blocking_pool::Cancelled> for ApiError {
    fn from(cancelled: blocking_pool::Cancelled) -> Self {
        blocking_pool::Error::from(cancelled).into()
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

// ANCHOR: rejections
/// axum's extractors reject bad input with a status and a plain-text message. These let a
/// handler take axum's own `Path`, `Query` and `Json` wrapped in `axum_extra`'s `WithRejection`,
/// and answer the same status and message as JSON:
/// `WithRejection(Path(x), _): WithRejection<Path<u64>, ApiError>`.
macro_rules! rejection_as_json {
    ($($rejection:ty),+) => {$(
        impl From<$rejection> for ApiError {
            fn from(rejection: $rejection) -> Self {
                Self::new(rejection.status(), readable(&rejection.body_text()))
            }
        }
    )+};
}
rejection_as_json!(PathRejection, QueryRejection);

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
// ANCHOR_END: rejections

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
/// a request body that does not say what it is (see [`refuse_untyped_body`]). With the blocking
/// watchdog on, its layer names each request by its route (see [`crate::watchdog::layer`]).
pub fn json_errors<S>(router: Router<S>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .fallback(not_found)
        .layer(middleware::map_response(fill_bare_error))
        // The blocking watchdog's layer rides in this call rather than in one of its own, which
        // would cost each request another boxing of its route (see `watchdog::layer`).
        .layer((
            crate::watchdog::layer(),
            middleware::from_fn(refuse_untyped_body),
        ))
}

/// 415 for a request that carries a body but no `Content-Type`. axum's `Option<Json<T>>` reads
/// such a request as one with no body at all, so a client that forgot the header would have its
/// options dropped without a word; here it is told instead. No body at all (the natural
/// `curl -X POST url`) passes, and so does any body that declares its type, for the extractor
/// to judge.
pub async fn refuse_untyped_body(request: Request, next: Next) -> Response {
    let has_body = !request.body().is_end_stream();
    if has_body && !request.headers().contains_key(header::CONTENT_TYPE) {
        return ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Expected request with `Content-Type: application/json`",
        )
        .into_response();
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
        assert!(
            message.contains(&format!("`{}…`", "a".repeat(MAX_ECHO))),
            "{message}"
        );
        assert!(message.ends_with("to a `u64`"), "{message}");
        // Unquoted input is capped too, at twice the length.
        let message = readable(&long);
        assert_eq!(message.chars().count(), 2 * MAX_ECHO + 1);
    }

    #[test]
    fn a_negative_number_is_told_what_was_expected() {
        let message =
            readable("Failed to deserialize query string: ms: invalid digit found in string");
        assert!(
            message.contains("ms: expected a whole number of 0 or more"),
            "{message}"
        );
    }
}
