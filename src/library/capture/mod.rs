//! Capture: `folio add` puts an article into the library from a web address, a saved page or
//! a paste. A page is fetched ([`fetch`]), its article extracted through the same path as a
//! saved page, and written as markdown with front matter (title, authors, date, source,
//! saved-at, tags); a paste is kept exactly as pasted, as `.txt`, named from the title the
//! plain-text engine recovers. Nothing is ever overwritten (but with `force`, the article
//! saved before from the same address) and nothing partial is ever left.

pub mod fetch;
pub mod save;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::document::{self, Document, SourceFormat};
use crate::error::Error;
use crate::export::{self, Format};

/// What to capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A web address.
    Url(String),
    /// A page saved from a browser.
    File(PathBuf),
    /// Text pasted on standard input.
    Paste(String),
}

impl Input {
    /// An argument of `folio add`: `-` for standard input (read by the caller), an address with
    /// a scheme, else a file.
    pub fn from_arg(arg: &str) -> Self {
        let lower = arg.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.contains("://") {
            Self::Url(arg.to_string())
        } else {
            Self::File(PathBuf::from(arg))
        }
    }
}

/// How to capture.
// Four independent switches of `folio add`, not the states of one machine.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder articles are written to.
    pub to: PathBuf,
    /// Tags for the front matter.
    pub tags: Vec<String>,
    /// Refresh an article saved before from the same address.
    pub force: bool,
    /// Keep the page as fetched beside the article (a hidden `.name.html`).
    pub keep_html: bool,
    /// Download the page's images into a folder beside the article and link them there.
    pub images: bool,
    /// Refuse a page that holds no article (else it is saved with a note).
    pub strict: bool,
    /// Give up on a server after this long.
    pub timeout: Duration,
    /// The largest page (and image) fetched, in bytes.
    pub max_bytes: u64,
    /// The time to write as `saved`, seconds since the epoch.
    pub now: u64,
}

impl Options {
    /// Defaults for writing to `to`.
    pub fn new(to: PathBuf) -> Self {
        Self {
            to,
            tags: Vec::new(),
            force: false,
            keep_html: false,
            images: false,
            strict: false,
            timeout: Duration::from_secs(30),
            max_bytes: 16 * 1024 * 1024,
            now: crate::state::now(),
        }
    }
}

/// A captured article, ready to write or print.
#[derive(Debug, Clone)]
pub struct Capture {
    /// Its title.
    pub title: String,
    /// The file's text.
    pub text: String,
    /// `md` or `txt`.
    pub extension: &'static str,
    /// The address it came from, when it came from the web.
    pub source: Option<String>,
    /// Something worth telling (a page that is not an article).
    pub note: Option<String>,
    /// The page as fetched, for `keep_html`.
    raw: Option<Vec<u8>>,
    /// Images to fetch for `images`: (address, file name in the images folder).
    images: Vec<(String, String)>,
}

/// What `add` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The article's file.
    pub path: PathBuf,
    /// Its title.
    pub title: String,
    /// It replaced the article saved before from the same address.
    pub refreshed: bool,
    /// Something worth telling (a page that is not an article, an image not fetched).
    pub note: Option<String>,
}

/// Fetches or reads `input` and makes the article's file.
pub fn capture(input: &Input, options: &Options) -> Result<Capture, Error> {
    match input {
        Input::Url(url) => {
            let page = fetch::fetch(url, options.timeout, options.max_bytes)?;
            let text =
                decode_page(&page.bytes, page.charset.as_deref()).ok_or_else(|| Error::Fetch {
                    url: url.clone(),
                    reason: "the page is not text (it holds NUL bytes)".into(),
                })?;
            let plain = page
                .mime
                .as_deref()
                .is_some_and(|m| m.starts_with("text/plain"));
            let format = if plain {
                SourceFormat::PlainText
            } else {
                SourceFormat::Html
            };
            let mut c = from_page(&text, format, Some(&page.url), options)?;
            c.raw = Some(page.bytes);
            Ok(c)
        }
        Input::File(path) => {
            let source = super::read(path, &super::Limits::default())?;
            if source.format != SourceFormat::Html {
                return Err(Error::unsupported(
                    path,
                    "folio add reads saved web pages (.html, .htm); other articles can be \
                     copied into the library as they are",
                ));
            }
            let mut c = from_page(&source.text, source.format, None, options)?;
            c.raw = std::fs::read(path).ok();
            Ok(c)
        }
        Input::Paste(text) => {
            let doc = document::parse(text, SourceFormat::PlainText, "");
            let title = doc
                .meta
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| "pasted article".to_string());
            Ok(Capture {
                title,
                text: text.clone(),
                extension: "txt",
                source: None,
                note: None,
                raw: None,
                images: Vec::new(),
            })
        }
    }
}

