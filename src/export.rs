//! Export: a document as plain text, normalised markdown or JSON. Pure; the CLI prints it.
//!
//! Plain text comes from the same [`crate::layout`] the reader draws, so the two agree.
//! Control characters were already made visible by the loaders, so nothing here can emit an
//! escape sequence.
//!
//! Markdown export writes the metadata as TOML front matter, so reading the export again gives
//! the same document, and never writes markup the document did not hold as text: every `<`
//! of text, link targets and titles is escaped, and code fences are longer than any run of
//! their fence character in the code (tildes when the language holds a backtick).

use serde::Serialize;

use crate::document::{
    Align, Block, BlockKind, Cell, Document, HARD_BREAK, Inline, InlineStyle, ListItem, inline_text,
};
use std::io::Write;

use crate::layout::{Line, Options, stream_text};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Clean text: headings as bare lines, links numbered, no markup.
    #[default]
    Plain,
    /// Normalised CommonMark.
    Markdown,
    /// One JSON object with metadata, outline and blocks.
    Json,
}

/// Renders `doc` in `format`. `width` wraps plain text; `header` adds kicker, title and byline.
pub fn export(doc: &Document, format: Format, width: Option<usize>, header: bool) -> String {
    match format {
        Format::Plain => plain(doc, width, header),
        Format::Markdown => markdown(doc, header),
        Format::Json => json(doc),
    }
}

/// Plain text through the shared layout.
pub fn plain(doc: &Document, width: Option<usize>, header: bool) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_plain(doc, width, header, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Plain text through the shared layout, written to `out` block by block as it is laid out
/// (nothing of the whole is kept: a 50 MB article costs the memory of a few runs of blocks,
/// laid out on every core).
/// Each line loses its trailing spaces and ends in a newline, as [`crate::layout::Layout::to_text`] writes.
pub fn write_plain(
    doc: &Document,
    width: Option<usize>,
    header: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut options = Options::plain(width);
    options.header = header;
    let text = |line: &Line, buf: &mut String| {
        let start = buf.len();
        for span in &line.spans {
            buf.push_str(&span.text);
        }
        let kept = buf[start..].trim_end().len();
        buf.truncate(start + kept);
        buf.push('\n');
    };
    let mut result = Ok(());
    // A big article is laid out and turned into text on every core, written here in order.
    stream_text(doc, &options, &text, &mut |buf: &str| {
        if result.is_ok() {
            result = out.write_all(buf.as_bytes());
        }
    });
    result
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    title: Option<&'a str>,
    kicker: Option<&'a str>,
    authors: &'a [String],
    role: Option<&'a str>,
    date: Option<&'a str>,
    tags: &'a [String],
    source: Option<&'a str>,
    format: Option<crate::document::SourceFormat>,
    words: usize,
    minutes: usize,
    outline: &'a [crate::document::OutlineEntry],
    links: &'a [String],
    blocks: Vec<JsonBlock<'a>>,
}

#[derive(Serialize)]
struct JsonBadge<'a> {
    alt: &'a str,
    src: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonBlock<'a> {
    kind: &'static str,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<u8>,
    /// An image's source, alt text and title.
    #[serde(skip_serializing_if = "Option::is_none")]
    src: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    /// A GitHub alert's kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    alert: Option<crate::document::Alert>,
    /// The badges of a badge run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    badges: Vec<JsonBadge<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'static str>,
    start: usize,
    end: usize,
}

