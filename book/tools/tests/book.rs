//! The book against the code: every include points at a file and an anchor that exist, every
//! internal link lands on a page (and heading) that exists, every page is reachable, no Rust is
//! pasted into a page, and the figures match their stored data. A renamed anchor, a moved
//! lesson or a hand-edited chart fails here, before mdBook renders a hole.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use book_tools::markdown::{self, Include};

fn src() -> PathBuf {
    book_tools::book_dir().join("src")
}

/// Every Markdown file under `book/src`, with its text.
fn pages() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                let text = fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), &mut out);
    assert!(out.len() > 3, "the book has pages");
    out
}

fn shown(path: &Path) -> String {
    path.strip_prefix(book_tools::book_dir())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn resolve(page: &Path, relative: &str) -> PathBuf {
    page.parent().unwrap().join(relative)
}

fn fail_on(problems: Vec<String>) {
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn every_include_names_a_file_and_anchor_that_exist() {
    let mut problems = Vec::new();
    let mut count = 0;
    for (page, text) in pages() {
        for Include { line, path, anchor } in markdown::includes(&text) {
            count += 1;
            let at = format!("{}:{line}", shown(&page));
            let target = resolve(&page, &path);
            let Ok(source) = fs::read_to_string(&target) else {
                problems.push(format!("{at}: included file {path} does not exist"));
                continue;
            };
            if let Some(anchor) = anchor
                && !markdown::has_anchor(&source, &anchor)
            {
                problems.push(format!(
                    "{at}: {path} has no `ANCHOR: {anchor}` ... `ANCHOR_END: {anchor}` pair"
                ));
            }
        }
    }
    fail_on(problems);
    assert!(count > 10, "the book includes its listings ({count} found)");
}

#[test]
fn every_internal_link_resolves() {
    let src = src().canonicalize().unwrap();
    let mut problems = Vec::new();
    for (page, text) in pages() {
        for link in markdown::links(&text) {
            if markdown::is_external(&link.target) {
                continue;
            }
            let at = format!("{}:{}", shown(&page), link.line);
            let (path, fragment) = match link.target.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.target.as_str(), None),
            };
            // mdBook links chapters as .md; a .html link to a chapter works once rendered.
            let target = match path {
                "" => page.clone(),
                path => resolve(&page, &path.replace(".html", ".md")),
            };
            let Ok(target) = target.canonicalize() else {
                problems.push(format!("{at}: link to {} goes nowhere", link.target));
                continue;
            };
            if !target.starts_with(&src) {
                problems.push(format!(
                    "{at}: link to {} leaves the book (link to the repository by URL, or name the file in code)",
                    link.target
                ));
                continue;
            }
            if let Some(fragment) = fragment
                && target.extension().is_some_and(|e| e == "md")
            {
                let ids = markdown::heading_ids(&fs::read_to_string(&target).unwrap());
                if !ids.iter().any(|id| id == fragment) {
                    problems.push(format!(
                        "{at}: no heading #{fragment} in {} (it has: {})",
                        shown(&target),
                        ids.join(", ")
                    ));
                }
            }
        }
    }
    fail_on(problems);
}

#[test]
fn every_page_is_in_the_summary_or_included_by_one() {
    let src = src();
    let summary = fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    let mut reachable: HashSet<PathBuf> = markdown::links(&summary)
        .into_iter()
        .map(|link| src.join(link.target))
        .collect();
    for (page, text) in pages() {
        for include in markdown::includes(&text) {
            reachable.insert(resolve(&page, &include.path));
        }
    }
    let reachable: HashSet<PathBuf> = reachable
        .into_iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let problems = pages()
        .into_iter()
        .map(|(page, _)| page)
        .filter(|page| !page.ends_with("SUMMARY.md"))
        .filter(|page| !reachable.contains(&page.canonicalize().unwrap()))
        .map(|page| format!("{}: neither in SUMMARY.md nor included", shown(&page)))
        .collect();
    fail_on(problems);
}

