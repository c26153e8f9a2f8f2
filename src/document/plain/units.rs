//! From cleaned lines to units, the things that get classified: a single line, a hard-wrapped
//! paragraph joined back into one line, or a group of lines kept as they are (lists, tables,
//! indented text). Adjacent duplicates collapse into one unit marked `doubled`.
//!
//! Nothing is ever joined across a blank line.

use std::ops::Range;

use super::cues;
use super::normalise::Line;

/// How a unit was formed from its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line.
    Line,
    /// Several hard-wrapped lines joined with spaces.
    Joined,
    /// Several lines kept apart (a list, a table, indented text).
    Lines,
}

/// One classifiable piece of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The text: one line for [`Shape::Line`] and [`Shape::Joined`], lines separated by `\n`
    /// (indentation kept) for [`Shape::Lines`].
    pub text: String,
    /// The physical lines it came from.
    pub parts: Vec<Line>,
    /// How it was formed.
    pub shape: Shape,
    /// An identical line directly next to it was folded into it.
    pub doubled: bool,
    /// The level of an explicit markdown heading (`# x`, or an `===`/`---` underline).
    pub markdown: Option<u8>,
    /// [`cues::words`] of the text, counted on first use (the text never changes after).
    words: std::cell::OnceCell<usize>,
}

impl Unit {
    /// Length in words (up to [`cues::WORDS_CAP`]).
    pub fn words(&self) -> usize {
        *self.words.get_or_init(|| cues::words(&self.text))
    }

    /// Whether the unit reads as prose ([`cues::is_prose`]).
    pub fn is_prose(&self) -> bool {
        cues::is_prose_with(&self.text, self.words())
    }

    /// Byte range in the source.
    pub fn source(&self) -> Range<usize> {
        let start = self.parts.first().map_or(0, |l| l.source.start);
        let end = self.parts.last().map_or(0, |l| l.source.end);
        start..end
    }

    fn line(line: Line) -> Self {
        Self {
            words: std::cell::OnceCell::new(),
            text: line.trimmed().to_string(),
            parts: vec![line],
            shape: Shape::Line,
            doubled: false,
            markdown: None,
        }
    }
}

/// Turns lines (`None` = blank) into units; `markdown` enables `#` and underline headings.
pub fn units(lines: Vec<Option<Line>>, markdown: bool) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut chunk = Vec::new();
    for line in lines {
        match line {
            Some(line) => chunk.push(line),
            None if !chunk.is_empty() => {
                chunk_units(std::mem::take(&mut chunk), markdown, &mut out);
            }
            None => {}
        }
    }
    if !chunk.is_empty() {
        chunk_units(chunk, markdown, &mut out);
    }
    demote_comments(&mut out);
    out
}

/// Whether a unit reads as code: kept lines that look like code, or a line with signs of it.
fn is_code(unit: &Unit) -> bool {
    unit.parts.iter().any(|l| cues::is_codeish(l.trimmed()))
        || unit.markdown.is_none() && {
            let signs = super::features::code_signs(&unit.text);
            signs >= 2 || signs == 1 && cues::starts_lower(&unit.text)
        }
        || unit.text.starts_with("$ ")
}

/// A `# ` line over code is a comment in a shell or Python snippet, not a markdown heading:
/// it stays a line of text (with its `#`), so that one comment in a code sample does not
/// switch the whole text to markdown headings. Comments describe the code after them; a `#`
/// line after code with prose under it opens a section.
fn demote_comments(units: &mut [Unit]) {
    let atx = |u: &Unit| {
        u.markdown.is_some() && u.parts.len() == 1 && u.parts[0].trimmed().starts_with('#')
    };
    let comment: Vec<bool> = units.iter().map(atx).collect();
    // For each unit, the next unit that is not a comment (one pass from the end, so that a
    // long run of comments costs no more than its length).
    let mut next = vec![None; units.len()];
    let mut after_run = None;
    for i in (0..units.len()).rev() {
        next[i] = after_run;
        if !comment[i] {
            after_run = Some(i);
        }
    }
    for i in 0..units.len() {
        if !comment[i] {
            continue;
        }
        let after = next[i].is_some_and(|j| is_code(&units[j]));
        if after {
            let u = &mut units[i];
            u.markdown = None;
            u.text = u.parts[0].trimmed().to_string();
        }
    }
}

