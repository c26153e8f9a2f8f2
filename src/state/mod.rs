//! Reading state: where each article was left, read flags, marks. Kept in
//! `$XDG_STATE_HOME/folio/state.json`, versioned, human-readable.
//!
//! Positions are source positions: an anchor is a byte offset in the file plus the heading path
//! and the relative place inside that section, so a resize, an edit of the file or a new
//! version of folio still finds the same text. The app keeps the one copy of what is
//! remembered and hands its [`Changes`] to [`file::Saver`], which merges them into the file
//! off the event loop. Articles are remembered by their canonical absolute path (see
//! [`crate::library::key`]), and found by their content hash when moved.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::layout::Layout;

pub mod file;
mod merge;
pub mod saver;

pub use file::StateFile;
pub use saver::Saver;

/// Version written in the file; older versions are read, newer ones refused politely. Version
/// 2 changed the content hash to XXH3 (`xxh3:`); version-1 hashes still match by size and time.
/// Version 3 added highlights and notes (`highlights` per article); a version-2 file reads as
/// one without any, and is written back as version 3.
pub const VERSION: u32 = 3;

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A place in an article that survives re-wrapping and editing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Anchor {
    /// Byte offset in the file of the text at the top of the reader.
    #[serde(skip_serializing_if = "is_zero_usize")]
    pub offset: usize,
    /// Headings from the top level down to the section holding that text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub heading_path: Vec<String>,
    /// Where the offset sits inside that section's bytes, 0..=1.
    #[serde(skip_serializing_if = "is_zero_f64")]
    pub in_section: f64,
    /// How far through the article, 0..=1.
    #[serde(skip_serializing_if = "is_zero_f64")]
    pub percent: f64,
}

// What is left out of the file is what reading it back fills in: the default. (serde hands
// these a reference, hence the allowances.)
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero_usize(n: &usize) -> bool {
    *n == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero_u64(n: &u64) -> bool {
    *n == 0
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero_f64(n: &f64) -> bool {
    *n == 0.0
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

fn is_top(anchor: &Anchor) -> bool {
    *anchor == Anchor::default()
}

/// What is remembered of one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleState {
    /// The article's key: its canonical absolute path ([`crate::library::key`]).
    pub path: String,
    /// Size in bytes when last seen.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub size: u64,
    /// Modification time (seconds since the epoch) when last seen.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub modified: u64,
    /// [`content_hash`](crate::library::hash::content_hash) of the file when last seen.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hash: String,
    /// Where the reader was.
    #[serde(skip_serializing_if = "is_top")]
    pub anchor: Anchor,
    /// The end was reached (or the user said so).
    #[serde(skip_serializing_if = "is_false")]
    pub read: bool,
    /// First and last time opened (seconds since the epoch).
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub first_opened: u64,
    /// Last time opened.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub last_opened: u64,
    /// Last change to this entry, for merging with other processes.
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub updated: u64,
    /// Marks by letter.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub marks: BTreeMap<String, Anchor>,
    /// Highlighted passages and their notes, in reading order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<crate::annotate::Highlight>,
}

/// What changed in the remembered articles since the last save: the app's side of a save.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Articles whose state is new or changed.
    pub put: Vec<ArticleState>,
    /// Articles to forget (unread again and never opened).
    pub forget: Vec<String>,
}

impl Changes {
    /// Whether there is nothing to save.
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.forget.is_empty()
    }

    /// Takes in newer changes: a later state of an article replaces an earlier one, and a
    /// later forget cancels it (and the other way round).
    pub fn absorb(&mut self, newer: Self) {
        for state in newer.put {
            self.forget.retain(|p| *p != state.path);
            self.put.retain(|s| s.path != state.path);
            self.put.push(state);
        }
        for path in newer.forget {
            self.put.retain(|s| s.path != path);
            if !self.forget.contains(&path) {
                self.forget.push(path);
            }
        }
    }
}

/// The remembered state of an article at `path`, else of one with the same content (a moved
/// or renamed file).
pub fn find<'a>(
    remembered: &'a BTreeMap<String, ArticleState>,
    path: &str,
    hash: &str,
) -> Option<&'a ArticleState> {
    remembered.get(path).or_else(|| {
        remembered
            .values()
            .filter(|a| a.hash == hash && !hash.is_empty())
            .max_by_key(|a| a.updated)
    })
}

