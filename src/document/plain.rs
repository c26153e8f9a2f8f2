//! Plain text: blank-line paragraphs and a first-line title.
//!
//! A chunk is a run of non-blank lines; each becomes a paragraph whose lines are kept as they
//! were (hard breaks), so nothing is reflowed or lost. The first chunk, when it is one short
//! line, is the title; a short all-capitals line before it is a kicker.

use std::ops::Range;

use super::{Block, BlockKind, Document, HARD_BREAK, Inline, InlineStyle, Meta, front_matter};

/// A run of non-blank lines with their byte ranges in the source.
struct Chunk<'a> {
    lines: Vec<(&'a str, Range<usize>)>,
}

impl Chunk<'_> {
    fn source(&self) -> Range<usize> {
        let start = self.lines.first().map_or(0, |l| l.1.start);
        let end = self.lines.last().map_or(0, |l| l.1.end);
        start..end
    }

    fn single_line(&self) -> Option<&str> {
        match self.lines.as_slice() {
            [(line, _)] => Some(line.trim()),
            _ => None,
        }
    }
}

fn chunks(text: &str, offset: usize) -> Vec<Chunk<'_>> {
    let mut out = Vec::new();
    let mut current = Chunk { lines: Vec::new() };
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']).trim_end();
        let start = offset + pos;
        pos += raw.len();
        if line.trim().is_empty() {
            if !current.lines.is_empty() {
                out.push(std::mem::replace(&mut current, Chunk { lines: Vec::new() }));
            }
        } else {
            current.lines.push((line, start..start + line.len()));
        }
    }
    if !current.lines.is_empty() {
        out.push(current);
    }
    out
}

fn is_kicker(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words <= 3
        && line.chars().any(char::is_alphabetic)
        && !line.chars().any(char::is_lowercase)
        && line.chars().count() <= 30
}

fn is_title(line: &str) -> bool {
    line.chars().count() <= 200
}

/// Parses a plain-text article.
pub fn parse(text: &str) -> Document {
    let mut meta = Meta::default();
    let fm = front_matter::split(text);
    let body_start = fm.as_ref().map_or_else(
        || if text.starts_with('\u{feff}') { 3 } else { 0 },
        |f| f.source.end,
    );
    if let Some(fm) = &fm {
        fm.apply(&mut meta);
    }
    let mut chunks = chunks(&text[body_start..], body_start)
        .into_iter()
        .peekable();
    if meta.title.is_none() {
        let first = chunks.peek().and_then(Chunk::single_line).map(String::from);
        if let Some(first) = first {
            chunks.next();
            let second = chunks.peek().and_then(Chunk::single_line).map(String::from);
            match second {
                Some(second) if is_kicker(&first) && is_title(&second) => {
                    chunks.next();
                    meta.kicker = Some(super::sanitize_inline(&first));
                    meta.title = Some(super::sanitize_inline(&second));
                }
                _ => meta.title = Some(super::sanitize_inline(&first)),
            }
        }
    }
    let blocks = chunks
        .map(|chunk| {
            let source = chunk.source();
            let mut inlines = Vec::with_capacity(chunk.lines.len() * 2);
            for (i, (line, range)) in chunk.lines.into_iter().enumerate() {
                if i > 0 {
                    inlines.push(Inline {
                        text: HARD_BREAK.into(),
                        style: InlineStyle::PLAIN,
                        link: None,
                        source: range.start..range.start,
                    });
                }
                inlines.push(Inline {
                    text: super::sanitize_inline(line),
                    style: InlineStyle::PLAIN,
                    link: None,
                    source: range,
                });
            }
            Block::new(BlockKind::Paragraph(inlines), source)
        })
        .collect();
    Document::new(meta, blocks, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_then_paragraphs_with_ranges() {
        let text = "My title\r\n\r\nFirst para\r\nline two.\r\n\r\n\r\nSecond.\n";
        let doc = parse(text);
        assert_eq!(doc.meta.title.as_deref(), Some("My title"));
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[0].text(), "First para\nline two.");
        assert_eq!(&text[doc.blocks[1].source.clone()], "Second.");
    }

    #[test]
    fn kicker_above_title() {
        let doc = parse("OPINION\n\nA headline here\n\nBody.\n");
        assert_eq!(doc.meta.kicker.as_deref(), Some("OPINION"));
        assert_eq!(doc.meta.title.as_deref(), Some("A headline here"));
        let doc = parse("A headline\n\nBODY TEXT\n");
        assert_eq!(doc.meta.kicker, None);
    }

    #[test]
    fn empty_and_blank_files() {
        assert!(parse("").blocks.is_empty());
        assert!(parse("\n\n\n").blocks.is_empty());
        assert_eq!(parse("\n\n\n").meta.title, None);
    }
}
