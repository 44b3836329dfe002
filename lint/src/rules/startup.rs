use super::hit::Hit;
use super::rule::{Call, declare_rule};

declare_rule! {
    /// ## What it does
    /// Gathers the blocking calls an async program makes while it starts: in an entry point
    /// (`#[tokio::main] async fn main`, or an async fn that a sync `main` hands to
    /// `block_on`) before it spawns its first task or starts serving. Any other rule's finding
    /// there is reported under this one instead, which is allowed by default; the summary line
    /// says how many were left out.
    ///
    /// Only a program that goes on to serve has a start-up: an entry point that never spawns,
    /// serves or joins futures, itself or in an async fn it awaits, is a command-line tool's
    /// `main`, and its blocking calls are its work, reported under their own rules. A `loop`
    /// or `while` in an entry point (polling with a sleep, waiting for a file) is work too:
    /// start-up ends where it begins. A `for` over what the configuration lists is not.
    ///
    /// ## Why is this bad?
    /// Mostly it is not. Until the program spawns a task or accepts a connection, nothing else
    /// waits for the runtime's workers: reading the configuration with `std::fs` before serving
    /// stalls nobody. Start-up code matters when it runs long (a slow start delays readiness
    /// probes and restarts), or when it is moved later, into code that runs under load, so the
    /// findings stay one `-W blocking::startup` away.
    ///
    /// ## Example
    /// ```rust,ignore
    /// #[tokio::main]
    /// async fn main() {
    ///     let config = std::fs::read_to_string("app.toml").unwrap(); // start-up: allowed
    ///     let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    ///     axum::serve(listener, app(config)).await.unwrap();
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Nothing needs to change. To see these findings, `-W blocking::startup` (or
    /// `startup = "warn"` under `[levels]` in `blocking-lint.toml`).
    ///
    /// ## Known problems
    /// Start-up ends at the first statement that spawns (`spawn`, `spawn_local`), serves
    /// (`serve`, `run`, `listen`) or joins futures (`join!`, `select!`): a blocking call in a
    /// statement after it is reported under its own rule, even when that statement runs before
    /// the spawned work gets going. An async fn that only start-up code awaits starts up too;
    /// one awaited from anywhere else keeps its findings under their own rules.
    pub static STARTUP = {
        name: "startup",
        level: Allow,
        summary: "blocking calls while an async main starts, before it spawns or serves",
        check: check,
    };
}

/// No call is a start-up finding by itself: the checker moves other rules' findings here when
/// they sit in start-up code.
fn check(_: &Call<'_>) -> Option<Hit> {
    None
}
