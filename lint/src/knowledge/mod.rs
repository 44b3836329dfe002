//! What libraries do, as data: facts the rules and the model consult, kept apart from both.
//! [`configured`] holds the user's own entries (`[[blocking]]` in `blocking-lint.toml`).

pub mod configured;
