//! The console's port taken by another program: the lesson says so in one line, with the way to
//! pick another, serves all the same, and prints no "run tokio-console" hint (which would show
//! the other program's tasks). With the port free, the hint is there. The lesson's own binary,
//! as a reader starts it.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The lesson's output until it said it serves, and what came on stderr by half a second later.
fn start_with_console_at(console: &str) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lesson-01-blocking-the-runtime"))
        .args(["--addr", "127.0.0.1:0"])
        .env("TOKIO_CONSOLE_BIND", console)
        // A panic would print its backtrace: the test must see that none comes.
        .env("RUST_BACKTRACE", "1")
        .env("LESSON_WATCHDOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (out, err) = (lines(&mut child, true), lines(&mut child, false));
    let mut stdout = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = out.recv_timeout(left) else {
            break;
        };
        stdout.push_str(&line);
        stdout.push('\n');
        if line.contains("Ctrl-C stops the server") {
            break;
        }
    }
    // A console server that fails does so in its own thread, soon after start-up.
    std::thread::sleep(Duration::from_millis(500));
    let _ = child.kill();
    let _ = child.wait();
    let stderr: Vec<String> = err.try_iter().collect();
    (stdout, stderr.join("\n"))
}

fn lines(child: &mut Child, stdout: bool) -> mpsc::Receiver<String> {
    let stream: Box<dyn std::io::Read + Send> = if stdout {
        Box::new(child.stdout.take().unwrap())
    } else {
        Box::new(child.stderr.take().unwrap())
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

#[test]
fn a_taken_console_port_is_one_line_and_no_hint() {
    let other_program = TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = other_program.local_addr().unwrap().to_string();
    let (stdout, stderr) = start_with_console_at(&taken);
    assert!(
        stdout.contains("Ctrl-C stops the server"),
        "it serves:\n{stdout}"
    );
    assert!(
        !stdout.contains("tokio-console http://"),
        "a hint to a console that is not ours:\n{stdout}"
    );
    let told: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains(&taken))
        .collect();
    assert_eq!(told.len(), 1, "one line about the port:\n{stderr}");
    assert!(told[0].contains("TOKIO_CONSOLE_BIND="), "{}", told[0]);
    for noise in ["panicked", "stack backtrace", "tonic::transport"] {
        assert!(!stderr.contains(noise), "{noise}:\n{stderr}");
    }
}

#[test]
fn a_free_console_port_gets_the_hint() {
    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let (stdout, stderr) = start_with_console_at(&free);
    assert!(
        stdout.contains(&format!("tokio-console http://{free}")),
        "no hint:\n{stdout}\n{stderr}"
    );
}
