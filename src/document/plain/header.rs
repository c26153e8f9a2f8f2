//! The header zone: the units before the first real prose paragraph, where a pasted article
//! keeps its kicker, title, byline, role or date line and the lead image's caption.
//!
//! Rules, in order: a short all-capitals line right above a title-like line is a kicker; the
//! first title-like line is the title (always: the plain export prints the title first, so
//! anything else would not survive a round trip); "By ..." lines and doubled names
//! are authors; a short line after an author is the role; date lines are dates; a doubled long
//! line, or a long unpunctuated line after the byline, is a caption. Anything else is left to
//! the body rules.

use super::cues;
use super::units::{Shape, Unit};
use super::{Class, Verdict};

/// At most this many units are looked at for a header.
const MAX_ZONE: usize = 10;

/// What the header zone yielded besides per-unit verdicts.
#[derive(Debug, Default)]
pub struct Header {
    /// Names from the byline, each once.
    pub authors: Vec<String>,
    /// A role found inside a "By ..., role" byline.
    pub byline_role: Option<String>,
}

/// Index one past the header zone: the first prose unit after the first line (or explicit
/// heading, or a unit beyond [`MAX_ZONE`]). The first line itself is judged by [`is_title`]
/// alone, so that whatever the plain export prints as a title is read back as the title.
pub fn zone_end(units: &[Unit]) -> usize {
    let Some(first) = units.first() else {
        return 0;
    };
    if !is_title(first) && (first.shape != Shape::Line || first.is_prose()) {
        return 0;
    }
    units[1..]
        .iter()
        .position(|u| u.shape != Shape::Line || u.markdown.is_some() || u.is_prose())
        .map_or(units.len(), |p| p + 1)
        .min(MAX_ZONE)
}

/// Classifies the header zone; `verdicts` holds earlier decisions (boilerplate) and is filled.
pub fn classify(units: &[Unit], verdicts: &mut [Option<Verdict>]) -> Header {
    let mut header = Header::default();
    let end = zone_end(units);
    let zone: Vec<usize> = (0..end).filter(|&i| verdicts[i].is_none()).collect();
    let mut k = 0;
    let evidence_after = |from: usize| {
        zone[from..].iter().any(|&j| {
            byline_names(&units[j].text).is_some() || is_date(&units[j].text) || units[j].doubled
        })
    };
    // Kicker and title.
    if let (Some(&a), Some(&b)) = (zone.first(), zone.get(1))
        && is_kicker(&units[a].text)
        && is_title(&units[b])
    {
        set(
            verdicts,
            a,
            Class::Kicker,
            0.85,
            "short all-capitals line above a title",
        );
        set(
            verdicts,
            b,
            Class::Title,
            0.85,
            "first title-like line, under a kicker",
        );
        k = 2;
    } else if let Some(&a) = zone.first()
        && is_title(&units[a])
    {
        let why = if evidence_after(1) {
            "first title-like line, byline below"
        } else {
            "first title-like line before the first paragraph"
        };
        set(verdicts, a, Class::Title, 0.75, why);
        k = 1;
    }
    let mut last = None;
    for &i in &zone[k..] {
        let u = &units[i];
        let text = u.text.as_str();
        let class;
        if let Some((names, role)) = byline_names(text) {
            for n in names {
                if !header.authors.contains(&n) {
                    header.authors.push(n);
                }
            }
            if role.is_some() && header.byline_role.is_none() {
                header.byline_role = role;
            }
            set(verdicts, i, Class::Author, 0.9, "byline (\"By ...\")");
            class = Class::Author;
        } else if u.doubled && is_name(text) {
            if !header.authors.iter().any(|a| a == text) {
                header.authors.push(text.to_string());
            }
            set(verdicts, i, Class::Author, 0.9, "name-like line, doubled");
            class = Class::Author;
        } else if is_date(text) {
            set(verdicts, i, Class::Date, 0.8, "date line in the header");
            class = Class::Date;
        } else if last == Some(Class::Author) && is_role(text) {
            set(
                verdicts,
                i,
                Class::Role,
                0.7,
                "short line right after the byline",
            );
            class = Class::Role;
        } else if u.doubled && u.words() >= 5 {
            set(
                verdicts,
                i,
                Class::Caption,
                0.85,
                "long line, doubled (alt text and caption)",
            );
            class = Class::Caption;
        } else if matches!(last, Some(Class::Author | Class::Role | Class::Date))
            && u.words() >= 6
            && !cues::ends_sentence(text)
        {
            set(
                verdicts,
                i,
                Class::Caption,
                0.6,
                "long unpunctuated line under the byline",
            );
            class = Class::Caption;
        } else {
            break;
        }
        last = Some(class);
    }
    header
}

