// A transitive finding names one blocking root: the most severe the helper reaches, through the
// shortest chain to it; the other roots are named in one note, and a long chain shows its ends.
use std::time::Duration;

fn log_line(line: &str) {
    std::fs::write("app.log", line).unwrap();
}

fn notify(line: &str) {
    log_line(line);
    std::thread::sleep(Duration::from_millis(5));
}

async fn handle() {
    // A sleep outranks a file write: the finding is the sleep's.
    notify("done");
    //~^ blocking::sleep
}

fn read_config() -> String {
    std::fs::read_to_string("app.toml").unwrap()
}

fn detour() -> String {
    read_config()
}

fn long_way() -> String {
    detour()
}

fn either(cached: bool) -> String {
    if cached { long_way() } else { read_config() }
}

async fn configured(cached: bool) -> String {
    // Two ways down to the same read: the shorter is shown.
    either(cached)
    //~^ blocking::fs
}

fn a() {
    b();
}
fn b() {
    c();
}
fn c() {
    d();
}
fn d() {
    e();
}
fn e() {
    f();
}
fn f() {
    std::fs::read("deep.bin").unwrap();
}

async fn deep() {
    a();
    //~^ blocking::fs
}

fn append_log(line: &str) {
    std::fs::write("events.log", line).unwrap();
}

async fn record_event() {
    // A helper that writes a log is better given one task that owns the file.
    append_log("event");
    //~^ blocking::fs
}
