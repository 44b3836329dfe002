// An example is code people copy, so it is linted; its handlers are warned about, not denied,
// and the message says it is in an example.
use axum::Router;
use axum::routing::get;

async fn hello() -> String {
    std::fs::read_to_string("hello.txt").unwrap()
    //~^ blocking::fs
}

#[tokio::main]
async fn main() {
    let app = Router::new().route("/", get(hello));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
