use r2d2_sqlite::SqliteConnectionManager;

pub type DbPool = r2d2::Pool<SqliteConnectionManager>;

/// A pair made in this file, taken apart in another: `late` types its parts.
pub fn jobs() -> (std::sync::mpsc::Sender<u32>, std::sync::mpsc::Receiver<u32>) {
    std::sync::mpsc::channel()
}
