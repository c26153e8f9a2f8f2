//! Headers for the header model: the corpus documents know their titles but not how a news
//! site or a blog would set a byline, a date or a caption around them, so those lines are
//! drawn here from templates, with names credited in the packages on this machine. Every
//! template and word list below is ours; the models learn shapes from them, and the loader
//! itself holds no such list.

use super::render::{Block, Kind};

/// A small, seeded random number generator (xorshift64*), so training is reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One line of a synthetic header and its label (a name from `header_labels`).
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub label: &'static str,
    /// Printed twice in a row (alt text and caption).
    pub doubled: bool,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn ordinal(d: usize) -> String {
    let suffix = match (d % 10, d % 100) {
        (1, n) if n != 11 => "st",
        (2, n) if n != 12 => "nd",
        (3, n) if n != 13 => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// A date in one of the ways sites print them.
pub fn date(rng: &mut Rng) -> String {
    let (d, m, y) = (1 + rng.below(28), rng.below(12), 1998 + rng.below(30));
    let month = MONTHS[m];
    let short = &month[..3];
    let time = format!("{}:{:02}", 1 + rng.below(12), rng.below(60));
    let base = match rng.below(11) {
        0 => format!("{d} {month} {y}"),
        1 => format!("{month} {d}, {y}"),
        2 => format!("{short} {d}, {y}"),
        3 => format!("{y}-{:02}-{d:02}", m + 1),
        4 => format!("{d:02}/{:02}/{y}", m + 1),
        5 => format!("{}, {month} {d}, {y}", WEEKDAYS[rng.below(7)]),
        6 => format!("{short}. {}, {y}", ordinal(d)),
        7 => format!("{d} {short} {y}, {time}"),
        8 => format!(
            "{month} {d}, {y} at {time} {}",
            if rng.chance(0.5) { "am" } else { "pm" }
        ),
        9 => format!("{}/{d}/{}", m + 1, y % 100),
        _ => format!("{d}.{}.{y}", m + 1),
    };
    match rng.below(8) {
        0 => format!("Published {base}"),
        1 => format!("Updated {base}"),
        2 => format!("Posted on {base}"),
        3 => format!("Last updated: {base}"),
        _ => base,
    }
}

/// How many names, joined how.
fn name_list(rng: &mut Rng, names: &[String]) -> String {
    let n = match rng.below(10) {
        0..=6 => 1,
        7 | 8 => 2,
        _ => 3,
    };
    let picked: Vec<&str> = (0..n).map(|_| rng.pick(names).as_str()).collect();
    match picked.as_slice() {
        [a] => (*a).to_string(),
        [a, b] => {
            let and = if rng.chance(0.8) { "and" } else { "&" };
            format!("{a} {and} {b}")
        }
        [a, b, c] => {
            let comma = if rng.chance(0.3) { "," } else { "" };
            format!("{a}, {b}{comma} and {c}")
        }
        _ => String::new(),
    }
}

const ROLES: &[&str] = &[
    "Staff writer",
    "Senior editor",
    "Contributing writer",
    "Correspondent",
    "Science reporter",
    "Columnist",
    "Editor at large",
    "Software engineer",
    "Developer advocate",
    "Product manager",
    "Research scientist",
    "Guest contributor",
    "Technology editor",
    "Foreign affairs analyst",
    "Head of engineering",
];

const ORG_WORDS: &[&str] = &[
    "Times",
    "Review",
    "Labs",
    "News",
    "Post",
    "Journal",
    "Weekly",
    "Institute",
    "Foundation",
    "Gazette",
    "Herald",
    "Quarterly",
];

fn org(rng: &mut Rng, names: &[String]) -> String {
    let surname = rng
        .pick(names)
        .rsplit(' ')
        .next()
        .unwrap_or("North")
        .to_string();
    format!("{surname} {}", rng.pick(ORG_WORDS))
}

fn role(rng: &mut Rng, names: &[String]) -> String {
    let r = *rng.pick(ROLES);
    match rng.below(3) {
        0 => format!("{r} at {}", org(rng, names)),
        1 => format!("{r}, {}", org(rng, names)),
        _ => r.to_string(),
    }
}

const GROUP_NOUNS: &[&str] = &[
    "Team",
    "Staff",
    "Editors",
    "Desk",
    "Contributors",
    "Maintainers",
];

/// An author line in one of the usual shapes.
fn author(rng: &mut Rng, names: &[String]) -> String {
    let list = name_list(rng, names);
    match rng.below(20) {
        0..=5 => format!("By {list}"),
        6..=11 => list,
        12 => format!("Words by {list}"),
        13 => format!("Written by {list}"),
        14 => format!("Posted by {list}"),
        15 => format!("{list}, {}", role(rng, names).to_lowercase()),
        16 => format!("By {list} | {}", role(rng, names)),
        17 => {
            let word = rng
                .pick(names)
                .rsplit(' ')
                .next()
                .unwrap_or("Release")
                .to_string();
            format!("The {word} {}", rng.pick(GROUP_NOUNS))
        }
        18 => {
            let handle: String = rng
                .pick(names)
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            if rng.chance(0.5) {
                format!("@{handle}")
            } else {
                format!("{handle}_{}", rng.below(100))
            }
        }
        _ => format!("{list} · {}", date(rng)),
    }
}

/// A caption-like line: the opening words of a sentence of some other document, without its
/// full stop.
fn caption(rng: &mut Rng, pool: &[&str]) -> Option<String> {
    let sentence = *rng.pick(pool);
    let words: Vec<&str> = sentence.split(' ').collect();
    if words.len() < 6 {
        return None;
    }
    let n = (6 + rng.below(14)).min(words.len());
    let text = words[..n]
        .join(" ")
        .trim_end_matches([',', '.', ';', ':'])
        .to_string();
    Some(text)
}

/// The first sentence of a paragraph, as a dek.
fn dek(rng: &mut Rng, pool: &[&str]) -> Option<String> {
    let p = *rng.pick(pool);
    let first = p.split_inclusive(". ").next()?.trim();
    let n = first.split(' ').count();
    (8..=40).contains(&n).then(|| first.to_string())
}

/// A kicker: one or two words of some heading, usually in capitals.
fn kicker(rng: &mut Rng, headings: &[&str]) -> Option<String> {
    let h = *rng.pick(headings);
    let words: Vec<&str> = h
        .split(' ')
        .filter(|w| w.chars().all(char::is_alphabetic))
        .take(1 + rng.below(2))
        .collect();
    if words.is_empty() {
        return None;
    }
    let text = words.join(" ");
    Some(if rng.chance(0.75) {
        text.to_uppercase()
    } else {
        text
    })
}

/// Material the synthesis draws on.
pub struct Pools<'a> {
    pub names: &'a [String],
    pub titles: Vec<&'a str>,
    pub sentences: Vec<&'a str>,
    pub headings: Vec<&'a str>,
}

/// A header for a document titled `title` (none: the text starts with its body).
pub fn header(rng: &mut Rng, title: Option<&str>, pools: &Pools) -> Vec<Line> {
    let mut out = Vec::new();
    let line = |text: String, label: &'static str| Line {
        text,
        label,
        doubled: false,
    };
    let Some(title) = title else {
        return out;
    };
    if rng.chance(0.12)
        && let Some(k) = kicker(rng, &pools.headings)
    {
        out.push(line(k, "kicker"));
    }
    out.push(line(title.to_string(), "title"));
    if rng.chance(0.15)
        && let Some(d) = dek(rng, &pools.sentences)
    {
        out.push(line(d, "dek"));
    }
    let date_first = rng.chance(0.2);
    let with_date = rng.chance(0.5);
    if date_first && with_date {
        out.push(line(date(rng), "date"));
    }
    if rng.chance(0.7) {
        out.push(line(author(rng, pools.names), "author"));
        if rng.chance(0.18) {
            out.push(line(role(rng, pools.names), "role"));
        }
    }
    if !date_first && with_date {
        out.push(line(date(rng), "date"));
    }
    if rng.chance(0.08) {
        out.push(line(format!("{} min read", 2 + rng.below(20)), "other"));
    }
    if rng.chance(0.15)
        && let Some(c) = caption(rng, &pools.sentences)
    {
        out.push(Line {
            text: c,
            label: "caption",
            doubled: rng.chance(0.5),
        });
        if rng.chance(0.3) {
            let credit = match rng.below(3) {
                0 => format!("Photo: {}", rng.pick(pools.names)),
                1 => format!("{}/{}", rng.pick(pools.names), org(rng, pools.names)),
                _ => format!("Image credit: {}", rng.pick(pools.names)),
            };
            out.push(line(credit, "caption"));
        }
    }
    out
}