/// Whether a remembered article is the file as it is now (see [`crate::library::hash::same_file`]).
pub fn same_file(state: &ArticleState, size: u64, modified: u64, hash: &str) -> bool {
    crate::library::hash::same_file(
        (&state.hash, state.size, state.modified),
        hash,
        size,
        modified,
    )
}

/// The heading path of outline entry `entry`: its ancestors and itself.
pub fn heading_path(doc: &Document, entry: usize) -> Vec<String> {
    let mut path = vec![doc.outline[entry].text.clone()];
    let mut level = doc.outline[entry].level;
    for e in doc.outline[..entry].iter().rev() {
        if e.level < level {
            path.push(e.text.clone());
            level = e.level;
        }
    }
    path.reverse();
    path
}

/// Byte range in the file of outline entry `entry`'s section (or of the part before the first
/// heading when `entry` is `None`).
fn section_bytes(doc: &Document, entry: Option<usize>, len: usize) -> std::ops::Range<usize> {
    let blocks = match entry {
        Some(e) => doc.section_blocks(e),
        None => 0..doc.outline.first().map_or(doc.blocks.len(), |e| e.block),
    };
    let start = doc.blocks.get(blocks.start).map_or(0, |b| b.source.start);
    let end = doc
        .blocks
        .get(blocks.end)
        .map_or(len, |b| b.source.start)
        .max(start);
    start..end
}

/// The anchor of the text at line `top`.
pub fn anchor_at(doc: &Document, layout: &Layout, top: usize, source_len: usize) -> Anchor {
    let sourced = |l: &&crate::layout::Line| l.block.is_some() && l.source != (0..0);
    let (before, after) = layout.lines.split_at(top.min(layout.lines.len()));
    // Below the last text (the list of links at the end), the last text is the place.
    let offset = after
        .iter()
        .find(sourced)
        .or_else(|| before.iter().rev().find(sourced))
        .map_or(0, |l| l.source.start);
    if top == 0 {
        return Anchor::default();
    }
    let entry = layout.section_at(top);
    let section = section_bytes(doc, entry, source_len);
    let span = section.len().max(1);
    Anchor {
        offset,
        heading_path: entry.map(|e| heading_path(doc, e)).unwrap_or_default(),
        in_section: (offset.saturating_sub(section.start) as f64 / span as f64).clamp(0.0, 1.0),
        percent: if layout.lines.is_empty() {
            0.0
        } else {
            top as f64 / layout.lines.len() as f64
        },
    }
}

/// The first line showing text at or after byte `offset`.
pub fn line_at_offset(layout: &Layout, offset: usize) -> usize {
    layout
        .lines
        .iter()
        .position(|l| l.block.is_some() && l.source != (0..0) && l.source.end > offset)
        .unwrap_or(0)
}

