//! Numeric features of a unit, for the learned models: the unit's own shape (length, case,
//! punctuation, code signs, lists, dates, credits), its neighbours' shapes, its place in a run
//! of short lines and in the document, and what the whole text says about it (repetition, a
//! table of contents, lines that open alike).
//!
//! Each feature is a named function of a [`View`]; [`HEADING`] lists them in the order of the
//! weights that `examples/train-structure` learns, so the names in `--explain` and the weight
//! table can never drift apart (a test compares them).
//!
//! All document-wide facts are computed in one or two passes with hash maps, so the cost of
//! the features is linear in the text.

use std::collections::HashMap;

use super::cues;
use super::dates;
use super::units::{Shape, Unit};

/// How a unit ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum End {
    /// A letter or a digit.
    #[default]
    Plain,
    /// `.` or `…`.
    Stop,
    /// `?`.
    Question,
    /// `!`.
    Exclaim,
    /// `:`.
    Colon,
    /// `,`, `;`, a dash or a slash: the text goes on.
    Open,
    /// A closing quote or bracket (with nothing that ends a sentence inside).
    Closer,
    /// Another symbol.
    Symbol,
}

/// How a unit starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Start {
    /// A capital letter.
    #[default]
    Upper,
    /// A small letter.
    Lower,
    /// A letter of a script without case.
    Caseless,
    /// A digit.
    Digit,
    /// An opening quote.
    Quote,
    /// An opening bracket.
    Bracket,
    /// `#`, `$`, `>`, `/`, `@` and other symbols that start code or markup.
    Symbol,
}

/// What kind of neighbour a unit is, for the features of the units around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cat {
    /// No unit there (the start or the end of the body).
    #[default]
    None,
    /// A paragraph: long, or a complete sentence of some length, or hard-wrapped lines.
    Prose,
    /// A short line that ends like a sentence.
    Sentence,
    /// A line of code.
    Code,
    /// A list item.
    Item,
    /// Lines kept as they are (a list, a table, indented text).
    Kept,
    /// A line that ends with a colon.
    Colon,
    /// Any other short line: the shape headings have.
    Short,
    /// A byline, a date or a picture credit: what a page prints around its sections.
    Meta,
}

/// Facts about one unit, computed once.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools)] // a record of yes-or-no facts, one field each
pub struct Facts {
    /// Words, up to [`cues::WORDS_CAP`].
    pub words: u8,
    /// Characters, up to 1000.
    pub chars: u16,
    /// The last meaningful character.
    pub end: End,
    /// The first character.
    pub start: Start,
    /// The text is in a script with case.
    pub cased: bool,
    /// Every cased letter is a capital.
    pub all_caps: bool,
    /// Share of the longer words (and of short capitalised ones) that start with a capital.
    pub cap_share: f32,
    /// The words after the first are mostly in small letters.
    pub rest_lower: bool,
    /// Share of non-space characters that are letters.
    pub letters: f32,
    /// Share of non-space characters that are digits.
    pub digits: f32,
    /// How many signs of code it shows (brackets, operators, identifiers).
    pub code: u8,
    /// It opens with something shaped like a code identifier (`snake_case`, `a.b`, `camelCase`).
    pub ident_start: bool,
    /// A link, an address or a handle.
    pub url: bool,
    /// Commas.
    pub commas: u8,
    /// A label and a colon inside the line ("Step one: the base").
    pub inner_colon: bool,
    /// A sentence ends inside the line.
    pub inner_stop: bool,
    /// ` - `, ` | `, ` · ` or ` — ` inside.
    pub separator: bool,
    /// Quotation marks inside.
    pub quotes: bool,
    /// Brackets inside.
    pub brackets: bool,
    /// Opens with a number marker ("3. ", "2) ").
    pub numbered: bool,
    /// Opens with a section number ("1.2 ", "A.1 ").
    pub section_number: bool,
    /// Opens with a bullet.
    pub bullet: bool,
    /// Opens like an interviewer's question: "Q: ", "Q. ".
    pub question_label: bool,
    /// "By Jane Roe".
    pub byline: bool,
    /// Opens like a picture credit or caption label ("Photo: ...", "© ...").
    pub credit: bool,
    /// Ends with a name in brackets, as captions credit photographers ("A harbour (Ann Lee)").
    pub bracket_name: bool,
    /// Mostly a date.
    pub date: bool,
    /// One line (not joined, not kept).
    pub line: bool,
    /// The category as a neighbour.
    pub cat: Cat,
}

/// Words that, opening a line, mark a picture credit or a caption label.
const CREDIT_WORDS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "image",
    "images",
    "picture",
    "credit",
    "credits",
    "source",
    "illustration",
    "courtesy",
    "copyright",
    "foto",
    "bild",
];

fn end_of(text: &str) -> End {
    let core = cues::core_end(text);
    let closed = core.len() < text.trim_end().len();
    match core.chars().next_back() {
        Some('.' | '…' | '。' | '۔' | '।') => End::Stop,
        Some('?' | '？' | '؟') => End::Question,
        Some('!' | '！' | '‼') => End::Exclaim,
        Some(':' | '：') => End::Colon,
        Some(c) if cues::ends_open(core) || matches!(c, ',' | ';') => End::Open,
        Some(_) if closed => End::Closer,
        Some(c) if c.is_alphanumeric() => End::Plain,
        None | Some(_) => End::Symbol,
    }
}