/// The whole document as one JSON object (pretty-printed, newline-terminated).
pub fn json(doc: &Document) -> String {
    let meta = &doc.meta;
    let value = JsonDoc {
        title: meta.title.as_deref(),
        kicker: meta.kicker.as_deref(),
        authors: &meta.authors,
        role: meta.role.as_deref(),
        date: meta.date.as_deref(),
        tags: &meta.tags,
        source: meta.source.as_deref(),
        format: meta.format,
        words: doc.word_count(),
        minutes: doc.reading_minutes(),
        outline: &doc.outline,
        links: &doc.links,
        blocks: doc
            .blocks
            .iter()
            .map(|b| JsonBlock {
                kind: b.kind_name(),
                text: b.text(),
                level: match b.kind {
                    BlockKind::Heading { level, .. } => Some(level),
                    _ => None,
                },
                src: match &b.kind {
                    BlockKind::Image { src, .. } => src.as_deref(),
                    _ => None,
                },
                alt: match &b.kind {
                    BlockKind::Image { alt, .. } => Some(inline_text(alt)),
                    _ => None,
                },
                title: match &b.kind {
                    BlockKind::Image { title, .. } => title.as_deref(),
                    _ => None,
                },
                alert: match &b.kind {
                    BlockKind::Callout { kind, .. } => Some(*kind),
                    _ => None,
                },
                badges: match &b.kind {
                    BlockKind::Badges(badges) => badges
                        .iter()
                        .map(|badge| JsonBadge {
                            alt: &badge.alt,
                            src: &badge.src,
                            link: badge
                                .link
                                .and_then(|n| doc.links.get(n - 1))
                                .map(String::as_str),
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                confidence: b.confidence,
                hint: b.hint.name(),
                start: b.source.start,
                end: b.source.end,
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// Normalised CommonMark: ATX headings, fenced code, `-` bullets; with `header`, the
/// metadata (title, kicker, authors, role, date, source, tags) as TOML front matter.
pub fn markdown(doc: &Document, header: bool) -> String {
    let mut out = String::new();
    if header {
        out.push_str(&front_matter(doc));
        // A body that starts with the title as its first `#` heading (a doubled title) gets
        // the title once more above it: read back, that one is the title and the body
        // keeps its own.
        if let Some(title) = title_lifted_from_body(doc) {
            out.push_str(&format!("# {}\n\n", escape(title.trim())));
        }
    }
    let notes = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Footnote { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    let mut md = Markdown {
        doc,
        out,
        notes,
        other_marker: false,
    };
    md.blocks(&doc.blocks, "");
    let mut out = md.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The title, when the body starts with it as a `#` heading: read back, that heading would
/// be taken for the title and leave the body.
fn title_lifted_from_body(doc: &Document) -> Option<&str> {
    let title = doc.meta.title.as_deref()?;
    let (_, text) = crate::document::leading_heading(&doc.blocks)?;
    (!text.is_empty() && text == title.trim()).then_some(title)
}

/// The metadata as TOML front matter between `+++` lines; empty when there is none.
fn front_matter(doc: &Document) -> String {
    let meta = &doc.meta;
    let mut body = String::new();
    let mut text = |key: &str, value: &Option<String>| {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            body.push_str(&format!("{key} = {}\n", toml_string(v)));
        }
    };
    // The title goes here unless it is written as a `#` heading above the body.
    if title_lifted_from_body(doc).is_none() {
        text("title", &meta.title);
    }
    text("kicker", &meta.kicker);
    text("role", &meta.role);
    text("date", &meta.date);
    text("source", &meta.source);
    let mut list = |key: &str, items: &[String]| {
        if !items.is_empty() {
            let items: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
            body.push_str(&format!("{key} = [{}]\n", items.join(", ")));
        }
    };
    list("authors", &meta.authors);
    list("tags", &meta.tags);
    if body.is_empty() {
        return String::new();
    }
    format!("+++\n{body}+++\n\n")
}

/// `value` as a TOML basic string. Besides what TOML requires (`"`, `\`, control
/// characters), `<`, `>` and `&` are written as `\u` escapes: a markdown tool that does not
/// know front matter reads these lines as text, and must find no HTML in them.
fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '<' | '>' | '&') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Markdown<'a> {
    doc: &'a Document,
    out: String,
    /// Labels of the footnotes the document has (a reference to none is text).
    notes: std::collections::HashSet<&'a str>,
    /// The next list is written with the other marker (`*`, `)`): it follows a list of its
    /// kind, which the usual marker would continue.
    other_marker: bool,
}

impl Markdown<'_> {
    /// The blocks that write something: an empty paragraph would leave a list marker or a
    /// footnote mark alone on its line, which changes how what follows is read.
    fn shown<'b>(&self, blocks: &'b [Block]) -> Vec<&'b Block> {
        blocks
            .iter()
            .filter(|b| match &b.kind {
                BlockKind::Paragraph(inlines) => !self.inlines(inlines).trim().is_empty(),
                _ => true,
            })
            .collect()
    }

    fn blocks(&mut self, blocks: &[Block], indent: &str) {
        let mut previous: Option<(&Block, bool)> = None;
        for block in self.shown(blocks) {
            if previous.is_some() {
                self.out.push_str(indent.trim_end());
                self.out.push('\n');
            }
            let other = previous.is_some_and(|(p, other)| continues(p, block) && !other);
            self.other_marker = other;
            self.block(block, indent, indent);
            previous = Some((block, other));
        }
    }

    /// Writes `text` (possibly several lines) with `first` before line one and `rest` after.
    fn lines(&mut self, text: &str, first: &str, rest: &str) {
        for (i, line) in text.split('\n').enumerate() {
            let prefix = if i == 0 { first } else { rest };
            let line = format!("{prefix}{line}");
            self.out.push_str(line.trim_end());
            self.out.push('\n');
        }
    }

    fn block(&mut self, block: &Block, first: &str, rest: &str) {
        match &block.kind {
            BlockKind::Heading { level, inlines } => {
                let hashes = "#".repeat(usize::from(*level));
                let text = self.inlines(inlines).replace('\n', " ");
                self.lines(&format!("{hashes} {text}"), first, rest);
            }
            BlockKind::Paragraph(inlines) => {
                // Without leading spaces, which would move the text off a list item's column.
                let text = self.inlines(inlines);
                self.lines(text.trim_start(), first, rest);
            }
            BlockKind::Caption(inlines) => {
                let text = self.inlines(inlines);
                self.lines(&format!("*{}*", text.trim()), first, rest);
            }
            BlockKind::Image {
                alt,
                src,
                title,
                link,
            } => {
                let src = src.as_deref().unwrap_or("");
                let image = image(&inline_text(alt), src, title.as_deref());
                let href = link
                    .and_then(|n| self.doc.links.get(n - 1))
                    .filter(|h| h.as_str() != src);
                let text = match href {
                    Some(href) => format!("[{image}]({})", destination(href)),
                    None => image,
                };
                self.lines(&text, first, rest);
            }
            BlockKind::Badges(badges) => {
                let text: Vec<String> = badges
                    .iter()
                    .map(|b| {
                        let image = image(&b.alt, &b.src, None);
                        match b.link.and_then(|n| self.doc.links.get(n - 1)) {
                            Some(href) => format!("[{image}]({})", destination(href)),
                            None => image,
                        }
                    })
                    .collect();
                self.lines(&text.join(" "), first, rest);
            }
            BlockKind::Callout { kind, blocks } => {
                self.lines(
                    &format!("[!{}]", kind.marker()),
                    &format!("{first}> "),
                    rest,
                );
                for b in self.shown(blocks) {
                    self.out.push_str(&format!("{rest}>\n"));
                    self.block(b, &format!("{rest}> "), &format!("{rest}> "));
                }
            }
            BlockKind::Quote(blocks) => {
                let blocks = self.shown(blocks);
                // An empty quote is one `>`, so that it is still there when read back.
                if blocks.is_empty() {
                    self.lines(">", first, rest);
                }
                for (i, b) in blocks.into_iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(&format!("{rest}>\n"));
                    }
                    let f = if i == 0 { first } else { rest };
                    self.block(b, &format!("{f}> "), &format!("{rest}> "));
                }
            }
            BlockKind::List { start, items } => self.list(*start, items, first, rest),
            BlockKind::Code { lang, text } => {
                let lang = info_string(lang.as_deref().unwrap_or(""));
                // A backtick fence's info string may not hold a backtick: use tildes then.
                let mark = if lang.contains('`') { '~' } else { '`' };
                let longest = longest_run(text, mark);
                let fence = mark.to_string().repeat(longest.max(2) + 1);
                // A language starting with the fence's character would lengthen the fence.
                let gap = if lang.starts_with(mark) { " " } else { "" };
                self.lines(&format!("{fence}{gap}{lang}"), first, rest);
                // Code keeps its trailing spaces; only an empty line drops the prefix's.
                for line in text.split('\n') {
                    if line.is_empty() {
                        self.out.push_str(rest.trim_end());
                    } else {
                        self.out.push_str(rest);
                        self.out.push_str(line);
                    }
                    self.out.push('\n');
                }
                self.lines(&fence, rest, rest);
            }
            BlockKind::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows, first, rest),
            BlockKind::Footnote { label, blocks } => {
                let mark = format!("[^{}]:", footnote_label(label));
                let pad = format!("{rest}    ");
                // Only text follows the mark on its line; anything else starts after a blank
                // line, so that even where the mark is not read as one (an empty label), the
                // block is read as indented code, never as markdown.
                let blocks = self.shown(blocks);
                let text_first = blocks
                    .first()
                    .is_some_and(|b| matches!(b.kind, BlockKind::Paragraph(_)));
                if !text_first {
                    self.lines(&mark, first, rest);
                }
                for (i, b) in blocks.into_iter().enumerate() {
                    if i == 0 && text_first {
                        self.block(b, &format!("{first}{mark} "), &pad);
                    } else {
                        self.out.push_str(rest.trim_end());
                        self.out.push('\n');
                        self.block(b, &pad, &pad);
                    }
                }
            }
            BlockKind::Rule => self.lines("---", first, rest),
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[ListItem], first: &str, rest: &str) {
        let other = std::mem::take(&mut self.other_marker);
        for (i, item) in items.iter().enumerate() {
            let mut marker = match (start, other) {
                (Some(s), false) => format!("{}. ", s.saturating_add(i as u64)),
                (Some(s), true) => format!("{}) ", s.saturating_add(i as u64)),
                (None, false) => "- ".to_string(),
                (None, true) => "* ".to_string(),
            };
            // Continuation lines align with the text after the list marker; a task box is
            // part of the item's content, not of its marker.
            let pad = format!("{rest}{}", " ".repeat(marker.len()));
            let blocks = self.shown(&item.blocks);
            // A task box is part of the item's text: markdown has no way to write one before
            // anything else ("- [ ] ```" opens no code block, and the code would be read as
            // markdown), so there it is left out.
            let text_first = blocks
                .first()
                .is_some_and(|b| matches!(b.kind, BlockKind::Paragraph(_)));
            if let Some(done) = item.task.filter(|_| text_first) {
                marker.push_str(if done { "[x] " } else { "[ ] " });
            }
            let f = format!("{}{marker}", if i == 0 { first } else { rest });
            if blocks.is_empty() {
                self.lines("", &f, &pad);
            }
            for (j, b) in blocks.into_iter().enumerate() {
                if j == 0 {
                    self.block(b, &f, &pad);
                } else {
                    // A list that can end the text before it follows it at once (kept
                    // tight); any other block after a blank line.
                    if !self.interrupts_text(b) {
                        self.out.push_str(pad.trim_end());
                        self.out.push('\n');
                    }
                    self.block(b, &pad, &pad);
                }
            }
        }
    }

    /// Whether `block` starts on the line after text without a blank line between: a list
    /// with a bullet or starting at 1, whose first item has something in it. (Any other
    /// would be read as more of the text.)
    fn interrupts_text(&self, block: &Block) -> bool {
        match &block.kind {
            BlockKind::List { start, items } => {
                matches!(start, None | Some(1))
                    && items
                        .first()
                        .is_some_and(|i| !self.shown(&i.blocks).is_empty())
            }
            _ => false,
        }
    }

    fn table(
        &mut self,
        aligns: &[Align],
        header: &[Cell],
        rows: &[Vec<Cell>],
        first: &str,
        rest: &str,
    ) {
        let row = |md: &Self, cells: &[Cell]| {
            let cells: Vec<String> = cells
                .iter()
                .map(|c| md.inlines(c).replace('\n', " ").replace('|', "\\|"))
                .collect();
            format!("| {} |", cells.join(" | "))
        };
        let head = row(self, header);
        self.lines(&head, first, rest);
        let columns = aligns.len().max(header.len());
        let rule: Vec<&str> = (0..columns)
            .map(|c| match aligns.get(c) {
                Some(Align::Left) => ":---",
                Some(Align::Center) => ":---:",
                Some(Align::Right) => "---:",
                _ => "---",
            })
            .collect();
        self.lines(&format!("| {} |", rule.join(" | ")), rest, rest);
        for r in rows {
            let line = row(self, r);
            self.lines(&line, rest, rest);
        }
    }

    /// The label `inline` is written with as a footnote reference: it is one, to a note the
    /// document has.
    fn note_ref<'i>(&self, inline: &'i Inline) -> Option<&'i str> {
        let label = inline.text.trim_start_matches("[^").trim_end_matches(']');
        (inline.style.contains(InlineStyle::FOOTNOTE_REF) && self.notes.contains(label))
            .then_some(label)
    }

    fn inlines(&self, inlines: &[Inline]) -> String {
        let inlines = &coalesce(inlines);
        let mut out = String::new();
        let mut code = false;
        let mut i = 0;
        while i < inlines.len() {
            let inline = &inlines[i];
            // A footnote reference is never written inside a link's brackets: read back, it
            // would be the reference and leave the link's target standing as text (or HTML).
            if let Some(n) = inline.link
                && self.note_ref(inline).is_none()
            {
                let end = inlines[i..]
                    .iter()
                    .position(|x| x.link != Some(n) || self.note_ref(x).is_some())
                    .map_or(inlines.len(), |p| i + p);
                let url = self.doc.links.get(n - 1).map_or("", String::as_str);
                // An image alone is its own link (to its source); one in a link is inside it.
                if let [only] = &inlines[i..end]
                    && only.style.contains(InlineStyle::IMAGE)
                {
                    out.push_str(&image(&only.text, url, None));
                } else {
                    let mut text = String::from("[");
                    let mut in_code = false;
                    for (k, x) in inlines[i..end].iter().enumerate() {
                        let after = inlines[i..end].get(k + 1).map_or(Some(']'), next_char);
                        let piece = styled(x, self, text.chars().last(), after);
                        push_apart(&mut text, &piece, &mut in_code);
                    }
                    out.push_str(&format!("{text}]({})", destination(url)));
                }
                code = false;
                i = end;
                continue;
            }
            let after = inlines.get(i + 1).and_then(next_char);
            let piece = styled(inline, self, out.chars().last(), after);
            push_apart(&mut out, &piece, &mut code);
            i += 1;
        }
        out
    }
}

