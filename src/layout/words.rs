//! Where prose may break between words: textwrap's Unicode line-breaking rules (UAX #14, as
//! textwrap applies them: never after a hyphen), with a fast path for printable ASCII.
//!
//! In printable ASCII, whether a break falls between two characters depends only on them;
//! whether one falls after a run of spaces depends on the characters either side of the run
//! (and, when a hyphen follows it, on the first character after the hyphens: `a -1` breaks
//! after the space, `a -b` does not). [`PAIR`], [`SPACED`] and [`HYPHEN`] hold those answers,
//! taken from the Unicode rules themselves (a test asks them again for every pair and compares
//! whole texts), so such a paragraph is split by table lookups instead of the Unicode
//! segmenter, which was a fifth of a layout's time. textwrap joins the last two words of a
//! text that ends in a hyphen; such a text, and any other, goes to the segmenter.

use textwrap::WordSeparator;
use textwrap::core::Word;

/// The words of `text`, as `WordSeparator::UnicodeBreakProperties` finds them.
pub(super) fn find_words(text: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    if fast(text) {
        Box::new(AsciiWords { text, at: 0 })
    } else {
        WordSeparator::UnicodeBreakProperties.find_words(text)
    }
}

/// Whether the tables answer for `text`: printable ASCII, no leading space, no hyphen last.
fn fast(text: &str) -> bool {
    !text.starts_with(' ')
        && !text.ends_with('-')
        && text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn bit(table: &[u128; 95], x: u8, y: u8) -> bool {
    table[usize::from(x - 0x20)] >> (y - 0x20) & 1 == 1
}

struct AsciiWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = Word<'a>;

    fn next(&mut self) -> Option<Word<'a>> {
        let b = self.text.as_bytes();
        let start = self.at;
        if start >= b.len() {
            return None;
        }
        let word = |end: usize, ws_end: usize| Word {
            word: &self.text[start..end],
            whitespace: &self.text[end..ws_end],
            penalty: "",
            width: end - start,
        };
        let mut i = start;
        while i < b.len() {
            if b[i] == b' ' {
                let ws = i;
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
                let before = b[ws - 1];
                let breaks = match b.get(i) {
                    None => true,
                    Some(b'-') => {
                        // The text does not end in a hyphen: something follows them.
                        let after = b[i..].iter().find(|&&c| c != b'-').copied();
                        after.is_some_and(|after| bit(&HYPHEN, before, after))
                    }
                    Some(&next) => bit(&SPACED, before, next),
                };
                if breaks {
                    self.at = i;
                    return Some(word(ws, i));
                }
                continue;
            }
            if i > start && b[i - 1] != b' ' && bit(&PAIR, b[i - 1], b[i]) {
                self.at = i;
                return Some(word(i, i));
            }
            i += 1;
        }
        self.at = b.len();
        Some(word(b.len(), b.len()))
    }
}

