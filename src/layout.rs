//! Layout: a [`Document`] at a width becomes wrapped [`Line`]s that remember their source.
//!
//! Pure and deterministic. Lines carry semantic [`Role`]s, never colours; the reader and the
//! plain-text export both draw from the same lines, so what is read and what is piped agree.
//! Wrapping uses textwrap with display widths (CJK and emoji count two cells), and no line is
//! ever wider than the width asked for.

use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::core::{Word, break_words};
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::document::{
    Align, Block, BlockKind, Cell, Document, HARD_BREAK, Hint, Inline, InlineStyle, ListItem,
    inline_text,
};

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
    /// Preformatted code.
    Code,
    /// An image caption.
    Caption,
    /// A list bullet or number, a quote bar, a table border: structure, not text.
    Marker,
    /// The `[n]` after a link, and the reference list at the end.
    LinkNumber,
    /// A thematic break.
    Rule,
}

/// A run of text on one line with one role and style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text; never contains control characters or newlines.
    pub text: String,
    /// What it is.
    pub role: Role,
    /// Emphasis flags from the source.
    pub style: InlineStyle,
    /// 1-based link number, when the text is a link.
    pub link: Option<usize>,
    /// Where the text comes from: (index into [`Layout::segments`], byte offset there).
    /// `None` for structure (bullets, bars, borders, padding).
    pub at: Option<(usize, usize)>,
}

impl Span {
    fn new(text: impl Into<String>, role: Role) -> Self {
        Self {
            text: text.into(),
            role,
            style: InlineStyle::PLAIN,
            link: None,
            at: None,
        }
    }

    fn sourced(text: impl Into<String>, role: Role, seg: usize, offset: usize) -> Self {
        Self {
            at: Some((seg, offset)),
            ..Self::new(text, role)
        }
    }
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
}

/// Characters used for structure; the reader and the plain export differ only here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// Bullets by nesting depth (the last repeats).
    pub bullets: [&'static str; 3],
    /// Prefix of each quoted line.
    pub quote: &'static str,
    /// Indent of code lines.
    pub code_indent: &'static str,
    /// A thematic break.
    pub rule: &'static str,
    /// Task markers: not done, done.
    pub task: [&'static str; 2],
    /// Draw tables with box-drawing borders (else aligned columns).
    pub boxed_tables: bool,
}

impl Glyphs {
    /// Typography for the terminal reader.
    pub const READER: Self = Self {
        bullets: ["•", "◦", "▪"],
        quote: "│ ",
        code_indent: "  ",
        rule: "· · ·",
        task: ["[ ]", "[x]"],
        boxed_tables: true,
    };
    /// Clean plain text for export: ASCII structure, no markup.
    pub const PLAIN: Self = Self {
        bullets: ["-", "-", "-"],
        quote: "    ",
        code_indent: "    ",
        rule: "· · ·",
        task: ["[ ]", "[x]"],
        boxed_tables: false,
    };
}

/// How to lay a document out.
// Independent switches of one layout, not a state machine: an enum would not make it clearer.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Width in cells; `None` lays every paragraph out on one line.
    pub width: Option<usize>,
    /// Put kicker, title and byline above the body.
    pub header: bool,
    /// List link targets at the end.
    pub link_list: bool,
    /// Structure characters.
    pub glyphs: Glyphs,
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
}

impl Options {
    /// Reader layout at `width`.
    pub fn reader(width: usize) -> Self {
        Self {
            width: Some(width),
            header: true,
            link_list: true,
            glyphs: Glyphs::READER,
            hide_boilerplate: true,
            heading_space: 1,
            reading_time: true,
            block_space: 1,
            justify: false,
            compact_header: true,
        }
    }

