//! Receivers only their types tell. Each `//~^` marker names the finding expected on the line
//! above (`//~^^`: two lines up), as clippy's UI tests write them: with `(types)` after it, only with
//! `--types`; with `(syntax)`, only without (a false positive the types remove). Lines without a
//! marker stay silent in both modes.

mod journal;
mod store;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use store::{Extensions, find_user, open_log, uploads};

pub async fn let_else(name: &str) -> bool {
    let Some(user) = find_user(name).await else {
        return false;
    };
    user.home.exists()
    //~^ blocking::fs (types)
}

pub async fn if_let() {
    if let Ok(mut log) = open_log().await {
        let _ = log.write_all(b"started\n");
        //~^ blocking::fs (types)
    }
}

pub async fn match_arms() -> String {
    let mut text = String::new();
    match open_log().await {
        Ok(mut log) => {
            let _ = log.read_to_string(&mut text);
            //~^ blocking::fs (types)
        }
        Err(e) => text = e.to_string(),
    }
    text
}

pub async fn while_let() -> usize {
    let mut queue = uploads();
    let mut found = 0;
    while let Some(path) = queue.pop() {
        if path.is_file() {
            //~^ blocking::fs (types)
            found += 1;
        }
    }
    found
}

pub async fn closure_parameters() -> usize {
    uploads().iter().filter(|p| p.exists()).count()
    //~^ blocking::fs (types)
}

pub async fn generic_return(ext: &Extensions) -> bool {
    let dir = ext.get::<std::path::PathBuf>().unwrap();
    dir.is_dir()
    //~^ blocking::fs (types)
}

pub async fn impl_as_ref(path: impl AsRef<Path>) -> bool {
    path.as_ref().exists()
    //~^ blocking::fs (types)
}

pub async fn std_adapters(shared: Arc<std::path::PathBuf>) -> bool {
    let own = Arc::clone(&shared);
    let first = uploads().first().cloned();
    own.exists() && first.as_ref().is_some_and(|p| p.is_file())
    //~^ blocking::fs
    //~^^ blocking::fs (types)
}

pub async fn inside_a_macro() -> String {
    let path = uploads().remove(0);
    format!("{}", path.exists())
    //~^ blocking::fs (types)
}

/// A stand-in for tokio's `join!`: one future per recursion of its expansion, so the last of
/// seven is eight expansions down.
macro_rules! join {
    (@ [$($done:expr,)*]) => { ($($done.await,)*) };
    (@ [$($done:expr,)*] $next:expr, $($rest:expr,)*) => { join!(@ [$($done,)* $next,] $($rest,)*) };
    ($($e:expr),* $(,)?) => { join!(@ [] $($e,)*) };
}

pub async fn deep_in_a_macro() -> bool {
    let path = uploads().remove(0);
    let ok = std::future::ready(true);
    let all = join!(ok, std::future::ready(1), std::future::ready(2), std::future::ready(3),
        std::future::ready(4), std::future::ready(5), std::future::ready(path.exists()));
    //~^ blocking::fs (types)
    all.0 && all.6
}

// Look-alikes: the same names on types that do no I/O.

pub struct Cache;

impl Cache {
    pub fn exists(&self) -> bool {
        true
    }
}

pub async fn same_name_other_type(cache: &Cache) -> bool {
    let Some(c) = Some(cache) else { return false };
    c.exists()
}

pub async fn in_memory(bytes: Vec<u8>) -> usize {
    let mut text = String::new();
    let Ok(n) = bytes.as_slice().read_to_string(&mut text) else {
        return 0;
    };
    n
}

pub mod sync_diesel {
    use diesel::prelude::*;
    use diesel::{PgConnection, Users};

    pub async fn list(conn: &mut PgConnection) -> usize {
        Users.load::<u32>(conn).map(|v| v.len()).unwrap_or(0)
        //~^ blocking::database
    }
}

pub mod async_diesel {
    // diesel's prelude for its query builder, and diesel-async's `RunQueryDsl` for running the
    // queries: the explicit import shadows the glob's trait of the same name. The types say
    // which trait `load` comes from; the syntax follows the shadowing (ui/diesel_async_in_scope).
    #[allow(unused_imports)]
    use diesel::prelude::*;
    use diesel::{PgConnection, Users};
    use diesel_async::RunQueryDsl;

    pub async fn list(conn: &mut PgConnection) -> usize {
        let pending = Box::pin(Users.load::<u32>(conn));
        pending.await.map(|v| v.len()).unwrap_or(0)
    }
}

fn main() {}
