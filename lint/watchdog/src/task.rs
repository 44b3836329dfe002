//! The runtime hooks (`--cfg tokio_unstable`): every task poll timed, with its spawn location,
//! and the route of a request handed down to the tasks its handler spawns.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::runtime::TaskMeta;
use tokio::task::Id;

use crate::route::RouteId;
use crate::slot::{self, Task};
use crate::{Watchdog, lock};

impl Watchdog {
    /// Installs the watchdog's task hooks on `builder`: `on_before_task_poll` and
    /// `on_after_task_poll` time every task poll on the runtime's workers and know where the task
    /// was spawned; `on_task_spawn` and `on_task_terminate` let a task spawned by a handler carry
    /// the handler's route (lesson 01's `GET /block` runs its sleep in such a task).
    ///
    /// Tokio's builder keeps one callback of each kind, so this replaces any hook set on
    /// `builder` before, and a hook set after it replaces the watchdog's. An application with
    /// hooks of its own (another profiler, a tracing tool) sets its hooks instead and calls the
    /// watchdog's from them: see [`Watchdog::hooks`].
    ///
    /// The blocking pool runs no task polls, so work offloaded with `spawn_blocking` is never a
    /// stall, and neither is a poll inside `block_in_place`, whose thread has handed its worker
    /// role on, though this watchdog cannot tell and will report it.
    pub fn instrument<'b>(
        &self,
        builder: &'b mut tokio::runtime::Builder,
    ) -> &'b mut tokio::runtime::Builder {
        let hooks = self.hooks();
        let (before, after, spawn, terminate) =
            (hooks.clone(), hooks.clone(), hooks.clone(), hooks);
        builder
            .on_before_task_poll(move |meta| before.on_before_task_poll(meta))
            .on_after_task_poll(move |meta| after.on_after_task_poll(meta))
            .on_task_spawn(move |meta| spawn.on_task_spawn(meta))
            .on_task_terminate(move |meta| terminate.on_task_terminate(meta))
    }

    /// The watchdog's four task hooks, for an application that sets tokio's hooks itself and
    /// calls these from its own: each of the application's `on_task_spawn`,
    /// `on_before_task_poll`, `on_after_task_poll` and `on_task_terminate` closures calls the
    /// method of the same name with the `TaskMeta` it was given, as [`Watchdog::instrument`]
    /// does. Call all four, or a stall in a task a handler spawned is named by its spawn
    /// location instead of its route; call them from the closures of one runtime only.
    pub fn hooks(&self) -> TaskHooks {
        TaskHooks {
            watchdog: self.clone(),
            id: self.inner.id,
        }
    }
}

/// The watchdog's task hooks as methods ([`Watchdog::hooks`]). Cheap to clone, one clone per
/// closure.
#[derive(Clone, Debug)]
pub struct TaskHooks {
    watchdog: Watchdog,
    /// The watchdog's id, copied: a poll reads nothing of the watchdog itself, whose reference
    /// count shares a cache line with it and is written by every request's service clone.
    id: u64,
}

impl TaskHooks {
    /// From `on_before_task_poll`: the runtime is about to poll this task on this thread.
    pub fn on_before_task_poll(&self, meta: &TaskMeta<'_>) {
        let task = Task {
            id: meta.id(),
            spawned_at: meta.spawned_at(),
        };
        slot::with_slot(self.id, Some(&self.watchdog.inner), |slot| {
            slot.begin_task(task);
        });
    }

    /// From `on_after_task_poll`: the poll is over; a stall if it ran past the threshold.
    pub fn on_after_task_poll(&self, _meta: &TaskMeta<'_>) {
        let inner = &self.watchdog.inner;
        slot::with_slot(self.id, Some(inner), |slot| {
            if let Some(ended) = slot.end_task() {
                inner.finish(slot, ended);
            }
        });
    }

    /// From `on_task_spawn`: a task spawned while a request was polled inherits its route.
    pub fn on_task_spawn(&self, meta: &TaskMeta<'_>) {
        let inner = &self.watchdog.inner;
        let Some((route, parent)) =
            slot::with_existing_slot(self.id, |slot| slot.parent()).flatten()
        else {
            return;
        };
        let route = route.or_else(|| parent.and_then(|parent| inner.inherited.get(parent)));
        if let Some(route) = route {
            inner.inherited.insert(meta.id(), route);
        }
    }

    /// From `on_task_terminate`: the task's inherited route is forgotten.
    pub fn on_task_terminate(&self, meta: &TaskMeta<'_>) {
        let inner = &self.watchdog.inner;
        // A task ends inside its last poll, before the after-poll hook: the poll keeps the
        // route, so that a stall in it is still named by it.
        if let Some(route) = inner.inherited.remove(meta.id()) {
            slot::with_existing_slot(self.id, |slot| slot.adopt(meta.id(), route));
        }
    }
}

/// The routes of live tasks spawned while a request was being handled.
#[derive(Default)]
pub(crate) struct Inherited {
    routes: Mutex<HashMap<Id, RouteId>>,
    /// `routes.len()`, read without the lock: most tasks that end never inherited anything.
    len: AtomicUsize,
}

impl Inherited {
    /// More live tasks than this spawned from handlers is a leak elsewhere; past it, new ones
    /// are named by their spawn location only.
    const MAX: usize = 65_536;

    fn insert(&self, task: Id, route: RouteId) {
        let mut routes = lock(&self.routes);
        if routes.len() < Self::MAX {
            routes.insert(task, route);
            self.len.store(routes.len(), Ordering::Relaxed);
        }
    }

    pub(crate) fn get(&self, task: Id) -> Option<RouteId> {
        if self.len.load(Ordering::Relaxed) == 0 {
            return None;
        }
        lock(&self.routes).get(&task).copied()
    }

    fn remove(&self, task: Id) -> Option<RouteId> {
        if self.len.load(Ordering::Relaxed) == 0 {
            return None;
        }
        let mut routes = lock(&self.routes);
        let route = routes.remove(&task)?;
        self.len.store(routes.len(), Ordering::Relaxed);
        Some(route)
    }
}
