//! Learns the weights of folio's plain-text structure recovery and writes them as a Rust table.
//!
//! ```sh
//! cargo run --release --example train-structure            # writes src/document/plain/weights.rs
//! cargo run --release --example train-structure -- --dry   # figures only
//! cargo run --release --example train-structure -- --show N  # the N-th rendered document
//! ```
//!
//! The corpus is whatever documentation with known headings this machine holds (see
//! `corpus.rs`): rendered to text the way a browser copy gives it (`render.rs`), every heading
//! known. Two models are fitted on it with the loader's own features
//! (`folio::document::plain::training`):
//!
//! - headings: logistic regression over each candidate line's features, the threshold set
//!   where F1 peaks on held-out documents;
//! - header: a maximum entropy Markov model over the first units, on headers put together
//!   from each document's title and synthetic bylines, dates, kickers and captions
//!   (`synth.rs`).
//!
//! It also prints cross-domain figures: trained on books, scored on READMEs and system docs,
//! and the other way round. Everything is deterministic: same machine, same weights.

mod corpus;
mod dev;
mod fit;
mod render;
mod synth;

use std::fmt::Write as _;
use std::time::Instant;

use corpus::{Doc, Source};
use fit::{Binary, Linear, Multi};
use folio::document::plain::training;
use render::{Block, Kind};

/// FNV-1a, for deduplication and seeded choices.
pub fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One document in ten is held out for the figures.
fn held_out(doc: &Doc) -> bool {
    hash(&doc.path.to_string_lossy()).is_multiple_of(10)
}

/// L2 penalty of the heading model, per unit of row weight.
const HEADING_L2: f64 = 1e-4;

/// A tuning knob from the environment (`TRAIN_<NAME>`), for experiments; the committed
/// weights come from the defaults.
fn knob(name: &str, default: f64) -> f64 {
    std::env::var(format!("TRAIN_{name}"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
/// L2 penalty of the header model.
const HEADER_L2: f64 = 1e-4;
/// Adam steps for the header model.
const HEADER_STEPS: usize = 400;
/// Synthetic headers per document.
const HEADERS_PER_DOC: usize = 3;

/// A document as the heading models see it.
struct Rows {
    source: Source,
    held_out: bool,
    /// Cross-fitting fold.
    fold: bool,
    text: String,
    /// Each unit's text, for `--sample`.
    texts: Vec<String>,
    /// Each unit: its first-stage features when it is a candidate, and whether it is a
    /// heading.
    units: Vec<(Option<Vec<f32>>, bool)>,
}

/// The body text of a document: its blocks, with the title on top for half of them (a page
/// pasted without its header often starts with a section heading).
fn body_blocks(doc: &Doc) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(doc.body.len() + 1);
    if let Some(t) = &doc.title
        && hash(&doc.path.to_string_lossy()).is_multiple_of(2)
    {
        blocks.push(Block {
            kind: Kind::Heading(1),
            text: t.clone(),
        });
    }
    blocks.extend(doc.body.iter().cloned());
    blocks
}

fn join(blocks: &[Block]) -> String {
    let mut text = blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    text.push('\n');
    text
}

fn heading_rows(doc: &Doc, blocks: &[Block]) -> Rows {
    let text = join(blocks);
    let units = training::body_units(&text);
    // Blocks are single lines apart from each other, so units and blocks pair up one to one;
    // when they do not (a line the loader keeps with its neighbour), labels go by text.
    let aligned =
        units.len() == blocks.len() && units.iter().zip(blocks).all(|(u, b)| u.text == b.text);
    let headings: Vec<&str> = blocks
        .iter()
        .filter(|b| matches!(b.kind, Kind::Heading(_)))
        .map(|b| b.text.as_str())
        .collect();
    let texts = units.iter().map(|u| u.text.clone()).collect();
    let units = units
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            let is_heading = if aligned {
                matches!(blocks[i].kind, Kind::Heading(_))
            } else {
                headings.contains(&u.text.as_str())
            };
            (u.features, is_heading)
        })
        .collect();
    let h = hash(&doc.path.to_string_lossy());
    Rows {
        source: doc.source,
        held_out: held_out(doc),
        fold: (h >> 8).is_multiple_of(2),
        text,
        texts,
        units,
    }
}

