//! Section headings in the body, scored from general cues.
//!
//! Only single lines without sentence-ending or continuing punctuation are candidates. Each
//! cue adds or removes points and names itself as a reason: length, capitalisation (only in
//! scripts that have case), the neighbours (prose after a heading, a finished paragraph before
//! it, not in a run of short lines), position (the last line is no section), and shapes that
//! headings never have (brackets, quotes, links, code, table rows, list markers, captions).
//! A line that a table of contents listed earlier is a strong candidate; a line repeated with
//! different text after it each time is a credit or a button, not a section.
//!
//! The score becomes a confidence with a logistic curve centred on [`THRESHOLD`].

use std::collections::HashMap;

use super::cues;
use super::units::{Shape, Unit};

/// Points at which a line is as likely a heading as not.
pub const THRESHOLD: f32 = 1.3;
/// Lines scoring at least this (but under [`THRESHOLD`]) are weak headings.
pub const WEAK: f32 = 0.7;
/// A document's only heading must clear [`THRESHOLD`] by this much (rounded scores: 1.3 and
/// 1.4 are marginal, 1.5 is not).
pub const LONE_MARGIN: f32 = 0.15;

/// A candidate's score and the cues that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Points; [`THRESHOLD`] and above is a heading.
    pub points: f32,
    /// Each cue as "name +0.5".
    pub reasons: Vec<String>,
}

impl Score {
    /// The points as a probability-like confidence in 0..1.
    pub fn confidence(&self) -> f32 {
        1.0 / (1.0 + (-2.0 * (self.points - THRESHOLD)).exp())
    }

    fn add(&mut self, points: f32, why: &str) {
        // Cues are in tenths; rounding keeps 0.5 + 0.4 + 0.3 from landing at 1.1999.
        self.points = ((self.points + points) * 10.0).round() / 10.0;
        self.reasons.push(format!("{why} {points:+.1}"));
    }
}

/// What the scorer needs to know about the whole text.
pub struct Context<'a> {
    units: &'a [Unit],
    /// Units that are not part of the body (boilerplate, header fields) are skipped as
    /// neighbours: `skip[i]` is true for them.
    skip: &'a [bool],
    /// Positions of every unit text.
    seen: HashMap<&'a str, Vec<usize>>,
    /// Units listed earlier by a table of contents.
    toc_targets: Vec<bool>,
    /// How many different short lines open with each label or pair of words.
    openings: HashMap<String, usize>,
    /// For each unit, the length of the run of consecutive short body lines it belongs to (0
    /// when it is not one).
    runs: Vec<usize>,
}

impl<'a> Context<'a> {
    /// Prepares the document-wide cues.
    pub fn new(units: &'a [Unit], skip: &'a [bool]) -> Self {
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            seen.entry(u.text.as_str()).or_default().push(i);
        }
        let toc_targets = toc_targets(units, &seen);
        let mut openings: HashMap<String, usize> = HashMap::new();
        // A line repeated word for word (a recurring section of a menu or a plan) is one
        // line here: only different lines sharing an opening make a form or a list.
        let mut distinct = std::collections::HashSet::new();
        for u in units.iter().filter(|u| is_short_line(u)) {
            if !distinct.insert(u.text.as_str()) {
                continue;
            }
            if let Some(key) = opening(&u.text) {
                *openings.entry(key).or_default() += 1;
            }
        }
        let mut runs = vec![0; units.len()];
        let short = |j: usize| is_short_line(&units[j]) && !skip[j];
        let mut start = 0;
        while start < units.len() {
            let end = (start..units.len())
                .find(|&j| !short(j))
                .unwrap_or(units.len());
            runs[start..end].fill(end - start);
            start = end + 1;
        }
        Self {
            units,
            skip,
            seen,
            toc_targets,
            openings,
            runs,
        }
    }

    fn prev(&self, i: usize) -> Option<&'a Unit> {
        (0..i)
            .rev()
            .find(|&j| !self.skip[j])
            .map(|j| &self.units[j])
    }

    /// Whether at least two other (different) short lines open with the same two words, or the
    /// same label before a colon ("See it: ...", "Account: ..."). Numbered lines differ by their
    /// number.
    fn shared_opening(&self, i: usize) -> bool {
        opening(&self.units[i].text)
            .and_then(|key| self.openings.get(&key))
            .is_some_and(|&n| n >= 3)
    }

    /// Length of the run of consecutive short single lines that `i` belongs to.
    fn short_run(&self, i: usize) -> usize {
        self.runs[i]
    }

    fn next_index(&self, i: usize) -> Option<usize> {
        (i + 1..self.units.len()).find(|&j| !self.skip[j])
    }
}

