//! The library: finding article files and loading them. The only module that reads the disk.
//!
//! Loading never blocks on special files (FIFOs and devices are refused before opening),
//! refuses binaries and oversized files with a reason, and decodes UTF-8 (with or without BOM)
//! and UTF-16 with a BOM; invalid UTF-8 is shown with replacement characters and a note. A
//! saved web page may declare another character set in a `<meta>` element; it is honoured.

use std::fs;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

pub mod index;
pub mod walk;

pub use walk::Found;

use crate::document::{self, Document, format_for};
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
        Self {
            max_file_size: 64 * 1024 * 1024,
            extensions: Vec::new(),
        }
    }
}

/// The extensions folio reads by default.
pub const DEFAULT_EXTENSIONS: [&str; 7] = ["md", "markdown", "mdown", "mkd", "txt", "html", "htm"];

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
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            extensions: DEFAULT_EXTENSIONS.map(String::from).to_vec(),
            recursive: true,
            ignore: Vec::new(),
            respect_gitignore: true,
        }
    }
}

/// A loaded article and anything worth telling the user about how it was read.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document.
    pub doc: Document,
    /// A note such as "invalid UTF-8 replaced", when the bytes needed repair.
    pub note: Option<String>,
    /// Size, time and content hash, for remembering the reading position.
    pub info: FileInfo,
}

/// What identifies a version of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileInfo {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub modified: u64,
    /// `state::content_hash` of the bytes.
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
    pub format: document::SourceFormat,
    /// The file stem, the title of last resort.
    pub name: String,
    /// A note such as "invalid UTF-8 replaced", when the bytes needed repair.
    pub note: Option<String>,
    /// Size, time and content hash.
    pub info: FileInfo,
}

/// Reads and parses one article.
pub fn load(path: &Path, limits: &Limits) -> Result<Loaded, Error> {
    let source = read(path, limits)?;
    let (doc, parse_note) = document::parse_with_note(&source.text, source.format, &source.name);
    let note = match (source.note, parse_note) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    };
    Ok(Loaded {
        doc,
        note,
        info: source.info,
    })
}

/// Reads and decodes one article without parsing it.
pub fn read(path: &Path, limits: &Limits) -> Result<Source, Error> {
    let unsupported = |reason: &str| Error::Unsupported {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let meta = fs::metadata(path).map_err(|e| Error::read(path, &e))?;
    if meta.is_dir() {
        return Err(unsupported(
            "is a directory; use `folio list DIR` or `folio DIR`",
        ));
    }
    if !meta.is_file() {
        return Err(unsupported("not a regular file"));
    }
    if meta.len() > limits.max_file_size {
        return Err(unsupported(&format!(
            "file is {} MiB, larger than the {} MiB limit (max-file-size-mib in the config)",
            meta.len().div_ceil(1024 * 1024),
            limits.max_file_size / (1024 * 1024)
        )));
    }
    let format = format_for(path).or_else(|| {
        has_extension(path, &limits.extensions).then_some(document::SourceFormat::PlainText)
    });
    let Some(format) = format else {
        return Err(unsupported(
            "unsupported file type (folio reads .md, .markdown, .mdown, .mkd, .txt, .html \
             and .htm; other extensions listed in the config are read as plain text)",
        ));
    };
    let bytes = fs::read(path).map_err(|e| Error::read(path, &e))?;
    let hash = crate::state::content_hash(&bytes);
    let decoded = if format == document::SourceFormat::Html {
        decode_html(&bytes)
    } else {
        decode_owned(bytes)
    };
    let (text, note) = decoded.map_err(|reason| unsupported(&reason))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let info = FileInfo {
        size: meta.len(),
        modified: meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs()),
        hash,
        len: text.len(),
    };
    Ok(Source {
        text,
        format,
        name,
        note,
        info,
    })
}

