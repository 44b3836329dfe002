//! The name of a request: its method and the route that matched it, and the number a slot
//! holds for it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;
use std::panic::Location;
use std::sync::Mutex;

use http::Method;

use crate::lock;

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
        Self {
            method: request.method().clone(),
            path: matched(request).cloned(),
        }
    }

    fn path(&self) -> Option<&str> {
        path_str(self.path.as_ref())
    }

    /// Whether `request` is a request for this route, without cloning anything of it.
    fn names<B>(&self, request: &http::Request<B>) -> bool {
        self.method == *request.method() && self.path() == path_str(matched(request))
    }
}

fn matched<B>(request: &http::Request<B>) -> Option<&Matched> {
    #[cfg(feature = "axum")]
    return request.extensions().get::<Matched>();
    #[cfg(not(feature = "axum"))]
    return {
        let _ = request;
        None
    };
}

fn path_str(path: Option<&Matched>) -> Option<&str> {
    #[cfg(feature = "axum")]
    return path.map(Matched::as_str);
    #[cfg(not(feature = "axum"))]
    return path.map(|never| match *never {});
}

// A route is its method and its path's text: axum may build a new `MatchedPath` per request
// (under `nest`), and it is the same route.
impl PartialEq for Route {
    fn eq(&self, other: &Self) -> bool {
        self.method == other.method && self.path() == other.path()
    }
}

impl Eq for Route {}

impl Hash for Route {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.method.hash(state);
        self.path().hash(state);
    }
}

/// A route the layer has seen, as a number: what a request's future and its thread's slot hold,
/// so that naming a poll is a plain store and no reference count is touched. (A route's `Arc`,
/// cloned and dropped on each request, is one cache line that every worker writes in turn.)
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct RouteId(NonZeroU32);

impl RouteId {
    /// For an atomic: 0 is none.
    pub(crate) fn to_raw(id: Option<RouteId>) -> u32 {
        id.map_or(0, |id| id.0.get())
    }

    pub(crate) fn from_raw(raw: u32) -> Option<RouteId> {
        NonZeroU32::new(raw).map(RouteId)
    }
}

/// Every route a watchdog's layer has seen, each under one number.
#[derive(Default)]
pub(crate) struct Routes {
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    routes: Vec<Route>,
    ids: HashMap<Route, RouteId>,
}

/// A thread's routes already numbered, for any watchdog: looked through on each request, so the
/// table's lock is taken once per route and thread.
struct Seen {
    watchdog: u64,
    route: Route,
    id: RouteId,
}

thread_local! {
    static SEEN: RefCell<Vec<Seen>> = const { RefCell::new(Vec::new()) };
}

impl Routes {
    /// Routes are as many as the application has, but a method is any token a client sends: past
    /// this many, a request is not named by its route.
    const MAX: usize = 4096;
    /// Past this many routes seen on a thread, it starts over (the table still has them).
    const MAX_SEEN: usize = 64;

    /// The number of `request`'s route for watchdog `watchdog`.
    pub(crate) fn id<B>(&self, watchdog: u64, request: &http::Request<B>) -> Option<RouteId> {
        let seen = SEEN.try_with(|seen| {
            let seen = seen.borrow();
            seen.iter()
                .find(|s| s.watchdog == watchdog && s.route.names(request))
                .map(|s| s.id)
        });
        if let Ok(Some(id)) = seen {
            return Some(id);
        }
        let route = Route::of(request);
        let id = self.number(&route)?;
        let _ = SEEN.try_with(|seen| {
            let mut seen = seen.borrow_mut();
            if seen.len() >= Self::MAX_SEEN {
                seen.clear();
            }
            seen.push(Seen {
                watchdog,
                route,
                id,
            });
        });
        Some(id)
    }

    fn number(&self, route: &Route) -> Option<RouteId> {
        let mut table = lock(&self.table);
        if let Some(&id) = table.ids.get(route) {
            return Some(id);
        }
        if table.routes.len() >= Self::MAX {
            return None;
        }
        table.routes.push(route.clone());
        let id = RouteId(NonZeroU32::new(u32::try_from(table.routes.len()).ok()?)?);
        table.ids.insert(route.clone(), id);
        Some(id)
    }

    /// The route numbered `id`, to name a stall.
    pub(crate) fn get(&self, id: RouteId) -> Option<Route> {
        let index = usize::try_from(id.0.get() - 1).ok()?;
        lock(&self.table).routes.get(index).cloned()
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            Some(path) => write!(f, "{} {path}", self.method),
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

    #[test]
    fn a_route_keeps_its_number_and_another_gets_another() {
        let routes = Routes::default();
        let get = http::Request::get("/a").body(()).unwrap();
        let post = http::Request::post("/a").body(()).unwrap();
        let first = routes.id(1, &get).unwrap();
        assert!(first == routes.id(1, &get).unwrap());
        // Another watchdog's table numbers its routes itself; this thread remembers both.
        assert!(first == Routes::default().id(2, &get).unwrap());
        let other = routes.id(1, &post).unwrap();
        assert!(first != other);
        assert_eq!(
            routes.get(other).unwrap().to_string(),
            "POST (no matched route)"
        );
    }
}
