//! axum's routing calls, read as data: which handler serves which method and path. Names are
//! resolved, not matched: `get(h)` counts only when `get` is `axum::routing::get`, and a router
//! starts at `axum::Router::new()`, at a router held in a variable, or at a routing call whose
//! method router is axum's. Knows no rule and no file: the checker turns spans into places and
//! `contexts::handlers` puts routers built in different functions together.

use crate::model::path::DefPath;
use std::collections::HashMap;

use proc_macro2::Span;
use syn::Expr;

use super::{Resolved, Resolver};
use crate::knowledge::routing::{
    ACTIX_RESOURCE_KEEPS, ACTIX_RESOURCES, ACTIX_SCOPE_KEEPS, ACTIX_SCOPES, ACTIX_WEB,
    ATTRIBUTE_METHODS, DOCUMENTED_SUFFIX, METHOD_FILTERS, METHODS, OPENAPI_PATH_ATTRIBUTE,
    OPENAPI_ROUTES_MACRO, ROCKET_ROUTES_MACRO, ROUTER_PASSTHROUGH, ROUTER_TYPES,
    ROUTING_FN_MODULES, ROUTING_METHODS, WARP,
};

/// What serves a route.
#[derive(Clone, Debug)]
pub enum Handler {
    /// A function by path: candidate keys, best first (`handlers::list`).
    Fn(Vec<String>),
    /// A closure written in the routing call: its span.
    Inline(Span),
}

/// One piece of a router.
#[derive(Clone, Debug)]
pub enum RoutePiece {
    /// `METHOD path` served by `handler`; `at` is the routing call.
    Route {
        method: String,
        path: String,
        handler: Handler,
        at: Span,
    },
    /// Every route of the router a local function returns, under `prefix` (`nest`, `merge`).
    Include { prefix: String, keys: Vec<String> },
}

/// A router expression's entries, and whether it is surely a router (built from
/// `Router::new()` or through a routing call) rather than any call of a local function.
#[derive(Clone, Debug)]
pub struct Router {
    pub entries: Vec<RoutePiece>,
    pub sure: bool,
    /// warp: the path and method the expression's filter matches, when it is one (`let api =
    /// warp::path("api")`): routes put after it later (`api.and(..)`) are served under it.
    pub filter: Option<WarpFilter>,
}

/// Methods of `Router` that return the same router and add no route.
fn passes_router_through(name: &str) -> bool {
    ROUTER_PASSTHROUGH.contains(&name)
}

fn is_router_type(path: &str) -> bool {
    ROUTER_TYPES.contains(&path)
}

/// Is this resolved path axum's routing function `name` (`axum::routing::get`)?
fn routing_fn(path: &str) -> Option<&str> {
    let name = ROUTING_FN_MODULES
        .iter()
        .find_map(|m| path.strip_prefix(m))?;
    let method = name.strip_suffix(DOCUMENTED_SUFFIX).unwrap_or(name);
    (METHODS.contains(&method) || name == "on" || name.ends_with("_service")).then_some(name)
}

/// `"/users"` -> `/users`, for string literals only.
fn literal(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        Expr::Paren(p) => literal(&p.expr),
        Expr::Group(g) => literal(&g.expr),
        _ => None,
    }
}

/// A path or `nest` prefix as routes show it: the literal, or for a constant its name in
/// braces (`{API_PREFIX}/users`), since the value is not followed.
fn prefix_words(e: &Expr) -> String {
    if let Some(s) = literal(e) {
        return s;
    }
    // A part of the path known only at run time, named after what gives it:
    // `{api_prefix}` for `config.api_prefix`, `&prefix` or `settings.prefix()`.
    match runtime_name(e) {
        Some(name) => format!("{{{name}}}"),
        None => "{prefix}".into(),
    }
}

/// The name an expression that gives a path part goes by: a variable's, a field's, a method's.
fn runtime_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(name) => Some(name.to_string()),
            syn::Member::Unnamed(_) => runtime_name(&f.base),
        },
        Expr::MethodCall(m) if m.args.is_empty() => match m.method.to_string().as_str() {
            // `prefix.as_str()`, `name.clone()`: the receiver is what names it.
            "as_str" | "as_ref" | "clone" | "to_string" | "to_owned" | "as_deref" | "unwrap" => {
                runtime_name(&m.receiver)
            }
            name => Some(name.to_string()),
        },
        Expr::Reference(r) => runtime_name(&r.expr),
        Expr::Paren(p) => runtime_name(&p.expr),
        Expr::Group(g) => runtime_name(&g.expr),
        _ => None,
    }
}