/// Row weights that give each source the same total weight.
fn source_weights(docs: &[&Rows]) -> Vec<(Source, f32)> {
    let count = |d: &Rows| d.units.iter().filter(|u| u.0.is_some()).count();
    let total: usize = docs.iter().map(|d| count(d)).sum();
    let mut out = Vec::new();
    let shares = [
        (Source::Book, knob("BOOK", 1.0)),
        (Source::Readme, knob("README", 1.0)),
        (Source::Sysdoc, knob("SYSDOC", 1.0)),
    ];
    let sum: f64 = shares.iter().map(|(_, w)| w).sum();
    for (s, share) in shares {
        let n: usize = docs
            .iter()
            .filter(|d| d.source == s)
            .map(|d| count(d))
            .sum();
        if n > 0 {
            out.push((s, (total as f64 * share / (sum * n as f64)) as f32));
        }
    }
    out
}

/// Fits a logistic model on `rows(doc)` of the documents given.
fn fit_on<'a>(
    docs: &[&'a Rows],
    dim: usize,
    rows: &dyn Fn(&'a Rows) -> Vec<(Vec<f32>, bool)>,
) -> Linear {
    let weights = source_weights(docs);
    let mut data = Binary::new(dim);
    for d in docs {
        let w = weights
            .iter()
            .find(|(s, _)| *s == d.source)
            .map_or(1.0, |(_, w)| *w);
        for (x, y) in rows(d) {
            data.push(&x, y, w);
        }
    }
    fit::logistic(&data, knob("L2", HEADING_L2))
}

fn first_rows(d: &Rows) -> Vec<(Vec<f32>, bool)> {
    d.units
        .iter()
        .filter_map(|(x, y)| Some((x.clone()?, *y)))
        .collect()
}

/// Both stages, and the first stage's likely-heading threshold.
struct Pipeline {
    first: Linear,
    likely: f64,
    second: Linear,
}

fn first_scores(model: &Linear, d: &Rows) -> Vec<Option<f32>> {
    d.units
        .iter()
        .map(|(x, _)| x.as_ref().map(|x| model.score(x) as f32))
        .collect()
}

fn second_rows(d: &Rows, first: &[Option<f32>], likely: f64) -> Vec<(Vec<f32>, bool)> {
    training::peer_rows(&d.text, first, likely as f32)
        .into_iter()
        .zip(&d.units)
        .filter_map(|(x, (_, y))| Some((x?, *y)))
        .collect()
}

/// Trains both stages on `docs`; the second stage learns from first-stage scores that were
/// cross-fitted (each half scored by a model trained on the other half).
fn train_pipeline(docs: &[&Rows]) -> Pipeline {
    let dim = training::heading_names().len();
    let peer_dim = training::peer_names().len();
    let first = fit_on(docs, dim, &first_rows);
    let likely = best_first_threshold(&first, docs);
    let halves: Vec<Linear> = [true, false]
        .iter()
        .map(|&f| {
            let half: Vec<&Rows> = docs.iter().copied().filter(|d| d.fold == f).collect();
            fit_on(&half, dim, &first_rows)
        })
        .collect();
    let second = fit_on(docs, peer_dim, &|d: &Rows| {
        let model = if d.fold { &halves[1] } else { &halves[0] };
        second_rows(d, &first_scores(model, d), likely)
    });
    Pipeline {
        first,
        likely,
        second,
    }
}

fn best_first_threshold(model: &Linear, docs: &[&Rows]) -> f64 {
    let scored: Vec<(Vec<Option<f32>>, &Rows)> =
        docs.iter().map(|d| (first_scores(model, d), *d)).collect();
    best(&|t| prf(&scored, t).2)
}

fn best(f: &dyn Fn(f64) -> f64) -> f64 {
    let mut top = (0.0, f64::NEG_INFINITY);
    for step in -30..=30 {
        let t = f64::from(step) / 10.0;
        let v = f(t);
        if v > top.1 {
            top = (t, v);
        }
    }
    top.0
}

/// Precision, recall, F1 of scores at a threshold.
fn prf(scored: &[(Vec<Option<f32>>, &Rows)], threshold: f64) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut missed) = (0usize, 0usize, 0usize);
    for (scores, d) in scored {
        for (s, (_, y)) in scores.iter().zip(&d.units) {
            let yes = s.is_some_and(|s| f64::from(s) >= threshold);
            match (yes, *y) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => missed += 1,
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + missed).max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

impl Pipeline {
    fn scores(&self, d: &Rows) -> Vec<Option<f32>> {
        let first = first_scores(&self.first, d);
        training::peer_rows(&d.text, &first, self.likely as f32)
            .into_iter()
            .map(|x| x.map(|x| self.second.score(&x) as f32))
            .collect()
    }
}

/// Scores of every document.
fn scored<'a>(p: &Pipeline, docs: &[&'a Rows]) -> Vec<(Vec<Option<f32>>, &'a Rows)> {
    docs.iter().map(|d| (p.scores(d), *d)).collect()
}

