//! Real-world markdown (READMEs from crates.io packages, kept in `tests/corpus/readmes/` with
//! their licences recorded) and the saved-page fixtures, read as a reader sees them: no raw
//! HTML tag, comment or alert marker in any rendered line, no URL broken across lines, every
//! link's target classified and every in-page anchor resolved (or reported), every image
//! marked. Plus snapshots of the plain export of a README with badges, alerts, details,
//! images, code and a wide table, at 80 and 120 columns.

use std::path::PathBuf;

use crate::common::{load, root};
use folio::document::{BlockKind, Document, InlineStyle, Target, visit_inlines};
use folio::layout::{Layout, Options, Role, layout};

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus/readmes"))
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("LICENSES.md"))
        .collect();
    files.extend(
        std::fs::read_dir(root().join("tests/fixtures/html"))
            .expect("pages")
            .flatten()
            .map(|e| e.path()),
    );
    files.push(root().join("tests/fixtures/readme-features.md"));
    files.sort();
    files
}

/// An HTML tag as a browser would read it: `<name`, `</name` or `<!--`.
fn html_tag(text: &str) -> Option<&str> {
    for (i, _) in text.match_indices('<') {
        let rest = &text[i + 1..];
        let name = rest.strip_prefix('/').unwrap_or(rest);
        let is_tag = name.starts_with("!--")
            || (name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .is_some_and(|e| matches!(name.as_bytes()[e], b'>' | b' ' | b'/')));
        if is_tag {
            let end = text[i..].find('>').map_or(text.len(), |e| i + e + 1);
            return Some(&text[i..end]);
        }
    }
    None
}

/// The text of a line outside code (code may show HTML on purpose).
fn prose(line: &folio::layout::Line) -> String {
    line.spans
        .iter()
        .filter(|s| {
            !matches!(s.role, Role::Code | Role::Syntax(_)) && !s.style.contains(InlineStyle::CODE)
        })
        .map(|s| s.text.as_str())
        .collect()
}

/// Text the document holds as code (a table cell loses its inline styles in layout, so a
/// tag found there is checked against this).
fn code_texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    visit_inlines(&doc.blocks, &mut |i| {
        if i.style.contains(InlineStyle::CODE) {
            out.push(i.text.clone());
        }
    });
    out
}

fn check_lines(name: &str, doc: &Document, l: &Layout, width: usize) {
    let code = code_texts(doc);
    for line in &l.lines {
        let text = prose(line);
        if let Some(tag) = html_tag(&text) {
            assert!(
                code.iter().any(|c| c.contains(tag)),
                "{name} at {width}: {tag:?} in {text:?}"
            );
        }
        for alert in [
            "[!NOTE]",
            "[!TIP]",
            "[!IMPORTANT]",
            "[!WARNING]",
            "[!CAUTION]",
        ] {
            assert!(!text.contains(alert), "{name} at {width}: {text:?}");
        }
        // An address shown in the list (or as an image's source) is whole on its line.
        for span in &line.spans {
            if let (Some(n), Role::LinkNumber | Role::Image) = (span.link(), span.role)
                && span.at().is_some()
            {
                let url = &doc.links[n - 1];
                assert!(
                    url.starts_with(span.text.as_str()) && span.text.len() == url.len()
                        || !url.contains(span.text.as_str()),
                    "{name} at {width}: a URL broken: {:?} of {url:?}",
                    span.text
                );
            }
        }
    }
}

