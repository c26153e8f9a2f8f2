//! The document model: what an article *is*, independent of how it is shown.
//!
//! Owns the pure conversion from a file's bytes to a [`Document`] (metadata, blocks, outline).
//! Nothing here reads the disk, draws, or knows a width; loaders get bytes and a file name.

pub mod front_matter;
pub mod highlight;
pub mod html;
mod links;
pub mod markdown;
pub mod plain;
mod sanitize;

use std::ops::Range;

use serde::Serialize;

pub use links::{Anchors, Target, classify, slug};
pub use sanitize::{sanitize_code, sanitize_inline};

/// Where a document came from, as reported by `export --format json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// A CommonMark file (`.md`, `.markdown`, ...).
    Markdown,
    /// Plain text, typically pasted from a web page.
    PlainText,
    /// A saved web page (`.html`, `.htm`), read through a Readability extractor.
    Html,
}

/// Everything about an article that is not its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The headline; `None` only when nothing, not even a file name, was available.
    pub title: Option<String>,
    /// A short label above the title ("ANALYSIS", "OPINION").
    pub kicker: Option<String>,
    /// Author names, each once.
    pub authors: Vec<String>,
    /// A role or byline line that is not a name ("Executive editor at ...").
    pub role: Option<String>,
    /// Publication date as written in the source.
    pub date: Option<String>,
    /// Tags from front matter.
    pub tags: Vec<String>,
    /// Where the article was saved from (a URL), when known.
    pub source: Option<String>,
    /// The loader that produced the document; `None` only for a default value.
    pub format: Option<SourceFormat>,
}

/// Emphasis flags of an inline run; combinable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct InlineStyle(u8);

impl InlineStyle {
    /// No styling.
    pub const PLAIN: Self = Self(0);
    /// `*emphasis*`, drawn italic.
    pub const EMPHASIS: Self = Self(1);
    /// `**strong**`, drawn bold.
    pub const STRONG: Self = Self(2);
    /// `~~strikethrough~~`.
    pub const STRIKE: Self = Self(4);
    /// `` `inline code` ``.
    pub const CODE: Self = Self(8);
    /// A footnote reference: the text is `[^n]`, `n` the note's number (see
    /// [`BlockKind::Footnote`]).
    pub const FOOTNOTE_REF: Self = Self(16);
    /// An image inside text: the text is its alt text, and `link` its source (or the link
    /// around it).
    pub const IMAGE: Self = Self(32);

    /// Whether any flag of `other` is set here.
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether every flag of `other` is set here.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Both sets of flags.
    #[must_use]
    pub const fn with(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

/// One run of text with a single style inside a paragraph-like block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    /// The text, already sanitised (no control characters, tabs as spaces).
    pub text: String,
    /// Emphasis flags.
    pub style: InlineStyle,
    /// 1-based index into [`Document::links`] when this run is (part of) a link.
    pub link: Option<usize>,
    /// Byte range of this run in the source file.
    pub source: Range<usize>,
}

/// The link targets of a document being built, numbered from 1 in order of first use; a
/// target used again keeps its number (found by hashing: articles may hold a hundred thousand
/// links).
#[derive(Debug, Default)]
pub struct LinkTable {
    urls: Vec<String>,
    numbers: std::collections::HashMap<String, usize>,
}

impl LinkTable {
    /// The number of `url`, given one if it is new.
    pub fn number(&mut self, url: String) -> usize {
        if let Some(&n) = self.numbers.get(&url) {
            return n;
        }
        self.urls.push(url.clone());
        self.numbers.insert(url, self.urls.len());
        self.urls.len()
    }

    /// The targets in number order.
    pub fn into_urls(self) -> Vec<String> {
        self.urls
    }
}

/// Drops blank inlines (hard breaks included) at both ends and trims the outer edges' spaces,
/// for the loaders of markdown and HTML.
pub(crate) fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while inlines.last().is_some_and(|i| i.text.trim().is_empty()) {
        inlines.pop();
    }
    let lead = inlines
        .iter()
        .take_while(|i| i.text.trim().is_empty())
        .count();
    inlines.drain(..lead);
    if let Some(first) = inlines.first_mut() {
        let lead = first.text.len() - first.text.trim_start().len();
        first.text.drain(..lead);
    }
    if let Some(last) = inlines.last_mut() {
        last.text.truncate(last.text.trim_end().len());
    }
    // Kept as long as the document is open: no room to grow (a big article has a million).
    inlines.shrink_to_fit();
    inlines
}

/// How many top-level blocks may come before a run of badges for it to be at the top.
const TOP_BLOCKS: usize = 8;