/// A nested route's path: `nest("/api", ..)` with `/users` is `/api/users`; with `/`, `/api`.
pub fn join(prefix: &str, path: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        return path.to_string();
    }
    if path == "/" || path.is_empty() {
        return prefix.to_string();
    }
    format!("{prefix}{path}")
}

fn resolve_call(res: &Resolver<'_>, func: &Expr) -> Vec<String> {
    match func {
        Expr::Path(p) if p.qself.is_none() => match res.resolve_path(&p.path) {
            Resolved::Paths(paths) => paths,
            Resolved::Local => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The handler an argument of a method router names: a function path (through
/// `.with_state(..)`, `.layer(..)`, `.into_service()`), or an inline closure.
fn handler(res: &Resolver<'_>, e: &Expr) -> Option<Handler> {
    match e {
        Expr::Path(p) if p.qself.is_none() => {
            let local = local_keys(res, &p.path);
            (!local.is_empty()).then_some(Handler::Fn(local))
        }
        Expr::Closure(c) => Some(Handler::Inline(span_of_closure(c))),
        Expr::MethodCall(m)
            if matches!(
                m.method.to_string().as_str(),
                "with_state" | "layer" | "into_service" | "into_make_service"
            ) =>
        {
            handler(res, &m.receiver)
        }
        Expr::Paren(p) => handler(res, &p.expr),
        Expr::Group(g) => handler(res, &g.expr),
        Expr::Reference(r) => handler(res, &r.expr),
        _ => None,
    }
}

fn span_of_closure(c: &syn::ExprClosure) -> Span {
    let start = c
        .or1_token
        .span
        .join(c.or2_token.span)
        .unwrap_or(c.or1_token.span);
    let end = match &*c.body {
        Expr::Async(a) => a.block.brace_token.span.close(),
        Expr::Block(b) => b.block.brace_token.span.close(),
        _ => c.or2_token.span,
    };
    start.join(end).unwrap_or(start)
}

/// `MethodFilter::GET`, `MethodFilter::GET.or(MethodFilter::POST)`: the methods named.
fn filter_methods(res: &Resolver<'_>, e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Path(p) => {
            let Some(path) = res.resolve_one(&p.path) else {
                return;
            };
            if let Some(method) = METHOD_FILTERS.iter().find_map(|f| path.strip_prefix(f)) {
                out.push(method.to_string());
            }
        }
        Expr::MethodCall(m) if m.method == "or" => {
            filter_methods(res, &m.receiver, out);
            for a in &m.args {
                filter_methods(res, a, out);
            }
        }
        Expr::Paren(p) => filter_methods(res, &p.expr, out),
        _ => {}
    }
}

/// The `(method, handler)` pairs of a method router (`get(a).post(b)`, `on(filter, h)`,
/// `any(h)`), or `None` when the expression is not one of axum's.
pub fn method_router(res: &Resolver<'_>, e: &Expr) -> Option<Vec<(String, Option<Handler>)>> {
    match e {
        Expr::Call(c) => {
            let paths = resolve_call(res, &c.func);
            let name = paths.iter().find_map(|p| routing_fn(p))?;
            Some(method_pairs(res, name, c.args.iter().collect()))
        }
        // actix-web: `web::get().to(h)`, `web::route().to(h)` (every method),
        // `web::method(Method::PUT).to(h)` (the method not read: ANY).
        Expr::MethodCall(m) if m.method == "to" && m.args.len() == 1 => {
            let method = actix_method(res, &m.receiver)?;
            Some(vec![(method, handler(res, &m.args[0]))])
        }
        Expr::MethodCall(m) => {
            let name = m.method.to_string();
            let mut pairs = method_router(res, &m.receiver)?;
            let method = name.strip_suffix(DOCUMENTED_SUFFIX).unwrap_or(&name);
            if METHODS.contains(&method) || name == "on" || name.ends_with("_service") {
                pairs.extend(method_pairs(res, &name, m.args.iter().collect()));
            }
            Some(pairs)
        }
        Expr::Paren(p) => method_router(res, &p.expr),
        Expr::Group(g) => method_router(res, &g.expr),
        _ => None,
    }
}

/// The method an actix-web route builder stands for: `web::get()` is GET, `web::route()` and
/// `web::method(..)` every method (ANY); through `.guard(..)` and the like. `None` when the
/// expression is not one.
fn actix_method(res: &Resolver<'_>, e: &Expr) -> Option<String> {
    match e {
        Expr::Call(c) => {
            let paths = resolve_call(res, &c.func);
            let name = paths.iter().find_map(|p| p.strip_prefix(ACTIX_WEB))?;
            match name {
                "route" | "method" => Some("ANY".into()),
                m if METHODS.contains(&m) => Some(m.to_ascii_uppercase()),
                _ => None,
            }
        }
        Expr::MethodCall(m) if m.method == "guard" || m.method == "method" => {
            actix_method(res, &m.receiver)
        }
        Expr::Paren(p) => actix_method(res, &p.expr),
        _ => None,
    }
}

/// The prefix of the actix-web scope a builder call is made on: `web::scope("/api")`, through
/// the calls that keep it a scope (`.service(..)`, `.route(..)`, `.wrap(..)`, ...).
fn actix_scope(res: &Resolver<'_>, e: &Expr) -> Option<String> {
    actix_builder_path(res, e, ACTIX_SCOPES, ACTIX_SCOPE_KEEPS)
}

/// warp: a filter chain ending in `.and_then(handler)`; its path and method come from the
/// chain's `warp::path!(..)`/`warp::path(..)` and `warp::get()`-like filters.
fn warp_route(
    res: &Resolver<'_>,
    m: &syn::ExprMethodCall,
    vars: &HashMap<String, Router>,
) -> Option<Router> {
    let filter = warp_filter(res, &m.receiver, vars)?;
    // `warp::any().map(move || db.clone())`: no path and no method, a filter that hands every
    // route something, not a route of its own (its closure still runs per request).
    if filter.path.is_empty() && filter.method.is_none() {
        return None;
    }
    let handler = handler(res, m.args.first()?)?;
    Some(Router {
        entries: vec![RoutePiece::Route {
            method: filter.method.unwrap_or_else(|| "ANY".into()),
            path: if filter.path.is_empty() {
                "/".into()
            } else {
                filter.path
            },
            handler,
            at: m.method.span(),
        }],
        sure: true,
        filter: None,
    })
}

/// The handler a warp filter chain's `.map(h)` runs: `h` is a sync fn or closure, called for
/// each request on the worker that polls the filter, so its blocking calls block that worker as
/// an async handler's do. `None` for any other `map` (an `Option`'s, an iterator's). `vars`
/// holds the filters kept in local variables.
pub fn warp_map_handler<'e>(
    res: &Resolver<'_>,
    m: &'e syn::ExprMethodCall,
    vars: &HashMap<String, Router>,
) -> Option<&'e Expr> {
    (m.method == "map" && m.args.len() == 1 && warp_filter(res, &m.receiver, vars).is_some())
        .then(|| &m.args[0])
}

