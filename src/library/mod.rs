//! The library: finding article files and opening them. The only module that reads articles
//! from the disk.
//!
//! Bytes become a [`Document`] in one place, [`Source::open`]: the reader, the command line,
//! the index workers, library-wide search and background jobs all go through it. Reading
//! never blocks on special files (only regular files are opened, without blocking, and checked
//! again once open; reading stops one chunk past the size limit, whatever size the file
//! claims), and happens off the reader's event loop; it refuses binaries and oversized files with a
//! reason, and decodes UTF-8 (with or without BOM) and UTF-16 with a BOM; invalid UTF-8 is
//! shown with replacement characters and a note. A saved web page may declare another
//! character set in a `<meta>` element; it is honoured. Standard input (`-`) is read the
//! same way, its format guessed ([`sniff`]).

use std::fs;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub mod capture;
pub mod decode;
pub mod hash;
mod head;
pub mod index;
pub mod search;
pub mod walk;

pub use walk::Found;

use crate::config::LibraryConfig;
use crate::document::{self, Document, SourceFormat, format_for};
use crate::error::Error;

/// Limits on what is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this many bytes are listed but not opened.
    pub max_file_size: u64,
    /// Extra extensions (beyond the markdown and text ones) read as plain text.
    pub extensions: Vec<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Self::from(&LibraryConfig::default())
    }
}

impl From<&LibraryConfig> for Limits {
    fn from(config: &LibraryConfig) -> Self {
        Self {
            max_file_size: config.max_file_size(),
            extensions: config.extensions.clone(),
        }
    }
}

/// What a folder scan picks up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOptions {
    /// Extensions (without the dot, any case) that are articles.
    pub extensions: Vec<String>,
    /// Descend into sub-folders.
    pub recursive: bool,
    /// Gitignore-style patterns to skip.
    pub ignore: Vec<String>,
    /// Honour `.gitignore` files.
    pub respect_gitignore: bool,
    /// Which links to folders are followed, and whether to leave the file system.
    pub follow: crate::config::FollowLinks,
    /// Name what is found through a symbolic link by its canonical path (the reader does, so
    /// that an article has one key whatever the way to it; the command line shows paths as
    /// found).
    pub resolve_links: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self::from(&LibraryConfig::default())
    }
}

impl From<&LibraryConfig> for ScanOptions {
    fn from(config: &LibraryConfig) -> Self {
        Self {
            extensions: config.extensions.clone(),
            recursive: config.recursive,
            ignore: config.ignore.clone(),
            respect_gitignore: config.respect_gitignore,
            follow: config.follow_links,
            resolve_links: false,
        }
    }
}

/// What identifies a version of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileInfo {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub modified: u64,
    /// Modification time in nanoseconds since the epoch (what the index cache compares).
    pub modified_ns: u64,
    /// [`hash::content_hash`] of the bytes.
    pub hash: String,
    /// Length of the decoded text (source offsets are within it).
    pub len: usize,
}

/// An article's text before parsing, with what is needed to parse it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The decoded text.
    pub text: String,
    /// Which loader it needs.
    pub format: SourceFormat,
    /// The file stem, the title of last resort.
    pub name: String,
    /// A note such as "invalid UTF-8 replaced", when the bytes needed repair.
    pub note: Option<String>,
    /// Size, time and content hash.
    pub info: FileInfo,
}

/// How much of an article to parse when opening it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// All of it.
    Whole,
    /// A big article only as far as its preview (see [`document::preview_of`]); the rest is
    /// handed back as [`Opened::rest`] to parse later, away from the keyboard.
    Preview,
}

/// An opened article.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The document (of the preview, when [`rest`](Self::rest) is set).
    pub doc: Document,
    /// Size, time and content hash of the file.
    pub info: FileInfo,
    /// Something to tell about how it was read (invalid UTF-8 repaired, a page that is not an
    /// article).
    pub note: Option<String>,
    /// For a big article opened as a preview: the whole text, still to parse.
    pub rest: Option<Rest>,
}

