// blocking::process: waiting on child processes.
use std::process::Command;

async fn output() {
    let _ = Command::new("git").arg("--version").output();
    //~^ blocking::process
}

async fn status() {
    let mut cmd = std::process::Command::new("true");
    cmd.env("A", "B");
    let _ = cmd.status();
    //~^ blocking::process
}

async fn spawn_then_wait() {
    let mut child = Command::new("sleep").arg("1").spawn().unwrap();
    let _ = child.wait();
    //~^ blocking::process
}

async fn open_in_browser(url: &str) {
    // `open::that` waits for the desktop's opener to exit.
    let _ = open::that(url);
    //~^ blocking::process
}

async fn send_local(email: lettre::Message) {
    // lettre's sendmail transport runs `sendmail` and waits for it.
    let mailer = lettre::SendmailTransport::new();
    let _ = mailer.send(&email);
    //~^ blocking::process
}

// Look-alikes.

async fn open_detached(url: &str) {
    let _ = open::that_detached(url);
}

async fn tokio_process() {
    let _ = tokio::process::Command::new("git").output().await;
}

async fn spawn_only() {
    let _child = Command::new("sleep").arg("1").spawn();
}

fn sync_output() {
    let _ = Command::new("git").output();
}
