//! Pasted plain text: structure recovery.
//!
//! A pure pass in five steps, each in its own module:
//!
//! 1. [`normalise`]: lines, cleaned (BOM, CRLF, no-break and zero-width characters, trailing
//!    spaces), each keeping its byte range in the source;
//! 2. [`units`]: lines become units: single lines, hard-wrapped paragraphs joined again (never
//!    across a blank line), or groups kept line by line (lists, tables, indented text);
//!    adjacent duplicates fold into one unit marked as doubled;
//! 3. [`boilerplate`]: site furniture from a phrase list kept as data;
//! 4. [`header`]: the zone before the first prose paragraph: kicker, title, authors, role,
//!    date, caption;
//! 5. [`headings`]: body lines given a confidence of being section headings by a logistic
//!    model over general features (weights learned, in [`weights`]); lines just under the
//!    threshold are weak headings.
//!
//! Overrides, strongest first: front matter (`title`, `author(s)`, `kicker`, `headings`,
//! `not-headings`, `structure = "auto" | "markdown" | "none"`), then explicit markdown
//! headings in the text (`# x`, underlines), then the heuristics. [`explain`] reports every
//! unit's class, confidence and reasons.

mod boilerplate;
mod cues;
mod dates;
mod explain;
mod features;
mod header;
mod headings;
mod model;
mod normalise;
#[doc(hidden)]
pub mod training;
mod units;
// Learned numbers; some land near a named constant (0.3927 ~ pi/8) by chance.
#[allow(clippy::approx_constant)]
mod weights;

use super::{
    Block, BlockKind, Document, HARD_BREAK, Hint, Inline, InlineStyle, Meta, front_matter,
    sanitize_inline,
};
pub(crate) use boilerplate::is_boilerplate;
pub use explain::explain;
pub(crate) use header::byline_names;
use units::{Shape, Unit};

/// What a unit turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A short label above the title.
    Kicker,
    /// The headline.
    Title,
    /// A byline or a doubled name.
    Author,
    /// The author's role.
    Role,
    /// A date line (kept in the body as well).
    Date,
    /// An image description.
    Caption,
    /// A section heading of this level.
    Heading(u8),
    /// Nearly a heading; a paragraph unless weak headings are asked for.
    WeakHeading,
    /// Prose.
    Paragraph,
    /// Lines kept as they are (a list, a table, indented text).
    Lines,
    /// Site furniture.
    Boilerplate,
}

impl Class {
    /// Name used by `--explain`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Kicker => "kicker",
            Self::Title => "title",
            Self::Author => "author",
            Self::Role => "role",
            Self::Date => "date",
            Self::Caption => "caption",
            Self::Heading(_) => "heading",
            Self::WeakHeading => "weak-heading",
            Self::Paragraph => "paragraph",
            Self::Lines => "lines",
            Self::Boilerplate => "boilerplate",
        }
    }
}

/// A unit's class, how sure the loader is (`None`: the text or front matter said so), and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The class.
    pub class: Class,
    /// Confidence in the class, 0..1.
    pub confidence: Option<f32>,
    /// The cues, in the order they were applied.
    pub reasons: Vec<String>,
    /// The heading score, for a unit that was scored as a heading candidate.
    pub points: Option<f32>,
}

impl Verdict {
    fn new(class: Class, confidence: Option<f32>, why: &str) -> Self {
        Self {
            class,
            confidence,
            reasons: vec![why.to_string()],
            points: None,
        }
    }
}

/// How much structure to look for, from front matter `structure = "..."`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Structure {
    /// Markdown headings when the text has them, heuristics otherwise.
    Auto,
    /// Only explicit markdown headings.
    Markdown,
    /// No headings at all.
    None,
}

/// The whole analysis of one text: the units and their verdicts.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Metadata from front matter and the header zone.
    pub meta: Meta,
    units: Vec<Unit>,
    verdicts: Vec<Verdict>,
}

/// A model's probability to two decimals: more would claim a precision it does not have (and
/// change every export whenever the weights are trained again).
fn rounded(p: f32) -> f32 {
    (p * 100.0).round() / 100.0
}

/// Normalised text used to compare lines with front-matter lists.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.to_lowercase()
}

/// Runs the whole structure recovery on `text`.
pub fn analyse(text: &str) -> Analysis {
    analyse_with(text, false)
}

