use super::hit::Hit;
use super::rule::{Call, Target, catalog_hit, declare_rule};
use crate::knowledge::blocking::{DIESEL_HELP, DIESEL_QUERY_METHODS, DIESEL_QUERY_TRAITS, Family};

declare_rule! {
    /// ## What it does
    /// Finds synchronous database clients at work: `rusqlite` connections and statements, the
    /// `postgres` and `mysql` sync clients, `r2d2::Pool::get`, `diesel`'s `RunQueryDsl` methods
    /// when not awaited, `redis` sync connections and commands, `duckdb`, and embedded stores
    /// with no async API (`rocksdb`, `redb`, `heed`): opening, reads, writes, commits.
    ///
    /// ## Why is this bad?
    /// A query waits for the database (a network round trip, or a disk for SQLite) on the worker
    /// thread; `r2d2::Pool::get` waits, up to its timeout, for a free connection. Under load these
    /// waits add up and every task on the worker waits with them.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn count(State(pool): State<r2d2::Pool<SqliteConnectionManager>>) -> i64 {
    ///     let conn = pool.get().unwrap();
    ///     conn.query_row("select count(*) from users", [], |r| r.get(0)).unwrap()
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn count(State(pool): State<r2d2::Pool<SqliteConnectionManager>>) -> i64 {
    ///     tokio::task::spawn_blocking(move || {
    ///         let conn = pool.get().unwrap();
    ///         conn.query_row("select count(*) from users", [], |r| r.get(0)).unwrap()
    ///     })
    ///     .await
    ///     .unwrap()
    /// }
    /// ```
    /// or an async driver (`sqlx`, `tokio-postgres`, `diesel-async`, `deadpool`/`bb8` pools).
    ///
    /// ## Known problems
    /// `diesel` methods are recognised by name when `diesel`'s `RunQueryDsl` is in scope; calls
    /// that are awaited (`diesel-async`) are never reported.
    pub static DATABASE = {
        name: "database",
        level: Warn,
        summary: "synchronous database clients and pools (rusqlite, postgres, diesel, r2d2, ...) in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(hit) = catalog_hit(call, Family::Database) {
        return Some(hit);
    }
    // diesel's query methods on a receiver whose type the source does not tell: blocking only
    // when diesel's `RunQueryDsl` is the trait in scope (diesel-async has the same names).
    let m = call.method_named(DIESEL_QUERY_METHODS)?;
    let diesel = call.from_trait(DIESEL_QUERY_TRAITS);
    // A typed receiver without a resolved trait is some other type's method of the same name.
    let receiver_unknown = matches!(call.target, Target::Method { receiver: None, .. });
    (diesel && (receiver_unknown || call.method_trait.is_some()) && call.args.count >= 1).then(
        || Hit {
            callee: format!("RunQueryDsl::{m}"),
            help: DIESEL_HELP.into(),
            suggestion: None,
        },
    )
}
