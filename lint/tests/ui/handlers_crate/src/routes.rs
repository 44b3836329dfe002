use axum::Router;
use axum::routing::get;

use crate::handlers;

pub fn api() -> Router {
    Router::new()
        .route("/users", get(crate::list).post(handlers::users::create))
        .route("/users/{id}", get(handlers::users::show))
        .nest("/reports", reports())
}

fn reports() -> Router {
    Router::new().route("/daily", get(handlers::reports::daily))
}