/// Where to put the top line for a remembered anchor. `same_content` says the file is
/// unchanged, so the byte offset is exact; otherwise the heading path and the place inside the
/// section are used, and when the heading is gone, the percentage.
pub fn restore(
    doc: &Document,
    layout: &Layout,
    anchor: &Anchor,
    same_content: bool,
    source_len: usize,
) -> usize {
    if anchor.offset == 0 && anchor.heading_path.is_empty() && anchor.in_section <= 0.0 {
        // Left at the very top, header included (the anchor of the top line is all zeros;
        // its percentage says how much was on screen, not where).
        return 0;
    }
    if same_content {
        return line_at_offset(layout, anchor.offset);
    }
    if anchor.heading_path.is_empty() {
        // Before the first heading: the same place in the introduction.
        let section = section_bytes(doc, None, source_len);
        let offset = section.start + (anchor.in_section * section.len() as f64) as usize;
        return line_at_offset(layout, offset);
    }
    let wanted = &anchor.heading_path;
    let found = (0..doc.outline.len())
        .find(|&e| heading_path(doc, e) == *wanted)
        .or_else(|| {
            let last = wanted.last()?;
            (0..doc.outline.len()).find(|&e| doc.outline[e].text == *last)
        });
    match found {
        Some(entry) => {
            let section = section_bytes(doc, Some(entry), source_len);
            let offset = section.start + (anchor.in_section * section.len() as f64) as usize;
            line_at_offset(layout, offset)
                .max(layout.heading_lines.get(entry).copied().unwrap_or(0))
        }
        None => (anchor.percent * layout.lines.len() as f64) as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SourceFormat, parse};
    use crate::layout::{Options, layout};

    fn text(extra: &str) -> String {
        let mut t = String::from("# T\n\nIntro.\n\n## One\n\n");
        for i in 0..30 {
            t.push_str(&format!("Paragraph {i} of one goes on for some words.\n\n"));
        }
        t.push_str(extra);
        t.push_str("## Two\n\n");
        for i in 0..30 {
            t.push_str(&format!("Paragraph {i} of two goes on for some words.\n\n"));
        }
        t
    }

    fn top_text(l: &Layout, top: usize) -> String {
        l.lines[top].text()
    }

    #[test]
    fn restore_finds_the_same_text_after_an_edit() {
        let before = text("");
        let doc = parse(&before, SourceFormat::Markdown, "t");
        let l = layout(&doc, &Options::reader(40));
        let top = l
            .lines
            .iter()
            .position(|x| x.text().starts_with("Paragraph 7 of two"))
            .unwrap();
        let anchor = anchor_at(&doc, &l, top, before.len());
        // The title `# T` is the header's, not a section (issue 17).
        assert_eq!(anchor.heading_path, vec!["Two"]);
        assert_eq!(
            top_text(&l, restore(&doc, &l, &anchor, true, before.len())),
            top_text(&l, top)
        );

        // A paragraph inserted in the section before moves every byte; the section is found.
        let after = text("An inserted paragraph that pushes everything below it down.\n\n");
        let doc2 = parse(&after, SourceFormat::Markdown, "t");
        let l2 = layout(&doc2, &Options::reader(40));
        let line = restore(&doc2, &l2, &anchor, false, after.len());
        assert!(
            top_text(&l2, line).starts_with("Paragraph 7 of two"),
            "{}",
            top_text(&l2, line)
        );

        // Heading gone: the same percentage.
        let gone = before.replace("## Two", "Two, no longer a heading");
        let doc3 = parse(&gone, SourceFormat::Markdown, "t");
        let l3 = layout(&doc3, &Options::reader(40));
        let line = restore(&doc3, &l3, &anchor, false, gone.len());
        let expected = (anchor.percent * l3.lines.len() as f64) as usize;
        assert_eq!(line, expected);
    }

    #[test]
    fn a_place_in_the_list_of_links_comes_back_at_the_end() {
        let mut t = text("");
        for i in 0..20 {
            t.push_str(&format!("See [page {i}](https://example.org/{i}).\n\n"));
        }
        let doc = parse(&t, SourceFormat::Markdown, "t");
        let l = layout(&doc, &Options::reader(40));
        let last = l.lines.len() - 1;
        assert!(
            top_text(&l, last).contains("example.org/19"),
            "the list ends it"
        );
        let anchor = anchor_at(&doc, &l, last, t.len());
        let back = restore(&doc, &l, &anchor, true, t.len());
        assert!(
            top_text(&l, back).starts_with("See page 19"),
            "{}",
            top_text(&l, back)
        );
    }

    #[test]
    fn the_very_top_comes_back_at_the_top() {
        let t = text("");
        let doc = parse(&t, SourceFormat::Markdown, "t");
        let l = layout(&doc, &Options::reader(40));
        let mut anchor = anchor_at(&doc, &l, 0, t.len());
        // The snapshot adds how much was on screen; it must not move the place.
        anchor.percent = 0.3;
        assert_eq!(restore(&doc, &l, &anchor, true, t.len()), 0);
        assert_eq!(restore(&doc, &l, &anchor, false, t.len()), 0);
    }

    #[test]
    fn a_moved_file_is_found_by_its_content_and_changes_absorb() {
        let mut remembered = BTreeMap::new();
        remembered.insert(
            "old/name.md".to_string(),
            ArticleState {
                path: "old/name.md".into(),
                hash: "xxh3:1".into(),
                read: true,
                ..ArticleState::default()
            },
        );
        assert!(find(&remembered, "new/name.md", "xxh3:1").is_some_and(|a| a.read));
        assert!(find(&remembered, "new/name.md", "xxh3:2").is_none());
        let state = |path: &str, read| ArticleState {
            path: path.into(),
            read,
            ..ArticleState::default()
        };
        let mut changes = Changes {
            put: vec![state("a", false), state("b", false)],
            forget: vec!["c".into()],
        };
        changes.absorb(Changes {
            put: vec![state("a", true), state("c", true)],
            forget: vec!["b".into()],
        });
        assert_eq!(changes.put, [state("a", true), state("c", true)]);
        assert_eq!(changes.forget, ["b"]);
    }
}
