//! `cargo run -p book-tools -- figures [--check]`: render the book's charts and tables from the
//! demos' stored JSON, or check that the files in the book match it. `commands` runs what the
//! README and the book tell a reader to run.

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
    /// Run every command the README and the book show (see `book_tools::commands`), each within
    /// its time bound; fail if one does not end as it should
    Commands {
        /// Only the commands whose text contains this
        #[arg(long, default_value = "")]
        only: String,
    },
    /// Render the lint's rule pages from its catalog and capture its output on lesson 01
    LintPages {
        /// Write nothing; fail if a file in the book differs from what the lint renders
        #[arg(long)]
        check: bool,
    },
}

fn main() -> anyhow::Result<ExitCode> {
    let book = book_tools::book_dir();
    let src = book.join("src");
    match Cli::parse().command {
        Command::Commands { only } => {
            let workspace = book.parent().expect("book/ has a parent");
            let outcomes = book_tools::commands::run_all(workspace, &only)?;
            for outcome in &outcomes {
                let verdict = if outcome.passed { "ok" } else { "FAILED" };
                println!(
                    "{verdict:>6} {:>6.1} s  {}",
                    outcome.took.as_secs_f64(),
                    outcome.text
                );
                if !outcome.passed {
                    println!("{}", outcome.detail);
                }
            }
            let all = outcomes.iter().all(|outcome| outcome.passed);
            Ok(if all {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::LintPages { check: false } => {
            let workspace = book.parent().expect("book/ has a parent");
            for path in book_tools::write_all(&src, book_tools::lint_pages::render(workspace)?)? {
                println!("wrote {}", path.display());
            }
            for path in book_tools::lint_pages::orphans(&src) {
                std::fs::remove_file(&path)?;
                println!("removed {} (no such rule)", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::LintPages { check: true } => {
            let workspace = book.parent().expect("book/ has a parent");
            let files = book_tools::lint_pages::render(workspace)?;
            let mut stale = book_tools::stale(&src, &files);
            stale.extend(book_tools::lint_pages::orphans(&src));
            report(stale, "lint pages match the lint", "lint-pages")
        }
        Command::Figures { check: false } => {
            for path in book_tools::figures::render_all(&src)? {
                println!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Figures { check: true } => report(
            book_tools::figures::check_all(&src)?,
            "figures match their data",
            "figures",
        ),
    }
}

/// Prints what is stale and how to fix it; fails when anything is.
fn report(stale: Vec<std::path::PathBuf>, fine: &str, command: &str) -> anyhow::Result<ExitCode> {
    for path in &stale {
        eprintln!("stale: {}", path.display());
    }
    if stale.is_empty() {
        println!("{fine}");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("run `cargo run -p book-tools -- {command}` and commit the result");
        Ok(ExitCode::FAILURE)
    }
}
