//! Async code that `block_on` runs on a thread of its own. A closure handed to
//! `std::thread::spawn`, `spawn_blocking` or a pool that hands a future to `Runtime::block_on`,
//! `Handle::block_on` or `futures::executor::block_on` runs that future on its own thread: a
//! blocking call in it stalls that thread and no runtime worker, as one in the closure itself
//! would. The checker leaves such async blocks unreported; this module finds the crate's async
//! fns that only ever run there, so their findings go too. A sync fn's `block_on` is not one:
//! `main`'s make entry points (see `startup`), and a command-line tool that runs its commands
//! from a helper (`runtime.block_on(cmd.run())`) does its program's work there.

use std::collections::{HashMap, HashSet};

use super::CallsOfFns;
use crate::analysis::summary::FileSummary;
use crate::model::source::Loc;

/// What runs only on threads of their own.
#[derive(Debug, Default)]
pub struct OwnThread {
    /// The crate's async fns that run there and nowhere else.
    pub fns: HashSet<String>,
    /// Async blocks handed to `block_on` by sync fns that only such threads call: (file, place).
    pub blocks: Vec<(usize, Loc)>,
}

impl OwnThread {
    /// Whether a finding at `loc` of `file`, in `enclosing_fn`, runs on a thread of its own.
    pub fn covers(&self, enclosing_fn: Option<&str>, file: usize, loc: &Loc) -> bool {
        enclosing_fn.is_some_and(|k| self.fns.contains(k))
            || self
                .blocks
                .iter()
                .any(|(f, b)| *f == file && b.start <= loc.start && loc.end <= b.end)
    }
}

/// The async fns that run only on threads of their own: handed to such a `block_on` (or
/// awaited in a future that is), and awaited, called or spawned from nowhere else, or only
/// from fns that run there themselves. A sync fn that hands a future to `block_on` runs on such
/// a thread when the crate never calls it (a thread's closure does, which is not a call the
/// crate's other code makes).
pub(crate) fn only_there(summaries: &[FileSummary], calls: &CallsOfFns<'_>) -> OwnThread {
    let seeds: HashSet<&str> = summaries
        .iter()
        .flat_map(|s| &s.own_thread)
        .flat_map(|keys| keys.iter().map(String::as_str))
        .collect();
    let sync_fns: HashSet<&str> = summaries
        .iter()
        .flat_map(|s| s.block_on_in_sync.iter().map(|(k, _)| k.as_str()))
        .collect();
    if seeds.is_empty() && sync_fns.is_empty() {
        return OwnThread::default();
    }
    // Called any other way than awaited (spawned, from sync code, kept for later): it may run
    // on a worker.
    let CallsOfFns {
        awaited_by,
        elsewhere,
    } = calls;
    let awaited_by: HashMap<&str, Vec<&str>> = awaited_by
        .iter()
        .map(|(k, callers)| (*k, callers.iter().map(|(c, _)| *c).collect()))
        .collect();
    let threads: HashSet<&str> = sync_fns
        .into_iter()
        .filter(|k| !elsewhere.contains(k) && !awaited_by.contains_key(k))
        .collect();
    let mut there: HashSet<&str> = seeds.union(&threads).copied().collect();
    // What such a fn awaits runs there too, when nothing else awaits it.
    loop {
        let reached: Vec<&str> = awaited_by
            .iter()
            .filter(|(key, callers)| {
                !there.contains(**key) && callers.iter().all(|c| there.contains(c))
            })
            .map(|(key, _)| *key)
            .collect();
        if reached.is_empty() {
            break;
        }
        there.extend(reached);
    }
    // A fn also awaited from code that runs on the runtime is not only there; nor is what
    // only it awaits. Taken out until nothing changes.
    loop {
        let before = there.len();
        let keep: Vec<&str> = there
            .iter()
            .copied()
            .filter(|key| {
                !elsewhere.contains(key)
                    && awaited_by
                        .get(key)
                        .is_none_or(|callers| callers.iter().all(|c| there.contains(c)))
            })
            .collect();
        there = keep.into_iter().collect();
        if there.len() == before {
            break;
        }
    }
    let blocks = summaries
        .iter()
        .flat_map(|s| {
            s.block_on_in_sync
                .iter()
                .filter(|(k, _)| there.contains(k.as_str()))
                .filter_map(|(_, place)| Some((s.file, place.clone()?)))
        })
        .collect();
    OwnThread {
        // The sync fns themselves keep their other findings (a task they spawn runs on the
        // runtime): only their blocks are covered.
        fns: there
            .into_iter()
            .filter(|k| !threads.contains(k))
            .map(String::from)
            .collect(),
        blocks,
    }
}
