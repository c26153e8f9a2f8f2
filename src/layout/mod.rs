//! Layout: a [`Document`] at a width becomes wrapped [`Line`]s that remember their source.
//!
//! Pure and deterministic. Lines carry semantic [`Role`]s, never colours; the reader and the
//! plain-text export both draw from the same lines, so what is read and what is piped agree.
//! Wrapping uses textwrap with display widths (CJK and emoji count two cells).
//!
//! Two widths: prose is held to the measure ([`Options::width`]); code blocks and tables may
//! use the whole pane ([`Options::pane`]). Nothing is ever broken inside a token that must
//! stay whole — a code line, a table cell's word, a URL in the link list or an image's
//! source — so such a line may be wider than the pane: its [`Line::reach`] says so, and the
//! reader cuts it with a marker and scrolls it sideways. Every other line fits its width.
//!
//! Each line also tells where its links and footnote references are ([`Line::hotspots`]), so
//! the app can label them on screen and follow them. Work is linear in the document's size:
//! each line finds its runs by binary search, never by rescanning the paragraph.

mod streamed;
mod text;
mod words;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use textwrap::core::{Word, break_words};
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::document::highlight::{self, Token};
use crate::document::{
    Alert, Align, Badge, Block, BlockKind, Cell, Document, HARD_BREAK, Hint, Inline, InlineStyle,
    ListItem, inline_text,
};

#[doc(hidden)]
pub use streamed::stream_on;
pub use streamed::stream_text;
pub use text::Text;

/// What a piece of a line is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Body prose.
    Body,
    /// The kicker above the title.
    Kicker,
    /// The article title in the header.
    Title,
    /// The byline or role line in the header.
    Byline,
    /// A section heading of the given level.
    Heading(u8),
    /// Text inside a block quote.
    Quote,
    /// Preformatted code without a token kind.
    Code,
    /// A highlighted token of code in a known language.
    Syntax(Token),
    /// A figure caption (a saved page's `<figcaption>`, a caption found in pasted text).
    Caption,
    /// An image: its marker, alt text and source (never drawn as a caption).
    Image,
    /// The quiet line of badges at the top of a README.
    Badge,
    /// The label and bar of a GitHub alert.
    Callout(Alert),
    /// A list bullet or number, a quote bar, a table border: structure, not text.
    Marker,
    /// The `[n]` after a link, and the reference list at the end.
    LinkNumber,
    /// A footnote reference `[^n]`, and the number before a footnote's text.
    NoteRef,
    /// A thematic break.
    Rule,
}

/// A run of text on one line with one role and style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text; never contains control characters or newlines.
    pub text: Text,
    /// What it is.
    pub role: Role,
    /// Emphasis flags from the source.
    pub style: InlineStyle,
    // Numbers kept in 32 bits (a span is 48 bytes, not 88: a big article has millions);
    // read them through `link`, `note` and `at`.
    link: u32,
    note: u32,
    at: (u32, u32),
}

/// What the 32-bit fields of a [`Span`] hold for "none" (a link's 0 is "none" already).
const NONE: u32 = u32::MAX;

/// `n` in 32 bits; numbers past them (never met: a document that big is not read) saturate.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(NONE - 1).min(NONE - 1)
}

fn widen(n: u32) -> Option<usize> {
    (n != NONE).then_some(n as usize)
}

impl Span {
    fn new(text: impl Into<Text>, role: Role) -> Self {
        Self {
            text: text.into(),
            role,
            style: InlineStyle::PLAIN,
            link: 0,
            note: NONE,
            at: (NONE, 0),
        }
    }

    fn sourced(text: Text, role: Role, seg: usize, offset: usize) -> Self {
        Self::new(text, role).with_at(Some((seg, offset)))
    }

    fn with_at(mut self, at: Option<(usize, usize)>) -> Self {
        self.at = at.map_or((NONE, 0), |(seg, offset)| (narrow(seg), narrow(offset)));
        self
    }

    /// 1-based index into [`Document::links`], when the text is a link (or an image's
    /// source): see [`Document::target`].
    pub fn link(&self) -> Option<usize> {
        (self.link != 0).then_some(self.link as usize)
    }

    /// For a footnote reference, the index of the top-level block holding its note.
    pub fn note(&self) -> Option<usize> {
        widen(self.note)
    }

    /// Where the text comes from: (index into [`Layout::segments`], byte offset there).
    /// `None` for structure (bullets, bars, borders, padding).
    pub fn at(&self) -> Option<(usize, usize)> {
        widen(self.at.0).map(|seg| (seg, self.at.1 as usize))
    }
}

/// How far a line reaches, for the reader to place it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    /// Prose: at most [`Options::width`] cells.
    #[default]
    Measure,
    /// Code or a table, or a link list entry: at most [`Options::pane`] cells.
    Pane,
    /// Wider than the pane because it holds something kept whole (a code line, a table's
    /// words, a URL): to be cut with a visible marker and scrolled sideways.
    Whole,
}

/// Where a link or footnote reference sits on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hotspot {
    /// The display columns it covers (0 is the line's first cell).
    pub columns: Range<usize>,
    /// What choosing it does.
    pub jump: Jump,
}

/// What a [`Hotspot`] leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// Link `n` of [`Document::links`] (1-based): [`Document::target`] says where it leads.
    Link(usize),
    /// The footnote in top-level block `block` (its lines are [`Layout::block_lines`]).
    Note(usize),
}

/// One laid-out line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// The spans, left to right.
    pub spans: Vec<Span>,
    /// Index of the top-level block this line belongs to (`None` for header, separators and
    /// the link list).
    pub block: Option<usize>,
    /// Byte range in the source that this line shows.
    pub source: Range<usize>,
    /// How far the line reaches.
    pub reach: Reach,
}

impl Line {
    /// The line's text.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Width in terminal cells.
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| s.text.width()).sum()
    }

    /// Whether the line shows no text.
    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|s| s.text.trim().is_empty())
    }

    /// The links and footnote references on the line, left to right, each with the columns
    /// it covers; neighbouring spans of one link are one hotspot (a link's `[n]` included).
    pub fn hotspots(&self) -> Vec<Hotspot> {
        let mut out: Vec<Hotspot> = Vec::new();
        let mut column = 0;
        for span in &self.spans {
            let width = span.text.width();
            let jump = match (span.note(), span.link()) {
                (Some(block), _) => Some(Jump::Note(block)),
                (None, Some(n)) => Some(Jump::Link(n)),
                _ => None,
            };
            if let Some(jump) = jump {
                match out.last_mut() {
                    Some(last) if last.jump == jump && last.columns.end == column => {
                        last.columns.end = column + width;
                    }
                    _ => out.push(Hotspot {
                        columns: column..column + width,
                        jump,
                    }),
                }
            }
            column += width;
        }
        out
    }
}

/// Characters used for structure; the reader and the plain export differ only here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// Bullets by nesting depth (the last repeats).
    pub bullets: [&'static str; 3],
    /// Prefix of each quoted line.
    pub quote: &'static str,
    /// Prefix of each line of a GitHub alert.
    pub callout: &'static str,
    /// Indent of code lines.
    pub code_indent: &'static str,
    /// A thematic break.
    pub rule: &'static str,
    /// Task markers: not done, done.
    pub task: [&'static str; 2],
    /// Before an image's alt text.
    pub image: &'static str,
    /// Between badges on their one line.
    pub badge_gap: &'static str,
    /// Draw tables with box-drawing borders (else aligned columns).
    pub boxed_tables: bool,
}

impl Glyphs {
    /// Typography for the terminal reader.
    pub const READER: Self = Self {
        bullets: ["•", "◦", "▪"],
        quote: "│ ",
        callout: "┃ ",
        code_indent: "  ",
        rule: "· · ·",
        task: ["[ ]", "[x]"],
        image: "▣ Image: ",
        badge_gap: " · ",
        boxed_tables: true,
    };
    /// Clean plain text for export: ASCII structure, no markup.
    pub const PLAIN: Self = Self {
        bullets: ["-", "-", "-"],
        quote: "    ",
        callout: "  | ",
        code_indent: "    ",
        rule: "· · ·",
        task: ["[ ]", "[x]"],
        image: "▣ Image: ",
        badge_gap: " · ",
        boxed_tables: false,
    };
}

/// How to lay a document out.
// Independent switches of one layout, not a state machine: an enum would not make it clearer.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Width of prose in cells (the measure); `None` lays every paragraph out on one line.
    pub width: Option<usize>,
    /// Width that code blocks and tables may use (the reader pane, wider than the measure);
    /// `None` or a value below `width` means `width`.
    pub pane: Option<usize>,
    /// Put kicker, title and byline above the body.
    pub header: bool,
    /// List link targets at the end.
    pub link_list: bool,
    /// Structure characters.
    pub glyphs: &'static Glyphs,
    /// Leave out blocks marked as boilerplate ("Share this article"); the reader does.
    pub hide_boilerplate: bool,
    /// Extra blank lines above each heading (after the first block), to set sections apart.
    pub heading_space: usize,
    /// Add a "date · N min read" line to the header.
    pub reading_time: bool,
    /// Blank lines between blocks.
    pub block_space: usize,
    /// Stretch the spaces of wrapped prose lines to the full width.
    pub justify: bool,
    /// Header lines without blank lines between them, but one after the title (the reader's
    /// header takes a few rows; plain export keeps a blank line between each).
    pub compact_header: bool,
    /// Rows left blank under the marker of a local image, for the reader to draw the picture
    /// in (0: none; images are markers only).
    pub image_rows: usize,
    /// Give code in a known language token kinds ([`Role::Syntax`]); the reader does, plain
    /// text (which has no colour) does not.
    pub highlight: bool,
}

