//@ flags: -W blocking::startup
// A lazy static that start-up code touches is initialised before the program serves: its
// blocking initialiser runs then, while nothing else waits on the runtime, and every later
// touch finds it ready. Those touches are not reported; a static start-up leaves alone is.
use std::sync::LazyLock;

static CONFIG: LazyLock<String> =
    LazyLock::new(|| std::fs::read_to_string("/etc/app.toml").unwrap());

static KEYS: LazyLock<Vec<u8>> = LazyLock::new(|| std::fs::read("/etc/keys.pem").unwrap());

static BANNER: LazyLock<Vec<u8>> = LazyLock::new(|| std::fs::read("/etc/banner").unwrap());

#[tokio::main]
async fn main() {
    let port = CONFIG.len();
    //~^ blocking::startup
    // An async fn that only start-up awaits starts up too: it touches `KEYS` first.
    check_keys().await;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port as u16))
        .await
        .unwrap();
    tokio::spawn(async {
        // Initialised at start-up: ready by now.
        println!("{}", CONFIG.len() + KEYS.len());
    });
    axum::serve(listener, app()).await.unwrap();
}

async fn check_keys() {
    assert!(!KEYS.is_empty());
    //~^ blocking::startup
}

fn app() -> axum::Router {
    axum::Router::new().route("/", axum::routing::get(handler))
}

async fn handler() -> String {
    // `CONFIG` is ready; `BANNER` is first touched here, by whichever request comes first.
    let banner = BANNER.len();
    //~^ blocking::fs
    format!("{} {banner}", CONFIG.as_str())
}
