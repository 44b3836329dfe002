//! What the book's Markdown refers to: included files and anchors, links, headings, code fences.
//!
//! mdBook fails on an include whose file is missing, but it only warns about a missing anchor
//! (the listing comes out empty) and it does not check links at all. These scanners let a test
//! catch both, and keep code out of the book that did not come from a crate. They read
//! Markdown as lines, which is all the book's own pages need; they are not a Markdown parser.

/// `{{#include path:anchor}}` or `{{#rustdoc_include path:anchor}}` in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// 1-based line in the page.
    pub line: usize,
    /// The path as written, relative to the page's folder.
    pub path: String,
    /// The anchor name, when the include names one (not a line range, not the whole file).
    pub anchor: Option<String>,
}

/// Every include in `page`. An include escaped as `\{{#include ...}}` is text, not an include.
pub fn includes(page: &str) -> Vec<Include> {
    let mut found = Vec::new();
    for (index, line) in page.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(start) = rest.find("{{#") {
            let escaped = line[..offset + start].ends_with('\\');
            let after = &rest[start + 3..];
            let Some(end) = after.find("}}") else { break };
            let body = after[..end].trim();
            if !escaped {
                let (command, argument) =
                    body.split_once(char::is_whitespace).unwrap_or((body, ""));
                if matches!(command, "include" | "rustdoc_include") {
                    found.push(parse_include(index + 1, argument.trim()));
                }
            }
            offset += start + 3 + end + 2;
            rest = &line[offset..];
        }
    }
    found
}

fn parse_include(line: usize, argument: &str) -> Include {
    let (path, selector) = match argument.split_once(':') {
        Some((path, selector)) => (path, Some(selector)),
        None => (argument, None),
    };
    // A selector of digits and colons is a line range; anything else names an anchor.
    let anchor = selector
        .filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit() || c == ':'))
        .map(str::to_owned);
    Include {
        line,
        path: path.to_owned(),
        anchor,
    }
}

/// Whether `source` has both `ANCHOR: name` and `ANCHOR_END: name`, as mdBook matches them.
pub fn has_anchor(source: &str, name: &str) -> bool {
    let marks = |mark: &str| {
        source.lines().any(|line| {
            line.split(mark)
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .is_some_and(|found| found == name)
        })
    };
    marks("ANCHOR:") && marks("ANCHOR_END:")
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The first word of the info string (`rust`, `console`, ...), empty when none.
    pub lang: String,
    pub body: Vec<String>,
}

/// Every fenced code block (``` or ~~~) in `page`.
pub fn fences(page: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut open: Option<(String, Fence)> = None;
    for (index, line) in page.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                if let Some(marker) = fence_marker(trimmed) {
                    let info = trimmed[marker.len()..].trim();
                    let lang = info.split([',', ' ']).next().unwrap_or_default().to_owned();
                    open = Some((
                        marker,
                        Fence {
                            line: index + 1,
                            lang,
                            body: Vec::new(),
                        },
                    ));
                }
            }
            Some((marker, fence)) => {
                if trimmed.starts_with(marker.as_str()) && trimmed[marker.len()..].trim().is_empty()
                {
                    found.push(open.take().expect("a fence is open").1);
                } else {
                    fence.body.push(line.to_owned());
                }
            }
        }
    }
    found
}

/// The directive that keeps the next block out of `messages.pot` (mdbook-i18n-helpers): every
/// code block carries it, since listings come from the crates and captures from the programs,
/// and both stay as they are in every language.
pub const SKIP_TRANSLATION: &str = "<!-- i18n:skip -->";

/// Fences (1-based lines) whose previous line is not [`SKIP_TRANSLATION`]: listings that would
/// end up in the translators' catalogue.
pub fn fences_open_to_translation(page: &str) -> Vec<usize> {
    let lines: Vec<&str> = page.lines().collect();
    fences(page)
        .into_iter()
        .filter(|f| f.line < 2 || lines[f.line - 2].trim() != SKIP_TRANSLATION)
        .map(|f| f.line)
        .collect()
}

