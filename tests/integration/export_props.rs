//! Markdown export, over generated documents: reading the export again gives the same
//! document (metadata, blocks, links), and the export holds no raw HTML, whatever the
//! document held as text (issue 17, issue 19 item 2).

use proptest::prelude::*;
use pulldown_cmark::{Event, Parser};

use folio::document::{Block, Document, SourceFormat, parse, visit_inlines};
use folio::export::{self, Format};

/// What a document is, without where its parts were in the file.
fn shape(doc: &Document) -> (Vec<String>, Vec<(&'static str, String)>, Vec<String>) {
    let m = &doc.meta;
    let meta = vec![
        format!("title {:?}", m.title),
        format!("kicker {:?}", m.kicker),
        format!("authors {:?}", m.authors),
        format!("role {:?}", m.role),
        format!("date {:?}", m.date),
        format!("source {:?}", m.source),
        format!("tags {:?}", m.tags),
    ];
    let blocks = doc
        .blocks
        .iter()
        .map(|b| (b.kind_name(), b.text()))
        .collect();
    // The targets the text leads to, in reading order (a link with no text leads nowhere).
    let mut links = Vec::new();
    visit_inlines(&doc.blocks, &mut |i| {
        if let Some(n) = i.link
            && links.last() != Some(&doc.links[n - 1])
        {
            links.push(doc.links[n - 1].clone());
        }
    });
    (meta, blocks, links)
}

/// Raw HTML events a markdown parser finds in `md`.
fn raw_html(md: &str) -> Vec<String> {
    Parser::new_ext(md, pulldown_cmark::Options::all())
        .filter_map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Some(h.to_string()),
            _ => None,
        })
        .collect()
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,10}",
        Just("<script>alert(1)</script>".to_string()),
        Just("a<b".to_string()),
        Just("&lt;i&gt;".to_string()),
        Just("\\<b>".to_string()),
        Just("`tick`".to_string()),
        Just("日本語".to_string()),
    ]
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..8).prop_map(|w| w.join(" "))
}

