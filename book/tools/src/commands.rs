//! The commands the README and the book tell a reader to run, and how each is run for them.
//!
//! A command in a `sh` or `console` block is a promise: typed as written, it works. [`all`]
//! says, for every one of them, who runs it (each lesson's demo, found from the lessons'
//! descriptions, and the others listed in [`COMMANDS`]): `cargo run -p book-tools -- commands` (which
//! `.ci/run` calls, each command under a time bound and with the exit status it must end with),
//! `.ci/run` itself, a named test, or nobody, with the reason and what checks it instead (a
//! terminal UI, a command that rewrites the repository). [`documented`] finds the commands in a
//! page, and a test fails when a page has one that [`all`] does not list, or when a listed
//! test or `.ci/run` line is gone.

use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

/// How a documented command is run.
#[derive(Debug, Clone, Copy)]
pub enum How {
    /// `book-tools commands` runs it, from the repository's root, within `limit` seconds, and it
    /// must exit with `exit`.
    Here { limit: u64, exit: i32 },
    /// A server started in the background by `book-tools commands`; it is ready when `ready`
    /// answers, and the [`How::Against`] commands naming it run while it serves.
    Server { ready: &'static str },
    /// Run while the server whose command is given serves; within `limit` seconds. A command
    /// that streams until it is stopped (`curl -N`) passes when its time bound stops it.
    Against {
        server: &'static str,
        limit: u64,
        streams: bool,
    },
    /// `.ci/run` runs it, as this text (or a larger command that includes it).
    Ci(&'static str),
    /// A test runs it: the test's file (from the repository's root) and function.
    Test(&'static str, &'static str),
    /// Nobody runs it as written; why, and what runs instead.
    NotRun(&'static str),
}

/// One documented command.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// As the page has it, without its prompt and its trailing comment.
    pub text: &'static str,
    pub how: How,
}

const LESSON_01: &str = "cargo run -p lesson-01-blocking-the-runtime";
const LINT_EXITS: i32 = 1; // findings at deny level: this repository's on purpose

/// How long a lesson's demo may take: the longest, lesson 02's (a calibration and twelve
/// phases), ends in about five minutes on two busy cores.
const DEMO_LIMIT: u64 = 1200;

/// Every command the README and the book show, and how each is run: `cargo run --release -p
/// <lesson> -- demo` for each lesson of the workspace with a demo (the README shows them all),
/// then [`COMMANDS`].
pub fn all() -> anyhow::Result<Vec<Command>> {
    let root = crate::book_dir().join("..");
    let mut commands = Vec::new();
    for lesson in crate::lessons::all(&root)? {
        if lesson.demo.is_some() {
            // Leaked: a command's text is `'static` like the listed ones, and this runs once
            // in a short-lived process.
            let text = format!("cargo run --release -p {} -- demo", lesson.package);
            commands.push(here(text.leak(), DEMO_LIMIT, 0));
        }
    }
    commands.extend_from_slice(COMMANDS);
    Ok(commands)
}

/// The commands the README and the book show besides the lessons' demos, and how each is run.
pub const COMMANDS: &[Command] = &[
    // The README's test command.
    ci("cargo test --workspace", "cargo test --workspace"),
    ci(
        "bash .ci/noisy-neighbours cargo test --workspace",
        "bash .ci/noisy-neighbours cargo test --workspace",
    ),
    // Watching lesson 01.
    here("cargo install --locked tokio-console", 1800, 0),
    Command {
        text: LESSON_01,
        how: How::Server {
            ready: "http://127.0.0.1:3001/health",
        },
    },
    not_run(
        "tokio-console http://127.0.0.1:6669",
        "a terminal UI; book/capture-console.sh drives it in tmux to store the book's screens",
    ),
    against(
        "curl '127.0.0.1:3001/block?ms=2000' & curl '127.0.0.1:3001/block?ms=2000' & sleep 0.3; curl 127.0.0.1:3001/health",
        30,
    ),
    against(
        "curl '127.0.0.1:3001/block?ms=3000' & curl '127.0.0.1:3001/block?ms=3000' & sleep 0.3; time curl 127.0.0.1:3001/health",
        30,
    ),
    against(
        "curl '127.0.0.1:3001/block?ms=5000' & curl '127.0.0.1:3001/block?ms=5000' & sleep 0.3; curl 127.0.0.1:3001/health",
        30,
    ),
    against(
        "curl '127.0.0.1:3001/block?ms=300' & curl 127.0.0.1:3001/debug/blocking",
        30,
    ),
    Command {
        text: "curl -N 127.0.0.1:3001/debug/blocking/events",
        how: How::Against {
            server: LESSON_01,
            limit: 3,
            streams: true,
        },
    },
    // The README's watchdog section: a new project, outside this workspace.
    test("cargo new stall && cd stall"),
    test("cargo add axum tokio --features tokio/full"),
    test("cargo add tracing-subscriber"),
    test("cargo add blocking-watchdog --path ../sync-async-axum/lint/watchdog"),
    // The lint.
    here("cargo run -p blocking-lint -- lessons", 1800, LINT_EXITS),
    here(
        "cargo install --locked --path lint && cargo blocking-lint",
        3600,
        LINT_EXITS,
    ),
    here("cargo install --locked --path lint", 3600, 0),
    here("cargo blocking-lint", 600, LINT_EXITS),
    here("cargo blocking-lint --message-format=json", 600, LINT_EXITS),
    here("cargo blocking-lint --list", 60, 0),
    here(
        "cargo blocking-lint --message-format=sarif > blocking-lint.sarif",
        600,
        LINT_EXITS,
    ),
    here("cargo blocking-lint --fix --dry-run", 600, LINT_EXITS),
    here(
        "cargo blocking-lint --report-unused-suppressions",
        600,
        LINT_EXITS,
    ),
    here("cargo blocking-lint -A blocking::cpu", 600, LINT_EXITS),
    here("cargo blocking-lint -D blocking -W sleep", 600, LINT_EXITS),
    here("cargo blocking-lint --explain database", 60, 0),
    here("cargo blocking-lint -D warnings", 600, LINT_EXITS),
    not_run(
        "cargo blocking-lint src/ tests/it.rs",
        "the form of a call on paths of your own; `cargo run -p blocking-lint -- lessons` runs it on this repository's",
    ),
    not_run(
        "bash lint/benches/accuracy.sh",
        "it fetches seven repositories from github.com and lints them; `cargo test -p book-tools --test accuracy` checks its labels offline",
    ),
    not_run(
        "bash lint/benches/accuracy.sh --book",
        "the same, and it rewrites the book's measured tables; `cargo test -p book-tools --test accuracy` checks its labels offline",
    ),
    not_run(
        "cargo blocking-lint --fix",
        "it rewrites the code it runs on, here the lessons' deliberate bugs; `--fix --dry-run` runs instead",
    ),
    // The book.
    ci(
        "cargo install --locked mdbook",
        "cargo install --locked mdbook",
    ),
    not_run(
        "mdbook serve book",
        "a server for a browser, until stopped; `.ci/run` builds the same book with `mdbook build book`",
    ),
    here("cargo run -p book-tools -- figures", 600, 0),
    here("cargo run -p book-tools -- lint-pages", 1800, 0),
    not_run(
        "cargo run --release -p lesson-01-blocking-the-runtime -- demo --json > book/src/data/lesson-01-demo.json",
        "it replaces the book's stored run with this machine's; the same demo runs above, and `figures --check` checks the stored data renders",
    ),
    ci("cargo test -p lesson-05-pitfalls", "cargo test --workspace"),
];

const fn here(text: &'static str, limit: u64, exit: i32) -> Command {
    Command {
        text,
        how: How::Here { limit, exit },
    }
}

const fn against(text: &'static str, limit: u64) -> Command {
    Command {
        text,
        how: How::Against {
            server: LESSON_01,
            limit,
            streams: false,
        },
    }
}

const fn ci(text: &'static str, line: &'static str) -> Command {
    Command {
        text,
        how: How::Ci(line),
    }
}

const fn test(text: &'static str) -> Command {
    Command {
        text,
        how: How::Test(
            "lint/watchdog/tests/readme.rs",
            "the_watchdog_section_builds_on_stable_and_prints_the_warning_it_shows",
        ),
    }
}

const fn not_run(text: &'static str, why: &'static str) -> Command {
    Command {
        text,
        how: How::NotRun(why),
    }
}

/// The commands in `page`'s `sh`, `console`, `bash` and `shell` blocks: a `console` block's
/// lines after their `$ ` prompt (the rest is output), a shell block's every line; a trailing
/// `# comment` dropped, an mdBook include left out.
pub fn documented(page: &str) -> Vec<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum In {
        Prose,
        Shell { console: bool },
        OtherCode,
    }
    let mut out = Vec::new();
    let mut inside = In::Prose;
    for line in page.lines() {
        let trimmed = line.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            inside = match (inside, info.trim()) {
                (In::Prose, "console") => In::Shell { console: true },
                (In::Prose, "sh" | "bash" | "shell") => In::Shell { console: false },
                (In::Prose, _) => In::OtherCode,
                _ => In::Prose,
            };
            continue;
        }
        let In::Shell { console } = inside else {
            continue;
        };
        let command = if console {
            match trimmed.strip_prefix("$ ") {
                Some(command) => command,
                None => continue,
            }
        } else {
            trimmed
        };
        if command.is_empty() || command.starts_with("{{#") || command.starts_with('#') {
            continue;
        }
        out.push(strip_comment(command).to_owned());
    }
    out
}

