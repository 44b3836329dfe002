//! `cargo run -p book-tools -- figures [--check]`: render the book's charts and tables from the
//! demos' stored JSON, or check that the files in the book match it.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The book's tooling.
#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render every chart and table from book/src/data/*.json into book/src/figures/
    Figures {
        /// Write nothing; fail if a file in the book differs from what the data renders to
        #[arg(long)]
        check: bool,
    },
}

fn main() -> anyhow::Result<ExitCode> {
    let src = book_tools::book_dir().join("src");
    match Cli::parse().command {
        Command::Figures { check: false } => {
            for path in book_tools::figures::render_all(&src)? {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Figures { check: true } => {
            let stale = book_tools::figures::check_all(&src)?;
            for path in &stale {
                eprintln!("stale: {}", path.display());
            }
            if stale.is_empty() {
                println!("figures match their data");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("run `cargo run -p book-tools -- figures` and commit the result");
                Ok(ExitCode::FAILURE)
            }
        }
    }
}