fn set(verdicts: &mut [Option<Verdict>], i: usize, class: Class, conf: f32, why: &str) {
    verdicts[i] = Some(Verdict::new(class, Some(conf), why));
}

/// Lower-case words allowed inside a name ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "de", "da", "del", "van", "von", "der", "bin", "al", "la", "le", "di", "du",
];

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

/// A kicker: one to three words, all capitals, short.
pub fn is_kicker(text: &str) -> bool {
    cues::words(text) <= 3
        && text.chars().count() <= 30
        && cues::all_caps(text)
        && !cues::ends_sentence(text)
}

/// Could be a headline: one line, not a sentence of six words or more with a full stop, not
/// a list item, a byline or a date. There is no length limit: the plain export prints a
/// title of any length on the first line, and it must read back as the title.
pub fn is_title(unit: &Unit) -> bool {
    let text = unit.text.as_str();
    unit.shape == Shape::Line
        && unit.markdown.is_none()
        && !(cues::ends_with_stop(text) && cues::words(text) >= 6)
        && !cues::ends_open(text)
        && text
            .chars()
            .any(|c| c.is_alphanumeric() || !c.is_ascii() && !c.is_whitespace())
        && !cues::is_list_item(text)
        && !text.starts_with(['(', '['])
        && byline_names(text).is_none()
        && !is_date(text)
}

/// A person's name: two to four capitalised words (particles allowed), no digits.
pub fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(1..=5).contains(&words.len())
        || text.chars().count() > 50
        || text.chars().any(|c| c.is_ascii_digit())
        || cues::ends_sentence(text)
    {
        return false;
    }
    if !cues::has_case(text) {
        // Caseless scripts: a short line of a few words is the best that can be said.
        return words.len() <= 4
            && text
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '\u{200c}');
    }
    words.len() >= 2
        && words.iter().all(|w| {
            PARTICLES.contains(&w.to_lowercase().as_str())
                || w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        })
}

/// A role line: short, not a full sentence.
fn is_role(text: &str) -> bool {
    (1..=15).contains(&cues::words(text))
        && !cues::ends_with_stop(text)
        && cues::letter_share(text) >= 0.6
        && !is_date(text)
}

/// `By Jane Roe, John Doe and Ann Poe`: the names, and what follows them when it is not a
/// name (a role such as "Staff writer").
pub fn byline_names(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let rest = ["By ", "by ", "BY ", "Von ", "Par ", "Por "]
        .iter()
        .find_map(|p| text.strip_prefix(p))?
        .trim();
    if rest.is_empty()
        || cues::words(rest) > 14
        || cues::ends_with_stop(rest) && cues::words(rest) > 8
    {
        return None;
    }
    let mut names = Vec::new();
    let mut role = Vec::new();
    for part in split_names(rest) {
        if role.is_empty() && is_name(&part) {
            names.push(part);
        } else {
            role.push(part);
        }
    }
    if names.is_empty() {
        return None;
    }
    let role = (!role.is_empty()).then(|| role.join(", "));
    Some((names, role))
}