// Generated from textwrap's Unicode rules by `examples/break-tables.rs` (checked by
// `tables_are_the_unicode_rules` below): row `x - 0x20`, bit `y - 0x20`.
/// A break between `x` and `y`, neither a space.
const PAIR: [u128; 95] = [
    0x0000_0000_0000_0000_0000_0000, // ' '
    0x4fff_ffff_dfff_ffff_73ff_0d78, // '!'
    0x0000_0000_0000_0000_0000_0000, // '"'
    0x0000_0000_0000_0000_0000_0000, // '#'
    0x0000_0000_1000_0000_0000_0830, // '$'
    0x0000_0000_1000_0000_0000_0830, // '%'
    0x0000_0000_0000_0000_0000_0000, // '&'
    0x0000_0000_0000_0000_0000_0000, // '\''
    0x0000_0000_0000_0000_0000_0000, // '('
    0x0800_0000_0800_0000_0000_0100, // ')'
    0x0000_0000_0000_0000_0000_0000, // '*'
    0x0000_0000_1000_0000_0000_0830, // '+'
    0x0800_0000_1800_0000_0000_0930, // ','
    0x0000_0000_0000_0000_0000_0000, // '-'
    0x0800_0000_1800_0000_0000_0930, // '.'
    0x4fff_ffff_dfff_ffff_7000_0d78, // '/'
    0x0000_0000_0000_0000_0000_0000, // '0'
    0x0000_0000_0000_0000_0000_0000, // '1'
    0x0000_0000_0000_0000_0000_0000, // '2'
    0x0000_0000_0000_0000_0000_0000, // '3'
    0x0000_0000_0000_0000_0000_0000, // '4'
    0x0000_0000_0000_0000_0000_0000, // '5'
    0x0000_0000_0000_0000_0000_0000, // '6'
    0x0000_0000_0000_0000_0000_0000, // '7'
    0x0000_0000_0000_0000_0000_0000, // '8'
    0x0000_0000_0000_0000_0000_0000, // '9'
    0x0800_0000_1800_0000_0000_0930, // ':'
    0x0800_0000_1800_0000_0000_0930, // ';'
    0x0000_0000_0000_0000_0000_0000, // '<'
    0x0000_0000_0000_0000_0000_0000, // '='
    0x0000_0000_0000_0000_0000_0000, // '>'
    0x4fff_ffff_dfff_ffff_73ff_0d78, // '?'
    0x0000_0000_0000_0000_0000_0000, // '@'
    0x0000_0000_0000_0000_0000_0000, // 'A'
    0x0000_0000_0000_0000_0000_0000, // 'B'
    0x0000_0000_0000_0000_0000_0000, // 'C'
    0x0000_0000_0000_0000_0000_0000, // 'D'
    0x0000_0000_0000_0000_0000_0000, // 'E'
    0x0000_0000_0000_0000_0000_0000, // 'F'
    0x0000_0000_0000_0000_0000_0000, // 'G'
    0x0000_0000_0000_0000_0000_0000, // 'H'
    0x0000_0000_0000_0000_0000_0000, // 'I'
    0x0000_0000_0000_0000_0000_0000, // 'J'
    0x0000_0000_0000_0000_0000_0000, // 'K'
    0x0000_0000_0000_0000_0000_0000, // 'L'
    0x0000_0000_0000_0000_0000_0000, // 'M'
    0x0000_0000_0000_0000_0000_0000, // 'N'
    0x0000_0000_0000_0000_0000_0000, // 'O'
    0x0000_0000_0000_0000_0000_0000, // 'P'
    0x0000_0000_0000_0000_0000_0000, // 'Q'
    0x0000_0000_0000_0000_0000_0000, // 'R'
    0x0000_0000_0000_0000_0000_0000, // 'S'
    0x0000_0000_0000_0000_0000_0000, // 'T'
    0x0000_0000_0000_0000_0000_0000, // 'U'
    0x0000_0000_0000_0000_0000_0000, // 'V'
    0x0000_0000_0000_0000_0000_0000, // 'W'
    0x0000_0000_0000_0000_0000_0000, // 'X'
    0x0000_0000_0000_0000_0000_0000, // 'Y'
    0x0000_0000_0000_0000_0000_0000, // 'Z'
    0x0000_0000_0000_0000_0000_0000, // '['
    0x0000_0000_1000_0000_0000_0830, // '\\'
    0x0800_0000_0800_0000_0000_0100, // ']'
    0x0000_0000_0000_0000_0000_0000, // '^'
    0x0000_0000_0000_0000_0000_0000, // '_'
    0x0000_0000_0000_0000_0000_0000, // '`'
    0x0000_0000_0000_0000_0000_0000, // 'a'
    0x0000_0000_0000_0000_0000_0000, // 'b'
    0x0000_0000_0000_0000_0000_0000, // 'c'
    0x0000_0000_0000_0000_0000_0000, // 'd'
    0x0000_0000_0000_0000_0000_0000, // 'e'
    0x0000_0000_0000_0000_0000_0000, // 'f'
    0x0000_0000_0000_0000_0000_0000, // 'g'
    0x0000_0000_0000_0000_0000_0000, // 'h'
    0x0000_0000_0000_0000_0000_0000, // 'i'
    0x0000_0000_0000_0000_0000_0000, // 'j'
    0x0000_0000_0000_0000_0000_0000, // 'k'
    0x0000_0000_0000_0000_0000_0000, // 'l'
    0x0000_0000_0000_0000_0000_0000, // 'm'
    0x0000_0000_0000_0000_0000_0000, // 'n'
    0x0000_0000_0000_0000_0000_0000, // 'o'
    0x0000_0000_0000_0000_0000_0000, // 'p'
    0x0000_0000_0000_0000_0000_0000, // 'q'
    0x0000_0000_0000_0000_0000_0000, // 'r'
    0x0000_0000_0000_0000_0000_0000, // 's'
    0x0000_0000_0000_0000_0000_0000, // 't'
    0x0000_0000_0000_0000_0000_0000, // 'u'
    0x0000_0000_0000_0000_0000_0000, // 'v'
    0x0000_0000_0000_0000_0000_0000, // 'w'
    0x0000_0000_0000_0000_0000_0000, // 'x'
    0x0000_0000_0000_0000_0000_0000, // 'y'
    0x0000_0000_0000_0000_0000_0000, // 'z'
    0x0000_0000_0000_0000_0000_0000, // '{'
    0x4fff_ffff_dfff_ffff_73ff_0d78, // '|'
    0x4fff_ffff_cfff_ffff_73ff_0548, // '}'
    0x0000_0000_0000_0000_0000_0000, // '~'
];

