//! Helpers the integration tests share: run the binary, normalise its output, bless snapshots.
#![allow(dead_code)]

pub mod sarif;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder of its own under the system's temporary folder, removed when the test ends.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("blocking-lint-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies a fixture folder, leaving out a `target/` that running cargo in it by hand left.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `cargo-blocking-lint ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-blocking-lint"))
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TERM_COLOR")
        .output()
        .expect("the lint binary runs")
}

pub fn run(args: &[&str]) -> Output {
    run_in(&crate_dir(), args)
}

/// Line and column numbers out of the way, as clippy's UI tests do, so that editing a case does
/// not rewrite every snapshot below the edit.
pub fn normalise(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let line = if digits > 0 && trimmed[digits..].starts_with(" |") {
            format!("LL |{}", &trimmed[digits + 2..])
        } else if trimmed.starts_with('|')
            || trimmed.starts_with("-->")
            || trimmed.starts_with("= ")
        {
            format!("   {trimmed}")
        } else {
            line.to_string()
        };
        out.push_str(&positions(&line));
        out.push('\n');
    }
    out
}

/// `path:12:5` -> `path:LL:CC`.
fn positions(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ':' {
            let a = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if a > 0 && chars.get(i + 1 + a) == Some(&':') {
                let b = chars[i + 2 + a..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if b > 0 {
                    out.push_str(":LL:CC");
                    i += 2 + a + b;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Compares `actual` with the snapshot at `path`; with `BLESS=1` writes it instead.
pub fn check_snapshot(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, actual).expect("snapshot written");
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "{} differs (run with BLESS=1 to accept):\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        ))
    }
}

/// For a test that needs something the machine may lack (rust-src, rust-analyzer): says why the
/// test is skipped, or fails where `CI` is set, since `.ci/run` installs what the tests need.
pub fn missing(what: &str, install: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is missing: `{install}` (.ci/run does)"
    );
    eprintln!("skipped: {what} is missing (`{install}`)");
}

/// The JSON lines the binary printed.
pub fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Whether the run printed a finding at deny level: what its exit status must then say.
pub fn any_denied(lines: &[serde_json::Value]) -> bool {
    lines
        .iter()
        .any(|l| l["reason"] == "compiler-message" && l["message"]["level"] == "error")
}

/// The `//~` markers of a case, as clippy writes them: `(line, text)`, where `line` is the
/// marker's line moved up by its carets (`//~^` marks the line above) and `text` what follows
/// the carets, trimmed (`blocking::fs`, or `fixed sleep` in a --fix case). Sorted.
pub fn markers(source: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        if let Some(rest) = line.trim_start().strip_prefix("//~") {
            let ups = rest.chars().take_while(|c| *c == '^').count();
            out.push((i as u64 + 1 - ups as u64, rest[ups..].trim().to_string()));
        }
    }
    out.sort();
    out
}

/// `(file, line, code)` of every primary span of every compiler message.
pub fn primary_findings(lines: &[serde_json::Value]) -> Vec<(String, u64, String)> {
    let mut out = Vec::new();
    for l in lines {
        if l["reason"] != "compiler-message" {
            continue;
        }
        let m = &l["message"];
        let code = m["code"]["code"].as_str().unwrap_or("error").to_string();
        for s in m["spans"].as_array().into_iter().flatten() {
            if s["is_primary"] == true {
                let file = s["file_name"].as_str().unwrap_or_default().to_string();
                out.push((file, s["line_start"].as_u64().unwrap_or(0), code.clone()));
            }
        }
    }
    out.sort();
    out
}
