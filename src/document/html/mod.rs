//! Saved web pages: the article inside an `.html` file, as a browser's reader view shows it.
//!
//! The page goes through `dom_smoothie` (a port of Mozilla's Readability), which finds the
//! article and its title, byline and date and leaves navigation, ads, scripts and the rest of
//! the page behind. [`build`] turns the article's elements into blocks, and [`align`] finds
//! each run of text again in the page so blocks keep byte ranges into the file. A page that
//! is not an article (a login form, a directory listing) is shown whole, minus scripts,
//! styles, navigation and hidden elements, with a note saying so. The canonical URL
//! (`<link rel=canonical>`, else `og:url`) becomes the document's source.
//!
//! Decoding the bytes (the `<meta charset>` a page declares, see [`charset`]) happens before,
//! in the library.

mod align;
mod build;
pub mod charset;
pub mod tags;

use dom_query::Document as Page;
use dom_smoothie::{Article, Config, Readability};

use self::align::Aligner;
pub(crate) use self::build::file_name;
use self::build::{Builder, collapse};
use super::{Block, BlockKind, Document, Hint, Meta, inline_text, sanitize_inline};

/// The note for a page shown whole because no article was found in it.
pub const NOT_AN_ARTICLE: &str = "not an article; showing the page's text";

/// Fewer characters than this in what Readability extracted, from a page it did not judge
/// readable, is not an article.
const MIN_ARTICLE_CHARS: usize = 500;
/// An extraction that is mostly link text is a list of links (an index), not an article.
const MAX_LINK_SHARE: f32 = 0.5;

/// Element nesting deeper than this is no article layout, and Readability's scoring slows
/// down with depth (a hostile page of 10,000 nested elements would take minutes).
const MAX_ARTICLE_DEPTH: usize = 256;

/// Elements never shown when a whole page is read.
const PAGE_FURNITURE: &str = "script, style, noscript, template, nav, [role=navigation], \
     [hidden], [aria-hidden=true], svg, iframe, object, embed, canvas, input, select, \
     textarea, button, dialog";

/// Parses a saved page: the document, and a note when the page is not an article.
pub fn parse(text: &str) -> (Document, Option<String>) {
    // Nesting and attributes are capped before html5ever sees them (its tree builder is
    // quadratic in both); byte ranges still come from the page as it is.
    let guarded = tags::guard(text);
    let page = Page::from(guarded.as_ref());
    let facts = Facts::read(&page);
    if depth(&page) > MAX_ARTICLE_DEPTH {
        return (whole_page(text, &page, &facts), Some(NOT_AN_ARTICLE.into()));
    }
    let base = facts.source.as_deref().filter(|u| is_web_url(u));
    // Classes are kept so that ad slots Readability leaves in an article can be recognised.
    let config = || {
        Some(Config {
            keep_classes: true,
            ..Config::default()
        })
    };
    let readability = match Readability::with_document(page, base, config()) {
        Ok(r) => Some(r),
        Err(_) => Readability::with_document(Page::from(guarded.as_ref()), None, config()).ok(),
    };
    if let Some(mut readability) = readability {
        let readable = readability.is_probably_readable();
        if let Ok(article) = readability.parse()
            && let Some(doc) = from_article(text, &article, &facts, readable)
        {
            return (doc, None);
        }
    }
    // Readability changed the page it was given: read it again.
    let page = Page::from(guarded.as_ref());
    (whole_page(text, &page, &facts), Some(NOT_AN_ARTICLE.into()))
}

/// The blocks of a piece of HTML inside a markdown file, which starts at byte `base` of it:
/// the same walk as a saved page's article, with link targets added to `links` and in-page
/// anchors kept (they lead to the markdown's headings).
pub(crate) fn fragment_blocks(html: &str, base: usize, links: &mut super::LinkTable) -> Vec<Block> {
    let guarded = tags::guard(html);
    let page = Page::fragment(guarded.as_ref());
    let mut aligner = Aligner::with_base(html, base);
    let mut builder = Builder::new(&mut aligner);
    builder.keep_anchors = true;
    builder.links = std::mem::take(links);
    let blocks = builder.blocks(&page.root());
    *links = std::mem::take(&mut builder.links);
    blocks
}

