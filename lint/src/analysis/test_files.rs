//! Linting paths, each file is read alone, so a file does not know that its parent declares it
//! `#[cfg(test)] mod helpers;`. Once every file is read, the parents' declarations say it: such a
//! file, and every file it declares in turn, is test code. So is a file named like a test-support
//! module (`tests.rs`, `test_utils.rs`, `fixtures/mod.rs`, ...) that no product code declares.
//! Their findings are dropped, as the checker drops those of test code it can see. (In cargo mode
//! the checker follows `mod` items from the crate roots and knows this already.)

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::analysis::summary::{FileSummary, Site};
use crate::model::source::SourceFile;

/// Module names that are test support unless product code declares them.
const TEST_SUPPORT: &[&str] = &[
    "tests",
    "test_utils",
    "test_helpers",
    "test_support",
    "testing",
    "fixtures",
];

/// Clears what would be reported from the files that turn out to be test code.
pub fn drop_test_modules(summaries: &mut [FileSummary], files: &[SourceFile]) {
    let mut test: HashSet<PathBuf> = HashSet::new();
    let mut product: HashSet<PathBuf> = HashSet::new();
    for s in summaries.iter() {
        for child in &s.children {
            let into = if child.in_test {
                &mut test
            } else {
                &mut product
            };
            into.extend(child.candidates.iter().cloned());
        }
    }
    test.extend(
        files
            .iter()
            .map(|f| &f.path)
            .filter(|p| !product.contains(*p) && named_like_test_support(p))
            .cloned(),
    );
    // What a test module declares is test code too, however it declares it.
    loop {
        let before = test.len();
        for s in summaries.iter() {
            if test.contains(&files[s.file].path) {
                for child in &s.children {
                    test.extend(child.candidates.iter().cloned());
                }
            }
        }
        if test.len() == before {
            break;
        }
    }
    for s in summaries
        .iter_mut()
        .filter(|s| test.contains(&files[s.file].path))
    {
        s.findings.clear();
        s.async_calls.clear();
        s.awaited.clear();
        s.entries.clear();
        s.deferred.retain(|d| matches!(d.site, Site::SyncFn(_)));
    }
}

/// `tests.rs`, `test_utils.rs`, `fixtures/mod.rs`: a module named like test support.
fn named_like_test_support(path: &Path) -> bool {
    let name = match path.file_stem().and_then(|s| s.to_str()) {
        Some("mod") => path
            .parent()
            .and_then(|d| d.file_name())
            .and_then(|d| d.to_str()),
        other => other,
    };
    name.is_some_and(|n| TEST_SUPPORT.contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_support_names() {
        for path in [
            "src/tests.rs",
            "src/test_utils.rs",
            "src/fixtures/mod.rs",
            "a/testing.rs",
        ] {
            assert!(named_like_test_support(Path::new(path)), "{path}");
        }
        for path in [
            "src/test.rs",
            "src/attest.rs",
            "src/mod.rs",
            "src/lib.rs",
            "src/tests/x.rs",
        ] {
            assert!(!named_like_test_support(Path::new(path)), "{path}");
        }
    }
}
