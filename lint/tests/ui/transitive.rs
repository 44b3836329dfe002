// Transitive findings: async code calling local sync functions that block.
use std::time::Duration;

mod config {
    pub fn load() -> String {
        read_file("app.toml")
    }

    fn read_file(path: &str) -> String {
        std::fs::read_to_string(path).unwrap_or_default()
    }
}

struct Worker;

impl Worker {
    fn pause(&self) {
        std::thread::sleep(Duration::from_millis(5));
    }

    async fn run(&self) {
        self.pause();
        //~^ blocking::sleep
        Self::helper();
        //~^ blocking::sleep
    }

    fn helper() {
        nap();
    }
}

fn nap() {
    std::thread::sleep(Duration::from_millis(5));
}

async fn handler() -> String {
    config::load()
    //~^ blocking::fs
}

async fn through_crate_path() {
    crate::nap();
    //~^ blocking::sleep
}

// Look-alikes.

fn offloads() {
    std::thread::spawn(|| std::thread::sleep(Duration::from_millis(5)));
}

async fn calls_a_sync_fn_that_offloads() {
    offloads();
}

async fn offloaded_call() {
    tokio::task::spawn_blocking(nap).await.unwrap();
    tokio::task::spawn_blocking(|| config::load()).await.unwrap();
}

fn recursive(n: u32) -> u32 {
    if n == 0 { 0 } else { recursive(n - 1) }
}

async fn calls_recursive() -> u32 {
    recursive(3)
}

async fn async_callee() {
    through_crate_path().await;
}
