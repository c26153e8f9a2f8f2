//! Highlights and notes: passages a reader marked, what they wrote about them, and how they
//! are found again. Pure; no terminal, no files.
//!
//! A highlight lives in the article's *text*: the unwrapped text of its layout's segments
//! joined by newlines ([`Text`]), the same text searches run on. That text does not depend on
//! the width, so a highlight stays on the same words through any resize, and it holds no
//! markup, so a quote reads as it was read. What is stored ([`Highlight`]) is the quote, a few
//! words on either side, the byte range in the file and the heading path; [`Text::place`]
//! finds the passage again after the file was edited (see [`anchor`]).

pub mod anchor;
pub mod export;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::layout::Layout;
use crate::search::Hit;

/// A highlighted passage, with its note if it has one: what the state file keeps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Highlight {
    /// When it was made, in milliseconds since the epoch: its name within the article.
    pub id: u64,
    /// The passage as read.
    pub quote: String,
    /// A few words before it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub before: String,
    /// A few words after it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub after: String,
    /// Byte range in the file of the lines that show it.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// Where it starts in the article's [`Text`], when last found.
    pub at: usize,
    /// Headings from the top level down to the section holding it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub heading_path: Vec<String>,
    /// What the reader wrote about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it was made, seconds since the epoch.
    pub created: u64,
    /// When it or its note last changed.
    pub updated: u64,
    /// It could not be found in the article as it is now (kept, and reported).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
}

impl Highlight {
    /// The section it is in, for a reader: the innermost heading.
    pub fn section(&self) -> Option<&str> {
        self.heading_path.last().map(String::as_str)
    }
}

/// The unwrapped text of a layout, with the way back to its lines.
#[derive(Debug, Clone, Default)]
pub struct Text {
    /// The segments joined by newlines.
    pub joined: String,
    /// Where each segment starts in `joined`.
    starts: Vec<usize>,
    /// For each line, the range of `joined` it shows (empty for lines of structure only).
    lines: Vec<Range<usize>>,
}

impl Text {
    /// The text of `layout`.
    pub fn of(layout: &Layout) -> Self {
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(layout.segments.len());
        for seg in &layout.segments {
            starts.push(joined.len());
            joined.push_str(seg);
            joined.push('\n');
        }
        let lines = layout
            .lines
            .iter()
            .map(|line| {
                let mut range: Option<Range<usize>> = None;
                for span in &line.spans {
                    let Some((seg, offset)) = span.at() else {
                        continue;
                    };
                    let Some(&base) = starts.get(seg) else {
                        continue;
                    };
                    let seg_len = layout.segments[seg].len();
                    // A span's text may be widened (justified spaces) or cut with a marker:
                    // count only what the segment holds.
                    let len = span.text.len().min(seg_len.saturating_sub(offset));
                    let piece = base + offset..base + offset + len;
                    range = Some(match range {
                        None => piece,
                        Some(r) => r.start.min(piece.start)..r.end.max(piece.end),
                    });
                }
                range.unwrap_or(0..0)
            })
            .collect();
        Self {
            joined,
            starts,
            lines,
        }
    }

    /// Whether the layout holds no text.
    pub fn is_empty(&self) -> bool {
        self.joined.is_empty()
    }

    /// The range of the text that line `line` shows (empty when it shows none).
    pub fn line(&self, line: usize) -> Range<usize> {
        self.lines.get(line).cloned().unwrap_or(0..0)
    }

    /// The first line showing text at or after `pos`.
    pub fn line_of(&self, pos: usize) -> Option<usize> {
        self.lines
            .iter()
            .position(|r| !r.is_empty() && r.end > pos)
            .or_else(|| self.lines.iter().rposition(|r| !r.is_empty()))
    }

    /// Where `(segment, offset)` is in the joined text.
    pub fn pos(&self, seg: usize, offset: usize) -> usize {
        self.starts.get(seg).map_or(0, |s| s + offset)
    }

