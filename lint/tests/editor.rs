//! The lint in the editor, for real: the `rust-analyzer` binary driven over LSP (JSON-RPC on its
//! stdin and stdout, with `Content-Length` framing, by the small client below) on the crate
//! `tests/editor/app`, with the settings `editors/` documents (Helix's `languages.toml`, and VS
//! Code's variant that keeps `cargo check`). Saving a handler that sleeps must publish the
//! lint's diagnostic on the call, with its code, its level and the route; the lint's suggestion
//! must come back as a quick fix whose edit is what `--fix` writes; and saving the fixed file
//! must clear the diagnostic. Needs rust-analyzer (`rustup component add rust-analyzer`):
//! skipped without it, except under `CI=true`, where `.ci/run` installs it.
//!
//! `save_to_diagnostic_on_this_workspace` (ignored) times the same loop on this repository; the
//! README's editor section gives its figure and its command.
#![cfg(unix)]

mod support;

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one wait may take. rust-analyzer loads the crate and the standard library's
/// sources before it checks anything, which takes tens of seconds on two busy cores; a hang still
/// ends the test, and nothing is asserted about how long the steps took.
const PATIENCE: Duration = Duration::from_secs(600);

/// The line of the fixture that blocks, and the line the fix makes of it.
const BLOCKING: &str = "std::thread::sleep(Duration::from_millis(50));";
const AWAITING: &str = "tokio::time::sleep(Duration::from_millis(50)).await;";