/// A link target as markdown or HTML can hold it: `>`, spaces, parentheses, quotes.
fn target() -> impl Strategy<Value = String> {
    "[a-z:/.#()<> \"'&`]{1,20}"
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        sentence().prop_map(|s| format!("{s}.")),
        (1..5usize, sentence()).prop_map(|(l, s)| format!("{} {s}", "#".repeat(l))),
        (sentence(), target())
            .prop_map(|(s, t)| format!("See [{s}](<{}>) now.", t.replace(['<', '>'], "\\>"))),
        (sentence(), target()).prop_map(|(s, t)| format!(
            "See <a href=\"{}\">{s}</a> now.",
            t.replace('"', "&quot;")
        )),
        ("[a-z`~{}]{0,6}", "[a-z`~<> ]{0,20}")
            .prop_map(|(lang, code)| format!("~~~~{lang}\n{code}\n````\n~~~~")),
        (sentence(), "[a-z./ ()<>]{1,12}")
            .prop_map(|(alt, src)| format!("![{alt}](<{}>)", src.replace(['<', '>'], ""))),
        sentence().prop_map(|s| format!("> [!WARNING]\n> {s}")),
        sentence().prop_map(|s| format!("{s}[^n]\n\n[^n]: {s}")),
        sentence().prop_map(|s| format!("- {s}\n- [{s}](#{})", s.replace(' ', "-"))),
        (sentence(), sentence()).prop_map(|(a, b)| format!("| {a} | b |\n|---|---|\n| {b} | c |")),
        sentence().prop_map(|s| format!("<div align=\"center\">\n<b>{s}</b>\n</div>")),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    (
        prop::option::of("[A-Za-z][a-z :]{0,20}"),
        prop::collection::vec("[A-Z][a-z]{1,8}", 0..3),
        prop::option::of("20[0-9]{2}-0[1-9]-1[0-9]"),
        prop::option::of("https://[a-z]{1,8}\\.org/[a-z]{0,8}"),
        prop::collection::vec("[a-z]{1,8}", 0..3),
    )
        .prop_map(|(title, authors, date, source, tags)| {
            let mut out = String::from("---\n");
            if let Some(t) = title {
                out.push_str(&format!("title: \"{}\"\n", t.trim()));
            }
            if !authors.is_empty() {
                out.push_str(&format!("authors: [{}]\n", authors.join(", ")));
            }
            if let Some(d) = date {
                out.push_str(&format!("date: {d}\n"));
            }
            if let Some(s) = source {
                out.push_str(&format!("source: {s}\n"));
            }
            if !tags.is_empty() {
                out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
            }
            out.push_str("---\n");
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn markdown_export_reads_back_as_the_same_document(
        fm in front_matter(),
        blocks in prop::collection::vec(block(), 1..10),
    ) {
        let text = format!("{fm}{}", blocks.join("\n\n"));
        let doc = parse(&text, SourceFormat::Markdown, "gen");
        let md = export::export(&doc, Format::Markdown, None, true);
        let again = parse(&md, SourceFormat::Markdown, "gen");
        prop_assert_eq!(shape(&doc), shape(&again), "{}", md);
        prop_assert_eq!(export::export(&again, Format::Markdown, None, true), md);
    }

    #[test]
    fn markdown_export_never_writes_raw_html(
        blocks in prop::collection::vec(block(), 1..10),
    ) {
        let text = blocks.join("\n\n");
        let doc = parse(&text, SourceFormat::Markdown, "gen");
        let md = export::export(&doc, Format::Markdown, None, true);
        prop_assert_eq!(raw_html(&md), Vec::<String>::new(), "{}", md);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text at all, through every loader: the markdown export holds no raw HTML.
    #[test]
    fn no_raw_html_from_any_text(text in "(?s).{0,300}") {
        for format in [SourceFormat::Markdown, SourceFormat::PlainText] {
            let doc = parse(&text, format, "any");
            let md = export::export(&doc, Format::Markdown, None, true);
            prop_assert_eq!(raw_html(&md), Vec::<String>::new(), "{}", md);
        }
        let _ = Block::text;
    }
}

#[test]
fn hostile_targets_and_fences_stay_inert() {
    let text = "[x](http://a/\\>\\<script\\>)\n\n\
                <a href=\"http://a/> <script>\">y</a>\n\n\
                ~~~js`x\nconsole.log(1)\n```\n~~~\n";
    let doc = parse(text, SourceFormat::Markdown, "t");
    assert!(
        doc.links.iter().any(|l| l.contains("<script>")),
        "{:?}",
        doc.links
    );
    let md = export::export(&doc, Format::Markdown, None, true);
    assert_eq!(raw_html(&md), Vec::<String>::new(), "{md}");
    let again = parse(&md, SourceFormat::Markdown, "t");
    assert_eq!(shape(&doc), shape(&again), "{md}");
}

/// Lines that open, close and nest the blocks a cut between parts has to respect.
const LINES: &[&str] = &[
    "",
    "",
    "",
    "# Heading",
    "## Another",
    "#not",
    "text with [a link](https://a.example/x)",
    "[ref]",
    "[ref]: https://ref.example/",
    "[Ref Two]",
    "[ref two]: https://two.example/",
    "```",
    "```rust",
    "````",
    "~~~",
    "  ```",
    "   ```",
    "    ```",
    "\t```",
    "- ```",
    "> ```",
    "- item",
    "1. item",
    "  - nested",
    "    code",
    "> quote",
    ">",
    "<!--",
    "-->",
    "<pre>",
    "</pre>",
    "<div>",
    "</div>",
    "| a | b |",
    "|---|---|",
    "***",
    "Setext",
    "===",
    "---",
    " # spaced",
    "\t# tabbed",
    "<script>",
    "</script>",
    "`inline` and ```code``` here",
    "<!-- one line -->",
    "  <pre>",
    "<style>",
    "</style>",
    "<?php",
    "?>",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE html>",
    "- <div>",
    "  ~~~",
    "> # quoted",
    "- # item heading",
    "1) item",
    "   - deep",
    "plain words",
    "<details>",
    "</details>",
    "  [ref]: /indented",
    "\t- tab item",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Markdown of any shape parsed in parts as small as a line is the markdown parsed whole.
    #[test]
    fn markdown_in_parts_is_markdown_whole(lines in proptest::collection::vec(0..LINES.len(), 0..48)) {
        use folio::document::markdown::parse_in_parts;
        let text: String = lines.iter().flat_map(|&i| [LINES[i], "\n"]).collect();
        let whole = parse_in_parts(&text, usize::MAX / 8, 1);
        let parts = parse_in_parts(&text, 1, 2);
        prop_assert_eq!(&parts.blocks, &whole.blocks, "{:?}", text);
        prop_assert_eq!(&parts.links, &whole.links);
        prop_assert_eq!(&parts.outline, &whole.outline);
    }
}
