pub fn open(host: &str) -> std::io::Result<std::net::TcpStream> {
    std::net::TcpStream::connect(host)
}
