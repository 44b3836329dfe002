pub mod users {
    use std::time::Duration;

    pub async fn list() -> String {
        std::fs::read_to_string("users.json").unwrap_or_default()
        //~^ blocking::fs
    }

    pub async fn create() {
        std::thread::sleep(Duration::from_millis(5));
        //~^ blocking::sleep
    }

    pub async fn show() -> String {
        crate::handlers::reports::render().await
    }

    /// Named like a handler, routed nowhere.
    pub async fn list_archived() -> String {
        std::fs::read_to_string("archive.json").unwrap_or_default()
        //~^ blocking::fs
    }
}

pub mod reports {
    pub async fn daily() {
        let _ = std::fs::read_dir("reports");
        //~^ blocking::fs
    }

    pub async fn render() -> String {
        std::fs::read_to_string("report.html").unwrap_or_default()
        //~^ blocking::fs
    }
}
