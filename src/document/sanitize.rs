//! Makes untrusted article text safe to put on a terminal.
//!
//! Control characters never survive into a document: C0 controls become their Unicode
//! "control pictures" (U+2400 block), DEL and C1 controls become U+FFFD, and bidirectional
//! overrides become U+FFFD too, so what is shown is what the file holds, visibly.

/// Replaces every control character in inline text; a tab becomes one space.
pub fn sanitize_inline(text: &str) -> String {
    sanitize(text, false)
}

/// Like [`sanitize_inline`] but keeps newlines and expands tabs to 4-column stops, for code.
pub fn sanitize_code(text: &str) -> String {
    sanitize(text, true)
}

fn sanitize(text: &str, code: bool) -> String {
    if !text.chars().any(needs_work) {
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
    fn code_keeps_lines_and_expands_tabs() {
        assert_eq!(sanitize_code("a\tb\n\tc"), "a   b\n    c");
    }
}
