//! The library: finding article files and loading them. The only module that reads the disk.
//!
//! Loading never blocks on special files (FIFOs and devices are refused before opening),
//! refuses binaries and oversized files with a reason, and decodes UTF-8 (with or without BOM)
//! and UTF-16 with a BOM; invalid UTF-8 is shown with replacement characters and a note.

use std::fs;
use std::path::{Path, PathBuf};

use crate::document::{self, Document, format_for};
use crate::error::{Error, describe};

/// Files larger than this are listed but not opened.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A loaded article and anything worth telling the user about how it was read.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document.
    pub doc: Document,
    /// A note such as "invalid UTF-8 replaced", when the bytes needed repair.
    pub note: Option<String>,
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
}

/// Reads and parses one article.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let source = read(path)?;
    Ok(Loaded {
        doc: document::parse(&source.text, source.format, &source.name),
        note: source.note,
    })
}

/// Reads and decodes one article without parsing it.
pub fn read(path: &Path) -> Result<Source, Error> {
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
    if meta.len() > MAX_FILE_SIZE {
        return Err(unsupported(&format!(
            "file is {} MiB, larger than the {} MiB limit",
            meta.len() / (1024 * 1024),
            MAX_FILE_SIZE / (1024 * 1024)
        )));
    }
    let Some(format) = format_for(path) else {
        return Err(unsupported(
            "unsupported file type (folio reads .md, .markdown, .mdown, .mkd and .txt)",
        ));
    };
    let bytes = fs::read(path).map_err(|e| Error::read(path, &e))?;
    let (text, note) = decode(&bytes).map_err(|reason| unsupported(&reason))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Source {
        text,
        format,
        name,
        note,
    })
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

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| read([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
}

/// Every article file under `paths` (files are taken as given, folders scanned recursively),
/// sorted by path within each folder; unreadable folders are reported, not fatal.
pub fn scan(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                let mut seen = Vec::new();
                walk(path, &mut found, &mut errors, &mut seen);
                found.sort();
                files.extend(found);
            }
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(Error::read(path, &e)),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<Error>, seen: &mut Vec<PathBuf>) {
    // Canonical paths of folders already walked break symlink loops.
    if let Ok(canonical) = fs::canonicalize(dir) {
        if seen.contains(&canonical) {
            return;
        }
        seen.push(canonical);
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(Error::Read {
                path: dir.to_path_buf(),
                reason: describe(&e),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, found, errors, seen),
            Ok(_) if is_article_name(&path) => found.push(path),
            Ok(_) => {}
            Err(e) => errors.push(Error::read(&path, &e)),
        }
    }
}

/// Whether a file name has an extension folio reads (files without one are skipped in scans).
pub fn is_article_name(path: &Path) -> bool {
    path.extension().is_some() && format_for(path).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
