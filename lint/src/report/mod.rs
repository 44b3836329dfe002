//! Turning findings into text: the words of every message live here, and the two formats
//! (`human`, `json`) render the same parts.

pub mod fix;
pub mod human;
pub mod json;
pub mod sarif;

use crate::knowledge::logging::{RECORD_WORDS, WRITE_PREFIX, WRITES};
use crate::model::path::DefPath;
use std::collections::HashMap;

use crate::analysis::discover::Plan;
use crate::analysis::engine::Outcome;
use crate::model::source::Loc;
use crate::rules::Level;
use crate::rules::finding::{AsyncKind, Finding, HowItBlocks};
use crate::rules::levels::{Levels, Origin};

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
        AsyncKind::Spawned => "a spawned task".into(),
    }
}

/// The handler a finding is in, in words: `the handler for GET /x`, or for work it spawns and
/// does not await, `a task spawned by the handler for GET /x`.
fn handler_words(served: &crate::rules::finding::Served, kind: &AsyncKind) -> String {
    let route = route_words(&served.routes[0]);
    match kind {
        AsyncKind::Spawned => format!("a task spawned by the handler for {route}"),
        _ => format!("the handler for {route}"),
    }
}

/// `GET /users/{id}`.
fn route_words(route: &crate::rules::finding::Route) -> String {
    format!("{} {}", route.method, route.path)
}

/// The most steps of a transitive chain shown as notes; a longer one shows its first and last
/// two, and how many are left out between.
const MAX_STEPS: usize = 4;

