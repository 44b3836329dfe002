// Handler awareness: axum handlers are found from the routing calls, and a blocking call in a
// handler, or under one, is denied by default and names its route.
use std::time::Duration;

use axum::Router;
use axum::routing::{MethodFilter, any, get, on};
use tower_http::services::ServeDir;

fn app() -> Router {
    Router::new()
        .route("/users/{id}", get(show).post(update))
        .route("/filtered", on(MethodFilter::PUT.or(MethodFilter::PATCH), filtered))
        .route_service("/svc", svc.into_service())
        .route(
            "/inline",
            get(|| async {
                std::thread::sleep(Duration::from_millis(5));
                //~^ blocking::sleep
            }),
        )
        .nest_service("/static", ServeDir::new("assets"))
        .nest(API_PREFIX, unnamed())
        .merge(more())
        .nest("/api", api())
}

/// A prefix that is no literal: routes under it show its name.
const API_PREFIX: &str = "/old";

fn unnamed() -> Router {
    Router::new()
        .route("/x", get(under_unknown_prefix))
        .route(HEALTH, get(health))
}

const HEALTH: &str = "/health";

async fn health() {
    let _ = std::fs::read("health");
    //~^ blocking::fs
}

async fn under_unknown_prefix() {
    std::thread::sleep(Duration::from_millis(5));
    //~^ blocking::sleep
}

fn more() -> Router {
    Router::new().route("/more", any(more_handler))
}

fn api() -> Router {
    let items = Router::new().route("/items", get(handlers::list));
    let v2 = v2_routes().layer(tower_http::trace::TraceLayer::new_for_http());
    let mut router = Router::new().nest("/v1", items).nest("/v2", v2);
    router = router.route("/", get(handlers::index));
    router
}

fn v2_routes() -> Router {
    Router::new().route("/items", get(list_v2))
}

async fn list_v2() -> String {
    std::fs::read_to_string("items.v2.json").unwrap_or_default()
    //~^ blocking::fs
}

mod handlers {
    use std::time::Duration;

    pub async fn list() -> String {
        std::fs::read_to_string("items.json").unwrap_or_default()
        //~^ blocking::fs
    }

    pub async fn index() {
        pause();
        //~^ blocking::sleep
    }

    fn pause() {
        std::thread::sleep(Duration::from_millis(5));
    }
}

async fn show() {
    std::thread::sleep(Duration::from_millis(5));
    //~^ blocking::sleep
}

async fn update() -> String {
    load().await
}

/// Not a handler itself: awaited by one.
async fn load() -> String {
    std::fs::read_to_string("user.json").unwrap_or_default()
    //~^ blocking::fs
}

async fn filtered() {
    let _ = std::fs::read("f");
    //~^ blocking::fs
}

async fn svc() {
    let _ = std::fs::metadata("svc");
    //~^ blocking::fs
}

async fn more_handler() {
    std::thread::sleep(Duration::from_millis(5));
    //~^ blocking::sleep
}

// Look-alikes: not handlers, so their findings stay warnings.

async fn not_routed() {
    std::thread::sleep(Duration::from_millis(5));
    //~^ blocking::sleep
}

mod fake {
    /// Named like axum's `get`, but the crate's own.
    pub fn get<T>(t: T) -> T {
        t
    }
}

struct Table;

impl Table {
    fn route<T>(&self, _path: &str, _t: T) -> &Self {
        self
    }
}

fn not_a_router(t: &Table) {
    t.route("/fake", fake::get(lookalike));
}

async fn lookalike() {
    std::thread::sleep(Duration::from_millis(5));
    //~^ blocking::sleep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_in_tests_make_no_handler() {
        let _ = Router::<()>::new().route("/t", get(only_in_tests));
    }
}

async fn only_in_tests() {
    std::thread::sleep(Duration::from_millis(5));
    //~^ blocking::sleep
}
