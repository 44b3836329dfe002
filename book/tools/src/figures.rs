//! The book's figures, rendered from the demos' stored JSON.
//!
//! Each [`Figure`] names a JSON file under `book/src/data/` (what a demo printed with `--json`),
//! the command that produced it, and where its chart and table go. [`render_all`] turns the data
//! into files; [`check_all`] renders in memory and reports the files in the book that differ, so
//! CI can tell a hand-edited or stale figure without measuring anything again.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde_json::Value;

use crate::svg::{self, BarChart, Group};
use crate::{Rendered, stale, write_all};

/// One demo's chart and table.
pub struct Figure {
    /// The stored demo output, relative to `book/src`.
    pub data: &'static str,
    /// The command that printed `data`; shown under the table so a reader can measure again.
    pub command: &'static str,
    /// Where the chart and the table go, relative to `book/src`, without extension.
    pub output: &'static str,
    pub title: &'static str,
    /// The chart's second line; `{/json/pointer}` is replaced by that value from the data.
    pub subtitle: &'static str,
    /// The rows: a JSON pointer to a phase's probe statistics, and its label.
    pub phases: &'static [(&'static str, &'static str)],
    /// Lines under the table: "`label`: a ÷ b" for two JSON pointers to numbers.
    pub ratios: &'static [(&'static str, &'static str, &'static str)],
    /// Lines under the table: "label: value unit" for a JSON pointer to a number.
    pub facts: &'static [(&'static str, &'static str, &'static str)],
}

