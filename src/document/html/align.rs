//! Source positions for text that went through an HTML parser.
//!
//! The parser keeps no byte offsets, so the words of each extracted run of text are found
//! again in the page: the page's visible text is cut into words (tags, comments, scripts and
//! styles skipped, numeric entities decoded), and runs are matched in reading order against
//! them with a cursor that only moves forward. A run whose words cannot be found gets an empty
//! range at the cursor, so ranges are always in order and inside the text, which is what
//! reading positions, `--section-at` and the outline need.

use std::collections::HashMap;
use std::ops::Range;

/// How far ahead (in words) the next word of a run is looked for before searching the page.
const WINDOW: usize = 48;
/// Words that must follow each other for a jump across the page to be trusted.
const ANCHOR: usize = 3;
/// How many occurrences of a word are tried as the start of a jump.
const CANDIDATES: usize = 256;
/// How far (in words) a run too short to anchor may be found.
const SHORT_REACH: usize = 4096;

/// One word of the page: a hash of its lower-cased letters and digits, and its bytes.
#[derive(Debug, Clone)]
struct Word {
    hash: u64,
    source: Range<usize>,
}

/// Matches extracted text back to byte ranges of the page it came from.
#[derive(Debug)]
pub struct Aligner {
    words: Vec<Word>,
    /// Positions of each word hash, ascending.
    index: HashMap<u64, Vec<u32>>,
    /// The next word of the page that may be matched.
    cursor: usize,
    /// Byte offset where the last matched word ended.
    at: usize,
    /// Length of the page in bytes.
    len: usize,
}

impl Aligner {
    /// Cuts the page's visible text into words.
    pub fn new(page: &str) -> Self {
        let words = page_words(page);
        let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            index.entry(w.hash).or_default().push(i as u32);
        }
        Self {
            words,
            index,
            cursor: 0,
            at: 0,
            len: page.len(),
        }
    }

    /// Like [`Aligner::new`] for a piece of a larger file that starts at byte `base` of it
    /// (HTML inside markdown): ranges are the file's.
    pub fn with_base(page: &str, base: usize) -> Self {
        let mut aligner = Self::new(page);
        for word in &mut aligner.words {
            word.source = word.source.start + base..word.source.end + base;
        }
        aligner.at = base;
        aligner.len = base + page.len();
        aligner
    }

    /// Where the cursor is, as a byte offset: the place for text that was not found.
    pub fn here(&self) -> usize {
        self.at.min(self.len)
    }

    /// The byte range of the page that `text` (the next run in reading order) came from, or
    /// an empty range at the cursor when none of its words are found.
    pub fn locate(&mut self, text: &str) -> Range<usize> {
        let run: Vec<u64> = text_words(text).collect();
        let mut first: Option<usize> = None;
        let mut last = self.at;
        let mut i = 0;
        while i < run.len() {
            let found = self
                .near(run[i])
                .or_else(|| self.jump(&run[i..], run.len() < ANCHOR));
            if let Some(j) = found {
                first.get_or_insert(self.words[j].source.start);
                last = self.words[j].source.end;
                self.cursor = j + 1;
                self.at = last;
            }
            i += 1;
        }
        match first {
            Some(start) => start..last,
            None => self.here()..self.here(),
        }
    }

    /// The next occurrence of `hash` within a few words of the cursor.
    fn near(&self, hash: u64) -> Option<usize> {
        let end = (self.cursor + WINDOW).min(self.words.len());
        (self.cursor..end).find(|&j| self.words[j].hash == hash)
    }

    /// The first place after the cursor where the run's next words (all of them when the run
    /// is short) follow each other: text was skipped in between (navigation, an ad).
    fn jump(&self, run: &[u64], short: bool) -> Option<usize> {
        let need = if short { run.len() } else { ANCHOR };
        if run.len() < need || need == 0 {
            return None;
        }
        let positions = self.index.get(&run[0])?;
        let from = positions.partition_point(|&p| (p as usize) < self.cursor);
        let reach = if short {
            self.cursor.saturating_add(SHORT_REACH)
        } else {
            usize::MAX
        };
        positions[from..]
            .iter()
            .take(CANDIDATES)
            .map(|&p| p as usize)
            .take_while(|&p| p <= reach)
            .find(|&p| {
                run[..need]
                    .iter()
                    .enumerate()
                    .all(|(k, h)| self.words.get(p + k).is_some_and(|w| w.hash == *h))
            })
    }
}

