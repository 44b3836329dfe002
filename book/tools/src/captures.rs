//! Stored output that quotes the source: tokio-console's screens (a task's spawn location), the
//! watchdog's log lines ("task spawned at ..."), rustc-style diagnostics (a location, then the
//! line it points at). The code moves under them: a line added above
//! `blocking_pool::named("GET /block", ..)` leaves a screen saying `lib.rs:154:5` where the task
//! is now spawned at line 194. [`check`]
//! finds every such quote in a text and says which no longer match the code, so a test fails
//! before a reader goes looking at the wrong line.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

/// A source location: a workspace path to a Rust file, a line, maybe a column.
static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:lessons|lint|book)/[\w./-]+\.rs):(\d+)(?::(\d+))?").expect("a valid pattern")
});

/// A diagnostic's quoted source line: ` 195 |         std::thread::sleep(..)`.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d+) \|(?: (.*))?$").expect("a valid pattern"));

/// What a line that spawns a task contains: the lessons' named tasks and blocking jobs, tokio's
/// own spawns, and the pools and adapters that spawn for their callers.
static SPAWNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bnamed\(|task::blocking\w*\(|spawn\w*\(|block_on\(|\.offload\(|\.run\(|offload\(")
        .expect("a valid pattern")
});

/// How a text quotes a location, which decides what the code must have there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A tokio-console screen: every location is where a task was spawned.
    ConsoleScreen,
    /// Anything else: a location after "spawned at" is a spawn; a diagnostic's `-->` location is
    /// followed by the lines it quotes.
    Text,
}

/// The quotes in `text` (from `name`, for the messages) that do not match the files under
/// `root`, the workspace.
pub fn check(root: &Path, name: &str, text: &str, kind: Kind) -> Vec<String> {
    let mut problems = Vec::new();
    // The file a diagnostic's `-->` line named, for the quoted lines under it.
    let mut quoting: Option<(String, Vec<String>)> = None;
    for (index, line) in text.lines().enumerate() {
        let at = format!("{name}:{}", index + 1);
        for found in LOCATION.captures_iter(line) {
            let path = &found[1];
            let number: usize = found[2].parse().unwrap_or(0);
            let column: Option<usize> = found.get(3).and_then(|c| c.as_str().parse().ok());
            let Ok(source) = std::fs::read_to_string(root.join(path)) else {
                problems.push(format!("{at}: {path} does not exist"));
                continue;
            };
            let lines: Vec<String> = source.lines().map(str::to_owned).collect();
            let Some(code) = number.checked_sub(1).and_then(|i| lines.get(i)) else {
                problems.push(format!("{at}: {path} has no line {number}"));
                continue;
            };
            if let Some(column) = column {
                let starts = code.chars().nth(column.saturating_sub(1));
                if !starts.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    problems.push(format!(
                        "{at}: {path}:{number}:{column} points at no code: `{}`",
                        code.trim()
                    ));
                }
            }
            let before = &line[..found.get(0).map_or(0, |m| m.start())];
            let spawn = kind == Kind::ConsoleScreen || before.contains("spawned at");
            if spawn && !SPAWNS.is_match(code) {
                problems.push(format!(
                    "{at}: a task is said to be spawned at {path}:{number}, which reads `{}` \
                     (recapture the screen, or correct the line)",
                    code.trim()
                ));
            }
            if line.trim_start().starts_with("-->") {
                quoting = Some((path.to_owned(), lines));
            }
        }
        // Under a `-->` line, the numbered lines are the code as it was when captured.
        if let Some((path, lines)) = &quoting
            && let Some(quoted) = QUOTED.captures(line)
        {
            let number: usize = quoted[1].parse().unwrap_or(0);
            let shown = quoted.get(2).map_or("", |m| m.as_str()).trim_end();
            let actual = number
                .checked_sub(1)
                .and_then(|i| lines.get(i))
                .map(|l| l.trim_end());
            if actual != Some(shown) {
                problems.push(format!(
                    "{at}: quotes {path}:{number} as `{}`, the file has `{}`",
                    shown.trim(),
                    actual.unwrap_or("(no such line)").trim()
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        crate::book_dir().parent().unwrap().to_path_buf()
    }

    /// This very file, quoted: the line below stands for a spawn.
    // tokio::spawn(async {}) stands here for a spawn
    const HERE: &str = "book/tools/src/captures.rs";

    fn line_of(needle: &str) -> usize {
        let source = std::fs::read_to_string(root().join(HERE)).unwrap();
        source.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn a_moved_spawn_is_found() {
        let spawn = line_of("stands here for a spawn");
        let good = format!("│ 13 GET /block task {HERE}:{spawn}:8 │");
        assert_eq!(
            check(&root(), "s", &good, Kind::ConsoleScreen),
            Vec::<String>::new()
        );
        let moved = format!("│ 13 GET /block task {HERE}:{}:8 │", spawn + 1);
        assert_eq!(check(&root(), "s", &moved, Kind::ConsoleScreen).len(), 1);
        let log = format!("blocked (task spawned at {HERE}:{})", spawn + 1);
        assert_eq!(check(&root(), "s", &log, Kind::Text).len(), 1);
    }

    #[test]
    fn a_diagnostic_quoting_an_old_line_is_found() {
        let number = line_of("pub enum Kind {");
        let good = format!("  --> {HERE}:{number}:1\n{number} | pub enum Kind {{\n    |\n");
        assert_eq!(check(&root(), "d", &good, Kind::Text), Vec::<String>::new());
        let old = format!("  --> {HERE}:{number}:1\n{number} | pub enum Sort {{\n");
        assert_eq!(check(&root(), "d", &old, Kind::Text).len(), 1);
        let nowhere = format!("  --> {HERE}:{number}:40\n");
        assert_eq!(check(&root(), "d", &nowhere, Kind::Text).len(), 1);
    }
}
