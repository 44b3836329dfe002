//! Stalls as metrics, read back as a scraper reads them: Prometheus's exporter installed as the
//! process's recorder, `/metrics` served beside a blocking route on a real server over loopback,
//! and its text parsed by a parser of the format's grammar. The blocking route has a path
//! parameter, so its name (`GET /block/{ms}`) puts braces inside a label's value, where a parser
//! built on a regular expression (prometheus-parse's) loses the sample.
#![cfg(all(feature = "metrics", feature = "axum"))]

mod support;

use std::sync::OnceLock;
use std::time::Duration;

use axum::Router;
use axum::extract::Path;
use axum::routing::get;
use blocking_watchdog::Watchdog;
use blocking_watchdog::metrics::{NAME_LABEL, OTHER, STALL_SECONDS, STALLS_TOTAL};
use metrics_exporter_prometheus::PrometheusHandle;
use prom_text_format_parser::{Metric, Sample, Scrape, Type, ValueType};
use support::{THRESHOLD, Watch, next_event, one_at_a_time, request};

/// Long enough that any event the test waits for has arrived, unless something is wrong.
const PATIENCE: Duration = Duration::from_secs(10);

/// The blocking route, with a path parameter: its name is `GET /block/{ms}`.
const BLOCK: &str = "GET /block/{ms}";

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

/// `text` in the exposition format, parsed. An exporter that has recorded nothing renders no
/// line at all, which is a scrape of no metric (the parser wants at least one line).
fn parse(text: &str) -> Scrape {
    if text.trim().is_empty() {
        return Scrape { metrics: vec![] };
    }
    Scrape::parse(text)
        .unwrap_or_else(|error| panic!("/metrics does not parse ({error:?}):\n{text}"))
}

/// The metric named `metric`, which must be of `kind`.
fn metric<'a>(scrape: &'a Scrape, metric: &str, kind: Type) -> Option<&'a Metric> {
    let metric = scrape.metrics.iter().find(|m| m.name == metric)?;
    assert_eq!(metric.kind, kind, "{} is not a {kind}", metric.name);
    Some(metric)
}

/// The value of `sample`'s label `key`.
fn label<'a>(sample: &'a Sample, key: &str) -> Option<&'a str> {
    sample
        .labels
        .iter()
        .find(|l| l.key == key)
        .map(|l| l.value.as_str())
}

/// The samples of `metric` whose name label is `name`.
fn samples<'a>(metric: &'a Metric, name: &'a str) -> impl Iterator<Item = &'a Sample> {
    metric
        .samples
        .iter()
        .filter(move |s| label(s, NAME_LABEL) == Some(name))
}

fn counter(scrape: &Scrape, name: &str) -> Option<f64> {
    let metric = metric(scrape, STALLS_TOTAL, Type::Counter)?;
    let sample = samples(metric, name).find(|s| s.value.value_type == ValueType::Sample)?;
    Some(sample.value.value.as_f64())
}

/// One name's series of the stall histogram.
#[derive(Debug)]
struct Histogram {
    /// Each bucket's upper bound (`le`) and count, in the order rendered.
    buckets: Vec<(f64, f64)>,
    /// The `_count` sample.
    count: Option<f64>,
}

fn histogram(scrape: &Scrape, name: &str) -> Option<Histogram> {
    let metric = metric(scrape, STALL_SECONDS, Type::Histogram)?;
    let mut histogram = Histogram {
        buckets: vec![],
        count: None,
    };
    for sample in samples(metric, name) {
        let value = sample.value.value.as_f64();
        match sample.value.value_type {
            ValueType::Sample => {
                let le = label(sample, "le")
                    .unwrap_or_else(|| panic!("a bucket without le: {sample:?}"));
                let le = le
                    .parse()
                    .unwrap_or_else(|_| panic!("le is not a number: {sample:?}"));
                histogram.buckets.push((le, value));
            }
            ValueType::Count => histogram.count = Some(value),
            ValueType::Sum => {}
        }
    }
    (!histogram.buckets.is_empty() || histogram.count.is_some()).then_some(histogram)
}

/// A handler that blocks its worker for the path's `ms` milliseconds.
async fn block(Path(ms): Path<u64>) -> &'static str {
    support::block(ms).await
}

#[test]
fn a_blocked_route_is_counted_and_timed_in_the_exposition_text() {
    let _turn = one_at_a_time();
    let handle = exporter();
    let watchdog = Watchdog::builder().threshold(THRESHOLD).build();
    let app = Router::new()
        .route("/block/{ms}", get(block))
        .merge(blocking_watchdog::metrics::route(move || handle.render()))
        .layer(watchdog.layer());
    // As the lessons run: the layer names the request, the hooks (where tokio has them) time it.
    #[cfg(tokio_unstable)]
    let watch = Watch::Hooks;
    #[cfg(not(tokio_unstable))]
    let watch = Watch::Layer;
    let server = support::Server::start(app, &watchdog, watch);
    let mut events = watchdog.subscribe();

    // Well past the threshold.
    let (status, _) = request(server.addr, "GET", "/block/50");
    assert_eq!(status, 200);
    // The histogram's sample is recorded when the stall's end is published.
    loop {
        let event = next_event(&mut events, PATIENCE).expect("the stall was never reported");
        if !event.ongoing {
            assert_eq!(event.name, BLOCK);
            break;
        }
    }

    let (status, text) = request(server.addr, "GET", "/metrics");
    assert_eq!(status, 200, "{text}");
    let scrape = parse(&text);
    // Read by the name with the braces in it.
    let stalls = counter(&scrape, BLOCK).unwrap_or_else(|| panic!("no counter in\n{text}"));
    assert!(stalls >= 1.0, "{stalls} stalls in\n{text}");

    let Histogram { buckets, count } =
        histogram(&scrape, BLOCK).unwrap_or_else(|| panic!("no histogram in\n{text}"));
    let total = buckets
        .iter()
        .find(|(le, _)| le.is_infinite())
        .map(|&(_, count)| count)
        .unwrap_or_else(|| panic!("no +Inf bucket in\n{text}"));
    assert!(total >= 1.0, "{buckets:?}");
    // Cumulative, as a histogram's buckets are; and none below the threshold holds a stall,
    // since a poll shorter than the threshold is none.
    assert!(buckets.windows(2).all(|w| w[0].1 <= w[1].1), "{buckets:?}");
    let threshold = THRESHOLD.as_secs_f64();
    let below: f64 = buckets
        .iter()
        .filter(|&&(le, _)| le < threshold)
        .map(|&(_, count)| count)
        .sum();
    assert_eq!(below, 0.0, "{buckets:?}");
    assert_eq!(count, Some(total), "{text}");

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
    assert!(histogram(&scrape, OTHER).is_some(), "{text}");
}