impl Options {
    /// Reader layout at `width`.
    pub fn reader(width: usize) -> Self {
        Self {
            width: Some(width),
            pane: None,
            header: true,
            link_list: true,
            glyphs: &Glyphs::READER,
            hide_boilerplate: true,
            heading_space: 1,
            reading_time: true,
            block_space: 1,
            justify: false,
            compact_header: true,
            image_rows: 0,
            highlight: true,
        }
    }

    /// Plain export layout.
    pub fn plain(width: Option<usize>) -> Self {
        Self {
            width,
            pane: None,
            header: true,
            link_list: true,
            glyphs: &Glyphs::PLAIN,
            hide_boilerplate: false,
            heading_space: 0,
            reading_time: false,
            block_space: 1,
            justify: false,
            compact_header: false,
            image_rows: 0,
            highlight: false,
        }
    }

    /// The same options with code and tables allowed `pane` cells.
    #[must_use]
    pub fn with_pane(mut self, pane: usize) -> Self {
        self.pane = Some(pane);
        self
    }
}

/// A document laid out at one width.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// Every line, top to bottom.
    pub lines: Vec<Line>,
    /// For each outline entry, the index of its heading's first line.
    pub heading_lines: Vec<usize>,
    /// For each top-level block, the range of its lines.
    pub block_lines: Vec<Range<usize>>,
    /// The unwrapped text that lines show, piece by piece (a paragraph between hard breaks, a
    /// code line, a table cell): searches run here, so a phrase split over two lines is found.
    pub segments: Vec<Text>,
}

impl Layout {
    /// The outline entry whose section contains `line`, if any heading is at or above it.
    pub fn section_at(&self, line: usize) -> Option<usize> {
        self.heading_lines
            .partition_point(|&l| l <= line)
            .checked_sub(1)
    }

    /// The lines as text, trailing spaces removed, each ending in a newline.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(line.text().trim_end());
            out.push('\n');
        }
        out
    }

    /// The first line of top-level block `block` (a heading an anchor names, a footnote a
    /// reference names), if it has any.
    pub fn block_line(&self, block: usize) -> Option<usize> {
        self.block_lines
            .get(block)
            .filter(|r| !r.is_empty())
            .map(|r| r.start)
    }
}

/// The widest a table column is made when the table is wider than the pane anyway.
const WHOLE_COLUMN: usize = 40;

/// Widths wider than this are treated as "no wrapping".
const UNBOUNDED: usize = usize::MAX / 8;

/// Lays `doc` out. A big document is laid out on several threads, a run of blocks each, and
/// the runs joined: the lines are the same as on one thread.
pub fn layout(doc: &Document, options: &Options) -> Layout {
    layout_on(doc, options, threads_for(doc))
}

/// [`layout`] on `threads` threads, whatever the document's size (for tests and benchmarks:
/// the lines are the same on any number).
#[doc(hidden)]
pub fn layout_on(doc: &Document, options: &Options, threads: usize) -> Layout {
    if threads < 2 {
        return layout_window(doc, options, 0..doc.blocks.len());
    }
    let notes = notes_of(doc);
    let runs = split_blocks(doc, threads);
    let parts: Vec<Part> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .enumerate()
            .skip(1)
            .map(|(k, run)| {
                let notes = &notes;
                let run = run.clone();
                scope.spawn(move || {
                    let mut ctx = Ctx::new(doc, options, notes);
                    ctx.prior = k > 0;
                    ctx.part(options, run, false)
                })
            })
            .collect();
        let mut ctx = Ctx::new(doc, options, &notes);
        let first = ctx.part(options, runs[0].clone(), true);
        let mut parts = vec![first];
        parts.extend(handles.into_iter().map(|h| match h.join() {
            Ok(part) => part,
            Err(panic) => std::panic::resume_unwind(panic),
        }));
        parts
    });
    join(doc, options, &notes, parts, true)
}

/// How many threads to lay `doc` out on: one below ~1 MB of source (a thread costs more than
/// it saves there), else one per core, at most four.
fn threads_for(doc: &Document) -> usize {
    const PER_THREAD: usize = 1 << 20;
    let size = doc.blocks.last().map_or(0, |b| b.source.end);
    if size < 2 * PER_THREAD || doc.blocks.len() < 64 {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    cores.min(4).min(size / PER_THREAD)
}

/// `threads` runs of consecutive top-level blocks, of about the same size of source each.
fn split_blocks(doc: &Document, threads: usize) -> Vec<Range<usize>> {
    let size = doc.blocks.last().map_or(0, |b| b.source.end);
    let mut runs = Vec::with_capacity(threads);
    let mut start = 0;
    for k in 1..threads {
        let bound = size / threads * k;
        let end = doc
            .blocks
            .partition_point(|b| b.source.start < bound)
            .max(start);
        runs.push(start..end);
        start = end;
    }
    runs.push(start..doc.blocks.len());
    runs
}

/// Footnote number (as text) to the top-level block holding the note.
fn notes_of(doc: &Document) -> HashMap<String, usize> {
    doc.blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match &b.kind {
            BlockKind::Footnote { label, .. } => Some((label.clone(), i)),
            _ => None,
        })
        .collect()
}

/// Lays out only the top-level blocks in `window`, as a stand-in for the whole layout while
/// that is made in the background (a huge article just opened or resized). Blocks outside the
/// window get no lines (their `block_lines` are empty ranges at the window's edges), the
/// header shows only when the window starts at the top, and the link list only when it
/// reaches the end. Line indices are the window's own.
pub fn layout_window(doc: &Document, options: &Options, window: Range<usize>) -> Layout {
    let notes = notes_of(doc);
    let window = window.start.min(doc.blocks.len())..window.end.min(doc.blocks.len());
    let mut ctx = Ctx::new(doc, options, &notes);
    let mut part = ctx.part(options, window.clone(), window.start == 0);
    let before = std::iter::repeat_n(0..0, window.start);
    let end = part.lines.len();
    let after = std::iter::repeat_n(end..end, doc.blocks.len() - window.end);
    part.block_lines = before.chain(part.block_lines).chain(after).collect();
    join(
        doc,
        options,
        &notes,
        vec![part],
        window.end >= doc.blocks.len(),
    )
}

/// Lays `doc` out block by block, handing each top-level block's lines (and the header's, and
/// the link list's) to `sink` as they are made and keeping none: for export, which needs the
/// lines once, in order.
pub fn stream(doc: &Document, options: &Options, sink: &mut dyn FnMut(&[Line])) {
    let notes = notes_of(doc);
    let mut ctx = Ctx::new(doc, options, &notes);
    ctx.sink = Some(sink);
    let part = ctx.part(options, 0..doc.blocks.len(), true);
    ctx.used_links = part.used_links;
    if options.link_list && !ctx.used_links.is_empty() {
        ctx.link_list();
    }
    ctx.flush();
}

/// The lines of a run of top-level blocks, laid out on their own.
struct Part {
    lines: Vec<Line>,
    /// The line range of each block of the run, counted from the run's first line.
    block_lines: Vec<Range<usize>>,
    segments: Vec<Text>,
    used_links: Vec<usize>,
    /// Blank lines at the top that separate the run from the blocks before it: dropped when
    /// nothing came before after all.
    lead: usize,
}