/// The rust-analyzer binary, found as rustup finds it (the `~/.cargo/bin` proxy may be missing
/// where the component is installed); `None`, after saying why the test is skipped, where there
/// is none. Under CI the component must be there.
fn rust_analyzer() -> Option<PathBuf> {
    let from_rustup = Command::new("rustup")
        .args(["which", "rust-analyzer"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    for candidate in from_rustup
        .into_iter()
        .chain([PathBuf::from("rust-analyzer")])
    {
        let runs = Command::new(&candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if runs {
            return Some(candidate);
        }
    }
    support::missing("rust-analyzer", "rustup component add rust-analyzer");
    None
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// rust-analyzer's settings as an LSP client hands them over (`{"check": {"overrideCommand":
/// ..}}`), out of one of the files `editors/` holds: a VS Code `settings.json`, whose keys are
/// flat (`"rust-analyzer.check.overrideCommand"`), or Helix's `languages.toml`, whose
/// `[language-server.rust-analyzer.config]` table is them as they are.
fn editor_settings(file: &str) -> Value {
    let text = std::fs::read_to_string(support::crate_dir().join("editors").join(file)).unwrap();
    if file.ends_with(".toml") {
        let helix: toml::Value = toml::from_str(&text).unwrap();
        return serde_json::to_value(&helix["language-server"]["rust-analyzer"]["config"]).unwrap();
    }
    let flat: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    let mut settings = json!({});
    for (key, value) in flat {
        let key = key
            .strip_prefix("rust-analyzer.")
            .unwrap_or_else(|| panic!("{file}: `{key}` is not a rust-analyzer setting"));
        let mut at = &mut settings;
        let mut parts = key.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                at[part] = value.clone();
            } else {
                if at.get(part).is_none() {
                    at[part] = json!({});
                }
                at = &mut at[part];
            }
        }
    }
    settings
}

/// The settings of `file` with `cargo blocking-lint` in the check command spelled as the binary
/// under test, run as cargo runs it (`cargo-blocking-lint blocking-lint ..`), so that an
/// installed, older lint cannot stand in for it; how cargo finds the subcommand on PATH is
/// `tests/workflows.rs`'s part.
fn documented_settings(file: &str) -> Value {
    let mut settings = editor_settings(file);
    let lint = env!("CARGO_BIN_EXE_cargo-blocking-lint");
    settings["check"]["overrideCommand"] =
        substitute_lint(&settings["check"]["overrideCommand"], lint, file);
    settings
}

/// The override command with `cargo blocking-lint` spelled as the binary's path, in a list of
/// arguments or inside a shell line; it must be there once.
fn substitute_lint(command: &Value, lint: &str, file: &str) -> Value {
    let args: Vec<String> = command
        .as_array()
        .unwrap_or_else(|| panic!("{file}: the override command is a list"))
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let out = if args.len() >= 2 && args[..2] == ["cargo", "blocking-lint"] {
        [lint.to_string(), "blocking-lint".to_string()]
            .into_iter()
            .chain(args[2..].iter().cloned())
            .collect()
    } else {
        let shell = args
            .iter()
            .position(|a| a.contains("cargo blocking-lint"))
            .unwrap_or_else(|| panic!("{file}: no `cargo blocking-lint` in {args:?}"));
        let mut args = args.clone();
        args[shell] =
            args[shell].replace("cargo blocking-lint", &format!("'{lint}' blocking-lint"));
        args
    };
    assert!(
        out.iter().any(|a| a.contains("--message-format=json")),
        "{file}: rust-analyzer reads cargo's JSON"
    );
    json!(out)
}

/// One rust-analyzer process and the client's end of its pipes.
struct Lsp {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else, in order.
    pending: VecDeque<Value>,
    next_id: i64,
    /// What `workspace/configuration` answers for the `rust-analyzer` section.
    settings: Value,
    /// The methods seen so far, for a message when a wait runs out.
    seen: Vec<String>,
    /// Whether a check command is running, after the last flycheck progress seen.
    checking: bool,
    /// How many check commands have begun.
    checks_begun: u64,
    /// The diagnostics last published for each file, by URI.
    published: HashMap<String, Vec<Value>>,
    started: Instant,
    stderr: PathBuf,
}

/// How an editor hands rust-analyzer its settings.
#[derive(Clone, Copy, Debug)]
enum Handover {
    /// As `initializationOptions` (Helix's `config`; VS Code's extension sends them this way as
    /// well as the next).
    InitializationOptions,
    /// As the answer to rust-analyzer's `workspace/configuration` requests (nvim-lspconfig's
    /// `settings`).
    Configuration,
}

impl Lsp {
    /// Starts rust-analyzer in `root` and goes through `initialize`/`initialized`, handing it the
    /// settings one way: the other is left out (no options; no `configuration` capability), so
    /// that each way is seen to work on its own.
    fn start(
        binary: &Path,
        root: &Path,
        settings: Value,
        handover: Handover,
        target: &Path,
    ) -> Lsp {
        let stderr = target.with_extension("stderr.log");
        std::fs::create_dir_all(target).unwrap();
        let mut child = Command::new(binary)
            .current_dir(root)
            // Its own target folder, so rust-analyzer's builds and the checks it runs never wait
            // on (or lock) the target folder of the workspace the test runs in.
            .env("CARGO_TARGET_DIR", target)
            .env_remove("CARGO_TERM_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("rust-analyzer starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        let mut lsp = Lsp {
            child,
            stdin,
            incoming,
            pending: VecDeque::new(),
            next_id: 0,
            settings: match handover {
                Handover::Configuration => settings.clone(),
                Handover::InitializationOptions => Value::Null,
            },
            seen: Vec::new(),
            checking: false,
            checks_begun: 0,
            published: HashMap::new(),
            started: Instant::now(),
            stderr,
        };
        let capabilities = json!({
            "workspace": {
                "configuration": matches!(handover, Handover::Configuration),
                "didChangeConfiguration": {},
            },
            "window": { "workDoneProgress": true },
            "textDocument": {
                "synchronization": { "didSave": true },
                "publishDiagnostics": { "relatedInformation": true },
                "codeAction": {
                    "codeActionLiteralSupport": {
                        "codeActionKind": { "valueSet": ["", "quickfix", "refactor"] }
                    }
                }
            },
            // rust-analyzer says when it has loaded the workspace and gone quiet.
            "experimental": { "serverStatusNotification": true }
        });
        lsp.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "app" }],
                "capabilities": capabilities,
                "initializationOptions": match handover {
                    Handover::InitializationOptions => settings,
                    Handover::Configuration => Value::Null,
                },
            }),
        );
        lsp.notify("initialized", json!({}));
        if let Handover::Configuration = handover {
            // As Neovim does once initialized: rust-analyzer takes this as the cue to ask for
            // its section (the payload itself it ignores).
            lsp.notify(
                "workspace/didChangeConfiguration",
                json!({ "settings": { "rust-analyzer": lsp.settings.clone() } }),
            );
        }
        lsp
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result; notifications that arrive meanwhile are kept.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.receive(deadline, &format!("the answer to {method}"));
            if message.get("method").is_none() && message["id"] == id {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return message["result"].clone();
            }
            self.pending.push_back(message);
        }
    }

    /// The next message from rust-analyzer that is not a request of its own (those are answered
    /// here, as an editor would).
    fn receive(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no {waiting_for} within {PATIENCE:?}; seen: {:?}\n{}",
                    self.seen,
                    self.stderr_text()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "rust-analyzer exited while waiting for {waiting_for}\n{}",
                    self.stderr_text()
                ),
            };
            // Every message with the time since the client started, to see where a run waits.
            if std::env::var_os("BLOCKING_LINT_TRACE_LSP").is_some() {
                eprintln!("{:>8.1?} <- {message}", self.started.elapsed());
            }
            if message["method"] == "$/progress"
                && message["params"]["token"]
                    .as_str()
                    .is_some_and(|t| t.contains("flycheck"))
            {
                match message["params"]["value"]["kind"].as_str() {
                    Some("begin") => {
                        self.checking = true;
                        self.checks_begun += 1;
                    }
                    Some("end") => self.checking = false,
                    _ => {}
                }
            }
            if message["method"] == "textDocument/publishDiagnostics" {
                let params = &message["params"];
                self.published.insert(
                    params["uri"].as_str().unwrap().to_string(),
                    params["diagnostics"].as_array().unwrap().clone(),
                );
            }
            if let Some(method) = message["method"].as_str() {
                self.seen.push(method.to_string());
                if self.seen.len() > 200 {
                    self.seen.drain(..100);
                }
            }
            match (message.get("id"), message["method"].as_str()) {
                (Some(id), Some(method)) => {
                    let result = match method {
                        "workspace/configuration" => {
                            let items = message["params"]["items"].as_array().unwrap();
                            json!(vec![self.settings.clone(); items.len()])
                        }
                        // Progress tokens, dynamic registrations and refresh requests need no
                        // more than an answer.
                        _ => Value::Null,
                    };
                    let id = id.clone();
                    self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                }
                _ => return message,
            }
        }
    }

    /// Reads notifications, kept ones first, until one matches; returns it.
    fn wait_for(&mut self, what: &str, mut matches: impl FnMut(&Value) -> bool) -> Value {
        let deadline = Instant::now() + PATIENCE;
        while let Some(message) = self.pending.pop_front() {
            if matches(&message) {
                return message;
            }
        }
        loop {
            let message = self.receive(deadline, what);
            if matches(&message) {
                return message;
            }
        }
    }

    /// Waits until rust-analyzer has loaded the workspace and has nothing left to do, and until
    /// the check it runs once loaded (whose progress may end before or after the quiescent
    /// status) has ended, so that what comes next follows a save.
    fn wait_until_loaded(&mut self) {
        self.wait_for("a quiescent server status", |m| {
            m["method"] == "experimental/serverStatus" && m["params"]["quiescent"] == true
        });
        let deadline = Instant::now() + PATIENCE;
        while self.checking {
            let message = self.receive(deadline, "the end of the check");
            self.pending.push_back(message);
        }
    }

    fn stderr_text(&self) -> String {
        let text = std::fs::read_to_string(&self.stderr).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!("rust-analyzer's stderr (last lines):\n{}", tail.join("\n"))
    }

    /// Writes `text` to `path` as an editor saves a buffer (the change, the file, then
    /// `didSave`), and returns what is published for the file once a check begun after the save
    /// has ended and `done` holds of the file's diagnostics. Waiting for the check's end, not
    /// for the first publication, keeps stale or partial diagnostics from passing for its result.
    /// `change` is the buffer's new version and text; without one the buffer is saved as it is,
    /// and nothing is written.
    fn save(
        &mut self,
        path: &Path,
        change: Option<(i64, &str)>,
        what: &str,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let before = self.checks_begun;
        if let Some((version, text)) = change {
            self.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri(path), "version": version },
                    "contentChanges": [{ "text": text }],
                }),
            );
            std::fs::write(path, text).unwrap();
        }
        self.notify(
            "textDocument/didSave",
            json!({ "textDocument": { "uri": uri(path) } }),
        );
        let file = uri(path);
        let deadline = Instant::now() + PATIENCE;
        loop {
            let published = self.published.get(&file).map(Vec::as_slice);
            if self.checks_begun > before && !self.checking && published.is_some_and(&done) {
                return published.unwrap().to_vec();
            }
            let message = self.receive(deadline, what);
            self.pending.push_back(message);
        }
    }

    fn shut_down(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("rust-analyzer did not exit after `exit`");
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        // A failed assertion must not leave rust-analyzer (and its checks) running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One LSP message off the stream: headers up to a blank line, then `Content-Length` bytes.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("Content-Length")
        {
            length = Some(value.trim().parse::<usize>().expect("a length"));
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("JSON-RPC body"))
}

