//! Scans a folder and summarises every article on one thread, as the index workers do, and
//! prints how long each part took: `cargo run --release --example index-time -- DIR`.
//!
//! After the whole summaries it times their parts again over the same files (the page cache
//! warm by then): reading and decoding, parsing by format, and counting words.

use std::time::{Duration, Instant};

use folio::document::SourceFormat;

// The allocator the folio binary uses (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("a folder"));
    let limits = folio::library::Limits::default();
    let start = Instant::now();
    let (files, _) = folio::library::scan(&[root], &folio::library::ScanOptions::default());
    let scanned = start.elapsed();
    let summarising = Instant::now();
    let failed = files
        .iter()
        .filter(|path| folio::library::index::summarize(path, &limits).is_err())
        .count();
    let summaries = summarising.elapsed();
    let each = |d: Duration, n: usize| d.as_secs_f64() * 1e6 / n.max(1) as f64;
    println!(
        "{} files: scan {scanned:?}, summaries {summaries:?} ({:.1} µs each), {failed} failed",
        files.len(),
        each(summaries, files.len())
    );
    let mut read = Duration::ZERO;
    let mut parse = [(Duration::ZERO, 0usize, 0usize); 3];
    let mut words = Duration::ZERO;
    let mut heads = [Duration::ZERO; 3];
    for path in &files {
        let t = Instant::now();
        let Ok(source) = folio::library::read(path, &limits) else {
            continue;
        };
        read += t.elapsed();
        let slot = match source.format {
            SourceFormat::Markdown => 0,
            SourceFormat::PlainText => 1,
            SourceFormat::Html => 2,
        };
        let t = Instant::now();
        let doc = folio::document::parse(&source.text, source.format, &source.name);
        parse[slot].0 += t.elapsed();
        parse[slot].1 += 1;
        parse[slot].2 += source.text.len();
        let end = folio::document::preview_end(&source.text, source.format, 2048);
        let t = Instant::now();
        let head = folio::document::parse(&source.text[..end], source.format, &source.name);
        heads[slot] += t.elapsed();
        drop(head);
        let t = Instant::now();
        std::hint::black_box(folio::document::count_words(&source.text));
        words += t.elapsed();
        drop(doc);
    }
    println!(
        "read and decode {read:?} ({:.1} µs each)",
        each(read, files.len())
    );
    for ((name, (time, n, bytes)), head) in ["markdown", "plain text", "html"]
        .iter()
        .zip(parse)
        .zip(heads)
    {
        if n > 0 {
            println!(
                "parse {name}: {n} files, {time:?} ({:.1} µs each, {:.0} MB/s); its first 2 KB {:.1} µs each",
                each(time, n),
                bytes as f64 / time.as_secs_f64().max(1e-9) / 1e6,
                each(head, n)
            );
        }
    }
    println!(
        "count words {words:?} ({:.1} µs each)",
        each(words, files.len())
    );
}
