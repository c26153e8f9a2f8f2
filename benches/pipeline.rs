//! Throughput of the pure pipeline: parsing, layout and export of the sample articles.
//!
//! Run with `cargo bench --bench pipeline`. Targets are reported in issue notes, never
//! asserted in tests.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::document::{SourceFormat, parse};
use folio::export::{Format, export};
use folio::layout::{Options, layout};

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pipeline(c: &mut Criterion) {
    let seed = sample("articles/neither-surrender-nor-peace.txt");
    let md = sample("articles/reading-a-tide-table.md");
    // A large markdown article: the sample repeated to about 1 MB.
    let big = md.repeat(1_000_000 / md.len() + 1);
    let news = sample("tests/fixtures/html/harbour-ferry.html");
    // A saved page of about 2 MB: the news page's story repeated inside the same page, with
    // its navigation, ads and scripts around it.
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

    c.bench_function("parse plain seed", |b| {
        b.iter(|| parse(black_box(&seed), SourceFormat::PlainText, "seed"));
    });
    c.bench_function("parse markdown 7 KB", |b| {
        b.iter(|| parse(black_box(&md), SourceFormat::Markdown, "tide"));
    });
    let doc = parse(&md, SourceFormat::Markdown, "tide");
    c.bench_function("layout markdown 7 KB at 72", |b| {
        b.iter(|| layout(black_box(&doc), &Options::reader(72)));
    });
    c.bench_function("parse html news page 9 KB", |b| {
        b.iter(|| parse(black_box(&news), SourceFormat::Html, "news"));
    });
    c.bench_function("export plain 7 KB", |b| {
        b.iter(|| export(black_box(&doc), Format::Plain, None, true));
    });
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("parse + layout markdown 1 MB at 72", |b| {
        b.iter(|| {
            let doc = parse(black_box(&big), SourceFormat::Markdown, "big");
            layout(&doc, &Options::reader(72))
        });
    });
    group.bench_function("parse html page 2 MB", |b| {
        b.iter(|| parse(black_box(&big_page), SourceFormat::Html, "big"));
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
