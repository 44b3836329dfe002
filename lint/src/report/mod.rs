//! Turning findings into text: the words of every message live here, and the two formats
//! (`human`, `json`) render the same parts.

pub mod human;
pub mod json;

use std::collections::HashMap;

use crate::discover::Plan;
use crate::engine::Outcome;
use crate::finding::{AsyncKind, Finding};
use crate::levels::{Levels, Origin};
use crate::rules::Level;
use crate::source::Loc;

/// A note under a diagnostic, with the place it points at when it has one.
pub struct Note {
    pub message: String,
    pub at: Option<(usize, Loc)>,
}

/// Everything a renderer needs about one finding, already in words.
pub struct Diagnostic<'a> {
    pub finding: &'a Finding,
    pub level: Level,
    pub title: String,
    pub label: String,
    pub helps: Vec<String>,
    pub notes: Vec<Note>,
}

fn context_words(kind: &AsyncKind) -> String {
    match kind {
        AsyncKind::Fn(name) => format!("async fn `{name}`"),
        AsyncKind::Block => "async block".into(),
        AsyncKind::Closure => "async closure".into(),
    }
}

/// `GET /users/{id}`.
fn route_words(route: &crate::finding::Route) -> String {
    format!("{} {}", route.method, route.path)
}

pub fn describe<'a>(
    finding: &'a Finding,
    levels: &Levels,
    files: &[crate::source::SourceFile],
) -> Diagnostic<'a> {
    let (level, origin) = levels.level(finding.rule, finding.handler.is_some());
    let code = finding.rule.code();
    let context = match &finding.handler {
        Some(served) if served.under.is_some() => format!(
            "{} under the handler for {}",
            context_words(&finding.context),
            route_words(&served.routes[0])
        ),
        Some(served) => format!("the handler for {}", route_words(&served.routes[0])),
        None => context_words(&finding.context),
    };
    // The run's own items carry an internal unit prefix (`#3::db::Pool`); users read `db::Pool`.
    let callee = crate::transitive::display_key(&finding.hit.callee);
    let (title, label) = match finding.via.first() {
        None => (
            format!("blocking call to `{callee}` in {context}"),
            "this call blocks the thread that runs the async code".to_string(),
        ),
        Some(first) => (
            format!(
                "blocking call to `{callee}` through `{}` in {context}",
                first.callee
            ),
            format!(
                "`{}` blocks the thread that runs the async code",
                first.callee
            ),
        ),
    };
    let mut notes = Vec::new();
    for step in finding.via.iter().skip(1) {
        let file = &files[step.file].display;
        notes.push(Note {
            message: format!(
                "`{}` calls `{}` at {file}:{}:{}",
                step.caller,
                step.callee,
                step.loc.line,
                step.loc.col + 1
            ),
            at: Some((step.file, step.loc.clone())),
        });
    }
    if let Some(served) = &finding.handler {
        let who = match &served.handler {
            Some(name) => format!("`{name}`"),
            None => "this closure".to_string(),
        };
        if let (Some(under), Some(handler)) = (&served.under, &served.handler) {
            notes.push(Note {
                message: format!("`{under}` is awaited by `{handler}`"),
                at: None,
            });
        }
        for route in &served.routes {
            let file = &files[route.file].display;
            notes.push(Note {
                message: format!(
                    "{who} handles {}, routed at {file}:{}:{}",
                    route_words(route),
                    route.at.line,
                    route.at.col + 1
                ),
                at: Some((route.file, route.at.clone())),
            });
        }
    }
    let origin_note = match origin {
        Origin::Default => format!("`#[{}({code})]` on by default", level.as_str()),
        Origin::HandlerDefault => {
            format!(
                "`#[{}({code})]` on by default in request handlers",
                level.as_str()
            )
        }
        Origin::CommandLine(flag) => format!("requested on the command line with `{flag}`"),
        Origin::Warnings(flag) => {
            let l = match level {
                Level::Deny => "-D",
                Level::Warn => "-W",
                Level::Allow => "-A",
            };
            format!("`{l} {code}` implied by `{flag}`")
        }
    };
    notes.push(Note {
        message: origin_note,
        at: None,
    });
    let mut helps = Vec::new();
    if let Some(first) = finding.via.first() {
        helps.push(format!(
            "run `{}` inside `tokio::task::spawn_blocking`, or make it async",
            first.callee
        ));
    }
    helps.push(finding.hit.help.clone());
    Diagnostic {
        finding,
        level,
        title,
        label,
        helps,
        notes,
    }
}

/// File texts, read once each, for snippets.
#[derive(Default)]
pub struct Sources {
    texts: HashMap<usize, String>,
}

impl Sources {
    pub fn get(&mut self, file: usize, outcome: &Outcome) -> &str {
        self.texts.entry(file).or_insert_with(|| {
            std::fs::read_to_string(&outcome.files[file].path).unwrap_or_default()
        })
    }
}

/// Counts for the summary line and the exit status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub warnings: usize,
    pub denied: usize,
    pub errors: usize,
}

impl Tally {
    pub fn exit_code(&self) -> i32 {
        if self.errors > 0 {
            2
        } else if self.denied > 0 {
            1
        } else {
            0
        }
    }
}

/// The findings that are not allowed, described, in report order.
pub fn diagnostics<'a>(outcome: &'a Outcome, levels: &Levels) -> Vec<Diagnostic<'a>> {
    outcome
        .findings
        .iter()
        .map(|f| describe(f, levels, &outcome.files))
        .filter(|d| d.level != Level::Allow)
        .collect()
}

pub fn tally(diags: &[Diagnostic<'_>], outcome: &Outcome) -> Tally {
    Tally {
        warnings: diags.iter().filter(|d| d.level == Level::Warn).count(),
        denied: diags.iter().filter(|d| d.level == Level::Deny).count(),
        errors: outcome.errors.len(),
    }
}

/// Plans are needed by the JSON renderer for package ids and targets.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub outcome: &'a Outcome,
}
