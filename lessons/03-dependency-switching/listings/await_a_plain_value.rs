// A handler written for the async face cannot use it: there is nothing to await.
async fn handler(x: i64) -> i64 {
    sum_of_squares(x).await // error[E0277]: `i64` is not a future
}
