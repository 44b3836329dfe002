// A sync implementation: it hands back its answer itself, not a future.
fn sum_of_squares(x: i64) -> i64 {
    (1..=x).map(|i| i * i).sum()
}