/// What is read from the page itself before Readability changes it.
#[derive(Debug, Default)]
struct Facts {
    /// `<title>`.
    title: Option<String>,
    /// The canonical URL, else `og:url`.
    source: Option<String>,
    /// The first `<time datetime>` inside an `<article>`.
    time: Option<String>,
    /// `article:tag` values.
    tags: Vec<String>,
}

impl Facts {
    fn read(page: &Page) -> Self {
        let title = page
            .select("title")
            .nodes()
            .first()
            .and_then(|t| clean(&t.text()));
        let canonical = page
            .select("link[rel][href]")
            .nodes()
            .iter()
            .find(|l| {
                l.attr("rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                })
            })
            .and_then(|l| l.attr("href"))
            .and_then(|h| clean(&h));
        let meta = |property: &str| -> Vec<String> {
            page.select("meta[content]")
                .nodes()
                .iter()
                .filter(|m| {
                    m.attr("property")
                        .or_else(|| m.attr("name"))
                        .is_some_and(|p| p.trim().eq_ignore_ascii_case(property))
                })
                .filter_map(|m| m.attr("content").and_then(|c| clean(&c)))
                .collect()
        };
        let source = canonical.or_else(|| meta("og:url").into_iter().next());
        let time = page
            .select("article time[datetime]")
            .nodes()
            .first()
            .and_then(|t| t.attr("datetime"))
            .and_then(|d| clean(&d));
        let mut tags: Vec<String> = Vec::new();
        for tag in meta("article:tag") {
            if !tags.contains(&tag) && tags.len() < 32 {
                tags.push(tag);
            }
        }
        Self {
            title,
            source,
            time,
            tags,
        }
    }
}

/// The document for what Readability extracted, or `None` when it is not an article.
fn from_article(text: &str, article: &Article, facts: &Facts, readable: bool) -> Option<Document> {
    let content = Page::fragment(article.content.clone());
    let mut aligner = Aligner::new(text);
    let mut builder = Builder::new(&mut aligner);
    let mut blocks = builder.blocks(&content.root());
    let links = builder.links.into_urls();
    if !readable && (article.length < MIN_ARTICLE_CHARS || link_share(&blocks) > MAX_LINK_SHARE) {
        return None;
    }
    let mut meta = Meta {
        title: clean(&article.title).or_else(|| facts.title.clone()),
        date: article
            .published_time
            .as_deref()
            .and_then(clean)
            .or_else(|| facts.time.clone())
            .map(|d| short_date(&d)),
        source: facts
            .source
            .clone()
            .or_else(|| article.url.as_deref().and_then(clean)),
        tags: facts.tags.clone(),
        ..Meta::default()
    };
    if let Some(byline) = article.byline.as_deref().and_then(clean) {
        set_byline(&mut meta, &byline);
        drop_repeated_byline(&mut blocks, &byline, &meta.authors);
    } else {
        take_byline_paragraph(&mut meta, &mut blocks);
    }
    mark_boilerplate(&mut blocks);
    super::lift_title(&mut meta, &mut blocks, false);
    Some(Document::new(meta, blocks, links))
}

/// Paragraphs that are site furniture ("Advertisement", "Read more") are marked as such, as
/// in pasted text: the reader hides them, `--strip-boilerplate` leaves them out.
fn mark_boilerplate(blocks: &mut [Block]) {
    for block in blocks {
        if let BlockKind::Paragraph(inlines) = &block.kind
            && super::plain::is_boilerplate(&inline_text(inlines))
        {
            block.hint = Hint::Boilerplate;
        }
    }
}

/// The page's visible text when it holds no article.
fn whole_page(text: &str, page: &Page, facts: &Facts) -> Document {
    page.select(PAGE_FURNITURE).remove();
    for node in page.select("[style]").nodes() {
        let hidden = node.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("display:none") || s.contains("visibility:hidden")
        });
        if hidden {
            node.remove_from_parent();
        }
    }
    let mut aligner = Aligner::new(text);
    let mut builder = Builder::new(&mut aligner);
    let blocks = match page.body() {
        Some(body) => builder.blocks(&body),
        None => builder.blocks(&page.root()),
    };
    let links = builder.links.into_urls();
    let mut blocks = blocks;
    mark_boilerplate(&mut blocks);
    let mut meta = Meta {
        title: facts.title.clone(),
        source: facts.source.clone(),
        ..Meta::default()
    };
    super::lift_title(&mut meta, &mut blocks, false);
    Document::new(meta, blocks, links)
}

