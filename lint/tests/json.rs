//! `--message-format=json` is cargo's: every line parses as a `cargo_metadata::Message`, the
//! diagnostic carries rustc's fields, and a `build-finished` line closes the stream.

mod support;

use cargo_metadata::Message;
use cargo_metadata::diagnostic::DiagnosticLevel;

#[test]
fn every_line_is_a_cargo_message() {
    let out = support::run(&["--message-format", "json", "tests/ui/sleep.rs"]);
    assert_eq!(out.status.code(), Some(0));
    let messages: Vec<Message> = Message::parse_stream(&out.stdout[..])
        .collect::<Result<_, _>>()
        .expect("cargo_metadata reads every line");
    let diags: Vec<_> = messages
        .iter()
        .filter_map(|m| match m {
            Message::CompilerMessage(cm) => Some(cm),
            _ => None,
        })
        .collect();
    assert!(!diags.is_empty());
    for cm in &diags {
        let d = &cm.message;
        assert_eq!(d.level, DiagnosticLevel::Warning);
        assert_eq!(d.code.as_ref().unwrap().code, "blocking::sleep");
        assert!(d.code.as_ref().unwrap().explanation.is_none());
        let primary: Vec<_> = d.spans.iter().filter(|s| s.is_primary).collect();
        assert_eq!(primary.len(), 1);
        assert_eq!(primary[0].file_name, "tests/ui/sleep.rs");
        assert!(
            d.rendered
                .as_deref()
                .unwrap()
                .starts_with("warning: blocking call to")
        );
        assert!(!cm.package_id.repr.is_empty());
        assert!(!cm.target.name.is_empty());
    }
    assert!(matches!(
        messages.last(),
        Some(Message::BuildFinished(f)) if f.success
    ));
}

