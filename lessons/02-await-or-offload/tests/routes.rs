//! Every route and every bad input, through the router alone (no server, no timing).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::routing::get;
use axum::{Json, Router};
use blocking_pool::BlockingPool;
use blocking_pool::{Cancel, Cancelled};
use lesson_02_await_or_offload::{
    AUTO_INLINE_MAX_X, CHUNK, MAX_BLOCK_X, MAX_X, app, app_with, offload, sum_to, sum_to_remote,
};
use lesson_support::testing::{self, assert_error};
use serde_json::Value;

async fn call_on(router: Router, method: Method, uri: &str) -> (StatusCode, Value) {
    let request = Request::builder().method(method).uri(uri);
    let answer = testing::send(router, request.body(Body::empty()).unwrap()).await;
    (answer.status, answer.body)
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    call_on(app(), Method::GET, uri).await
}

fn gauss(x: u64) -> u64 {
    let x = u128::from(x);
    u64::try_from(x * (x + 1) / 2).unwrap()
}

#[tokio::test]
async fn health_answers_ok() {
    let (status, body) = get_json("/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn every_mode_gives_the_same_answer_and_says_where_it_ran() {
    let cases = [
        ("/calc/7", "inline"),
        ("/calc/7?mode=auto", "inline"),
        ("/calc/7?mode=sync", "blocking_pool"),
        ("/calc/7?mode=async", "awaited"),
        ("/def/calc/7", "blocking_pool"),
    ];
    for (uri, ran) in cases {
        let (status, body) = get_json(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert_eq!(body["x"], 7, "{uri}");
        assert_eq!(body["sum"], 28, "{uri}");
        assert_eq!(body["ran"], ran, "{uri}");
    }
}

#[tokio::test]
async fn block_computes_the_same_sum_inline_whatever_its_size() {
    let past_auto = AUTO_INLINE_MAX_X + 1;
    for x in [0, 7, past_auto] {
        let (status, body) = get_json(&format!("/block?x={x}")).await;
        assert_eq!(status, StatusCode::OK, "{x}: {body}");
        assert_eq!(body["sum"], gauss(x), "{x}");
        assert_eq!(body["ran"], "inline", "{x}");
    }
}

#[tokio::test]
async fn block_rejects_bad_values_with_json_400() {
    let too_many = MAX_BLOCK_X + 1;
    for query in [
        "",
        "?x=",
        "?x=oops",
        "?x=-1",
        "?x=1.5",
        &format!("?x={too_many}"),
    ] {
        let (status, body) = get_json(&format!("/block{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_error(&body, status, "x");
    }
    let (_, body) = get_json(&format!("/block?x={too_many}")).await;
    assert_error(&body, StatusCode::BAD_REQUEST, &MAX_BLOCK_X.to_string());
    let (status, body) = get_json("/block?x=7&mode=sync").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_error(&body, status, "unknown field `mode`");
}

#[tokio::test]
async fn auto_offloads_past_its_threshold() {
    let (_, at) = get_json(&format!("/calc/{AUTO_INLINE_MAX_X}?mode=auto")).await;
    assert_eq!(at["ran"], "inline", "{at}");
    let past = AUTO_INLINE_MAX_X + 1;
    let (status, body) = get_json(&format!("/calc/{past}?mode=auto")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ran"], "blocking_pool");
    assert_eq!(body["sum"], gauss(past));
}

#[tokio::test]
async fn x_zero_is_an_empty_sum() {
    for mode in ["sync", "async", "auto"] {
        let (status, body) = get_json(&format!("/calc/0?mode={mode}")).await;
        assert_eq!(status, StatusCode::OK, "{mode}: {body}");
        assert_eq!(body["sum"], 0, "{mode}");
    }
}

#[tokio::test]
async fn the_two_implementations_agree() {
    let never = Cancel::default();
    for x in [0, 1, 2, 7, 1_000, 123_457, 3 * CHUNK + 1] {
        assert_eq!(sum_to(x, &never), Ok(Some(gauss(x))), "x = {x}");
        assert_eq!(sum_to_remote(x).await, Some(gauss(x)), "x = {x}");
    }
}

#[test]
fn a_cancelled_sum_stops_at_its_next_look_at_the_flag() {
    let cancel = Cancel::default();
    cancel.cancel();
    // MAX_X would take seconds; a raised flag is seen before the first chunk.
    assert_eq!(sum_to(MAX_X, &cancel), Err(Cancelled));
}

#[tokio::test]
async fn max_x_is_exactly_where_the_sum_stops_fitting() {
    // Counting to MAX_X takes seconds; the formula's checked arithmetic answers at once.
    assert_eq!(sum_to_remote(MAX_X).await, Some(gauss(MAX_X)));
    assert_eq!(sum_to_remote(MAX_X + 1).await, None);
    assert_eq!(sum_to_remote(u64::MAX).await, None);
}

#[tokio::test]
async fn an_answer_that_overflows_is_a_json_422() {
    for uri in [
        format!("/calc/{}", MAX_X + 1),
        format!("/calc/{}?mode=sync", MAX_X + 1),
        format!("/calc/{}?mode=async", u64::MAX),
        format!("/calc/{}?mode=auto", u64::MAX),
        format!("/def/calc/{}", MAX_X + 1),
    ] {
        let (status, body) = get_json(&uri).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {body}");
        assert_error(&body, status, &MAX_X.to_string());
    }
}

#[tokio::test]
async fn an_unknown_mode_is_a_json_400_listing_the_modes() {
    for mode in ["fast", "", "SYNC"] {
        let (status, body) = get_json(&format!("/calc/7?mode={mode}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{mode}: {body}");
        for valid in ["`sync`", "`async`", "`auto`"] {
            assert_error(&body, status, valid);
        }
    }
}

#[tokio::test]
async fn an_unknown_query_parameter_is_a_json_400_naming_it() {
    // A misspelt `mode` must not fall back to `auto` and look as if it worked.
    for (query, unknown) in [("mdoe=sync", "mdoe"), ("mode=sync&verbose=1", "verbose")] {
        let (status, body) = get_json(&format!("/calc/7?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_error(&body, status, &format!("unknown field `{unknown}`"));
    }
    // The `def` route takes no query at all, and says so the same way.
    let (status, body) = get_json("/def/calc/7?mode=sync").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_error(&body, status, "unknown field `mode`");
}

#[tokio::test]
async fn an_x_that_is_not_a_u64_is_a_json_400() {
    let too_big_to_parse = "18446744073709551616";
    for route in ["/calc", "/def/calc"] {
        for x in ["abc", "-1", "1.5", too_big_to_parse] {
            let (status, body) = get_json(&format!("{route}/{x}")).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{route}/{x}: {body}");
            assert_error(&body, status, x);
        }
    }
}

#[tokio::test]
async fn unknown_path_is_a_json_404() {
    for uri in ["/nope", "/calc", "/calc/7/8"] {
        let (status, body) = get_json(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_error(&body, status, "no route");
    }
}

#[tokio::test]
async fn wrong_method_is_a_json_405_with_allow() {
    for (method, uri) in [
        (Method::POST, "/calc/7"),
        (Method::DELETE, "/def/calc/7"),
        (Method::POST, "/block?x=7"),
    ] {
        let request = Request::builder().method(method).uri(uri);
        let answer = testing::send(app(), request.body(Body::empty()).unwrap()).await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        let allow = answer.headers[header::ALLOW].to_str().unwrap();
        assert!(allow.contains("GET"), "Allow: {allow}");
        assert_error(&answer.body, answer.status, "method not allowed");
    }
}

#[tokio::test]
async fn a_full_blocking_pool_answers_503_at_once() {
    // Bound 0: no job is ever admitted, so the offloading routes refuse and nothing else does.
    let full = || app_with(AUTO_INLINE_MAX_X, BlockingPool::new(0));
    for uri in ["/calc/7?mode=sync", "/calc/20000?mode=auto", "/def/calc/7"] {
        let (status, body) = call_on(full(), Method::GET, uri).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{uri}: {body}");
        assert_error(&body, status, "blocking pool is busy");
        let request = Request::builder().uri(uri).body(Body::empty()).unwrap();
        let answer = testing::send(full(), request).await;
        assert_eq!(answer.headers[header::RETRY_AFTER], "1", "{uri}");
    }
    // The bug's route never asks the pool: it computes on the worker, full pool or not.
    for uri in [
        "/calc/7?mode=auto",
        "/calc/7?mode=async",
        "/block?x=20000",
        "/health",
    ] {
        let (status, body) = call_on(full(), Method::GET, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    }
}

/// A sync function made a handler by `offload` runs on another thread than the one polling the
/// handler (here the test's own), and gives its slot of the bound back when done.
#[tokio::test]
async fn offload_runs_a_sync_fn_on_the_pool_within_the_bound() {
    fn thread_id(_: (), _: &Cancel) -> Json<String> {
        Json(format!("{:?}", std::thread::current().id()))
    }
    let pool = BlockingPool::new(1);
    let router = Router::new()
        .route("/where", get(offload("test", thread_id)))
        .with_state(pool.clone());
    let (status, body) = call_on(router.clone(), Method::GET, "/where").await;
    assert_eq!(status, StatusCode::OK);
    let worker = format!("{:?}", std::thread::current().id());
    assert_ne!(body.as_str().unwrap(), worker, "ran on the test's worker");
    assert_eq!(pool.available(), 1, "the slot is back once the job is done");
}
