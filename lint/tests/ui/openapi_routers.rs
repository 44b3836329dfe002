// axum's routers that also describe an OpenAPI document: utoipa-axum's `OpenApiRouter` with
// `routes!(..)` (method and path from each handler's `#[utoipa::path(..)]`), and aide's
// `ApiRouter` with `api_route`. Their handlers are request handlers, named by route.
use aide::axum::{ApiRouter, routing::get_with};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

#[utoipa::path(get, path = "/users/{id}", responses((status = 200)))]
async fn show_user() -> Json<String> {
    Json(std::fs::read_to_string("users.json").unwrap_or_default())
    //~^ blocking::fs
}

#[utoipa::path(post, path = "/users")]
async fn create_user() -> Json<u64> {
    std::thread::sleep(std::time::Duration::from_millis(20));
    //~^ blocking::sleep
    Json(1)
}

pub fn users() -> OpenApiRouter {
    OpenApiRouter::new().routes(routes!(show_user, create_user))
}

async fn report() -> String {
    std::fs::read_to_string("report.txt").unwrap_or_default()
    //~^ blocking::fs
}

async fn upload() -> String {
    std::fs::read_to_string("upload.bin").unwrap_or_default()
    //~^ blocking::fs
}

pub fn reports() -> ApiRouter {
    ApiRouter::new().api_route("/reports", get_with(report, |op| op).post_with(upload, |op| op))
}

// Look-alike: documented, but no router names it: linted as ordinary async code.
#[utoipa::path(get, path = "/unrouted")]
async fn documented_only() -> String {
    std::fs::read_to_string("x").unwrap_or_default()
    //~^ blocking::fs
}