pub fn describe<'a>(
    finding: &'a Finding,
    levels: &Levels,
    files: &[crate::model::source::SourceFile],
) -> Diagnostic<'a> {
    // A handler in an example is still an example: warned about, not denied. Work a handler
    // spawns and does not await stalls a worker, not the handler's own request: its rule's
    // level, not a handler's.
    let spawned = finding.context == AsyncKind::Spawned;
    let in_handler = finding.handler.is_some() && !finding.example && !spawned;
    let (level, origin) = levels.level(finding.rule, in_handler);
    let code = finding.rule.code();
    let context = match &finding.handler {
        Some(served) if served.under.is_some() => format!(
            "{} under the handler for {}",
            context_words(&finding.context),
            route_words(&served.routes[0])
        ),
        Some(served) => handler_words(served, &finding.context),
        None => context_words(&finding.context),
    };
    let context = match finding.startup {
        true => format!("{context} during start-up, before it spawns or serves"),
        false => context,
    };
    let context = match finding.example {
        true => format!("{context}, in an example"),
        false => context,
    };
    // The run's own items carry an internal unit prefix (`#3::db::Pool`); users read `db::Pool`.
    let callee = crate::model::path::display_key(&finding.hit.callee);
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
    let steps: Vec<_> = finding.via.iter().skip(1).collect();
    // A long chain shows its two ends: where the async code enters, and the blocking call.
    let elided = steps.len().saturating_sub(MAX_STEPS);
    for (i, step) in steps.iter().enumerate() {
        if elided > 0 && i == MAX_STEPS / 2 {
            notes.push(Note {
                message: format!("({elided} more steps)"),
                at: None,
            });
        }
        if elided > 0 && (MAX_STEPS / 2..MAX_STEPS / 2 + elided).contains(&i) {
            continue;
        }
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
    if let Some(dep) = &finding.dep {
        notes.extend(
            dep_notes(dep)
                .into_iter()
                .map(|message| Note { message, at: None }),
        );
    }
    if let Some(how) = &finding.how_it_blocks {
        notes.push(Note {
            message: how.to_string(),
            at: None,
        });
    }
    if let (Some(first), false) = (finding.via.first(), finding.also.is_empty()) {
        let also: Vec<String> = finding.also.iter().map(|c| format!("`{c}`")).collect();
        notes.push(Note {
            message: format!("`{}` also reaches {}", first.callee, also.join(", ")),
            at: None,
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
        Origin::Config(entry) => format!("set by {entry}"),
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
    if let (Some(first), Some(root)) = (finding.via.first(), finding.via.last()) {
        let lazy = matches!(finding.how_it_blocks, Some(HowItBlocks::FirstUse { .. }));
        helps.push(match record_keeping_help(&root.caller, &callee) {
            Some(help) => help,
            // The touch that makes the later ones harmless (`analysis::engine`).
            None if lazy && finding.startup => format!(
                "nothing to change: this touch initialises `{}` at start-up, and the touches \
                 after it find it ready (they are not reported)",
                first.callee
            ),
            None if lazy => format!(
                "touch `{}` once before serving (in `main`), or make it a \
                 `tokio::sync::OnceCell` set with `get_or_init(..).await`",
                first.callee
            ),
            None => format!(
                "run `{}` inside `tokio::task::spawn_blocking`, or make it async",
                first.callee
            ),
        });
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

/// The most steps inside dependencies shown as notes; a longer chain shows its first two and
/// its last, with how many are left out between.
const MAX_DEP_STEPS: usize = 3;

/// The chain inside a dependency, a note per step: "`SmtpTransport::send` (lettre 0.11.4,
/// src/transport/smtp/mod.rs:44) calls `SmtpConnection::connect`".
fn dep_notes(dep: &crate::model::dependencies::BlockingExport) -> Vec<String> {
    let steps = &dep.export.steps;
    let word = |s: &crate::model::dependencies::DepStep| {
        format!(
            "`{}` ({}, {}:{}) calls `{}`",
            s.caller, s.package, s.file, s.line, s.callee
        )
    };
    if steps.len() <= MAX_DEP_STEPS {
        return steps.iter().map(word).collect();
    }
    let mut notes: Vec<String> = steps[..MAX_DEP_STEPS - 1].iter().map(word).collect();
    let left_out = steps.len() - MAX_DEP_STEPS;
    notes.push(match left_out {
        1 => "(1 more step)".to_string(),
        n => format!("({n} more steps)"),
    });
    notes.extend(steps.last().map(word));
    notes
}

/// How many async callers a grouped root names before "and N more" (`--all-callers` names all).
const CALLERS_SHOWN: usize = 3;

/// What the human report prints, in order: a diagnostic per finding, except that transitive
/// findings sharing a blocking root (the same blocking call in the same sync helper) are one
/// diagnostic at that root, their async call sites listed under it.
pub enum ReportItem<'a> {
    Site(&'a Diagnostic<'a>),
    Root(RootGroup<'a>),
}

/// One blocking root and the async call sites that reach it, in words.
pub struct RootGroup<'a> {
    /// The sites, most important first: request handlers, then async blocks and closures
    /// (spawned tasks, mostly), then async fns.
    pub sites: Vec<&'a Diagnostic<'a>>,
    /// The most severe of the sites' levels.
    pub level: Level,
    pub file: usize,
    pub loc: Loc,
    pub title: String,
    pub label: String,
    pub helps: Vec<String>,
    pub notes: Vec<String>,
}

/// A transitive finding's root, the same for every finding that reaches it: the rule, and where
/// the blocking call is (`blocking::fs@src/log.rs:12:9`). JSON and SARIF carry it so that CI
/// can group sites as the human report does.
pub fn root_id(finding: &Finding, files: &[crate::model::source::SourceFile]) -> Option<String> {
    let root = finding.via.last()?;
    Some(format!(
        "{}@{}:{}:{}",
        finding.rule.code(),
        files[root.file].display,
        root.loc.line,
        root.loc.col + 1
    ))
}

/// Groups `diags` for the human report (see [`ReportItem`]); a root reached from one site only stays
/// that site's diagnostic, which shows the whole chain.
pub fn entries<'a>(
    diags: &'a [Diagnostic<'a>],
    files: &[crate::model::source::SourceFile],
    all_callers: bool,
) -> Vec<ReportItem<'a>> {
    let mut by_root: HashMap<String, Vec<&'a Diagnostic<'a>>> = HashMap::new();
    for d in diags {
        if let Some(id) = root_id(d.finding, files) {
            by_root.entry(id).or_default().push(d);
        }
    }
    let mut out = Vec::new();
    for d in diags {
        let Some(id) = root_id(d.finding, files) else {
            out.push(ReportItem::Site(d));
            continue;
        };
        match by_root.remove(&id) {
            Some(sites) if sites.len() == 1 => out.push(ReportItem::Site(sites[0])),
            Some(sites) => out.push(ReportItem::Root(group(sites, files, all_callers))),
            // Already placed with the first site that reaches the same root.
            None => {}
        }
    }
    out
}

fn group<'a>(
    mut sites: Vec<&'a Diagnostic<'a>>,
    files: &[crate::model::source::SourceFile],
    all_callers: bool,
) -> RootGroup<'a> {
    let rank = |d: &Diagnostic<'_>| match (&d.finding.handler, &d.finding.context) {
        (Some(_), _) => 0,
        (None, AsyncKind::Block | AsyncKind::Closure | AsyncKind::Spawned) => 1,
        (None, AsyncKind::Fn(_)) => 2,
    };
    sites.sort_by(|a, b| {
        let place = |d: &Diagnostic<'_>| (&files[d.finding.file].display, d.finding.loc.line);
        (rank(a), place(a)).cmp(&(rank(b), place(b)))
    });
    let first = sites[0].finding;
    let root = first
        .via
        .last()
        .expect("a root group is of transitive findings");
    let level = sites.iter().map(|d| d.level).max().unwrap_or(Level::Warn);
    let callee = crate::model::path::display_key(&first.hit.callee);
    let helper = &root.caller;
    let title = format!(
        "blocking call to `{callee}` in `{helper}`, reached from {} async call sites",
        sites.len()
    );
    let label = "this call blocks the thread of every async caller listed below".to_string();
    let shown = if all_callers {
        sites.len()
    } else {
        CALLERS_SHOWN
    };
    let mut notes: Vec<String> = sites
        .iter()
        .take(shown)
        .map(|d| {
            let f = d.finding;
            let context = match &f.handler {
                Some(served) => handler_words(served, &f.context),
                None => context_words(&f.context),
            };
            let entry = &f.via[0].callee;
            let through = if entry == helper {
                String::new()
            } else {
                format!(", through `{entry}`")
            };
            format!(
                "reached from {context} at {}:{}:{}{through}",
                files[f.file].display,
                f.loc.line,
                f.loc.col + 1
            )
        })
        .collect();
    if sites.len() > shown {
        notes.push(format!(
            "and {} more async call sites (`--all-callers` lists them)",
            sites.len() - shown
        ));
    }
    let mut hows: Vec<String> = sites
        .iter()
        .filter_map(|d| d.finding.how_it_blocks.as_ref().map(ToString::to_string))
        .collect();
    hows.sort();
    hows.dedup();
    notes.extend(hows);
    let mut also: Vec<&String> = sites.iter().flat_map(|d| &d.finding.also).collect();
    also.sort();
    also.dedup();
    if !also.is_empty() {
        let also: Vec<String> = also.iter().map(|c| format!("`{c}`")).collect();
        notes.push(format!("the same callers also reach {}", also.join(", ")));
    }
    // The level's origin, as a single site would say it: the most severe site's.
    let loudest = sites.iter().find(|d| d.level == level).unwrap_or(&sites[0]);
    if let Some(origin) = loudest.notes.last() {
        notes.push(origin.message.clone());
    }
    let mut helps = vec![format!(
        "fix it once, in `{helper}`, rather than at each caller: {}",
        first.hit.help
    )];
    helps.extend(record_keeping_help(helper, &callee));
    RootGroup {
        level,
        file: root.file,
        loc: root.loc.clone(),
        title,
        label,
        helps,
        notes,
        sites,
    }
}