/// [`analyse`], with every feature's contribution in the reasons when `explain` is set.
pub(super) fn analyse_with(text: &str, explain: bool) -> Analysis {
    let mut meta = Meta::default();
    let fm = front_matter::split(text);
    let body_start = fm.as_ref().map_or(0, |f| f.source.end);
    if let Some(fm) = &fm {
        fm.apply(&mut meta);
    }
    let list = |keys: &[&str]| -> Vec<String> {
        fm.as_ref()
            .and_then(|f| f.get(keys))
            .map(|v| v.list(false).iter().map(|s| fold(s)).collect())
            .unwrap_or_default()
    };
    let forced_headings = list(&["headings"]);
    let not_headings = list(&["not-headings", "not_headings"]);
    let structure = match fm
        .as_ref()
        .and_then(|f| f.text(&["structure"]))
        .map(|s| s.to_lowercase())
        .as_deref()
    {
        Some("markdown") => Structure::Markdown,
        Some("none") => Structure::None,
        _ => Structure::Auto,
    };

    let lines = normalise::lines(&text[body_start..], body_start);
    let units = units::units(lines, structure != Structure::None);
    let mut verdicts: Vec<Option<Verdict>> = vec![None; units.len()];

    for (i, u) in units.iter().enumerate() {
        if u.shape == Shape::Line && u.markdown.is_none() && boilerplate::is_boilerplate(&u.text) {
            verdicts[i] = Some(Verdict::new(
                Class::Boilerplate,
                Some(0.9),
                "matches the boilerplate phrase list",
            ));
        }
    }

    let explicit = units.iter().any(|u| u.markdown.is_some());
    let facts: Vec<features::Facts> = units.iter().map(features::facts).collect();
    // Boilerplate and the header are nobody's neighbour in the body.
    let mut skip: Vec<bool> = verdicts.iter().map(Option::is_some).collect();
    if !explicit {
        let head = read_header(&units, &facts, &mut verdicts, explain);
        for &i in &head.units {
            skip[i] = true;
        }
        apply_header(&units, &mut verdicts, &head, &mut meta);
    }

    let heuristics = structure == Structure::Auto && !explicit;
    let doc = features::Doc::new(&units, &skip, facts);
    let (heading_scores, peers) = if heuristics {
        headings::score_all(&doc)
    } else {
        (
            vec![None; units.len()],
            features::Peers::new(&doc, &[], 0.0),
        )
    };
    let mut previous_heading = false;
    let overridden = !forced_headings.is_empty() || !not_headings.is_empty();
    for (i, u) in units.iter().enumerate() {
        if verdicts[i].is_none() {
            let scored = Scored {
                doc: &doc,
                peers: &peers,
                score: heading_scores[i],
            };
            verdicts[i] = Some(body_verdict(
                &scored,
                i,
                u,
                heuristics,
                previous_heading,
                explain,
            ));
        }
        let v = verdicts[i].as_mut().map(|v| {
            if overridden {
                let key = fold(&u.text);
                if forced_headings.contains(&key) && !matches!(v.class, Class::Heading(_)) {
                    *v = Verdict::new(
                        Class::Heading(2),
                        None,
                        "front matter lists it in `headings`",
                    );
                } else if not_headings.contains(&key)
                    && matches!(v.class, Class::Heading(_) | Class::WeakHeading)
                {
                    *v = Verdict::new(
                        Class::Paragraph,
                        None,
                        "front matter lists it in `not-headings`",
                    );
                }
            }
            v.class
        });
        if !skip[i] {
            previous_heading = matches!(v, Some(Class::Heading(_)));
        }
    }
    if meta.authors.is_empty() {
        authors_from_the_end(&units, &mut verdicts, &mut meta);
    }
    let verdicts = verdicts
        .into_iter()
        .map(|v| v.unwrap_or_else(|| Verdict::new(Class::Paragraph, None, "unclassified")))
        .collect();
    Analysis {
        meta,
        units,
        verdicts,
    }
}