/// Code in the book comes from crates that compile: a `rust` or `toml` block holds only includes.
#[test]
fn no_listing_is_pasted() {
    let mut problems = Vec::new();
    for (page, text) in pages() {
        // Generated pages carry their source's examples (the lint's catalog); `--check` keeps them.
        if text.starts_with(book_tools::GENERATED_MARK) {
            continue;
        }
        for fence in markdown::fences(&text) {
            if !matches!(fence.lang.as_str(), "rust" | "toml") {
                continue;
            }
            let pasted = fence
                .body
                .iter()
                .any(|line| !line.trim().is_empty() && markdown::includes(line).is_empty());
            if pasted {
                problems.push(format!(
                    "{}:{}: a {} block with code typed into the page; include it from a crate",
                    shown(&page),
                    fence.line,
                    fence.lang
                ));
            }
        }
    }
    fail_on(problems);
}

/// Listings and captures stay as they are in every language: each code block carries the
/// directive that keeps it out of the translators' catalogue (`book/po/messages.pot`).
#[test]
fn every_code_block_is_kept_out_of_translation() {
    let mut problems = Vec::new();
    for (page, text) in pages() {
        for line in markdown::fences_open_to_translation(&text) {
            problems.push(format!(
                "{}:{line}: a code block without `{}` on the line before it",
                shown(&page),
                markdown::SKIP_TRANSLATION
            ));
        }
    }
    fail_on(problems);
}

#[test]
fn lint_rule_pages_match_the_catalog() {
    // The rule pages and their index; the captured diagnostics need the lint to run, which
    // `cargo run -p book-tools -- lint-pages --check` does.
    let src = src();
    let mut stale = book_tools::stale(&src, &book_tools::lint_pages::render_pages());
    stale.extend(book_tools::lint_pages::orphans(&src));
    assert!(
        stale.is_empty(),
        "rule pages differ from the lint's catalog (run `cargo run -p book-tools -- lint-pages`): {stale:?}"
    );
}

#[test]
fn figures_match_their_data() {
    let stale = book_tools::figures::check_all(&src()).unwrap();
    assert!(
        stale.is_empty(),
        "stale figures (run `cargo run -p book-tools -- figures`): {stale:?}"
    );
}

/// Every measured figure in the prose has a source in its section: a stored data file, a command
/// the page names, a test, or a link for facts from elsewhere (see `book_tools::sources`).
#[test]
fn every_figure_in_prose_names_its_source() {
    let mut problems = Vec::new();
    for (page, text) in pages() {
        for unsourced in book_tools::sources::unsourced(&text) {
            problems.push(format!(
                "{}:{}: \"{}\" has no source in its section (name the command, data file, test or link)",
                shown(&page),
                unsourced.line,
                unsourced.figure
            ));
        }
    }
    fail_on(problems);
}

/// Every chart and screenshot under `figures/` is shown by a page, and every image a page shows
/// exists (a chart nobody sees is a chart nobody checks).
#[test]
fn every_image_is_shown_and_exists() {
    let src = src();
    let mut shown_images = HashSet::new();
    let mut problems = Vec::new();
    for (page, text) in pages() {
        for link in markdown::links(&text) {
            let target = link.target.split('#').next().unwrap_or_default();
            if markdown::is_external(target)
                || !(target.ends_with(".svg") || target.ends_with(".png"))
            {
                continue;
            }
            match resolve(&page, target).canonicalize() {
                Ok(path) => {
                    shown_images.insert(path);
                }
                Err(_) => problems.push(format!(
                    "{}:{}: image {target} does not exist",
                    shown(&page),
                    link.line
                )),
            }
        }
    }
    for entry in fs::read_dir(src.join("figures")).unwrap() {
        let path = entry.unwrap().path().canonicalize().unwrap();
        let image = path.extension().is_some_and(|e| e == "svg" || e == "png");
        if image && !shown_images.contains(&path) {
            problems.push(format!("{}: no page shows it", shown(&path)));
        }
    }
    fail_on(problems);
}

