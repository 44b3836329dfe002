//! Blocks through two levels: `Transport::send` -> `Transport::connect` -> `connection::open`,
//! which connects with `std::net::TcpStream::connect`. The type is re-exported at the root.

mod connection;
mod transport;

pub use transport::Transport;

/// Hands out a transport: callers learn its type from this signature.
pub fn transport(host: &str) -> Transport {
    Transport::new(host)
}

/// A free function over the same chain.
pub fn send_mail(host: &str, body: &str) -> std::io::Result<()> {
    Transport::new(host).send(body)
}
