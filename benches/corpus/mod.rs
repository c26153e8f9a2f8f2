//! The deterministic corpus generator shared by `examples/gen-corpus.rs` (the command) and
//! the benchmarks: made-up articles and huge markdown files, the same bytes for the same seed.
//! See the example's documentation for what is generated.
// Each user takes what it needs: the command, or a benchmark.
#![allow(dead_code)]
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The seed used unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 0x00f0_110c_0a90_5eed;
/// Files per sub-folder.
const PER_FOLDER: usize = 1000;
/// Words an article aims at, give or take a fifth.
const ARTICLE_WORDS: usize = 1100;

// ---------------------------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast, and good enough to make text look varied.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    /// An independent stream for item `n` of a run seeded with `seed`.
    fn derive(seed: u64, n: u64) -> Self {
        let mut r = Self(seed ^ n.wrapping_mul(0xa076_1d64_78bd_642f));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (written for this generator)

#[rustfmt::skip]
const NOUNS: &[&str] = &[
    "harbour", "river", "station", "village", "market", "ferry", "bridge", "library", "garden",
    "kitchen", "window", "morning", "evening", "winter", "summer", "season", "coast", "island",
    "valley", "mountain", "road", "train", "platform", "ticket", "letter", "newspaper", "editor",
    "reporter", "council", "mayor", "minister", "budget", "election", "vote", "court", "judge",
    "witness", "report", "survey", "study", "school", "teacher", "student", "doctor", "nurse",
    "hospital", "clinic", "patient", "farmer", "field", "harvest", "weather", "storm", "flood",
    "drought", "forest", "tree", "bird", "fisherman", "boat", "net", "engine", "factory", "worker",
    "union", "wage", "price", "shop", "bakery", "bread", "coffee", "tea", "table", "chair", "door",
    "street", "corner", "square", "city", "town", "neighbour", "family", "mother", "father",
    "child", "sister", "brother", "friend", "stranger", "visitor", "museum", "map", "archive",
    "drawer", "record", "photograph", "camera", "film", "song", "choir", "theatre", "stage",
    "audience", "question", "answer", "problem", "decision", "policy", "plan", "idea", "argument",
    "promise", "rumour", "story", "history", "memory", "habit", "rule", "law", "border",
    "passport", "language", "word", "sentence", "book", "chapter", "page", "notebook", "pencil",
    "clock", "hour", "minute", "week", "year", "decade", "century", "lamp", "candle", "light",
    "shadow", "rain", "snow", "wind", "tide", "wave", "shore", "lighthouse", "cliff", "path",
    "bicycle", "bus", "tram", "airport", "pilot", "crew", "cargo", "port", "warehouse", "office",
    "desk", "computer", "network", "signal", "radio", "phone", "message", "account", "ledger",
    "bank", "loan", "debt", "tax", "rent", "house", "roof", "wall", "stairway", "cellar", "attic",
    "orchard", "vineyard", "well", "pump", "canal", "lock", "dam", "reservoir", "meadow", "sheep",
    "dog", "horse",
];

#[rustfmt::skip]
const ADJECTIVES: &[&str] = &[
    "quiet", "old", "new", "small", "large", "narrow", "wide", "long", "short", "early", "late",
    "cold", "warm", "wet", "dry", "bright", "dark", "grey", "green", "blue", "red", "white",
    "black", "local", "national", "foreign", "public", "private", "careful", "patient", "stubborn",
    "tired", "busy", "empty", "crowded", "distant", "nearby", "familiar", "strange", "ordinary",
    "unusual", "simple", "complicated", "cheap", "expensive", "honest", "secret", "official",
    "informal", "modest", "generous", "strict", "gentle", "rough", "smooth", "heavy", "light",
    "slow", "fast", "steady", "sudden", "gradual", "recent", "ancient", "modern", "useful",
    "useless", "hidden", "open", "closed", "broken", "repaired", "unfinished", "small-town",
    "seasonal", "northern", "southern", "eastern", "western", "coastal", "rural",
];

#[rustfmt::skip]
const VERBS: &[&str] = &[
    "opened", "closed", "carried", "watched", "noticed", "remembered", "forgot", "repaired",
    "built", "sold", "bought", "borrowed", "lent", "counted", "measured", "described", "explained",
    "questioned", "answered", "followed", "crossed", "reached", "left", "found", "lost", "kept",
    "changed", "moved", "raised", "lowered", "delayed", "cancelled", "approved", "rejected",
    "signed", "published", "printed", "recorded", "collected", "sorted", "filed", "studied",
    "visited", "welcomed", "ignored", "warned", "promised", "expected", "doubted", "covered",
    "cleared", "filled", "emptied", "painted", "cleaned", "checked", "tested", "shared", "divided",
    "joined", "named", "called", "wrote", "read", "heard", "saw", "met", "knew", "made", "took",
    "gave", "brought", "sent", "held", "turned", "walked", "waited",
];

#[rustfmt::skip]
const ADVERBS: &[&str] = &[
    "slowly", "quickly", "quietly", "carefully", "rarely", "often", "always", "never", "almost",
    "nearly", "suddenly", "gradually", "eventually", "finally", "again", "later", "earlier",
    "together", "alone", "still", "already", "barely", "mostly", "partly", "certainly", "probably",
    "perhaps", "clearly", "honestly", "simply",
];

#[rustfmt::skip]
const PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "by", "near", "behind", "beside", "under", "over", "across", "through",
    "along", "past", "after", "before", "during", "without", "with", "from", "into", "towards",
    "around", "between", "beyond", "against",
];

