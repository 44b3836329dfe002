pub async fn seed() {
    std::fs::write("seed.db", b"").unwrap();
}
