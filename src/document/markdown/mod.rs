//! CommonMark articles: pulldown-cmark events folded into [`Block`]s.
//!
//! Tables, strikethrough, task lists, footnotes and GitHub alerts are on. Front matter is read
//! by [`super::front_matter`]. HTML inside markdown goes through folio's HTML path into the
//! same blocks, never shown as code: an HTML block is parsed as a fragment (comments, scripts
//! and styles dropped, `details`, alignment `div`s, images, links and tables understood),
//! and inline tags (`<b>`, `<kbd>`, `<br>`, `<a href>`, `<img>`, ...) set styles, links and
//! breaks, unknown ones dropped with their text kept.
//!
//! Footnotes are numbered in order of first reference, apart from link numbers, and their
//! references read `[^1]`. Images standing alone become image blocks, runs of images badges
//! (see [`super::settle_top`]).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

mod parts;
mod split;

use super::html::tags;
use super::sanitize::sanitize_code;
use super::{
    Alert, Align, Badge, Block, BlockKind, Cell, Document, HARD_BREAK, Inline, InlineStyle,
    ListItem, Meta, front_matter, sanitize_inline, trim_inlines,
};

/// An image met inside text, its alt text already one inline.
#[derive(Debug, Clone)]
struct ImageInfo {
    alt: String,
    src: String,
    title: Option<String>,
    /// The link around the image.
    href: Option<usize>,
    /// The link number of `src`.
    link: usize,
    source: Range<usize>,
}

/// A container being filled while events stream past.
enum Frame {
    Root(Vec<Block>),
    /// A quote, list or list item nested deeper than [`MAX_NESTING`]: its content goes to the
    /// nearest real container instead, so hostile nesting cannot exhaust the stack later.
    Flattened,
    Quote(Vec<Block>),
    Callout(Alert, Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Item {
        task: Option<bool>,
        blocks: Vec<Block>,
    },
    Footnote {
        label: String,
        blocks: Vec<Block>,
    },
    /// Paragraph-like leaf; `implicit` when a tight list item's text has no paragraph tag.
    Text {
        inlines: Vec<Inline>,
        images: Vec<ImageInfo>,
        implicit: bool,
    },
    /// A heading; its text is gathered in a `Text` frame pushed right above it.
    Heading(u8),
    Code {
        lang: Option<String>,
        text: String,
    },
    /// An HTML block's text, and where it starts in the file.
    Html {
        text: String,
        base: Option<usize>,
    },
    Table {
        aligns: Vec<Align>,
        header: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
        in_head: bool,
    },
    Row(Vec<Cell>),
}

/// An inline HTML tag still open, and what it changed.
enum Open {
    Style,
    Link,
    Hidden,
}

/// An image being read: its source, title, the link around it, and where its alt text starts.
struct ImageStart {
    src: String,
    title: Option<String>,
    first: usize,
    start: usize,
}

struct Builder {
    stack: Vec<(Frame, usize)>,
    links: super::LinkTable,
    styles: Vec<InlineStyle>,
    link: Vec<Option<usize>>,
    image_starts: Vec<ImageStart>,
    /// Footnote label to its number.
    notes: HashMap<String, usize>,
    /// Inline HTML tags open in the current paragraph.
    html_open: Vec<(String, Open)>,
    /// Inside an inline `<script>` or `<style>`: text is dropped.
    hidden: usize,
}

/// Deepest nesting of quotes and lists kept as structure; deeper content is kept as text in
/// the innermost kept container.
pub const MAX_NESTING: usize = 48;

/// Parses a markdown article.
pub fn parse(text: &str) -> Document {
    // Asking how many cores there are reads files: only a body big enough to cut asks.
    let threads = if text.len() >= 4 * PART { threads() } else { 1 };
    parse_in_parts(text, PART, threads)
}

/// [`parse`] with the body cut into parts of about `part` bytes on `threads` threads where it
/// can be (for tests: the document is the same on any number of threads).
#[doc(hidden)]
pub fn parse_in_parts(text: &str, part: usize, threads: usize) -> Document {
    let mut meta = Meta::default();
    let fm = front_matter::split(text);
    let body_start = fm.as_ref().map_or(0, |f| f.source.end);
    if let Some(fm) = &fm {
        fm.apply(&mut meta);
    }
    let (mut blocks, links, _) = parse_body(text, body_start, part, threads);
    super::settle_top(&mut meta, &mut blocks);
    Document::new(meta, blocks, links)
}

/// How many parts [`parse_in_parts`] parses `text` in (1 when whole), for tests.
#[doc(hidden)]
pub fn parts_used(text: &str, part: usize) -> usize {
    let body_start = front_matter::split(text).map_or(0, |f| f.source.end);
    parse_body(text, body_start, part, 2).2
}

/// About how much of a big body each part parsed on its own takes (bytes).
const PART: usize = 256 * 1024;

/// How many threads a big body is parsed on: 0 for every core.
static THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Parse big bodies on at most `threads` threads from now on (0: every core). The reader
/// parses on one: threads that end leave the allocator holding what they freed, which a
/// long-lived process keeps (a 50 MB article held about 120 MB more), while a command
/// that ends soon after gains the time.
pub fn set_parse_threads(threads: usize) {
    THREADS.store(threads, std::sync::atomic::Ordering::Relaxed);
}

/// How many threads a big body is parsed on.
fn threads() -> usize {
    match THREADS.load(std::sync::atomic::Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        n => n,
    }
}

/// The blocks and link targets of the body `text[body_start..]`: in parts of about
/// `part` bytes on up to `threads` threads when it can be cut (see [`split`]), the parts'
/// link numbers joined into the document's; whole when it cannot, or when a part uses a link
/// reference that another defines. Also how many parts it was parsed in.
fn parse_body(
    text: &str,
    body_start: usize,
    part: usize,
    threads: usize,
) -> (Vec<Block>, Vec<String>, usize) {
    let cuts = if threads > 1 && text.len() - body_start >= 4 * part {
        split::cuts(&text[body_start..], part)
    } else {
        Vec::new()
    };
    if cuts.is_empty() {
        let whole = parse_part(text, body_start..text.len(), Piece::Whole);
        return (whole.blocks, whole.links, 1);
    }
    let mut bounds = vec![body_start];
    bounds.extend(cuts.iter().map(|c| body_start + c));
    bounds.push(text.len());
    let ranges: Vec<Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    let parts = parts::parse_all(ranges.len(), threads, &|k| {
        let piece = if k + 1 == ranges.len() {
            Piece::Last
        } else {
            Piece::Middle
        };
        parse_part(text, ranges[k].clone(), piece)
    });
    if !parts::references_stay_inside(&parts) {
        let whole = parse_part(text, body_start..text.len(), Piece::Whole);
        return (whole.blocks, whole.links, 1);
    }
    let count = parts.len();
    let (blocks, links) = parts::join(parts);
    (blocks, links, count)
}

/// What a parse covers: the whole body, or one of its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Whole,
    /// A part that more follow.
    Middle,
    /// The part that ends the text.
    Last,
}