/// No byline: the last paragraphs may name the author ("About the author" over a name, or a
/// bio: "Jane Roe is a reporter ...").
fn authors_from_the_end(units: &[Unit], verdicts: &mut [Option<Verdict>], meta: &mut Meta) {
    let about = units.iter().position(|u| {
        // The phrases are short; long units need no folding to know they are not one.
        u.text.len() < 64
            && matches!(
                fold(u.text.trim_end_matches([':', '.'])).as_str(),
                "about the author" | "about the authors" | "about the writer"
            )
    });
    if let Some(i) = about
        && let Some(next) = units.get(i + 1)
        && header::is_name(&next.text)
    {
        if let Some(v) = verdicts[i + 1].as_mut() {
            v.reasons.push("named under \"About the author\"".into());
            // The name is the author's, not a section of the article.
            if matches!(v.class, Class::Heading(_) | Class::WeakHeading) {
                v.class = Class::Paragraph;
                v.confidence = Some(0.8);
            }
        }
        meta.authors.push(sanitize_inline(&next.text));
        return;
    }
    let tail = units.len().saturating_sub(3);
    for i in tail..units.len() {
        if let Some(name) = header::bio_name(&units[i].text)
            && let Some(v) = verdicts[i].as_mut()
            && v.class == Class::Paragraph
        {
            v.reasons.push(format!("author bio: names {name}"));
            meta.authors.push(sanitize_inline(&name));
            break;
        }
    }
}

/// What the header model found besides per-unit verdicts.
#[derive(Debug, Default)]
struct Head {
    /// The units the header holds.
    units: Vec<usize>,
    authors: Vec<String>,
    byline_role: Option<String>,
}

/// Runs the header model over the first units and records its labels as verdicts.
fn read_header(
    units: &[Unit],
    facts: &[features::Facts],
    verdicts: &mut [Option<Verdict>],
    explain: bool,
) -> Head {
    let skip: Vec<bool> = verdicts.iter().map(Option::is_some).collect();
    let zone = header::Zone::new(units, &skip, facts);
    let labels = zone.decode();
    let mut head = Head::default();
    let mut title_seen = false;
    for (k, &(label, p)) in labels.iter().enumerate() {
        if label == header::Label::Body {
            break;
        }
        let i = zone.units[k];
        let text = units[i].text.as_str();
        let mut class = match label {
            header::Label::Kicker => Class::Kicker,
            header::Label::Title if !title_seen => Class::Title,
            header::Label::Author => Class::Author,
            header::Label::Role => Class::Role,
            header::Label::Date => Class::Date,
            header::Label::Caption => Class::Caption,
            _ => Class::Paragraph,
        };
        if class == Class::Author {
            if let Some((names, role)) = header::author_names(text) {
                for n in names {
                    if !head.authors.contains(&n) {
                        head.authors.push(n);
                    }
                }
                if head.byline_role.is_none() {
                    head.byline_role = role;
                }
            } else {
                // The model reads a byline that the name rules cannot take apart: no names
                // come from it, and it stays text.
                class = Class::Paragraph;
            }
        }
        title_seen |= class == Class::Title;
        let mut v = Verdict::new(
            class,
            Some(rounded(p)),
            &format!("header model: {}", label.name()),
        );
        head.units.push(i);
        if explain {
            let before = k.checked_sub(1).map(|j| labels[j].0);
            for (name, c) in zone.contributions(k, before, label).into_iter().take(8) {
                v.reasons.push(format!("{name} {c:+.2}"));
            }
        }
        verdicts[i] = Some(v);
    }
    head
}

/// Moves header findings into the metadata, respecting front matter.
fn apply_header(units: &[Unit], verdicts: &mut [Option<Verdict>], head: &Head, meta: &mut Meta) {
    for (i, u) in units.iter().enumerate() {
        let Some(v) = verdicts[i].as_mut() else {
            continue;
        };
        let text = sanitize_inline(&u.text);
        match v.class {
            Class::Kicker if meta.kicker.is_none() => meta.kicker = Some(text),
            Class::Title if meta.title.is_none() => meta.title = Some(text),
            Class::Title if meta.title.as_deref().map(fold) != Some(fold(&text)) => {
                // Front matter named another title: this line is body text after all.
                verdicts[i] = None;
            }
            Class::Role if meta.role.is_none() => meta.role = Some(text),
            Class::Date if meta.date.is_none() => meta.date = Some(text),
            _ => {}
        }
    }
    if meta.authors.is_empty() {
        meta.authors = head.authors.iter().map(|a| sanitize_inline(a)).collect();
    }
    if meta.role.is_none() {
        meta.role = head.byline_role.as_deref().map(sanitize_inline);
    }
}

/// A body unit's heading score and what it was computed from.
struct Scored<'a> {
    doc: &'a features::Doc<'a>,
    peers: &'a features::Peers,
    score: Option<headings::Score>,
}

