//! An HTML element tree (the extracted article, or a whole page's body) folded into blocks.
//!
//! The walk mirrors what a browser shows: whitespace collapses, block elements end the
//! paragraph around them, inline elements set emphasis, code and links. Headings, lists,
//! quotes, preformatted code, tables and figures become the same [`Block`]s the markdown
//! loader builds. Every run of text is sanitised and located in the page by the
//! [`Aligner`], so blocks keep byte ranges into the file.

use std::ops::Range;

use dom_query::NodeRef;

use super::align::Aligner;
use crate::document::markdown::MAX_NESTING;
use crate::document::{
    Align, Badge, Block, BlockKind, Cell, HARD_BREAK, Inline, InlineStyle, ListItem, sanitize_code,
    sanitize_inline, trim_inlines,
};

/// Element nesting beyond which the rest of a subtree is taken as plain text, so a hostile
/// page cannot exhaust the stack.
const MAX_DEPTH: usize = 200;
/// The widest a `colspan` may make a cell.
const MAX_SPAN: usize = 64;

/// Elements whose content is never shown.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
    "embed", "svg", "math", "canvas", "video", "audio", "source", "track", "map", "input",
    "select", "textarea", "option", "datalist", "dialog",
];

/// Elements that end the paragraph around them and hold blocks.
const CONTAINERS: &[&str] = &[
    "html",
    "body",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "address",
    "center",
    "form",
    "fieldset",
    "details",
    "hgroup",
    "dl",
    "search",
    "li",
    "figcaption",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "p",
    "dt",
    "dd",
    "summary",
    "legend",
    "picture",
    "label",
];

/// Inline style and link in force, and how deep the walk is.
#[derive(Debug, Clone, Copy, Default)]
struct Cx {
    style: InlineStyle,
    link: Option<usize>,
    /// Element depth.
    depth: usize,
    /// Quote and list depth.
    nest: usize,
}

impl Cx {
    fn deeper(self) -> Self {
        Self {
            depth: self.depth + 1,
            ..self
        }
    }

    fn styled(self, style: InlineStyle) -> Self {
        Self {
            style: self.style.with(style),
            ..self.deeper()
        }
    }
}

/// Blocks being made, and the paragraph being filled.
#[derive(Debug, Default)]
struct Flow {
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    /// The images whose alt text is in `inlines`.
    images: Vec<ImageRef>,
    /// The last inline may not be extended (it is an image's alt text).
    sealed: bool,
}

/// An image met inside text.
#[derive(Debug)]
struct ImageRef {
    src: Option<String>,
    alt: String,
    title: Option<String>,
    /// The link around the image, if any.
    href: Option<usize>,
    /// The source's link number, if it has a source.
    link: Option<usize>,
    source: Range<usize>,
}

/// Turns element trees into blocks, collecting link targets.
pub struct Builder<'a> {
    aligner: &'a mut Aligner,
    /// Link targets; an inline's `link` is a 1-based index here.
    pub links: crate::document::LinkTable,
    /// Keep `#anchor` links (HTML inside markdown, whose anchors name its headings); a saved
    /// page's anchors name elements that are gone once it is read as text.
    pub keep_anchors: bool,
}

impl<'a> Builder<'a> {
    /// A builder that locates text through `aligner`.
    pub fn new(aligner: &'a mut Aligner) -> Self {
        Self {
            aligner,
            links: crate::document::LinkTable::default(),
            keep_anchors: false,
        }
    }

    /// The blocks of everything inside `root`.
    pub fn blocks(&mut self, root: &NodeRef<'_>) -> Vec<Block> {
        let mut flow = Flow::default();
        self.children(root, &mut flow, Cx::default());
        flush(&mut flow);
        flow.blocks
    }

    fn children(&mut self, node: &NodeRef<'_>, flow: &mut Flow, cx: Cx) {
        for child in node.children_it(false) {
            self.walk(&child, flow, cx);
        }
    }

