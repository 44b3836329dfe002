use super::hit::Hit;
use super::rule::{Call, declare_rule, method_hit, path_hit};

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

const HELP: &str = "move the hashing into `tokio::task::spawn_blocking` (or `rayon`)";
const RAYON_HELP: &str = "run the rayon work inside `tokio::task::spawn_blocking`, or hand it to `rayon::spawn` and await a oneshot channel";

fn check(call: &Call<'_>) -> Option<Hit> {
    if let Some(path) = call.path_in(&[
        "bcrypt::hash",
        "bcrypt::verify",
        "bcrypt::hash_with_result",
        "bcrypt::hash_with_salt",
        "bcrypt::non_truncating_hash",
        "bcrypt::non_truncating_verify",
        "argon2::hash_encoded",
        "argon2::hash_raw",
        "argon2::verify_encoded",
        "argon2::verify_raw",
        "scrypt::scrypt",
        "pbkdf2::pbkdf2",
        "pbkdf2::pbkdf2_hmac",
        "pbkdf2::pbkdf2_hmac_array",
        "password_auth::generate_hash",
        "password_auth::verify_password",
        "ring::pbkdf2::derive",
        "ring::pbkdf2::verify",
    ]) {
        return Some(path_hit(path, HELP));
    }
    if let Some(path) = call.path_in(&["rayon::join", "rayon::scope", "rayon::scope_fifo"]) {
        return Some(path_hit(path, RAYON_HELP));
    }
    if let Some((ty, m)) = call.method_on(&["rayon::ThreadPool"], &["install", "join", "scope"]) {
        return Some(method_hit(ty, m, RAYON_HELP));
    }
    if let Some(m) = call.method_named(&[
        "par_iter",
        "par_iter_mut",
        "into_par_iter",
        "par_chunks",
        "par_bridge",
        "par_lines",
    ]) {
        let rayon = (call.traits_in_scope)("rayon::iter::IntoParallelIterator")
            || (call.traits_in_scope)("rayon::iter::IntoParallelRefIterator")
            || (call.traits_in_scope)("rayon::iter::ParallelBridge")
            || (call.traits_in_scope)("rayon::slice::ParallelSlice");
        if rayon {
            return Some(Hit {
                callee: format!("rayon::iter::{m}"),
                help: RAYON_HELP.into(),
                suggestion: None,
            });
        }
    }
    if let Some((ty, m)) = call.method_on(
        &["argon2::Argon2", "scrypt::Scrypt", "pbkdf2::Pbkdf2"],
        &[
            "hash_password",
            "hash_password_into",
            "verify_password",
            "hash_password_customized",
        ],
    ) {
        return Some(method_hit(ty, m, HELP));
    }
    None
}
