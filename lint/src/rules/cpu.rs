use super::hit::Hit;
use super::rule::{Call, catalog_hit, declare_rule};
use crate::knowledge::blocking::{Family, RAYON_HELP, RAYON_PAR_METHODS, RAYON_TRAITS};

declare_rule! {
    /// ## What it does
    /// Finds password hashing and key derivation (`bcrypt`, `argon2`, `scrypt`, `pbkdf2`,
    /// `password-auth`, `ring::pbkdf2`) and work handed to rayon and waited for on the spot
    /// (`rayon::join`, `rayon::scope`, `ThreadPool::install`, parallel iterators).
    ///
    /// ## Why is this bad?
    /// These functions are slow on purpose: tens to hundreds of milliseconds of CPU per call, so
    /// that guessing passwords is expensive. On a worker thread that is tens to hundreds of
    /// milliseconds during which no other task runs. A rayon call made from async code runs in
    /// parallel, but the worker thread waits for all of it.
    ///
    /// ## Example
    /// ```rust,ignore
    /// async fn login(password: String, hash: String) -> bool {
    ///     bcrypt::verify(password, &hash).unwrap_or(false)
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```rust,ignore
    /// async fn login(password: String, hash: String) -> bool {
    ///     tokio::task::spawn_blocking(move || bcrypt::verify(password, &hash).unwrap_or(false))
    ///         .await
    ///         .unwrap_or(false)
    /// }
    /// ```
    ///
    /// ## Known problems
    /// Other long computations cannot be told from quick ones by reading the source and are not
    /// reported. Parallel iterators are recognised by name when rayon's traits are in scope.
    pub static CPU = {
        name: "cpu",
        level: Warn,
        summary: "password hashing, key derivation and waiting on rayon in async code",
        check: check,
    };
}

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(hit) = catalog_hit(call, Family::Cpu) {
        return Some(hit);
    }
    // rayon's parallel iterators, on whatever collection: only when one of rayon's traits is in
    // scope (other crates have methods of these names).
    let m = call.method_named(RAYON_PAR_METHODS)?;
    call.from_trait(RAYON_TRAITS).then(|| Hit {
        callee: format!("rayon::iter::{m}"),
        help: RAYON_HELP.into(),
        suggestion: None,
    })
}
