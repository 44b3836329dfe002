//! The load probe behind every `demo`: N clients keep one route busy while one client probes
//! another route at a fixed rate, and the probe's latencies tell how the busy route treats
//! everyone else.
//!
//! It is a real HTTP/1.1 client (hyper) over loopback, so what it measures includes everything a
//! real client would meet: accept, parsing, scheduling, the handler, the response.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::Serialize;
use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// One request to send again and again.
#[derive(Debug, Clone)]
pub struct Target {
    pub method: Method,
    pub path: String,
    pub body: Option<String>,
}

impl Target {
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            method: Method::GET,
            path: path.into(),
            body: None,
        }
    }

    pub fn post_json(path: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            method: Method::POST,
            path: path.into(),
            body: Some(body.into()),
        }
    }
}

/// One phase of a demo: `clients` concurrent clients loop on `load` (none for an idle phase)
/// while the probe sends `probe` every `interval` (open loop: see [`run`]), for `duration`.
#[derive(Debug, Clone)]
pub struct Phase {
    pub load: Option<Target>,
    pub clients: usize,
    pub probe: Target,
    pub interval: Duration,
    pub duration: Duration,
}

/// Latency percentiles and throughput of one stream of requests.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Stats {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Requests answered with a success status.
    pub requests: usize,
    /// Requests that failed or were answered with an error status (a 503 from a bound counts).
    pub errors: usize,
    /// Successful requests per second over the phase.
    pub rps: f64,
}

impl Stats {
    /// Nearest-rank percentiles over the successful requests' latencies.
    pub fn from_samples(mut latencies: Vec<Duration>, errors: usize, elapsed: Duration) -> Self {
        latencies.sort_unstable();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let pick = |q: f64| match latencies.len() {
            0 => 0.0,
            n => ms(latencies[((q * n as f64).ceil() as usize).clamp(1, n) - 1]),
        };
        Self {
            p50_ms: pick(0.50),
            p90_ms: pick(0.90),
            p99_ms: pick(0.99),
            max_ms: latencies.last().copied().map(ms).unwrap_or(0.0),
            requests: latencies.len(),
            errors,
            rps: latencies.len() as f64 / elapsed.as_secs_f64().max(f64::EPSILON),
        }
    }
}

/// What one phase measured: the probe's view, and the load's.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct PhaseReport {
    #[serde(flatten)]
    pub probe: Stats,
    pub load: Option<Stats>,
}

impl PhaseReport {
    /// Requests per second the load got through (0 for a phase without load).
    pub fn load_rps(&self) -> f64 {
        self.load.map_or(0.0, |load| load.rps)
    }
}

/// Runs `phase` against the server at `addr` and reports what the probe and the load saw.
///
/// Run it on a runtime other than the server's (see [`crate::BackgroundServer`]).
pub async fn run(addr: SocketAddr, phase: &Phase) -> anyhow::Result<PhaseReport> {
    let deadline = Instant::now() + phase.duration;
    let load_client = client();
    let mut clients = Vec::new();
    if let Some(target) = &phase.load {
        for _ in 0..phase.clients {
            let (client, target) = (load_client.clone(), target.clone());
            clients.push(tokio::spawn(async move {
                let mut samples = Samples::default();
                while Instant::now() < deadline {
                    samples.record(send(&client, addr, &target).await);
                }
                samples
            }));
        }
        // Give the load a moment to occupy the server before the probe starts looking.
        tokio::time::sleep(phase.interval.min(phase.duration / 10)).await;
    }

    // The probe has a client (and so connections) of its own: it must not queue behind the load.
    let probe_client = client();
    let mut ticks = tokio::time::interval(phase.interval);
    // Open loop: a probe leaves every `interval` whether or not the last one has come back, each
    // on a task (and a connection) of its own, as independent users would arrive. A probe that
    // waited for the last would send one request into a two-second stall and count it once,
    // hiding every user who arrived meanwhile (coordinated omission). A tick missed because this
    // runtime was late is skipped, not sent in a burst.
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let started = Instant::now();
    let mut in_flight = JoinSet::new();
    while Instant::now() < deadline {
        ticks.tick().await;
        let (client, target) = (probe_client.clone(), phase.probe.clone());
        in_flight.spawn(async move { send(&client, addr, &target).await });
    }
    let mut probe = Samples::default();
    while let Some(outcome) = in_flight.join_next().await {
        probe.record(outcome.context("probe task panicked")?);
    }
    let probe = probe.into_stats(started.elapsed());

    let mut load = phase.load.as_ref().map(|_| Samples::default());
    let load_started = deadline - phase.duration;
    for handle in clients {
        let samples = handle.await.context("load client panicked")?;
        if let Some(load) = &mut load {
            load.merge(samples);
        }
    }
    let load = load.map(|samples| samples.into_stats(load_started.elapsed()));
    Ok(PhaseReport { probe, load })
}