/// Settles the top of a markdown document (HTML inside it included), as a reader of a
/// README expects it:
/// - a run of badges is kept as one only near the top (among the first blocks, before a
///   second heading); elsewhere it is a paragraph of images;
/// - images in a heading at the top move out of it (they are no part of its name);
/// - a first level-1 heading with only images, badges or rules above it gives the title (or
///   repeats the front matter's) and is lifted out of the body: the header shows it once and
///   the outline starts below it.
pub(crate) fn settle_top(meta: &mut Meta, blocks: &mut Vec<Block>) {
    let mut headings = 0;
    let mut i = 0;
    while i < blocks.len() {
        let top = i < TOP_BLOCKS && headings <= 1;
        match &mut blocks[i].kind {
            BlockKind::Heading { inlines, .. } => {
                headings += 1;
                if top && inlines.iter().any(|x| x.style.contains(InlineStyle::IMAGE)) {
                    let (pictures, words): (Vec<Inline>, Vec<Inline>) = std::mem::take(inlines)
                        .into_iter()
                        .partition(|x| x.style.contains(InlineStyle::IMAGE));
                    *inlines = trim_inlines(words);
                    let source = blocks[i].source.clone();
                    blocks.insert(i + 1, Block::new(BlockKind::Paragraph(pictures), source));
                }
            }
            BlockKind::Badges(badges) if !top => {
                let mut inlines = Vec::new();
                for badge in std::mem::take(badges) {
                    if !inlines.is_empty() {
                        let at = badge.source.start;
                        inlines.push(Inline {
                            text: " ".into(),
                            style: InlineStyle::PLAIN,
                            link: None,
                            source: at..at,
                        });
                    }
                    inlines.push(Inline {
                        text: badge.alt,
                        style: InlineStyle::IMAGE,
                        link: badge.link,
                        source: badge.source,
                    });
                }
                blocks[i].kind = BlockKind::Paragraph(inlines);
            }
            _ => {}
        }
        i += 1;
    }
    blocks.retain(|b| match &b.kind {
        BlockKind::Heading { inlines, .. } | BlockKind::Paragraph(inlines) => !inlines.is_empty(),
        _ => true,
    });
    lift_title(meta, blocks, true);
}

/// The first level-1 heading of `blocks` when only images, badges or rules are above it: its
/// index and its text, trimmed. Reading markdown takes it for the title when it is one.
pub(crate) fn leading_heading(blocks: &[Block]) -> Option<(usize, String)> {
    let h = blocks.iter().position(|b| {
        !matches!(
            b.kind,
            BlockKind::Image { .. } | BlockKind::Badges(_) | BlockKind::Rule
        )
    })?;
    match &blocks[h].kind {
        BlockKind::Heading { level: 1, inlines } => {
            Some((h, heading_text(inlines).trim().to_string()))
        }
        _ => None,
    }
}

/// Lifts the [`leading_heading`] out of the body when it is the title, or gives the title
/// when there is none and `adopt` is set.
pub(crate) fn lift_title(meta: &mut Meta, blocks: &mut Vec<Block>, adopt: bool) {
    if let Some((h, text)) = leading_heading(blocks) {
        let same = match meta.title.as_deref() {
            Some(t) => t.trim() == text,
            None => adopt,
        };
        if !text.is_empty() && same {
            meta.title = Some(text);
            blocks.remove(h);
        }
    }
}

