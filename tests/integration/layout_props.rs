//! Layout invariants over every sample at every width from 1 to 200, and export idempotence
//! over generated documents.

use proptest::prelude::*;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::common::{load, samples};
use folio::document::{Block, BlockKind, Document, SourceFormat, parse};
use folio::export;
use folio::layout::{Layout, Line, Options, Reach, Role, layout, layout_on};

/// Non-space characters of `text` that are sure to be shown at `width`: at very small widths
/// prefixes leave a single cell, where a double-width character is shown as `?`.
fn visible_chars(text: &str, width: usize) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '|')
        .filter(|c| width >= 10 || c.width().unwrap_or(0) <= 1)
        .collect()
}

fn is_subsequence(needle: &[char], hay: &[char]) -> bool {
    let mut it = hay.iter();
    needle.iter().all(|c| it.any(|h| h == c))
}

/// Whether a line wider than the width is so only because it holds something kept whole: a
/// code line, a table (whose columns are never narrower than their widest word), or one
/// unbroken piece (a URL) without which it would fit.
fn kept_whole(doc: &Document, line: &Line, width: usize) -> bool {
    let code = line
        .spans
        .iter()
        .any(|s| matches!(s.role, Role::Code | Role::Syntax(_)));
    let table = line
        .block
        .is_some_and(|b| matches!(doc.blocks[b].kind, BlockKind::Table { .. }));
    let text = line.text();
    let piece = text
        .split_whitespace()
        .any(|p| line.width() - p.width() < width);
    code || table || piece
}

fn check(doc: &Document, l: &Layout, width: usize, name: &str) {
    for line in &l.lines {
        match line.reach {
            // The pane is the measure here.
            Reach::Measure | Reach::Pane => assert!(
                line.width() <= width,
                "{name} at {width}: line of {} cells: {:?}",
                line.width(),
                line.text()
            ),
            Reach::Whole => assert!(
                kept_whole(doc, line, width),
                "{name} at {width}: {:?} is wider than the width and not kept whole",
                line.text()
            ),
        }
        assert_eq!(line.text().width(), line.width());
    }
    for pair in l.heading_lines.windows(2) {
        assert!(
            pair[0] < pair[1],
            "{name} at {width}: heading lines {pair:?}"
        );
    }
    assert_eq!(l.heading_lines.len(), doc.outline.len());
    for (i, block) in doc.blocks.iter().enumerate() {
        let lines = &l.lines[l.block_lines[i].clone()];
        let shown: Vec<char> = lines
            .iter()
            .flat_map(|line| line.text().chars().collect::<Vec<_>>())
            .collect();
        let expected: Vec<Vec<char>> = match &block.kind {
            // A table too wide for columns is laid out row by row: check each cell alone.
            BlockKind::Table { header, rows, .. } => std::iter::once(header)
                .chain(rows)
                .flatten()
                .map(|cell| visible_chars(&folio::document::inline_text(cell), width))
                .collect(),
            _ => vec![visible_chars(&block.text(), width)],
        };
        for want in expected {
            assert!(
                is_subsequence(&want, &shown),
                "{name} at {width}: block {i} ({}) lost text",
                block.kind_name()
            );
        }
    }
}

#[test]
fn every_sample_at_every_width() {
    for path in samples() {
        let doc = load(&path);
        let name = path.display().to_string();
        for width in 1..=200 {
            check(&doc, &layout(&doc, &Options::reader(width)), width, &name);
            check(
                &doc,
                &layout(&doc, &Options::plain(Some(width))),
                width,
                &name,
            );
        }
    }
}

#[test]
fn plain_export_of_every_sample_is_a_fixed_point() {
    for path in samples() {
        let doc = load(&path);
        let once = export::plain(&doc, None, true);
        let again = parse(&once, SourceFormat::PlainText, "x");
        let twice = export::plain(&again, None, true);
        assert_eq!(once, twice, "{}", path.display());
    }
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,12}",
        "[A-Z][a-z]{0,8}",
        Just("日本語".to_string()),
        Just("🚆".to_string()),
        Just("https://example.org/a/very/long/path/segment".to_string()),
    ]
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..25).prop_map(|w| w.join(" "))
}

