// blocking::net: sync TLS handshakes, Kafka clients that wait for the brokers, libgit2's fetch.
use std::net::TcpStream;
use std::time::Duration;

use rdkafka::producer::{FutureProducer, FutureRecord, Producer};

async fn tls(host: &str, tcp: TcpStream) -> bool {
    let connector = native_tls::TlsConnector::new().unwrap();
    connector.connect(host, tcp).is_ok()
    //~^ blocking::net
}

async fn tls_built(host: &str, tcp: TcpStream) -> bool {
    let connector = native_tls::TlsConnector::builder().min_protocol_version(None).build().unwrap();
    connector.connect(host, tcp).is_ok()
    //~^ blocking::net
}

async fn drain(producer: &FutureProducer) {
    let _ = producer.flush(Duration::from_secs(5));
    //~^ blocking::net
}

async fn sync(repo: &git2::Repository) -> Result<(), git2::Error> {
    let mut remote = repo.find_remote("origin")?;
    remote.fetch(&["main"], None, None)
    //~^ blocking::net
}

async fn resolve(host: &str) -> bool {
    dns_lookup::getaddrinfo(Some(host), None, None).is_ok()
    //~^ blocking::net
}

async fn directory(url: &str) -> ldap3::result::Result<()> {
    // The sync client runs a runtime of its own and blocks on it.
    let mut ldap = ldap3::LdapConn::new(url)?;
    //~^ blocking::net
    ldap.simple_bind("cn=admin", "secret")?.success()?;
    //~^ blocking::net
    Ok(())
}

// Look-alikes.

async fn directory_async(url: &str) -> ldap3::result::Result<()> {
    let (conn, mut ldap) = ldap3::LdapConnAsync::new(url).await?;
    ldap3::drive!(conn);
    ldap.simple_bind("cn=admin", "secret").await?.success()?;
    Ok(())
}

async fn tokio_tls(host: &str, tcp: tokio::net::TcpStream) -> bool {
    let connector = tokio_native_tls::TlsConnector::from(native_tls::TlsConnector::new().unwrap());
    connector.connect(host, tcp).await.is_ok()
}

async fn deliver(producer: &FutureProducer) {
    let record = FutureRecord::<str, str>::to("events").payload("x");
    let _ = producer.send(record, Duration::from_secs(1)).await;
}

async fn offloaded_flush(producer: FutureProducer) {
    let _ = tokio::task::spawn_blocking(move || producer.flush(Duration::from_secs(5))).await;
}