/// A header sequence: the zone's features and gold labels.
struct Sequence {
    held_out: bool,
    /// Features, gold label and the labels allowed, per unit.
    units: Vec<(Vec<f32>, usize, Vec<bool>)>,
}

fn label_index(labels: &[&str], name: &str) -> usize {
    labels
        .iter()
        .position(|l| *l == name)
        .unwrap_or(labels.len() - 1)
}

/// What the synthesis draws on: names, sentences, headings and titles of the corpus.
fn pools<'a>(docs: &'a [Doc], names: &'a [String]) -> synth::Pools<'a> {
    let sentences: Vec<&str> = docs
        .iter()
        .flat_map(|d| {
            d.body
                .iter()
                .filter(|b| synth::is_sentence(b))
                .map(|b| b.text.as_str())
        })
        .collect();
    let headings: Vec<&str> = docs
        .iter()
        .flat_map(|d| {
            d.body
                .iter()
                .filter(|b| matches!(b.kind, Kind::Heading(_)))
                .map(|b| b.text.as_str())
        })
        .collect();
    let titles = docs.iter().filter_map(|d| d.title.as_deref()).collect();
    synth::Pools {
        names,
        titles,
        sentences,
        headings,
    }
}

/// Synthetic header sequences for every document.
fn header_sequences(docs: &[Doc], pools: &synth::Pools) -> Vec<Sequence> {
    let labels = training::header_labels();
    let body = labels.len() - 1;
    let mut out = Vec::new();
    for doc in docs {
        let mut rng = synth::Rng::new(hash(&doc.path.to_string_lossy()));
        for _ in 0..HEADERS_PER_DOC {
            // Some pages are pasted without their header; some of those start at a heading,
            // which is then read as the title: the plain export prints a title alone on the
            // first line, and it must read back as one.
            let mut title = if rng.chance(0.2) {
                None
            } else {
                doc.title.as_deref()
            };
            let mut start = 0;
            if title.is_none()
                && rng.chance(0.5)
                && let Some(h) = doc
                    .body
                    .iter()
                    .position(|b| matches!(b.kind, Kind::Heading(_)))
            {
                title = Some(doc.body[h].text.as_str());
                start = h + 1;
            }
            let head = synth::header(&mut rng, title, pools);
            let body_blocks = &doc.body[start..doc.body.len().min(start + 12)];
            let text = synth::text(&head, body_blocks);
            let zone = training::header_units(&text);
            let mut k = 0;
            let mut units = Vec::new();
            for u in zone {
                let mut label = if k < head.len() && head[k].text == u.text {
                    k += 1;
                    label_index(&labels, head[k - 1].label)
                } else {
                    k = head.len();
                    body
                };
                // A first line shaped like a headline is read as the title, whatever the
                // synthesis meant (the loader's rule, so the labels follow it).
                if units.is_empty() && label == body && !u.allowed[body] {
                    label = label_index(&labels, "title");
                }
                if std::env::var_os("TRAIN_SHOW_UNPARSED").is_some()
                    && label == label_index(&labels, "author")
                    && !u.allowed[label]
                {
                    println!("unparsed author line: {}", u.text);
                }
                units.push((u.features, label, u.allowed));
            }
            out.push(Sequence {
                held_out: held_out(doc),
                units,
            });
        }
    }
    out
}

fn with_before(x: &[f32], before: Option<usize>, labels: usize) -> Vec<f32> {
    let mut v = x.to_vec();
    let mut onehot = vec![0.0; labels + 1];
    onehot[before.unwrap_or(labels)] = 1.0;
    v.extend(onehot);
    v
}

