//! Suppression comments: `// blocking-lint: allow(fs) -- reason` on the line before a statement
//! or at the end of its line, `// blocking-lint: allow-file(fs)` before a file's first item.
//!
//! Comments, because an attribute cannot carry them: rustc rejects `#[allow(blocking::fs)]`
//! (`blocking` is not a tool it knows). Comments are not in syn's syntax tree, so they are read
//! from the source text by a small lexer that knows strings, raw strings, characters and nested
//! block comments, so a `//` inside a literal is never taken for a comment.
//!
//! Suppression is applied to findings (data) before `report` sees them; the comments that name
//! no known rule, and (on request) those that silence nothing, become [`Notice`]s.

use crate::model::source::Loc;
use crate::rules::finding::Finding;
use crate::rules::{self, Rule};

/// `--explain suppress`.
pub const EXPLANATION: &str = r#"# Suppressing a finding

A comment silences named rules for one statement or for a whole file:

```rust
async fn load() -> String {
    // blocking-lint: allow(fs) -- a 200-byte file read once at start-up
    std::fs::read_to_string("config.toml").unwrap()
}

async fn tick() {
    std::thread::sleep(ONE_MS); // blocking-lint: allow(sleep, cpu) -- measured: under 1 ms
}
```

```rust
// blocking-lint: allow-file(database) -- this binary has no runtime worth protecting
```

- `allow(..)` on its own line applies to the next line of code; at the end of a line, to that
  line. It silences findings whose call spans that line.
- A blocking call in a sync helper is reported where async code calls the helper; a comment at
  that blocking call, or on the helper itself (above its `fn` or its attributes), silences
  every async caller that reaches it.
- `allow-file(..)` applies to the whole file and belongs before its first item.
- Rules are written `fs` or `blocking::fs`, several separated by commas. `-- reason` is free
  text: say why the call is fine here, for the next reader.
- A rule name that does not exist, or a comment the lint cannot read, is reported as a warning
  (`-D warnings` makes it fail the run). `--report-unused-suppressions` also reports the
  suppressions that silence nothing, so they do not outlive the code they were written for.

### Why comments and not `#[allow(..)]`?

rustc checks the tool in a lint attribute against the tools it knows (`clippy`, `rustdoc`):
`#[allow(blocking::fs)]` is an error (E0710, unknown tool name), and the lint cannot register a
tool of its own on stable Rust. A comment is invisible to the compiler and costs nothing at
build time.

To change a rule's level for a whole run, use `-A`/`-W`/`-D` instead.
"#;

/// Where a suppression comment applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Findings whose span covers this line: the comment's own line when it ends a line of code,
    /// else the next line with code.
    Line(u32),
    /// The whole file.
    File,
}

/// One well-formed suppression comment.
#[derive(Clone, Debug)]
pub struct Suppression {
    pub file: usize,
    /// The comment itself.
    pub loc: Loc,
    pub scope: Scope,
    /// The rules it names, each with whether it silenced a finding.
    pub rules: Vec<(&'static Rule, bool)>,
}

/// A problem with a suppression comment, reported as a warning like rustc's `unknown_lints`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// It names a rule that does not exist.
    UnknownRule(String),
    /// `blocking-lint:` followed by something other than `allow(..)` or `allow-file(..)`.
    Malformed,
    /// `allow-file` after the file's first item.
    FileScopeTooLate,
    /// A named rule (its short name) silenced nothing (reported with
    /// `--report-unused-suppressions`).
    Unused(&'static str),
}

/// A suppression comment worth telling the user about.
#[derive(Clone, Debug)]
pub struct Notice {
    pub file: usize,
    pub loc: Loc,
    pub problem: Problem,
}

/// A `//` comment found by [`comments`]: where it starts, its text after `//`, and whether code
/// comes before it on its line.
#[derive(Debug, PartialEq, Eq)]
pub struct LineComment<'s> {
    pub loc: Loc,
    pub text: &'s str,
    pub after_code: bool,
}

