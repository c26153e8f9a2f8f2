//! Normalising pasted text line by line while keeping every line's byte range in the source.
//!
//! Nothing is rewritten in place: each physical line gets a cleaned copy (no CR, no trailing
//! spaces, no-break spaces as spaces, invisible characters dropped) next to its source range,
//! so that later passes can reason on clean text and blocks still point into the file.

use std::ops::Range;

/// One physical, non-blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The cleaned text, leading indentation kept, trailing whitespace removed.
    pub text: String,
    /// Byte range of the raw line (without its line ending) in the source.
    pub source: Range<usize>,
}

impl Line {
    /// Columns of leading indentation (a tab counts four).
    pub fn indent(&self) -> usize {
        self.text
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum()
    }

    /// The text without indentation.
    pub fn trimmed(&self) -> &str {
        self.text.trim_start()
    }
}

/// Characters that take no room and carry no meaning in pasted prose. The zero-width
/// (non-)joiners are kept: Persian spelling and emoji sequences need them.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

/// Spaces that should behave like a plain space.
fn odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2000}'..='\u{200a}' | '\u{3000}'
    )
}

/// Whether a line holds anything [`clean`] changes besides trailing spaces: a carriage
/// return, an invisible character or an odd space (checked on the UTF-8 bytes, found by SIMD
/// searches, since most lines hold none and this runs on every line).
fn needs_cleaning(raw: &str) -> bool {
    let b = raw.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    // Only the lead bytes found are looked at: curly quotes and dashes (0xe2) are common.
    let odd = |i: usize| match b[i] {
        b'\r' => true,
        // U+00A0, U+00AD
        0xc2 => matches!(at(i + 1), 0xa0 | 0xad),
        // U+2000..=U+200B, U+202F, U+2060
        0xe2 => {
            (at(i + 1) == 0x80 && matches!(at(i + 2), 0x80..=0x8b | 0xaf))
                || (at(i + 1) == 0x81 && at(i + 2) == 0xa0)
        }
        // U+3000
        0xe3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
        // U+FEFF
        0xef => at(i + 1) == 0xbb && at(i + 2) == 0xbf,
        _ => false,
    };
    memchr::memchr3_iter(b'\r', 0xc2, 0xe2, b).any(odd)
        || memchr::memchr2_iter(0xe3, 0xef, b).any(odd)
}

/// Cleans one line: odd spaces become spaces, invisible characters go, the end is trimmed.
pub fn clean(raw: &str) -> String {
    if !needs_cleaning(raw) {
        return raw.trim_end().to_string();
    }
    let mut out: String = raw
        .chars()
        .filter(|&c| !invisible(c) && c != '\r')
        .map(|c| if odd_space(c) { ' ' } else { c })
        .collect();
    let end = out.trim_end().len();
    out.truncate(end);
    out
}

/// Splits `text` (which starts at byte `offset` of the source) into lines; `None` marks a
/// blank line (only whitespace or invisible characters).
pub fn lines(text: &str, offset: usize) -> Vec<Option<Line>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset + pos;
        pos += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let body = if start == 0 {
            body.strip_prefix('\u{feff}').unwrap_or(body)
        } else {
            body
        };
        let skipped = raw.trim_end_matches(['\n', '\r']).len() - body.len();
        let text = clean(body);
        if text.trim().is_empty() {
            out.push(None);
            continue;
        }
        let raw_end = body.trim_end().len();
        out.push(Some(Line {
            text,
            source: start + skipped..start + skipped + raw_end,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_without_losing_positions() {
        let src = "\u{feff}Title\u{a0}here  \r\n\u{200b}\r\n  indented\u{200b}x\n";
        let lines = lines(src, 0);
        assert_eq!(lines.len(), 3);
        let first = lines[0].as_ref().unwrap();
        assert_eq!(first.text, "Title here");
        assert_eq!(&src[first.source.clone()], "Title\u{a0}here");
        assert!(lines[1].is_none(), "a zero-width-only line is blank");
        let third = lines[2].as_ref().unwrap();
        assert_eq!(third.text, "  indentedx");
        assert_eq!(third.indent(), 2);
        assert_eq!(third.trimmed(), "indentedx");
    }

    #[test]
    fn the_quick_check_agrees_with_cleaning_every_character() {
        let odd = [
            '\u{a0}', '\u{ad}', '\u{2000}', '\u{2005}', '\u{200a}', '\u{200b}', '\u{202f}',
            '\u{2060}', '\u{3000}', '\u{feff}', '\r', '\u{2007}',
        ];
        let plain = [
            'a', ' ', '“', '’', '—', '\u{200c}', '\u{200d}', '雨', 'é', '\u{2061}', '\u{3001}',
        ];
        for c in odd {
            let line = format!("a{c}b");
            assert!(needs_cleaning(&line), "{c:?}");
            assert_ne!(clean(&line), line.trim_end());
        }
        for c in plain {
            let line = format!("a{c}b");
            assert!(!needs_cleaning(&line), "{c:?}");
            let slow: String = line.chars().filter(|&c| !invisible(c)).collect();
            assert_eq!(clean(&line), slow);
        }
    }

    #[test]
    fn keeps_joiners_that_scripts_need() {
        assert_eq!(clean("می\u{200c}خواهم"), "می\u{200c}خواهم");
    }
}
