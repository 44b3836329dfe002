//! `/metrics`, as `main.rs` wires it: the lesson's own binary, the same query through each
//! backend and then through `/block`, and the exporter's text read back and parsed as Prometheus
//! would. The offloaded and the async backends leave `GET /calc/{x}` off the stall counter;
//! `sqlite-inline`, the bug, runs the query on a worker and is counted under the route's name;
//! `/block`, the bug without the face (the handler calls SQLite itself), is counted under
//! `GET /block`. Through the binary, because the exporter and the route are `main.rs`'s set-up,
//! which no router function of the library holds ([`lesson_support::binary`] says how).

use lesson_03_dependency_switching::{ASYNC, BACKEND_HEADER, SQLITE, SQLITE_INLINE};
use lesson_support::binary::Binary;

/// The route as the watchdog names it: the method and the matched path, whichever backend.
const ROUTE: &str = "GET /calc/{x}";
/// Rows for a query of about a tenth of a second, in a debug build too (SQLite is optimised in
/// every profile; a million rows take about a quarter of a second): on a worker, several times
/// the watchdog's 10 ms.
const X: u64 = 400_000;

#[test]
fn metrics_counts_each_bug_under_its_route_and_no_other() {
    let server = Binary::start(env!("CARGO_BIN_EXE_lesson-03-dependency-switching"), &[]);
    let calc = format!("/calc/{X}");
    // The query on the blocking pool, then the sum in slices: neither holds a worker.
    server.get(&calc, &[(BACKEND_HEADER, SQLITE)]);
    server.get(&calc, &[(BACKEND_HEADER, ASYNC)]);
    server.assert_no_stalls(&[ROUTE, "GET /block"]);
    // The same query inside the future: the worker is held for all of it.
    server.get(&calc, &[(BACKEND_HEADER, SQLITE_INLINE)]);
    assert!(server.await_stalls(ROUTE) >= 1.0);
    // The same query called by the handler itself, no backend in between.
    server.get(&format!("/block?x={X}"), &[]);
    assert!(server.await_stalls("GET /block") >= 1.0);
}
