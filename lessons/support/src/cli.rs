//! The command line every lesson shares: `--addr`, `--workers`, `--no-console`, a lesson's own
//! options and subcommands beside them, and the banner that tells the reader what to try.

use std::ffi::OsString;
use std::net::SocketAddr;

use anyhow::Context;
use axum::Router;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use tokio::net::TcpListener;

use crate::lesson::Lesson;
use crate::runtime::{self, DEFAULT_WORKERS};
use crate::{server, telemetry};

/// Options common to serving a lesson and to its demo.
#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    /// Address to listen on [default: the lesson's own port on 127.0.0.1]
    #[arg(long)]
    pub addr: Option<SocketAddr>,

    /// Worker threads of the tokio runtime (the blocking pool is separate)
    #[arg(long, global = true, default_value_t = DEFAULT_WORKERS, value_parser = parse_workers)]
    pub workers: usize,

    /// Leave out the tokio-console layer (to measure what it costs)
    #[arg(long, global = true)]
    pub no_console: bool,
}

/// A lesson's command line: the [`Common`] options, the lesson's own `O` (options of its server,
/// such as lesson 03's `--backend`; [`NoOptions`] for none) and its subcommands `C` (`demo`).
#[derive(Parser)]
struct Cli<O: Args, C: Subcommand> {
    #[command(flatten)]
    common: Common,

    #[command(flatten)]
    options: O,

    #[command(subcommand)]
    command: Option<C>,
}

/// The options of a lesson whose server has none beyond [`Common`].
#[derive(Args, Debug, Clone, Copy)]
pub struct NoOptions {}

impl Lesson {
    /// Parses the process's arguments: the [`Common`] options, the lesson's own `O`, and the
    /// subcommand `C` if one was given (none means: serve). `--help` shows the lesson's title and
    /// `--version` its crate's version. Exits with clap's message (status 2) on bad input.
    pub fn command_line<O: Args, C: Subcommand>(&self) -> (Common, O, Option<C>) {
        self.command_line_from(std::env::args_os())
    }

    fn command_line_from<O: Args, C: Subcommand>(
        &self,
        args: impl IntoIterator<Item = OsString>,
    ) -> (Common, O, Option<C>) {
        let args: Vec<OsString> = args.into_iter().collect();
        let mut command = Cli::<O, C>::command()
            .name(self.package)
            .bin_name(self.package)
            .version(self.version)
            .about(self.title.en.clone());
        let cli = command
            .try_get_matches_from_mut(&args)
            .and_then(|matches| Cli::<O, C>::from_arg_matches(&matches))
            .unwrap_or_else(|error| exit_naming_the_variable(&mut command, &args, error));
        (cli.common, cli.options, cli.command)
    }

    /// Prints where the lesson listens and the commands its description suggests: see
    /// [`banner`].
    pub fn banner(&self, addr: SocketAddr, workers: usize, console: Option<SocketAddr>) {
        banner(addr, workers, &self.try_lines, console);
    }
}

/// Exits with clap's error, but when the bad value came from an option's environment variable
/// (the option not typed), says so: clap names only the flag, and the reader would look for a
/// flag they never typed.
fn exit_naming_the_variable(
    command: &mut clap::Command,
    args: &[OsString],
    error: clap::Error,
) -> ! {
    let (Some(ContextValue::String(invalid)), ErrorKind::InvalidValue) =
        (error.get(ContextKind::InvalidValue), error.kind())
    else {
        error.exit()
    };
    let typed = |long: &str| {
        args.iter().any(|arg| {
            let arg = arg.to_string_lossy();
            arg == format!("--{long}") || arg.starts_with(&format!("--{long}="))
        })
    };
    let from_variable = command.get_arguments().find_map(|arg| {
        let long = arg.get_long()?;
        let variable = arg.get_env()?.to_string_lossy().into_owned();
        let value = std::env::var(&variable).ok()?;
        (value == *invalid && !typed(long)).then(|| {
            let possible: Vec<String> = arg
                .get_possible_values()
                .iter()
                .map(|value| value.get_name().to_owned())
                .collect();
            (variable, long.to_owned(), possible.join(", "))
        })
    });
    match from_variable {
        Some((variable, long, possible)) => command
            .error(
                ErrorKind::InvalidValue,
                format!(
                    "invalid value '{invalid}' in the environment variable {variable} \
                     (the default of --{long})\n  [possible values: {possible}]"
                ),
            )
            .exit(),
        None => error.exit(),
    }
}

