//! rustc-style text, rendered by annotate-snippets (the renderer rustc itself uses).

use annotate_snippets::renderer::{AnsiColor, Effects};
use annotate_snippets::{Level as Snip, Renderer, Snippet};

use super::{Diagnostic, NoticeDiag, RootGroup, Tally};
use crate::model::source::Loc;
use crate::rules::Level;
use crate::rules::finding::FileError;

/// The lines `loc` covers, and the byte offset where they start in `src`.
fn lines_of<'s>(src: &'s str, loc: &Loc) -> (&'s str, usize) {
    let mut start = 0;
    let mut line = 1;
    let bytes = src.as_bytes();
    let (first, last) = (loc.line as usize, loc.end_line as usize);
    while line < first && start < bytes.len() {
        match memchr(bytes, start) {
            Some(nl) => start = nl + 1,
            None => start = bytes.len(),
        }
        line += 1;
    }
    let mut end = start;
    while line <= last.max(first) && end < bytes.len() {
        end = memchr(bytes, end).unwrap_or(bytes.len());
        if line < last {
            end += 1;
        }
        line += 1;
    }
    let end = end.min(src.len());
    (src.get(start..end).unwrap_or(""), start)
}

/// The lines `loc` covers, and where it starts and ends in them (bytes).
fn snippet_of<'s>(src: &'s str, loc: &Loc) -> (&'s str, usize, usize) {
    let (text, base) = lines_of(src, loc);
    let start = (loc.start as usize).saturating_sub(base).min(text.len());
    let end = (loc.end as usize)
        .saturating_sub(base)
        .clamp(start, text.len());
    (text, start, end)
}

fn memchr(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| p + from)
}

fn snip_level(level: Level) -> Snip {
    match level {
        Level::Deny => Snip::Error,
        _ => Snip::Warning,
    }
}

/// The renderer for a diagnostic at `level`. Primary spans are drawn as error annotations (`^`,
/// as rustc draws every primary span); a warning's are coloured as rustc colours them, yellow.
pub fn renderer(styled: bool, level: Level) -> Renderer {
    if !styled {
        return Renderer::plain();
    }
    let r = Renderer::styled();
    if level == Level::Deny {
        r
    } else {
        r.error(AnsiColor::BrightYellow.on_default().effects(Effects::BOLD))
    }
}

/// One finding as rustc would print it.
pub fn render(d: &Diagnostic<'_>, src: &str, origin: &str, styled: bool) -> String {
    let renderer = renderer(styled, d.level);
    let loc = &d.finding.loc;
    let (text, start, end) = snippet_of(src, loc);
    let level = snip_level(d.level);
    let notes: Vec<&str> = d.notes.iter().map(|n| n.message.as_str()).collect();
    let mut msg = level.title(&d.title).snippet(
        Snippet::source(text)
            .line_start(loc.line as usize)
            .origin(origin)
            .annotation(Snip::Error.span(start..end).label(&d.label)),
    );
    for h in &d.helps {
        msg = msg.footer(Snip::Help.title(h));
    }
    for n in &notes {
        msg = msg.footer(Snip::Note.title(n));
    }
    renderer.render(msg).to_string()
}

/// Transitive findings that share their blocking root, as one diagnostic at the root.
pub fn render_root(g: &RootGroup<'_>, src: &str, origin: &str, styled: bool) -> String {
    let renderer = renderer(styled, g.level);
    let (text, start, end) = snippet_of(src, &g.loc);
    let mut msg = snip_level(g.level).title(&g.title).snippet(
        Snippet::source(text)
            .line_start(g.loc.line as usize)
            .origin(origin)
            .annotation(Snip::Error.span(start..end).label(&g.label)),
    );
    for h in &g.helps {
        msg = msg.footer(Snip::Help.title(h));
    }
    for n in &g.notes {
        msg = msg.footer(Snip::Note.title(n));
    }
    renderer.render(msg).to_string()
}