#[rustfmt::skip]
const DETERMINERS: &[&str] = &[
    "the", "the", "the", "a", "a", "this", "that", "every", "each", "one", "another", "her", "his",
    "their", "our", "some", "no",
];

/// Determiners that go with a plural as well as a singular.
const PLURAL_DETERMINERS: &[&str] = &["the", "her", "his", "their", "our", "some", "no"];

const PRONOUNS: &[&str] = &[
    "she", "he", "they", "we", "it", "nobody", "everyone", "somebody",
];

#[rustfmt::skip]
const JOINERS: &[&str] = &[
    ", and ", ", but ", " because ", "; ", ", while ", " until ", " although ", ", so ", " when ",
    " after ", " before ", ", which meant that ", " and then ",
];

#[rustfmt::skip]
const OPENERS: &[&str] = &[
    "In the end, ", "For a while, ", "By then, ", "Even so, ", "Later that year, ", "At first, ",
    "On most days, ", "In practice, ", "According to the report, ", "As far as anyone can tell, ",
    "For the record, ", "Twice a week, ",
];

#[rustfmt::skip]
const SMALL_TITLE_WORDS: &[&str] = &[
    "of", "in", "on", "at", "for", "and", "the", "a", "an", "to", "from",
];

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Ada", "Bruno", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Keiko",
    "Lars", "Maya", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tomas", "Ulla", "Vera",
    "Wanda", "Xavier", "Yusuf", "Zofia", "Amara", "Benedikt", "Chiara", "Diego", "Esther", "Felix",
    "Hana", "Ivan", "Julia", "Kofi", "Leila", "Marco", "Nora", "Omar", "Paula", "Rafael", "Sofia",
    "Tariq", "Valentina", "Wen", "Yara", "Ziad",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Abbott", "Bergström", "Castellano", "Dubois", "Eriksen", "Fontaine", "Gallagher", "Hartmann",
    "Iwasaki", "Jovanović", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov",
    "Quinlan", "Rasmussen", "Sandoval", "Takahashi", "Underwood", "Varga", "Whitfield", "Yilmaz",
    "Zimmermann", "Achterberg", "Brennan", "Carvalho", "Delacroix", "Esposito", "Fitzgerald",
    "Grünewald", "Halvorsen", "Ishikawa", "Jansen", "Kaplan", "Lombardi", "Mendes", "Novak",
    "Oyelaran", "Pereira", "Rinaldi", "Schofield", "Tanaka", "Vasquez", "Wojcik", "Zhang",
    "Moreno-Vidal",
];

#[rustfmt::skip]
const KICKERS: &[&str] = &[
    "ANALYSIS", "FEATURE", "OPINION", "REVIEW", "TRAVEL", "SCIENCE", "LONG READ", "EXPLAINER",
    "INTERVIEW", "DISPATCH", "ESSAY", "LOCAL NEWS",
];

const PUBLICATIONS: &[&str] = &[
    "The Evening Ledger",
    "Harbour Weekly",
    "The Northern Review",
    "Coastline Magazine",
    "The Provincial Courier",
    "Tidewater Press",
];

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

