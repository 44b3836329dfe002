pub struct Journal;

impl Journal {
    pub async fn append(&self, line: &str) {
        std::fs::write("journal.log", line).unwrap();
        //~^ blocking::fs
    }

    pub async fn compact(&self) {
        std::fs::remove_file("journal.old").unwrap();
        //~^ blocking::fs
    }
}