/// A page's bytes as text: the character set the server named, else the page's own
/// declaration or BOM (UTF-8 when none); `None` for a binary.
fn decode_page(bytes: &[u8], charset: Option<&str>) -> Option<String> {
    let has_bom = bytes.starts_with(&[0xef, 0xbb, 0xbf])
        || bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff]);
    let named = charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
    match named {
        Some(encoding) if !has_bom && encoding != encoding_rs::UTF_8 => {
            if memchr::memchr(0, bytes).is_some() {
                return None;
            }
            Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
        }
        _ => super::decode::decode_html(bytes).map(|d| d.text),
    }
}

/// The article of a page (or of plain text from the web) as markdown with front matter.
fn from_page(
    text: &str,
    format: SourceFormat,
    url: Option<&str>,
    options: &Options,
) -> Result<Capture, Error> {
    let (mut doc, note) = document::parse_with_note(text, format, "");
    if note.is_some() && options.strict {
        return Err(Error::Fetch {
            url: url.unwrap_or("the page").to_string(),
            reason: "the page holds no article (--strict)".into(),
        });
    }
    if let Some(url) = url {
        absolute_addresses(&mut doc, url);
    }
    if doc.meta.source.is_none() {
        doc.meta.source = url.map(String::from);
    }
    for tag in &options.tags {
        if !doc.meta.tags.contains(tag) {
            doc.meta.tags.push(tag.clone());
        }
    }
    let title = doc
        .meta
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| url.map(String::from))
        .unwrap_or_else(|| "saved page".into());
    doc.meta.title = Some(title.clone());
    let images = if options.images {
        page_images(&doc, doc.meta.source.as_deref().or(url))
    } else {
        Vec::new()
    };
    let markdown = export::export(&doc, Format::Markdown, None, true);
    let saved = save::rfc3339(options.now);
    Ok(Capture {
        title,
        text: save::with_saved_at(&markdown, &saved),
        extension: "md",
        source: doc.meta.source.clone(),
        note,
        raw: None,
        images,
    })
}

