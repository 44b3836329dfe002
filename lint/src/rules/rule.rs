//! The shape every rule shares: its catalog entry and check ([`Rule`]), the call it is handed
//! ([`Call`]), and the helpers rule files build their hits with.

use super::hit::Hit;
use crate::knowledge::blocking::{self, Calls, Family, Named, Reads};
use crate::knowledge::configured::Blocking;
use crate::model::dependencies::Index;
use crate::model::path::DefPath;
use crate::model::semantic::{Ty, readers};
use crate::model::source::Loc;

/// Lint levels, in rustc's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// A rule: its catalog entry and its check, declared once.
#[derive(Debug)]
pub struct Rule {
    /// Short name, as in `blocking::NAME`.
    pub name: &'static str,
    pub group: &'static str,
    pub default_level: Level,
    /// One line for `--list`.
    pub summary: &'static str,
    /// The catalog entry in Markdown (the rule's doc comment).
    pub doc: &'static str,
    pub check: fn(&Call<'_>) -> Option<Hit>,
}

impl Rule {
    /// The name users write and diagnostics show: `blocking::fs`.
    pub fn code(&self) -> String {
        format!("{}::{}", self.group, self.name)
    }

    /// The catalog entry without the one-space indent doc comments carry.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// What is called, as far as names and types resolve.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// A path call resolved through `use` items: `std::thread::sleep`.
    Path(&'a str),
    /// A method call; `receiver` is the receiver's type when the source tells it.
    Method {
        receiver: Option<&'a Ty>,
        name: &'a str,
    },
}

/// What the rules may know of a call's arguments without their types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallArgs {
    pub count: usize,
    /// An argument is a `Duration` written as zero or under a millisecond: a timed wait given it
    /// returns at once, a poll rather than a wait.
    pub polls: bool,
    /// What the first argument reads from, as far as the source spells it
    /// (`Cursor::new(bytes)`, `&buf[..]`, `File::open(p)?`): an archive or a codec handed
    /// memory does CPU work, handed a file waits for the disk.
    pub first_reads: Reads,
    /// Bit `i`: the callee's parameter `i` (its receiver counted, see [`Self::after_receiver`])
    /// is given `None` or `false`, which switches off what the callee runs only for a value
    /// (see `checker::gates`).
    pub off: u16,
}

impl CallArgs {
    /// How many parameters [`Self::off`] can tell of.
    pub const MAX_OFF: usize = 16;

    pub fn of<'e>(args: impl IntoIterator<Item = &'e syn::Expr>) -> Self {
        let (mut count, mut polls, mut first_reads, mut off) = (0, false, Reads::Unknown, 0);
        for arg in args {
            if count == 0 {
                first_reads = readers::expr_reads(arg);
            }
            if count < Self::MAX_OFF && switches_off(arg) {
                off |= 1 << count;
            }
            count += 1;
            polls |= crate::model::semantic::durations::is_a_poll(arg);
        }
        Self {
            count,
            polls,
            first_reads,
            off,
        }
    }

    /// The arguments of a method call (`x.f(a)`), whose receiver is the callee's parameter 0.
    pub fn after_receiver(self) -> Self {
        Self {
            off: self.off << 1,
            ..self
        }
    }
}

/// `None` or `false`, as written.
fn switches_off(arg: &syn::Expr) -> bool {
    match arg {
        syn::Expr::Path(p) => {
            p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "None")
        }
        syn::Expr::Lit(l) => matches!(&l.lit, syn::Lit::Bool(b) if !b.value),
        _ => false,
    }
}

/// One call site, as the checker hands it to every rule.
#[derive(Clone, Copy)]
pub struct Call<'a> {
    pub target: Target<'a>,
    /// The call is `.await`ed (directly, or as a `select!`/`join!` operand): async by definition.
    pub awaited: bool,
    /// `.await` can be written after this call as it stands in the source: the call is directly
    /// in an async fn, block or closure body (not in a sync closure that body calls inline, such
    /// as `.map(|p| ..)`), and not among a macro's tokens. A suggestion that adds `.await` is
    /// machine-applicable only here.
    pub await_here: bool,
    pub args: CallArgs,
    /// The callee's path or the method name.
    pub callee_loc: &'a Loc,
    /// The whole call expression.
    pub call_loc: &'a Loc,
    /// Trait paths imported in this scope (named or through a glob of the module they live in),
    /// for rules that hinge on which trait a method comes from.
    pub traits_in_scope: &'a dyn Fn(&str) -> bool,
    /// The trait rust-analyzer resolved this method call to (`--types`): known, rather than
    /// guessed from the traits in scope.
    pub method_trait: Option<&'a str>,
}

