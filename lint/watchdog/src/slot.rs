//! One slot per thread that polls: what it is polling now, since when, and on whose behalf.
//!
//! The worker writes its slot at the start and the end of every poll; the watchdog thread reads
//! every slot a few times per threshold. A slot is a `Mutex` nobody else wants in the common
//! case (the watchdog holds it for a moment every few milliseconds), so taking it costs an
//! uncontended lock, and nothing on this path allocates: a route is an `Arc` and a method, cloned.

use std::cell::RefCell;
use std::panic::Location;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use crate::route::Route;
use crate::{Inner, waits};

/// The polling state of one thread.
pub(crate) struct Slot {
    /// The tokio worker index of this thread, when the runtime says (it needs `tokio_unstable`).
    pub(crate) worker: Option<usize>,
    /// The thread's name, for threads that are no known worker.
    pub(crate) thread: Option<Arc<str>>,
    /// Where the thread's time waiting for a core is counted (Linux).
    pub(crate) schedstat: Option<PathBuf>,
    poll: Mutex<Option<Poll>>,
}

/// A poll in progress.
pub(crate) struct Poll {
    pub(crate) started: Instant,
    owner: Owner,
    /// The task being polled, when the runtime hooks said which.
    pub(crate) task: Option<Task>,
    /// The request the wrapped handler serves, while (or, for a long poll, since) it runs.
    pub(crate) route: Option<Route>,
    /// Set once the watchdog thread has seen this poll run past the threshold.
    pub(crate) stall: Option<Noticed>,
    /// The thread's time waiting for a core when the watchdog thread first saw this poll run
    /// long, so that the wait after it is not counted as blocking.
    pub(crate) queued_at: Option<Duration>,
}

/// Who started timing a poll: the runtime hooks (a task poll) or the layer (a handler poll on a
/// runtime without hooks). Only the owner ends it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Hook,
    Layer,
}

/// The task a hooked poll belongs to.
#[derive(Clone, Copy)]
#[cfg_attr(not(tokio_unstable), allow(dead_code))]
pub(crate) struct Task {
    pub(crate) id: tokio::task::Id,
    pub(crate) spawned_at: &'static Location<'static>,
}

/// A stall the watchdog thread reported while it ran.
#[derive(Clone, Copy)]
pub(crate) struct Noticed {
    pub(crate) id: u64,
    pub(crate) logged: bool,
}

/// A poll that ended past the threshold, or that the watchdog had noticed.
pub(crate) struct Ended {
    pub(crate) elapsed: Duration,
    pub(crate) task: Option<Task>,
    pub(crate) route: Option<Route>,
    pub(crate) stall: Option<Noticed>,
}

/// What [`Slot::enter_route`] did, to be undone by [`Slot::leave_route`].
pub(crate) enum Entered {
    /// Nobody was timing this thread: the layer times the poll itself.
    Own,
    /// A task poll (or an outer layer) is being timed: the layer only names it.
    Nested {
        previous: Option<Route>,
        at: Instant,
    },
}

impl Slot {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Option<Poll>> {
        // A panic while the lock was held left plain data behind; the next poll overwrites it.
        self.poll.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The runtime is about to poll `task` on this thread.
    #[cfg_attr(not(tokio_unstable), allow(dead_code))]
    pub(crate) fn begin_task(&self, task: Task) {
        *self.lock() = Some(Poll {
            started: Instant::now(),
            owner: Owner::Hook,
            task: Some(task),
            route: None,
            stall: None,
            queued_at: None,
        });
    }

    /// The runtime has polled the task begun by [`begin_task`](Self::begin_task).
    #[cfg_attr(not(tokio_unstable), allow(dead_code))]
    pub(crate) fn end_task(&self, threshold: Duration) -> Option<Ended> {
        let mut poll = self.lock();
        match poll.as_ref() {
            Some(current) if current.owner == Owner::Hook => self.finish(&mut poll, threshold),
            _ => None,
        }
    }

    /// A handler future for `route` is about to be polled.
    pub(crate) fn enter_route(&self, route: &Route) -> Entered {
        let mut poll = self.lock();
        match poll.as_mut() {
            Some(current) => Entered::Nested {
                previous: current.route.replace(route.clone()),
                at: Instant::now(),
            },
            None => {
                *poll = Some(Poll {
                    started: Instant::now(),
                    owner: Owner::Layer,
                    task: None,
                    route: Some(route.clone()),
                    stall: None,
                    queued_at: None,
                });
                Entered::Own
            }
        }
    }