    fn walk(&mut self, node: &NodeRef<'_>, flow: &mut Flow, cx: Cx) {
        if node.is_text() {
            self.text(flow, &node.text(), cx);
            return;
        }
        let Some(name) = node.node_name() else {
            return;
        };
        let name = name.to_ascii_lowercase();
        let name = name.as_str();
        if HIDDEN.contains(&name) || node.has_attr("hidden") || is_ad(node) {
            return;
        }
        if cx.depth >= MAX_DEPTH {
            self.text(flow, &format!(" {} ", node.text()), cx);
            return;
        }
        match name {
            "br" => self.hard_break(flow),
            "img" => self.inline_image(node, flow, cx),
            "a" => {
                let link = node
                    .attr("href")
                    .and_then(|href| self.link_number(&href))
                    .or(cx.link);
                self.children(
                    node,
                    flow,
                    Cx {
                        link,
                        ..cx.deeper()
                    },
                );
            }
            "em" | "i" | "cite" | "dfn" | "var" => {
                self.children(node, flow, cx.styled(InlineStyle::EMPHASIS));
            }
            "strong" | "b" => self.children(node, flow, cx.styled(InlineStyle::STRONG)),
            "s" | "del" | "strike" => self.children(node, flow, cx.styled(InlineStyle::STRIKE)),
            "code" | "kbd" | "samp" | "tt" => {
                self.children(node, flow, cx.styled(InlineStyle::CODE));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(node, name, flow, cx),
            // A `<details>` block's summary: its one visible line, set apart.
            "summary" => {
                flush(flow);
                let inner = Cx {
                    style: InlineStyle::STRONG,
                    link: None,
                    ..cx.deeper()
                };
                self.children(node, flow, inner);
                flush(flow);
            }
            "pre" | "listing" | "xmp" | "plaintext" => self.code(node, flow),
            "blockquote" => self.quote(node, flow, cx),
            "ul" | "ol" | "menu" | "dir" => self.list(node, name == "ol", flow, cx),
            "table" => self.table(node, flow, cx),
            "figure" => self.figure(node, flow, cx),
            "hr" => {
                flush(flow);
                let at = self.aligner.here();
                flow.blocks.push(Block::new(BlockKind::Rule, at..at));
            }
            _ if CONTAINERS.contains(&name) => {
                flush(flow);
                let inner = Cx {
                    style: InlineStyle::PLAIN,
                    link: None,
                    ..cx.deeper()
                };
                self.children(node, flow, inner);
                flush(flow);
            }
            // Unknown and purely presentational elements (span, mark, small, custom
            // elements) keep their text in the paragraph.
            _ => self.children(node, flow, cx.deeper()),
        }
    }

    fn link_number(&mut self, href: &str) -> Option<usize> {
        let href = href.trim();
        let lower = href.to_ascii_lowercase();
        // In-page anchors and scripts lead nowhere once the page is read as text.
        if href.is_empty()
            || (href.starts_with('#') && !(self.keep_anchors && href.len() > 1))
            || lower.starts_with("javascript:")
        {
            return None;
        }
        let url = sanitize_inline(href);
        Some(self.links.number(url))
    }

    /// Adds text as a browser shows it: whitespace collapsed, no space at a line start.
    fn text(&mut self, flow: &mut Flow, raw: &str, cx: Cx) {
        let mut text = collapse(raw);
        let at_line_start = flow
            .inlines
            .last()
            .is_none_or(|l| l.text == HARD_BREAK || l.text.ends_with(' '));
        if at_line_start {
            text = text.trim_start().to_string();
        }
        if text.is_empty() {
            return;
        }
        let source = self.aligner.locate(&text);
        let inline = Inline {
            text: sanitize_inline(&text),
            style: cx.style,
            link: cx.link,
            source,
        };
        push(flow, inline);
    }

    fn hard_break(&mut self, flow: &mut Flow) {
        if flow.inlines.is_empty() {
            return;
        }
        if let Some(last) = flow.inlines.last_mut() {
            let end = last.text.trim_end().len();
            last.text.truncate(end);
        }
        let at = self.aligner.here();
        flow.inlines.push(Inline {
            text: HARD_BREAK.into(),
            style: InlineStyle::PLAIN,
            link: None,
            source: at..at,
        });
        flow.sealed = true;
    }

    /// An image inside text: its alt text (else its file name) stands for it, marked as an
    /// image, linked to its source unless a link is around it.
    fn inline_image(&mut self, node: &NodeRef<'_>, flow: &mut Flow, cx: Cx) {
        let src = image_url(node);
        let alt = collapse(&node.attr("alt").unwrap_or_default());
        let mut alt = alt.trim().to_string();
        if alt.is_empty() {
            alt = src.as_deref().map(file_name).unwrap_or_default();
        }
        if alt.is_empty() {
            return;
        }
        let at = self.aligner.here();
        if !flow.inlines.is_empty()
            && !flow
                .inlines
                .last()
                .is_some_and(|l| l.text == HARD_BREAK || l.text.ends_with(' '))
        {
            flow.inlines.push(plain_inline(" ", at..at));
        }
        let link = src.as_ref().map(|s| self.links.number(s.clone()));
        let alt = sanitize_inline(&alt);
        flow.inlines.push(Inline {
            text: alt.clone(),
            style: cx.style.with(InlineStyle::IMAGE),
            link: cx.link.or(link),
            source: at..at,
        });
        let title = node
            .attr("title")
            .map(|t| collapse(&t).trim().to_string())
            .filter(|t| !t.is_empty())
            .map(|t| sanitize_inline(&t));
        flow.images.push(ImageRef {
            src,
            alt,
            title,
            href: cx.link,
            link,
            source: at..at,
        });
        flow.sealed = true;
    }

    /// The inline content of an element that can only hold text (a heading, a caption, a
    /// table cell): nested blocks are run together with spaces.
    fn inline_content(&mut self, node: &NodeRef<'_>, cx: Cx) -> Vec<Inline> {
        let mut inner = Flow::default();
        self.children(node, &mut inner, cx);
        flush(&mut inner);
        let mut out: Vec<Inline> = Vec::new();
        for block in inner.blocks {
            let inlines = match block.kind {
                BlockKind::Paragraph(inlines)
                | BlockKind::Heading { inlines, .. }
                | BlockKind::Caption(inlines)
                | BlockKind::Image { alt: inlines, .. } => inlines,
                _ => {
                    let text = block
                        .text()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    vec![plain_inline(&text, block.source.clone())]
                }
            };
            if let Some(last) = out.last() {
                let at = last.source.end;
                out.push(plain_inline(" ", at..at));
            }
            out.extend(
                inlines
                    .into_iter()
                    .filter(|i| i.text != HARD_BREAK)
                    .map(|mut i| {
                        i.style = i.style.with(cx.style);
                        i
                    }),
            );
        }
        trim_inlines(out)
    }

    fn heading(&mut self, node: &NodeRef<'_>, name: &str, flow: &mut Flow, cx: Cx) {
        flush(flow);
        let level = name[1..].parse::<u8>().unwrap_or(2);
        let inner = Cx {
            style: InlineStyle::PLAIN,
            link: None,
            ..cx.deeper()
        };
        let inlines = self.inline_content(node, inner);
        if inlines.is_empty() {
            return;
        }
        let source = inlines_span(&inlines);
        flow.blocks
            .push(Block::new(BlockKind::Heading { level, inlines }, source));
    }

    fn code(&mut self, node: &NodeRef<'_>, flow: &mut Flow) {
        flush(flow);
        let raw = preformatted_text(node);
        let raw = raw.strip_prefix('\n').unwrap_or(&raw);
        let raw = raw.trim_end();
        if raw.trim().is_empty() {
            return;
        }
        let lang = code_language(node);
        let source = self.aligner.locate(raw);
        let text = sanitize_code(raw);
        flow.blocks
            .push(Block::new(BlockKind::Code { lang, text }, source));
    }

    fn quote(&mut self, node: &NodeRef<'_>, flow: &mut Flow, cx: Cx) {
        flush(flow);
        if cx.nest >= MAX_NESTING {
            self.children(node, flow, cx.deeper());
            flush(flow);
            return;
        }
        let mut inner = Flow::default();
        let cx = Cx {
            style: InlineStyle::PLAIN,
            link: None,
            nest: cx.nest + 1,
            ..cx.deeper()
        };
        self.children(node, &mut inner, cx);
        flush(&mut inner);
        if !inner.blocks.is_empty() {
            let source = blocks_span(&inner.blocks, self.aligner.here());
            flow.blocks
                .push(Block::new(BlockKind::Quote(inner.blocks), source));
        }
    }

    fn list(&mut self, node: &NodeRef<'_>, ordered: bool, flow: &mut Flow, cx: Cx) {
        flush(flow);
        let cx = Cx {
            style: InlineStyle::PLAIN,
            link: None,
            nest: cx.nest + 1,
            ..cx.deeper()
        };
        if cx.nest > MAX_NESTING {
            self.children(node, flow, cx);
            flush(flow);
            return;
        }
        let start = ordered.then(|| {
            node.attr("start")
                .and_then(|s| s.trim().parse::<u64>().ok())
                .unwrap_or(1)
        });
        let mut items: Vec<ListItem> = Vec::new();
        for child in node.children_it(false) {
            let is_item = child
                .node_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("li"));
            let mut inner = Flow::default();
            let task = if is_item { task_box(&child) } else { None };
            if is_item {
                self.children(&child, &mut inner, cx.deeper());
            } else {
                self.walk(&child, &mut inner, cx);
            }
            flush(&mut inner);
            if inner.blocks.is_empty() {
                continue;
            }
            match items.last_mut() {
                // Stray content between items (often a nested list) belongs to the item above.
                Some(last) if !is_item => last.blocks.extend(inner.blocks),
                _ => items.push(ListItem {
                    task,
                    blocks: inner.blocks,
                }),
            }
        }
        if items.is_empty() {
            return;
        }
        let all: Vec<&Block> = items.iter().flat_map(|i| &i.blocks).collect();
        let here = self.aligner.here();
        let source = match (all.first(), all.last()) {
            (Some(a), Some(b)) => a.source.start..b.source.end.max(a.source.start),
            _ => here..here,
        };
        flow.blocks
            .push(Block::new(BlockKind::List { start, items }, source));
    }

