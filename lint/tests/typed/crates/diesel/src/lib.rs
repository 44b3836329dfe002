//! A stand-in for diesel: a sync `RunQueryDsl` whose `load` waits for the database, re-exported
//! from the prelude as the real one is.

pub mod query_dsl {
    pub trait RunQueryDsl<Conn>: Sized {
        fn load<U: Default>(self, _conn: &mut Conn) -> Result<Vec<U>, ()> {
            Ok(vec![U::default()])
        }
    }
}

pub mod prelude {
    pub use crate::query_dsl::RunQueryDsl;
}

pub use query_dsl::RunQueryDsl;

/// A query, and the connection it runs on.
pub struct Users;
pub struct PgConnection;

impl<Conn> RunQueryDsl<Conn> for Users {}