fn start_of(text: &str) -> Start {
    // Spanish opens questions and exclamations with a mark of their own.
    let text = text.trim_start_matches(['¿', '¡']);
    match text.chars().next() {
        Some(c) if c.is_uppercase() => Start::Upper,
        Some(c) if c.is_lowercase() => Start::Lower,
        Some(c) if c.is_ascii_digit() => Start::Digit,
        Some(c) if c.is_alphabetic() => Start::Caseless,
        Some('"' | '“' | '‘' | '\'' | '«' | '„' | '‹' | '「' | '『') => Start::Quote,
        Some('(' | '[' | '{' | '（' | '【') => Start::Bracket,
        _ => Start::Symbol,
    }
}

/// A token shaped like an identifier of a programming language.
fn identifier(word: &str) -> bool {
    let w =
        word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '"' | '\'' | '`' | '(' | ')'));
    if w.len() < 3 || !w.is_ascii() {
        return false;
    }
    let b = w.as_bytes();
    // Most words are plain: letters only, the first one maybe a capital.
    if b[1..].iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let inner_underscore = w.trim_matches('_').contains('_');
    let inner_dot = b
        .windows(3)
        .any(|x| x[0].is_ascii_alphanumeric() && x[1] == b'.' && x[2].is_ascii_alphabetic())
        && !w.ends_with('.');
    let camel = b
        .windows(2)
        .any(|x| x[0].is_ascii_lowercase() && x[1].is_ascii_uppercase());
    inner_underscore || inner_dot || camel || w.contains("::")
}

/// Signs of code in a line, counted once each: braces, a call (`name(`), a code-like ending,
/// an operator, a comment or prompt opening, an identifier-shaped token, many brackets. One
/// pass over the bytes: this runs on every short unit.
pub(super) fn code_signs(text: &str) -> u8 {
    let t = text.trim().as_bytes();
    let (mut brace, mut call, mut op, mut brackets) = (false, false, false, 0u32);
    for (i, &c) in t.iter().enumerate() {
        let next = t.get(i + 1).copied().unwrap_or(0);
        let prev = if i > 0 { t[i - 1] } else { 0 };
        match c {
            b'{' | b'}' => brace = true,
            b'(' => call |= next == b')' || prev.is_ascii_alphanumeric() || prev == b'_',
            b']' => call |= next == b')',
            b'=' => op |= matches!(next, b'=' | b'>') || prev == b' ' && next == b' ',
            b'!' | b'+' | b':' => op |= next == b'=' || c == b':' && next == b':',
            b'-' | b'<' => op |= next == b'>' || c == b'<' && matches!(next, b'-' | b'/'),
            b'/' => op |= next == b'>',
            b'&' => op |= next == b'&',
            b'|' => op |= next == b'|',
            _ => {}
        }
        brackets += u32::from(matches!(
            c,
            b'(' | b')' | b'[' | b']' | b'<' | b'>' | b'*' | b'&' | b'|' | b'='
        ));
    }
    let ends = matches!(t.last(), Some(b';' | b'{' | b'(' | b'['));
    let opens = t.starts_with(b"//")
        || t.starts_with(b"# ")
        || t.starts_with(b"$ ")
        || t.starts_with(b">>>");
    let ident = text.split_whitespace().any(identifier);
    [brace, call, ends, op, opens, ident, brackets >= 3]
        .iter()
        .map(|&y| u8::from(y))
        .sum()
}

/// A web address without its scheme, alone on the line: `example.org`, `blog.example.com/x`.
fn bare_domain(text: &str) -> bool {
    let t = text.trim();
    let host = t.split('/').next().unwrap_or(t);
    !t.contains(' ')
        && host.contains('.')
        && host.rsplit('.').next().is_some_and(|tld| {
            (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase())
        })
        && host
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '-'))
}

/// "1.2 Title", "A.3 Title", "IV. Title": a section number before the words.
fn section_number(text: &str) -> bool {
    let Some((first, rest)) = text.split_once(' ') else {
        return false;
    };
    let first = first.trim_end_matches('.');
    !rest.is_empty()
        && first.contains('.')
        && first
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_alphanumeric()))
        && first.chars().any(|c| c.is_ascii_digit())
}

/// Share of words starting with a capital, over the words that start with a cased letter;
/// words of up to three letters in small letters ("of", "the", "and") are not counted, as
/// title case leaves them small.
fn cap_share(text: &str) -> (f32, bool) {
    let (mut cased, mut upper, mut rest_cased, mut rest_upper) = (0u32, 0u32, 0u32, 0u32);
    for (i, word) in text.split_whitespace().enumerate() {
        let Some(c) = word.chars().find(|c| c.is_alphabetic()) else {
            continue;
        };
        if !(c.is_uppercase() || c.is_lowercase()) {
            continue;
        }
        let up = c.is_uppercase();
        if i > 0 {
            rest_cased += 1;
            rest_upper += u32::from(up);
        }
        if !up && word.chars().filter(|c| c.is_alphabetic()).count() <= 3 {
            continue;
        }
        cased += 1;
        upper += u32::from(up);
    }
    let share = if cased == 0 {
        0.0
    } else {
        upper as f32 / cased as f32
    };
    (share, rest_cased >= 2 && rest_upper * 3 < rest_cased)
}

