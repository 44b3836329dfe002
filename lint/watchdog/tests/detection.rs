//! What the watchdog catches, on a real server over loopback: a handler that blocks is reported
//! while it blocks and named by its route; one that yields often enough never is; one that never
//! returns is reported while it spins. Each runs with the layer alone (a stable toolchain) and,
//! with `tokio_unstable`, with the runtime's task hooks too.
//!
//! Durations are compared with the threshold and with each other, with margins that hold beside
//! two busy loops (`bash .ci/noisy-neighbours cargo test -p blocking-watchdog`).

mod support;

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use blocking_watchdog::Watchdog;
use support::{
    THRESHOLD, Watch, block, get_in_background, next_event, one_at_a_time, threshold_ms,
};

/// Long enough that any event the test waits for has arrived, unless something is wrong.
const PATIENCE: Duration = Duration::from_secs(10);

fn watch_modes() -> Vec<Watch> {
    #[cfg(tokio_unstable)]
    return vec![Watch::Layer, Watch::Hooks];
    #[cfg(not(tokio_unstable))]
    return vec![Watch::Layer];
}

fn watchdog() -> Watchdog {
    Watchdog::builder().threshold(THRESHOLD).build()
}

#[test]
fn a_handler_blocking_50_ms_is_reported_while_it_blocks_and_named_by_its_route() {
    let _turn = one_at_a_time();
    let logs = capture_logs();
    for watch in watch_modes() {
        let watchdog = watchdog();
        let app = Router::new()
            .route("/block", get(|| block(50)))
            .layer(watchdog.layer());
        let server = support::Server::start(app, &watchdog, watch);
        let mut events = watchdog.subscribe();
        let lateness = support::Lateness::start();
        let client = get_in_background(server.addr, "/block");

        let noticed = next_event(&mut events, PATIENCE).expect("the stall was never reported");
        let late_ms = lateness.stop();
        assert!(
            noticed.ongoing,
            "{watch:?}: reported only after it ended: {noticed:?}"
        );
        assert_eq!(noticed.name, "GET /block", "{watch:?}");
        assert!(noticed.route);
        // Noticed past the threshold, and no later than 20 ms past it, plus however late the
        // OS woke a sleeping thread meanwhile: on a machine busy with other work the watchdog's
        // thread waits for a core like any other.
        assert!(
            noticed.duration_ms >= threshold_ms(),
            "{watch:?}: {noticed:?}"
        );
        assert!(
            noticed.duration_ms <= threshold_ms() + 20.0 + late_ms,
            "{watch:?}: noticed {:.1} ms into the poll, more than 20 ms past the threshold \
             (a sleeping thread was woken up to {late_ms:.1} ms late meanwhile)",
            noticed.duration_ms
        );

        let ended = next_event(&mut events, PATIENCE).expect("the stall's end was never reported");
        assert_eq!(
            (ended.id, ended.ongoing),
            (noticed.id, false),
            "{watch:?}: {ended:?}"
        );
        assert!(ended.duration_ms >= 50.0, "{watch:?}: {ended:?}");
        assert_eq!(client.join().unwrap(), (200, "slept".to_owned()));

        let report = watchdog.report();
        assert_eq!(report.stalls, 1, "{watch:?}: {report:?}");
        assert_eq!(report.names[0].name, "GET /block");
        assert!(report.names[0].worst_ms >= 50.0);
        // The stall's end is logged, as its start was: the first of its name.
        let line = ended.message();
        let logged = logs.lock().unwrap().clone();
        let logged = String::from_utf8_lossy(&logged);
        assert!(logged.contains(&line), "no {line:?} in the log:\n{logged}");
        #[cfg(tokio_unstable)]
        if watch == Watch::Hooks {
            // The hooks know which worker it was, and the log line says so.
            let worker = ended.worker.expect("a hooked poll knows its worker");
            let expected = format!("worker {worker} blocked for ");
            assert!(line.starts_with(&expected), "{line}");
        }
    }
}

#[test]
fn a_handler_that_yields_every_millisecond_for_500_ms_is_never_reported() {
    let _turn = one_at_a_time();
    // The claim is per poll, not per request: the request lasts twenty thresholds, each poll a
    // twenty-fifth of one. A slice the OS interrupts is not a stall (its wait for a core is not
    // counted), except for any wait before the watchdog's first look at it; 25 ms rather than
    // the default 10 leaves room for that on a machine whose other work runs at normal priority
    // (a 1 ms slice was reported at 11.6 ms beside three un-niced busy loops).
    let threshold = Duration::from_millis(25);
    for watch in watch_modes() {
        let watchdog = Watchdog::builder().threshold(threshold).build();
        let yields = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&yields);
        let app = Router::new()
            .route(
                "/busy",
                get(move || async move {
                    // 500 ms of CPU in 1 ms slices, each followed by a yield: busy, never blocked.
                    let started = Instant::now();
                    while started.elapsed() < Duration::from_millis(500) {
                        let slice = Instant::now();
                        while slice.elapsed() < Duration::from_millis(1) {
                            std::hint::spin_loop();
                        }
                        counted.fetch_add(1, Ordering::Relaxed);
                        tokio::task::yield_now().await;
                    }
                    "done"
                }),
            )
            .route("/block", get(|| block(100)))
            .layer(watchdog.layer());
        let server = support::Server::start(app, &watchdog, watch);
        let mut events = watchdog.subscribe();

        assert_eq!(support::request(server.addr, "GET", "/busy").0, 200);
        // Two thresholds for a late report to arrive, were there one.
        std::thread::sleep(2 * threshold);
        let yielded = yields.load(Ordering::Relaxed);
        // A sanity check, loose: a busy machine stretches the gaps between slices.
        assert!(
            yielded >= 50,
            "{watch:?}: only {yielded} slices ran: the handler did not run as meant"
        );
        let reported = events.try_recv();
        assert!(
            reported.is_err(),
            "{watch:?}: a yielding handler was reported: {reported:?}"
        );
        assert_eq!(watchdog.report().stalls, 0, "{watch:?}");

        // The same watchdog on the same server does catch a block: it was watching.
        assert_eq!(support::request(server.addr, "GET", "/block").0, 200);
        let caught = next_event(&mut events, PATIENCE).expect("the control block was not reported");
        assert_eq!(caught.name, "GET /block", "{watch:?}");
    }
}