/// Every stored capture that quotes the source (console screens, the watchdog's log lines, the
/// lint's diagnostics) and every such quote in a page or the README matches the code as it is
/// now (see `book_tools::captures`).
#[test]
fn every_capture_quotes_the_code_as_it_is() {
    let root = book_tools::book_dir().parent().unwrap().to_path_buf();
    let mut texts: Vec<(PathBuf, String)> = pages();
    for dir in ["console", "lint"] {
        for entry in fs::read_dir(src().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = fs::read_to_string(&path).unwrap();
                texts.push((path, text));
            }
        }
    }
    texts.push((
        root.join("README.md"),
        fs::read_to_string(root.join("README.md")).unwrap(),
    ));
    let mut problems = Vec::new();
    let mut screens = 0;
    for (path, text) in &texts {
        // The lint's rule pages are generated from its catalog; their examples are not captures.
        if path.components().any(|c| c.as_os_str() == "rules") {
            continue;
        }
        let kind = if path.parent().is_some_and(|p| p.ends_with("console")) {
            screens += 1;
            book_tools::captures::Kind::ConsoleScreen
        } else {
            book_tools::captures::Kind::Text
        };
        problems.extend(book_tools::captures::check(&root, &shown(path), text, kind));
    }
    assert!(
        screens > 3,
        "the console's screens are checked ({screens} found)"
    );
    fail_on(problems);
}

/// Every command the README and the book show is run by someone: `book-tools commands` (which
/// `.ci/run` calls), `.ci/run` itself, a named test, or nobody with a reason written down (see
/// `book_tools::commands`). A new command in a page fails here until it says how it is run.
#[test]
fn every_documented_command_is_run_by_ci_or_a_test() {
    use book_tools::commands::{How, all, documented, find};
    let commands = all().unwrap();
    let root = book_tools::book_dir().parent().unwrap().to_path_buf();
    let ci = fs::read_to_string(root.join(".ci/run")).unwrap();
    let mut texts = pages();
    texts.push((
        root.join("README.md"),
        fs::read_to_string(root.join("README.md")).unwrap(),
    ));
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for (path, text) in &texts {
        if path.components().any(|c| c.as_os_str() == "rules") {
            continue;
        }
        for command in documented(text) {
            match find(&commands, &command) {
                Some(entry) => {
                    seen.insert(entry.text);
                }
                None => problems.push(format!(
                    "{}: `{command}` is run by nobody (list it in book/tools/src/commands.rs)",
                    shown(path)
                )),
            }
        }
    }
    for entry in &commands {
        if !seen.contains(entry.text) {
            problems.push(format!(
                "commands.rs lists `{}`, which no page shows",
                entry.text
            ));
        }
        match entry.how {
            How::Ci(line) if !ci.contains(line) => {
                problems.push(format!("`{}`: .ci/run has no `{line}`", entry.text));
            }
            How::Test(file, name) => {
                let source = fs::read_to_string(root.join(file)).unwrap_or_default();
                if !source.contains(&format!("fn {name}(")) {
                    problems.push(format!("`{}`: {file} has no test `{name}`", entry.text));
                }
            }
            _ => {}
        }
    }
    if !ci.contains("book-tools -- commands") {
        problems.push(".ci/run does not run `book-tools -- commands`".to_owned());
    }
    fail_on(problems);
}

/// The README's figures answer to the same rule as the book's: each names its source in its
/// section (a command, a stored data file, a test or a link).
#[test]
fn every_figure_in_the_readme_names_its_source() {
    let root = book_tools::book_dir().parent().unwrap().to_path_buf();
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let problems = book_tools::sources::unsourced(&readme)
        .into_iter()
        .map(|u| {
            format!(
                "README.md:{}: \"{}\" has no source in its section",
                u.line, u.figure
            )
        })
        .collect();
    fail_on(problems);
}