/// Serves `app` in the foreground until Ctrl-C, after printing where it listens, the commands in
/// `try_lines` (`{addr}` in them is replaced by the address) and how to watch it in tokio-console.
/// The lessons' `main.rs` spell the same set-up out step by step; this is for a yardstick that is
/// not a lesson (lesson 02's `baseline`).
pub fn serve_until_ctrl_c(
    common: &Common,
    default_addr: SocketAddr,
    app: Router,
    try_lines: &[&str],
) -> anyhow::Result<()> {
    telemetry::init(!common.no_console);
    // Asked before the runtime starts: it may wait (up to a second) for the console's thread.
    let console = telemetry::console_listening();
    let addr = common.addr.unwrap_or(default_addr);
    runtime::multi_thread(common.workers)
        .context("building runtime")?
        .block_on(async move {
            let listener = TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            banner(listener.local_addr()?, common.workers, try_lines, console);
            server::serve(listener, app, server::ctrl_c()).await?;
            Ok(())
        })
}

/// Prints where the lesson listens, the commands in `try_lines` (`{addr}` in them is replaced by
/// the address), how to watch it in tokio-console (only a console that is ours and listening: a
/// hint to a taken port would show another program's tasks), and how to stop it.
pub fn banner(
    addr: SocketAddr,
    workers: usize,
    try_lines: &[impl AsRef<str>],
    console: Option<SocketAddr>,
) {
    println!("listening on http://{addr} with {workers} worker thread(s)");
    println!("\nThen try:");
    for line in try_lines {
        println!("  {}", line.as_ref().replace("{addr}", &addr.to_string()));
    }
    if let Some(console) = console {
        println!("\nWatch the runtime:\n  tokio-console http://{console}");
    }
    println!("\nCtrl-C stops the server.");
}

/// At least one worker (a runtime with none cannot run), and a sane upper bound.
fn parse_workers(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n @ 1..=256) => Ok(n),
        _ => Err(format!(
            "expected a number of workers from 1 to 256, got `{text}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Subcommand, Debug, PartialEq)]
    enum Command {
        /// Measure
        Demo {
            #[arg(long, default_value_t = 3)]
            seconds: u64,
        },
    }

    fn lesson() -> Lesson {
        Lesson::parse(
            "title = { en = \"Lesson 99\", zh = \"第 99 课\" }\nport = 3099\n",
            "lesson-99",
            "0.1.0",
        )
    }

    #[test]
    fn no_subcommand_means_serve_and_a_subcommand_comes_back_parsed() {
        let words = |line: &str| line.split(' ').map(OsString::from).collect::<Vec<_>>();
        let (common, NoOptions {}, command) =
            lesson().command_line_from::<NoOptions, Command>(words("lesson-99 --workers 3"));
        assert_eq!((common.workers, command), (3, None));
        let (common, _, command) = lesson().command_line_from::<NoOptions, Command>(words(
            "lesson-99 --no-console demo --seconds 5",
        ));
        assert!(common.no_console);
        assert_eq!(command, Some(Command::Demo { seconds: 5 }));
    }

    #[test]
    fn help_names_the_lesson_by_its_title_and_crate() {
        let help = Cli::<NoOptions, Command>::command()
            .name(lesson().package)
            .about(lesson().title.en)
            .render_help()
            .to_string();
        assert!(help.starts_with("Lesson 99"), "{help}");
        assert!(help.contains("Usage: lesson-99"), "{help}");
    }
}