/// Computes the facts of one unit. Long units only get what their neighbours need.
pub fn facts(unit: &Unit) -> Facts {
    let text = unit.text.as_str();
    let words = unit.words();
    let line = unit.shape == Shape::Line;
    let prose = unit.shape == Shape::Joined || unit.is_prose();
    let end = end_of(text);
    let mut f = Facts {
        words: words.min(255) as u8,
        // Counted fast when the text is short enough to count whole.
        chars: if text.len() <= 1000 {
            text.chars().count()
        } else {
            text.chars().take(1000).count()
        } as u16,
        end,
        start: start_of(text),
        line,
        ..Facts::default()
    };
    if unit.shape == Shape::Lines {
        // A single line kept as it is was kept for looking like code.
        f.cat = if unit.parts.len() == 1 && cues::is_codeish(text) {
            Cat::Code
        } else {
            Cat::Kept
        };
        return f;
    }
    f.bullet = cues::is_list_item(text) && cues::after_number(text).is_none();
    f.numbered = cues::after_number(text).is_some();
    f.question_label = text.starts_with("Q: ") || text.starts_with("Q. ");
    if words > 40 {
        f.cat = Cat::Prose;
        return f;
    }
    f.cased = cues::has_case(text);
    f.all_caps = f.cased && cues::all_caps(text);
    (f.cap_share, f.rest_lower) = cap_share(text);
    let (mut nonspace, mut letters, mut digits) = (0u32, 0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        nonspace += 1;
        letters += u32::from(c.is_alphabetic());
        digits += u32::from(c.is_ascii_digit());
    }
    let total = nonspace.max(1) as f32;
    f.letters = letters as f32 / total;
    f.digits = digits as f32 / total;
    f.code = code_signs(text);
    f.ident_start = text.split_whitespace().next().is_some_and(identifier);
    f.url = cues::has_url(text) || bare_domain(text);
    f.commas = text.matches(',').count().min(9) as u8;
    let body = cues::core_end(text);
    f.inner_colon = body
        .trim_end_matches([':', '：'])
        .split_once(": ")
        .is_some_and(|(label, _)| cues::words(label) <= 5);
    f.inner_stop = body
        .trim_end_matches(['.', '?', '!'])
        .split(". ")
        .nth(1)
        .is_some_and(|after| after.chars().next().is_some_and(char::is_uppercase));
    f.separator = [" - ", " | ", " · ", " — ", " – "]
        .iter()
        .any(|s| text.contains(s));
    f.quotes = text.contains(['"', '“', '”', '«', '»']);
    f.brackets = text.contains(['(', '[']);
    f.section_number = section_number(text);
    f.byline = words <= 16 && super::header::byline_names(text).is_some();
    let first = text
        .split(|c: char| !c.is_alphanumeric() && c != '©')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    f.credit = CREDIT_WORDS.iter().any(|w| w.eq_ignore_ascii_case(first)) || text.starts_with('©');
    f.bracket_name = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .is_some_and(|(before, name)| !before.trim().is_empty() && super::header::is_name(name));
    // A date line holds a few words besides the date at most.
    f.date = words <= 14 && dates::is_date_line(text);
    f.cat = if prose {
        Cat::Prose
    } else if f.code >= 2
        || f.code == 1 && f.start == Start::Symbol
        || f.code == 1 && f.start == Start::Lower && !has_function_word(text)
    {
        Cat::Code
    } else if f.byline || f.date || f.credit || f.bracket_name {
        Cat::Meta
    } else if f.bullet || f.numbered && words > 12 {
        Cat::Item
    } else if end == End::Colon {
        Cat::Colon
    } else if matches!(end, End::Stop | End::Question | End::Exclaim) {
        Cat::Sentence
    } else {
        Cat::Short
    };
    f
}

/// Whether a line holds one of the commonest English function words: a command line or a
/// code line holds none ("go install example.org/tool"), a phrase usually does
/// ("serde_json and the log").
fn has_function_word(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "the", "a", "an", "and", "or", "of", "to", "in", "for", "with", "on", "is", "are", "how",
        "what", "why", "your", "our", "we", "you", "it",
    ];
    text.split_whitespace()
        .any(|w| WORDS.iter().any(|f| f.eq_ignore_ascii_case(w)))
}

/// Categories that make a run of short lines (a list set as paragraphs, a menu, a form).
fn in_run(cat: Cat) -> bool {
    matches!(cat, Cat::Short | Cat::Sentence | Cat::Item | Cat::Colon)
}

