//! Small facts about one line of text that the classifiers share: length in words (counting
//! caseless, unspaced scripts fairly), final punctuation, capitalisation, list and table shapes.

/// Closing quotes and brackets that may follow the real last character.
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '»', '›', ')', ']', '」', '』', '）', '】', '*',
];

/// Punctuation that ends a sentence, in the scripts folio meets.
const SENTENCE_END: &[char] = &['.', '!', '?', '…', '。', '！', '？', '؟', '۔', '।', '‼'];

/// Punctuation that says "the text goes on": a heading never ends with it.
const CONTINUES: &[char] = &[
    ',', ';', ':', '，', '；', '：', '、', '،', '؛', '-', '–', '/',
];

/// Whether `c` is a wide (East Asian) character that is written without spaces.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Counting stops here: every rule compares lengths with smaller numbers, and paragraphs
/// are long, so counting them to the end would only cost time.
pub const WORDS_CAP: usize = 100;

/// Length in words, up to [`WORDS_CAP`]; two wide characters count as one word, since CJK has
/// no spaces.
pub fn words(text: &str) -> usize {
    words_up_to(text, WORDS_CAP)
}

/// Length in words, counting no further than `cap`.
pub fn words_up_to(text: &str, cap: usize) -> usize {
    let bytes = text.as_bytes();
    if !spaces_or_wide_beyond_ascii(bytes) {
        // Every token is a word, and only ASCII white space parts them (curly quotes and
        // dashes, the commonest bytes beyond ASCII in prose, are part of a word).
        return crate::document::ascii_word_starts(bytes).min(cap);
    }
    words_scanned(text, cap)
}

