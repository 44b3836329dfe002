//! Types of expressions, as far as constructors, annotations, fields and known signatures tell.

use syn::Expr;

use super::Checker;
use crate::model::path::DefPath;
use crate::model::semantic::{Binding, Ty, types};

impl Checker<'_> {
    /// What a call to a function or method of the crate returns: its declared type when this
    /// file declares it, a tuple struct's own type for its constructor, or a deferred type for
    /// `late` when the item lives in another file.
    fn local_return(&self, path: &str) -> Option<Ty> {
        if let Some(ty) = self.res.returns.get(path) {
            return Some(ty.clone());
        }
        if self.items.local_types.contains(path) {
            return Some(Ty::named(path));
        }
        if self.items.local_fns.contains(path) {
            // Declared here, returning nothing worth following.
            return None;
        }
        Some(Ty::Deferred {
            root: path.to_string(),
            steps: vec!["()".into()],
        })
    }

    /// The receiver's type of a method call as rust-analyzer found it (`--types`), for the
    /// receivers the syntax does not type: bindings of patterns, generic returns, closure
    /// parameters.
    pub(super) fn typed_receiver(&self, m: &syn::ExprMethodCall) -> Option<Ty> {
        let at = self.loc(m.method.span()).start;
        self.setting.typed?.receiver(at).cloned()
    }

    /// The type of an expression, as far as constructors, annotations and fields tell.
    pub(super) fn infer(&self, e: &Expr) -> Option<Ty> {
        match e {
            Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                match self.res.lookup(&p.path.segments[0].ident.to_string())? {
                    Binding::Local(ty) => ty.clone(),
                    Binding::Item(_) => None,
                }
            }
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return None };
                if p.qself.is_some() {
                    return None;
                }
                let path = self.res.resolve_one(&p.path)?;
                if DefPath::new(&path).is_local() {
                    return self.local_return(&path);
                }
                if c.args.len() == 1 && types::is_clone_like(DefPath::new(&path).name()) {
                    // `Arc::clone(&state)`, `Clone::clone(&x)`: the argument's own type.
                    return self.infer(&c.args[0]);
                }
                let args: Vec<Option<Ty>> = if c.args.len() == 1 && path.ends_with("::new") {
                    c.args.iter().map(|a| self.infer(a)).collect()
                } else {
                    Vec::new()
                };
                types::fn_return(&path, &args)
                    .or_else(|| self.setting.facts.deps.returns(&path).cloned())
            }
            Expr::MethodCall(m) => {
                let own = self.infer(&m.receiver)?;
                let name = m.method.to_string();
                if types::is_clone_like(&name) && !own.is_deferred() {
                    // `Clone` on the smart pointer itself: `self.db.clone()` is the
                    // `Arc<Sqlite>`, whose methods are still `Sqlite`'s.
                    return Some(own);
                }
                let recv = own.autoderef();
                match recv.path() {
                    Some(p) if DefPath::new(p).is_local() && !types::is_result_adapter(&name) => {
                        self.local_return(&DefPath::new(p).join(&name))
                    }
                    _ => types::method_return(&recv, &name).or_else(|| {
                        let method = format!("{}::{name}", recv.path()?);
                        self.setting.facts.deps.returns(&method).cloned()
                    }),
                }
            }
            Expr::Try(t) => self.infer(&t.expr).map(|ty| match ty {
                Ty::Deferred { .. } => ty.defer("?".into()).expect("deferred"),
                ty => ty.unwrapped(),
            }),
            Expr::Await(a) => self.infer(&a.base),
            Expr::Paren(p) => self.infer(&p.expr),
            Expr::Group(g) => self.infer(&g.expr),
            Expr::Reference(r) => self.infer(&r.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                self.infer(&u.expr).map(Ty::autoderef)
            }
            Expr::Field(f) => {
                let base = self.infer(&f.base)?.autoderef();
                match &f.member {
                    syn::Member::Named(n) => self.res.field_type(base, &n.to_string()),
                    syn::Member::Unnamed(i) => match base {
                        Ty::Tuple(t) => t.get(i.index as usize).cloned(),
                        base => self.res.field_type(base, &i.index.to_string()),
                    },
                }
            }
            Expr::Struct(s) => self.res.resolve_one(&s.path).map(|p| Ty::named(&p)),
            Expr::Cast(c) => self.res.resolve_type(&c.ty),
            // A value chosen by `if`/`else` or `match`: the type its branches agree on.
            Expr::If(i) => {
                let (_, other) = i.else_branch.as_ref()?;
                self.agreed([self.infer_block(&i.then_branch), self.infer(other)])
            }
            Expr::Match(m) => self.agreed(m.arms.iter().map(|arm| self.infer(&arm.body))),
            Expr::Block(b) => self.infer_block(&b.block),
            // `unsafe { Mmap::map(&file)? }`, `unsafe { EnvOpenOptions::new().open(dir)? }`.
            Expr::Unsafe(u) => self.infer_block(&u.block),
            _ => None,
        }
    }

    /// The type of a block's tail expression.
    fn infer_block(&self, block: &syn::Block) -> Option<Ty> {
        match block.stmts.last()? {
            syn::Stmt::Expr(tail, None) => self.infer(tail),
            _ => None,
        }
    }

    /// The one type every known branch has; branches that diverge (`return`, `panic!`, `?` on
    /// an error) or that the source does not type are left out, and a disagreement is nothing.
    fn agreed(&self, branches: impl IntoIterator<Item = Option<Ty>>) -> Option<Ty> {
        let mut agreed: Option<Ty> = None;
        for ty in branches.into_iter().flatten() {
            match &agreed {
                None => agreed = Some(ty),
                Some(seen) if *seen == ty => {}
                Some(_) => return None,
            }
        }
        agreed
    }
}