/// Neighbouring runs of text with one style and link as one run, so that the export is
/// written the same way the second time it is read (markup between them would differ).
fn coalesce(inlines: &[Inline]) -> Vec<Inline> {
    let special = InlineStyle::IMAGE.with(InlineStyle::FOOTNOTE_REF);
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for (k, inline) in inlines.iter().enumerate() {
        // A run of no text writes nothing (unless it is an image, or all there is of a
        // link, whose markup stands without text); dropped, it no longer keeps its
        // neighbours apart (two code spans side by side would have their backticks touch).
        let in_a_longer_link = inline.link.is_some()
            && (out.last().is_some_and(|l| l.link == inline.link)
                || inlines.get(k + 1).is_some_and(|n| n.link == inline.link));
        if inline.text.is_empty()
            && (inline.link.is_none() || in_a_longer_link)
            && !inline.style.intersects(special)
        {
            continue;
        }
        let joins = |last: &Inline| {
            written_style(last.style) == written_style(inline.style)
                && last.link == inline.link
                && last.text != HARD_BREAK
                && inline.text != HARD_BREAK
                && !last.style.intersects(special)
                && !inline.style.intersects(special)
        };
        match out.last_mut() {
            Some(last) if joins(last) => {
                last.text.push_str(&inline.text);
                last.source.end = inline.source.end.max(last.source.end);
            }
            _ => out.push(inline.clone()),
        }
    }
    out
}

