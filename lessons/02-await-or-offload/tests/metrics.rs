//! `/metrics`, as `main.rs` wires it: the lesson's own binary, every way it runs a big sum, and
//! the exporter's text read back and parsed as Prometheus would.
//!
//! This lesson's binary serves no route that holds a worker, so no stall can be counted under a
//! route's name here as lesson 01's and 03's tests count theirs. Its bug, a big x computed inline,
//! is `auto` without its threshold, which only the demo builds (`app_with(u64::MAX, ..)`, a
//! router of its own in the demo's process); every mode the binary serves sends a big x to the
//! blocking pool or awaits it. What this test proves instead is the lesson's claim as a scraper
//! sees it: after each mode and `/def/calc` on a big x, `/metrics` answers, parses, and counts no
//! stall under either route. It fails if one of them comes to run a big x on a worker.
//! Through the binary, because the exporter and the route are `main.rs`'s set-up, which no router
//! function of the library holds ([`lesson_support::binary`] says how).

use lesson_02_await_or_offload::AUTO_INLINE_MAX_X;
use lesson_support::binary::Binary;

/// Past `auto`'s threshold: five hundred times the work it computes inline, tens of
/// milliseconds in a debug build, so a worker that computed it would be held past the
/// watchdog's 10 ms.
const BIG_X: u64 = AUTO_INLINE_MAX_X * 500;

#[test]
fn metrics_counts_no_stall_for_any_mode() {
    let server = Binary::start(env!("CARGO_BIN_EXE_lesson-02-await-or-offload"), &[]);
    for mode in ["sync", "async", "auto"] {
        server.get(&format!("/calc/{BIG_X}?mode={mode}"), &[]);
    }
    server.get(&format!("/def/calc/{BIG_X}"), &[]);
    server.assert_no_stalls(&["GET /calc/{x}", "GET /def/calc/{x}"]);
}
