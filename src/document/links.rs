//! Where a link leads: a web address, a heading of the same article, or another file.
//!
//! Targets are classified from the text the source gave (never fetched or opened here), and
//! in-page anchors are resolved against the article's headings with GitHub's slug rules, so
//! `[see](#bit-collections)` finds `## Bit collections`.

use std::collections::HashMap;

use super::{Block, BlockKind, inline_text};

/// Where a link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// A URL with a scheme (`https:`, `mailto:`) or a network path (`//host/...`): opened
    /// outside folio.
    External(&'a str),
    /// `#slug`: a place in this article. `block` is the top-level block holding the heading
    /// it names, when one does.
    Anchor {
        /// The fragment without `#`, percent-decoding not applied.
        slug: &'a str,
        /// Index into the document's blocks of the heading (or its top-level container).
        block: Option<usize>,
    },
    /// A path relative to the article's folder (or absolute, or a `file:` URL), with the
    /// fragment after `#` when there is one: resolved by the app against the article's path.
    Local {
        /// The path as written (`file://` removed).
        path: &'a str,
        /// The part after `#`, if any.
        fragment: Option<&'a str>,
    },
}

/// Classifies a link target as written in the source; anchors are left unresolved.
pub fn classify(url: &str) -> Target<'_> {
    let url = url.trim();
    if let Some(slug) = url.strip_prefix('#') {
        return Target::Anchor { slug, block: None };
    }
    if url.starts_with("//") {
        return Target::External(url);
    }
    let file = url
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("file:"))
        .map(|_| &url[5..]);
    if let Some(rest) = file {
        let path = rest.strip_prefix("//").unwrap_or(rest);
        return local(path);
    }
    if has_scheme(url) {
        return Target::External(url);
    }
    local(url)
}

fn local(path: &str) -> Target<'_> {
    match path.split_once('#') {
        Some((path, fragment)) => Target::Local {
            path,
            fragment: Some(fragment),
        },
        None => Target::Local {
            path,
            fragment: None,
        },
    }
}

/// `scheme:` as RFC 3986 has it (a letter, then letters, digits, `+`, `-`, `.`), two letters
/// at least so that a Windows drive (`C:\`) stays a path.
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// GitHub's anchor for a heading's text: lower-cased, spaces become `-`, and everything that
/// is not a letter, digit, combining mark, `-` or `_` is dropped ("Bit collections" ->
/// `bit-collections`, "What's new?" -> `whats-new`).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c == ' ' {
            out.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' || is_combining(c) {
            out.push(c);
        }
    }
    out
}

/// Combining marks that `char::is_alphanumeric` leaves out (accents written apart).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// `%xx` sequences decoded (as UTF-8, lossily); other text as it is.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The in-page anchors of a document: each heading's slug (numbered `-1`, `-2` when repeated,
/// as GitHub does) to the top-level block that holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchors {
    map: HashMap<String, usize>,
}

impl Anchors {
    /// The anchors of `blocks`; `title` (a first heading shown only in the header) comes first
    /// and leads to the top.
    pub fn new(title: Option<&str>, blocks: &[Block]) -> Self {
        let mut anchors = Self::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut add = |text: &str, block: usize| {
            // As github-slugger does: a taken name gets `-1`, `-2`, ... counted per base name,
            // and every name given out is taken.
            let base = slug(text);
            let mut name = base.clone();
            while seen.contains_key(&name) {
                let count = seen.entry(base.clone()).or_insert(0);
                *count += 1;
                name = format!("{base}-{count}");
            }
            seen.insert(name.clone(), 0);
            anchors.map.insert(name, block);
        };
        if let Some(title) = title {
            add(title, 0);
        }
        for (i, block) in blocks.iter().enumerate() {
            let mut stack = vec![block];
            while let Some(b) = stack.pop() {
                match &b.kind {
                    BlockKind::Heading { inlines, .. } => add(&inline_text(inlines), i),
                    BlockKind::Quote(inner)
                    | BlockKind::Callout { blocks: inner, .. }
                    | BlockKind::Footnote { blocks: inner, .. } => stack.extend(inner.iter().rev()),
                    BlockKind::List { items, .. } => {
                        stack.extend(items.iter().rev().flat_map(|it| it.blocks.iter().rev()));
                    }
                    _ => {}
                }
            }
        }
        anchors
    }

    /// The block a fragment (without `#`) names: as written, percent-decoded, or as the slug
    /// of what it says (`#Usage` finds `usage`).
    pub fn get(&self, fragment: &str) -> Option<usize> {
        if let Some(&b) = self.map.get(fragment) {
            return Some(b);
        }
        let decoded = percent_decode(fragment);
        self.map
            .get(&decoded)
            .or_else(|| self.map.get(&decoded.to_lowercase()))
            .or_else(|| self.map.get(&slug(&decoded)))
            .copied()
    }

    /// How many anchors there are.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_githubs_rules() {
        assert_eq!(slug("Bit collections"), "bit-collections");
        assert_eq!(slug("What's new?"), "whats-new");
        assert_eq!(slug("  `serde_json::Value`  "), "serde_jsonvalue");
        assert_eq!(slug("Über café"), "über-café");
        assert_eq!(slug("a  b"), "a--b");
        assert_eq!(slug("C++ & Rust"), "c--rust");
        assert_eq!(slug("日本語 テスト"), "日本語-テスト");
        assert_eq!(slug("1.2.3 Release 🎉"), "123-release-");
    }

    #[test]
    fn targets_are_classified() {
        assert_eq!(
            classify("https://x.org/a"),
            Target::External("https://x.org/a")
        );
        assert_eq!(classify("mailto:a@b.c"), Target::External("mailto:a@b.c"));
        assert_eq!(classify("//cdn.x/y"), Target::External("//cdn.x/y"));
        assert_eq!(
            classify("#usage"),
            Target::Anchor {
                slug: "usage",
                block: None
            }
        );
        assert_eq!(
            classify("docs/guide.md#install"),
            Target::Local {
                path: "docs/guide.md",
                fragment: Some("install")
            }
        );
        assert_eq!(
            classify("file:///tmp/a.md"),
            Target::Local {
                path: "/tmp/a.md",
                fragment: None
            }
        );
        assert_eq!(
            classify("C:\\notes\\a.md"),
            Target::Local {
                path: "C:\\notes\\a.md",
                fragment: None
            }
        );
        assert_eq!(
            classify("../README.md"),
            Target::Local {
                path: "../README.md",
                fragment: None
            }
        );
    }

    #[test]
    fn repeated_headings_are_numbered_and_fragments_decoded() {
        let doc = crate::document::parse(
            "# Top\n\n## Usage\n\ntext\n\n## Usage\n\n## Usage-1\n\n## Ünïcode\n",
            crate::document::SourceFormat::Markdown,
            "t",
        );
        let anchors = Anchors::new(doc.meta.title.as_deref(), &doc.blocks);
        let heading = |text: &str| {
            doc.blocks
                .iter()
                .position(|b| b.text() == text)
                .expect("heading")
        };
        assert_eq!(anchors.get("usage"), Some(heading("Usage")));
        let second = doc.blocks.iter().rposition(|b| b.text() == "Usage");
        assert_eq!(anchors.get("usage-1"), second);
        assert_eq!(anchors.get("usage-1-1"), Some(heading("Usage-1")));
        assert_eq!(anchors.get("%C3%BCn%C3%AFcode"), Some(heading("Ünïcode")));
        assert_eq!(anchors.get("Usage"), Some(heading("Usage")));
        assert_eq!(anchors.get("top"), Some(0));
        assert_eq!(anchors.get("nowhere"), None);
    }
}