fn markdown_block() -> impl Strategy<Value = String> {
    prop_oneof![
        sentence().prop_map(|s| format!("{s}.")),
        (1..5usize, sentence()).prop_map(|(l, s)| format!("{} {s}", "#".repeat(l))),
        prop::collection::vec(sentence(), 1..4).prop_map(|items| items
            .iter()
            .map(|i| format!("- {i}"))
            .collect::<Vec<_>>()
            .join("\n")),
        sentence().prop_map(|s| format!("> {s}")),
        sentence().prop_map(|s| format!("*{s}* and [{s}](https://x.org)")),
        sentence().prop_map(|s| format!("```\n{s}\n```")),
        (sentence(), sentence()).prop_map(|(a, b)| format!("| {a} | b |\n|---|---|\n| {b} | c |")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_documents_keep_invariants(
        blocks in prop::collection::vec(markdown_block(), 1..12),
        width in 1usize..=120,
    ) {
        let text = blocks.join("\n\n");
        let doc = parse(&text, SourceFormat::Markdown, "gen");
        check(&doc, &layout(&doc, &Options::reader(width)), width, "generated");
        // A title without a letter or digit (an emoji alone) cannot be told from a stray
        // symbol line in plain text: the round trip is only asked of titles with words.
        prop_assume!(doc.meta.title.as_deref().is_none_or(|t| t.chars().any(char::is_alphanumeric)));
        let once = export::plain(&doc, None, true);
        let again = parse(&once, SourceFormat::PlainText, "x");
        let twice = export::plain(&again, None, true);
        let by = twice.split("\n\n").map(str::trim_end).find(|p| p.starts_with("By "));
        if doc.meta.authors.is_empty() && !again.meta.authors.is_empty() && let Some(by) = by {
            // A short line shaped like a list of names reads back as the byline: right under
            // the title, or as the last line (plain text cannot tell a name from a heading
            // there, and bylines without "By" are common). The byline is printed under the
            // title with "By"; every other paragraph is the same, in the same order.
            let name = &by["By ".len()..];
            let paragraphs = |text: &str, drop: &str| -> Vec<String> {
                text.split("\n\n")
                    .map(|p| p.trim_end().to_string())
                    .filter(|p| p != drop)
                    .collect()
            };
            prop_assert_eq!(paragraphs(&once, name), paragraphs(&twice, by));
        } else {
            prop_assert_eq!(&once, &twice);
        }
    }

    /// A big document is laid out in runs of blocks on several threads and joined: the
    /// result is the layout of one thread, line for line, whatever the split; and the streamed
    /// plain export is the whole layout's text.
    #[test]
    fn layout_on_threads_is_layout_on_one(
        blocks in prop::collection::vec(markdown_block(), 1..16),
        width in 1usize..=120,
        threads in 2usize..=5,
        boilerplate in any::<bool>(),
    ) {
        let text = blocks.join("\n\n");
        let doc = if boilerplate {
            // Pasted text with lines the reader hides (the runs after one must not start with a
            // gap when nothing is shown before them).
            let pasted = format!("Share this article\n\n{}\n\nShare this article", text.replace("\n\n", "\n\nShare this article\n\n"));
            parse(&pasted, SourceFormat::PlainText, "gen")
        } else {
            parse(&format!("{text}\n\nSee[^1].\n\n[^1]: A note."), SourceFormat::Markdown, "gen")
        };
        for options in [Options::reader(width), Options::plain(Some(width)), Options::plain(None)] {
            let one = layout_on(&doc, &options, 1);
            let many = layout_on(&doc, &options, threads);
            prop_assert_eq!(&one, &many);
        }
        let whole = layout(&doc, &Options::plain(Some(width))).to_text();
        prop_assert_eq!(export::plain(&doc, Some(width), true), whole);
    }

    #[test]
    fn blocks_keep_source_ranges(blocks in prop::collection::vec(markdown_block(), 1..8)) {
        let text = blocks.join("\n\n");
        let doc = parse(&text, SourceFormat::Markdown, "gen");
        let mut last = 0;
        for block in &doc.blocks {
            prop_assert!(block.source.start >= last && block.source.end <= text.len());
            last = block.source.start;
        }
        let _ = Block::text;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The fuzz targets' paths, briefly: any text through both loaders, every export and the
    /// config parser; no panic, no escape byte out.
    #[test]
    fn arbitrary_text_never_panics_or_leaks_escapes(text in "(?s).{0,400}", width in 1usize..=90) {
        for format in [SourceFormat::Markdown, SourceFormat::PlainText] {
            let doc = parse(&text, format, "any");
            for f in [export::Format::Plain, export::Format::Markdown, export::Format::Json] {
                let out = export::export(&doc, f, Some(width), true);
                prop_assert!(!out.contains(char::from(0x1b_u8)), "escape byte in the export");
            }
            check(&doc, &layout(&doc, &Options::reader(width)), width, "arbitrary");
        }
        let _ = folio::config::Config::parse(&text, std::path::Path::new("any.toml"));
        let _ = folio::document::plain::explain(&text);
    }
}
