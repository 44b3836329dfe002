//! Every route and every bad input, through the router alone (no server, no timing).

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use blocking_pool::BlockingPool;
use lesson_04_same_path_methods::calc::MAX_X;
use lesson_04_same_path_methods::{app, app_with_pool};
use lesson_support::testing;
use serde_json::Value;

/// Sends one request (a JSON body when `body` is given) and returns the status, the headers and
/// the JSON body, which every answer must have.
async fn send(
    router: Router,
    method: Method,
    uri: &str,
    body: Option<&str>,
) -> (StatusCode, header::HeaderMap, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap();
    let answer = testing::send(router, request).await;
    (answer.status, answer.headers, answer.body)
}

async fn get(uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = send(app(), Method::GET, uri, None).await;
    (status, body)
}

async fn post(uri: &str, json: &str) -> (StatusCode, Value) {
    let (status, _, body) = send(app(), Method::POST, uri, Some(json)).await;
    (status, body)
}

/// An error answer: the expected status, and a body that names it and says what was wrong.
fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, mentions: &str) {
    assert_eq!(status, expected, "{body}");
    testing::assert_error(body, expected, mentions);
}

/// `GET uri` answers the error `expected`, mentioning `mentions`.
async fn assert_get_error(uri: &str, expected: StatusCode, mentions: &str) {
    let (status, body) = get(uri).await;
    assert_error(status, &body, expected, mentions);
}

fn assert_answer(status: StatusCode, body: &Value, x: u64, power: u32, answer: u64, by: &str) {
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["x"], x, "{body}");
    assert_eq!(body["power"], power, "{body}");
    assert_eq!(body["answer"], answer, "{body}");
    assert_eq!(body["by"], by, "{body}");
}