/// What a warp filter chain matches, as far as its calls say.
#[derive(Clone, Debug, Default)]
pub struct WarpFilter {
    path: String,
    method: Option<String>,
}

/// A warp filter that serves nothing yet: kept for the routes put after it.
fn filter_only(filter: WarpFilter) -> Router {
    Router {
        entries: Vec::new(),
        sure: false,
        filter: Some(filter),
    }
}

/// Reads a warp filter chain (`warp::path!("users" / u32).and(warp::get())`): `None` unless some
/// call in it is warp's (or a filter kept in `vars`), so an `Option::and_then` costs one walk
/// down its receivers.
fn warp_filter(res: &Resolver<'_>, e: &Expr, vars: &HashMap<String, Router>) -> Option<WarpFilter> {
    let mut filter = WarpFilter::default();
    let mut warp = false;
    read_warp(res, e, vars, &mut filter, &mut warp);
    warp.then_some(filter)
}

fn read_warp(
    res: &Resolver<'_>,
    e: &Expr,
    vars: &HashMap<String, Router>,
    filter: &mut WarpFilter,
    warp: &mut bool,
) {
    match e {
        Expr::MethodCall(m) => {
            read_warp(res, &m.receiver, vars, filter, warp);
            if matches!(
                m.method.to_string().as_str(),
                "and" | "untuple_one" | "boxed"
            ) {
                for a in &m.args {
                    read_warp(res, a, vars, filter, warp);
                }
            }
        }
        // `let api = warp::path("api");` read before: `api.and(..)` goes on from its path.
        Expr::Path(p) if p.qself.is_none() => {
            let kept = p.path.get_ident().and_then(|i| vars.get(&i.to_string()));
            if let Some(kept) = kept.and_then(|r| r.filter.as_ref()) {
                *warp = true;
                filter.path.push_str(&kept.path);
                if kept.method.is_some() {
                    filter.method.clone_from(&kept.method);
                }
            }
        }
        Expr::Call(c) => {
            // `warp::path(..)`, `warp::get()`: spelled from the crate, as warp's docs write them;
            // nothing is resolved for the other calls a chain holds.
            let syn::Expr::Path(f) = &*c.func else {
                return;
            };
            if f.path.segments.first().is_none_or(|s| s.ident != "warp") {
                return;
            }
            let paths = resolve_call(res, &c.func);
            let Some(name) = paths.iter().find_map(|p| p.strip_prefix(WARP)) else {
                return;
            };
            *warp = true;
            let name = DefPath::new(name).name();
            match name {
                "path" => {
                    if let Some(seg) = c.args.first().and_then(literal) {
                        filter.path = format!("{}/{seg}", filter.path);
                    }
                }
                m if METHODS.contains(&m) && m != "any" => {
                    filter.method = Some(m.to_ascii_uppercase());
                }
                _ => {}
            }
        }
        Expr::Macro(mac)
            if mac
                .mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "path") =>
        {
            *warp = true;
            // `path!("users" / u32 / "posts")`: literals as written, anything else a parameter.
            for part in mac.mac.tokens.to_string().split('/') {
                let part = part.trim();
                let seg = match part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
                    Some(lit) => lit.to_string(),
                    None if part == ".." || part.is_empty() => continue,
                    // A parameter, named by its type as the handler receives it: `{u32}`.
                    None => format!("{{{part}}}"),
                };
                filter.path = format!("{}/{seg}", filter.path);
            }
        }
        Expr::Paren(p) => read_warp(res, &p.expr, vars, filter, warp),
        _ => {}
    }
}

