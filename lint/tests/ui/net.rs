// blocking::net: std sockets and DNS.
use std::io::Write;
use std::net::{TcpListener, TcpStream, ToSocketAddrs};

async fn client(addr: &str) -> std::io::Result<()> {
    let mut s = TcpStream::connect(addr)?;
    //~^ blocking::net
    s.write_all(b"ping")?;
    //~^ blocking::net
    Ok(())
}

async fn dns(host: &str) -> usize {
    (host, 80).to_socket_addrs().map(|a| a.count()).unwrap_or(0)
    //~^ blocking::net
}

async fn server() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let (stream, _) = listener.accept()?;
    //~^ blocking::net
    drop(stream);
    Ok(())
}

// Look-alikes.

async fn tokio_net(addr: &str) -> std::io::Result<()> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    tokio::io::AsyncWriteExt::write_all(&mut s, b"ping").await?;
    let _ = tokio::net::lookup_host("example.com:80").await?;
    Ok(())
}

async fn binding_is_fine() {
    let _l = std::net::TcpListener::bind("127.0.0.1:0");
}

fn sync_client(addr: &str) {
    let _ = std::net::TcpStream::connect(addr);
}

async fn send_mail(email: lettre::Message) {
    let mailer = lettre::SmtpTransport::relay("smtp.example.com").unwrap().build();
    let _ = mailer.send(&email);
    //~^ blocking::net
}

async fn ssh_session(tcp: std::net::TcpStream) -> Result<(), ssh2::Error> {
    let mut session = ssh2::Session::new()?;
    session.set_tcp_stream(tcp);
    session.handshake()?;
    //~^ blocking::net
    session.userauth_agent("deploy")
    //~^ blocking::net
}

async fn send_mail_async(email: lettre::Message) {
    let mailer = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::relay("smtp.example.com").unwrap().build();
    let _ = mailer.send(email).await;
}