#[tokio::test]
async fn health_answers_ok() {
    let (status, body) = get("/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn get_is_sync_and_post_is_async_with_the_same_answer() {
    let (status, body) = get("/calc/7").await;
    assert_answer(status, &body, 7, 2, 140, "sync");
    let (status, body) = post("/calc/7", "{}").await;
    assert_answer(status, &body, 7, 2, 140, "async");

    let (status, body) = get("/calc/4?power=3").await;
    assert_answer(status, &body, 4, 3, 100, "sync");
    let (status, body) = post("/calc/4", r#"{"power": 3}"#).await;
    assert_answer(status, &body, 4, 3, 100, "async");
}

#[tokio::test]
async fn many_slices_add_up_to_the_one_call() {
    // Enough terms for the async implementation to yield many times.
    let x = 1_000_000;
    let expected = x * (x + 1) / 2;
    let (status, body) = get(&format!("/calc/{x}?power=1")).await;
    assert_answer(status, &body, x, 1, expected, "sync");
    let (status, body) = post(&format!("/calc/{x}"), r#"{"power": 1}"#).await;
    assert_answer(status, &body, x, 1, expected, "async");
}

#[tokio::test]
async fn the_query_variant_answers_like_the_path() {
    let (status, body) = get("/calc?x=7").await;
    assert_answer(status, &body, 7, 2, 140, "sync");
    let (status, body) = get("/calc?x=4&power=3").await;
    assert_answer(status, &body, 4, 3, 100, "sync");
    let (status, body) = post("/calc", r#"{"x": 4, "power": 3}"#).await;
    assert_answer(status, &body, 4, 3, 100, "async");
    let (status, body) = post("/calc", r#"{"x": 0}"#).await;
    assert_answer(status, &body, 0, 2, 0, "async");
}

#[tokio::test]
async fn block_gives_the_same_answer_inline() {
    for (query, x, power, answer) in [("x=7", 7, 2, 140), ("x=4&power=3", 4, 3, 100)] {
        let (status, body) = get(&format!("/block?{query}")).await;
        assert_answer(status, &body, x, power, answer, "inline");
    }
}

#[tokio::test]
async fn bad_x_is_a_json_400_on_every_route() {
    let too_big = MAX_X + 1;
    for x in ["oops", "-1", "1.5", &too_big.to_string()] {
        let (status, body) = get(&format!("/calc/{x}")).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "");
        let (status, body) = post(&format!("/calc/{x}"), "{}").await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "");
        for route in ["/calc", "/block"] {
            assert_get_error(&format!("{route}?x={x}"), StatusCode::BAD_REQUEST, "x").await;
        }
    }
    for uri in [format!("/calc/{too_big}"), format!("/block?x={too_big}")] {
        assert_get_error(&uri, StatusCode::BAD_REQUEST, &MAX_X.to_string()).await;
    }
    for uri in ["/calc", "/block", "/block?power=1"] {
        assert_get_error(uri, StatusCode::BAD_REQUEST, "x").await;
    }
}

#[tokio::test]
async fn bad_power_is_a_json_400_on_both_methods() {
    for power in ["0", "4", "-1", "two"] {
        let (status, body) = get(&format!("/calc/7?power={power}")).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "power");
        for route in ["/calc", "/block"] {
            let uri = format!("{route}?x=7&power={power}");
            assert_get_error(&uri, StatusCode::BAD_REQUEST, "power").await;
        }
    }
    // In a body, a number out of range is refused by the core (400) ...
    let (status, body) = post("/calc/7", r#"{"power": 4}"#).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "power");
    // ... and a value of the wrong type by the JSON extractor (422, as axum says).
    let (status, body) = post("/calc/7", r#"{"power": "two"}"#).await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "power");
}

#[tokio::test]
async fn unknown_parameters_are_refused_not_ignored() {
    // A typo must not silently fall back to the default power.
    let (status, body) = get("/calc/7?pwr=3").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "pwr");
    // One rule, one status, in the query and in the body alike.
    let (status, body) = post("/calc/7", r#"{"pwr": 3}"#).await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "unknown field `pwr`",
    );
    let (status, body) = post("/calc", r#"{"x": 7, "pwr": 3}"#).await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "unknown field `pwr`",
    );
    for uri in ["/calc?x=7&pwr=3", "/block?x=7&pwr=3"] {
        assert_get_error(uri, StatusCode::BAD_REQUEST, "unknown field `pwr`").await;
    }
}

#[tokio::test]
async fn a_body_must_be_a_json_object() {
    // serde would take an array as the struct's fields in order: `[1]` as `{"power": 1}`.
    for (uri, json) in [("/calc/7", "[1]"), ("/calc", "[7, 1]"), ("/calc/7", "1")] {
        let (status, body) = post(uri, json).await;
        assert_error(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "expected a JSON object",
        );
    }
}

#[tokio::test]
async fn an_error_echoes_a_long_input_in_part() {
    let long = "9".repeat(20_000);
    for (status, body) in [
        get(&format!("/calc/{long}")).await,
        get(&format!("/calc?x={long}")).await,
        get(&format!("/calc/7?{long}=1")).await,
        post("/calc/7", &format!(r#"{{"{long}": 1}}"#)).await,
    ] {
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        // What it quotes of the input is cut, then "…" (a number too large to parse is not
        // quoted at all).
        assert!(
            message.len() < 1_000,
            "{} bytes: {message:.300}",
            message.len()
        );
        assert!(
            message.contains('…') || !message.contains(&long[..100]),
            "{message:.300}"
        );
    }
}

#[tokio::test]
async fn bad_bodies_are_json_errors() {
    let (status, body) = post("/calc/7", "{").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "");
    let (status, body) = post("/calc", "{}").await;
    assert_error(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "x");
    // A body that is not declared JSON is refused, whether it says another type or none.
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = Request::builder().method(Method::POST).uri("/calc/7");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request.body(Body::from(r#"{"power": 1}"#)).unwrap();
        let answer = testing::send(app(), request).await;
        assert_error(
            answer.status,
            &answer.body,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type",
        );
    }
}

#[tokio::test]
async fn a_post_with_no_body_at_all_uses_the_default_options() {
    // The natural `curl -X POST .../calc/7`: no body, no Content-Type; as GET with no query.
    let (status, _, body) = send(app(), Method::POST, "/calc/7", None).await;
    assert_answer(status, &body, 7, 2, 140, "async");
    // `/calc` takes x from the body, so there the body is not optional.
    let (status, _, body) = send(app(), Method::POST, "/calc", None).await;
    assert_error(
        status,
        &body,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Content-Type",
    );
}

#[tokio::test]
async fn an_overflowing_sum_is_a_json_422_on_both_methods() {
    for uri in ["/calc/100000?power=3", "/block?x=100000&power=3"] {
        assert_get_error(uri, StatusCode::UNPROCESSABLE_ENTITY, "does not fit").await;
    }
    let (status, body) = post("/calc/100000", r#"{"power": 3}"#).await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "does not fit",
    );
}

/// The router over a blocking pool that admits no job at all.
fn full() -> Router {
    app_with_pool(BlockingPool::new(0))
}

#[tokio::test]
async fn a_full_blocking_pool_bound_is_a_json_503_for_get_only() {
    // No permits at all: every sync calculation is refused at once ...
    let (status, headers, body) = send(full(), Method::GET, "/calc/7", None).await;
    assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "busy");
    assert_eq!(headers[header::RETRY_AFTER], "1");
    let (status, _, body) = send(full(), Method::GET, "/calc?x=7", None).await;
    assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "busy");
    // ... while the async implementation, which does not use the pool, still answers, and so
    // does the bug, which never asks it.
    let (status, _, body) = send(full(), Method::POST, "/calc/7", Some("{}")).await;
    assert_answer(status, &body, 7, 2, 140, "async");
    let (status, _, body) = send(full(), Method::GET, "/block?x=7", None).await;
    assert_answer(status, &body, 7, 2, 140, "inline");
}

#[tokio::test]
async fn a_third_method_is_a_json_405_that_keeps_allow() {
    for uri in ["/calc/7", "/calc"] {
        for method in [Method::DELETE, Method::PUT, Method::PATCH] {
            let (status, headers, body) = send(app(), method.clone(), uri, None).await;
            assert_error(
                status,
                &body,
                StatusCode::METHOD_NOT_ALLOWED,
                "method not allowed",
            );
            let allow = headers[header::ALLOW].to_str().unwrap();
            for expected in ["GET", "POST"] {
                assert!(allow.contains(expected), "{method} {uri}: Allow: {allow}");
            }
        }
    }
}

#[tokio::test]
async fn unknown_path_is_a_json_404() {
    let (status, body) = get("/calc/7/8").await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "no route");
}
