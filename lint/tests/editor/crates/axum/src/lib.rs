//! The shape of axum's router that tests/editor/app calls: enough for rustc to accept it.

pub struct Router;

impl Router {
    pub fn new() -> Router {
        Router
    }

    pub fn route(self, _path: &str, _method_router: routing::MethodRouter) -> Router {
        self
    }
}

pub mod routing {
    pub struct MethodRouter;

    pub fn get<H>(_handler: H) -> MethodRouter {
        MethodRouter
    }
}
