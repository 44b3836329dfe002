mod filters;
mod handlers;

use warp::Filter;

pub fn routes() -> impl Filter {
    // A prefix kept in a variable, as warp's examples write it, and put before the routes of
    // other functions and of this one.
    let api = warp::path("api");
    let v2 = api.clone().and(warp::path("v2"));
    let stats = v2.and(warp::path("stats")).and(warp::get()).and_then(stats);
    api.and(filters::reports()).or(filters::status()).or(stats)
}

async fn stats() -> Result<String, warp::Rejection> {
    Ok(std::fs::read_to_string("stats.json").unwrap_or_default())
    //~^ blocking::fs
}