#[test]
fn fields_match_the_source() {
    let out = support::run(&["--message-format", "json", "tests/ui/sleep.rs"]);
    let lines = support::json_lines(&out);
    let source = std::fs::read_to_string(support::crate_dir().join("tests/ui/sleep.rs")).unwrap();
    let first = &lines[0];
    assert_eq!(first["reason"], "compiler-message");
    assert!(
        first["package_id"]
            .as_str()
            .unwrap()
            .contains("blocking-lint")
    );
    let d = &first["message"];
    assert_eq!(d["$message_type"], "diagnostic");
    assert_eq!(
        d["message"],
        "blocking call to `std::thread::sleep` in async fn `full_path`"
    );
    assert_eq!(d["level"], "warning");
    assert_eq!(d["code"]["code"], "blocking::sleep");
    assert!(d["code"]["explanation"].is_null());
    let span = &d["spans"][0];
    let (start, end) = (
        span["byte_start"].as_u64().unwrap() as usize,
        span["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &source[start..end],
        "std::thread::sleep(Duration::from_millis(10))"
    );
    assert_eq!(span["line_start"], 7);
    assert_eq!(span["line_end"], 7);
    assert_eq!(span["column_start"], 5);
    assert_eq!(span["column_end"], 50);
    assert_eq!(span["is_primary"], true);
    assert_eq!(
        span["text"][0]["text"],
        "    std::thread::sleep(Duration::from_millis(10));"
    );
    assert_eq!(span["text"][0]["highlight_start"], 5);
    assert_eq!(span["text"][0]["highlight_end"], 50);
    assert!(span["label"].is_string());
    assert!(span["suggested_replacement"].is_null());
    assert!(span["suggestion_applicability"].is_null());
    assert!(span["expansion"].is_null());

    let children = d["children"].as_array().unwrap();
    let help = children.iter().find(|c| c["level"] == "help").unwrap();
    assert!(
        help["message"]
            .as_str()
            .unwrap()
            .contains("tokio::time::sleep")
    );
    let note = children.iter().find(|c| c["level"] == "note").unwrap();
    assert_eq!(note["message"], "`#[warn(blocking::sleep)]` on by default");

    // The fix as rustc carries one: a replacement for the callee and `.await` after the call.
    let fix = children
        .iter()
        .find(|c| c["spans"].as_array().is_some_and(|s| !s.is_empty()))
        .unwrap();
    let edits = fix["spans"].as_array().unwrap();
    assert_eq!(edits[0]["suggested_replacement"], "tokio::time::sleep");
    assert_eq!(edits[0]["suggestion_applicability"], "MachineApplicable");
    let (s, e) = (
        edits[0]["byte_start"].as_u64().unwrap() as usize,
        edits[0]["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[s..e], "std::thread::sleep");
    assert_eq!(edits[1]["suggested_replacement"], ".await");
    assert_eq!(edits[1]["byte_start"], edits[1]["byte_end"]);
    assert_eq!(edits[1]["byte_start"].as_u64().unwrap() as usize, end);

    let rendered = d["rendered"].as_str().unwrap();
    assert!(rendered.contains("--> tests/ui/sleep.rs:7:5"), "{rendered}");
    assert!(!rendered.contains('\u{1b}'), "no colour codes in JSON");

    let last = lines.last().unwrap();
    assert_eq!(last["reason"], "build-finished");
    assert_eq!(last["success"], true);
}

#[test]
fn deny_makes_errors_and_a_failed_build() {
    let out = support::run(&[
        "--message-format",
        "json",
        "-D",
        "blocking::sleep",
        "tests/ui/sleep.rs",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let lines = support::json_lines(&out);
    assert_eq!(lines[0]["message"]["level"], "error");
    let notes: Vec<_> = lines[0]["message"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        notes.contains(&"requested on the command line with `-D blocking::sleep`".to_string()),
        "{notes:?}"
    );
    assert_eq!(lines.last().unwrap()["success"], false);
}

#[test]
fn transitive_notes_point_at_each_step() {
    let out = support::run(&["--message-format", "json", "tests/ui/transitive.rs"]);
    let lines = support::json_lines(&out);
    let fs = lines
        .iter()
        .find(|l| l["message"]["code"]["code"] == "blocking::fs")
        .expect("the transitive fs finding");
    let notes: Vec<_> = fs["message"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == "note" && !c["spans"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(
        notes.len(),
        2,
        "config::load -> config::read_file -> std::fs::read_to_string"
    );
    assert!(
        notes[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("`config::read_file` calls `std::fs::read_to_string`")
    );
    assert_eq!(notes[1]["spans"][0]["file_name"], "tests/ui/transitive.rs");
}

#[test]
fn parse_errors_are_reported_and_the_run_goes_on() {
    let dir = std::env::temp_dir().join(format!("blocking-lint-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("broken.rs"), "fn main( {\n").unwrap();
    std::fs::write(
        dir.join("fine.rs"),
        "async fn f() { std::thread::sleep(d); }\n",
    )
    .unwrap();
    let out = support::run_in(&dir, &["--message-format", "json", "."]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = support::json_lines(&out);
    let error = lines
        .iter()
        .find(|l| l["message"]["level"] == "error")
        .unwrap();
    assert!(
        error["message"]["message"]
            .as_str()
            .unwrap()
            .starts_with("could not parse `./broken.rs`")
    );
    assert_eq!(error["message"]["spans"][0]["line_start"], 1);
    assert!(
        lines
            .iter()
            .any(|l| l["message"]["code"]["code"] == "blocking::sleep")
    );
}

#[test]
fn handler_findings_are_errors_with_a_route_note() {
    let out = support::run(&["--message-format", "json", "tests/ui/handlers.rs"]);
    let lines = support::json_lines(&out);
    let show = lines
        .iter()
        .find(|l| {
            l["message"]["message"]
                == "blocking call to `std::thread::sleep` in the handler for GET /users/{id}"
        })
        .expect("the finding in `show`");
    assert_eq!(show["message"]["level"], "error");
    let route = show["message"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["level"] == "note" && c["message"].as_str().unwrap().contains("handles GET"))
        .expect("a note with the route");
    assert!(
        route["message"]
            .as_str()
            .unwrap()
            .starts_with("`show` handles GET /users/{id}, routed at tests/ui/handlers.rs:")
    );
    // The note points at the routing call.
    let span = &route["spans"][0];
    assert_eq!(span["file_name"], "tests/ui/handlers.rs");
    assert_eq!(
        span["text"][0]["text"]
            .as_str()
            .unwrap()
            .trim_start()
            .get(..7),
        Some(".route(")
    );
    let last = lines.last().unwrap();
    assert_eq!(last["reason"], "build-finished");
    assert_eq!(last["success"], false);
}

/// The JSON twin of the grouped human report (`tests/ui/grouped.stderr`): one message per async
/// call site, each naming the same blocking root, so a consumer can group them.
#[test]
fn sites_of_a_shared_root_name_the_same_root() {
    let out = support::run(&["--message-format", "json", "tests/ui/grouped.rs"]);
    let lines = support::json_lines(&out);
    let roots: Vec<String> = lines
        .iter()
        .filter(|l| l["reason"] == "compiler-message")
        .map(|l| {
            let children = l["message"]["children"].as_array().unwrap();
            children
                .iter()
                .filter_map(|c| c["message"].as_str()?.strip_prefix("blocking root: "))
                .map(str::to_owned)
                .next()
                .expect("a transitive finding names its root")
        })
        .collect();
    assert_eq!(roots.len(), 5, "one message per call site: {roots:?}");
    assert!(
        roots.iter().all(|r| r == &roots[0]),
        "one root for all: {roots:?}"
    );
    assert!(
        roots[0].starts_with("blocking::fs@tests/ui/grouped.rs:"),
        "{}",
        roots[0]
    );
}
