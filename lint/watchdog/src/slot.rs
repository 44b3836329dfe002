//! One slot per thread that polls: what it is polling now, since when, and on whose behalf.
//!
//! The worker writes its slot at the start and the end of every poll; the watchdog thread reads
//! every slot at least twice per threshold. What the watchdog thread needs to find a long poll and
//! name it by its route is in atomics that only the worker writes (the watchdog thread only adds
//! a mark to a poll it has reported), so a short poll nobody saw costs a clock read at each end,
//! a few plain stores and one swap, and touches no cache line another thread writes. What is read
//! only for a long poll (the task, the thread's counters when first seen, the stall's id)
//! sits behind a mutex that the worker takes once per task poll, to say which task it is, and
//! the watchdog thread only for polls already a quarter threshold old.

use std::cell::RefCell;
use std::panic::Location;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use crate::route::RouteId;
use crate::{Inner, waits};

/// The polling state of one thread.
pub(crate) struct Slot {
    /// The tokio worker index of this thread, when the runtime says (it needs `tokio_unstable`).
    pub(crate) worker: Option<usize>,
    /// The thread's name, for threads that are no known worker.
    pub(crate) thread: Option<Arc<str>>,
    /// Where the thread's counters are, to tell its waits for a core from blocking (Linux).
    pub(crate) counters: Option<PathBuf>,
    /// The watchdog's threshold, copied so that a poll's end reads nothing shared.
    threshold: Duration,
    /// What a poll's start is counted from, in [`State`].
    epoch: Instant,
    /// The watchdog that registered this slot; reached only to report a stall.
    watchdog: Weak<Inner>,
    /// The poll in progress, a [`State`].
    state: AtomicU64,
    /// The route of the handler being polled, as [`RouteId::to_raw`]; meaningful while busy.
    route: AtomicU32,
    details: Mutex<Details>,
}

/// A slot's state word: when the poll in progress began (nanoseconds since the slot's epoch),
/// who began it, and whether the watchdog thread has reported it. 0 is idle.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct State(u64);

impl State {
    const IDLE: State = State(0);
    const NOTICED: u64 = 1;
    const LAYER: u64 = 2;
    const BUSY: u64 = 4;
    const SHIFT: u32 = 3;

    fn busy(self) -> bool {
        self.0 & Self::BUSY != 0
    }

    fn noticed(self) -> bool {
        self.0 & Self::NOTICED != 0
    }

    fn owner(self) -> Owner {
        if self.0 & Self::LAYER != 0 {
            Owner::Layer
        } else {
            Owner::Hook
        }
    }

    /// Tells this poll's details from an earlier poll's.
    fn start(self) -> u64 {
        self.0 >> Self::SHIFT
    }
}

/// What only a long poll needs; each entry says which poll (its [`State::start`]) it is about.
#[derive(Default)]
struct Details {
    /// The task of the hooked poll in progress (a layer's own poll has none).
    task: Option<Task>,
    /// The thread's counters when the watchdog thread first saw the poll run long, so that its
    /// waits for a core after them are not counted as blocking.
    baseline: Option<(u64, waits::Baseline)>,
    /// The stall the watchdog thread reported while the poll ran.
    stall: Option<(u64, Noticed)>,
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
    /// The route the stall was named by when the poll had none of its own (a task's inherited
    /// route), so that its end is named the same.
    pub(crate) route: Option<RouteId>,
}

/// A poll that ended past the threshold, or that the watchdog had noticed.
pub(crate) struct Ended {
    pub(crate) elapsed: Duration,
    /// `elapsed` with the thread's waits for a core: what a request stuck behind it waited.
    pub(crate) wall: Duration,
    pub(crate) task: Option<Task>,
    pub(crate) route: Option<RouteId>,
    pub(crate) stall: Option<Noticed>,
}

/// A poll running past the threshold, as the watchdog thread sees it.
pub(crate) struct Long {
    pub(crate) elapsed: Duration,
    /// `elapsed` with the thread's waits for a core.
    pub(crate) wall: Duration,
    pub(crate) task: Option<Task>,
    pub(crate) route: Option<RouteId>,
}

/// What [`Slot::enter_route`] did, to be undone by [`Slot::leave_route`].
pub(crate) enum Entered {
    /// Nobody was timing this thread: the layer times the poll itself.
    Own,
    /// A task poll (or an outer layer) is being timed: the layer only names it.
    Nested {
        previous: Option<RouteId>,
        at: Instant,
    },
}

impl Slot {
    fn lock(&self) -> MutexGuard<'_, Details> {
        // A panic while the lock was held left plain data behind; the next poll overwrites it.
        self.details.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn state(&self) -> State {
        State(self.state.load(Ordering::Acquire))
    }