/// A diagnostic's code as the lint and rustc wrote it: rust-analyzer cuts a tool's code
/// (`blocking::sleep`, as clippy's) into the source `blocking` and the code `sleep`, and gives
/// rustc's own codes the source `rustc`.
fn code(diagnostic: &Value) -> String {
    let code = diagnostic["code"].as_str().unwrap_or_default();
    match diagnostic["source"].as_str() {
        Some("rustc") | None => code.to_string(),
        Some(tool) => format!("{tool}::{code}"),
    }
}

/// The codes of the diagnostics proper: rust-analyzer repeats each related place (a suggestion's
/// span, the route's note) as a hint (severity 4) under the same code.
fn codes(diagnostics: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["severity"] != 4)
        .map(code)
        .collect();
    codes.sort();
    codes
}

/// `text` with an LSP workspace edit's text edits for `file` applied (ASCII text, so UTF-16
/// columns are byte columns).
fn apply_edit(text: &str, edit: &Value, file: &str) -> String {
    assert!(text.is_ascii());
    let edits: Vec<Value> = if let Some(edits) = edit["changes"][file].as_array() {
        edits.clone()
    } else {
        edit["documentChanges"]
            .as_array()
            .expect("changes or documentChanges")
            .iter()
            .filter(|c| c["textDocument"]["uri"] == file)
            .flat_map(|c| c["edits"].as_array().unwrap().clone())
            .collect()
    };
    assert!(!edits.is_empty(), "the edit changes {file}: {edit}");
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |p: &Value| {
        line_starts[p["line"].as_u64().unwrap() as usize]
            + p["character"].as_u64().unwrap() as usize
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // From the end, so that each edit's offsets still hold when it is applied.
    spans.sort_by_key(|span| std::cmp::Reverse(span.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

/// The whole loop with the settings of `settings_file`, handed over as `handover` says: save a
/// blocking handler, see the diagnostic, take the quick fix, save, see it go. `rustc_too` is the
/// variant that runs `cargo check` beside the lint: the blocking version then also holds an
/// unused variable, whose rustc warning must arrive from the same command.
fn editor_loop(settings_file: &str, handover: Handover, rustc_too: bool) {
    let Some(binary) = rust_analyzer() else {
        return;
    };
    let scratch = support::Scratch::new(&format!(
        "editor-{}",
        settings_file.trim_end_matches(".json")
    ));
    support::copy_dir(&support::crate_dir().join("tests/editor"), &scratch.0);
    let root = scratch.0.join("app");
    let file = root.join("src/lib.rs");
    let file_uri = uri(&file);

    let fixture = std::fs::read_to_string(&file).unwrap();
    assert_eq!(fixture.matches(BLOCKING).count(), 1, "{fixture}");
    let fixed = fixture.replace(BLOCKING, AWAITING);
    let blocking = if rustc_too {
        fixture.replace(BLOCKING, &format!("let unused = 1;\n    {BLOCKING}"))
    } else {
        fixture.clone()
    };
    // The file is clean on disk when rust-analyzer starts, so the diagnostic can only come from
    // the save below, not from the check rust-analyzer runs once the workspace has loaded.
    std::fs::write(&file, &fixed).unwrap();

    let mut settings = documented_settings(settings_file);
    // rust-analyzer's own builds (build scripts, proc macros) in a folder of the target folder
    // of their own, so that they and the check command do not wait on each other's lock.
    settings["cargo"]["targetDir"] = json!(true);
    let mut lsp = Lsp::start(
        &binary,
        &root,
        settings,
        handover,
        &scratch.0.join("target"),
    );
    lsp.wait_until_loaded();
    lsp.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": file_uri, "languageId": "rust", "version": 1, "text": fixed,
        }}),
    );

    // Save the blocking version: the check runs, and the lint's diagnostic comes.
    let wanted: &[&str] = if rustc_too {
        &["blocking::sleep", "unused_variables"]
    } else {
        &["blocking::sleep"]
    };
    let diagnostics = lsp.save(&file, Some((2, &blocking)), "the lint's diagnostic", |d| {
        codes(d) == wanted
    });
    let sleep: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| code(d) == "blocking::sleep" && d["severity"] != 4)
        .collect();
    assert_eq!(sleep.len(), 1, "{diagnostics:#?}");
    let diagnostic = sleep[0].clone();

    // The range is the call's, as the lint's primary span gives it (0-based lines, UTF-16
    // columns): the whole `std::thread::sleep(..)` expression, without the semicolon.
    let line = blocking.lines().position(|l| l.contains(BLOCKING)).unwrap();
    let column = blocking.lines().nth(line).unwrap().find(BLOCKING).unwrap();
    assert_eq!(
        diagnostic["range"],
        json!({
            "start": { "line": line, "character": column },
            "end": { "line": line, "character": column + BLOCKING.len() - 1 },
        }),
        "{diagnostic:#}"
    );
    // A handler's finding is at deny level by default: an error (1), not a warning (2).
    assert_eq!(diagnostic["severity"], 1, "{diagnostic:#}");
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.contains("blocking call to `std::thread::sleep` in the handler for GET /report"),
        "{message}"
    );
    // The route's note points at the routing call, as related information.
    let route_line = blocking
        .lines()
        .position(|l| l.contains(".route("))
        .unwrap();
    let notes = diagnostic["relatedInformation"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| {
            n["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("`report` handles GET /report, routed at"))
                && n["location"]["uri"] == file_uri
                && n["location"]["range"]["start"]["line"] == route_line
        }),
        "{diagnostic:#}"
    );
    if rustc_too {
        let unused = diagnostics
            .iter()
            .find(|d| code(d) == "unused_variables")
            .unwrap();
        assert_eq!(unused["severity"], 2, "rustc's warning: {unused:#}");
    }

    // The lint's machine-applicable suggestion is offered as a quick fix on that range.
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": file_uri },
            "range": diagnostic["range"],
            "context": { "diagnostics": [diagnostic], "only": ["quickfix"] },
        }),
    );
    let fixes: Vec<&Value> = actions
        .as_array()
        .expect("code actions")
        .iter()
        .filter(|a| a["kind"] == "quickfix" && a.get("edit").is_some())
        .collect();
    assert_eq!(fixes.len(), 1, "one quick fix: {actions:#}");
    // Titled by the suggestion's help (rust-analyzer adds the replacements after a colon).
    let title = fixes[0]["title"].as_str().unwrap();
    assert!(title.starts_with("use the runtime's timer"), "{title}");
    let mut after = apply_edit(&blocking, &fixes[0]["edit"], &file_uri);
    if rustc_too {
        after = after.replace("let unused = 1;\n    ", "");
    }
    assert_eq!(after, fixed, "the quick fix writes what --fix writes");

    // Save the fixed file: the next diagnostics for it are none at all.
    lsp.save(
        &file,
        Some((3, &after)),
        "the diagnostics cleared",
        <[Value]>::is_empty,
    );
    lsp.shut_down();
}

