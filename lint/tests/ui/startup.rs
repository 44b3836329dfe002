//@ flags: -W blocking::startup
// Start-up code: an async main's statements before it spawns or serves. Nothing else waits on
// the runtime yet, so its blocking calls are `blocking::startup` (allowed by default; shown here
// with `-W blocking::startup`). After the first spawn, the same calls are ordinary findings.
use std::time::Duration;

#[tokio::main]
async fn main() {
    let config = std::fs::read_to_string("app.toml").unwrap();
    //~^ blocking::startup
    load_keys();
    //~^ blocking::startup
    // An async fn that only start-up awaits starts up too.
    let _secrets = load_secrets().await;
    refresh_cache().await;
    let listener = tokio::net::TcpListener::bind(config.trim()).await.unwrap();
    tokio::spawn(async {
        // A spawned task runs beside whatever main does next: not start-up.
        std::thread::sleep(Duration::from_millis(5));
        //~^ blocking::sleep
    });
    std::fs::write("app.pid", "1").unwrap();
    //~^ blocking::fs
    // Awaited after the spawn too: `refresh_cache` runs while other work does.
    refresh_cache().await;
    axum::serve(listener, app()).await.unwrap();
}

async fn load_secrets() -> Vec<u8> {
    std::fs::read("secrets.bin").unwrap()
    //~^ blocking::startup
}

async fn refresh_cache() {
    std::fs::remove_file("cache.bin").unwrap();
    //~^ blocking::fs
}

fn load_keys() -> Vec<u8> {
    std::fs::read("keys.pem").unwrap()
}

async fn not_an_entry_point() {
    // The same first statement in any other async fn is a finding of its own rule.
    let _ = std::fs::read_to_string("app.toml");
    //~^ blocking::fs
}
