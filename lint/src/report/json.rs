//! `--message-format=json`: cargo's `compiler-message` lines carrying rustc's diagnostic JSON,
//! closed by a `build-finished` line, so cargo JSON consumers (rust-analyzer's check override,
//! `cargo_metadata::Message`) read it as they read `cargo check`.

use serde_json::{Value, json};

use super::{Diagnostic, NoticeDiag, Sources};
use crate::analysis::discover::Plan;
use crate::analysis::engine::Outcome;
use crate::model::source::Loc;
use crate::rules::Level;
use crate::rules::finding::FileError;
use crate::rules::hit::Suggestion;

/// rustc's span object for `loc` in `file`.
fn span(
    loc: &Loc,
    file_name: &str,
    src: &str,
    primary: bool,
    label: Option<&str>,
    replacement: Option<(&str, &str)>,
) -> Value {
    let first = loc.line as usize;
    let last = loc.end_line.max(loc.line) as usize;
    // Only the span's own lines (none for line 0): the file is read up to them, not split whole
    // for each span.
    let contents = src
        .lines()
        .skip(first.wrapping_sub(1))
        .take(last + 1 - first);
    let mut text = Vec::new();
    for (line, content) in (first..=last).zip(contents) {
        let len = content.chars().count();
        let start = if line == loc.line as usize {
            loc.col as usize + 1
        } else {
            1
        };
        let end = if line == loc.end_line as usize {
            loc.end_col as usize + 1
        } else {
            len + 1
        };
        text.push(json!({ "text": content, "highlight_start": start, "highlight_end": end }));
    }
    json!({
        "file_name": file_name,
        "byte_start": loc.start,
        "byte_end": loc.end,
        "line_start": loc.line,
        "line_end": loc.end_line,
        "column_start": loc.col + 1,
        "column_end": loc.end_col + 1,
        "is_primary": primary,
        "text": text,
        "label": label,
        "suggested_replacement": replacement.map(|r| r.0),
        "suggestion_applicability": replacement.map(|r| r.1),
        "expansion": null,
    })
}

fn child(message: &str, level: &str, spans: Vec<Value>) -> Value {
    json!({
        "$message_type": "diagnostic",
        "message": message,
        "code": null,
        "level": level,
        "spans": spans,
        "children": [],
        "rendered": null,
    })
}

fn wrap(plan: &Plan, outcome: &Outcome, file: usize, message: Value) -> Value {
    let unit = &plan.units[outcome.files[file].unit];
    let package = unit.package.map(|p| &plan.packages[p]);
    json!({
        "reason": "compiler-message",
        "package_id": package.map(|p| p.id.clone()).unwrap_or_else(|| format!("path+file://{}", outcome.files[file].path.display())),
        "manifest_path": package.map(|p| p.manifest_path.display().to_string()).unwrap_or_default(),
        "target": unit.target,
        "message": message,
    })
}

fn suggestion_child(s: &Suggestion, file_name: &str, src: &str) -> Value {
    let spans = s
        .edits
        .iter()
        .map(|e| {
            span(
                &e.loc,
                file_name,
                src,
                true,
                None,
                Some((&e.replacement, s.applicability.as_str())),
            )
        })
        .collect();
    child(&s.message, "help", spans)
}

pub fn finding_line(
    d: &Diagnostic<'_>,
    rendered: &str,
    plan: &Plan,
    outcome: &Outcome,
    sources: &mut Sources,
) -> Value {
    let f = d.finding;
    let file_name = outcome.files[f.file].display.clone();
    let src = sources.get(f.file, outcome).to_string();
    let mut children: Vec<Value> = d
        .helps
        .iter()
        .map(|h| child(h, "help", Vec::new()))
        .collect();
    if let Some(s) = &f.hit.suggestion {
        children.push(suggestion_child(s, &file_name, &src));
    }
    for n in &d.notes {
        let spans = match &n.at {
            Some((file, loc)) => {
                let name = outcome.files[*file].display.clone();
                let text = sources.get(*file, outcome).to_string();
                vec![span(loc, &name, &text, true, None, None)]
            }
            None => Vec::new(),
        };
        children.push(child(&n.message, "note", spans));
    }
    if let Some(id) = super::root_id(f, &outcome.files) {
        // The same text for every site that reaches this root, so a consumer can group them as
        // the human report does.
        let text = format!("blocking root: {id}");
        children.push(child(&text, "note", Vec::new()));
    }
    let message = json!({
        "$message_type": "diagnostic",
        "message": d.title,
        "code": { "code": f.rule.code(), "explanation": null },
        "level": if d.level == Level::Deny { "error" } else { "warning" },
        "spans": [span(&f.loc, &file_name, &src, true, Some(&d.label), None)],
        "children": children,
        "rendered": rendered,
    });
    wrap(plan, outcome, f.file, message)
}

pub fn notice_line(
    n: &NoticeDiag,
    rendered: &str,
    plan: &Plan,
    outcome: &Outcome,
    sources: &mut Sources,
) -> Value {
    let file_name = outcome.files[n.file].display.clone();
    let src = sources.get(n.file, outcome).to_string();
    let children: Vec<Value> = n
        .helps
        .iter()
        .map(|h| child(h, "help", Vec::new()))
        .collect();
    let message = json!({
        "$message_type": "diagnostic",
        "message": n.title,
        "code": { "code": n.code, "explanation": null },
        "level": if n.level == Level::Deny { "error" } else { "warning" },
        "spans": [span(&n.loc, &file_name, &src, true, Some(&n.label), None)],
        "children": children,
        "rendered": rendered,
    });
    wrap(plan, outcome, n.file, message)
}

pub fn error_line(
    e: &FileError,
    rendered: &str,
    plan: &Plan,
    outcome: &Outcome,
    sources: &mut Sources,
) -> Value {
    let file_name = outcome.files[e.file].display.clone();
    let src = sources.get(e.file, outcome).to_string();
    let mut spans = Vec::new();
    if e.line > 0 {
        // Byte offset of the reported character, for consumers that use bytes.
        let byte = src
            .split_inclusive('\n')
            .take(e.line - 1)
            .map(str::len)
            .sum::<usize>()
            + src
                .lines()
                .nth(e.line - 1)
                .map(|l| {
                    l.char_indices()
                        .nth(e.col.saturating_sub(1))
                        .map_or(l.len(), |(i, _)| i)
                })
                .unwrap_or(0);
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        let loc = Loc {
            line: n(e.line),
            col: n(e.col.saturating_sub(1)),
            end_line: n(e.line),
            end_col: n(e.col),
            start: n(byte),
            end: n(byte + 1),
        };
        spans.push(span(&loc, &file_name, &src, true, None, None));
    }
    let message = json!({
        "$message_type": "diagnostic",
        "message": format!("could not parse `{file_name}`: {}", e.message),
        "code": null,
        "level": "error",
        "spans": spans,
        "children": [],
        "rendered": rendered,
    });
    wrap(plan, outcome, e.file, message)
}

pub fn finished(success: bool) -> Value {
    json!({ "reason": "build-finished", "success": success })
}