impl Opened {
    /// An opened document with no file behind it (tests, benchmarks).
    pub fn new(doc: Document) -> Self {
        let len = doc.blocks.last().map_or(0, |b| b.source.end);
        Self {
            doc,
            info: FileInfo {
                len,
                ..FileInfo::default()
            },
            note: None,
            rest: None,
        }
    }
}

/// The whole text of an article opened as a preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rest {
    /// The whole text, or where to read it.
    pub whole: Whole,
    /// Its loader.
    pub format: SourceFormat,
    /// The file stem.
    pub name: String,
}

/// The whole text behind a preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whole {
    /// Read already (the preview's offsets are offsets in it); shared, never copied (a copy of
    /// 50 MB is 15 ms before the first frame).
    Text(Arc<String>),
    /// Only the head of the file was read for the preview ([`open`]): the whole is read,
    /// checked and hashed later, away from the first frame.
    Unread {
        /// The file.
        path: PathBuf,
        /// The limits it was opened under.
        limits: Limits,
    },
}

/// The whole of an article parsed behind its preview.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document.
    pub doc: Document,
    /// What reading and parsing had to tell (invalid UTF-8, a page that is not an article).
    pub note: Option<String>,
    /// The file as read now, when only its head had been read before: the preview knew its
    /// size and time but not its hash.
    pub info: Option<FileInfo>,
}

impl Rest {
    /// The whole text, when it has been read.
    pub fn text(&self) -> Option<&str> {
        match &self.whole {
            Whole::Text(text) => Some(text),
            Whole::Unread { .. } => None,
        }
    }

    /// Parses the whole text (reading it first when only the head was read).
    pub fn parse(&self) -> Result<Parsed, Error> {
        match &self.whole {
            Whole::Text(text) => {
                let (doc, note) = document::parse_with_note(text, self.format, &self.name);
                Ok(Parsed {
                    doc,
                    note,
                    info: None,
                })
            }
            Whole::Unread { path, limits } => {
                let source = read(path, limits)?;
                let (doc, note) =
                    document::parse_with_note(&source.text, source.format, &source.name);
                Ok(Parsed {
                    doc,
                    note: joined(source.note, note),
                    info: Some(source.info),
                })
            }
        }
    }
}

fn joined(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    }
}

impl Source {
    /// Parses the text: all of it, or for a big article with [`Extent::Preview`] only its
    /// preview, the rest handed back to parse later.
    pub fn open(self, extent: Extent) -> Opened {
        let end = match extent {
            Extent::Whole => self.text.len(),
            Extent::Preview => document::preview_of(&self.text, self.format),
        };
        if end < self.text.len() {
            let doc = document::parse(&self.text[..end], self.format, &self.name);
            return Opened {
                doc,
                info: self.info,
                note: self.note,
                rest: Some(Rest {
                    whole: Whole::Text(Arc::new(self.text)),
                    format: self.format,
                    name: self.name,
                }),
            };
        }
        let (doc, parse_note) = document::parse_with_note(&self.text, self.format, &self.name);
        Opened {
            doc,
            info: self.info,
            note: joined(self.note, parse_note),
            rest: None,
        }
    }
}

/// Reads and parses one article (see [`Source::open`]). The preview of a big file is made
/// from its head alone when it can be ([`head::open`]), so that a 50 MB article shows as soon
/// as a 5 MB one.
pub fn open(path: &Path, limits: &Limits, extent: Extent) -> Result<Opened, Error> {
    let (file, meta, format) = open_file(path, limits)?;
    if extent == Extent::Preview {
        match head::open(&file, &meta, format, path, limits)? {
            ControlFlow::Break(opened) => return Ok(opened),
            ControlFlow::Continue(()) => {}
        }
    }
    Ok(read_opened(file, &meta, format, path, limits)?.open(extent))
}