/// `page` with [`SKIP_TRANSLATION`] before each fence that lacks it, indented like the fence so
/// that a fence in a list item stays in the item.
pub fn skip_fences_in_translation(page: &str) -> String {
    let open = fences_open_to_translation(page);
    let mut out = String::with_capacity(page.len());
    for (index, line) in page.lines().enumerate() {
        if open.contains(&(index + 1)) {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(indent);
            out.push_str(SKIP_TRANSLATION);
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    if !page.ends_with('\n') {
        out.pop();
    }
    out
}

fn fence_marker(line: &str) -> Option<String> {
    for ch in ['`', '~'] {
        let count = line.chars().take_while(|c| *c == ch).count();
        if count >= 3 {
            return Some(ch.to_string().repeat(count));
        }
    }
    None
}

/// Removes fenced blocks and inline code, so links and headings are looked for in prose only.
/// Lines are kept (blanked), so line numbers stay right.
pub fn prose(page: &str) -> String {
    outside_fences(page, without_inline_code)
}

/// `page` with fenced blocks blanked and `inline` applied to every other line.
fn outside_fences(page: &str, inline: fn(&str) -> String) -> String {
    let mut out = Vec::new();
    let mut in_fence: Option<String> = None;
    for line in page.lines() {
        let trimmed = line.trim_start();
        match &in_fence {
            Some(marker) => {
                if trimmed.starts_with(marker.as_str()) && trimmed[marker.len()..].trim().is_empty()
                {
                    in_fence = None;
                }
                out.push(String::new());
            }
            None => {
                if let Some(marker) = fence_marker(trimmed) {
                    in_fence = Some(marker);
                    out.push(String::new());
                } else {
                    out.push(inline(line));
                }
            }
        }
    }
    out.join("\n")
}

fn without_inline_code(line: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in line.chars() {
        if ch == '`' {
            inside = !inside;
        } else if !inside {
            out.push(ch);
        }
    }
    out
}

/// An inline link or image target, `[text](target)` or `![alt](target)`, in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub line: usize,
    pub target: String,
}

/// Every inline link in `page`, outside code.
pub fn links(page: &str) -> Vec<Link> {
    let mut found = Vec::new();
    for (index, line) in prose(page).lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else { break };
            // `[text](target "title")`: the target is the first word.
            let target = after[..end].split_whitespace().next().unwrap_or_default();
            found.push(Link {
                line: index + 1,
                target: target.to_owned(),
            });
            rest = &after[end + 1..];
        }
    }
    found
}

/// Whether a link leaves the book (a web address, mail).
pub fn is_external(target: &str) -> bool {
    target.contains("://") || target.starts_with("mailto:")
}

/// The ids mdBook gives the headings of `page`: the heading's text, lowercased, spaces to
/// hyphens, other punctuation dropped; a repeated id gets `-1`, `-2`, ...
pub fn heading_ids(page: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    // Inline code in a heading keeps its text (mdBook renders it), only the backticks go.
    for line in outside_fences(page, |line| line.replace('`', "")).lines() {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if hashes == 0 || hashes > 6 || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base: String = line[hashes..]
            .trim()
            .chars()
            .filter_map(|ch| match ch {
                c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_ascii_lowercase()),
                c if c.is_whitespace() => Some('-'),
                _ => None,
            })
            .collect();
        let repeats = ids
            .iter()
            .filter(|id| {
                **id == base
                    || id
                        .strip_prefix(&format!("{base}-"))
                        .is_some_and(|n| n.parse::<u32>().is_ok())
            })
            .count();
        ids.push(match repeats {
            0 => base,
            n => format!("{base}-{n}"),
        });
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_get_the_skip_directive_once_and_keep_their_indent() {
        let page = "text\n\n```rust\nx\n```\n\n1. item\n\n   ```text\n   out\n   ```\n";
        assert_eq!(fences_open_to_translation(page), vec![3, 9]);
        let marked = skip_fences_in_translation(page);
        assert!(marked.contains("<!-- i18n:skip -->\n```rust"));
        assert!(marked.contains("   <!-- i18n:skip -->\n   ```text"));
        assert!(fences_open_to_translation(&marked).is_empty());
        assert_eq!(
            skip_fences_in_translation(&marked),
            marked,
            "applied twice, same page"
        );
    }

    #[test]
    fn includes_with_anchors_ranges_and_escapes() {
        let page = "a {{#rustdoc_include ../x.rs:routes}} b\n\
                    {{#include data.txt}}\n\
                    {{#include y.rs:3:9}}\n\
                    \\{{#include not/an/include.rs:z}}\n";
        let found = includes(page);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].path, "../x.rs");
        assert_eq!(found[0].anchor.as_deref(), Some("routes"));
        assert_eq!((found[1].line, found[1].anchor.clone()), (2, None));
        assert_eq!(found[2].anchor, None, "a line range is not an anchor");
    }

    #[test]
    fn anchors_need_both_ends_and_the_exact_name() {
        let source = "// ANCHOR: bad\nx\n// ANCHOR_END: bad\n// ANCHOR: badly\n";
        assert!(has_anchor(source, "bad"));
        assert!(!has_anchor(source, "badly"), "no end");
        assert!(!has_anchor(source, "ba"));
    }

    #[test]
    fn links_outside_code_only() {
        let page =
            "see [a](a.md#x) and ![c](f.svg \"t\")\n`[no](code.md)`\n```\n[no](fence.md)\n```\n";
        let targets: Vec<_> = links(page).into_iter().map(|l| l.target).collect();
        assert_eq!(targets, ["a.md#x", "f.svg"]);
    }

    #[test]
    fn heading_ids_follow_mdbook() {
        let page = "# Why `block_on` panics!\n## Fix\n## Fix\n```\n# not a heading\n```\n";
        assert_eq!(heading_ids(page), ["why-block_on-panics", "fix", "fix-1"]);
    }

    #[test]
    fn fences_report_their_language_and_body() {
        let page = "x\n```rust,ignore\n{{#include a.rs}}\n```\n~~~console\n$ ls\n~~~\n";
        let found = fences(page);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[0].lang.as_str()), (2, "rust"));
        assert_eq!(found[1].body, ["$ ls"]);
    }
}
