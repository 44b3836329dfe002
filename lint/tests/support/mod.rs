//! Helpers the integration tests share: run the binary, normalise its output, bless snapshots.
#![allow(dead_code)]

pub mod sarif;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
