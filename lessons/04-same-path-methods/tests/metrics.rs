//! `/metrics`, as `main.rs` wires it: the lesson's own binary, the largest sum by both methods
//! in both spellings and then by `/block`, and the exporter's text read back and parsed as
//! Prometheus would.
//!
//! The lesson's claim as a scraper sees it: `GET` runs the sync implementation on the blocking
//! pool and `POST` the async one in slices that yield, so after each route on the largest x
//! `/metrics` counts no stall under any of them (it would if one of them came to compute on a
//! worker); `/block`, the bug on purpose (the sync implementation called inline), holds its
//! worker for the whole sum and is counted under `GET /block`, as lesson 01's test counts its
//! own. Through the binary, because the exporter and the route are `main.rs`'s set-up, which no
//! router function of the library holds ([`lesson_support::binary`] says how).

use lesson_04_same_path_methods::calc::MAX_X;
use lesson_support::binary::Binary;

#[test]
fn metrics_counts_a_stall_for_block_and_none_for_either_method() {
    let server = Binary::start(env!("CARGO_BIN_EXE_lesson-04-same-path-methods"), &[]);
    // Ten million terms: tens of milliseconds in a release build, more in a debug one, so a
    // worker that computed them at once would be held past the watchdog's 10 ms.
    server.get(&format!("/calc/{MAX_X}?power=1"), &[]);
    server.post_json(&format!("/calc/{MAX_X}"), r#"{"power": 1}"#);
    server.get(&format!("/calc?x={MAX_X}&power=1"), &[]);
    server.post_json("/calc", &format!(r#"{{"x": {MAX_X}, "power": 1}}"#));
    server.assert_no_stalls(&[
        "GET /calc/{x}",
        "POST /calc/{x}",
        "GET /calc",
        "POST /calc",
        "GET /block",
    ]);
    // The same ten million terms in one call, on the worker.
    server.get(&format!("/block?x={MAX_X}&power=1"), &[]);
    assert!(server.await_stalls("GET /block") >= 1.0);
}
