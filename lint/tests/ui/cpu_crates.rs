// blocking::cpu: RSA key generation and image decoding, which take milliseconds to seconds of CPU.

async fn new_key() -> rsa::RsaPrivateKey {
    let mut rng = rand::thread_rng();
    rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap()
    //~^ blocking::cpu
}

async fn openssl_key() -> bool {
    openssl::rsa::Rsa::generate(4096).is_ok()
    //~^ blocking::cpu
}

async fn thumbnail(bytes: Vec<u8>) -> image::ImageResult<image::DynamicImage> {
    let img = image::load_from_memory(&bytes)?;
    //~^ blocking::cpu
    Ok(img.thumbnail(128, 128))
    //~^ blocking::cpu
}

async fn decode_upload(bytes: Vec<u8>) -> bool {
    image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Jpeg)
        .decode()
        //~^ blocking::cpu
        .is_ok()
}

// Look-alikes.

async fn offloaded(bytes: Vec<u8>) {
    let _ = tokio::task::spawn_blocking(move || image::load_from_memory(&bytes)).await;
}

async fn public_key(key: &rsa::RsaPrivateKey) -> rsa::RsaPublicKey {
    // Derived from the private key: no search for primes.
    rsa::RsaPublicKey::from(key)
}

async fn only_a_reader(bytes: Vec<u8>) -> image::ImageReader<std::io::Cursor<Vec<u8>>> {
    // Nothing decoded yet.
    image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Png)
}