    /// `range` of the joined text as matches per segment, the way search hits are drawn.
    pub fn hits(&self, range: Range<usize>) -> Vec<Hit> {
        let mut out = Vec::new();
        if range.is_empty() {
            return out;
        }
        let first = self
            .starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        for seg in first..self.starts.len() {
            let start = self.starts[seg];
            if start >= range.end {
                break;
            }
            let end = self
                .starts
                .get(seg + 1)
                .map_or(self.joined.len(), |&e| e - 1);
            let piece = range.start.max(start)..range.end.min(end);
            if piece.is_empty() {
                continue;
            }
            let line = self.line_of(piece.start).unwrap_or(0);
            out.push(Hit {
                seg,
                range: piece.start - start..piece.end - start,
                line,
            });
        }
        out
    }

    /// A new highlight of `range`, made at `now` (seconds) with id `id`.
    pub fn highlight(
        &self,
        range: Range<usize>,
        doc: &Document,
        layout: &Layout,
        now: u64,
        id: u64,
    ) -> Highlight {
        let mut h = Highlight {
            id,
            created: now,
            updated: now,
            ..Highlight::default()
        };
        self.settle(&mut h, range, doc, layout);
        h
    }

    /// Puts `h` on `range`: its quote, context, file bytes and section as they are now.
    fn settle(&self, h: &mut Highlight, range: Range<usize>, doc: &Document, layout: &Layout) {
        h.quote = self.joined[range.clone()]
            .trim_end_matches('\n')
            .to_string();
        h.before = anchor::before(&self.joined, range.start);
        h.after = anchor::after(&self.joined, range.start + h.quote.len());
        h.at = range.start;
        let first = self.line_of(range.start).unwrap_or(0);
        let last = self.line_of(range.end.saturating_sub(1)).unwrap_or(first);
        h.start = layout.lines.get(first).map_or(0, |l| l.source.start);
        h.end = layout
            .lines
            .get(last)
            .map_or(h.start, |l| l.source.end.max(h.start));
        h.heading_path = layout
            .section_at(first)
            .map(|e| crate::state::heading_path(doc, e))
            .unwrap_or_default();
        h.orphaned = false;
    }

    /// Finds `h` again in this text; when found, its quote and context follow the text as it
    /// is now (an edit inside the passage), else it is marked orphaned. The range found.
    pub fn place(
        &self,
        h: &mut Highlight,
        doc: &Document,
        layout: &Layout,
    ) -> Option<Range<usize>> {
        let passage = anchor::Passage {
            quote: &h.quote,
            before: &h.before,
            after: &h.after,
            near: h.at,
        };
        let Some(range) = anchor::find(&self.joined, &passage) else {
            h.orphaned = true;
            return None;
        };
        if self.joined[range.clone()] != *h.quote || range.start != h.at {
            self.settle(h, range.clone(), doc, layout);
        }
        h.orphaned = false;
        Some(range)
    }
}

