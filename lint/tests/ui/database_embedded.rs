// blocking::database: embedded stores (RocksDB, redb, LMDB through heed) and DuckDB, which have
// no async API.
use std::path::Path;

async fn rocks(path: &Path) -> Result<Option<Vec<u8>>, rocksdb::Error> {
    let db = rocksdb::DB::open_default(path)?;
    //~^ blocking::database
    db.put(b"k", b"v")?;
    //~^ blocking::database
    db.get(b"k")
    //~^ blocking::database
}

struct Store {
    db: std::sync::Arc<rocksdb::DB>,
}

async fn from_state(store: &Store) {
    let _ = store.db.flush();
    //~^ blocking::database
}

async fn redb_write(db: &redb::Database) -> Result<(), redb::Error> {
    let tx = db.begin_write()?;
    //~^ blocking::database
    tx.commit()?;
    //~^ blocking::database
    Ok(())
}

async fn lmdb(dir: &Path) -> heed::Result<()> {
    let env = unsafe { heed::EnvOpenOptions::new().map_size(1 << 30).open(dir)? };
    //~^ blocking::database
    let wtxn = env.write_txn()?;
    //~^ blocking::database
    wtxn.commit()
    //~^ blocking::database
}

async fn analytics(path: &Path) -> duckdb::Result<i64> {
    let conn = duckdb::Connection::open(path)?;
    //~^ blocking::database
    conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
    //~^ blocking::database
}

// Look-alikes.

async fn offloaded(db: std::sync::Arc<rocksdb::DB>) {
    let _ = tokio::task::spawn_blocking(move || db.get(b"k")).await;
}

async fn a_map(map: std::collections::HashMap<String, String>) -> Option<String> {
    map.get("k").cloned()
}

async fn async_store(client: redis::aio::MultiplexedConnection) {
    // An async client's `get`, awaited.
    let _: Option<String> = redis::AsyncCommands::get(&mut client.clone(), "k").await.ok();
}

async fn redb_read(db: &redb::Database) -> bool {
    // A read transaction takes a snapshot: it does not wait for writers.
    db.begin_read().is_ok()
}