#[rustfmt::skip]
const TAGS: &[&str] = &[
    "travel", "politics", "science", "history", "economy", "transport", "weather", "food", "books",
    "music", "cities", "climate", "work", "language",
];

const CODE_LANGS: &[&str] = &["text", "python", "sh", "toml", "rust", "json"];

const BOILERPLATE: &[&str] = &[
    "Advertisement",
    "Share this article",
    "Read more",
    "Sign up for our newsletter",
    "Continue reading below",
];

/// Common CJK characters (shared by Chinese and Japanese) and a few kana.
const CJK: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动\
同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实\
加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各\
重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已\
通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组\
見名前後雨駅朝夜町店茶窓道空海川橋電車本紙話聞書読";

const KANA: &str = "のはがをにでとへやもからまでよりですますしたいるあるなかった";

// ---------------------------------------------------------------------------------------------
// Text

/// Builds text into a `String`.
struct Writer {
    rng: Rng,
    out: String,
    /// Words in `out[..counted]`.
    words: usize,
    counted: usize,
    /// Markdown inline markup (emphasis, code, links) is allowed.
    markdown: bool,
    /// The next word follows without a space (after an opening quote or marker).
    glue: bool,
}

impl Writer {
    fn new(rng: Rng, markdown: bool) -> Self {
        Self {
            rng,
            out: String::with_capacity(8 * 1024),
            words: 0,
            counted: 0,
            markdown,
            glue: false,
        }
    }

