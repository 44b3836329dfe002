//! The lint's layers, checked: every path a module of `src/` names (in `use` items and in code)
//! points to its own layer or one below, and no two modules name each other, directly or round
//! a longer loop. ARCHITECTURE.md (at the workspace root) says why the layers are cut this way;
//! this test is what keeps them so.
//!
//! A module here is a top-level module of a layer (`analysis::engine`, `rules::sleep`) with
//! everything below it; a layer's own `mod.rs` is a module too (`rules`, holding the registry).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use syn::visit::{self, Visit};

/// Bottom to top: a layer may name its own modules and those of the layers before it.
const LAYERS: &[&str] = &["knowledge", "model", "rules", "analysis", "report", "cli"];

/// A module path below the crate root: `["rules", "hit"]`.
type ModPath = Vec<String>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file of `src/` with the module path it declares.
fn modules() -> Vec<(PathBuf, ModPath)> {
    let mut out = Vec::new();
    let mut stack = vec![src_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src_dir()).unwrap().with_extension("");
            let mut segs: ModPath = rel.iter().map(|s| s.to_string_lossy().into()).collect();
            if matches!(
                segs.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                segs.pop();
            }
            out.push((path, segs));
        }
    }
    out.sort();
    out
}

/// The module a layer check is about: the first two segments (`analysis::engine`), or the layer
/// alone for its `mod.rs`.
fn unit(path: &[String]) -> ModPath {
    path.iter().take(2).cloned().collect()
}

fn layer(unit: &[String]) -> Option<usize> {
    LAYERS
        .iter()
        .position(|l| Some(*l) == unit.first().map(String::as_str))
}

/// Collects the modules a file's paths lead to, resolving `crate::`, `super::`, `self::` and
/// paths that start with a child module's name.
struct Names<'a> {
    /// The module being walked (the file's, plus inline `mod x { .. }` blocks).
    here: ModPath,
    known: &'a HashSet<ModPath>,
    found: BTreeSet<ModPath>,
}

impl Names<'_> {
    fn resolve(&mut self, segs: &[String]) {
        let Some(first) = segs.first() else { return };
        let base: ModPath = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.here.clone(),
            "super" => {
                let mut b = self.here.clone();
                let mut rest = segs;
                while rest.first().is_some_and(|s| s == "super") {
                    b.pop();
                    rest = &rest[1..];
                }
                return self.resolve_from(b, rest);
            }
            _ => {
                let mut child = self.here.clone();
                child.push(first.clone());
                if !self.known.contains(&child) {
                    return;
                }
                return self.resolve_from(self.here.clone(), segs);
            }
        };
        self.resolve_from(base, &segs[1..]);
    }

    /// The longest module path that `base` followed by `rest` names.
    fn resolve_from(&mut self, base: ModPath, rest: &[String]) {
        let mut best = base.clone();
        let mut path = base;
        for s in rest {
            path.push(s.clone());
            if self.known.contains(&path) {
                best = path.clone();
            }
        }
        self.found.insert(best);
    }
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut paths = Vec::new();
        flatten(&item.tree, Vec::new(), &mut paths);
        for p in paths {
            self.resolve(&p);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segs.len() > 1 {
            self.resolve(&segs);
        }
        visit::visit_path(self, path);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.here.push(item.ident.to_string());
            visit::visit_item_mod(self, item);
            self.here.pop();
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `$crate::rules::rule::Rule` inside a macro's body: read the tokens as paths.
        let text = mac.tokens.to_string().replace(' ', "");
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '$'))
        {
            if let Some(rest) = word.strip_prefix("$crate::") {
                let segs: Vec<String> = std::iter::once("crate".to_string())
                    .chain(rest.split("::").map(String::from))
                    .collect();
                self.resolve(&segs);
            }
        }
        visit::visit_macro(self, mac);
    }
}

fn flatten(tree: &syn::UseTree, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            let mut next = prefix;
            next.push(p.ident.to_string());
            flatten(&p.tree, next, out);
        }
        syn::UseTree::Name(n) => {
            let mut next = prefix;
            next.push(n.ident.to_string());
            out.push(next);
        }
        syn::UseTree::Rename(r) => {
            let mut next = prefix;
            next.push(r.ident.to_string());
            out.push(next);
        }
        syn::UseTree::Glob(_) => out.push(prefix),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix.clone(), out);
            }
        }
    }
}