    fn table(&mut self, node: &NodeRef<'_>, flow: &mut Flow, cx: Cx) {
        flush(flow);
        let cx = Cx {
            style: InlineStyle::PLAIN,
            link: None,
            ..cx.deeper()
        };
        let rows = table_rows(node);
        let widest = rows.iter().map(|(_, cells)| cells.len()).max().unwrap_or(0);
        if widest <= 1 {
            // A table used for page layout: its cells are just containers.
            for (_, cells) in &rows {
                for cell in cells {
                    self.children(cell, flow, cx);
                    flush(flow);
                }
            }
            return;
        }
        let mut caption = None;
        if let Some(c) = node.element_children().into_iter().find(|c| {
            c.node_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("caption"))
        }) {
            let inlines = self.inline_content(&c, cx);
            if !inlines.is_empty() {
                let source = inlines_span(&inlines);
                caption = Some(Block::new(BlockKind::Caption(inlines), source));
            }
        }
        let mut made: Vec<(bool, Vec<Cell>)> = Vec::new();
        for (head, cells) in rows {
            let mut row = Vec::new();
            for cell in cells {
                let span = cell
                    .attr("colspan")
                    .and_then(|s| s.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_SPAN);
                row.push(self.inline_content(&cell, cx));
                row.extend(std::iter::repeat_n(Vec::new(), span - 1));
            }
            made.push((head, row));
        }
        made.retain(|(_, row)| row.iter().any(|c| !c.is_empty()));
        if made.is_empty() {
            return;
        }
        let columns = made.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        for (_, row) in &mut made {
            row.resize(columns, Vec::new());
        }
        let cells: Vec<&Inline> = made.iter().flat_map(|(_, r)| r.iter().flatten()).collect();
        let here = self.aligner.here();
        let source = match (cells.first(), cells.last()) {
            (Some(a), Some(b)) => a.source.start..b.source.end.max(a.source.start),
            _ => here..here,
        };
        // The first row is the header, as in markdown; a table without one gets its first row.
        let mut rows = made.into_iter().map(|(_, r)| r);
        let header = rows.next().unwrap_or_default();
        let rows: Vec<Vec<Cell>> = rows.collect();
        if let Some(c) = caption {
            flow.blocks.push(c);
        }
        flow.blocks.push(Block::new(
            BlockKind::Table {
                aligns: vec![Align::None; columns],
                header,
                rows,
            },
            source,
        ));
    }

    fn figure(&mut self, node: &NodeRef<'_>, flow: &mut Flow, cx: Cx) {
        flush(flow);
        let cx = Cx {
            style: InlineStyle::PLAIN,
            link: None,
            ..cx.deeper()
        };
        let children = node.element_children();
        let is_caption = |n: &NodeRef<'_>| {
            n.node_name()
                .is_some_and(|name| name.eq_ignore_ascii_case("figcaption"))
        };
        let caption_node = children.iter().find(|c| is_caption(c));
        let images: Vec<NodeRef<'_>> = node
            .descendants_it()
            .filter(|d| {
                d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("img"))
                    && !d.ancestors_it(None).any(|a| is_caption(&a))
            })
            .collect();
        let text_outside = node
            .children_it(false)
            .filter(|c| !is_caption(c))
            .any(|c| !c.text().trim().is_empty());
        if let ([image], false) = (images.as_slice(), text_outside) {
            let caption = match caption_node {
                Some(c) => self.inline_content(c, cx),
                None => Vec::new(),
            };
            let src = image_url(image);
            let alt = collapse(&image.attr("alt").unwrap_or_default());
            let alt = alt.trim();
            let at = self.aligner.here();
            let alt = if alt.is_empty() {
                Vec::new()
            } else {
                vec![plain_inline(&sanitize_inline(alt), at..at)]
            };
            if caption.is_empty() && alt.is_empty() && src.is_none() {
                return;
            }
            let source = if caption.is_empty() {
                at..at
            } else {
                inlines_span(&caption)
            };
            let link = src.as_ref().map(|s| self.links.number(s.clone()));
            flow.blocks.push(Block::new(
                BlockKind::Image {
                    alt,
                    src,
                    title: None,
                    link,
                },
                source.start..source.start,
            ));
            if !caption.is_empty() {
                flow.blocks
                    .push(Block::new(BlockKind::Caption(caption), source));
            }
            return;
        }
        for child in node.children_it(false) {
            if !is_caption(&child) {
                self.walk(&child, flow, cx);
            }
        }
        flush(flow);
        if let Some(c) = caption_node {
            let inlines = self.inline_content(c, cx);
            if !inlines.is_empty() {
                let source = inlines_span(&inlines);
                flow.blocks
                    .push(Block::new(BlockKind::Caption(inlines), source));
            }
        }
    }
}

