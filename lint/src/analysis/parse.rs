//! A file's syntax tree, as the checker reads it. syn spends about three quarters of a parse
//! building the tree and a quarter lexing (the corpus of `lint/benches/real-world.sh`: 0.31 s of
//! 1.33 s), and a fifth of a service's lines are test code: `#[cfg(test)] mod tests { .. }` and
//! the files of test targets. The checker only walks past test code (nothing in it is reported,
//! and product code cannot call it), so unless `--include-tests` asks for it, its tokens are
//! lexed and then left out of the tree.
//!
//! What stays, so the run knows the same files: every `mod NAME;` declaration, and a test module
//! that declares one (its files are test code, which the checker learns from the declaration).
//! A syntax error inside test code that is left out goes unreported; rustc reports it.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

use crate::analysis::contexts;

/// How much of a file is test code the checker would only walk past.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestCode {
    /// `--include-tests`, or a dependency's summary: every item is read.
    Read,
    /// A product file: its `cfg(test)` modules are left out.
    SkipModules,
    /// A file of a test target, or a module one declares: only its `mod NAME;` items are read.
    WholeFile,
}

/// Parses `text` as a file, as `syn::parse_file` does (byte-order mark and shebang stripped),
/// but returns how many bytes were stripped so spans can be mapped back to the file. The items of
/// `cfg_if!` blocks come out as items (see `semantic::cfg_if`). Test code is left out as
/// `tests` says.
pub fn parse(text: &str, tests: TestCode) -> syn::Result<(syn::File, usize)> {
    let mut content = text;
    let mut offset = 0;
    if let Some(rest) = content.strip_prefix('\u{feff}') {
        content = rest;
        offset += 3;
    }
    if content.starts_with("#!") && !content[2..].trim_start().starts_with('[') {
        // Keep the newline so line numbers stay those of the file.
        let idx = content.find('\n').unwrap_or(content.len());
        content = &content[idx..];
        offset += idx;
    }
    let tokens: TokenStream = content.parse()?;
    let mut file = match tests {
        TestCode::Read => syn::parse2::<syn::File>(tokens)?,
        // A file the cut leaves unreadable (a syntax error in its product code, or a cut in the
        // wrong place) is parsed whole, so its error is reported as written.
        // (Lexed again rather than kept: a token stream shared is copied token by token.)
        _ => syn::parse2::<syn::File>(without_test_items(tokens, tests, content))
            .or_else(|_| syn::parse_str::<syn::File>(content))?,
    };
    crate::model::semantic::cfg_if::expand(&mut file.items);
    Ok((file, offset))
}

/// The file's top-level tokens without the test items `tests` names.
fn without_test_items(tokens: TokenStream, tests: TestCode, text: &str) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    // Whether `trees[i]` may begin an item: at the start, after `;`, after a `{ .. }` that
    // closed one, after an inner attribute. An attribute anywhere else is on an expression.
    let mut item_start = true;
    while i < trees.len() {
        if is_inner_attribute(&trees, i) {
            out.extend_from_slice(&trees[i..i + 3]);
            i += 3;
            item_start = true;
            continue;
        }
        if item_start && let Some(item) = mod_item(&trees, i) {
            let keep = match (tests, &item.body) {
                (_, None) => true,
                (TestCode::WholeFile, Some(_)) => false,
                (_, Some(body)) => !item.is_cfg_test(&trees) || declares_a_file(body, text),
            };
            if keep {
                out.extend_from_slice(&trees[i..item.end]);
            }
            i = item.end;
            continue;
        }
        let tree = &trees[i];
        item_start = match tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            _ => false,
        };
        if tests != TestCode::WholeFile {
            out.push(tree.clone());
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// `#![..]` at `i`.
fn is_inner_attribute(trees: &[TokenTree], i: usize) -> bool {
    matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == '#')
        && matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!')
        && matches!(trees.get(i + 2), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket)
}

/// A `mod` item found in the tokens: its outer attributes, and its `{ .. }` if it is inline.
struct ModItem {
    attrs: std::ops::Range<usize>,
    body: Option<Group>,
    /// Just past the item.
    end: usize,
}

impl ModItem {
    /// Under a `cfg` that only test builds enable, as the checker judges it.
    fn is_cfg_test(&self, trees: &[TokenTree]) -> bool {
        let tokens: TokenStream = trees[self.attrs.clone()].iter().cloned().collect();
        syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens)
            .is_ok_and(|attrs| contexts::is_cfg_test(&attrs))
    }
}