/// A problem with a suppression comment.
pub fn render_notice(n: &NoticeDiag, src: &str, origin: &str, styled: bool) -> String {
    let renderer = renderer(styled, n.level);
    let (text, start, end) = snippet_of(src, &n.loc);
    let code_note = format!("`{}` is not a rule; `-A warnings` hides it", n.code);
    let mut msg = snip_level(n.level).title(&n.title).snippet(
        Snippet::source(text)
            .line_start(n.loc.line as usize)
            .origin(origin)
            .annotation(Snip::Error.span(start..end).label(&n.label)),
    );
    for h in &n.helps {
        msg = msg.footer(Snip::Help.title(h));
    }
    msg = msg.footer(Snip::Note.title(&code_note));
    renderer.render(msg).to_string()
}

/// A file that could not be read or parsed: one line, its place and the parser's words, so that
/// a deliberately broken fixture does not bury the findings around it.
pub fn render_error(e: &FileError, origin: &str, renderer: &Renderer) -> String {
    let place = match e.line {
        0 => origin.to_string(),
        line => format!("{origin}:{line}:{}", e.col),
    };
    let title = format!("could not parse `{place}`: {}", e.message);
    renderer.render(Snip::Error.title(&title)).to_string()
}

/// Said once after the files that could not be parsed: how to leave such files out.
pub fn exclude_hint(renderer: &Renderer) -> String {
    renderer
        .render(Snip::Help.title(
            "a file that is not meant to parse (a fixture, a syntax test) can be left out with \
             `exclude = [\"path/to/fixtures/**\"]` in blocking-lint.toml",
        ))
        .to_string()
}

/// The closing line: `warning: 2 warnings emitted` as rustc says it, or what is at deny level
/// and the exit status it gives.
pub fn summary(t: &Tally, renderer: &Renderer) -> Option<String> {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let errors = t.denied + t.errors;
    // Nothing disappears silently: allowed start-up findings are counted on a line of their own.
    let startup = (t.startup_allowed > 0).then(|| {
        let s = format!(
            "{} allowed; `-W blocking::startup` shows them",
            plural(t.startup_allowed, "start-up finding")
        );
        renderer.render(Snip::Note.title(&s)).to_string()
    });
    let text = if errors > 0 {
        // Say what happened, not that the lint failed: findings at deny level, or files it could
        // not read, and the exit status they give.
        let mut parts = Vec::new();
        if t.denied > 0 {
            parts.push(format!("{} at deny level", plural(t.denied, "finding")));
        }
        if t.errors > 0 {
            parts.push(format!(
                "{} that could not be parsed",
                plural(t.errors, "file")
            ));
        }
        let mut s = parts.join(" and ");
        if t.warnings > 0 {
            s.push_str(&format!("; {} emitted", plural(t.warnings, "warning")));
        }
        s.push_str(&format!(" (exit {})", t.exit_code()));
        renderer.render(Snip::Error.title(&s)).to_string()
    } else if t.warnings > 0 {
        let s = format!("{} emitted", plural(t.warnings, "warning"));
        renderer.render(Snip::Warning.title(&s)).to_string()
    } else {
        return startup;
    };
    let text = match startup {
        Some(line) => format!("{text}\n{line}"),
        None => text,
    };
    if t.roots == 0 {
        return Some(text);
    }
    // One line: the count of diagnostics and of the call sites they stand for, so that the human
    // report (a shared root is one diagnostic) and the JSON (one message per site) never seem
    // to disagree.
    let diagnostics = t.warnings + t.denied;
    let sites = diagnostics - t.roots + t.root_sites;
    let grouped = format!(
        ": {} for {}, {} of them for {}",
        plural(diagnostics, "diagnostic"),
        plural(sites, "call site"),
        t.roots,
        if t.roots == 1 {
            "a shared blocking root"
        } else {
            "shared blocking roots"
        }
    );
    Some(match text.split_once('\n') {
        Some((first, rest)) => format!("{first}{grouped}\n{rest}"),
        None => format!("{text}{grouped}"),
    })
}
