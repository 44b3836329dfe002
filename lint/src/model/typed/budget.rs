//! A bound on the work rust-analyzer may spend typing one function.
//!
//! A few bodies cost most of a typed run: on kanidm, five `async fn main`-like functions of
//! hundreds of lines full of `tracing` and `select!` macros took 283 of its 575 seconds of
//! asking, one of them 137 s, nearly all of it in the trait solver. rust-analyzer infers a
//! body with salsa's cancellation turned off, so no cancellation token or deadline can stop
//! one. What it does do on the way is open a `tracing` span for each root goal the trait
//! solver evaluates (`evaluate_root_goal`): a [`Counter`] installed as the asking thread's
//! dispatcher counts them, and when a function has used its budget it unwinds out of the
//! solver with [`GaveUp`]. [`within`] catches that and the function's calls keep the syntax
//! model's reading, as a `--fast` run would read them. A count, not a clock, so a busy machine
//! gives up on the same functions as an idle one, and the findings do not depend on the
//! machine.
//!
//! Unwinding out of a query is what salsa's own cancellation does: the query leaves no result
//! and is computed again if asked again; a thread that was waiting for it unwinds too, and
//! asks again (`load::Typer::type_function`). On kanidm, one thread and two gave up on the
//! same 33 functions and found the same 286 call sites (`--no-deps`).

use std::cell::Cell;
use std::sync::LazyLock;

use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Dispatch, Event, Metadata, Subscriber};

/// Root goals one function may have the trait solver evaluate: about 4 s of a core here. On
/// kanidm (34,586 method calls in 406 files), with `BLOCKING_LINT_ROOT_GOALS` at 200,000 the
/// run gave up on 220 functions and lost 34 of its 324 findings; at 2,000,000, on 33 functions
/// (6 findings lost, none gained), and its CPU went from 702 s to 407 s. The function of 137 s
/// needs tens of millions.
const ROOT_GOALS: u64 = 2_000_000;

/// The budget of each function: [`ROOT_GOALS`], or `BLOCKING_LINT_ROOT_GOALS` (to measure
/// where the bound falls, and for the tests, which give up on everything with 0).
pub fn root_goals() -> u64 {
    static BUDGET: LazyLock<u64> = LazyLock::new(|| {
        std::env::var("BLOCKING_LINT_ROOT_GOALS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(ROOT_GOALS)
    });
    *BUDGET
}

/// The span the trait solver opens for each root goal (`rustc_next_trait_solver`'s
/// `SolverDelegateEvalExt::evaluate_root_goal`).
const ROOT_GOAL_SPAN: &str = "evaluate_root_goal";

/// The payload [`within`] unwinds with when a function is over budget.
struct GaveUp;

thread_local! {
    /// The root goals left to the function being typed on this thread; `None` outside
    /// [`within`].
    static LEFT: Cell<Option<u64>> = const { Cell::new(None) };
    /// Root goals counted on this thread since it started, for the trace.
    static COUNTED: Cell<u64> = const { Cell::new(0) };
}

/// Counts the trait solver's root goals on the thread it is the dispatcher of; every other
/// span and event is off, so rust-analyzer's tracing costs next to nothing.
struct Counter;

/// One dispatcher for every thread: making a new one makes `tracing` recompute every
/// callsite's interest.
static DISPATCH: LazyLock<Dispatch> = LazyLock::new(|| Dispatch::new(Counter));

fn counted(meta: &Metadata<'_>) -> bool {
    meta.is_span() && meta.name() == ROOT_GOAL_SPAN
}

impl Subscriber for Counter {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if counted(meta) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        counted(meta)
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        COUNTED.set(COUNTED.get() + 1);
        if let Some(left) = LEFT.get() {
            if left == 0 {
                // Not `panic!`: the panic hook would print a message for what is no error.
                std::panic::resume_unwind(Box::new(GaveUp));
            }
            LEFT.set(Some(left - 1));
        }
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// How typing one function ended.
pub enum Outcome<T> {
    Done(T),
    /// Over the budget given.
    GaveUp,
    /// rust-analyzer panicked, or a query it waited for on another thread did.
    Failed,
}

/// Runs `f` (rust-analyzer's questions about one function) with at most `budget` root goals
/// of trait solving, counted on this thread.
pub fn within<T>(budget: u64, f: impl FnOnce() -> T) -> Outcome<T> {
    LEFT.set(Some(budget));
    let result = tracing::dispatcher::with_default(&DISPATCH, || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
    });
    LEFT.set(None);
    match result {
        Ok(value) => Outcome::Done(value),
        Err(payload) if payload.is::<GaveUp>() => Outcome::GaveUp,
        Err(_) => Outcome::Failed,
    }
}

/// Root goals counted on this thread so far (for the trace's list of the slowest functions).
pub fn counted_so_far() -> u64 {
    COUNTED.get()
}
