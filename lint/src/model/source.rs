//! Source files and locations: what every later stage points into.

use std::path::PathBuf;

/// A place in a source file, copied out of proc-macro2's span so the AST (and proc-macro2's
/// per-thread source map) can be dropped as soon as a file is analysed. `u32`s: a run keeps
/// hundreds of thousands of these, and no source file is 4 GB.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Loc {
    /// 1-based line of the first character.
    pub line: u32,
    /// 0-based column, in characters, of the first character.
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
    /// Byte offsets into the file's text.
    pub start: u32,
    pub end: u32,
}

impl Loc {
    /// `offset` is the number of bytes the parser did not see (a byte-order mark, a shebang line).
    pub fn from_span(span: proc_macro2::Span, offset: usize) -> Loc {
        let bytes = span.byte_range();
        let (start, end) = (span.start(), span.end());
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Loc {
            line: n(start.line),
            col: n(start.column),
            end_line: n(end.line),
            end_col: n(end.column),
            start: n(bytes.start + offset),
            end: n(bytes.end + offset),
        }
    }

    /// The empty location just after this one: where an insertion such as `.await` goes.
    pub fn after(&self) -> Loc {
        Loc {
            line: self.end_line,
            col: self.end_col,
            end_line: self.end_line,
            end_col: self.end_col,
            start: self.end,
            end: self.end,
        }
    }
}

/// One file the run looks at.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The name diagnostics print: relative to the workspace root or the current directory.
    pub display: String,
    /// Index into the run's units (the crate target this file belongs to).
    pub unit: usize,
}