/// Splits a chunk (lines between blank lines) into units.
fn chunk_units(chunk: Vec<Line>, markdown: bool, out: &mut Vec<Unit>) {
    // Fold adjacent duplicates first: pasted pages repeat an image's alt text and caption.
    // List items are not folded: a list may name the same thing twice.
    let mut lines: Vec<(Line, bool)> = Vec::with_capacity(chunk.len());
    for line in chunk {
        match lines.last_mut() {
            Some((last, doubled))
                if last.trimmed() == line.trimmed() && !cues::is_list_item(&line.text) =>
            {
                last.source.end = line.source.end;
                *doubled = true;
            }
            _ => lines.push((line, false)),
        }
    }
    let mut group: Vec<(Line, bool)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (line, _) = &lines[i];
        if markdown {
            if let Some((level, text)) = atx_heading(&line.text) {
                group_units(std::mem::take(&mut group), out);
                out.push(Unit {
                    words: std::cell::OnceCell::new(),
                    text,
                    parts: vec![line.clone()],
                    shape: Shape::Line,
                    doubled: false,
                    markdown: Some(level),
                });
                i += 1;
                continue;
            }
            if let Some((next, _)) = lines.get(i + 1)
                && let Some(level) = setext_underline(&next.text)
                && line.indent() < 4
                && !cues::is_list_item(&line.text)
            {
                group_units(std::mem::take(&mut group), out);
                out.push(Unit {
                    words: std::cell::OnceCell::new(),
                    text: line.trimmed().to_string(),
                    parts: vec![line.clone(), next.clone()],
                    shape: Shape::Line,
                    doubled: false,
                    markdown: Some(level),
                });
                i += 2;
                continue;
            }
        }
        group.push(lines[i].clone());
        i += 1;
    }
    group_units(group, out);
}

/// `# Heading` (one to six `#`, then a space); closing `#`s are dropped.
fn atx_heading(text: &str) -> Option<(u8, String)> {
    if text.starts_with("    ") {
        return None;
    }
    let t = text.trim_start();
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.starts_with(' ') {
        return None;
    }
    let body = rest.trim().trim_end_matches('#').trim_end();
    (!body.is_empty()).then(|| (hashes as u8, body.to_string()))
}

/// `===` (level 1) or `---` (level 2) under a line of text.
fn setext_underline(text: &str) -> Option<u8> {
    let t = text.trim();
    if t.len() < 3 {
        return None;
    }
    if t.chars().all(|c| c == '=') {
        Some(1)
    } else if t.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// Lines that must keep their line breaks: list items, indented text, tables, code.
fn keeps_breaks(line: &Line) -> bool {
    let t = line.trimmed();
    let ruler = t.chars().count() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '=' | '─' | '━' | '_' | '+' | '|' | ':' | ' '));
    ruler
        || line.indent() >= 2
        || cues::is_list_item(&line.text)
        || cues::is_tabular(line.trimmed())
        || cues::is_codeish(line.trimmed())
}

/// Lines of similar, moderate length: a paragraph wrapped at a fixed column.
fn hard_wrapped(lines: &[(Line, bool)]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let lens: Vec<usize> = lines
        .iter()
        .map(|(l, _)| l.trimmed().chars().count())
        .collect();
    let max = lens.iter().copied().max().unwrap_or(0);
    (30..=120).contains(&max) && lens[..lens.len() - 1].iter().all(|&n| n * 100 >= max * 55)
}

fn joined(lines: Vec<(Line, bool)>) -> Unit {
    let mut text = String::new();
    for (line, _) in &lines {
        let part = line.trimmed();
        // A word broken at the margin ("exam-" / "ple") is glued back, hyphen kept.
        let glue = text.ends_with('-') && cues::starts_lower(part);
        if !text.is_empty() && !glue {
            text.push(' ');
        }
        text.push_str(part);
    }
    Unit {
        words: std::cell::OnceCell::new(),
        text,
        parts: lines.into_iter().map(|(l, _)| l).collect(),
        shape: Shape::Joined,
        doubled: false,
        markdown: None,
    }
}

