//! A million distinct stall names leave the watchdog's state bounded.

use std::time::{Duration, Instant};

use blocking_watchdog::Watchdog;

#[test]
fn a_million_distinct_stall_names_keep_at_most_max_names() {
    const STALLS: u64 = 1_000_000;
    const KEPT: usize = 100;
    let interval = Duration::from_secs(10);
    let watchdog = Watchdog::builder()
        .max_names(KEPT)
        .report_interval(interval)
        .build();
    // Nobody reads this receiver: the channel must still hold no more than its capacity.
    let mut events = watchdog.subscribe();
    let started = Instant::now();
    for i in 0..STALLS {
        watchdog.record(&format!("GET /items/{i}"), Duration::from_millis(11));
    }
    let elapsed = started.elapsed();

    let report = watchdog.report();
    assert_eq!(report.stalls, STALLS);
    assert_eq!(report.names.len(), KEPT);
    assert_eq!(report.evicted_names, STALLS - KEPT as u64);
    // The most recent names are the ones kept.
    let newest = format!("GET /items/{}", STALLS - 1);
    assert!(report.names.iter().any(|name| name.name == newest));
    assert!(report.names.iter().all(|name| name.count == 1));
    // At most a few dozen log lines per interval, however many names.
    let windows = elapsed.as_secs_f64() / interval.as_secs_f64() + 1.0;
    let logged = STALLS - report.suppressed_logs;
    assert!(
        (logged as f64) <= 32.0 * windows.ceil(),
        "{logged} lines logged in {elapsed:?}"
    );
    // The subscriber that never read lost all but the last `capacity` events.
    match events.try_recv() {
        Err(tokio::sync::broadcast::error::TryRecvError::Lagged(missed)) => {
            assert_eq!(missed, STALLS - 1024)
        }
        other => panic!("expected a lag, got {other:?}"),
    }
}
