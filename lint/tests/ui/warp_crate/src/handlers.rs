// Sync functions: warp's `.map(h)` calls them on the worker that polls the request, so their
// blocking calls are reported where the filter hands them over, with the route.

pub fn list_reports() -> String {
    std::fs::read_to_string("reports/index.json").unwrap_or_default()
}

pub fn export_report(name: String) -> String {
    render(&name)
}

fn render(name: &str) -> String {
    let out = std::process::Command::new("pandoc").arg(name).output();
    out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

pub fn status() -> &'static str {
    "ok"
}