/// The page's images to fetch: each absolute (or resolved against the page's address) with
/// the name it gets in the images folder.
fn page_images(doc: &Document, base: Option<&str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for block in &doc.blocks {
        if let document::BlockKind::Image { src: Some(src), .. } = &block.kind
            && let Some(url) = resolve(src, base)
            && !out.iter().any(|(u, _)| *u == url)
        {
            let ext = Path::new(url.split(['?', '#']).next().unwrap_or(""))
                .extension()
                .and_then(|e| e.to_str())
                .filter(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
                .unwrap_or("img")
                .to_ascii_lowercase();
            let name = format!("{:02}.{ext}", out.len() + 1);
            out.push((url, name));
        }
    }
    out.truncate(50);
    out
}

/// Links and image sources made absolute against the address the page came from, so the
/// saved article points where the page pointed (in-page anchors and other schemes stay).
fn absolute_addresses(doc: &mut Document, base: &str) {
    fn blocks(list: &mut [document::Block], base: &str) {
        for block in list {
            match &mut block.kind {
                document::BlockKind::Image { src: Some(src), .. } => {
                    if let Some(url) = resolve(src, Some(base)) {
                        *src = url;
                    }
                }
                document::BlockKind::Badges(badges) => {
                    for badge in badges {
                        if let Some(url) = resolve(&badge.src, Some(base)) {
                            badge.src = url;
                        }
                    }
                }
                document::BlockKind::Quote(inner)
                | document::BlockKind::Callout { blocks: inner, .. }
                | document::BlockKind::Footnote { blocks: inner, .. } => blocks(inner, base),
                document::BlockKind::List { items, .. } => {
                    for item in items {
                        blocks(&mut item.blocks, base);
                    }
                }
                _ => {}
            }
        }
    }
    blocks(&mut doc.blocks, base);
    for link in &mut doc.links {
        if !link.starts_with('#')
            && let Some(url) = resolve(link, Some(base))
        {
            *link = url;
        }
    }
}

/// An image address made absolute against the page's address; `None` for one folio does not
/// fetch.
fn resolve(src: &str, base: Option<&str>) -> Option<String> {
    if fetch::check_url(src).is_ok() {
        return Some(src.to_string());
    }
    let base = base?;
    fetch::check_url(base).ok()?;
    let scheme_end = base.find("://")? + 3;
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if let Some(rest) = src.strip_prefix("//") {
        return Some(format!("{}//{rest}", &base[..scheme_end - 2]));
    }
    if src.starts_with('/') {
        return Some(format!("{}{src}", &base[..host_end]));
    }
    if src.contains(':') {
        return None;
    }
    let folder = base[..base
        .rfind('/')
        .filter(|&i| i >= host_end)
        .unwrap_or(base.len())]
        .to_string();
    Some(format!("{folder}/{src}"))
}

/// Captures `input` and writes it into `options.to`.
pub fn add(input: &Input, options: &Options) -> Result<Added, Error> {
    let mut capture = capture(input, options)?;
    std::fs::create_dir_all(&options.to).map_err(|e| Error::write(&options.to, &e))?;
    let mut refreshed = false;
    let path = match capture
        .source
        .as_deref()
        .and_then(|s| save::already_saved(&options.to, s))
    {
        Some(existing) if options.force => {
            refreshed = true;
            existing
        }
        Some(existing) => {
            return Err(Error::Fetch {
                url: capture.source.unwrap_or_default(),
                reason: format!(
                    "already saved as '{}' (--force refreshes it)",
                    existing.display()
                ),
            });
        }
        None => save::free_name(&options.to, &save::slug(&capture.title), capture.extension),
    };
    let mut notes: Vec<String> = capture.note.iter().cloned().collect();
    if options.images && !capture.images.is_empty() {
        notes.extend(fetch_images(&mut capture, &path, options));
    }
    save::write(&path, capture.text.as_bytes())?;
    if options.keep_html
        && let Some(raw) = &capture.raw
    {
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        save::write(&path.with_file_name(format!(".{stem}.html")), raw)?;
    }
    Ok(Added {
        path,
        title: capture.title,
        refreshed,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    })
}

/// Fetches the page's images into `<name>_images/` beside the article and points the
/// article's links there; says what could not be fetched.
fn fetch_images(capture: &mut Capture, path: &Path, options: &Options) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let folder_name = format!("{stem}_images");
    let folder = path.with_file_name(&folder_name);
    let mut failed = 0;
    for (url, name) in std::mem::take(&mut capture.images) {
        let fetched = fetch::fetch(&url, options.timeout, options.max_bytes).and_then(|page| {
            std::fs::create_dir_all(&folder).map_err(|e| Error::write(&folder, &e))?;
            save::write(&folder.join(&name), &page.bytes)
        });
        match fetched {
            Ok(()) => capture.text = capture.text.replace(&url, &format!("{folder_name}/{name}")),
            Err(_) => failed += 1,
        }
    }
    (failed > 0).then(|| format!("{failed} image(s) could not be fetched and stay remote"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_addresses_resolve_against_the_page() {
        let base = Some("https://news.example/2024/05/story.html");
        assert_eq!(
            resolve("pic.jpg", base).as_deref(),
            Some("https://news.example/2024/05/pic.jpg")
        );
        assert_eq!(
            resolve("/img/a.png", base).as_deref(),
            Some("https://news.example/img/a.png")
        );
        assert_eq!(
            resolve("//cdn.example/a.png", base).as_deref(),
            Some("https://cdn.example/a.png")
        );
        assert_eq!(
            resolve("https://x.example/a.png", None).as_deref(),
            Some("https://x.example/a.png")
        );
        assert_eq!(resolve("data:image/png;base64,xx", base), None);
        assert_eq!(resolve("pic.jpg", None), None);
    }

    #[test]
    fn a_paste_is_kept_as_pasted_and_named_from_its_title() {
        let text = "ANALYSIS\n\nA title of some length for a paste\n\nBy Ann Writer\n\nA first paragraph that goes on long enough to be prose, with a full stop. It goes on.\n";
        let dir = tempfile::tempdir().unwrap();
        let added = add(&Input::Paste(text.into()), &Options::new(dir.path().into())).unwrap();
        assert_eq!(added.title, "A title of some length for a paste");
        assert_eq!(
            added.path,
            dir.path().join("a-title-of-some-length-for-a-paste.txt")
        );
        assert_eq!(std::fs::read_to_string(&added.path).unwrap(), text);
        // A second paste of the same title gets a name of its own.
        let again = add(&Input::Paste(text.into()), &Options::new(dir.path().into())).unwrap();
        assert_eq!(
            again.path,
            dir.path().join("a-title-of-some-length-for-a-paste-2.txt")
        );
    }

    #[test]
    fn pages_decode_by_the_servers_charset_else_their_own() {
        assert_eq!(
            decode_page(b"<p>caf\xe9</p>", Some("iso-8859-1")).unwrap(),
            "<p>caf\u{e9}</p>"
        );
        assert!(
            decode_page(b"<meta charset=utf-8><p>caf\xc3\xa9", None)
                .unwrap()
                .ends_with('\u{e9}')
        );
        assert!(decode_page(b"a\0b", Some("latin1")).is_none());
    }
}
