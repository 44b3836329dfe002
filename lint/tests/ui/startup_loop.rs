//@ flags: -W blocking::startup
// A server's `main` that serves through a function of its own (`start` spawns the server): its
// first statements are start-up. A `loop` or `while` in it runs until something happens: the
// program's work, not its start-up, even before the spawn.
use std::time::Duration;

#[tokio::main]
async fn main() {
    let config = std::fs::read_to_string("app.toml").unwrap();
    //~^ blocking::startup
    for path in config.lines() {
        // A `for` over what the configuration lists is still start-up.
        let _ = std::fs::metadata(path);
        //~^ blocking::startup
    }
    while !std::path::Path::new("ready").exists() {
        //~^ blocking::fs
        std::thread::sleep(Duration::from_millis(100));
        //~^ blocking::sleep
    }
    start(config).await;
}

async fn start(config: String) {
    tokio::spawn(async move {
        let _ = config;
    });
}
