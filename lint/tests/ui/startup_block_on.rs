// A sync main that hands an async fn to `block_on` makes that fn an entry point: its start-up
// findings are `blocking::startup`, allowed by default, and the summary says how many were left
// out. What it does after it starts serving is reported as usual.
fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(run());
}

async fn run() {
    let certificate = std::fs::read("server.pem").unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    let server = tokio::spawn(axum::serve(listener, app(certificate)).into_future());
    std::fs::write("ready", "").unwrap();
    //~^ blocking::fs
    server.await.unwrap().unwrap();
}
