async fn load() -> String {
    // Denied by the file.
    let text = std::fs::read_to_string("config.toml").unwrap();
    // Allowed with the rest of the group.
    std::thread::sleep(std::time::Duration::from_millis(10));
    text
}

fn main() {}
