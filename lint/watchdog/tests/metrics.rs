//! Stalls as metrics, read back as a scraper reads them: Prometheus's exporter installed as the
//! process's recorder, `/metrics` served beside a blocking route on a real server over loopback,
//! and its text parsed by a Prometheus text-format parser.
#![cfg(all(feature = "metrics", feature = "axum"))]

mod support;

use std::sync::OnceLock;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use blocking_watchdog::Watchdog;
use blocking_watchdog::metrics::{NAME_LABEL, OTHER, STALL_SECONDS, STALLS_TOTAL};
use metrics_exporter_prometheus::PrometheusHandle;
use prometheus_parse::{Sample, Scrape, Value};
use support::{THRESHOLD, Watch, next_event, one_at_a_time, request};

/// Long enough that any event the test waits for has arrived, unless something is wrong.
const PATIENCE: Duration = Duration::from_secs(10);

// ANCHOR: exporter
/// Prometheus's exporter as the process's recorder, with buckets for the stall histogram:
/// without them it renders a summary, whose quantiles cannot be added up across instances.
fn install_exporter() -> metrics_exporter_prometheus::PrometheusHandle {
    use blocking_watchdog::metrics::{STALL_SECONDS, STALL_SECONDS_BUCKETS};
    use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};

    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(STALL_SECONDS.into()), STALL_SECONDS_BUCKETS)
        .expect("the matcher is not empty")
        .install_recorder()
        .expect("no recorder was installed before")
}
// ANCHOR_END: exporter

/// The test binary's one recorder: a process has one, and the tests share it.
fn exporter() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(install_exporter).clone()
}

fn parse(text: &str) -> Scrape {
    Scrape::parse(text.lines().map(|line| Ok(line.to_owned()))).expect("exposition text parses")
}

/// The sample of `metric` whose name label is `name`.
fn sample<'a>(scrape: &'a Scrape, metric: &str, name: &str) -> Option<&'a Sample> {
    scrape
        .samples
        .iter()
        .find(|s| s.metric == metric && s.labels.get(NAME_LABEL) == Some(name))
}

fn counter(scrape: &Scrape, name: &str) -> Option<f64> {
    match sample(scrape, STALLS_TOTAL, name)?.value {
        Value::Counter(count) => Some(count),
        ref other => panic!("{STALLS_TOTAL} is not a counter: {other:?}"),
    }
}

/// A handler that blocks its worker well past the threshold.
async fn block() -> &'static str {
    std::thread::sleep(Duration::from_millis(50));
    "slept"
}

#[test]
fn a_blocked_route_is_counted_and_timed_in_the_exposition_text() {
    let _turn = one_at_a_time();
    let handle = exporter();
    let watchdog = Watchdog::builder().threshold(THRESHOLD).build();
    let app = Router::new()
        .route("/block", get(block))
        .merge(blocking_watchdog::metrics::route(move || handle.render()))
        .layer(watchdog.layer());
    // As the lessons run: the layer names the request, the hooks (where tokio has them) time it.
    #[cfg(tokio_unstable)]
    let watch = Watch::Hooks;
    #[cfg(not(tokio_unstable))]
    let watch = Watch::Layer;
    let server = support::Server::start(app, &watchdog, watch);
    let mut events = watchdog.subscribe();

    let (status, _) = request(server.addr, "GET", "/block");
    assert_eq!(status, 200);
    // The histogram's sample is recorded when the stall's end is published.
    loop {
        let event = next_event(&mut events, PATIENCE).expect("the stall was never reported");
        if !event.ongoing {
            assert_eq!(event.name, "GET /block");
            break;
        }
    }

    let (status, text) = request(server.addr, "GET", "/metrics");
    assert_eq!(status, 200, "{text}");
    let scrape = parse(&text);
    let stalls = counter(&scrape, "GET /block").unwrap_or_else(|| panic!("no counter in\n{text}"));
    assert!(stalls >= 1.0, "{stalls} stalls in\n{text}");

    let histogram = sample(&scrape, STALL_SECONDS, "GET /block")
        .unwrap_or_else(|| panic!("no histogram in\n{text}"));
    let Value::Histogram(buckets) = &histogram.value else {
        panic!("{STALL_SECONDS} is not a histogram: {histogram:?}");
    };
    let total = buckets
        .iter()
        .find(|bucket| bucket.less_than.is_infinite())
        .map(|bucket| bucket.count)
        .expect("a +Inf bucket");
    assert!(total >= 1.0, "{buckets:?}");
    // Cumulative, as a histogram's buckets are; and none below the threshold holds a stall,
    // since a poll shorter than the threshold is none.
    assert!(
        buckets.windows(2).all(|w| w[0].count <= w[1].count),
        "{buckets:?}"
    );
    let threshold = THRESHOLD.as_secs_f64();
    let below: f64 = buckets
        .iter()
        .filter(|bucket| bucket.less_than < threshold)
        .map(|bucket| bucket.count)
        .sum();
    assert_eq!(below, 0.0, "{buckets:?}");
    let count = scrape
        .samples
        .iter()
        .find(|s| {
            s.metric == format!("{STALL_SECONDS}_count")
                && s.labels.get(NAME_LABEL) == Some("GET /block")
        })
        .map(|s| s.value.clone());
    assert_eq!(count, Some(Value::Untyped(total)), "{text}");

    // The scrape route answers GET only, as the watchdog's other routes do.
    assert_eq!(request(server.addr, "POST", "/metrics").0, 405);
}

#[test]
fn names_past_the_table_s_size_are_counted_as_other() {
    let handle = exporter();
    let watchdog = Watchdog::builder().max_names(2).build();
    let names = ["cap a", "cap b", "cap c", "cap d", "cap e"];
    for name in names {
        watchdog.record(name, Duration::from_millis(20));
    }
    // The first two keep their label for good, however many came after them.
    watchdog.record("cap a", Duration::from_millis(20));

    let text = handle.render();
    let scrape = parse(&text);
    assert_eq!(counter(&scrape, "cap a"), Some(2.0), "{text}");
    assert_eq!(counter(&scrape, "cap b"), Some(1.0), "{text}");
    for gone in &names[2..] {
        assert_eq!(
            counter(&scrape, gone),
            None,
            "{gone} has a series of its own:\n{text}"
        );
    }
    assert_eq!(counter(&scrape, OTHER), Some(3.0), "{text}");
    assert!(sample(&scrape, STALL_SECONDS, OTHER).is_some(), "{text}");
}