/// `command` without a trailing ` # comment` (a `#` after whitespace, outside quotes).
fn strip_comment(command: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in command.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return command[..i].trim_end(),
            None => {}
        }
        previous = c;
    }
    command.trim_end()
}

/// The entry of `commands` for `text`, if there is one.
pub fn find<'a>(commands: &'a [Command], text: &str) -> Option<&'a Command> {
    commands.iter().find(|command| command.text == text)
}

/// What running one command gave.
#[derive(Debug)]
pub struct Outcome {
    pub text: &'static str,
    pub passed: bool,
    pub detail: String,
    pub took: Duration,
}

/// Runs every [`How::Here`] command whose text contains `only` (all with an empty filter), and
/// every server with the commands against it, from `root`. Installs go to `target/commands/`,
/// whose `bin` comes first on the `PATH`, so a run leaves `~/.cargo/bin` alone.
pub fn run_all(root: &Path, only: &str) -> anyhow::Result<Vec<Outcome>> {
    let commands = all()?;
    let install_root = root.join("target/commands");
    let path = format!(
        "{}:{}",
        install_root.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let shell = |text: &str| {
        let mut process = Process::new("bash");
        std::os::unix::process::CommandExt::process_group(&mut process, 0);
        process
            .args(["-c", text])
            .current_dir(root)
            .env("CARGO_INSTALL_ROOT", &install_root)
            .env("PATH", &path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        process
    };
    let mut outcomes = Vec::new();
    for command in commands.iter().filter(|c| c.text.contains(only)) {
        match command.how {
            How::Here { limit, exit } => {
                outcomes.push(bounded(
                    command.text,
                    shell(command.text),
                    limit,
                    Some(exit),
                ));
            }
            How::Server { ready } => {
                let started = Instant::now();
                let mut server = match shell(command.text).stderr(Stdio::null()).spawn() {
                    Ok(server) => server,
                    Err(error) => {
                        outcomes.push(failed(command.text, error.to_string(), started));
                        continue;
                    }
                };
                let answered = wait_for(ready, Duration::from_secs(900));
                if answered {
                    for against in commands.iter().filter(
                        |c| matches!(c.how, How::Against { server, .. } if server == command.text),
                    ) {
                        let How::Against { limit, streams, .. } = against.how else {
                            continue;
                        };
                        let expected = if streams { None } else { Some(0) };
                        outcomes.push(bounded(against.text, shell(against.text), limit, expected));
                    }
                }
                stop(&mut server);
                outcomes.push(Outcome {
                    text: command.text,
                    passed: answered,
                    detail: format!("{ready} answered: {answered}"),
                    took: started.elapsed(),
                });
            }
            _ => {}
        }
    }
    // `cargo blocking-lint --message-format=sarif > blocking-lint.sarif` leaves its file here.
    let _ = std::fs::remove_file(root.join("blocking-lint.sarif"));
    Ok(outcomes)
}

/// Runs `process` for at most `limit` seconds; it passes when it exits with `exit`, or, for a
/// command that streams (`exit` is `None`), when the bound stops it.
fn bounded(text: &'static str, mut process: Process, limit: u64, exit: Option<i32>) -> Outcome {
    let started = Instant::now();
    let mut child = match process.spawn() {
        Ok(child) => child,
        Err(error) => return failed(text, error.to_string(), started),
    };
    let deadline = started + Duration::from_secs(limit);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            _ => break None,
        }
    };
    let mut stderr = String::new();
    if status.is_none() {
        stop(&mut child);
    }
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        let _ = pipe.read_to_string(&mut stderr);
    }
    let tail: String = {
        let lines: Vec<&str> = stderr.lines().collect();
        lines[lines.len().saturating_sub(5)..].join("\n")
    };
    let (passed, detail) = match (status.and_then(|s| s.code()), exit) {
        (Some(code), Some(exit)) => (
            code == exit,
            format!("exit {code}, expected {exit}\n{tail}"),
        ),
        (None, None) => (true, format!("streamed until its {limit} s bound")),
        (Some(code), None) => (
            false,
            format!("ended (exit {code}) instead of streaming\n{tail}"),
        ),
        (None, Some(_)) => (false, format!("still running after {limit} s\n{tail}")),
    };
    Outcome {
        text,
        passed,
        detail,
        took: started.elapsed(),
    }
}