/// A break after the spaces between `x` and `y` (not a hyphen).
const SPACED: [u128; 95] = [
    0x0000_0000_0000_0000_0000_0000, // ' '
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '!'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '"'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '#'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '$'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '%'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '&'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '\''
    0x0000_0000_0000_0000_0000_0000, // '('
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // ')'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '*'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '+'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // ','
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '-'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '.'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '/'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '0'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '1'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '2'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '3'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '4'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '5'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '6'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '7'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '8'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '9'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // ':'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // ';'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '<'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '='
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '>'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '?'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '@'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'A'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'B'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'C'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'D'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'E'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'F'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'G'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'H'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'I'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'J'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'K'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'L'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'M'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'N'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'O'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'P'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'Q'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'R'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'S'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'T'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'U'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'V'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'W'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'X'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'Y'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'Z'
    0x0000_0000_0000_0000_0000_0000, // '['
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '\\'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // ']'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '^'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '_'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '`'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'a'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'b'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'c'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'd'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'e'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'f'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'g'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'h'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'i'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'j'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'k'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'l'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'm'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'n'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'o'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'p'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'q'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'r'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 's'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 't'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'u'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'v'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'w'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'x'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'y'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // 'z'
    0x0000_0000_0000_0000_0000_0000, // '{'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '|'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '}'
    0x5fff_ffff_dfff_ffff_73ff_0dfc, // '~'
];

