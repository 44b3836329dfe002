//! Helpers for the lessons' tests: send one request through a router (no server) and read the
//! JSON answer every route must give; abandon a request on a real server and see its slot freed.
//!
//! They panic instead of returning errors, as test helpers do: a response that is not JSON, or a
//! body that does not parse, is a failed test.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

use crate::probe::{self, Target};
use crate::{BackgroundServer, runtime};

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

/// Asserts that `body` is a lesson's JSON error (`{"error": {"status", "message"}}`) for `status` whose message
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

/// What [`abandon_then_ask`] saw.
#[derive(Debug)]
pub struct Abandoned {
    /// Whether the big request was still unanswered when its client hung up (else the test
    /// proved nothing).
    pub big_was_running: bool,
    /// The small request, sent right after the hang-up: its latency, or why it failed.
    pub small: Result<Duration, String>,
}

/// The proof that work whose client has gone stops and frees its slot, on a real server over
/// loopback: a client sends `big` (the largest input allowed) on a raw connection and closes it
/// after `patience`; then `small`, which needs the same slot of the pool, is sent. Give `app` a
/// pool with one slot: if the big job ran on, the small one would wait for it (seconds) or for its
/// deadline; cancelled, the slot is free in milliseconds.
pub fn abandon_then_ask(
    app: Router,
    big: &str,
    small: &Target,
    patience: Duration,
) -> anyhow::Result<Abandoned> {
    let server = BackgroundServer::start(app, 2)?;
    let addr = server.addr();
    runtime::current_thread()?.block_on(async {
        let big_was_running = abandon(addr, &Target::get(big), patience).await?;
        let small = probe::send(&probe::client(), addr, small).await;
        Ok(Abandoned {
            big_was_running,
            small,
        })
    })
}

/// Sends `target` on a raw connection and closes it after `patience`, as a client that gives
/// up does; true if no byte of the answer had come by then (the work was still running).
pub async fn abandon(
    addr: std::net::SocketAddr,
    target: &Target,
    patience: Duration,
) -> std::io::Result<bool> {
    let mut connection = TcpStream::connect(addr).await?;
    let body = target.body.as_deref().unwrap_or("");
    let request = format!(
        "{} {} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n{body}",
        target.method,
        target.path,
        body.len()
    );
    connection.write_all(request.as_bytes()).await?;
    let mut first_byte = [0u8; 1];
    let answered = tokio::time::timeout(patience, connection.read(&mut first_byte)).await;
    // Closing the socket is what a client that gives up does; hyper notices the end of the
    // stream and drops the handler's future, which raises the job's cancel flag (work on the
    // blocking pool) or aborts its task (work on the workers).
    drop(connection);
    Ok(answered.is_err())
}

/// The CPU time this whole process has used so far, every thread counted: what work that runs
/// on after its client left would add to, whichever thread it runs on.
pub fn cpu_time() -> Duration {
    let time = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// What [`abandoning_costs`] measured, in this process's CPU time.
#[derive(Debug, Clone, Copy)]
pub struct Costs {
    /// `at_once` requests answered in full.
    pub answered: Duration,
    /// The same requests abandoned early (a fifth of the quickest answer), counted for as long as
    /// the answered ones took: had the work run on, most of `answered`.
    pub abandoned: Duration,
}

/// The proof that work whose client has gone stops, for work that has no pool slot to watch (a
/// task on the workers) as well as for work that has: on a real server over loopback, `at_once`
/// requests of `target` are answered in full, then the same are sent again and their clients
/// hang up after a fifth of the time the quickest took. Measured as this process's CPU time, which a
/// busy machine leaves alone, where it would stretch wall time. Run it in a test binary of its
/// own: other tests running beside it would count.
pub fn abandoning_costs(app: Router, target: &Target, at_once: usize) -> anyhow::Result<Costs> {
    // A busy machine can slow the answered round more than the abandoned one, so that an
    // abandoned request is answered before its client leaves: that round proves nothing, and
    // is measured again (both rounds), a few times before the test gives up.
    const ATTEMPTS: usize = 3;
    let server = BackgroundServer::start(app, 2)?;
    let addr = server.addr();
    let mut last = None;
    for _ in 0..ATTEMPTS {
        match one_attempt(addr, target, at_once)? {
            Ok(costs) => return Ok(costs),
            Err(patience) => last = Some(patience),
        }
    }
    anyhow::bail!(
        "answered within {:?}, too soon to prove anything, {ATTEMPTS} times",
        last.unwrap_or_default()
    )
}

/// One answered round and one abandoned round of [`abandoning_costs`]: their costs, or the
/// patience within which an abandoned request was answered anyway.
fn one_attempt(
    addr: std::net::SocketAddr,
    target: &Target,
    at_once: usize,
) -> anyhow::Result<Result<Costs, std::time::Duration>> {
    let client = probe::client();
    runtime::current_thread()?.block_on(async {
        let (started, cpu) = (std::time::Instant::now(), cpu_time());
        let answers = side_by_side(at_once, || {
            let (client, target) = (client.clone(), target.clone());
            async move { probe::send(&client, addr, &target).await }
        })
        .await;
        let (wall, answered) = (started.elapsed(), cpu_time() - cpu);
        let mut fastest = wall;
        for answer in answers {
            match answer {
                Ok(latency) => fastest = fastest.min(latency),
                Err(error) => anyhow::bail!("{} {} failed: {error}", target.method, target.path),
            }
        }

        // A fifth of the quickest answer: requests a pool queues behind one another are all
        // still unanswered then.
        let patience = fastest / 5;
        let cpu = cpu_time();
        let running = side_by_side(at_once, || {
            let target = target.clone();
            async move { abandon(addr, &target, patience).await.ok() }
        })
        .await;
        if !running.iter().all(|running| *running == Some(true)) {
            return Ok(Err(patience));
        }
        tokio::time::sleep(wall).await;
        Ok(Ok(Costs {
            answered,
            abandoned: cpu_time() - cpu,
        }))
    })
}

/// `n` runs of `make`'s future, side by side on the runtime.
async fn side_by_side<F>(n: usize, make: impl Fn() -> F) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(make())).collect();
    let mut out = Vec::with_capacity(n);
    for task in tasks {
        out.push(task.await.expect("a request's task does not panic"));
    }
    out
}
