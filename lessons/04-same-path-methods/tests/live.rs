//! The live page of `lesson.toml`: every button reaches a route that answers, the GET and the
//! POST alike, and every text is in English and Chinese. (The page itself is tested in a browser
//! by lesson 01's `tests/browser.rs`; it is the same page with other buttons.)

lesson_support::live_page_tests!(lesson_04_same_path_methods::app());
