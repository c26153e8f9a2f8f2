//! The header: the first lines of a pasted article, where it keeps its kicker, title, dek,
//! byline, role, date and the lead image's caption, read by a small sequence model.
//!
//! Each of the first units gets features of its own shape (length, case, ending, whether it
//! reads as a person's name, a list of names, a group, a handle, a byline with "By", "Words
//! by" or "Written by", a date, a reading time, a credit) and of its neighbours. A maximum
//! entropy Markov model (one softmax per unit, over these features and the label of the unit
//! before) gives each label a probability; Viterbi picks the best sequence of labels. The
//! weights are learned by `examples/train-structure` from documents whose headers are
//! known. `Body` ends the header: everything after it belongs to the body rules.
//!
//! Names are taken apart by rules that describe classes of text ([`author_names`]): lists
//! joined by commas and "and", a trailing role ("Jane Roe, staff writer"), particles inside
//! names ("Ludwig van Beethoven").

use super::cues;
use super::dates;
use super::features::{Cat, End, Facts, Start};
use super::model;
use super::units::{Shape, Unit};
use super::weights;

/// At most this many units are looked at for a header.
pub const MAX_ZONE: usize = 8;

/// The labels of the header model, in weight order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// A short label above the title.
    Kicker,
    /// The headline.
    Title,
    /// The standfirst under the headline.
    Dek,
    /// A byline or a line of names.
    Author,
    /// The author's role.
    Role,
    /// A date line.
    Date,
    /// A caption or a picture credit.
    Caption,
    /// Anything else in the header (a reading time, a label of the site).
    Other,
    /// The body has begun.
    Body,
}

/// Every label, in weight order.
pub const LABELS: [Label; 9] = [
    Label::Kicker,
    Label::Title,
    Label::Dek,
    Label::Author,
    Label::Role,
    Label::Date,
    Label::Caption,
    Label::Other,
    Label::Body,
];

impl Label {
    /// Name used in training data and `--explain`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Kicker => "kicker",
            Self::Title => "title",
            Self::Dek => "dek",
            Self::Author => "author",
            Self::Role => "role",
            Self::Date => "date",
            Self::Caption => "caption",
            Self::Other => "other",
            Self::Body => "body",
        }
    }

    /// Index in [`LABELS`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Lower-case words allowed inside a name ("Ludwig van Beethoven", "Ana de la Cruz").
const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "van", "von", "der", "den", "bin", "ibn", "al", "la", "le", "di",
    "du", "dos", "das", "ten", "ter", "y",
];

/// Nouns that end the name of a group of authors ("The Release Team", "Editorial Staff").
const GROUPS: &[&str] = &[
    "team",
    "staff",
    "editors",
    "desk",
    "board",
    "group",
    "committee",
    "contributors",
    "maintainers",
    "developers",
    "authors",
    "crew",
    "newsroom",
    "project",
];

fn word_is_name_part(w: &str) -> bool {
    if PARTICLES.contains(&w) {
        return true;
    }
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// A person's name: two to four capitalised words (initials and particles allowed), no
/// digits, no sentence ending. In a script without case, a short run of letters.
pub fn is_name(text: &str) -> bool {
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(1..=5).contains(&words.len())
        || text.chars().count() > 50
        || text.chars().any(|c| c.is_ascii_digit())
        || (cues::ends_sentence(text) && !text.ends_with('.'))
    {
        return false;
    }
    if !cues::has_case(text) {
        return words.len() <= 4
            && text
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '\u{200c}' || c == '·');
    }
    // A final full stop only after an initial ("Jane Q. Roe" ends with a name, not a stop).
    if text.ends_with('.') && words.last().is_some_and(|w| w.chars().count() > 2) {
        return false;
    }
    words.len() >= 2
        && words.iter().all(|w| word_is_name_part(w))
        && words.first().is_some_and(|w| !PARTICLES.contains(w))
        && words.last().is_some_and(|w| !PARTICLES.contains(w))
}

/// The name of a group: "The Release Team", "Editorial Staff", "The Tokio Contributors".
pub fn is_group(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    (2..=6).contains(&words.len())
        && words
            .iter()
            .all(|w| capitalised(w) || matches!(*w, "of" | "the" | "and" | "for" | "de"))
        && words
            .last()
            .is_some_and(|w| GROUPS.contains(&w.to_lowercase().as_str()))
        && !text.chars().any(|c| c.is_ascii_digit())
        && !cues::ends_sentence(text)
}

