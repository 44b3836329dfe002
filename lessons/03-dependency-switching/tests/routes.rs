//! Every route, every way of injecting an implementation, and every bad input, through the router
//! alone (no server, no timing).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use blocking_pool::BlockingPool;
use lesson_03_dependency_switching::error::ApiError;
use lesson_03_dependency_switching::in_slices::InSlices;
use lesson_03_dependency_switching::sqlite::{Offloaded, Sqlite};
use lesson_03_dependency_switching::{
    ASYNC, BACKEND_HEADER, Backends, CalcFuture, Calculator, MAX_X, SQLITE, SQLITE_INLINE,
    STANDARD, app,
};
use lesson_support::testing;
use serde_json::Value;
use tower::ServiceExt;

/// Sends `GET uri` with the given `x-backend` values and returns the status and the JSON body,
/// which every answer must have.
async fn send(
    router: Router,
    method: Method,
    uri: &str,
    backends: &[&[u8]],
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    for value in backends {
        request = request.header(BACKEND_HEADER, HeaderValue::from_bytes(value).unwrap());
    }
    let answer = testing::send(router, request.body(Body::empty()).unwrap()).await;
    (answer.status, answer.body)
}

fn standard(default: &str) -> Router {
    app(Backends::standard(default).unwrap())
}

async fn get(uri: &str, backend: Option<&str>) -> (StatusCode, Value) {
    let backends: Vec<&[u8]> = backend.iter().map(|b| b.as_bytes()).collect();
    send(standard(SQLITE), Method::GET, uri, &backends).await
}

/// An error answer: the expected status, and a body that names it and says what was wrong.
fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, mentions: &str) {
    assert_eq!(status, expected, "{body}");
    testing::assert_error(body, expected, mentions);
}

fn assert_answer(status: StatusCode, body: &Value, x: u64, answer: i64, backend: &str) {
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["x"], x, "{body}");
    assert_eq!(body["answer"], answer, "{body}");
    assert_eq!(body["backend"], backend, "{body}");
}

#[tokio::test]
async fn health_answers_ok() {
    let (status, body) = get("/health", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn backends_lists_the_names_and_the_default() {
    let (status, body) = send(standard(ASYNC), Method::GET, "/backends", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["header"], BACKEND_HEADER);
    assert_eq!(body["default"], ASYNC);
    let mut names = STANDARD.to_vec();
    names.sort_unstable();
    assert_eq!(body["backends"], serde_json::json!(names));
}

#[tokio::test]
async fn every_backend_gives_the_same_answers() {
    for backend in STANDARD {
        for (x, answer) in [(0, 0), (7, 140), (20_000, 2_666_866_670_000)] {
            let (status, body) = get(&format!("/calc/{x}"), Some(backend)).await;
            assert_answer(status, &body, x, answer, backend);
        }
    }
}

#[tokio::test]
async fn the_default_is_chosen_at_start_up() {
    for default in STANDARD {
        let (status, body) = send(standard(default), Method::GET, "/calc/7", &[]).await;
        assert_answer(status, &body, 7, 140, default);
    }
    // A header still picks another one for its own request.
    let (status, body) = send(standard(ASYNC), Method::GET, "/calc/7", &[b"sqlite"]).await;
    assert_answer(status, &body, 7, 140, SQLITE);
}

#[test]
fn an_unknown_default_is_refused_at_start_up() {
    let error = Backends::standard("oracle").err().unwrap().to_string();
    assert!(
        error.contains("oracle") && error.contains(SQLITE_INLINE),
        "{error}"
    );
}

#[tokio::test]
async fn an_unknown_backend_is_a_json_400_listing_the_valid_ones() {
    for name in ["oracle", "", "SQLITE", " sqlite"] {
        let (status, body) = get("/calc/7", Some(name)).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, &format!("`{name}`"));
        assert_error(
            status,
            &body,
            StatusCode::BAD_REQUEST,
            "async, sqlite, sqlite-inline",
        );
    }
}

#[tokio::test]
async fn a_garbled_or_repeated_header_is_a_json_400() {
    let router = || standard(SQLITE);
    let (status, body) = send(router(), Method::GET, "/calc/7", &[b"sq\xfflite"]).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "ASCII");
    let (status, body) = send(router(), Method::GET, "/calc/7", &[b"sqlite", b"async"]).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "at most once");
}

#[tokio::test]
async fn bad_x_is_a_json_400() {
    let too_big = (MAX_X + 1).to_string();
    for x in ["oops", "-1", "1.5", "", too_big.as_str()] {
        let (status, body) = get(&format!("/calc/{x}"), None).await;
        let expected = if x.is_empty() {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::BAD_REQUEST
        };
        assert_error(status, &body, expected, "");
    }
    let (status, body) = get(&format!("/calc/{too_big}"), Some(ASYNC)).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, &MAX_X.to_string());
}

