//! `/debug/blocking` and its event stream, served over loopback.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use axum::Router;
use blocking_watchdog::{Report, StallEvent, Watchdog};
use support::{Watch, request};

fn server(watchdog: &Watchdog) -> support::Server {
    let app = Router::new()
        .merge(blocking_watchdog::routes(watchdog.clone()))
        .layer(watchdog.layer());
    support::Server::start(app, watchdog, Watch::Layer)
}

#[test]
fn the_report_is_json_with_each_name_s_count_and_worst() {
    let watchdog = Watchdog::builder().build();
    watchdog.record("GET /block", Duration::from_millis(200));
    watchdog.record("GET /block", Duration::from_millis(120));
    let server = server(&watchdog);

    let (status, body) = request(server.addr, "GET", "/debug/blocking");
    assert_eq!(status, 200, "{body}");
    let report: Report = serde_json::from_str(&body).unwrap();
    assert_eq!(report.stalls, 2);
    assert_eq!(report.threshold_ms, 10.0);
    let block = &report.names[0];
    assert_eq!((block.name.as_str(), block.count), ("GET /block", 2));
    assert_eq!((block.worst_ms, block.last_ms), (200.0, 120.0));
}

#[test]
fn another_method_is_a_json_405() {
    let watchdog = Watchdog::builder().build();
    let server = server(&watchdog);
    for path in ["/debug/blocking", "/debug/blocking/events"] {
        let (status, body) = request(server.addr, "POST", path);
        assert_eq!(status, 405);
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"]["status"], 405, "{body}");
    }
}

#[test]
fn each_stall_is_a_server_sent_event() {
    let watchdog = Watchdog::builder().build();
    let server = server(&watchdog);
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /debug/blocking/events HTTP/1.1\r\nhost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut lines = BufReader::new(stream).lines().map(|line| line.unwrap());
    let head: Vec<String> = lines.by_ref().take_while(|line| !line.is_empty()).collect();
    assert!(head[0].contains(" 200 "), "{head:?}");
    assert!(
        head.iter()
            .any(|line| line.eq_ignore_ascii_case("content-type: text/event-stream")),
        "{head:?}"
    );

    // The handler has subscribed once the headers are out; then the stall is sent.
    watchdog.record("GET /cpu", Duration::from_millis(42));
    let mut lines = lines.skip_while(|line| line != "event: stall");
    assert_eq!(lines.next().as_deref(), Some("event: stall"));
    let data = lines.next().expect("an event has data");
    let event: StallEvent =
        serde_json::from_str(data.strip_prefix("data: ").expect("a data line")).unwrap();
    assert_eq!(
        (event.name.as_str(), event.duration_ms, event.ongoing),
        ("GET /cpu", 42.0, false)
    );
}