fn failed(text: &'static str, detail: String, started: Instant) -> Outcome {
    Outcome {
        text,
        passed: false,
        detail,
        took: started.elapsed(),
    }
}

/// Ends a command and everything it started: `bash -c` runs `cargo run`, which runs the server,
/// so the process group goes, not only the shell.
fn stop(child: &mut std::process::Child) {
    // Each command runs in a process group of its own (see `run_all`), whose id is its own.
    let group = format!("-{}", child.id());
    let _ = Process::new("kill").args(["-TERM", "--", &group]).status();
    let _ = child.kill();
    let _ = child.wait();
}

/// Whether `url` (plain `http://host:port/path`) answers within `limit`.
fn wait_for(url: &str, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        let answered = Process::new("curl")
            .args(["-sf", "-o", "/dev/null", "--max-time", "2", url])
            .status()
            .is_ok_and(|status| status.success());
        if answered {
            return true;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_come_from_shell_and_console_blocks_without_comments_or_output() {
        let page = "Run:\n\n```sh\ncargo run -p x   # the server\n# a comment line\n```\n\n\
                    ```console\n$ curl '127.0.0.1:1/a#b'\nsome output\n```\n\n\
                    ```rust\nlet x = 1;\n```\n\n```sh\ncargo test\n```\n";
        assert_eq!(
            documented(page),
            ["cargo run -p x", "curl '127.0.0.1:1/a#b'", "cargo test"]
        );
    }
}
