use std::sync::Arc;

use axum::extract::State;

use crate::AppState;

async fn list(State(state): State<Arc<AppState>>) -> i64 {
    let conn = state.pool.get().unwrap();
    //~^ blocking::database
    conn.query_row("select count(*) from t", [], |r| r.get(0))
        //~^ blocking::database
        .unwrap()
}

async fn audit(State(state): State<Arc<AppState>>) {
    state.audit.lock().unwrap().execute("insert into audit values (1)", []).unwrap();
    //~^ blocking::database
}

async fn settings(State(state): State<Arc<AppState>>) -> String {
    state.settings()
    //~^ blocking::fs
}

async fn start() {
    crate::warm_up();
    //~^ blocking::sleep
}

async fn pooled(State(pool): State<crate::db::DbPool>) {
    let _conn = pool.get();
    //~^ blocking::database
}

async fn audit_through_a_getter(State(state): State<Arc<AppState>>) {
    state.audit_conn().execute("delete from audit", []).ok();
    //~^ blocking::database
}

async fn settings_through_a_clone(State(state): State<Arc<AppState>>) -> String {
    let shared = Arc::clone(&state);
    let copy = shared.clone();
    copy.settings()
    //~^ blocking::fs
}

// Look-alikes.

async fn cheap(State(state): State<Arc<AppState>>) -> u32 {
    state.count() + state.limits.max
}

async fn offloaded(State(state): State<Arc<AppState>>) {
    tokio::task::spawn_blocking(move || state.pool.get().map(|_| ())).await.ok();
}

async fn cheap_through_a_clone(State(state): State<Arc<AppState>>) -> u32 {
    state.clone().count()
}

async fn next_job() -> Option<u32> {
    let (_jobs, done) = crate::db::jobs();
    done.recv().ok()
    //~^ blocking::channel
}
