//! A handler that blocks its worker: `std::thread::sleep` in the async fn that serves
//! `GET /report`. tests/editor.rs opens this file in rust-analyzer, saves it, and expects the
//! lint's diagnostic on the call, then applies the fix rust-analyzer offers and expects none.

use std::time::Duration;

use axum::Router;
use axum::routing::get;

pub fn app() -> Router {
    Router::new().route("/report", get(report))
}

async fn report() -> &'static str {
    std::thread::sleep(Duration::from_millis(50));
    "done"
}