    fn route(&self) -> Option<RouteId> {
        RouteId::from_raw(self.route.load(Ordering::Relaxed))
    }

    /// Starts timing a poll on this thread: the details and the route first, so that the
    /// watchdog thread, which reads the state first, sees them once it sees the poll.
    fn begin(&self, owner: Owner, route: Option<RouteId>) {
        let since = Instant::now().saturating_duration_since(self.epoch);
        let start = u64::try_from(since.as_nanos()).unwrap_or(u64::MAX >> State::SHIFT);
        let layer = if owner == Owner::Layer {
            State::LAYER
        } else {
            0
        };
        self.route.store(RouteId::to_raw(route), Ordering::Relaxed);
        let state = (start << State::SHIFT) | State::BUSY | layer;
        self.state.store(state, Ordering::Release);
    }

    /// How much of `wall`, the time a poll has run, it blocked its thread: its waits for a core
    /// after `baseline` are left out (see [`waits`]). The counters are read only for a poll
    /// the watchdog thread has seen run long, and not again when `fresh` was read just now.
    fn blocked(
        &self,
        wall: Duration,
        baseline: Option<waits::Baseline>,
        fresh: Option<waits::Reading>,
    ) -> Duration {
        let now = fresh.or_else(|| {
            baseline
                .and(self.counters.as_deref())
                .and_then(waits::Reading::of)
        });
        // A watchdog on time looks at every poll at least every half threshold.
        waits::blocked(wall, baseline, now, self.threshold / 2)
    }

    /// How long the poll that began at `state` has run by `now`.
    fn age(&self, state: State, now: Instant) -> Duration {
        let started = self.epoch + Duration::from_nanos(state.start());
        now.saturating_duration_since(started)
    }

    /// The runtime is about to poll `task` on this thread.
    #[cfg_attr(not(tokio_unstable), allow(dead_code))]
    pub(crate) fn begin_task(&self, task: Task) {
        self.lock().task = Some(task);
        self.begin(Owner::Hook, None);
    }

    /// The runtime has polled the task begun by [`begin_task`](Self::begin_task).
    #[cfg_attr(not(tokio_unstable), allow(dead_code))]
    pub(crate) fn end_task(&self) -> Option<Ended> {
        self.end(Owner::Hook)
    }

    /// A handler future for `route` is about to be polled.
    pub(crate) fn enter_route(&self, route: Option<RouteId>) -> Entered {
        if self.state().busy() {
            // Only this thread writes the route: no need for a swap.
            let previous = self.route();
            self.route.store(RouteId::to_raw(route), Ordering::Relaxed);
            Entered::Nested {
                previous,
                at: Instant::now(),
            }
        } else {
            self.begin(Owner::Layer, route);
            Entered::Own
        }
    }

    /// The handler's poll is over. Inside a task poll the route stays as the poll's name only if
    /// the handler's own poll was the long part (or the watchdog already named the stall by
    /// it); otherwise the time went elsewhere in the task and the route would be a wrong guess.
    pub(crate) fn leave_route(&self, entered: Entered) -> Option<Ended> {
        match entered {
            Entered::Own => self.end(Owner::Layer),
            Entered::Nested { previous, at } => {
                let state = self.state();
                if state.busy() && !state.noticed() && at.elapsed() < self.threshold {
                    self.route
                        .store(RouteId::to_raw(previous), Ordering::Relaxed);
                }
                None
            }
        }
    }

    /// `task`, ending during its poll on this thread, hands the route it inherited to the poll.
    #[cfg_attr(not(tokio_unstable), allow(dead_code))]
    pub(crate) fn adopt(&self, task: tokio::task::Id, route: RouteId) {
        let state = self.state();
        if !state.busy() || state.owner() != Owner::Hook || self.route().is_some() {
            return;
        }
        if self.lock().task.is_some_and(|polled| polled.id == task) {
            self.route
                .store(RouteId::to_raw(Some(route)), Ordering::Relaxed);
        }
    }

    /// The route the current poll runs for, or else the task it polls: what a task spawned now
    /// inherits.
    #[cfg_attr(not(tokio_unstable), allow(dead_code))]
    pub(crate) fn parent(&self) -> Option<(Option<RouteId>, Option<tokio::task::Id>)> {
        let state = self.state();
        if !state.busy() {
            return None;
        }
        if let Some(route) = self.route() {
            return Some((Some(route), None));
        }
        let task = match state.owner() {
            Owner::Hook => self.lock().task.map(|task| task.id),
            Owner::Layer => None,
        };
        Some((None, task))
    }

