//! `folio highlights`: highlights grouped by article as markdown (readable as is, ready for a
//! notes app) or JSON.

use serde::Serialize;

use super::Highlight;

/// The highlights of one article, with what names the article.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The article's file.
    pub path: String,
    /// Its title (the file name when it cannot be read any more).
    pub title: String,
    /// Its authors.
    pub authors: Vec<String>,
    /// Where it was saved from, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Whether the file is still there.
    pub missing: bool,
    /// Its highlights, in reading order (orphans last).
    pub highlights: Vec<Highlight>,
}

/// One JSON line per highlight is not what a notes app wants: one array of articles.
pub fn json(groups: &[Group]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        path: &'a str,
        title: &'a str,
        authors: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<&'a str>,
        missing: bool,
        highlights: Vec<Item<'a>>,
    }
    #[derive(Serialize)]
    struct Item<'a> {
        section: Option<&'a str>,
        heading_path: &'a [String],
        quote: &'a str,
        note: Option<&'a str>,
        created: String,
        start: usize,
        end: usize,
        orphaned: bool,
    }
    let out: Vec<Out> = groups
        .iter()
        .map(|g| Out {
            path: &g.path,
            title: &g.title,
            authors: &g.authors,
            source: g.source.as_deref(),
            missing: g.missing,
            highlights: g
                .highlights
                .iter()
                .map(|h| Item {
                    section: h.section(),
                    heading_path: &h.heading_path,
                    quote: &h.quote,
                    note: h.note.as_deref(),
                    created: crate::library::capture::save::rfc3339(h.created),
                    start: h.start,
                    end: h.end,
                    orphaned: h.orphaned,
                })
                .collect(),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// Markdown: a level-2 heading per article, its byline and source, a level-3 heading per
/// section, each quote as a block quote with its note below.
pub fn markdown(groups: &[Group]) -> String {
    let mut out = String::from("# Highlights\n");
    for g in groups {
        out.push_str(&format!("\n## {}\n\n", inline(&g.title)));
        let mut about = Vec::new();
        if !g.authors.is_empty() {
            about.push(inline(&g.authors.join(", ")));
        }
        if let Some(source) = &g.source {
            about.push(format!("<{}>", source.replace(['<', '>', ' '], "")));
        }
        about.push(format!("`{}`", g.path.replace('`', "'")));
        if g.missing {
            about.push("(the file is gone)".into());
        }
        out.push_str(&about.join(" · "));
        out.push('\n');
        let mut section: Option<Option<&str>> = None;
        for h in &g.highlights {
            if section != Some(h.section()) && !h.orphaned {
                if let Some(name) = h.section() {
                    out.push_str(&format!("\n### {}\n", inline(name)));
                }
                section = Some(h.section());
            }
            out.push('\n');
            for line in h.quote.lines() {
                out.push_str("> ");
                out.push_str(&block_line(line));
                out.push('\n');
            }
            if let Some(note) = h.note.as_deref().filter(|n| !n.trim().is_empty()) {
                out.push_str("\n**Note:** ");
                let lines: Vec<String> = note.lines().map(block_line).collect();
                out.push_str(&lines.join("  \n"));
                out.push('\n');
            }
            if h.orphaned {
                let place = h
                    .section()
                    .map(|s| format!(" (it was under \"{}\")", inline(s)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "\n*Orphaned: no longer found in the article{place}.*\n"
                ));
            }
        }
    }
    out
}

/// Text on one line of markdown, with what would start markup escaped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// A line of a quote or note: escaped like [`inline`], so it stays text.
fn block_line(line: &str) -> String {
    inline(line.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> Group {
        Group {
            path: "articles/a.txt".into(),
            title: "An article".into(),
            authors: vec!["A. Writer".into()],
            source: Some("https://example.org/a".into()),
            missing: false,
            highlights: vec![
                Highlight {
                    quote: "A first *passage*\nover two lines".into(),
                    heading_path: vec!["Part one".into()],
                    note: Some("Worth keeping.".into()),
                    created: 1_700_000_000,
                    ..Highlight::default()
                },
                Highlight {
                    quote: "A second passage".into(),
                    heading_path: vec!["Part one".into()],
                    ..Highlight::default()
                },
                Highlight {
                    quote: "Gone now".into(),
                    heading_path: vec!["Part two".into()],
                    orphaned: true,
                    ..Highlight::default()
                },
            ],
        }
    }

    #[test]
    fn markdown_groups_by_article_and_section_and_keeps_text_as_text() {
        let md = markdown(&[group()]);
        assert!(
            md.starts_with("# Highlights\n\n## An article\n\nA. Writer · "),
            "{md}"
        );
        assert_eq!(md.matches("### Part one").count(), 1, "{md}");
        assert!(
            md.contains("> A first \\*passage\\*\n> over two lines\n\n**Note:** Worth keeping.\n"),
            "{md}"
        );
        assert!(
            md.contains("*Orphaned: no longer found in the article (it was under \"Part two\").*"),
            "{md}"
        );
        // Re-read as markdown: the quotes are quotes, nothing became emphasis or a heading.
        let doc = crate::document::parse(&md, crate::document::SourceFormat::Markdown, "h");
        let quotes = doc
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, crate::document::BlockKind::Quote(_)))
            .count();
        assert_eq!(quotes, 3);
    }

    #[test]
    fn json_names_section_quote_and_note() {
        let v: serde_json::Value = serde_json::from_str(&json(&[group()])).unwrap();
        let h = &v[0]["highlights"][0];
        assert_eq!(h["section"], "Part one");
        assert_eq!(h["note"], "Worth keeping.");
        assert_eq!(h["created"], "2023-11-14T22:13:20Z");
        assert_eq!(v[0]["highlights"][2]["orphaned"], true);
    }
}