/// Reads and decodes one article without parsing it.
pub fn read(path: &Path, limits: &Limits) -> Result<Source, Error> {
    let (file, meta, format) = open_file(path, limits)?;
    read_opened(file, &meta, format, path, limits)
}

/// Opens an article file (a regular file, without blocking) and tells its loader.
fn open_file(
    path: &Path,
    limits: &Limits,
) -> Result<(fs::File, fs::Metadata, SourceFormat), Error> {
    // Opened without blocking (a FIFO would block) and only then looked at, through the open
    // file: looking at the path first would cost a system call per article in the index, and
    // what it saw could be replaced before the opening anyway.
    let mut options = fs::OpenOptions::new();
    options.read(true);
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        rustix::fs::OFlags::NONBLOCK.bits() as i32,
    );
    let file = options.open(path).map_err(|e| {
        // A socket cannot be opened: say what it is rather than the system's "no such device".
        match fs::metadata(path) {
            Ok(meta) => check_kind(path, &meta, limits).err(),
            Err(_) => None,
        }
        .unwrap_or_else(|| Error::read(path, &e))
    })?;
    let meta = file.metadata().map_err(|e| Error::read(path, &e))?;
    check_kind(path, &meta, limits)?;
    let format = format_for(path)
        .or_else(|| has_extension(path, &limits.extensions).then_some(SourceFormat::PlainText));
    let Some(format) = format else {
        return Err(Error::unsupported(
            path,
            format!(
                "unsupported file type (folio reads {}; other extensions listed in the config \
                 are read as plain text)",
                document::extensions_in_words()
            ),
        ));
    };
    Ok((file, meta, format))
}

/// Reads and decodes an article file opened by [`open_file`], from its start.
fn read_opened(
    file: fs::File,
    meta: &fs::Metadata,
    format: SourceFormat,
    path: &Path,
    limits: &Limits,
) -> Result<Source, Error> {
    let bytes = read_bounded(file, meta.len(), limits)
        .map_err(|e| Error::read(path, &e))?
        .ok_or_else(|| too_big(path, limits))?;
    decode_source(bytes, format, stem(path), index::modified_ns(meta), path)
}

/// The file stem, the title of last resort.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What standard input is called in messages.
pub const STDIN: &str = "standard input";

/// Reads an article from standard input (`-` on the command line), as [`read`] reads a file:
/// at most the size limit, binaries refused. With no file name to go by, its format is
/// guessed ([`sniff`]).
pub fn read_stdin(limits: &Limits) -> Result<Source, Error> {
    let path = Path::new(STDIN);
    let bytes = read_bounded(std::io::stdin().lock(), 0, limits)
        .map_err(|e| Error::read(path, &e))?
        .ok_or_else(|| too_big(path, limits))?;
    let format = sniff(&bytes);
    decode_source(bytes, format, String::new(), 0, path)
}

/// The format of text without a file name: a web page when it starts as one (`<!doctype`,
/// `<html`), markdown when a line starts a markdown heading (`# `) or a code fence, or the
/// text opens with front matter; otherwise plain text, which folio reads for its structure.
pub fn sniff(bytes: &[u8]) -> SourceFormat {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let lower = text.get(..14).unwrap_or(text).to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return SourceFormat::Html;
    }
    let front_matter = text.starts_with("---\n") || text.starts_with("+++\n");
    let marked = text.lines().any(|l| {
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        ((1..=6).contains(&hashes) && l[hashes..].starts_with(' '))
            || l.starts_with("```")
            || l.starts_with("~~~")
    });
    if front_matter || marked {
        SourceFormat::Markdown
    } else {
        SourceFormat::PlainText
    }
}

fn too_big(path: &Path, limits: &Limits) -> Error {
    Error::unsupported(
        path,
        format!(
            "file is larger than the {} MiB limit (max-file-size-mib in the config)",
            limits.max_file_size / (1024 * 1024)
        ),
    )
}

