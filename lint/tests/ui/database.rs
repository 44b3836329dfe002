// blocking::database: synchronous database clients and pools.
use axum::extract::State;
use diesel::prelude::*;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;
use std::sync::{Arc, Mutex};

type Pool = r2d2::Pool<SqliteConnectionManager>;

async fn extractor(State(pool): State<r2d2::Pool<SqliteConnectionManager>>) -> i64 {
    let conn = pool.get().unwrap();
    //~^ blocking::database
    conn.query_row("select 1", [], |r| r.get(0)).unwrap()
    //~^ blocking::database
}

async fn open_here() {
    let conn = Connection::open("app.db").unwrap();
    //~^ blocking::database
    conn.execute("delete from t", []).unwrap();
    //~^ blocking::database
}

struct AppState {
    db: Mutex<Connection>,
}

async fn behind_a_std_mutex(State(state): State<Arc<AppState>>) {
    state.db.lock().unwrap().execute_batch("vacuum").unwrap();
    //~^ blocking::database
}

async fn diesel_sync(conn: &mut PgConnection) {
    let _ = users::table.load::<User>(conn);
    //~^ blocking::database
}

// Look-alikes.

async fn offloaded(pool: Pool) {
    tokio::task::spawn_blocking(move || {
        let conn = pool.get().unwrap();
        conn.execute("delete from t", []).unwrap();
    })
    .await
    .unwrap();
}

async fn settings_only(conn: &Connection) {
    // A callback or a timeout is kept for later statements: setting one does no I/O.
    conn.progress_handler(1000, None::<fn() -> bool>);
    let _ = conn.busy_timeout(std::time::Duration::from_secs(1));
}

async fn sqlx(pool: sqlx::PgPool) {
    let _ = sqlx::query("select 1").execute(&pool).await;
}

async fn unknown_pool(pool: SomePool) {
    // `get` on an unknown receiver is not r2d2's.
    let _ = pool.get();
    let _ = pool.get().await;
}

fn sync_query(conn: &Connection) {
    conn.execute("delete from t", []).unwrap();
}

type DbPool = diesel::r2d2::Pool<diesel::r2d2::ConnectionManager<PgConnection>>;

async fn actix_handler(pool: actix_web::web::Data<DbPool>) {
    let mut conn = pool.get().expect("a connection");
    //~^ blocking::database
    let _ = diesel::sql_query("select 1").execute(&mut conn);
    //~^ blocking::database
}

async fn actix_offloaded(pool: actix_web::web::Data<DbPool>) {
    let _ = actix_web::web::block(move || pool.get().map(|_| ())).await;
}

struct Db(r2d2::Pool<SqliteConnectionManager>);

impl Db {
    async fn count(&self) -> i64 {
        let conn = self.0.get().unwrap();
        //~^ blocking::database
        conn.query_row("select 1", [], |r| r.get(0)).unwrap()
        //~^ blocking::database
    }
}

struct Repo {
    pool: r2d2::Pool<SqliteConnectionManager>,
}

impl Repo {
    fn conn(&self) -> r2d2::PooledConnection<SqliteConnectionManager> {
        self.pool.get().unwrap()
    }

    async fn list(&self) {
        self.conn().execute("select 1", []).ok();
        //~^ blocking::database
        //~^^ blocking::database
    }
}
