// Names resolve as rustc resolves them: a `use` may start at a module of the current module
// (Rust 2018's relative paths), a glob of a local module does not hide what an absolute path
// names, and a glob re-export of std is followed.
mod persistence {
    pub struct Journal;

    impl Journal {
        pub fn append(&self, line: &str) {
            std::fs::write("journal.log", line).unwrap();
        }
    }

    pub fn flush_all() {
        std::fs::File::create("journal.lock").unwrap();
    }
}

pub use persistence::Journal;
use persistence::{self as store, flush_all as flush};

async fn through_relative_imports(journal: Journal) {
    journal.append("entry");
    //~^ blocking::fs
    flush();
    //~^ blocking::fs
    store::flush_all();
    //~^ blocking::fs
}

mod prelude {
    pub use std::thread::*;
}

mod uses_the_prelude {
    use crate::prelude::*;

    async fn nap() {
        sleep(std::time::Duration::from_millis(1));
        //~^ blocking::sleep
    }
}

mod under_a_glob {
    use super::*;

    async fn absolute_paths() {
        let (_tx, rx) = std::sync::mpsc::channel::<u8>();
        rx.recv().unwrap();
        //~^ blocking::channel
        let _ = std::path::PathBuf::from("state.json").exists();
        //~^ blocking::fs
    }

    async fn a_local_module_through_the_glob() {
        // `persistence` comes from the parent through `use super::*`.
        persistence::flush_all();
        //~^ blocking::fs
    }
}

mod look_alike {
    // A local module named like a lock's crate, whose `Mutex` locks nothing.
    pub mod sync {
        pub struct Mutex;
        impl Mutex {
            pub fn lock(&self) -> u8 {
                0
            }
        }
    }

    async fn not_a_lock(m: sync::Mutex) -> u8 {
        m.lock()
    }
}
