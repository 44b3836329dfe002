//! A file's syntax tree, as the checker reads it. syn spends about three quarters of a parse
//! building the tree and a quarter lexing (the corpus of `lint/benches/real-world.sh`: 0.31 s of
//! 1.33 s), and a fifth of a service's lines are test code: `#[cfg(test)] mod tests { .. }`,
//! `#[test]` functions, the files of test targets. The checker only walks past test code
//! (nothing in it is reported, and product code cannot call it), so unless `--include-tests`
//! asks for it, the top-level test items are lexed and then left out of the tree. So are the
//! doc comments of top-level items, which the lint never reads.
//!
//! What stays, so the run knows the same files: every `mod NAME;` declaration, and a test module
//! that declares one (its files are test code, which the checker learns from the declaration).
//! A syntax error inside test code that is left out goes unreported; rustc reports it.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};

use crate::analysis::contexts;

/// How much of a file is test code the checker would only walk past.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestCode {
    /// `--include-tests`: every item is read.
    Read,
    /// A product file: its `cfg(test)` modules, fns and impls and its test fns are left out.
    SkipItems,
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

/// The file's top-level tokens without the test items `tests` names, nor the outer doc
/// comments of top-level items, which syn would parse into attributes the lint never reads.
fn without_test_items(tokens: TokenStream, tests: TestCode, text: &str) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    // Decided first, then the kept trees moved out: a copied identifier is an allocation.
    let mut keep = vec![tests != TestCode::WholeFile; trees.len()];
    let mut i = 0;
    // Whether `trees[i]` may begin an item: at the start, after `;`, after a `{ .. }` that
    // closed one, after an inner attribute. An attribute anywhere else is on an expression.
    let mut item_start = true;
    while i < trees.len() {
        if is_inner_attribute(&trees, i) {
            keep[i..i + 3].fill(true);
            i += 3;
            item_start = true;
            continue;
        }
        if item_start && let Some(item) = item_at(&trees, i) {
            let kept = match (tests, &item.kind) {
                (_, Kind::ModDecl) => true,
                (TestCode::WholeFile, _) => false,
                (_, Kind::Mod(body)) => {
                    !item.is_test(&trees, text, contexts::is_cfg_test)
                        || declares_a_file(body, text)
                }
                (_, Kind::Fn) => !item.is_test(&trees, text, |attrs| {
                    contexts::is_test_fn(attrs) || contexts::is_cfg_test(attrs)
                }),
                (_, Kind::Impl) => !item.is_test(&trees, text, contexts::is_cfg_test),
            };
            keep[i..item.end].fill(kept);
            for at in item.attrs.clone().step_by(2) {
                if is_doc_comment(&trees, at, text) {
                    keep[at..at + 2].fill(false);
                }
            }
            i = item.end;
            continue;
        }
        if is_doc_comment(&trees, i, text) {
            keep[i..i + 2].fill(false);
            i += 2;
            continue;
        }
        item_start = match &trees[i] {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            _ => false,
        };
        i += 1;
    }
    trees
        .into_iter()
        .zip(keep)
        .filter_map(|(tree, kept)| kept.then_some(tree))
        .collect()
}

/// `///` or `/** */` at `i`: lexed as `#` and `[doc = ".."]`, spanning the comment's text.
fn is_doc_comment(trees: &[TokenTree], i: usize, text: &str) -> bool {
    punct(trees, i, '#')
        && group(trees, i + 1, Delimiter::Bracket).is_some_and(|g| {
            text.get(g.span().byte_range())
                .is_some_and(|t| t.starts_with("///") || t.starts_with("/**"))
        })
}

/// `#![..]` at `i`.
fn is_inner_attribute(trees: &[TokenTree], i: usize) -> bool {
    punct(trees, i, '#')
        && punct(trees, i + 1, '!')
        && group(trees, i + 2, Delimiter::Bracket).is_some()
}

/// `#[..]` at `i`.
fn is_outer_attribute(trees: &[TokenTree], i: usize) -> bool {
    punct(trees, i, '#') && group(trees, i + 1, Delimiter::Bracket).is_some()
}

/// `trees[i]` is the punctuation `c`.
fn punct(trees: &[TokenTree], i: usize, c: char) -> bool {
    matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// `trees[i]`, if it is a group in `delimiter`s.
fn group(trees: &[TokenTree], i: usize, delimiter: Delimiter) -> Option<&Group> {
    match trees.get(i) {
        Some(TokenTree::Group(g)) if g.delimiter() == delimiter => Some(g),
        _ => None,
    }
}

/// An item the cut may leave out, found in the tokens: its outer attributes, what it is, and
/// where it ends.
struct Item {
    attrs: std::ops::Range<usize>,
    kind: Kind,
    /// Just past the item.
    end: usize,
}

enum Kind {
    /// `mod NAME;`
    ModDecl,
    /// `mod NAME { .. }`
    Mod(Group),
    /// `fn`, ending at its body.
    Fn,
    /// `impl`, ending at its `{ .. }`.
    Impl,
}

impl Item {
    /// Test code by its attributes, as `judge` (the checker's own test) says. Most attributes
    /// (`derive`, `doc`, `inline`) do not name a test: only those that do are parsed.
    fn is_test(
        &self,
        trees: &[TokenTree],
        text: &str,
        judge: impl FnOnce(&[syn::Attribute]) -> bool,
    ) -> bool {
        let attrs = &trees[self.attrs.clone()];
        let may_name_a_test = attrs.iter().any(|tree| match tree {
            TokenTree::Group(g) => text
                .get(g.span().byte_range())
                .is_none_or(|t| t.contains("test") || t.contains("bench")),
            _ => false,
        });
        if !may_name_a_test {
            return false;
        }
        let tokens: TokenStream = attrs.iter().cloned().collect();
        syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens)
            .is_ok_and(|attrs| judge(&attrs))
    }
}

