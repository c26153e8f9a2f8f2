use super::*;
use crate::document::{HARD_BREAK, InlineStyle, SourceFormat};

/// Blocks of an HTML fragment, without Readability.
fn build(html: &str) -> (Vec<Block>, Vec<String>) {
    let page = Page::fragment(html);
    let mut aligner = Aligner::new(html);
    let mut builder = Builder::new(&mut aligner);
    let blocks = builder.blocks(&page.root());
    (blocks, builder.links.into_urls())
}

fn texts(blocks: &[Block]) -> Vec<String> {
    blocks.iter().map(Block::text).collect()
}

/// A paragraph long enough for Readability to take the page for an article.
fn prose(topic: &str) -> String {
    format!(
        "<p>The {topic} was discussed at length by everyone who had an opinion about it, \
         and most people did, because it touched on how they lived, where they worked and \
         what they could afford to do with the few free evenings a week left to them.</p>"
    )
}

fn article_page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{head}</head><body>\
         <nav class=\"menu\"><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <div class=\"ad\">Buy the gadget everybody wants</div>\
         <script>console.log('tracking pixel');</script>\
         <article>{body}</article>\
         <footer>Copyright notice of the site</footer></body></html>"
    )
}

#[test]
fn an_article_keeps_its_metadata_and_loses_the_page_around_it() {
    let head = "<title>News from the harbour quay | Site</title>\
                <link rel=\"Canonical\" href=\"https://example.org/a\">\
                <meta property=\"og:url\" content=\"https://example.org/og\">\
                <meta name=\"author\" content=\"Jane Roe\">\
                <meta property=\"article:published_time\" content=\"2024-01-09T10:00:00Z\">";
    let body = format!(
        "<h1>News from the harbour quay</h1>{}<h2>First part</h2>{}<h2>Second part</h2>{}",
        prose("harbour"),
        prose("ferry"),
        prose("timetable")
    );
    let (doc, note) = parse(&article_page(head, &body));
    assert_eq!(note, None);
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("News from the harbour quay")
    );
    assert_eq!(doc.meta.authors, ["Jane Roe"]);
    assert_eq!(doc.meta.date.as_deref(), Some("2024-01-09"));
    assert_eq!(doc.meta.source.as_deref(), Some("https://example.org/a"));
    let outline: Vec<&str> = doc.outline.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(outline, ["First part", "Second part"]);
    let all = texts(&doc.blocks).join("\n");
    for gone in ["Home", "gadget", "tracking", "Copyright"] {
        assert!(!all.contains(gone), "{gone} in {all}");
    }
}

#[test]
fn og_url_stands_in_for_a_missing_canonical_link() {
    let head = "<title>T</title><meta property=\"og:url\" content=\"https://example.org/og\">";
    let body = format!("{}{}", prose("a"), prose("b"));
    let (doc, _) = parse(&article_page(head, &body));
    assert_eq!(doc.meta.source.as_deref(), Some("https://example.org/og"));
}

#[test]
fn a_page_that_is_no_article_is_shown_whole_with_a_note() {
    let page = "<html><head><title>Sign in</title><style>p{}</style></head><body>\
                <nav>Menu</nav><form><label>Name</label><input name=n>\
                <button>Go</button></form><p style=\"display:none\">Hidden</p>\
                <p>Forgot your password?</p></body></html>";
    let (doc, note) = parse(page);
    assert_eq!(note.as_deref(), Some(NOT_AN_ARTICLE));
    assert_eq!(doc.meta.title.as_deref(), Some("Sign in"));
    let all = texts(&doc.blocks).join("\n");
    assert!(
        all.contains("Name") && all.contains("Forgot your password?"),
        "{all}"
    );
    for gone in ["Menu", "Go", "Hidden", "p{}"] {
        assert!(!all.contains(gone), "{gone} in {all}");
    }
}

