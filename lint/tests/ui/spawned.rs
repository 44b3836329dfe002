// Work a handler spawns runs on a worker, but beside the handler: said so, and at its rule's own
// level. Spawned and awaited right there, it is the handler's own work.
use std::time::Duration;

use axum::{Router, routing::get};

async fn report() -> &'static str {
    tokio::spawn(async {
        std::thread::sleep(Duration::from_millis(10));
        //~^ blocking::sleep
    });
    "queued"
}

async fn with_a_set() -> &'static str {
    let mut jobs = tokio::task::JoinSet::new();
    jobs.spawn(async move {
        let _ = std::fs::read("report.csv");
        //~^ blocking::fs
    });
    "queued"
}

async fn waited() -> &'static str {
    tokio::spawn(async {
        std::thread::sleep(Duration::from_millis(10));
        //~^ blocking::sleep
    })
    .await
    .unwrap();
    "done"
}

pub fn app() -> Router {
    Router::new()
        .route("/report", get(report))
        .route("/set", get(with_a_set))
        .route("/waited", get(waited))
}