    /// The handler's poll is over. Inside a task poll the route stays as the poll's name only if
    /// the handler's own poll was the long part (or the watchdog already named the stall by
    /// it); otherwise the time went elsewhere in the task and the route would be a wrong guess.
    pub(crate) fn leave_route(&self, entered: Entered, threshold: Duration) -> Option<Ended> {
        let mut poll = self.lock();
        match entered {
            Entered::Own => self.finish(&mut poll, threshold),
            Entered::Nested { previous, at } => {
                if let Some(current) = poll.as_mut()
                    && current.stall.is_none()
                    && at.elapsed() < threshold
                {
                    current.route = previous;
                }
                None
            }
        }
    }

    /// `task`, ending during its poll on this thread, hands the route it inherited to the poll.
    #[cfg_attr(not(tokio_unstable), allow(dead_code))]
    pub(crate) fn adopt(&self, task: tokio::task::Id, route: Route) {
        let mut poll = self.lock();
        if let Some(current) = poll.as_mut()
            && current.task.is_some_and(|polled| polled.id == task)
            && current.route.is_none()
        {
            current.route = Some(route);
        }
    }

    /// The route the current poll runs for, or else the task it polls: what a task spawned now
    /// inherits.
    #[cfg_attr(not(tokio_unstable), allow(dead_code))]
    pub(crate) fn parent(&self) -> Option<(Option<Route>, Option<tokio::task::Id>)> {
        let poll = self.lock();
        let current = poll.as_ref()?;
        Some((current.route.clone(), current.task.map(|task| task.id)))
    }
}

impl Slot {
    /// Ends the poll in `poll`; returns it when it is a stall. The common case (a short poll
    /// nobody noticed) drops it and returns `None` without reading anything.
    fn finish(&self, poll: &mut Option<Poll>, threshold: Duration) -> Option<Ended> {
        let ended = poll.take()?;
        let elapsed = ended.started.elapsed();
        if elapsed < threshold && ended.stall.is_none() {
            return None;
        }
        let elapsed = waits::blocked(elapsed, ended.queued_at, self.schedstat.as_deref());
        if elapsed < threshold && ended.stall.is_none() {
            return None;
        }
        Some(Ended {
            elapsed,
            task: ended.task,
            route: ended.route,
            stall: ended.stall,
        })
    }
}

/// A thread's slot for one watchdog.
struct Local {
    watchdog: u64,
    alive: Weak<Inner>,
    slot: Arc<Slot>,
}

thread_local! {
    /// This thread's slots, one per watchdog that has seen it poll (almost always one).
    static SLOTS: RefCell<Vec<Local>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on this thread's slot for `inner`, registering the thread on its first poll (the
/// only allocation, once per thread). `None` while the thread is being torn down.
pub(crate) fn with_slot<R>(inner: &Arc<Inner>, f: impl FnOnce(&Slot) -> R) -> Option<R> {
    SLOTS
        .try_with(|slots| {
            if let Some(local) = slots.borrow().iter().find(|l| l.watchdog == inner.id) {
                return f(&local.slot);
            }
            let slot = inner.register(Slot {
                worker: current_worker(),
                thread: std::thread::current().name().map(Arc::from),
                schedstat: waits::this_thread(),
                poll: Mutex::new(None),
            });
            let mut slots = slots.borrow_mut();
            // Slots of watchdogs that are gone would only take room.
            slots.retain(|l| l.alive.strong_count() > 0);
            slots.push(Local {
                watchdog: inner.id,
                alive: Arc::downgrade(inner),
                slot: Arc::clone(&slot),
            });
            drop(slots);
            f(&slot)
        })
        .ok()
}

/// [`with_slot`] for a thread that has polled before: a spawn from a thread that never polls
/// (the main thread, the blocking pool) registers nothing.
#[cfg_attr(not(tokio_unstable), allow(dead_code))]
pub(crate) fn with_existing_slot<R>(inner: &Inner, f: impl FnOnce(&Slot) -> R) -> Option<R> {
    SLOTS
        .try_with(|slots| {
            let slots = slots.borrow();
            let local = slots.iter().find(|l| l.watchdog == inner.id)?;
            Some(f(&local.slot))
        })
        .ok()
        .flatten()
}

/// This thread's index among the current runtime's workers. Tokio tells only with its unstable
/// metrics; without them a stall names its thread instead.
#[cfg(tokio_unstable)]
fn current_worker() -> Option<usize> {
    let handle = tokio::runtime::Handle::try_current().ok()?;
    let metrics = handle.metrics();
    let me = std::thread::current().id();
    (0..metrics.num_workers()).find(|&worker| metrics.worker_thread_id(worker) == Some(me))
}

#[cfg(not(tokio_unstable))]
fn current_worker() -> Option<usize> {
    None
}