/// The document-wide context of the features.
pub struct Doc<'a> {
    units: &'a [Unit],
    facts: Vec<Facts>,
    prev: Vec<Option<usize>>,
    next: Vec<Option<usize>>,
    /// Length of the run of short lines a unit belongs to, and its place in it.
    run: Vec<(u32, u32)>,
    /// How many units have the same text.
    copies: Vec<u32>,
    /// The same text comes back with different units after it.
    varied: Vec<bool>,
    /// The same text was listed before, in an earlier run of short lines.
    listed_before: Vec<bool>,
    /// The same text comes back after this unit's run.
    comes_back: Vec<bool>,
    /// At least two other different short lines open with the same two words or label.
    shared_opening: Vec<bool>,
    /// Words in the body after the unit, until the next short line.
    words_after: Vec<u32>,
    /// Words in the body before the unit, back to the previous short line.
    words_before: Vec<u32>,
    /// Index of the unit among the body units.
    rank: Vec<u32>,
    /// For a line between two paragraphs, how many other such lines have its shape.
    parallel: Vec<u32>,
    body_units: u32,
    short_share: f32,
    code_share: f32,
}

/// The label before a colon, or the first two words, lower-cased; `None` for a numbered line.
fn opening(text: &str) -> Option<String> {
    if cues::after_number(text).is_some() {
        return None;
    }
    if let Some((label, _)) = text.split_once(':')
        && cues::words(label) <= 3
    {
        return Some(label.to_lowercase());
    }
    let mut words = text.split_whitespace();
    let (a, b) = (words.next()?, words.next()?);
    Some(format!("{a} {b}").to_lowercase())
}

