//! Markdown and HTML rendered to text the way a browser copy of the page gives it, with the
//! headings known: every block (paragraph, heading, list item, table row with its cells
//! joined by ` | `, each line of a code block, ...) is one line, whitespace collapsed, no
//! markup, images give no text. The conventions are those of `../shared/eval/README.md`, so
//! the training text looks like the text folio is measured on.

use dom_query::{Document, NodeRef};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What a block of the rendered text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading of this level.
    Heading(u8),
    /// A paragraph, a list item, a quote, a caption: running text.
    Text,
    /// A list item (kept apart from `Text` so the header synthesis can avoid lists).
    Item,
    /// One line of a code block.
    Code,
    /// A table row.
    Row,
}

/// One rendered line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: Kind,
    /// The line, whitespace collapsed, never empty.
    pub text: String,
}

/// Whitespace runs as one space, trimmed; zero-width characters dropped.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let word: String = word
            .chars()
            .filter(|c| {
                !matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
                )
            })
            .collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// Collects blocks; text accumulates until a block boundary flushes it.
#[derive(Default)]
struct Sink {
    blocks: Vec<Block>,
    buf: String,
    kind: Option<Kind>,
}

impl Sink {
    fn flush(&mut self) {
        let text = collapse(&self.buf);
        self.buf.clear();
        let kind = self.kind.unwrap_or(Kind::Text);
        if !text.is_empty() {
            self.blocks.push(Block { kind, text });
        }
    }

    fn push(&mut self, kind: Kind, text: &str) {
        let text = collapse(text);
        if !text.is_empty() {
            self.blocks.push(Block { kind, text });
        }
    }
}

/// Renders CommonMark (with tables and footnotes) to blocks; HTML inside it goes through
/// [`html`].
pub fn markdown(source: &str) -> Vec<Block> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    options.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);
    let mut sink = Sink::default();
    let mut image = 0usize;
    let mut metadata = false;
    let mut code: Option<String> = None;
    let mut html_block: Option<String> = None;
    let mut row: Option<Vec<String>> = None;
    let mut item_depth = 0usize;
    for event in Parser::new_ext(source, options) {
        if metadata {
            metadata = !matches!(event, Event::End(TagEnd::MetadataBlock(_)));
            continue;
        }
        if let Some(c) = code.as_mut() {
            match event {
                Event::Text(t) => c.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    for line in c.lines() {
                        sink.push(Kind::Code, line);
                    }
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        if let Some(h) = html_block.as_mut() {
            match event {
                Event::Html(t) | Event::Text(t) => h.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => {
                    sink.blocks.extend(html(h));
                    html_block = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::MetadataBlock(_)) => metadata = true,
            Event::Start(Tag::CodeBlock(_)) => {
                sink.flush();
                code = Some(String::new());
            }
            Event::Start(Tag::HtmlBlock) => {
                sink.flush();
                html_block = Some(String::new());
            }
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            _ if image > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                sink.flush();
                sink.kind = Some(Kind::Heading(level as u8));
            }
            Event::End(TagEnd::Heading(_)) => {
                sink.flush();
                sink.kind = None;
            }
            Event::Start(Tag::Item) => {
                sink.flush();
                item_depth += 1;
                sink.kind = Some(Kind::Item);
            }
            Event::End(TagEnd::Item) => {
                sink.flush();
                item_depth = item_depth.saturating_sub(1);
                sink.kind = (item_depth > 0).then_some(Kind::Item);
            }
            Event::Start(
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            )
            | Event::HardBreak
            | Event::Rule => sink.flush(),
            Event::Start(Tag::TableRow | Tag::TableHead) => {
                sink.flush();
                row = Some(Vec::new());
            }
            Event::End(TagEnd::TableCell) => {
                let cell = collapse(&std::mem::take(&mut sink.buf));
                if let Some(r) = row.as_mut()
                    && !cell.is_empty()
                {
                    r.push(cell);
                }
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                if let Some(r) = row.take() {
                    sink.push(Kind::Row, &r.join(" | "));
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                sink.buf.push_str(&t);
            }
            Event::InlineHtml(t) if t.trim_start().to_ascii_lowercase().starts_with("<br") => {
                sink.flush();
            }
            Event::SoftBreak => sink.buf.push(' '),
            _ => {}
        }
    }
    sink.flush();
    sink.blocks
}

/// Elements that give no text in a browser copy.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
    "embed", "video", "audio", "svg", "canvas", "button", "select", "input", "textarea", "map",
    "source", "track", "nav", "img",
];

/// Elements that start and end a block.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "section",
    "summary",
    "ul",
    "legend",
    "caption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "picture",
];

fn name(node: &NodeRef) -> String {
    node.node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default()
}

fn hidden(node: &NodeRef) -> bool {
    let style = node
        .attr("style")
        .map(|s| s.replace(' ', "").to_ascii_lowercase())
        .unwrap_or_default();
    node.has_attr("hidden")
        || style.contains("display:none")
        || node.has_class("boring")
        || node.has_class("hidden")
        // The reference's rule anchors ("[expr.array.array]") sit in the margin.
        || node.has_class("rule")
}

