//! A lesson's own binary, running, for the tests of what only its `main.rs` sets up: the
//! exporter behind `/metrics`, the watchdog's hooks on the runtime. No router function of a
//! lesson's library holds those, so such a test starts the program a reader starts, talks to it
//! over real HTTP on 127.0.0.1, and reads `/metrics` with a parser of the exposition format's
//! grammar, which takes a label's value whole, braces and all (`name="GET /calc/{x}"`), as
//! Prometheus does.
//!
//! Like [`crate::testing`]'s helpers these panic instead of returning errors: a server that does
//! not start, a request that fails, a text that does not parse is a failed test.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use blocking_watchdog::metrics::{NAME_LABEL, STALLS_TOTAL};
use prom_text_format_parser::{Scrape, Type, ValueType};

use crate::watchdog::SWITCH;

/// The longest a request may take before the test fails rather than hangs: far past anything a
/// lesson answers, even a debug build beside busy loops.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// How long [`Binary::await_stalls`] looks for a stall before it gives up. The watchdog counts a
/// stall within two thresholds of its start (20 ms by default); this bound is only there so
/// that a stall that never comes fails the test instead of hanging it.
const STALL_PATIENCE: Duration = Duration::from_secs(10);

/// A lesson's server process on an ephemeral port, killed when dropped, so that a failing
/// assertion leaves nothing running.
pub struct Binary {
    child: Child,
    addr: SocketAddr,
    agent: ureq::Agent,
}