/// Ends the paragraph being filled: an image alone becomes an image block, a run of images
/// and nothing else a run of badges (kept as such only at the top of a document, see
/// [`crate::document::settle_top`]).
fn flush(flow: &mut Flow) {
    let inlines = trim_inlines(std::mem::take(&mut flow.inlines));
    let images = std::mem::take(&mut flow.images);
    flow.sealed = false;
    if inlines.is_empty() {
        return;
    }
    let source = inlines_span(&inlines);
    let only_images = !images.is_empty()
        && inlines
            .iter()
            .filter(|i| i.text != HARD_BREAK && !i.text.trim().is_empty())
            .all(|i| i.style.contains(InlineStyle::IMAGE))
        && inlines
            .iter()
            .filter(|i| i.style.contains(InlineStyle::IMAGE))
            .count()
            == images.len();
    if only_images {
        if let [image] = images.as_slice() {
            let alt = inlines
                .into_iter()
                .filter(|i| i.style.contains(InlineStyle::IMAGE))
                .map(|mut i| {
                    i.style = InlineStyle::PLAIN;
                    i.link = None;
                    i
                })
                .collect();
            flow.blocks.push(Block::new(
                BlockKind::Image {
                    alt,
                    src: image.src.clone(),
                    title: image.title.clone(),
                    link: image.href.or(image.link),
                },
                source,
            ));
            return;
        }
        let badges = images
            .into_iter()
            .filter_map(|image| {
                Some(Badge {
                    alt: image.alt,
                    src: image.src?,
                    link: image.href,
                    source: image.source,
                })
            })
            .collect();
        flow.blocks
            .push(Block::new(BlockKind::Badges(badges), source));
        return;
    }
    flow.blocks
        .push(Block::new(BlockKind::Paragraph(inlines), source));
}

