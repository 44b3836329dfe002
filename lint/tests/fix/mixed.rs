// --fix round trip: machine-applicable fixes go in, everything else stays a finding.
// `//~^ fixed RULE` marks a finding --fix removes, `//~^ RULE` one that remains after it
// (`^^`: two lines up).
use std::fs;
use std::path::Path;
use std::thread;
use std::time::Duration;

async fn sleeps() {
    std::thread::sleep(Duration::from_millis(10));
    //~^ fixed blocking::sleep
    thread::sleep(Duration::from_millis(10));
    //~^ fixed blocking::sleep
}

async fn reads(p: &Path) -> std::io::Result<String> {
    fs::create_dir_all(p)?;
    //~^ fixed blocking::fs
    let bytes = std::fs::read(p)?;
    //~^ fixed blocking::fs
    std::fs::write(p, &bytes)?;
    //~^ fixed blocking::fs
    std::fs::read_to_string(p)
    //~^ fixed blocking::fs
}

async fn nested(p: &Path, q: &Path) -> std::io::Result<u64> {
    // Two suggestions, one inside the other: their edits do not touch, so both go in.
    std::fs::write(q, std::fs::read(p)?)?;
    //~^ fixed blocking::fs
    //~^^ fixed blocking::fs
    std::fs::copy(p, q)
    //~^ fixed blocking::fs
}

async fn turbofish() -> std::io::Result<Vec<u8>> {
    // tokio's `read` takes `impl AsRef<Path>`: the generic arguments go with the path.
    std::fs::read::<&str>("data.bin")
    //~^ fixed blocking::fs
}

fn spawns() {
    tokio::spawn(async move {
        std::thread::sleep(Duration::from_millis(1));
        //~^ fixed blocking::sleep
    });
}

async fn async_closure() {
    let nap = async || std::thread::sleep(Duration::from_millis(1));
    //~^ fixed blocking::sleep
    nap().await;
}

async fn sync_closure_async_body(items: Vec<u64>) {
    let tasks: Vec<_> = items
        .into_iter()
        .map(|ms| async move {
            std::thread::sleep(Duration::from_millis(ms));
            //~^ fixed blocking::sleep
        })
        .collect();
    drop(tasks);
}

// What stays: each of these is still reported after --fix, and left as written.

async fn sync_closure_called_inline(items: Vec<u64>) {
    // `.await` cannot go inside the sync closure.
    items
        .iter()
        .for_each(|ms| std::thread::sleep(Duration::from_millis(*ms)));
    //~^ blocking::sleep
    let _: Vec<()> = items.iter().map(|_| std::thread::sleep(Duration::ZERO)).collect();
    //~^ blocking::sleep
}

async fn different_result_type(p: &Path) -> usize {
    // `tokio::fs::ReadDir` is no iterator.
    std::fs::read_dir(p).unwrap().count()
    //~^ blocking::fs
}

async fn inside_a_macro(p: &Path) {
    println!("{}", std::fs::read_to_string(p).unwrap());
    //~^ blocking::fs
}

async fn suppressed() {
    // blocking-lint: allow(sleep) -- measured: under a microsecond
    std::thread::sleep(Duration::from_nanos(1));
}

async fn no_suggestion(p: &Path) -> bool {
    p.exists()
    //~^ blocking::fs
}

fn helper() {
    std::thread::sleep(Duration::from_millis(1));
}

async fn through_a_sync_fn() {
    // The blocking call is in the sync fn, where `.await` cannot go.
    helper();
    //~^ blocking::sleep
}

fn sync_code() {
    std::thread::sleep(Duration::from_millis(1));
}
