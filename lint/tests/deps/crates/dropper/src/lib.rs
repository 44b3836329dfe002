//! Blocks only in `Drop` and on an error path: neither is a blocking function.

pub struct Guard {
    path: String,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub fn guard(path: &str) -> Guard {
    Guard {
        path: path.to_string(),
    }
}

pub fn checked(value: Result<u32, String>) -> Result<u32, String> {
    match value {
        Ok(v) => Ok(v),
        Err(e) => {
            let _ = std::fs::write("crash.log", &e);
            Err(e)
        }
    }
}
