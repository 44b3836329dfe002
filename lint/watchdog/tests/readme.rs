//! The README as a new user follows it. Its Rust is a whole program, built in a project of its own
//! outside this workspace (so without our `.cargo/config.toml` and its `--cfg tokio_unstable`),
//! with exactly the dependencies the README's `cargo add` lines give it, then run: a blocking
//! handler must make it print the watchdog's line the README shows.
//!
//! The two builds download from crates.io and compile axum, tokio and tracing-subscriber (minutes
//! when cold, seconds once `target/readme/` is warm), so they are `#[ignore]`d here and run by
//! `.ci/run`. The scan that every snippet is one of them runs with the other tests. (It lives in
//! the watchdog's crate because the watchdog is what the snippet is about.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The repository's root, from this crate's place in it (`lint/watchdog`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The documents a new user copies code from (the watchdog's own README, once it has one).
const DOCUMENTS: [&str; 3] = ["README.md", "lint/README.md", "lint/watchdog/README.md"];

/// The README's heading whose commands and program the build test follows.
const SECTION: &str = "## Catch it at run time";

/// The fenced blocks of `text` whose info string is `lang`, in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim_start().starts_with("```") => {
                let info = line.trim_start().trim_start_matches('`').trim();
                if info.split([',', ' ']).next() == Some(lang) {
                    current = Some(String::new());
                } else {
                    // Another language's block: skip to its end as a block of its own.
                    current = Some("\u{0}".to_owned());
                }
            }
            None => {}
            Some(block) if line.trim_start().starts_with("```") => {
                if !block.starts_with('\u{0}') {
                    out.push(std::mem::take(block));
                }
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    out
}

/// The text under `heading`, up to the next heading of the same level.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("the README has a section `{heading}`"));
    let rest = &text[start + 1 + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// Every Rust snippet a new user could copy is a whole program that the build test below builds:
/// a fragment that compiles only inside this workspace is how the README's watchdog snippet broke.
#[test]
fn every_rust_snippet_is_a_program_the_build_test_builds() {
    let readme = readme();
    let built = blocks(section(&readme, SECTION), "rust");
    assert_eq!(built.len(), 1, "the section `{SECTION}` has one program");
    let mut problems = Vec::new();
    for document in DOCUMENTS {
        let Ok(text) = std::fs::read_to_string(root().join(document)) else {
            assert_ne!(document, "README.md", "the README is there");
            continue;
        };
        for snippet in blocks(&text, "rust") {
            if !built.contains(&snippet) {
                problems.push(format!(
                    "{document}: a Rust snippet that no test builds as a new user would:\n{snippet}"
                ));
            } else if !snippet.contains("fn main(") {
                problems.push(format!(
                    "{document}: a Rust snippet without `fn main`:\n{snippet}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
}

/// How the new project is built.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Flavour {
    /// A stable toolchain as it comes: no `RUSTFLAGS`.
    Stable,
    /// `RUSTFLAGS="--cfg tokio_unstable"`, which the README says adds the task hooks.
    TokioUnstable,
}

impl Flavour {
    fn name(self) -> &'static str {
        match self {
            Flavour::Stable => "stable",
            Flavour::TokioUnstable => "tokio-unstable",
        }
    }

    /// Cargo as the user runs it: none of this workspace's settings or environment, and a target
    /// directory of this flavour's own (another cfg rebuilds everything) under `target/readme/`.
    fn cargo(self, dir: &Path) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .current_dir(dir)
            .env(
                "CARGO_TARGET_DIR",
                root().join("target/readme").join(self.name()),
            )
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS");
        if self == Flavour::TokioUnstable {
            command.env("RUSTFLAGS", "--cfg tokio_unstable");
        }
        command
    }
}

/// A child process that is killed when the test ends, passing or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Follows the section in a new directory under the system's temporary one (outside this
/// repository, so no `.cargo/config.toml` of ours applies), runs the program, calls its blocking
/// route, and returns every line the program printed by then.
fn follow_the_readme(flavour: Flavour) -> (Vec<String>, String) {
    let readme = readme();
    let text = section(&readme, SECTION);
    let commands = blocks(text, "sh").into_iter().next().expect("a sh block");
    let program = blocks(text, "rust")
        .into_iter()
        .next()
        .expect("a rust block");
    let expected = blocks(text, "text")
        .into_iter()
        .next()
        .expect("a text block");

    let work = std::env::temp_dir().join(format!(
        "readme-watchdog-{}-{}",
        flavour.name(),
        std::process::id()
    ));
    assert!(
        !work.starts_with(root()),
        "the new project is outside the repository"
    );
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();

    // The README's commands as written, with its `../sync-async-axum` standing for wherever this
    // repository was cloned.
    let commands = commands.replace("../sync-async-axum", &root().display().to_string());
    let status = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &commands])
        .current_dir(&work)
        .env_remove("RUSTFLAGS")
        .status()
        .expect("bash runs");
    assert!(
        status.success(),
        "the README's commands failed:\n{commands}"
    );
    let project = work.join("stall");

    // The program as written, on a port no other test holds.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    assert!(program.contains("127.0.0.1:3000"), "the program binds 3000");
    let program = program.replace("127.0.0.1:3000", &format!("127.0.0.1:{port}"));
    std::fs::write(project.join("src/main.rs"), program).unwrap();

    let output = flavour
        .cargo(&project)
        .args(["build", "--quiet"])
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the README's program does not build ({flavour:?}):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let binary = root()
        .join("target/readme")
        .join(flavour.name())
        .join("debug/stall");
    let mut child = Running(
        Command::new(binary)
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the program starts"),
    );
    let (tx, lines) = mpsc::channel();
    for stream in [
        Box::new(child.0.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.0.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }

    // The server is up when it accepts a connection.
    let started = Instant::now();
    let mut stream = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(stream) => break stream,
            Err(_) if started.elapsed() < Duration::from_secs(60) => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(error) => panic!("the program never listened: {error}"),
        }
    };
    stream
        .write_all(b"GET /block HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.ends_with("done"),
        "GET /block answered:\n{response}"
    );

    // The watchdog's line comes once the stall is seen; everything printed by then is kept.
    let mut printed = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = lines.recv_timeout(left) else {
            break;
        };
        // The line at the stall's end; one may come while it still runs.
        let done = line.contains("blocked for") && !line.contains("still running");
        printed.push(line);
        if done {
            // Anything already printed beside it too.
            std::thread::sleep(Duration::from_millis(200));
            printed.extend(lines.try_iter());
            break;
        }
    }
    drop(child);
    let _ = std::fs::remove_dir_all(&work);
    (printed, expected.trim().to_owned())
}

