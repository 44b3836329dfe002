// A router nested under a prefix known only at run time: the route names the part after what
// gives it, not an unexplained placeholder.
use axum::{Router, routing::get};

pub struct Config {
    pub api_prefix: String,
}

async fn list_items() -> String {
    std::fs::read_to_string("items.json").unwrap_or_default()
    //~^ blocking::fs
}

fn items() -> Router {
    Router::new().route("/items", get(list_items))
}

pub fn app(config: &Config) -> Router {
    Router::new().nest(&config.api_prefix, items())
}
