use super::hit::Hit;
use super::rule::{Call, catalog_hit, declare_rule};
use crate::knowledge::blocking::Family;

declare_rule! {
    /// ## What it does
    /// Finds blocking network calls: `std::net` sockets (connect, accept, read, write, recv, send),
    /// DNS resolution through `to_socket_addrs`, `lettre`'s synchronous SMTP transport,
    /// `ssh2`'s session calls that wait on the server (handshake, authentication, channels),
    /// synchronous TLS handshakes (`native_tls`, `openssl`), `rdkafka` calls that wait for the
    /// brokers (`flush`, `poll`, metadata), `git2`'s fetch and push, and `ldap3`'s sync
    /// `LdapConn`.
    ///
    /// ## Why is this bad?
    /// A `std::net` socket waits in the kernel until the peer answers. A slow peer, or a DNS
    /// server that takes seconds, holds the worker thread for that long.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn ping(addr: &str) -> std::io::Result<()> {
    ///     let mut stream = std::net::TcpStream::connect(addr)?;
    ///     stream.write_all(b"ping")
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn ping(addr: &str) -> std::io::Result<()> {
    ///     let mut stream = tokio::net::TcpStream::connect(addr).await?;
    ///     stream.write_all(b"ping").await
    /// }
    /// ```
    /// and `tokio::net::lookup_host` for DNS.
    ///
    /// ## Known problems
    /// `bind` is not reported: it does not wait for anything.
    pub static NET = {
        name: "net",
        level: Warn,
        summary: "std::net sockets and blocking DNS in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(hit) = catalog_hit(call, Family::Net) {
        return Some(hit);
    }
    // The method of `ToSocketAddrs`, which strings, tuples and socket addresses all have: its
    // receiver's type does not matter.
    let m = call.method_named(&["to_socket_addrs"])?;
    Some(Hit {
        callee: format!("ToSocketAddrs::{m}"),
        help: "use `tokio::net::lookup_host(..).await`: DNS resolution waits on the network".into(),
        suggestion: None,
    })
}
