//! The library at scale, on a generated corpus of 10,000 articles written to disk (half
//! markdown, half pasted text, ~7 KB each): scanning the folders, summarising every article on
//! the index workers, full-text search of every file (as `F` runs it, on every core), and the
//! fuzzy list filter per keystroke. Baselines from the same run: listing the folders with
//! `std::fs::read_dir`, reading every file, and a grep-like regex count over the raw files.
//!
//! Run with `cargo bench --bench search`; see BENCHMARKS.md.

#[path = "corpus/mod.rs"]
mod corpus;

// The allocator the folio binary uses (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use folio::app::{App, Entry};
use folio::library::index::{Indexer, Sink, summarize};
use folio::library::{Limits, ScanOptions, scan};

const ARTICLES: usize = 10_000;

fn walk_baseline(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder").flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk_baseline(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Summarises every file on the index workers, as the reader does in the background.
fn index_all(files: &[PathBuf]) -> usize {
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let sink: Arc<Sink> = Arc::new(move |batch| {
        let _ = tx.lock().map(|t| t.send(batch));
    });
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let indexer = Indexer::start(Limits::default(), threads, &sink);
    indexer.push(files.iter().cloned().enumerate());
    let mut done = 0;
    while done < files.len() {
        done += rx.recv().expect("results").len();
    }
    done
}

fn library(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let bytes = corpus::corpus(corpus::DEFAULT_SEED, ARTICLES, dir.path(), false).expect("corpus");
    eprintln!("corpus: {ARTICLES} articles, {} MB", bytes / 1_000_000);
    let roots = [dir.path().to_path_buf()];
    let (files, _) = scan(&roots, &ScanOptions::default());
    assert_eq!(files.len(), ARTICLES);

    let mut g = c.benchmark_group("10,000 articles");
    g.sample_size(10);
    g.bench_function("baseline: read_dir of every folder", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            walk_baseline(black_box(dir.path()), &mut out);
            out.len()
        });
    });
    g.bench_function("scan (sorted, .gitignore, extensions)", |b| {
        b.iter(|| scan(black_box(&roots), &ScanOptions::default()).0.len());
    });
    g.bench_function("baseline: read every file", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| std::fs::read(f).map_or(0, |v| v.len()))
                .sum::<usize>()
        });
    });
    g.bench_function("summarise every article (index workers)", |b| {
        b.iter(|| index_all(black_box(&files)));
    });
    let entries: Vec<Entry> = files
        .iter()
        .map(|path| Entry::summarised(path.clone(), summarize(path, &Limits::default())))
        .collect();
    let summary_bytes: usize = entries
        .iter()
        .map(|e| {
            std::mem::size_of::<Entry>()
                + e.path.as_os_str().len()
                + e.summary().map_or(0, |s| {
                    s.title.len() + s.authors.len() + s.date.as_deref().map_or(0, str::len)
                })
        })
        .sum();
    eprintln!(
        "index: about {} bytes per article (entry, path and summary strings)",
        summary_bytes / ARTICLES
    );
    let files_with_index: Vec<(usize, PathBuf)> = files.iter().cloned().enumerate().collect();
    for query in ["harbour", "the river", "zzzz"] {
        let grep = regex::Regex::new(&regex::escape(query)).expect("regex");
        g.bench_function(BenchmarkId::new("baseline: grep every file", query), |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|f| {
                        let text = std::fs::read_to_string(f).unwrap_or_default();
                        grep.find_iter(&text).count()
                    })
                    .sum::<usize>()
            });
        });
        g.bench_function(BenchmarkId::new("full-text search (F)", query), |b| {
            b.iter(|| {
                folio::library::search::search_files(
                    &files_with_index,
                    query,
                    false,
                    &Limits::default(),
                )
                .map(|found| found.iter().map(|(_, hits)| hits.len()).sum::<usize>())
            });
        });
    }
    g.finish();

    let app = App::new(entries, vec![], (120, 40));
    let mut g = c.benchmark_group("fuzzy filter over 10,000 titles");
    for query in ["a", "riv", "harbour of", "zzz"] {
        g.bench_function(query, |b| {
            b.iter(|| folio::app::fuzzy_filter(black_box(&app), query).len());
        });
    }
    g.finish();
}

criterion_group!(benches, library);
criterion_main!(benches);
