//! The training corpus: documents with known headings that are already on this machine,
//! read from where they lie and never copied into the repository.
//!
//! - `book`: the books and guides installed with the Rust toolchain (the Rust book, the
//!   reference, the nomicon, Rust by Example, the cargo, rustc, rustdoc and embedded books,
//!   the edition and style guides): mdBook HTML, prose-heavy. MIT OR Apache-2.0.
//! - `readme`: READMEs, changelogs and `docs/` pages of the crates in the cargo registry, the
//!   npm packages installed globally and the Python packages' descriptions (their own
//!   licences, all open source; used for training only).
//! - `sysdoc`: markdown and HTML that system packages install under `/usr/share/doc`.
//!
//! Everything is sorted and deduplicated by content, so a run on the same machine reads the
//! same documents in the same order.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::render::{self, Block, Kind};

/// Where a document comes from, for cross-domain figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// Books and guides (mostly prose).
    Book,
    /// Package READMEs, changelogs and docs.
    Readme,
    /// System documentation.
    Sysdoc,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Self::Book => "book",
            Self::Readme => "readme",
            Self::Sysdoc => "sysdoc",
        }
    }
}

/// One document of the corpus.
#[derive(Debug, Clone)]
pub struct Doc {
    pub path: PathBuf,
    pub source: Source,
    /// The headline: a heading that opens the document.
    pub title: Option<String>,
    /// The blocks after the title.
    pub body: Vec<Block>,
}

/// Longest document kept, in blocks: a few huge changelogs must not outweigh everything else.
const MAX_BLOCKS: usize = 600;

fn sorted_dir(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Files under `dir` (to `depth` levels) whose name satisfies `keep`, sorted.
fn files(dir: &Path, depth: usize, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    for path in sorted_dir(dir) {
        if path.is_symlink() {
            continue;
        }
        if path.is_dir() {
            if depth > 0 {
                files(&path, depth - 1, keep, out);
            }
        } else if keep(&path) {
            out.push(path);
        }
    }
}

fn ext(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from)
}

/// The mdBook HTML books of the first Rust toolchain that has them.
fn books() -> Vec<PathBuf> {
    let rustup =
        std::env::var_os("RUSTUP_HOME").map_or_else(|| home().join(".rustup"), PathBuf::from);
    let Some(html) = sorted_dir(&rustup.join("toolchains"))
        .into_iter()
        .map(|t| t.join("share/doc/rust/html"))
        .find(|p| p.join("book").is_dir())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for book in [
        "book",
        "reference",
        "nomicon",
        "rust-by-example",
        "edition-guide",
        "cargo",
        "rustc",
        "rustdoc",
        "embedded-book",
        "style-guide",
    ] {
        let keep = |p: &Path| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            ext(p) == "html"
                && !matches!(name, "print.html" | "toc.html" | "404.html" | "index.html")
                && !p.components().any(|c| {
                    c.as_os_str()
                        .to_str()
                        .is_some_and(|s| s.ends_with("-edition"))
                })
        };
        files(&html.join(book), 3, &keep, &mut out);
    }
    out
}

/// Markdown of the crates in the cargo registry (the newest version of each crate), of the
/// globally installed npm packages, and the Python packages' long descriptions.
fn readmes() -> Vec<PathBuf> {
    let cargo = std::env::var_os("CARGO_HOME").map_or_else(|| home().join(".cargo"), PathBuf::from);
    let mut crates: Vec<PathBuf> = Vec::new();
    for index in sorted_dir(&cargo.join("registry/src")) {
        crates.extend(sorted_dir(&index).into_iter().filter(|p| p.is_dir()));
    }
    // One version per crate: the last in sorted order (close enough to the newest).
    let mut by_name: Vec<(String, PathBuf)> = crates
        .into_iter()
        .filter_map(|p| {
            let dir = p.file_name()?.to_str()?.to_string();
            let name = dir
                .rsplit_once('-')
                .map_or(dir.as_str(), |(n, _)| n)
                .to_string();
            Some((name, p))
        })
        .collect();
    by_name.sort();
    let mut out = Vec::new();
    let md = |p: &Path| matches!(ext(p).as_str(), "md" | "markdown");
    for (i, (name, dir)) in by_name.iter().enumerate() {
        if by_name.get(i + 1).is_some_and(|(next, _)| next == name) {
            continue;
        }
        files(dir, 2, &md, &mut out);
    }
    for root in ["/usr/lib/node_modules", "/usr/lib/google-cloud-sdk"] {
        files(Path::new(root), 6, &|p: &Path| md(p), &mut out);
    }
    for root in [
        home().join(".pyenv/versions"),
        PathBuf::from("/usr/lib/python3"),
    ] {
        files(
            &root,
            6,
            &|p: &Path| {
                p.file_name().is_some_and(|n| n == "METADATA")
                    && p.parent()
                        .and_then(|d| d.to_str())
                        .is_some_and(|d| d.ends_with(".dist-info"))
            },
            &mut out,
        );
    }
    out
}

fn sysdocs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    files(
        Path::new("/usr/share/doc"),
        5,
        &|p: &Path| matches!(ext(p).as_str(), "md" | "markdown" | "html" | "htm"),
        &mut out,
    );
    out
}

