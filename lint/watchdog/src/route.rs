//! The name of a request: its method and the route that matched it.

use std::fmt;
use std::panic::Location;

use http::Method;

#[cfg(feature = "axum")]
type Matched = axum::extract::MatchedPath;
#[cfg(not(feature = "axum"))]
type Matched = std::convert::Infallible;

/// `GET /users/{id}`, kept as the parts the request already holds: cloning a standard method
/// copies a byte and cloning axum's `MatchedPath` bumps a reference count, so naming a request
/// allocates nothing. The text is made only when a stall is reported.
#[derive(Clone)]
pub(crate) struct Route {
    method: Method,
    path: Option<Matched>,
}

impl Route {
    pub(crate) fn of<B>(request: &http::Request<B>) -> Self {
        #[cfg(feature = "axum")]
        let path = request.extensions().get::<Matched>().cloned();
        #[cfg(not(feature = "axum"))]
        let path = None;
        Self {
            method: request.method().clone(),
            path,
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            #[cfg(feature = "axum")]
            Some(path) => write!(f, "{} {}", self.method, path.as_str()),
            #[cfg(not(feature = "axum"))]
            Some(never) => match *never {},
            // Not the request's own path: one name per distinct URL would flood the table.
            None => write!(f, "{} (no matched route)", self.method),
        }
    }
}

/// `file:line` of a spawn, with a dependency's path cut to its crate folder: the absolute path
/// into cargo's registry says nothing the crate's name and version do not.
pub(crate) fn location(at: &Location<'_>) -> String {
    format!("{}:{}", short_file(at.file()), at.line())
}

fn short_file(file: &str) -> &str {
    ["/registry/src/", "/git/checkouts/"]
        .iter()
        .find_map(|marker| {
            let (_, rest) = file.split_once(marker)?;
            // Past the marker comes the index or checkout folder, then the crate's own folder.
            rest.split_once('/').map(|(_, krate)| krate)
        })
        .unwrap_or(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dependency_is_named_by_its_crate_folder() {
        let registry = "/home/u/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/axum-0.8.9/src/serve/mod.rs";
        assert_eq!(short_file(registry), "axum-0.8.9/src/serve/mod.rs");
        // The workspace's own files are already short.
        assert_eq!(
            short_file("lessons/support/src/task.rs"),
            "lessons/support/src/task.rs"
        );
    }

    #[test]
    fn a_request_without_a_matched_path_is_named_by_its_method_only() {
        let request = http::Request::post("/users/12345").body(()).unwrap();
        assert_eq!(Route::of(&request).to_string(), "POST (no matched route)");
    }
}
