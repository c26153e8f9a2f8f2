//! Markdown export writes no live HTML (issue 19 item 2): whatever a document holds, text,
//! link targets, code and its language, footnote labels, `export --format markdown` read back
//! by a CommonMark parser has no HTML in it. A document never holds markup, only text, so any
//! HTML event in the export is markup the document did not have as text.

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser};

use folio::document::{
    Align, Block, BlockKind, Document, HARD_BREAK, Inline, InlineStyle, ListItem, Meta,
    SourceFormat, parse,
};
use folio::export;

/// The HTML a CommonMark reader (with folio's extensions, which GitHub's also has) finds in
/// `md`.
fn html_in(md: &str) -> Vec<String> {
    let mut options = Options::empty();
    for o in [
        Options::ENABLE_TABLES,
        Options::ENABLE_STRIKETHROUGH,
        Options::ENABLE_TASKLISTS,
        Options::ENABLE_FOOTNOTES,
    ] {
        options.insert(o);
    }
    Parser::new_ext(md, options)
        .filter_map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Some(h.to_string()),
            _ => None,
        })
        .collect()
}

fn assert_no_html(md: &str) {
    let html = html_in(md);
    assert!(html.is_empty(), "live HTML {html:?} in:\n{md}");
}

/// Text made of what markdown and HTML are made of.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z]{1,6}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("<script>".to_string()),
        Just("<div>".to_string()),
        Just("</p>".to_string()),
        Just("<!--".to_string()),
        Just("`".to_string()),
        Just("```".to_string()),
        Just("~~~".to_string()),
        Just("\\".to_string()),
        Just("|".to_string()),
        Just("&lt;".to_string()),
        Just("&".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("#".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("    ".to_string()),
        Just("http://a/".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

fn style() -> impl Strategy<Value = InlineStyle> {
    prop_oneof![
        Just(InlineStyle::PLAIN),
        Just(InlineStyle::EMPHASIS),
        Just(InlineStyle::STRONG.with(InlineStyle::STRIKE)),
        Just(InlineStyle::CODE),
        Just(InlineStyle::CODE.with(InlineStyle::STRONG)),
        Just(InlineStyle::FOOTNOTE_REF),
        Just(InlineStyle::FOOTNOTE_REF.with(InlineStyle::CODE)),
    ]
}

/// Inlines, each possibly a link to one of the first three targets.
fn inlines() -> impl Strategy<Value = Vec<Inline>> {
    let inline =
        (hostile(), style(), prop::option::of(1usize..=3)).prop_map(|(text, style, link)| {
            // Loaders leave no line breaks in text, but a hard break is a run of its own.
            let text = if style.contains(InlineStyle::FOOTNOTE_REF) {
                format!("[{}]", text.replace('\n', ""))
            } else if text.ends_with("\n\n") {
                HARD_BREAK.to_string()
            } else {
                text.replace('\n', " ")
            };
            Inline {
                text,
                style,
                link,
                source: 0..0,
            }
        });
    prop::collection::vec(inline, 0..5)
}

fn leaf() -> impl Strategy<Value = BlockKind> {
    prop_oneof![
        (1u8..=6, inlines()).prop_map(|(level, inlines)| BlockKind::Heading { level, inlines }),
        inlines().prop_map(BlockKind::Paragraph),
        inlines().prop_map(BlockKind::Caption),
        (prop::option::of(hostile()), hostile())
            .prop_map(|(lang, text)| BlockKind::Code { lang, text }),
        (
            inlines(),
            prop::option::of(hostile()),
            prop::option::of(hostile()),
            prop::option::of(1usize..=3)
        )
            .prop_map(|(alt, src, title, link)| BlockKind::Image {
                alt,
                src,
                title,
                link
            }),
        (inlines(), prop::collection::vec(inlines(), 0..3)).prop_map(|(a, b)| {
            BlockKind::Table {
                aligns: vec![Align::None, Align::Right],
                header: vec![a, b.first().cloned().unwrap_or_default()],
                rows: vec![b],
            }
        }),
        Just(BlockKind::Rule),
    ]
}

fn block_kind() -> impl Strategy<Value = BlockKind> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        let blocks = prop::collection::vec(inner.prop_map(|k| Block::new(k, 0..0)), 1..3);
        prop_oneof![
            blocks.clone().prop_map(BlockKind::Quote),
            (
                prop::option::of(0u64..3),
                prop::collection::vec((prop::option::of(any::<bool>()), blocks.clone()), 1..3)
            )
                .prop_map(|(start, items)| BlockKind::List {
                    start,
                    items: items
                        .into_iter()
                        .map(|(task, blocks)| ListItem { task, blocks })
                        .collect(),
                }),
            (hostile(), blocks).prop_map(|(label, blocks)| BlockKind::Footnote {
                label: label.replace('\n', ""),
                blocks
            }),
        ]
    })
}

