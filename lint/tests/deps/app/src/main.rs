//! Async code calling the fake dependencies: each `//~` marker names the finding expected on the
//! line above; lines without one must stay silent.

async fn notify_user() {
    let transport = mailer::Transport::new("smtp.example.com:25");
    let _ = transport.send("hello");
    //~^ blocking::net
    let _ = transport.send_async("hello").await;
}

async fn typed_by_the_dependency() {
    let transport = mailer::transport("smtp.example.com:25");
    let _ = transport.send("hello");
    //~^ blocking::net
}

async fn free_function() {
    let _ = mailer::send_mail("smtp.example.com:25", "hello");
    //~^ blocking::net
}

async fn through_a_helper() {
    warn_admins();
    //~^ blocking::net
}

fn warn_admins() {
    notifier::alert("disk full");
}

async fn offloaded() {
    offload::save(vec![1, 2, 3]);
    let _hook = offload::hook();
}

async fn dropped() {
    let guard = dropper::guard("app.lock");
    drop(guard);
    let _ = dropper::checked(Ok(1));
}

async fn generic(data: &[u8]) -> usize {
    reader::count(data)
}

async fn generic_over_the_crates_own_trait(text: String) -> usize {
    reader::length(reader::InMemory(text))
}

async fn through_a_trait_object(text: String) -> usize {
    let shelf = reader::Shelf::new(Box::new(reader::InMemory(text)));
    shelf.read()
}

async fn through_a_trait_object_every_impl_of_which_blocks() {
    let recorder = reader::Recorder::new(Box::new(reader::Append("audit.log".into())));
    recorder.record(b"login");
    //~^ blocking::fs
}

async fn opens_a_file() -> usize {
    reader::count_file("notes.txt")
    //~^ blocking::fs
}

async fn platform_module() -> String {
    platform::hostname()
    //~^ blocking::fs
}

async fn platform_alias() -> bool {
    platform::watcher().watch("src")
    //~^ blocking::fs
}

async fn function_value() -> usize {
    platform::read_all(&["a.txt"]).len()
    //~^ blocking::fs
}

fn main() {}
