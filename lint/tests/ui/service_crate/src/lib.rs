// A service object held in the router's state, its impl in another file: what its awaited
// methods do runs inside the handler's future, so it is reported under the handler's route.
mod journal;
mod state;

use axum::Router;
use axum::extract::State;
use axum::routing::post;

use crate::state::AppState;

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/entries", post(add_entry))
        .with_state(state)
}

async fn add_entry(State(state): State<AppState>) -> &'static str {
    state.journal.append("entry").await;
    "ok"
}

async fn not_a_handler(state: AppState) {
    state.journal.compact().await;
}
