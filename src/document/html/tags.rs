//! A linear scan over HTML tags, run before any HTML parser sees the text.
//!
//! html5ever's tree builder takes quadratic time on some shapes: elements nested a hundred
//! thousand deep, or one tag with a hundred thousand attributes (duplicate attributes are
//! looked for one by one). [`guard`] caps both in one pass: start tags beyond
//! [`MAX_OPEN`] open elements are dropped with their end tags (their text stays), and
//! attributes beyond [`MAX_ATTRS`] are dropped. Ordinary pages pass through unchanged, without
//! a copy. [`parse_tag`] reads one tag, for the markdown loader's inline HTML.

use std::borrow::Cow;

/// Open elements kept; deeper start tags are dropped (no article nests this deep).
pub const MAX_OPEN: usize = 512;
/// Attributes kept on one tag.
pub const MAX_ATTRS: usize = 64;

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is text up to their end tag, never tags.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements a start tag of the same name closes (`<p>a<p>b` are siblings, not nested).
const SELF_CLOSING_SIBLINGS: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];

/// One tag as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The element name, lower-cased.
    pub name: String,
    /// `</name>`.
    pub closing: bool,
    /// `<name/>`.
    pub self_closing: bool,
    /// Attributes in order: lower-cased name, value with entities left as written.
    pub attrs: Vec<(String, &'a str)>,
    /// Bytes the tag takes, `<` to `>` included.
    pub len: usize,
    /// End of the last attribute kept when there are more than [`MAX_ATTRS`].
    cut: Option<usize>,
}

impl Tag<'_> {
    /// The value of attribute `name` (lower-case), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }

    /// Whether the element has no content (a void element or `<x/>`).
    pub fn is_void(&self) -> bool {
        self.self_closing || VOID.contains(&self.name.as_str())
    }
}

/// Reads the tag at the start of `text` (which starts with `<`): `None` when it is no tag
/// (`a < b`), a comment, a doctype or a processing instruction.
pub fn parse_tag(text: &str) -> Option<Tag<'_>> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'<') {
        return None;
    }
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b':')) {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut cut = None;
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') => {
                self_closing = bytes.get(i + 1) == Some(&b'>');
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>')
            && (bytes[i] != b'/' || bytes.get(i + 1) != Some(&b'>'))
        {
            i += 1;
        }
        let attr_name = &text[attr_start..i];
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = "";
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(q, &bytes[j + 1..])? + j + 1;
                    value = &text[j + 1..end];
                    j = end + 1;
                }
                Some(_) => {
                    let start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = &text[start..j];
                }
                None => return None,
            }
            i = j;
        }
        if attr_name.is_empty() {
            i += 1;
            continue;
        }
        if attrs.len() < MAX_ATTRS {
            attrs.push((attr_name.to_ascii_lowercase(), value));
            if attrs.len() == MAX_ATTRS {
                cut = Some(i);
            }
        }
    }
    let kept_all = cut.is_none_or(|c| text[c..i].trim_end_matches(['>', '/']).trim().is_empty());
    Some(Tag {
        name,
        closing,
        self_closing,
        attrs,
        len: i,
        cut: if kept_all { None } else { cut },
    })
}

/// `html` with nesting beyond [`MAX_OPEN`] and attributes beyond [`MAX_ATTRS`] dropped, in one
/// linear pass; borrowed unchanged when there is nothing to drop.
pub fn guard(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut drop_range = |out: &mut Option<String>, from: usize, to: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
        o.push_str(&html[copied..from]);
        copied = to;
    };
    let mut open: Vec<String> = Vec::new();
    let mut dropped = 0usize;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]).map(|p| p + i) {
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(html.len(), |e| lt + 4 + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = memchr::memchr(b'>', &bytes[lt..]).map_or(html.len(), |e| lt + e + 1);
            continue;
        }
        let Some(tag) = parse_tag(rest) else {
            i = lt + 1;
            continue;
        };
        let end = lt + tag.len;
        if tag.closing {
            // The innermost elements are the dropped ones: their end tags come first.
            if dropped > 0 {
                dropped -= 1;
                drop_range(&mut out, lt, end);
            } else if let Some(at) = open.iter().rposition(|n| *n == tag.name) {
                open.truncate(at);
            }
            i = end;
            continue;
        }
        if let Some(cut) = tag.cut {
            // Keep the tag, without the attributes past the cap.
            let close = if tag.self_closing { end - 2 } else { end - 1 };
            drop_range(&mut out, lt + cut, close);
        }
        i = end;
        if RAW_TEXT.contains(&tag.name.as_str()) {
            let close = find_end_tag(html, end, &tag.name);
            i = close;
            continue;
        }
        if tag.is_void() {
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&tag.name.as_str())
            && open.last().is_some_and(|n| *n == tag.name)
        {
            open.pop();
        }
        if open.len() >= MAX_OPEN {
            dropped += 1;
            drop_range(&mut out, lt, end);
        } else {
            open.push(tag.name);
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

/// The offset of `</name` at or after `from` (case-insensitive), or the end of the text.
fn find_end_tag(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(p) = memchr::memmem::find(&bytes[i..], b"</").map(|p| p + i) {
        let tail = &bytes[p + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return p;
        }
        i = p + 2;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_with_their_attributes() {
        let t = parse_tag("<a HREF=\"x y\" data-x='1' checked>rest").expect("tag");
        assert_eq!(t.name, "a");
        assert_eq!(t.attr("href"), Some("x y"));
        assert_eq!(t.attr("data-x"), Some("1"));
        assert_eq!(t.attr("checked"), Some(""));
        assert_eq!(t.len, "<a HREF=\"x y\" data-x='1' checked>".len());
        let br = parse_tag("<br/>").expect("br");
        assert!(br.self_closing && br.is_void());
        assert!(parse_tag("</kbd>").expect("end").closing);
        assert_eq!(parse_tag("< b"), None);
        assert_eq!(parse_tag("<a href=\"unclosed"), None);
        assert_eq!(parse_tag("<1>"), None);
    }

    #[test]
    fn ordinary_html_passes_unchanged() {
        let html = "<p>a<p>b <b>c</b><ul><li>x<li>y</ul><script>if (a<b) {}</script><!-- <div> -->";
        assert!(matches!(guard(html), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_and_attribute_floods_are_cut() {
        let deep = format!("{}text{}", "<div>".repeat(2000), "</div>".repeat(2000));
        let cut = guard(&deep);
        assert_eq!(cut.matches("<div>").count(), MAX_OPEN);
        assert_eq!(cut.matches("</div>").count(), MAX_OPEN);
        assert!(cut.contains("text"));
        let attrs = (0..500).fold(String::new(), |mut s, i| {
            s.push_str(&format!(" a{i}=\"v\""));
            s
        });
        let flood = format!("<p{attrs}>words</p>");
        let cut = guard(&flood);
        let tag = parse_tag(&cut).expect("tag");
        assert_eq!(tag.attrs.len(), MAX_ATTRS);
        assert!(cut.ends_with(">words</p>"), "{}", &cut[cut.len() - 20..]);
    }
}
