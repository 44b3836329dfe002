//! Code of a sync fn that runs only when a parameter is set: the body of
//! `if let Some(password) = password { .. }`, of `if hash { .. }`, of a `Some(..)` arm of
//! `match password { .. }`. A caller that passes `None` or `false` there never runs it, so
//! `send.set_password(None)`, which clears a password, does not reach the hash that setting one
//! runs. The walk marks each blocking call and local call of a sync fn with the parameters that
//! gate it (`Gates::on`); `transitive` drops, for one call site, what the site's `None` and
//! `false` arguments switch off (`CallArgs::off`).
//!
//! Only the parameters themselves gate, as written (`p`, `&p`, `p.as_ref()`, `p.is_some()`);
//! a parameter bound again (`let p = p.or(default)`) gates nothing from there on.

use syn::{Expr, Pat};

use super::Checker;
use crate::rules::CallArgs;

impl Checker<'_> {
    /// Walks code that runs only when the parameters `gate` names are set.
    pub(super) fn gated(&mut self, gate: u16, f: impl FnOnce(&mut Self)) {
        let saved = self.at.gates.on;
        self.at.gates.on |= gate;
        f(self);
        self.at.gates.on = saved;
    }
}

/// The parameters of the sync fn being walked, and which of them gate the code walked now.
#[derive(Clone, Debug, Default)]
pub(super) struct Gates {
    /// By position, the receiver counted (as `CallArgs::off` counts them); empty for a receiver,
    /// a `mut` parameter, or a pattern that binds more than a name.
    params: Vec<String>,
    /// Bit `i`: the code walked now runs only when parameter `i` is `Some` or `true`.
    pub on: u16,
}

impl Gates {
    /// The parameters of `sig`, none gating yet.
    pub fn of(sig: &syn::Signature) -> Self {
        let params = sig
            .inputs
            .iter()
            .take(CallArgs::MAX_OFF)
            .map(|input| match input {
                // A `mut` parameter may be set again before the branch reads it.
                syn::FnArg::Typed(pt) => match &*pt.pat {
                    Pat::Ident(p) if p.subpat.is_none() && p.mutability.is_none() => {
                        p.ident.to_string()
                    }
                    _ => String::new(),
                },
                syn::FnArg::Receiver(_) => String::new(),
            })
            .collect();
        Gates { params, on: 0 }
    }

    /// A parameter bound again gates nothing from here on.
    pub fn rebound(&mut self, name: &str) {
        for p in self.params.iter_mut().filter(|p| *p == name) {
            p.clear();
        }
    }

    /// The parameters whose `None` or `false` keeps `if cond { .. }`'s body from running: any of
    /// the conditions an `&&` chain joins.
    pub fn of_condition(&self, cond: &Expr) -> u16 {
        match cond {
            Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
                self.of_condition(&b.left) | self.of_condition(&b.right)
            }
            Expr::Paren(p) => self.of_condition(&p.expr),
            Expr::Let(l) if is_some_pattern(&l.pat) => self.param(&l.expr),
            Expr::MethodCall(m) if m.method == "is_some" && m.args.is_empty() => {
                self.param(&m.receiver)
            }
            // `if flag { .. }`: a `bool` parameter itself.
            Expr::Path(_) => self.param(cond),
            _ => 0,
        }
    }

    /// The parameters whose `None` or `false` keeps the arm `pat` of `match scrutinee` from
    /// running.
    pub fn of_arm(&self, scrutinee: &Expr, pat: &Pat) -> u16 {
        let some = is_some_pattern(pat)
            || matches!(pat, Pat::Lit(l) if matches!(&l.lit, syn::Lit::Bool(b) if b.value));
        if some { self.param(scrutinee) } else { 0 }
    }

    /// The bit of the parameter `e` names, through `&`, parentheses and the adapters that keep
    /// an `Option` `None` (`as_ref`, `as_deref`, `as_mut`, `as_deref_mut`).
    fn param(&self, e: &Expr) -> u16 {
        match e {
            Expr::Reference(r) => self.param(&r.expr),
            Expr::Paren(p) => self.param(&p.expr),
            Expr::MethodCall(m)
                if m.args.is_empty()
                    && matches!(
                        m.method.to_string().as_str(),
                        "as_ref" | "as_deref" | "as_mut" | "as_deref_mut"
                    ) =>
            {
                self.param(&m.receiver)
            }
            Expr::Path(p) if p.qself.is_none() => p
                .path
                .get_ident()
                .and_then(|id| self.params.iter().position(|name| id == name))
                .map_or(0, |i| 1 << i),
            _ => 0,
        }
    }
}

/// `Some(..)`, however its path is written.
fn is_some_pattern(pat: &Pat) -> bool {
    matches!(pat, Pat::TupleStruct(t) if t.path.segments.last().is_some_and(|s| s.ident == "Some"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gates(sig: &str) -> Gates {
        Gates::of(&syn::parse_str::<syn::Signature>(sig).unwrap())
    }

    fn cond(g: &Gates, e: &str) -> u16 {
        g.of_condition(&syn::parse_str::<Expr>(e).unwrap())
    }

    #[test]
    fn a_condition_on_a_parameter_gates_by_its_position() {
        let g = gates("fn set(&mut self, password: Option<&str>, reset: bool, n: u32)");
        assert_eq!(cond(&g, "let Some(p) = password"), 0b10);
        assert_eq!(cond(&g, "let Some(p) = password.as_deref()"), 0b10);
        assert_eq!(cond(&g, "password.is_some()"), 0b10);
        assert_eq!(cond(&g, "reset"), 0b100);
        assert_eq!(cond(&g, "reset && let Some(p) = &password"), 0b110);
    }

    #[test]
    fn look_alikes_gate_nothing() {
        let g = gates("fn set(&mut self, password: Option<&str>, reset: bool, n: u32)");
        for e in [
            "let None = password",
            "password.is_none()",
            "!reset",
            "reset || n > 0",
            "let Some(p) = other",
            "let Some(p) = password.or(Some(\"x\"))",
            "n > 0",
        ] {
            assert_eq!(cond(&g, e), 0, "{e}");
        }
    }

    #[test]
    fn a_parameter_bound_again_gates_nothing() {
        let mut g = gates("fn set(password: Option<&str>)");
        g.rebound("password");
        assert_eq!(cond(&g, "let Some(p) = password"), 0);
    }

    #[test]
    fn a_mut_parameter_gates_nothing() {
        // `password = Some(default)` may run before the branch.
        let g = gates("fn set(mut password: Option<&str>, flag: bool)");
        assert_eq!(cond(&g, "let Some(p) = password"), 0);
        assert_eq!(cond(&g, "flag"), 0b10);
    }

    #[test]
    fn only_the_arms_that_need_a_value_are_gated() {
        let g = gates("fn set(password: Option<&str>, reset: bool)");
        let arm = |scrutinee: &str, pat: &str| {
            let pat = syn::parse::Parser::parse_str(Pat::parse_single, pat).unwrap();
            g.of_arm(&syn::parse_str::<Expr>(scrutinee).unwrap(), &pat)
        };
        assert_eq!(arm("password", "Some(p)"), 0b1);
        assert_eq!(arm("password", "None"), 0);
        assert_eq!(arm("password", "_"), 0);
        assert_eq!(arm("reset", "true"), 0b10);
        assert_eq!(arm("reset", "false"), 0);
    }
}
