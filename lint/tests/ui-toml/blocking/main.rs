mod sdk {
    pub struct Client;

    impl Client {
        pub fn new() -> Client {
            Client
        }

        pub fn fetch(&self, _key: &str) -> String {
            String::new()
        }

        /// Not listed: not reported.
        pub fn name(&self) -> &str {
            "client"
        }
    }

    pub fn load_settings() -> String {
        String::new()
    }
}

async fn handle() -> String {
    let settings = sdk::load_settings();
    let client = sdk::Client::new();
    let value = client.fetch(&settings);
    format!("{}{value}", client.name())
}

/// Sync code of the crate calling a listed function: async callers are reported through it.
fn settings_twice() -> String {
    sdk::load_settings() + &sdk::load_settings()
}

async fn reload() -> String {
    settings_twice()
}

async fn count(conn: &legacy_db::Connection) -> usize {
    conn.query_sync("select count(*) from users")
}

fn main() {}
