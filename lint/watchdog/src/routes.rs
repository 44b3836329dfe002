//! `/debug/blocking` (the report as JSON) and `/debug/blocking/events` (stalls as server-sent
//! events), for the application to merge into its router.

use std::convert::Infallible;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::{Stream, StreamExt};

use crate::{Report, Watchdog};

/// The watchdog's two routes: `GET /debug/blocking` answers [`Watchdog::report`] as JSON;
/// `GET /debug/blocking/events` streams each [`StallEvent`](crate::StallEvent) as a server-sent
/// event `stall` whose data is the event's JSON (and `lagged`, with `{"missed": n}`, when the
/// client fell behind). Merge it into the application's router; mount it where only operators
/// reach it, as it names the routes.
pub fn routes<S>(watchdog: Watchdog) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    Router::new()
        .route("/debug/blocking", get(report).fallback(not_allowed))
        .route("/debug/blocking/events", get(events).fallback(not_allowed))
        .with_state(watchdog)
}

async fn report(State(watchdog): State<Watchdog>) -> Json<Report> {
    Json(watchdog.report())
}

async fn events(
    State(watchdog): State<Watchdog>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(watchdog.subscribe()).map(|item| {
        Ok(match item {
            Ok(stall) => Event::default()
                .event("stall")
                .json_data(&stall)
                .unwrap_or_else(|error| Event::default().comment(format!("unsendable: {error}"))),
            Err(BroadcastStreamRecvError::Lagged(missed)) => Event::default()
                .event("lagged")
                .data(format!("{{\"missed\":{missed}}}")),
        })
    });
    // A comment now and then keeps proxies from closing a quiet stream.
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A JSON 405 that says which method works, as every route of the workspace answers errors.
pub(crate) async fn not_allowed() -> Response {
    let body = serde_json::json!({
        "error": { "status": 405, "message": "only GET is allowed here" }
    });
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::ALLOW, "GET,HEAD")],
        Json(body),
    )
        .into_response()
}
