//! The live page of `lesson.toml`: every button reaches a route that answers (without a browser:
//! `tests/browser.rs` drives the page itself), and every text is in English and Chinese. A file
//! of its own, so its seconds of CPU work never run beside the browser test's measurements.

lesson_support::live_page_tests!(lesson_01_blocking_the_runtime::app());