/// The extensions folio reads.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_GFM);

/// The blocks of `text[range]` parsed on their own; for a part, also the link references it
/// misses and defines.
fn parse_part(text: &str, range: Range<usize>, piece: Piece) -> parts::Part {
    let base = range.start;
    let mut b = Builder {
        stack: vec![(Frame::Root(Vec::new()), base)],
        links: super::LinkTable::default(),
        styles: vec![InlineStyle::PLAIN],
        link: vec![None],
        image_starts: Vec::new(),
        notes: HashMap::new(),
        html_open: Vec::new(),
        hidden: 0,
    };
    // Kept only to tell whether the parts agree with the whole (`parts`).
    let watch = piece != Piece::Whole;
    let mut broken = Vec::new();
    let mut defined = Vec::new();
    {
        let note_broken = |link: pulldown_cmark::BrokenLink<'_>| {
            if watch {
                broken.push(parts::fold(&link.reference));
            }
            None
        };
        let mut events =
            Parser::new_with_broken_link_callback(&text[range.clone()], OPTIONS, Some(note_broken))
                .into_offset_iter();
        for (event, at) in &mut events {
            b.event(event, at.start + base..at.end + base);
        }
        if watch {
            defined = events
                .reference_definitions()
                .iter()
                .map(|(label, _)| parts::fold(label))
                .collect();
        }
    }
    let end = if piece == Piece::Middle {
        range.end
    } else {
        usize::MAX
    };
    let (blocks, links) = b.finish(end);
    parts::Part {
        blocks,
        links,
        broken,
        defined,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

fn level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alert(kind: BlockQuoteKind) -> Alert {
    match kind {
        BlockQuoteKind::Note => Alert::Note,
        BlockQuoteKind::Tip => Alert::Tip,
        BlockQuoteKind::Important => Alert::Important,
        BlockQuoteKind::Warning => Alert::Warning,
        BlockQuoteKind::Caution => Alert::Caution,
    }
}

/// The few entities an attribute value holds in practice (`&amp;` in a URL's query).
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

impl Builder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range.end),
            Event::Text(t) => match self.stack.last_mut() {
                Some((Frame::Code { text, .. }, _)) => text.push_str(&t),
                // The indent of an HTML block's first line comes as text: it is the block's.
                Some((Frame::Html { text, base }, _)) => {
                    base.get_or_insert(range.start);
                    text.push_str(&t);
                }
                _ if self.hidden == 0 => self.text_run(&t, range),
                _ => {}
            },
            Event::Code(t) if self.hidden == 0 => {
                self.inline(sanitize_inline(&t), InlineStyle::CODE, range);
            }
            Event::SoftBreak if self.hidden == 0 => self.text_run(" ", range),
            Event::HardBreak => self.inline(HARD_BREAK.into(), InlineStyle::PLAIN, range),
            Event::FootnoteReference(label) => {
                let n = self.note_number(&label);
                self.inline(format!("[^{n}]"), InlineStyle::FOOTNOTE_REF, range);
            }
            Event::TaskListMarker(done) => {
                self.close_implicit(range.start);
                if let Some((Frame::Item { task, .. }, _)) = self.stack.last_mut() {
                    *task = Some(done);
                }
            }
            Event::Rule => self.push_block(Block::new(BlockKind::Rule, range)),
            Event::Html(html) => {
                if let Some((Frame::Html { text, base }, _)) = self.stack.last_mut() {
                    base.get_or_insert(range.start);
                    text.push_str(&html);
                }
            }
            Event::InlineHtml(html) => self.inline_html(&html, range),
            Event::Code(_) | Event::SoftBreak | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    /// A footnote's number: the order in which its label was first met.
    fn note_number(&mut self, label: &str) -> usize {
        let next = self.notes.len() + 1;
        *self.notes.entry(label.to_string()).or_insert(next)
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let start = range.start;
        let container = matches!(
            tag,
            Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
        );
        if container && self.depth() >= MAX_NESTING {
            self.close_implicit(start);
            self.stack.push((Frame::Flattened, start));
            return;
        }
        let frame = match tag {
            Tag::Paragraph | Tag::TableCell => Frame::Text {
                inlines: Vec::new(),
                images: Vec::new(),
                implicit: false,
            },
            Tag::Heading { level: l, .. } => Frame::Heading(level(l)),
            Tag::BlockQuote(Some(kind)) => Frame::Callout(alert(kind), Vec::new()),
            Tag::BlockQuote(None) => Frame::Quote(Vec::new()),
            Tag::CodeBlock(kind) => Frame::Code {
                lang: match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(|l| sanitize_inline(l.trim_matches(|c| c == '{' || c == '}')))
                        .filter(|l| !l.is_empty()),
                    CodeBlockKind::Indented => None,
                },
                text: String::new(),
            },
            Tag::HtmlBlock => Frame::Html {
                text: String::new(),
                base: None,
            },
            Tag::List(first) => Frame::List {
                start: first,
                items: Vec::new(),
            },
            Tag::Item => Frame::Item {
                task: None,
                blocks: Vec::new(),
            },
            Tag::FootnoteDefinition(label) => Frame::Footnote {
                label: self.note_number(&label).to_string(),
                blocks: Vec::new(),
            },
            Tag::Table(aligns) => Frame::Table {
                aligns: aligns.into_iter().map(align).collect(),
                header: Vec::new(),
                rows: Vec::new(),
                in_head: false,
            },
            Tag::TableHead => {
                if let Some((Frame::Table { in_head, .. }, _)) = self.stack.last_mut() {
                    *in_head = true;
                }
                Frame::Row(Vec::new())
            }
            Tag::TableRow => Frame::Row(Vec::new()),
            Tag::Emphasis => return self.push_style(InlineStyle::EMPHASIS),
            Tag::Strong => return self.push_style(InlineStyle::STRONG),
            Tag::Strikethrough => return self.push_style(InlineStyle::STRIKE),
            Tag::Link { dest_url, .. } => {
                let n = self.link_number(&dest_url);
                self.link.push(Some(n));
                return;
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let first = self.ensure_text(start);
                let title = Some(sanitize_inline(title.trim())).filter(|t| !t.is_empty());
                self.image_starts.push(ImageStart {
                    src: sanitize_inline(dest_url.trim()),
                    title,
                    first,
                    start,
                });
                return;
            }
            Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => return,
        };
        if !matches!(frame, Frame::Text { .. } | Frame::Row(_)) {
            self.close_implicit(start);
        }
        let heading = matches!(frame, Frame::Heading(_));
        self.stack.push((frame, start));
        if heading {
            self.stack.push((
                Frame::Text {
                    inlines: Vec::new(),
                    images: Vec::new(),
                    implicit: false,
                },
                start,
            ));
        }
    }

    fn push_style(&mut self, style: InlineStyle) {
        let top = self.styles.last().copied().unwrap_or_default();
        self.styles.push(top.with(style));
    }

    fn link_number(&mut self, url: &str) -> usize {
        self.links.number(sanitize_inline(url))
    }

    /// An inline HTML tag: styles, links, breaks and images as the HTML path reads them;
    /// comments and unknown tags dropped (their text, between the tags, is kept).
    fn inline_html(&mut self, html: &str, range: Range<usize>) {
        let Some(tag) = tags::parse_tag(html.trim_start()) else {
            return;
        };
        if tag.closing {
            if let Some(at) = self.html_open.iter().rposition(|(n, _)| *n == tag.name) {
                self.unwind_html(at);
            }
            return;
        }
        let open = match tag.name.as_str() {
            "br" => {
                self.inline(HARD_BREAK.into(), InlineStyle::PLAIN, range);
                return;
            }
            "img" => return self.html_image(&tag, range),
            "b" | "strong" => {
                self.push_style(InlineStyle::STRONG);
                Open::Style
            }
            "i" | "em" | "cite" | "var" | "dfn" => {
                self.push_style(InlineStyle::EMPHASIS);
                Open::Style
            }
            "code" | "kbd" | "samp" | "tt" => {
                self.push_style(InlineStyle::CODE);
                Open::Style
            }
            "s" | "del" | "strike" => {
                self.push_style(InlineStyle::STRIKE);
                Open::Style
            }
            "a" => match tag.attr("href").map(str::trim).filter(|h| !h.is_empty()) {
                Some(href) => {
                    let n = self.link_number(&decode_entities(href));
                    self.link.push(Some(n));
                    Open::Link
                }
                None => return,
            },
            "script" | "style" | "template" | "noscript" | "textarea" => {
                self.hidden += 1;
                Open::Hidden
            }
            _ => return,
        };
        if tag.is_void() {
            self.html_open.push((tag.name, open));
            self.unwind_html(self.html_open.len() - 1);
        } else {
            self.html_open.push((tag.name, open));
        }
    }

    /// Closes the inline HTML tags from `at` on.
    fn unwind_html(&mut self, at: usize) {
        for (_, open) in self.html_open.drain(at..).rev() {
            match open {
                Open::Style => {
                    if self.styles.len() > 1 {
                        self.styles.pop();
                    }
                }
                Open::Link => {
                    if self.link.len() > 1 {
                        self.link.pop();
                    }
                }
                Open::Hidden => self.hidden = self.hidden.saturating_sub(1),
            }
        }
    }

    /// `<img>` inside text, as `![alt](src)` would be.
    fn html_image(&mut self, tag: &tags::Tag<'_>, range: Range<usize>) {
        let Some(src) = tag.attr("src").map(str::trim).filter(|s| !s.is_empty()) else {
            return;
        };
        let first = self.ensure_text(range.start);
        let alt = sanitize_inline(&decode_entities(tag.attr("alt").unwrap_or("").trim()));
        if !alt.is_empty() {
            self.inline(alt, InlineStyle::PLAIN, range.clone());
        }
        let title = tag
            .attr("title")
            .map(|t| sanitize_inline(&decode_entities(t.trim())))
            .filter(|t| !t.is_empty());
        self.image_starts.push(ImageStart {
            src: sanitize_inline(&decode_entities(src)),
            title,
            first,
            start: range.start,
        });
        self.end_image(range.end);
    }

    /// Ends an image: its alt text becomes one inline marked as an image, linked to its
    /// source unless a link is around it.
    fn end_image(&mut self, end: usize) {
        let Some(image) = self.image_starts.pop() else {
            return;
        };
        let href = self.link.last().copied().flatten();
        let link = self.links.number(image.src.clone());
        let style = self.styles.last().copied().unwrap_or_default();
        if let Some((
            Frame::Text {
                inlines, images, ..
            },
            _,
        )) = self.stack.last_mut()
        {
            let first = image.first.min(inlines.len());
            let alt: String = inlines.drain(first..).map(|i| i.text).collect();
            let alt = alt.trim().to_string();
            let text = if alt.is_empty() {
                super::html::file_name(&image.src)
            } else {
                alt.clone()
            };
            inlines.push(Inline {
                text,
                style: style.with(InlineStyle::IMAGE),
                link: href.or(Some(link)),
                source: image.start..end,
            });
            images.push(ImageInfo {
                alt,
                src: image.src,
                title: image.title,
                href,
                link,
                source: image.start..end,
            });
        }
    }

    /// Makes sure inline text has a leaf to go into, and returns the next inline's index.
    fn ensure_text(&mut self, at: usize) -> usize {
        match self.stack.last() {
            Some((Frame::Text { .. }, _)) => {}
            _ => self.stack.push((
                Frame::Text {
                    inlines: Vec::new(),
                    images: Vec::new(),
                    implicit: true,
                },
                at,
            )),
        }
        match self.stack.last() {
            Some((Frame::Text { inlines, .. }, _)) => inlines.len(),
            _ => 0,
        }
    }

    /// Adds plain text, joined to the run before it when nothing tells them apart: the same
    /// style and link, one right after the other in the source, and each as long as its
    /// source, so that a place inside the joined run still maps to its exact byte. The lines
    /// of a paragraph and the spaces between them become one run, not one allocation each
    /// (a 50 MB article has millions).
    fn text_run(&mut self, text: &str, source: Range<usize>) {
        let text = crate::document::sanitize::sanitize_inline_cow(text);
        self.ensure_text(source.start);
        let style = self.styles.last().copied().unwrap_or_default();
        let link = self.link.last().copied().flatten();
        // An open image takes the runs after its start as its alt text.
        let after = self.image_starts.last().map_or(0, |i| i.first);
        if let Some((Frame::Text { inlines, .. }, _)) = self.stack.last_mut()
            && inlines.len() > after
            && let Some(last) = inlines.last_mut()
            && last.style == style
            && last.link == link
            && !style.intersects(InlineStyle::FOOTNOTE_REF.with(InlineStyle::IMAGE))
            && last.text != HARD_BREAK
            && last.source.end == source.start
            && last.text.len() == last.source.len()
            && text.len() == source.len()
        {
            last.text.push_str(&text);
            last.source.end = source.end;
            return;
        }
        self.inline(text.into_owned(), InlineStyle::PLAIN, source);
    }

    fn inline(&mut self, text: String, base: InlineStyle, source: Range<usize>) {
        self.ensure_text(source.start);
        let style = self.styles.last().copied().unwrap_or_default().with(base);
        let inline = Inline {
            text,
            style,
            link: self.link.last().copied().flatten(),
            source,
        };
        if let Some((Frame::Text { inlines, .. }, _)) = self.stack.last_mut() {
            inlines.push(inline);
        }
    }

    /// Ends a tight list item's implicit paragraph before a nested block begins.
    fn close_implicit(&mut self, at: usize) {
        if let Some((Frame::Text { implicit: true, .. }, _)) = self.stack.last() {
            self.end_text(at);
        }
    }

    fn end_text(&mut self, end: usize) {
        self.unwind_html(0);
        if let Some((
            Frame::Text {
                inlines, images, ..
            },
            start,
        )) = self.stack.pop()
        {
            let block = paragraph_or_image(inlines, images, start..end);
            if let Some(block) = block {
                self.push_block(block);
            }
        }
    }

    /// How many containers (quotes, lists, items, footnotes) are open.
    fn depth(&self) -> usize {
        self.stack
            .iter()
            .filter(|(f, _)| {
                matches!(
                    f,
                    Frame::Quote(_)
                        | Frame::Callout(..)
                        | Frame::List { .. }
                        | Frame::Item { .. }
                        | Frame::Footnote { .. }
                        | Frame::Flattened
                )
            })
            .count()
    }

    fn push_block(&mut self, block: Block) {
        let target = self
            .stack
            .iter_mut()
            .rev()
            .find(|(f, _)| !matches!(f, Frame::Flattened | Frame::Text { .. }));
        match target {
            Some((
                Frame::Root(blocks)
                | Frame::Quote(blocks)
                | Frame::Callout(_, blocks)
                | Frame::Item { blocks, .. }
                | Frame::Footnote { blocks, .. },
                _,
            )) => blocks.push(block),
            Some((Frame::List { items, .. }, _)) => items.push(ListItem {
                task: None,
                blocks: vec![block],
            }),
            _ => {}
        }
    }

    fn take_text(&mut self) -> (Vec<Inline>, Vec<ImageInfo>) {
        self.unwind_html(0);
        if let Some((Frame::Text { .. }, _)) = self.stack.last()
            && let Some((
                Frame::Text {
                    inlines, images, ..
                },
                _,
            )) = self.stack.pop()
        {
            return (inlines, images);
        }
        (Vec::new(), Vec::new())
    }

    fn end(&mut self, tag: TagEnd, end: usize) {
        let container = matches!(
            tag,
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition
        );
        if container {
            self.close_implicit(end);
            if let Some((Frame::Flattened, _)) = self.stack.last() {
                self.stack.pop();
                return;
            }
        }
        match tag {
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                if self.styles.len() > 1 {
                    self.styles.pop();
                }
            }
            TagEnd::Link => {
                if self.link.len() > 1 {
                    self.link.pop();
                }
            }
            TagEnd::Image => self.end_image(end),
            TagEnd::Paragraph => {
                self.end_text(end);
            }
            TagEnd::Heading(_) => {
                let (inlines, images) = self.take_text();
                if let Some((Frame::Heading(level), start)) = self.stack.pop() {
                    // Images in a heading (badges beside a README's name) are no part of its
                    // text: they follow it.
                    let (pictures, words): (Vec<Inline>, Vec<Inline>) = if images.is_empty() {
                        (Vec::new(), inlines)
                    } else {
                        inlines
                            .into_iter()
                            .partition(|i| i.style.contains(InlineStyle::IMAGE))
                    };
                    // An empty heading (`##` alone) names no section: it has nothing to show.
                    let inlines = trim_inlines(words);
                    if !inlines.is_empty() {
                        self.push_block(Block::new(
                            BlockKind::Heading { level, inlines },
                            start..end,
                        ));
                    }
                    if let Some(block) = paragraph_or_image(pictures, images, start..end) {
                        self.push_block(block);
                    }
                }
            }
            TagEnd::CodeBlock => {
                if let Some((Frame::Code { lang, text }, start)) = self.stack.pop() {
                    let text = sanitize_code(text.trim_end_matches('\n'));
                    self.push_block(Block::new(BlockKind::Code { lang, text }, start..end));
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((Frame::Html { text, base }, start)) = self.stack.pop() {
                    let base = base.unwrap_or(start);
                    for block in super::html::fragment_blocks(&text, base, &mut self.links) {
                        self.push_block(block);
                    }
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_implicit(end);
                match self.stack.pop() {
                    Some((Frame::Quote(mut blocks), start)) => {
                        blocks.shrink_to_fit();
                        self.push_block(Block::new(BlockKind::Quote(blocks), start..end));
                    }
                    Some((Frame::Callout(kind, blocks), start)) => {
                        self.push_block(Block::new(
                            BlockKind::Callout { kind, blocks },
                            start..end,
                        ));
                    }
                    Some(other) => self.stack.push(other),
                    None => {}
                }
            }
            TagEnd::Item => {
                self.close_implicit(end);
                if let Some((Frame::Item { task, mut blocks }, _)) = self.stack.pop()
                    && let Some((Frame::List { items, .. }, _)) = self.stack.last_mut()
                {
                    // Most items hold one block; a vector grows to four at its first push.
                    blocks.shrink_to_fit();
                    items.push(ListItem { task, blocks });
                }
            }
            TagEnd::List(_) => {
                self.close_implicit(end);
                if let Some((
                    Frame::List {
                        start: first,
                        mut items,
                    },
                    start,
                )) = self.stack.pop()
                {
                    items.shrink_to_fit();
                    self.push_block(Block::new(
                        BlockKind::List {
                            start: first,
                            items,
                        },
                        start..end,
                    ));
                }
            }
            TagEnd::FootnoteDefinition => {
                self.close_implicit(end);
                if let Some((Frame::Footnote { label, blocks }, start)) = self.stack.pop()
                    && !blocks.is_empty()
                {
                    self.push_block(Block::new(
                        BlockKind::Footnote { label, blocks },
                        start..end,
                    ));
                }
            }
            TagEnd::TableCell => {
                let cell = trim_inlines(self.take_text().0);
                if let Some((Frame::Row(cells), _)) = self.stack.last_mut() {
                    cells.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some((Frame::Row(cells), _)) = self.stack.pop()
                    && let Some((
                        Frame::Table {
                            header,
                            rows,
                            in_head,
                            ..
                        },
                        _,
                    )) = self.stack.last_mut()
                {
                    if *in_head {
                        *header = cells;
                        *in_head = false;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            TagEnd::Table => {
                if let Some((
                    Frame::Table {
                        aligns,
                        header,
                        rows,
                        ..
                    },
                    start,
                )) = self.stack.pop()
                {
                    self.push_block(Block::new(
                        BlockKind::Table {
                            aligns,
                            header,
                            rows,
                        },
                        start..end,
                    ));
                }
            }
            TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    /// The blocks and links, what is still open closed at `end`.
    fn finish(mut self, end: usize) -> (Vec<Block>, Vec<String>) {
        while self.stack.len() > 1 {
            self.close_implicit(end);
            if self.stack.len() > 1 {
                self.stack.pop();
            }
        }
        let blocks = match self.stack.pop() {
            Some((Frame::Root(blocks), _)) => blocks,
            _ => Vec::new(),
        };
        (blocks, self.links.into_urls())
    }
}

/// The block for a paragraph's inlines: one image alone is an image block; images and
/// nothing else, a run of badges; anything else a paragraph (images in it marked inline).
fn paragraph_or_image(
    inlines: Vec<Inline>,
    images: Vec<ImageInfo>,
    source: Range<usize>,
) -> Option<Block> {
    let inlines = trim_inlines(inlines);
    // Most paragraphs hold no image: nothing to count.
    let only_images = !images.is_empty() && {
        let mut shown = inlines
            .iter()
            .filter(|i| i.text != HARD_BREAK && !i.text.trim().is_empty());
        shown.clone().count() == images.len() && shown.all(|i| i.style.contains(InlineStyle::IMAGE))
    };
    if only_images {
        if let [image] = images.as_slice() {
            let alt = if image.alt.is_empty() {
                Vec::new()
            } else {
                vec![Inline {
                    text: image.alt.clone(),
                    style: InlineStyle::PLAIN,
                    link: None,
                    source: image.source.clone(),
                }]
            };
            return Some(Block::new(
                BlockKind::Image {
                    alt,
                    src: Some(image.src.clone()),
                    title: image.title.clone(),
                    link: Some(image.href.unwrap_or(image.link)),
                },
                source,
            ));
        }
        let badges = images
            .into_iter()
            .map(|i| Badge {
                alt: if i.alt.is_empty() {
                    super::html::file_name(&i.src)
                } else {
                    i.alt
                },
                src: i.src,
                link: i.href,
                source: i.source,
            })
            .collect();
        return Some(Block::new(BlockKind::Badges(badges), source));
    }
    if inlines.is_empty() {
        return None;
    }
    Some(Block::new(BlockKind::Paragraph(inlines), source))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(doc: &Document) -> Vec<&'static str> {
        doc.blocks.iter().map(Block::kind_name).collect()
    }

    #[test]
    fn headings_make_the_outline_but_not_inside_code() {
        let doc = parse("# Title\n\nIntro.\n\n```sh\n# comment\n```\n\nSub\n---\n\n#### Deep\n");
        let outline: Vec<_> = doc
            .outline
            .iter()
            .map(|e| (e.level, e.text.as_str()))
            .collect();
        // The first `# Title` is the title, shown once in the header: the outline starts below.
        assert_eq!(outline, vec![(2, "Sub"), (4, "Deep")]);
        assert_eq!(doc.meta.title.as_deref(), Some("Title"));
        assert_eq!(kinds(&doc), vec!["paragraph", "code", "heading", "heading"]);
    }

    #[test]
    fn a_line_break_in_a_heading_is_a_space_in_the_title_and_the_outline() {
        // Found by the layout property test: the title's line break reached the header.
        let doc = parse("Two\\\nlines\n===\n\nText.\n\nA\\\nB\n---\n");
        assert_eq!(doc.meta.title.as_deref(), Some("Two lines"));
        assert_eq!(doc.outline[0].text, "A B");
    }

    #[test]
    fn inline_styles_and_links() {
        let doc = parse("a *b* **c** ~~d~~ `e` [f](http://x) [g](http://x) [h](http://y)\n");
        let BlockKind::Paragraph(inlines) = &doc.blocks[0].kind else {
            panic!("not a paragraph")
        };
        let styled: Vec<_> = inlines
            .iter()
            .map(|i| (i.text.as_str(), i.style, i.link))
            .filter(|(t, _, _)| !t.trim().is_empty())
            .collect();
        assert_eq!(styled[1], ("b", InlineStyle::EMPHASIS, None));
        assert_eq!(styled[2], ("c", InlineStyle::STRONG, None));
        assert_eq!(styled[3], ("d", InlineStyle::STRIKE, None));
        assert_eq!(styled[4], ("e", InlineStyle::CODE, None));
        assert_eq!(styled[5].2, Some(1));
        assert_eq!(styled[6].2, Some(1));
        assert_eq!(styled[7].2, Some(2));
        assert_eq!(doc.links, vec!["http://x", "http://y"]);
    }

    #[test]
    fn lists_tasks_quotes_tables_images_footnotes() {
        let text = "- [x] done\n- [ ] todo\n  1. nested\n\n> quote\n> > inner\n\n\
                    | a | b |\n|:--|--:|\n| 1 | 2 |\n\n![alt text](i.png)\n\nRef[^n].\n\n[^n]: Note.\n\n***\n";
        let doc = parse(text);
        assert_eq!(
            kinds(&doc),
            vec![
                "list",
                "quote",
                "table",
                "image",
                "paragraph",
                "footnote",
                "rule"
            ]
        );
        let BlockKind::List { items, .. } = &doc.blocks[0].kind else {
            panic!()
        };
        assert_eq!(items[0].task, Some(true));
        assert_eq!(items[1].task, Some(false));
        assert_eq!(items[1].blocks[1].kind_name(), "ordered-list");
        let BlockKind::Table { aligns, rows, .. } = &doc.blocks[2].kind else {
            panic!()
        };
        assert_eq!(aligns, &vec![Align::Left, Align::Right]);
        assert_eq!(rows.len(), 1);
        assert_eq!(doc.blocks[3].text(), "alt text");
        assert_eq!(doc.blocks[4].text(), "Ref[^1].");
    }

    #[test]
    fn front_matter_wins_and_ranges_point_into_the_source() {
        let text = "---\ntitle: FM\nauthor: Ann\n---\n# Heading\n\nBody text.\n";
        let doc = parse(text);
        assert_eq!(doc.meta.title.as_deref(), Some("FM"));
        assert_eq!(doc.meta.authors, vec!["Ann"]);
        let para = &doc.blocks[1];
        assert_eq!(&text[para.source.clone()].trim_end(), &"Body text.");
    }

    #[test]
    fn hostile_nesting_is_flattened_not_lost() {
        let text = format!("{}deep words", "> ".repeat(5000));
        let doc = parse(&text);
        let mut depth = 0;
        let mut block = &doc.blocks[0];
        while let BlockKind::Quote(inner) = &block.kind {
            depth += 1;
            block = &inner[0];
        }
        assert!(depth <= MAX_NESTING, "{depth}");
        assert_eq!(block.text(), "deep words");
        let lists = parse(&format!("{}item", "- ".repeat(5000)));
        assert!(lists.blocks[0].text().contains("item"));
    }

    #[test]
    fn unclosed_constructs_do_not_lose_text() {
        let doc = parse("> - a\n>   - b\n\n```\nunclosed");
        let all: String = doc
            .blocks
            .iter()
            .map(Block::text)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(all.contains('a') && all.contains('b') && all.contains("unclosed"));
    }

    #[test]
    fn the_lines_of_a_paragraph_are_one_run_that_keeps_its_offsets() {
        let text = "# T\n\nOne line\nand the next\nand *one* more\n\nTab\there\n   indented next\n";
        let doc = parse(text);
        let runs = |i: usize| match &doc.blocks[i].kind {
            BlockKind::Paragraph(inlines) => inlines.clone(),
            other => panic!("{other:?}"),
        };
        let first = runs(0);
        assert_eq!(first[0].text, "One line and the next and ");
        assert_eq!(
            &text[first[0].source.clone()],
            "One line\nand the next\nand "
        );
        assert!(first[1].style.contains(InlineStyle::EMPHASIS));
        // Every run joined is as long as its source, so a byte inside maps back exactly.
        for i in runs(0).iter().chain(&runs(1)) {
            if i.text.len() == i.source.len() {
                let shown = i.text.replace('\t', " ");
                let source = text[i.source.clone()].replace(['\n', '\t'], " ");
                assert_eq!(shown, source);
            }
        }
        // The indent of the next line is not in the text: that line is a run of its own.
        let second = runs(1);
        assert!(second.len() >= 2, "{second:?}");
        assert_eq!(
            second.last().map(|i| i.text.as_str()),
            Some("indented next")
        );
    }

    #[test]
    fn an_indented_html_block_keeps_what_follows() {
        // A README's centred header: the closing tags indented, as editors leave them.
        let src = "<div align=\"center\">\n  <p>\n\nA compact set.\n\n  </p>\n</div>\n\n## Usage\n\nText after.\n";
        let doc = parse(src);
        let texts: Vec<String> = doc.blocks.iter().map(Block::text).collect();
        assert_eq!(
            texts,
            ["A compact set.", "Usage", "Text after."],
            "{texts:?}"
        );
        assert_eq!(doc.outline.len(), 1);
    }

    #[test]
    fn html_inside_markdown_is_read_not_shown() {
        let doc = parse(
            "<!-- toc -->\n\n<div align=\"center\">\n\n# Tool\n\n</div>\n\n\
             <details>\n<summary>More</summary>\n\nHidden text.\n\n</details>\n\n\
             Press <kbd>q</kbd>, H<sub>2</sub>O, <b>bold</b> <a href=\"https://x.org/?a=1&amp;b=2\">site</a>\
             <br>next <span>kept</span> <script>gone()</script>.\n\n\
             <p align=\"center\"><img src=\"logo.png\" alt=\"Logo\"></p>\n",
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Tool"));
        let all: Vec<String> = doc.blocks.iter().map(Block::text).collect();
        assert!(
            !all.iter().any(|t| t.contains('<') || t.contains("toc")),
            "{all:?}"
        );
        assert!(all.contains(&"More".to_string()), "{all:?}");
        let para = doc
            .blocks
            .iter()
            .find(|b| b.text().starts_with("Press"))
            .expect("paragraph");
        let BlockKind::Paragraph(inlines) = &para.kind else {
            panic!()
        };
        let style_of = |t: &str| inlines.iter().find(|i| i.text == t).map(|i| i.style);
        assert_eq!(style_of("q"), Some(InlineStyle::CODE));
        assert_eq!(style_of("bold"), Some(InlineStyle::STRONG));
        assert!(inlines.iter().any(|i| i.text == HARD_BREAK));
        assert!(!para.text().contains("gone"));
        assert!(para.text().contains("kept"));
        assert_eq!(doc.links[0], "https://x.org/?a=1&b=2");
        assert!(matches!(
            doc.blocks.last().map(|b| &b.kind),
            Some(BlockKind::Image { src: Some(s), .. }) if s == "logo.png"
        ));
    }

    #[test]
    fn badges_leave_the_title_and_alerts_are_callouts() {
        let doc = parse(
            "# Serde JSON [![Build Status](https://ci/b.svg)](https://ci) [![Latest Version](https://v/s.svg)](https://v)\n\n\
             Intro.\n\n> [!NOTE]\n> Read this.\n\n## Later\n\n[![a](x.svg)](y) [![b](z.svg)](w)\n",
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Serde JSON"));
        assert_eq!(kinds(&doc)[0], "badges");
        let BlockKind::Badges(badges) = &doc.blocks[0].kind else {
            panic!()
        };
        let alts: Vec<&str> = badges.iter().map(|b| b.alt.as_str()).collect();
        assert_eq!(alts, ["Build Status", "Latest Version"]);
        assert!(matches!(
            doc.blocks[2].kind,
            BlockKind::Callout {
                kind: Alert::Note,
                ..
            }
        ));
        assert_eq!(doc.blocks[2].text(), "Read this.");
        // Far from the top, images are images in a paragraph.
        assert_eq!(kinds(&doc).last(), Some(&"paragraph"));
        assert_eq!(doc.outline.len(), 1);
    }

    #[test]
    fn footnotes_are_numbered_by_first_reference() {
        let doc =
            parse("B[^b] and A[^a].\n\n[^a]: Note a.\n\n[^b]: Note b.\n\n[^unused]: Never.\n");
        assert_eq!(doc.blocks[0].text(), "B[^1] and A[^2].");
        let labels: Vec<(String, String)> = doc
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Footnote { label, .. } => Some((label.clone(), b.text())),
                _ => None,
            })
            .collect();
        assert_eq!(
            labels,
            [
                ("2".to_string(), "Note a.".to_string()),
                ("1".to_string(), "Note b.".to_string()),
                ("3".to_string(), "Never.".to_string())
            ]
        );
    }

    #[test]
    fn images_in_text_are_marked_and_linked_to_their_source() {
        let doc = parse("See ![the plan](docs/plan.png) here.\n");
        let BlockKind::Paragraph(inlines) = &doc.blocks[0].kind else {
            panic!()
        };
        let image = inlines
            .iter()
            .find(|i| i.style.contains(InlineStyle::IMAGE))
            .expect("image");
        assert_eq!(image.text, "the plan");
        assert_eq!(
            image.link.map(|n| doc.links[n - 1].as_str()),
            Some("docs/plan.png")
        );
    }
}