/// Refuses what is not a regular file within the size limit.
fn check_kind(path: &Path, meta: &fs::Metadata, limits: &Limits) -> Result<(), Error> {
    if meta.is_dir() {
        return Err(Error::unsupported(
            path,
            "is a directory; use `folio list DIR` or `folio DIR`",
        ));
    }
    if !meta.is_file() {
        return Err(Error::unsupported(path, "not a regular file"));
    }
    if meta.len() > limits.max_file_size {
        return Err(too_big(path, limits));
    }
    Ok(())
}

/// At most the size limit from `from`; `None` when there is more. A size of 0 can lie (files
/// under /proc report it), so such a file is read until it ends or one chunk past the limit.
/// Chunks are 64 KiB: some kernel files (`/proc/self/pagemap`) refuse reads that are not a
/// multiple of 8 bytes.
fn read_bounded(
    mut from: impl Read,
    claimed: u64,
    limits: &Limits,
) -> std::io::Result<Option<Vec<u8>>> {
    const CHUNK: usize = 64 * 1024;
    if claimed > 0 && claimed <= limits.max_file_size {
        // A regular file that says its size is read straight into place, that much and no
        // more: no copy through a buffer and no further read to find the end (it costs a
        // system call per article in the index). One that grows meanwhile is read as it was.
        let mut bytes = Vec::with_capacity(usize::try_from(claimed).unwrap_or(0));
        from.take(claimed).read_to_end(&mut bytes)?;
        return Ok(Some(bytes));
    }
    let mut bytes = Vec::new();
    let mut chunk = vec![0; CHUNK];
    loop {
        let n = match from.read(&mut chunk) {
            Ok(0) => return Ok(Some(bytes)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > limits.max_file_size {
            return Ok(None);
        }
    }
}

/// Decodes an article's bytes (`path` only names it in messages).
fn decode_source(
    bytes: Vec<u8>,
    format: SourceFormat,
    name: String,
    modified_ns: u64,
    path: &Path,
) -> Result<Source, Error> {
    let size = bytes.len() as u64;
    let hash = hash::content_hash(&bytes);
    let decoded = if format == SourceFormat::Html {
        decode::decode_html(&bytes)
    } else {
        decode::decode_owned(bytes)
    };
    let decoded = decoded.ok_or_else(|| Error::unsupported(path, decode::BINARY))?;
    let info = FileInfo {
        size,
        modified: modified_ns / 1_000_000_000,
        modified_ns,
        hash,
        len: decoded.text.len(),
    };
    Ok(Source {
        text: decoded.text,
        format,
        name,
        note: decoded.note,
        info,
    })
}

/// The line (1-based, as editors count) of byte `offset` of the file at `path`; 1 when the
/// file cannot be read. Only the bytes before `offset` are read.
pub fn line_of_offset(path: &Path, offset: usize) -> usize {
    let mut bytes = Vec::new();
    let read = fs::File::open(path).and_then(|f| f.take(offset as u64).read_to_end(&mut bytes));
    match read {
        Ok(_) => bytes.split(|&c| c == b'\n').count(),
        Err(_) => 1,
    }
}

/// The path folio knows an article by (its key in the reading state, in the index cache and in
/// the reader's list): canonical (absolute, symbolic links and `..` resolved), so the same
/// file opened from two folders, or the same name in two projects, is never confused. A path
/// that cannot be resolved (it does not exist) is made absolute as it stands.
pub fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// [`canonical`] as the key of the reading state.
pub fn key(path: &Path) -> String {
    canonical(path).display().to_string()
}

/// Every article file under `paths`: files are taken as given, folders are walked (hidden
/// entries skipped, symlink loops reported, `.gitignore` and the ignore patterns honoured) and
/// their articles sorted by path. Problems are reported alongside, never fatal.
pub fn scan(paths: &[PathBuf], options: &ScanOptions) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let _ = scan_each(paths, options, &mut |found| {
        match found {
            Found::File(path) => files.push(path),
            Found::Problem(e) => errors.push(e),
        }
        ControlFlow::Continue(())
    });
    (files, errors)
}

/// [`scan`], one find at a time and in the same order, for callers that show the first
/// articles while the rest are being found; `emit` returning `Break` stops the scan.
pub fn scan_each(
    paths: &[PathBuf],
    options: &ScanOptions,
    emit: &mut dyn FnMut(Found) -> ControlFlow<()>,
) -> ControlFlow<()> {
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk::walk(path, options, emit)?,
            Ok(_) => emit(Found::File(path.clone()))?,
            Err(e) => emit(Found::Problem(Error::read(path, &e)))?,
        }
    }
    ControlFlow::Continue(())
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Whether a file name has an extension folio reads by default (files without one are
/// skipped in scans).
pub fn is_article_name(path: &Path) -> bool {
    path.extension().is_some() && format_for(path).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_claims_less_than_it_holds_is_still_cut_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "word ".repeat(1000)).unwrap();
        let limits = Limits {
            max_file_size: 100,
            ..Limits::default()
        };
        let e = read(&path, &limits).unwrap_err().to_string();
        assert!(e.contains("larger than"), "{e}");
        assert!(read(&path, &Limits::default()).is_ok());
    }

    #[test]
    fn a_preview_hands_back_the_rest_with_the_same_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let mut text = String::from("# Big\n\n");
        while text.len() <= document::BIG * 2 {
            text.push_str("A paragraph of words that goes on for a while.\n\n");
        }
        fs::write(&path, &text).unwrap();
        let preview = read(&path, &Limits::default())
            .unwrap()
            .open(Extent::Preview);
        let rest = preview.rest.as_ref().expect("a big article has a rest");
        assert_eq!(rest.text(), Some(&*text));
        let whole = rest.parse().unwrap().doc;
        assert_eq!(
            preview.doc.blocks[..],
            whole.blocks[..preview.doc.blocks.len()]
        );
        let all = open(&path, &Limits::default(), Extent::Whole).unwrap();
        assert!(all.rest.is_none());
        assert_eq!(all.doc.blocks.len(), whole.blocks.len());
        assert_eq!(all.info, preview.info);
    }

    #[test]
    fn lines_are_counted_as_editors_count_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        fs::write(&path, "one\ntwo\nthree\n").unwrap();
        assert_eq!(line_of_offset(&path, 0), 1);
        assert_eq!(line_of_offset(&path, 4), 2);
        assert_eq!(line_of_offset(&path, 999), 4);
        assert_eq!(line_of_offset(&dir.path().join("none"), 5), 1);
    }

    #[test]
    fn a_link_to_a_proc_file_that_claims_nothing_is_still_cut_at_the_limit() {
        let map = Path::new("/proc/self/pagemap");
        if !map.exists() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("map.txt");
        std::os::unix::fs::symlink(map, &link).unwrap();
        assert_eq!(
            fs::metadata(&link).unwrap().len(),
            0,
            "it claims to be empty"
        );
        let limits = Limits {
            max_file_size: 1024 * 1024,
            ..Limits::default()
        };
        match read(&link, &limits) {
            Err(e) => {
                let e = e.to_string();
                assert!(e.contains("larger than"), "{e}");
            }
            Ok(source) => panic!("read {} bytes of the page map", source.info.size),
        }
    }

    #[test]
    fn text_without_a_name_is_sniffed() {
        assert_eq!(sniff(b"  <!DOCTYPE html><p>x"), SourceFormat::Html);
        assert_eq!(sniff(b"<html lang=en>"), SourceFormat::Html);
        assert_eq!(
            sniff(b"Intro\n\n## Part one\n\nText"),
            SourceFormat::Markdown
        );
        assert_eq!(sniff(b"---\ntitle: x\n---\nText"), SourceFormat::Markdown);
        assert_eq!(sniff(b"```\ncode\n```"), SourceFormat::Markdown);
        assert_eq!(
            sniff(b"Pasted text\n\nLine #1 of it"),
            SourceFormat::PlainText
        );
        assert_eq!(sniff(b"#hashtag start"), SourceFormat::PlainText);
    }
}
