//! `/metrics`, as `main.rs` wires it: the lesson's own binary, a request to `/block`, then the
//! exporter's text read back and parsed as Prometheus would, with the stall counted under the
//! route's name. Through the binary, because the exporter and the route are `main.rs`'s set-up,
//! which no router function of the library holds.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use blocking_watchdog::metrics::{NAME_LABEL, STALLS_TOTAL};
use prometheus_parse::{Scrape, Value};

/// The lesson's server on an ephemeral port, and the address its banner names.
struct Server(Child);

impl Server {
    fn start() -> (Self, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lesson-01-blocking-the-runtime"))
            .args(["--addr", "127.0.0.1:0", "--no-console"])
            .env_remove("LESSON_WATCHDOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut lines = stdout.lines().map_while(Result::ok);
        let addr = lines
            .find_map(|line| {
                let rest = line.strip_prefix("listening on http://")?;
                Some(rest.split_whitespace().next()?.to_owned())
            })
            .expect("the banner names the address");
        // Keep reading: a server whose stdout is closed would fail on its next line of banner.
        std::thread::spawn(move || lines.for_each(drop));
        (Self(child), addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(url: &str) -> String {
    ureq::get(url)
        .call()
        .unwrap_or_else(|error| panic!("GET {url}: {error}"))
        .into_body()
        .read_to_string()
        .unwrap()
}

/// The stalls counted under `name`, if the text has the series.
fn stalls(text: &str, name: &str) -> Option<f64> {
    let scrape = Scrape::parse(text.lines().map(|line| Ok(line.to_owned())))
        .expect("the exposition text parses");
    let sample = scrape
        .samples
        .into_iter()
        .find(|s| s.metric == STALLS_TOTAL && s.labels.get(NAME_LABEL) == Some(name))?;
    match sample.value {
        Value::Counter(count) => Some(count),
        other => panic!("{STALLS_TOTAL} is not a counter: {other:?}"),
    }
}

#[test]
fn metrics_counts_a_blocked_request_under_its_route() {
    let (_server, addr) = Server::start();
    // Before any stall the series is not there: the count below is this request's.
    assert_eq!(
        stalls(&get(&format!("http://{addr}/metrics")), "GET /block"),
        None
    );
    get(&format!("http://{addr}/block?ms=200"));
    // The watchdog counts a stall when it first sees it, on its own thread: give it a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = get(&format!("http://{addr}/metrics"));
        match stalls(&text, "GET /block") {
            Some(count) => {
                assert!(count >= 1.0, "{text}");
                break;
            }
            None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            None => panic!("no stall of GET /block on /metrics:\n{text}"),
        }
    }
}
