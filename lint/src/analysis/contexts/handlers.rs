//! Which async code is an axum request handler, and for which routes. Each file's summary says
//! which routers its functions build (`semantic::routes` reads the routing calls); here they are
//! put together across the crate: a router nested or merged into another one contributes its
//! routes under the outer prefix, and only routers nobody nests are taken at face value.

use std::collections::{HashMap, HashSet};

use crate::analysis::summary::{FileSummary, RouteEntry, RouteHandler, RouterFact};
use crate::model::path::TailIndex;
use crate::model::semantic::routes::{is_openapi_routes, join};
use crate::model::source::Loc;
use crate::rules::finding::{Route, Served};

/// What `--explain handlers` prints: which code is taken for a request handler.
pub const EXPLANATION: &str = "# request handlers

A blocking call in a request handler stalls every request that shares its worker, so findings in
handlers are errors by default (`[levels] handlers = ..` in blocking-lint.toml, or `-A`/`-W`/`-D`
on a rule, decide otherwise), and each names the route. Handlers are found in:

- axum: the routers built with `Router::new().route(path, get(a).post(b))`, `on(..)`, `any(..)`,
  `route_service`, and routers nested or merged from other functions of the crate or kept in
  local variables; a handler named by path or written as a closure; utoipa-axum's
  `OpenApiRouter` with `.routes(routes!(a, b))` (each handler's method and path from its
  `#[utoipa::path(..)]`, which alone routes nothing) and aide's `ApiRouter` with
  `.api_route(path, get_with(h, ..))`;
- actix-web and rocket: the route attributes on the handler itself, `#[get(\"/users/{id}\")]`
  (any HTTP method by its lowercase name) and `#[route(\"/p\", method = \"PUT\", ..)]`; and
  actix-web's builders: `.route(\"/p\", web::get().to(h))`, `web::resource(\"/p\")
  .route(web::post().to(h))` or `.to(h)`, inside `App::new().service(..)` and under the path of
  a `web::scope(\"/api\")`, and in `ServiceConfig` functions handed to `.configure(f)` (under
  the scope's path when a scope's);
- rocket: handlers mounted with `.mount(\"/admin\", routes![a, b])` are served under the mount's
  prefix (`/admin/diagnostics`), and only there; a plain `fn` handler is checked as an `async fn`
  one is, since rocket runs it on the worker that polls the request;
- poem: `Route::new().at(\"/p\", get(h).post(h2))`, nested routes too;
- warp: a filter chain ending in `.and_then(h)`, its path from `warp::path!(..)` or
  `warp::path(..)` (a parameter named by its type, `{u32}`) and its method from `warp::get()`
  and the like (ANY without one); filters joined with `.or` and put after a prefix with
  `warp::path(\"api\").and(..)`, in one function or across the crate's functions, served under
  that prefix (and that method where theirs names none); one ending in `.map(h)` too, whose sync
  `h` runs per request on the worker: a closure or a fn of the same file is checked as async
  code is, a fn of another file where `.map` hands it over, with the chain down to its blocking
  call;
- tonic: the methods of an impl of a service trait (generated in a `NAME_server` module), named
  `gRPC Service/method`.

A part of a path known only at run time (a prefix read from the configuration, say) is named
after what gives it: `{api_prefix}/items` for `.nest(&config.api_prefix, items())`, `{prefix}`
when nothing names it; a route parameter reads the same (`{id}`), as the framework writes it.

