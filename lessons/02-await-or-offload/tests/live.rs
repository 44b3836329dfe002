//! The live page of `lesson.toml`: every button reaches a route that answers, and every text is
//! in English and Chinese. (The page itself is tested in a browser by lesson 01's
//! `tests/browser.rs`; it is the same page with other buttons.)

lesson_support::live_page_tests!(lesson_02_await_or_offload::app());
