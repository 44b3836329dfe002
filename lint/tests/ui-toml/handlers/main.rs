use axum::Router;
use axum::routing::get;

fn app() -> Router {
    Router::new().route("/report", get(report))
}

async fn report() -> String {
    // Warn: the file's `handlers` default.
    let text = std::fs::read_to_string("report.txt").unwrap();
    // Deny: the rule's own entry wins over the handlers default.
    std::thread::sleep(std::time::Duration::from_millis(5));
    text
}

fn main() {
    let _ = app();
}