/// Next id for a highlight made at `now_ms` among `existing` (ids are unique in an article).
pub fn next_id(existing: &[Highlight], now_ms: u64) -> u64 {
    let top = existing.iter().map(|h| h.id).max().unwrap_or(0);
    now_ms.max(top + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SourceFormat, parse};
    use crate::layout::{Options, layout};

    const ARTICLE: &str = "Title\n\nThe first paragraph of the article, which sets the scene \
        for everything after it.\n\nSurvival\n\nThe second paragraph holds the passage that \
        matters most to this reader, and a little more besides.\n\nThe third paragraph closes \
        the piece with a short thought.\n";

    fn text_of(src: &str, width: usize) -> (Document, Layout, Text) {
        let doc = parse(src, SourceFormat::Markdown, "t");
        let l = layout(&doc, &Options::reader(width));
        let t = Text::of(&l);
        (doc, l, t)
    }

    #[test]
    fn a_highlight_keeps_its_words_at_any_width_and_maps_to_lines() {
        let (doc, l, t) = text_of(ARTICLE, 30);
        let at = t.joined.find("the passage that matters").unwrap();
        let range = at..at + "the passage that matters most".len();
        let h = t.highlight(range.clone(), &doc, &l, 1, 1);
        assert_eq!(h.quote, "the passage that matters most");
        assert!(h.before.ends_with("holds "), "{:?}", h.before);
        assert!(h.after.starts_with(" to this reader"), "{:?}", h.after);
        assert_eq!(&ARTICLE[h.start..h.end].contains("passage"), &true);
        // Wrapped at 30 cells, the passage spans lines; every piece is on a line that shows it.
        let hits = t.hits(range);
        assert!(!hits.is_empty());
        for hit in &hits {
            let shown = t.line(hit.line);
            assert!(shown.start <= t.pos(hit.seg, hit.range.start), "{hit:?}");
        }
        // Another width: the same text, the same place.
        let (doc2, l2, t2) = text_of(ARTICLE, 90);
        let mut again = h.clone();
        let found = t2.place(&mut again, &doc2, &l2).unwrap();
        assert_eq!(&t2.joined[found], "the passage that matters most");
        assert_eq!(again, h);
    }

    #[test]
    fn an_edited_file_moves_the_highlight_and_a_deleted_passage_orphans_it() {
        let (doc, l, t) = text_of(ARTICLE, 60);
        let at = t.joined.find("the passage").unwrap();
        let mut h = t.highlight(at..at + 11, &doc, &l, 1, 1);
        let edited = ARTICLE.replace(
            "The first paragraph",
            "A new opening line.\n\nThe first paragraph",
        );
        let (doc2, l2, t2) = text_of(&edited, 60);
        let found = t2.place(&mut h, &doc2, &l2).unwrap();
        assert_eq!(&t2.joined[found.clone()], "the passage");
        assert_eq!(h.at, found.start);
        assert!(edited[h.start..h.end].contains("the passage"));
        let gone = ARTICLE.replace("The second paragraph holds the passage that matters most to this reader, and a little more besides.\n\n", "");
        let (doc3, l3, t3) = text_of(&gone, 60);
        assert_eq!(t3.place(&mut h, &doc3, &l3), None);
        assert!(h.orphaned);
        assert_eq!(h.quote, "the passage", "an orphan keeps its quote");
    }

    #[test]
    fn a_moved_file_keeps_its_highlights() {
        let (doc, l, t) = text_of(ARTICLE, 60);
        let at = t.joined.find("a short thought").unwrap();
        let h = t.highlight(at..at + 15, &doc, &l, 1, 1);
        let mut remembered = std::collections::BTreeMap::new();
        remembered.insert(
            "old/place.md".to_string(),
            crate::state::ArticleState {
                path: "old/place.md".into(),
                hash: "xxh3:feed".into(),
                highlights: vec![h],
                ..Default::default()
            },
        );
        // Found by its content under its new name, and the passage in it.
        let state = crate::state::find(&remembered, "new/name.md", "xxh3:feed").unwrap();
        let mut h = state.highlights[0].clone();
        let found = t.place(&mut h, &doc, &l).unwrap();
        assert_eq!(&t.joined[found], "a short thought");
        assert!(!h.orphaned);
    }

    #[test]
    fn an_orphan_is_still_exported() {
        let (doc, l, t) = text_of(ARTICLE, 60);
        let at = t.joined.find("sets the scene").unwrap();
        let mut h = t.highlight(at..at + 14, &doc, &l, 1, 1);
        h.note = Some("why this scene".into());
        let gone = ARTICLE.replace("which sets the scene for everything after it", "");
        let (doc2, l2, t2) = text_of(&gone, 60);
        assert_eq!(t2.place(&mut h, &doc2, &l2), None);
        let md = export::markdown(&[export::Group {
            path: "a.md".into(),
            title: "A".into(),
            authors: Vec::new(),
            source: None,
            missing: false,
            highlights: vec![h],
        }]);
        assert!(md.contains("> sets the scene"), "{md}");
        assert!(md.contains("why this scene"), "{md}");
        assert!(md.contains("Orphaned"), "{md}");
    }

    #[test]
    fn ids_are_unique_in_an_article() {
        let h = Highlight {
            id: 500,
            ..Highlight::default()
        };
        assert_eq!(next_id(&[], 100), 100);
        assert_eq!(next_id(std::slice::from_ref(&h), 100), 501);
        assert_eq!(next_id(&[h], 900), 900);
    }
}
