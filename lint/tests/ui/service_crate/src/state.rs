use std::sync::Arc;

use crate::journal::Journal;

#[derive(Clone)]
pub struct AppState {
    pub journal: Arc<Journal>,
}