/// Joins the runs into one layout (segment numbers and line numbers made the whole's), then
/// adds the link list if `whole`.
fn join(
    doc: &Document,
    options: &Options,
    notes: &HashMap<String, usize>,
    parts: Vec<Part>,
    whole: bool,
) -> Layout {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Layout::default();
    };
    let mut ctx = Ctx::new(doc, options, notes);
    let mut block_lines = first.block_lines;
    ctx.out = first.lines;
    ctx.segments = first.segments;
    ctx.used_links = first.used_links;
    for part in parts {
        let strip = if ctx.out.is_empty() { part.lead } else { 0 };
        let base = ctx.out.len();
        let seg_base = ctx.segments.len();
        let shift = |l: usize| base + l.saturating_sub(strip);
        block_lines.extend(
            part.block_lines
                .into_iter()
                .map(|r| shift(r.start)..shift(r.end)),
        );
        ctx.out.reserve(part.lines.len());
        for mut line in part.lines.into_iter().skip(strip) {
            for span in &mut line.spans {
                if let Some((seg, offset)) = span.at() {
                    span.at = (narrow(seg + seg_base), narrow(offset));
                }
            }
            ctx.out.push(line);
        }
        ctx.segments.extend(part.segments);
        ctx.used_links.extend(part.used_links);
    }
    ctx.block = None;
    if options.link_list && whole && !ctx.used_links.is_empty() {
        ctx.link_list();
    }
    let heading_lines = doc
        .outline
        .iter()
        .map(|e| block_lines.get(e.block).map_or(0, |r| r.start))
        .collect();
    Layout {
        lines: ctx.out,
        heading_lines,
        block_lines,
        segments: ctx.segments,
    }
}

/// What goes in front of a block's lines: the first line's prefix and the rest's.
#[derive(Debug, Clone, Default)]
struct Prefix {
    first: Vec<Span>,
    rest: Vec<Span>,
    quoted: bool,
}

impl Prefix {
    fn then(&self, first: Span, rest: Span) -> Self {
        let mut p = self.clone();
        p.first.push(first);
        p.rest.push(rest);
        p
    }

    fn rest_only(&self) -> Self {
        Self {
            first: self.rest.clone(),
            rest: self.rest.clone(),
            quoted: self.quoted,
        }
    }
}

struct Ctx<'d> {
    doc: &'d Document,
    width: usize,
    pane: usize,
    justify: bool,
    highlight: bool,
    image_rows: usize,
    glyphs: Glyphs,
    out: Vec<Line>,
    block: Option<usize>,
    /// Reference numbers shown so far (for the list at the end).
    used_links: Vec<usize>,
    segments: Vec<Text>,
    /// Segments made so far (kept or not).
    segment_count: usize,
    /// Footnote number (as text) to the top-level block holding the note.
    notes: &'d HashMap<String, usize>,
    /// Lines come before these (a run of blocks laid out on its own, after others).
    prior: bool,
    /// Lines already handed to `sink`.
    flushed: usize,
    /// Where finished lines go, when streaming.
    sink: Option<LineSink<'d>>,
}

/// Where a streamed layout hands its lines.
type LineSink<'d> = &'d mut dyn FnMut(&[Line]);

/// Flattened inline text with the style runs that cover it.
#[derive(Default)]
struct Flat {
    text: String,
    /// The text without what layout adds (link numbers, markers): what searches run on.
    search: String,
    runs: Vec<Run>,
}

struct Run {
    range: Range<usize>,
    /// Offset of the run in `Flat::search`; `None` for added text (link numbers).
    search: Option<usize>,
    role: Role,
    style: InlineStyle,
    link: Option<usize>,
    note: Option<usize>,
    source: Range<usize>,
    /// Never broken across lines (a URL, an image's source).
    whole: bool,
}

/// One piece of a [`Flat`] being built.
struct Piece<'a> {
    text: &'a str,
    role: Role,
    style: InlineStyle,
    link: Option<usize>,
    note: Option<usize>,
    source: Range<usize>,
    searchable: bool,
    whole: bool,
}

impl<'a> Piece<'a> {
    fn new(text: &'a str, role: Role, source: Range<usize>) -> Self {
        Self {
            text,
            role,
            style: InlineStyle::PLAIN,
            link: None,
            note: None,
            source,
            searchable: true,
            whole: false,
        }
    }

    /// Text layout adds (a marker, a number): not searched, no source.
    fn added(text: &'a str, role: Role, at: usize) -> Self {
        Self {
            searchable: false,
            ..Self::new(text, role, at..at)
        }
    }
}

impl Flat {
    fn push(&mut self, piece: Piece<'_>) {
        if piece.text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(piece.text);
        let search = piece.searchable.then(|| {
            let at = self.search.len();
            self.search.push_str(piece.text);
            at
        });
        self.runs.push(Run {
            range: start..self.text.len(),
            search,
            role: piece.role,
            style: piece.style,
            link: piece.link,
            note: piece.note,
            source: piece.source,
            whole: piece.whole,
        });
    }

    /// The runs that overlap `range` (runs are contiguous and in order).
    fn runs_in(&self, range: &Range<usize>) -> &[Run] {
        let from = self.runs.partition_point(|r| r.range.end <= range.start);
        let to = from + self.runs[from..].partition_point(|r| r.range.start < range.end);
        &self.runs[from..to]
    }
}

impl<'d> Ctx<'d> {
    fn new(doc: &'d Document, options: &Options, notes: &'d HashMap<String, usize>) -> Self {
        let width = options.width.unwrap_or(UNBOUNDED).max(1);
        Self {
            doc,
            width,
            pane: options.pane.unwrap_or(width).max(width),
            justify: options.justify && options.width.is_some(),
            highlight: options.highlight,
            image_rows: options.image_rows,
            glyphs: *options.glyphs,
            out: Vec::new(),
            block: None,
            used_links: Vec::new(),
            segments: Vec::new(),
            segment_count: 0,
            notes,
            prior: false,
            flushed: 0,
            sink: None,
        }
    }

    /// Whether any line comes before the next one.
    fn any_lines(&self) -> bool {
        self.prior || self.flushed > 0 || !self.out.is_empty()
    }

    /// Lines made so far.
    fn line_count(&self) -> usize {
        self.flushed + self.out.len()
    }

    /// Hands the lines made so far to the sink, if streaming.
    fn flush(&mut self) {
        if let Some(sink) = self.sink.as_mut() {
            sink(&self.out);
            self.flushed += self.out.len();
            self.out.clear();
        }
    }

    /// A new segment of searchable text (made only when kept); its number.
    fn segment(&mut self, text: impl FnOnce() -> Text) -> usize {
        // A streamed layout keeps no segments: nothing searches it.
        if self.sink.is_none() {
            self.segments.push(text());
        }
        self.segment_count += 1;
        self.segment_count - 1
    }

    /// Lays out the top-level blocks in `run` (with the header above them when `top`).
    fn part(&mut self, options: &Options, run: Range<usize>, top: bool) -> Part {
        let doc = self.doc;
        // When the title is the article's first heading, the byline goes under that heading.
        let title_first = options.header && doc.title_in_body();
        if options.header && top {
            self.header(doc, options, true, !title_first);
            self.flush();
        }
        let mut block_lines = Vec::with_capacity(run.len());
        let mut lead = 0;
        for i in run {
            let block = &doc.blocks[i];
            if options.hide_boilerplate && block.hint == Hint::Boilerplate {
                block_lines.push(self.line_count()..self.line_count());
                continue;
            }
            let before = self.line_count();
            if self.any_lines() {
                for _ in 0..options.block_space {
                    self.blank();
                }
                if matches!(block.kind, BlockKind::Heading { .. }) {
                    for _ in 0..options.heading_space {
                        self.blank();
                    }
                }
            }
            if before == 0 {
                lead = self.line_count();
            }
            self.block = Some(i);
            let start = self.line_count();
            self.block(block, &Prefix::default(), 0);
            block_lines.push(start..self.line_count());
            if i == 0 && title_first {
                self.block = None;
                self.header(doc, options, false, true);
            }
            self.flush();
        }
        self.block = None;
        Part {
            lines: std::mem::take(&mut self.out),
            block_lines,
            segments: std::mem::take(&mut self.segments),
            used_links: std::mem::take(&mut self.used_links),
            lead,
        }
    }

    fn blank(&mut self) {
        self.out.push(Line::default());
    }

    /// Adds a prose line: it fits the measure unless it holds something kept whole.
    fn push(&mut self, spans: Vec<Span>, source: Range<usize>) {
        let width = spans_width(&spans);
        let reach = if width <= self.width {
            Reach::Measure
        } else if width <= self.pane {
            Reach::Pane
        } else {
            Reach::Whole
        };
        self.push_reach(spans, source, reach);
    }

    /// Adds a line of code or of a table: it may use the pane.
    fn push_wide(&mut self, spans: Vec<Span>, source: Range<usize>) {
        let reach = if spans_width(&spans) <= self.pane {
            Reach::Pane
        } else {
            Reach::Whole
        };
        self.push_reach(spans, source, reach);
    }

    fn push_reach(&mut self, spans: Vec<Span>, source: Range<usize>, reach: Reach) {
        self.out.push(Line {
            spans,
            block: self.block,
            source,
            reach,
        });
    }