/// `piece` after `out`, a space between them should a code span's closing backticks meet
/// the next one's opening ones (one run, they would leave both spans open). `coalesce`
/// makes such neighbours one span where it can; this is for the rest. `code` says whether
/// the last piece was a code span (only a code span starts with a backtick: text's are
/// escaped), and is kept up to date.
fn push_apart(out: &mut String, piece: &str, code: &mut bool) {
    let this = piece.starts_with('`');
    if *code && this && out.ends_with('`') {
        out.push(' ');
    }
    *code = this;
    out.push_str(piece);
}

/// The part of a style that markdown export writes: code is written as a code span and
/// nothing else (so two code runs of different emphasis would be two spans side by side,
/// their backticks touching).
fn written_style(style: InlineStyle) -> InlineStyle {
    if style.contains(InlineStyle::CODE) {
        InlineStyle::CODE
    } else {
        style
    }
}

/// Whether a list written right after `previous` with the same marker would be read as
/// more of it (two lists of one kind next to each other, as when a block between them was
/// left out).
fn continues(previous: &Block, block: &Block) -> bool {
    match (&previous.kind, &block.kind) {
        (BlockKind::List { start: a, .. }, BlockKind::List { start: b, .. }) => {
            a.is_some() == b.is_some()
        }
        _ => false,
    }
}

