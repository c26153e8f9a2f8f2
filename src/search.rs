//! Search: in an article's text and across the library. Pure; no terminal, no files.
//!
//! Matching runs on the unwrapped text of blocks (layout segments, document blocks), never on
//! wrapped lines, so a phrase broken across two lines or across emphasis is found, and
//! highlighting maps each match back to every line that shows part of it. Case is smart:
//! insensitive unless the query has a capital letter.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use crate::document::{BlockKind, Document};
use crate::layout::{Layout, Span};

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Matcher {
    regex: Regex,
}

impl Matcher {
    /// Compiles `query`: a literal, or a regular expression when `regex` is set.
    pub fn new(query: &str, regex: bool) -> Result<Self, crate::error::Error> {
        if query.is_empty() {
            return Err(crate::error::Error::Invalid("empty search".into()));
        }
        let pattern = if regex {
            query.to_string()
        } else {
            regex::escape(query)
        };
        let smart_case = !query.chars().any(char::is_uppercase);
        RegexBuilder::new(&pattern)
            .case_insensitive(smart_case)
            .size_limit(1 << 20)
            .build()
            .map(|regex| Self { regex })
            .map_err(|e| {
                let text = e.to_string();
                let last = text.lines().last().unwrap_or("invalid pattern").trim();
                crate::error::Error::Invalid(format!(
                    "bad regex: {}",
                    last.trim_start_matches("error: ")
                ))
            })
    }

    /// Byte ranges of the non-empty matches in `text`.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.regex
            .find_iter(text)
            .map(|m| m.range())
            .filter(|r| !r.is_empty())
    }
}

/// A match in a laid-out article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Layout::segments`].
    pub seg: usize,
    /// Byte range in that segment.
    pub range: Range<usize>,
    /// The line that shows the start of the match.
    pub line: usize,
}

/// At most this many matches are kept in one article (the count then reads as a lower bound).
pub const MAX_HITS: usize = 100_000;

/// Every match in a layout, in reading order (at most [`MAX_HITS`]).
pub fn layout_hits(layout: &Layout, matcher: &Matcher) -> Vec<Hit> {
    // For each segment, (offset, line) of the spans that show it, in order.
    let mut shown: Vec<Vec<(usize, usize)>> = vec![Vec::new(); layout.segments.len()];
    for (line_no, line) in layout.lines.iter().enumerate() {
        for span in &line.spans {
            if let Some((seg, offset)) = span.at()
                && let Some(list) = shown.get_mut(seg)
            {
                list.push((offset, line_no));
            }
        }
    }
    let mut hits = Vec::new();
    for (seg, text) in layout.segments.iter().enumerate() {
        let spans = &shown[seg];
        if spans.is_empty() {
            continue;
        }
        for range in matcher.find_iter(text) {
            if hits.len() >= MAX_HITS {
                break;
            }
            let i = spans.partition_point(|(offset, _)| *offset <= range.start);
            let line = spans[i.saturating_sub(1)].1;
            hits.push(Hit { seg, range, line });
        }
    }
    hits.sort_by_key(|h| (h.line, h.seg, h.range.start));
    hits
}

/// For each character of `span`, the index in `hits` of the match covering it, if any.
/// Justification may have widened spaces; an added space takes the state of the character
/// before it, so a highlighted phrase stays whole.
pub fn marks(span: &Span, segments: &[crate::layout::Text], hits: &[Hit]) -> Vec<Option<usize>> {
    let count = span.text.chars().count();
    let Some((seg, offset)) = span.at() else {
        return vec![None; count];
    };
    let Some(text) = segments.get(seg) else {
        return vec![None; count];
    };
    let relevant: Vec<usize> = (0..hits.len()).filter(|&i| hits[i].seg == seg).collect();
    if relevant.is_empty() {
        return vec![None; count];
    }
    let covering = |pos: usize| {
        relevant
            .iter()
            .copied()
            .find(|&i| hits[i].range.start <= pos && pos < hits[i].range.end)
    };
    let mut out = Vec::with_capacity(count);
    let mut pos = offset;
    let mut previous = None;
    for c in span.text.chars() {
        let source = text.get(pos..).and_then(|t| t.chars().next());
        let mark = match source {
            Some(sc) if c == ' ' && sc != ' ' => previous,
            Some(sc) => {
                let m = covering(pos);
                pos += sc.len_utf8();
                m
            }
            None => previous,
        };
        out.push(mark);
        previous = mark;
    }
    out
}

/// An article's searchable text: its blocks with the section each belongs to.
#[derive(Debug, Clone, Default)]
pub struct ArticleText {
    /// Section names; blocks before the first heading belong to entry 0, the introduction.
    pub sections: Vec<String>,
    /// (section index, block text, source offset of the block).
    pub blocks: Vec<(usize, String, usize)>,
}

