//! The book's tooling.
//!
//! The book has two kinds of content that must not drift from the code: listings and figures.
//! Listings are included by mdBook from the lesson crates (`{{#rustdoc_include}}` with ANCHOR
//! comments); [`markdown`] finds every include and link in the book so a test can check that
//! each path and anchor exists. Figures are rendered by [`figures`] from the JSON a lesson's demo
//! printed, stored under `book/src/data/`, so a chart is redrawn (or checked) without measuring
//! again, and no number in it is typed by hand.

pub mod figures;
pub mod markdown;
pub mod svg;

use std::path::PathBuf;

/// The book's folder (`book/`), found from this crate's own place in the workspace.
pub fn book_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("book/tools has a parent")
        .to_path_buf()
}
