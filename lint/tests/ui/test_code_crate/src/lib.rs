// The product: still reported.
pub async fn handler() -> Vec<u8> {
    std::fs::read("config.toml").unwrap()
    //~^ blocking::fs
}
