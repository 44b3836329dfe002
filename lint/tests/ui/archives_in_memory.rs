// blocking::fs and blocking::cpu: an archive or a codec reads what it is handed. Over a file it
// waits for the disk (fs); over bytes already in memory it is CPU work that grows with the data
// (cpu), or, for a zip archive's index, cheap enough to leave alone.
use std::fs::File;
use std::io::{Cursor, Read};

use flate2::read::GzDecoder;

async fn zip_from_disk(path: &str) -> zip::result::ZipResult<usize> {
    let archive = zip::ZipArchive::new(File::open(path)?)?;
    //~^ blocking::fs
    //~^^ blocking::fs
    Ok(archive.len())
}

async fn zip_from_a_file(file: File) -> zip::result::ZipResult<usize> {
    Ok(zip::ZipArchive::new(file)?.len())
    //~^ blocking::fs
}

async fn gzip_file(file: File) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    GzDecoder::new(file).read_to_end(&mut out)?;
    //~^ blocking::fs
    Ok(out)
}

async fn zstd_file(path: &str) -> std::io::Result<Vec<u8>> {
    zstd::stream::decode_all(File::open(path)?)
    //~^ blocking::fs
    //~^^ blocking::fs
}

async fn gzip_body(body: Vec<u8>) -> std::io::Result<String> {
    // The body is in memory: decompressing it is CPU work, as large as the client made it.
    let mut text = String::new();
    GzDecoder::new(Cursor::new(body)).read_to_string(&mut text)?;
    //~^ blocking::cpu
    Ok(text)
}

async fn zstd_body(body: Vec<u8>) -> std::io::Result<Vec<u8>> {
    zstd::stream::decode_all(body.as_slice())
    //~^ blocking::cpu
}

async fn zstd_bulk(body: &[u8]) -> std::io::Result<Vec<u8>> {
    zstd::bulk::compress(body, 3)
    //~^ blocking::cpu
}

// Look-alikes.

async fn zip_index_in_memory(body: Vec<u8>) -> zip::result::ZipResult<usize> {
    // Reading a zip's central directory from memory is cheap, whatever the archive's size.
    Ok(zip::ZipArchive::new(Cursor::new(body))?.len())
}

async fn zip_over_a_slice(body: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(body)).is_ok()
}

async fn offloaded(body: Vec<u8>) {
    let _ = tokio::task::spawn_blocking(move || zstd::stream::decode_all(body.as_slice())).await;
}

async fn async_decoder(file: tokio::fs::File) -> std::io::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut out = Vec::new();
    async_compression::tokio::bufread::GzipDecoder::new(tokio::io::BufReader::new(file))
        .read_to_end(&mut out)
        .await?;
    Ok(out)
}
