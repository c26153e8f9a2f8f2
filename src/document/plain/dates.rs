//! Dates written out in a line: `6 February 2024`, `Feb. 6th, 2024`, `2024-02-06`,
//! `06/02/2024`, `Tuesday, February 6`, `July 2025`, with an optional time. A date must be
//! plausible (a month 1-12, a day 1-31, a year 1900-2100), so a version number such as
//! `1.34.0` or a score such as `70-44` is none.
//!
//! [`scan`] says how many of a line's words belong to dates, so callers can tell a date line
//! ("Updated 6 February 2024") from a title that mentions a month ("Notes — July 2025").

/// Month names (and their usual abbreviations) in the languages folio meets most.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
];

/// Weekday names and abbreviations (English).
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Words that may join the parts of a date or follow it without making it less of a date.
const GLUE: &[&str] = &[
    "at", "on", "of", "de", "um", "à", "a", "utc", "gmt", "am", "pm", "et", "pt",
];

/// What [`scan`] found in a line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scan {
    /// Words in the line (whitespace-separated tokens that hold a letter or a digit).
    pub words: usize,
    /// Of those, words that belong to a plausible date or time next to one.
    pub date_words: usize,
    /// A full date (day, month and year) was found.
    pub full: bool,
}

impl Scan {
    /// Any date at all.
    pub fn any(self) -> bool {
        self.date_words > 0
    }

    /// Words that are not part of the date.
    pub fn rest(self) -> usize {
        self.words - self.date_words
    }
}

fn month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.');
    MONTHS.iter().find(|(m, _)| *m == w).map(|&(_, n)| n)
}

/// A day of the month: `6`, `06`, `6th`, `21st`.
fn day(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "er" | "º") {
        return None;
    }
    let d: u8 = digits.trim_end_matches('.').parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year(word: &str) -> bool {
    word.len() == 4
        && word
            .parse::<u16>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
}

/// `2024-02-06`, `06/02/2024`, `2/6/24`, `06.02.2024`: three numbers forming a valid date.
fn numeric(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let n: Vec<u16> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let ok_dm = |d: u16, m: u16| (1..=31).contains(&d) && (1..=12).contains(&m);
    if parts[0].len() == 4 {
        return year(parts[0]) && ok_dm(n[2], n[1]);
    }
    let y_ok = year(parts[2]) || parts[2].len() == 2;
    y_ok && (ok_dm(n[0], n[1]) || ok_dm(n[1], n[0]))
}

/// `10:16`, `3:53pm`, `22:05:00`.
fn time(word: &str) -> bool {
    let w = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let parts: Vec<&str> = w.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].parse::<u8>().is_ok_and(|h| h <= 24)
        && parts[1].parse::<u8>().is_ok_and(|m| m < 60)
}

/// Looks for dates in `text`.
pub fn scan(text: &str) -> Scan {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Scan {
            words: text.split_whitespace().count(),
            ..Scan::default()
        };
    }
    let tokens: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let words = tokens.len();
    if words > 40 {
        return Scan {
            words,
            ..Scan::default()
        };
    }
    let mut used = vec![false; words];
    let mut full = false;
    for i in 0..words {
        let t = tokens[i].as_str();
        if numeric(t) {
            used[i] = true;
            full = true;
            continue;
        }
        if month(t).is_none() {
            continue;
        }
        // The word before or after, looking past one "de" or "of" ("12 de marzo de 2021").
        let glue = |t: &str| matches!(t, "de" | "of" | "del");
        let before = match i.checked_sub(1) {
            Some(j) if glue(&tokens[j]) && j > 0 => Some(j - 1),
            other => other,
        };
        let after_at = |k: usize| match tokens.get(k) {
            Some(t) if glue(t) => Some(k + 1).filter(|&k| k < words),
            Some(_) => Some(k),
            None => None,
        };
        let after = after_at(i + 1);
        let day_before = before.is_some_and(|j| day(&tokens[j]).is_some());
        let day_after = after.is_some_and(|j| day(&tokens[j]).is_some() && !year(&tokens[j]));
        let year_at = if day_after {
            after.and_then(|j| after_at(j + 1))
        } else {
            after
        }
        .filter(|&j| year(&tokens[j]));
        let year_after = year_at.is_some();
        if !(day_before || day_after || year_after) {
            continue;
        }
        let last = year_at
            .or(if day_after { after } else { None })
            .unwrap_or(i);
        let first = if day_before { before.unwrap_or(i) } else { i };
        for u in &mut used[first..=last] {
            *u = true;
        }
        full |= (day_before || day_after) && year_after;
    }
    if !used.iter().any(|&u| u) {
        return Scan {
            words,
            ..Scan::default()
        };
    }
    // Weekdays, times and glue words next to a date belong to it.
    for _ in 0..3 {
        for i in 0..words {
            if used[i] {
                continue;
            }
            let near = i > 0 && used[i - 1] || used.get(i + 1).copied().unwrap_or(false);
            let t = tokens[i].as_str();
            if near && (WEEKDAYS.contains(&t) || time(t) || GLUE.contains(&t)) {
                used[i] = true;
            }
        }
    }
    // A numeric date stands for three words (day, month, year), so that "Published on
    // 12.05.2019" reads as mostly a date, like "Published on 12 May 2019".
    let numeric_dates = tokens.iter().filter(|t| numeric(t)).count();
    Scan {
        words: words + 2 * numeric_dates,
        date_words: used.iter().filter(|&&u| u).count() + 2 * numeric_dates,
        full,
    }
}

/// A line that is mostly a date: at most two other words ("Updated", "Published on").
pub fn is_date_line(text: &str) -> bool {
    let s = scan(text);
    s.any() && s.rest() <= 2 && s.date_words >= s.rest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_dates_are_found() {
        for line in [
            "6 February 2024",
            "February 6, 2024",
            "Feb. 6th, 2024",
            "2024-02-06",
            "06/02/2024",
            "2/6/24",
            "Tuesday, February 6, 2024 at 10:16 pm",
            "Updated 3 March 2021",
            "Published on 12.05.2019",
            "July 2025",
            "12 de marzo de 2021",
        ] {
            assert!(is_date_line(line), "{line}");
        }
    }

    #[test]
    fn versions_scores_and_titles_are_not_date_lines() {
        for line in [
            "Announcing the frobnicator 1.34.0",
            "1.34.0",
            "Palm Bay beat Rockledge 70-44",
            "May the force be with you",
            "Harbour notes: our update — July 2025",
            "The 2015 deal",
            "32/64/128 bit builds",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
        assert!(scan("Harbour notes: our update — July 2025").any());
        assert!(!scan("Version 10.5.3 is out").any());
        assert!(!scan("Gate 40 of March").any(), "no month has a day 40");
        assert!(is_date_line("the 13th of March 2024"));
    }

    #[test]
    fn implausible_numbers_are_not_dates() {
        assert!(!numeric("31/13/2024"));
        assert!(numeric("13/12/2024"));
        assert!(numeric("12/13/2024"));
        assert!(!numeric("1.34.0"));
        assert!(!numeric("2024-13-01"));
    }
}
