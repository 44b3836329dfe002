//! The sync implementation: SQLite, through rusqlite, a driver whose every call blocks the thread
//! that makes it until the database is done.
//!
//! SQLite adds the squares up itself, with a recursive query, so each request is real work inside
//! a real database engine, its cost growing with `x`. The query reads no table, so each
//! connection opens a private in-memory database: a file would only add disk writes to the
//! picture, and the lesson is about where the call runs, not about storage.
//!
//! Two adapters put it behind the async face. [`Offloaded`] is the right one: it runs the call on
//! the blocking pool, bounded in front. [`Inline`] is the bug, on purpose: it runs the same call
//! inside the future it hands back, which compiles, type-checks as a [`Calculator`], and holds a
//! worker for the whole query.

use std::sync::{Arc, Mutex, PoisonError};

use blocking_pool::BlockingPool;
use blocking_pool::Cancel;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::error::ApiError;
use crate::{CalcFuture, Calculator, overflow};

/// The recursive query: row `i` carries the sum of the squares up to `i`. SQLite's integers are
/// 64-bit and signed; an integer sum that overflows becomes a REAL, which is how overflow shows.
const SUM_OF_SQUARES: &str = "
    WITH RECURSIVE terms(i, total) AS (
        SELECT 0, 0
        UNION ALL
        SELECT i + 1, total + (i + 1) * (i + 1) FROM terms WHERE i < ?1
    )
    SELECT total FROM terms WHERE i = ?1";

/// Steps of SQLite's virtual machine between two looks at the cancel flag: well under a
/// millisecond of work.
pub const CANCEL_CHECK_OPS: std::ffi::c_int = 10_000;

/// SQLite connections for whichever thread needs one. A connection serves one thread at a time,
/// so each call takes one from the idle list and puts it back after.
pub struct Sqlite {
    /// Connections not in use. A `std::sync::Mutex` is right here: it is held only to push or
    /// pop, never across an `.await`, and only ever by a thread that may block anyway.
    idle: Mutex<Vec<Connection>>,
    /// How many idle connections to keep; more are opened under load and closed after.
    keep: usize,
}

impl Sqlite {
    /// Opens `keep` in-memory connections up front, so the first requests do not pay for it.
    pub fn open(keep: usize) -> rusqlite::Result<Self> {
        let idle = (0..keep)
            .map(|_| Connection::open_in_memory())
            .collect::<rusqlite::Result<_>>()?;
        Ok(Self {
            idle: Mutex::new(idle),
            keep,
        })
    }

    // ANCHOR: blocking_call
    /// The blocking call: the sum of the squares up to `x`, computed by SQLite. The calling
    /// thread waits until SQLite is done, or until `cancel` is raised: SQLite calls back every
    /// [`CANCEL_CHECK_OPS`] steps of its virtual machine, and a raised flag interrupts the query.
    pub fn sum_of_squares(&self, x: u64, cancel: &Cancel) -> Result<i64, ApiError> {
        let bound = i64::try_from(x).map_err(|_| overflow(x))?;
        let connection = self.checkout().map_err(ApiError::internal)?;
        let flag = cancel.clone();
        connection.progress_handler(CANCEL_CHECK_OPS, Some(move || flag.is_cancelled()));
        let total = connection
            .prepare_cached(SUM_OF_SQUARES)
            .and_then(|mut query| query.query_row([bound], |row| row.get::<_, Value>(0)));
        // The connection goes back to the idle list: it must not keep this request's flag.
        connection.progress_handler(0, None::<fn() -> bool>);
        self.give_back(connection);
        cancel.check()?;
        match total.map_err(ApiError::internal)? {
            Value::Integer(total) => Ok(total),
            Value::Real(_) => Err(overflow(x)),
            other => Err(ApiError::internal(format!("unexpected value {other:?}"))),
        }
    }
    // ANCHOR_END: blocking_call

    /// No connection up front and none kept: each call opens its own and closes it after. For a
    /// caller whose calls are few and long, next to which opening an in-memory database is
    /// nothing: the bug's own route, `GET /block`.
    pub fn on_demand() -> Self {
        Self {
            idle: Mutex::new(Vec::new()),
            keep: 0,
        }
    }

