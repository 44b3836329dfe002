//! `/metrics`, as `main.rs` wires it: the lesson's own binary, the largest sum by both methods
//! in both spellings, and the exporter's text read back and parsed as Prometheus would.
//!
//! This lesson serves no route that holds a worker, so no stall can be counted under a route's
//! name here as lesson 01's and 03's tests count theirs: `GET` runs the sync implementation on
//! the blocking pool, and `POST` the async one in slices that yield. What this test proves
//! instead is the lesson's claim as a scraper sees it: after each route on the largest x,
//! `/metrics` answers, parses, and counts no stall under any of them. It fails if one of them
//! comes to compute on a worker. Through the binary, because the exporter and the route are
//! `main.rs`'s set-up, which no router function of the library holds ([`lesson_support::binary`]
//! says how).

use lesson_04_same_path_methods::calc::MAX_X;
use lesson_support::binary::Binary;

#[test]
fn metrics_counts_no_stall_for_either_method() {
    let server = Binary::start(env!("CARGO_BIN_EXE_lesson-04-same-path-methods"), &[]);
    // Ten million terms: tens of milliseconds in a release build, more in a debug one, so a
    // worker that computed them at once would be held past the watchdog's 10 ms.
    server.get(&format!("/calc/{MAX_X}?power=1"), &[]);
    server.post_json(&format!("/calc/{MAX_X}"), r#"{"power": 1}"#);
    server.get(&format!("/calc?x={MAX_X}&power=1"), &[]);
    server.post_json("/calc", &format!(r#"{{"x": {MAX_X}, "power": 1}}"#));
    server.assert_no_stalls(&["GET /calc/{x}", "POST /calc/{x}", "GET /calc", "POST /calc"]);
}
