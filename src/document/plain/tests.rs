//! End-to-end rules of the plain-text loader, on small original texts and the repository's
//! own samples.

use super::*;
use crate::document::{SourceFormat, parse as parse_any};

fn outline(doc: &Document) -> Vec<String> {
    doc.outline.iter().map(|e| e.text.clone()).collect()
}

fn kinds(doc: &Document) -> Vec<&'static str> {
    doc.blocks.iter().map(Block::kind_name).collect()
}

const SEED: &str = include_str!("../../../articles/neither-surrender-nor-peace.txt");

#[test]
fn the_reference_article() {
    let doc = parse(SEED);
    assert_eq!(doc.meta.kicker.as_deref(), Some("ANALYSIS"));
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Neither surrender nor peace: Khamenei opts for strategic delay")
    );
    assert_eq!(doc.meta.authors, vec!["Mehdi Parpanchi"]);
    assert_eq!(
        doc.meta.role.as_deref(),
        Some("Executive editor at Iran International")
    );
    assert_eq!(
        outline(&doc),
        [
            "Hibernation",
            "Survival instinct",
            "De-escalate, regenerate",
            "Time and money"
        ]
    );
    let captions: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Caption(_)))
        .collect();
    assert_eq!(captions.len(), 1);
    assert!(captions[0].text().starts_with("Iran's Supreme Leader"));
    let war = doc
        .blocks
        .iter()
        .find(|b| b.text() == "A war could push those toward breaking point.")
        .map(Block::kind_name);
    assert_eq!(war, Some("paragraph"));
    // Every body paragraph once, in order.
    let body: Vec<&str> = SEED
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.contains('\n') && super::cues::is_prose(p))
        .collect();
    let texts: Vec<String> = doc.blocks.iter().map(Block::text).collect();
    let mut at = 0;
    for p in body {
        let found = texts[at..]
            .iter()
            .position(|t| t.trim_end() == p.trim_end_matches('\u{a0}'));
        let Some(found) = found else {
            panic!("missing or out of order: {p}");
        };
        at += found + 1;
    }
    assert_eq!(texts.iter().filter(|t| t.starts_with("Mehdi")).count(), 0);
}

#[test]
fn hard_wrapped_fixture_is_rejoined() {
    let src = include_str!("../../../tests/fixtures/plain-hardwrapped.txt");
    let doc = parse(src);
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("On Keeping a Paper Diary in a Digital Year")
    );
    assert_eq!(kinds(&doc), vec!["paragraph"; 4]);
    assert!(doc.blocks.iter().all(|b| !b.text().contains('\n')));
    assert!(doc.blocks[0].text().contains("mostly out of stubbornness."));
    assert!(doc.outline.is_empty());
}

#[test]
fn cjk_fixture() {
    let src = include_str!("../../../tests/fixtures/cjk.txt");
    let doc = parse(src);
    assert_eq!(doc.meta.title.as_deref(), Some("雨の日の図書館"));
    assert_eq!(doc.blocks.len(), 3);
    assert!(doc.outline.is_empty());
}

const PROSE: &str = "The ferry left an hour late because the crew waited for the mail, as they always do in winter.";

#[test]
fn a_cjk_article_with_sections() {
    let p =
        "港の朝はいつも早い。漁船が戻ってくると、市場は一気ににぎやかになり、声と水の音が広がる。";
    let src = format!("港町の一日\n\n{p}\n\n朝の市場\n\n{p}\n\n夕方の堤防\n\n{p}\n");
    let doc = parse(&src);
    assert_eq!(doc.meta.title.as_deref(), Some("港町の一日"));
    assert_eq!(outline(&doc), ["朝の市場", "夕方の堤防"]);
}

#[test]
fn rtl_text_stays_in_logical_order() {
    let p = "در روزهای بارانی کتابخانه کوچک شهر آرام‌تر از همیشه است و فقط صدای ورق زدن روزنامه شنیده می‌شود.";
    let src = format!("{p}\n\nنقشه‌های قدیمی\n\n{p}\n");
    let doc = parse(&src);
    assert_eq!(outline(&doc), ["نقشه‌های قدیمی"]);
    assert_eq!(doc.blocks[0].text(), p);
}

#[test]
fn boilerplate_is_marked_not_deleted() {
    let src = format!(
        "{PROSE}\n\nShare this article\n\n{PROSE}\n\nAdvertisement\n\nThe crossing\n\n{PROSE}\n"
    );
    let doc = parse(&src);
    let hints: Vec<Hint> = doc.blocks.iter().map(|b| b.hint).collect();
    assert_eq!(hints.iter().filter(|h| **h == Hint::Boilerplate).count(), 2);
    assert_eq!(outline(&doc), ["The crossing"]);
    assert_eq!(doc.without_boilerplate().blocks.len(), doc.blocks.len() - 2);
}

