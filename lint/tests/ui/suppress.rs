//@ flags: --report-unused-suppressions
// Suppression comments: which findings they silence, and which comments are reported.
use std::time::Duration;

async fn line_before() {
    // blocking-lint: allow(fs) -- a small file read once at start-up
    let _ = std::fs::read_to_string("config.toml");
}

async fn end_of_line() {
    let _ = std::fs::read("a.bin"); // blocking-lint: allow(blocking::fs) -- tiny file
}

async fn several_rules() {
    // blocking-lint: allow(sleep, fs)
    std::thread::sleep(std::fs::metadata("x").map(|_| Duration::ZERO).unwrap_or_default());
}

async fn spans_lines() {
    let _ = std::fs::read_to_string(
        "long/path/to/a/file.txt",
    ); // blocking-lint: allow(fs) -- the call's last line counts too
}

async fn another_rule_does_not_silence() {
    // blocking-lint: allow(sleep) -- names the wrong rule
    //~^ blocking_lint::unused_suppression
    let _ = std::fs::read("b.bin");
    //~^ blocking::fs
}

async fn only_the_next_statement() {
    // blocking-lint: allow(fs)
    let _ = std::fs::read("c.bin");
    let _ = std::fs::read("d.bin");
    //~^ blocking::fs
}

async fn unknown_rule_name() {
    // blocking-lint: allow(filesystem) -- a typo must not pass silently
    //~^ blocking_lint::unknown_rule
    let _ = std::fs::read("e.bin");
    //~^ blocking::fs
}

async fn unreadable() {
    // blocking-lint: allow fs
    //~^ blocking_lint::malformed_suppression
    std::thread::sleep(Duration::ZERO);
    //~^ blocking::sleep
}

async fn inside_a_string() {
    let _ = "// blocking-lint: allow(sleep)"; std::thread::sleep(Duration::ZERO);
    //~^ blocking::sleep
}

async fn unused() {
    // blocking-lint: allow(net) -- nothing of the kind below
    //~^ blocking_lint::unused_suppression
    tokio::time::sleep(Duration::ZERO).await;
}

/// Doc comments are documentation: blocking-lint: allow(nope) is not read.
async fn documented() {}