/// What the run knows beyond the built-in catalog, the same for every call of a run: the
/// configuration's `[[blocking]]` entries with the run's crate names they may use, and what the
/// dependencies' summaries found blocking, by the paths this crate names them by. Kept apart
/// from [`Call`], which is one call site.
#[derive(Clone, Copy)]
pub struct RunFacts<'a> {
    pub configured: &'a [Blocking],
    pub crates: &'a std::collections::HashMap<String, String>,
    pub deps: &'a Index,
}

impl<'a> Call<'a> {
    /// The resolved path of a path call, if it is one of `paths`.
    pub fn path_in(&self, paths: &[&str]) -> Option<&'a str> {
        match self.target {
            Target::Path(p) if !self.awaited && paths.contains(&p) => Some(p),
            _ => None,
        }
    }

    /// The resolved path of a path call starting with one of `prefixes` (each ending in `::`).
    pub fn path_under(&self, prefixes: &[&str]) -> Option<&'a str> {
        match self.target {
            Target::Path(p) if !self.awaited && prefixes.iter().any(|x| p.starts_with(x)) => {
                Some(p)
            }
            _ => None,
        }
    }

    /// `(type, method)` when this is a method call on a receiver of one of `types` and the method
    /// is one of `methods` (an empty `methods` matches any), or the same method named by its path
    /// (`Path::exists(p)`, `.filter(Path::is_file)`; there only a listed method, never "any",
    /// which would take in the type's constructors).
    pub fn method_on(&self, types: &[&str], methods: &[&str]) -> Option<(&'a str, &'a str)> {
        if self.awaited {
            return None;
        }
        match self.target {
            Target::Method {
                receiver: Some(ty),
                name,
            } => {
                let path = ty.path()?;
                (types.contains(&path) && (methods.is_empty() || methods.contains(&name)))
                    .then_some((path, name))
            }
            Target::Path(path) => {
                let (ty, name) = DefPath::new(path).split_last()?;
                (types.contains(&ty.as_str()) && methods.contains(&name))
                    .then_some((ty.as_str(), name))
            }
            _ => None,
        }
    }

    /// A timed wait (`recv_timeout`, `wait_timeout`, `park_timeout`, `try_lock_for`, ...) given a
    /// zero or sub-millisecond `Duration`: it returns at once, so it polls rather than waits.
    /// (`try_recv`, `try_lock` and `try_send` never wait, and no rule lists them.)
    pub fn only_polls(&self) -> bool {
        const TIMED_WAITS: &[&str] = &[
            "recv_timeout",
            "send_timeout",
            "wait_timeout",
            "wait_timeout_ms",
            "wait_timeout_while",
            "wait_for",
            "park_timeout",
            "try_lock_for",
            "try_read_for",
            "try_write_for",
            "try_upgradable_read_for",
            "join_timeout",
        ];
        let name = match self.target {
            Target::Method { name, .. } => name,
            Target::Path(path) => DefPath::new(path).name(),
        };
        self.args.polls && TIMED_WAITS.contains(&name)
    }

    /// Whether the method comes from one of `traits`: the trait the call resolved to when the
    /// types tell it (compared by crate and name, as a trait has several public paths:
    /// `diesel::RunQueryDsl`, `diesel::prelude::RunQueryDsl`), else whether one of them is in
    /// scope.
    pub fn from_trait(&self, traits: &[&str]) -> bool {
        match self.method_trait {
            Some(resolved) => {
                let resolved = DefPath::new(resolved);
                traits
                    .iter()
                    .map(|t| DefPath::new(t))
                    .any(|t| t.krate() == resolved.krate() && t.name() == resolved.name())
            }
            None => traits.iter().any(|t| (self.traits_in_scope)(t)),
        }
    }

    /// The method name when this is a method call named one of `methods`, whatever the receiver:
    /// only for names no async API uses.
    pub fn method_named(&self, methods: &[&str]) -> Option<&'a str> {
        match self.target {
            Target::Method { name, .. } if !self.awaited && methods.contains(&name) => Some(name),
            _ => None,
        }
    }
}

/// A `Hit` for a method call on a known type: the callee reads `Type::method`.
pub(crate) fn method_hit(ty: &str, method: &str, help: impl Into<String>) -> Hit {
    Hit {
        callee: format!("{ty}::{method}"),
        help: help.into(),
        suggestion: None,
    }
}

/// A `Hit` for a path call.
pub(crate) fn path_hit(path: &str, help: impl Into<String>) -> Hit {
    Hit {
        callee: path.to_string(),
        help: help.into(),
        suggestion: None,
    }
}

