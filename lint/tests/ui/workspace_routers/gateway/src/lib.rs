use axum::Router;
use axum::routing::get;

pub fn app() -> Router {
    Router::new()
        .route("/items", get(core::handlers::list))
        .nest("/core", core::router())
}
