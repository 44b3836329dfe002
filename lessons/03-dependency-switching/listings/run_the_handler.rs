// Drive the handler once, as axum would, and check its answer.
fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    assert_eq!(runtime.block_on(handler(7)).unwrap(), 140);
}
