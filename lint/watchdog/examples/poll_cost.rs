//! What the watchdog adds to one poll, measured: `cargo run --release -p blocking-watchdog
//! --example poll_cost`. A task that yields two million times is timed on a one-worker runtime
//! without the watchdog, with its task hooks, with its layer around the yielding future, and with
//! both; each figure is the best of five runs, in nanoseconds per poll.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use blocking_watchdog::Watchdog;
use tower::{Layer, ServiceExt, service_fn};

const POLLS: u32 = 2_000_000;
const RUNS: usize = 5;

fn main() -> std::io::Result<()> {
    let watchdog = Watchdog::builder().build();
    let mut best = Vec::new();
    for (label, hooks, layer) in [
        ("no watchdog", false, false),
        ("task hooks", true, false),
        ("layer", false, true),
        ("task hooks and layer", true, true),
    ] {
        let mut fastest = Duration::MAX;
        for _ in 0..RUNS {
            fastest = fastest.min(run(&watchdog, hooks, layer)?);
        }
        let ns = fastest.as_secs_f64() * 1e9 / f64::from(POLLS);
        best.push(ns);
        println!("{label:<22} {ns:7.1} ns per poll");
    }
    println!(
        "added per poll: hooks {:.1} ns, layer {:.1} ns, both {:.1} ns",
        best[1] - best[0],
        best[2] - best[0],
        best[3] - best[0]
    );
    Ok(())
}

/// One task yielding `POLLS` times, wrapped as asked; how long it took.
fn run(watchdog: &Watchdog, hooks: bool, layer: bool) -> std::io::Result<Duration> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.worker_threads(1).enable_all();
    #[cfg(tokio_unstable)]
    if hooks {
        watchdog.instrument(&mut builder);
    }
    #[cfg(not(tokio_unstable))]
    let _ = hooks;
    let runtime = builder.build()?;
    let yielding = service_fn(|_: http::Request<()>| async {
        for _ in 0..POLLS {
            tokio::task::yield_now().await;
        }
        Ok::<_, Infallible>(())
    });
    let started = Instant::now();
    if layer {
        let service = watchdog.layer().layer(yielding);
        runtime
            .block_on(runtime.spawn(service.oneshot(http::Request::new(()))))
            .expect("the task ran")
            .expect("infallible");
    } else {
        runtime
            .block_on(runtime.spawn(yielding.oneshot(http::Request::new(()))))
            .expect("the task ran")
            .expect("infallible");
    }
    Ok(started.elapsed())
}