/// Words of extracted text, as hashes.
fn text_words(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| hash_chars(w.chars()))
}

/// FNV-1a over the lower-cased characters.
fn hash_chars(chars: impl Iterator<Item = char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars.flat_map(char::to_lowercase) {
        h ^= u64::from(u32::from(c));
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Elements whose content is not visible text.
const RAW: [&str; 5] = ["script", "style", "title", "textarea", "template"];

/// The words of a page's visible text with their byte ranges.
fn page_words(page: &str) -> Vec<Word> {
    let bytes = page.as_bytes();
    let mut words = Vec::new();
    let mut word: Option<(usize, Vec<char>)> = None;
    let mut end_word = |word: &mut Option<(usize, Vec<char>)>, end: usize| {
        if let Some((start, chars)) = word.take() {
            words.push(Word {
                hash: hash_chars(chars.into_iter()),
                source: start..end,
            });
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                end_word(&mut word, i);
                i = skip_markup(page, i);
            }
            b'&' => {
                let (decoded, next) = entity(page, i);
                match decoded {
                    Some(c) if c.is_alphanumeric() => {
                        word.get_or_insert_with(|| (i, Vec::new())).1.push(c);
                    }
                    _ => end_word(&mut word, i),
                }
                i = next;
            }
            _ => {
                let Some(c) = page[i..].chars().next() else {
                    break;
                };
                if c.is_alphanumeric() {
                    word.get_or_insert_with(|| (i, Vec::new())).1.push(c);
                } else {
                    end_word(&mut word, i);
                }
                i += c.len_utf8();
            }
        }
    }
    end_word(&mut word, bytes.len());
    words
}

/// Skips a tag, comment, doctype or raw-text element starting at `<` (byte `i`); returns
/// the offset after it. A `<` that starts no markup is skipped alone.
fn skip_markup(page: &str, i: usize) -> usize {
    let rest = &page[i..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        return comment.find("-->").map_or(page.len(), |e| i + 4 + e + 3);
    }
    let next = rest.as_bytes().get(1).copied().unwrap_or(b' ');
    if !(next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?')) {
        return i + 1;
    }
    let close = rest.find('>').map_or(page.len(), |e| i + e + 1);
    let name: String = rest[1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if RAW.contains(&name.as_str()) {
        return end_tag(page, close, &name).map_or(page.len(), |e| skip_markup(page, e));
    }
    close
}

/// Byte offset of the first `</name` (any case) at or after `from`.
fn end_tag(page: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(found) = page.get(at..)?.find("</") {
        let start = at + found;
        let tail = &page.as_bytes()[start + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// Decodes the entity at byte `i` (an `&`) when it names a character: numeric ones and a
/// few named ones that hold letters. Returns the character and the offset after it.
fn entity(page: &str, i: usize) -> (Option<char>, usize) {
    let rest = &page[i + 1..];
    let Some(semi) = rest.find(';').filter(|&s| s <= 32) else {
        return (None, i + 1);
    };
    let body = &rest[..semi];
    let next = i + 1 + semi + 1;
    let numeric = body
        .strip_prefix("#x")
        .or_else(|| body.strip_prefix("#X"))
        .map(|h| u32::from_str_radix(h, 16))
        .or_else(|| body.strip_prefix('#').map(str::parse::<u32>));
    if let Some(n) = numeric {
        return (n.ok().and_then(char::from_u32), next);
    }
    (named(body), next)
}

/// Named entities for accented letters (the rest are punctuation and spaces, which only
/// separate words).
fn named(name: &str) -> Option<char> {
    let (base, mark) = [
        "acute", "grave", "circ", "uml", "tilde", "ring", "cedil", "slash",
    ]
    .iter()
    .find_map(|m| name.strip_suffix(m).map(|b| (b, *m)))?;
    let mut chars = base.chars();
    let letter = chars.next()?;
    if chars.next().is_some() {
        return match name {
            "szlig" => Some('ß'),
            "aelig" => Some('æ'),
            "AElig" => Some('Æ'),
            _ => None,
        };
    }
    let table: &[(char, &str, char)] = &[
        ('a', "acute", 'á'),
        ('a', "grave", 'à'),
        ('a', "circ", 'â'),
        ('a', "uml", 'ä'),
        ('a', "tilde", 'ã'),
        ('a', "ring", 'å'),
        ('e', "acute", 'é'),
        ('e', "grave", 'è'),
        ('e', "circ", 'ê'),
        ('e', "uml", 'ë'),
        ('i', "acute", 'í'),
        ('i', "grave", 'ì'),
        ('i', "circ", 'î'),
        ('i', "uml", 'ï'),
        ('o', "acute", 'ó'),
        ('o', "grave", 'ò'),
        ('o', "circ", 'ô'),
        ('o', "uml", 'ö'),
        ('o', "tilde", 'õ'),
        ('o', "slash", 'ø'),
        ('u', "acute", 'ú'),
        ('u', "grave", 'ù'),
        ('u', "circ", 'û'),
        ('u', "uml", 'ü'),
        ('n', "tilde", 'ñ'),
        ('c', "cedil", 'ç'),
        ('y', "acute", 'ý'),
        ('y', "uml", 'ÿ'),
    ];
    let lower = letter.to_ascii_lowercase();
    let c = table
        .iter()
        .find(|(l, m, _)| *l == lower && *m == mark)
        .map(|(_, _, c)| *c)?;
    Some(if letter.is_ascii_uppercase() {
        c.to_uppercase().next().unwrap_or(c)
    } else {
        c
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_runs_in_order_past_markup_and_entities() {
        let page = "<html><head><title>Trains at night</title><script>var a = \"Trains\";</script></head>\
                    <body><nav>Home News</nav><h1>Trains</h1><p>Caf&eacute; at <b>night</b> &amp; day.</p></body>";
        let mut a = Aligner::new(page);
        let h = a.locate("Trains");
        assert_eq!(&page[h.clone()], "Trains");
        assert!(h.start > page.find("<h1>").unwrap());
        let p = a.locate("Café at ");
        assert_eq!(&page[p.clone()], "Caf&eacute; at");
        let b = a.locate("night");
        assert_eq!(&page[b], "night");
        let rest = a.locate(" & day.");
        assert_eq!(&page[rest.clone()], "day");
        let missing = a.locate("nowhere to be seen");
        assert_eq!(missing, rest.end..rest.end);
    }

    #[test]
    fn jumps_over_skipped_text_only_on_a_sure_match() {
        let filler = "<div class=ad>buy now buy now</div>".repeat(40);
        let page = format!("<p>first words here</p>{filler}<p>the real text goes on</p>");
        let mut a = Aligner::new(&page);
        a.locate("first words here");
        let r = a.locate("the real text goes on");
        assert_eq!(&page[r], "the real text goes on");
        // A short run is looked for only so far ahead.
        let far = format!(
            "<p>start</p>{}<p>end</p>",
            "<i>word</i> ".repeat(SHORT_REACH + 10)
        );
        let mut b = Aligner::new(&far);
        b.locate("start");
        assert_eq!(b.locate("end"), 8..8);
    }

    #[test]
    fn cursor_never_leaves_the_page() {
        let page = "<p>a</p>";
        let mut a = Aligner::new(page);
        assert_eq!(a.locate(""), 0..0);
        let r = a.locate("a b c d");
        assert_eq!(&page[r.clone()], "a");
        assert_eq!(a.locate("zzz"), r.end..r.end);
        assert!(Aligner::new("&#xffffffff; &; <").locate("x").end <= 18);
    }
}
