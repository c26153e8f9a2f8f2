//! Inputs that used to take quadratic time (issue 19 item 7): each shape at n and 2n, the
//! time at 2n within 2.5 times the time at n, measured as a ratio (never an absolute limit).

use crate::common::doubling_ratio;
use folio::document::{SourceFormat, parse};
use folio::layout::{Options, layout};

fn assert_linear(name: &str, n: usize, f: impl Fn(usize)) {
    // A quadratic shape gives about 4 on every try; a linear one can miss once when other
    // tests hog the machine, so it gets three tries.
    let mut ratios = Vec::new();
    for _ in 0..3 {
        let ratio = doubling_ratio(n, &f);
        eprintln!("{name}: time at {} / time at {n} = {ratio:.2}", 2 * n);
        ratios.push(ratio);
        if ratio < 2.5 {
            return;
        }
    }
    panic!("{name}: time at 2n / time at n = {ratios:.2?}");
}

#[test]
fn nested_divs_in_a_saved_page() {
    assert_linear("nested <div> (html)", 20_000, |n| {
        let page = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
        let doc = parse(&page, SourceFormat::Html, "deep");
        assert!(doc.blocks.iter().any(|b| b.text().contains("deep text")));
    });
}

#[test]
fn nested_divs_inside_markdown() {
    assert_linear("nested <div> (markdown)", 20_000, |n| {
        let text = format!(
            "# T\n\n{}deep text{}\n",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let doc = parse(&text, SourceFormat::Markdown, "deep");
        assert!(doc.blocks.iter().any(|b| b.text().contains("deep text")));
    });
}

#[test]
fn nested_list_items() {
    assert_linear("nested <ul><li>", 10_000, |n| {
        let page = format!("{}item{}", "<ul><li>".repeat(n), "</li></ul>".repeat(n));
        std::hint::black_box(parse(&page, SourceFormat::Html, "li"));
    });
    assert_linear("unclosed <li>", 10_000, |n| {
        let page = format!("<ul>{}</ul>", "<li>item ".repeat(n));
        std::hint::black_box(parse(&page, SourceFormat::Html, "li"));
    });
}

#[test]
fn one_tag_with_many_attributes() {
    assert_linear("attributes", 20_000, |n| {
        let attrs = (0..n).fold(String::new(), |mut s, i| {
            s.push_str(&format!(" a{i}=\"v\""));
            s
        });
        let page = format!("<p{attrs}>words here</p>");
        let doc = parse(&page, SourceFormat::Html, "attrs");
        assert!(doc.blocks.iter().any(|b| b.text().contains("words")));
    });
}

#[test]
fn a_paragraph_of_many_links_wrapped() {
    assert_linear("links in one paragraph", 10_000, |n| {
        let text = (0..n).fold(String::new(), |mut s, i| {
            s.push_str(&format!("[link {i}](https://x.org/{i}) "));
            s
        });
        let doc = parse(&text, SourceFormat::Markdown, "links");
        let l = layout(&doc, &Options::reader(72));
        assert!(l.lines.len() > n / 10);
    });
}
