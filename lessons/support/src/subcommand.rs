//! The `demo` subcommand every lesson has, up to its own measurement and table.

use serde::Serialize;

use crate::cli::Common;
use crate::telemetry;

/// Runs a lesson's demo: telemetry on (with the console layer unless `--no-console`), `note` on
/// stderr, then `measure`, and its report on stdout, as one JSON object with `--json` (for the
/// book and for scripts) or else as the lesson's own table from `print`.
pub fn demo<R: Serialize>(
    common: &Common,
    json: bool,
    note: &str,
    measure: impl FnOnce() -> anyhow::Result<R>,
    print: impl FnOnce(&R),
) -> anyhow::Result<()> {
    telemetry::init(!common.no_console);
    // stdout carries only the result, so `demo --json > report.json` stays valid JSON.
    eprintln!("{note}");
    let report = measure()?;
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print(&report);
    }
    Ok(())
}
