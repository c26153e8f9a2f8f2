//! Bytes to text: UTF-8 with or without a BOM, UTF-16 with a BOM, and for saved web pages the
//! character set a `<meta>` declares. Binaries (NUL bytes) are refused; invalid sequences are
//! shown as U+FFFD with a note.

/// Decoded text and, when the bytes needed repair, a note saying so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// For example "invalid UTF-8 shown as \u{fffd}".
    pub note: Option<String>,
}

/// Why a file is not text: the reason [`decode`] and its kin give back.
pub const BINARY: &str = "binary file (contains NUL bytes)";

/// [`decode`], taking the bytes: valid UTF-8 (the usual case) becomes the text without a copy,
/// which matters for a 50 MB article.
pub fn decode_owned(mut bytes: Vec<u8>) -> Option<Decoded> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return decode(&bytes);
    }
    if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        bytes.drain(..3);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return None;
    }
    Some(match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, note: None },
        Err(e) => repaired(e.as_bytes()),
    })
}

fn repaired(bytes: &[u8]) -> Decoded {
    Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        note: Some("invalid UTF-8 shown as \u{fffd}".into()),
    }
}

/// Bytes to text: BOMs honoured, binaries refused (`None`), bad UTF-8 repaired with a note.
pub fn decode(bytes: &[u8]) -> Option<Decoded> {
    for encoding in [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE] {
        let bom: &[u8] = if encoding == encoding_rs::UTF_16LE {
            &[0xff, 0xfe]
        } else {
            &[0xfe, 0xff]
        };
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            let note = had_errors.then(|| "invalid UTF-16 shown as \u{fffd}".to_string());
            return Some(Decoded {
                text: text.into_owned(),
                note,
            });
        }
    }
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    if memchr::memchr(0, bytes).is_some() {
        return None;
    }
    Some(match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            note: None,
        },
        Err(_) => repaired(bytes),
    })
}

/// Like [`decode`], for a saved web page: without a BOM, the character set declared in a
/// `<meta>` near the start is used (UTF-8 when none is).
pub fn decode_html(bytes: &[u8]) -> Option<Decoded> {
    let has_bom = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || bytes.starts_with(&[0xef, 0xbb, 0xbf]);
    let declared = crate::document::html::charset::declared(bytes);
    match declared {
        Some(encoding) if !has_bom && encoding != encoding_rs::UTF_8 => {
            if memchr::memchr(0, bytes).is_some() {
                return None;
            }
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            let note = had_errors
                .then(|| format!("bytes invalid in {} shown as \u{fffd}", encoding.name()));
            Some(Decoded {
                text: text.into_owned(),
                note,
            })
        }
        _ => decode(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(r: Option<Decoded>) -> String {
        r.unwrap().text
    }

    #[test]
    fn decoding_owned_bytes_agrees_with_decoding_borrowed_ones() {
        let cases: [&[u8]; 7] = [
            b"\xef\xbb\xbfhi",
            b"\xff\xfeh\0i\0",
            b"\xfe\xff\0h\0i",
            b"a\0b",
            b"caf\xe9",
            "plain “text”".as_bytes(),
            b"\xff\xfe\x00\xd8",
        ];
        for bytes in cases {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn decodes_boms_and_refuses_binaries() {
        assert_eq!(text(decode(b"\xef\xbb\xbfhi")), "hi");
        assert_eq!(text(decode(b"\xff\xfeh\0i\0")), "hi");
        assert_eq!(text(decode(b"\xfe\xff\0h\0i")), "hi");
        assert_eq!(
            text(decode(
                "\u{feff}é雨"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<_>>()
                    .as_slice()
            )),
            "é雨"
        );
        assert!(decode(b"a\0b").is_none());
        let d = decode(b"caf\xe9").unwrap();
        assert_eq!(d.text, "caf\u{fffd}");
        assert!(d.note.is_some());
        // A lone surrogate in UTF-16 is repaired, with a note.
        let d = decode(b"\xff\xfe\x00\xd8a\x00").unwrap();
        assert_eq!(d.text, "\u{fffd}a");
        assert!(d.note.is_some());
    }

    #[test]
    fn decodes_the_charset_a_page_declares() {
        let latin = b"<meta charset=\"iso-8859-1\"><p>caf\xe9 na\xefve \x93quoted\x94</p>";
        let d = decode_html(latin).unwrap();
        assert!(
            d.text
                .contains("caf\u{e9} na\u{ef}ve \u{201c}quoted\u{201d}"),
            "{}",
            d.text
        );
        assert_eq!(d.note, None);
        // Declared UTF-8, or nothing declared: UTF-8, repaired with a note.
        let d = decode_html(b"<meta charset=utf-8><p>caf\xe9").unwrap();
        assert!(d.text.ends_with("caf\u{fffd}") && d.note.is_some());
        assert!(text(decode_html(b"<p>caf\xc3\xa9")).ends_with("caf\u{e9}"));
        // A BOM wins over the declaration.
        assert!(
            text(decode_html(b"\xef\xbb\xbf<meta charset=koi8-r><p>\xc3\xa9")).ends_with('\u{e9}')
        );
        assert!(decode_html(b"<meta charset=koi8-r>a\0b").is_none());
        let d = decode_html(b"<meta charset=shift_jis><p>\x82").unwrap();
        assert!(d.text.ends_with('\u{fffd}') && d.note.is_some_and(|n| n.contains("Shift_JIS")));
    }
}