// Each way of handing the settings over once: Helix's file as Helix hands it, and the VS Code
// variant that keeps `cargo check` as Neovim would hand it (VS Code's extension does both). The
// other files carry the same command (`every_editor_file_runs_the_same_command`).
#[test]
fn rust_analyzer_shows_the_lint_on_save_and_offers_its_fix() {
    editor_loop(
        "helix-languages.toml",
        Handover::InitializationOptions,
        false,
    );
}

#[test]
fn rust_analyzer_shows_the_lint_beside_cargo_check() {
    editor_loop(
        "vscode-settings-with-check.json",
        Handover::Configuration,
        true,
    );
}

/// VS Code's, Neovim's and Helix's files name one command, and the README shows each as it is:
/// what the tests above run from two of them holds for the third.
#[test]
fn every_editor_file_runs_the_same_command() {
    let command = editor_settings("vscode-settings.json")["check"]["overrideCommand"].clone();
    assert_eq!(
        command,
        json!(["cargo", "blocking-lint", "--fast", "--message-format=json"])
    );
    assert_eq!(
        editor_settings("helix-languages.toml")["check"]["overrideCommand"],
        command
    );
    let lua: Vec<String> = command
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("'{}'", a.as_str().unwrap()))
        .collect();
    let neovim = std::fs::read_to_string(support::crate_dir().join("editors/neovim.lua")).unwrap();
    assert!(
        neovim.contains(&format!("overrideCommand = {{ {} }}", lua.join(", "))),
        "{neovim}"
    );
    let readme = std::fs::read_to_string(support::crate_dir().join("README.md")).unwrap();
    for file in ["neovim.lua", "helix-languages.toml"] {
        let text =
            std::fs::read_to_string(support::crate_dir().join("editors").join(file)).unwrap();
        assert!(
            readme.contains(text.trim()),
            "README.md shows editors/{file}"
        );
    }
}