impl ArticleText {
    /// Collects the text of a document's blocks.
    pub fn new(doc: &Document) -> Self {
        let intro = doc
            .meta
            .title
            .clone()
            .unwrap_or_else(|| "Introduction".to_string());
        let mut sections = vec![intro];
        let mut current = 0;
        let mut blocks = Vec::with_capacity(doc.blocks.len());
        for block in &doc.blocks {
            if let BlockKind::Heading { .. } = block.kind {
                sections.push(block.text());
                current = sections.len() - 1;
            }
            blocks.push((current, block.text(), block.source.start));
        }
        Self { sections, blocks }
    }
}

/// A match in an article of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryHit {
    /// Index of the block in the document.
    pub block: usize,
    /// Byte range of the match in the block's text.
    pub range: Range<usize>,
    /// The section the block belongs to.
    pub section: String,
    /// A line of context around the match.
    pub snippet: String,
    /// Where the match is inside `snippet`.
    pub snippet_match: Range<usize>,
    /// Byte offset in the file of the block holding the match.
    pub offset: usize,
}

/// Matches in one article, at most `limit`.
pub fn search_article(text: &ArticleText, matcher: &Matcher, limit: usize) -> Vec<LibraryHit> {
    let mut hits = Vec::new();
    for (block, (section, body, offset)) in text.blocks.iter().enumerate() {
        for range in matcher.find_iter(body) {
            if hits.len() >= limit {
                return hits;
            }
            let (snippet, snippet_match) = snippet(body, &range);
            hits.push(LibraryHit {
                block,
                range,
                section: text.sections[*section].clone(),
                snippet,
                snippet_match,
                offset: *offset,
            });
        }
    }
    hits
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// About 30 bytes of context before and 50 after the match, on one line.
fn snippet(body: &str, range: &Range<usize>) -> (String, Range<usize>) {
    let start = floor_boundary(body, range.start.saturating_sub(30));
    let end = ceil_boundary(body, (range.end + 50).min(body.len()));
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < body.len() { "…" } else { "" };
    let flat = |s: &str| s.replace(['\n', '\t'], " ");
    let before = flat(&body[start..range.start]);
    let matched = flat(&body[range.clone()]);
    let after = flat(&body[range.end..end]);
    let at = lead.len() + before.len();
    (
        format!("{lead}{before}{matched}{after}{tail}"),
        at..at + matched.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SourceFormat, parse};
    use crate::layout::{Options, layout};

    #[test]
    fn smart_case_and_regex() {
        let m = Matcher::new("iran", false).unwrap();
        assert_eq!(m.find_iter("Iran and IRAN").count(), 2);
        let m = Matcher::new("Iran", false).unwrap();
        assert_eq!(m.find_iter("Iran and IRAN").count(), 1);
        let m = Matcher::new("a.c", false).unwrap();
        assert_eq!(m.find_iter("abc a.c").count(), 1);
        let m = Matcher::new("a.c", true).unwrap();
        assert_eq!(m.find_iter("abc a.c").count(), 2);
        assert!(
            Matcher::new("(", true)
                .unwrap_err()
                .to_string()
                .starts_with("bad regex")
        );
        assert!(Matcher::new("", false).is_err());
    }

    #[test]
    fn a_phrase_across_lines_and_emphasis_is_found_and_marked_on_both_lines() {
        let doc = parse(
            "Some words before the *quick brown* fox jumps over it.\n",
            SourceFormat::Markdown,
            "",
        );
        let mut options = Options::reader(12);
        options.header = false;
        let l = layout(&doc, &options);
        let m = Matcher::new("the quick brown fox", false).unwrap();
        let hits = layout_hits(&l, &m);
        assert_eq!(hits.len(), 1);
        let marked: Vec<String> = l
            .lines
            .iter()
            .map(|line| {
                line.spans
                    .iter()
                    .flat_map(|s| {
                        s.text
                            .chars()
                            .zip(marks(s, &l.segments, &hits))
                            .filter(|(_, m)| m.is_some())
                            .map(|(c, _)| c)
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .collect();
        let joined = marked.join("|");
        assert!(joined.contains("the"), "{joined}");
        assert!(joined.contains("quick"), "{joined}");
        assert!(joined.contains("fox"), "{joined}");
        assert!(
            marked.iter().filter(|m| !m.is_empty()).count() >= 2,
            "{marked:?}"
        );
    }

    #[test]
    fn library_hits_name_their_section() {
        let doc = parse(
            "# Title\n\nIntro has a needle.\n\n## Part\n\nAnother needle here.\n",
            SourceFormat::Markdown,
            "",
        );
        let text = ArticleText::new(&doc);
        let hits = search_article(&text, &Matcher::new("needle", false).unwrap(), 10);
        let sections: Vec<&str> = hits.iter().map(|h| h.section.as_str()).collect();
        assert_eq!(sections, vec!["Title", "Part"]);
        assert_eq!(&hits[1].snippet[hits[1].snippet_match.clone()], "needle");
    }
}
