//! The live page's buttons reach routes that answer. (The page itself is tested in a browser by
//! lesson 01's `tests/browser.rs`; it is the same page with other buttons.)

use lesson_02_await_or_offload::{app, live_page};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_button_of_the_page_works() {
    lesson_support::live::assert_buttons_answer(app(), &live_page()).await;
}
