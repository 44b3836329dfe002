//! SARIF 2.1.0 checks shared by the tests that read the lint's logs: every property the
//! specification requires (from the spec, without its schema file, since tests have no network),
//! and the findings as `(file, line, rule)`.

use serde_json::Value;

const LEVELS: [&str; 4] = ["none", "note", "warning", "error"];

fn text_of(v: &Value, what: &str) -> String {
    // §3.11: a message has `text` (or `id`, which this tool does not use).
    v["text"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no text in {v}"))
        .to_string()
}

/// §3.30 region with §3.30.5-8 line/column properties: 1-based, end not before start.
fn check_region(r: &Value, what: &str) {
    let n = |k: &str| {
        r[k].as_u64()
            .unwrap_or_else(|| panic!("{what}: {k} missing in {r}"))
    };
    let (sl, sc, el, ec) = (
        n("startLine"),
        n("startColumn"),
        n("endLine"),
        n("endColumn"),
    );
    assert!(sl >= 1 && sc >= 1 && el >= 1 && ec >= 1, "{what}: {r}");
    assert!(
        el > sl || (el == sl && ec >= sc),
        "{what}: ends before it starts: {r}"
    );
}

/// §3.4 artifactLocation: a relative `uri` resolved against a `uriBaseId` the run declares.
fn check_artifact(a: &Value, run: &Value, what: &str) {
    let uri = a["uri"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: uri in {a}"));
    assert!(
        !uri.contains("://") && !uri.starts_with('/'),
        "{what}: not relative: {uri}"
    );
    let base = a["uriBaseId"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: uriBaseId"));
    let root = run["originalUriBaseIds"][base]["uri"]
        .as_str()
        .unwrap_or_default();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{what}: base {root}"
    );
}

/// §3.28 location / §3.29 physicalLocation: artifactLocation (or address) is required.
fn check_location(l: &Value, run: &Value, what: &str) {
    let p = &l["physicalLocation"];
    assert!(p.is_object(), "{what}: physicalLocation in {l}");
    check_artifact(&p["artifactLocation"], run, what);
    check_region(&p["region"], what);
}

/// Everything the specification requires, and the references inside the log resolve.
pub fn check_shape(log: &Value) {
    // §3.13 sarifLog: version and runs required.
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    // §3.18 tool: driver required; §3.19 toolComponent: name required.
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "blocking-lint");
    assert!(driver["version"].is_string());
    // §3.49 reportingDescriptor: id required; descriptions are multiformat strings with text.
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), blocking_lint::rules::REGISTRY.len());
    for (r, rule) in rules.iter().zip(blocking_lint::rules::REGISTRY) {
        assert_eq!(r["id"], rule.code());
        assert!(!text_of(&r["shortDescription"], "shortDescription").is_empty());
        assert!(!text_of(&r["fullDescription"], "fullDescription").is_empty());
        let help = text_of(&r["help"], "help");
        assert!(help.contains(&format!("book/src/lint/rules/{}.md", rule.name)));
        let page = super::crate_dir().join(format!("../book/src/lint/rules/{}.md", rule.name));
        assert!(page.is_file(), "the book page {} exists", page.display());
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(LEVELS.contains(&level));
        // Absolute URIs only (§3.49.12); this log has none to give.
        assert!(r.get("helpUri").is_none());
    }
    // §3.20 invocation: executionSuccessful required.
    for inv in run["invocations"].as_array().expect("invocations") {
        assert!(inv["executionSuccessful"].is_boolean());
        for n in inv["toolExecutionNotifications"].as_array().unwrap() {
            text_of(&n["message"], "notification");
        }
    }
    // §3.27 result: message required; ruleIndex, when present, points at the ruleId's rule.
    for (i, res) in run["results"]
        .as_array()
        .expect("results")
        .iter()
        .enumerate()
    {
        let what = format!("result {i}");
        text_of(&res["message"], &what);
        assert!(LEVELS.contains(&res["level"].as_str().unwrap()), "{what}");
        let id = res["ruleId"].as_str().unwrap();
        if let Some(idx) = res["ruleIndex"].as_u64() {
            assert_eq!(rules[idx as usize]["id"], id, "{what}");
        }
        let locations = res["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1, "{what}");
        check_location(&locations[0], run, &what);
        let mut ids = Vec::new();
        for l in res["relatedLocations"].as_array().into_iter().flatten() {
            check_location(l, run, &what);
            text_of(&l["message"], &what);
            ids.push(l["id"].as_i64().unwrap());
        }
        ids.dedup();
        assert_eq!(
            ids.len(),
            res["relatedLocations"].as_array().map_or(0, Vec::len)
        );
        // §3.55 fix: artifactChanges required; §3.56 artifactChange: artifactLocation and
        // replacements required; §3.57 replacement: deletedRegion required.
        for fix in res["fixes"].as_array().into_iter().flatten() {
            let changes = fix["artifactChanges"].as_array().unwrap();
            assert!(!changes.is_empty(), "{what}");
            for c in changes {
                check_artifact(&c["artifactLocation"], run, &what);
                let reps = c["replacements"].as_array().unwrap();
                assert!(!reps.is_empty(), "{what}");
                for rep in reps {
                    check_region(&rep["deletedRegion"], &what);
                    assert!(rep["insertedContent"]["text"].is_string());
                }
            }
        }
    }
}

/// `(file, line, rule)` of every result, to compare with the JSON format's findings.
pub fn results(log: &Value) -> Vec<(String, u64, String)> {
    let mut out: Vec<_> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let p = &r["locations"][0]["physicalLocation"];
            (
                p["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                p["region"]["startLine"].as_u64().unwrap(),
                r["ruleId"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}