    /// Header lines: `top` is the kicker and title, `rest` the byline, role and reading time.
    fn header(&mut self, doc: &Document, options: &Options, top: bool, rest: bool) {
        let reading_time = options.reading_time;
        let meta = &doc.meta;
        let mut lines: Vec<(String, Role, bool)> = Vec::new();
        if top && let Some(k) = &meta.kicker {
            lines.push((k.clone(), Role::Kicker, false));
        }
        if top
            && let Some(t) = &meta.title
            && !doc.title_in_body()
        {
            lines.push((t.clone(), Role::Title, false));
        }
        if rest && !meta.authors.is_empty() {
            lines.push((
                format!("By {}", join_names(&meta.authors)),
                Role::Byline,
                false,
            ));
        }
        if rest && let Some(r) = &meta.role {
            lines.push((r.clone(), Role::Byline, false));
        }
        if rest && reading_time {
            let minutes = format!("{} min read", doc.reading_minutes());
            let line = match &meta.date {
                Some(date) => format!("{date} · {minutes}"),
                None => minutes,
            };
            lines.push((line, Role::Byline, false));
            // Where the article lives on the web (a saved page's canonical URL), unbroken.
            if let Some(source) = &meta.source {
                lines.push((source.clone(), Role::Byline, true));
            }
        }
        let mut after_title = false;
        for (text, role, whole) in lines {
            // Compact: kicker and title together, then one blank line, then byline, role and
            // date together.
            let gap = !options.compact_header || (after_title && role == Role::Byline);
            if self.any_lines() && gap {
                self.blank();
            }
            after_title = matches!(role, Role::Kicker | Role::Title);
            let mut flat = Flat::default();
            flat.push(Piece {
                whole,
                ..Piece::new(&text, role, 0..0)
            });
            self.wrap_flats(vec![flat], role, &Prefix::default());
        }
    }

    /// The reference list: each address on one line after its number, never broken (a
    /// terminal finds a URL by its characters; a URL wider than the width makes the line
    /// [`Reach::Whole`]).
    fn link_list(&mut self) {
        let mut used = std::mem::take(&mut self.used_links);
        used.sort_unstable();
        used.dedup();
        if self.any_lines() {
            self.blank();
        }
        let mut by_number: Vec<(usize, usize)> = Vec::with_capacity(used.len());
        for (n, url) in self.doc.links.iter().enumerate() {
            if let Some(number) = self.doc.reference(n + 1)
                && used.binary_search(&number).is_ok()
            {
                by_number.push((number, n + 1));
            }
            let _ = url;
        }
        by_number.sort_unstable();
        by_number.dedup_by_key(|(number, _)| *number);
        for (number, n) in by_number {
            let url = &self.doc.links[n - 1];
            let label = format!("[{number}] ");
            let prefix = Prefix {
                first: vec![Span::new(label.clone(), Role::LinkNumber)],
                rest: vec![Span::new(Text::spaces(label.width()), Role::LinkNumber)],
                quoted: false,
            };
            let mut flat = Flat::default();
            flat.push(Piece {
                link: Some(n),
                whole: true,
                ..Piece::new(url, Role::LinkNumber, 0..0)
            });
            self.wrap_flats(vec![flat], Role::LinkNumber, &prefix);
        }
    }

