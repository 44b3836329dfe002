// An integration test target and the module it declares are test code.
mod common;

async fn start_server() {
    std::thread::sleep(std::time::Duration::from_millis(100));
}

#[tokio::test]
async fn answers() {
    common::seed().await;
    start_server().await;
}
