use super::hit::Hit;
use super::rule::{Call, catalog_hit, declare_rule};
use crate::knowledge::blocking::Family;

declare_rule! {
    /// ## What it does
    /// Finds requests made with synchronous HTTP clients: `reqwest::blocking`, `ureq`,
    /// `attohttpc`, `minreq`, `isahc`'s blocking functions and `curl`'s `Easy::perform`.
    ///
    /// ## Why is this bad?
    /// A blocking HTTP request waits for the whole round trip (connect, TLS, the server's
    /// response) on the worker thread. `reqwest::blocking` also starts its own runtime and panics
    /// when called from inside one.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn fetch(url: &str) -> reqwest::Result<String> {
    ///     reqwest::blocking::get(url)?.text()
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn fetch(url: &str) -> reqwest::Result<String> {
    ///     reqwest::get(url).await?.text().await
    /// }
    /// ```
    ///
    /// ## Known problems
    /// Builders are followed through their chain only for the clients listed here.
    pub static HTTP = {
        name: "http",
        level: Warn,
        summary: "synchronous HTTP clients (reqwest::blocking, ureq, ...) in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    catalog_hit(call, Family::Http)
}
