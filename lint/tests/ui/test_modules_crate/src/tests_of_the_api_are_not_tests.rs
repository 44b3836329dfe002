// Declared without `cfg(test)`: product code, whatever its name says.
pub async fn ping() {
    std::fs::read("ping").unwrap();
    //~^ blocking::fs
}