/// A Python package's long description when it is markdown.
fn metadata_markdown(text: &str) -> Option<&str> {
    let (head, body) = text.split_once("\n\n")?;
    head.lines()
        .any(|l| {
            l.to_ascii_lowercase()
                .starts_with("description-content-type: text/markdown")
        })
        .then_some(body)
}

fn load(path: &Path, source: Source) -> Option<Doc> {
    let text = std::fs::read_to_string(path).ok()?;
    let blocks = if path.file_name().is_some_and(|n| n == "METADATA") {
        render::markdown(metadata_markdown(&text)?)
    } else if matches!(ext(path).as_str(), "html" | "htm") {
        render::html(&text)
    } else {
        render::markdown(&text)
    };
    let mut blocks: Vec<Block> = blocks.into_iter().take(MAX_BLOCKS).collect();
    // A heading that opens the page is its title (mdBook sets chapter titles in `h1` or
    // `h2`).
    let title = match blocks.first() {
        Some(Block {
            kind: Kind::Heading(1 | 2),
            text,
        }) => Some(text.clone()),
        _ => None,
    };
    if title.is_some() {
        blocks.remove(0);
    }
    // Redirect stubs, empty pages and lone tables of contents teach nothing.
    let prose = blocks
        .iter()
        .filter(|b| b.kind == Kind::Text && b.text.split(' ').count() >= 12)
        .count();
    (blocks.len() >= 4 && prose >= 2 && prose * 10 >= blocks.len()).then(|| Doc {
        path: path.to_path_buf(),
        source,
        title,
        body: blocks,
    })
}

/// Every document of the corpus, deduplicated by content.
pub fn collect() -> Vec<Doc> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (source, paths) in [
        (Source::Book, books()),
        (Source::Readme, readmes()),
        (Source::Sysdoc, sysdocs()),
    ] {
        for path in paths {
            let Some(doc) = load(&path, source) else {
                continue;
            };
            let key: Vec<&str> = doc.body.iter().take(40).map(|b| b.text.as_str()).collect();
            if seen.insert(super::hash(&key.join("\n"))) {
                out.push(doc);
            }
        }
    }
    out
}

/// Cleans one credit found in package metadata: no e-mail, no years, no "(C)".
fn clean_name(raw: &str) -> Option<String> {
    let mut s = raw.split(['<', '(']).next()?.to_string();
    for junk in ["Copyright", "copyright", "(C)", "(c)", "©"] {
        s = s.replace(junk, " ");
    }
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_digit() || c == ',' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let s = render::collapse(s.trim_matches(|c: char| c == '-' || c == '.' || c.is_whitespace()));
    let words = s.split(' ').count();
    let capitalised = s.split(' ').all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || matches!(
                w,
                "de" | "van" | "von" | "der" | "da" | "la" | "le" | "of" | "the"
            )
    });
    // People ("Jane Q. Roe") and groups ("The Tokio Team"), not credits that say more.
    let ok = (2..=5).contains(&words)
        && capitalised
        && !s.contains(" by ")
        && s.chars().count() <= 40
        && s.chars().next().is_some_and(char::is_alphabetic)
        && !s.contains(['@', '/', ':', '"', '\'', '`']);
    ok.then_some(s)
}

/// People and groups credited in the packages on this machine: crate authors, Python
/// package authors, Debian copyright holders. The header synthesis draws bylines from them.
pub fn names() -> Vec<String> {
    let mut out = BTreeSet::new();
    let cargo = std::env::var_os("CARGO_HOME").map_or_else(|| home().join(".cargo"), PathBuf::from);
    let mut tomls = Vec::new();
    for index in sorted_dir(&cargo.join("registry/src")) {
        for krate in sorted_dir(&index) {
            tomls.push(krate.join("Cargo.toml"));
        }
    }
    for toml in tomls {
        let Ok(text) = std::fs::read_to_string(&toml) else {
            continue;
        };
        // `authors = ["A <a@x>", "B"]`, on one line or several.
        let Some(at) = text.find("\nauthors") else {
            continue;
        };
        let rest = &text[at..];
        let end = rest.find(']').unwrap_or(rest.len());
        for quoted in rest[..end].split('"').skip(1).step_by(2) {
            out.extend(clean_name(quoted));
        }
    }
    let mut metas = Vec::new();
    for root in [
        home().join(".pyenv/versions"),
        PathBuf::from("/usr/lib/python3"),
    ] {
        files(
            &root,
            6,
            &|p: &Path| p.file_name().is_some_and(|n| n == "METADATA"),
            &mut metas,
        );
    }
    for m in metas {
        let Ok(text) = std::fs::read_to_string(&m) else {
            continue;
        };
        for line in text.lines().take(60) {
            if let Some(a) = line.strip_prefix("Author: ") {
                for part in a.split([',', '&']) {
                    out.extend(clean_name(part));
                }
            }
        }
    }
    for dir in sorted_dir(Path::new("/usr/share/doc")) {
        let Ok(text) = std::fs::read_to_string(dir.join("copyright")) else {
            continue;
        };
        for line in text.lines() {
            let l = line.trim();
            let l = l.strip_prefix("Copyright:").unwrap_or(l);
            if l.contains('@') || line.starts_with("Copyright:") {
                out.extend(clean_name(l));
            }
        }
    }
    out.into_iter().collect()
}