/// Whether `bytes` (UTF-8) may hold white space beyond ASCII or a wide character, the two
/// things [`words_scanned`] must decode to count: the lead bytes of U+1000..=U+1FFF and of
/// U+3000 on are taken to, and U+0085, U+00A0, U+2000..=U+200A, U+2028, U+2029, U+202F,
/// U+205F and U+2E80 on are looked for.
fn spaces_or_wide_beyond_ascii(bytes: &[u8]) -> bool {
    #[inline]
    fn lead(c: u8) -> u8 {
        u8::from(c == 0xe1) | u8::from(c >= 0xe3)
    }
    // 64 bytes at a time, without an early exit, so the compiler makes vector code of it.
    let mut chunks = bytes.chunks_exact(64);
    for chunk in &mut chunks {
        if chunk.iter().fold(0, |any, &c| any | lead(c)) != 0 {
            return true;
        }
    }
    if chunks.remainder().iter().any(|&c| lead(c) != 0) {
        return true;
    }
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    memchr::memchr2_iter(0xc2, 0xe2, bytes).any(|i| match (bytes[i], at(i + 1)) {
        (0xc2, next) => matches!(next, 0x85 | 0xa0),
        (_, 0x80) => matches!(at(i + 2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
        (_, 0x81) => at(i + 2) == 0x9f,
        (_, next) => next >= 0xba,
    })
}

/// [`words_up_to`] for any text, one character at a time.
fn words_scanned(text: &str, cap: usize) -> usize {
    let token = |wide: usize, narrow: usize| {
        if wide == 0 {
            1
        } else {
            (wide / 2).max(1) + usize::from(narrow > 2)
        }
    };
    let bytes = text.as_bytes();
    let (mut total, mut wide, mut narrow) = (0, 0, 0);
    let mut i = 0;
    // One pass, token by token; ASCII bytes are judged without decoding.
    while i < bytes.len() {
        let (space, is_wide_char, len) = if bytes[i] < 0x80 {
            (matches!(bytes[i], b'\t'..=b'\r' | b' '), false, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            let wide_char = u32::from(c) >= 0x1100 && is_wide(c);
            (c.is_whitespace(), wide_char, c.len_utf8())
        };
        i += len;
        if space {
            if wide + narrow > 0 {
                total += token(wide, narrow);
                if total >= cap {
                    return cap;
                }
            }
            (wide, narrow) = (0, 0);
        } else if is_wide_char {
            wide += 1;
            // A long run of wide characters is already many words.
            if total + wide / 2 >= cap {
                return cap;
            }
        } else {
            narrow += 1;
        }
    }
    if wide + narrow > 0 {
        total += token(wide, narrow);
    }
    total.min(cap)
}

/// The text without closing quotes and brackets at the end.
pub fn core_end(text: &str) -> &str {
    text.trim_end().trim_end_matches(CLOSERS).trim_end()
}

/// The last meaningful character, ignoring closing quotes and brackets.
pub fn last_char(text: &str) -> Option<char> {
    core_end(text).chars().next_back()
}

/// Ends like a sentence (`.`, `!`, `?`, `。`, ...), looking through closing quotes.
pub fn ends_sentence(text: &str) -> bool {
    last_char(text).is_some_and(|c| SENTENCE_END.contains(&c))
}

/// Ends with a full stop or similar, but not a question or exclamation mark.
pub fn ends_with_stop(text: &str) -> bool {
    last_char(text).is_some_and(|c| matches!(c, '.' | '…' | '。' | '۔' | '।'))
}

/// Ends with punctuation that announces more text (a comma, a colon, a dash).
pub fn ends_open(text: &str) -> bool {
    last_char(text).is_some_and(|c| CONTINUES.contains(&c))
}

/// Whether the text is written in a script with letter case (Latin, Greek, Cyrillic, ... but
/// not CJK or Arabic): capitalisation cues only apply when it is. A caseless line quoting a
/// Latin acronym or brand ("NGO的一年") is still caseless: at least half of the letters
/// must be cased.
pub fn has_case(text: &str) -> bool {
    let (mut cased, mut letters) = (0, 0);
    let bytes = text.as_bytes();
    let mut i = 0;
    // ASCII bytes are judged as they are (every ASCII letter is cased); only the rest is
    // decoded.
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let letter = u32::from(b.is_ascii_alphabetic());
            (letters, cased) = (letters + letter, cased + letter);
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c.is_alphabetic() {
            letters += 1;
            cased += u32::from(c.is_uppercase() || c.is_lowercase());
        }
    }
    cased > 0 && cased * 2 >= letters
}

/// Starts with a lower-case letter (a continuation, not a heading).
pub fn starts_lower(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

/// Every cased letter is a capital, and there are at least two letters.
pub fn all_caps(text: &str) -> bool {
    let (mut letters, mut upper) = (0, 0);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    letters >= 2 && upper > 0
}

/// A line that starts like a list item: `- x`, `* x`, `• x`, `1. x`, `2) x`, `a) x`.
pub fn is_list_item(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if first == '['
        && let Some((inside, rest)) = t[1..].split_once(']')
        && !inside.is_empty()
        && inside.len() <= 3
        && inside.chars().all(|c| c.is_ascii_digit())
    {
        return rest.starts_with(' ');
    }
    if matches!(first, '-' | '*' | '•' | '·' | '+' | '–' | '▪' | '◦' | '‣') {
        return chars.next().is_some_and(char::is_whitespace);
    }
    let marker_len = t
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_digit())
        .map_or(t.len(), |(i, _)| i);
    let (marker, rest) = if marker_len > 0 && marker_len <= 3 {
        t.split_at(marker_len)
    } else if first.is_ascii_lowercase() {
        t.split_at(first.len_utf8())
    } else {
        return false;
    };
    let _ = marker;
    let mut rest = rest.chars();
    matches!(rest.next(), Some('.' | ')')) && rest.next().is_some_and(char::is_whitespace)
}

/// The text after a number marker (`3. `, `12) `), when the line has one.
pub fn after_number(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = t[digits..].strip_prefix(['.', ')'])?;
    rest.starts_with(' ').then(|| rest.trim_start())
}

/// A line that looks like a table row or a code line rather than prose.
pub fn is_tabular(text: &str) -> bool {
    // SIMD searches, built once: this runs on every line of the text, and building a search
    // cost more than running it on a short line.
    static SIGNS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| {
            [" | ", "   ", "│"].map(|p| memchr::memmem::Finder::new(p.as_bytes()))
        });
    let t = text.trim().as_bytes();
    memchr::memchr(b'\t', t).is_some() || SIGNS.iter().any(|f| f.find(t).is_some())
}

/// Searches for what [`is_codeish`] looks for, built once.
static CODE_SIGNS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 4]> =
    std::sync::LazyLock::new(|| ["</", "/>", " = ", "()"].map(memchr::memmem::Finder::new));

/// A line that looks like code or markup (braces, tags, assignments, semicolon ends).
pub fn is_codeish(text: &str) -> bool {
    let t = text.trim();
    let b = t.as_bytes();
    t.ends_with(';')
        || t.starts_with("//")
        || memchr::memchr2(b'{', b'}', b).is_some()
        || CODE_SIGNS.iter().any(|f| f.find(b).is_some())
}

/// A link or an address on its own.
pub fn has_url(text: &str) -> bool {
    text.contains("://")
        || text.contains("www.")
        || text
            .split_whitespace()
            .any(|w| w.len() > 1 && (w.starts_with('@') || w.contains('@') && w.contains('.')))
}

/// Reads like running prose: long, or a complete sentence of some length.
#[cfg(test)]
pub fn is_prose(text: &str) -> bool {
    // Nothing below compares with more than 25 words.
    is_prose_with(text, words_up_to(text, 25))
}

