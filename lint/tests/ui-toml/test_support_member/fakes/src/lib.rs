//! A fake payment provider for the shop's tests: it sleeps to play a slow network.

pub async fn charge(_cents: u64) -> bool {
    std::thread::sleep(std::time::Duration::from_millis(50));
    true
}