#[tokio::test]
async fn block_gives_the_backends_answers_whatever_the_header_says() {
    for (x, answer) in [(0, 0), (7, 140), (20_000, 2_666_866_670_000)] {
        // The bug's route calls SQLite itself: a header has nothing to pick.
        let (status, body) = get(&format!("/block?x={x}"), Some(ASYNC)).await;
        assert_answer(status, &body, x, answer, "sqlite, called in the handler");
    }
    // Even with backends that hold no SQLite at all.
    let backends = Backends::new(ASYNC, [(ASYNC, Arc::new(InSlices) as Arc<dyn Calculator>)]);
    let (status, body) = send(app(backends.unwrap()), Method::GET, "/block?x=7", &[]).await;
    assert_answer(status, &body, 7, 140, "sqlite, called in the handler");
    let (status, body) = get("/block?x=3024617", None).await;
    assert_error(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "does not fit",
    );
}

#[tokio::test]
async fn block_rejects_bad_values_with_json_400() {
    let too_big = format!("?x={}", MAX_X + 1);
    for query in ["", "?x=", "?x=oops", "?x=-1", "?x=1.5", &too_big] {
        let (status, body) = get(&format!("/block{query}"), None).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "x");
    }
    let (status, body) = get(&format!("/block{too_big}"), None).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, &MAX_X.to_string());
    let (status, body) = get("/block?x=7&backend=sqlite", None).await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "unknown field `backend`",
    );
}

#[tokio::test]
async fn an_unknown_query_parameter_is_a_json_400_naming_it() {
    // The backend is chosen by the header; a query that seems to choose it must not pass.
    let (status, body) = get("/calc/7?backend=sqlite", None).await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "unknown field `backend`",
    );
}

#[tokio::test]
async fn an_overflowing_sum_is_a_json_422_on_every_backend() {
    // The first x whose sum of squares passes i64::MAX.
    for backend in STANDARD {
        let (status, body) = get("/calc/3024617", Some(backend)).await;
        assert_error(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "does not fit",
        );
    }
}

/// A fake: answers a fixed number at once and counts its calls.
struct Fixed {
    answer: i64,
    calls: AtomicUsize,
}

impl Calculator for Fixed {
    fn sum_of_squares(&self, _x: u64) -> CalcFuture {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let answer = self.answer;
        Box::pin(async move { Ok(answer) })
    }
}

/// A fake that always fails the way a backend past its bound does.
struct Unavailable;

impl Calculator for Unavailable {
    fn sum_of_squares(&self, _x: u64) -> CalcFuture {
        Box::pin(async { Err(ApiError::overloaded("fake backend is down")) })
    }
}

#[tokio::test]
async fn a_fake_injected_through_state_serves_the_handler() {
    let fake = Arc::new(Fixed {
        answer: 42,
        calls: AtomicUsize::new(0),
    });
    let backends = Backends::new(
        "fake",
        [
            ("fake", fake.clone() as Arc<dyn Calculator>),
            ("down", Arc::new(Unavailable)),
        ],
    )
    .unwrap();
    let (status, body) = send(app(backends.clone()), Method::GET, "/calc/7", &[]).await;
    assert_answer(status, &body, 7, 42, "fake");
    assert_eq!(fake.calls.load(Ordering::SeqCst), 1);

    // The fake's errors reach the client as they are; the standard names are not there.
    let (status, body) = send(app(backends.clone()), Method::GET, "/calc/7", &[b"down"]).await;
    assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "down");
    let (status, body) = send(app(backends), Method::GET, "/calc/7", &[b"sqlite"]).await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "valid backends: down, fake",
    );
    assert_eq!(fake.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_full_blocking_pool_is_a_json_503() {
    let offloaded = Offloaded {
        db: Arc::new(Sqlite::open(1).unwrap()),
        pool: BlockingPool::new(0),
    };
    let backends = Backends::new(
        SQLITE,
        [(SQLITE, Arc::new(offloaded) as Arc<dyn Calculator>)],
    );
    let (status, body) = send(app(backends.unwrap()), Method::GET, "/calc/7", &[]).await;
    assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "busy");
}

#[tokio::test]
async fn unknown_path_is_a_json_404_and_wrong_method_a_json_405() {
    let (status, body) = get("/calc/7/8", None).await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "no route");

    let request = Request::post("/calc/7").body(Body::empty()).unwrap();
    let response = standard(SQLITE).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = response.headers()[header::ALLOW].to_str().unwrap();
    assert!(allow.contains("GET"), "Allow: {allow}");
    let (status, body) = send(standard(SQLITE), Method::DELETE, "/backends", &[]).await;
    assert_error(
        status,
        &body,
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed",
    );
}
