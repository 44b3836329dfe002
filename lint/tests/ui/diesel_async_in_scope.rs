// diesel and diesel-async name their query trait alike. A file that globs diesel's prelude and
// imports diesel-async's `RunQueryDsl` by name has only diesel-async's in scope: the name
// imported shadows the glob's, as rustc resolves it. Its queries are async, even boxed into
// `try_join!` without an `.await` of their own. A module that keeps diesel's trait blocks.

mod async_queries {
    use diesel::prelude::*;
    use diesel_async::{AsyncPgConnection, RunQueryDsl};
    use futures_util::FutureExt;

    pub async fn summary(conn: &mut AsyncPgConnection) {
        let _ = tokio::try_join!(
            crates::table.count().get_result::<i64>(&mut *conn).boxed(),
            versions::table.count().get_result::<i64>(&mut *conn).boxed(),
        );
    }
}

mod sync_queries {
    use diesel::prelude::*;

    pub async fn summary(conn: &mut PgConnection) {
        let _ = crates::table.count().get_result::<i64>(conn);
        //~^ blocking::database
    }
}

fn main() {}
