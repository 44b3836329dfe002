//! The runtime hooks (`--cfg tokio_unstable`): every task poll timed, with its spawn location,
//! and the route of a request handed down to the tasks its handler spawns.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    /// Tokio keeps one callback of each kind, so this replaces any the builder had. The blocking
    /// pool runs no task polls, so work offloaded with `spawn_blocking` is never a stall, and
    /// neither is a poll inside `block_in_place`, whose thread has handed its worker role on,
    /// though this watchdog cannot tell and will report it.
    pub fn instrument<'b>(
        &self,
        builder: &'b mut tokio::runtime::Builder,
    ) -> &'b mut tokio::runtime::Builder {
        let (before, after, spawn, terminate) =
            (self.clone(), self.clone(), self.clone(), self.clone());
        // The id, copied: the polls read nothing of the watchdog itself, whose reference count
        // shares a cache line with it and is written by every request's service clone.
        let id = self.inner.id;
        builder
            .on_before_task_poll(move |meta| {
                let task = Task {
                    id: meta.id(),
                    spawned_at: meta.spawned_at(),
                };
                slot::with_slot(id, Some(&before.inner), |slot| slot.begin_task(task));
            })
            .on_after_task_poll(move |_| {
                slot::with_slot(id, Some(&after.inner), |slot| {
                    if let Some(ended) = slot.end_task() {
                        after.inner.finish(slot, ended);
                    }
                });
            })
            .on_task_spawn(move |meta| {
                let inner = &spawn.inner;
                let Some((route, parent)) =
                    slot::with_existing_slot(id, |slot| slot.parent()).flatten()
                else {
                    return;
                };
                let route = route.or_else(|| parent.and_then(|parent| inner.inherited.get(parent)));
                if let Some(route) = route {
                    inner.inherited.insert(meta.id(), route);
                }
            })
            .on_task_terminate(move |meta| {
                let inner = &terminate.inner;
                // A task ends inside its last poll, before the after-poll hook: the poll keeps
                // the route, so that a stall in it is still named by it.
                if let Some(route) = inner.inherited.remove(meta.id()) {
                    slot::with_existing_slot(id, |slot| slot.adopt(meta.id(), route));
                }
            })
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