/// The deepest element nesting of the page, counted without recursion.
fn depth(page: &Page) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(page.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        if deepest > MAX_ARTICLE_DEPTH {
            break;
        }
        stack.extend(
            node.children_it(false)
                .filter(dom_query::NodeRef::is_element)
                .map(|c| (c, d + 1)),
        );
    }
    deepest
}

/// Share of the text that is link text.
fn link_share(blocks: &[Block]) -> f32 {
    fn count(blocks: &[Block], all: &mut usize, linked: &mut usize) {
        for block in blocks {
            match &block.kind {
                BlockKind::Paragraph(inlines)
                | BlockKind::Heading { inlines, .. }
                | BlockKind::Caption(inlines) => {
                    for i in inlines {
                        let n = i.text.chars().filter(|c| !c.is_whitespace()).count();
                        *all += n;
                        if i.link.is_some() {
                            *linked += n;
                        }
                    }
                }
                BlockKind::Quote(inner) => count(inner, all, linked),
                BlockKind::List { items, .. } => {
                    for item in items {
                        count(&item.blocks, all, linked);
                    }
                }
                BlockKind::Table { header, rows, .. } => {
                    for i in header.iter().chain(rows.iter().flatten()).flatten() {
                        let n = i.text.chars().filter(|c| !c.is_whitespace()).count();
                        *all += n;
                        if i.link.is_some() {
                            *linked += n;
                        }
                    }
                }
                _ => *all += block.text().chars().filter(|c| !c.is_whitespace()).count(),
            }
        }
    }
    let (mut all, mut linked) = (0, 0);
    count(blocks, &mut all, &mut linked);
    if all == 0 {
        0.0
    } else {
        linked as f32 / all as f32
    }
}

/// "By Jane Roe and John Doe, Staff writers": names become authors, the rest the role.
fn set_byline(meta: &mut Meta, byline: &str) {
    let with_by = if byline
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("by "))
    {
        format!("By {}", &byline[3..])
    } else {
        format!("By {byline}")
    };
    if let Some((names, role)) = super::plain::byline_names(&with_by) {
        meta.authors = names;
        meta.role = role;
    } else if byline.split_whitespace().count() <= 6 {
        meta.authors = vec![with_by[3..].trim().to_string()];
    } else {
        meta.role = Some(byline.to_string());
    }
}

/// A byline paragraph at the top of the article repeats what the header shows.
fn drop_repeated_byline(blocks: &mut Vec<Block>, byline: &str, authors: &[String]) {
    let fold = |s: &str| {
        s.to_lowercase()
            .trim_start_matches("by ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let wanted = fold(byline);
    let position = blocks.iter().take(4).position(|b| match &b.kind {
        BlockKind::Paragraph(inlines) => {
            let raw = inline_text(inlines).to_lowercase();
            let text = fold(&raw);
            text == wanted
                || (raw.trim_start().starts_with("by ")
                    && !authors.is_empty()
                    && text.split_whitespace().count() <= 12
                    && authors.iter().all(|a| text.contains(&a.to_lowercase())))
        }
        _ => false,
    });
    if let Some(i) = position {
        blocks.remove(i);
    }
}

/// When the page names no author, a "By ..." paragraph (in any of the languages the plain-text
/// loader knows) among the first blocks is the byline.
fn take_byline_paragraph(meta: &mut Meta, blocks: &mut Vec<Block>) {
    let found = blocks
        .iter()
        .take(2)
        .take_while(|b| matches!(b.kind, BlockKind::Paragraph(_)))
        .enumerate()
        .find_map(|(i, b)| super::plain::byline_names(b.text().trim()).map(|n| (i, n)));
    if let Some((i, (names, role))) = found {
        meta.authors = names;
        meta.role = role;
        blocks.remove(i);
    }
}

/// Metadata text: whitespace collapsed, control characters made visible; `None` if blank.
fn clean(text: &str) -> Option<String> {
    let text = collapse(text);
    let text = text.trim();
    (!text.is_empty()).then(|| sanitize_inline(text))
}

/// `2024-05-02T09:00:00Z` is shown as `2024-05-02`; other dates as written.
fn short_date(date: &str) -> String {
    let b = date.as_bytes();
    let iso = b.len() > 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && matches!(b[10], b'T' | b't' | b' ');
    if iso {
        date[..10].to_string()
    } else {
        date.to_string()
    }
}

fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://"]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len())
}

#[cfg(test)]
mod tests;