impl<'a> Doc<'a> {
    /// Prepares the features of `units` (whose [`facts`] are given); `skip[i]` marks units
    /// outside the body (header lines, boilerplate), which are nobody's neighbour.
    pub fn new(units: &'a [Unit], skip: &[bool], facts: Vec<Facts>) -> Self {
        let n = units.len();
        let body: Vec<usize> = (0..n).filter(|&i| !skip[i]).collect();
        let mut prev = vec![None; n];
        let mut next = vec![None; n];
        let mut rank = vec![0; n];
        for (k, &i) in body.iter().enumerate() {
            prev[i] = k.checked_sub(1).map(|k| body[k]);
            next[i] = body.get(k + 1).copied();
            rank[i] = k as u32;
        }
        // Runs of short lines, over body units.
        let mut run = vec![(0, 0); n];
        let mut k = 0;
        while k < body.len() {
            if !in_run(facts[body[k]].cat) {
                k += 1;
                continue;
            }
            let start = k;
            while k < body.len() && in_run(facts[body[k]].cat) {
                k += 1;
            }
            for (pos, &i) in body[start..k].iter().enumerate() {
                run[i] = ((k - start) as u32, pos as u32);
            }
        }
        // Repetition: copies, and whether what follows each copy differs.
        let mut seen: HashMap<&str, (u32, Option<&str>, bool, usize, usize)> = HashMap::new();
        // Only lines that could be headings are compared: paragraphs never repeat as one.
        let short = |i: usize| facts[i].line && facts[i].words <= 30;
        for &i in body.iter().filter(|&&i| short(i)) {
            let follower = next[i].map(|j| units[j].text.as_str());
            let e =
                seen.entry(units[i].text.as_str())
                    .or_insert((0, follower, false, usize::MAX, 0));
            e.0 += 1;
            e.2 |= e.1 != follower;
            if run[i].0 >= 3 {
                e.3 = e.3.min(i);
            }
            e.4 = e.4.max(i);
        }
        let mut copies = vec![1; n];
        let mut varied = vec![false; n];
        let mut listed_before = vec![false; n];
        let mut comes_back = vec![false; n];
        for (k, &i) in body.iter().enumerate() {
            if !short(i) {
                continue;
            }
            let Some(&(count, _, differs, first_in_run, last)) = seen.get(units[i].text.as_str())
            else {
                continue;
            };
            copies[i] = count;
            varied[i] = differs;
            let (len, pos) = run[i];
            let run_start = k - pos as usize;
            let run_end = run_start + len.max(1) as usize;
            listed_before[i] = first_in_run < body.get(run_start).copied().unwrap_or(i);
            comes_back[i] = len >= 3 && body.get(run_end - 1).is_some_and(|&e| last > e);
        }
        // Shared openings among different short lines.
        let mut openings: HashMap<String, u32> = HashMap::new();
        let mut keys: Vec<Option<String>> = vec![None; n];
        let mut distinct = std::collections::HashSet::new();
        for &i in &body {
            if facts[i].cat != Cat::Prose && facts[i].line {
                keys[i] = opening(&units[i].text);
                if distinct.insert(units[i].text.as_str())
                    && let Some(key) = &keys[i]
                {
                    *openings.entry(key.clone()).or_default() += 1;
                }
            }
        }
        let shared_opening = keys
            .iter()
            .map(|k| {
                k.as_ref()
                    .is_some_and(|k| openings.get(k).is_some_and(|&c| c >= 3))
            })
            .collect();
        // Words around each unit up to the nearest short lines.
        let mut words_after = vec![0; n];
        let mut acc = 0u32;
        for &i in body.iter().rev() {
            words_after[i] = acc;
            acc = if facts[i].cat == Cat::Short {
                0
            } else {
                (acc + u32::from(facts[i].words)).min(10_000)
            };
        }
        let mut words_before = vec![0; n];
        acc = 0;
        for &i in &body {
            words_before[i] = acc;
            acc = if facts[i].cat == Cat::Short {
                0
            } else {
                (acc + u32::from(facts[i].words)).min(10_000)
            };
        }
        // Sections repeat a shape: lines of one length, ending and case, each between two
        // paragraphs (list items sit next to each other instead).
        let between = |k: usize| {
            let i = body[k];
            k > 0
                && facts[body[k - 1]].cat == Cat::Prose
                && body.get(k + 1).is_some_and(|&j| facts[j].cat == Cat::Prose)
                && matches!(facts[i].cat, Cat::Short | Cat::Sentence)
        };
        let shape = |f: &Facts| {
            let length = match f.words {
                0..=2 => 0u8,
                3..=4 => 1,
                5..=7 => 2,
                8..=10 => 3,
                11..=14 => 4,
                _ => 5,
            };
            (length, ending(f) as u8, style(f) as u8)
        };
        let mut shapes: HashMap<(u8, u8, u8), u32> = HashMap::new();
        for k in (0..body.len()).filter(|&k| between(k)) {
            *shapes.entry(shape(&facts[body[k]])).or_default() += 1;
        }
        let mut parallel = vec![0; n];
        for k in (0..body.len()).filter(|&k| between(k)) {
            let i = body[k];
            parallel[i] = shapes.get(&shape(&facts[i])).map_or(0, |c| c - 1);
        }
        let count = |cat: Cat| body.iter().filter(|&&i| facts[i].cat == cat).count() as f32;
        let total = (body.len() as f32).max(1.0);
        Self {
            units,
            short_share: count(Cat::Short) / total,
            code_share: count(Cat::Code) / total,
            body_units: body.len() as u32,
            facts,
            prev,
            next,
            run,
            copies,
            varied,
            listed_before,
            comes_back,
            shared_opening,
            words_after,
            words_before,
            rank,
            parallel,
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether unit `i` can be a heading at all: one line with a letter, of at most 30 words.
    pub fn is_candidate(&self, i: usize) -> bool {
        let u = &self.units[i];
        let f = &self.facts[i];
        u.shape == Shape::Line
            && u.markdown.is_none()
            && f.words <= 30
            && u.text.chars().any(char::is_alphabetic)
    }

    /// The view of unit `i` that the feature functions read.
    pub fn view(&self, i: usize) -> View<'_> {
        let at = |j: Option<usize>| j.map(|j| &self.facts[j]);
        let next = self.next[i];
        View {
            f: &self.facts[i],
            prev: at(self.prev[i]),
            prev2: at(self.prev[i].and_then(|j| self.prev[j])),
            next: at(next),
            next2: at(next.and_then(|j| self.next[j])),
            run: self.run[i],
            copies: self.copies[i],
            varied: self.varied[i],
            listed_before: self.listed_before[i],
            comes_back: self.comes_back[i],
            shared_opening: self.shared_opening[i],
            words_after: self.words_after[i],
            words_before: self.words_before[i],
            rank: self.rank[i],
            parallel: self.parallel[i],
            body_units: self.body_units,
            short_share: self.short_share,
            code_share: self.code_share,
        }
    }

    /// The heading features of unit `i`, in the order of [`HEADING`].
    pub fn heading(&self, i: usize) -> [f32; HEADING_COUNT] {
        let view = self.view(i);
        let mut out = [0.0; HEADING_COUNT];
        for (slot, (_, feature)) in out.iter_mut().zip(HEADING) {
            *slot = feature(&view);
        }
        out
    }
}

/// Everything the feature functions may look at for one unit.
#[allow(clippy::struct_excessive_bools)] // a record of yes-or-no facts, one field each
pub struct View<'a> {
    /// The unit.
    pub f: &'a Facts,
    /// The body unit before, and the one before that.
    pub prev: Option<&'a Facts>,
    #[allow(missing_docs)]
    pub prev2: Option<&'a Facts>,
    /// The body unit after, and the one after that.
    pub next: Option<&'a Facts>,
    #[allow(missing_docs)]
    pub next2: Option<&'a Facts>,
    /// Length of the run of short lines the unit is in (0: none), and its place in it.
    pub run: (u32, u32),
    /// Units with the same text, this one included.
    pub copies: u32,
    /// Those copies are followed by different texts.
    pub varied: bool,
    /// An earlier run of short lines listed this text.
    pub listed_before: bool,
    /// This text comes back after its run.
    pub comes_back: bool,
    /// Other short lines open the same way.
    pub shared_opening: bool,
    /// Words after, up to the next short line.
    pub words_after: u32,
    /// Words before, back to the previous short line.
    pub words_before: u32,
    /// Place among the body units.
    pub rank: u32,
    /// Other lines of its shape between paragraphs (when it is one).
    pub parallel: u32,
    /// Number of body units.
    pub body_units: u32,
    /// Share of body units that are short lines.
    pub short_share: f32,
    /// Share of body units that are code.
    pub code_share: f32,
}

fn b(yes: bool) -> f32 {
    f32::from(u8::from(yes))
}

fn cat(of: Option<&Facts>) -> Cat {
    of.map_or(Cat::None, |f| f.cat)
}

