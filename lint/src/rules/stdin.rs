use super::hit::Hit;
use super::rule::{Call, catalog_hit, declare_rule};
use crate::knowledge::blocking::Family;

declare_rule! {
    /// ## What it does
    /// Finds reads from `std::io::stdin()` (and its lock) in async code.
    ///
    /// ## Why is this bad?
    /// A read from standard input waits for the user, or for whatever feeds the pipe, for as
    /// long as that takes.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn prompt() -> String {
    ///     let mut line = String::new();
    ///     std::io::stdin().read_line(&mut line).unwrap();
    ///     line
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn prompt() -> String {
    ///     let mut line = String::new();
    ///     tokio::io::BufReader::new(tokio::io::stdin()).read_line(&mut line).await.unwrap();
    ///     line
    /// }
    /// ```
    ///
    /// ## Known problems
    /// None known.
    pub static STDIN = {
        name: "stdin",
        level: Warn,
        summary: "reads from std::io::stdin in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    catalog_hit(call, Family::Stdin)
}