/// A handle: `@someone`, or one token that no dictionary would hold (`gopher_42`).
pub fn is_handle(text: &str) -> bool {
    let t = text.trim();
    if t.contains(char::is_whitespace) || t.chars().count() > 32 {
        return false;
    }
    let body = t.strip_prefix('@').unwrap_or(t);
    body.chars().count() >= 2
        && body
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && (t.starts_with('@')
            || body.contains(['_'])
            || body.chars().any(|c| c.is_ascii_digit()) && body.chars().any(char::is_alphabetic))
}

/// Strips a byline marker: "By ", "Words by ", "Written by ", "Text and photos by ", or the
/// same in a few other languages. Returns the rest.
pub fn strip_by(text: &str) -> Option<&str> {
    for p in ["By ", "by ", "BY ", "Von ", "Par ", "Por ", "Di ", "Door "] {
        if let Some(rest) = text.strip_prefix(p) {
            return Some(rest.trim_start());
        }
    }
    // A short phrase ending in "by": "Words by", "Written by", "Reporting by". It sits in
    // the first few words, so only they are searched.
    let mut end = text.len().min(40);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let at = text.as_bytes()[..end]
        .windows(4)
        .position(|w| w[0] == b' ' && w[3] == b' ' && w[1..3].eq_ignore_ascii_case(b"by"))?;
    let head = &text[..at];
    (cues::words(head) <= 3 && head.chars().next().is_some_and(char::is_uppercase))
        .then(|| text[at + 4..].trim_start())
}

/// Splits a list of names on commas, semicolons, bars, middle dots, `&` and "and" (in a few
/// languages), in one pass. Each part comes with whether a comma or a semicolon set it off.
fn split_names(text: &str) -> Vec<(bool, &str)> {
    const WORDS: &[&str] = &[" and ", " und ", " et ", " y ", " e ", " och ", " og "];
    let mut parts = Vec::new();
    let mut start = 0;
    let mut comma = false;
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        let sep = match b[i] {
            b',' | b';' => 1,
            b' ' if b.get(i + 1).is_some_and(|&c| matches!(c, b'|' | b'&'))
                && b.get(i + 2) == Some(&b' ') =>
            {
                3
            }
            b' ' if text[i..].starts_with(" · ") => " · ".len(),
            b' ' => WORDS
                .iter()
                .find(|w| text[i..].starts_with(*w))
                .map_or(0, |w| w.len()),
            _ => 0,
        };
        if sep > 0 {
            parts.push((comma, text[start..i].trim()));
            comma = matches!(b[i], b',' | b';');
            i += sep;
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push((comma, text[start..].trim()));
    parts.retain(|(_, p)| !p.is_empty());
    parts
}

/// The names in an author line, and what follows them when it is not a name (a role such as
/// "Staff writer"). Works with and without a "By": `Jane Roe`, `Ann Lee and Bo Chen`,
/// `A, B and C`, `The Release Team`, `@someone`, `By Jane Roe, Harbour correspondent`.
pub fn author_names(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let marked = strip_by(text);
    // Without a "By", a short line in a script without case says too little to be a name.
    if marked.is_none() && !cues::has_case(text) {
        return None;
    }
    let rest = marked.unwrap_or(text).trim();
    if rest.is_empty() || cues::words(rest) > 16 {
        return None;
    }
    let mut names = Vec::new();
    let mut role = Vec::new();
    for (comma, part) in split_names(rest) {
        let part = part.trim_end_matches(['.', ':']).trim();
        let namely = is_name(part) || is_group(part) || is_handle(part);
        if role.is_empty() && namely {
            if !names.iter().any(|n: &String| n == part) {
                names.push(part.to_string());
            }
        } else if dates::is_date_line(part) || reading_time(part) {
            // A date or a reading time on the byline is neither name nor role.
        } else if role_like(part) && (comma || marked.is_some() || !role.is_empty()) {
            // Without a "By", a role is set off from the names by a comma ("Jane Roe, Staff
            // writer"); after a middle dot, a bar or "and" the line is a row of labels.
            role.push(part);
        } else {
            // Digits, brackets, a link: no byline says that.
            return None;
        }
    }
    if names.is_empty() {
        return None;
    }
    let role = (!role.is_empty()).then(|| role.join(", "));
    Some((names, role))
}

/// What a role beside a name reads like: words ("staff writer", "on behalf of the crew"), no
/// digits, brackets or links.
fn role_like(text: &str) -> bool {
    cues::words(text) <= 10
        && !text.contains(['(', ')', '[', ']', '/', '@', '<', '>', '=', '"'])
        && !text.chars().any(|c| c.is_ascii_digit())
}

/// `By Jane Roe, John Doe and Ann Poe`: a byline that says "By" (used by the body rules and
/// by the HTML loader, where a name without "By" could be anything).
pub fn byline_names(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let rest = strip_by(text)?;
    if cues::words(rest) > 14 || cues::ends_with_stop(rest) && cues::words(rest) > 8 {
        return None;
    }
    let (names, role) = author_names(rest)?;
    names
        .iter()
        .all(|n| is_name(n) || is_group(n))
        .then_some((names, role))
}

/// "5 min read", "12 minutes", "Lesezeit: 4 Minuten".
pub fn reading_time(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = cues::words(text);
    words <= 6
        && lower.chars().any(|c| c.is_ascii_digit())
        && ["min", "minute", "minuten", "minutes", "mins"]
            .iter()
            .any(|m| lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == *m))
}

