use super::hit::Hit;
use super::rule::{Call, declare_rule, method_hit, path_hit};

declare_rule! {
    /// ## What it does
    /// Finds blocking network calls: `std::net` sockets (connect, accept, read, write, recv, send),
    /// DNS resolution through `to_socket_addrs`, `lettre`'s synchronous SMTP transport, and
    /// `ssh2`'s session calls that wait on the server (handshake, authentication, channels).
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

const STREAM_METHODS: &[&str] = &[
    "read",
    "read_to_end",
    "read_to_string",
    "read_exact",
    "write",
    "write_all",
    "flush",
    "peek",
    "read_vectored",
    "write_vectored",
    "write_fmt",
];

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(path) = call.path_in(&[
        "std::net::TcpStream::connect",
        "std::net::TcpStream::connect_timeout",
        "std::net::ToSocketAddrs::to_socket_addrs",
        "dns_lookup::lookup_host",
        "dns_lookup::lookup_addr",
    ]) {
        return Some(path_hit(
            path,
            "use `tokio::net::TcpStream::connect(..).await` or `tokio::net::lookup_host(..).await`",
        ));
    }
    if let Some(m) = call.method_named(&["to_socket_addrs"]) {
        return Some(Hit {
            callee: format!("ToSocketAddrs::{m}"),
            help: "use `tokio::net::lookup_host(..).await`: DNS resolution waits on the network"
                .into(),
            suggestion: None,
        });
    }
    if let Some((ty, m)) = call.method_on(&["std::net::TcpListener"], &["accept", "incoming"]) {
        return Some(method_hit(
            ty,
            m,
            "use `tokio::net::TcpListener` and `accept().await`",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["std::net::TcpStream"], STREAM_METHODS) {
        return Some(method_hit(
            ty,
            m,
            "use `tokio::net::TcpStream` with `AsyncReadExt`/`AsyncWriteExt`",
        ));
    }
    if let Some((ty, m)) = call.method_on(&["lettre::SmtpTransport"], &["send", "test_connection"])
    {
        return Some(method_hit(
            ty,
            m,
            "use `lettre::AsyncSmtpTransport` and `.send(..).await`",
        ));
    }
    // libssh2 through FFI, which dependency summaries never follow: these wait on the server.
    if let Some((ty, m)) = call.method_on(
        &["ssh2::Session"],
        &[
            "handshake",
            "userauth_password",
            "userauth_pubkey_file",
            "userauth_pubkey_memory",
            "userauth_agent",
            "channel_session",
            "channel_direct_tcpip",
            "sftp",
            "scp_recv",
            "scp_send",
        ],
    ) {
        return Some(method_hit(
            ty,
            m,
            "run the SSH session inside `tokio::task::spawn_blocking`, or use an async client (`russh`)",
        ));
    }
    if let Some((ty, m)) = call.method_on(
        &["std::net::UdpSocket"],
        &[
            "recv",
            "recv_from",
            "send",
            "send_to",
            "peek",
            "peek_from",
            "connect",
        ],
    ) {
        return Some(method_hit(ty, m, "use `tokio::net::UdpSocket`"));
    }
    None
}