#[test]
fn real_world_markdown_reads_cleanly() {
    let files = corpus();
    assert!(files.len() >= 30, "{} files", files.len());
    let mut unresolved = Vec::new();
    let (mut anchors, mut images) = (0, 0);
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let doc = load(path);
        for width in [40, 80, 120] {
            let reader = layout(&doc, &Options::reader(width).with_pane(width + 30));
            check_lines(&name, &doc, &reader, width);
            check_lines(
                &name,
                &doc,
                &layout(&doc, &Options::plain(Some(width))),
                width,
            );
        }
        // Every link leads somewhere folio can tell: the web, a heading here, or a file.
        for n in 1..=doc.links.len() {
            match doc.target(n).expect("a target for every link") {
                Target::Anchor { slug, block } => {
                    anchors += 1;
                    if block.is_none() {
                        unresolved.push(format!("{name}: #{slug}"));
                    }
                }
                Target::External(url) => assert!(!url.is_empty()),
                Target::Local { .. } => {}
            }
        }
        // Every image is marked: `▣` before each image block and image in text, badges on
        // their quiet line.
        let text = layout(&doc, &Options::plain(None)).to_text();
        let mut marked = 0;
        visit_inlines(&doc.blocks, &mut |i| {
            if i.style.contains(InlineStyle::IMAGE) {
                marked += 1;
            }
        });
        for block in &doc.blocks {
            match &block.kind {
                BlockKind::Image { .. } => marked += 1,
                BlockKind::Badges(badges) => {
                    for badge in badges {
                        assert!(text.contains(&badge.alt), "{name}: badge {:?}", badge.alt);
                    }
                }
                _ => {}
            }
        }
        images += marked;
        assert!(
            text.matches('▣').count() >= marked,
            "{name}: {marked} images, {} markers",
            text.matches('▣').count()
        );
    }
    eprintln!(
        "{} files, {images} images marked, {anchors} in-page links, unresolved: {unresolved:?}",
        files.len()
    );
    // An anchor may name an element the page gives an id by hand; most name headings.
    assert!(
        unresolved.len() * 10 <= anchors.max(1),
        "unresolved in-page links: {unresolved:?}"
    );
}

#[test]
fn a_readme_with_everything_at_80_and_120() {
    let path = root().join("tests/fixtures/readme-features.md");
    let doc = load(&path);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for width in [80, 120] {
            let text = folio::export::plain(&doc, Some(width), true);
            insta::assert_snapshot!(format!("readme_features__plain__w{width}"), text);
        }
    });
    // What the reader needs to follow links and footnotes is on the lines.
    let l = layout(&doc, &Options::reader(80).with_pane(100));
    let jumps: Vec<folio::layout::Jump> = l
        .lines
        .iter()
        .flat_map(folio::layout::Line::hotspots)
        .map(|h| h.jump)
        .collect();
    let anchor = jumps.iter().find_map(|j| match j {
        folio::layout::Jump::Link(n) => match doc.target(*n) {
            Some(Target::Anchor { block, .. }) => block,
            _ => None,
        },
        folio::layout::Jump::Note(_) => None,
    });
    let installing = doc.blocks.iter().position(|b| b.text() == "Installing");
    assert_eq!(anchor, installing);
    let note = jumps.iter().find_map(|j| match j {
        folio::layout::Jump::Note(block) => Some(*block),
        folio::layout::Jump::Link(_) => None,
    });
    assert!(note.is_some_and(|b| matches!(doc.blocks[b].kind, BlockKind::Footnote { .. })));
}

/// Every markdown file in the repository, and all of them end to end as one, parsed in parts
/// of many sizes on two and three threads: the same document as parsed whole.
#[test]
fn markdown_parsed_in_parts_is_the_markdown_parsed_whole() {
    use folio::document::markdown::parse_in_parts;
    let mut files = Vec::new();
    for dir in [
        "tests/corpus/readmes",
        "tests/fixtures",
        "tests/hostile",
        "articles",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).expect("dir").flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            (p.display().to_string(), text)
        })
        .collect();
    let all: String = texts
        .iter()
        .flat_map(|(_, t)| [t.as_str(), "\n\n"])
        .collect();
    texts.push(("all of them".into(), all));
    let mut cut = 0;
    for (name, text) in &texts {
        let whole = parse_in_parts(text, usize::MAX / 8, 1);
        for part in [1, 3, 40, 700, 5000] {
            for threads in [2, 3] {
                let parts = parse_in_parts(text, part, threads);
                assert_eq!(
                    parts.blocks, whole.blocks,
                    "{name}: blocks, parts of {part}"
                );
                assert_eq!(parts.links, whole.links, "{name}: links, parts of {part}");
                assert_eq!(parts.meta, whole.meta, "{name}: meta, parts of {part}");
                assert_eq!(parts.outline, whole.outline, "{name}: outline");
            }
        }
        cut += usize::from(folio::document::markdown::parts_used(text, 1) > 1);
    }
    // The test means something only if many files were cut.
    assert!(cut > 20, "only {cut} of {} files were cut", texts.len());
}
