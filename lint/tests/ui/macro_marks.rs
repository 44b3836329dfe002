// Calls inside macros, one after another: marks made on one macro's parsed expressions (an
// awaited call inside it) do not carry over to the next macro's, which may be allocated where
// the first one's were.
use std::time::Duration;

struct Store;
impl Store {
    fn commit(&self) -> Result<(), ()> {
        std::thread::sleep(Duration::from_millis(5));
        Ok(())
    }
    async fn ready(&self) -> Result<(), ()> {
        Ok(())
    }
}

async fn many(store: &Store) {
    assert!(store.ready().await.is_ok());
    assert!(store.commit().is_ok());
    //~^ blocking::sleep
    assert!(store.ready().await.is_ok());
    assert!(store.commit().is_ok());
    //~^ blocking::sleep
    assert!(store.ready().await.is_ok());
    assert!(store.commit().is_ok());
    //~^ blocking::sleep
    assert!(store.ready().await.is_ok());
    assert!(store.commit().is_ok());
    //~^ blocking::sleep
    assert!(store.ready().await.is_ok());
    assert!(store.commit().is_ok());
    //~^ blocking::sleep
    assert!(store.ready().await.is_ok());
    assert!(store.commit().is_ok());
    //~^ blocking::sleep
    assert!(store.ready().await.is_ok());
    assert!(store.commit().is_ok());
    //~^ blocking::sleep
    assert!(store.ready().await.is_ok());
    assert!(store.commit().is_ok());
    //~^ blocking::sleep
}