    fn block(&mut self, block: &Block, prefix: &Prefix, depth: usize) {
        let text_role = if prefix.quoted {
            Role::Quote
        } else {
            Role::Body
        };
        match &block.kind {
            BlockKind::Heading { level, inlines } => {
                self.paragraph(inlines, Role::Heading(*level), prefix);
            }
            BlockKind::Paragraph(inlines) => self.paragraph(inlines, text_role, prefix),
            BlockKind::Caption(inlines) => self.paragraph(inlines, Role::Caption, prefix),
            BlockKind::Image { alt, src, link, .. } => {
                self.image(alt, src.as_deref(), *link, prefix, block.source.clone());
                // Room for the picture of a local image at the top level (the reader draws
                // pictures of top-level images only), part of the image's block.
                let local = src.as_deref().is_some_and(|s| {
                    matches!(
                        crate::document::classify(s),
                        crate::document::Target::Local { .. }
                    )
                });
                if local && depth == 0 && prefix.first.is_empty() {
                    for _ in 0..self.image_rows {
                        self.out.push(Line {
                            block: self.block,
                            ..Line::default()
                        });
                    }
                }
            }
            BlockKind::Badges(badges) => self.badges(badges, prefix),
            BlockKind::Callout { kind, blocks } => {
                let bar = Span::new(self.glyphs.callout, Role::Callout(*kind));
                let inner = self.deeper(prefix, bar.clone(), bar);
                let mut flat = Flat::default();
                flat.push(Piece {
                    style: InlineStyle::STRONG,
                    ..Piece::added(kind.label(), Role::Callout(*kind), block.source.start)
                });
                self.wrap_flats(vec![flat], Role::Callout(*kind), &inner);
                self.blocks(blocks, &inner.rest_only(), depth);
            }
            BlockKind::Quote(blocks) => {
                let bar = Span::new(self.glyphs.quote, Role::Marker);
                let mut inner = self.deeper(prefix, bar.clone(), bar);
                inner.quoted = true;
                self.blocks(blocks, &inner, depth);
            }
            BlockKind::List { start, items } => self.list(*start, items, prefix, depth),
            BlockKind::Code { lang, text } => {
                self.code(lang.as_deref(), text, prefix, block.source.clone());
            }
            BlockKind::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows, prefix, block.source.clone()),
            BlockKind::Footnote { label, blocks } => {
                let mark = format!("[^{label}] ");
                let first = Span::new(mark.clone(), Role::NoteRef);
                let rest = Span::new(Text::spaces(mark.width()), Role::Marker);
                let inner = prefix.then(first, rest);
                self.blocks(blocks, &inner, depth);
            }
            BlockKind::Rule => {
                let spans = self.fit_prefix(&prefix.first);
                let mut spans = spans;
                let avail = self.width.saturating_sub(spans_width(&spans));
                spans.push(Span::new(truncate(self.glyphs.rule, avail), Role::Rule));
                self.push(spans, block.source.clone());
            }
        }
    }

    /// An image's marker line: `▣ Image: alt — source`, the source kept whole and followable.
    fn image(
        &mut self,
        alt: &[Inline],
        src: Option<&str>,
        link: Option<usize>,
        prefix: &Prefix,
        source: Range<usize>,
    ) {
        let mut flat = Flat::default();
        flat.push(Piece::added(self.glyphs.image, Role::Image, source.start));
        let alt_text = inline_text(alt);
        let has_alt = !alt_text.trim().is_empty();
        for inline in alt {
            flat.push(Piece {
                style: inline.style,
                ..Piece::new(&inline.text, Role::Image, inline.source.clone())
            });
        }
        // A linked image (a logo leading to a site) shows its source, and the link's number.
        let href = link.filter(|&n| self.doc.links.get(n - 1).map(String::as_str) != src);
        if let Some(src) = src.filter(|s| !s.is_empty()) {
            if has_alt {
                flat.push(Piece::added(" — ", Role::Image, source.end));
            }
            flat.push(Piece {
                link,
                whole: true,
                ..Piece::new(src, Role::Image, source.clone())
            });
        }
        if let Some(n) = href
            && let Some(number) = self.doc.reference(n)
        {
            self.used_links.push(number);
            let mark = format!(" [{number}]");
            flat.push(Piece {
                link: Some(n),
                ..Piece::added(&mark, Role::LinkNumber, source.end)
            });
        }
        self.wrap_flats(vec![flat], Role::Image, prefix);
    }

    /// Badges on one quiet line, each still a link to follow.
    fn badges(&mut self, badges: &[Badge], prefix: &Prefix) {
        let mut flat = Flat::default();
        for (i, badge) in badges.iter().enumerate() {
            if i > 0 {
                // Searched as the one space of the block's text; shown as the gap glyph.
                let gap = self.glyphs.badge_gap;
                let (lead, glyph) = gap.split_at(gap.find(' ').map_or(0, |p| p + 1));
                let at = badge.source.start;
                flat.push(Piece::new(lead, Role::Badge, at..at));
                flat.push(Piece::added(glyph, Role::Badge, at));
            }
            flat.push(Piece {
                link: badge.link,
                ..Piece::new(&badge.alt, Role::Badge, badge.source.clone())
            });
        }
        self.wrap_flats(vec![flat], Role::Badge, prefix);
    }

    /// Blocks inside a container, separated by a line holding only the continuing prefix
    /// (except before a nested list, which follows its item's text directly).
    fn blocks(&mut self, blocks: &[Block], prefix: &Prefix, depth: usize) {
        for (i, block) in blocks.iter().enumerate() {
            if i == 0 {
                self.block(block, prefix, depth);
            } else if matches!(block.kind, BlockKind::List { .. }) {
                self.block(block, &prefix.rest_only(), depth);
            } else {
                let spans = self.fit_prefix(&prefix.rest);
                let spans = spans
                    .into_iter()
                    .map(|mut s| {
                        s.text = s.text.trim_end();
                        s
                    })
                    .collect();
                self.push(spans, block.source.start..block.source.start);
                self.block(block, &prefix.rest_only(), depth);
            }
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[ListItem], prefix: &Prefix, depth: usize) {
        let last_number = start.map(|s| s.saturating_add(items.len() as u64));
        let number_width = last_number.map_or(0, |n| n.to_string().len());
        for (i, item) in items.iter().enumerate() {
            let mut marker = match start {
                Some(s) => format!("{:>number_width$}. ", s.saturating_add(i as u64)),
                None => format!("{} ", self.glyphs.bullets[depth.min(2)]),
            };
            if let Some(done) = item.task {
                marker.push_str(self.glyphs.task[usize::from(done)]);
                marker.push(' ');
            }
            let indent = Text::spaces(marker.width());
            let inner = self.deeper(
                prefix,
                Span::new(marker, Role::Marker),
                Span::new(indent, Role::Marker),
            );
            if item.blocks.is_empty() {
                let spans = self.fit_prefix(&inner.first);
                self.push(spans, 0..0);
                continue;
            }
            self.blocks(&item.blocks, &inner, depth + 1);
        }
    }

    /// The prefix one level deeper, unless the prefix already takes half the width: then the
    /// level is not drawn (its content stays readable instead of one letter a line).
    fn deeper(&self, prefix: &Prefix, first: Span, rest: Span) -> Prefix {
        let used = spans_width(&prefix.rest);
        if used + first.text.width().max(rest.text.width()) > self.width / 2 {
            return prefix.clone();
        }
        prefix.then(first, rest)
    }

    /// The prefix spans, cut so that at least one cell remains for text.
    fn fit_prefix(&self, spans: &[Span]) -> Vec<Span> {
        let budget = self.width.saturating_sub(1);
        let mut out = Vec::new();
        let mut used = 0;
        for span in spans {
            let w = span.text.width();
            if used + w > budget {
                let cut = fitting(&span.text, budget - used);
                if cut > 0 {
                    out.push(Span {
                        text: span.text.prefix(cut),
                        ..span.clone()
                    });
                }
                break;
            }
            used += w;
            out.push(span.clone());
        }
        out
    }

    /// Inline text as segments (split at hard breaks), with what layout adds: a `[n]` after
    /// each numbered link, a marker before an image, a footnote reference's note.
    fn flatten(&mut self, inlines: &[Inline], role: Role) -> Vec<Flat> {
        let mut segments = vec![Flat::default()];
        for (i, inline) in inlines.iter().enumerate() {
            if inline.text == HARD_BREAK {
                segments.push(Flat::default());
                continue;
            }
            let Some(seg) = segments.last_mut() else {
                continue;
            };
            let image = inline.style.contains(InlineStyle::IMAGE);
            if image {
                seg.push(Piece::added("▣ ", Role::Image, inline.source.start));
            }
            let (piece_role, note) = if inline.style.contains(InlineStyle::FOOTNOTE_REF) {
                let label = inline.text.trim_start_matches("[^").trim_end_matches(']');
                (Role::NoteRef, self.notes.get(label).copied())
            } else if image {
                (Role::Image, None)
            } else {
                (role, None)
            };
            seg.push(Piece {
                style: inline.style,
                link: inline.link,
                note,
                ..Piece::new(&inline.text, piece_role, inline.source.clone())
            });
            if let Some(n) = inline.link
                && inlines.get(i + 1).is_none_or(|next| next.link != Some(n))
                && let Some(number) = self.doc.reference(n)
            {
                self.used_links.push(number);
                let mark = format!(" [{number}]");
                seg.push(Piece {
                    link: Some(n),
                    ..Piece::added(&mark, Role::LinkNumber, inline.source.end)
                });
            }
        }
        segments
    }

    /// Wraps inline text under a prefix.
    fn paragraph(&mut self, inlines: &[Inline], role: Role, prefix: &Prefix) {
        let segments = self.flatten(inlines, role);
        self.wrap_flats(segments, role, prefix);
    }

    /// Wraps flattened segments under a prefix, one after the other.
    fn wrap_flats(&mut self, segments: Vec<Flat>, role: Role, prefix: &Prefix) {
        let mut first_line = true;
        for mut seg in segments {
            // The text is stored once: every span of its lines, and the searched segment when
            // nothing was added to it, is a slice of it.
            let shown: Arc<str> = Arc::from(std::mem::take(&mut seg.text));
            let search = std::mem::take(&mut seg.search);
            let seg_id = self.segment(|| {
                if search.len() == shown.len() {
                    Text::whole(&shown)
                } else {
                    Text::from(search)
                }
            });
            let p = if first_line {
                &prefix.first
            } else {
                &prefix.rest
            };
            let first_prefix = self.fit_prefix(p);
            let rest_prefix = self.fit_prefix(&prefix.rest);
            let avail_first = self.width.saturating_sub(spans_width(&first_prefix)).max(1);
            let avail_rest = self.width.saturating_sub(spans_width(&rest_prefix)).max(1);
            let whole: Vec<Range<usize>> = seg
                .runs
                .iter()
                .filter(|r| r.whole)
                .map(|r| r.range.clone())
                .collect();
            let lines = wrap(&shown, avail_first, avail_rest, Breaks::Prose(&whole));
            if lines.is_empty() {
                self.push(first_prefix, 0..0);
                first_line = false;
                continue;
            }
            let count = lines.len();
            for (i, range) in lines.into_iter().enumerate() {
                let (prefix, avail) = if first_line {
                    (&first_prefix, avail_first)
                } else {
                    (&rest_prefix, avail_rest)
                };
                let mut spans = Vec::with_capacity(prefix.len() + seg.runs_in(&range).len());
                spans.extend_from_slice(prefix);
                first_line = false;
                let source = source_of(&seg, &range);
                let prefix_len = spans.len();
                spans_of(&mut spans, &shown, &seg, &range, avail, seg_id);
                let prose = matches!(role, Role::Body | Role::Quote);
                if self.justify && prose && i + 1 < count {
                    stretch(&mut spans[prefix_len..], avail);
                }
                if whole.is_empty() {
                    // Wrapping made it fit: no need to measure it again.
                    self.push_reach(spans, source, Reach::Measure);
                } else {
                    self.push(spans, source);
                }
            }
        }
    }

    /// Code lines, never reflowed or broken: a line wider than the pane is kept whole.
    fn code(&mut self, lang: Option<&str>, text: &str, prefix: &Prefix, source: Range<usize>) {
        let indent = Span::new(self.glyphs.code_indent, Role::Marker);
        let inner = prefix.then(indent.clone(), indent);
        let spans_prefix = self.fit_prefix(&inner.rest);
        // "text" and the like name no language: no label.
        let plain = |l: &str| {
            [
                "text",
                "txt",
                "plain",
                "plaintext",
                "none",
                "nohighlight",
                "output",
            ]
            .iter()
            .any(|p| l.eq_ignore_ascii_case(p))
        };
        if let Some(lang) = lang.filter(|l| !l.is_empty() && !plain(l)) {
            let mut spans = spans_prefix.clone();
            spans.push(Span::new(format!("[{lang}]"), Role::Marker));
            self.push_wide(spans, source.start..source.start);
        }
        let tokens = match lang {
            Some(lang) if self.highlight => highlight::highlight(lang, text),
            _ => Vec::new(),
        };
        // The block's text once; each line's spans and segment are slices of it.
        let shared: Arc<str> = Arc::from(text);
        let mut next_token = 0;
        let mut line_start = 0;
        for line in text.split('\n') {
            let line_range = line_start..line_start + line.len();
            line_start += line.len() + 1;
            let seg_id = self.segment(|| Text::slice(&shared, line_range.clone()));
            let mut spans = spans_prefix.clone();
            // Tokens are sorted; one that spans lines (a block comment) is met on each.
            while tokens
                .get(next_token)
                .is_some_and(|(r, _)| r.end <= line_range.start)
            {
                next_token += 1;
            }
            let mut at = line_range.start;
            let mut k = next_token;
            while let Some((r, token)) = tokens.get(k)
                && r.start < line_range.end
            {
                let (s, e) = (r.start.max(line_range.start), r.end.min(line_range.end));
                if s > at {
                    spans.push(Span::sourced(
                        Text::slice(&shared, at..s),
                        Role::Code,
                        seg_id,
                        at - line_range.start,
                    ));
                }
                if e > s {
                    spans.push(Span::sourced(
                        Text::slice(&shared, s..e),
                        Role::Syntax(*token),
                        seg_id,
                        s - line_range.start,
                    ));
                }
                at = e.max(at);
                if r.end > line_range.end {
                    break;
                }
                k += 1;
            }
            next_token = k;
            if at < line_range.end {
                spans.push(Span::sourced(
                    Text::slice(&shared, at..line_range.end),
                    Role::Code,
                    seg_id,
                    at - line_range.start,
                ));
            }
            self.push_wide(spans, source.clone());
        }
    }

    fn table(
        &mut self,
        aligns: &[Align],
        header: &[Cell],
        rows: &[Vec<Cell>],
        prefix: &Prefix,
        source: Range<usize>,
    ) {
        let columns = aligns
            .len()
            .max(header.len())
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        // A cell is laid out as text; an image in it keeps its marker.
        let cell_text = |cell: &Cell| {
            let mut text = String::new();
            for inline in cell {
                if inline.style.contains(InlineStyle::IMAGE) {
                    text.push_str("▣ ");
                }
                text.push_str(&inline.text);
            }
            text
        };
        let text_of = |row: &[Cell], c: usize| {
            Arc::<str>::from(row.get(c).map(cell_text).unwrap_or_default())
        };
        let all_rows: Vec<Vec<Arc<str>>> = std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .map(|row| (0..columns).map(|c| text_of(row, c)).collect())
            .collect();
        let natural: Vec<usize> = (0..columns)
            .map(|c| {
                all_rows
                    .iter()
                    .map(|r| r[c].width())
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        // A column is never narrower than its widest word: cells wrap between words only.
        let least: Vec<usize> = (0..columns)
            .map(|c| {
                all_rows
                    .iter()
                    .map(|r| widest_word(&r[c]))
                    .max()
                    .unwrap_or(1)
                    .max(1)
            })
            .collect();
        let spans_prefix = self.fit_prefix(&prefix.rest);
        let avail = self.pane.saturating_sub(spans_width(&spans_prefix));
        let boxed = self.glyphs.boxed_tables;
        let overhead = if boxed {
            3 * columns + 1
        } else {
            2 * (columns - 1)
        };
        // Too wide for the pane even so: kept whole, to scroll sideways, each column as wide
        // as its text up to a readable measure (never below its widest word).
        let widths =
            fit_columns(&natural, &least, avail.saturating_sub(overhead)).unwrap_or_else(|| {
                natural
                    .iter()
                    .zip(&least)
                    .map(|(&n, &l)| n.min(WHOLE_COLUMN).max(l))
                    .collect()
            });
        let border = |left: &str, mid: &str, right: &str| {
            let inner: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            format!("{left}{}{right}", inner.join(mid))
        };
        let emit = |ctx: &mut Self, text: String| {
            let mut spans = spans_prefix.clone();
            spans.push(Span::new(text, Role::Marker));
            ctx.push_wide(spans, source.clone());
        };
        if boxed {
            emit(self, border("┌", "┬", "┐"));
        }
        for (r, row) in all_rows.iter().enumerate() {
            let wrapped: Vec<(usize, Vec<Range<usize>>)> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| {
                    let seg_id = self.segment(|| Text::whole(cell));
                    (seg_id, wrap(cell, w, w, Breaks::Words))
                })
                .collect();
            let height = wrapped
                .iter()
                .map(|(_, l)| l.len())
                .max()
                .unwrap_or(1)
                .max(1);
            for line in 0..height {
                let mut spans = spans_prefix.clone();
                let role = if r == 0 { Role::Heading(6) } else { Role::Body };
                for (c, (seg_id, cell_lines)) in wrapped.iter().enumerate() {
                    let range = cell_lines.get(line).cloned().unwrap_or(0..0);
                    let text = &row[c][range.clone()];
                    let (left, right) = pad(
                        text,
                        widths[c],
                        aligns.get(c).copied().unwrap_or(Align::None),
                    );
                    if boxed {
                        spans.push(Span::new(if c == 0 { "│ " } else { " │ " }, Role::Marker));
                    } else if c > 0 {
                        spans.push(Span::new("  ", Role::Marker));
                    }
                    if left > 0 {
                        spans.push(Span::new(Text::spaces(left), Role::Marker));
                    }
                    if !text.is_empty() {
                        let text = Text::slice(&row[c], range.clone());
                        spans.push(Span::sourced(text, role, *seg_id, range.start));
                    }
                    if right > 0 {
                        spans.push(Span::new(Text::spaces(right), Role::Marker));
                    }
                }
                if boxed {
                    spans.push(Span::new(" │", Role::Marker));
                }
                self.push_wide(spans, source.clone());
            }
            if r == 0 {
                if boxed {
                    emit(self, border("├", "┼", "┤"));
                } else {
                    let dashes: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                    emit(self, dashes.join("  "));
                }
            }
        }
        if boxed {
            emit(self, border("└", "┴", "┘"));
        }
    }
}

/// Widens the spaces between words so the spans fill `width` cells (justified text).
fn stretch(spans: &mut [Span], width: usize) {
    let gaps: usize = spans.iter().map(|s| s.text.matches(' ').count()).sum();
    let missing = width.saturating_sub(spans_width(spans));
    if gaps == 0 || missing == 0 {
        return;
    }
    let (each, mut extra) = (missing / gaps, missing % gaps);
    for span in spans {
        let mut text = String::with_capacity(span.text.len() + missing);
        for c in span.text.chars() {
            text.push(c);
            if c == ' ' {
                let n = each + usize::from(extra > 0);
                extra = extra.saturating_sub(1);
                text.extend(std::iter::repeat_n(' ', n));
            }
        }
        span.text = Text::from(text);
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.text.width()).sum()
}

/// The longest prefix of `text` at most `width` cells wide.
fn truncate(text: &'static str, width: usize) -> Text {
    Text::from(&text[..fitting(text, width)])
}

/// The length in bytes of the longest prefix of `text` at most `width` cells wide.
fn fitting(text: &str, width: usize) -> usize {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            return at;
        }
        used += w;
    }
    text.len()
}

