// A lazily initialised static runs its initialiser on its first use: touched from async code,
// a blocking initialiser blocks that worker the first time, and every other toucher waits for
// it. The touch is reported, with a note pointing at the initialiser.
use std::sync::{LazyLock, OnceLock};

static CONFIG: LazyLock<String> =
    LazyLock::new(|| std::fs::read_to_string("/etc/app.toml").unwrap());

static MANIFEST: once_cell::sync::Lazy<Vec<u8>> =
    once_cell::sync::Lazy::new(|| std::fs::read("/srv/manifest.json").unwrap());

lazy_static::lazy_static! {
    static ref KEYS: Vec<u8> = load_keys();
    pub static ref GREETING: String = String::from("hello");
}

fn load_keys() -> Vec<u8> {
    std::fs::read("/etc/keys.pem").unwrap()
}

// Computed in memory: nothing blocks.
static TABLE: LazyLock<Vec<u32>> = LazyLock::new(|| (0..256).collect());
const LIMIT: usize = 10;

async fn handler() -> usize {
    let config = &*CONFIG;
    //~^ blocking::fs
    let manifest = MANIFEST.len();
    //~^ blocking::fs
    let keys = KEYS.len();
    //~^ blocking::fs
    config.len() + manifest + keys + GREETING.len() + TABLE.len() + LIMIT
}

// `OnceLock::get_or_init` runs its closure right there, in the async fn.
static SECRET: OnceLock<Vec<u8>> = OnceLock::new();

async fn secret() -> usize {
    SECRET
        .get_or_init(|| std::fs::read("/etc/secret").unwrap())
        //~^ blocking::fs
        .len()
}

// Touched only from sync code: not this lint's business.
fn sync_user() -> usize {
    CONFIG.len()
}

fn main() {}
