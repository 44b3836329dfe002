//@ flags: -W blocking::startup
// A command-line tool's `main`: it never spawns, serves or joins futures, itself or in what it
// awaits, so it has no start-up. Its reads are its work, and with a runtime of many workers a
// tool that blocks one of them makes every other future it polls wait: ordinary findings.
use std::time::Duration;

#[tokio::main]
async fn main() {
    let history = std::fs::read_to_string("history.txt").unwrap();
    //~^ blocking::fs
    upload(history).await;
    // Polling with a sleep is the tool's work too.
    loop {
        std::thread::sleep(Duration::from_secs(1));
        //~^ blocking::sleep
        if std::path::Path::new("done").exists() {
            //~^ blocking::fs
            break;
        }
    }
}

async fn upload(body: String) {
    // Awaited by a `main` that is all work: its calls are findings of their own rules.
    std::fs::write("upload.log", body).unwrap();
    //~^ blocking::fs
}