/// Sends `target` once and returns how long the full response took, or why it failed.
pub async fn send(
    client: &HttpClient,
    addr: SocketAddr,
    target: &Target,
) -> Result<Duration, String> {
    let mut request = Request::builder()
        .method(target.method.clone())
        .uri(format!("http://{addr}{}", target.path));
    if target.body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let body = Full::new(Bytes::from(target.body.clone().unwrap_or_default()));
    let request = request.body(body).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let response = client.request(request).await.map_err(|e| e.to_string())?;
    let status = response.status();
    // The latency a client sees ends with the last byte of the body.
    response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    if status.is_success() {
        Ok(elapsed)
    } else {
        Err(status_error(status))
    }
}

fn status_error(status: StatusCode) -> String {
    format!("status {status}")
}

/// A keep-alive HTTP/1.1 client; each concurrent request gets a pooled connection of its own.
pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(1024)
        .build_http()
}

#[derive(Default)]
struct Samples {
    latencies: Vec<Duration>,
    errors: usize,
}

impl Samples {
    fn record(&mut self, outcome: Result<Duration, String>) {
        match outcome {
            Ok(latency) => self.latencies.push(latency),
            Err(error) => {
                tracing::debug!(%error, "probe request failed");
                self.errors += 1;
            }
        }
    }

    fn merge(&mut self, other: Samples) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
    }

    fn into_stats(self, elapsed: Duration) -> Stats {
        Stats::from_samples(self.latencies, self.errors, elapsed)
    }
}

/// Prints `rows` under `header` as a plain text table, numbers right-aligned.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let columns = header.len();
    let width = |c: usize| {
        rows.iter()
            .map(|row| row.get(c).map_or(0, String::len))
            .chain([header[c].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (cell, w))| match c {
                0 => format!("{cell:<w$}"),
                _ => format!("{cell:>w$}"),
            })
            .collect();
        println!("{}", padded.join("  "));
    };
    line(header.to_vec());
    line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    );
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// One table row for a phase: its name, then the probe's p50/p90/p99/max in ms and its count.
pub fn stats_row(name: &str, stats: &Stats) -> Vec<String> {
    vec![
        name.to_owned(),
        format!("{:.2}", stats.p50_ms),
        format!("{:.2}", stats.p90_ms),
        format!("{:.2}", stats.p99_ms),
        format!("{:.2}", stats.max_ms),
        stats.requests.to_string(),
        stats.errors.to_string(),
    ]
}

/// The header that goes with [`stats_row`].
pub const STATS_HEADER: [&str; 7] = [
    "phase", "p50 ms", "p90 ms", "p99 ms", "max ms", "ok", "errors",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let samples = (1..=100).map(Duration::from_millis).collect();
        let stats = Stats::from_samples(samples, 3, Duration::from_secs(2));
        assert_eq!(stats.p50_ms, 50.0);
        assert_eq!(stats.p90_ms, 90.0);
        assert_eq!(stats.p99_ms, 99.0);
        assert_eq!(stats.max_ms, 100.0);
        assert_eq!((stats.requests, stats.errors), (100, 3));
        assert_eq!(stats.rps, 50.0);
    }

    #[test]
    fn no_samples_give_zeros_not_a_panic() {
        let stats = Stats::from_samples(Vec::new(), 1, Duration::ZERO);
        assert_eq!(stats.requests, 0);
        assert_eq!(stats.p99_ms, 0.0);
    }
}
