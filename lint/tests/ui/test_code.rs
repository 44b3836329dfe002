// Test code is not reported, however it is marked: a blocking call there stalls nobody but the
// test. The product code beside it still is. See `--explain test-code`.
use std::time::Duration;

async fn product_code() {
    std::thread::sleep(Duration::from_millis(10));
    //~^ blocking::sleep
}

#[sqlx::test]
async fn a_test_of_another_crate() {
    std::thread::sleep(Duration::from_millis(10));
}

#[my_crate_test]
async fn a_test_by_a_home_made_attribute() {
    std::thread::sleep(Duration::from_millis(10));
}

#[test_case(1)]
#[test_case(2)]
fn a_parametrised_test(n: u64) {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(async { std::thread::sleep(Duration::from_millis(n)) });
}

#[cfg(test)]
async fn a_helper_only_tests_compile() {
    std::thread::sleep(Duration::from_millis(10));
}

#[cfg(all(test, feature = "slow"))]
mod slow_tests {
    pub async fn helper() {
        std::fs::read("fixture.json").unwrap();
    }
}

#[cfg(any(test, feature = "test-utils"))]
pub mod test_support {
    pub async fn seed() {
        std::fs::write("seed.db", b"").unwrap();
    }
}

pub struct Store;

#[cfg(test)]
impl Store {
    async fn fake() -> Self {
        std::thread::sleep(Duration::from_millis(1));
        Store
    }
}

impl Store {
    #[cfg(test)]
    async fn reset(&self) {
        std::fs::remove_file("store.db").unwrap();
    }

    async fn load(&self) -> Vec<u8> {
        std::fs::read("store.db").unwrap()
        //~^ blocking::fs
    }
}

// Look-alikes that are product code: not only in tests, or not a test attribute.
#[cfg(any(test, feature = "server"))]
async fn also_in_production_builds() {
    std::thread::sleep(Duration::from_millis(10));
    //~^ blocking::sleep
}

#[cfg(not(test))]
async fn only_in_production_builds() {
    std::thread::sleep(Duration::from_millis(10));
    //~^ blocking::sleep
}

#[attest]
async fn an_attribute_that_only_ends_in_test_letters() {
    std::thread::sleep(Duration::from_millis(10));
    //~^ blocking::sleep
}