/// A log line with its timestamp dropped and every number as `N`, so that a run's line can be
/// compared with the README's.
fn shape(line: &str) -> String {
    let line = &line[line.find("WARN").unwrap_or(0)..];
    let mut out = String::new();
    let mut in_number = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

#[test]
#[ignore = "builds a new project from crates.io; .ci/run runs it"]
fn the_watchdog_section_builds_on_stable_and_prints_the_warning_it_shows() {
    let (printed, expected) = follow_the_readme(Flavour::Stable);
    let all = printed.join("\n");
    // With --nocapture, what a new user sees, to paste into the README when it changes.
    println!("{all}");
    let warnings: Vec<String> = printed
        .iter()
        .filter(|line| line.contains("WARN"))
        .map(|line| shape(line))
        .collect();
    let shown: Vec<String> = expected.lines().map(shape).collect();
    assert!(
        warnings
            .iter()
            .any(|line| line.contains(" blocked for N ms in GET /block stall")),
        "no watchdog warning at the stall's end in:\n{all}"
    );
    for warning in &warnings {
        assert!(
            shown.contains(warning),
            "the program printed a line the README does not show:\n{warning}\nREADME:\n{expected}"
        );
    }
    let told = printed
        .iter()
        .filter(|line| line.contains("without --cfg tokio_unstable"))
        .count();
    assert_eq!(told, 1, "one warning that task hooks are missing:\n{all}");
}

#[test]
#[ignore = "builds a new project from crates.io; .ci/run runs it"]
fn the_watchdog_section_builds_with_tokio_unstable_and_names_the_route() {
    let (printed, _) = follow_the_readme(Flavour::TokioUnstable);
    let all = printed.join("\n");
    println!("{all}");
    assert!(
        printed
            .iter()
            .any(|line| line.contains("blocked for") && line.contains("in GET /block")),
        "no watchdog warning naming the route in:\n{all}"
    );
    assert!(
        !all.contains("without --cfg tokio_unstable"),
        "the cfg was set, yet the program says it was not:\n{all}"
    );
}
