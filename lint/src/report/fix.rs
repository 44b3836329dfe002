//! `--fix`: the machine-applicable suggestions of the findings a run reports, applied file by
//! file. A file whose fixed text would not parse is left as it was; a file that is fixed is
//! replaced in one rename, so a run stopped half-way loses nothing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::rules::hit::{Applicability, Edit, Suggestion};

use crate::rules::finding::Finding;

/// The suggestion `--fix` applies for a finding: a direct finding's, when machine-applicable.
/// A transitive finding's suggestion edits the blocking call inside the sync fn, where `.await`
/// cannot go.
pub fn applicable(f: &Finding) -> Option<&Suggestion> {
    let s = f.hit.suggestion.as_ref()?;
    (f.via.is_empty() && s.applicability == Applicability::MachineApplicable).then_some(s)
}

/// One file's text before and after its fixes.
#[derive(Debug)]
pub struct FileFix {
    pub file: usize,
    pub before: String,
    pub after: String,
    /// How many suggestions went in.
    pub applied: usize,
}

/// Why a file is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("cannot read it: {0}")]
    Unreadable(#[from] std::io::Error),
    #[error(
        "an edit falls outside its text or inside a character (was it changed during the run?)"
    )]
    OutOfBounds,
    #[error("the fixed text would not parse ({line}:{col}: {message})")]
    NoLongerParses {
        line: usize,
        col: usize,
        message: String,
    },
}

/// What `--fix` would do: the files it changes, and those it leaves alone and why.
#[derive(Debug, Default)]
pub struct FixPlan {
    pub fixes: Vec<FileFix>,
    pub refused: Vec<(usize, Refused)>,
}

impl FixPlan {
    /// Findings fixed, over all files.
    pub fn applied(&self) -> usize {
        self.fixes.iter().map(|f| f.applied).sum()
    }
}

/// The fixes for `findings` (those a run reports: after levels and suppressions, so an allowed
/// or silenced finding is never fixed), with each file's text from `read`.
pub fn plan<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    mut read: impl FnMut(usize) -> std::io::Result<String>,
) -> FixPlan {
    // By file, in the run's order (findings come sorted by place): an earlier suggestion wins
    // over a later one it overlaps.
    let mut by_file: BTreeMap<usize, Vec<&Suggestion>> = BTreeMap::new();
    for f in findings {
        if let Some(s) = applicable(f) {
            by_file.entry(f.file).or_default().push(s);
        }
    }
    let mut out = FixPlan::default();
    for (file, suggestions) in by_file {
        let result = read(file)
            .map_err(Refused::from)
            .and_then(|before| apply(&before, &suggestions).map(|fixed| (before, fixed)));
        match result {
            Ok((before, (after, applied))) if applied > 0 => out.fixes.push(FileFix {
                file,
                before,
                after,
                applied,
            }),
            Ok(_) => {}
            Err(reason) => out.refused.push((file, reason)),
        }
    }
    out
}

/// Whether two edits cannot both be applied with one meaning: they replace shared bytes, or one
/// inserts where the other starts, ends or replaces (which text comes first is then undecided).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a0, a1, b0, b1) = (a.loc.start, a.loc.end, b.loc.start, b.loc.end);
    (a0 < b1 && b0 < a1) || (a0 == a1 && b0 <= a0 && a0 <= b1) || (b0 == b1 && a0 <= b0 && b0 <= a1)
}

/// `text` with the edits of `suggestions`, each applied whole or not at all: a suggestion that
/// overlaps an earlier accepted one (or itself) is skipped and stays a finding, for a later run.
/// Returns the text and how many suggestions went in, or why the file must stay as it is.
pub fn apply(text: &str, suggestions: &[&Suggestion]) -> Result<(String, usize), Refused> {
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for s in suggestions {
        let clashes = s.edits.iter().enumerate().any(|(i, e)| {
            s.edits[..i].iter().any(|o| overlaps(e, o)) || accepted.iter().any(|o| overlaps(e, o))
        });
        if !clashes && !s.edits.is_empty() {
            accepted.extend(&s.edits);
            applied += 1;
        }
    }
    for e in &accepted {
        let (start, end) = (e.loc.start as usize, e.loc.end as usize);
        if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(Refused::OutOfBounds);
        }
    }
    // From the end backwards, so each edit's offsets still point into the original text.
    accepted.sort_by_key(|e| std::cmp::Reverse((e.loc.start, e.loc.end)));
    let mut out = text.to_string();
    for e in accepted {
        out.replace_range(e.loc.start as usize..e.loc.end as usize, &e.replacement);
    }
    let parsed = syn::parse_file(&out).map(drop).map_err(|e| {
        let at = e.span().start();
        Refused::NoLongerParses {
            line: at.line,
            col: at.column + 1,
            message: e.to_string(),
        }
    });
    // As in the engine: nothing holds a span any more, and proc-macro2 would keep this text's
    // source map for the rest of the run.
    proc_macro2::extra::invalidate_current_thread_spans();
    parsed.map(|()| (out, applied))
}