/// Text of an inline element; `pre` keeps line breaks.
fn inline_text(node: &NodeRef, pre: bool, out: &mut String) {
    for child in node.children_it(false) {
        if child.is_text() {
            out.push_str(&child.text());
        } else if child.is_element() {
            let n = name(&child);
            if SKIP.contains(&n.as_str()) || hidden(&child) {
                continue;
            }
            let sep = if pre { '\n' } else { ' ' };
            if n == "br" {
                out.push(sep);
                continue;
            }
            let boundary = BLOCKS.contains(&n.as_str()) || heading_level(&n).is_some();
            if boundary {
                out.push(sep);
            }
            inline_text(&child, pre, out);
            if boundary {
                out.push(sep);
            }
        }
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn walk(node: &NodeRef, sink: &mut Sink) {
    for child in node.children_it(false) {
        if child.is_text() {
            sink.buf.push_str(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let n = name(&child);
        if SKIP.contains(&n.as_str()) || hidden(&child) {
            continue;
        }
        if n == "br" {
            sink.flush();
        } else if let Some(level) = heading_level(&n) {
            sink.flush();
            let mut text = String::new();
            inline_text(&child, false, &mut text);
            sink.push(Kind::Heading(level), &text);
        } else if n == "pre" {
            sink.flush();
            let mut text = String::new();
            inline_text(&child, true, &mut text);
            for line in text.lines() {
                sink.push(Kind::Code, line);
            }
        } else if n == "table" {
            sink.flush();
            table(&child, sink);
        } else if n == "li" || n == "dt" || n == "dd" {
            sink.flush();
            let outer = sink.kind;
            sink.kind = Some(Kind::Item);
            walk(&child, sink);
            sink.flush();
            sink.kind = outer;
        } else if BLOCKS.contains(&n.as_str()) {
            sink.flush();
            walk(&child, sink);
            sink.flush();
        } else {
            walk(&child, sink);
        }
    }
}

fn table(node: &NodeRef, sink: &mut Sink) {
    let mut rows = Vec::new();
    for child in node.element_children() {
        match name(&child).as_str() {
            "caption" => {
                let mut text = String::new();
                inline_text(&child, false, &mut text);
                sink.push(Kind::Text, &text);
            }
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => {
                rows.extend(
                    child
                        .element_children()
                        .into_iter()
                        .filter(|r| name(r) == "tr"),
                );
            }
            _ => {}
        }
    }
    for row in rows {
        let cells: Vec<NodeRef> = row
            .element_children()
            .into_iter()
            .filter(|c| matches!(name(c).as_str(), "td" | "th") && !hidden(c))
            .collect();
        let layout = cells.iter().any(|c| {
            c.descendants_it().any(|d| {
                d.is_element()
                    && matches!(
                        name(&d).as_str(),
                        "table"
                            | "ul"
                            | "ol"
                            | "pre"
                            | "blockquote"
                            | "dl"
                            | "h1"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                    )
            })
        });
        if layout {
            for c in &cells {
                walk(c, sink);
                sink.flush();
            }
            continue;
        }
        let texts: Vec<String> = cells
            .iter()
            .map(|c| {
                let mut text = String::new();
                inline_text(c, false, &mut text);
                collapse(&text)
            })
            .filter(|t| !t.is_empty())
            .collect();
        if !texts.is_empty() {
            sink.push(Kind::Row, &texts.join(" | "));
        }
    }
}

/// Renders HTML to blocks: the `<main>` element when there is one (a book page's navigation
/// and chrome are not the article), else the body.
pub fn html(source: &str) -> Vec<Block> {
    let doc = Document::from(source);
    let main = doc.select("main");
    let mut sink = Sink::default();
    if let Some(root) = main.nodes().first() {
        walk(root, &mut sink);
    } else if let Some(body) = doc.body() {
        walk(&body, &mut sink);
    } else {
        walk(&doc.root(), &mut sink);
    }
    sink.flush();
    sink.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_blocks_are_lines() {
        let got = markdown(
            "# Title\n\nSome *text*\nwrapped.\n\n- one\n- two\n\n```\nlet x = 1;\n\n  y\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![alt text](x.png)\n",
        );
        let texts: Vec<(&str, Kind)> = got.iter().map(|b| (b.text.as_str(), b.kind)).collect();
        assert_eq!(
            texts,
            [
                ("Title", Kind::Heading(1)),
                ("Some text wrapped.", Kind::Text),
                ("one", Kind::Item),
                ("two", Kind::Item),
                ("let x = 1;", Kind::Code),
                ("y", Kind::Code),
                ("a | b", Kind::Row),
                ("1 | 2", Kind::Row),
            ]
        );
    }

    #[test]
    fn html_blocks_are_lines() {
        let got = html(
            "<html><body><nav>Menu</nav><main><h2>Part <a>one</a></h2><p>Text<br>more</p><pre>a\n  b</pre><ul><li>x</li></ul><img alt=\"no\"></main></body></html>",
        );
        let texts: Vec<&str> = got.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Part one", "Text", "more", "a", "b", "x"]);
        assert_eq!(got[0].kind, Kind::Heading(2));
    }
}
