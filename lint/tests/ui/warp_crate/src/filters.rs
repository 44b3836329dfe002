use warp::Filter;

use crate::handlers;

pub fn reports() -> impl Filter {
    let list = warp::path("reports").and(warp::get()).map(handlers::list_reports);
    //~^ blocking::fs
    let export = warp::path!("reports" / String / "export")
        .and(warp::post())
        .map(handlers::export_report);
    //~^ blocking::process
    list.or(export)
}

pub fn status() -> impl Filter {
    // Its handler blocks nowhere: nothing to say.
    warp::path("status").map(handlers::status)
}
