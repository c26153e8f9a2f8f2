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
/// and almost none has anything to replace, so the bytes are screened first: a control
/// character is a byte below 0x20, 0x7f, or a C1 control led by 0xc2 (found by a pass the
/// compiler vectorises); a bidirectional control is led by 0xe2 (found with `memchr`).
fn any_work(text: &str) -> bool {
    let bytes = text.as_bytes();
    let maybe_control = bytes.chunks(32).any(|chunk| {
        // Or-ing flags rather than `any` keeps the inner loop free of branches.
        chunk
            .iter()
            .map(|&b| u8::from(b < 0x20) | u8::from(b == 0x7f) | u8::from(b == 0xc2))
            .fold(0, |seen, hit| seen | hit)
            != 0
    });
    if maybe_control {
        return text.chars().any(needs_work);
    }
    memchr::memchr_iter(0xe2, bytes).any(|i| text[i..].chars().next().is_some_and(needs_work))
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
            .filter_map(char::from_u32)
        {
            let text = format!("a{c}b");
            assert_eq!(any_work(&text), needs_work(c), "{c:?}");
        }
    }

    #[test]
    fn code_keeps_lines_and_expands_tabs() {
        assert_eq!(sanitize_code("a\tb\n\tc"), "a   b\n    c");
    }
}
