//@ flags: --include-tests
// `--include-tests` lints test code as if it were the product.
use std::time::Duration;

#[tokio::test]
async fn a_test() {
    std::thread::sleep(Duration::from_millis(10));
    //~^ blocking::sleep
}

#[cfg(test)]
mod tests {
    async fn helper() {
        std::fs::read("fixture.json").unwrap();
        //~^ blocking::fs
    }
}