/// The widest word of `text`, in cells, as a table cell is wrapped.
fn widest_word(text: &str) -> usize {
    // ASCII text breaks only at spaces in a cell: no need for the Unicode line-break rules.
    if text.is_ascii() {
        return text
            .split_ascii_whitespace()
            .map(str::len)
            .max()
            .unwrap_or(0);
    }
    let base = text.as_ptr() as usize;
    cell_words(text, base, words::find_words(text))
        .iter()
        .map(|w| w.word.width())
        .max()
        .unwrap_or(0)
}

/// Words of a table cell: breaks only at spaces, or between characters of scripts written
/// without spaces (CJK), never after an ASCII `/` or `-` inside a token (`$XDG_CONFIG_HOME/x`).
fn cell_words<'a>(
    body: &'a str,
    base: usize,
    found: impl Iterator<Item = Word<'a>>,
) -> Vec<Word<'a>> {
    let mut out: Vec<Word<'a>> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for word in found {
        let at = word.word.as_ptr() as usize - base;
        let end = at + word.word.len() + word.whitespace.len();
        let glued =
            word.whitespace.is_empty() && word.word.chars().last().is_some_and(|c| c.is_ascii());
        let start = open.map_or(at, |(s, _)| s);
        if glued {
            open = Some((start, end));
        } else {
            open = None;
            out.push(Word::from(&body[start..end.min(body.len())]));
        }
    }
    if let Some((start, end)) = open {
        out.push(Word::from(&body[start..end.min(body.len())]));
    }
    out
}

/// Spaces to put left and right of `text` to fill `width` with the given alignment.
fn pad(text: &str, width: usize, align: Align) -> (usize, usize) {
    let gap = width.saturating_sub(text.width());
    match align {
        Align::Right => (gap, 0),
        Align::Center => (gap / 2, gap - gap / 2),
        Align::Left | Align::None => (0, gap),
    }
}

