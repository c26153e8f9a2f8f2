//! The preview of a big article from the head of its file: a 50 MB article shows after
//! reading half a megabyte, not after reading, checking and hashing all 50 (tens of
//! milliseconds before the first frame). The whole is read later, by the job that parses it
//! ([`Rest::parse`](super::Rest::parse)).

use std::fs;
use std::ops::ControlFlow;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::{FileInfo, Limits, Opened, Rest, Whole, index, stem};
use crate::document::{self, SourceFormat};
use crate::error::Error;

/// How far [`document::preview_end`] may look for the preview's end (a blank line after
/// [`document::PREVIEW`], within four times that).
const LOOKS_AT: usize = document::PREVIEW * 4;

/// How much of the file is read: where the preview's end is looked for, and room for the line
/// that ends it.
const HEAD: usize = LOOKS_AT + 64 * 1024;

/// The preview of the big article in `file` made from its head (`Break`), or `Continue` when
/// the whole must be read first: a small file, a web page (a cut page does not extract like
/// the whole), UTF-16, invalid UTF-8 in the head (the whole repairs it with a note), or a head
/// whose lines run past what was read.
pub(super) fn open(
    file: &fs::File,
    meta: &fs::Metadata,
    format: SourceFormat,
    path: &Path,
    limits: &Limits,
) -> Result<ControlFlow<Opened>, Error> {
    let size = meta.len();
    // Longer than [`document::BIG`] even without a byte-order mark.
    let big = size > (document::BIG + 3) as u64;
    if !big || !meta.is_file() || size > limits.max_file_size || format == SourceFormat::Html {
        return Ok(ControlFlow::Continue(()));
    }
    let mut bytes = vec![0; HEAD];
    let mut got = 0;
    while got < HEAD {
        match file.read_at(&mut bytes[got..], got as u64) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::read(path, &e)),
        }
    }
    bytes.truncate(got);
    let Some(text) = head_text(&bytes) else {
        return Ok(ControlFlow::Continue(()));
    };
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err(Error::unsupported(path, super::decode::BINARY));
    }
    if text.len() < LOOKS_AT {
        // A line runs past the head: where the preview ends cannot be told from it.
        return Ok(ControlFlow::Continue(()));
    }
    // Every line that starts where the end is looked for is whole in `text`, so the end is
    // the one the whole text would give.
    let end = document::preview_end(text, format, document::PREVIEW);
    let name = stem(path);
    let modified_ns = index::modified_ns(meta);
    Ok(ControlFlow::Break(Opened {
        doc: document::parse(&text[..end], format, &name),
        info: FileInfo {
            size,
            modified: modified_ns / 1_000_000_000,
            modified_ns,
            // Known once the whole is read.
            hash: String::new(),
            len: usize::try_from(size).unwrap_or(usize::MAX),
        },
        note: None,
        rest: Some(Rest {
            whole: Whole::Unread {
                path: path.to_path_buf(),
                limits: limits.clone(),
            },
            format,
            name,
        }),
    }))
}

/// The head's whole lines as text (a UTF-8 byte-order mark dropped, as the whole text drops
/// it), or `None` when it is not UTF-8 short of a character cut at its end.
fn head_text(bytes: &[u8]) -> Option<&str> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // A character cut by the end of the head.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    Some(text.rfind('\n').map_or("", |i| &text[..=i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big_markdown() -> String {
        let mut text = String::from("# Big\n\n");
        let mut i = 0;
        while text.len() <= document::BIG * 3 {
            i += 1;
            text.push_str(&format!(
                "## Part {i}\n\nA paragraph of words that goes on for a while, part {i}.\n\n"
            ));
            if i % 7 == 0 {
                text.push_str("```\ncode\n\nmore code\n```\n\n");
            }
        }
        text
    }

    fn opened(path: &Path) -> ControlFlow<Opened> {
        let file = fs::File::open(path).unwrap();
        let meta = file.metadata().unwrap();
        let format = document::format_for(path).unwrap();
        open(&file, &meta, format, path, &Limits::default()).unwrap()
    }

    #[test]
    fn the_head_gives_the_preview_the_whole_text_gives() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("a.md", big_markdown()),
            ("b.md", format!("\u{feff}{}", big_markdown())),
            ("c.txt", big_markdown().replace("## ", "")),
            // No blank line at all: the preview ends at a line's end.
            ("d.md", "word word word\n".repeat(100_000)),
        ] {
            let path = dir.path().join(name);
            fs::write(&path, &text).unwrap();
            let ControlFlow::Break(head) = opened(&path) else {
                panic!("{name}: a big file previews from its head");
            };
            let whole = super::super::read(&path, &Limits::default())
                .unwrap()
                .open(super::super::Extent::Preview);
            assert_eq!(head.doc, whole.doc, "{name}");
            assert!(head.info.hash.is_empty());
            assert_eq!(head.info.size, whole.info.size);
            let parsed = head.rest.unwrap().parse().unwrap();
            let info = parsed.info.expect("read now");
            assert_eq!(info, whole.info, "{name}");
            assert_eq!(
                parsed.doc,
                whole.rest.unwrap().parse().unwrap().doc,
                "{name}"
            );
        }
    }

    #[test]
    fn what_the_head_cannot_tell_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let long_line = format!("# Big\n\n{}\n", "word ".repeat(200_000));
        let mut bad = big_markdown().into_bytes();
        bad[100] = 0xff;
        let cases: [(&str, Vec<u8>); 4] = [
            ("small.md", b"# Small\n\nText.\n".to_vec()),
            (
                "page.html",
                format!("<p>{}</p>", "x ".repeat(400_000)).into_bytes(),
            ),
            ("line.md", long_line.into_bytes()),
            ("bad.md", bad),
        ];
        for (name, bytes) in cases {
            let path = dir.path().join(name);
            fs::write(&path, &bytes).unwrap();
            assert!(opened(&path).is_continue(), "{name}");
        }
    }

    #[test]
    fn a_character_cut_by_the_head_is_left_out() {
        let mut bytes = "é\n".repeat(10).into_bytes();
        bytes.extend_from_slice("e\u{e9}".as_bytes());
        bytes.pop();
        assert_eq!(head_text(&bytes), Some(&*"é\n".repeat(10)));
        assert_eq!(head_text(b"\xef\xbb\xbfa\nb"), Some("a\n"));
        assert_eq!(head_text(b"\xff\xfea\x00"), None);
        assert_eq!(head_text(b"a\xffb\n"), None);
    }

    #[test]
    fn a_binary_head_is_refused_and_a_binary_tail_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nul.md");
        let mut bytes = big_markdown().into_bytes();
        bytes[10] = 0;
        fs::write(&path, &bytes).unwrap();
        let file = fs::File::open(&path).unwrap();
        let meta = file.metadata().unwrap();
        let e = open(
            &file,
            &meta,
            SourceFormat::Markdown,
            &path,
            &Limits::default(),
        );
        assert!(e.unwrap_err().to_string().contains("nul.md"));
        let mut bytes = big_markdown().into_bytes();
        let at = bytes.len() - 10;
        bytes[at] = 0;
        fs::write(&path, &bytes).unwrap();
        let ControlFlow::Break(head) = opened(&path) else {
            panic!("the head is fine");
        };
        let e = head.rest.unwrap().parse().unwrap_err().to_string();
        assert!(e.contains("nul.md"), "{e}");
    }
}
