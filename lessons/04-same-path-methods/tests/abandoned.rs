//! Work nobody waits for stops, whichever method computes it: a client that hangs up on the
//! largest sum the lesson allows costs a small part of what the sum costs in full. On a real
//! server over loopback; measured as this process's CPU time (both the server and its work run
//! in it), so the numbers hold on a busy machine, where wall time would not.

use std::time::Instant;

use lesson_04_same_path_methods::app;
use lesson_04_same_path_methods::calc::MAX_X;
use lesson_support::BackgroundServer;
use lesson_support::probe::{self, Target};
use lesson_support::runtime;
use lesson_support::testing::{abandon, cpu_time};

/// Requests at once, so the work is well above the clock's and the server's own noise.
const AT_ONCE: usize = 4;

/// Every route that computes: both methods, `x` in the path and out of it.
fn routes() -> [Target; 4] {
    [
        Target::get(format!("/calc/{MAX_X}?power=1")),
        Target::post_json(format!("/calc/{MAX_X}"), r#"{"power": 1}"#),
        Target::get(format!("/calc?x={MAX_X}&power=1")),
        Target::post_json("/calc", format!(r#"{{"x": {MAX_X}, "power": 1}}"#)),
    ]
}

#[test]
fn work_whose_client_hung_up_stops_for_every_route_that_computes() {
    let server = BackgroundServer::start(app(), 2).unwrap();
    let addr = server.addr();
    let client = probe::client();
    runtime::current_thread().unwrap().block_on(async {
        for target in routes() {
            let route = format!("{} {}", target.method, target.path);
            // What the sums cost when their clients wait for them.
            let (started, cpu) = (Instant::now(), cpu_time());
            let answers = at_once(|| {
                let (client, target) = (client.clone(), target.clone());
                async move { probe::send(&client, addr, &target).await }
            })
            .await;
            assert!(answers.iter().all(Result::is_ok), "{route}: {answers:?}");
            let (wall, full) = (started.elapsed(), cpu_time() - cpu);

            // The same sums, given up on early; then as long as they took in full.
            let patience = wall / 5;
            let cpu = cpu_time();
            let running = at_once(|| {
                let target = target.clone();
                async move { abandon(addr, &target, patience).await.ok() }
            })
            .await;
            assert!(
                running.iter().all(|r| *r == Some(true)),
                "{route}: answered within {patience:?}, too soon to prove anything: {running:?}"
            );
            tokio::time::sleep(wall).await;
            let abandoned = cpu_time() - cpu;
            // Run on, the abandoned sums would cost about four fifths of the full ones; stopped,
            // about the fifth they ran before their clients left. Half is between the two, with
            // room for a busy machine either way.
            assert!(
                abandoned * 2 < full,
                "{route}: {AT_ONCE} abandoned requests cost {abandoned:?} of CPU, \
                 {AT_ONCE} answered ones {full:?}"
            );
        }
    });
    drop(server);
}

/// [`AT_ONCE`] runs of `make`'s future, side by side on the runtime.
async fn at_once<F>(make: impl Fn() -> F) -> Vec<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let tasks: Vec<_> = (0..AT_ONCE).map(|_| tokio::spawn(make())).collect();
    let mut out = Vec::with_capacity(AT_ONCE);
    for task in tasks {
        out.push(task.await.expect("the request's task does not panic"));
    }
    out
}