/// Column widths that fit `avail`, each at least its `least` width (or its natural width
/// when smaller); `None` when even that is too wide.
fn fit_columns(natural: &[usize], least: &[usize], avail: usize) -> Option<Vec<usize>> {
    let total: usize = natural.iter().sum();
    if total <= avail {
        return Some(natural.to_vec());
    }
    let floor: Vec<usize> = natural.iter().zip(least).map(|(&n, &l)| n.min(l)).collect();
    if floor.iter().sum::<usize>() > avail {
        return None;
    }
    // Largest cap such that capping every column at it (but not below its floor) fits.
    let capped = |cap: usize| -> usize {
        natural
            .iter()
            .zip(&floor)
            .map(|(&n, &f)| n.min(cap.max(f)))
            .sum()
    };
    let (mut lo, mut hi) = (0, natural.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if capped(mid) <= avail {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural
        .iter()
        .zip(&floor)
        .map(|(&n, &f)| n.min(lo.max(f)))
        .collect();
    let mut spare = avail - widths.iter().sum::<usize>();
    for (w, &n) in widths.iter_mut().zip(natural) {
        if spare == 0 {
            break;
        }
        if *w < n {
            *w += 1;
            spare -= 1;
        }
    }
    Some(widths)
}

/// Where wrapping may break a word that does not fit.
#[derive(Clone, Copy)]
enum Breaks<'a> {
    /// Anywhere, except inside these byte ranges (kept whole).
    Prose(&'a [Range<usize>]),
    /// Between words only (table cells).
    Words,
}

/// Byte ranges of `text`, one per wrapped line, trailing spaces dropped.
///
/// A line is wider than asked only where a piece kept whole is wider than the line, or where
/// a single character is wider than the whole width ([`spans_of`] then shows it as `?`).
fn wrap(text: &str, first: usize, rest: usize, breaks: Breaks<'_>) -> Vec<Range<usize>> {
    // Leading spaces are kept (pasted text indents on purpose); trailing ones never show.
    let body = text.trim_end();
    let lead = body.len() - body.trim_start().len();
    let lead_width = body[..lead].width();
    if body.trim_start().is_empty() {
        return Vec::new();
    }
    // No wrapping (plain export without a width): no need to measure the text.
    if first >= UNBOUNDED / 2 || body.width() <= first {
        return vec![0..body.len()];
    }
    // Keep the indent only when it leaves room for text on the first line: at least its
    // first character, which may take two cells.
    let first_char = body[lead..]
        .chars()
        .next()
        .map_or(1, |c| c.width().unwrap_or(0));
    let keep_lead = lead_width + first_char.max(1) <= first;
    let first = if keep_lead { first - lead_width } else { first };
    let base = body.as_ptr() as usize;
    let found = words::find_words(body[lead..].trim_start());
    let mut words: Vec<Word<'_>> = match breaks {
        Breaks::Words => cell_words(body, base, found),
        Breaks::Prose([]) => break_words(found, first.min(rest)),
        Breaks::Prose(whole) => keep_whole(body, base, found, whole, first.min(rest)),
    };
    // textwrap adds up its characters' widths; a line is shown as wide as the whole string
    // (an emoji and the selector after it take two cells, not one).
    if !body.is_ascii() {
        for w in &mut words {
            w.width = w.word.width();
        }
    }
    let widths = [first as f64, rest as f64];
    wrap_first_fit(&words, &widths)
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let (first_word, last_word) = (line.first()?, line.last()?);
            let start = if i == 0 && keep_lead {
                0
            } else {
                first_word.word.as_ptr() as usize - base
            };
            let end = last_word.word.as_ptr() as usize - base + last_word.word.len();
            (end > start).then_some(start..end)
        })
        .collect()
}

/// The words of `body` with those inside a `whole` range joined into one unbreakable word
/// (a URL has break opportunities after each `/`), and the others broken to `width`.
fn keep_whole<'a>(
    body: &'a str,
    base: usize,
    found: impl Iterator<Item = Word<'a>>,
    whole: &[Range<usize>],
    width: usize,
) -> Vec<Word<'a>> {
    let mut out: Vec<Word<'a>> = Vec::new();
    let mut k = 0;
    // (start, end, index into `whole`) of the word being joined.
    let mut joined: Option<(usize, usize, usize)> = None;
    let flush = |out: &mut Vec<Word<'a>>, joined: &mut Option<(usize, usize, usize)>| {
        if let Some((start, end, _)) = joined.take() {
            out.push(Word::from(&body[start..end.min(body.len())]));
        }
    };
    for word in found {
        let at = word.word.as_ptr() as usize - base;
        let end = at + word.word.len() + word.whitespace.len();
        while whole.get(k).is_some_and(|r| r.end <= at) {
            k += 1;
        }
        if whole.get(k).is_some_and(|r| r.start <= at) {
            match &mut joined {
                Some((_, e, j)) if *j == k => *e = end,
                _ => {
                    flush(&mut out, &mut joined);
                    joined = Some((at, end, k));
                }
            }
        } else {
            flush(&mut out, &mut joined);
            out.extend(break_words([word], width));
        }
    }
    flush(&mut out, &mut joined);
    out
}

/// Source byte range shown by `range` of a flattened segment.
fn source_of(seg: &Flat, range: &Range<usize>) -> Range<usize> {
    let runs = seg.runs_in(range);
    let map = |run: Option<&Run>, offset: usize| {
        run.map(|r| {
            let delta = offset.saturating_sub(r.range.start).min(r.range.len());
            (r.source.start + delta).min(r.source.end)
        })
    };
    let start = map(
        runs.first(),
        range.start.max(runs.first().map_or(0, |r| r.range.start)),
    )
    .unwrap_or(0);
    let end = map(runs.last(), range.end).unwrap_or(start).max(start);
    start..end
}

