//! An application that sets tokio's task hooks itself keeps them and still has the watchdog's:
//! its own closures call `Watchdog::hooks()`'s methods. Only with `--cfg tokio_unstable` (this
//! workspace's `.cargo/config.toml` sets it), where tokio has task hooks at all.
#![cfg(tokio_unstable)]

mod support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use blocking_watchdog::Watchdog;
use support::{THRESHOLD, get_in_background, next_event, one_at_a_time};

/// Long enough that any event the test waits for has arrived, unless something is wrong.
const PATIENCE: Duration = Duration::from_secs(10);

/// What the application's own hooks saw: a count per hook, and where the tasks they saw were
/// spawned (`file:line`), as another profiler would record them.
#[derive(Default)]
struct Own {
    spawned: AtomicUsize,
    before: AtomicUsize,
    after: AtomicUsize,
    terminated: AtomicUsize,
    locations: Mutex<HashSet<String>>,
}

/// A handler that hands its blocking to a task of its own: only the task hooks see that task's
/// polls (the layer wraps the handler's future, which only awaits), and only the spawn hook
/// can hand it the handler's route.
async fn spawns_a_blocking_task() -> &'static str {
    tokio::spawn(async { std::thread::sleep(Duration::from_millis(50)) })
        .await
        .unwrap();
    "slept"
}

#[test]
fn an_application_s_own_hooks_and_the_watchdog_s_both_run() {
    let _turn = one_at_a_time();
    let watchdog = Watchdog::builder().threshold(THRESHOLD).build();
    let own = Arc::new(Own::default());

    // The application's hooks, each calling the watchdog's of the same name.
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.worker_threads(2).enable_all();
    let hooks = watchdog.hooks();
    let (mine, theirs) = (Arc::clone(&own), hooks.clone());
    builder.on_task_spawn(move |meta| {
        mine.spawned.fetch_add(1, Ordering::Relaxed);
        let at = meta.spawned_at();
        let mut locations = mine.locations.lock().unwrap();
        locations.insert(format!("{}:{}", at.file(), at.line()));
        theirs.on_task_spawn(meta);
    });
    let (mine, theirs) = (Arc::clone(&own), hooks.clone());
    builder.on_before_task_poll(move |meta| {
        mine.before.fetch_add(1, Ordering::Relaxed);
        theirs.on_before_task_poll(meta);
    });
    let (mine, theirs) = (Arc::clone(&own), hooks.clone());
    builder.on_after_task_poll(move |meta| {
        theirs.on_after_task_poll(meta);
        mine.after.fetch_add(1, Ordering::Relaxed);
    });
    let (mine, theirs) = (Arc::clone(&own), hooks);
    builder.on_task_terminate(move |meta| {
        theirs.on_task_terminate(meta);
        mine.terminated.fetch_add(1, Ordering::Relaxed);
    });

    let app = Router::new()
        .route("/spawns", get(spawns_a_blocking_task))
        .layer(watchdog.layer());
    let server = support::Server::on_runtime(&mut builder, app);
    let mut events = watchdog.subscribe();
    let (status, _) = get_in_background(server.addr, "/spawns").join().unwrap();
    assert_eq!(status, 200);

    // The watchdog's side: the stall in the spawned task, timed by the poll hooks, named by the
    // route its task inherited through the spawn hook.
    let ended = loop {
        let event = next_event(&mut events, PATIENCE).expect("the stall was never reported");
        if !event.ongoing {
            break event;
        }
    };
    assert_eq!(ended.name, "GET /spawns", "{ended:?}");
    assert!(ended.route, "{ended:?}");
    let spawned_at = ended
        .spawned_at
        .clone()
        .expect("only the poll hooks know a spawn location, and this stall has none");
    assert!(spawned_at.contains("hooks.rs:"), "{spawned_at}");

    // The application's side: each of its hooks ran, and it saw the very task the watchdog
    // named (the spawn hook runs on spawn, the terminate hook once the task is done, which may
    // be a moment after its handle was awaited).
    let deadline = Instant::now() + PATIENCE;
    while own.terminated.load(Ordering::Relaxed) == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    let counts = [&own.spawned, &own.before, &own.after, &own.terminated]
        .map(|count| count.load(Ordering::Relaxed));
    assert!(
        counts.iter().all(|&count| count > 0),
        "spawn, before poll, after poll, terminate: {counts:?}"
    );
    let locations = own.locations.lock().unwrap();
    assert!(
        locations.iter().any(|at| at.ends_with(&spawned_at)),
        "the application's spawn hook saw {locations:?}, not {spawned_at}"
    );
}
