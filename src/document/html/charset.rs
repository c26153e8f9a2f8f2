//! The character set a saved page declares for itself.
//!
//! A simplified form of the HTML prescan: the first few kilobytes are searched for a
//! `<meta charset=...>` or a `<meta http-equiv="content-type" content="...; charset=...">`,
//! comments skipped. Labels are resolved as browsers do (`iso-8859-1` and `latin1` mean
//! windows-1252); a declared UTF-16 in a page that is readable as ASCII means UTF-8.

use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

/// How many bytes are searched for a declaration.
const PRESCAN: usize = 4096;

/// The encoding the page declares in a `<meta>` element near its start, if any.
pub fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let mut i = 0;
    while i < head.len() {
        if head[i..].starts_with(b"<!--") {
            i = find(head, i + 4, b"-->").map_or(head.len(), |e| e + 3);
            continue;
        }
        if head[i] == b'<' && starts_with_ignore_case(&head[i + 1..], b"meta") {
            let after = i + 5;
            if head
                .get(after)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                let (attrs, end) = attributes(head, after);
                if let Some(encoding) = label_of(&attrs).and_then(|l| resolve(&l)) {
                    return Some(encoding);
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    None
}

fn resolve(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    if encoding == UTF_16BE || encoding == UTF_16LE {
        Some(UTF_8)
    } else if encoding == X_USER_DEFINED {
        Some(WINDOWS_1252)
    } else if encoding == REPLACEMENT {
        // Labels of encodings browsers refuse: better repaired UTF-8 than one U+FFFD.
        None
    } else {
        Some(encoding)
    }
}

/// The charset of one `<meta>`'s attributes: `charset`, or the `content` of an
/// `http-equiv="content-type"`.
fn label_of(attrs: &[(String, String)]) -> Option<String> {
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(charset) = get("charset") {
        return Some(charset.to_string());
    }
    let pragma = get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
    let content = get("content")?;
    if !pragma {
        return None;
    }
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

/// Attributes from byte `i` to the end of the tag, names lower-cased; and where the tag ends.
fn attributes(head: &[u8], mut i: usize) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    loop {
        while head
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            i += 1;
        }
        match head.get(i) {
            None => return (attrs, head.len()),
            Some(b'>') => return (attrs, i + 1),
            _ => {}
        }
        let start = i;
        while head
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        let name = String::from_utf8_lossy(&head[start..i]).to_ascii_lowercase();
        while head.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = String::new();
        if head.get(i) == Some(&b'=') {
            i += 1;
            while head.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let quote = head.get(i).copied().filter(|q| matches!(q, b'"' | b'\''));
            let value_start;
            if let Some(q) = quote {
                i += 1;
                value_start = i;
                while head.get(i).is_some_and(|b| *b != q) {
                    i += 1;
                }
                value = String::from_utf8_lossy(&head[value_start..i.min(head.len())]).into();
                i += 1;
            } else {
                value_start = i;
                while head
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                {
                    i += 1;
                }
                value = String::from_utf8_lossy(&head[value_start..i]).into();
            }
        }
        if name.is_empty() {
            i += 1;
        } else {
            attrs.push((name, value));
        }
    }
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(bytes: &[u8]) -> Option<&'static str> {
        declared(bytes).map(Encoding::name)
    }

    #[test]
    fn reads_both_declarations() {
        assert_eq!(name(b"<html><head><meta charset=\"utf-8\">"), Some("UTF-8"));
        assert_eq!(name(b"<META CHARSET=ISO-8859-1>"), Some("windows-1252"));
        assert_eq!(
            name(b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>"),
            Some("KOI8-R")
        );
        assert_eq!(
            name(b"<meta content=\"text/html;charset=Shift_JIS\" http-equiv=\"content-type\" />"),
            Some("Shift_JIS")
        );
    }

    #[test]
    fn ignores_what_is_not_a_declaration() {
        assert_eq!(name(b"<!-- <meta charset=koi8-r> --><p>hi"), None);
        assert_eq!(
            name(b"<meta name=description content='charset=koi8-r'>"),
            None
        );
        assert_eq!(
            name(b"<meta charset=nonsense><meta charset=latin1>"),
            Some("windows-1252")
        );
        assert_eq!(name(b"<meta charset=utf-16le>"), Some("UTF-8"));
        assert_eq!(name(b"<metadata charset=koi8-r>"), None);
        assert_eq!(name(b"<meta charset='"), None);
        assert_eq!(name(b""), None);
        let late = [b"<p>".repeat(2000).as_slice(), b"<meta charset=koi8-r>"].concat();
        assert_eq!(name(&late), None);
    }
}
