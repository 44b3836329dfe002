pub mod db;
mod handlers;
mod state;

pub use state::AppState;
pub use state::warm_up;