/// The path of an actix-web resource: `web::resource("/users/{id}")`, through the builder
/// calls that keep it a resource (`.name(..)`, `.guard(..)`, `.wrap(..)`, `.app_data(..)`,
/// other `.route(..)`s).
fn actix_resource(res: &Resolver<'_>, e: &Expr) -> Option<String> {
    actix_builder_path(res, e, ACTIX_RESOURCES, ACTIX_RESOURCE_KEEPS)
}

/// The path an actix-web builder was made with (`web::scope(p)`, `web::resource(p)`: one of
/// `constructors`), through the builder calls named in `keep`, which return the same builder.
fn actix_builder_path(
    res: &Resolver<'_>,
    e: &Expr,
    constructors: &[&str],
    keep: &[&str],
) -> Option<String> {
    match e {
        Expr::Call(c) => {
            let paths = resolve_call(res, &c.func);
            paths
                .iter()
                .any(|p| constructors.contains(&p.as_str()))
                .then(|| c.args.first().map(prefix_words))
                .flatten()
        }
        Expr::MethodCall(m) if keep.iter().any(|k| m.method == k) => {
            actix_builder_path(res, &m.receiver, constructors, keep)
        }
        Expr::Paren(p) => actix_builder_path(res, &p.expr, constructors, keep),
        _ => None,
    }
}

fn method_pairs(
    res: &Resolver<'_>,
    name: &str,
    args: Vec<&Expr>,
) -> Vec<(String, Option<Handler>)> {
    let name = name.strip_suffix("_service").unwrap_or(name);
    // aide's `get_with(h, docs)`: the handler, then a function that documents it.
    let (name, args) = match name.strip_suffix(DOCUMENTED_SUFFIX) {
        Some(method) if !args.is_empty() => (method, args[..1].to_vec()),
        _ => (name, args),
    };
    match (name, args.as_slice()) {
        ("on", [filter, h]) => {
            let mut methods = Vec::new();
            filter_methods(res, filter, &mut methods);
            let h = handler(res, h);
            methods.into_iter().map(|m| (m, h.clone())).collect()
        }
        (m, [h]) if METHODS.contains(&m) => vec![(m.to_ascii_uppercase(), handler(res, h))],
        _ => Vec::new(),
    }
}

