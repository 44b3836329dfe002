// The library's own handler: denied by default, as every request handler is.
use axum::Router;
use axum::routing::get;

pub fn app() -> Router {
    Router::new().route("/config", get(config))
}

async fn config() -> String {
    std::fs::read_to_string("app.toml").unwrap()
    //~^ blocking::fs
}