/// The label before a colon, or the first two words, lower-cased; `None` when the line is
/// numbered or an interview question.
fn opening(text: &str) -> Option<String> {
    if cues::after_number(text).is_some() || text.starts_with("Q:") || text.starts_with("Q.") {
        return None;
    }
    if let Some((label, _)) = text.split_once(':')
        && cues::words(label) <= 3
    {
        return Some(label.to_lowercase());
    }
    let words: Vec<&str> = text.split_whitespace().take(2).collect();
    (words.len() == 2).then(|| words.join(" ").to_lowercase())
}

/// An interview question: "Q: ...".
fn is_question_line(text: &str) -> bool {
    text.starts_with("Q: ") || text.starts_with("Q. ")
}

/// Could this unit be a heading at all?
pub fn is_candidate(unit: &Unit) -> bool {
    let text = unit.text.as_str();
    if unit.shape == Shape::Line && is_question_line(text) && unit.words() <= 50 {
        return true;
    }
    // A listicle entry may be a title with its own exclamation mark ("15) Mother!").
    if unit.shape == Shape::Line
        && cues::after_number(text).is_some_and(|rest| {
            cues::words(rest) <= 4
                && cues::last_char(rest) == Some('!')
                && !cues::starts_lower(rest)
        })
    {
        return true;
    }
    unit.shape == Shape::Line
        && unit.words() <= 20
        && text.chars().any(char::is_alphabetic)
        && (!cues::ends_sentence(text) || cues::ends_with_question(text))
        && !cues::ends_open(text)
}

fn is_short_line(unit: &Unit) -> bool {
    unit.shape == Shape::Line && !unit.is_prose()
}

/// Headings listed by a table of contents: a run of at least three short lines most of which
/// come back later, each then followed by prose. Returns the later occurrences.
fn toc_targets(units: &[Unit], seen: &HashMap<&str, Vec<usize>>) -> Vec<bool> {
    let mut out = vec![false; units.len()];
    let mut i = 0;
    while i < units.len() {
        let mut j = i;
        while j < units.len() && is_short_line(&units[j]) {
            j += 1;
        }
        if j - i >= 3 {
            // Later units with the same text, from the index of texts (a scan of everything
            // after each run would be quadratic in a long text).
            let later: Vec<usize> = (i..j)
                .filter_map(|t| {
                    let same = seen.get(units[t].text.as_str())?;
                    let after = same.partition_point(|&u| u < j);
                    same[after..].iter().copied().find(|&u| {
                        is_candidate(&units[u])
                            && !cues::is_codeish(&units[u].text)
                            && units[u + 1..]
                                .iter()
                                .take(2)
                                .any(|n| n.is_prose() || n.shape == Shape::Joined)
                    })
                })
                .collect();
            if later.len() * 5 >= (j - i) * 3 {
                for u in later {
                    out[u] = true;
                }
            }
        }
        i = j + 1;
    }
    out
}

/// A short label in title case ("Pre-Workout Meal", "NOT SCARY", "Meal 1"): it starts with a
/// capital and most of its words do.
fn is_title_case_label(text: &str) -> bool {
    cues::words(text) <= 8
        && cues::has_case(text)
        && text.chars().next().is_some_and(char::is_uppercase)
        && (cues::all_caps(text) || cues::capitalised_share(text).is_some_and(|c| c >= 0.7))
}