    /// Plain export layout.
    pub fn plain(width: Option<usize>) -> Self {
        Self {
            width,
            header: true,
            link_list: true,
            glyphs: Glyphs::PLAIN,
            hide_boilerplate: false,
            heading_space: 0,
            reading_time: false,
            block_space: 1,
            justify: false,
            compact_header: false,
        }
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
    pub segments: Vec<String>,
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
}

/// Widths wider than this are treated as "no wrapping".
const UNBOUNDED: usize = usize::MAX / 8;

/// Lays `doc` out.
pub fn layout(doc: &Document, options: &Options) -> Layout {
    layout_window(doc, options, 0..doc.blocks.len())
}

/// Lays out only the top-level blocks in `window`, as a stand-in for the whole layout while
/// that is made in the background (a huge article just opened or resized). Blocks outside the
/// window get no lines (their `block_lines` are empty ranges at the window's edges), the
/// header shows only when the window starts at the top, and the link list only when it
/// reaches the end. Line indices are the window's own.
pub fn layout_window(doc: &Document, options: &Options, window: Range<usize>) -> Layout {
    let width = options.width.unwrap_or(UNBOUNDED).max(1);
    let mut ctx = Ctx {
        width,
        justify: options.justify && options.width.is_some(),
        glyphs: options.glyphs,
        out: Vec::new(),
        block: None,
        used_links: Vec::new(),
        segments: Vec::new(),
    };
    // When the title is the article's first heading, the byline goes under that heading.
    let title_first = options.header && doc.title_in_body();
    let top = window.start == 0;
    let whole = window.end >= doc.blocks.len();
    if options.header && top {
        ctx.header(doc, options, true, !title_first);
    }
    let mut block_lines = Vec::with_capacity(doc.blocks.len());
    for (i, block) in doc.blocks.iter().enumerate() {
        if !window.contains(&i) || (options.hide_boilerplate && block.hint == Hint::Boilerplate) {
            block_lines.push(ctx.out.len()..ctx.out.len());
            continue;
        }
        if !ctx.out.is_empty() {
            for _ in 0..options.block_space {
                ctx.blank();
            }
            if matches!(block.kind, BlockKind::Heading { .. }) {
                for _ in 0..options.heading_space {
                    ctx.blank();
                }
            }
        }
        ctx.block = Some(i);
        let start = ctx.out.len();
        ctx.block(block, &Prefix::default(), 0);
        block_lines.push(start..ctx.out.len());
        if i == 0 && title_first {
            ctx.block = None;
            ctx.header(doc, options, false, true);
        }
    }
    ctx.block = None;
    if options.link_list && whole && !ctx.used_links.is_empty() {
        ctx.link_list(&doc.links);
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

struct Ctx {
    width: usize,
    justify: bool,
    glyphs: Glyphs,
    out: Vec<Line>,
    block: Option<usize>,
    used_links: Vec<usize>,
    segments: Vec<String>,
}

/// Flattened inline text with the style runs that cover it.
struct Flat {
    text: String,
    /// The text without the link numbers layout adds: what searches run on.
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
    source: Range<usize>,
}

impl Ctx {
    fn blank(&mut self) {
        self.out.push(Line {
            spans: Vec::new(),
            block: None,
            source: 0..0,
        });
    }

    fn push(&mut self, spans: Vec<Span>, source: Range<usize>) {
        self.out.push(Line {
            spans,
            block: self.block,
            source,
        });
    }

    /// Header lines: `top` is the kicker and title, `rest` the byline, role and reading time.
    fn header(&mut self, doc: &Document, options: &Options, top: bool, rest: bool) {
        let reading_time = options.reading_time;
        let meta = &doc.meta;
        let mut lines: Vec<(String, Role)> = Vec::new();
        if top && let Some(k) = &meta.kicker {
            lines.push((k.clone(), Role::Kicker));
        }
        if top
            && let Some(t) = &meta.title
            && !doc.title_in_body()
        {
            lines.push((t.clone(), Role::Title));
        }
        if rest && !meta.authors.is_empty() {
            lines.push((format!("By {}", join_names(&meta.authors)), Role::Byline));
        }
        if rest && let Some(r) = &meta.role {
            lines.push((r.clone(), Role::Byline));
        }
        if rest && reading_time {
            let minutes = format!("{} min read", doc.reading_minutes());
            let line = match &meta.date {
                Some(date) => format!("{date} · {minutes}"),
                None => minutes,
            };
            lines.push((line, Role::Byline));
            // Where the article lives on the web (a saved page's canonical URL).
            if let Some(source) = &meta.source {
                lines.push((source.clone(), Role::Byline));
            }
        }
        let mut after_title = false;
        for (text, role) in lines {
            // Compact: kicker and title together, then one blank line, then byline, role and
            // date together.
            let gap = !options.compact_header || (after_title && role == Role::Byline);
            if !self.out.is_empty() && gap {
                self.blank();
            }
            after_title = matches!(role, Role::Kicker | Role::Title);
            let inline = Inline {
                text,
                style: InlineStyle::PLAIN,
                link: None,
                source: 0..0,
            };
            self.paragraph(&[inline], role, &Prefix::default());
        }
    }

    fn link_list(&mut self, links: &[String]) {
        let mut used = std::mem::take(&mut self.used_links);
        used.sort_unstable();
        used.dedup();
        if !self.out.is_empty() {
            self.blank();
        }
        for n in used {
            let Some(url) = links.get(n - 1) else {
                continue;
            };
            let label = format!("[{n}] ");
            let prefix = Prefix {
                first: vec![Span::new(label.clone(), Role::LinkNumber)],
                rest: vec![Span::new(" ".repeat(label.width()), Role::LinkNumber)],
                quoted: false,
            };
            let inline = Inline {
                text: url.clone(),
                style: InlineStyle::PLAIN,
                link: None,
                source: 0..0,
            };
            self.paragraph(&[inline], Role::LinkNumber, &prefix);
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
            BlockKind::Caption(inlines)
            | BlockKind::Image {
                caption: inlines, ..
            } => {
                if inline_text(inlines).trim().is_empty() {
                    let text = match &block.kind {
                        BlockKind::Image { url: Some(url), .. } => {
                            url.rsplit('/').next().unwrap_or(url).to_string()
                        }
                        _ => "image".to_string(),
                    };
                    let inline = Inline {
                        text,
                        style: InlineStyle::PLAIN,
                        link: None,
                        source: block.source.clone(),
                    };
                    self.paragraph(&[inline], Role::Caption, prefix);
                } else {
                    self.paragraph(inlines, Role::Caption, prefix);
                }
            }
            BlockKind::Quote(blocks) => {
                let bar = Span::new(self.glyphs.quote, Role::Marker);
                let mut inner = self.deeper(prefix, bar.clone(), bar);
                inner.quoted = true;
                self.blocks(blocks, &inner, depth);
            }
            BlockKind::List { start, items } => self.list(*start, items, prefix, depth),
            BlockKind::Code { text, .. } => self.code(text, prefix, block.source.clone()),
            BlockKind::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows, prefix, block.source.clone()),
            BlockKind::Footnote { label, blocks } => {
                let mark = format!("[{label}] ");
                let first = Span::new(mark.clone(), Role::LinkNumber);
                let rest = Span::new(" ".repeat(mark.width()), Role::Marker);
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
                        s.text = s.text.trim_end().to_string();
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
            let indent = " ".repeat(marker.width());
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
                let cut = truncate(&span.text, budget - used);
                if !cut.is_empty() {
                    out.push(Span {
                        text: cut,
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

    fn flatten(&mut self, inlines: &[Inline], role: Role) -> Vec<Flat> {
        let empty = || Flat {
            text: String::new(),
            search: String::new(),
            runs: Vec::new(),
        };
        let mut segments = vec![empty()];
        for (i, inline) in inlines.iter().enumerate() {
            if inline.text == HARD_BREAK {
                segments.push(empty());
                continue;
            }
            let Some(seg) = segments.last_mut() else {
                continue;
            };
            let start = seg.text.len();
            seg.text.push_str(&inline.text);
            let search = seg.search.len();
            seg.search.push_str(&inline.text);
            seg.runs.push(Run {
                range: start..seg.text.len(),
                search: Some(search),
                role,
                style: inline.style,
                link: inline.link,
                source: inline.source.clone(),
            });
            if let Some(n) = inline.link
                && inlines.get(i + 1).is_none_or(|next| next.link != Some(n))
            {
                self.used_links.push(n);
                let mark = format!(" [{n}]");
                let start = seg.text.len();
                seg.text.push_str(&mark);
                seg.runs.push(Run {
                    range: start..seg.text.len(),
                    search: None,
                    role: Role::LinkNumber,
                    style: InlineStyle::PLAIN,
                    link: Some(n),
                    source: inline.source.end..inline.source.end,
                });
            }
        }
        segments
    }

    /// Wraps inline text under a prefix.
    fn paragraph(&mut self, inlines: &[Inline], role: Role, prefix: &Prefix) {
        let mut first_line = true;
        for seg in self.flatten(inlines, role) {
            let seg_id = self.segments.len();
            self.segments.push(seg.search.clone());
            let p = if first_line {
                &prefix.first
            } else {
                &prefix.rest
            };
            let first_prefix = self.fit_prefix(p);
            let rest_prefix = self.fit_prefix(&prefix.rest);
            let avail_first = self.width.saturating_sub(spans_width(&first_prefix)).max(1);
            let avail_rest = self.width.saturating_sub(spans_width(&rest_prefix)).max(1);
            let lines = wrap(&seg.text, avail_first, avail_rest);
            if lines.is_empty() {
                self.push(first_prefix, 0..0);
                first_line = false;
                continue;
            }
            let count = lines.len();
            for (i, range) in lines.into_iter().enumerate() {
                let (mut spans, avail) = if first_line {
                    (first_prefix.clone(), avail_first)
                } else {
                    (rest_prefix.clone(), avail_rest)
                };
                first_line = false;
                let source = source_of(&seg, &range);
                let prefix_len = spans.len();
                spans.extend(spans_of(&seg, &range, avail, seg_id));
                let prose = matches!(role, Role::Body | Role::Quote);
                if self.justify && prose && i + 1 < count {
                    stretch(&mut spans[prefix_len..], avail);
                }
                self.push(spans, source);
            }
        }
    }

    fn code(&mut self, text: &str, prefix: &Prefix, source: Range<usize>) {
        let indent = Span::new(self.glyphs.code_indent, Role::Marker);
        let inner = prefix.then(indent.clone(), indent);
        let spans_prefix = self.fit_prefix(&inner.rest);
        let avail = self.width.saturating_sub(spans_width(&spans_prefix)).max(1);
        for line in text.split('\n') {
            let seg_id = self.segments.len();
            self.segments.push(line.to_string());
            for (offset, piece) in chop(line, avail) {
                let mut spans = spans_prefix.clone();
                if !piece.is_empty() {
                    spans.push(Span::sourced(piece, Role::Code, seg_id, offset));
                }
                self.push(spans, source.clone());
            }
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
        let text_of =
            |row: &[Cell], c: usize| row.get(c).map(|cell| inline_text(cell)).unwrap_or_default();
        let all_rows: Vec<Vec<String>> = std::iter::once(header)
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
        let spans_prefix = self.fit_prefix(&prefix.rest);
        let avail = self.width.saturating_sub(spans_width(&spans_prefix));
        let boxed = self.glyphs.boxed_tables;
        let overhead = if boxed {
            3 * columns + 1
        } else {
            2 * (columns - 1)
        };
        let Some(widths) = fit_columns(&natural, avail.saturating_sub(overhead), 3) else {
            self.table_as_records(&all_rows, prefix, source);
            return;
        };
        let border = |left: &str, mid: &str, right: &str| {
            let inner: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            format!("{left}{}{right}", inner.join(mid))
        };
        let emit = |ctx: &mut Self, text: String| {
            let mut spans = spans_prefix.clone();
            spans.push(Span::new(text, Role::Marker));
            ctx.push(spans, source.clone());
        };
        if boxed {
            emit(self, border("┌", "┬", "┐"));
        }
        for (r, row) in all_rows.iter().enumerate() {
            let wrapped: Vec<(usize, Vec<Range<usize>>)> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| {
                    let seg_id = self.segments.len();
                    self.segments.push(cell.clone());
                    (seg_id, wrap(cell, w, w))
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
                        spans.push(Span::new(" ".repeat(left), Role::Marker));
                    }
                    if !text.is_empty() {
                        spans.push(Span::sourced(text, role, *seg_id, range.start));
                    }
                    if right > 0 {
                        spans.push(Span::new(" ".repeat(right), Role::Marker));
                    }
                }
                if boxed {
                    spans.push(Span::new(" │", Role::Marker));
                }
                self.push(spans, source.clone());
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

    /// A table too wide for any column layout: each row as `header: value` lines.
    fn table_as_records(&mut self, rows: &[Vec<String>], prefix: &Prefix, source: Range<usize>) {
        let Some((header, body)) = rows.split_first() else {
            return;
        };
        for (r, row) in body.iter().enumerate() {
            if r > 0 {
                let spans = self.fit_prefix(&prefix.rest);
                self.push(spans, source.clone());
            }
            for (h, value) in header.iter().zip(row) {
                let inline = Inline {
                    text: if h.is_empty() {
                        value.clone()
                    } else {
                        format!("{h}: {value}")
                    },
                    style: InlineStyle::PLAIN,
                    link: None,
                    source: source.clone(),
                };
                self.paragraph(&[inline], Role::Body, &prefix.rest_only());
            }
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
        span.text = text;
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
fn truncate(text: &str, width: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// Splits one code line into pieces of at most `width` cells; wide characters that cannot fit
/// even alone become `?`.
fn chop(line: &str, width: usize) -> Vec<(usize, String)> {
    let mut pieces = vec![(0, String::new())];
    let mut used = 0;
    for (at, c) in line.char_indices() {
        let (c, w) = match c.width().unwrap_or(0) {
            w if w > width => ('?', 1),
            w => (c, w),
        };
        if used + w > width
            && let Some((_, last)) = pieces.last()
            && !last.is_empty()
        {
            pieces.push((at, String::new()));
            used = 0;
        }
        if let Some((_, last)) = pieces.last_mut() {
            last.push(c);
        }
        used += w;
    }
    pieces
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

/// Column widths that fit `avail`, each at least `min` (or its natural width when smaller);
/// `None` when even that is too wide.
fn fit_columns(natural: &[usize], avail: usize, min: usize) -> Option<Vec<usize>> {
    let total: usize = natural.iter().sum();
    if total <= avail {
        return Some(natural.to_vec());
    }
    let floor: usize = natural.iter().map(|&n| n.min(min)).sum();
    if floor > avail {
        return None;
    }
    // Largest cap such that capping every column at it still fits.
    let (mut lo, mut hi) = (min, natural.iter().copied().max().unwrap_or(min));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let sum: usize = natural.iter().map(|&n| n.min(mid)).sum();
        if sum <= avail {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut widths: Vec<usize> = natural.iter().map(|&n| n.min(lo)).collect();
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

/// Byte ranges of `text`, one per wrapped line, trailing spaces dropped.
///
/// A line is wider than asked only where a single character is wider than the whole width;
/// [`spans_of`] then shows that character as `?`.
fn wrap(text: &str, first: usize, rest: usize) -> Vec<Range<usize>> {
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
    // Keep the indent only when it leaves room for text on the first line.
    let keep_lead = lead_width < first;
    let first = if keep_lead { first - lead_width } else { first };
    let words: Vec<Word<'_>> = WordSeparator::UnicodeBreakProperties
        .find_words(body[lead..].trim_start())
        .collect();
    let words = break_words(words, first.min(rest));
    let widths = [first as f64, rest as f64];
    let base = body.as_ptr() as usize;
    wrap_first_fit(&words, &widths)
        .into_iter()
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

/// Source byte range shown by `range` of a flattened segment.
fn source_of(seg: &Flat, range: &Range<usize>) -> Range<usize> {
    let map = |offset: usize, end: bool| {
        seg.runs
            .iter()
            .find(|r| {
                if end {
                    r.range.start < offset && offset <= r.range.end
                } else {
                    r.range.start <= offset && offset < r.range.end
                }
            })
            .map(|r| {
                let delta = offset - r.range.start;
                (r.source.start + delta).min(r.source.end)
            })
    };
    let start = map(range.start, false).unwrap_or(0);
    let end = map(range.end, true).unwrap_or(start).max(start);
    start..end
}

/// Styled spans for `range` of a segment; characters wider than `width` become `?`.
fn spans_of(seg: &Flat, range: &Range<usize>, width: usize, seg_id: usize) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for run in &seg.runs {
        let start = run.range.start.max(range.start);
        let end = run.range.end.min(range.end);
        if start >= end {
            continue;
        }
        let mut text = seg.text[start..end].to_string();
        if text.chars().any(|c| c.width().unwrap_or(0) > width) {
            text = text
                .chars()
                .map(|c| {
                    if c.width().unwrap_or(0) > width {
                        '?'
                    } else {
                        c
                    }
                })
                .collect();
        }
        let at = run
            .search
            .map(|offset| (seg_id, offset + (start - run.range.start)));
        match spans.last_mut() {
            // Runs are contiguous, so a merged span still maps onto one stretch of text.
            Some(last)
                if last.role == run.role
                    && last.style == run.style
                    && last.link == run.link
                    && last.at.is_some() == at.is_some() =>
            {
                last.text.push_str(&text);
            }
            _ => spans.push(Span {
                text,
                role: run.role,
                style: run.style,
                link: run.link,
                at,
            }),
        }
    }
    spans
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
        assert_eq!(l.heading_lines, vec![0, 6]);
        assert_eq!(l.section_at(0), Some(0));
        assert_eq!(l.section_at(5), Some(0));
        assert_eq!(l.section_at(7), Some(1));
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
    fn code_is_chopped_not_reflowed() {
        let doc = md("```\nlet x = 1;   // keep   spacing\n```\n");
        let l = layout(&doc, &Options::plain(Some(20)));
        assert_eq!(texts(&l), vec!["    let x = 1;   //", "    keep   spacing"]);
    }

    #[test]
    fn tables_fit_or_become_records() {
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
        let l = layout(&wide, &bare(Options::reader(20)));
        assert!(texts(&l).contains(&"h: v".to_string()));
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
                assert!(line.width() <= width, "width {width}: {:?}", line.text());
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
}
