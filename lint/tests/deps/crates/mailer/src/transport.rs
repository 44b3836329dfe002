pub struct Transport {
    host: String,
}

impl Transport {
    /// Does not block: it only keeps the host.
    pub fn new(host: &str) -> Transport {
        Transport {
            host: host.to_string(),
        }
    }

    pub fn send(&self, body: &str) -> std::io::Result<()> {
        let _stream = self.connect()?;
        let _ = body;
        Ok(())
    }

    fn connect(&self) -> std::io::Result<std::net::TcpStream> {
        crate::connection::open(&self.host)
    }

    /// Async: never blocking, whatever it awaits.
    pub async fn send_async(&self, body: &str) -> std::io::Result<()> {
        let _ = (body, &self.host);
        Ok(())
    }
}