/// How long a save takes to show the lint's diagnostic on this workspace, with the documented
/// settings: lesson 01's `src/lib.rs` (whose `/block` handler sleeps on purpose) saved as it is,
/// five times, each timed from `didSave` to the end of the check it starts, with the diagnostic
/// published. Nothing in the tree is written. The check rust-analyzer runs once the workspace
/// has loaded summarises the dependencies into an empty target folder (the lint's cache lives
/// there), so the saves find them cached, as every save after an editor's first check does; the
/// load's time, printed first, includes that cold check. rust-analyzer's own build scripts and
/// proc macros are turned off here: they serve its own analysis, not the check, and would build
/// half the workspace's dependencies first on two shared cores. Run with
/// `cargo test --release -p blocking-lint --test editor save_to_diagnostic -- --ignored
/// --nocapture` (release, as `cargo install` builds the lint users run).
#[test]
#[ignore = "a measurement for the README (run it in release), not a check"]
fn save_to_diagnostic_on_this_workspace() {
    let Some(binary) = rust_analyzer() else {
        return;
    };
    let root = support::crate_dir().parent().unwrap().to_path_buf();
    let file = root.join("lessons/01-blocking-the-runtime/src/lib.rs");
    let scratch = support::Scratch::new("editor-measure");
    let mut settings = documented_settings("vscode-settings.json");
    settings["cargo"]["buildScripts"]["enable"] = json!(false);
    settings["procMacro"]["enable"] = json!(false);
    let started = Instant::now();
    // Handed over before loading starts, so the first load and check already use them.
    let mut lsp = Lsp::start(
        &binary,
        &root,
        settings,
        Handover::InitializationOptions,
        &scratch.0.join("target"),
    );
    lsp.wait_until_loaded();
    eprintln!(
        "rust-analyzer loaded {} and ran its first check in {:.1?}",
        root.display(),
        started.elapsed()
    );
    lsp.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": uri(&file), "languageId": "rust", "version": 1,
            "text": std::fs::read_to_string(&file).unwrap(),
        }}),
    );
    for save in 1..=5 {
        let t0 = Instant::now();
        let shown = lsp.save(&file, None, "the lesson's diagnostic", |d| {
            codes(d).iter().any(|c| c == "blocking::sleep")
        });
        eprintln!(
            "save {save}: {:.1?} from didSave to the check's end, {} diagnostics on the file",
            t0.elapsed(),
            codes(&shown).len()
        );
    }
    lsp.shut_down();
}
