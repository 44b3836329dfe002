mod jobs {
    /// Runs `f` on the blocking pool and waits for it (the project's own wrapper).
    pub fn run_blocking<R>(f: impl FnOnce() -> R) -> R {
        f()
    }

    /// Not listed in the configuration: its closure is still async code.
    pub fn run_inline<R>(f: impl FnOnce() -> R) -> R {
        f()
    }
}

async fn load() -> String {
    // Runs off the runtime: not reported.
    let a = jobs::run_blocking(|| std::fs::read_to_string("a.toml").unwrap());
    // Reported: the closure runs right here.
    let b = jobs::run_inline(|| std::fs::read_to_string("b.toml").unwrap());
    a + &b
}

fn main() {}
