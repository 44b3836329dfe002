//! Helpers for the lessons' route tests: send one request through a router (no server) and read
//! the JSON answer every route must give.
//!
//! They panic instead of returning errors, as test helpers do: a response that is not JSON, or a
//! body that does not parse, is a failed test.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// What a route answered.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

/// Sends `request` through `router` with `oneshot` and returns the answer, asserting that it is
/// JSON (errors included: that is what `json_errors` promises).
pub async fn send(router: Router, request: Request<Body>) -> Answer {
    let uri = request.uri().clone();
    let response = router
        .oneshot(request)
        .await
        .expect("routers are infallible");
    let (status, headers) = (response.status(), response.headers().clone());
    assert_eq!(
        headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()),
        Some(&b"application/json"[..]),
        "{uri} answered {status} without a JSON content type"
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{uri} answered a body that is not JSON ({e}): {bytes:?}"));
    Answer {
        status,
        headers,
        body,
    }
}

/// Asserts that `body` is an [`ApiError`](crate::ApiError) body for `status` whose message
/// mentions `mentions`, so a client can tell what was wrong.
pub fn assert_error(body: &Value, status: StatusCode, mentions: &str) {
    assert_eq!(body["error"]["status"], status.as_u16(), "{body}");
    let message = body["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no error message in {body}"));
    assert!(
        message.contains(mentions),
        "{message:?} should mention {mentions:?}"
    );
}
