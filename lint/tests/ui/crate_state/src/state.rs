use std::sync::Mutex;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;

pub struct AppState {
    pub pool: r2d2::Pool<SqliteConnectionManager>,
    pub audit: Mutex<Connection>,
    pub limits: Limits,
}

pub struct Limits {
    pub max: u32,
}

impl AppState {
    pub fn settings(&self) -> String {
        std::fs::read_to_string("settings.toml").unwrap_or_default()
    }

    /// The audit connection, locked: returned to the caller, who queries it.
    pub fn audit_conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.audit.lock().unwrap()
    }

    pub fn count(&self) -> u32 {
        self.limits.max
    }
}

pub fn warm_up() {
    std::thread::sleep(std::time::Duration::from_millis(5));
}
