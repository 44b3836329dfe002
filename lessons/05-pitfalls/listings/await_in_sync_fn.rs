// This file is not a module of the crate: it does not compile, on purpose. The crate's docs
// include it as a `compile_fail` doctest, so `cargo test` fails if it ever starts compiling.
// ANCHOR: bad
use std::time::Duration;

/// A plain `fn` that waits for async work.
fn settle() -> &'static str {
    tokio::time::sleep(Duration::from_millis(10)).await;
    "settled"
}
// ANCHOR_END: bad

fn main() {
    println!("{}", settle());
}