    fn checkout(&self) -> rusqlite::Result<Connection> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        idle.map_or_else(Connection::open_in_memory, Ok)
    }

    fn give_back(&self, connection: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.keep {
            idle.push(connection);
        }
    }
}

// ANCHOR: offloaded
/// The adapter that makes a blocking call a good future: the call runs on a blocking pool,
/// the future only waits for it, and the worker polling that future is free in the meantime.
/// Past the pool's bound the future resolves at once to a 503.
pub struct Offloaded {
    pub db: Arc<Sqlite>,
    pub pool: BlockingPool,
}

impl Calculator for Offloaded {
    fn sum_of_squares(&self, x: u64) -> CalcFuture {
        let (db, pool) = (self.db.clone(), self.pool.clone());
        Box::pin(async move {
            // The pool hands the job a cancel flag, raised if the client hangs up or the deadline
            // passes; SQLite looks at it while it works.
            pool.run("sqlite (offloaded)", move |cancel| {
                db.sum_of_squares(x, cancel)
            })
            .await?
        })
    }
}
// ANCHOR_END: offloaded

// ANCHOR: inline
/// THE BUG, ON PURPOSE: the same blocking call inside the future. It satisfies [`Calculator`]:
/// it hands back a future, the handler awaits it, everything compiles. But the query runs when
/// the future is polled, on a worker, and there is no `.await` inside it to give the worker
/// back. An async signature says nothing about what the body does.
pub struct Inline {
    pub db: Arc<Sqlite>,
}

impl Calculator for Inline {
    fn sum_of_squares(&self, x: u64) -> CalcFuture {
        let db = self.db.clone();
        // A task with a name, only so that tokio-console can point at it; it blocks its worker
        // exactly as the call would inline.
        Box::pin(async move {
            // Nobody can cancel it: the worker it would take to notice is the one it holds.
            let never = Cancel::default();
            blocking_pool::named(
                "sqlite (inline)",
                async move { db.sum_of_squares(x, &never) },
            )
            .await?
        })
    }
}
// ANCHOR_END: inline

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_adds_up_the_squares() {
        let db = Sqlite::open(1).unwrap();
        let never = Cancel::default();
        assert_eq!(db.sum_of_squares(0, &never), Ok(0));
        assert_eq!(db.sum_of_squares(7, &never), Ok(140));
        let x = 10_000;
        assert_eq!(
            db.sum_of_squares(x, &never),
            Ok((x * (x + 1) * (2 * x + 1) / 6) as i64)
        );
    }

    #[test]
    fn an_overflowing_sum_is_422_not_a_float() {
        let db = Sqlite::open(1).unwrap();
        let never = Cancel::default();
        // The sum of the squares up to x first exceeds i64::MAX at x = 3_024_617.
        let below = db.sum_of_squares(3_024_616, &never);
        assert_eq!(below, Ok(9_223_371_388_520_336_796));
        let error = db.sum_of_squares(3_024_617, &never).unwrap_err();
        assert_eq!(error.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn a_raised_flag_interrupts_the_query_and_the_connection_forgets_it() {
        let db = Sqlite::open(1).unwrap();
        let cancel = Cancel::default();
        cancel.cancel();
        // Millions of rows asked for; the first callback sees the flag and stops SQLite.
        let error = db.sum_of_squares(crate::MAX_X, &cancel).unwrap_err();
        assert_eq!(error.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        // The same connection, back in the idle list, runs the next query to its end.
        assert_eq!(db.sum_of_squares(7, &Cancel::default()), Ok(140));
    }

    #[test]
    fn connections_beyond_keep_are_opened_and_closed() {
        let db = Sqlite::open(1).unwrap();
        let (a, b) = (db.checkout().unwrap(), db.checkout().unwrap());
        db.give_back(a);
        db.give_back(b);
        assert_eq!(db.idle.lock().unwrap().len(), 1);
    }
}
