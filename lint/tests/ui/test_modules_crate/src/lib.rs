// Linting paths, each file is read alone; the declarations here decide which of the others are
// test code.
#[cfg(test)]
mod helpers;
pub mod tests_of_the_api_are_not_tests;
pub mod store;

pub async fn product() {
    std::fs::read("data.bin").unwrap();
    //~^ blocking::fs
}
