pub fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname").unwrap_or_default()
}
