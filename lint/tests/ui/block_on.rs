// blocking::block_on: executors started inside async code.
use futures::executor::block_on;

async fn work() -> u8 {
    1
}

async fn futures_executor() -> u8 {
    block_on(work())
    //~^ blocking::block_on
}

async fn tokio_handle() -> u8 {
    tokio::runtime::Handle::current().block_on(work())
    //~^ blocking::block_on
}

async fn fresh_runtime() -> u8 {
    let rt = tokio::runtime::Runtime::new().unwrap();
    //~^ blocking::block_on
    rt.block_on(work())
    //~^ blocking::block_on
}

async fn pollster_ext() -> u8 {
    pollster::block_on(work())
    //~^ blocking::block_on
}

// Look-alikes.

fn main() {
    // A sync main starting the runtime is how runtimes start.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(work());
}

async fn awaited() -> u8 {
    work().await
}

async fn on_a_blocking_thread() -> u8 {
    tokio::task::spawn_blocking(|| futures::executor::block_on(work()))
        .await
        .unwrap()
}

async fn runtime_inside_runtime() {
    let _rt = tokio::runtime::Runtime::new();
    //~^ blocking::block_on
}