fn document() -> impl Strategy<Value = Document> {
    (
        prop::collection::vec(block_kind(), 1..6),
        prop::collection::vec(hostile(), 3),
        prop::option::of(hostile()),
        prop::option::of(hostile()),
    )
        .prop_map(|(kinds, links, title, kicker)| {
            let meta = Meta {
                title,
                kicker,
                ..Meta::default()
            };
            let blocks = kinds.into_iter().map(|k| Block::new(k, 0..0)).collect();
            Document::new(meta, blocks, links)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any document, built directly: everything a loader could put in one.
    #[test]
    fn any_document_exports_markdown_without_live_html(doc in document()) {
        assert_no_html(&export::markdown(&doc, true));
    }

    /// Any markdown and any web page, through folio's own loaders.
    #[test]
    fn any_source_exports_markdown_without_live_html(text in hostile(), more in hostile()) {
        let text = format!("{text}\n\n{more}");
        for format in [SourceFormat::Markdown, SourceFormat::Html] {
            let doc = parse(&text, format, "any");
            assert_no_html(&export::markdown(&doc, true));
        }
    }
}

/// The two attacks of the issue, as they were found.
#[test]
fn the_reported_attacks_stay_text() {
    let page = r#"<html><body><article><p>See <a href="http://a/> <script>alert(1)</script>">x</a>
        and more text so that the extractor keeps this paragraph as the article.</p>
        <pre><code class="language-a`b">&lt;img src=x onerror=alert(1)&gt;</code></pre>
        </article></body></html>"#;
    let doc = parse(page, SourceFormat::Html, "page.html");
    let md = export::markdown(&doc, false);
    assert_no_html(&md);

    let source = "[x](<http://a/\\> \\<script>>)\n\n```a`b\n<img src=x onerror=alert(1)>\n```\n";
    let doc = parse(source, SourceFormat::Markdown, "a.md");
    assert_no_html(&export::markdown(&doc, false));

    let code = Document::new(
        Meta::default(),
        vec![Block::new(
            BlockKind::Code {
                lang: Some("a`b".into()),
                text: "<img src=x onerror=alert(1)>".into(),
            },
            0..0,
        )],
        vec![],
    );
    assert_no_html(&export::markdown(&code, false));
}

/// Targets and code survive the trip: escaped, not mangled.
#[test]
fn link_targets_and_code_read_back_the_same() {
    let links = [
        "http://a/> <script>",
        "my file.md",
        "a\\b(c)",
        "<x>",
        "a`b`",
    ];
    let source = (0..links.len())
        .map(|i| format!("[l{i}](http://placeholder/{i})"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut doc = parse(&source, SourceFormat::Markdown, "a.md");
    doc.links = links.iter().map(|s| (*s).to_string()).collect();
    let md = export::markdown(&doc, false);
    assert_no_html(&md);
    let again = parse(&md, SourceFormat::Markdown, "a.md");
    assert_eq!(again.links, doc.links, "{md}");

    let code = Document::new(
        Meta::default(),
        vec![Block::new(
            BlockKind::Code {
                lang: Some("a`b".into()),
                text: "``` ~~~~\n<b>".into(),
            },
            0..0,
        )],
        vec![],
    );
    let md = export::markdown(&code, false);
    let again = parse(&md, SourceFormat::Markdown, "a.md");
    assert_eq!(again.blocks.len(), 1, "{md}");
    assert_eq!(again.blocks[0].kind, code.blocks[0].kind, "{md}");
}

/// Code runs side by side (found by the property above): between them only an empty run, or
/// a style code spans do not write, or a footnote reference with no note. Their backticks
/// never touch, which would make one run of them and leave both spans open.
#[test]
fn code_spans_side_by_side_stay_closed() {
    let run = |text: &str, style: InlineStyle, link: Option<usize>| Inline {
        text: text.into(),
        style,
        link,
        source: 0..0,
    };
    let code = InlineStyle::CODE;
    let cases = [
        vec![
            run("|", code, Some(1)),
            run("", InlineStyle::PLAIN, Some(1)),
            run("<script>```", code, Some(1)),
        ],
        vec![
            run("|", code, None),
            run("<script>```", code.with(InlineStyle::STRONG), None),
        ],
        vec![
            run("|", code, Some(1)),
            run(
                "[^<script>`]",
                InlineStyle::FOOTNOTE_REF.with(code),
                Some(1),
            ),
        ],
    ];
    for inlines in cases {
        let doc = Document::new(
            Meta::default(),
            vec![Block::new(BlockKind::Paragraph(inlines), 0..0)],
            vec!["http://a/".into()],
        );
        let md = export::markdown(&doc, false);
        assert_no_html(&md);
        let again = parse(&md, SourceFormat::Markdown, "a.md");
        let text: String = again.blocks.iter().map(Block::text).collect();
        assert!(text.contains("<script>"), "{md}");
    }
}