/// The last part of a path or URL (`logo.png` for `https://x/a/logo.png?v=1`).
pub fn file_name(src: &str) -> String {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .to_string()
}

/// An advertisement slot, by its class or id (`ad`, `ads`, `ad-slot`, `advert`,
/// `sponsored`, `top-ad`, ...). Readability keeps some of these inside articles.
fn is_ad(node: &NodeRef<'_>) -> bool {
    let names = [node.attr("class"), node.attr("id")];
    names.iter().flatten().any(|value| {
        value.split_whitespace().any(|token| {
            let t = token.to_ascii_lowercase();
            let t = t.replace('_', "-");
            matches!(
                t.as_str(),
                "ad" | "ads" | "advert" | "adverts" | "advertisement" | "advertising" | "sponsored"
            ) || t.starts_with("ad-")
                || t.starts_with("ads-")
                || t.starts_with("advert")
                || t.starts_with("sponsored-")
                || t.ends_with("-ad")
                || t.ends_with("-ads")
                || t.contains("-ad-")
                || t.contains("-advert")
        })
    })
}

/// Appends an inline, joining it to the last one when nothing tells them apart.
fn push(flow: &mut Flow, inline: Inline) {
    if !flow.sealed
        && let Some(last) = flow.inlines.last_mut()
        && last.style == inline.style
        && last.link == inline.link
        && last.text != HARD_BREAK
    {
        last.text.push_str(&inline.text);
        last.source.end = last.source.end.max(inline.source.end);
        return;
    }
    flow.inlines.push(inline);
    flow.sealed = false;
}

