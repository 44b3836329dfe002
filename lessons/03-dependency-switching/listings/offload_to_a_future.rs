// Handed to the blocking pool, the same function is a future: `spawn_blocking` returns a
// `JoinHandle`, which the handler awaits while a pool thread computes and the worker serves others.
async fn handler(x: i64) -> Result<i64, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || sum_of_squares(x)).await
}
