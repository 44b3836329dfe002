//! `--message-format=sarif`: one SARIF 2.1.0 log on stdout, for code-scanning services (GitHub's
//! `upload-sarif`) and SARIF viewers. Rules come from the catalog; results carry the same words
//! as the other formats, with the transitive steps and routes as related locations and the
//! suggestions as fixes.
//!
//! No `helpUri` or `informationUri`: SARIF wants absolute URIs there, and the book has no
//! published address yet. Each rule's `help` names its book page instead
//! (`book/src/lint/rules/NAME.md`, relative to the repository).

use serde_json::{Value, json};

use super::{Diagnostic, NoticeDiag};
use crate::analysis::discover::Plan;
use crate::analysis::engine::Outcome;
use crate::model::source::Loc;
use crate::rules::hit::Suggestion;
use crate::rules::{self, Level, Rule};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base that every artifact URI is relative to.
const BASE_ID: &str = "SRCROOT";

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Allow => "note",
    }
}

/// The body of one `## heading` section of a catalog entry, as plain text.
fn section(rule: &Rule, heading: &str) -> String {
    let text = rule.explanation();
    let Some(start) = text.find(&format!("## {heading}\n")) else {
        return String::new();
    };
    let body = &text[start + heading.len() + 4..];
    let end = body.find("\n## ").unwrap_or(body.len());
    body[..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

fn rule_descriptor(rule: &Rule) -> Value {
    let full = [
        section(rule, "What it does"),
        section(rule, "Why is this bad?"),
    ]
    .join(" ")
    .trim()
    .to_string();
    let page = format!("book/src/lint/rules/{}.md", rule.name);
    json!({
        "id": rule.code(),
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": full },
        "help": {
            "text": format!("{}\nBook page: {page}", rule.explanation()),
            "markdown": rule.explanation(),
        },
        "defaultConfiguration": {
            "enabled": rule.default_level != Level::Allow,
            "level": level_word(rule.default_level),
        },
        "properties": { "tags": [rule.group], "bookPage": page },
    })
}

/// A relative URI for a file name as diagnostics print it.
fn uri(display: &str) -> String {
    let mut out = String::new();
    for c in display.replace('\\', "/").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' => out.push(c),
            _ => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// SARIF columns are 1-based; the run declares them in code points, as `Loc` counts them.
fn region(loc: &Loc) -> Value {
    json!({
        "startLine": loc.line.max(1),
        "startColumn": loc.col + 1,
        "endLine": loc.end_line.max(loc.line).max(1),
        "endColumn": loc.end_col + 1,
    })
}

fn artifact(outcome: &Outcome, file: usize) -> Value {
    json!({ "uri": uri(&outcome.files[file].display), "uriBaseId": BASE_ID })
}

fn location(outcome: &Outcome, file: usize, loc: &Loc) -> Value {
    json!({
        "physicalLocation": { "artifactLocation": artifact(outcome, file), "region": region(loc) }
    })
}

fn fix(s: &Suggestion, outcome: &Outcome, file: usize) -> Value {
    let replacements: Vec<Value> = s
        .edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": region(&e.loc),
                "insertedContent": { "text": e.replacement },
            })
        })
        .collect();
    json!({
        "description": { "text": format!("{} ({})", s.message, s.applicability.as_str()) },
        "artifactChanges": [{ "artifactLocation": artifact(outcome, file), "replacements": replacements }],
    })
}

fn finding_result(d: &Diagnostic<'_>, outcome: &Outcome) -> Value {
    let f = d.finding;
    let index = rules::REGISTRY
        .iter()
        .position(|r| std::ptr::eq(*r, f.rule))
        .unwrap_or(0);
    let mut related = Vec::new();
    for n in &d.notes {
        if let Some((file, loc)) = &n.at {
            let mut l = location(outcome, *file, loc);
            l["id"] = json!(related.len());
            l["message"] = json!({ "text": n.message });
            related.push(l);
        }
    }
    let mut text = format!("{}: {}", d.title, d.label);
    for h in &d.helps {
        text.push_str(&format!("\nhelp: {h}"));
    }
    for n in d.notes.iter().filter(|n| n.at.is_none()) {
        text.push_str(&format!("\nnote: {}", n.message));
    }
    let mut result = json!({
        "ruleId": f.rule.code(),
        "ruleIndex": index,
        "level": level_word(d.level),
        "message": { "text": text },
        "locations": [location(outcome, f.file, &f.loc)],
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(id) = super::root_id(f, &outcome.files) {
        // Results with the same root share this fingerprint: one fix, one group in a CI view.
        result["partialFingerprints"] = json!({ "blockingRoot/v1": id });
    }
    // A transitive finding's suggestion edits the sync fn at the end of the chain, where an
    // `.await` cannot go: only direct findings offer theirs as a fix.
    if let (Some(s), true) = (&f.hit.suggestion, f.via.is_empty()) {
        result["fixes"] = json!([fix(s, outcome, f.file)]);
    }
    result
}

fn notice_result(n: &NoticeDiag, outcome: &Outcome) -> Value {
    let mut text = format!("{}: {}", n.title, n.label);
    for h in &n.helps {
        text.push_str(&format!("\nhelp: {h}"));
    }
    json!({
        "ruleId": n.code,
        "level": level_word(n.level),
        "message": { "text": text },
        "locations": [location(outcome, n.file, &n.loc)],
    })
}

/// The whole log. Files that could not be read or parsed are the tool's own notifications.
pub fn log(
    diags: &[Diagnostic<'_>],
    notices: &[NoticeDiag],
    plan: &Plan,
    outcome: &Outcome,
) -> Value {
    let mut results: Vec<Value> = diags.iter().map(|d| finding_result(d, outcome)).collect();
    results.extend(notices.iter().map(|n| notice_result(n, outcome)));
    let notifications: Vec<Value> = outcome
        .errors
        .iter()
        .map(|e| {
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            let mut v = json!({
                "level": "error",
                "message": { "text": format!("could not parse `{}`: {}", outcome.files[e.file].display, e.message) },
            });
            let loc = Loc {
                line: n(e.line),
                col: n(e.col.saturating_sub(1)),
                end_line: n(e.line),
                end_col: n(e.col),
                start: 0,
                end: 0,
            };
            // Line 0: the file could not be read at all, so there is no place in it.
            if e.line > 0 {
                v["locations"] = json!([location(outcome, e.file, &loc)]);
            }
            v
        })
        .collect();
    let base = plan
        .base
        .canonicalize()
        .unwrap_or_else(|_| plan.base.clone());
    let mut base_uri = format!("file://{}", uri(&base.display().to_string()));
    if !base_uri.ends_with('/') {
        base_uri.push('/');
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "blocking-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules::REGISTRY.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                }
            },
            "originalUriBaseIds": { BASE_ID: { "uri": base_uri } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": outcome.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    })
}