/// A break after the spaces between `x` and hyphens followed by `y` (which may be a space).
const HYPHEN: [u128; 95] = [
    0x0000_0000_0000_0000_0000_0000, // ' '
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '!'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '"'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '#'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '$'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '%'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '&'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '\''
    0x0000_0000_0000_0000_0000_0000, // '('
    0x7fff_ffff_ffff_ffff_ffff_dfff, // ')'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '*'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '+'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // ','
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '-'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '.'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '/'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '0'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '1'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '2'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '3'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '4'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '5'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '6'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '7'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '8'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '9'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // ':'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // ';'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '<'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '='
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '>'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '?'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '@'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'A'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'B'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'C'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'D'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'E'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'F'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'G'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'H'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'I'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'J'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'K'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'L'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'M'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'N'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'O'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'P'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'Q'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'R'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'S'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'T'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'U'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'V'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'W'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'X'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'Y'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'Z'
    0x0000_0000_0000_0000_0000_0000, // '['
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '\\'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // ']'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '^'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '_'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '`'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'a'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'b'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'c'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'd'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'e'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'f'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'g'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'h'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'i'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'j'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'k'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'l'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'm'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'n'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'o'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'p'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'q'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'r'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 's'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 't'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'u'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'v'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'w'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'x'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'y'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // 'z'
    0x0000_0000_0000_0000_0000_0000, // '{'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '|'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '}'
    0x7fff_ffff_ffff_ffff_ffff_dfff, // '~'
];

#[cfg(test)]
mod tests {
    use super::*;

    fn unicode(text: &str) -> Vec<Word<'_>> {
        WordSeparator::UnicodeBreakProperties
            .find_words(text)
            .collect()
    }

    /// Whether the Unicode rules break `text` after its first `at` bytes.
    fn breaks(text: &str, at: usize) -> bool {
        let base = text.as_ptr() as usize;
        unicode(text)
            .iter()
            .any(|w| w.word.as_ptr() as usize - base == at)
    }

    #[test]
    fn tables_are_the_unicode_rules() {
        for x in 0x21u8..0x7f {
            for y in 0x20u8..0x7f {
                let (cx, cy) = (char::from(x), char::from(y));
                if y != b' ' {
                    assert_eq!(
                        bit(&PAIR, x, y),
                        breaks(&format!("{cx}{cy}"), 1),
                        "{cx}{cy}"
                    );
                }
                if y != b' ' && y != b'-' {
                    let text = format!("{cx} {cy}");
                    assert_eq!(bit(&SPACED, x, y), breaks(&text, 2), "{text}");
                }
                if y != b'-' {
                    let text = format!("{cx} -{cy}");
                    assert_eq!(bit(&HYPHEN, x, y), breaks(&text, 2), "{text}");
                }
            }
        }
    }

    #[test]
    fn ascii_words_are_the_unicode_words() {
        // Every text of up to four characters from a mix of classes, then long random texts
        // from all of printable ASCII.
        let alphabet: Vec<char> = "aZ7 -.,()\"'!?:;&*/%$#@=+<>[]_`~^|\\{}".chars().collect();
        let mut texts: Vec<String> = Vec::new();
        for n in 1..=4u32 {
            for k in 0..alphabet.len().pow(n) {
                let mut x = k;
                let mut s = String::new();
                for _ in 0..n {
                    s.push(alphabet[x % alphabet.len()]);
                    x /= alphabet.len();
                }
                texts.push(s);
            }
        }
        let printable: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..24 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(printable[(seed % printable.len() as u64) as usize]);
            }
            texts.push(s);
        }
        let mut checked = 0;
        for text in &texts {
            let text = text.trim_start();
            if !fast(text) {
                continue;
            }
            let ascii: Vec<Word<'_>> = find_words(text).collect();
            assert_eq!(ascii, unicode(text), "{text:?}");
            checked += 1;
        }
        assert!(checked > 1_500_000, "{checked}");
    }

    #[test]
    fn text_the_tables_cannot_answer_goes_to_the_segmenter() {
        for text in ["ends in a-", "a a-", " lead", "café", "tab\there"] {
            assert!(!fast(text), "{text:?}");
            assert_eq!(find_words(text).collect::<Vec<_>>(), unicode(text));
        }
        // Hyphens elsewhere are answered, and as the rules do.
        for text in ["well-known", "a -1", "a -b", "a --b", "x - y", "-5 to +5"] {
            assert!(fast(text), "{text:?}");
            assert_eq!(
                find_words(text).collect::<Vec<_>>(),
                unicode(text),
                "{text:?}"
            );
        }
    }
}
