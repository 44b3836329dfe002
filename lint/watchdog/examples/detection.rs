//! How soon the watchdog reports a stall, measured: `cargo run --release -p blocking-watchdog
//! --example detection`. A server on loopback (2 workers, task hooks and layer) answers
//! `GET /block`, which sleeps 50 ms on its worker, `RUNS` times one after another; for each, the
//! time into the poll at which the watchdog reported it (its first event) is kept. Prints how far
//! past the 10 ms threshold that was (min, median, max), and the final durations.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use blocking_watchdog::Watchdog;

const RUNS: usize = 50;
// Two events a stall: well inside the default capacity of 1024.

fn main() -> std::io::Result<()> {
    let watchdog = Watchdog::builder().build();
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.worker_threads(2).enable_all();
    #[cfg(tokio_unstable)]
    watchdog.instrument(&mut builder);
    let runtime = builder.build()?;
    let app = Router::new()
        .route(
            "/block",
            get(|| async {
                std::thread::sleep(Duration::from_millis(50));
                "slept"
            }),
        )
        .layer(watchdog.layer());
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    runtime.spawn(async move { axum::serve(listener, app).await });

    // Room for every event of the run: nothing reads them until it ends.
    let mut events = watchdog.subscribe();
    let (mut noticed, mut ended) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let mut stream = TcpStream::connect(addr)?;
        write!(
            stream,
            "GET /block HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n"
        )?;
        stream.read_to_end(&mut Vec::new())?;
    }
    // The last final event may trail its response by a moment.
    std::thread::sleep(Duration::from_millis(100));
    while let Ok(event) = events.try_recv() {
        if event.ongoing {
            noticed.push(event.duration_ms);
        } else {
            ended.push(event.duration_ms);
        }
    }
    let threshold = watchdog.threshold().as_secs_f64() * 1e3;
    let past: Vec<f64> = noticed.iter().map(|ms| ms - threshold).collect();
    println!(
        "{RUNS} stalls of 50 ms: {} reported while running, {} ended",
        noticed.len(),
        ended.len()
    );
    println!(
        "reported past the {threshold} ms threshold by: min {:.2} ms, median {:.2} ms, max {:.2} ms",
        quantile(&past, 0.0),
        quantile(&past, 0.5),
        quantile(&past, 1.0)
    );
    println!(
        "final durations: min {:.2} ms, max {:.2} ms",
        quantile(&ended, 0.0),
        quantile(&ended, 1.0)
    );
    Ok(())
}

fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n => sorted[((n - 1) as f64 * q).round() as usize],
    }
}