fn plain_inline(text: &str, source: Range<usize>) -> Inline {
    Inline {
        text: text.to_string(),
        style: InlineStyle::PLAIN,
        link: None,
        source,
    }
}

/// HTML whitespace collapsed to single spaces; spaces that do not break become spaces (so
/// searches find them) and invisible characters go.
pub fn collapse(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        match c {
            '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}' | '\u{2007}' | '\u{202f}' => {
                space = true;
            }
            c => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn inlines_span(inlines: &[Inline]) -> Range<usize> {
    match (inlines.first(), inlines.last()) {
        (Some(a), Some(b)) => a.source.start..b.source.end.max(a.source.start),
        _ => 0..0,
    }
}

fn blocks_span(blocks: &[Block], here: usize) -> Range<usize> {
    match (blocks.first(), blocks.last()) {
        (Some(a), Some(b)) => a.source.start..b.source.end.max(a.source.start),
        _ => here..here,
    }
}

fn image_url(node: &NodeRef<'_>) -> Option<String> {
    ["src", "data-src"]
        .iter()
        .filter_map(|a| node.attr(a))
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty() && !s.starts_with("data:"))
        .map(|s| sanitize_inline(&s))
}

/// A checkbox at the start of a list item makes it a task.
fn task_box(item: &NodeRef<'_>) -> Option<bool> {
    let first = item.element_children().into_iter().next()?;
    let is_box = first
        .node_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("input"))
        && first
            .attr("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("checkbox"));
    is_box.then(|| first.has_attr("checked"))
}

/// A `<pre>`'s text with `<br>` as line breaks.
fn preformatted_text(node: &NodeRef<'_>) -> String {
    let mut out = String::new();
    for d in node.descendants_it() {
        if d.is_text() {
            out.push_str(&d.text());
        } else if d.node_name().is_some_and(|n| n.eq_ignore_ascii_case("br")) {
            out.push('\n');
        }
    }
    out
}

/// `language-rust` or `lang-rust` on the `<pre>` or its `<code>`.
fn code_language(node: &NodeRef<'_>) -> Option<String> {
    let code = node.element_children().into_iter().find(|c| {
        c.node_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("code"))
    });
    let classes = [Some(*node), code]
        .into_iter()
        .flatten()
        .filter_map(|n| n.attr("class"))
        .map(|c| c.to_string())
        .collect::<Vec<_>>();
    classes
        .iter()
        .flat_map(|c| c.split_whitespace())
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
        })
        .filter(|l| !l.is_empty())
        .map(sanitize_inline)
}

/// The rows of a table (not of tables nested in it): whether each is a header row, and its
/// cells.
fn table_rows<'b>(table: &NodeRef<'b>) -> Vec<(bool, Vec<NodeRef<'b>>)> {
    let name_is = |n: &NodeRef<'_>, names: &[&str]| {
        n.node_name()
            .is_some_and(|name| names.iter().any(|x| name.eq_ignore_ascii_case(x)))
    };
    let mut rows = Vec::new();
    for child in table.element_children() {
        let (head, trs) = if name_is(&child, &["tr"]) {
            (false, vec![child])
        } else if name_is(&child, &["thead", "tbody", "tfoot"]) {
            let trs = child
                .element_children()
                .into_iter()
                .filter(|c| name_is(c, &["tr"]))
                .collect();
            (name_is(&child, &["thead"]), trs)
        } else {
            continue;
        };
        for tr in trs {
            let cells: Vec<NodeRef<'b>> = tr
                .element_children()
                .into_iter()
                .filter(|c| name_is(c, &["td", "th"]))
                .collect();
            let all_th = !cells.is_empty() && cells.iter().all(|c| name_is(c, &["th"]));
            rows.push((head || all_th, cells));
        }
    }
    rows
}