/// The advice for a helper that writes a log or a journal, where a `spawn_blocking` per call is
/// the wrong fix: `None` for other helpers.
fn record_keeping_help(helper: &str, callee: &str) -> Option<String> {
    (writes(callee) || keeps_a_record(helper)).then(|| {
        "for a log or a journal, buffer the writes and let one task own the file (send it the \
         lines over a channel), rather than a `spawn_blocking` per call"
            .to_string()
    })
}

/// Whether a helper's name says it keeps a record (`JobLogger::log`, `audit`, `journal_entry`).
fn keeps_a_record(helper: &str) -> bool {
    let lower = helper.to_ascii_lowercase();
    RECORD_WORDS.iter().any(|word| lower.contains(word))
}

/// Whether a blocking callee writes (a file, a stream): the helper may be a logger.
fn writes(callee: &str) -> bool {
    let last = DefPath::new(callee).name();
    last.starts_with(WRITE_PREFIX) || WRITES.contains(&last)
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
    /// Diagnostics that stand for a shared blocking root (human report only), and how many
    /// async call sites they stand for.
    pub roots: usize,
    pub root_sites: usize,
    /// Start-up findings left out because `blocking::startup` is allowed (the summary says so).
    pub startup_allowed: usize,
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

/// How many start-up findings the run left out at level allow.
pub fn startup_allowed(outcome: &Outcome, levels: &Levels) -> usize {
    outcome
        .findings
        .iter()
        .filter(|f| std::ptr::eq(f.rule, crate::rules::STARTUP))
        .filter(|f| levels.level(f.rule, f.handler.is_some() && !f.example).0 == Level::Allow)
        .count()
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

pub fn tally(diags: &[Diagnostic<'_>], notices: &[NoticeDiag], outcome: &Outcome) -> Tally {
    let levels = diags
        .iter()
        .map(|d| d.level)
        .chain(notices.iter().map(|n| n.level));
    let (mut warnings, mut denied) = (0, 0);
    for l in levels {
        match l {
            Level::Warn => warnings += 1,
            Level::Deny => denied += 1,
            Level::Allow => {}
        }
    }
    Tally {
        warnings,
        denied,
        errors: outcome.errors.len(),
        ..Tally::default()
    }
}

/// [`tally`] for the human report, which prints a shared root once.
pub fn tally_entries(
    entries: &[ReportItem<'_>],
    notices: &[NoticeDiag],
    outcome: &Outcome,
) -> Tally {
    let mut t = Tally {
        errors: outcome.errors.len(),
        ..Tally::default()
    };
    let levels = entries.iter().map(|e| match e {
        ReportItem::Site(d) => d.level,
        ReportItem::Root(g) => g.level,
    });
    for level in levels.chain(notices.iter().map(|n| n.level)) {
        match level {
            Level::Warn => t.warnings += 1,
            Level::Deny => t.denied += 1,
            Level::Allow => {}
        }
    }
    for e in entries {
        if let ReportItem::Root(g) = e {
            t.roots += 1;
            t.root_sites += g.sites.len();
        }
    }
    t
}

/// A problem with a suppression comment, in words: a warning like rustc's `unknown_lints`,
/// which `-D warnings` denies and `-A warnings` hides.
pub struct NoticeDiag {
    pub file: usize,
    pub loc: Loc,
    pub level: Level,
    /// Stands where a rule's code stands in JSON: `blocking_lint::unknown_rule`.
    pub code: &'static str,
    pub title: String,
    pub label: String,
    pub helps: Vec<String>,
}

/// The suppression comments to report: malformed ones and unknown rule names always, those
/// that silence nothing when `unused` is asked for.
pub fn notices(outcome: &Outcome, levels: &Levels, unused: bool) -> Vec<NoticeDiag> {
    use crate::analysis::suppress::Problem;
    let level = levels.warnings_level();
    if level == Level::Allow {
        return Vec::new();
    }
    let extra = if unused {
        crate::analysis::suppress::unused(&outcome.suppressions)
    } else {
        Vec::new()
    };
    let mut out: Vec<NoticeDiag> = outcome
        .notices
        .iter()
        .chain(&extra)
        .map(|n| {
            let (code, title, label, helps) = match &n.problem {
                Problem::UnknownRule(name) => (
                    "blocking_lint::unknown_rule",
                    format!("unknown rule `{name}` in a suppression comment"),
                    "no rule has this name, so this silences nothing".to_string(),
                    vec!["`cargo blocking-lint --list` shows the rules; write `fs` or `blocking::fs`".to_string()],
                ),
                Problem::Malformed => (
                    "blocking_lint::malformed_suppression",
                    "suppression comment that the lint cannot read".to_string(),
                    "expected `blocking-lint: allow(RULE, ..) -- reason`".to_string(),
                    vec!["`cargo blocking-lint --explain suppress` shows the forms".to_string()],
                ),
                Problem::FileScopeTooLate => (
                    "blocking_lint::malformed_suppression",
                    "`allow-file` after the first item of the file".to_string(),
                    "a file-wide suppression belongs before the file's first item".to_string(),
                    vec!["move it to the top of the file, or use `allow(..)` on the statement".to_string()],
                ),
                Problem::Unused(name) => (
                    "blocking_lint::unused_suppression",
                    format!("suppression of `blocking::{name}` that silences nothing"),
                    "no finding of this rule here".to_string(),
                    vec!["remove it, or the rule from it".to_string()],
                ),
            };
            NoticeDiag {
                file: n.file,
                loc: n.loc.clone(),
                level,
                code,
                title,
                label,
                helps,
            }
        })
        .collect();
    let files = &outcome.files;
    out.sort_by(|a, b| (&files[a.file].display, &a.loc).cmp(&(&files[b.file].display, &b.loc)));
    out
}

/// Plans are needed by the JSON renderer for package ids and targets.
pub struct ReportInput<'a> {
    pub plan: &'a Plan,
    pub outcome: &'a Outcome,
}
