//! The one core both methods call: the sum of powers 1^p + 2^p + ... + x^p.
//!
//! It knows nothing of HTTP or of tokio. It is a small state machine that can be advanced a given
//! number of steps, and that is what lets one piece of logic run two ways: the sync implementation
//! drives it to the end in one call (on the blocking pool), the async one drives it a slice at a
//! time and yields to the runtime between slices. Both get the same checks and the same answer
//! because there is only one place they could come from.
//!
//! The sum is added up term by term on purpose, although closed forms exist: the loop stands for
//! any work whose cost grows with the input (a hash, a parse, a scan). Lessons 02 and 03 add up
//! the same kind of sum, each with a core of its own, on purpose: each lesson can be read alone.

use std::ops::RangeInclusive;

// ANCHOR: limits
/// The largest `x` accepted. It bounds the work one request can ask for (tens of milliseconds).
pub const MAX_X: u64 = 10_000_000;
/// The powers accepted.
pub const POWERS: RangeInclusive<u32> = 1..=3;
/// The power used when a request names none.
pub const DEFAULT_POWER: u32 = 2;
// ANCHOR_END: limits

/// Why a sum cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CalcError {
    #[error("x must be at most {MAX_X}, got {0}")]
    XTooLarge(u64),
    #[error("power must be between {lo} and {hi}, got {0}", lo = POWERS.start(), hi = POWERS.end())]
    PowerOutOfRange(u32),
    #[error("the sum of i^{power} for i from 1 to {x} does not fit in 64 bits")]
    Overflow { x: u64, power: u32 },
}

/// A request whose values are in range: the only way to start a [`Sum`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input {
    x: u64,
    power: u32,
}

impl Input {
    pub fn new(x: u64, power: u32) -> Result<Self, CalcError> {
        if x > MAX_X {
            return Err(CalcError::XTooLarge(x));
        }
        if !POWERS.contains(&power) {
            return Err(CalcError::PowerOutOfRange(power));
        }
        Ok(Self { x, power })
    }

    pub fn x(&self) -> u64 {
        self.x
    }

    pub fn power(&self) -> u32 {
        self.power
    }
}

// ANCHOR: sum
/// A sum under way: the terms added so far and the next one to add.
#[derive(Debug, Clone)]
pub struct Sum {
    input: Input,
    next: u64,
    total: u64,
}

impl Sum {
    pub fn new(input: Input) -> Self {
        Self {
            input,
            next: 1,
            total: 0,
        }
    }

    /// Adds at most `steps` more terms. Returns the result once the sum is complete (or has
    /// overflowed), `None` while terms remain.
    pub fn advance(&mut self, steps: u64) -> Option<Result<u64, CalcError>> {
        let Input { x, power } = self.input;
        for _ in 0..steps {
            if self.next > x {
                break;
            }
            // Checked arithmetic: an answer that does not fit is an error, never a wrapped number.
            let Some(total) = self
                .next
                .checked_pow(power)
                .and_then(|term| self.total.checked_add(term))
            else {
                return Some(Err(CalcError::Overflow { x, power }));
            };
            self.total = total;
            self.next += 1;
        }
        (self.next > x).then_some(Ok(self.total))
    }
}

/// The whole sum in one call, for a caller that may block.
pub fn compute(input: Input) -> Result<u64, CalcError> {
    let mut sum = Sum::new(input);
    loop {
        if let Some(result) = sum.advance(u64::MAX) {
            return result;
        }
    }
}
// ANCHOR_END: sum

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(x: u64, power: u32) -> Result<u64, CalcError> {
        compute(Input::new(x, power)?)
    }

    #[test]
    fn known_sums() {
        assert_eq!(sum(0, 2), Ok(0));
        assert_eq!(sum(10, 1), Ok(55));
        assert_eq!(sum(7, 2), Ok(140));
        assert_eq!(sum(4, 3), Ok(100));
        // Closed form of the sum of squares, as a check on the loop.
        let x = 1_000_000;
        assert_eq!(sum(x, 2), Ok(x * (x + 1) * (2 * x + 1) / 6));
    }

    #[test]
    fn out_of_range_inputs_are_refused_before_any_work() {
        assert_eq!(
            Input::new(MAX_X + 1, 1),
            Err(CalcError::XTooLarge(MAX_X + 1))
        );
        assert_eq!(Input::new(5, 0), Err(CalcError::PowerOutOfRange(0)));
        assert_eq!(Input::new(5, 4), Err(CalcError::PowerOutOfRange(4)));
        assert!(Input::new(MAX_X, 1).is_ok());
    }

    #[test]
    fn overflow_is_an_error_at_the_exact_boundary() {
        // The sum of cubes up to x is (x(x+1)/2)^2; it first exceeds u64::MAX at x = 92_682.
        assert_eq!(sum(92_681, 3), Ok((92_681u64 * 92_682 / 2).pow(2)));
        assert_eq!(
            sum(92_682, 3),
            Err(CalcError::Overflow {
                x: 92_682,
                power: 3
            })
        );
        // Squares overflow long before MAX_X; plain integers never do.
        assert!(matches!(sum(MAX_X, 2), Err(CalcError::Overflow { .. })));
        assert_eq!(sum(MAX_X, 1), Ok(MAX_X * (MAX_X + 1) / 2));
    }

    #[test]
    fn slices_reach_the_same_answer_as_one_call() {
        let input = Input::new(12_345, 2).unwrap();
        let mut sum = Sum::new(input);
        let mut slices = 0;
        let sliced = loop {
            slices += 1;
            if let Some(result) = sum.advance(1_000) {
                break result;
            }
        };
        assert_eq!(sliced, compute(input));
        assert_eq!(slices, 13);
    }
}
