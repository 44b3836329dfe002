// A bench target is test code too.
async fn warm_up() {
    std::fs::read("corpus.bin").unwrap();
}

fn main() {
    let _ = warm_up();
}
