// Transitive findings through the types the source tells: clones of shared state, smart
// pointers and references to the crate's own types, and the `Result` a local function declares.
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, Statement};

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

pub struct Store {
    idle: Mutex<Vec<Connection>>,
}

impl Store {
    fn checkout(&self) -> rusqlite::Result<Connection> {
        match self.idle.lock().unwrap().pop() {
            Some(conn) => Ok(conn),
            None => Connection::open_in_memory(),
        }
    }

    /// Blocks: the connection comes out of a declared `rusqlite::Result` through `map_err(..)?`.
    fn total(&self) -> Result<i64, String> {
        let conn = self.checkout().map_err(|e| e.to_string())?;
        conn.prepare_cached("select 1")
            .and_then(|mut q| q.query_row([], |r| r.get(0)))
            .map_err(|e| e.to_string())
    }

    fn name(&self) -> &'static str {
        "store"
    }
}

pub struct Service {
    store: Arc<Store>,
}

impl Service {
    /// The future is built in a sync fn; the query runs when it is polled.
    fn total(&self) -> BoxFuture<Result<i64, String>> {
        let store = self.store.clone();
        Box::pin(async move { store.total() })
        //~^ blocking::database
    }

    async fn through_arc_clone(&self) {
        let store = Arc::clone(&self.store);
        let _ = store.total();
        //~^ blocking::database
    }
}

async fn through_rc(store: Rc<Store>) {
    let _ = store.total();
    //~^ blocking::database
}

async fn through_box(store: Box<Store>) {
    let _ = store.total();
    //~^ blocking::database
}

async fn through_ref(store: &Arc<Store>) {
    let _ = store.total();
    //~^ blocking::database
}

async fn statement_in_combinator(stmt: rusqlite::Result<Statement<'_>>) -> Option<i64> {
    stmt.and_then(|mut q| q.query_row([], |r| r.get(0))).ok()
    //~^ blocking::database
}

async fn prepared_then_mapped(conn: &Connection) {
    let _ = conn.prepare("select 1").map(|_| ());
    //~^ blocking::database
}

// Look-alikes.

pub struct Cache {
    hits: u64,
}

impl Cache {
    /// Named like `Store::total`, does no I/O.
    fn total(&self) -> Result<i64, String> {
        Ok(self.hits as i64)
    }
}

async fn cheap_clone(cache: Arc<Cache>) {
    let cache = cache.clone();
    let _ = cache.total();
}

async fn harmless_method(store: Arc<Store>) -> &'static str {
    store.clone().name()
}

async fn offloaded(store: Arc<Store>) {
    let store = store.clone();
    let _ = tokio::task::spawn_blocking(move || store.total()).await;
}

async fn unknown_result(stmt: Option<Thing>) {
    // An `Option` of a type the lint does not know: its closure's argument stays unknown.
    let _ = stmt.map(|mut q| q.query_row());
}

fn sync_caller(store: &Store) -> Result<i64, String> {
    store.total()
}