/// Lines kept with their breaks.
fn kept(group: Vec<(Line, bool)>) -> Unit {
    let text = group
        .iter()
        .map(|(l, _)| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Unit {
        words: std::cell::OnceCell::new(),
        text,
        parts: group.into_iter().map(|(l, _)| l).collect(),
        shape: Shape::Lines,
        doubled: false,
        markdown: None,
    }
}

/// Decides how a group of adjacent lines becomes units.
fn group_units(group: Vec<(Line, bool)>, out: &mut Vec<Unit>) {
    if group.is_empty() {
        return;
    }
    // A lone numbered or bulleted line is a unit like any other ("3. Live below your means"
    // over a paragraph is a listicle heading); only indentation keeps it verbatim.
    let lone_item =
        group.len() == 1 && group[0].0.indent() < 2 && cues::is_list_item(&group[0].0.text);
    if !lone_item && group.iter().any(|(l, _)| keeps_breaks(l)) {
        out.push(kept(group));
        return;
    }
    if hard_wrapped(&group) {
        out.push(joined(group));
        return;
    }
    // A heading glued to the wrapped paragraph under it (the paragraph starts a sentence).
    if group.len() >= 4
        && hard_wrapped(&group[1..])
        && !cues::starts_lower(group[1].0.trimmed())
        && !cues::ends_sentence(group[0].0.trimmed())
        && !cues::ends_open(group[0].0.trimmed())
    {
        let mut group = group.into_iter();
        if let Some((first, doubled)) = group.next() {
            let mut unit = Unit::line(first);
            unit.doubled = doubled;
            out.push(unit);
        }
        out.push(joined(group.collect()));
        return;
    }
    // One paragraph per line (pasted without blank lines) when some line is longer than any
    // wrapping width; otherwise the breaks are deliberate (verse, an address): keep them.
    if group.len() == 1 || group.iter().any(|(l, _)| l.trimmed().chars().count() > 120) {
        for (line, doubled) in group {
            let mut unit = Unit::line(line);
            unit.doubled = doubled;
            out.push(unit);
        }
    } else {
        out.push(kept(group));
    }
}

#[cfg(test)]
mod tests {
    use super::super::normalise::lines;
    use super::*;

    fn texts(src: &str) -> Vec<(String, Shape)> {
        units(lines(src, 0), true)
            .into_iter()
            .map(|u| (u.text, u.shape))
            .collect()
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined_but_not_across_blank_lines() {
        let src = "A title\n\nThis paragraph was wrapped by an e-mail program at\nroughly seventy columns, as old mail and Project\nGutenberg books are.\n\nA second paragraph, also wrapped at the same width,\nstays separate.\n";
        let got = texts(src);
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].1, Shape::Joined);
        assert!(
            got[1]
                .0
                .starts_with("This paragraph was wrapped by an e-mail program at roughly")
        );
        assert!(got[1].0.ends_with("books are."));
        assert_eq!(
            got[2].0,
            "A second paragraph, also wrapped at the same width, stays separate."
        );
    }

    #[test]
    fn a_heading_glued_to_a_wrapped_paragraph_stays_apart() {
        let src = "Heading\nThe paragraph under it was wrapped at a fixed column\nwidth by the program that produced the text file that\nwe read today, long ago.\n";
        let got = texts(src);
        assert_eq!(got[0], ("Heading".into(), Shape::Line));
        assert_eq!(got[1].1, Shape::Joined);
    }

    #[test]
    fn list_items_and_tables_keep_their_lines() {
        let got = texts(
            "- milk\n- eggs\n- bread\n\nName | Age\nAnn | 31\n\nA long first column here  b\n--------------------------  -\nAnother long row of text!  c\n",
        );
        assert_eq!(got[2].1, Shape::Lines);
        assert_eq!(got[0], ("- milk\n- eggs\n- bread".into(), Shape::Lines));
        assert_eq!(got[1].1, Shape::Lines);
    }

    #[test]
    fn adjacent_duplicates_fold() {
        let u = units(lines("Jane Roe\nJane Roe\n\nText.\n", 0), true);
        assert_eq!(u.len(), 2);
        assert!(u[0].doubled);
        assert_eq!(u[0].source(), 0..17);
    }

    #[test]
    fn repeated_list_items_do_not_fold() {
        let got = texts("- tea\n- tea\n");
        assert_eq!(got, vec![("- tea\n- tea".into(), Shape::Lines)]);
    }

    #[test]
    fn markdown_headings_are_marked() {
        let u = units(
            lines("# Top\n\nIntro.\n\nPart two\n--------\nText.\n", 0),
            true,
        );
        assert_eq!(u[0].markdown, Some(1));
        assert_eq!(u[0].text, "Top");
        assert_eq!(u[2].markdown, Some(2));
        assert_eq!(u[2].text, "Part two");
        assert_eq!(u[3].text, "Text.");
        let plain = units(lines("# Top\n", 0), false);
        assert_eq!(plain[0].markdown, None);
    }

    #[test]
    fn a_comment_in_code_is_no_markdown_heading() {
        let u = units(
            lines(
                "Install it first.\n\n# fetch the tools\n\ngo install example.org/tool@latest\n\n# Usage\n\nRun it on a file.\n",
                0,
            ),
            true,
        );
        assert_eq!(u[1].markdown, None, "next to a command");
        assert_eq!(u[1].text, "# fetch the tools");
        assert_eq!(u[3].markdown, Some(1), "between prose, a heading");
        assert_eq!(u[3].text, "Usage");
        let u = units(lines("x := 1\n\n# and then\n\nfmt.Println(x)\n", 0), true);
        assert_eq!(u[1].markdown, None);
    }

    #[test]
    fn short_unwrapped_lines_keep_their_breaks() {
        let got = texts("Roses are red\nViolets are blue\n");
        assert_eq!(
            got,
            vec![("Roses are red\nViolets are blue".into(), Shape::Lines)]
        );
        let got = texts("[1] https://example.com/a-long-reference\n[2] https://example.com/b\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, Shape::Lines);
    }

    #[test]
    fn one_paragraph_per_line_is_split() {
        let long = "This line is a whole paragraph pasted without blank lines around it, and it runs on for well over a hundred and twenty characters.";
        let got = texts(&format!("Heading\n{long}\n{long} Again.\n"));
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|(_, s)| *s == Shape::Line));
    }
}
