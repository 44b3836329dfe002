// rocket: handlers mounted under a prefix are served there (and only there), and a plain `fn`
// handler runs on the worker that polls the request, so it is checked as an async one is.
use rocket::{get, post, routes};

#[get("/diagnostics")]
fn diagnostics() -> String {
    std::fs::read_to_string("/proc/meminfo").unwrap_or_default()
    //~^ blocking::fs
}

#[post("/restart")]
async fn restart() -> &'static str {
    std::thread::sleep(std::time::Duration::from_millis(100));
    //~^ blocking::sleep
    "restarting"
}

#[get("/health")]
fn health() -> &'static str {
    "ok"
}

// Look-alikes.

// A sync fn with no route attribute runs where its caller runs: only reported through an async
// caller.
fn read_config() -> String {
    std::fs::read_to_string("Rocket.toml").unwrap_or_default()
}

#[rocket::launch]
fn rocket() -> _ {
    let _ = read_config();
    rocket::build().mount("/admin", routes![diagnostics, restart, health])
}