/// Every figure in the book.
pub const FIGURES: &[Figure] = &[
    Figure {
        data: "data/lesson-01-demo.json",
        command: "cargo run --release -p lesson-01-blocking-the-runtime -- demo --json",
        output: "figures/lesson-01-health-latency",
        title: "GET /health latency while other requests wait",
        subtitle: "{/workers} workers, {/clients} clients on the busy route, each waiting {/block_ms} ms (a sleep, or an upstream's reply)",
        phases: &[
            ("/phases/idle", "idle"),
            ("/phases/blocking", "sleep on a worker (/block)"),
            ("/phases/offloaded", "sleep offloaded (/offload)"),
            ("/phases/sync_client", "sync HTTP client (/fetch-sync)"),
            ("/phases/async_client", "async HTTP client (/fetch)"),
        ],
        ratios: &[
            (
                "blocking p99 ÷ offloaded p99",
                "/phases/blocking/p99_ms",
                "/phases/offloaded/p99_ms",
            ),
            (
                "offloaded p99 ÷ idle p99",
                "/phases/offloaded/p99_ms",
                "/phases/idle/p99_ms",
            ),
            (
                "sync client p99 ÷ async client p99",
                "/phases/sync_client/p99_ms",
                "/phases/async_client/p99_ms",
            ),
        ],
        facts: &[],
    },
    Figure {
        data: "data/lesson-02-demo.json",
        command: "cargo run --release -p lesson-02-await-or-offload -- --no-console demo --json --seconds 4",
        output: "figures/lesson-02-health-latency",
        title: "GET /health latency while /calc computes a big sum",
        subtitle: "{/workers} workers, {/clients} clients on /calc/{/big_x}, each mode in turn",
        phases: &[
            ("/idle", "idle"),
            ("/big/auto", "auto"),
            ("/big/sync", "sync"),
            ("/big/async", "async"),
            ("/big_inline", "inline (the bug)"),
        ],
        ratios: &[
            (
                "inline p99 ÷ auto p99",
                "/big_inline/p99_ms",
                "/big/auto/p99_ms",
            ),
            ("auto p99 ÷ idle p99", "/big/auto/p99_ms", "/idle/p99_ms"),
            ("sync p99 ÷ idle p99", "/big/sync/p99_ms", "/idle/p99_ms"),
        ],
        facts: &[
            (
                "a spawn_blocking round trip, p50",
                "/calibration/spawn_blocking_p50_us",
                "µs",
            ),
            (
                "a spawn_blocking round trip, p99",
                "/calibration/spawn_blocking_p99_us",
                "µs",
            ),
            ("one step of sum_to", "/calibration/ns_per_step", "ns"),
            (
                "auto computes inline up to x =",
                "/calibration/inline_max_x",
                "",
            ),
            (
                "x whose work costs one round trip",
                "/calibration/break_even_x",
                "",
            ),
            (
                "x whose work fills the 100 µs budget",
                "/calibration/budget_max_x",
                "",
            ),
        ],
    },
    Figure {
        data: "data/lesson-02-demo.json",
        command: "cargo run --release -p lesson-02-await-or-offload -- --no-console demo --json --seconds 4",
        output: "figures/lesson-02-pool-priority",
        title: "GET /health latency with the pool's threads at three priorities",
        subtitle: "sync on /calc/{/big_x}, on a quiet machine, then beside {/beside_busy_loops/busy_loops} nice -n 19 busy loops",
        phases: &[
            ("/idle", "idle"),
            ("/big/sync", "niceness 10 (the lesson's)"),
            ("/big_normal_priority", "normal priority"),
            ("/big_idle_priority", "SCHED_IDLE"),
            ("/beside_busy_loops/idle", "idle, busy loops"),
            ("/beside_busy_loops/sync", "niceness 10, busy loops"),
            (
                "/beside_busy_loops/sync_normal_priority",
                "normal priority, busy loops",
            ),
            (
                "/beside_busy_loops/sync_idle_priority",
                "SCHED_IDLE, busy loops",
            ),
        ],
        ratios: &[
            (
                "niceness 10 p99 ÷ idle p99",
                "/big/sync/p99_ms",
                "/idle/p99_ms",
            ),
            (
                "normal priority p99 ÷ idle p99",
                "/big_normal_priority/p99_ms",
                "/idle/p99_ms",
            ),
            (
                "SCHED_IDLE p99 ÷ idle p99",
                "/big_idle_priority/p99_ms",
                "/idle/p99_ms",
            ),
            (
                "beside the loops, niceness 10 p99 ÷ idle p99",
                "/beside_busy_loops/sync/p99_ms",
                "/idle/p99_ms",
            ),
            (
                "beside the loops, niceness 10 req/s ÷ quiet req/s",
                "/beside_busy_loops/sync/load/rps",
                "/big/sync/load/rps",
            ),
            (
                "beside the loops, normal priority req/s ÷ quiet req/s",
                "/beside_busy_loops/sync_normal_priority/load/rps",
                "/big_normal_priority/load/rps",
            ),
            (
                "beside the loops, SCHED_IDLE req/s ÷ quiet req/s",
                "/beside_busy_loops/sync_idle_priority/load/rps",
                "/big_idle_priority/load/rps",
            ),
        ],
        facts: &[],
    },
    Figure {
        data: "data/lesson-02-demo.json",
        command: "cargo run --release -p lesson-02-await-or-offload -- --no-console demo --json --seconds 4",
        output: "figures/lesson-02-small-x",
        title: "GET /health latency while /calc computes a small sum",
        subtitle: "{/workers} workers, {/clients} clients on /calc/{/small_x}, each mode in turn",
        phases: &[
            ("/idle", "idle"),
            ("/small/auto", "auto"),
            ("/small/sync", "sync"),
            ("/small/async", "async"),
        ],
        ratios: &[(
            "auto req/s ÷ sync req/s on /calc",
            "/small/auto/load/rps",
            "/small/sync/load/rps",
        )],
        facts: &[],
    },
    Figure {
        data: "data/lesson-03-demo.json",
        command: "cargo run --release -p lesson-03-dependency-switching -- demo --json",
        output: "figures/lesson-03-health-latency",
        title: "GET /health latency, one handler, three implementations behind it",
        subtitle: "{/workers} workers, {/clients} clients on /calc/{/x}; one SQLite query alone: {/query_ms} ms",
        phases: &[
            ("/phases/idle", "idle"),
            ("/phases/async", "Rust loop in slices (async)"),
            ("/phases/sqlite", "SQLite query, offloaded"),
            ("/phases/sqlite_inline", "SQLite query, inline (the bug)"),
        ],
        ratios: &[(
            "sqlite-inline p99 ÷ sqlite p99",
            "/phases/sqlite_inline/p99_ms",
            "/phases/sqlite/p99_ms",
        )],
        facts: &[],
    },
    Figure {
        data: "data/lesson-04-demo.json",
        command: "cargo run --release -p lesson-04-same-path-methods -- demo --json",
        output: "figures/lesson-04-health-latency",
        title: "GET /health latency, GET (sync) and POST (async) on one path",
        subtitle: "{/workers} workers, {/clients} clients on /calc/{/x}; one calculation alone: {/work_ms} ms",
        phases: &[
            ("/phases/idle", "idle"),
            ("/phases/get_sync", "GET (sync, pool)"),
            ("/phases/post_async", "POST (async, slices)"),
        ],
        ratios: &[(
            "GET p99 ÷ POST p99",
            "/phases/get_sync/p99_ms",
            "/phases/post_async/p99_ms",
        )],
        facts: &[],
    },
];

/// The percentiles drawn and tabled, as named in the demos' JSON.
const PERCENTILES: [(&str, &str); 4] = [
    ("p50_ms", "p50"),
    ("p90_ms", "p90"),
    ("p99_ms", "p99"),
    ("max_ms", "max"),
];

