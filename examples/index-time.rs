//! Scans a folder and summarises every article on one thread, as the index workers do, and
//! prints how long each part took: `cargo run --release --example index-time -- DIR`.

// The allocator the folio binary uses (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("a folder"));
    let limits = folio::library::Limits::default();
    let start = std::time::Instant::now();
    let (files, _) = folio::library::scan(&[root], &folio::library::ScanOptions::default());
    let scanned = start.elapsed();
    let summarising = std::time::Instant::now();
    let failed = files
        .iter()
        .filter(|path| folio::library::index::summarize(path, &limits).is_err())
        .count();
    let summaries = summarising.elapsed();
    println!(
        "{} files: scan {scanned:?}, summaries {summaries:?} ({:.1} µs each), {failed} failed",
        files.len(),
        summaries.as_secs_f64() * 1e6 / files.len().max(1) as f64
    );
}
