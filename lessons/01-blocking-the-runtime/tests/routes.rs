//! Every route and every bad input, through the router alone (no server, no timing).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use lesson_01_blocking_the_runtime::{MAX_BLOCK_MS, MAX_CPU_ROUNDS, app};
use lesson_support::testing::{self, assert_error};
use serde_json::Value;

async fn call(method: Method, uri: &str) -> (StatusCode, Value) {
    let request = Request::builder().method(method).uri(uri);
    let answer = testing::send(app(), request.body(Body::empty()).unwrap()).await;
    (answer.status, answer.body)
}

async fn get(uri: &str) -> (StatusCode, Value) {
    call(Method::GET, uri).await
}

#[tokio::test]
async fn health_answers_ok() {
    let (status, body) = get("/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn block_and_offload_report_the_sleep() {
    for route in ["/block", "/offload"] {
        let (status, body) = get(&format!("{route}?ms=5")).await;
        assert_eq!(status, StatusCode::OK, "{route}: {body}");
        assert_eq!(body["route"], route);
        assert_eq!(body["slept_ms"], 5);
    }
}

#[tokio::test]
async fn cpu_routes_compute_the_same_result() {
    let (status, inline) = get("/cpu?n=1000").await;
    assert_eq!(status, StatusCode::OK, "{inline}");
    let (status, offloaded) = get("/cpu-offload?n=1000").await;
    assert_eq!(status, StatusCode::OK, "{offloaded}");
    assert_eq!(inline["rounds"], 1000);
    // Where the work runs changes nothing about what it computes.
    assert_eq!(inline["result"], offloaded["result"]);
    assert_ne!(inline["result"], 0);
}

#[tokio::test]
async fn sleeping_routes_reject_bad_values_with_json_400() {
    for route in ["/block", "/offload"] {
        let (status, body) = get(&format!("{route}?ms=oops")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_error(&body, status, "ms");

        let (status, body) = get(&format!("{route}?ms=-1")).await;
        assert_error(&body, status, "ms: expected a whole number of 0 or more");
        assert_eq!(status, StatusCode::BAD_REQUEST);

        let (status, body) = get(route).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_error(&body, status, "ms");

        let too_long = MAX_BLOCK_MS + 1;
        let (status, body) = get(&format!("{route}?ms={too_long}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_error(&body, status, &MAX_BLOCK_MS.to_string());
    }
}

#[tokio::test]
async fn cpu_routes_reject_bad_values_with_json_400() {
    let too_many = MAX_CPU_ROUNDS + 1;
    for route in ["/cpu", "/cpu-offload"] {
        for query in ["", "?n=", "?n=0", "?n=1.5", &format!("?n={too_many}")] {
            let (status, body) = get(&format!("{route}{query}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{route}{query}: {body}");
            assert_error(&body, status, "n");
        }
    }
}

#[tokio::test]
async fn an_unknown_query_parameter_is_a_json_400_naming_it() {
    for uri in [
        "/block?ms=10&foo=1",
        "/offload?ms=10&foo=1",
        "/cpu?n=10&foo=1",
        "/cpu-offload?n=10&foo=1",
        "/fetch?ms=10&foo=1",
        "/fetch-sync?ms=10&foo=1",
    ] {
        let (status, body) = get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_error(&body, status, "unknown field `foo`");
    }
}

#[tokio::test]
async fn unknown_path_is_a_json_404() {
    let (status, body) = get("/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, status, "no route");
}

#[tokio::test]
async fn wrong_method_is_a_json_405_with_allow() {
    for (method, uri) in [(Method::POST, "/health"), (Method::DELETE, "/block?ms=1")] {
        let request = Request::builder().method(method).uri(uri);
        let answer = testing::send(app(), request.body(Body::empty()).unwrap()).await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        let allow = answer.headers[header::ALLOW].to_str().unwrap();
        assert!(allow.contains("GET"), "Allow: {allow}");
        assert_error(&answer.body, answer.status, "method not allowed");
    }
}
