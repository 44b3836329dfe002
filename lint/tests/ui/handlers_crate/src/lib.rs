mod admin;
mod handlers;
mod routes;

pub use handlers::users::list;

use axum::Router;

pub fn app() -> Router {
    Router::new()
        .nest("/api", routes::api())
        .merge(admin::router())
}