/// A feature: a name for `--explain` and a function of the view.
pub type Feature = (&'static str, fn(&View) -> f32);

/// The features of the heading model, in weight order.
pub const HEADING: &[Feature] = &[
    ("one word", |v| b(v.f.words == 1)),
    ("two words", |v| b(v.f.words == 2)),
    ("3-4 words", |v| b((3..=4).contains(&v.f.words))),
    ("5-7 words", |v| b((5..=7).contains(&v.f.words))),
    ("8-10 words", |v| b((8..=10).contains(&v.f.words))),
    ("11-14 words", |v| b((11..=14).contains(&v.f.words))),
    ("15-20 words", |v| b((15..=20).contains(&v.f.words))),
    ("over 20 words", |v| b(v.f.words > 20)),
    ("over 60 characters", |v| b(v.f.chars > 60)),
    ("over 100 characters", |v| b(v.f.chars > 100)),
    ("ends with a full stop", |v| b(v.f.end == End::Stop)),
    ("ends with a question mark", |v| b(v.f.end == End::Question)),
    ("ends with an exclamation mark", |v| {
        b(v.f.end == End::Exclaim)
    }),
    ("ends with a colon", |v| b(v.f.end == End::Colon)),
    ("ends with a comma or dash", |v| b(v.f.end == End::Open)),
    ("ends with a closing quote or bracket", |v| {
        b(v.f.end == End::Closer)
    }),
    ("ends with a symbol", |v| b(v.f.end == End::Symbol)),
    ("starts in small letters", |v| b(v.f.start == Start::Lower)),
    ("starts with a digit", |v| b(v.f.start == Start::Digit)),
    ("starts with a quote", |v| b(v.f.start == Start::Quote)),
    ("starts with a bracket", |v| b(v.f.start == Start::Bracket)),
    ("starts with a symbol", |v| b(v.f.start == Start::Symbol)),
    ("caseless script", |v| b(!v.f.cased)),
    ("all capitals", |v| b(v.f.all_caps && v.f.words >= 1)),
    ("title case", |v| {
        b(v.f.cased && v.f.words >= 2 && !v.f.all_caps && v.f.cap_share >= 0.8)
    }),
    ("sentence case", |v| {
        b(v.f.start == Start::Upper && v.f.rest_lower)
    }),
    ("share of capitalised words", |v| {
        if v.f.cased { v.f.cap_share } else { 0.0 }
    }),
    ("numbered (\"3. \")", |v| b(v.f.numbered)),
    ("an interview question (\"Q: \")", |v| b(v.f.question_label)),
    ("section number (\"1.2 \")", |v| b(v.f.section_number)),
    ("bullet", |v| b(v.f.bullet)),
    ("few letters", |v| b(v.f.letters < 0.6)),
    ("share of digits", |v| v.f.digits),
    ("one comma", |v| b(v.f.commas == 1)),
    ("several commas", |v| b(v.f.commas >= 2)),
    ("a label and a colon inside", |v| b(v.f.inner_colon)),
    ("a sentence ends inside", |v| b(v.f.inner_stop)),
    ("a dash or bar inside", |v| b(v.f.separator)),
    ("quotation marks inside", |v| b(v.f.quotes)),
    ("brackets inside", |v| b(v.f.brackets)),
    ("one sign of code", |v| b(v.f.code == 1)),
    ("several signs of code", |v| b(v.f.code >= 2)),
    ("opens with a code identifier", |v| b(v.f.ident_start)),
    ("a link or an address", |v| b(v.f.url)),
    ("a byline", |v| b(v.f.byline)),
    ("opens like a credit", |v| b(v.f.credit)),
    ("ends with a name in brackets", |v| b(v.f.bracket_name)),
    ("a date line", |v| b(v.f.date)),
    (
        "text repeated",
        |v| b(v.copies > 1 && v.f.cat == Cat::Short),
    ),
    ("code or list text repeated", |v| {
        b(v.copies > 1 && v.f.cat != Cat::Short)
    }),
    ("repeated, different text after", |v| {
        b(v.varied && v.f.cat == Cat::Short)
    }),
    ("repeated three times or more", |v| b(v.copies > 2)),
    ("repeated, prose follows", |v| {
        b(v.copies > 1 && cat(v.next) == Cat::Prose)
    }),
    ("listed earlier (contents)", |v| b(v.listed_before)),
    ("listed here, comes back later", |v| b(v.comes_back)),
    ("opens like other short lines", |v| b(v.shared_opening)),
    ("first in the body", |v| b(v.prev.is_none())),
    ("after prose", |v| b(cat(v.prev) == Cat::Prose)),
    (
        "after a short sentence",
        |v| b(cat(v.prev) == Cat::Sentence),
    ),
    ("after code", |v| b(cat(v.prev) == Cat::Code)),
    ("after a list item", |v| {
        b(matches!(cat(v.prev), Cat::Item | Cat::Kept))
    }),
    ("after a line ending with a colon", |v| {
        b(cat(v.prev) == Cat::Colon)
    }),
    ("after a short line", |v| b(cat(v.prev) == Cat::Short)),
    ("after a byline, date or credit", |v| {
        b(cat(v.prev) == Cat::Meta)
    }),
    ("last in the body", |v| b(v.next.is_none())),
    ("prose follows", |v| b(cat(v.next) == Cat::Prose)),
    ("a short sentence follows", |v| {
        b(cat(v.next) == Cat::Sentence)
    }),
    ("code follows", |v| b(cat(v.next) == Cat::Code)),
    ("a list follows", |v| {
        b(matches!(cat(v.next), Cat::Item | Cat::Kept))
    }),
    ("a line ending with a colon follows", |v| {
        b(cat(v.next) == Cat::Colon)
    }),
    ("a short line follows", |v| b(cat(v.next) == Cat::Short)),
    ("a byline, date or credit follows", |v| {
        b(cat(v.next) == Cat::Meta)
    }),
    ("then prose", |v| b(cat(v.next2) == Cat::Prose)),
    ("then a short line", |v| b(cat(v.next2) == Cat::Short)),
    ("then code or a list", |v| {
        b(matches!(cat(v.next2), Cat::Code | Cat::Item | Cat::Kept))
    }),
    ("two back: prose", |v| b(cat(v.prev2) == Cat::Prose)),
    ("next starts in small letters", |v| {
        b(v.next.is_some_and(|n| n.start == Start::Lower))
    }),
    ("next is as short, same ending", |v| {
        b(v.next.is_some_and(|n| {
            n.cat == v.f.cat && n.end == v.f.end && n.words.abs_diff(v.f.words) <= 2
        }))
    }),
    ("previous is as short, same ending", |v| {
        b(v.prev.is_some_and(|p| {
            p.cat == v.f.cat && p.end == v.f.end && p.words.abs_diff(v.f.words) <= 2
        }))
    }),
    ("long, between prose", |v| {
        b((11..=20).contains(&v.f.words)
            && matches!(v.f.end, End::Plain | End::Question | End::Closer)
            && cat(v.prev) == Cat::Prose
            && cat(v.next) == Cat::Prose)
    }),
    ("long and in title case", |v| {
        b(v.f.words >= 9 && v.f.cased && !v.f.all_caps && v.f.cap_share >= 0.8)
    }),
    ("one other line of its shape between paragraphs", |v| {
        b(v.parallel == 1)
    }),
    ("several lines of its shape between paragraphs", |v| {
        b(v.parallel >= 2)
    }),
    ("between prose", |v| {
        b(cat(v.prev) == Cat::Prose && cat(v.next) == Cat::Prose)
    }),
    ("plain ending, prose follows", |v| {
        b(v.f.end == End::Plain && cat(v.next) == Cat::Prose)
    }),
    ("in a run of 2 short lines", |v| b(v.run.0 == 2)),
    ("in a run of 3-5 short lines", |v| {
        b((3..=5).contains(&v.run.0))
    }),
    ("in a run of 6 or more", |v| b(v.run.0 >= 6)),
    ("first of its run", |v| b(v.run.0 >= 2 && v.run.1 == 0)),
    ("last of its run", |v| {
        b(v.run.0 >= 2 && v.run.1 + 1 == v.run.0)
    }),
    ("under 15 words follow", |v| b(v.words_after < 15)),
    ("15-60 words follow", |v| {
        b((15..60).contains(&v.words_after))
    }),
    ("over 200 words follow", |v| b(v.words_after > 200)),
    ("under 15 words before", |v| b(v.words_before < 15)),
    ("over 200 words before", |v| b(v.words_before > 200)),
    ("in the last tenth", |v| {
        b(v.rank * 10 >= v.body_units * 9 && v.body_units >= 10)
    }),
    ("short document", |v| b(v.body_units < 12)),
    ("document of short lines", |v| b(v.short_share > 0.4)),
    ("document with much code", |v| b(v.code_share > 0.2)),
];

/// Number of heading features.
pub const HEADING_COUNT: usize = HEADING.len();

/// A case style, to compare a unit with the other likely headings of its document.
fn style(f: &Facts) -> usize {
    if !f.cased {
        4
    } else if f.all_caps {
        0
    } else if f.start == Start::Lower {
        3
    } else if f.words >= 2 && f.cap_share >= 0.8 {
        1
    } else {
        2
    }
}

fn ending(f: &Facts) -> usize {
    match f.end {
        End::Plain => 0,
        End::Question => 1,
        End::Closer => 2,
        End::Stop => 3,
        _ => 4,
    }
}

/// What the likely headings of a document (first-stage score over the threshold) look like.
pub struct Peers {
    likely: Vec<bool>,
    styles: [u32; 5],
    endings: [u32; 5],
    numbered: u32,
    total: u32,
    median_words: f32,
}

impl Peers {
    /// Gathers the likely headings: units whose first-stage score is at least `threshold`.
    pub fn new(doc: &Doc, first: &[Option<f32>], threshold: f32) -> Self {
        let mut p = Self {
            likely: (0..doc.len())
                .map(|i| {
                    first
                        .get(i)
                        .copied()
                        .flatten()
                        .is_some_and(|s| s >= threshold)
                })
                .collect(),
            styles: [0; 5],
            endings: [0; 5],
            numbered: 0,
            total: 0,
            median_words: 0.0,
        };
        let mut words = Vec::new();
        for (i, &yes) in p.likely.iter().enumerate() {
            if yes {
                let f = &doc.facts[i];
                p.styles[style(f)] += 1;
                p.endings[ending(f)] += 1;
                p.numbered += u32::from(f.numbered || f.section_number);
                p.total += 1;
                words.push(f.words);
            }
        }
        words.sort_unstable();
        p.median_words = words.get(words.len() / 2).map_or(0.0, |&w| f32::from(w));
        p
    }

    /// The view of unit `i` with first-stage score `first`.
    pub fn view<'a>(&'a self, doc: &'a Doc, i: usize, first: f32) -> PeerView<'a> {
        let me = u32::from(self.likely[i]);
        let f = &doc.facts[i];
        let others = self.total - me;
        let share = |n: u32| {
            if others == 0 {
                0.0
            } else {
                (n - me) as f32 / others as f32
            }
        };
        PeerView {
            f,
            first,
            others,
            same_style: share(self.styles[style(f)]),
            same_ending: share(self.endings[ending(f)]),
            numbered_share: if others == 0 {
                0.0
            } else {
                (self.numbered - me * u32::from(f.numbered || f.section_number)) as f32
                    / others as f32
            },
            word_gap: (f32::from(f.words) - self.median_words).abs(),
            prev_likely: doc.prev[i].is_some_and(|j| self.likely[j]),
            next_likely: doc.next[i].is_some_and(|j| self.likely[j]),
        }
    }
}

/// One unit against the document's other likely headings.
pub struct PeerView<'a> {
    /// The unit.
    pub f: &'a Facts,
    /// Its first-stage score.
    pub first: f32,
    /// Likely headings besides it.
    pub others: u32,
    /// Share of them in its case style.
    pub same_style: f32,
    /// Share of them with its ending.
    pub same_ending: f32,
    /// Share of them numbered.
    pub numbered_share: f32,
    /// Words away from their median length.
    pub word_gap: f32,
    /// The body unit before is a likely heading.
    pub prev_likely: bool,
    /// The body unit after is a likely heading.
    pub next_likely: bool,
}