An async fn a handler awaits, at any depth, is under that handler, and so is an awaited method
of a crate type whose impl lives in another file (a service held in the router's state). An
async block a handler hands to `tokio::spawn` (`Handle::spawn`, `JoinSet::spawn`) and does not
await there runs on a worker beside the handler: its findings say `in a task spawned by the
handler for GET /x` and keep their rule's own level; awaited where it is spawned, it is the
handler's own work.

Not read yet: a warp filter handed to another function as an argument, to put routes after it
there (`services::filter(warp::path(\"v0\").boxed())`): those routes are named by their own
paths, without its prefix; and a handler that a call returns (`.and_then(handlers::make())`).
";

/// Every handler the run's routers name.
#[derive(Debug, Default)]
pub struct Handlers {
    /// Handler fn key -> the routes it serves.
    by_key: HashMap<String, Vec<Route>>,
    /// Handler keys that name no function of the run, by their last segments: a handler named
    /// through a re-export (`crate::list` for `crate::handlers::list`).
    by_tail: TailIndex<String>,
    /// The functions with findings, by their last segments.
    finding_tails: TailIndex<String>,
    /// Async fn key -> the handler that awaits it, directly or through other async fns.
    under: HashMap<String, String>,
    /// Closures written in routing calls: file -> (the closure's place, its routes).
    inline: HashMap<usize, Vec<(Loc, Vec<Route>)>>,
}

/// One function's router: its entries, and the file it is in.
struct Builder<'a> {
    file: usize,
    entries: Vec<&'a RouteEntry>,
}

impl Handlers {
    /// `known` holds the hash of every function key of the run: a name that is one is taken
    /// as it is, and only other names (re-exports) are matched by their last segments.
    pub fn collect(
        summaries: &[FileSummary],
        known: &HashSet<u64>,
        finding_fns: &[&str],
    ) -> Handlers {
        let is_known = |k: &str| known.contains(&crate::model::path::key_hash(k));
        let mut builders: HashMap<&str, Builder<'_>> = HashMap::new();
        for s in summaries {
            for RouterFact { owner, entries } in &s.routers {
                builders
                    .entry(owner.as_str())
                    .or_insert_with(|| Builder {
                        file: s.file,
                        entries: Vec::new(),
                    })
                    .entries
                    .extend(entries);
            }
        }
        let by_tail = TailIndex::new(builders.keys().copied());
        let find = |keys: &[String]| -> Option<&str> {
            if let Some(k) = keys.iter().find(|k| builders.contains_key(k.as_str())) {
                return builders.get_key_value(k.as_str()).map(|(k, _)| *k);
            }
            if keys.iter().any(|k| is_known(k)) {
                return None;
            }
            keys.iter().find_map(|k| by_tail.unique(k).copied())
        };
        // A router nested or merged into another one is served under that one's prefix only.
        let mut included: HashSet<&str> = HashSet::new();
        for (owner, b) in &builders {
            for e in &b.entries {
                if let RouteEntry::Include { keys, .. } = e
                    && let Some(k) = find(keys)
                    && k != *owner
                {
                    included.insert(k);
                }
            }
        }
        let mut out = Handlers::default();
        // A handler's OpenAPI documentation routes nothing by itself: only where included.
        let mut roots: Vec<&&str> = builders
            .keys()
            .filter(|k| !included.contains(**k) && !is_openapi_routes(k))
            .collect();
        roots.sort();
        for root in roots {
            let mut stack = Vec::new();
            out.walk(root, "", &builders, &find, &mut stack);
        }
        for routes in out.by_key.values_mut() {
            routes.sort();
            routes.dedup();
        }
        out.by_tail = TailIndex::new(out.by_key.keys().filter(|k| !is_known(k)).cloned());
        let distinct: HashSet<&str> = finding_fns.iter().copied().collect();
        out.finding_tails = TailIndex::new(distinct.into_iter().map(String::from));
        out.follow_awaits(summaries, &is_known, finding_fns);
        out
    }

