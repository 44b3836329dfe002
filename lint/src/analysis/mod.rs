//! The run: which files and crates ([`discover`]), parse ([`parse`]) and check them in parallel
//! ([`engine`], walking each file with [`checker`] and [`contexts`] into a [`summary`]), judge
//! what needs every file ([`late`], [`transitive`], handlers), apply suppression comments
//! ([`suppress`]), and, in cargo mode, summarise the dependencies first ([`deps`]). What is
//! kept between runs is written through [`store`].

pub mod checker;
pub mod contexts;
pub mod deps;
pub mod discover;
pub mod engine;
pub mod late;
pub mod parse;
pub mod store;
pub mod summary;
pub mod suppress;
pub mod test_files;
pub mod transitive;
#[cfg(feature = "types")]
pub mod typed_facts;