#[test]
fn the_title_falls_back_to_the_title_element_then_the_file_name() {
    let (doc, _) = parse("<p>Short.</p>");
    assert_eq!(doc.meta.title, None);
    let doc = crate::document::parse("<p>Short.</p>", SourceFormat::Html, "saved-page");
    assert_eq!(doc.meta.title.as_deref(), Some("saved-page"));
    let (doc, _) = parse("<title> Only  here </title><p>Short.</p>");
    assert_eq!(doc.meta.title.as_deref(), Some("Only here"));
}

#[test]
fn inline_markup_becomes_styles_and_links() {
    let (blocks, links) = build(
        "<p>Some <em>em</em>, <b>bold</b>, <code>x()</code>, <s>old</s> and \
         <a href=\"https://e.org/x\">a <i>link</i></a>, <a href=\"#note\">anchor</a>,\n   \
         <a href=\"https://e.org/x\">again</a>.<br>Next line</p>",
    );
    assert_eq!(links, ["https://e.org/x"]);
    let BlockKind::Paragraph(inlines) = &blocks[0].kind else {
        panic!("{blocks:?}");
    };
    let find = |t: &str| inlines.iter().find(|i| i.text == t).expect(t);
    assert_eq!(find("em").style, InlineStyle::EMPHASIS);
    assert_eq!(find("bold").style, InlineStyle::STRONG);
    assert_eq!(find("x()").style, InlineStyle::CODE);
    assert_eq!(find("old").style, InlineStyle::STRIKE);
    assert_eq!(find("link").link, Some(1));
    assert_eq!(find("again").link, Some(1));
    assert!(inlines.iter().any(|i| i.text == HARD_BREAK));
    assert_eq!(
        blocks[0].text(),
        "Some em, bold, x(), old and a link, anchor, again.\nNext line"
    );
}

#[test]
fn block_elements_become_blocks() {
    let (blocks, _) = build(
        "<div>Loose text<p>Para</p>tail</div><h3>Head</h3>\
         <blockquote><p>Quoted</p><blockquote>deeper</blockquote></blockquote>\
         <ol start=\"4\"><li>four</li><li><input type=checkbox checked> done\
         <ul><li>inner</li></ul></li></ol><hr>\
         <pre><code class=\"language-rust\">fn main() {\n\tlet x = 1;\n}\n</code></pre>",
    );
    let kinds: Vec<&str> = blocks.iter().map(Block::kind_name).collect();
    assert_eq!(
        kinds,
        [
            "paragraph",
            "paragraph",
            "paragraph",
            "heading",
            "quote",
            "ordered-list",
            "rule",
            "code"
        ]
    );
    assert_eq!(texts(&blocks[..3]), ["Loose text", "Para", "tail"]);
    let BlockKind::List { start, items } = &blocks[5].kind else {
        panic!()
    };
    assert_eq!(*start, Some(4));
    assert_eq!(items[1].task, Some(true));
    assert!(matches!(items[1].blocks[1].kind, BlockKind::List { .. }));
    let BlockKind::Code { lang, text } = &blocks[7].kind else {
        panic!()
    };
    assert_eq!(lang.as_deref(), Some("rust"));
    assert_eq!(text, "fn main() {\n    let x = 1;\n}");
}

#[test]
fn figures_keep_their_captions() {
    let (blocks, _) = build(
        "<figure><img src=\"a.jpg\" alt=\"alt text\"><figcaption>The <em>caption</em>\
         </figcaption></figure>\
         <figure><img src=\"b.jpg\" alt=\"only alt\"></figure>\
         <figure><img src=\"c.jpg\"></figure>\
         <figure><blockquote>Said</blockquote><figcaption>Someone</figcaption></figure>\
         <p><img src=\"d.jpg\" alt=\"inline alone\"></p>",
    );
    let kinds: Vec<&str> = blocks.iter().map(Block::kind_name).collect();
    // An image is a marker with its alt text; a figure's caption follows it as a caption.
    assert_eq!(
        kinds,
        [
            "image", "caption", "image", "image", "quote", "caption", "image"
        ]
    );
    assert_eq!(
        texts(&blocks),
        [
            "alt text",
            "The caption",
            "only alt",
            "",
            "Said",
            "Someone",
            "inline alone"
        ]
    );
    let BlockKind::Image { src, .. } = &blocks[0].kind else {
        panic!()
    };
    assert_eq!(src.as_deref(), Some("a.jpg"));
    let BlockKind::Image { src, alt, .. } = &blocks[3].kind else {
        panic!()
    };
    assert_eq!((src.as_deref(), alt.len()), (Some("c.jpg"), 0));
}