/// An author bio, as sites print it under an article: "Jane Roe is a reporter covering ...".
/// Returns the name.
pub fn bio_name(text: &str) -> Option<String> {
    let (name, _) = [
        " is a ",
        " is an ",
        " is the ",
        " writes about ",
        " covers ",
    ]
    .iter()
    .filter_map(|sep| text.split_once(sep))
    .min_by_key(|(name, _)| name.len())?;
    (cues::words(name) >= 2 && cues::words(name) <= 4 && cues::has_case(name) && is_name(name))
        .then(|| name.to_string())
}

/// Facts about a unit that only the header model uses.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools)] // a record of yes-or-no facts, one field each
pub struct HeadFacts {
    name: bool,
    names: u8,
    by: bool,
    with_role: bool,
    group: bool,
    handle: bool,
    date_line: bool,
    has_date: bool,
    full_date: bool,
    reading_time: bool,
    doubled: bool,
    kept: bool,
}

fn head_facts(unit: &Unit) -> HeadFacts {
    let text = unit.text.as_str();
    let short = one_line(unit) && unit.words() <= 20;
    let authors = if short { author_names(text) } else { None };
    let scan = if short {
        dates::scan(text)
    } else {
        dates::Scan::default()
    };
    HeadFacts {
        name: short && cues::has_case(text) && is_name(text),
        names: authors.as_ref().map_or(0, |(n, _)| n.len().min(9) as u8),
        by: short && strip_by(text).is_some_and(|r| author_names(r).is_some()),
        with_role: authors.as_ref().is_some_and(|(_, r)| r.is_some()),
        group: short && is_group(text),
        handle: short && is_handle(text),
        date_line: short && dates::is_date_line(text),
        has_date: scan.any(),
        full_date: scan.full,
        reading_time: short && reading_time(text),
        doubled: unit.doubled,
        kept: unit.shape == Shape::Lines,
    }
}

/// What the header features look at for one unit.
pub struct HeadView<'a> {
    /// Place in the header zone.
    pub pos: usize,
    /// The unit's facts, and its neighbours' in the zone.
    pub f: &'a Facts,
    #[allow(missing_docs)]
    pub h: &'a HeadFacts,
    #[allow(missing_docs)]
    pub prev: Option<(&'a Facts, &'a HeadFacts)>,
    #[allow(missing_docs)]
    pub next: Option<(&'a Facts, &'a HeadFacts)>,
    /// Body units (prose) anywhere before this one in the zone.
    pub prose_before: bool,
}

fn b(yes: bool) -> f32 {
    f32::from(u8::from(yes))
}