impl Binary {
    /// Starts `exe` (a test's `env!("CARGO_BIN_EXE_<lesson>")`) with `args`, on a free port of
    /// 127.0.0.1, without the console layer (two tests would want its port) and with the
    /// watchdog on, whatever [`SWITCH`] says where the tests run. Returns once the banner names
    /// the address: the listener is bound then, so a request waits in its queue rather than
    /// being refused.
    pub fn start(exe: &str, args: &[&str]) -> Self {
        let mut child = Command::new(exe)
            .args(["--addr", "127.0.0.1:0", "--no-console"])
            .args(args)
            .env_remove(SWITCH)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("starting {exe}: {error}"));
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut lines = stdout.lines().map_while(Result::ok);
        // The line `cli::banner` prints first.
        let addr = lines
            .find_map(|line| {
                let rest = line.strip_prefix("listening on http://")?;
                rest.split_whitespace().next()?.parse().ok()
            })
            .unwrap_or_else(|| panic!("{exe} ended without naming its address"));
        // Keep reading: a server whose stdout is closed would fail on its next line of banner.
        std::thread::spawn(move || lines.for_each(drop));
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(REQUEST_TIMEOUT))
            .build();
        Self {
            child,
            addr,
            agent: config.into(),
        }
    }

    /// `GET path` with `headers`; the body of a 2xx answer (any other status fails the test).
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> String {
        let url = format!("http://{}{path}", self.addr);
        let mut request = self.agent.get(&url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(&format!("GET {url}"), request.call())
    }

    /// `POST path` with `json` as its body; the body of a 2xx answer.
    pub fn post_json(&self, path: &str, json: &str) -> String {
        let url = format!("http://{}{path}", self.addr);
        let request = self
            .agent
            .post(&url)
            .header("content-type", "application/json");
        read(&format!("POST {url}"), request.send(json))
    }

    /// `/metrics`, parsed by the exposition format's grammar, and the text it came from (for a
    /// failing assertion's message).
    pub fn metrics(&self) -> (Scrape, String) {
        let text = self.get("/metrics", &[]);
        (parse(&text), text)
    }

    /// The stalls `/metrics` counts under `name` (`GET /block`), if it has the series.
    pub fn stalls(&self, name: &str) -> Option<f64> {
        counter(&self.metrics().0, STALLS_TOTAL, (NAME_LABEL, name))
    }

    /// The stalls `/metrics` counts under `name`, once there are some: the watchdog counts a
    /// stall on its own thread, when it first sees it, so right after a request it may not yet
    /// have. Fails the test if none comes, showing what `/metrics` had instead.
    pub fn await_stalls(&self, name: &str) -> f64 {
        let deadline = Instant::now() + STALL_PATIENCE;
        loop {
            let (scrape, text) = self.metrics();
            match counter(&scrape, STALLS_TOTAL, (NAME_LABEL, name)) {
                Some(count) => return count,
                None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                None => panic!("no stall of {name} on /metrics:\n{text}"),
            }
        }
    }

    /// Fails the test if `/metrics` counts a stall under any of `names`, showing what it has.
    /// Right after the requests that might have stalled, a stall would already be counted: the
    /// watchdog counts one while it runs or as its poll ends, before the connection's next
    /// request (this client keeps it open) is read.
    pub fn assert_no_stalls(&self, names: &[&str]) {
        let (scrape, text) = self.metrics();
        for name in names {
            let stalls = counter(&scrape, STALLS_TOTAL, (NAME_LABEL, name));
            assert_eq!(stalls, None, "{name} held a worker:\n{text}");
        }
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of the counter `metric` whose label `label.0` is `label.1`, if `scrape` has it.
/// A metric of that name that is not a counter fails the test.
pub fn counter(scrape: &Scrape, metric: &str, (label, value): (&str, &str)) -> Option<f64> {
    let metric = scrape.metrics.iter().find(|m| m.name == metric)?;
    assert_eq!(
        metric.kind,
        Type::Counter,
        "{} is not a counter",
        metric.name
    );
    let sample = metric.samples.iter().find(|sample| {
        sample.value.value_type == ValueType::Sample
            && sample
                .labels
                .iter()
                .any(|l| l.key == label && l.value == value)
    })?;
    Some(sample.value.value.as_f64())
}

/// `text` in the exposition format, parsed. An exporter that has recorded nothing renders no
/// line at all, which is a scrape of no metric (the parser wants at least one line).
pub fn parse(text: &str) -> Scrape {
    if text.trim().is_empty() {
        return Scrape { metrics: vec![] };
    }
    Scrape::parse(text)
        .unwrap_or_else(|error| panic!("/metrics does not parse ({error:?}):\n{text}"))
}

/// The body of an answer, or the test fails naming `what` was asked.
fn read(what: &str, answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> String {
    answer
        .unwrap_or_else(|error| panic!("{what}: {error}"))
        .into_body()
        .read_to_string()
        .unwrap_or_else(|error| panic!("{what}: reading the body: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Prometheus's exporter renders after one stall of a route with a path parameter:
    /// the `}` inside the label's value is where a regular expression's parser loses the sample.
    const STALLED: &str = r#"# HELP blocking_watchdog_stalls_total Polls that held a tokio worker past the blocking watchdog's threshold
# TYPE blocking_watchdog_stalls_total counter
blocking_watchdog_stalls_total{name="GET /calc/{x}"} 2

# HELP blocking_watchdog_stall_seconds How long each stall held its worker
# TYPE blocking_watchdog_stall_seconds histogram
blocking_watchdog_stall_seconds_bucket{name="GET /calc/{x}",le="0.1"} 2
blocking_watchdog_stall_seconds_bucket{name="GET /calc/{x}",le="+Inf"} 2
blocking_watchdog_stall_seconds_sum{name="GET /calc/{x}"} 0.125
blocking_watchdog_stall_seconds_count{name="GET /calc/{x}"} 2

"#;

    #[test]
    fn a_counter_is_found_by_a_label_that_holds_braces() {
        let scrape = parse(STALLED);
        let stalls = |name| counter(&scrape, STALLS_TOTAL, (NAME_LABEL, name));
        assert_eq!(stalls("GET /calc/{x}"), Some(2.0));
        assert_eq!(stalls("GET /calc"), None);
    }

    #[test]
    fn an_exporter_with_nothing_recorded_is_an_empty_scrape() {
        let scrape = parse("");
        assert_eq!(counter(&scrape, STALLS_TOTAL, (NAME_LABEL, "GET /")), None);
    }
}
