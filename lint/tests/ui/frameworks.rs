// Request handlers beyond axum's routers: actix-web's (and rocket's) route attributes, and the
// methods of a tonic service. Their findings are denied as every handler's are, with the route.
use actix_web::{HttpResponse, get, post, route, web};

#[get("/users/{id}")]
async fn show(id: web::Path<u32>) -> HttpResponse {
    let _ = std::fs::read(format!("users/{id}.json"));
    //~^ blocking::fs
    HttpResponse::Ok().finish()
}

#[route("/items", method = "PUT", method = "PATCH")]
async fn update() -> HttpResponse {
    std::thread::sleep(std::time::Duration::from_millis(5));
    //~^ blocking::sleep
    HttpResponse::Ok().finish()
}

#[post("/reports")]
async fn offloaded() -> HttpResponse {
    // The fix: actix's own blocking pool.
    let _ = web::block(|| std::fs::read("report.pdf")).await;
    HttpResponse::Ok().finish()
}

mod cache {
    // A `get` that is not a route: its argument is no path.
    pub use std::convert::identity as get;
}

#[cache::get(7)]
async fn not_a_route() {
    let _ = std::fs::read("x");
    //~^ blocking::fs
}

pub mod greeter_server {
    #[tonic::async_trait]
    pub trait Greeter: Send + Sync + 'static {
        async fn say_hello(&self, name: String) -> String;
    }
}

struct Greetings;

#[tonic::async_trait]
impl greeter_server::Greeter for Greetings {
    async fn say_hello(&self, name: String) -> String {
        let template = std::fs::read_to_string("greeting.txt").unwrap();
        //~^ blocking::fs
        template.replace("{name}", &name)
    }
}

mod builders {
    use actix_web::{App, HttpResponse, web};

    pub fn app() -> App<()> {
        App::new()
            .service(
                web::resource("/orders/{id}")
                    .route(web::get().to(order))
                    .route(web::delete().to(cancel)),
            )
            .service(web::resource("/ping").to(ping))
            .route("/health", web::get().to(health))
            .service(
                web::scope("/admin")
                    .service(web::resource("/stats").route(web::get().to(stats)))
                    .route("/purge", web::post().to(purge)),
            )
    }

    async fn stats() -> HttpResponse {
        let _ = std::fs::read_dir("stats");
        //~^ blocking::fs
        HttpResponse::Ok().finish()
    }

    async fn purge() -> HttpResponse {
        let _ = std::fs::remove_dir_all("cache");
        //~^ blocking::fs
        HttpResponse::Ok().finish()
    }

    async fn order() -> HttpResponse {
        let _ = std::fs::read("orders.db");
        //~^ blocking::fs
        HttpResponse::Ok().finish()
    }

    async fn cancel() -> HttpResponse {
        std::thread::sleep(std::time::Duration::from_millis(1));
        //~^ blocking::sleep
        HttpResponse::Ok().finish()
    }

    async fn ping() -> HttpResponse {
        let _ = std::fs::metadata("ping");
        //~^ blocking::fs
        HttpResponse::Ok().finish()
    }

    async fn health() -> HttpResponse {
        let _ = std::fs::read_to_string("health.txt");
        //~^ blocking::fs
        HttpResponse::Ok().finish()
    }
}

mod poem_app {
    use poem::{Route, get, handler};

    pub fn app() -> Route {
        Route::new()
            .at("/reports/:id", get(report).delete(drop_report))
            .nest("/v1", Route::new().at("/ping", get(ping)))
    }

    #[handler]
    async fn report() -> String {
        std::fs::read_to_string("report.txt").unwrap_or_default()
        //~^ blocking::fs
    }

    #[handler]
    async fn drop_report() {
        let _ = std::fs::remove_file("report.txt");
        //~^ blocking::fs
    }

    #[handler]
    async fn ping() -> &'static str {
        std::thread::sleep(std::time::Duration::from_millis(1));
        //~^ blocking::sleep
        "pong"
    }
}

mod warp_app {
    use warp::Filter;

    pub fn routes() -> impl Filter {
        let user = warp::path!("users" / u32)
            .and(warp::get())
            .and_then(show_user);
        let upload = warp::path("upload").and(warp::post()).and_then(upload);
        // `.map(h)` runs a sync `h` per request, on the worker: a handler like the others.
        let greet = warp::path("hello").and(warp::get()).map(hello);
        let stats = warp::path("stats").map(|| {
            let _ = std::fs::read("stats.json");
            //~^ blocking::fs
            "ok"
        });
        user.or(upload).or(greet).or(stats)
    }

    fn hello() -> String {
        std::fs::read_to_string("greeting.txt").unwrap_or_default()
        //~^ blocking::fs
    }

    // An iterator's `map` runs its function where it is called: sync code here, not a handler.
    fn doubled(v: Vec<u32>) -> Vec<u32> {
        v.into_iter().map(double).collect()
    }

    fn double(x: u32) -> u32 {
        let _ = std::fs::read("factor");
        x * 2
    }

    async fn show_user(id: u32) -> Result<String, warp::Rejection> {
        Ok(std::fs::read_to_string(format!("users/{id}")).unwrap_or_default())
        //~^ blocking::fs
    }

    async fn upload() -> Result<&'static str, warp::Rejection> {
        std::thread::sleep(std::time::Duration::from_millis(1));
        //~^ blocking::sleep
        Ok("stored")
    }

    async fn not_a_route(x: Option<u32>) -> Option<u32> {
        // `and_then` on an Option is not a warp filter.
        let _ = std::fs::read("x");
        //~^ blocking::fs
        x.and_then(|v| v.checked_add(1))
    }
}

// warp filters built in one function and combined in another, as services split them by
// resource: each route is named with the path and method of the filters it is combined under.
mod warp_api {
    use warp::Filter;

    pub fn serve() -> impl Filter {
        let health = warp::path("health").and_then(health);
        health.or(warp::path("api").and(warp::path("v1")).and(todos().or(admin())))
    }

    fn todos() -> impl Filter {
        list().or(create()).boxed()
    }

    fn list() -> impl Filter {
        warp::path("todos").and(warp::get()).and_then(list_todos)
    }

    fn create() -> impl Filter {
        warp::path("todos").and(warp::post()).and_then(create_todo)
    }

    // The method comes from the filter it is combined after.
    fn admin() -> impl Filter {
        warp::get().and(warp::path("admin").and_then(admin_page))
    }

    async fn health() -> Result<&'static str, warp::Rejection> {
        std::thread::sleep(std::time::Duration::from_millis(1));
        //~^ blocking::sleep
        Ok("ok")
    }

    async fn list_todos() -> Result<String, warp::Rejection> {
        Ok(std::fs::read_to_string("todos.json").unwrap_or_default())
        //~^ blocking::fs
    }

    async fn create_todo() -> Result<&'static str, warp::Rejection> {
        std::fs::write("todos.json", b"[]").ok();
        //~^ blocking::fs
        Ok("created")
    }

    async fn admin_page() -> Result<String, warp::Rejection> {
        Ok(std::fs::read_to_string("admin.html").unwrap_or_default())
        //~^ blocking::fs
    }

    // `Option::or` with calls of the crate's functions on both sides adds no route.
    async fn fallback(a: Option<u32>) -> Option<u32> {
        a.or(default_id())
    }

    fn default_id() -> Option<u32> {
        Some(1)
    }
}