/// A router expression's entries. `vars` holds routers kept in local variables; the names this
/// expression uses are added to `used`.
pub fn router(
    res: &Resolver<'_>,
    e: &Expr,
    vars: &HashMap<String, Router>,
    used: &mut Vec<String>,
) -> Option<Router> {
    match e {
        Expr::Paren(p) => router(res, &p.expr, vars, used),
        Expr::Group(g) => router(res, &g.expr, vars, used),
        Expr::Reference(r) => router(res, &r.expr, vars, used),
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            let name = p.path.segments[0].ident.to_string();
            let r = vars.get(&name)?.clone();
            // A router goes where it is used; a warp filter that serves nothing yet may be
            // cloned and put before other routes again.
            if !r.entries.is_empty() || r.filter.is_none() {
                used.push(name);
            }
            Some(r)
        }
        Expr::Call(c) => {
            if let Some(filter) = warp_filter(res, e, vars) {
                return Some(filter_only(filter));
            }
            let paths = resolve_call(res, &c.func);
            let first = paths.first()?;
            if let Some(ty) = first
                .strip_suffix("::new")
                .or_else(|| first.strip_suffix("::default"))
                && is_router_type(ty)
            {
                return Some(Router {
                    entries: Vec::new(),
                    sure: true,
                    filter: None,
                });
            }
            let keys: Vec<String> = paths
                .into_iter()
                .filter(|p| DefPath::new(p).is_local())
                .collect();
            (!keys.is_empty()).then(|| Router {
                entries: vec![RoutePiece::Include {
                    prefix: String::new(),
                    keys,
                }],
                sure: false,
                filter: None,
            })
        }
        Expr::MethodCall(m) => router_call(res, m, vars, used),
        Expr::Macro(_) => warp_filter(res, e, vars).map(filter_only),
        _ => None,
    }
}

/// The router a routing call adds to: its receiver's, or a new one; a router for sure either
/// way, since the call itself is a routing call.
fn surely_a_router(base: Option<Router>) -> Router {
    let mut router = base.unwrap_or(Router {
        entries: Vec::new(),
        sure: true,
        filter: None,
    });
    router.sure = true;
    router
}

