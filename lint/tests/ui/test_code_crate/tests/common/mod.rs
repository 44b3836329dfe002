pub async fn seed() {
    std::fs::write("seed.json", b"{}").unwrap();
}
