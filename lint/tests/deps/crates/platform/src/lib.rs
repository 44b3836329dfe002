//! A crate that picks its platform module with `cfg_if!`, as sysinfo and socket2 do: only the
//! host's module blocks. (The lint reads these sources; nothing compiles them, so the macro's
//! crate is not a dependency here.)

cfg_if::cfg_if! {
    if #[cfg(windows)] {
        mod windows;
        use windows as sys;
    } else if #[cfg(unix)] {
        mod unix;
        use unix as sys;
    } else {
        mod other;
        use other as sys;
    }
}

pub fn hostname() -> String {
    sys::hostname()
}

/// A function handed by name to `map` runs as a closure would.
pub fn read_all(paths: &[&str]) -> Vec<String> {
    paths.iter().map(std::fs::read_to_string).filter_map(Result::ok).collect()
}

/// The platform's watcher, one type alias per platform, as notify's `RecommendedWatcher`: only
/// the host's says which `watch` runs.
#[cfg(unix)]
pub type Watcher = unix::Inotify;
#[cfg(windows)]
pub type Watcher = windows::Polling;
#[cfg(not(any(unix, windows)))]
pub type Watcher = other::Polling;

pub fn watcher() -> Watcher {
    Watcher::default()
}