fn train_header(seqs: &[Sequence], labels: usize) -> Vec<Linear> {
    let dim = training::header_names().len() + labels + 1;
    let body = labels - 1;
    let mut data = Multi::new(dim, labels);
    for s in seqs.iter().filter(|s| !s.held_out) {
        let mut before = None;
        for (x, y, _) in &s.units {
            if before == Some(body) {
                break;
            }
            data.push(&with_before(x, before, labels), *y, 1.0);
            before = Some(*y);
        }
    }
    println!("header model: {} rows", data.len());
    fit::softmax(&data, HEADER_L2, HEADER_STEPS)
}

fn labels_named(i: usize) -> &'static str {
    training::header_labels().get(i).copied().unwrap_or("")
}

/// Viterbi over a zone with the trained header model (as the loader does it).
fn decode(models: &[Linear], units: &[(Vec<f32>, usize, Vec<bool>)], labels: usize) -> Vec<usize> {
    let body = labels - 1;
    let n = units.len();
    let log_probs = |k: usize, before: Option<usize>| -> Vec<f64> {
        let (x, _, allowed) = &units[k];
        let v = with_before(x, before, labels);
        let s: Vec<f64> = models.iter().map(|m| m.score(&v)).collect();
        let max = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = s.iter().map(|v| (v - max).exp()).sum();
        s.iter()
            .zip(allowed)
            .map(|(v, ok)| {
                if *ok {
                    v - max - sum.ln()
                } else {
                    f64::NEG_INFINITY
                }
            })
            .collect()
    };
    let mut best = vec![vec![f64::NEG_INFINITY; labels]; n];
    let mut from = vec![vec![0; labels]; n];
    best[0] = log_probs(0, None);
    for k in 1..n {
        for p in 0..labels {
            if best[k - 1][p] == f64::NEG_INFINITY {
                continue;
            }
            let scores = if p == body {
                let mut s = vec![f64::NEG_INFINITY; labels];
                s[body] = 0.0;
                s
            } else {
                log_probs(k, Some(p))
            };
            for (c, s) in scores.iter().enumerate() {
                // The loader's rule: a role belongs to the author above it.
                if labels_named(c) == "role" && labels_named(p) != "author" {
                    continue;
                }
                if best[k - 1][p] + s > best[k][c] {
                    best[k][c] = best[k - 1][p] + s;
                    from[k][c] = p;
                }
            }
        }
    }
    let mut label = (0..labels)
        .max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]))
        .unwrap_or(body);
    let mut path = vec![0; n];
    for k in (0..n).rev() {
        path[k] = label;
        label = from[k][label];
    }
    path
}