/// The line comments of `src`, and for each line (1-based index) whether it holds code.
pub fn comments(src: &str) -> (Vec<LineComment<'_>>, Vec<bool>) {
    let b = src.as_bytes();
    let mut code = vec![false; 2];
    let mut out = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1u32, 0usize);
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    // Marks the current line as holding code.
    macro_rules! mark {
        () => {
            code[line as usize] = true
        };
    }
    // Steps over a byte, keeping the line count.
    macro_rules! newline {
        ($at:expr) => {{
            line += 1;
            line_start = $at + 1;
            if code.len() <= line as usize {
                code.push(false);
            }
        }};
    }
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                newline!(i);
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .map_or(b.len(), |p| i + p);
                let col = n(src[line_start..i].chars().count());
                let text = &src[i + 2..end];
                let len = n(src[i..end].chars().count());
                out.push(LineComment {
                    loc: Loc {
                        line,
                        col,
                        end_line: line,
                        end_col: col + len,
                        start: n(i),
                        end: n(end),
                    },
                    text: text.trim_end_matches('\r'),
                    after_code: code[line as usize],
                });
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0usize;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if b[i] == b'\n' {
                            newline!(i);
                        }
                        i += 1;
                    }
                }
            }
            b'"' => {
                mark!();
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    if i < b.len() && b[i] == b'\n' {
                        newline!(i);
                        mark!();
                    }
                    i += 1;
                }
                i += 1;
            }
            b'\'' => {
                mark!();
                // A character literal ('x', '\n', '\u{1F600}', a multi-byte 'é'), or a lifetime.
                let rest = &src[i + 1..];
                let mut chars = rest.char_indices();
                match chars.next() {
                    Some((_, '\\')) => {
                        // Past the backslash and the escaped character, to the closing quote.
                        let close = rest
                            .get(2..)
                            .and_then(|r| r.find('\''))
                            .map_or(rest.len(), |p| p + 2);
                        i += 1 + close + 1;
                    }
                    Some((_, ch)) if rest[ch.len_utf8()..].starts_with('\'') => {
                        i += 1 + ch.len_utf8() + 1;
                    }
                    _ => i += 1,
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                mark!();
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let ident = &src[start..i];
                if matches!(ident, "r" | "br" | "cr") {
                    let hashes = b[i..].iter().take_while(|&&x| x == b'#').count();
                    if b.get(i + hashes) == Some(&b'"') {
                        // A raw string: no escapes, ends at `"` and as many `#`s.
                        let close: Vec<u8> = std::iter::once(b'"')
                            .chain(std::iter::repeat_n(b'#', hashes))
                            .collect();
                        i += hashes + 1;
                        while i < b.len() && !b[i..].starts_with(&close) {
                            if b[i] == b'\n' {
                                newline!(i);
                                mark!();
                            }
                            i += 1;
                        }
                        i = (i + close.len()).min(b.len());
                    }
                }
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                mark!();
                i += 1;
            }
        }
    }
    (out, code)
}

/// What one comment says, if it is addressed to the lint at all.
enum Parsed<'s> {
    NotOurs,
    Malformed,
    Allow { file: bool, names: Vec<&'s str> },
}

/// What a suppression comment starts with.
const MARKER: &str = "blocking-lint:";

fn parse(text: &str) -> Parsed<'_> {
    // `///` and `//!` are doc comments: documentation, not instructions.
    if text.starts_with('/') || text.starts_with('!') {
        return Parsed::NotOurs;
    }
    let Some(rest) = text.trim_start().strip_prefix(MARKER) else {
        return Parsed::NotOurs;
    };
    let rest = rest.trim_start();
    let (file, rest) = if let Some(r) = rest.strip_prefix("allow-file(") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("allow(") {
        (false, r)
    } else {
        return Parsed::Malformed;
    };
    let Some((list, after)) = rest.split_once(')') else {
        return Parsed::Malformed;
    };
    let after = after.trim();
    if !after.is_empty() && !after.starts_with("--") {
        return Parsed::Malformed;
    }
    let names: Vec<&str> = list.split(',').map(str::trim).collect();
    if names.iter().any(|n| n.is_empty()) {
        return Parsed::Malformed;
    }
    Parsed::Allow { file, names }
}

