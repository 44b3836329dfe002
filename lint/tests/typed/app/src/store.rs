//! Helpers whose types the handlers' bindings hide behind patterns, generics and closures.

use std::any::Any;
use std::collections::HashMap;
use std::path::PathBuf;

pub struct User {
    pub home: PathBuf,
}

pub async fn find_user(name: &str) -> Option<User> {
    (name == "admin").then(|| User {
        home: PathBuf::from("/home/admin"),
    })
}

pub async fn open_log() -> std::io::Result<std::fs::File> {
    std::fs::File::create("/tmp/app.log")
    //~^ blocking::fs
}

pub fn uploads() -> Vec<PathBuf> {
    vec![PathBuf::from("/srv/uploads/a"), PathBuf::from("/srv/uploads/b")]
}

/// A type map, as `http::Extensions` or actix's `app_data` are: what `get` returns is whatever
/// the caller names.
#[derive(Default)]
pub struct Extensions(HashMap<&'static str, Box<dyn Any + Send + Sync>>);

impl Extensions {
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.0.values().find_map(|v| v.downcast_ref::<T>())
    }
}
