//! `/metrics`, as `main.rs` wires it: the lesson's own binary, a request to `/block`, then the
//! exporter's text read back and parsed as Prometheus would, with the stall counted under the
//! route's name. Through the binary, because the exporter and the route are `main.rs`'s set-up,
//! which no router function of the library holds ([`lesson_support::binary`] says how).

use lesson_support::binary::Binary;

#[test]
fn metrics_counts_a_blocked_request_under_its_route() {
    let server = Binary::start(env!("CARGO_BIN_EXE_lesson-01-blocking-the-runtime"), &[]);
    // Before any stall the series is not there: the count below is this request's.
    assert_eq!(server.stalls("GET /block"), None);
    // `std::thread::sleep` on a worker, twenty times the watchdog's threshold.
    server.get("/block?ms=200", &[]);
    assert!(server.await_stalls("GET /block") >= 1.0);
}