fn header_report(models: &[Linear], seqs: &[Sequence], labels: &[&str]) {
    let l = labels.len();
    let mut confusion = vec![vec![0usize; l]; l];
    let (mut exact, mut total) = (0, 0);
    for s in seqs.iter().filter(|s| s.held_out && !s.units.is_empty()) {
        let path = decode(models, &s.units, l);
        total += 1;
        exact += usize::from(path.iter().zip(&s.units).all(|(p, (_, y, _))| p == y));
        for (p, (_, y, _)) in path.iter().zip(&s.units) {
            confusion[*y][*p] += 1;
        }
    }
    println!("header model, held-out synthetic headers: {exact}/{total} sequences exact");
    for (y, row) in confusion.iter().enumerate() {
        let n: usize = row.iter().sum();
        println!(
            "  {:<8} {:>5} units, {:.3} right; taken for: {}",
            labels[y],
            n,
            row[y] as f64 / n.max(1) as f64,
            row.iter()
                .enumerate()
                .filter(|(p, c)| *p != y && **c > 0)
                .map(|(p, c)| format!("{} {c}", labels[p]))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn floats(values: impl Iterator<Item = f64>) -> String {
    let mut out = String::new();
    for (i, v) in values.enumerate() {
        if i % 8 == 0 {
            out.push_str("\n    ");
        } else {
            out.push(' ');
        }
        let _ = write!(out, "{v:.4},");
    }
    out
}

fn strings(values: &[&str]) -> String {
    let mut out = String::new();
    for v in values {
        let _ = write!(out, "\n    {v:?},");
    }
    out
}

/// The generated weight table.
fn table(pipeline: &Pipeline, threshold: f64, header: &[Linear], summary: &str) -> String {
    let heading = &pipeline.first;
    let names = training::heading_names();
    let head_names = training::header_names();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! Learned weights of the plain-text structure recovery. Generated by\n//! `cargo run --release --example train-structure`; do not edit by hand. Slices rather than\n//! arrays, so that the trainer still builds when the features change; a test checks that\n//! the names match the features.\n//!\n{summary}\n"
    );
    let _ = writeln!(
        out,
        "/// Names of the heading features the weights were learned for.\n#[cfg_attr(not(test), allow(dead_code))] // read by the test that checks them\npub const HEADING_NAMES: &[&str] = &[{}\n];\n",
        strings(&names)
    );
    let _ = writeln!(
        out,
        "/// Heading model: bias.\npub const HEADING_BIAS: f32 = {:.4};\n\n/// Heading model: one weight per feature.\n#[rustfmt::skip]\npub const HEADING: &[f32] = &[{}\n];\n",
        heading.bias,
        floats(heading.w.iter().copied())
    );
    let _ = writeln!(
        out,
        "/// Names of the second-stage features.\n#[cfg_attr(not(test), allow(dead_code))] // read by the test that checks them\npub const PEER_NAMES: &[&str] = &[{}\n];\n",
        strings(&training::peer_names())
    );
    let _ = writeln!(
        out,
        "/// First-stage score from which a unit counts as a likely heading for the second stage.\npub const HEADING_LIKELY: f32 = {:.2};\n\n/// Second stage: bias.\npub const PEER_BIAS: f32 = {:.4};\n\n/// Second stage: one weight per feature (the first is the first-stage score's).\n#[rustfmt::skip]\npub const PEER: &[f32] = &[{}\n];\n",
        pipeline.likely,
        pipeline.second.bias,
        floats(pipeline.second.w.iter().copied())
    );
    let _ = writeln!(
        out,
        "/// Score (log-odds) from which a unit is a heading: where F1 peaks on held-out documents.\npub const HEADING_THRESHOLD: f32 = {threshold:.2};\n\n/// Score from which a unit is a weak heading.\npub const HEADING_WEAK: f32 = {:.2};\n",
        threshold - 1.0
    );
    let _ = writeln!(
        out,
        "/// Names of the header features the weights were learned for.\n#[cfg_attr(not(test), allow(dead_code))] // read by the test that checks them\npub const HEADER_NAMES: &[&str] = &[{}\n];\n",
        strings(&head_names)
    );
    let _ = writeln!(
        out,
        "/// Header model: one bias per label.\n#[rustfmt::skip]\npub const HEADER_BIAS: &[f32] = &[{}\n];\n",
        floats(header.iter().map(|m| m.bias))
    );
    let _ = writeln!(
        out,
        "/// Header model: one row of weights per label (features, then the label before).\n#[rustfmt::skip]\npub const HEADER: &[&[f32]] = &["
    );
    for m in header {
        let _ = writeln!(
            out,
            "    &[{}\n    ],",
            floats(m.w.iter().copied()).replace("\n    ", "\n        ")
        );
    }
    out.push_str("];\n");
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    let docs = corpus::collect();
    if let Some(at) = args.iter().position(|a| a == "--show") {
        let n: usize = args.get(at + 1).and_then(|a| a.parse().ok()).unwrap_or(0);
        if let Some(d) = docs.get(n) {
            println!("{} {:?} title={:?}", d.path.display(), d.source, d.title);
            for b in &d.body {
                println!("{:?}\t{}", b.kind, b.text);
            }
        }
        return;
    }
    let names = corpus::names();
    let mut summary = String::new();
    for s in [Source::Book, Source::Readme, Source::Sysdoc] {
        let of: Vec<&Doc> = docs.iter().filter(|d| d.source == s).collect();
        let blocks: usize = of.iter().map(|d| d.body.len()).sum();
        let headings: usize = of
            .iter()
            .map(|d| {
                d.body
                    .iter()
                    .filter(|b| matches!(b.kind, Kind::Heading(_)))
                    .count()
            })
            .sum();
        let line = format!(
            "//! - {}: {} documents, {blocks} blocks, {headings} headings",
            s.name(),
            of.len()
        );
        println!("{}", &line[4..]);
        summary.push_str(&line);
        summary.push('\n');
    }
    let _ = write!(summary, "//! - {} names for synthetic bylines", names.len());
    println!("corpus read in {:.1?}", started.elapsed());

    let pools = pools(&docs, &names);
    // Each document as it is, and as a web page would hold it.
    let mut rows: Vec<Rows> = Vec::with_capacity(docs.len() * 2);
    for doc in &docs {
        let blocks = body_blocks(doc);
        let mut rng = synth::Rng::new(hash(&doc.path.to_string_lossy()) ^ 0x5eed);
        let page = synth::web_page(&mut rng, &blocks, &pools);
        rows.push(heading_rows(doc, &blocks));
        rows.push(heading_rows(doc, &page));
    }
    if let Some(at) = args.iter().position(|a| a == "--sample") {
        // Units with a feature set, and their labels: what the corpus teaches about it.
        let names = training::heading_names();
        let want = args.get(at + 1).map_or("", String::as_str);
        let Some(k) = names.iter().position(|n| *n == want) else {
            println!("no feature {want:?}");
            return;
        };
        let mut n = 0;
        for r in &rows {
            for ((x, y), t) in r.units.iter().zip(&r.texts) {
                if x.as_ref().is_some_and(|x| x[k] != 0.0) && hash(t).is_multiple_of(50) && n < 80 {
                    n += 1;
                    println!(
                        "{} {:?} {}",
                        if *y { "H" } else { "-" },
                        r.source,
                        t.chars().take(90).collect::<String>()
                    );
                }
            }
        }
        return;
    }
    let train: Vec<&Rows> = rows.iter().filter(|r| !r.held_out).collect();
    let test: Vec<&Rows> = rows.iter().filter(|r| r.held_out).collect();
    let pipeline = train_pipeline(&train);
    let held = scored(&pipeline, &test);
    let threshold = best(&|t| prf(&held, t).2);
    let (p, r, f) = prf(&held, threshold);
    let first_only: Vec<(Vec<Option<f32>>, &Rows)> = test
        .iter()
        .map(|d| (first_scores(&pipeline.first, d), *d))
        .collect();
    let (_, _, f1) = prf(&first_only, pipeline.likely);
    println!(
        "headings, held-out documents: P={p:.3} R={r:.3} F1={f:.3} at log-odds {threshold:.1} (first stage alone F1={f1:.3})"
    );
    let mut figures = format!("//!\n//! Held-out documents: headings P={p:.3} R={r:.3} F1={f:.3}.");
    // Cross-domain: train on one kind of text, score on the other.
    for (name, on, off) in [
        ("books", Source::Book, None),
        (
            "READMEs and system docs",
            Source::Readme,
            Some(Source::Sysdoc),
        ),
    ] {
        let kind = |r: &Rows| r.source == on || Some(r.source) == off;
        let these: Vec<&Rows> = rows.iter().filter(|r| kind(r)).collect();
        let others: Vec<&Rows> = rows.iter().filter(|r| !kind(r)).collect();
        let m = train_pipeline(&these);
        let (p, r, f) = prf(&scored(&m, &others), threshold);
        let line =
            format!("trained on {name} only, scored on the rest: P={p:.3} R={r:.3} F1={f:.3}");
        println!("cross-domain: {line}");
        let _ = write!(figures, "\n//! Cross-domain, {line}.");
    }
    summary.push('\n');
    summary.push_str(&figures);
    if let Some(at) = args.iter().position(|a| a == "--why") {
        for file in &args[at + 1..] {
            println!("== {file}");
            dev::why(std::path::Path::new(file), &pipeline, threshold);
        }
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--dev") {
        for dir in &args[at + 1..] {
            let Some(set) = dev::load(std::path::Path::new(dir)) else {
                continue;
            };
            let figures: Vec<String> = (-4..=8)
                .map(|t| {
                    let t = f64::from(t) / 2.0;
                    let (p, r, f) = dev::score(&set, &pipeline, t);
                    format!("{t:+.1}: P={p:.2} R={r:.2} F1={f:.3}")
                })
                .collect();
            println!("dev {}: {}", set.name, figures.join(" | "));
        }
    }
    let labels = training::header_labels();
    let seqs = header_sequences(&docs, &pools);
    let header = train_header(&seqs, labels.len());
    header_report(&header, &seqs, &labels);
    println!("trained in {:.1?}", started.elapsed());

    if args.iter().any(|a| a == "--dry") {
        return;
    }
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map_or_else(
            || {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("src/document/plain/weights.rs")
            },
            std::path::PathBuf::from,
        );
    let generated = table(&pipeline, threshold, &header, &summary);
    if let Err(e) = std::fs::write(&out, &generated) {
        eprintln!("train-structure: cannot write '{}': {e}", out.display());
        std::process::exit(1);
    }
    println!("wrote {} ({} bytes)", out.display(), generated.len());
}