#[test]
fn tables_have_a_header_and_layout_tables_do_not() {
    let (blocks, _) = build(
        "<table><caption>Fares</caption><thead><tr><th>Day</th><th>Price</th></tr></thead>\
         <tbody><tr><td colspan=2>closed</td></tr><tr><td>Mon</td><td><p>3</p><p>euro</p></td>\
         </tr></tbody></table>\
         <table><tr><td><p>Layout one</p></td></tr><tr><td>Layout two</td></tr></table>",
    );
    let kinds: Vec<&str> = blocks.iter().map(Block::kind_name).collect();
    assert_eq!(kinds, ["caption", "table", "paragraph", "paragraph"]);
    let BlockKind::Table { header, rows, .. } = &blocks[1].kind else {
        panic!()
    };
    assert_eq!(header.len(), 2);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][1], Vec::new());
    assert_eq!(crate::document::inline_text(&rows[1][1]), "3 euro");
}

#[test]
fn text_is_sanitised_and_ads_are_left_out() {
    let (blocks, links) = build(
        "<p>red \u{1b}[31m text\u{7}\u{202e}</p><div class=\"ad-slot\">Buy</div>\
         <div id=\"top_ad\">Buy</div><div class=\"header\">kept</div>\
         <p><a href=\"javascript:void(0)\">js</a> <a href=\"x\u{1b}y\">esc</a></p>",
    );
    assert_eq!(
        texts(&blocks),
        ["red \u{241b}[31m text\u{2407}\u{fffd}", "kept", "js esc"]
    );
    assert_eq!(links, ["x\u{241b}y"]);
}

#[test]
fn sources_point_at_the_text_in_order() {
    let html = "<h2>One</h2><p>First <b>para</b>.</p><div class=ad>skip me</div>\
                <ul><li>item a</li><li>item b</li></ul><h2>Two</h2><p>Last words</p>";
    let (blocks, _) = build(html);
    let shown: Vec<&str> = blocks.iter().map(|b| &html[b.source.clone()]).collect();
    assert_eq!(
        shown,
        [
            "One",
            "First <b>para",
            "item a</li><li>item b",
            "Two",
            "Last words"
        ]
    );
}

#[test]
fn hostile_nesting_does_not_overflow() {
    for tag in ["div", "blockquote", "ul", "span", "table"] {
        let html = format!(
            "{}deep{}",
            format!("<{tag}>").repeat(5000),
            format!("</{tag}>").repeat(5000)
        );
        let (blocks, _) = build(&html);
        assert!(texts(&blocks).join(" ").contains("deep"), "{tag}");
    }
}

#[test]
fn bylines_become_authors_and_dates_are_shortened() {
    let mut meta = Meta::default();
    set_byline(&mut meta, "By Jane Roe and John Doe, Staff writers");
    assert_eq!(meta.authors, ["Jane Roe", "John Doe"]);
    assert_eq!(meta.role.as_deref(), Some("Staff writers"));
    let mut meta = Meta::default();
    set_byline(&mut meta, "jane roe");
    assert_eq!(meta.authors, ["jane roe"]);
    assert_eq!(short_date("2024-05-02T06:30:00+02:00"), "2024-05-02");
    assert_eq!(short_date("2 May 2024"), "2 May 2024");
    assert_eq!(short_date("2024-05-02"), "2024-05-02");
}