/// A second-stage feature.
pub type PeerFeature = (&'static str, fn(&PeerView) -> f32);

/// The second-stage features: the first-stage score, then how the unit compares with the
/// document's other likely headings (sections of one text share their form).
pub const PEERS: &[PeerFeature] = &[
    ("first-stage score", |v| v.first),
    ("no other likely heading", |v| b(v.others == 0)),
    ("one other likely heading", |v| b(v.others == 1)),
    ("over five other likely headings", |v| b(v.others > 5)),
    ("share of likely headings in its case style", |v| {
        v.same_style
    }),
    ("share of likely headings with its ending", |v| {
        v.same_ending
    }),
    ("likely headings are numbered, it is not", |v| {
        b(!(v.f.numbered || v.f.section_number) && v.numbered_share > 0.5)
    }),
    ("numbered like the likely headings", |v| {
        b((v.f.numbered || v.f.section_number) && v.numbered_share > 0.5)
    }),
    ("length far from the likely headings'", |v| {
        b(v.others >= 2 && v.word_gap > 5.0)
    }),
    ("a likely heading right before", |v| b(v.prev_likely)),
    ("a likely heading right after", |v| b(v.next_likely)),
];

/// Number of second-stage features.
pub const PEER_COUNT: usize = PEERS.len();

#[cfg(test)]
mod tests {
    use super::super::normalise::lines;
    use super::super::units::units;
    use super::*;

    fn doc_facts(src: &str) -> Vec<(String, Facts)> {
        let u = units(lines(src, 0), false);
        u.iter().map(|u| (u.text.clone(), facts(u))).collect()
    }

    #[test]
    fn code_lines_are_code() {
        for line in [
            "fmt.Println(\"hello, world\")",
            "func main() {",
            "let x = vec![1, 2];",
            "# install the tools first",
            "$ go build ./...",
            "if err != nil {",
        ] {
            let f = &doc_facts(line)[0].1;
            assert_eq!(f.cat, Cat::Code, "{line}");
        }
        for line in ["Getting started", "What the money buys", "Node.js and you"] {
            let f = &doc_facts(line)[0].1;
            assert_eq!(f.cat, Cat::Short, "{line}");
        }
    }

    #[test]
    fn case_styles() {
        let f = doc_facts("The Art of Keeping Boats")[0].1;
        assert!(f.cap_share > 0.99, "small function words do not count");
        let f = doc_facts("Keeping boats in the winter")[0].1;
        assert!(f.rest_lower);
        assert!(section_number("1.2 Tides"));
        assert!(!section_number("1.2"));
        assert!(!section_number("Tides at 1.2 m"));
    }

    #[test]
    fn repetition_and_contents_are_seen() {
        let prose = "The ferry left an hour late because the crew waited for the mail, as they always do in winter.";
        let src = format!(
            "Starting out\n\nGoing further\n\nWrapping up\n\n{prose}\n\nStarting out\n\n{prose}\n\nGoing further\n\n{prose}\n\nWrapping up\n\n{prose}\n"
        );
        let u = units(lines(&src, 0), false);
        let skip = vec![false; u.len()];
        let doc = Doc::new(&u, &skip, u.iter().map(facts).collect());
        assert!(doc.view(0).comes_back);
        assert!(!doc.view(0).listed_before);
        assert!(doc.view(4).listed_before);
        assert_eq!(doc.view(4).copies, 2);
        assert_eq!(doc.view(0).run, (3, 0));
    }

    #[test]
    fn every_feature_has_a_distinct_name() {
        let mut names: Vec<&str> = HEADING.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), HEADING_COUNT);
    }
}
