// blocking::cpu: password hashing and key derivation.
use argon2::{Argon2, PasswordHasher};

async fn bcrypt_login(password: String, hash: String) -> bool {
    bcrypt::verify(password, &hash).unwrap_or(false)
    //~^ blocking::cpu
}

async fn argon2_hash(password: &[u8], salt: &SaltString) -> String {
    Argon2::default().hash_password(password, salt).unwrap().to_string()
    //~^ blocking::cpu
}

async fn pbkdf2_derive(password: &[u8], salt: &[u8], out: &mut [u8]) {
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, 600_000, out);
    //~^ blocking::cpu
}

async fn crypt_style_check(password: &str, stored: &str) -> bool {
    sha_crypt::sha512_check(password, stored).is_ok()
    //~^ blocking::cpu
}

async fn pwhash_check(password: &str, stored: &str) -> bool {
    pwhash::unix::verify(password, stored)
    //~^ blocking::cpu
}

// Look-alikes.

async fn offloaded(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || bcrypt::verify(password, &hash).unwrap_or(false))
        .await
        .unwrap_or(false)
}

async fn a_cheap_hash(data: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(data, &mut h);
    std::hash::Hasher::finish(&h)
}

mod own {
    pub fn verify(_: &str) -> bool {
        true
    }
    pub async fn check() -> bool {
        verify("x")
    }
}

mod parallel {
    use rayon::prelude::*;

    async fn sum_of_squares(v: Vec<u64>) -> u64 {
        v.par_iter().map(|x| x * x).sum()
        //~^ blocking::cpu
    }

    async fn both(a: Vec<u8>, b: Vec<u8>) {
        rayon::join(|| a.len(), || b.len());
        //~^ blocking::cpu
    }

    async fn offloaded(v: Vec<u64>) -> u64 {
        tokio::task::spawn_blocking(move || v.par_iter().sum()).await.unwrap()
    }
}

mod no_rayon_here {
    // A `par_iter` method of some other crate, with rayon's traits not in scope.
    async fn other(v: Thing) {
        let _ = v.par_iter();
    }
}