/// Which modules each module names: `unit -> (named unit -> a file that names it)`.
fn edges() -> BTreeMap<ModPath, BTreeMap<ModPath, PathBuf>> {
    let mods = modules();
    let known: HashSet<ModPath> = mods.iter().map(|(_, m)| m.clone()).collect();
    let mut out: BTreeMap<ModPath, BTreeMap<ModPath, PathBuf>> = BTreeMap::new();
    for (file, module) in &mods {
        if module.is_empty() {
            continue; // lib.rs and main.rs: the crate root declares the layers.
        }
        let text = std::fs::read_to_string(file).unwrap();
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut names = Names {
            here: module.clone(),
            known: &known,
            found: BTreeSet::new(),
        };
        names.visit_file(&ast);
        let from = unit(module);
        for to in names.found {
            let to = unit(&to);
            if to != from && !to.is_empty() {
                out.entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| file.clone());
            }
        }
        out.entry(from).or_default();
    }
    out
}

fn name(unit: &[String]) -> String {
    unit.join("::")
}

#[test]
fn every_module_sits_in_a_layer() {
    let strays: Vec<String> = modules()
        .into_iter()
        .filter(|(_, m)| !m.is_empty() && layer(m).is_none())
        .map(|(f, _)| f.display().to_string())
        .collect();
    assert!(
        strays.is_empty(),
        "files outside the layers {LAYERS:?}: {strays:?}; put each in the layer its job belongs to"
    );
}

#[test]
fn imports_point_down_only() {
    let mut wrong = Vec::new();
    for (from, tos) in edges() {
        let Some(lf) = layer(&from) else { continue };
        for (to, file) in tos {
            let Some(lt) = layer(&to) else { continue };
            if lt > lf {
                wrong.push(format!(
                    "{}: `{}` names `{}`, a layer above it ({} -> {})",
                    file.strip_prefix(src_dir()).unwrap_or(&file).display(),
                    name(&from),
                    name(&to),
                    LAYERS[lf],
                    LAYERS[lt]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_cycle() {
    let graph = edges();
    // Tarjan's strongly connected components: any component of two or more modules is a cycle.
    struct State<'g> {
        graph: &'g BTreeMap<ModPath, BTreeMap<ModPath, PathBuf>>,
        index: BTreeMap<&'g ModPath, usize>,
        low: BTreeMap<&'g ModPath, usize>,
        stack: Vec<&'g ModPath>,
        on_stack: HashSet<&'g ModPath>,
        cycles: Vec<Vec<String>>,
    }
    fn connect<'g>(s: &mut State<'g>, v: &'g ModPath) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flat_map(|m| m.keys()) {
            if !s.index.contains_key(w) {
                connect(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(w);
                component.push(name(w));
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.cycles.push(component);
            }
        }
    }
    let mut state = State {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: HashSet::new(),
        cycles: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            connect(&mut state, v);
        }
    }
    assert!(
        state.cycles.is_empty(),
        "modules that name each other (each group is one cycle):\n{}",
        state
            .cycles
            .iter()
            .map(|c| c.join(", "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The check itself: a module that names one above it is caught, so the tests above can fail.
#[test]
fn the_check_sees_an_upward_name() {
    let known: HashSet<ModPath> = [vec!["model".to_string()], vec!["cli".into()]]
        .into_iter()
        .chain([vec!["model".into(), "path".into()]])
        .collect();
    let ast: syn::File = syn::parse_str("fn f() { crate::cli::main(); }").unwrap();
    let mut names = Names {
        here: vec!["model".into(), "path".into()],
        known: &known,
        found: BTreeSet::new(),
    };
    names.visit_file(&ast);
    assert!(names.found.contains(&vec!["cli".to_string()]));
    assert!(layer(&["cli".to_string()]) > layer(&["model".to_string()]));
}

/// Paths are read through `model::path::DefPath`, the one place that knows how they are
/// spelled: no other file cuts one apart at `::` or tests for the `#` of the run's own units.
#[test]
fn paths_are_cut_only_by_defpath() {
    const CUTS: &[&str] = &[
        "split(\"::\")",
        "rsplit(\"::\")",
        "split_once(\"::\")",
        "rsplit_once(\"::\")",
        "starts_with('#')",
    ];
    let mut found = Vec::new();
    for (file, module) in modules() {
        if module == ["model", "path"] {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some(cut) = CUTS.iter().find(|c| line.contains(*c)) {
                let shown = file
                    .strip_prefix(src_dir())
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                found.push(format!("{shown}:{}: {cut}", n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "paths cut apart outside model/path.rs (use DefPath):\n{}",
        found.join("\n")
    );
}