/// `#[..]* pub(..)? unsafe? mod NAME ;` or `.. mod NAME { .. }`, or a `fn` or `impl` (after
/// `const`, `async`, `unsafe`, `extern "abi"`), starting at `i`.
fn item_at(trees: &[TokenTree], i: usize) -> Option<Item> {
    let ident = |j: usize, s: &str| matches!(trees.get(j), Some(TokenTree::Ident(id)) if id == s);
    let mut j = i;
    while is_outer_attribute(trees, j) {
        j += 2;
    }
    let attrs = i..j;
    if ident(j, "pub") {
        j += 1;
        if group(trees, j, Delimiter::Parenthesis).is_some() {
            j += 1;
        }
    }
    loop {
        if ident(j, "const") || ident(j, "async") || ident(j, "unsafe") || ident(j, "default") {
            j += 1;
        } else if ident(j, "extern") {
            j += 1;
            if matches!(trees.get(j), Some(TokenTree::Literal(_))) {
                j += 1;
            }
        } else {
            break;
        }
    }
    if ident(j, "fn") || ident(j, "impl") {
        // The first `{ .. }` is the body: a type or bound holds none outside `<{ N }>`, and a
        // cut there leaves tokens syn rejects, so the file is parsed whole.
        let body = (j..trees.len()).find(|&k| group(trees, k, Delimiter::Brace).is_some())?;
        let kind = if ident(j, "fn") { Kind::Fn } else { Kind::Impl };
        return Some(Item {
            attrs,
            kind,
            end: body + 1,
        });
    }
    if !ident(j, "mod") || !matches!(trees.get(j + 1), Some(TokenTree::Ident(_))) {
        return None;
    }
    let kind = match group(trees, j + 2, Delimiter::Brace) {
        Some(body) => Kind::Mod(body.clone()),
        None if punct(trees, j + 2, ';') => Kind::ModDecl,
        None => return None,
    };
    Some(Item {
        attrs,
        kind,
        end: j + 3,
    })
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
            items(FILE, TestCode::SkipItems),
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
        let (file, _) = parse(FILE, TestCode::SkipItems).unwrap();
        let syn::Item::Fn(last) = file.items.last().unwrap() else {
            panic!("the last item is `fn last`");
        };
        let line = FILE.lines().position(|l| l == "fn last() {}").unwrap() + 1;
        assert_eq!(last.sig.ident.span().start().line, line);
    }

    #[test]
    fn an_error_in_product_code_is_reported_where_it_is() {
        let src = "#[cfg(test)]\nmod tests {}\nfn broken( {}\n";
        let err = parse(src, TestCode::SkipItems).unwrap_err();
        assert_eq!(err.span().start().line, 3);
    }

    #[test]
    fn top_level_doc_comments_are_left_out_and_nothing_else() {
        let src =
            "/// A doc.\n/** Another. */\n#[inline]\nfn f() {\n    /// Inner.\n    let x = 1;\n}\n";
        let (file, _) = parse(src, TestCode::SkipItems).unwrap();
        let syn::Item::Fn(f) = &file.items[0] else {
            panic!("one fn");
        };
        assert_eq!(f.attrs.len(), 1, "only #[inline] stays");
        assert!(f.attrs[0].path().is_ident("inline"));
        let (file, _) = parse(src, TestCode::Read).unwrap();
        let syn::Item::Fn(f) = &file.items[0] else {
            panic!("one fn");
        };
        assert_eq!(f.attrs.len(), 3, "reading everything keeps the docs");
    }

    #[test]
    fn top_level_test_functions_and_cfg_test_impls_are_left_out() {
        let src = r#"
#[test]
fn a_test() { std::thread::sleep(std::time::Duration::from_secs(1)); }
#[tokio::test(flavor = "multi_thread")]
async fn an_async_test() {}
/// Documented, then cfg'd.
#[cfg(test)]
pub(crate) unsafe extern "C" fn test_helper() -> [u8; 2] { [0, 1] }
#[cfg(test)]
impl<T: Fn() -> u8> Clone for Wrapper<T> { fn clone(&self) -> Self { todo!() } }
#[cfg(not(test))]
fn product() {}
#[derive(Debug)]
struct Wrapper<T>(T);
impl<T> Wrapper<T> { fn attested(&self) {} }
#[inline]
const fn latest() -> u8 { 1 }
"#;
        assert_eq!(
            items(src, TestCode::SkipItems),
            ["product", "Wrapper", "impl", "latest"]
        );
        assert_eq!(items(src, TestCode::Read).len(), 8);
    }

    #[test]
    fn an_attribute_on_an_expression_is_not_taken_for_an_item() {
        let src = "const X: u8 = #[cfg(test)] 1;\nfn f() {}\n";
        assert_eq!(items(src, TestCode::SkipItems), ["X", "f"]);
    }
}