/// Adds the styled spans for `range` of a segment (whose text is `shown`) to `spans`, after
/// the prefix there; characters wider than `width` become `?`.
fn spans_of(
    spans: &mut Vec<Span>,
    shown: &Arc<str>,
    seg: &Flat,
    range: &Range<usize>,
    width: usize,
    seg_id: usize,
) {
    let prefix = spans.len();
    for run in seg.runs_in(range) {
        let start = run.range.start.max(range.start);
        let end = run.range.end.min(range.end);
        if start >= end {
            continue;
        }
        let mut text = Text::slice(shown, start..end);
        // No character is wider than two cells: only a narrower line needs a look.
        if width < 2 && text.chars().any(|c| c.width().unwrap_or(0) > width) {
            let narrowed: String = text
                .chars()
                .map(|c| {
                    if c.width().unwrap_or(0) > width {
                        '?'
                    } else {
                        c
                    }
                })
                .collect();
            text = Text::from(narrowed);
        }
        let at = run
            .search
            .map(|offset| (seg_id, offset + (start - run.range.start)));
        match spans[prefix..].last_mut() {
            // Runs are contiguous, so a merged span still maps onto one stretch of text.
            Some(last)
                if last.role == run.role
                    && last.style == run.style
                    && last.link() == run.link
                    && last.note() == run.note
                    && last.at().is_some() == at.is_some() =>
            {
                last.text.append(&text);
            }
            _ => spans.push(
                Span {
                    text,
                    role: run.role,
                    style: run.style,
                    link: run.link.map_or(0, narrow),
                    note: run.note.map_or(NONE, narrow),
                    at: (NONE, 0),
                }
                .with_at(at),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SourceFormat, parse};

    fn md(text: &str) -> Document {
        parse(text, SourceFormat::Markdown, "")
    }

    fn bare(mut options: Options) -> Options {
        options.header = false;
        options
    }

    fn texts(layout: &Layout) -> Vec<String> {
        layout
            .lines
            .iter()
            .map(|l| l.text().trim_end().to_string())
            .collect()
    }

    #[test]
    fn a_line_is_measured_as_it_is_shown() {
        // Found by the layout property test: an emoji with its presentation selector takes
        // two cells, where its characters' widths add up to one.
        let text = "ab \u{1f574}\u{fe0f}\u{1f574}\u{fe0f}\u{1f574}\u{fe0f} cd";
        let lines = wrap(text, 6, 6, Breaks::Prose(&[]));
        assert!(lines.len() > 1, "{lines:?}");
        for line in lines {
            assert!(text[line.clone()].width() <= 6, "{:?}", &text[line]);
        }
    }

    #[test]
    fn an_indent_is_kept_only_with_room_for_the_first_character_after_it() {
        // Found by the layout property test: one cell left after the indent, a character
        // two cells wide.
        let text = " \u{20000} b";
        assert_eq!(wrap(text, 2, 2, Breaks::Prose(&[])), [1..5, 6..7]);
        assert_eq!(wrap(text, 3, 3, Breaks::Prose(&[])), [0..5, 6..7]);
    }

    #[test]
    fn wraps_at_width_and_maps_headings() {
        let doc = md("# T\n\none two three four five six\n\n## S\n\nmore\n");
        let l = layout(&doc, &Options::plain(Some(10)));
        assert_eq!(
            texts(&l),
            vec![
                "T",
                "",
                "one two",
                "three four",
                "five six",
                "",
                "S",
                "",
                "more"
            ]
        );
        // `# T` is the title (the header's first line), not a section.
        assert_eq!(l.heading_lines, vec![6]);
        assert_eq!(l.section_at(5), None);
        assert_eq!(l.section_at(7), Some(0));
    }

    #[test]
    fn hanging_indents_for_lists_and_quote_bars() {
        let doc = md("- alpha beta gamma\n  - delta\n\n> quoted words here\n");
        let l = layout(&doc, &bare(Options::reader(12)));
        assert_eq!(
            texts(&l),
            vec![
                "• alpha beta",
                "  gamma",
                "  ◦ delta",
                "",
                "│ quoted",
                "│ words here"
            ]
        );
    }

    #[test]
    fn cjk_counts_two_cells() {
        let doc = md("日本語の文章を折り返します。\n");
        let l = layout(&doc, &Options::plain(Some(10)));
        for line in &l.lines {
            assert!(line.width() <= 10, "{:?}", line.text());
        }
        assert_eq!(l.lines.len(), 3);
    }

    #[test]
    fn code_is_kept_whole_not_reflowed() {
        let doc = md("```\nlet x = 1;   // keep   spacing\n```\n");
        let l = layout(&doc, &Options::plain(Some(20)));
        assert_eq!(texts(&l), vec!["    let x = 1;   // keep   spacing"]);
        assert_eq!(l.lines[0].reach, Reach::Whole);
        // Within the pane, code is drawn there, beyond the measure.
        let l = layout(&doc, &bare(Options::reader(20).with_pane(60)));
        assert_eq!(l.lines[0].reach, Reach::Pane);
    }

    #[test]
    fn tables_fit_or_are_kept_whole() {
        let doc = md("| a | bb |\n|--:|:-:|\n| 1 | 2 |\n");
        let l = layout(&doc, &bare(Options::reader(40)));
        assert_eq!(
            texts(&l),
            vec![
                "┌───┬────┐",
                "│ a │ bb │",
                "├───┼────┤",
                "│ 1 │ 2  │",
                "└───┴────┘"
            ]
        );
        let l = layout(&doc, &Options::plain(None));
        assert_eq!(texts(&l), vec!["a  bb", "-  --", "1  2"]);
        let wide = md(&format!(
            "|{}\n|{}\n|{}\n",
            "h|".repeat(30),
            "-|".repeat(30),
            "v|".repeat(30)
        ));
        // Too wide for the pane: kept whole (every cell at its widest word), to scroll sideways.
        let l = layout(&wide, &bare(Options::reader(20)));
        assert!(l.lines.iter().all(|line| line.reach == Reach::Whole));
        assert_eq!(texts(&l)[1], format!("│{}", " h │".repeat(30)));
        // A column narrower than its natural width wraps between words, never inside one.
        let cells = md("| a | b |\n|---|---|\n| one two three | $XDG_CONFIG_HOME/folio |\n");
        let l = layout(&cells, &bare(Options::reader(36)));
        assert!(
            texts(&l)
                .iter()
                .any(|t| t.contains("$XDG_CONFIG_HOME/folio")),
            "{:?}",
            texts(&l)
        );
        assert!(l.lines.iter().all(|line| line.width() <= 36));
    }

    #[test]
    fn links_get_numbers_and_a_list() {
        let doc = md("See [the site](https://x.org) now.\n");
        let l = layout(&doc, &Options::plain(None));
        assert_eq!(
            texts(&l),
            vec!["See the site [1] now.", "", "[1] https://x.org"]
        );
    }

    #[test]
    fn narrowest_widths_never_overflow() {
        let doc =
            md("> > - 日本 [x](y) `code`\n\n| a | b |\n|---|---|\n| c | d |\n\n```\n漢字\n```\n");
        for width in 1..=12 {
            let l = layout(&doc, &bare(Options::reader(width)));
            for line in &l.lines {
                // Only what is kept whole (code, a table's words) may be wider.
                assert!(
                    line.width() <= width || line.reach == Reach::Whole,
                    "width {width}: {:?}",
                    line.text()
                );
            }
        }
    }

    #[test]
    fn boilerplate_is_hidden_in_the_reader_only() {
        let doc = parse(
            "A title\n\nShare this article\n\nThe body of the article is a sentence.\n",
            SourceFormat::PlainText,
            "x",
        );
        let reader = layout(&doc, &Options::reader(80));
        assert!(!texts(&reader).iter().any(|t| t.contains("Share")));
        assert_eq!(reader.block_lines.len(), doc.blocks.len());
        let plain = layout(&doc, &Options::plain(None));
        assert!(texts(&plain).iter().any(|t| t == "Share this article"));
    }

    #[test]
    fn an_indent_wider_than_the_line_is_dropped() {
        // Found by the layout fuzz target: a leading space at width 1 made a 2-cell line.
        let text = String::from_utf8_lossy(b"\t\0\xff\xb3");
        let doc = parse(&text, SourceFormat::PlainText, "");
        for options in [Options::reader(1), Options::plain(Some(1))] {
            for line in &layout(&doc, &options).lines {
                assert!(line.width() <= 1, "{:?}", line.text());
            }
        }
    }

    #[test]
    fn justified_lines_fill_the_width_except_the_last() {
        let doc = md("one two three four five six seven eight nine ten\n");
        let mut options = bare(Options::reader(20));
        options.justify = true;
        let l = layout(&doc, &options);
        let widths: Vec<usize> = l.lines.iter().map(Line::width).collect();
        assert_eq!(widths[..widths.len() - 1], vec![20; widths.len() - 1][..]);
        assert!(widths[widths.len() - 1] < 20);
    }

    #[test]
    fn header_lines() {
        let doc = parse(
            "---\ntitle: T\nauthors: [A, B, C]\n---\nBody.\n",
            SourceFormat::Markdown,
            "x",
        );
        let l = layout(&doc, &Options::plain(None));
        assert_eq!(texts(&l), vec!["T", "", "By A, B and C", "", "Body."]);
    }

    #[test]
    fn anchors_are_followed_not_listed_and_hotspots_cover_links() {
        let doc = md(
            "# T\n\nSee [usage](#usage), [site](https://x.org) and a note[^n].\n\n## Usage\n\n[^n]: The note.\n",
        );
        let l = layout(&doc, &bare(Options::plain(None)));
        let text = l.to_text();
        assert!(
            text.contains("See usage, site [1] and a note[^1]."),
            "{text}"
        );
        assert!(
            text.contains("[1] https://x.org") && !text.contains("#usage"),
            "{text}"
        );
        let line = l
            .lines
            .iter()
            .find(|x| x.text().starts_with("See"))
            .expect("line");
        let spots = line.hotspots();
        let usage = doc.blocks.iter().position(|b| b.text() == "Usage");
        assert_eq!(spots[0].columns, 4..9);
        let Jump::Link(n) = spots[0].jump else {
            panic!()
        };
        assert!(
            matches!(doc.target(n), Some(crate::document::Target::Anchor { block, .. }) if block == usage)
        );
        assert_eq!(spots[1].columns, 11..19, "the link and its number");
        let Jump::Note(block) = spots[2].jump else {
            panic!()
        };
        assert!(matches!(doc.blocks[block].kind, BlockKind::Footnote { .. }));
        assert_eq!(
            l.block_line(block)
                .map(|i| l.lines[i].text().starts_with("[^1]")),
            Some(true)
        );
    }

    #[test]
    fn urls_in_the_list_are_never_broken() {
        let url = "https://example.org/a/very/long/path/that/goes/on/and/on/index.html";
        let doc = md(&format!("A [link]({url}).\n"));
        for width in [10, 30, 60] {
            let l = layout(&doc, &Options::plain(Some(width)));
            let line = l
                .lines
                .iter()
                .find(|x| x.text().contains("https://"))
                .expect("url");
            assert_eq!(line.text(), format!("[1] {url}"));
            assert_eq!(line.reach, Reach::Whole);
        }
    }

    #[test]
    fn code_gets_token_kinds_and_a_language_label_only_when_asked() {
        let doc = md("```rust\nfn main() {} // hi\n```\n");
        let reader = layout(&doc, &bare(Options::reader(40)));
        assert_eq!(reader.lines[0].text().trim(), "[rust]");
        let roles: Vec<Role> = reader.lines[1].spans.iter().map(|s| s.role).collect();
        assert!(roles.contains(&Role::Syntax(Token::Keyword)));
        assert!(roles.contains(&Role::Syntax(Token::Comment)));
        let plain = layout(&doc, &bare(Options::plain(Some(40))));
        assert!(
            !plain
                .lines
                .iter()
                .flat_map(|l| &l.spans)
                .any(|s| matches!(s.role, Role::Syntax(_)))
        );
    }

    #[test]
    fn images_and_alerts_have_their_own_lines() {
        let doc = md("![A map](maps/1842.png)\n\n> [!TIP]\n> Look closer.\n");
        let l = layout(&doc, &bare(Options::reader(60)));
        assert_eq!(texts(&l)[0], "▣ Image: A map — maps/1842.png");
        assert!(l.lines[0].spans.iter().all(|s| s.role != Role::Caption));
        assert_eq!(texts(&l)[2..], ["┃ Tip", "┃ Look closer."]);
    }
}