#[test]
fn a_poll_that_never_returns_is_reported_while_it_runs() {
    let _turn = one_at_a_time();
    for watch in watch_modes() {
        let watchdog = watchdog();
        // The test's way out of an otherwise endless loop.
        let escape = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&escape);
        let app = Router::new()
            .route(
                "/spin",
                get(move || async move {
                    while !flag.load(Ordering::Relaxed) {
                        std::hint::spin_loop();
                    }
                    "escaped"
                }),
            )
            .layer(watchdog.layer());
        let server = support::Server::start(app, &watchdog, watch);
        // Declared after the server, so dropped before it: a failed assertion still lets the
        // handler out, and the server can shut down instead of waiting for it forever.
        let escape = Escape(escape);
        let mut events = watchdog.subscribe();
        let client = get_in_background(server.addr, "/spin");

        let noticed = next_event(&mut events, PATIENCE).expect("the spin was never reported");
        assert!(
            noticed.ongoing && noticed.name == "GET /spin",
            "{watch:?}: {noticed:?}"
        );
        // Still running: the report lists it, and its time keeps growing (by at least a tenth of
        // the wall time between the two looks: time waiting for a core does not count).
        let first = watchdog.report().ongoing;
        std::thread::sleep(10 * THRESHOLD);
        let second = watchdog.report().ongoing;
        assert_eq!(first.len(), 1, "{watch:?}: {first:?}");
        assert_eq!(second.len(), 1, "{watch:?}: {second:?}");
        assert_eq!((first[0].id, second[0].id), (noticed.id, noticed.id));
        assert!(
            second[0].duration_ms >= first[0].duration_ms + threshold_ms(),
            "{watch:?}: the ongoing stall did not grow: {first:?} then {second:?}"
        );

        escape.0.store(true, Ordering::Relaxed);
        let ended = next_event(&mut events, PATIENCE).expect("the escape was never reported");
        assert_eq!((ended.id, ended.ongoing), (noticed.id, false), "{watch:?}");
        assert!(ended.duration_ms >= noticed.duration_ms, "{ended:?}");
        assert_eq!(client.join().unwrap(), (200, "escaped".to_owned()));
        assert!(watchdog.report().ongoing.is_empty());
    }
}

/// Raises the spin's escape flag when dropped.
struct Escape(Arc<AtomicBool>);

impl Drop for Escape {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// With the hooks, a task a handler spawns is named by the handler's route: lesson 01 runs its
/// blocking sleep in such a task.
#[cfg(tokio_unstable)]
#[test]
fn a_task_spawned_by_a_handler_is_named_by_the_handler_s_route() {
    let _turn = one_at_a_time();
    let watchdog = watchdog();
    let app = Router::new()
        .route(
            "/child",
            get(|| async {
                let line = line!() + 1;
                let child = tokio::spawn(block(50));
                (child.await.unwrap(), line).1.to_string()
            }),
        )
        .layer(watchdog.layer());
    let server = support::Server::start(app, &watchdog, Watch::Hooks);
    let mut events = watchdog.subscribe();
    let (status, line) = support::request(server.addr, "GET", "/child");
    assert_eq!(status, 200);
    let noticed = next_event(&mut events, PATIENCE).expect("the child's stall was not reported");
    assert_eq!(noticed.name, "GET /child");
    // Its end too, though the task has ended (and its inherited route with it) by then.
    let ended = next_event(&mut events, PATIENCE).expect("the child's stall never ended");
    assert_eq!((ended.id, ended.ongoing), (noticed.id, false));
    assert_eq!(ended.name, "GET /child");
    assert!(
        ended.message().contains(" in GET /child (task spawned at "),
        "{}",
        ended.message()
    );
    let spawned_at = noticed
        .spawned_at
        .expect("a hooked task knows where it was spawned");
    assert!(
        spawned_at.ends_with(&format!("detection.rs:{line}")),
        "{spawned_at}"
    );
}

/// With the hooks, a task no request spawned is named by where it was spawned.
#[cfg(tokio_unstable)]
#[test]
fn a_task_outside_any_request_is_named_by_its_spawn_location() {
    let _turn = one_at_a_time();
    let watchdog = watchdog();
    let server = support::Server::start(Router::new(), &watchdog, Watch::Hooks);
    let mut events = watchdog.subscribe();
    let line = line!() + 1;
    let task = server.runtime.spawn(block(50));
    server.runtime.block_on(task).unwrap();
    let noticed = next_event(&mut events, PATIENCE).expect("the task's stall was not reported");
    assert!(!noticed.route, "{noticed:?}");
    assert!(
        noticed.name.ends_with(&format!("detection.rs:{line}")),
        "{noticed:?}"
    );
    assert_eq!(noticed.spawned_at.as_deref(), Some(noticed.name.as_str()));
    assert!(
        noticed.message().contains("in a task spawned at "),
        "{}",
        noticed.message()
    );
}

/// The log, captured once for the whole test binary: stalls are logged from the watchdog's
/// thread and the runtime's workers, which a thread-local subscriber would not see.
fn capture_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    Arc::clone(LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&logs);
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || Capture(Arc::clone(&sink)))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        logs
    }))
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