/// The text of a header followed by body blocks, in the conventions of the rendered corpus.
pub fn text(header: &[Line], body: &[Block]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for l in header {
        if l.doubled {
            parts.push(format!("{}\n{}", l.text, l.text));
        } else {
            parts.push(l.text.clone());
        }
    }
    parts.extend(body.iter().map(|b| b.text.clone()));
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

/// Whether a block can stand in a sentence pool (running text of some length).
pub fn is_sentence(b: &Block) -> bool {
    b.kind == Kind::Text && b.text.split(' ').count() >= 10
}

/// Lines a page carries around its article that are no headings: picture captions and
/// credits, bylines, pull quotes, lists of other stories, tags, an author's bio.
fn furniture(rng: &mut Rng, pools: &Pools) -> Vec<String> {
    let name = rng.pick(pools.names).clone();
    match rng.below(12) {
        0 => vec![format!("Photo by {name}")],
        1 => vec![format!("Photo: {name}")],
        2 | 3 => {
            let Some(c) = caption(rng, &pools.sentences) else {
                return Vec::new();
            };
            match rng.below(4) {
                0 => vec![format!("{c} ({name})")],
                1 => vec![c, format!("Photograph: {name}/{}", org(rng, pools.names))],
                2 => vec![format!("{c}. Image: {name}")],
                _ => vec![c],
            }
        }
        4 => vec![format!("By {}", name_list(rng, pools.names))],
        5 => {
            let s = *rng.pick(&pools.sentences);
            let short: String = s
                .split(' ')
                .take(6 + rng.below(10))
                .collect::<Vec<_>>()
                .join(" ");
            vec![format!(
                "“{}”",
                short.trim_end_matches([',', '.', ';', ':'])
            )]
        }
        6 | 7 => {
            // Other stories: titles of other pages, one a line, under a label.
            let n = 3 + rng.below(4);
            let mut out = Vec::new();
            if rng.chance(0.5) {
                out.push(
                    (*rng.pick(&[
                        "More stories",
                        "Related reading",
                        "You may also like",
                        "Popular now",
                    ]))
                    .to_string(),
                );
            }
            for _ in 0..n {
                out.push((*rng.pick(&pools.titles)).to_string());
            }
            out
        }
        8 => {
            let tags: Vec<&str> = (0..3 + rng.below(4))
                .map(|_| {
                    let h = *rng.pick(&pools.headings);
                    h.split(' ').next().unwrap_or(h)
                })
                .collect();
            vec![format!("Tags: {}", tags.join(", "))]
        }
        9 => vec![format!(
            "© {} {}",
            1998 + rng.below(30),
            org(rng, pools.names)
        )],
        10 => vec![
            name.clone(),
            format!(
                "{name} is a {} who writes about {}.",
                role(rng, pools.names).to_lowercase(),
                rng.pick(&pools.headings).to_lowercase()
            ),
        ],
        _ => vec![format!("{} | {}", rng.pick(pools.names), date(rng))],
    }
}

/// Title case: every word of four letters or more capitalised.
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if w.chars().count() >= 4 || f.is_uppercase() => {
                    f.to_uppercase().chain(c).collect()
                }
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A heading in one of the shapes blogs and news give them and manuals seldom do: a
/// question, a quotation, a long title-case line (built from the words of the paragraph
/// under it).
fn reshape(rng: &mut Rng, heading: &str, next: Option<&Block>) -> String {
    let h = heading.trim_end_matches(['.', ':', '?']);
    match rng.below(3) {
        0 => {
            let lead = *rng.pick(&["Why", "How", "What", "When", "Where"]);
            let rest = h.chars().next().map_or(String::new(), |c| {
                c.to_lowercase()
                    .chain(h.chars().skip(1))
                    .collect::<String>()
            });
            format!("{lead} {rest}?")
        }
        1 => format!("“{h}”"),
        _ => {
            let extra: Vec<&str> = next
                .filter(|n| n.kind == Kind::Text)
                .map(|n| n.text.split(' ').take(8 + rng.below(6)).collect())
                .unwrap_or_default();
            let words = extra.join(" ");
            title_case(words.trim_end_matches([',', '.', ';', ':']))
        }
    }
}

/// The document as a web page would hold it: code mostly gone (articles carry little), and
/// page furniture between the paragraphs. Headings stay headings; furniture is text.
pub fn web_page(rng: &mut Rng, body: &[Block], pools: &Pools) -> Vec<Block> {
    let drop_code = rng.chance(super::knob("DROP_CODE", 0.7));
    // Now and then an interview: the sections are the interviewer's questions.
    let interview = rng.chance(0.05);
    let mut out = Vec::with_capacity(body.len() + 8);
    for (i, b) in body.iter().enumerate() {
        if drop_code && matches!(b.kind, Kind::Code | Kind::Row) {
            continue;
        }
        if !interview
            && matches!(b.kind, Kind::Heading(_))
            && rng.chance(super::knob("RESHAPE", 0.15))
        {
            out.push(Block {
                kind: b.kind,
                text: reshape(rng, &b.text, body.get(i + 1)),
            });
            continue;
        }
        if interview && matches!(b.kind, Kind::Heading(_)) {
            let q = b.text.trim_end_matches(['?', '.', ':']);
            out.push(Block {
                kind: b.kind,
                text: format!("Q: {q}?"),
            });
            continue;
        }
        if interview && b.kind == Kind::Text && rng.chance(0.5) {
            out.push(Block {
                kind: Kind::Text,
                text: format!("A: {}", b.text),
            });
            continue;
        }
        out.push(b.clone());
        let paragraph = b.kind == Kind::Text && b.text.split(' ').count() >= 12;
        let next_is_text = body.get(i + 1).is_some_and(|n| n.kind == Kind::Text);
        if paragraph && next_is_text && rng.chance(super::knob("FURNITURE", 0.12)) {
            for text in furniture(rng, pools) {
                out.push(Block {
                    kind: Kind::Text,
                    text,
                });
            }
        }
    }
    out
}
