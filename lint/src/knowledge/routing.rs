//! How web frameworks name their routes, as data: the router types, the functions and methods
//! that add a route, and the words for HTTP methods. The model's router reader
//! (`model::semantic::routes`) walks the syntax; what it looks for is here, so teaching the lint
//! another framework starts with these lists.

/// HTTP methods by the lowercase names routing functions and attributes use, and `any` (axum's
/// and poem's every-method router).
pub const METHODS: &[&str] = &[
    "get", "post", "put", "delete", "patch", "head", "options", "trace", "connect", "any",
];

/// Route attributes on a handler (actix-web, rocket): `#[get("/path")]`, one per HTTP method.
pub const ATTRIBUTE_METHODS: &[&str] = &[
    "get", "post", "put", "delete", "patch", "head", "options", "trace", "connect",
];

/// Router types: a value of one is read for its routes.
pub const ROUTER_TYPES: &[&str] = &[
    "axum::Router",
    "axum::routing::Router",
    "poem::Route",
    "poem::route::Route",
    // axum's routers that also describe an OpenAPI document.
    "utoipa_axum::router::OpenApiRouter",
    "aide::axum::ApiRouter",
];

/// Modules whose `get`, `post`, ..., `on` and `*_service` functions build a method router:
/// axum's, and poem's `get(h).post(h2)`, which builds the same kind of value.
pub const ROUTING_FN_MODULES: &[&str] = &[
    "axum::routing::method_routing::",
    "axum::routing::",
    // aide's `get(h)` and `get_with(h, docs)` build axum's method router with docs beside it.
    "aide::axum::routing::",
    "poem::route::",
    "poem::",
];

/// axum's `MethodFilter`, by the paths it is named through: `MethodFilter::GET`.
pub const METHOD_FILTERS: &[&str] = &[
    "axum::routing::MethodFilter::",
    "axum::routing::method_routing::MethodFilter::",
];

/// Methods of a router that return the same router and add no route.
pub const ROUTER_PASSTHROUGH: &[&str] = &[
    "with_state",
    "layer",
    "route_layer",
    "fallback",
    "fallback_service",
    "method_not_allowed_fallback",
    "into_make_service",
    "into_make_service_with_connect_info",
    "into_service",
    // warp: a filter boxed, wrapped (`.with(warp::log(..))`) or given a rejection handler
    // serves the same routes.
    "boxed",
    "with",
    "recover",
];

/// Method calls that add routes, of any framework: where a router expression is worth reading.
pub const ROUTING_METHODS: &[&str] = &[
    "route",
    "route_service",
    "nest",
    "nest_service",
    "merge",
    "to",
    "service",
    "at",
    "and_then",
    "then",
    // warp: `.map(h)` runs a sync `h` per request, on the worker that polls the filter.
    "map",
    // warp: `a.or(b)` joins two filters' routes, `warp::path("api").and(routes)` prefixes them.
    "or",
    "and",
    "mount",
    // aide: `.api_route("/p", get(h))`; utoipa-axum: `.routes(routes!(a, b))`.
    "api_route",
    "api_route_with",
    "routes",
    // actix-web: `.configure(f)`, `f` registering routes on a `ServiceConfig`.
    "configure",
];

/// aide's method routers that take a documentation function beside the handler: `get_with`.
pub const DOCUMENTED_SUFFIX: &str = "_with";

/// utoipa's attribute that documents a handler's route: `#[utoipa::path(get, path = "/x")]`,
/// and utoipa-axum's macro that routes such handlers: `.routes(routes!(a, b))`.
pub const OPENAPI_PATH_ATTRIBUTE: &str = "path";
pub const OPENAPI_ROUTES_MACRO: &str = "routes";

/// rocket's macro that lists handlers for `.mount(prefix, routes![a, b])`.
pub const ROCKET_ROUTES_MACRO: &str = "routes";

/// actix-web's module of route builders (`web::get()`, `web::route()`, `web::method(..)`).
pub const ACTIX_WEB: &str = "actix_web::web::";

/// actix-web's scopes, and the builder calls that keep one a scope.
pub const ACTIX_SCOPES: &[&str] = &["actix_web::web::scope", "actix_web::Scope::new"];
pub const ACTIX_SCOPE_KEEPS: &[&str] = &[
    "service",
    "configure",
    "route",
    "wrap",
    "wrap_fn",
    "guard",
    "app_data",
    "default_service",
];

/// actix-web's resources, and the builder calls that keep one a resource.
pub const ACTIX_RESOURCES: &[&str] = &["actix_web::web::resource", "actix_web::Resource::new"];
pub const ACTIX_RESOURCE_KEEPS: &[&str] = &[
    "route",
    "name",
    "guard",
    "wrap",
    "wrap_fn",
    "app_data",
    "default_service",
];

/// warp's crate prefix, and the filter combinators that keep a chain one route.
pub const WARP: &str = "warp::";
