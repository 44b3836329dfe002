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
    let _span = tracing::info_span!("load", size = std::fs::metadata("x").unwrap().len());
    //~^ blocking::fs
    let _err = eyre::eyre!("bad: {:?}", std::fs::read_dir("x"));
    //~^ blocking::fs
}

// serde_json's document: its values are expressions, in objects and arrays however nested.
async fn json_body(path: &std::path::Path) -> serde_json::Value {
    serde_json::json!({
        "name": "report",
        "size": std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        //~^ blocking::fs
        "parts": [1, { "body": std::fs::read_to_string(path).unwrap_or_default() }],
        //~^ blocking::fs
        "kind": serde_json::Value::Null,
    })
}

// Look-alikes.

async fn json_in_memory(name: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "exists": true, "list": [name.len(), 2] })
}

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
