//! Injection at start-up, through the real binary: `--backend` and `LESSON_03_BACKEND` choose the
//! default implementation, and a name that is not known stops the program before it serves.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_lesson-03-dependency-switching");

/// A server process, stopped when dropped, so that a failing assertion leaves nothing running.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the server on an ephemeral port and returns it with the address from its banner.
fn serve(args: &[&str], env: Option<&str>) -> (Server, String) {
    let mut command = Command::new(BIN);
    command
        .args(["--addr", "127.0.0.1:0", "--no-console"])
        .args(args)
        .env_remove("LESSON_03_BACKEND")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(backend) = env {
        command.env("LESSON_03_BACKEND", backend);
    }
    let mut child = Server(command.spawn().unwrap());
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map(Result::unwrap)
        .find_map(|line| {
            line.strip_prefix("listening on http://")
                .map(|rest| rest.split_whitespace().next().unwrap().to_owned())
        })
        .expect("the banner names the address");
    // Keep reading: a server whose stdout is closed would fail on its next line of banner.
    std::thread::spawn(move || lines.for_each(drop));
    (child, addr)
}

/// The default backend a running server reports on `/backends`.
fn default_backend(addr: &str) -> String {
    let runtime = lesson_support::runtime::current_thread().unwrap();
    let body: serde_json::Value = runtime.block_on(async {
        let uri = format!("http://{addr}/backends").parse().unwrap();
        let response = lesson_support::probe::client().get(uri).await.unwrap();
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        serde_json::from_slice(&bytes).unwrap()
    });
    body["default"].as_str().unwrap().to_owned()
}

#[test]
fn flag_and_variable_choose_the_default_and_the_flag_wins() {
    for (args, env, expected) in [
        (&[][..], None, "sqlite"),
        (&[][..], Some("async"), "async"),
        (&["--backend", "sqlite-inline"][..], None, "sqlite-inline"),
        (&["--backend", "sqlite"][..], Some("async"), "sqlite"),
    ] {
        let (_server, addr) = serve(args, env);
        let got = default_backend(&addr);
        assert_eq!(got, expected, "{args:?} with LESSON_03_BACKEND={env:?}");
    }
}

#[test]
fn an_unknown_backend_stops_the_program_and_lists_the_valid_ones() {
    for (args, env) in [
        (&["--backend", "oracle"][..], None),
        (&[][..], Some("oracle")),
    ] {
        let output = Command::new(BIN)
            .args(["--addr", "127.0.0.1:0", "--no-console"])
            .args(args)
            .env_remove("LESSON_03_BACKEND")
            .envs(env.map(|value| ("LESSON_03_BACKEND", value)))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?} {env:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("oracle") && stderr.contains("sqlite, async, sqlite-inline"),
            "{stderr}"
        );
        // The reader is told where the bad value came from: the flag, or the variable.
        let source = if env.is_some() {
            "LESSON_03_BACKEND"
        } else {
            "--backend"
        };
        assert!(stderr.contains(source), "{stderr}");
    }
}
