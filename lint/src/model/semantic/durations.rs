//! Durations written as literals, read from the source: enough to tell a timed wait that only
//! polls (`rx.recv_timeout(Duration::ZERO)`) from one that waits.

use syn::{Expr, Lit};

/// Waits shorter than this are polls: the call returns at once, or after less time than a
/// single poll of a future may take anyway.
const POLL_NANOS: u128 = 1_000_000;

/// Whether `expr` is a `Duration` the source spells as zero or under a millisecond:
/// `Duration::ZERO`, `Duration::from_millis(0)`, `from_micros(500)`, `from_nanos(..)`,
/// `from_secs(0)`, `from_secs_f32(0.0005)`, `Duration::new(0, 1_000)`, through any path that ends
/// in `Duration` (`std::time::Duration`, an import). A variable or a computed value is not.
pub fn is_a_poll(expr: &Expr) -> bool {
    nanos(expr).is_some_and(|n| n < POLL_NANOS)
}

/// The length of a literal `Duration` in nanoseconds.
fn nanos(expr: &Expr) -> Option<u128> {
    match expr {
        Expr::Paren(p) => nanos(&p.expr),
        Expr::Group(g) => nanos(&g.expr),
        Expr::Reference(r) => nanos(&r.expr),
        Expr::Path(p) => {
            let mut segments = p.path.segments.iter().rev();
            let constant = &segments.next()?.ident;
            let ty = &segments.next()?.ident;
            (ty == "Duration" && constant == "ZERO").then_some(0)
        }
        Expr::Call(call) => {
            let Expr::Path(f) = &*call.func else {
                return None;
            };
            let mut segments = f.path.segments.iter().rev();
            let constructor = &segments.next()?.ident;
            // Checked before the constructor's name is spelled out: most calls are not this.
            if segments.next()?.ident != "Duration" {
                return None;
            }
            let constructor = constructor.to_string();
            let args: Vec<&Expr> = call.args.iter().collect();
            let per_unit: u128 = match (constructor.as_str(), args.as_slice()) {
                ("new", [secs, sub]) => {
                    return Some(integer(secs)? * 1_000_000_000 + integer(sub)?);
                }
                ("from_secs_f32" | "from_secs_f64", [secs]) => {
                    let secs = float(secs)?;
                    return (secs >= 0.0).then_some((secs * 1e9) as u128);
                }
                ("from_secs", [_]) => 1_000_000_000,
                ("from_millis", [_]) => 1_000_000,
                ("from_micros", [_]) => 1_000,
                ("from_nanos", [_]) => 1,
                _ => return None,
            };
            integer(args[0])?.checked_mul(per_unit)
        }
        _ => None,
    }
}

fn integer(expr: &Expr) -> Option<u128> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse().ok(),
            _ => None,
        },
        Expr::Paren(p) => integer(&p.expr),
        _ => None,
    }
}

fn float(expr: &Expr) -> Option<f64> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Float(f) => f.base10_parse().ok(),
            Lit::Int(i) => i.base10_parse::<u64>().ok().map(|i| i as f64),
            _ => None,
        },
        Expr::Paren(p) => float(&p.expr),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(text: &str) -> bool {
        is_a_poll(&syn::parse_str(text).unwrap())
    }

    #[test]
    fn zero_and_sub_millisecond_literals_are_polls() {
        for text in [
            "Duration::ZERO",
            "std::time::Duration::ZERO",
            "Duration::from_millis(0)",
            "Duration::from_secs(0)",
            "Duration::from_micros(999)",
            "Duration::from_nanos(250_000)",
            "Duration::from_secs_f64(0.0005)",
            "Duration::new(0, 10)",
            "&Duration::ZERO",
        ] {
            assert!(poll(text), "{text}");
        }
    }

    #[test]
    fn waits_and_unknown_values_are_not() {
        for text in [
            "Duration::from_millis(1)",
            "Duration::from_micros(1000)",
            "Duration::from_secs(5)",
            "Duration::new(1, 0)",
            "Duration::from_secs_f64(0.5)",
            "timeout",
            "Duration::from_millis(ms)",
            "Instant::now()",
            "Other::ZERO",
        ] {
            assert!(!poll(text), "{text}");
        }
    }
}
