// actix-web: routes registered in `ServiceConfig` functions, handed to `App::configure` or to a
// scope's `configure`, are served under the scope's path.
use actix_web::{App, HttpResponse, web};

async fn list_items() -> HttpResponse {
    let _ = std::fs::read("items.json");
    //~^ blocking::fs
    HttpResponse::Ok().finish()
}

async fn health() -> HttpResponse {
    std::thread::sleep(std::time::Duration::from_millis(5));
    //~^ blocking::sleep
    HttpResponse::Ok().finish()
}

fn items(cfg: &mut web::ServiceConfig) {
    cfg.route("/items", web::get().to(list_items));
}

fn probes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/health").route(web::get().to(health)));
}

pub fn app() -> App<()> {
    App::new()
        .configure(probes)
        .service(web::scope("/api/v1").configure(items))
}
