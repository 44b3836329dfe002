//! The live page of `lesson.toml`: every button reaches a route that answers, each with the
//! backend its header names, and every text is in English and Chinese. (The page itself is
//! tested in a browser by lesson 01's `tests/browser.rs`; it is the same page with other
//! buttons.)

use lesson_03_dependency_switching::{Backends, SQLITE, app};

lesson_support::live_page_tests!(app(Backends::standard(SQLITE).unwrap()));
