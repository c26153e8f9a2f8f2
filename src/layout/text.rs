//! The text of a span: a slice of a piece of text laid out once, never a copy of its own.
//!
//! A paragraph's flattened text (or a code block's, or a table cell's) is stored once, in an
//! [`Arc`]; every span of every line it wraps into, and the searchable segment when it is the
//! same text, is a range of it. Structure (bullets, bars, spaces) points at static strings.
//! Cloning a [`Text`] never copies characters.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// Spaces for indents and padding, sliced rather than allocated.
const SPACES: &str = match str::from_utf8(&[b' '; 256]) {
    Ok(s) => s,
    Err(_) => "",
};

/// Immutable text shown in a span or searched in a segment; derefs to `str`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Shared {
        text: Arc<str>,
        start: u32,
        end: u32,
    },
}

impl Text {
    /// The empty text.
    pub const EMPTY: Self = Self(Repr::Static(""));

    /// `range` of `text`, sharing it. `range` must lie on character boundaries.
    pub(crate) fn slice(text: &Arc<str>, range: Range<usize>) -> Self {
        debug_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) if start <= end => Self(Repr::Shared {
                text: Arc::clone(text),
                start,
                end,
            }),
            // Beyond 4 GiB (never read from a file): a copy of its own.
            _ => Self::from(text[range].to_string()),
        }
    }

    /// The whole of `text`, shared.
    pub(crate) fn whole(text: &Arc<str>) -> Self {
        Self::slice(text, 0..text.len())
    }

    /// `n` spaces.
    pub(crate) fn spaces(n: usize) -> Self {
        match SPACES.get(..n) {
            Some(s) => Self(Repr::Static(s)),
            None => Self::from(" ".repeat(n)),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Shared { text, start, end } => &text[*start as usize..*end as usize],
        }
    }

    /// The first `len` bytes (a character boundary), sharing the text.
    pub(crate) fn prefix(&self, len: usize) -> Self {
        match &self.0 {
            Repr::Static(s) => Self(Repr::Static(&s[..len])),
            Repr::Shared { text, start, .. } => {
                let start = *start as usize;
                Self::slice(text, start..start + len)
            }
        }
    }

    /// The text without trailing white space, sharing it.
    pub(crate) fn trim_end(&self) -> Self {
        self.prefix(self.as_str().trim_end().len())
    }

    /// `self` followed by `next`: still a slice when `next` continues the same text right
    /// where `self` ends, else one new text.
    pub(crate) fn append(&mut self, next: &Self) {
        if next.is_empty() {
            return;
        }
        if let (
            Repr::Shared { text, end, .. },
            Repr::Shared {
                text: other,
                start: next_start,
                end: next_end,
            },
        ) = (&mut self.0, &next.0)
            && Arc::ptr_eq(text, other)
            && *end == *next_start
        {
            *end = *next_end;
            return;
        }
        let mut joined = String::with_capacity(self.len() + next.len());
        joined.push_str(self);
        joined.push_str(next);
        *self = Self::from(joined);
    }
}

impl Default for Text {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&'static str> for Text {
    fn from(s: &'static str) -> Self {
        Self(Repr::Static(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        if s.is_empty() {
            return Self::EMPTY;
        }
        Self::whole(&Arc::from(s))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_share_and_adjacent_slices_join_without_a_copy() {
        let text: Arc<str> = Arc::from("one two three");
        let mut a = Text::slice(&text, 0..4);
        let b = Text::slice(&text, 4..7);
        a.append(&b);
        assert_eq!(a, "one two");
        assert!(matches!(&a.0, Repr::Shared { text: t, .. } if Arc::ptr_eq(t, &text)));
        // Not adjacent: a new text of its own.
        a.append(&Text::slice(&text, 8..13));
        assert_eq!(a, "one twothree");
        assert!(matches!(&a.0, Repr::Shared { text: t, .. } if !Arc::ptr_eq(t, &text)));
        a.append(&Text::from(" !"));
        assert_eq!(a.as_str(), "one twothree !");
    }

    #[test]
    fn prefixes_trims_and_spaces() {
        let text: Arc<str> = Arc::from("ab  ");
        assert_eq!(Text::whole(&text).trim_end(), "ab");
        assert_eq!(Text::from("│ ").trim_end(), "│");
        assert_eq!(Text::from("x ".to_string()).prefix(1), "x");
        assert_eq!(Text::spaces(3), "   ");
        assert_eq!(Text::spaces(300).len(), 300);
        assert_eq!(Text::from(String::new()), Text::EMPTY);
    }
}