/// A forced line break inside a paragraph is an inline whose text is exactly this.
pub const HARD_BREAK: &str = "\n";

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    /// No alignment given (drawn left).
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(done)` for a task list item.
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// A table cell is a run of inlines.
pub type Cell = Vec<Inline>;

/// One badge of a [`BlockKind::Badges`] run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// The image's alt text ("Build Status").
    pub alt: String,
    /// The image's source.
    pub src: String,
    /// 1-based index into [`Document::links`] of the link around the image, if any.
    pub link: Option<usize>,
    /// Byte range in the source.
    pub source: Range<usize>,
}

/// The five kinds of GitHub alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Alert {
    /// `[!NOTE]`
    Note,
    /// `[!TIP]`
    Tip,
    /// `[!IMPORTANT]`
    Important,
    /// `[!WARNING]`
    Warning,
    /// `[!CAUTION]`
    Caution,
}

impl Alert {
    /// The label shown above the call-out.
    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "Note",
            Self::Tip => "Tip",
            Self::Important => "Important",
            Self::Warning => "Warning",
            Self::Caution => "Caution",
        }
    }

    /// The marker as written in markdown, `NOTE` for `[!NOTE]`.
    pub fn marker(self) -> &'static str {
        match self {
            Self::Note => "NOTE",
            Self::Tip => "TIP",
            Self::Important => "IMPORTANT",
            Self::Warning => "WARNING",
            Self::Caution => "CAUTION",
        }
    }
}

/// What a block is. Kinds are semantic; only the UI maps them to colours.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A section heading, level 1 to 6.
    Heading {
        /// 1 for the top level.
        level: u8,
        /// The heading's text.
        inlines: Vec<Inline>,
    },
    /// A paragraph of prose.
    Paragraph(Vec<Inline>),
    /// A block quote holding other blocks.
    Quote(Vec<Block>),
    /// An ordered (`start` is `Some`) or unordered list.
    List {
        /// First number of an ordered list.
        start: Option<u64>,
        /// The items, each possibly holding nested lists.
        items: Vec<ListItem>,
    },
    /// Preformatted code, never reflowed.
    Code {
        /// The info string's language, when given.
        lang: Option<String>,
        /// The code, lines separated by `\n`, no trailing newline.
        text: String,
    },
    /// A table.
    Table {
        /// One entry per column.
        aligns: Vec<Align>,
        /// The header row.
        header: Vec<Cell>,
        /// The body rows.
        rows: Vec<Vec<Cell>>,
    },
    /// An image standing alone, shown as a marker line with its alt text and source.
    Image {
        /// The alt text (a saved page's figure caption follows as a [`BlockKind::Caption`]).
        alt: Vec<Inline>,
        /// Where the image lives (a URL or a path relative to the article), when known.
        src: Option<String>,
        /// The image's title, when given.
        title: Option<String>,
        /// 1-based index of `src` in [`Document::links`], so it can be followed like a link.
        link: Option<usize>,
    },
    /// A run of badges (images, usually linked, at the top of a README): one quiet line.
    Badges(Vec<Badge>),
    /// A GitHub alert (`> [!NOTE]` and the rest): a labelled call-out.
    Callout {
        /// Which alert.
        kind: Alert,
        /// The call-out's content.
        blocks: Vec<Block>,
    },
    /// A caption recovered from plain text (an image description without the image).
    Caption(Vec<Inline>),
    /// A footnote definition.
    Footnote {
        /// The note's number as text (`1` for `[^1]`): notes are numbered in order of first
        /// reference, apart from link numbers, whatever label the source gave them.
        label: String,
        /// The footnote's content.
        blocks: Vec<Block>,
    },
    /// A thematic break.
    Rule,
}

/// What a loader suspects about a block beyond its kind (plain-text structure recovery).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Hint {
    /// Nothing beyond the kind.
    #[default]
    None,
    /// Site furniture such as "Share this article": hidden in the reader, kept in export
    /// unless boilerplate is stripped.
    Boilerplate,
    /// A paragraph that scored close to the heading threshold: not in the outline unless
    /// [`Document::with_weak_headings`] promotes it.
    WeakHeading,
}

impl Hint {
    /// A short name, as used in JSON export; `None` for [`Hint::None`].
    pub fn name(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Boilerplate => Some("boilerplate"),
            Self::WeakHeading => Some("weak-heading"),
        }
    }
}

/// A block with the byte range it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Byte range in the source file.
    pub source: Range<usize>,
    /// How sure the loader is of `kind`, in 0..=1; `None` when the source said so explicitly.
    pub confidence: Option<f32>,
    /// What else the loader suspects (boilerplate, a weak heading).
    pub hint: Hint,
}

impl Block {
    /// A block the source marked explicitly.
    pub fn new(kind: BlockKind, source: Range<usize>) -> Self {
        Self {
            kind,
            source,
            confidence: None,
            hint: Hint::None,
        }
    }

    /// The block's text without markup: inlines joined, nested blocks separated by newlines.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.kind.write_text(&mut out);
        out
    }

    /// A short name of the kind, as used in JSON export.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            BlockKind::Heading { .. } => "heading",
            BlockKind::Paragraph(_) => "paragraph",
            BlockKind::Quote(_) => "quote",
            BlockKind::List { start: Some(_), .. } => "ordered-list",
            BlockKind::List { start: None, .. } => "list",
            BlockKind::Code { .. } => "code",
            BlockKind::Table { .. } => "table",
            BlockKind::Image { .. } => "image",
            BlockKind::Badges(_) => "badges",
            BlockKind::Callout { .. } => "callout",
            BlockKind::Caption(_) => "caption",
            BlockKind::Footnote { .. } => "footnote",
            BlockKind::Rule => "rule",
        }
    }
}

impl BlockKind {
    fn write_text(&self, out: &mut String) {
        fn push_blocks(out: &mut String, blocks: &[Block]) {
            for (i, block) in blocks.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                block.kind.write_text(out);
            }
        }
        match self {
            Self::Heading { inlines, .. }
            | Self::Paragraph(inlines)
            | Self::Caption(inlines)
            | Self::Image { alt: inlines, .. } => {
                for inline in inlines {
                    out.push_str(&inline.text);
                }
            }
            Self::Badges(badges) => {
                for (i, badge) in badges.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(&badge.alt);
                }
            }
            Self::Quote(blocks) | Self::Footnote { blocks, .. } | Self::Callout { blocks, .. } => {
                push_blocks(out, blocks);
            }
            Self::List { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    push_blocks(out, &item.blocks);
                }
            }
            Self::Code { text, .. } => out.push_str(text),
            Self::Table { header, rows, .. } => {
                let row_text = |row: &Vec<Cell>| {
                    row.iter()
                        .map(|c| inline_text(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                out.push_str(&row_text(header));
                for row in rows {
                    out.push('\n');
                    out.push_str(&row_text(row));
                }
            }
            Self::Rule => {}
        }
    }
}

/// Calls `f` on every block of `blocks` that holds no blocks (nested ones included), in
/// reading order.
pub fn visit_blocks(blocks: &[Block], f: &mut impl FnMut(&Block)) {
    for block in blocks {
        match &block.kind {
            BlockKind::Quote(inner)
            | BlockKind::Footnote { blocks: inner, .. }
            | BlockKind::Callout { blocks: inner, .. } => visit_blocks(inner, f),
            BlockKind::List { items, .. } => {
                for item in items {
                    visit_blocks(&item.blocks, f);
                }
            }
            _ => f(block),
        }
    }
}

/// Calls `f` on the inlines of a block that holds no blocks (a table's cells included).
fn for_inlines(block: &Block, f: &mut impl FnMut(&Inline)) {
    match &block.kind {
        BlockKind::Heading { inlines, .. }
        | BlockKind::Paragraph(inlines)
        | BlockKind::Caption(inlines)
        | BlockKind::Image { alt: inlines, .. } => inlines.iter().for_each(f),
        BlockKind::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                cell.iter().for_each(&mut *f);
            }
        }
        _ => {}
    }
}

/// Calls `f` on every inline of `blocks`, nested ones included, in reading order.
pub fn visit_inlines(blocks: &[Block], f: &mut impl FnMut(&Inline)) {
    visit_blocks(blocks, &mut |block| for_inlines(block, f));
}

/// The plain text of a run of inlines.
pub fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
}

/// A heading's text on one line, as a title or an outline entry shows it: a forced line
/// break in the heading is a space there.
pub fn heading_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| if i.text == HARD_BREAK { " " } else { &i.text })
        .collect()
}

/// One entry of the outline: a heading among the top-level blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineEntry {
    /// Heading level, 1 for the top.
    pub level: u8,
    /// The heading's text.
    pub text: String,
    /// Index of the heading in [`Document::blocks`].
    #[serde(skip)]
    pub block: usize,
}

/// A loaded article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Title, authors and the rest.
    pub meta: Meta,
    /// The body, top-level blocks in order.
    pub blocks: Vec<Block>,
    /// Link targets; an inline's `link` is a 1-based index here.
    pub links: Vec<String>,
    /// The top-level headings in order.
    pub outline: Vec<OutlineEntry>,
    /// The number of words, once counted.
    words: std::sync::OnceLock<usize>,
    /// The highest (smallest) heading level in the outline, once found.
    top_level: std::sync::OnceLock<u8>,
    /// The in-page anchors, once found.
    anchors: std::sync::OnceLock<Anchors>,
    /// For each link, the reference number shown after it (0 for none), once found.
    numbers: std::sync::OnceLock<Vec<u32>>,
}

/// Words separated by white space, as `str::split_whitespace` counts them. Text without
/// non-ASCII spaces (found with `memchr` on their lead bytes) is counted by a branch-free
/// pass over the bytes that the compiler vectorises.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        return ascii_word_starts(bytes);
    }
    // Judged on the bytes after the lead byte, without decoding: CJK text has a lead byte
    // of 0xe3 every few bytes. (U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
    // U+202F, U+205F, U+3000.)
    let unicode_space = |i: usize| {
        matches!(
            bytes[i..],
            [0xc2, 0x85 | 0xa0, ..]
                | [0xe1, 0x9a, 0x80, ..]
                | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
                | [0xe2, 0x81, 0x9f, ..]
                | [0xe3, 0x80, 0x80, ..]
        )
    };
    // Every non-ASCII white space starts with one of these bytes.
    if memchr::memchr3_iter(0xc2, 0xe2, 0xe3, bytes).any(unicode_space)
        || memchr::memchr_iter(0xe1, bytes).any(unicode_space)
    {
        return text.split_whitespace().count();
    }
    ascii_word_starts(bytes)
}

/// How many words start in `bytes`, with ASCII white space between words: a word starts at
/// its first byte when that is no space, and at each other byte that is none after one that
/// is. Counted 64 bytes at a time, which the compiler turns into vector instructions.
pub(crate) fn ascii_word_starts(bytes: &[u8]) -> usize {
    #[inline]
    fn space(c: u8) -> u8 {
        u8::from(c == b' ') | u8::from(c.wrapping_sub(b'\t') < 5)
    }
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut total = usize::from(space(first) ^ 1);
    let (mut before, mut at) = (
        bytes[..bytes.len() - 1].chunks_exact(64),
        bytes[1..].chunks_exact(64),
    );
    for (x, y) in (&mut before).zip(&mut at) {
        let (x, y): (&[u8; 64], &[u8; 64]) = (x.try_into().unwrap(), y.try_into().unwrap());
        let mut starts = 0u8;
        for i in 0..64 {
            starts += space(x[i]) & (space(y[i]) ^ 1);
        }
        total += usize::from(starts);
    }
    for (&x, &y) in before.remainder().iter().zip(at.remainder()) {
        total += usize::from(space(x) & (space(y) ^ 1));
    }
    total
}

impl Document {
    /// Builds a document and derives its outline from the top-level headings.
    pub fn new(meta: Meta, blocks: Vec<Block>, links: Vec<String>) -> Self {
        let outline = blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match &b.kind {
                BlockKind::Heading { level, inlines } => Some(OutlineEntry {
                    level: *level,
                    text: heading_text(inlines),
                    block: i,
                }),
                _ => None,
            })
            .collect();
        Self {
            meta,
            blocks,
            links,
            outline,
            words: std::sync::OnceLock::new(),
            top_level: std::sync::OnceLock::new(),
            anchors: std::sync::OnceLock::new(),
            numbers: std::sync::OnceLock::new(),
        }
    }

    /// The reference number shown after link `n` (1-based, as in [`Inline::link`]) and before
    /// its address in the list at the end: links are numbered from 1 in reading order, an
    /// address used again keeps its number, and in-page anchors get none (they are followed,
    /// not listed). Footnotes are numbered apart, as `[^1]`.
    pub fn reference(&self, n: usize) -> Option<usize> {
        let numbers = self.numbers.get_or_init(|| {
            let mut numbers = vec![0u32; self.links.len()];
            let mut next = 0u32;
            let mut number = |n: usize| {
                if let Some(slot) = numbers.get_mut(n.wrapping_sub(1))
                    && *slot == 0
                    && !matches!(classify(&self.links[n - 1]), Target::Anchor { .. })
                {
                    next += 1;
                    *slot = next;
                }
            };
            visit_blocks(&self.blocks, &mut |block| match &block.kind {
                // A linked image's link is numbered (its source is shown in full).
                BlockKind::Image {
                    src, link: Some(n), ..
                } if self.links.get(n - 1) != src.as_ref() => number(*n),
                // Table cells are laid out as text, without link numbers (yet): numbering
                // their links would leave gaps in the numbers shown.
                BlockKind::Table { .. } => {}
                _ => {
                    for_inlines(block, &mut |inline| {
                        if let Some(n) = inline.link {
                            number(n);
                        }
                    });
                }
            });
            numbers
        });
        match numbers.get(n.checked_sub(1)?) {
            Some(&k) if k > 0 => Some(k as usize),
            _ => None,
        }
    }

    /// Where link number `n` (1-based, as in [`Inline::link`]) leads, an in-page anchor
    /// resolved to its heading's block.
    pub fn target(&self, n: usize) -> Option<Target<'_>> {
        let url = self.links.get(n.checked_sub(1)?)?;
        Some(match classify(url) {
            Target::Anchor { slug, .. } => Target::Anchor {
                slug,
                block: self.anchors().get(slug),
            },
            other => other,
        })
    }

    /// The article's in-page anchors (found once, then remembered).
    pub fn anchors(&self) -> &Anchors {
        self.anchors.get_or_init(|| {
            // A title shown only in the header (a first heading lifted out of the body) still
            // names the top; a title that is also a heading of the body is that heading.
            let title = self
                .meta
                .title
                .as_deref()
                .filter(|t| !self.outline.iter().any(|e| e.text.trim() == t.trim()));
            Anchors::new(title, &self.blocks)
        })
    }

    /// Whether the title is already the first heading of the body, so a header need not repeat it.
    pub fn title_in_body(&self) -> bool {
        match (&self.meta.title, self.outline.first()) {
            (Some(title), Some(first)) => first.block == 0 && first.text.trim() == title.trim(),
            _ => false,
        }
    }

    /// Index range of top-level blocks that belong to outline entry `entry`: the heading and
    /// everything up to the next heading of the same or a higher level.
    pub fn section_blocks(&self, entry: usize) -> Range<usize> {
        let Some(start) = self.outline.get(entry) else {
            return 0..0;
        };
        let end = self.outline[entry + 1..]
            .iter()
            .find(|e| e.level <= start.level)
            .map_or(self.blocks.len(), |e| e.block);
        start.block..end
    }

    /// Finds an outline entry by 1-based number or by case-insensitive heading text.
    pub fn find_section(&self, name: &str) -> Option<usize> {
        let wanted = name.trim();
        if let Ok(n) = wanted.parse::<usize>()
            && (1..=self.outline.len()).contains(&n)
        {
            return Some(n - 1);
        }
        let folded = wanted.to_lowercase();
        self.outline
            .iter()
            .position(|e| e.text.trim().to_lowercase() == folded)
    }

    /// The innermost outline entry whose section holds byte `offset` of the source; `None`
    /// before the first heading.
    pub fn section_at_offset(&self, offset: usize) -> Option<usize> {
        let mut found = None;
        for (i, entry) in self.outline.iter().enumerate() {
            let start = self.blocks[entry.block].source.start;
            if start > offset {
                break;
            }
            let range = self.section_blocks(i);
            let end = self
                .blocks
                .get(range.end)
                .map_or(usize::MAX, |b| b.source.start);
            if offset < end {
                found = Some(i);
            }
        }
        found
    }

    /// The blocks before the first heading (metadata kept).
    #[must_use]
    pub fn introduction(&self) -> Self {
        let end = self.outline.first().map_or(self.blocks.len(), |e| e.block);
        Self::new(
            self.meta.clone(),
            self.blocks[..end].to_vec(),
            self.links.clone(),
        )
    }

    /// A copy holding only the blocks of one section (metadata kept, links kept).
    #[must_use]
    pub fn section(&self, entry: usize) -> Self {
        let range = self.section_blocks(entry);
        Self::new(
            self.meta.clone(),
            self.blocks[range].to_vec(),
            self.links.clone(),
        )
    }

    /// A copy in which weak headings (see [`Hint::WeakHeading`]) are headings too, so that
    /// they appear in the outline.
    #[must_use]
    pub fn with_weak_headings(&self) -> Self {
        let blocks = self
            .blocks
            .iter()
            .map(|b| match (&b.kind, b.hint) {
                (BlockKind::Paragraph(inlines), Hint::WeakHeading) => Block {
                    kind: BlockKind::Heading {
                        level: 2,
                        inlines: inlines.clone(),
                    },
                    source: b.source.clone(),
                    confidence: b.confidence.map(|c| 1.0 - c),
                    hint: Hint::WeakHeading,
                },
                _ => b.clone(),
            })
            .collect();
        Self::new(self.meta.clone(), blocks, self.links.clone())
    }

    /// A copy without the blocks marked as boilerplate.
    #[must_use]
    pub fn without_boilerplate(&self) -> Self {
        let blocks = self
            .blocks
            .iter()
            .filter(|b| b.hint != Hint::Boilerplate)
            .cloned()
            .collect();
        Self::new(self.meta.clone(), blocks, self.links.clone())
    }

    /// The highest (smallest) level among the outline's headings, 1 when there are none
    /// (found once, then remembered: the outline pane indents by it on every frame).
    pub fn outline_top_level(&self) -> u8 {
        *self
            .top_level
            .get_or_init(|| self.outline.iter().map(|e| e.level).min().unwrap_or(1))
    }

    /// Number of words in the body (counted once, then remembered).
    pub fn word_count(&self) -> usize {
        *self.words.get_or_init(|| {
            let mut text = String::new();
            self.blocks
                .iter()
                .map(|b| {
                    text.clear();
                    b.kind.write_text(&mut text);
                    count_words(&text)
                })
                .sum()
        })
    }

    /// Minutes to read at 230 words per minute (at least one when there are any words).
    pub fn reading_minutes(&self) -> usize {
        match self.word_count() {
            0 => 0,
            words => words.div_ceil(230),
        }
    }
}

/// How much longer `f(2n)` takes than `f(n)`: the median over rounds of the two timed in
/// turn, so that a machine busy with other work slows both alike (the doubling tests of
/// issue 19 item 7 ask for a ratio within 2.5, never an absolute time).
#[cfg(test)]
pub(crate) fn doubling_ratio(n: usize, f: impl Fn(usize)) -> f64 {
    let time = |n: usize| {
        let start = std::time::Instant::now();
        f(n);
        start.elapsed().as_secs_f64()
    };
    time(n);
    let mut ratios: Vec<f64> = (0..9)
        .map(|_| {
            let a = time(n);
            time(2 * n) / a.max(1e-9)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

#[cfg(test)]
mod count_tests {
    use super::{SourceFormat, parse, preview_end};

    #[test]
    fn a_preview_ends_on_a_blank_line_outside_code() {
        let mut text =
            String::from("# T\n\nintro\n\n```\ncode\n\nmore code\n```\n\nafter\n\nend\n");
        let end = preview_end(&text, SourceFormat::Markdown, 12);
        assert_eq!(
            &text[..end],
            "# T\n\nintro\n\n```\ncode\n\nmore code\n```\n\n"
        );
        // The preview's blocks are the whole text's first blocks, at the same offsets.
        let preview = parse(&text[..end], SourceFormat::Markdown, "t");
        let whole = parse(&text, SourceFormat::Markdown, "t");
        assert_eq!(preview.blocks[..], whole.blocks[..preview.blocks.len()]);
        assert_eq!(preview_end(&text, SourceFormat::Markdown, 1000), text.len());
        text.push_str("~~~~\n\n");
        assert_eq!(
            preview_end(&text, SourceFormat::PlainText, 12),
            22,
            "no fences in plain text"
        );
        // No blank line: a line end, else a character boundary.
        let lines = "line\n".repeat(100);
        assert_eq!(preview_end(&lines, SourceFormat::PlainText, 12), 15);
        let one = "é".repeat(100);
        assert_eq!(preview_end(&one, SourceFormat::PlainText, 11), 12);
    }

    #[test]
    fn counting_words_agrees_with_split_whitespace() {
        let spaces: Vec<char> = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        for s in spaces {
            for text in [
                format!("a{s}b"),
                format!("{s}“quoted”{s}{s}é—dash 雨{s}"),
                format!("x{s}"),
            ] {
                assert_eq!(
                    super::count_words(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
    }

    /// Counted 64 bytes at a time, words are those `split_whitespace` finds, at every length
    /// and wherever a chunk boundary falls.
    #[test]
    fn word_starts_in_chunks_are_the_words() {
        let alphabet = b"ab \t\n\r\x0b\x0cxyz";
        let mut seed = 7u32;
        for len in 0..300 {
            for _ in 0..4 {
                let text: String = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        alphabet[(seed >> 16) as usize % alphabet.len()] as char
                    })
                    .collect();
                assert_eq!(
                    super::ascii_word_starts(text.as_bytes()),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
    }
}

/// The file extensions folio reads by default, with the loader each calls for. The one list:
/// scans, the config's default, `--help` and the empty-library note all come from it.
pub const EXTENSIONS: [(&str, SourceFormat); 8] = [
    ("md", SourceFormat::Markdown),
    ("markdown", SourceFormat::Markdown),
    ("mdown", SourceFormat::Markdown),
    ("mkd", SourceFormat::Markdown),
    ("txt", SourceFormat::PlainText),
    ("text", SourceFormat::PlainText),
    ("html", SourceFormat::Html),
    ("htm", SourceFormat::Html),
];

/// The extensions of [`EXTENSIONS`] for people: `.md, .markdown, … and .htm`.
pub fn extensions_in_words() -> String {
    let names: Vec<String> = EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// Which loader a file name calls for, by extension (no extension: plain text).
pub fn format_for(path: &std::path::Path) -> Option<SourceFormat> {
    let Some(ext) = path.extension() else {
        return Some(SourceFormat::PlainText);
    };
    let ext = ext.to_str()?;
    EXTENSIONS
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(ext))
        .map(|(_, f)| *f)
}

/// Texts longer than this (in bytes) are big: they open on a preview, are laid out in a
/// window on resizing, and are summarised for the library from their preview.
pub const BIG: usize = 512 * 1024;

/// About how much text a preview takes in (bytes).
pub const PREVIEW: usize = 96 * 1024;

/// Where the preview of `text` ends: the whole text when it is not [`BIG`]; nothing for HTML
/// (a cut page would not extract like the whole); else [`preview_end`] after [`PREVIEW`].
pub fn preview_of(text: &str, format: SourceFormat) -> usize {
    if text.len() <= BIG {
        text.len()
    } else if format == SourceFormat::Html {
        0
    } else {
        preview_end(text, format, PREVIEW)
    }
}

/// Where a preview of a huge text may end: the end of the first blank line at or after byte
/// `at_least` that is outside a fenced code block, so that the blocks before it parse as they
/// do in the whole text. Failing that within four times `at_least`, the end of a line, or
/// else a character boundary (a preview may then cut its last paragraph short). The preview
/// is shown while the whole text is parsed in the background; byte offsets agree.
pub fn preview_end(text: &str, format: SourceFormat, at_least: usize) -> usize {
    if text.len() <= at_least {
        return text.len();
    }
    let limit = at_least.saturating_mul(4);
    if let Some(end) = blank_line_after(text, format, at_least, limit) {
        return end;
    }
    let after = &text.as_bytes()[at_least..limit.min(text.len())];
    if let Some(newline) = memchr::memchr(b'\n', after) {
        return at_least + newline + 1;
    }
    let mut end = at_least;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// The end of the first blank line outside fenced code that starts in `at_least..limit`.
fn blank_line_after(
    text: &str,
    format: SourceFormat,
    at_least: usize,
    limit: usize,
) -> Option<usize> {
    let mut fence: Option<(u8, usize)> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_start_matches(' ');
        if format == SourceFormat::Markdown && line.len() - trimmed.len() < 4 {
            let marker = trimmed.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
            if let Some(m) = marker {
                let run = trimmed.bytes().take_while(|&b| b == m).count();
                match fence {
                    None if run >= 3 => fence = Some((m, run)),
                    Some((open, len))
                        if open == m && run >= len && trimmed[run..].trim().is_empty() =>
                    {
                        fence = None;
                    }
                    _ => {}
                }
            }
        }
        if start >= limit {
            return None;
        }
        if start >= at_least && fence.is_none() && line.trim().is_empty() {
            return Some(pos);
        }
    }
    None
}

/// Parses text with the loader for `format`; `name` (a file stem) is the title of last resort.
pub fn parse(text: &str, format: SourceFormat, name: &str) -> Document {
    parse_with_note(text, format, name).0
}

/// Like [`parse`], with what the loader has to tell about how it read the text (for a saved
/// page that holds no article: that its whole text is shown).
pub fn parse_with_note(text: &str, format: SourceFormat, name: &str) -> (Document, Option<String>) {
    let (mut doc, note) = match format {
        SourceFormat::Markdown => (markdown::parse(text), None),
        SourceFormat::PlainText => (plain::parse(text), None),
        SourceFormat::Html => html::parse(text),
    };
    doc.meta.format = Some(format);
    if doc.meta.title.is_none() && !name.is_empty() {
        // A file name is as untrusted as the file's text.
        doc.meta.title = Some(sanitize_inline(name));
    }
    (doc, note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, text: &str) -> Block {
        Block::new(
            BlockKind::Heading {
                level,
                inlines: vec![Inline {
                    text: text.into(),
                    style: InlineStyle::PLAIN,
                    link: None,
                    source: 0..0,
                }],
            },
            0..0,
        )
    }

    #[test]
    fn sections_end_at_same_or_higher_level() {
        let doc = Document::new(
            Meta::default(),
            vec![
                heading(1, "A"),
                heading(2, "B"),
                heading(3, "C"),
                heading(2, "D"),
                heading(1, "E"),
            ],
            vec![],
        );
        assert_eq!(doc.section_blocks(0), 0..4);
        assert_eq!(doc.section_blocks(1), 1..3);
        assert_eq!(doc.section_blocks(3), 3..4);
        assert_eq!(doc.section_blocks(4), 4..5);
        assert_eq!(doc.find_section("d"), Some(3));
        assert_eq!(doc.find_section("2"), Some(1));
        assert_eq!(doc.find_section("9"), None);
    }

    #[test]
    fn the_section_around_an_offset_is_the_innermost() {
        let doc = crate::document::parse(
            "Intro.\n\n# A\n\nText a.\n\n## B\n\nText b.\n\n# C\n\nText c.\n",
            SourceFormat::Markdown,
            "t",
        );
        assert_eq!(doc.section_at_offset(0), None);
        let text_b = "Intro.\n\n# A\n\nText a.\n\n## B\n\nT".len();
        assert_eq!(doc.section_at_offset(text_b), Some(1));
        let text_a = "Intro.\n\n# A\n\nTe".len();
        assert_eq!(doc.section_at_offset(text_a), Some(0));
        assert_eq!(doc.section_at_offset(10_000), Some(2));
        assert_eq!(doc.introduction().blocks.len(), 1);
    }

    #[test]
    fn formats_by_extension() {
        use std::path::Path;
        assert_eq!(format_for(Path::new("a.MD")), Some(SourceFormat::Markdown));
        assert_eq!(format_for(Path::new("a.mkd")), Some(SourceFormat::Markdown));
        assert_eq!(
            format_for(Path::new("notes")),
            Some(SourceFormat::PlainText)
        );
        assert_eq!(format_for(Path::new("a.HTM")), Some(SourceFormat::Html));
        assert_eq!(format_for(Path::new("a.html")), Some(SourceFormat::Html));
        assert_eq!(format_for(Path::new("a.pdf")), None);
    }
}
