//! The pipeline from bytes to text, each step next to a same-run baseline so that ratios hold
//! on a noisy machine: reading (vs `fs::read`), parsing and structure recovery (vs
//! pulldown-cmark's parser alone), layout (vs textwrap's first-fit on the same paragraphs),
//! export (vs a minimal pulldown-cmark-to-text loop, as `examples/md2text.rs`), for a 7 KB
//! article and huge generated markdown files (5 and 50 MB), plus what opening a huge file
//! costs before its first frame (read, preview, lay out the preview), and saved web pages
//! (9 KB and 2 MB).
//!
//! Run with `cargo bench --bench pipeline`; see BENCHMARKS.md.

#[path = "corpus/mod.rs"]
mod corpus;

// The allocator the folio binary uses (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use folio::document::{SourceFormat, parse};
use folio::export::{Format, export};
use folio::layout::{Options, layout, layout_on};
use folio::library::{Limits, read};
use pulldown_cmark::{Event, Parser, TagEnd};

/// A generated corpus on disk for the run: two 7 KB articles (markdown, pasted text) and huge
/// markdown files.
struct Files {
    _dir: tempfile::TempDir,
    markdown: PathBuf,
    plain: PathBuf,
    huge: Vec<(usize, PathBuf)>,
}

fn files(huge_mb: &[usize]) -> Files {
    let dir = tempfile::tempdir().expect("temporary folder");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    let markdown = corpus::article(corpus::DEFAULT_SEED, 0);
    let plain = corpus::article(corpus::DEFAULT_SEED, 1);
    let markdown = write("article.md", &markdown.text);
    let plain = write("article.txt", &plain.text);
    let huge = huge_mb
        .iter()
        .map(|&mb| {
            let path = dir.path().join(format!("huge-{mb}.md"));
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
            corpus::huge(corpus::DEFAULT_SEED, mb * 1_000_000, &mut out).expect("write");
            drop(out);
            (mb, path)
        })
        .collect();
    Files {
        _dir: dir,
        markdown,
        plain,
        huge,
    }
}

/// Baseline: pulldown-cmark's parser alone, every event consumed.
fn pulldown(text: &str) -> usize {
    Parser::new_ext(text, pulldown_cmark::Options::all()).count()
}

/// Baseline: markdown to text with pulldown-cmark and nothing else.
fn md2text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(text, pulldown_cmark::Options::all()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => {
                out.push_str("\n\n");
            }
            _ => {}
        }
    }
    out
}

/// Baseline: textwrap's first-fit wrapping of every paragraph of `doc` at `width`.
fn first_fit(paragraphs: &[String], width: usize) -> usize {
    let options = textwrap::Options::new(width)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    paragraphs
        .iter()
        .map(|p| textwrap::wrap(p, &options).len())
        .sum()
}

fn paragraphs(doc: &folio::document::Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(folio::document::Block::text)
        .collect()
}

fn read_text(path: &Path) -> String {
    read(path, &Limits::default()).expect("readable").text
}

fn small(c: &mut Criterion) {
    let f = files(&[]);
    let md = read_text(&f.markdown);
    let txt = read_text(&f.plain);
    let mut g = c.benchmark_group("7 KB article");
    g.bench_function("baseline: fs::read", |b| {
        b.iter(|| std::fs::read(black_box(&f.markdown)).map(|v| v.len()));
    });
    g.bench_function("read (decode, hash)", |b| {
        b.iter(|| read(black_box(&f.markdown), &Limits::default()).map(|s| s.text.len()));
    });
    g.bench_function("baseline: pulldown-cmark parse", |b| {
        b.iter(|| pulldown(black_box(&md)));
    });
    g.bench_function("parse markdown", |b| {
        b.iter(|| parse(black_box(&md), SourceFormat::Markdown, "a"));
    });
    g.bench_function("structure recovery (pasted text)", |b| {
        b.iter(|| parse(black_box(&txt), SourceFormat::PlainText, "a"));
    });
    g.bench_function("summary for the index (read + parse)", |b| {
        b.iter(|| folio::library::index::summarize(black_box(&f.plain), &Limits::default()));
    });
    let doc = parse(&md, SourceFormat::Markdown, "a");
    let paras = paragraphs(&doc);
    g.bench_function("baseline: textwrap first-fit at 72", |b| {
        b.iter(|| first_fit(black_box(&paras), 72));
    });
    g.bench_function("layout at 72", |b| {
        b.iter(|| layout(black_box(&doc), &Options::reader(72)));
    });
    g.bench_function("baseline: md2text", |b| {
        b.iter(|| md2text(black_box(&md)));
    });
    g.bench_function("export plain (parse + lay out + text)", |b| {
        b.iter(|| {
            export(
                &parse(black_box(&md), SourceFormat::Markdown, "a"),
                Format::Plain,
                None,
                true,
            )
        });
    });
    g.finish();
}

