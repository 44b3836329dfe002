//! `cargo-blocking-lint`, also run as `cargo blocking-lint`.

fn main() {
    std::process::exit(blocking_lint::cli::main());
}
