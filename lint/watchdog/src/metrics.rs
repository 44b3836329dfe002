//! Stalls as metrics, through the [`metrics`](https://docs.rs/metrics) facade: whatever exporter
//! the application installs (Prometheus, StatsD, OpenTelemetry, ...) receives them, and without
//! one each call does nothing. (Feature `metrics`, on by default.)
//!
//! Two series per name the watchdog gives a stall (the route, `GET /block`, else where its task
//! was spawned), under the label [`NAME_LABEL`]:
//!
//! - [`STALLS_TOTAL`], `blocking_watchdog_stalls_total`, a counter: one per stall, counted when
//!   the watchdog first reports it (while it still runs), as the table's `count` is.
//! - [`STALL_SECONDS`], `blocking_watchdog_stall_seconds`, a histogram: each stall's final
//!   duration in seconds, the time it held its thread on a core (the table's `worst_ms` and
//!   `last_ms` are the same number), recorded when it ends. A poll that never returns is counted
//!   but never lands in the histogram: the counter and `/debug/blocking`'s `ongoing` show it.
//!
//! Exporters that need buckets for a histogram (Prometheus's does, or it renders a summary,
//! which cannot be added up across instances) can take [`STALL_SECONDS_BUCKETS`].
//!
//! A metric's labels are kept by the exporter for as long as it runs, so the names used as labels
//! are bounded as the table is, by [`Builder::max_names`](crate::Builder::max_names): the first
//! `max_names` names seen keep their own label, and every later one is counted under [`OTHER`].

use std::collections::HashSet;
use std::sync::Mutex;

use metrics::{Unit, counter, describe_counter, describe_histogram, histogram};

use crate::{StallEvent, lock};

/// The counter of stalls, one per stall, labelled by its name.
pub const STALLS_TOTAL: &str = "blocking_watchdog_stalls_total";

/// The histogram of stalls' durations in seconds, one sample per stall as it ends, labelled by
/// its name.
pub const STALL_SECONDS: &str = "blocking_watchdog_stall_seconds";

/// The label that carries a stall's name: `GET /block`, or a spawn location `src/jobs.rs:40`.
pub const NAME_LABEL: &str = "name";

/// The name of every stall whose own name came after the first `max_names`.
pub const OTHER: &str = "other";

/// Bucket bounds in seconds for [`STALL_SECONDS`]. A stall is at least the threshold (10 ms by
/// default, 1 ms at least), and the ones worth a page last from tens of milliseconds to seconds:
/// steps of about 2.5 from 5 ms to 10 s tell a slow query from a sleep from a hung call.
pub const STALL_SECONDS_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Sends each stall to the installed recorder, under a label from a bounded set.
pub(crate) struct StallMetrics {
    max_names: usize,
    /// The names that have a label of their own. First come, kept for good, unlike the table,
    /// which drops the least recently seen: the exporter keeps every label it was ever given,
    /// so a name dropped here would still be in its output, and a new one would grow it.
    labelled: Mutex<HashSet<String>>,
}

impl StallMetrics {
    pub(crate) fn new(max_names: usize) -> Self {
        Self {
            max_names,
            labelled: Mutex::new(HashSet::new()),
        }
    }

    /// The label `name` is counted under: itself while there is room, else [`OTHER`].
    fn label(&self, name: &str) -> String {
        let mut labelled = lock(&self.labelled);
        if labelled.contains(name) {
            return name.to_owned();
        }
        if labelled.len() < self.max_names {
            labelled.insert(name.to_owned());
            return name.to_owned();
        }
        OTHER.to_owned()
    }

    /// `event` as the watchdog publishes it: `new` when the stall was not counted before (its
    /// first report, or the end of one nobody saw running).
    pub(crate) fn record(&self, event: &StallEvent, new: bool) {
        if !new && event.ongoing {
            return;
        }
        // Described at each stall rather than once: the recorder may be installed after the
        // watchdog starts, and a stall lasts milliseconds, next to which this is nothing.
        describe_counter!(
            STALLS_TOTAL,
            Unit::Count,
            "Polls that held a tokio worker past the blocking watchdog's threshold"
        );
        describe_histogram!(
            STALL_SECONDS,
            Unit::Seconds,
            "How long each stall held its worker, on a core, recorded when it ends"
        );
        let label = self.label(&event.name);
        if new {
            counter!(STALLS_TOTAL, NAME_LABEL => label.clone()).increment(1);
        }
        if !event.ongoing {
            histogram!(STALL_SECONDS, NAME_LABEL => label).record(event.duration_ms / 1e3);
        }
    }
}

/// `GET /metrics`, answering `render()`: the exporter's text for a scraper to read. It takes the
/// exporter's render function rather than an exporter, so the crate names none; with Prometheus's,
/// `metrics::route(move || handle.render())` where `handle` is what
/// `PrometheusBuilder::install_recorder` returned. Mount it where the scraper, and only it,
/// reaches it: the labels name the routes.
///
/// ```
/// use axum::{Router, routing::get};
/// use blocking_watchdog::Watchdog;
/// use blocking_watchdog::metrics::{STALL_SECONDS, STALL_SECONDS_BUCKETS};
/// use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let handle = PrometheusBuilder::new()
///     .set_buckets_for_metric(Matcher::Full(STALL_SECONDS.into()), STALL_SECONDS_BUCKETS)?
///     .install_recorder()?;
/// let watchdog = Watchdog::builder().build();
/// let app: Router = Router::new()
///     .route("/health", get(|| async { "ok" }))
///     .merge(blocking_watchdog::metrics::route(move || handle.render()))
///     .layer(watchdog.layer());
/// # let _ = app;
/// # Ok(())
/// # }
/// ```
#[cfg(feature = "axum")]
pub fn route<S, F>(render: F) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
    F: Fn() -> String + Clone + Send + Sync + 'static,
{
    use axum::http::header;
    use axum::routing::get;

    // Prometheus's text format, version 0.0.4: what a scraper asks for without content
    // negotiation, and what Prometheus's exporter renders.
    const TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";
    let scrape = move || std::future::ready(([(header::CONTENT_TYPE, TEXT)], render()));
    axum::Router::new().route("/metrics", get(scrape).fallback(crate::routes::not_allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_past_the_cap_share_one_label_and_the_first_ones_keep_theirs() {
        let metrics = StallMetrics::new(2);
        assert_eq!(metrics.label("GET /a"), "GET /a");
        assert_eq!(metrics.label("GET /b"), "GET /b");
        assert_eq!(metrics.label("GET /c"), OTHER);
        assert_eq!(metrics.label("src/jobs.rs:40"), OTHER);
        // A name with a label keeps it however many came after it.
        assert_eq!(metrics.label("GET /a"), "GET /a");
        assert_eq!(lock(&metrics.labelled).len(), 2);
    }
}
