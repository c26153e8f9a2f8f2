//! Export: a document as plain text, normalised markdown or JSON. Pure; the CLI prints it.
//!
//! Plain text comes from the same [`crate::layout`] the reader draws, so the two agree.
//! Control characters were already made visible by the loaders, so nothing here can emit an
//! escape sequence.

use serde::Serialize;

use crate::document::{
    Align, Block, BlockKind, Cell, Document, HARD_BREAK, Inline, InlineStyle, ListItem, inline_text,
};
use crate::layout::{Options, layout};

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
    let mut options = Options::plain(width);
    options.header = header;
    layout(doc, &options).to_text()
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
    blocks: Vec<JsonBlock>,
}

#[derive(Serialize)]
struct JsonBlock {
    kind: &'static str,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<u8>,
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

/// Normalised CommonMark: ATX headings, fenced code, `-` bullets, metadata as a header.
pub fn markdown(doc: &Document, header: bool) -> String {
    let mut out = String::new();
    if header {
        let meta = &doc.meta;
        let mut lines = Vec::new();
        if let Some(k) = &meta.kicker {
            lines.push(format!("**{}**", escape(k)));
        }
        if let Some(t) = &meta.title
            && !doc.title_in_body()
        {
            lines.push(format!("# {}", escape(t)));
        }
        if !meta.authors.is_empty() {
            lines.push(format!("*By {}*", escape(&meta.authors.join(", "))));
        }
        if let Some(r) = &meta.role {
            lines.push(format!("*{}*", escape(r)));
        }
        for line in lines {
            out.push_str(&line);
            out.push_str("\n\n");
        }
    }
    let mut md = Markdown { doc, out };
    md.blocks(&doc.blocks, "");
    let mut out = md.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

struct Markdown<'a> {
    doc: &'a Document,
    out: String,
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
        for (i, block) in self.shown(blocks).into_iter().enumerate() {
            if i > 0 {
                self.out.push_str(indent.trim_end());
                self.out.push('\n');
            }
            self.block(block, indent, indent);
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
            BlockKind::Image { caption, url } => {
                let alt = escape(&inline_text(caption));
                let url = destination(url.as_deref().unwrap_or(""));
                self.lines(&format!("![{alt}]({url})"), first, rest);
            }
            BlockKind::Quote(blocks) => {
                for (i, b) in self.shown(blocks).into_iter().enumerate() {
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
                // A backtick fence's info string cannot hold a backtick; a tilde fence's can.
                let mark = if lang.contains('`') { '~' } else { '`' };
                let fence = mark.to_string().repeat(longest_run(text, mark).max(2) + 1);
                self.lines(&format!("{fence}{lang}"), first, rest);
                self.lines(text, rest, rest);
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
        for (i, item) in items.iter().enumerate() {
            let mut marker = match start {
                Some(s) => format!("{}. ", s.saturating_add(i as u64)),
                None => "- ".to_string(),
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

    fn inlines(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < inlines.len() {
            let inline = &inlines[i];
            if let Some(n) = inline.link {
                let end = inlines[i..]
                    .iter()
                    .position(|x| x.link != Some(n))
                    .map_or(inlines.len(), |p| i + p);
                let text = styled_runs(&inlines[i..end]);
                let url = n.checked_sub(1).and_then(|k| self.doc.links.get(k));
                let url = destination(url.map_or("", String::as_str));
                out.push_str(&format!("[{text}]({url})"));
                i = end;
                continue;
            }
            let end = inlines[i..]
                .iter()
                .position(|x| x.link.is_some())
                .map_or(inlines.len(), |p| i + p);
            out.push_str(&styled_runs(&inlines[i..end]));
            i = end;
        }
        out
    }
}

fn styled(inline: &Inline) -> String {
    if inline.text == HARD_BREAK {
        return "\\\n".to_string();
    }
    if inline.style.contains(InlineStyle::FOOTNOTE_REF) {
        let label = inline.text.trim_start_matches('[').trim_end_matches(']');
        return format!("[^{}]", footnote_label(label));
    }
    if is_code(inline) {
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

fn is_code(inline: &Inline) -> bool {
    inline.style.contains(InlineStyle::CODE)
        && !inline.style.contains(InlineStyle::FOOTNOTE_REF)
        && inline.text != HARD_BREAK
}

/// Runs of inlines as markdown. Code runs next to each other (or with only empty runs between) are written as one code span:
/// two spans side by side would read as backtick strings of other lengths, so that one could
/// close where the other was meant to, leaving code (markup, say) outside.
fn styled_runs(inlines: &[Inline]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < inlines.len() {
        if is_code(&inlines[i]) {
            // Runs of no text between them write nothing, so they do not separate them.
            let end = inlines[i..]
                .iter()
                .position(|x| !is_code(x) && !x.text.is_empty())
                .map_or(inlines.len(), |p| i + p);
            let text: String = inlines[i..end].iter().map(|x| x.text.as_str()).collect();
            out.push_str(&code_span(&text));
            i = end;
        } else {
            out.push_str(&styled(&inlines[i]));
            i += 1;
        }
    }
    out
}

/// `text` as a code span, or nothing for no text (an empty span cannot be written: its
/// backticks would be a longer string, open until one like it).
fn code_span(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    // On one line: a line of a code span could otherwise start a block of its own (a
    // heading, an HTML block) and leave the span open. A reader shows a line break in a code
    // span as a space anyway.
    let text = text.replace('\n', " ");
    let ticks = "`".repeat(longest_run(&text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Backslash-escapes characters that would otherwise become markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) || (i == 0 && matches!(c, '#' | '+' | '-' | '='));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // A line starting "1. " would become a list.
    if let Some(dot) = out.find(". ")
        && dot > 0
        && out[..dot].chars().all(|c| c.is_ascii_digit())
    {
        out.insert(dot, '\\');
    }
    out
}

/// A link or image target as `<...>`, which holds any character but `<`, `>` and line
/// breaks: those (and backslashes) are escaped, other control characters percent-encoded. The
/// target reads back as the same text.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for c in url.chars() {
        match c {
            '<' | '>' | '\\' => {
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