    /// Async functions a handler awaits (at any depth) run inside its future: they are under
    /// that handler. The first handler in key order wins when several await one function.
    fn follow_awaits(
        &mut self,
        summaries: &[FileSummary],
        is_known: &dyn Fn(&str) -> bool,
        finding_fns: &[&str],
    ) {
        let mut edges: HashMap<&str, Vec<&[String]>> = HashMap::new();
        for s in summaries {
            for a in &s.awaited {
                edges.entry(a.caller.as_str()).or_default().push(&a.keys);
            }
        }
        if edges.is_empty() {
            return;
        }
        // Callees are named by key; one named through a re-export is matched by its last
        // segments against the functions that matter here (callers and finding sites).
        let mut seen = HashSet::new();
        let by_tail = TailIndex::new(
            edges
                .keys()
                .copied()
                .chain(finding_fns.iter().copied())
                .filter(|k| seen.insert(*k)),
        );
        let resolve = |keys: &[String]| -> Option<String> {
            let first = keys.first()?;
            if is_known(first) {
                return Some(first.clone());
            }
            by_tail.unique(first).map(|only| only.to_string())
        };
        let mut handlers: Vec<&String> = self.by_key.keys().collect();
        handlers.sort();
        let mut under: HashMap<String, String> = HashMap::new();
        for h in handlers {
            let mut queue = vec![h.clone()];
            let mut seen: HashSet<String> = HashSet::from([h.clone()]);
            while let Some(k) = queue.pop() {
                for keys in edges.get(k.as_str()).into_iter().flatten() {
                    let Some(callee) = resolve(keys) else {
                        continue;
                    };
                    if self.by_key.contains_key(&callee) || !seen.insert(callee.clone()) {
                        continue;
                    }
                    under.entry(callee.clone()).or_insert_with(|| h.clone());
                    queue.push(callee);
                }
            }
        }
        self.under = under;
    }

    fn walk<'a>(
        &mut self,
        owner: &'a str,
        prefix: &str,
        builders: &HashMap<&'a str, Builder<'a>>,
        find: &dyn Fn(&[String]) -> Option<&'a str>,
        stack: &mut Vec<&'a str>,
    ) {
        if stack.contains(&owner) {
            return;
        }
        let Some(b) = builders.get(owner) else {
            return;
        };
        stack.push(owner);
        for e in &b.entries {
            match e {
                RouteEntry::Route {
                    method,
                    path,
                    handler,
                    at,
                } => {
                    let route = Route {
                        method: method.clone(),
                        path: join(prefix, path),
                        file: b.file,
                        at: at.clone(),
                    };
                    match handler {
                        RouteHandler::Fn(keys) => {
                            // The first candidate is the resolved one; globs add guesses.
                            if let Some(k) = keys.first() {
                                self.by_key.entry(k.clone()).or_default().push(route);
                            }
                        }
                        RouteHandler::Inline(loc) => {
                            let places = self.inline.entry(b.file).or_default();
                            match places.iter_mut().find(|(l, _)| l == loc) {
                                Some((_, routes)) => routes.push(route),
                                None => places.push((loc.clone(), vec![route])),
                            }
                        }
                    }
                }
                RouteEntry::Include { prefix: p, keys } => {
                    if let Some(k) = find(keys) {
                        self.walk(k, &join(prefix, p), builders, find, stack);
                    }
                }
            }
        }
        stack.pop();
    }

    /// The routes served by the code at `loc` in `file`, inside the function `key`.
    pub fn serving(&self, key: Option<&str>, file: usize, loc: &Loc) -> Option<Served> {
        if let Some(places) = self.inline.get(&file)
            && let Some((_, routes)) = places
                .iter()
                .find(|(l, _)| l.start <= loc.start && loc.end <= l.end)
        {
            return Some(Served {
                handler: None,
                under: None,
                routes: routes.clone(),
            });
        }
        let key = key?;
        if let Some(h) = self.under.get(key) {
            return Some(Served {
                handler: Some(crate::model::path::display_key(h)),
                under: Some(crate::model::path::display_key(key)),
                routes: self.by_key.get(h)?.clone(),
            });
        }
        let found = match self.by_key.get_key_value(key) {
            Some(kv) => Some(kv),
            None => {
                // Named through a re-export (`crate::list` for `crate::handlers::list`), when
                // no other function with findings ends the same way.
                let only = self.by_tail.unique(key)?;
                if self.finding_tails.count(key) != 1 {
                    return None;
                }
                self.by_key.get_key_value(only)
            }
        };
        let (_, routes) = found?;
        Some(Served {
            handler: Some(crate::model::path::display_key(key)),
            under: None,
            routes: routes.clone(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty() && self.inline.is_empty()
    }
}