/// `![alt](<src> "title")`, everything escaped, the title on one line (a line of it
/// could otherwise start a block, such as a code fence, and leave the image unclosed).
fn image(alt: &str, src: &str, title: Option<&str>) -> String {
    let title = title.map_or(String::new(), |t| {
        format!(
            " \"{}\"",
            t.replace(|c: char| c.is_control(), " ")
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('<', "\\<")
                .replace('&', "\\&")
                .replace('`', "\\`")
        )
    });
    format!("![{}]({}{title})", escape(alt), destination(src))
}

/// A link destination in angle brackets, which may hold spaces and parentheses; what they
/// cannot hold (`<`, `>`), what would be read as an escape or an entity (`\`, `&`) and a
/// backtick (which some readers take for the start of a code span running on past the
/// link) are backslash-escaped, so the target reads back exactly and never as a tag.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for c in url.chars() {
        match c {
            '<' | '>' | '\\' | '&' | '`' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// `text` as a code span, on one line (a line of a code span could otherwise start a block
/// of its own and leave the span open; a reader shows the break as a space anyway), or
/// nothing for no text (an empty span's backticks would be a longer string, open until one
/// like it).
fn code_span(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let text = text.replace('\n', " ");
    let ticks = "`".repeat(longest_run(&text, '`') + 1);
    let spaced = text.starts_with(' ') && text.ends_with(' ');
    let pad = if text.starts_with('`') || text.ends_with('`') || spaced {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A code block's language as a fence's info string: on one line, with what the info string
/// would read as an escape or an entity escaped.
fn info_string(lang: &str) -> String {
    let mut out = String::with_capacity(lang.len());
    for c in lang.trim().chars() {
        match c {
            '\\' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A footnote label with what would make it markup (or end it) escaped; the reference and
/// the definition are written alike, so they still match.
fn footnote_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if matches!(
            c,
            '\\' | '[' | ']' | '<' | '>' | '`' | '&' | '*' | '_' | '~'
        ) {
            out.push('\\');
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// The first character the export writes for `inline` (markup for a link, an image, code).
fn next_char(inline: &Inline) -> Option<char> {
    let markup = InlineStyle::IMAGE
        .with(InlineStyle::FOOTNOTE_REF)
        .with(InlineStyle::CODE);
    if inline.link.is_some() || inline.style.intersects(markup) || inline.text == HARD_BREAK {
        return Some('[');
    }
    inline.text.chars().next()
}

/// Whether `*` (or `~`) runs around `body` open and close it, as CommonMark's flanking rules
/// have it, between `before` and `after`: markup that would stay literal text is left out.
fn delimits(body: &str, before: Option<char>, after: Option<char>) -> bool {
    let punct = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let loose = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || punct(c));
    let (Some(first), Some(last)) = (body.chars().next(), body.chars().last()) else {
        return false;
    };
    let opens = !first.is_whitespace() && (!punct(first) || loose(before));
    let closes = !last.is_whitespace() && (!punct(last) || loose(after));
    opens && closes
}

fn styled(inline: &Inline, md: &Markdown<'_>, before: Option<char>, after: Option<char>) -> String {
    let doc = md.doc;
    if inline.text == HARD_BREAK {
        return "\\\n".to_string();
    }
    if inline.style.contains(InlineStyle::IMAGE) {
        let src = inline
            .link
            .and_then(|n| doc.links.get(n - 1))
            .map_or("", String::as_str);
        return image(&inline.text, src, None);
    }
    if let Some(label) = md.note_ref(inline) {
        return format!("[^{}]", footnote_label(label));
    }
    if inline.style.contains(InlineStyle::CODE) {
        return code_span(&inline.text);
    }
    // Text holds no line breaks (the loaders make them spaces); should one get in, it must not
    // end the paragraph, or a link's `](` would be left to stand on its own.
    let text = &inline.text.replace('\n', " ");
    let core = text.trim();
    if core.is_empty() {
        return text.clone();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let mut body = escape(core);
    let before = if lead.is_empty() { before } else { Some(' ') };
    let after = if trail.is_empty() { after } else { Some(' ') };
    if !delimits(&body, before, after) {
        return format!("{lead}{body}{trail}");
    }
    if inline.style.contains(InlineStyle::STRIKE) {
        body = format!("~~{body}~~");
    }
    if inline.style.contains(InlineStyle::EMPHASIS) {
        body = format!("*{body}*");
    }
    if inline.style.contains(InlineStyle::STRONG) {
        body = format!("**{body}**");
    }
    format!("{lead}{body}{trail}")
}

/// Backslash-escapes characters that would otherwise become markup, here or in a reader
/// with math (GitHub's reads `$…$` as math, which would take a backtick out of a code span).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$'
        ) || (i == 0 && matches!(c, '#' | '+' | '-' | '='));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // A line starting "1. " or "1) " would become a list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (out[digits..].starts_with(". ") || out[digits..].starts_with(") ")) {
        out.insert(digits, '\\');
    }
    out
}

fn longest_run(text: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SourceFormat, parse};

    #[test]
    fn markdown_round_trips_structure() {
        let src = "# T\n\nSome *em* **st** `c` [l](http://u) a\\*b.\n\n- [x] one\n  1. two\n\n> q\n\n```rs\n# x\n```\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n";
        let doc = parse(src, SourceFormat::Markdown, "t");
        let md = markdown(&doc, true);
        let again = parse(&md, SourceFormat::Markdown, "t");
        assert_eq!(
            doc.blocks.iter().map(Block::text).collect::<Vec<_>>(),
            again.blocks.iter().map(Block::text).collect::<Vec<_>>(),
            "{md}"
        );
        assert_eq!(doc.outline, again.outline);
        assert_eq!(markdown(&again, true), md);
    }

    #[test]
    fn lists_left_next_to_each_other_stay_apart() {
        // The HTML between them is left out, so the document has two lists of each kind side
        // by side; the usual markers would join each pair into one list.
        let html = "<div>\n<script>alert(1)</script>\n</div>";
        let src = format!("- a\n- b\n\n{html}\n\n- c\n\n{html}\n\n- d\n\n1. e\n\n{html}\n\n1. f\n");
        let doc = parse(&src, SourceFormat::Markdown, "t");
        let lists = |d: &Document| {
            d.blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::List { .. }))
                .count()
        };
        assert_eq!(lists(&doc), 5);
        let md = markdown(&doc, false);
        assert!(
            md.contains("* c") && md.contains("- d") && md.contains("1) f"),
            "{md}"
        );
        let again = parse(&md, SourceFormat::Markdown, "t");
        assert_eq!(lists(&again), 5, "{md}");
        assert_eq!(markdown(&again, false), md);
    }
    #[test]
    fn json_has_the_documented_keys() {
        let doc = parse("OPINION\n\nTitle\n\nBody.\n", SourceFormat::PlainText, "t");
        let v: serde_json::Value = serde_json::from_str(&json(&doc)).unwrap();
        for key in [
            "title", "kicker", "authors", "role", "date", "tags", "source", "format", "outline",
            "blocks",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["title"], "Title");
        assert_eq!(v["format"], "plain-text");
        assert_eq!(v["blocks"][0]["kind"], "paragraph");
    }

    #[test]
    fn plain_is_a_fixed_point() {
        let src =
            "# Title\n\nIntro [link](http://x).\n\n- a\n  - b\n\n> quote\n\n```\n  code\n```\n";
        let doc = parse(src, SourceFormat::Markdown, "t");
        let once = plain(&doc, None, true);
        let twice = plain(&parse(&once, SourceFormat::PlainText, "t"), None, true);
        assert_eq!(once, twice);
    }
}
