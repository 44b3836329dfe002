// --fix round trip: every finding is fixable, including a handler's (deny by default), so
// after --fix the run is clean and exits 0.
use std::time::Duration;

use axum::Router;
use axum::routing::get;

fn app() -> Router {
    Router::new().route("/slow", get(slow)).route("/config", get(config))
}

async fn slow() -> &'static str {
    std::thread::sleep(Duration::from_millis(100));
    //~^ fixed blocking::sleep
    "done"
}

async fn config() -> String {
    std::fs::read_to_string("config.toml").unwrap_or_default()
    //~^ fixed blocking::fs
}