/// A short line in sentence case ("Eat every 2–3 hours", "Writing a blog post"): a capital
/// first letter, then mostly lower-case words; neither prose nor a label.
fn is_sentence_case_line(unit: &Unit) -> bool {
    let text = unit.text.as_str();
    let n = unit.words();
    unit.shape == Shape::Line
        && (3..=12).contains(&n)
        && !unit.is_prose()
        && text
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
        && cues::capitalised_share(text).is_some_and(|c| c < 0.5)
}

fn prose_like(unit: &Unit) -> bool {
    unit.shape == Shape::Joined
        || unit.is_prose()
        || unit.words() >= 8 && cues::last_char(&unit.text) == Some(':')
}

/// Words that, opening a short line, mark a picture credit or caption.
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
    "getty",
    "illustration",
    "video",
    "©",
    "copyright",
    "foto",
    "bild",
];

/// "Orchid in a glass (Ann Lee)": a description with the photographer's name in brackets.
fn ends_with_credit(text: &str) -> bool {
    text.strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .is_some_and(|(before, name)| !before.trim().is_empty() && super::header::is_name(name))
}

/// "CreditJane Roe", "PhotoAnn Lee": a credit label glued to the name when a page is pasted.
fn glued_credit(text: &str) -> bool {
    ["Credit", "Photo", "Foto"].iter().any(|label| {
        text.strip_prefix(label)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_uppercase)
    })
}

