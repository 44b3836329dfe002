use super::hit::Hit;
use super::rule::{Call, declare_rule, method_hit};

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
    let (ty, m) = call.method_on(
        &["std::io::Stdin", "std::io::StdinLock"],
        &[
            "read_line",
            "lines",
            "read_to_string",
            "read_to_end",
            "read",
            "read_exact",
            "fill_buf",
            "read_until",
            "bytes",
        ],
    )?;
    Some(method_hit(
        ty,
        m,
        "use `tokio::io::stdin()` with `tokio::io::AsyncBufReadExt`",
    ))
}
