//@ flags: --report-unused-suppressions
// blocking-lint: allow-file(sleep, blocking::process) -- a start-up script; nothing else runs yet
//~^ blocking_lint::unused_suppression
// A file-wide suppression silences its rules everywhere in the file, and only those.
use std::time::Duration;

async fn first() {
    std::thread::sleep(Duration::from_millis(1));
}

async fn second() {
    std::thread::sleep(Duration::from_millis(2));
    let _ = std::fs::read("still.reported");
    //~^ blocking::fs
}
