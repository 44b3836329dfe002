// A primitive type is never a glob's guess. Under `use crate::schema::*`, `s: &str` is `str`:
// its `split` is `str::split`, not the crate's blocking `jobs::split`, which only a path call
// reaches.

mod schema {
    pub struct Users;
}

mod jobs {
    pub fn split(path: &str) -> Vec<u8> {
        std::fs::read(path).unwrap()
    }
}

mod handlers {
    use crate::schema::*;

    pub async fn include(s: &str, n: u64) -> usize {
        let _ = Users;
        s.split(',').count() + n.count_ones() as usize
    }

    pub async fn archive(path: &str) -> usize {
        crate::jobs::split(path).len()
        //~^ blocking::fs
    }
}

fn main() {}
