// Transitive findings through a helper that blocks only for some arguments: a caller that passes
// `None` or `false` where the helper needs a value to block does not reach the blocking call.
use std::time::Duration;

struct Send {
    hash: Option<String>,
}

fn hash(password: &str) -> String {
    std::thread::sleep(Duration::from_millis(100));
    password.to_string()
}

impl Send {
    fn set_password(&mut self, password: Option<&str>) {
        if let Some(password) = password {
            self.hash = Some(hash(password));
        } else {
            self.hash = None;
        }
    }

    fn save(&self, flush: bool) {
        if flush {
            std::fs::write("send.json", "{}").unwrap();
        }
    }

    fn rename(&self, name: Option<&str>) {
        match name {
            Some(name) => std::fs::write("name", name).unwrap(),
            None => {}
        }
    }
}

fn load(path: Option<&str>, also: bool) -> String {
    if also && let Some(path) = path.as_deref() {
        return std::fs::read_to_string(path).unwrap_or_default();
    }
    String::new()
}

async fn clear(send: &mut Send) {
    send.set_password(None);
    send.save(false);
    send.rename(None);
    load(None, true);
    load(Some("a"), false);
}

// The same helpers, given values: still reported.

async fn set(send: &mut Send, password: &str, name: Option<&str>) {
    send.set_password(Some(password));
    //~^ blocking::sleep
    send.save(true);
    //~^ blocking::fs
    send.rename(name);
    //~^ blocking::fs
    Send::set_password(send, Some(password));
    //~^ blocking::sleep
    load(Some("a"), true);
    //~^ blocking::fs
}

// Look-alikes: what the `None` does not switch off.

fn rebound(password: Option<&str>) {
    let password = password.or(Some("default"));
    if let Some(password) = password {
        hash(password);
    }
}

fn only_one_branch(password: Option<&str>) {
    if let Some(password) = password {
        hash(password);
    }
    std::fs::write("log", "").unwrap();
}

fn none_branch(password: Option<&str>) {
    if password.is_none() {
        hash("");
    }
}

fn set_again(mut password: Option<&str>) {
    if password.is_none() {
        password = Some("default");
    }
    if let Some(password) = password {
        hash(password);
    }
}

async fn look_alikes() {
    set_again(None);
    //~^ blocking::sleep
    rebound(None);
    //~^ blocking::sleep
    only_one_branch(None);
    //~^ blocking::fs
    none_branch(None);
    //~^ blocking::sleep
}

fn main() {}
