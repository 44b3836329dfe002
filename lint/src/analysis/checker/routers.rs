//! Routers while a function builds them: routing calls read as data (`model::semantic::routes`),
//! routers kept in local variables until they are nested, merged or returned, and routes
//! declared by attributes on the handler itself.

use super::*;

impl Checker<'_> {
    /// Reads a router expression (`Router::new().route(..).nest(..)`) once, at its outermost
    /// routing call; `None` when it is not one.
    /// A `let` initialiser read as a router, to keep under the variable's name: surely a
    /// router, or a call of a function of the crate that may return one.
    pub(super) fn read_router_init(&mut self, e: &Expr) -> Option<routes::Router> {
        if self.at.in_test || self.at.enclosing_fn.is_none() {
            return None;
        }
        let mut used = Vec::new();
        let router = routes::router(&self.res, e, &self.routers.vars, &mut used)?;
        mark_router_calls(e, &mut self.routers.seen);
        for name in used {
            self.routers.vars.remove(&name);
        }
        Some(router)
    }

    /// [`Self::read_router`] for a routing method call met in the walk.
    pub(super) fn read_router_call(
        &mut self,
        m: &syn::ExprMethodCall,
    ) -> Option<Vec<routes::RoutePiece>> {
        if self.at.in_test || self.at.enclosing_fn.is_none() {
            return None;
        }
        let mut used = Vec::new();
        let router = routes::router_call(&self.res, m, &self.routers.vars, &mut used)?;
        self.routers.seen.insert(addr(m));
        mark_router_calls(&m.receiver, &mut self.routers.seen);
        for a in &m.args {
            mark_router_calls(a, &mut self.routers.seen);
        }
        self.take_router(router, used)
    }

    pub(super) fn take_router(
        &mut self,
        router: routes::Router,
        used: Vec<String>,
    ) -> Option<Vec<routes::RoutePiece>> {
        if !router.sure {
            return None;
        }
        for name in used {
            self.routers.vars.remove(&name);
        }
        Some(router.entries)
    }

    /// Keeps the routes the current function builds, with places for spans.
    pub(super) fn record_router(&mut self, entries: Vec<routes::RoutePiece>) {
        let Some(owner) = self.at.enclosing_fn.clone() else {
            return;
        };
        if entries.is_empty() {
            return;
        }
        let entries = entries
            .into_iter()
            .map(|e| match e {
                routes::RoutePiece::Route {
                    method,
                    path,
                    handler,
                    at,
                } => RouteEntry::Route {
                    method,
                    path,
                    handler: match handler {
                        routes::Handler::Fn(keys) => RouteHandler::Fn(keys),
                        routes::Handler::Inline(span) => RouteHandler::Inline(self.loc(span)),
                    },
                    at: self.loc(at),
                },
                routes::RoutePiece::Include { prefix, keys } => {
                    RouteEntry::Include { prefix, keys }
                }
            })
            .collect();
        self.out.routers.push(RouterFact { owner, entries });
    }

    /// Routes a handler declares on itself rather than in a router: actix-web's and rocket's
    /// `#[get("/path")]`, and the methods of a tonic service impl (gRPC calls). Recorded as a
    /// router of their own, which nobody nests.
    pub(super) fn record_declared_routes(
        &mut self,
        key: &str,
        attrs: &[syn::Attribute],
        sig: &syn::Signature,
    ) {
        let mut entries: Vec<RouteEntry> = routes::from_attributes(attrs)
            .into_iter()
            .map(|(method, path, at)| RouteEntry::Route {
                method,
                path,
                handler: RouteHandler::Fn(vec![key.to_string()]),
                at: self.loc(at),
            })
            .collect();
        if let Some(service) = &self.at.rpc_service {
            entries.push(RouteEntry::Route {
                method: "gRPC".into(),
                path: format!("{service}/{}", sig.ident),
                handler: RouteHandler::Fn(vec![key.to_string()]),
                at: self.loc(sig.ident.span()),
            });
        }
        if !entries.is_empty() {
            self.out.routers.push(RouterFact {
                owner: routes::declared_routes_of(key),
                entries,
            });
        }
        // Documented for OpenAPI: served where a `routes!(..)` names the handler (see
        // `routes::openapi_routes_of`).
        if let Some((method, path, at)) = routes::openapi_route(attrs) {
            self.out.routers.push(RouterFact {
                owner: routes::openapi_routes_of(key),
                entries: vec![RouteEntry::Route {
                    method,
                    path,
                    handler: RouteHandler::Fn(vec![key.to_string()]),
                    at: self.loc(at),
                }],
            });
        }
    }
}

impl Checker<'_> {
    /// A fn of the crate that a warp filter's `.map(h)` runs per request, on the worker: a
    /// sync handler. One of this file is checked as async code (see [`warp_map_fns`]); one of
    /// another file is checked where it is handed over, as a call the handler makes, so what
    /// it blocks on is reported here with the chain down to it and the route it serves. (A
    /// fn of this file is async code to the transitive pass, which therefore adds nothing.)
    pub(super) fn warp_map_fn(&mut self, p: &syn::ExprPath) {
        let keys = routes::local_keys(&self.res, &p.path);
        let Some(handler) = keys.first().cloned() else {
            return;
        };
        let loc = self.loc(syn::spanned::Spanned::span(p));
        self.out.async_calls.push(AsyncCall {
            call: LocalCall {
                keys,
                callee: loc.clone(),
                loc,
                gate: 0,
                off: 0,
            },
            context: AsyncKind::Closure,
            // The handler itself, under which the routes are kept (`RouteHandler::Fn` takes the
            // first key too).
            enclosing_fn: Some(handler),
            startup: false,
        });
    }
}

/// Marks every routing call of a router expression as read, so its inner calls are not read
/// again as routers of their own.
fn mark_router_calls(e: &Expr, seen: &mut HashSet<usize>) {
    match e {
        Expr::MethodCall(m) => {
            seen.insert(addr(m));
            mark_router_calls(&m.receiver, seen);
            for a in &m.args {
                mark_router_calls(a, seen);
            }
        }
        Expr::Paren(p) => mark_router_calls(&p.expr, seen),
        Expr::Group(g) => mark_router_calls(&g.expr, seen),
        Expr::Reference(r) => mark_router_calls(&r.expr, seen),
        _ => {}
    }
}

/// The names of the fns a warp filter's `.map(h)` runs anywhere in `file`: sync handlers,
/// checked as async code (see `routes::warp_map_handler`).
pub(super) fn warp_map_fns(
    res: &crate::model::semantic::Resolver<'_>,
    file: &syn::File,
) -> std::collections::HashSet<String> {
    struct Maps<'r, 'a> {
        res: &'r crate::model::semantic::Resolver<'a>,
        names: std::collections::HashSet<String>,
    }
    impl<'ast> syn::visit::Visit<'ast> for Maps<'_, '_> {
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            if let Some(syn::Expr::Path(p)) =
                routes::warp_map_handler(self.res, m, &Default::default())
                && let Some(last) = p.path.segments.last()
            {
                self.names.insert(last.ident.to_string());
            }
            syn::visit::visit_expr_method_call(self, m);
        }
    }
    let mut maps = Maps {
        res,
        names: Default::default(),
    };
    syn::visit::Visit::visit_file(&mut maps, file);
    maps.names
}
