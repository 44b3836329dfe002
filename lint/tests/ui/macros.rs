// Bodies of well-known macros are checked like other code; unknown macros are skipped.
use std::time::Duration;

async fn joined() {
    let _ = tokio::join!(
        async { std::thread::sleep(Duration::from_millis(1)) },
        //~^ blocking::sleep
        tokio::time::sleep(Duration::from_millis(1)),
    );
}

async fn formatted() {
    println!("{:?}", std::fs::read_to_string("x"));
    //~^ blocking::fs
    let _v = vec![std::fs::read("x")];
    //~^ blocking::fs
    assert!(std::path::Path::new("x").exists(), "missing");
    //~^ blocking::fs
}

// Look-alikes.

async fn unknown_macro() {
    my_macro!(std::thread::sleep(Duration::from_millis(1)));
}

async fn not_an_expression() {
    tracing::info!(target: "app", ?x, %y, "nothing blocks here");
}

async fn futures_select(mut a: Fut, mut b: Fut) {
    futures::select! {
        x = a => std::thread::sleep(Duration::from_millis(1)),
        //~^ blocking::sleep
        default => std::thread::sleep(Duration::from_millis(2)),
        //~^ blocking::sleep
        complete => {}
    }
}
