// blocking::channel: blocking receives and sends.
use std::sync::mpsc;

async fn std_recv() {
    let (tx, rx) = mpsc::channel::<u8>();
    tx.send(1).unwrap();
    let _ = rx.recv();
    //~^ blocking::channel
}

/// The crate's own channel constructor: the pair it returns is typed part by part.
fn work_queue() -> (mpsc::Sender<u8>, mpsc::Receiver<u8>) {
    mpsc::channel()
}

async fn own_pair() {
    let (_tx, rx) = work_queue();
    let _ = rx.recv();
    //~^ blocking::channel
}

async fn typed_receiver(rx: mpsc::Receiver<u8>) {
    for _ in rx.iter() {}
    //~^ blocking::channel
}

async fn crossbeam() {
    let (_tx, rx) = crossbeam_channel::unbounded::<u8>();
    let _ = rx.recv_timeout(std::time::Duration::from_secs(1));
    //~^ blocking::channel
}

async fn tokio_blocking_variants(mut rx: tokio::sync::mpsc::Receiver<u8>, tx: tokio::sync::mpsc::Sender<u8>) {
    let _ = rx.blocking_recv();
    //~^ blocking::channel
    let _ = tx.blocking_send(1);
    //~^ blocking::channel
}

// Look-alikes.

async fn tokio_recv(mut rx: tokio::sync::mpsc::Receiver<u8>) {
    let _ = rx.recv().await;
}

async fn try_recv_does_not_wait(rx: mpsc::Receiver<u8>) {
    let _ = rx.try_recv();
}

async fn unbounded_send_does_not_wait(tx: mpsc::Sender<u8>) {
    let _ = tx.send(1);
}

fn sync_recv(rx: mpsc::Receiver<u8>) {
    let _ = rx.recv();
}