/// Replaces the file at `path` with `text`: written beside it, then renamed over it, so the
/// file is either the old one or the new one, never a part of either.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    // Through a symlink the file it points to is replaced, not the link.
    let path = std::fs::canonicalize(path)?;
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(std::io::Error::other("not a file path"));
    };
    let tmp = dir.join(format!(
        ".{}.blocking-lint-fix.{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        // A leftover of a killed run with the same process id; `create_new` below then refuses
        // to follow anything planted under this name.
        let _ = std::fs::remove_file(&tmp);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.set_permissions(std::fs::metadata(&path)?.permissions())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    };
    let result = write();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A unified diff of one file's fix, named `a/NAME` and `b/NAME` as git names them (an absolute
/// NAME, of a file outside the current folder, without its leading `/`, as `git diff
/// --no-index` writes it).
pub fn diff(fix: &FileFix, name: &str) -> String {
    let name = name.trim_start_matches('/');
    similar::TextDiff::from_lines(&fix.before, &fix.after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::source::Loc;

    /// An edit replacing `text[start..end]`.
    fn edit(start: u32, end: u32, replacement: &str) -> Edit {
        Edit {
            loc: Loc {
                start,
                end,
                ..Loc::default()
            },
            replacement: replacement.into(),
        }
    }

    fn suggestion(edits: Vec<Edit>) -> Suggestion {
        Suggestion {
            message: String::new(),
            edits,
            applicability: Applicability::MachineApplicable,
        }
    }

    const SRC: &str = "async fn f() { std::thread::sleep(d); }\n";

    /// The sleep rule's two edits on `SRC`.
    fn sleep_fix() -> Suggestion {
        let start = SRC.find("std::thread::sleep").unwrap() as u32;
        let end = SRC.find(';').unwrap() as u32;
        suggestion(vec![
            edit(start, start + 18, "tokio::time::sleep"),
            edit(end, end, ".await"),
        ])
    }

    #[test]
    fn edits_go_in_from_the_end() {
        let (out, n) = apply(SRC, &[&sleep_fix()]).unwrap();
        assert_eq!(out, "async fn f() { tokio::time::sleep(d).await; }\n");
        assert_eq!(n, 1);
    }

    #[test]
    fn a_fix_that_breaks_parsing_is_refused() {
        // No rule's suggestion yields such text today; this stands for one that would.
        let start = SRC.find('{').unwrap() as u32;
        let bad = suggestion(vec![edit(start, start + 1, "(")]);
        let err = apply(SRC, &[&bad]).unwrap_err();
        assert!(
            matches!(err, Refused::NoLongerParses { line: 1, .. }),
            "{err}"
        );
    }

    #[test]
    fn an_overlapping_suggestion_is_skipped_whole() {
        let first = sleep_fix();
        let start = SRC.find("std::thread::sleep").unwrap() as u32;
        // Overlaps the callee replacement; its harmless second edit must not go in alone.
        let second = suggestion(vec![edit(start + 5, start + 11, "x"), edit(0, 0, "// ")]);
        let (out, n) = apply(SRC, &[&first, &second]).unwrap();
        assert_eq!(n, 1);
        assert_eq!(out, "async fn f() { tokio::time::sleep(d).await; }\n");
    }

    #[test]
    fn insertions_at_one_place_clash() {
        let a = suggestion(vec![edit(3, 3, "x")]);
        let b = suggestion(vec![edit(3, 3, "y")]);
        let c = suggestion(vec![edit(0, 3, "y")]);
        assert!(overlaps(&a.edits[0], &b.edits[0]));
        assert!(overlaps(&a.edits[0], &c.edits[0]));
        assert!(!overlaps(&c.edits[0], &edit(3, 5, "z")));
    }

    #[test]
    fn an_edit_off_the_text_is_refused() {
        let len = SRC.len() as u32;
        let off = suggestion(vec![edit(len + 1, len + 2, "x")]);
        assert!(matches!(apply(SRC, &[&off]), Err(Refused::OutOfBounds)));
        let inside_char = suggestion(vec![edit(1, 1, "x")]);
        assert!(matches!(
            apply("é", &[&inside_char]),
            Err(Refused::OutOfBounds)
        ));
    }

    #[test]
    fn only_machine_applicable_direct_findings_are_applied() {
        let mut s = sleep_fix();
        let finding = |s: &Suggestion, via: usize| Finding {
            rule: crate::rules::find("sleep").unwrap(),
            file: 0,
            loc: Loc::default(),
            hit: crate::rules::hit::Hit {
                callee: "std::thread::sleep".into(),
                help: String::new(),
                suggestion: Some(s.clone()),
            },
            context: crate::rules::finding::AsyncKind::Block,
            enclosing_fn: None,
            via: (0..via)
                .map(|_| crate::rules::finding::Step {
                    file: 0,
                    loc: Loc::default(),
                    caller: "a".into(),
                    callee: "b".into(),
                    caller_head: (0, 0),
                })
                .collect(),
            also: Vec::new(),
            how_it_blocks: None,
            handler: None,
            startup: false,
            example: false,
            dep: None,
        };
        assert!(applicable(&finding(&s, 0)).is_some());
        assert!(applicable(&finding(&s, 1)).is_none(), "transitive");
        s.applicability = Applicability::MaybeIncorrect;
        assert!(applicable(&finding(&s, 0)).is_none());
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir =
            std::env::temp_dir().join(format!("blocking-lint-fix-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.rs");
        std::fs::write(&file, "old").unwrap();
        write_atomically(&file, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_the_mode_and_the_symlink() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!(
            "blocking-lint-fix-unit-link-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("real.rs");
        let link = dir.join("link.rs");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, "new").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_diff_names_files_as_git_does() {
        let fix = FileFix {
            file: 0,
            before: SRC.into(),
            after: SRC.replace("std::thread", "tokio::time"),
            applied: 1,
        };
        for name in ["src/a.rs", "/abs/src/a.rs"] {
            let text = diff(&fix, name);
            assert!(text.starts_with("--- a/"), "{text}");
            assert!(!text.contains("a//") && !text.contains("b//"), "{text}");
            assert!(
                text.contains("+++ b/") && text.contains("src/a.rs"),
                "{text}"
            );
        }
    }
}