/// [`router`] for a method call: routing calls add routes, a few pass the router through.
pub fn router_call(
    res: &Resolver<'_>,
    m: &syn::ExprMethodCall,
    vars: &HashMap<String, Router>,
    used: &mut Vec<String>,
) -> Option<Router> {
    let name = m.method.to_string();
    if matches!(name.as_str(), "and_then" | "then" | "map") {
        // Common on options, results, futures and iterators: a warp chain is recognised
        // before anything else is read.
        return warp_route(res, m, vars);
    }
    let base = router(res, &m.receiver, vars, used);
    match (name.as_str(), m.args.len()) {
        // poem: `Route::new().at("/users/:id", get(show).post(update))`.
        ("route" | "route_service" | "at" | "api_route", 2) | ("api_route_with", 3) => {
            let pairs = method_router(res, &m.args[1]).or_else(|| {
                // `route_service(path, h.into_service())`: every method.
                (name == "route_service")
                    .then(|| handler(res, &m.args[1]))
                    .flatten()
                    .map(|h| vec![("ANY".to_string(), Some(h))])
            });
            // Without axum's method router the receiver must be known to be a router.
            if pairs.is_none() && !base.as_ref().is_some_and(|b| b.sure) {
                return None;
            }
            let mut out = surely_a_router(base);
            // Inside `web::scope("/api")`, `.route("/x", ..)` serves `/api/x`.
            let scope = actix_scope(res, &m.receiver).unwrap_or_default();
            let path = join(&scope, &prefix_words(&m.args[0]));
            for (method, h) in pairs.into_iter().flatten() {
                if let Some(handler) = h {
                    out.entries.push(RoutePiece::Route {
                        method,
                        path: path.clone(),
                        handler,
                        at: m.method.span(),
                    });
                }
            }
            Some(out)
        }
        // actix-web: `web::resource("/p").route(web::get().to(h))`, and `.to(h)` on a resource
        // (every method).
        ("route" | "to", 1) => {
            let path = actix_resource(res, &m.receiver)?;
            let pairs = match name.as_str() {
                "route" => method_router(res, &m.args[0])?,
                _ => vec![("ANY".to_string(), handler(res, &m.args[0]))],
            };
            // Earlier `.route(..)`s of the same resource are the receiver's.
            let mut out = surely_a_router(base);
            out.entries
                .extend(pairs.into_iter().filter_map(|(method, h)| {
                    Some(RoutePiece::Route {
                        method,
                        path: path.clone(),
                        handler: h?,
                        at: m.method.span(),
                    })
                }));
            Some(out)
        }
        // actix-web's `App::new().service(web::resource(..)..)`: the resource's routes join the
        // app's (a `web::scope` prefix is not read).
        ("service", 1) => {
            let inner = router(res, &m.args[0], vars, used);
            if !(inner.as_ref().is_some_and(|i| i.sure) || base.as_ref().is_some_and(|b| b.sure)) {
                return base;
            }
            let mut out = surely_a_router(base);
            // Inside `web::scope("/api")`, a service's routes are under the scope's path.
            let scope = actix_scope(res, &m.receiver).unwrap_or_default();
            out.entries.extend(
                inner
                    .into_iter()
                    .flat_map(|i| i.entries)
                    .map(|e| prefixed(e, &scope)),
            );
            Some(out)
        }
        ("nest" | "nest_service", 2) | ("merge", 1) => {
            let (prefix, inner) = if name == "merge" {
                (String::new(), &m.args[0])
            } else {
                (prefix_words(&m.args[0]), &m.args[1])
            };
            // A service (`ServeDir`) or a router from another crate adds no route we can name,
            // and takes none from the router around it.
            let inner = router(res, inner, vars, used);
            if !(inner.as_ref().is_some_and(|i| i.sure) || base.as_ref().is_some_and(|b| b.sure)) {
                return None;
            }
            let mut out = surely_a_router(base);
            if let Some(inner) = inner {
                out.entries
                    .extend(inner.entries.into_iter().map(|e| prefixed(e, &prefix)));
            }
            Some(out)
        }
        // rocket: `rocket::build().mount("/admin", routes![diagnostics])`. Each handler's routes
        // are its attribute's, served under the mount's prefix and only there.
        ("mount", 2) => {
            let keys = handler_list(res, &m.args[1], ROCKET_ROUTES_MACRO)?;
            let prefix = prefix_words(&m.args[0]);
            let mut out = surely_a_router(base);
            out.entries
                .extend(keys.into_iter().map(|key| RoutePiece::Include {
                    prefix: prefix.clone(),
                    keys: vec![declared_routes_of(&key)],
                }));
            Some(out)
        }
        // actix-web: `App::new().configure(f)` and `web::scope("/api").configure(f)`, `f` a
        // function of the crate that registers routes on a `ServiceConfig`: its routes, under
        // the scope's path and only there.
        ("configure", 1) => {
            let Expr::Path(p) = &m.args[0] else {
                return base;
            };
            let keys = local_keys(res, &p.path);
            if keys.is_empty() {
                return base;
            }
            let prefix = actix_scope(res, &m.receiver).unwrap_or_default();
            let mut out = surely_a_router(base);
            out.entries.push(RoutePiece::Include { prefix, keys });
            Some(out)
        }
        // utoipa-axum: `OpenApiRouter::new().routes(routes!(list, create))`, each handler's
        // method and path from its `#[utoipa::path(..)]`.
        ("routes", 1) => {
            let keys = handler_list(res, &m.args[0], OPENAPI_ROUTES_MACRO)?;
            let mut out = surely_a_router(base);
            out.entries
                .extend(keys.into_iter().map(|key| RoutePiece::Include {
                    prefix: String::new(),
                    keys: vec![openapi_routes_of(&key)],
                }));
            Some(out)
        }
        // warp: `a.or(b)` serves the routes of both filters, built here or returned by
        // functions of the crate (`list(db).or(create(db))`). `Option::or` and `Result::or`
        // share the name: taken for warp's when both sides are routes (or calls of the crate's
        // functions, which add routes only if those functions build some), or when the side
        // that is not is a warp filter (`warp::fs::dir(..).or(api())`).
        ("or", 1) => {
            let other = router(res, &m.args[0], vars, used);
            let warp_side = |e: &Expr| warp_filter(res, e, vars).is_some();
            let mut out = match (base, other) {
                (Some(mut a), Some(b)) => {
                    a.entries.extend(b.entries);
                    a
                }
                (Some(a), None) if warp_side(&m.args[0]) => a,
                (None, Some(b)) if warp_side(&m.receiver) => b,
                _ => return None,
            };
            out.sure = true;
            Some(out)
        }
        // warp: `warp::path("api").and(routes)` serves `routes` under the filter's path, and
        // with its method where they name none (`warp::get().and(a.or(b))`).
        ("and", 1) => {
            let mut filter = warp_filter(res, &m.receiver, vars)?;
            let inner = router(res, &m.args[0], vars, used);
            let entries: Vec<RoutePiece> = inner
                .into_iter()
                .flat_map(|i| i.entries)
                .map(|e| under_warp_filter(e, &filter))
                .collect();
            // The whole chain is a filter too (`warp::path("api").and(warp::path("v1"))`).
            let mut warp = true;
            read_warp(res, &m.args[0], vars, &mut filter, &mut warp);
            Some(Router {
                sure: !entries.is_empty(),
                entries,
                filter: Some(filter),
            })
        }
        _ if passes_router_through(&name) => base,
        _ => None,
    }
}