fn split_names(text: &str) -> Vec<String> {
    let mut parts = vec![text.to_string()];
    for sep in [",", ";", " & ", " and ", " und ", " et ", " y ", "|"] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// A line that is mostly a date: a month name with a number, `2024-05-01` or `1/5/2024`.
pub fn is_date(text: &str) -> bool {
    if cues::words(text) > 12 || cues::ends_with_stop(text) && cues::words(text) > 6 {
        return false;
    }
    let lower = text.to_lowercase();
    let has_digit = lower.chars().any(|c| c.is_ascii_digit());
    if !has_digit {
        return false;
    }
    let month = lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| MONTHS.contains(&w));
    let numeric = lower.split_whitespace().any(|w| {
        let parts: Vec<&str> = w
            .trim_matches(|c: char| !c.is_ascii_digit())
            .split(['-', '/', '.'])
            .collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
    });
    month || numeric
}

#[cfg(test)]
mod tests {
    use super::super::normalise::lines;
    use super::super::units::units;
    use super::*;

    fn classes(src: &str) -> (Vec<Option<Class>>, Header) {
        let u = units(lines(src, 0), true);
        let mut v = vec![None; u.len()];
        let h = classify(&u, &mut v);
        (v.into_iter().map(|v| v.map(|v| v.class)).collect(), h)
    }

    #[test]
    fn kicker_title_doubled_author_role_caption() {
        let src = "REVIEW\n\nA long look at small harbours\n\nJane Roe\nJane Roe\n\nHarbour correspondent\n\nFishing boats tied up along the old harbour wall at dusk\nFishing boats tied up along the old harbour wall at dusk\n\nThe harbour has changed more in ten years than in the hundred before, and the people who work it have noticed.\n";
        let (c, h) = classes(src);
        assert_eq!(
            c[..5],
            [
                Some(Class::Kicker),
                Some(Class::Title),
                Some(Class::Author),
                Some(Class::Role),
                Some(Class::Caption)
            ]
        );
        assert_eq!(c[5], None);
        assert_eq!(h.authors, vec!["Jane Roe"]);
    }

    #[test]
    fn by_lines_and_dates() {
        let (c, h) = classes(
            "How the tide tables are made\n\nBy Ann Lee and Bo Chen\n\nMarch 3, 2024\n\nEvery port publishes a table of the tides, and almost nobody asks where it comes from.\n",
        );
        assert_eq!(
            c[..3],
            [Some(Class::Title), Some(Class::Author), Some(Class::Date)]
        );
        assert_eq!(h.authors, vec!["Ann Lee", "Bo Chen"]);
        let (_, h) = classes(
            "Title here please\n\nBy Ann Lee, Staff writer\n\nBody text that is long enough to count as a paragraph of prose.\n",
        );
        assert_eq!(h.authors, vec!["Ann Lee"]);
        assert_eq!(h.byline_role.as_deref(), Some("Staff writer"));
    }

    #[test]
    fn a_first_line_ending_with_a_full_stop_is_no_title() {
        let (c, _) = classes(
            "It rained all day in the harbour.\n\nThis week we fixed more bugs than we opened, which has not happened since the spring.\n",
        );
        assert_eq!(c[0], None);
        let (c, _) = classes(
            "Highlights\n\nThis week we fixed more bugs than we opened, which has not happened since the spring.\n",
        );
        assert_eq!(c[0], Some(Class::Title));
    }

    #[test]
    fn prose_first_means_no_header() {
        let (c, _) = classes(
            "This article starts straight away with a sentence of prose that is long.\n\nShort line\n",
        );
        assert!(c.iter().all(Option::is_none));
    }

    #[test]
    fn author_bios() {
        assert_eq!(
            bio_name("Ann Lee is a reporter covering the harbour and its boats.").as_deref(),
            Some("Ann Lee")
        );
        assert_eq!(bio_name("The harbour is a busy place."), None);
    }

    #[test]
    fn names_dates() {
        assert!(is_name("Mehdi Parpanchi"));
        assert!(is_name("Ludwig van Beethoven"));
        assert!(!is_name("Survival instinct"));
        assert!(!is_name("The 2015 deal"));
        assert!(is_date("March 3, 2024"));
        assert!(is_date("Updated 2024-03-01 10:00"));
        assert!(is_date("3/1/2024"));
        assert!(!is_date("Time and money"));
        assert!(!is_date("May the force be with you"));
    }
}