    fn word(&mut self, w: &str) {
        if !self.glue && !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
            self.out.push(' ');
        }
        self.glue = false;
        self.out.push_str(w);
    }

    /// Words written so far, as a reader counts them: runs of letters between spaces, and
    /// two Chinese or Japanese characters to a word.
    fn words(&mut self) -> usize {
        for token in self.out[self.counted..].split_whitespace() {
            let cjk = token.chars().filter(|&c| c >= '\u{2e80}').count();
            self.words += if cjk > 2 { cjk / 2 } else { 1 };
        }
        self.counted = self.out.len();
        self.words
    }

    fn noun_phrase(&mut self) {
        let det = self.rng.pick(DETERMINERS);
        let adj = self.rng.chance(40).then(|| self.rng.pick(ADJECTIVES));
        let noun = self.rng.pick(NOUNS);
        let next = adj.unwrap_or(noun);
        self.word(if det == "a" { article_for(next) } else { det });
        if let Some(adj) = adj {
            self.word(adj);
        }
        if PLURAL_DETERMINERS.contains(&det) && self.rng.chance(30) {
            self.word(&plural(noun));
        } else {
            self.word(noun);
        }
    }

    /// A noun phrase, sometimes wrapped in emphasis, inline code or a link.
    fn marked_noun_phrase(&mut self) {
        if !self.markdown || !self.rng.chance(10) {
            self.noun_phrase();
            return;
        }
        match self.rng.below(4) {
            0 => self.wrapped("*", "*"),
            1 => self.wrapped("**", "**"),
            2 => {
                self.word("`");
                let noun = self.rng.pick(NOUNS);
                self.out.push_str(noun);
                self.out.push('_');
                let adj = self.rng.pick(ADJECTIVES);
                self.out.push_str(adj);
                self.out.push('`');
            }
            _ => {
                let slug = self.rng.below(100_000);
                self.wrapped("[", "");
                let _ = write!(self.out, "](https://example.org/notes/{slug:05})");
            }
        }
    }

    fn wrapped(&mut self, open: &str, close: &str) {
        self.word(open);
        self.glue = true;
        self.noun_phrase();
        self.out.push_str(close);
    }

    fn clause(&mut self) {
        if self.rng.chance(25) {
            let p = self.rng.pick(PRONOUNS);
            self.word(p);
        } else if self.rng.chance(8) {
            self.name();
        } else {
            self.marked_noun_phrase();
        }
        if self.rng.chance(20) {
            let adv = self.rng.pick(ADVERBS);
            self.word(adv);
        }
        let verb = self.rng.pick(VERBS);
        self.word(verb);
        if self.rng.chance(80) {
            self.marked_noun_phrase();
        }
        for _ in 0..self.rng.below(3) {
            let prep = self.rng.pick(PREPOSITIONS);
            self.word(prep);
            self.marked_noun_phrase();
        }
        if self.rng.chance(10) {
            let n = self.rng.range(2, 90);
            let unit = self
                .rng
                .pick(&["years", "minutes", "percent", "kilometres", "people"]);
            self.word("for");
            let _ = write!(self.out, " {n} {unit}");
        }
    }

    fn name(&mut self) {
        let first = self.rng.pick(FIRST_NAMES);
        let last = self.rng.pick(LAST_NAMES);
        self.word(first);
        self.word(last);
    }

    /// One sentence, capitalised and closed.
    fn sentence(&mut self) {
        let start = self.out.len();
        let quoted = self.rng.chance(5);
        if quoted {
            self.word("“");
            self.glue = true;
        } else if self.rng.chance(10) {
            let opener = self.rng.pick(OPENERS);
            self.word(opener.trim_end());
        }
        self.clause();
        let clauses = match self.rng.below(10) {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        for _ in 0..clauses {
            let joiner = self.rng.pick(JOINERS);
            self.out.push_str(joiner.trim_end());
            self.clause();
        }
        capitalise_at(&mut self.out, start);
        if quoted {
            self.out.push_str(",” ");
            let p = self
                .rng
                .pick(&["she said", "he said", "they said", "one of them said"]);
            self.out.push_str(p);
            self.out.push('.');
        } else {
            let end = match self.rng.below(50) {
                0..=2 => '?',
                3 => '!',
                _ => '.',
            };
            self.out.push(end);
        }
    }

    fn paragraph(&mut self) {
        for _ in 0..self.rng.range(2, 7) {
            self.sentence();
        }
        self.out.push_str("\n\n");
    }

    fn cjk_paragraph(&mut self) {
        let chars: Vec<char> = CJK.chars().collect();
        let kana: Vec<char> = KANA.chars().collect();
        let japanese = self.rng.chance(50);
        for _ in 0..self.rng.range(3, 6) {
            let len = self.rng.range(12, 40);
            for i in 0..len {
                let c = if japanese && self.rng.chance(35) {
                    kana[self.rng.below(kana.len())]
                } else {
                    chars[self.rng.below(chars.len())]
                };
                self.out.push(c);
                if i > 4 && i + 3 < len && self.rng.chance(7) {
                    self.out.push(if japanese { '、' } else { '，' });
                }
            }
            self.out.push('。');
            // Readers count about two characters a word.
        }
        self.out.push_str("\n\n");
    }

    /// A title or heading in title case: short (one to four words) or long (three to nine).
    fn title(&mut self, long: bool) -> String {
        let n = |r: &mut Rng| r.pick(NOUNS).to_string();
        let a = |r: &mut Rng| r.pick(ADJECTIVES).to_string();
        let r = &mut self.rng;
        let words: Vec<String> = if long {
            match r.below(8) {
                0 => vec!["the".into(), a(r), n(r), "of".into(), "the".into(), n(r)],
                1 => vec!["the".into(), a(r), n(r), "of".into(), plural(&n(r))],
                2 => vec![
                    "why".into(),
                    "the".into(),
                    n(r),
                    r.pick(VERBS).into(),
                    "the".into(),
                    n(r),
                ],
                3 => vec![
                    n(r),
                    "and".into(),
                    n(r),
                    "in".into(),
                    "the".into(),
                    a(r),
                    n(r),
                ],
                4 => vec![a(r), plural(&n(r)) + ",", a(r), plural(&n(r))],
                5 => vec!["notes".into(), "from".into(), "the".into(), a(r), n(r)],
                6 => {
                    let art = article_for(&n(r)).to_string();
                    vec![
                        "how".into(),
                        art,
                        n(r),
                        r.pick(VERBS).into(),
                        "the".into(),
                        n(r),
                    ]
                }
                _ => vec![
                    "what".into(),
                    "the".into(),
                    plural(&n(r)),
                    r.pick(VERBS).into(),
                ],
            }
        } else {
            match r.below(6) {
                0 => vec![plural(&n(r))],
                1 => vec!["the".into(), n(r)],
                2 => vec![n(r), "and".into(), n(r)],
                3 => vec![a(r), plural(&n(r))],
                4 => vec!["after".into(), "the".into(), n(r)],
                _ => vec!["the".into(), a(r), n(r)],
            }
        };
        let mut title = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                title.push(' ');
            }
            let start = title.len();
            title.push_str(w);
            if i == 0 || !SMALL_TITLE_WORDS.contains(&w.as_str()) {
                capitalise_at(&mut title, start);
            }
        }
        if long && self.rng.chance(15) {
            title.push_str(": ");
            let tail = self
                .rng
                .pick(&["A Field Guide", "Notes", "A Reckoning", "An Inventory"]);
            title.push_str(tail);
        }
        title
    }

    fn list(&mut self) {
        let numbered = self.rng.chance(35);
        for i in 1..=self.rng.range(3, 6) {
            if numbered {
                let _ = write!(self.out, "{i}. ");
            } else {
                self.out.push_str("- ");
            }
            let start = self.out.len();
            self.clause();
            capitalise_at(&mut self.out, start);
            self.out.push(if self.rng.chance(50) { ';' } else { '.' });
            self.out.push('\n');
            if self.rng.chance(10) {
                self.out.push_str(if numbered { "   - " } else { "  - " });
                let start = self.out.len();
                self.clause();
                capitalise_at(&mut self.out, start);
                self.out.push_str(".\n");
            }
        }
        self.out.push('\n');
    }

    fn quote(&mut self) {
        for i in 0..self.rng.range(1, 3) {
            if i > 0 {
                self.out.push_str(">\n");
            }
            self.out.push_str("> ");
            for _ in 0..self.rng.range(1, 3) {
                self.sentence();
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn code_block(&mut self) {
        let lang = self.rng.pick(CODE_LANGS);
        let _ = writeln!(self.out, "```{lang}");
        for _ in 0..self.rng.range(3, 12) {
            let indent = self.rng.below(3) * 4;
            let a = self.rng.pick(NOUNS);
            let b = self.rng.pick(ADJECTIVES);
            let c = self.rng.pick(NOUNS);
            let n = self.rng.below(1000);
            let _ = writeln!(self.out, "{:indent$}{a}_{b} = {c}({n}, \"{b}\")", "");
        }
        self.out.push_str("```\n\n");
    }

    fn table(&mut self) {
        let cols = self.rng.range(2, 4);
        let row = |w: &mut Self, header: bool| {
            w.out.push('|');
            for c in 0..cols {
                w.out.push(' ');
                let start = w.out.len();
                if header {
                    w.out.push_str(w.rng.pick(NOUNS));
                    capitalise_at(&mut w.out, start);
                } else if c > 0 && w.rng.chance(50) {
                    let n = w.rng.below(10_000);
                    let _ = write!(w.out, "{n}");
                } else {
                    w.out.push_str(w.rng.pick(ADJECTIVES));
                    w.out.push(' ');
                    w.out.push_str(w.rng.pick(NOUNS));
                }
                w.out.push_str(" |");
            }
            w.out.push('\n');
        };
        row(self, true);
        self.out.push('|');
        for _ in 0..cols {
            self.out.push_str("---|");
        }
        self.out.push('\n');
        for _ in 0..self.rng.range(3, 7) {
            row(self, false);
        }
        self.out.push('\n');
    }

    fn date(&mut self) -> (usize, usize, usize) {
        (
            self.rng.range(2015, 2025),
            self.rng.range(1, 12),
            self.rng.range(1, 28),
        )
    }
}

/// Upper-cases the first lowercase ASCII letter at or after `start`, when no other letter
/// comes first (so `*word` and `“word` are capitalised too).
fn capitalise_at(s: &mut str, start: usize) {
    let Some(rest) = s.get(start..) else {
        return;
    };
    let Some((i, c)) = rest.char_indices().find(|(_, c)| c.is_alphabetic()) else {
        return;
    };
    if c.is_ascii_lowercase() {
        s[start + i..=start + i].make_ascii_uppercase();
    }
}

fn plural(noun: &str) -> String {
    if noun.ends_with(['s', 'x']) || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{noun}es")
    } else if let Some(stem) = noun.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        format!("{stem}ies")
    } else if noun == "child" {
        "children".to_string()
    } else {
        format!("{noun}s")
    }
}

