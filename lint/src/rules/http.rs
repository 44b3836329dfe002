use super::hit::Hit;
use super::rule::{Call, declare_rule, method_hit, path_hit};

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

const HELP: &str = "use an async client such as `reqwest` (`.send().await`)";

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(path) = call.path_in(&[
        "reqwest::blocking::get",
        "reqwest::blocking::Client::new",
        "isahc::get",
        "isahc::post",
        "isahc::put",
        "isahc::delete",
        "isahc::head",
        "isahc::send",
        "minreq::get",
    ]) {
        return Some(path_hit(path, HELP));
    }
    if let Some((ty, m)) = call.method_on(
        &[
            "reqwest::blocking::RequestBuilder",
            "reqwest::blocking::Client",
        ],
        &["send", "execute"],
    ) {
        return Some(method_hit(ty, m, HELP));
    }
    if let Some((ty, m)) = call.method_on(&["reqwest::blocking::ClientBuilder"], &["build"]) {
        return Some(method_hit(ty, m, HELP));
    }
    if let Some((ty, m)) = call.method_on(
        &["ureq::Request", "ureq::RequestBuilder"],
        &[
            "call",
            "send",
            "send_string",
            "send_json",
            "send_form",
            "send_bytes",
            "send_empty",
        ],
    ) {
        return Some(method_hit(ty, m, HELP));
    }
    if let Some((ty, m)) =
        call.method_on(&["attohttpc::RequestBuilder", "minreq::Request"], &["send"])
    {
        return Some(method_hit(ty, m, HELP));
    }
    if let Some((ty, m)) = call.method_on(&["curl::easy::Easy", "curl::easy::Easy2"], &["perform"])
    {
        return Some(method_hit(ty, m, HELP));
    }
    None
}