/// `#[..]* pub(..)? unsafe? mod NAME ;` or `.. mod NAME { .. }` starting at `i`.
fn mod_item(trees: &[TokenTree], i: usize) -> Option<ModItem> {
    let ident = |j: usize, s: &str| matches!(trees.get(j), Some(TokenTree::Ident(id)) if id == s);
    let mut j = i;
    while matches!(trees.get(j), Some(TokenTree::Punct(p)) if p.as_char() == '#')
        && matches!(trees.get(j + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket)
    {
        j += 2;
    }
    let attrs = i..j;
    if ident(j, "pub") {
        j += 1;
        if matches!(trees.get(j), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
        {
            j += 1;
        }
    }
    if ident(j, "unsafe") {
        j += 1;
    }
    if !ident(j, "mod") || !matches!(trees.get(j + 1), Some(TokenTree::Ident(_))) {
        return None;
    }
    match trees.get(j + 2)? {
        TokenTree::Punct(p) if p.as_char() == ';' => Some(ModItem {
            attrs,
            body: None,
            end: j + 3,
        }),
        TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => Some(ModItem {
            attrs,
            body: Some(g.clone()),
            end: j + 3,
        }),
        _ => None,
    }
}

/// Whether an inline module may declare a file module (`mod helpers;`) anywhere inside, read
/// from its text: walking its tokens would copy every one. A comment or string that reads like
/// one keeps the module, which costs only time.
fn declares_a_file(body: &Group, text: &str) -> bool {
    let Some(body) = text.get(body.span().byte_range()) else {
        return true;
    };
    body.match_indices("mod ").any(|(at, _)| {
        let before = body[..at].chars().next_back();
        let rest = body[at + 4..].trim_start();
        let name = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            && name > 0
            && rest[name..].trim_start().starts_with(';')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the file's top-level items, as syn reads them after the cut.
    fn items(src: &str, tests: TestCode) -> Vec<String> {
        let (file, _) = parse(src, tests).expect("parses");
        file.items
            .iter()
            .map(|item| match item {
                syn::Item::Fn(f) => f.sig.ident.to_string(),
                syn::Item::Mod(m) => format!(
                    "mod {}{}",
                    m.ident,
                    if m.content.is_some() { " {}" } else { ";" }
                ),
                syn::Item::Const(c) => c.ident.to_string(),
                syn::Item::Struct(s) => s.ident.to_string(),
                syn::Item::Impl(_) => "impl".into(),
                syn::Item::Macro(_) => "macro".into(),
                syn::Item::Use(_) => "use".into(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    const FILE: &str = r#"#![allow(dead_code)]
//! A product file with its tests.
use std::thread;

const ORIGIN: Point = Point { x: 0 };
#[cfg(test)]
mod tests {
    #[test]
    fn sleeps() { std::thread::sleep(std::time::Duration::from_secs(1)); }
}
struct Point { x: u8 }
#[cfg(test)]
mod helpers;
#[cfg(all(test, feature = "db"))]
pub(crate) mod db_tests { fn a() {} }
#[cfg(not(test))]
mod real { fn b() {} }
#[cfg(test)]
mod with_files { mod fixtures; }
impl Point {}
#[cfg(test)] mod after_impl {}
macro_rules! m { () => {} }
#[cfg(any(test, feature = "testing"))] mod after_macro {}
fn last() {}
"#;

    #[test]
    fn a_product_file_loses_its_test_modules_and_keeps_their_file_declarations() {
        assert_eq!(
            items(FILE, TestCode::SkipModules),
            [
                "use",
                "ORIGIN",
                "Point",
                "mod helpers;",
                "mod real {}",
                "mod with_files {}",
                "impl",
                "macro",
                "last"
            ]
        );
    }

    #[test]
    fn a_test_targets_file_keeps_only_its_file_declarations() {
        assert_eq!(items(FILE, TestCode::WholeFile), ["mod helpers;"]);
        let (file, _) = parse(FILE, TestCode::WholeFile).unwrap();
        assert_eq!(
            file.attrs.len(),
            2,
            "the inner attribute and doc comment stay"
        );
    }

    #[test]
    fn including_tests_reads_every_item() {
        let read = items(FILE, TestCode::Read);
        assert_eq!(read.len(), 13, "{read:?}");
        assert!(read.contains(&"mod tests {}".to_string()));
    }

    #[test]
    fn what_stays_keeps_its_lines() {
        let (file, _) = parse(FILE, TestCode::SkipModules).unwrap();
        let syn::Item::Fn(last) = file.items.last().unwrap() else {
            panic!("the last item is `fn last`");
        };
        let line = FILE.lines().position(|l| l == "fn last() {}").unwrap() + 1;
        assert_eq!(last.sig.ident.span().start().line, line);
    }

    #[test]
    fn an_error_in_product_code_is_reported_where_it_is() {
        let src = "#[cfg(test)]\nmod tests {}\nfn broken( {}\n";
        let err = parse(src, TestCode::SkipModules).unwrap_err();
        assert_eq!(err.span().start().line, 3);
    }

    #[test]
    fn an_attribute_on_an_expression_is_not_taken_for_an_item() {
        let src = "const X: u8 = #[cfg(test)] 1;\nfn f() {}\n";
        assert_eq!(items(src, TestCode::SkipModules), ["X", "f"]);
    }
}