/// `a` or `an` before `word`.
fn article_for(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) && !word.starts_with("use") {
        "an"
    } else {
        "a"
    }
}

fn slug(title: &str) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    slug
}

/// One generated article: its title (for the file name) and its text.
pub struct Article {
    /// The title (for the file name).
    pub title: String,
    /// The text.
    pub text: String,
    /// Markdown (`.md`) rather than pasted text (`.txt`).
    pub markdown: bool,
}

pub fn article(seed: u64, index: usize) -> Article {
    let rng = Rng::derive(seed, index as u64);
    let markdown = index.is_multiple_of(2);
    let mut w = Writer::new(rng, markdown);
    let target = w.rng.range(ARTICLE_WORDS * 4 / 5, ARTICLE_WORDS * 6 / 5);
    let title = w.title(true);
    let cjk = w.rng.chance(12);
    if markdown {
        markdown_article(&mut w, &title, target, cjk);
    } else {
        plain_article(&mut w, &title, target, cjk);
    }
    Article {
        title,
        text: w.out,
        markdown,
    }
}

fn authors(w: &mut Writer) -> Vec<String> {
    let n = if w.rng.chance(20) { 2 } else { 1 };
    (0..n)
        .map(|_| {
            let first = w.rng.pick(FIRST_NAMES);
            let last = w.rng.pick(LAST_NAMES);
            format!("{first} {last}")
        })
        .collect()
}