/// The first entry of `family` in the catalog (`knowledge::blocking`) that this call matches,
/// as a hit with the entry's advice.
pub(crate) fn catalog_hit(call: &Call<'_>, family: Family) -> Option<Hit> {
    let named = match call.target {
        Target::Path(path) => Named::Path {
            path,
            name: DefPath::new(path).name(),
        },
        Target::Method { name, .. } => Named::Method(name),
    };
    blocking::first_match(family, named, |api| api_hit(call, api))
}

/// This call as a hit of catalog entry `api`, if the entry matches it.
fn api_hit(call: &Call<'_>, api: &blocking::Api) -> Option<Hit> {
    match api.calls {
        Calls::Fns(paths) => call.path_in(paths).map(|p| path_hit(p, api.advice)),
        Calls::Methods { on, named } => call
            .method_on(on, named)
            .map(|(ty, m)| method_hit(ty, m, api.advice.replace("{method}", m))),
        Calls::MethodsExcept { on, except } => call
            .method_on(on, &[])
            .filter(|(_, m)| !except.contains(m))
            .map(|(ty, m)| method_hit(ty, m, api.advice.replace("{method}", m))),
    }
}

/// `(type, method)` when this reads a streaming decoder (`knowledge::blocking::DECODERS`) to
/// its end and the decoder was made over a reader of `source`.
pub(crate) fn decoder_over<'a>(call: &Call<'a>, source: Reads) -> Option<(&'a str, &'a str)> {
    let (ty, m) = call.method_on(blocking::DECODERS, blocking::DECODER_METHODS)?;
    let Target::Method {
        receiver: Some(recv),
        ..
    } = call.target
    else {
        return None;
    };
    (recv.arg(0).map(readers::ty_reads) == Some(source)).then_some((ty, m))
}

/// Declares a rule: the doc comment becomes both rustdoc and the catalog entry.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $id:ident = {
            name: $name:literal,
            level: $level:ident,
            summary: $summary:literal,
            check: $check:path $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub static $id: $crate::rules::rule::Rule = $crate::rules::rule::Rule {
            name: $name,
            group: "blocking",
            default_level: $crate::rules::rule::Level::$level,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}
pub(crate) use declare_rule;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::blocking::CATALOG;

    /// Every call a catalog entry names (its paths, its methods on each of its types, by method
    /// call and by path, some other method, awaited or not) and a few it does not: the index
    /// finds the same first entry of each family as trying the entries in turn.
    #[test]
    fn the_index_finds_what_trying_every_entry_finds() {
        let mut targets: Vec<(Option<Ty>, String)> = vec![
            (None, "std::nothing::here".into()),
            (Some(Ty::named("std::fs::File")), "unheard_of".into()),
            (None, "read".into()),
        ];
        for api in CATALOG {
            match api.calls {
                Calls::Fns(paths) => {
                    for p in paths {
                        targets.push((None, p.to_string()));
                        targets.push((None, DefPath::new(p).name().to_string()));
                    }
                }
                Calls::Methods { on, named: methods }
                | Calls::MethodsExcept {
                    on,
                    except: methods,
                } => {
                    for ty in on {
                        for m in methods.iter().copied().chain(["query", "new", "get"]) {
                            targets.push((Some(Ty::named(ty)), m.to_string()));
                            targets.push((None, format!("{ty}::{m}")));
                        }
                    }
                }
            }
        }
        let loc = Loc::default();
        let no_traits = |_: &str| false;
        let mut compared = 0;
        for (receiver, name) in &targets {
            for awaited in [false, true] {
                let target = match receiver {
                    Some(ty) => Target::Method {
                        receiver: Some(ty),
                        name,
                    },
                    None if name.contains("::") => Target::Path(name),
                    None => Target::Method {
                        receiver: None,
                        name,
                    },
                };
                let call = Call {
                    target,
                    awaited,
                    await_here: false,
                    args: CallArgs::default(),
                    callee_loc: &loc,
                    call_loc: &loc,
                    traits_in_scope: &no_traits,
                    method_trait: None,
                };
                for &family in Family::ALL {
                    let tried = blocking::of(family).find_map(|api| api_hit(&call, api));
                    assert_eq!(
                        catalog_hit(&call, family),
                        tried,
                        "{family:?}: {receiver:?} {name}"
                    );
                    compared += usize::from(tried.is_some());
                }
            }
        }
        assert!(compared > CATALOG.len(), "only {compared} hits compared");
    }
}
