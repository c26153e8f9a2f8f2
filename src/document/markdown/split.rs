//! Where a big markdown body can be cut into parts that pulldown-cmark parses alone exactly as
//! it parses them in place, so the parts can be parsed on every core.
//!
//! A part starts only at an ATX heading (`#` to `######` at the first column) that follows a
//! blank line: every block before it has ended there, whatever contains it (a blank line ends
//! a paragraph, a table and an HTML block of the kinds that end at one, and a line at the
//! first column ends any list, quote or indented code). What a blank line does not end is
//! tracked: a fenced code block, and the HTML blocks that end only at their closing tag. When
//! a line leaves that tracking unsure (a fence inside a container, or indented), no part
//! starts after it. Footnotes are numbered across the whole document, so a body with any
//! footnote reference is not cut at all. Link references are checked after parsing (see
//! `super::parts`).

/// Offsets in `body` where parts of about `size` bytes each may start, in order; none when
/// the body is not to be cut.
pub(super) fn cuts(body: &str, size: usize) -> Vec<usize> {
    let bytes = body.as_bytes();
    if size == 0 || bytes.len() <= size || memchr::memmem::find(bytes, b"[^").is_some() {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    let mut state = State::Open;
    let mut previous_blank = true;
    let mut next = size;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let line = &bytes[start..end];
        if start >= next && previous_blank && matches!(state, State::Open) && is_atx_heading(line) {
            cuts.push(start);
            next = start + size;
        }
        state = state.after(line);
        if matches!(state, State::Unsure) {
            break;
        }
        previous_blank = line.iter().all(u8::is_ascii_whitespace);
        start = end;
    }
    cuts
}