fn huge(c: &mut Criterion) {
    let f = files(&[5, 10, 50]);
    let mut g = c.benchmark_group("huge markdown");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    for (mb, path) in &f.huge {
        let text = read_text(path);
        let id = |what: &str| BenchmarkId::new(what, format!("{mb} MB"));
        g.bench_function(id("baseline: fs::read"), |b| {
            b.iter(|| std::fs::read(black_box(path)).map(|v| v.len()));
        });
        g.bench_function(id("read (decode, hash)"), |b| {
            b.iter(|| read(black_box(path), &Limits::default()).map(|s| s.text.len()));
        });
        g.bench_function(id("open: read, preview, lay out the preview"), |b| {
            b.iter(|| {
                let source = read(black_box(path), &Limits::default()).expect("readable");
                let opened = source.open(folio::library::Extent::Preview);
                layout(&opened.doc, &Options::reader(72)).lines.len()
            });
        });
        if *mb > 10 {
            continue;
        }
        g.bench_function(id("baseline: pulldown-cmark parse"), |b| {
            b.iter(|| pulldown(black_box(&text)));
        });
        g.bench_function(id("parse"), |b| {
            b.iter(|| parse(black_box(&text), SourceFormat::Markdown, "huge"));
        });
        let doc = parse(&text, SourceFormat::Markdown, "huge");
        let paras = paragraphs(&doc);
        g.bench_function(id("baseline: textwrap first-fit at 72"), |b| {
            b.iter(|| first_fit(black_box(&paras), 72));
        });
        g.bench_function(id("layout at 72 (background re-wrap)"), |b| {
            b.iter(|| layout(black_box(&doc), &Options::reader(72)).lines.len());
        });
        g.bench_function(id("layout at 72 on one thread"), |b| {
            b.iter(|| {
                layout_on(black_box(&doc), &Options::reader(72), 1)
                    .lines
                    .len()
            });
        });
        g.bench_function(id("baseline: md2text"), |b| {
            b.iter(|| md2text(black_box(&text)).len());
        });
        g.bench_function(id("export plain"), |b| {
            b.iter(|| {
                let doc = parse(black_box(&text), SourceFormat::Markdown, "huge");
                export(&doc, Format::Plain, None, true).len()
            });
        });
    }
    g.finish();
}

/// Saved web pages: the 9 KB news fixture, and the same page with its story repeated to about
/// 2 MB (navigation, ads and scripts still around it).
fn html(c: &mut Criterion) {
    let news = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html/harbour-ferry.html"),
    )
    .expect("fixture");
    let (body_start, body_end) = (
        news.find("<div class=\"story-body\">").unwrap_or(0),
        news.find("<aside class=\"related\">").unwrap_or(news.len()),
    );
    let story = &news[body_start..body_end];
    let big_page = format!(
        "{}{}{}",
        &news[..body_start],
        story.repeat(2_000_000 / story.len().max(1) + 1),
        &news[body_end..]
    );
    let mut g = c.benchmark_group("saved web page");
    g.bench_function("parse html news page 9 KB", |b| {
        b.iter(|| parse(black_box(&news), SourceFormat::Html, "news"));
    });
    g.sample_size(10);
    g.bench_function("parse html page 2 MB", |b| {
        b.iter(|| parse(black_box(&big_page), SourceFormat::Html, "big"));
    });
    g.finish();
}

criterion_group!(benches, small, huge, html);
criterion_main!(benches);
