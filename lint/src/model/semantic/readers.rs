//! What a reader reads from, as the source spells it or as its type says: a file, or bytes
//! already in memory (`knowledge::blocking::Reads`). Archive readers and codecs wait for the disk
//! over the one and do CPU work over the other.

use syn::{Expr, Lit};

use super::Ty;
use crate::knowledge::blocking::{FILE_READERS, MEMORY_READERS, READER_WRAPPERS, Reads};

/// What a reader of this type reads from: a `File`'s, a `Cursor`'s or a slice's own, or what a
/// `BufReader` wraps reads from.
pub fn ty_reads(ty: &Ty) -> Reads {
    let Some(path) = ty.path() else {
        return Reads::Unknown;
    };
    if READER_WRAPPERS.contains(&path) {
        return ty.arg(0).map_or(Reads::Unknown, ty_reads);
    }
    if FILE_READERS.contains(&path) {
        Reads::File
    } else if MEMORY_READERS.contains(&path) {
        Reads::Memory
    } else {
        Reads::Unknown
    }
}

/// What the reader an expression builds reads from, when the expression says it:
/// `Cursor::new(..)`, a byte string, `&buf[..]`, `buf.as_slice()`, `File::open(p)?`,
/// `BufReader::new(File::open(p)?)`. A variable is unknown here (its type may say more).
pub fn expr_reads(expr: &Expr) -> Reads {
    match expr {
        Expr::Paren(p) => expr_reads(&p.expr),
        Expr::Group(g) => expr_reads(&g.expr),
        Expr::Reference(r) => expr_reads(&r.expr),
        Expr::Try(t) => expr_reads(&t.expr),
        Expr::Lit(l) if matches!(l.lit, Lit::ByteStr(_) | Lit::Str(_)) => Reads::Memory,
        Expr::Index(i) if matches!(*i.index, Expr::Range(_)) => Reads::Memory,
        Expr::MethodCall(m) => match m.method.to_string().as_str() {
            "as_slice" | "as_bytes" | "to_vec" | "into_bytes" => Reads::Memory,
            "unwrap" | "expect" => expr_reads(&m.receiver),
            _ => Reads::Unknown,
        },
        Expr::Call(c) => {
            let Expr::Path(p) = &*c.func else {
                return Reads::Unknown;
            };
            let mut names = p.path.segments.iter().rev().map(|s| s.ident.to_string());
            let (Some(f), Some(ty)) = (names.next(), names.next()) else {
                return Reads::Unknown;
            };
            match (ty.as_str(), f.as_str()) {
                ("Cursor", "new") => Reads::Memory,
                ("File", "open" | "create" | "open_buffered") => Reads::File,
                ("BufReader", "new") => c.args.first().map_or(Reads::Unknown, expr_reads),
                _ => Reads::Unknown,
            }
        }
        _ => Reads::Unknown,
    }
}