/// The suppressions of one file's text, and the problems with its suppression comments.
pub fn scan(file: usize, src: &str) -> (Vec<Suppression>, Vec<Notice>) {
    // Every comment of ours starts so; most files hold none, and one search of the text is much
    // cheaper than walking it byte by byte for comments.
    if !src.contains(MARKER) {
        return Default::default();
    }
    let (found, code) = comments(src);
    // `allow-file` belongs before the first item; inner attributes (`#![..]`) may come first.
    let first_item = src
        .lines()
        .enumerate()
        .find(|(i, l)| code.get(i + 1).copied().unwrap_or(false) && !l.trim().starts_with("#!"))
        .map_or(u32::MAX, |(i, _)| (i + 1) as u32);
    let mut sups = Vec::new();
    let mut notices = Vec::new();
    for c in found {
        let (file_scope, names) = match parse(c.text) {
            Parsed::NotOurs => continue,
            Parsed::Malformed => {
                notices.push(Notice {
                    file,
                    loc: c.loc,
                    problem: Problem::Malformed,
                });
                continue;
            }
            Parsed::Allow { file, names } => (file, names),
        };
        let mut rules = Vec::new();
        for name in names {
            match rules::find(name) {
                Some(r) => rules.push((r, false)),
                None => notices.push(Notice {
                    file,
                    loc: c.loc.clone(),
                    problem: Problem::UnknownRule(name.to_string()),
                }),
            }
        }
        let scope = if file_scope {
            if c.loc.line > first_item {
                notices.push(Notice {
                    file,
                    loc: c.loc,
                    problem: Problem::FileScopeTooLate,
                });
                continue;
            }
            Scope::File
        } else if c.after_code {
            Scope::Line(c.loc.line)
        } else {
            let next = (c.loc.line as usize + 1..code.len()).find(|&l| code[l]);
            Scope::Line(next.map_or(0, |l| l as u32))
        };
        if !rules.is_empty() {
            sups.push(Suppression {
                file,
                loc: c.loc,
                scope,
                rules,
            });
        }
    }
    (sups, notices)
}

/// Drops the findings a suppression silences, marking which suppressions did.
pub fn apply(findings: &mut Vec<Finding>, sups: &mut [Suppression]) {
    findings.retain(|f| {
        let mut silenced = false;
        // A transitive finding is silenced at its call site, or at its blocking root inside the
        // helper: one comment there silences every async caller that reaches it.
        // A comment on the helper itself (above its `fn` or its attributes) does too.
        let places = std::iter::once((f.file, &f.loc))
            .chain(f.via.last().map(|root| (root.file, &root.loc)));
        let places: Vec<(usize, &Loc)> = places.collect();
        let helper = f.via.last().map(|root| (root.file, root.caller_head));
        for s in sups.iter_mut() {
            let covers = places.iter().any(|&(file, loc)| {
                file == s.file
                    && match s.scope {
                        Scope::File => true,
                        Scope::Line(l) => loc.line <= l && l <= loc.end_line.max(loc.line),
                    }
            }) || helper.is_some_and(|(file, (first, last))| {
                file == s.file && matches!(s.scope, Scope::Line(l) if first <= l && l <= last)
            });
            if !covers {
                continue;
            }
            for (rule, used) in &mut s.rules {
                let named = std::ptr::eq(*rule, f.rule)
                    || (f.startup && std::ptr::eq(*rule, crate::rules::STARTUP));
                if named {
                    *used = true;
                    silenced = true;
                }
            }
        }
        !silenced
    });
}

/// The suppressions (one per rule named) that silenced nothing.
pub fn unused(suppressions: &[Suppression]) -> Vec<Notice> {
    let mut out = Vec::new();
    for s in suppressions {
        for (rule, used) in &s.rules {
            if !used {
                out.push(Notice {
                    file: s.file,
                    loc: s.loc.clone(),
                    problem: Problem::Unused(rule.name),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(u32, &str, bool)> {
        comments(src)
            .0
            .into_iter()
            .map(|c| (c.loc.line, c.text, c.after_code))
            .collect()
    }

    #[test]
    fn slashes_in_literals_are_not_comments() {
        let src = "let a = \"// no\"; // yes\nlet b = r#\"x \" // no\"#;\nlet c = '/'; let d = b\"//\";\n/* // no\n /* nested */ // no */ x(); // end\nfn f<'a>(x: &'a str) {} // lt\n";
        assert_eq!(
            texts(src),
            vec![(1, " yes", true), (5, " end", true), (6, " lt", true)]
        );
    }

    #[test]
    fn own_line_comment_targets_next_code_line() {
        let src = "fn f() {\n    // blocking-lint: allow(fs) -- reason\n\n    // more words\n    x();\n}\n";
        let (sups, notices) = scan(0, src);
        assert!(notices.is_empty());
        assert_eq!(sups[0].scope, Scope::Line(5));
    }

    #[test]
    fn problems_are_reported() {
        let src = "// blocking-lint: allow-file(nope, fs)\nfn f() {}\n// blocking-lint: allow-file(fs)\n// blocking-lint: alow(fs)\n/// blocking-lint: allow(nope)\n";
        let (sups, notices) = scan(0, src);
        assert_eq!(sups.len(), 1);
        let problems: Vec<_> = notices
            .into_iter()
            .map(|n| (n.loc.line, n.problem))
            .collect();
        assert_eq!(
            problems,
            vec![
                (1, Problem::UnknownRule("nope".into())),
                (3, Problem::FileScopeTooLate),
                (4, Problem::Malformed)
            ]
        );
    }
}
