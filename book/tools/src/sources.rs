//! Where the book's numbers come from.
//!
//! A figure in prose ("p99 at 7 to 18 times idle", "a round trip costs 16.6 µs") is a claim a
//! reader will repeat. Each must be traceable: to a stored data file, to a command the page names
//! (the demo, a bench, a test), or, for facts from elsewhere, to a link. [`unsourced`] finds the
//! measured figures of a page whose section names none of these, so a test can keep new prose
//! honest. It reads the page as lines, like [`crate::markdown`]: sections are the text between
//! two headings, code fences and inline code are not prose.
//!
//! What counts as a figure: a number with a unit of time, rate or ratio (`ms`, `µs`, `s`,
//! `req/s`, `%`, `×`, "times idle"), digits or words ("two to three times idle"). Counts and
//! sizes ("65,536 steps", "2 workers") are not measurements and are left alone.

use std::sync::LazyLock;

use regex::Regex;

/// A figure in a page's prose with no source in its section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsourced {
    /// 1-based line in the page.
    pub line: usize,
    /// The figure as written.
    pub figure: String,
}

/// A number (digits, or a word up to twenty) followed by a unit of time, rate or ratio.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    let number = r"(?:\d[\d,.]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a hundred|a thousand)\b)";
    let unit = r"(?:ms|µs|us|ns|s|seconds?|milliseconds?|microseconds?|req/s|requests? per second|%|×|x|times(?: (?:idle|faster|slower|more|less|as))?)";
    Regex::new(&format!(
        r"(?i)(?:^|[^\w.])({number}(?:\s*(?:to|-|–|or)\s*{number})?\s?{unit})(?:\W|$)"
    ))
    .expect("a valid pattern")
});

/// What names a source: a command, a stored file, a test, a link, or a `<!-- source: -->` note.
static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"`(?:cargo (?:run|bench|test|blocking-lint)|curl |bash |wrk |hyperfine |RUST_LOG=|TOKIO_CONSOLE_\w+=)",
        r"|\{\{#include [^}]*(?:figures|data|console)/",
        r"|(?:data|figures)/[\w.-]+\.(?:json|md|svg)",
        r"|tests/[\w/-]+\.rs",
        r"|\]\(https?://",
        r"|<!-- source: ",
    ))
    .expect("a valid pattern")
});

/// Inline code spans, which hold commands and identifiers, not claims.
static INLINE_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`[^`]*`").expect("a valid pattern"));

/// The figures in `page`'s prose whose section names no source.
pub fn unsourced(page: &str) -> Vec<Unsourced> {
    let mut found = Vec::new();
    let mut section: Vec<Unsourced> = Vec::new();
    let mut sourced = false;
    let mut in_fence = false;
    for (index, line) in page.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        // A command in a shell block is a source; the rest of a code block is not prose.
        if in_fence {
            sourced |= SOURCE.is_match(&format!("`{}", trimmed.trim_start_matches("$ ")));
            continue;
        }
        if trimmed.starts_with('#') {
            if !sourced {
                found.append(&mut section);
            }
            section.clear();
            sourced = false;
        }
        sourced |= SOURCE.is_match(line);
        let prose = INLINE_CODE.replace_all(line, " ");
        for capture in FIGURE.captures_iter(&prose) {
            section.push(Unsourced {
                line: index + 1,
                figure: capture[1].to_owned(),
            });
        }
    }
    if !sourced {
        found.append(&mut section);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(page: &str) -> Vec<String> {
        unsourced(page).into_iter().map(|u| u.figure).collect()
    }

    #[test]
    fn a_figure_without_a_source_is_found_in_digits_and_in_words() {
        let page = "# Measured\n\nThe p99 went to 7.5 ms, two to three times idle.\n";
        assert_eq!(figures(page), ["7.5 ms", "two to three times idle"]);
    }

    #[test]
    fn a_command_a_data_file_or_a_link_in_the_section_is_a_source() {
        for source in [
            "Run `cargo run --release -p lesson-02-await-or-offload -- demo`.",
            "Stored in `book/src/data/lesson-02-demo.json`.",
            "{{#include figures/lesson-02-small-x.md}}",
            "See [tokio's docs](https://docs.rs/tokio).",
            "<!-- source: lessons/02-await-or-offload/src/calc.rs -->",
        ] {
            let page = format!("# Measured\n\nIt took 16.6 µs.\n\n{source}\n");
            assert_eq!(figures(&page), Vec::<String>::new(), "{source}");
        }
    }

    #[test]
    fn a_source_covers_its_own_section_only() {
        let page = "# One\n\nIt took 3 ms (`cargo bench`).\n\n# Two\n\nIt took 4 ms.\n";
        assert_eq!(figures(page), ["4 ms"]);
    }

    #[test]
    fn a_shell_block_names_a_source_and_code_is_not_prose() {
        let page =
            "# Try\n\nIt answers in 2 ms:\n\n```console\n$ curl 127.0.0.1:3001/health\n```\n";
        assert_eq!(figures(page), Vec::<String>::new());
        let code = "# Code\n\n```rust\nlet t = 5 ms;\n```\n\nUse `sleep(5 s)` here.\n";
        assert_eq!(figures(code), Vec::<String>::new());
    }

    #[test]
    fn counts_and_names_are_not_figures() {
        let page = "# Plain\n\nChunks of 65,536 steps on 2 workers; lesson 02 and HTTP 503.\n";
        assert_eq!(figures(page), Vec::<String>::new());
    }
}
