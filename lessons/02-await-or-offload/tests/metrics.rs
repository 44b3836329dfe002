//! `/metrics`, as `main.rs` wires it: the lesson's own binary, every way it runs a big sum, and
//! the exporter's text read back and parsed as Prometheus would.
//!
//! The lesson's claim as a scraper sees it: after each mode of `/calc/{x}` and `/def/calc/{x}` on
//! a big x, `/metrics` counts no stall under either route (it would if one of them came to run a
//! big x on a worker); after `/block`, the bug on purpose (the same sum computed on the worker,
//! `auto` without its threshold), it counts one under `GET /block`, as lesson 01's test counts
//! its own. Through the binary, because the exporter and the route are `main.rs`'s set-up, which
//! no router function of the library holds ([`lesson_support::binary`] says how).

use lesson_02_await_or_offload::AUTO_INLINE_MAX_X;
use lesson_support::binary::Binary;

/// Past `auto`'s threshold: five hundred times the work it computes inline, tens of
/// milliseconds in a debug build, so a worker that computed it would be held past the
/// watchdog's 10 ms.
const BIG_X: u64 = AUTO_INLINE_MAX_X * 500;
/// What `/block` computes on its worker: forty times [`BIG_X`], two seconds in a debug build
/// (12 ns a step) and fifty milliseconds in a release one, so the stall is well past the
/// watchdog's 10 ms in either, and its request well inside the test's patience on a busy
/// machine.
const BLOCK_X: u64 = BIG_X * 40;

#[test]
fn metrics_counts_a_stall_for_block_and_none_for_any_mode() {
    let server = Binary::start(env!("CARGO_BIN_EXE_lesson-02-await-or-offload"), &[]);
    for mode in ["sync", "async", "auto"] {
        server.get(&format!("/calc/{BIG_X}?mode={mode}"), &[]);
    }
    server.get(&format!("/def/calc/{BIG_X}"), &[]);
    // `GET /block` too: the count below is the bug's request's.
    server.assert_no_stalls(&["GET /calc/{x}", "GET /def/calc/{x}", "GET /block"]);
    // A bigger sum of the same kind, on the worker.
    server.get(&format!("/block?x={BLOCK_X}"), &[]);
    assert!(server.await_stalls("GET /block") >= 1.0);
}
