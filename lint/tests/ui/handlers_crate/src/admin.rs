use axum::Router;
use axum::routing::{MethodFilter, on};

pub fn router() -> Router {
    Router::new().route("/admin/reindex", on(MethodFilter::POST, reindex))
}

async fn reindex() {
    let _ = std::process::Command::new("reindex").status();
    //~^ blocking::process
}
