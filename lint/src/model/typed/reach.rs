//! Which of the workspace's functions are worth typing: those async code may reach.
//!
//! A finding is a blocking call on an async path: in an async fn, block or closure, or in a
//! sync function that one of those calls, however deep. Typing any other function's calls
//! changes no finding, and on kanidm the sync functions held 49 of the 176 s of asking. So the
//! workspace is typed from its async code outwards, by name, on the syntax alone: a function
//! is reached when an identifier of a reached body spells its name (a call, a method call, a
//! path handed as a value, or the same inside a macro's arguments), and a `macro_rules!` that
//! a reached body names passes on the names in its own body. Reaching by name reaches too
//! much (every `new` when one is called) but never too little where the lint's own call graph
//! goes, which follows the calls written in the sources. A function left out keeps the
//! syntax's reading of its calls, as `--fast` reads them.

use std::collections::{HashMap, HashSet};

use syntax::ast::HasName;
use syntax::{AstNode, NodeOrToken, SyntaxKind, SyntaxNode, ast};

/// A function of the workspace: the index of its file (in the slice [`reached`] was given) and
/// where its `fn` item starts in that file.
pub(super) type FnAt = (usize, u32);

/// The functions of `files` (each file's tree) that async code may reach.
pub(super) fn reached(files: &[SyntaxNode]) -> HashSet<FnAt> {
    let mut items: Vec<Item> = Vec::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (file, tree) in files.iter().enumerate() {
        for node in tree.descendants() {
            let Some(item) = Item::of(file, node) else {
                continue;
            };
            if let Some(name) = &item.name {
                by_name.entry(name.clone()).or_default().push(items.len());
            }
            items.push(item);
        }
    }
    let mut seen: Vec<bool> = items.iter().map(|i| i.root).collect();
    let mut todo: Vec<usize> = (0..items.len()).filter(|&i| seen[i]).collect();
    while let Some(i) = todo.pop() {
        for name in &items[i].names {
            for &j in by_name.get(name).into_iter().flatten() {
                if !seen[j] {
                    seen[j] = true;
                    todo.push(j);
                }
            }
        }
    }
    items
        .iter()
        .zip(seen)
        .filter_map(|(item, seen)| seen.then_some(item.at?))
        .collect()
}

/// A function with a body, or a `macro_rules!`, and what its body names.
struct Item {
    /// `None` for a macro: it is not typed, only passed through.
    at: Option<FnAt>,
    name: Option<String>,
    /// An async fn, or a function that holds async code (an `async` block or closure, in its
    /// body or in a macro's arguments there): it runs on the runtime, or makes what does.
    root: bool,
    names: HashSet<String>,
}

impl Item {
    fn of(file: usize, node: SyntaxNode) -> Option<Item> {
        if let Some(f) = ast::Fn::cast(node.clone()) {
            let body = f.body()?;
            let start = u32::from(f.syntax().text_range().start());
            let mut item = Item::read(body.syntax(), f.name());
            item.at = Some((file, start));
            item.root |= f.async_token().is_some();
            return Some(item);
        }
        let rules = ast::MacroRules::cast(node)?;
        let mut item = Item::read(rules.token_tree()?.syntax(), rules.name());
        // What a macro expands to runs wherever it is called: only a caller makes it async.
        item.root = false;
        Some(item)
    }

    /// The identifiers of `body` and whether it holds async code.
    fn read(body: &SyntaxNode, name: Option<ast::Name>) -> Item {
        let mut names = HashSet::new();
        let mut root = false;
        for token in body
            .descendants_with_tokens()
            .filter_map(NodeOrToken::into_token)
        {
            match token.kind() {
                SyntaxKind::ASYNC_KW => root = true,
                // In a macro's arguments a keyword may stay an identifier.
                SyntaxKind::IDENT if token.text() == "async" => root = true,
                SyntaxKind::IDENT => {
                    names.insert(unraw(token.text()).to_string());
                }
                _ => {}
            }
        }
        Item {
            at: None,
            name: name.map(|n| unraw(&n.text()).to_string()),
            root,
            names,
        }
    }
}

/// `r#type` is named `type`.
fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the functions of `source` that async code reaches.
    fn reached_names(source: &str) -> Vec<String> {
        let tree = ast::SourceFile::parse(source, syntax::Edition::Edition2021)
            .tree()
            .syntax()
            .clone();
        let reached = reached(std::slice::from_ref(&tree));
        let mut names: Vec<String> = tree
            .descendants()
            .filter_map(ast::Fn::cast)
            .filter(|f| reached.contains(&(0, u32::from(f.syntax().text_range().start()))))
            .filter_map(|f| Some(f.name()?.text().to_string()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn async_code_reaches_what_it_names_however_deep() {
        let source = r#"
            async fn handler(state: State) { state.save(); helper(); }
            fn helper() { deeper() }
            fn deeper() { std::fs::read("x"); }
            impl Store { fn save(&self) { self.flush() } fn flush(&self) {} }
            fn cli_only() { std::fs::read("y"); }
            fn never_called() {}
        "#;
        assert_eq!(
            reached_names(source),
            ["deeper", "flush", "handler", "helper", "save"]
        );
    }

    #[test]
    fn async_blocks_closures_and_macros_count() {
        let source = r#"
            fn main() { runtime().block_on(async { serve() }) }
            fn routes() -> Router { Router::new().route("/", get(|| async { page() })) }
            fn spawns() { tokio::spawn(async move { tick() }); }
            fn selects() { tokio::join!(async { joined() }); }
            fn serve() {}
            fn page() { render!() }
            macro_rules! render { () => { from_macro() } }
            fn from_macro() {}
            fn tick() { json!({ "x": in_json() }) }
            fn in_json() {}
            fn joined() {}
            fn runtime() {}
            fn sync_main() { serve() }
        "#;
        assert_eq!(
            reached_names(source),
            [
                "from_macro",
                "in_json",
                "joined",
                "main",
                "page",
                "routes",
                "runtime",
                "selects",
                "serve",
                "spawns",
                "tick"
            ]
        );
    }

    #[test]
    fn a_function_handed_as_a_value_is_reached() {
        let source = r#"
            async fn list(paths: Vec<PathBuf>) { paths.iter().filter(Self::usable); }
            fn usable(p: &&PathBuf) -> bool { p.exists() }
        "#;
        assert_eq!(reached_names(source), ["list", "usable"]);
    }
}
