//! `/metrics`, as `main.rs` wires it: the lesson's own binary, the same query through each
//! backend, and the exporter's text read back and parsed as Prometheus would. The offloaded and
//! the async backends leave `GET /calc/{x}` off the stall counter; `sqlite-inline`, the bug,
//! runs the query on a worker and is counted under the route's name. Through the binary, because
//! the exporter and the route are `main.rs`'s set-up, which no router function of the library
//! holds ([`lesson_support::binary`] says how).

use lesson_03_dependency_switching::{ASYNC, BACKEND_HEADER, SQLITE, SQLITE_INLINE};
use lesson_support::binary::Binary;

/// The route as the watchdog names it: the method and the matched path, whichever backend.
const ROUTE: &str = "GET /calc/{x}";
/// A query of tens of milliseconds in a release build (a million rows take about a quarter of a
/// second): inline, several times the watchdog's 10 ms on a worker.
const CALC: &str = "/calc/400000";

#[test]
fn metrics_counts_the_inline_backend_under_its_route_and_no_other() {
    let server = Binary::start(env!("CARGO_BIN_EXE_lesson-03-dependency-switching"), &[]);
    // The query on the blocking pool, then the sum in slices: neither holds a worker.
    server.get(CALC, &[(BACKEND_HEADER, SQLITE)]);
    server.get(CALC, &[(BACKEND_HEADER, ASYNC)]);
    server.assert_no_stalls(&[ROUTE]);
    // The same query inside the future: the worker is held for all of it.
    server.get(CALC, &[(BACKEND_HEADER, SQLITE_INLINE)]);
    assert!(server.await_stalls(ROUTE) >= 1.0);
}
