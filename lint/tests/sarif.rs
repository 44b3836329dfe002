//! `--message-format=sarif`: one SARIF 2.1.0 log that serde_json parses, holding every property
//! the SARIF 2.1.0 specification requires (`support::sarif`, checked from the spec), and the same
//! findings as the JSON format.

mod support;

use serde_json::Value;

fn sarif(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["--message-format", "sarif"];
    all.extend_from_slice(args);
    let out = support::run(&all);
    let log = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    (out.status.code(), log)
}

#[test]
fn logs_have_the_required_shape_and_the_json_findings() {
    for case in [
        "tests/ui/handlers.rs",
        "tests/ui/transitive.rs",
        "tests/ui/sleep.rs",
        "tests/ui/suppress.rs",
        "tests/ui/grouped.rs",
    ] {
        let flags = ["--report-unused-suppressions", case];
        let (code, log) = sarif(&flags);
        support::sarif::check_shape(&log);
        let json = support::run(&["--message-format", "json", flags[0], case]);
        assert_eq!(code, json.status.code(), "{case}: same exit status");
        let expected = support::primary_findings(&support::json_lines(&json));
        assert_eq!(support::sarif::results(&log), expected, "{case}");
    }
}

#[test]
fn routes_steps_and_fixes_are_carried() {
    let (code, log) = sarif(&["tests/ui/handlers.rs"]);
    assert_eq!(code, Some(1), "handler findings deny by default");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let error = results
        .iter()
        .find(|r| r["level"] == "error")
        .expect("a handler finding");
    let related = error["relatedLocations"]
        .as_array()
        .expect("the route notes");
    assert!(
        related
            .iter()
            .any(|l| l["message"]["text"].as_str().unwrap().contains("routed at"))
    );

    let (_, log) = sarif(&["tests/ui/transitive.rs"]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let through = results
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains(" through "))
        .expect("a transitive finding");
    assert!(
        through["relatedLocations"]
            .as_array()
            .is_some_and(|l| !l.is_empty())
    );
    assert!(
        through.get("fixes").is_none(),
        "a fix in the sync fn cannot add .await"
    );

    let (_, log) = sarif(&["tests/ui/sleep.rs"]);
    let fixed = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("fixes").is_some())
        .expect("std::thread::sleep comes with a fix");
    let reps = &fixed["fixes"][0]["artifactChanges"][0]["replacements"];
    assert!(
        reps.as_array()
            .unwrap()
            .iter()
            .any(|r| r["insertedContent"]["text"] == ".await")
    );
}

#[test]
fn unparsable_files_are_notifications() {
    let dir = std::env::temp_dir().join(format!("blocking-lint-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.rs");
    std::fs::write(&bad, "fn broken( {\n").unwrap();
    let out = support::run_in(&dir, &["--message-format", "sarif", "bad.rs"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    support::sarif::check_shape(&log);
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert!(
        n["message"]["text"]
            .as_str()
            .unwrap()
            .contains("could not parse `bad.rs`")
    );
}

#[test]
fn results_of_a_shared_root_share_a_fingerprint() {
    let (_, log) = sarif(&["tests/ui/grouped.rs"]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let prints: Vec<&str> = results
        .iter()
        .filter_map(|r| r["partialFingerprints"]["blockingRoot/v1"].as_str())
        .collect();
    assert_eq!(prints.len(), 5, "{results:#?}");
    assert!(prints.iter().all(|p| *p == prints[0]), "{prints:?}");
}