#[test]
fn front_matter_overrides() {
    let src = format!(
        "+++\ntitle = \"Given title\"\nauthors = [\"Ann Lee\"]\nheadings = [\"it rained\"]\nnot-headings = [\"The crossing\"]\n+++\nGiven title\n\n{PROSE}\n\nThe crossing\n\n{PROSE}\n\nIt rained\n\n{PROSE}\n"
    );
    let doc = parse(&src);
    assert_eq!(doc.meta.title.as_deref(), Some("Given title"));
    assert_eq!(doc.meta.authors, vec!["Ann Lee"]);
    assert_eq!(outline(&doc), ["It rained"]);
    assert_eq!(
        doc.blocks[0].text(),
        PROSE,
        "the title line is not repeated in the body"
    );
}

#[test]
fn structure_none_and_markdown() {
    let body = format!("{PROSE}\n\nThe crossing\n\n{PROSE}\n\n## Marked\n\n{PROSE}\n");
    let none = parse(&format!("+++\nstructure = \"none\"\n+++\n{body}"));
    assert!(none.outline.is_empty());
    assert!(none.blocks.iter().any(|b| b.text() == "## Marked"));
    let md = parse(&format!("+++\nstructure = \"markdown\"\n+++\n{body}"));
    assert_eq!(outline(&md), ["Marked"]);
    let auto = parse(&body);
    assert_eq!(
        outline(&auto),
        ["Marked"],
        "explicit headings switch heuristics off"
    );
}

#[test]
fn markdown_headings_in_txt() {
    let src =
        format!("# The harbour\n\n{PROSE}\n\nTides\n=====\n\n{PROSE}\n\n### Boats\n\n{PROSE}\n");
    let doc = parse(&src);
    assert_eq!(doc.meta.title.as_deref(), Some("The harbour"));
    assert_eq!(outline(&doc), ["The harbour", "Tides", "Boats"]);
    assert_eq!(doc.outline[2].level, 3);
}

#[test]
fn weak_headings_are_available_on_request() {
    // Two short lines in a row before prose: the second scores lower than a lone heading.
    let src =
        format!("{PROSE}\n\nHarbour notes\n\nSome boats\n\n{PROSE}\n\nClosing time\n\n{PROSE}\n");
    let doc = parse(&src);
    let weak: Vec<String> = doc
        .blocks
        .iter()
        .filter(|b| b.hint == Hint::WeakHeading)
        .map(Block::text)
        .collect();
    let promoted = doc.with_weak_headings();
    assert_eq!(promoted.outline.len(), doc.outline.len() + weak.len());
    assert!(
        doc.blocks
            .iter()
            .all(|b| b.confidence.is_some_and(|c| (0.0..=1.0).contains(&c)))
    );
}

#[test]
fn list_items_and_tables_keep_lines() {
    let src =
        format!("{PROSE}\n\n- flour\n- sugar\n- eggs\n\n{PROSE}\n\nCity | Rain\nOslo | 763\n");
    let doc = parse(&src);
    assert_eq!(doc.blocks[1].text(), "- flour\n- sugar\n- eggs");
    assert_eq!(doc.blocks[3].text(), "City | Rain\nOslo | 763");
    assert!(doc.outline.is_empty());
}

#[test]
fn empty_and_blank_files() {
    assert!(parse("").blocks.is_empty());
    assert!(parse("\n\n\n").blocks.is_empty());
    assert_eq!(parse("\n\n\n").meta.title, None);
    assert!(parse("\u{200b}\n\u{a0}\n").blocks.is_empty());
}

#[test]
fn crlf_bom_and_positions() {
    let text = "\u{feff}A title for this\r\n\r\nFirst paragraph of the text, long enough to be prose.\r\n\r\nSecond.\r\n";
    let doc = parse(text);
    assert_eq!(doc.meta.title.as_deref(), Some("A title for this"));
    assert_eq!(&text[doc.blocks[1].source.clone()], "Second.");
}

/// Runs of blank lines as one: a block with no text at all (an empty `##` heading in
/// markdown) prints as an empty line, which no plain-text reader can tell from a separator.
fn squeeze(text: &str) -> String {
    let mut out = text.to_string();
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out
}

