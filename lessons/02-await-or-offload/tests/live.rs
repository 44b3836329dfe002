//! The live page's buttons reach routes that answer. (The page itself is tested in a browser by
//! lesson 01's `tests/browser.rs`; it is the same page with other buttons.)

use demo::live_page;
use lesson_02_await_or_offload::app;

// The demo and the live page are the binary's (`src/demo.rs`), not the library's: included here.
#[allow(dead_code)]
#[path = "../src/demo.rs"]
mod demo;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_button_of_the_page_works() {
    lesson_support::live::assert_buttons_answer(app(), &live_page()).await;
}

/// Every label, hint, title and intro carries English and Chinese: the page shows one of them by
/// the browser's language, so a text left in one language would reach a reader untranslated.
#[test]
fn every_text_of_the_page_is_in_both_languages() {
    lesson_support::live::assert_bilingual(&live_page());
}