/// A route of a warp filter combined after `filter` (`filter.and(routes)`): under its path,
/// and with its method when the route had none of its own. A filter returned by another
/// function keeps its methods: only the path reaches it (see `RoutePiece::Include`).
fn under_warp_filter(e: RoutePiece, filter: &WarpFilter) -> RoutePiece {
    let mut e = prefixed(e, &filter.path);
    if let (RoutePiece::Route { method, .. }, Some(outer)) = (&mut e, &filter.method)
        && method == "ANY"
    {
        method.clone_from(outer);
    }
    e
}

/// The key under which a handler's routes declared by attribute are kept (`#[get("/x")]`).
pub fn declared_routes_of(handler_key: &str) -> String {
    format!("{handler_key}#declared")
}

/// The key under which a handler's routes documented by `#[utoipa::path(..)]` are kept: served
/// only where a `routes!(..)` includes them, since the attribute alone routes nothing.
pub fn openapi_routes_of(handler_key: &str) -> String {
    format!("{handler_key}#openapi")
}

/// Whether a router's key is one of [`openapi_routes_of`]: never a router of its own.
pub fn is_openapi_routes(key: &str) -> bool {
    key.ends_with("#openapi")
}

/// `#[utoipa::path(get, path = "/users/{id}", ..)]`: the method and path it documents.
pub fn openapi_route(attrs: &[syn::Attribute]) -> Option<(String, String, Span)> {
    attrs.iter().find_map(|attr| {
        let segs: Vec<String> = attr
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if segs.last().map(String::as_str) != Some(OPENAPI_PATH_ATTRIBUTE) || segs.len() < 2 {
            return None;
        }
        let syn::Meta::List(list) = &attr.meta else {
            return None;
        };
        let args = list
            .parse_args_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
            .ok()?;
        let mut method = None;
        let mut path = None;
        for arg in &args {
            match arg {
                Expr::Path(p) => {
                    let m = p.path.get_ident()?.to_string();
                    if METHODS.contains(&m.as_str()) {
                        method = Some(m.to_uppercase());
                    }
                }
                Expr::Assign(a) if matches!(&*a.left, Expr::Path(p) if p.path.is_ident("path")) => {
                    path = literal(&a.right);
                }
                _ => {}
            }
        }
        Some((method?, path?, attr.pound_token.span))
    })
}

/// The crate's handlers a macro named `macro_name` lists (`routes![a, b::c]`), by key.
fn handler_list(res: &Resolver<'_>, e: &Expr, macro_name: &str) -> Option<Vec<String>> {
    let Expr::Macro(m) = e else { return None };
    if m.mac.path.segments.last()?.ident != macro_name {
        return None;
    }
    let paths = m
        .mac
        .parse_body_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .ok()?;
    let keys: Vec<String> = paths
        .iter()
        .filter_map(|p| local_keys(res, p).into_iter().next())
        .collect();
    (!keys.is_empty()).then_some(keys)
}

/// What a path may name among the crate's own items, best first (none for another crate's).
pub fn local_keys(res: &Resolver<'_>, path: &syn::Path) -> Vec<String> {
    match res.resolve_path(path) {
        Resolved::Paths(paths) => paths
            .into_iter()
            .filter(|p| DefPath::new(p).is_local())
            .collect(),
        Resolved::Local => Vec::new(),
    }
}

