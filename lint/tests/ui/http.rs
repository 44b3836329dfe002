// blocking::http: synchronous HTTP clients.

async fn reqwest_blocking(url: &str) -> String {
    reqwest::blocking::get(url).unwrap().text().unwrap()
    //~^ blocking::http
}

async fn reqwest_blocking_client(url: &str) {
    let client = reqwest::blocking::Client::new();
    //~^ blocking::http
    let _ = client.get(url).header("a", "b").send();
    //~^ blocking::http
}

async fn ureq_call(url: &str) {
    let _ = ureq::get(url).set("x", "y").call();
    //~^ blocking::http
}

// Look-alikes.

async fn reqwest_async(url: &str) -> String {
    let client = reqwest::Client::new();
    client.get(url).send().await.unwrap().text().await.unwrap()
}

async fn some_builder(b: Builder) {
    // An unknown receiver's `send` is not assumed to be HTTP.
    b.send();
}

fn sync_fetch(url: &str) {
    let _ = ureq::get(url).call();
}
