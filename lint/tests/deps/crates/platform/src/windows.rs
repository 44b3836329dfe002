pub fn hostname() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}
