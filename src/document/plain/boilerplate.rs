//! Site furniture ("Share this article", "Advertisement"): recognised from a phrase list that
//! is data, not code (`boilerplate.txt`), so it can grow without touching the rules.

use std::sync::OnceLock;

const PHRASES: &str = include_str!("boilerplate.txt");

fn phrases() -> &'static std::collections::HashSet<String> {
    static LIST: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        PHRASES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(key)
            .collect()
    })
}

/// Lower-cased, whitespace collapsed, trailing punctuation, arrows and quotes dropped.
fn key(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words
        .join(" ")
        .trim_end_matches(|c: char| {
            c.is_ascii_punctuation()
                || matches!(c, '›' | '»' | '→' | '…' | '”' | '’' | '▸' | '>' | '|')
                || c.is_whitespace()
        })
        .trim_start_matches(|c: char| {
            matches!(c, '[' | '(' | '"' | '“' | '‹' | '«') || c.is_whitespace()
        })
        .trim_end_matches([']', ')'])
        .to_string()
}

/// Whether a whole line is boilerplate.
pub fn is_boilerplate(line: &str) -> bool {
    if line.chars().count() > 120 {
        return false;
    }
    let k = key(line);
    if k.is_empty() {
        return false;
    }
    if phrases().contains(&k) {
        return true;
    }
    // "Read more: ...": a phrase, a colon (French sets a space before it: "Lire aussi : ..."),
    // and a short rest.
    k.split_once(':').is_some_and(|(label, rest)| {
        phrases().contains(label.trim_end()) && rest.split_whitespace().count() <= 12
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_lines_only() {
        for yes in [
            "Share this article",
            "ADVERTISEMENT",
            "Read more »",
            "Sign up for our newsletter!",
            "[ Advertisement ]",
            "Read more: Why the trains are late",
            "Reply",
            "Leggi anche: Il porto di notte",
            "Lire aussi : Les critiques du projet",
        ] {
            assert!(is_boilerplate(yes), "{yes}");
        }
        for no in [
            "Read more books, the doctor said, and sleep longer.",
            "Advertisement revenue fell by a third last year.",
            "Share prices rose",
            "Reply to the minister",
            "",
        ] {
            assert!(!is_boilerplate(no), "{no}");
        }
    }

    #[test]
    fn the_list_is_data() {
        assert!(phrases().len() > 50);
        assert!(phrases().iter().all(|p| *p == key(p)));
    }
}
