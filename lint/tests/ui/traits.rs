// A call through a trait of the crate (on `dyn Trait`, `impl Trait`, a generic `T: Trait`, or
// `self` in a default method) may run any of its impls: a blocking impl makes the call a
// transitive finding, and the note says which impls block and whether all of them do.
use std::sync::Arc;

pub trait Backend: Send + Sync {
    fn backup(&self, to: &str);
    fn name(&self) -> &str;

    fn snapshot(&self) {
        // A default body calling a method of the trait: the impls decide.
        self.backup("snapshot.db");
    }
}

pub struct Sqlite;
pub struct Memory;

impl Backend for Sqlite {
    fn backup(&self, to: &str) {
        std::fs::copy("live.db", to).unwrap();
    }
    fn name(&self) -> &str {
        "sqlite"
    }
}

impl Backend for Memory {
    fn backup(&self, _to: &str) {}
    fn name(&self) -> &str {
        "memory"
    }
}

async fn through_dyn(backend: Arc<dyn Backend>) {
    backend.backup("nightly.db");
    //~^ blocking::fs
}

async fn through_impl(backend: &impl Backend) {
    backend.snapshot();
    //~^ blocking::fs
}

async fn through_a_generic<B>(backend: B)
where
    B: Backend,
{
    backend.backup("weekly.db");
    //~^ blocking::fs
}

async fn a_method_no_impl_blocks_in(backend: &dyn Backend) -> usize {
    backend.name().len()
}

pub trait Clock {
    fn now(&self) -> u64;
}

pub struct System;

impl Clock for System {
    fn now(&self) -> u64 {
        7
    }
}

async fn a_trait_whose_impls_never_block(clock: &dyn Clock) -> u64 {
    clock.now()
}

pub trait Exporter {
    fn export(&self);
}

pub struct Csv;
pub struct Json;

impl Exporter for Csv {
    fn export(&self) {
        std::fs::write("out.csv", "").unwrap();
    }
}

impl Exporter for Json {
    fn export(&self) {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

async fn every_impl_blocks(exporter: Box<dyn Exporter>) {
    exporter.export();
    //~^ blocking::sleep
}

pub trait Store {
    fn backup(&self);
}

pub trait Database {
    type Txn: Store;
    fn txn(&self) -> Self::Txn;
}

pub struct Sled;

impl Store for Sled {
    fn backup(&self) {
        std::fs::copy("sled.db", "sled.bak").unwrap();
    }
}

async fn through_an_associated_type(db: &dyn Database<Txn = Sled>) {
    db.txn().backup();
    //~^ blocking::fs
}