    /// The watchdog that registered this slot, while it lives.
    pub(crate) fn watchdog(&self) -> Option<Arc<Inner>> {
        self.watchdog.upgrade()
    }
}

impl Slot {
    /// Ends the poll in progress if `owner` began it; returns it when it is a stall. The common
    /// case (a short poll nobody noticed) takes no lock. The swap, not a store, so that a mark
    /// the watchdog thread put on the poll meanwhile is seen; the clock is read after it, so a
    /// noticed poll's final duration is never shorter than the one reported while it ran.
    fn end(&self, owner: Owner) -> Option<Ended> {
        let state = self.state();
        if !state.busy() || state.owner() != owner {
            return None;
        }
        let state = State(self.state.swap(State::IDLE.0, Ordering::AcqRel));
        let elapsed = self.age(state, Instant::now());
        if elapsed < self.threshold && !state.noticed() {
            return None;
        }
        let details = self.lock();
        let start = state.start();
        let baseline = details.baseline.filter(|b| b.0 == start).map(|b| b.1);
        let stall = details.stall.filter(|s| s.0 == start).map(|s| s.1);
        let wall = elapsed;
        let elapsed = self.blocked(wall, baseline, None);
        if elapsed < self.threshold && stall.is_none() {
            return None;
        }
        Some(Ended {
            elapsed,
            wall,
            task: details.task.filter(|_| owner == Owner::Hook),
            route: self.route().or(stall.and_then(|s| s.route)),
            stall,
        })
    }
}

/// The watchdog thread's side.
impl Slot {
    /// The poll in progress if it has run past the threshold at `now`, not counting its thread's
    /// waits for a core, and no report of it was made yet. A poll a quarter threshold long may
    /// become one: how long its thread has waited for a core so far is noted now. Shorter polls,
    /// the common case, cost a load. Lowers `next` to when this poll needs another look.
    pub(crate) fn long_poll(&self, now: Instant, next: &mut Instant) -> Option<(State, Long)> {
        let state = self.state();
        if !state.busy() || state.noticed() {
            return None;
        }
        let age = self.age(state, now);
        let started = now - age;
        if age < self.threshold / 4 {
            // A poll this old is rarer than the many microsecond ones a look lands on (which it
            // leaves to the next round): its wait for a core is noted on time.
            if age >= self.threshold / 16 {
                *next = (*next).min(started + self.threshold / 4);
            }
            return None;
        }
        let mut details = self.lock();
        if self.state() != state {
            return None;
        }
        let start = state.start();
        let mut baseline = details.baseline.filter(|b| b.0 == start).map(|b| b.1);
        // Read when first seen now, on time or not: what the thread waits from here on is known.
        let mut fresh = None;
        if baseline.is_none() {
            fresh = self.counters.as_deref().and_then(waits::Reading::of);
            baseline = fresh.map(|reading| waits::Baseline { age, reading });
            details.baseline = baseline.map(|b| (start, b));
        }
        if age < self.threshold {
            *next = (*next).min(started + self.threshold);
            return None;
        }
        let elapsed = self.blocked(age, baseline, fresh);
        if elapsed < self.threshold {
            // The earliest it can cross: when blocked for the rest of the threshold from now.
            *next = (*next).min(now + (self.threshold - elapsed));
            return None;
        }
        let long = Long {
            elapsed,
            wall: age,
            task: details.task.filter(|_| state.owner() == Owner::Hook),
            route: self.route(),
        };
        Some((state, long))
    }

    /// Reports the poll [`long_poll`](Self::long_poll) found, with `report`, unless it has ended
    /// meanwhile. Reported under the lock, which the worker takes to end a noticed poll, so that
    /// the worker sends the final event after this one.
    pub(crate) fn notice(&self, state: State, report: impl FnOnce() -> Noticed) {
        let mut details = self.lock();
        let marked = State(state.0 | State::NOTICED);
        let exchanged =
            self.state
                .compare_exchange(state.0, marked.0, Ordering::AcqRel, Ordering::Acquire);
        if exchanged.is_ok() {
            details.stall = Some((state.start(), report()));
        }
    }

    /// The stall in progress that the watchdog thread has reported, if any, as of `now`.
    pub(crate) fn ongoing(&self, now: Instant) -> Option<(Noticed, Long)> {
        let state = self.state();
        if !state.noticed() {
            return None;
        }
        let details = self.lock();
        if self.state() != state {
            return None;
        }
        let start = state.start();
        let stall = details.stall.filter(|s| s.0 == start)?.1;
        let baseline = details.baseline.filter(|b| b.0 == start).map(|b| b.1);
        let wall = self.age(state, now);
        let long = Long {
            elapsed: self.blocked(wall, baseline, None),
            wall,
            task: details.task.filter(|_| state.owner() == Owner::Hook),
            route: self.route().or(stall.route),
        };
        Some((stall, long))
    }
}

