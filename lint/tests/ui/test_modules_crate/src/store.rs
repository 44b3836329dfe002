pub async fn load() -> Vec<u8> {
    std::fs::read("store.db").unwrap()
    //~^ blocking::fs
}
