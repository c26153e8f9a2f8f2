//! Search over a generated library of 10,000 articles of about 1,100 words: full-text search
//! (target: under 300 ms) and the fuzzy list filter (target: under 5 ms a keystroke).
//!
//! Run with `cargo bench --bench search`.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::app::{App, Entry, EntryStatus};
use folio::document::{SourceFormat, parse};
use folio::library::index::Summary;
use folio::search::{ArticleText, Matcher, search_article};

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "they",
    "you",
    "were",
    "their",
    "one",
    "all",
    "we",
    "can",
    "her",
    "has",
    "there",
    "been",
    "if",
    "more",
    "when",
    "will",
    "would",
    "who",
    "so",
    "no",
    "government",
    "market",
    "policy",
    "energy",
    "railway",
    "harbour",
    "library",
    "election",
    "economy",
    "minister",
    "climate",
    "river",
    "network",
    "budget",
    "village",
    "council",
    "winter",
    "archive",
];

/// A small deterministic generator, so every run searches the same library.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (self.0 >> 33) as usize
    }
}

fn article(rng: &mut Lcg, n: usize) -> String {
    let mut text = format!("# Article number {n}\n\n");
    for section in 0..5 {
        text.push_str(&format!("## Section {section} of {n}\n\n"));
        for _ in 0..4 {
            let words: Vec<&str> = (0..55).map(|_| WORDS[rng.next() % WORDS.len()]).collect();
            text.push_str(&words.join(" "));
            text.push_str(".\n\n");
        }
    }
    text
}

fn library(count: usize) -> Vec<(Arc<ArticleText>, String)> {
    let mut rng = Lcg(7);
    (0..count)
        .map(|n| {
            let doc = parse(&article(&mut rng, n), SourceFormat::Markdown, "a");
            let title = doc.meta.title.clone().unwrap_or_default();
            (Arc::new(ArticleText::new(&doc)), title)
        })
        .collect()
}

fn search(c: &mut Criterion) {
    let texts = library(10_000);
    let words: usize = texts
        .iter()
        .map(|(t, _)| {
            t.blocks
                .iter()
                .map(|b| b.1.split_whitespace().count())
                .sum::<usize>()
        })
        .sum();
    eprintln!(
        "library: 10000 articles, {} words each on average",
        words / 10_000
    );

    let mut group = c.benchmark_group("library");
    group.sample_size(10);
    for query in ["harbour budget", "Railway", "zebra"] {
        let matcher = Matcher::new(query, false).expect("query");
        group.bench_function(
            format!("full-text search '{query}' in 10,000 articles"),
            |b| {
                b.iter(|| {
                    texts
                        .iter()
                        .map(|(t, _)| search_article(t, black_box(&matcher), 50).len())
                        .sum::<usize>()
                });
            },
        );
    }
    group.finish();

    let entries: Vec<Entry> = texts
        .iter()
        .enumerate()
        .map(|(i, (_, title))| Entry {
            path: PathBuf::from(format!("library/{i:05}.md")),
            status: EntryStatus::Ready(Summary {
                title: title.as_str().into(),
                authors: "Ann Writer".into(),
                minutes: 5,
                sections: 5,
                date: None,
                stamp: (0, 0),
            }),
        })
        .collect();
    let app = App::new(entries, vec![], (120, 40));
    for query in ["a", "art", "article 99", "zzz"] {
        c.bench_function(&format!("fuzzy filter '{query}' over 10,000 titles"), |b| {
            b.iter(|| folio::app::fuzzy_filter(black_box(&app), query).len());
        });
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
