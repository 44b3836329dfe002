pub async fn fetch() -> String {
    std::fs::read_to_string("generated.json").unwrap()
}