/// [`decode`], taking the bytes: valid UTF-8 (the usual case) becomes the text without a copy,
/// which matters for a 50 MB article.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(String, Option<String>), String> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return decode(&bytes);
    }
    if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        bytes.drain(..3);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err("binary file (contains NUL bytes)".into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => Ok((
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Some("invalid UTF-8 shown as \u{fffd}".into()),
        )),
    }
}

/// Bytes to text: BOMs honoured, binaries refused, bad UTF-8 repaired with a note.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<String>), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        return Ok((utf16(rest, u16::from_le_bytes), None));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        return Ok((utf16(rest, u16::from_be_bytes), None));
    }
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), None)),
        Err(_) => Ok((
            String::from_utf8_lossy(bytes).into_owned(),
            Some("invalid UTF-8 shown as \u{fffd}".into()),
        )),
    }
}

/// Like [`decode`], for a saved web page: without a BOM, the character set declared in a
/// `<meta>` near the start is used (UTF-8 when none is).
pub fn decode_html(bytes: &[u8]) -> Result<(String, Option<String>), String> {
    let has_bom = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || bytes.starts_with(&[0xef, 0xbb, 0xbf]);
    let declared = document::html::charset::declared(bytes);
    match declared {
        Some(encoding) if !has_bom && encoding != encoding_rs::UTF_8 => {
            if bytes.contains(&0) {
                return Err("binary file (contains NUL bytes)".into());
            }
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            let note = had_errors
                .then(|| format!("bytes invalid in {} shown as \u{fffd}", encoding.name()));
            Ok((text.into_owned(), note))
        }
        _ => decode(bytes),
    }
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| read([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
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
    fn decoding_owned_bytes_agrees_with_decoding_borrowed_ones() {
        let cases: [&[u8]; 6] = [
            b"\xef\xbb\xbfhi",
            b"\xff\xfeh\0i\0",
            b"\xfe\xff\0h\0i",
            b"a\0b",
            b"caf\xe9",
            "plain “text”".as_bytes(),
        ];
        for bytes in cases {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn decodes_boms_and_refuses_binaries() {
        assert_eq!(decode(b"\xef\xbb\xbfhi").unwrap().0, "hi");
        assert_eq!(decode(b"\xff\xfeh\0i\0").unwrap().0, "hi");
        assert_eq!(decode(b"\xfe\xff\0h\0i").unwrap().0, "hi");
        assert!(decode(b"a\0b").is_err());
        let (text, note) = decode(b"caf\xe9").unwrap();
        assert_eq!(text, "caf\u{fffd}");
        assert!(note.is_some());
    }

    #[test]
    fn decodes_the_charset_a_page_declares() {
        let latin = b"<meta charset=\"iso-8859-1\"><p>caf\xe9 na\xefve \x93quoted\x94</p>";
        let (text, note) = decode_html(latin).unwrap();
        assert!(
            text.contains("caf\u{e9} na\u{ef}ve \u{201c}quoted\u{201d}"),
            "{text}"
        );
        assert_eq!(note, None);
        // Declared UTF-8, or nothing declared: UTF-8, repaired with a note.
        let (text, note) = decode_html(b"<meta charset=utf-8><p>caf\xe9").unwrap();
        assert!(text.ends_with("caf\u{fffd}") && note.is_some());
        assert!(
            decode_html(b"<p>caf\xc3\xa9")
                .unwrap()
                .0
                .ends_with("caf\u{e9}")
        );
        // A BOM wins over the declaration.
        let (text, _) = decode_html(b"\xef\xbb\xbf<meta charset=koi8-r><p>\xc3\xa9").unwrap();
        assert!(text.ends_with('\u{e9}'));
        assert!(decode_html(b"<meta charset=koi8-r>a\0b").is_err());
        let (text, note) = decode_html(b"<meta charset=shift_jis><p>\x82").unwrap();
        assert!(text.ends_with('\u{fffd}') && note.is_some_and(|n| n.contains("Shift_JIS")));
    }
}