fn markdown_article(w: &mut Writer, title: &str, target: usize, cjk: bool) {
    let authors = authors(w);
    let (y, m, d) = w.date();
    if w.rng.chance(50) {
        let _ = writeln!(w.out, "---\ntitle: \"{title}\"");
        if authors.len() == 1 {
            let _ = writeln!(w.out, "author: {}", authors[0]);
        } else {
            w.out.push_str("authors:\n");
            for a in &authors {
                let _ = writeln!(w.out, "  - {a}");
            }
        }
        let t1 = w.rng.pick(TAGS);
        let t2 = w.rng.pick(TAGS);
        let _ = writeln!(w.out, "date: {y}-{m:02}-{d:02}\ntags: [{t1}, {t2}]\n---\n");
    } else {
        let _ = writeln!(w.out, "# {title}\n");
        let _ = writeln!(w.out, "*By {}*\n", authors.join(" and "));
    }
    for _ in 0..w.rng.range(1, 3) {
        w.paragraph();
    }
    let mut cjk_left = if cjk { w.rng.range(1, 3) } else { 0 };
    while w.words() < target {
        let heading = w.title(false);
        let _ = writeln!(w.out, "## {heading}\n");
        for _ in 0..w.rng.range(2, 5) {
            if w.words() >= target {
                break;
            }
            body_block(w, &mut cjk_left);
        }
        if w.rng.chance(30) && w.words() < target {
            let sub = w.title(false);
            let _ = writeln!(w.out, "### {sub}\n");
            for _ in 0..w.rng.range(1, 3) {
                body_block(w, &mut cjk_left);
            }
        }
    }
}

/// A markdown body block: mostly paragraphs, sometimes a list, quote, code block or table.
fn body_block(w: &mut Writer, cjk_left: &mut usize) {
    if *cjk_left > 0 && w.rng.chance(20) {
        *cjk_left -= 1;
        w.cjk_paragraph();
        return;
    }
    match w.rng.below(100) {
        0..=69 => w.paragraph(),
        70..=81 => w.list(),
        82..=90 => w.quote(),
        91..=95 => w.code_block(),
        _ => w.table(),
    }
}