/// What the lines so far leave open that a blank line does not close.
#[derive(Debug, Clone, Copy)]
enum State {
    /// Nothing: a heading after a blank line starts a top-level block.
    Open,
    /// Since the last blank line, a line may have started an HTML block of the kinds that
    /// end at a blank line, whose lines are its own: a fence line here is not followed.
    Tagged,
    /// Inside a fence opened at the first column by `count` of `mark`.
    Fence { mark: u8, count: usize },
    /// Inside a fence opened `indent` (one to three) spaces in: at the top level, or in a
    /// list item. Either way it is closed by a fence line no less indented (and no more
    /// than three spaces), and only a line less indented could tell the two apart.
    Indented {
        mark: u8,
        count: usize,
        indent: usize,
    },
    /// Inside what may be an HTML block that ends at the line holding `closer`; `tagged`
    /// when it opened where [`State::Tagged`] held, which then holds again after it (the
    /// block that a blank line ends may still be open around it).
    Html { closer: &'static [u8], tagged: bool },
    /// Not known: no cut from here on.
    Unsure,
}

impl State {
    fn after(self, line: &[u8]) -> Self {
        // Columns of leading white space, a tab reaching the next multiple of four.
        let mut indent = 0;
        let lead = line
            .iter()
            .take_while(|&&b| {
                match b {
                    b' ' => indent += 1,
                    b'\t' => indent += 4 - indent % 4,
                    _ => return false,
                }
                true
            })
            .count();
        let rest = &line[lead..];
        let blank = rest.iter().all(u8::is_ascii_whitespace);
        // A closing fence: `mark` at least `count` times, nothing after but white space.
        let is_closer = |mark: u8, count: usize| {
            indent <= 3
                && fence(rest).is_some_and(|(m, n, info)| {
                    m == mark && n >= count && info.iter().all(u8::is_ascii_whitespace)
                })
        };
        match self {
            Self::Tagged if blank => Self::Open,
            Self::Tagged => {
                if fence(rest).is_some() || nested_fence(rest) {
                    Self::Unsure
                } else {
                    Self::Open.after(line).tagged()
                }
            }
            Self::Open => {
                if let Some((mark, count, info)) = fence(rest) {
                    if mark == b'`' && info.contains(&b'`') {
                        // Inline code at the start of a line, not a fence.
                        return Self::Open;
                    }
                    return match indent {
                        0 => Self::Fence { mark, count },
                        1..=3 => Self::Indented {
                            mark,
                            count,
                            indent,
                        },
                        // Indented code, or a fence in a list item: either ends before a
                        // line at the first column.
                        _ => Self::Open,
                    };
                }
                if nested_fence(rest) {
                    // A fence after a quote or list marker is not followed here.
                    return Self::Unsure;
                }
                match html_opener(line) {
                    Some((closer, after)) if !contains(after, closer) => Self::Html {
                        closer,
                        tagged: false,
                    },
                    _ if markers_off(rest).first() == Some(&b'<') => Self::Tagged,
                    _ => Self::Open,
                }
            }
            Self::Fence { mark, count } => {
                if is_closer(mark, count) {
                    Self::Open
                } else {
                    self
                }
            }
            Self::Indented {
                mark,
                count,
                indent: at,
            } => {
                if blank {
                    self
                } else if indent < at {
                    Self::Unsure
                } else if is_closer(mark, count) {
                    Self::Open
                } else {
                    self
                }
            }
            Self::Html { closer, tagged } => {
                if fence(rest).is_some() || nested_fence(rest) || html_opener(line).is_some() {
                    // A fence or another opener met while inside would be missed if this
                    // is no HTML block.
                    Self::Unsure
                } else if contains(line, closer) {
                    if tagged { Self::Tagged } else { Self::Open }
                } else {
                    self
                }
            }
            Self::Unsure => self,
        }
    }
}

impl State {
    /// Still [`State::Tagged`] where the next line would be [`State::Open`].
    fn tagged(self) -> Self {
        match self {
            Self::Open => Self::Tagged,
            Self::Html { closer, .. } => Self::Html {
                closer,
                tagged: true,
            },
            other => other,
        }
    }
}

/// Whether the line holds a fence after quote or list markers.
fn nested_fence(rest: &[u8]) -> bool {
    let (marked, rest) = strip_markers(rest);
    marked && fence(rest).is_some()
}

/// The line's content after white space and quote and list markers.
fn markers_off(rest: &[u8]) -> &[u8] {
    strip_markers(rest).1
}

/// Whether any quote or list marker leads `rest`, and what follows them.
fn strip_markers(rest: &[u8]) -> (bool, &[u8]) {
    let mut rest = rest;
    let mut marked = false;
    loop {
        let spaces = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        rest = &rest[spaces..];
        match rest.first() {
            Some(b'>') => rest = &rest[1..],
            Some(b'-' | b'*' | b'+') if matches!(rest.get(1), Some(b' ' | b'\t')) => {
                rest = &rest[1..];
            }
            Some(b'0'..=b'9') => {
                let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                if matches!(rest.get(digits), Some(b'.' | b')'))
                    && matches!(rest.get(digits + 1), Some(b' ' | b'\t'))
                {
                    rest = &rest[digits + 1..];
                } else {
                    return (marked, rest);
                }
            }
            _ => return (marked, rest),
        }
        marked = true;
    }
}

/// A fence's mark, length and info string, when `rest` starts with one.
fn fence(rest: &[u8]) -> Option<(u8, usize, &[u8])> {
    let mark = *rest.first()?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let count = rest.iter().take_while(|&&b| b == mark).count();
    (count >= 3).then(|| (mark, count, &rest[count..]))
}

/// `# Title`: one to six `#` at the first column, then white space or the line's end.
fn is_atx_heading(line: &[u8]) -> bool {
    let hashes = line.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && matches!(line.get(hashes), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

/// The closing text of an HTML block that a blank line does not end, and the rest of the line
/// after its opener, when the line opens one (anywhere in it, to be safe: the opener may
/// follow container markers).
fn html_opener(line: &[u8]) -> Option<(&'static [u8], &[u8])> {
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'<', &line[at..]) {
        if let Some(closer) = opener_at(&line[at + i..]) {
            return Some((closer, &line[at + i + 1..]));
        }
        at += i + 1;
    }
    None
}

/// The closer of the HTML block opener that `tail` (starting at `<`) begins with.
fn opener_at(tail: &[u8]) -> Option<&'static [u8]> {
    const RAW: [(&[u8], &[u8]); 4] = [
        (b"<pre", b"</pre>"),
        (b"<script", b"</script>"),
        (b"<style", b"</style>"),
        (b"<textarea", b"</textarea>"),
    ];
    for (open, close) in RAW {
        if tail.len() >= open.len() && tail[..open.len()].eq_ignore_ascii_case(open) {
            return Some(close);
        }
    }
    if tail.starts_with(b"<!--") {
        return Some(b"-->");
    }
    if tail.starts_with(b"<![CDATA[") {
        return Some(b"]]>");
    }
    if tail.starts_with(b"<?") {
        return Some(b"?>");
    }
    if tail.len() > 2 && tail[1] == b'!' && tail[2].is_ascii_alphabetic() {
        return Some(b">");
    }
    None
}

/// Whether `needle` occurs in `haystack`, ASCII case ignored.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(body: &str, size: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = 0;
        for cut in cuts(body, size) {
            out.push(&body[at..cut]);
            at = cut;
        }
        out.push(&body[at..]);
        out
    }

    #[test]
    fn cuts_fall_at_headings_after_blank_lines() {
        let body = "# One\n\ntext\n\n## Two\n\nmore\n#not\n\n### Three\n\nend\n";
        assert_eq!(
            parts(body, 1),
            [
                "# One\n\ntext\n\n",
                "## Two\n\nmore\n#not\n\n",
                "### Three\n\nend\n"
            ]
        );
        assert_eq!(parts(body, 1000), [body]);
    }

    #[test]
    fn no_cut_inside_a_fence_or_an_html_block() {
        let body = "intro\n\n```\n\n# not a heading\n\n```\n\n# A\n\nx\n\n<!--\n\n# hidden\n\n-->\n\n# B\n";
        assert_eq!(
            parts(body, 1),
            [
                "intro\n\n```\n\n# not a heading\n\n```\n\n",
                "# A\n\nx\n\n<!--\n\n# hidden\n\n-->\n\n",
                "# B\n"
            ]
        );
        // A longer fence is closed only by as long a one.
        let body = "a\n\n````\n```\n\n# in\n\n````\n\n# out\n";
        assert_eq!(
            parts(body, 1),
            ["a\n\n````\n```\n\n# in\n\n````\n\n", "# out\n"]
        );
        // `~~~` is not closed by backticks.
        let body = "a\n\n~~~\n```\n\n# in\n\n~~~\n\n# out\n";
        assert_eq!(
            parts(body, 1),
            ["a\n\n~~~\n```\n\n# in\n\n~~~\n\n", "# out\n"]
        );
    }

    #[test]
    fn an_unsure_line_stops_cutting() {
        // A fence in a list item may be closed by the item's end.
        let body = "# A\n\n- ```\n\n# B\n\n```\n\n# C\n";
        assert_eq!(parts(body, 1), [body]);
        // One to three spaces in: a top-level fence or one in a list item, closed alike
        // unless a line less indented comes first.
        let body = "# A\n\n- item\n\n  ```\n\n# B\n\n  ```\n\n# C\n";
        assert_eq!(
            parts(body, 1),
            ["# A\n\n- item\n\n  ```\n\n# B\n\n  ```\n\n# C\n"]
        );
        let body = "# A\n\n  ```\n\n  # in\n\n  ```\n\n# B\n";
        assert_eq!(
            parts(body, 1),
            ["# A\n\n  ```\n\n  # in\n\n  ```\n\n", "# B\n"]
        );
        // Four spaces in: indented code, or a fence in an item; ended by the heading.
        let body = "# A\n\n- x\n\n    ```\n\n# B\n";
        assert_eq!(parts(body, 1), ["# A\n\n- x\n\n    ```\n\n", "# B\n"]);
    }

    #[test]
    fn a_fence_line_in_what_may_be_an_html_block_stops_cutting() {
        // `</pre>` alone opens an HTML block that holds the next line, up to a blank one.
        let body = "</pre>\n```\n\n````\n\n# in\n\n````\n\n# B\n";
        assert_eq!(parts(body, 1), [body]);
        // Nor does a block that ends at its own closer, opened and closed inside it (found
        // by the property test: the fence after `]]>` is still the HTML block's text).
        let body = "</pre>\n<![CDATA[\n]]>\n```\n\n  ```\n\n# Heading\n";
        assert_eq!(parts(body, 1), [body]);
        let body = "<div>\ntext\n\n# A\n\n- <b>\n\n# B\n";
        assert_eq!(
            parts(body, 1),
            ["<div>\ntext\n\n", "# A\n\n- <b>\n\n", "# B\n"]
        );
    }

    #[test]
    fn footnotes_keep_the_body_whole() {
        let body = "# A\n\nnote[^1]\n\n# B\n\n[^1]: the note\n";
        assert_eq!(parts(body, 1), [body]);
    }

    #[test]
    fn inline_code_at_a_line_start_is_no_fence() {
        let body = "# A\n\n```code``` here\n\n# B\n";
        assert_eq!(parts(body, 1), ["# A\n\n```code``` here\n\n", "# B\n"]);
    }
}
