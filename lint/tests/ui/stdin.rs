// blocking::stdin: reads from standard input.
use std::io::{self, BufRead};

async fn prompt() -> String {
    let mut line = String::new();
    io::stdin().read_line(&mut line).unwrap();
    //~^ blocking::stdin
    line
}

async fn all_lines() {
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        //~^ blocking::stdin
        drop(line);
    }
}

// Look-alikes.

async fn tokio_stdin() {
    let mut line = String::new();
    let mut r = tokio::io::BufReader::new(tokio::io::stdin());
    let _ = tokio::io::AsyncBufReadExt::read_line(&mut r, &mut line).await;
}

fn sync_prompt() {
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}