/// [`is_prose`] for a text of `n` words.
pub fn is_prose_with(text: &str, n: usize) -> bool {
    n >= 25 || (n >= 6 && ends_sentence(text)) || (n >= 16 && !ends_open(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_are_counted_as_any_text_is() {
        let texts = [
            "",
            " ",
            "a",
            " a b  c ",
            "\tone\ntwo\x0bthree\x0cfour\rfive",
            "x-y z_w",
            "a  ",
        ];
        for text in texts {
            for cap in [0, 1, 2, 3, 100] {
                assert_eq!(
                    words_up_to(text, cap),
                    words_scanned(text, cap),
                    "{text:?} {cap}"
                );
            }
        }
        let long = "word ".repeat(150);
        assert_eq!(words(&long), WORDS_CAP);
        assert_eq!(words_up_to(&long, 1000), 150);
    }

    /// Every string of up to three pieces from characters on both sides of each byte test
    /// (spaces beyond ASCII, wide characters and their neighbours, curly quotes, dashes),
    /// alone and after ASCII words long enough that they straddle a 64-byte chunk.
    fn tricky_strings() -> Vec<String> {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            " ",
            "\t",
            "\u{a0}",
            "\u{85}",
            "\u{a9}",
            "é",
            "“",
            "—",
            "\u{2003}",
            "\u{200b}",
            "\u{2028}",
            "\u{202f}",
            "\u{205f}",
            "\u{2e7f}",
            "\u{2e80}",
            "\u{3000}",
            "雨",
            "\u{1100}",
            "\u{1680}",
            "\u{10ff}",
            "😀",
            "\u{20000}",
            "ß",
            "ǅ",
            "ـ",
        ];
        let mut out = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..3 {
            last = last
                .iter()
                .flat_map(|s| PIECES.iter().map(move |p| format!("{s}{p}")))
                .collect();
            out.extend(last.iter().cloned());
        }
        let long: Vec<String> = out
            .iter()
            .map(|s| format!("{}{s} end", "word ".repeat(12)))
            .collect();
        out.extend(long);
        out
    }

    #[test]
    fn words_counted_on_bytes_match_words_counted_by_character() {
        for text in tricky_strings() {
            for cap in [1, 2, 100] {
                assert_eq!(
                    words_up_to(&text, cap),
                    words_scanned(&text, cap),
                    "{text:?} {cap}"
                );
            }
        }
    }

    #[test]
    fn case_judged_on_bytes_matches_case_judged_by_character() {
        let by_character = |text: &str| {
            let letters = text.chars().filter(|c| c.is_alphabetic());
            let cased = letters
                .clone()
                .filter(|c| c.is_uppercase() || c.is_lowercase());
            let (letters, cased) = (letters.count(), cased.count());
            cased > 0 && cased * 2 >= letters
        };
        for text in tricky_strings() {
            assert_eq!(has_case(&text), by_character(&text), "{text:?}");
        }
    }

    #[test]
    fn words_count_cjk_fairly() {
        assert_eq!(words("three short words"), 3);
        assert_eq!(words("雨の日の図書館"), 3);
        assert!(words("雨の日になると、町の小さな図書館はいつもより静かになる。") >= 10);
        assert_eq!(words(&"word ".repeat(1000)), WORDS_CAP);
        assert_eq!(words(&"word ".repeat(99)), 99);
    }

    #[test]
    fn endings() {
        assert!(ends_sentence("He said “no.”"));
        assert!(ends_sentence("終わり。"));
        assert!(ends_sentence("آیا؟"));
        assert!(!ends_sentence("Time and money"));
        assert!(ends_open("De-escalate,"));
        assert!(!ends_with_stop("Why now?"));
    }

    #[test]
    fn case_cues() {
        assert!(!has_case("雨の日の図書館"));
        assert!(!has_case("زمان و پول"));
        assert!(has_case("Time and money"));
        assert!(
            !has_case("NGO的一年与港口"),
            "an acronym in a caseless line"
        );
        assert!(has_case("Tokyo 東京 guide"), "mostly Latin");
        assert!(starts_lower("and then"));
        assert!(!starts_lower("Then"));
        assert!(all_caps("ANALYSIS"));
        assert!(!all_caps("A"));
    }

    #[test]
    fn shapes() {
        for item in [
            "[1] https://x.org",
            "- milk",
            "* eggs",
            "• bread",
            "1. first",
            "12) twelfth",
            "a) one",
        ] {
            assert!(is_list_item(item), "{item}");
        }
        for not in [
            "-5 degrees",
            "1984 was a year",
            "A. Smith wrote",
            "apple) pie",
            "*bold*",
        ] {
            assert!(!is_list_item(not), "{not}");
        }
        assert!(is_tabular("Name | Age"));
        assert!(is_codeish("fn main() {"));
        assert!(has_url("see https://example.org"));
        assert!(has_url("Account: @someone"));
        assert!(!has_url("Meet @ noon"));
        assert_eq!(
            after_number("3. Live below your means"),
            Some("Live below your means")
        );
        assert_eq!(after_number("21) Harbour Lights"), Some("Harbour Lights"));
        assert_eq!(after_number("1984 was a year"), None);
        assert!(is_prose("This is a complete sentence of some length."));
        assert!(!is_prose("Time and money"));
    }
}