/// The verdict for a body unit.
fn body_verdict(
    scored: &Scored,
    i: usize,
    u: &Unit,
    heuristics: bool,
    after_heading: bool,
    explain: bool,
) -> Verdict {
    if let Some(level) = u.markdown {
        return Verdict::new(Class::Heading(level), None, "explicit markdown heading");
    }
    if u.shape == Shape::Lines {
        return Verdict::new(
            Class::Lines,
            Some(0.9),
            "list, table or indented lines kept as they are",
        );
    }
    if u.doubled && u.words() >= 5 {
        return Verdict::new(
            Class::Caption,
            Some(0.8),
            "long line, doubled (alt text and caption)",
        );
    }
    if !heuristics {
        return Verdict::new(
            Class::Paragraph,
            None,
            "heading rules off (explicit structure)",
        );
    }
    let Some(score) = scored.score else {
        let why = if u.shape == Shape::Joined {
            "hard-wrapped lines joined into a paragraph"
        } else {
            "not a heading candidate (long, or no letters)"
        };
        return Verdict::new(Class::Paragraph, Some(0.95), why);
    };
    let p = score.probability();
    let class = if score.is_heading() {
        Class::Heading(if after_heading { 3 } else { 2 })
    } else if score.is_weak() {
        Class::WeakHeading
    } else {
        Class::Paragraph
    };
    let confidence = if matches!(class, Class::Heading(_)) {
        p
    } else {
        1.0 - p
    };
    let mut reasons = Vec::new();
    if explain {
        for (name, c) in headings::contributions(scored.doc, scored.peers, i, score) {
            reasons.push(format!("{name} {c:+.2}"));
        }
    }
    reasons.push(format!("= {:+.2} (log-odds of a heading)", score.logit));
    Verdict {
        class,
        confidence: Some(rounded(confidence)),
        reasons,
        points: Some(score.logit),
    }
}

fn inline(text: &str, source: std::ops::Range<usize>) -> Inline {
    Inline {
        text: sanitize_inline(text),
        style: InlineStyle::PLAIN,
        link: None,
        source,
    }
}

/// The inlines of a unit: one run per line, joined by spaces or by hard breaks.
fn unit_inlines(u: &Unit) -> Vec<Inline> {
    match u.shape {
        Shape::Line | Shape::Joined => vec![inline(&u.text, u.source())],
        Shape::Lines => {
            let mut out = Vec::with_capacity(u.parts.len() * 2);
            for (i, line) in u.parts.iter().enumerate() {
                if i > 0 {
                    out.push(Inline {
                        text: HARD_BREAK.into(),
                        style: InlineStyle::PLAIN,
                        link: None,
                        source: line.source.start..line.source.start,
                    });
                }
                out.push(inline(&line.text, line.source.clone()));
            }
            out
        }
    }
}

impl Analysis {
    /// Every unit with its verdict, in order.
    pub fn verdicts(&self) -> impl Iterator<Item = (&str, &Verdict)> {
        self.units
            .iter()
            .map(|u| u.text.as_str())
            .zip(self.verdicts.iter())
    }

    /// The document: header classes go to the metadata, everything else becomes blocks.
    pub fn document(self) -> Document {
        let mut blocks = Vec::with_capacity(self.units.len());
        for (u, v) in self.units.iter().zip(&self.verdicts) {
            let inlines = unit_inlines(u);
            let (kind, hint) = match v.class {
                Class::Kicker | Class::Title | Class::Author | Class::Role => continue,
                Class::Caption => (BlockKind::Caption(inlines), Hint::None),
                Class::Heading(level) => (BlockKind::Heading { level, inlines }, Hint::None),
                Class::WeakHeading => (BlockKind::Paragraph(inlines), Hint::WeakHeading),
                Class::Boilerplate => (BlockKind::Paragraph(inlines), Hint::Boilerplate),
                Class::Date | Class::Paragraph | Class::Lines => {
                    (BlockKind::Paragraph(inlines), Hint::None)
                }
            };
            blocks.push(Block {
                kind,
                source: u.source(),
                confidence: v.confidence,
                hint,
            });
        }
        let mut meta = self.meta;
        if meta.title.is_none()
            && let Some(Block {
                kind: BlockKind::Heading { level: 1, inlines },
                confidence: None,
                ..
            }) = blocks.first()
        {
            meta.title = Some(super::inline_text(inlines));
        }
        Document::new(meta, blocks, Vec::new())
    }
}

/// Parses a plain-text article.
pub fn parse(text: &str) -> Document {
    analyse(text).document()
}

#[cfg(test)]
mod tests;
