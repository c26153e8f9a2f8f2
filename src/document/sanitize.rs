//! Makes untrusted article text safe to put on a terminal.
//!
//! Control characters never survive into a document: C0 controls become their Unicode
//! "control pictures" (U+2400 block), DEL and C1 controls become U+FFFD, and bidirectional
//! overrides become U+FFFD too, so what is shown is what the file holds, visibly.

/// Replaces every control character in inline text; a tab becomes one space.
pub fn sanitize_inline(text: &str) -> String {
    sanitize(text, false)
}

/// [`sanitize_inline`], borrowing `text` when it needs nothing replaced (almost always).
pub fn sanitize_inline_cow(text: &str) -> std::borrow::Cow<'_, str> {
    if any_work(text) {
        std::borrow::Cow::Owned(sanitize(text, false))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Like [`sanitize_inline`] but keeps newlines and expands tabs to 4-column stops, for code.
pub fn sanitize_code(text: &str) -> String {
    sanitize(text, true)
}

fn sanitize(text: &str, code: bool) -> String {
    if !any_work(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut column = 0usize;
    for c in text.chars() {
        match c {
            '\n' if code => {
                out.push('\n');
                column = 0;
                continue;
            }
            '\t' if code => {
                let pad = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', pad));
                column += pad;
                continue;
            }
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1f}' => {
                // Control pictures start at U+2400 for NUL and keep the same order.
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'));
            }
            c if needs_work(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
        column += 1;
    }
    out
}

/// Whether any character of `text` [`needs_work`]. This runs on every piece of text loaded
/// and almost none has anything to replace, so the bytes are screened 32 at a time for the
/// bytes that can start such a character (a pass the compiler vectorises): below 0x20, 0x7f,
/// 0xc2 (C1 controls are U+0080 to U+009F) and 0xe2 (the bidirectional controls are
/// U+202A to U+202E and U+2066 to U+2069); only a chunk holding one is looked at byte by byte,
/// where curly quotes (also led by 0xe2) pass.
fn any_work(text: &str) -> bool {
    let bytes = text.as_bytes();
    let lead = |b: u8| {
        u8::from(b < 0x20) | u8::from(b == 0x7f) | u8::from(b == 0xc2) | u8::from(b == 0xe2)
    };
    let mut at = 0;
    for chunk in bytes.chunks(32) {
        // Or-ing flags rather than `any` keeps the inner loop free of branches.
        if chunk
            .iter()
            .map(|&b| lead(b))
            .fold(0, |seen, hit| seen | hit)
            != 0
            && (at..at + chunk.len()).any(|i| starts_work(bytes, i))
        {
            return true;
        }
        at += chunk.len();
    }
    false
}

/// Whether the character at byte `i` of UTF-8 `bytes` (a character's first byte or not)
/// [`needs_work`].
fn starts_work(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        0..0x20 | 0x7f => true,
        0xc2 => (0x80..=0x9f).contains(&at(1)),
        0xe2 => match (at(1), at(2)) {
            (0x80, c) => (0xaa..=0xae).contains(&c),
            (0x81, c) => (0xa6..=0xa9).contains(&c),
            _ => false,
        },
        _ => false,
    }
}

fn needs_work(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(sanitize_inline("a\u{1b}[31mb"), "a\u{241b}[31mb");
        assert_eq!(sanitize_inline("bell\u{7}"), "bell\u{2407}");
        assert_eq!(sanitize_inline("c1\u{9b}x"), "c1\u{fffd}x");
        assert_eq!(sanitize_inline("rtl\u{202e}x"), "rtl\u{fffd}x");
        assert_eq!(sanitize_inline("tab\there"), "tab here");
        assert_eq!(sanitize_inline("plain"), "plain");
    }

    #[test]
    fn the_byte_check_agrees_with_the_character_check() {
        for c in (0..=0x3000u32)
            .chain(0xfe00..=0xffff)
            .chain(0x1_0000..=0x1_0100)
            .filter_map(char::from_u32)
        {
            // At the start, the end, and across the screen's chunk boundaries.
            for before in [0, 1, 30, 31, 32, 33, 63] {
                let text = format!("{}{c}b", "“".repeat(before / 3) + &"a".repeat(before % 3));
                assert_eq!(any_work(&text), needs_work(c), "{c:?} after {before}");
            }
        }
    }

    #[test]
    fn code_keeps_lines_and_expands_tabs() {
        assert_eq!(sanitize_code("a\tb\n\tc"), "a   b\n    c");
    }
}