fn plain_article(w: &mut Writer, title: &str, target: usize, cjk: bool) {
    let kicker = w.rng.pick(KICKERS);
    let _ = writeln!(w.out, "{kicker}\n\n{title}\n");
    let authors = authors(w);
    let name = authors.join(" and ");
    // Pasted pages repeat the byline: once as a link, once as text.
    let _ = writeln!(w.out, "{name}\n{name}\n");
    let publication = w.rng.pick(PUBLICATIONS);
    let role = w
        .rng
        .pick(&["Staff writer", "Correspondent", "Contributing editor"]);
    let _ = writeln!(w.out, "{role} at {publication}\n");
    if w.rng.chance(60) {
        let (y, m, d) = w.date();
        let month = MONTHS[m - 1];
        let _ = writeln!(w.out, "{d} {month} {y}\n");
    }
    let mut cjk_left = if cjk { w.rng.range(1, 3) } else { 0 };
    let mut since_heading = 0;
    while w.words() < target {
        since_heading += 1;
        if since_heading > 3 && w.rng.chance(25) {
            let heading = w.title(false);
            let _ = writeln!(w.out, "{heading}\n");
            since_heading = 0;
        } else if w.rng.chance(4) {
            let line = w.rng.pick(BOILERPLATE);
            let _ = writeln!(w.out, "{line}\n");
        } else if w.rng.chance(5) {
            // An image caption, pasted twice (alt text and caption).
            let start = w.out.len();
            w.clause();
            let caption = w.out[start..].trim_start().to_string();
            w.out.truncate(start);
            let mut caption = caption;
            capitalise_at(&mut caption, 0);
            let _ = writeln!(w.out, "{caption}\n{caption}\n");
        } else if cjk_left > 0 && w.rng.chance(15) {
            cjk_left -= 1;
            w.cjk_paragraph();
        } else {
            w.paragraph();
        }
    }
}

/// Writes one huge markdown article of at least `bytes` bytes.
pub fn huge(seed: u64, bytes: usize, out: &mut impl Write) -> io::Result<usize> {
    let mut w = Writer::new(Rng::derive(seed, u64::MAX), true);
    let title = w.title(true);
    let name = authors(&mut w).join(" and ");
    let _ = writeln!(w.out, "# {title}\n\n*By {name}*\n");
    w.paragraph();
    let mut written = 0;
    let mut cjk_left = 0;
    let mut section = 0usize;
    while written < bytes {
        section += 1;
        if section.is_multiple_of(10) {
            cjk_left = 1;
        }
        let heading = w.title(false);
        let _ = writeln!(w.out, "## {section}. {heading}\n");
        for _ in 0..w.rng.range(3, 8) {
            body_block(&mut w, &mut cjk_left);
        }
        if w.rng.chance(40) {
            let sub = w.title(false);
            let _ = writeln!(w.out, "### {sub}\n");
            for _ in 0..w.rng.range(2, 5) {
                body_block(&mut w, &mut cjk_left);
            }
        }
        if w.out.len() >= 64 * 1024 {
            out.write_all(w.out.as_bytes())?;
            written += w.out.len();
            w.out.clear();
            w.counted = 0;
        }
    }
    out.write_all(w.out.as_bytes())?;
    written += w.out.len();
    Ok(written)
}

/// Where article `index` of a corpus goes.
pub fn article_path(dir: &Path, index: usize, a: &Article, flat: bool) -> PathBuf {
    let ext = if a.markdown { "md" } else { "txt" };
    let name = format!("{index:06}-{}.{ext}", slug(&a.title));
    if flat {
        dir.join(name)
    } else {
        dir.join(format!("{:04}", index / PER_FOLDER)).join(name)
    }
}

pub fn corpus(seed: u64, count: usize, dir: &Path, flat: bool) -> io::Result<usize> {
    let mut bytes = 0;
    for index in 0..count {
        let a = article(seed, index);
        if index % PER_FOLDER == 0 && !flat {
            fs::create_dir_all(dir.join(format!("{:04}", index / PER_FOLDER)))?;
        } else if index == 0 {
            fs::create_dir_all(dir)?;
        }
        fs::write(article_path(dir, index, &a, flat), &a.text)?;
        bytes += a.text.len();
    }
    Ok(bytes)
}

pub fn registry_markdown(limit: Option<usize>, out: &mut impl Write) -> io::Result<usize> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or_else(|| io::Error::other("neither CARGO_HOME nor HOME is set"))?;
    let root = home.join("registry").join("src");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(io::Error::other(format!(
            "no .md files under {}",
            root.display()
        )));
    }
    let mut written = 0;
    for path in files {
        let Ok(text) = fs::read_to_string(&path) else {
            continue; // not UTF-8
        };
        // A blank line between files; a fence left open in one file would swallow the rest,
        // so close any that is.
        let fences = text
            .lines()
            .filter(|l| l.trim_start().starts_with("```"))
            .count();
        out.write_all(text.as_bytes())?;
        out.write_all(if fences % 2 == 1 {
            b"\n```\n\n"
        } else {
            b"\n\n"
        })?;
        written += text.len() + 2;
        if limit.is_some_and(|l| written >= l) {
            break;
        }
    }
    Ok(written)
}
