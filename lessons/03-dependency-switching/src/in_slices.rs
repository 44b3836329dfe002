//! The natively async implementation: the same sum, computed on the workers a slice at a time,
//! with a yield to the runtime after every slice. It never blocks and needs no other thread; it
//! simply never holds a worker for longer than one slice.
//!
//! Lessons 02 and 04 add up the same kind of sum, each with its own code, on purpose: each lesson
//! can be read alone. Here the arithmetic is in `i64`, SQLite's integer, so that both
//! implementations overflow at the same `x`.

use crate::{CalcFuture, Calculator, overflow};

/// Terms added between two yields: a few tens of microseconds of work, inside the usual advice
/// of 10 to 100 microseconds between `.await`s.
pub const SLICE: u64 = 10_000;

// ANCHOR: in_slices
/// The sum of squares in slices of [`SLICE`] terms, yielding between slices.
pub struct InSlices;

impl Calculator for InSlices {
    fn sum_of_squares(&self, x: u64) -> CalcFuture {
        Box::pin(async move {
            blocking_pool::named("async (in slices)", async move {
                let (mut total, mut next) = (0_i64, 1_u64);
                while next <= x {
                    let last = x.min(next + SLICE - 1);
                    total = add_squares(total, next, last).ok_or_else(|| overflow(x))?;
                    next = last + 1;
                    tokio::task::yield_now().await;
                }
                Ok(total)
            })
            .await?
        })
    }
}
// ANCHOR_END: in_slices

/// `total` plus the squares from `first` to `last`, or `None` past `i64::MAX`.
fn add_squares(total: i64, first: u64, last: u64) -> Option<i64> {
    (first..=last).try_fold(total, |total, i| {
        let i = i64::try_from(i).ok()?;
        total.checked_add(i.checked_mul(i)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_add_up_with_checked_arithmetic() {
        assert_eq!(add_squares(0, 1, 7), Some(140));
        assert_eq!(add_squares(140, 8, 7), Some(140));
        assert_eq!(add_squares(i64::MAX, 1, 1), None);
    }

    #[tokio::test]
    async fn slices_add_up_to_the_closed_form_and_overflow_where_sqlite_does() {
        let x = 3 * SLICE + 17;
        let expected = x * (x + 1) * (2 * x + 1) / 6;
        assert_eq!(InSlices.sum_of_squares(x).await, Ok(expected as i64));
        assert_eq!(InSlices.sum_of_squares(0).await, Ok(0));
        assert!(InSlices.sum_of_squares(3_024_616).await.is_ok());
        let error = InSlices.sum_of_squares(3_024_617).await.unwrap_err();
        assert_eq!(error.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    }
}
