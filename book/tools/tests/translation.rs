//! The Chinese edition, checked like the English one: every message the English pages have today
//! is translated (none missing, none fuzzy), and the edition built from `book/po/zh-CN.po` has
//! working links, anchors and images, its pages in Chinese, the language switch, and no Markdown
//! that the translation broke (emphasis markers left as text).
//!
//! It needs mdBook, mdbook-i18n-helpers and gettext (book/po/README.md); without them it says so
//! and passes, except under `CI=true`, where `.ci/run` installs them and a missing tool fails.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Whether every tool is on PATH; under CI a missing one is a failure, elsewhere a skip.
fn tools_present() -> bool {
    let missing: Vec<&str> = [
        "mdbook",
        "mdbook-xgettext",
        "mdbook-gettext",
        "msgmerge",
        "msgfmt",
    ]
    .into_iter()
    .filter(|t| {
        Command::new("sh")
            .args(["-c", &format!("command -v {t}")])
            .output()
            .map_or(true, |o| !o.status.success())
    })
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "missing {missing:?}: .ci/run installs them (see book/po/README.md)"
    );
    eprintln!("skipped: {missing:?} not installed (see book/po/README.md)");
    false
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the tool runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Builds the book with mdBook into a scratch folder named `name`, with one setting changed
/// through the environment (the renderer, or the language), and returns the folder.
fn build_book(name: &str, setting: (&str, &str)) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    run(Command::new("mdbook")
        .args(["build", "-d"])
        .arg(&dir)
        .current_dir(book())
        .env(setting.0, setting.1));
    dir
}

#[test]
fn every_english_message_has_its_chinese() {
    if !tools_present() {
        return;
    }
    let dir = build_book(
        "po",
        (
            "MDBOOK_OUTPUT",
            r#"{"xgettext": {"pot-file": "messages.pot"}}"#,
        ),
    );
    let merged = dir.join("zh-CN.po");
    run(Command::new("msgmerge")
        .args(["--quiet", "--no-fuzzy-matching", "-o"])
        .arg(&merged)
        .arg(book().join("po/zh-CN.po"))
        .arg(dir.join("messages.pot")));
    // "926 translated messages, 1 fuzzy translation, 2 untranslated messages."
    let stats = run(Command::new("msgfmt")
        .args(["--check", "--statistics", "-o", "/dev/null"])
        .arg(&merged));
    let open: Vec<&str> = stats
        .split(',')
        .filter(|part| part.contains("fuzzy") || part.contains("untranslated"))
        .collect();
    if !open.is_empty() {
        let list = Command::new("msgattrib")
            .args(["--only-fuzzy", "--no-obsolete"])
            .arg(&merged)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        let untranslated = Command::new("msgattrib")
            .args(["--untranslated", "--no-obsolete"])
            .arg(&merged)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        panic!(
            "book/po/zh-CN.po is behind the English ({}): update it as book/po/README.md says\n{list}{untranslated}",
            stats.trim()
        );
    }
}

/// The built pages, by path below the site's root.
fn pages(root: &Path) -> HashMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut HashMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = HashMap::new();
    walk(root, root, &mut out);
    out
}

/// The values of `attr="..."` in `html`.
fn attributes<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// A page's own content: what mdBook puts in `<main>`.
fn main_of(html: &str) -> &str {
    let start = html.find("<main>").map_or(0, |i| i + 6);
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |i| start + i);
    &html[start..end]
}

/// The text of `html` outside code, with tags taken out.
fn prose_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        let next_code = ["<pre", "<code"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min();
        let (upto, skip) = match next_code {
            Some((i, "<pre")) => (i, rest[i..].find("</pre>").map(|e| i + e + 6)),
            Some((i, _)) => (i, rest[i..].find("</code>").map(|e| i + e + 7)),
            None => (rest.len(), None),
        };
        out.push_str(&rest[..upto]);
        rest = skip.map_or("", |s| &rest[s.min(rest.len())..]);
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// `_x_` or `*x*` left as text beside Chinese characters: emphasis the translation broke
/// (CommonMark does not open `_` emphasis between two letters, and CJK characters count as
/// letters).
fn stray_emphasis(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if (*c == '_' || *c == '*')
            && (i > 0 && is_cjk(chars[i - 1]) || chars.get(i + 1).is_some_and(|n| is_cjk(*n)))
        {
            let from = i.saturating_sub(8);
            let to = (i + 8).min(chars.len());
            found.push(chars[from..to].iter().collect());
        }
    }
    found
}

#[test]
fn the_chinese_edition_builds_with_working_links() {
    if !tools_present() {
        return;
    }
    let site = build_book("zh-CN", ("MDBOOK_BOOK__LANGUAGE", "zh-CN"));
    let pages = pages(&site);
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|(p, html)| (p.as_str(), attributes(html, "id").into_iter().collect()))
        .collect();
    let mut problems = Vec::new();
    let mut chapters = 0;
    for (page, html) in &pages {
        if ["print.html", "toc.html", "404.html"].contains(&page.as_str()) {
            continue;
        }
        chapters += 1;
        if !html.contains("<html lang=\"zh-CN\"") {
            problems.push(format!("{page}: not marked as Chinese"));
        }
        // mdBook names the script after its contents: `language-switch-<hash>.js`.
        if !attributes(html, "src")
            .iter()
            .any(|s| s.contains("language-switch"))
        {
            problems.push(format!("{page}: no language switch"));
        }
        let main = main_of(html);
        let text = prose_text(main);
        if !text.chars().any(is_cjk) {
            problems.push(format!("{page}: no Chinese in its text"));
        }
        for stray in stray_emphasis(&text) {
            problems.push(format!("{page}: emphasis left as text: …{stray}…"));
        }
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for href in attributes(main, "href") {
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                normalise(&dir.join(file))
            };
            match ids.get(target.as_str()) {
                Some(ids) if !anchor.is_empty() && !ids.contains(anchor) => problems.push(format!(
                    "{page}: links to {href}, an anchor the Chinese page does not have \
                     (keep the English id: `{{#{anchor}}}` after the translated heading)"
                )),
                Some(_) => {}
                None if site.join(&target).exists() => {}
                None => problems.push(format!("{page}: links to {href}, which does not exist")),
            }
        }
        for src in attributes(main, "src") {
            if !src.contains("://") && !site.join(normalise(&dir.join(src))).exists() {
                problems.push(format!("{page}: shows {src}, which does not exist"));
            }
        }
    }
    assert!(
        chapters > 20,
        "the Chinese edition has its chapters: {chapters}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `a/../b.html` -> `b.html`, without touching the disk.
fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn the_checks_see_broken_emphasis_and_paths() {
    assert_eq!(stray_emphasis("这是_强调_的").len(), 2);
    assert!(stray_emphasis("a_b c*d 中 文").is_empty());
    assert_eq!(
        normalise(Path::new("lint/../lint/rules/fs.html")),
        "lint/rules/fs.html"
    );
    assert_eq!(
        prose_text("<p>中<code>a_b</code>文</p><pre>x*y</pre>"),
        "中文"
    );
}