/// Scores unit `i`; `None` when it is not a candidate.
pub fn score(ctx: &Context, i: usize) -> Option<Score> {
    let unit = &ctx.units[i];
    if !is_candidate(unit) {
        return None;
    }
    let full = unit.text.as_str();
    let numbered = cues::after_number(full);
    // A numbered heading ("3. Live below your means") is judged on the words after the number.
    let text = numbered.unwrap_or(full);
    let mut s = Score {
        points: 0.0,
        reasons: Vec::new(),
    };
    let n = cues::words(text);
    let question = is_question_line(text);
    if question {
        s.add(2.0, "interview question");
    } else if n <= 8 {
        s.add(0.5, "short");
    } else if n > 14 {
        s.add(-0.8, "long");
    } else if n > 10 {
        s.add(-0.3, "longish");
    }
    if text.chars().count() > 80 && !question {
        s.add(-0.5, "many characters");
    }
    if cues::ends_with_question(text) && !question {
        s.add(-0.8, "a question");
    }
    // After a number, a quote opens the entry's quoted title ("3. \"Not our problem\""), not a
    // quotation running on from the text.
    let opens_quote = text.starts_with(['"', '“', '‘', '\'', '«', '„']);
    if opens_quote && numbered.is_none() || text.starts_with(['(', '[', '—', '–', '<', '^', '*'])
    {
        s.add(-2.0, "opens with a quote, bracket or dash");
    }
    let first_word = text
        .split(|c: char| !c.is_alphanumeric() && c != '©')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let lower = text.to_lowercase();
    if CREDIT_WORDS.contains(&first_word.as_str())
        || ["photo:", "photograph:", "credit:", "image:", "photo by"]
            .iter()
            .any(|c| lower.contains(c))
        // After a number, a name in brackets is the maker of the entry ("3) Lady Bird (Greta
        // Gerwig)"), not a photographer.
        || numbered.is_none() && ends_with_credit(text)
        || glued_credit(text)
    {
        s.add(-2.0, "reads like a picture credit");
    }
    if super::header::byline_names(text).is_some() {
        s.add(-2.0, "a byline");
    }
    if text.ends_with("[edit]") {
        s.add(3.0, "wiki section (ends with [edit])");
    } else if text.contains(['[', ']', '{', '}', '<', '>', '=', ';']) || cues::has_url(text) {
        s.add(-1.5, "brackets, markup or a link");
    }
    if numbered.is_some() {
        s.add(0.3, "numbered");
    } else if cues::is_list_item(text) {
        s.add(-1.0, "bullet");
    }
    if ctx.shared_opening(i) {
        s.add(
            -1.0,
            "opens like several other short lines (a form or a list)",
        );
    }
    if text.matches(',').count() >= 2 && !question {
        s.add(-0.5, "several commas");
    }
    if cues::letter_share(text) < 0.6 {
        s.add(-1.5, "few letters");
    }
    if cues::is_tabular(text) {
        s.add(-2.0, "table row");
    }
    if cues::has_case(text) {
        if cues::starts_lower(text) {
            s.add(-1.5, "starts in lower case");
        } else if cues::all_caps(text) {
            s.add(0.5, "all capitals");
        } else if n >= 2 && cues::capitalised_share(text).is_some_and(|c| c >= 0.7) {
            s.add(0.4, "title case");
        }
    }
    if ctx.toc_targets[i] {
        s.add(2.5, "listed by a table of contents");
    } else if let Some(at) = ctx.seen.get(text)
        && at.len() > 1
    {
        let followers: std::collections::HashSet<Option<&str>> = at
            .iter()
            .map(|&j| ctx.units.get(j + 1).map(|u| u.text.as_str()))
            .collect();
        if followers.len() > 1 {
            s.add(-1.2, "repeated with different text after it");
        }
    }
    // A title-case label over a short sentence-case line is a heading over its text, not an
    // item of a list: lists repeat one form, label and text alternate.
    let label = is_title_case_label(text)
        && ctx
            .next_index(i)
            .is_some_and(|j| is_sentence_case_line(&ctx.units[j]));
    if label {
        s.add(1.0, "title-case label over a sentence-case line");
    }
    let run = ctx.short_run(i);
    let opens_run = run >= 3 && ctx.prev(i).is_some_and(prose_like);
    if opens_run {
        s.add(0.4, "opens a run of short lines (a list's title?)");
    } else if run >= 3 && !label && !question {
        // Not for an interview's questions: with short answers ("Q: Favourite city?" / "A:
        // Lisbon") they make a run of short lines, but the "Q:" already says what they are.
        s.add(-1.0, "in a run of short lines (a list)");
    }
    match ctx.prev(i) {
        None => s.add(-0.3, "first line"),
        Some(p) if cues::ends_open(&p.text) && p.text.ends_with([':', '：']) => {
            s.add(-1.0, "after a line ending with a colon");
        }
        Some(p) if prose_like(p) || cues::ends_sentence(&p.text) => {
            s.add(0.5, "after a finished paragraph");
        }
        Some(_) => s.add(-0.5, "after a short line"),
    }
    match ctx.next_index(i) {
        None => s.add(-2.0, "last line"),
        Some(j) if prose_like(&ctx.units[j]) => s.add(1.0, "prose follows"),
        Some(j) => {
            let after = ctx.next_index(j).map(|k| &ctx.units[k]);
            let next = &ctx.units[j];
            if after.is_some_and(prose_like)
                && next.shape == Shape::Line
                && !cues::ends_sentence(&next.text)
                && !cues::ends_open(&next.text)
            {
                s.add(0.3, "a sub-heading and prose follow");
            } else if label || question {
                // Already counted: the short line under a label is its text, the one under
                // a question its answer.
            } else if opens_run {
                s.add(-0.5, "a list follows");
            } else {
                s.add(-1.0, "a short line follows");
            }
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::super::normalise::lines;
    use super::super::units::units;
    use super::*;

    /// Scores every unit of `src`; `None` for non-candidates.
    fn scores(src: &str) -> Vec<(String, Option<f32>)> {
        let u = units(lines(src, 0), false);
        let skip = vec![false; u.len()];
        let ctx = Context::new(&u, &skip);
        (0..u.len())
            .map(|i| (u[i].text.clone(), score(&ctx, i).map(|s| s.points)))
            .collect()
    }

    fn is_heading(all: &[(String, Option<f32>)], text: &str) -> bool {
        all.iter()
            .find(|(t, _)| t == text)
            .and_then(|(_, s)| *s)
            .is_some_and(|s| s >= THRESHOLD)
    }

    const PROSE: &str =
        "The committee met on a wet Tuesday and argued for most of the afternoon about the budget.";

    #[test]
    fn a_short_line_between_paragraphs_is_a_heading() {
        let src = format!("{PROSE}\n\nWhat the money buys\n\n{PROSE}\n");
        assert!(is_heading(&scores(&src), "What the money buys"));
    }

    #[test]
    fn a_short_final_sentence_is_not() {
        let src = format!("{PROSE}\n\nIt rained.\n\n{PROSE}\n\nThat was all\n");
        let all = scores(&src);
        assert!(!is_heading(&all, "It rained."));
        assert!(
            !is_heading(&all, "That was all"),
            "a short line at the very end"
        );
    }

    #[test]
    fn a_quoted_one_line_paragraph_is_not() {
        let src = format!("{PROSE}\n\n“We will not move”\n\n{PROSE}\n");
        assert!(!is_heading(&scores(&src), "“We will not move”"));
    }

    #[test]
    fn a_list_of_short_items_is_not() {
        let src = format!("{PROSE}\n\nFlour\n\nSugar\n\nThree eggs\n\nButter\n\n{PROSE}\n");
        let all = scores(&src);
        for item in ["Flour", "Sugar", "Three eggs", "Butter"] {
            assert!(!is_heading(&all, item), "{item}");
        }
    }

    #[test]
    fn a_table_pasted_as_lines_is_not() {
        let src = format!("{PROSE}\n\nCity | Rain\n\nOslo | 763\n\nBergen | 2250\n\n{PROSE}\n");
        let all = scores(&src);
        assert!(all.iter().all(|(_, s)| s.is_none_or(|s| s < THRESHOLD)));
    }

    #[test]
    fn caseless_scripts_are_not_penalised_for_case() {
        let prose = "雨の日になると、町の小さな図書館はいつもより静かになる。窓の外では傘が行き来している。";
        let src = format!("{prose}\n\n古い地図\n\n{prose}\n");
        assert!(is_heading(&scores(&src), "古い地図"));
        let fa = "در روزهای بارانی کتابخانه کوچک شهر آرام‌تر از همیشه است و فقط صدای ورق زدن روزنامه شنیده می‌شود.";
        let src = format!("{fa}\n\nنقشه‌های قدیمی\n\n{fa}\n");
        assert!(is_heading(&scores(&src), "نقشه‌های قدیمی"));
    }

    #[test]
    fn table_of_contents_entries_come_back_as_headings() {
        let src = format!(
            "Contents\n\nStarting out\n\nGoing further\n\nWrapping up\n\n{PROSE}\n\nStarting out\n\n{PROSE}\n\nGoing further\n\n{PROSE}\n\nWrapping up\n\n{PROSE}\n"
        );
        let u = units(lines(&src, 0), false);
        let skip = vec![false; u.len()];
        let ctx = Context::new(&u, &skip);
        assert!(score(&ctx, 5).unwrap().points >= THRESHOLD);
        assert!(score(&ctx, 1).unwrap().points < THRESHOLD);
    }

    #[test]
    fn numbered_headings_and_form_lines() {
        let src = format!("{PROSE}\n\n1. Pack light\n\n{PROSE}\n\n2. Leave early\n\n{PROSE}\n");
        let all = scores(&src);
        assert!(is_heading(&all, "1. Pack light"));
        assert!(is_heading(&all, "2. Leave early"));
        let src = format!(
            "{PROSE}\n\nBuy it: Harbour shop\n\n{PROSE}\n\nBuy it: Quay stores\n\n{PROSE}\n\nBuy it: Pier kiosk\n\n{PROSE}\n"
        );
        let all = scores(&src);
        assert!(!is_heading(&all, "Buy it: Harbour shop"));
    }

    /// The reasons given for the unit whose text is `text`.
    fn reasons(src: &str, text: &str) -> Vec<String> {
        let u = units(lines(src, 0), false);
        let skip = vec![false; u.len()];
        let ctx = Context::new(&u, &skip);
        let i = u.iter().position(|u| u.text == text).unwrap();
        score(&ctx, i).map(|s| s.reasons).unwrap_or_default()
    }

    #[test]
    fn a_title_case_label_over_a_sentence_case_line_is_a_heading() {
        // A plan or a menu: each section is a label, a short instruction, then the details.
        let src = format!(
            "{PROSE}\n\nMorning Walk\n\nLeave before the heat of the day\n\nSturdy Shoes\n\n{PROSE}\n\nEvening Swim\n\nGo after the crowds have gone home\n\nBeach Towel\n\nSpare Goggles\n\n{PROSE}\n"
        );
        let all = scores(&src);
        assert!(is_heading(&all, "Morning Walk"));
        assert!(is_heading(&all, "Evening Swim"));
        for not in [
            "Leave before the heat of the day",
            "Sturdy Shoes",
            "Beach Towel",
            "Spare Goggles",
        ] {
            assert!(!is_heading(&all, not), "{not}");
        }
    }

    #[test]
    fn no_label_cue_without_the_contrast() {
        let cue = "title-case label over a sentence-case line";
        // Title case over title case: items of one list.
        let lead = "For the cake you will need these things from the larder:";
        let src =
            format!("{lead}\n\nBrown Sugar\n\nThree Fresh Eggs\n\nSalted Butter\n\n{PROSE}\n");
        assert!(
            !reasons(&src, "Brown Sugar")
                .iter()
                .any(|r| r.starts_with(cue))
        );
        assert!(!is_heading(&scores(&src), "Brown Sugar"));
        // Sentence case over sentence case: no label either.
        let src = format!(
            "{PROSE}\n\nBring some water\n\nLeave before the heat of the day\n\nTake a hat\n\n{PROSE}\n"
        );
        assert!(
            !reasons(&src, "Bring some water")
                .iter()
                .any(|r| r.starts_with(cue))
        );
        assert!(!is_heading(&scores(&src), "Bring some water"));
        // A label over prose gets the prose cue, not this one.
        let src = format!("{PROSE}\n\nMorning Walk\n\n{PROSE}\n");
        assert!(
            !reasons(&src, "Morning Walk")
                .iter()
                .any(|r| r.starts_with(cue))
        );
    }

    #[test]
    fn a_line_repeated_word_for_word_is_not_a_shared_opening() {
        let src = format!(
            "{PROSE}\n\nMeal Plan\n\n{PROSE}\n\nMeal Plan\n\n{PROSE}\n\nMeal Plan\n\n{PROSE}\n"
        );
        let u = units(lines(&src, 0), false);
        let skip = vec![false; u.len()];
        let ctx = Context::new(&u, &skip);
        assert!(!ctx.shared_opening(1));
        let src = format!(
            "{PROSE}\n\nMeal plan one\n\n{PROSE}\n\nMeal plan two\n\n{PROSE}\n\nMeal plan three\n\n{PROSE}\n"
        );
        let u = units(lines(&src, 0), false);
        let ctx = Context::new(&u, &skip);
        assert!(ctx.shared_opening(1));
    }

    #[test]
    fn bylines_and_glued_credits_in_the_body_are_not() {
        let src = format!("{PROSE}\n\nBy Ann Lee\n\n{PROSE}\n\nPor Rachel Ortiz\n\n{PROSE}\n");
        let all = scores(&src);
        assert!(!is_heading(&all, "By Ann Lee"));
        assert!(!is_heading(&all, "Por Rachel Ortiz"));
        let src = format!("{PROSE}\n\nBy the numbers\n\n{PROSE}\n");
        assert!(is_heading(&scores(&src), "By the numbers"));
        let src = format!("{PROSE}\n\nCreditJenny Hueston\n\n{PROSE}\n");
        assert!(!is_heading(&scores(&src), "CreditJenny Hueston"));
        let src = format!("{PROSE}\n\nPhotosynthesis basics\n\n{PROSE}\n");
        assert!(is_heading(&scores(&src), "Photosynthesis basics"));
    }

    #[test]
    fn a_title_case_line_opening_a_list_after_prose_is_its_title() {
        let src = format!(
            "{PROSE}\n\nSpiced Pear Jam\n\nFour ripe pears\n\nHalf a cup of honey\n\nOne cinnamon stick\n\n{PROSE}\n"
        );
        let all = scores(&src);
        assert!(is_heading(&all, "Spiced Pear Jam"));
        assert!(!is_heading(&all, "Half a cup of honey"));
        // In sentence case it stays a weak heading at most.
        let src = format!(
            "{PROSE}\n\nWhat you need\n\nFour ripe pears\n\nHalf a cup of honey\n\nOne cinnamon stick\n\n{PROSE}\n"
        );
        assert!(!is_heading(&scores(&src), "What you need"));
    }

    #[test]
    fn listicle_entries_with_brackets_or_exclamation_marks() {
        let src = format!(
            "{PROSE}\n\n17) Lady Bird (Greta Gerwig)\n\n{PROSE}\n\n16) Mother!\n\n{PROSE}\n\nIt works!\n\n{PROSE}\n"
        );
        let all = scores(&src);
        assert!(is_heading(&all, "17) Lady Bird (Greta Gerwig)"));
        assert!(is_heading(&all, "16) Mother!"));
        assert!(!is_heading(&all, "It works!"), "not numbered: a sentence");
        let src =
            format!("{PROSE}\n\n3) Then we ran out of road and had to turn back!\n\n{PROSE}\n");
        assert!(!is_heading(
            &scores(&src),
            "3) Then we ran out of road and had to turn back!"
        ));
    }

    #[test]
    fn a_quote_after_a_number_opens_a_title() {
        let src = format!(
            "{PROSE}\n\n3. \"Not our problem\"\n\n{PROSE}\n\n4. “Veggie” crisps\n\n{PROSE}\n"
        );
        let all = scores(&src);
        assert!(is_heading(&all, "3. \"Not our problem\""));
        assert!(is_heading(&all, "4. “Veggie” crisps"));
        // Without the number it is a quotation; brackets and dashes still count.
        let src = format!("{PROSE}\n\n\"Not our problem\"\n\n{PROSE}\n\n5. (aside)\n\n{PROSE}\n");
        let all = scores(&src);
        assert!(!is_heading(&all, "\"Not our problem\""));
        assert!(!is_heading(&all, "5. (aside)"));
    }

    #[test]
    fn interview_questions_with_short_answers() {
        let src = format!(
            "{PROSE}\n\nQ: Favourite city?\n\nA: Lisbon\n\nQ: Favourite food?\n\nA: Bread\n\nQ: Favourite book?\n\n{PROSE}\n"
        );
        let all = scores(&src);
        for q in [
            "Q: Favourite city?",
            "Q: Favourite food?",
            "Q: Favourite book?",
        ] {
            assert!(is_heading(&all, q), "{q}");
        }
        assert!(!is_heading(&all, "A: Lisbon"));
        // Short questions without the "Q:" in such a run stay list items.
        let src = format!(
            "{PROSE}\n\nFavourite city?\n\nLisbon\n\nFavourite food?\n\nBread\n\n{PROSE}\n"
        );
        assert!(!is_heading(&scores(&src), "Favourite food?"));
    }

    #[test]
    fn a_latin_acronym_does_not_give_a_caseless_line_case() {
        let prose = "雨の日になると、町の小さな図書館はいつもより静かになる。窓の外では傘が行き来している。";
        let src = format!("{prose}\n\nTNW中文站十月报道\n\n{prose}\n");
        let r = reasons(&src, "TNW中文站十月报道");
        assert!(!r.iter().any(|r| r.starts_with("all capitals")), "{r:?}");
        let src = format!("{PROSE}\n\nNATO summit\n\n{PROSE}\n");
        let r = reasons(&src, "NATO summit");
        assert!(
            !r.iter().any(|r| r.starts_with("starts in lower case")),
            "{r:?}"
        );
    }

    #[test]
    fn credits_and_lowercase_starts_are_not() {
        let src =
            format!("{PROSE}\n\nPhoto by Ann Lee\n\n{PROSE}\n\nand then some more\n\n{PROSE}\n");
        let all = scores(&src);
        assert!(!is_heading(&all, "Photo by Ann Lee"));
        let src = format!("{PROSE}\n\nA glass jar of moss (Ann Lee)\n\n{PROSE}\n");
        assert!(!is_heading(&scores(&src), "A glass jar of moss (Ann Lee)"));
        assert!(!is_heading(&all, "and then some more"));
    }
}