fn prefixed(e: RoutePiece, prefix: &str) -> RoutePiece {
    match e {
        RoutePiece::Route {
            method,
            path,
            handler,
            at,
        } => RoutePiece::Route {
            method,
            path: join(prefix, &path),
            handler,
            at,
        },
        RoutePiece::Include { prefix: p, keys } => RoutePiece::Include {
            prefix: join(prefix, &p),
            keys,
        },
    }
}

/// A cheap look before [`router`] resolves anything: does the expression's call chain add
/// routes, start at `Router::new()` (or `Router::default()`), or start at a router variable?
/// Most `let` initialisers are none of these.
pub fn may_be_router(e: &Expr, vars: &HashMap<String, Router>) -> bool {
    match e {
        Expr::MethodCall(m) => {
            is_routing_method(&m.method.to_string()) || may_be_router(&m.receiver, vars)
        }
        Expr::Paren(p) => may_be_router(&p.expr, vars),
        Expr::Group(g) => may_be_router(&g.expr, vars),
        Expr::Reference(r) => may_be_router(&r.expr, vars),
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => {
                let segs = &p.path.segments;
                // `warp::path("api")`: a filter, kept for the routes put after it.
                (segs.len() >= 2 && segs[segs.len() - 2].ident == "Router")
                    || segs.first().is_some_and(|s| s.ident == "warp")
            }
            _ => false,
        },
        Expr::Macro(m) => m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "path"),
        Expr::Path(p) => p
            .path
            .get_ident()
            .is_some_and(|i| vars.contains_key(&i.to_string())),
        _ => false,
    }
}

/// `api::router()`, maybe through `.layer(..)` and the like: the call of a function that may
/// return a router, worth keeping in a variable in case a router nests or merges it later.
pub fn call_chain_base(e: &Expr) -> Option<&Expr> {
    match e {
        Expr::MethodCall(m) if passes_router_through(&m.method.to_string()) => {
            call_chain_base(&m.receiver)
        }
        Expr::Paren(p) => call_chain_base(&p.expr),
        Expr::Call(c) if matches!(&*c.func, Expr::Path(_)) => Some(e),
        _ => None,
    }
}

/// A type a router may have: axum's `Router`, or what a function of the crate in another
/// file returns (known only once every file is read).
pub fn may_be_router_type(ty: &super::Ty) -> bool {
    match ty {
        super::Ty::Path { path, .. } => is_router_type(path),
        super::Ty::Deferred { root, .. } => DefPath::new(root).is_local(),
        super::Ty::Tuple(_) => false,
    }
}

/// Is this method call one that adds routes (where a router expression is worth reading)?
pub fn is_routing_method(name: &str) -> bool {
    ROUTING_METHODS.contains(&name)
}

/// Routes declared by an attribute on the handler itself, as actix-web and rocket write them:
/// `#[get("/users/{id}")]`, `#[post(..)]` (any HTTP method by its lowercase name), and
/// `#[route("/path", method = "GET", method = "POST")]`. Each route comes with the attribute's
/// span, where the note says it is routed. An attribute whose first argument is not a path
/// literal (`"/..."`) is some other macro of the same name.
pub fn from_attributes(attrs: &[syn::Attribute]) -> Vec<(String, String, Span)> {
    let mut out = Vec::new();
    for attr in attrs {
        // Most attributes are doc comments and derives: compared in place, nothing spelled out.
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let Some(ident) = attr.path().segments.last().map(|s| &s.ident) else {
            continue;
        };
        let Some(name) = ATTRIBUTE_METHODS
            .iter()
            .chain(&["route"])
            .find(|m| ident == *m)
            .map(|m| m.to_string())
        else {
            continue;
        };
        let Ok(args) = list
            .parse_args_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let mut args = args.into_iter();
        let Some(Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(path),
            ..
        })) = args.next()
        else {
            continue;
        };
        let path = path.value();
        if !path.starts_with('/') {
            continue;
        }
        if name == "route" {
            // `method = "GET"`, as many times as the route serves methods.
            for arg in args {
                if let Expr::Assign(a) = arg
                    && matches!(&*a.left, Expr::Path(p) if p.path.is_ident("method"))
                    && let Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(m),
                        ..
                    }) = &*a.right
                {
                    out.push((
                        m.value().to_uppercase(),
                        path.clone(),
                        attr.pound_token.span,
                    ));
                }
            }
        } else {
            out.push((name.to_uppercase(), path, attr.pound_token.span));
        }
    }
    out
}