/// Every sample and fixture, markdown or plain: plain export, loaded as plain text and
/// exported again, is the same text; for plain sources the outline survives too.
#[test]
fn plain_export_is_a_fixed_point_for_every_sample() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for dir in ["articles", "tests/fixtures"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(format) = crate::document::format_for(&path) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            seen += 1;
            let doc = parse_any(&text, format, "t");
            let once = crate::export::plain(&doc, None, true);
            let again = parse_any(&once, SourceFormat::PlainText, "t");
            let twice = crate::export::plain(&again, None, true);
            assert_eq!(squeeze(&once), twice, "{}", path.display());
            let thrice =
                crate::export::plain(&parse_any(&twice, SourceFormat::PlainText, "t"), None, true);
            assert_eq!(twice, thrice, "{}", path.display());
            if format == SourceFormat::PlainText {
                assert_eq!(outline(&doc), outline(&again), "{}", path.display());
                assert_eq!(doc.meta.title, again.meta.title, "{}", path.display());
                assert_eq!(doc.meta.authors, again.meta.authors, "{}", path.display());
            }
        }
    }
    assert!(seen >= 8);
}

#[test]
fn authors_from_the_end_of_the_article() {
    let src =
        format!("{PROSE}\n\nAbout the author\n\nAnn Lee\n\nHarbour master and occasional writer\n");
    assert_eq!(parse(&src).meta.authors, vec!["Ann Lee"]);
    // The name is kept as text but is no section of the article.
    let src = format!(
        "{PROSE}\n\nAbout the author\n\nAnn Lee\n\nAnn Lee has run the harbour office for twenty years and writes about the boats that use it.\n"
    );
    let doc = parse(&src);
    assert_eq!(doc.meta.authors, vec!["Ann Lee"]);
    assert!(!outline(&doc).contains(&"Ann Lee".to_string()));
    assert!(kinds(&doc).len() >= 3);
    let src = format!(
        "{PROSE}\n\nAnn Lee is a reporter who covers ferries and the people who run them.\n"
    );
    assert_eq!(parse(&src).meta.authors, vec!["Ann Lee"]);
    let src = format!("{PROSE}\n\nThe harbour is a busy place on any day of the week.\n");
    assert!(parse(&src).meta.authors.is_empty());
}

/// The weight table was learned for exactly these features, in this order: after a change to
/// the features, `cargo run --release --example train-structure` must be run again.
#[test]
fn the_weights_match_the_features() {
    let heading: Vec<&str> = features::HEADING.iter().map(|(n, _)| *n).collect();
    assert_eq!(heading, weights::HEADING_NAMES);
    assert_eq!(weights::HEADING.len(), heading.len());
    let peers: Vec<&str> = features::PEERS.iter().map(|(n, _)| *n).collect();
    assert_eq!(peers, weights::PEER_NAMES);
    assert_eq!(weights::PEER.len(), peers.len());
    let head: Vec<&str> = header::HEAD.iter().map(|(n, _)| *n).collect();
    assert_eq!(head, weights::HEADER_NAMES);
    assert_eq!(weights::HEADER_BIAS.len(), header::LABELS.len());
    assert!(
        weights::HEADER
            .iter()
            .all(|row| row.len() == header::HEAD_INPUTS)
    );
}

/// Best of three runs of `analyse` on `text`.
fn best_time(text: &str) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(analyse(std::hint::black_box(text)));
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Every input of n bytes costs O(n log n) at most: doubling a hostile input may multiply the
/// time by 2.5 at most (quadratic work would multiply it by 4). Measured as a ratio in the
/// same run, never against a time limit.
#[test]
fn doubling_a_hostile_input_at_most_doubles_the_time_and_a_bit() {
    let inputs: [(&str, fn(usize) -> String); 7] = [
        ("one short line repeated", |n| {
            "Short line here\n\n".repeat(n)
        }),
        ("different short lines", |n| {
            (0..n)
                .map(|i| format!("Line number {i} here\n\n"))
                .collect()
        }),
        ("shell comments", |n| "# a comment\n\n".repeat(n)),
        ("one block of lines", |n| "Short line here\n".repeat(n)),
        ("bylines", |n| "By Ann Lee\n\n".repeat(n)),
        ("labels that open alike", |n| {
            (0..n).map(|i| format!("Buy it: shop {i}\n\n")).collect()
        }),
        ("headings and prose", |n| {
            (0..n).map(|i| format!("Part {i}\n\n{PROSE}\n\n")).collect()
        }),
    ];
    for (name, make) in inputs {
        let (small, large) = (make(2000), make(4000));
        // Interleaved, so that a burst of load on the machine hits both sizes alike.
        let mut ratio = f64::MAX;
        for _ in 0..2 {
            let (a, b) = (best_time(&small), best_time(&large));
            ratio = ratio.min(b.as_secs_f64() / a.as_secs_f64().max(1e-9));
        }
        assert!(
            ratio <= 2.5,
            "{name}: twice the input took {ratio:.2} times as long"
        );
    }
}
