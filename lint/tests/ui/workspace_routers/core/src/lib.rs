// Handlers defined in one crate of the workspace, routed in another.
pub mod handlers {
    pub async fn list() -> String {
        std::fs::read_to_string("items.json").unwrap_or_default()
        //~^ blocking::fs
    }

    pub async fn status() -> &'static str {
        std::thread::sleep(std::time::Duration::from_millis(1));
        //~^ blocking::sleep
        "ok"
    }
}

pub fn router() -> axum::Router {
    axum::Router::new().route("/status", axum::routing::get(handlers::status))
}