/// A header feature: a name and a function of the view.
pub type HeadFeature = (&'static str, fn(&HeadView) -> f32);

fn namely(h: &HeadFacts) -> bool {
    h.names > 0 || h.name || h.group || h.handle
}

/// The features of the header model, in weight order (the label before comes after them).
pub const HEAD: &[HeadFeature] = &[
    ("first unit", |v| b(v.pos == 0)),
    ("second unit", |v| b(v.pos == 1)),
    ("third unit", |v| b(v.pos == 2)),
    ("fourth or later", |v| b(v.pos >= 3)),
    ("one word", |v| b(v.f.words == 1)),
    ("2-3 words", |v| b((2..=3).contains(&v.f.words))),
    ("4-6 words", |v| b((4..=6).contains(&v.f.words))),
    ("7-12 words", |v| b((7..=12).contains(&v.f.words))),
    ("13-20 words", |v| b((13..=20).contains(&v.f.words))),
    ("over 20 words", |v| b(v.f.words > 20)),
    ("ends with a full stop", |v| b(v.f.end == End::Stop)),
    ("ends with ? or !", |v| {
        b(matches!(v.f.end, End::Question | End::Exclaim))
    }),
    ("ends with a colon", |v| b(v.f.end == End::Colon)),
    ("ends with a comma or dash", |v| b(v.f.end == End::Open)),
    ("ends with a closing quote or bracket", |v| {
        b(v.f.end == End::Closer)
    }),
    ("starts in small letters", |v| b(v.f.start == Start::Lower)),
    ("starts with a digit", |v| b(v.f.start == Start::Digit)),
    ("starts with a quote or bracket", |v| {
        b(matches!(v.f.start, Start::Quote | Start::Bracket))
    }),
    ("starts with a symbol", |v| b(v.f.start == Start::Symbol)),
    ("all capitals", |v| b(v.f.all_caps)),
    ("title case", |v| {
        b(v.f.cased && v.f.words >= 2 && !v.f.all_caps && v.f.cap_share >= 0.8)
    }),
    ("sentence case", |v| {
        b(v.f.start == Start::Upper && v.f.rest_lower)
    }),
    ("caseless script", |v| b(!v.f.cased)),
    ("prose", |v| b(v.f.cat == Cat::Prose)),
    ("lines kept apart", |v| b(v.h.kept)),
    ("code", |v| b(v.f.cat == Cat::Code)),
    ("list item", |v| b(v.f.bullet || v.f.numbered)),
    ("a link or an address", |v| b(v.f.url)),
    ("few letters", |v| b(v.f.letters < 0.6)),
    ("a sentence ends inside", |v| b(v.f.inner_stop)),
    ("a label and a colon inside", |v| b(v.f.inner_colon)),
    ("a dash or bar inside", |v| b(v.f.separator)),
    ("a person's name", |v| b(v.h.name)),
    ("one name in an author line", |v| b(v.h.names == 1)),
    ("several names", |v| b(v.h.names >= 2)),
    ("says \"by\"", |v| b(v.h.by)),
    ("names, then a role", |v| b(v.h.with_role)),
    ("a group's name", |v| b(v.h.group)),
    ("a handle", |v| b(v.h.handle)),
    ("a date line", |v| b(v.h.date_line)),
    ("mentions a date", |v| b(v.h.has_date && !v.h.date_line)),
    ("a full date", |v| b(v.h.full_date)),
    ("a reading time", |v| b(v.h.reading_time)),
    ("doubled", |v| b(v.h.doubled)),
    ("doubled and long", |v| b(v.h.doubled && v.f.words >= 5)),
    ("opens like a credit", |v| b(v.f.credit)),
    ("prose before it", |v| b(v.prose_before)),
    ("prose follows", |v| {
        b(v.next.is_some_and(|(f, _)| f.cat == Cat::Prose))
    }),
    ("a date follows", |v| {
        b(v.next.is_some_and(|(_, h)| h.date_line))
    }),
    ("names follow", |v| {
        b(v.next.is_some_and(|(_, h)| namely(h)))
    }),
    ("a short line follows", |v| {
        b(v.next.is_some_and(|(f, _)| f.cat == Cat::Short))
    }),
    ("the last unit", |v| b(v.next.is_none())),
    ("after names", |v| b(v.prev.is_some_and(|(_, h)| namely(h)))),
    ("after a date", |v| {
        b(v.prev.is_some_and(|(_, h)| h.date_line))
    }),
    ("after a short all-capitals line", |v| {
        b(v.prev.is_some_and(|(f, _)| f.all_caps && f.words <= 3))
    }),
    ("longer than the unit before", |v| {
        b(v.prev.is_some_and(|(f, _)| v.f.words > f.words + 3))
    }),
];

/// Number of header features, before the one-hot label of the unit before.
pub const HEAD_COUNT: usize = HEAD.len();
/// Inputs of the header model: the features, then the label before (or the start).
pub const HEAD_INPUTS: usize = HEAD_COUNT + LABELS.len() + 1;

/// The header zone's units and features.
pub struct Zone {
    /// Indices of the zone's units.
    pub units: Vec<usize>,
    facts: Vec<Facts>,
    heads: Vec<HeadFacts>,
    /// Labels each unit may take at all.
    allowed: Vec<[bool; LABELS.len()]>,
}

/// Shaped like a headline: one line with a letter or digit, not a sentence of six words or
/// more ending with a full stop, not ending like a text that goes on, not a list item. There
/// is no length limit: the plain export prints a title of any length on the first line.
fn title_like(unit: &Unit) -> bool {
    let text = unit.text.as_str();
    unit.shape == Shape::Line
        && unit.markdown.is_none()
        && !(cues::ends_with_stop(text) && unit.words() >= 6)
        && !cues::ends_open(text)
        && text.chars().any(char::is_alphanumeric)
        && !cues::is_list_item(text)
        && !text.starts_with(['(', '['])
}

/// A single line, or one kept as it is for a bar in it ("By Ann Lee | Staff writer"); not
/// indented (indented text is code or a quotation).
fn one_line(unit: &Unit) -> bool {
    unit.shape == Shape::Line
        || unit.shape == Shape::Lines && unit.parts.len() == 1 && unit.parts[0].indent() < 2
}

/// The labels a unit may take, whatever the weights say. Only a single line belongs to the
/// header (a paragraph, a list or a table starts the body). A first unit shaped like a
/// headline is never the body: the plain export prints the title alone on the first line,
/// and it must read back as the title. An author line holds names, a date line a date.
fn allowed(unit: &Unit, head: &HeadFacts, first: bool) -> [bool; LABELS.len()] {
    let mut ok = [true; LABELS.len()];
    let line = one_line(unit);
    if !line {
        ok = [false; LABELS.len()];
        ok[Label::Body.index()] = true;
        return ok;
    }
    if first && title_like(unit) {
        ok[Label::Body.index()] = false;
    }
    ok[Label::Author.index()] = head.names > 0;
    ok[Label::Date.index()] = head.has_date || head.date_line;
    ok
}

impl Zone {
    /// The zone: the first [`MAX_ZONE`] units not marked `skip`, stopping after the first
    /// stretch of two prose units (a header never lies beyond the article's first paragraphs).
    pub fn new(units: &[Unit], skip: &[bool], facts: &[Facts]) -> Self {
        let mut idx = Vec::new();
        let mut prose = 0;
        for (i, u) in units.iter().enumerate() {
            if skip[i] {
                continue;
            }
            if idx.len() >= MAX_ZONE || u.markdown.is_some() {
                break;
            }
            idx.push(i);
            if u.shape == Shape::Joined || u.is_prose() {
                prose += 1;
                if prose >= 2 {
                    break;
                }
            }
        }
        let facts = idx.iter().map(|&i| facts[i]).collect();
        let heads: Vec<HeadFacts> = idx.iter().map(|&i| head_facts(&units[i])).collect();
        let allowed = idx
            .iter()
            .enumerate()
            .map(|(k, &i)| allowed(&units[i], &heads[k], k == 0))
            .collect();
        Self {
            units: idx,
            facts,
            heads,
            allowed,
        }
    }

    /// The view of the zone's `k`-th unit.
    pub fn view(&self, k: usize) -> HeadView<'_> {
        let at = |j: usize| self.facts.get(j).zip(self.heads.get(j));
        HeadView {
            pos: k,
            f: &self.facts[k],
            h: &self.heads[k],
            prev: k.checked_sub(1).and_then(at),
            next: at(k + 1),
            prose_before: self.facts[..k].iter().any(|f| f.cat == Cat::Prose),
        }
    }

    /// The inputs of unit `k` when the unit before has label `before` (`None`: the start).
    pub fn inputs(&self, k: usize, before: Option<Label>) -> [f32; HEAD_INPUTS] {
        let view = self.view(k);
        let mut out = [0.0; HEAD_INPUTS];
        for (slot, (_, f)) in out.iter_mut().zip(HEAD) {
            *slot = f(&view);
        }
        out[HEAD_COUNT + before.map_or(LABELS.len(), Label::index)] = 1.0;
        out
    }

    /// Each label's score for each unit before the label of the unit before is counted.
    fn base_scores(&self) -> Vec<[f32; LABELS.len()]> {
        (0..self.units.len())
            .map(|k| {
                let view = self.view(k);
                let x: Vec<f32> = HEAD.iter().map(|(_, f)| f(&view)).collect();
                let mut scores = [0.0f32; LABELS.len()];
                for (l, s) in scores.iter_mut().enumerate() {
                    let w = weights::HEADER.get(l).copied().unwrap_or(&[]);
                    *s = model::dot(weights::HEADER_BIAS.get(l).copied().unwrap_or(0.0), w, &x);
                }
                scores
            })
            .collect()
    }

    /// The labels unit `k` may take at all.
    pub fn allowed(&self, k: usize) -> [bool; LABELS.len()] {
        self.allowed[k]
    }

    /// Label log-probabilities of a unit with `base` scores after `before`.
    fn log_probs(base: &[f32; LABELS.len()], before: Option<Label>) -> [f32; LABELS.len()] {
        let j = HEAD_COUNT + before.map_or(LABELS.len(), Label::index);
        let mut scores = *base;
        for (l, s) in scores.iter_mut().enumerate() {
            *s += weights::HEADER
                .get(l)
                .and_then(|w| w.get(j))
                .copied()
                .unwrap_or(0.0);
        }
        model::log_softmax(&mut scores);
        scores
    }

    /// The best labels for the zone (Viterbi), with each unit's probability of its label.
    pub fn decode(&self) -> Vec<(Label, f32)> {
        const L: usize = LABELS.len();
        let n = self.units.len();
        if n == 0 {
            return Vec::new();
        }
        let body = Label::Body.index();
        let base = self.base_scores();
        let mut best = vec![[f32::NEG_INFINITY; L]; n];
        let mut from = vec![[0usize; L]; n];
        let mask = |k: usize, mut s: [f32; L]| {
            for (v, ok) in s.iter_mut().zip(self.allowed[k]) {
                if !ok {
                    *v = f32::NEG_INFINITY;
                }
            }
            s
        };
        best[0] = mask(0, Self::log_probs(&base[0], None));
        for k in 1..n {
            for p in 0..L {
                if best[k - 1][p] == f32::NEG_INFINITY {
                    continue;
                }
                // Once the body has begun, the header is over.
                let scores = if p == body {
                    let mut s = [f32::NEG_INFINITY; L];
                    s[body] = 0.0;
                    s
                } else {
                    mask(k, Self::log_probs(&base[k], Some(LABELS[p])))
                };
                for (c, s) in scores.iter().enumerate() {
                    // A role belongs to the author above it.
                    if c == Label::Role.index() && p != Label::Author.index() {
                        continue;
                    }
                    let total = best[k - 1][p] + s;
                    if total > best[k][c] {
                        best[k][c] = total;
                        from[k][c] = p;
                    }
                }
            }
        }
        let mut label = (0..L)
            .max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]))
            .unwrap_or(body);
        let mut path = vec![0; n];
        for k in (0..n).rev() {
            path[k] = label;
            label = from[k][label];
        }
        (0..n)
            .map(|k| {
                let before = k.checked_sub(1).map(|j| LABELS[path[j]]);
                let p = if k > 0 && path[k - 1] == body {
                    1.0
                } else {
                    Self::log_probs(&base[k], before)[path[k]].exp()
                };
                (LABELS[path[k]], p)
            })
            .collect()
    }

    /// Each input's contribution to the score of `label` for unit `k` after `before`, largest
    /// first (for `--explain`).
    pub fn contributions(
        &self,
        k: usize,
        before: Option<Label>,
        label: Label,
    ) -> Vec<(String, f32)> {
        let x = self.inputs(k, before);
        let w = weights::HEADER.get(label.index()).copied().unwrap_or(&[]);
        let mut out: Vec<(String, f32)> = Vec::new();
        for (j, &v) in x.iter().enumerate() {
            let wj = w.get(j).copied().unwrap_or(0.0);
            if v == 0.0 || wj == 0.0 {
                continue;
            }
            let name = if j < HEAD_COUNT {
                HEAD[j].0.to_string()
            } else if j - HEAD_COUNT < LABELS.len() {
                format!("after {}", LABELS[j - HEAD_COUNT].name())
            } else {
                "at the start".to_string()
            };
            out.push((name, wj * v));
        }
        out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_groups_handles() {
        assert!(is_name("Ann Lee"));
        assert!(is_name("Ludwig van Beethoven"));
        assert!(is_name("Jane Q. Roe"));
        assert!(is_name("J. R. Hartley"));
        assert!(!is_name("Survival instinct"));
        assert!(!is_name("The 2015 deal"));
        assert!(!is_name("It rained."));
        assert!(is_group("The Release Team"));
        assert!(is_group("Editorial Staff"));
        assert!(!is_group("The team"));
        assert!(!is_group("Meet the team."));
        assert!(is_handle("@harbourmaster"));
        assert!(is_handle("gopher_42"));
        assert!(!is_handle("Harbour"));
        assert!(!is_handle("1.34.0"));
    }

    #[test]
    fn author_lines_with_and_without_by() {
        let names = |t: &str| author_names(t).map(|(n, _)| n);
        assert_eq!(names("Ann Lee").unwrap(), ["Ann Lee"]);
        assert_eq!(
            names("Ann Lee and Bo Chen").unwrap(),
            ["Ann Lee", "Bo Chen"]
        );
        assert_eq!(
            names("Ann Lee, Bo Chen and Cy Dunn").unwrap(),
            ["Ann Lee", "Bo Chen", "Cy Dunn"]
        );
        assert_eq!(names("By Ann Lee").unwrap(), ["Ann Lee"]);
        assert_eq!(names("Words by Ann Lee").unwrap(), ["Ann Lee"]);
        assert_eq!(
            names("Written by Ann Lee & Bo Chen").unwrap(),
            ["Ann Lee", "Bo Chen"]
        );
        assert_eq!(names("The Harbour Team").unwrap(), ["The Harbour Team"]);
        assert_eq!(names("@harbourmaster").unwrap(), ["@harbourmaster"]);
        let (n, role) = author_names("Ann Lee, on behalf of the ferry crew").unwrap();
        assert_eq!(n, ["Ann Lee"]);
        assert_eq!(role.as_deref(), Some("on behalf of the ferry crew"));
        let (_, role) = author_names("By Ann Lee, Staff writer").unwrap();
        assert_eq!(role.as_deref(), Some("Staff writer"));
        assert_eq!(names("How the tide tables are made"), None);
        assert_eq!(names("Announcing the frobnicator 1.34.0"), None);
    }

    #[test]
    fn bylines_need_by() {
        assert!(byline_names("By Ann Lee and Bo Chen").is_some());
        assert!(byline_names("Por Rachel Ortiz").is_some());
        assert!(byline_names("Ann Lee").is_none());
        assert!(byline_names("By the numbers").is_none());
    }

    #[test]
    fn a_role_without_by_follows_a_comma() {
        let (names, role) = author_names("Ann Lee, Staff writer").unwrap();
        assert_eq!(
            (names, role.as_deref()),
            (vec!["Ann Lee".to_string()], Some("Staff writer"))
        );
        // A row of labels set apart by dots is no byline, though its first parts look like
        // names.
        assert!(author_names("Build Status · Latest Version · License").is_none());
        assert!(author_names("Ann Lee · Bo Chen").is_some());
    }

    #[test]
    fn reading_times_and_bios() {
        assert!(reading_time("5 min read"));
        assert!(reading_time("Reading time: 12 minutes"));
        assert!(!reading_time("The minute we left"));
        assert_eq!(
            bio_name("Ann Lee is a reporter covering the harbour and its boats.").as_deref(),
            Some("Ann Lee")
        );
        assert_eq!(bio_name("The harbour is a busy place."), None);
    }
}