/// A thread's slot for one watchdog.
struct Local {
    watchdog: u64,
    slot: Arc<Slot>,
}

thread_local! {
    /// This thread's slots, one per watchdog that has seen it poll (almost always one).
    static SLOTS: RefCell<Vec<Local>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on this thread's slot for watchdog `id`, registering the thread on its first poll
/// (the only allocation, once per thread) with `inner`, or else the live watchdog of that id.
/// `None` while the thread is being torn down, or once the watchdog is gone.
pub(crate) fn with_slot<R>(
    id: u64,
    inner: Option<&Arc<Inner>>,
    f: impl FnOnce(&Slot) -> R,
) -> Option<R> {
    SLOTS
        .try_with(|slots| {
            if let Some(local) = slots.borrow().iter().find(|l| l.watchdog == id) {
                return Some(f(&local.slot));
            }
            let inner = match inner {
                Some(inner) => Arc::clone(inner),
                None => crate::live(id)?,
            };
            let slot = inner.register(Slot {
                worker: current_worker(),
                thread: std::thread::current().name().map(Arc::from),
                counters: waits::this_thread(),
                threshold: inner.threshold,
                epoch: Instant::now(),
                watchdog: Arc::downgrade(&inner),
                state: AtomicU64::new(State::IDLE.0),
                route: AtomicU32::new(0),
                details: Mutex::new(Details::default()),
            });
            let mut slots = slots.borrow_mut();
            // Slots of watchdogs that are gone would only take room.
            slots.retain(|l| l.slot.watchdog.strong_count() > 0);
            slots.push(Local {
                watchdog: id,
                slot: Arc::clone(&slot),
            });
            drop(slots);
            Some(f(&slot))
        })
        .ok()
        .flatten()
}

/// [`with_slot`] for a thread that has polled before: a spawn from a thread that never polls
/// (the main thread, the blocking pool) registers nothing.
#[cfg_attr(not(tokio_unstable), allow(dead_code))]
pub(crate) fn with_existing_slot<R>(id: u64, f: impl FnOnce(&Slot) -> R) -> Option<R> {
    SLOTS
        .try_with(|slots| {
            let slots = slots.borrow();
            let local = slots.iter().find(|l| l.watchdog == id)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(threshold: Duration) -> Slot {
        Slot {
            worker: None,
            thread: None,
            counters: None,
            threshold,
            epoch: Instant::now(),
            watchdog: Weak::new(),
            state: AtomicU64::new(State::IDLE.0),
            route: AtomicU32::new(0),
            details: Mutex::new(Details::default()),
        }
    }

    #[test]
    fn a_short_poll_is_not_reported_and_leaves_the_slot_idle() {
        let slot = slot(Duration::from_secs(60));
        assert!(matches!(slot.enter_route(None), Entered::Own));
        assert!(
            slot.long_poll(Instant::now(), &mut Instant::now())
                .is_none()
        );
        assert!(slot.leave_route(Entered::Own).is_none());
        assert!(!slot.state().busy());
    }

    #[test]
    fn a_poll_the_watchdog_noticed_ends_with_the_stall_it_reported() {
        let slot = slot(Duration::from_millis(1));
        let entered = slot.enter_route(None);
        std::thread::sleep(Duration::from_millis(5));
        let (state, long) = slot
            .long_poll(Instant::now(), &mut Instant::now())
            .expect("a long poll");
        assert!(long.elapsed >= Duration::from_millis(1));
        let noticed = || Noticed {
            id: 7,
            logged: true,
            route: None,
        };
        slot.notice(state, noticed);
        // Reported once: the next look skips it.
        assert!(
            slot.long_poll(Instant::now(), &mut Instant::now())
                .is_none()
        );
        let ended = slot.leave_route(entered).expect("its end");
        assert_eq!(ended.stall.map(|stall| stall.id), Some(7));
        assert!(ended.elapsed >= long.elapsed);
    }

    #[test]
    fn a_poll_that_ended_before_its_report_is_not_marked() {
        let slot = slot(Duration::from_millis(1));
        let entered = slot.enter_route(None);
        std::thread::sleep(Duration::from_millis(5));
        let (state, _) = slot
            .long_poll(Instant::now(), &mut Instant::now())
            .expect("a long poll");
        // The worker ends it first: the report is not made, and the worker's own end is new.
        let ended = slot.leave_route(entered).expect("a stall");
        assert!(ended.stall.is_none());
        slot.notice(state, || panic!("reported a poll that had ended"));
        assert!(!slot.state().busy());
    }
}
