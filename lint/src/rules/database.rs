use super::hit::Hit;
use super::rule::{Call, declare_rule, method_hit, path_hit};

declare_rule! {
    /// ## What it does
    /// Finds synchronous database clients at work: `rusqlite` connections and statements, the
    /// `postgres` and `mysql` sync clients, `r2d2::Pool::get`, `diesel`'s `RunQueryDsl` methods
    /// when not awaited, and `redis` sync connections and commands.
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

const HELP: &str = "use an async driver, or run the query inside `tokio::task::spawn_blocking`";

const CONNECTIONS: &[&str] = &[
    "rusqlite::Connection",
    "rusqlite::Transaction",
    "rusqlite::Statement",
    "rusqlite::CachedStatement",
    "rusqlite::Rows",
    "postgres::Client",
    "postgres::Transaction",
    "mysql::Conn",
    "mysql::PooledConn",
    "mysql::Transaction",
    "redis::Connection",
    "sqlite::Connection",
];

/// Methods on those types that do no I/O.
const HARMLESS: &[&str] = &[
    "clone",
    "is_autocommit",
    "last_insert_rowid",
    "changes",
    "total_changes",
    "is_closed",
    "path",
    "column_count",
    "column_names",
    "column_name",
    "parameter_count",
    "is_busy",
    "as_ref",
    "borrow",
    "deref",
    "into",
    "to_owned",
];

const DIESEL_METHODS: &[&str] = &[
    "load",
    "load_iter",
    "get_result",
    "get_results",
    "first",
    "execute",
];

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(path) = call.path_in(&[
        "rusqlite::Connection::open",
        "rusqlite::Connection::open_with_flags",
        "postgres::Client::connect",
        "mysql::Pool::new",
        "mysql::Conn::new",
        "sqlite::open",
        "r2d2::Pool::new",
    ]) {
        return Some(path_hit(path, HELP));
    }
    if let Some((ty, m)) = call.method_on(&["r2d2::Pool"], &["get", "get_timeout"]) {
        return Some(method_hit(
            ty,
            m,
            "use an async pool (`deadpool`, `bb8`) or take the connection inside `tokio::task::spawn_blocking`",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["mysql::Pool"], &["get_conn"]) {
        return Some(method_hit(ty, m, HELP));
    }
    if let Some((ty, m)) = call.method_on(&["redis::Client"], &["get_connection"]) {
        return Some(method_hit(
            ty,
            m,
            "use `get_multiplexed_async_connection().await`",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["redis::Cmd", "redis::Pipeline"], &["query", "execute"])
    {
        return Some(method_hit(ty, m, "use `query_async(..).await`"));
    }
    if let Some((ty, m)) = call.method_on(CONNECTIONS, &[])
        && !HARMLESS.contains(&m)
    {
        return Some(method_hit(ty, m, HELP));
    }
    // Any connection type from a diesel backend: queries run through `RunQueryDsl`.
    if let Some((ty, m)) = diesel_connection_method(call) {
        return Some(method_hit(
            ty,
            m,
            "use `diesel-async`, or run the query inside `tokio::task::spawn_blocking`",
        ));
    }
    if let Some(m) = call.method_named(DIESEL_METHODS) {
        let diesel = (call.traits_in_scope)("diesel::RunQueryDsl")
            || (call.traits_in_scope)("diesel::query_dsl::RunQueryDsl");
        let receiver_unknown = matches!(call.target, super::Target::Method { receiver: None, .. });
        if diesel && receiver_unknown && call.args.count >= 1 {
            return Some(Hit {
                callee: format!("RunQueryDsl::{m}"),
                help: "use `diesel-async`, or run the query inside `tokio::task::spawn_blocking`"
                    .into(),
                suggestion: None,
            });
        }
    }
    None
}

fn diesel_connection_method<'a>(call: &Call<'a>) -> Option<(&'a str, &'a str)> {
    call.method_on(
        &[
            "diesel::PgConnection",
            "diesel::SqliteConnection",
            "diesel::MysqlConnection",
        ],
        &["transaction", "execute", "batch_execute", "establish"],
    )
}
