//! tokio's `time::sleep`, as far as tests/editor/app needs it to type-check.

pub mod time {
    pub async fn sleep(_duration: std::time::Duration) {}
}
