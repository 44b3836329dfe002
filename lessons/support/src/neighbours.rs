//! Busy neighbours: other processes that want the CPU, started and stopped by a demo.
//!
//! A lesson's claim should hold on a machine that is doing other work, which is every production
//! machine and most laptops. The demos test that the way `.ci/noisy-neighbours` does: a few
//! `nice -n 19` busy loops, the humblest competition there is. They are separate processes, not
//! threads of the demo, so the kernel treats them as it would a compile or a backup beside the
//! server.

use std::process::{Child, Command, Stdio};

use anyhow::Context;

/// The niceness of the loops: the lowest priority an ordinary process can give itself.
pub const NICENESS: &str = "19";

/// Running busy loops; dropping the value kills them and reaps them.
#[derive(Debug)]
pub struct BusyLoops {
    children: Vec<Child>,
}

impl BusyLoops {
    /// Starts `count` processes that spin at niceness 19 until dropped.
    pub fn start(count: usize) -> anyhow::Result<Self> {
        let mut loops = Self {
            children: Vec::with_capacity(count),
        };
        for _ in 0..count {
            let child = Command::new("nice")
                .args(["-n", NICENESS, "sh", "-c", "while :; do :; done"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting a `nice -n 19` busy loop (needs `nice` and `sh`)")?;
            // Pushed at once, so the ones already started are killed if a later one fails.
            loops.children.push(child);
        }
        Ok(loops)
    }

    /// How many loops are running.
    pub fn count(&self) -> usize {
        self.children.len()
    }
}

impl Drop for BusyLoops {
    fn drop(&mut self) {
        for child in &mut self.children {
            // A loop that already died has nothing to kill; reaping it is all that is left.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn loops_run_until_dropped() {
        let mut loops = BusyLoops::start(2).unwrap();
        assert_eq!(loops.count(), 2);
        for child in &mut loops.children {
            assert!(
                child.try_wait().unwrap().is_none(),
                "a loop ended by itself"
            );
        }
        let pids: Vec<u32> = loops.children.iter().map(Child::id).collect();
        drop(loops);
        for pid in pids {
            // Reaped: the PID names no process of ours any more.
            let alive = std::path::Path::new(&format!("/proc/{pid}")).exists()
                && std::fs::read_to_string(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|cmd| cmd.contains("while :"));
            assert!(!alive, "busy loop {pid} outlived its BusyLoops");
        }
    }
}
