use super::hit::Hit;
use super::rule::{Call, catalog_hit, declare_rule, decoder_over, method_hit, path_hit};
use crate::knowledge::blocking::{
    CODEC_MEMORY_HELP, Family, RAYON_HELP, RAYON_PAR_METHODS, RAYON_TRAITS, Reads,
    WHOLE_BUFFER_CODECS,
};

declare_rule! {
    /// ## What it does
    /// Finds password hashing and key derivation (`bcrypt`, `argon2`, `scrypt`, `pbkdf2`,
    /// `password-auth`, `ring::pbkdf2`), RSA key generation, image decoding and resampling
    /// (`image::load_from_memory`, `ImageReader::decode`, `DynamicImage::resize`), compression
    /// and decompression of whole buffers in memory (`zstd::bulk`, `zstd::decode_all` over a
    /// slice, reading a `GzDecoder` made over a `Cursor` to its end), and work handed to rayon
    /// and waited for on the spot (`rayon::join`, `rayon::scope`, `ThreadPool::install`,
    /// parallel iterators).
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
    ///
    /// Decompressing bytes in memory is reported whatever their size, which the source does not
    /// tell: a request body is as large as the client made it, and a small compressed body can
    /// expand a thousandfold. Where the buffer is known to be small, allow the finding there.
    /// Over a file the same calls are `blocking::fs`'s; reading a zip archive's index from memory
    /// is cheap and not reported.
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
    // Codecs over memory (over a file they are `fs`'s).
    if let Some(p) = call
        .path_in(WHOLE_BUFFER_CODECS)
        .filter(|_| call.args.first_reads != Reads::File)
    {
        return Some(path_hit(p, CODEC_MEMORY_HELP));
    }
    if let Some((ty, m)) = decoder_over(call, Reads::Memory) {
        return Some(method_hit(ty, m, CODEC_MEMORY_HELP));
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
