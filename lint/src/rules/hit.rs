//! What a rule reports about one call, as data: the callee, the advice, maybe a fix.

use crate::model::source::Loc;

/// How sure a suggestion is, in rustc's terms (`suggestion_applicability`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicability {
    MachineApplicable,
    MaybeIncorrect,
    HasPlaceholders,
    Unspecified,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "MachineApplicable",
            Applicability::MaybeIncorrect => "MaybeIncorrect",
            Applicability::HasPlaceholders => "HasPlaceholders",
            Applicability::Unspecified => "Unspecified",
        }
    }
}

/// One text replacement; an insertion has an empty `loc`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub loc: Loc,
    pub replacement: String,
}

/// A fix a rule proposes, applied as one unit by `--fix` (issue 5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// What a rule reports about one call: the callee as the user should read it, the async
/// alternative, and maybe a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub callee: String,
    pub help: String,
    pub suggestion: Option<Suggestion>,
}