impl Figure {
    /// Renders the chart (`.svg`) and the table (`.md`) from `data`.
    pub fn render(&self, data: &Value) -> anyhow::Result<[Rendered; 2]> {
        let phases = self
            .phases
            .iter()
            .map(|(pointer, label)| {
                let stats = data
                    .pointer(pointer)
                    .with_context(|| format!("{}: no {pointer}", self.data))?;
                Ok((*label, stats))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;

        let chart = BarChart {
            title: self.title.to_owned(),
            description: self.generated_note(),
            subtitle: fill(self.subtitle, data)?,
            y_label: "latency, ms (log scale)".to_owned(),
            series: PERCENTILES
                .iter()
                .map(|(_, name)| name.to_string())
                .collect(),
            groups: phases
                .iter()
                .map(|(label, stats)| {
                    Ok(Group {
                        label: label.to_string(),
                        values: PERCENTILES
                            .iter()
                            .map(|(key, _)| number_at(stats, &format!("/{key}")))
                            .collect::<anyhow::Result<_>>()?,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
        };
        let svg = chart.render();
        let table = self.table(data, &phases)?;
        Ok([
            Rendered {
                path: PathBuf::from(format!("{}.svg", self.output)),
                text: svg,
            },
            Rendered {
                path: PathBuf::from(format!("{}.md", self.output)),
                text: table,
            },
        ])
    }

    fn generated_note(&self) -> String {
        format!(
            "generated by `cargo run -p book-tools -- figures` from {}; do not edit",
            self.data
        )
    }

    fn table(&self, data: &Value, phases: &[(&str, &Value)]) -> anyhow::Result<String> {
        let mut md = format!("<!-- {} -->\n\n", self.generated_note());
        md.push_str("| phase | p50 ms | p90 ms | p99 ms | max ms | probes | probe errors | busy route req/s |\n");
        md.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (label, stats) in phases {
            let mut cells = vec![label.to_string()];
            for (key, _) in PERCENTILES {
                cells.push(svg::number(number_at(stats, &format!("/{key}"))?));
            }
            cells.push(number_at(stats, "/requests")?.to_string());
            cells.push(number_at(stats, "/errors")?.to_string());
            cells.push(match stats.pointer("/load/rps").and_then(Value::as_f64) {
                Some(rps) => svg::number(rps),
                None => "–".to_owned(),
            });
            md.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        md.push('\n');
        for (label, numerator, denominator) in self.ratios {
            let ratio =
                number_at(data, numerator)? / number_at(data, denominator)?.max(f64::EPSILON);
            md.push_str(&format!("- {label}: **{}×**\n", svg::number(ratio)));
        }
        for (label, pointer, unit) in self.facts {
            let value = data
                .pointer(pointer)
                .with_context(|| format!("{}: no {pointer}", self.data))?;
            let value = match value.as_u64() {
                Some(whole) => whole.to_string(),
                None => svg::number(number_at(data, pointer)?),
            };
            let line = format!("- {label} {value} {unit}");
            md.push_str(line.trim_end());
            md.push('\n');
        }
        md.push_str(&format!(
            "\nMeasured with `{}`; stored in `book/src/{}`.\n",
            self.command, self.data
        ));
        Ok(md)
    }
}

/// Replaces each `{/pointer}` in `template` with that value from `data`.
fn fill(template: &str, data: &Value) -> anyhow::Result<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("{/") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .with_context(|| format!("unclosed placeholder in {template:?}"))?;
        let pointer = &rest[start + 1..start + end];
        match data.pointer(pointer) {
            Some(Value::String(text)) => out.push_str(text),
            // Measured values print with about three digits, as in the tables.
            Some(Value::Number(n)) if n.is_f64() => {
                out.push_str(&svg::number(n.as_f64().unwrap_or_default()))
            }
            Some(value) => out.push_str(&value.to_string()),
            None => bail!("no {pointer} in the data for {template:?}"),
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn number_at(data: &Value, pointer: &str) -> anyhow::Result<f64> {
    data.pointer(pointer)
        .and_then(Value::as_f64)
        .with_context(|| format!("expected a number at {pointer}"))
}

/// Reads a figure's stored data from the book at `src`.
fn load(src: &Path, figure: &Figure) -> anyhow::Result<Value> {
    let path = src.join(figure.data);
    let text = fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {} (produce it with `{} > {}`)",
            path.display(),
            figure.command,
            path.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Every figure, rendered in memory from the stored data in the book at `src`.
pub fn render(src: &Path) -> anyhow::Result<Vec<Rendered>> {
    let mut files = Vec::new();
    for figure in FIGURES {
        files.extend(figure.render(&load(src, figure)?)?);
    }
    Ok(files)
}

/// Renders every figure into the book at `src` (`book/src`); returns the files written.
pub fn render_all(src: &Path) -> anyhow::Result<Vec<PathBuf>> {
    write_all(src, render(src)?)
}

/// Renders every figure in memory; returns the files in the book that are missing or differ.
pub fn check_all(src: &Path) -> anyhow::Result<Vec<PathBuf>> {
    Ok(stale(src, &render(src)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_from_the_data() {
        let data = serde_json::json!({ "workers": 2, "name": "x" });
        assert_eq!(fill("{/workers} w, {/name}", &data).unwrap(), "2 w, x");
        assert!(fill("{/missing}", &data).is_err());
        assert!(fill("{/open", &data).is_err());
    }

    #[test]
    fn a_phase_missing_from_the_data_is_a_clear_error() {
        let error = FIGURES[0].render(&serde_json::json!({})).unwrap_err();
        assert!(error.to_string().contains("no "), "{error}");
    }
}
