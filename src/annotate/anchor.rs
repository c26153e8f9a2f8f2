//! Finding a highlighted passage again in the text of an article that may have changed since.
//!
//! The passage is known by its quote and a few words on either side. In order:
//!
//! 1. the quote where it was (the fast, common case: the article did not change there);
//! 2. the quote elsewhere: of every place the quote occurs, the one whose surroundings agree
//!    best with the context (and, on a tie, the nearest to where it was);
//! 3. the passage edited inside: its first and last words still there, in that order and not
//!    far apart, with enough of the quote's words between them;
//! 4. else it is orphaned: kept, reported, never dropped.

use std::ops::Range;

/// Up to this many bytes of context are kept on either side of a quote.
pub const CONTEXT: usize = 48;

/// Of a passage edited inside, at least this share of its words must still be there.
const SIMILAR: f64 = 0.5;

/// At most this many places of a quote (or of its ends) are weighed.
const CANDIDATES: usize = 4096;

/// What is known of a passage: its text and what surrounded it.
#[derive(Debug, Clone, Copy)]
pub struct Passage<'a> {
    /// The passage's text.
    pub quote: &'a str,
    /// The text just before it (up to [`CONTEXT`] bytes).
    pub before: &'a str,
    /// The text just after it.
    pub after: &'a str,
    /// Where it was last seen in the text, a byte offset.
    pub near: usize,
}

/// The context before `range` in `text`: up to [`CONTEXT`] bytes, from a word's start.
pub fn before(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(CONTEXT);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut piece = &text[start..at];
    if start > 0
        && let Some(space) = piece.find(char::is_whitespace)
        && space + 1 < piece.len()
    {
        piece = &piece[space + 1..];
    }
    piece.to_string()
}

/// The context after `at` in `text`: up to [`CONTEXT`] bytes, to a word's end.
pub fn after(text: &str, at: usize) -> String {
    let mut end = (at + CONTEXT).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut piece = &text[at..end];
    if end < text.len()
        && let Some(space) = piece.rfind(char::is_whitespace)
        && space > 0
    {
        piece = &piece[..space];
    }
    piece.to_string()
}

/// Where `passage` is in `text` now, if it is anywhere.
pub fn find(text: &str, passage: &Passage) -> Option<Range<usize>> {
    let quote = passage.quote;
    if quote.is_empty() {
        return None;
    }
    let here = passage.near..passage.near + quote.len();
    if text.get(here.clone()) == Some(quote) {
        return Some(here);
    }
    let places: Vec<usize> = text
        .match_indices(quote)
        .map(|(i, _)| i)
        .take(CANDIDATES)
        .collect();
    if !places.is_empty() {
        let best = places
            .into_iter()
            .max_by_key(|&at| {
                let fit = agreement(text, at, at + quote.len(), passage);
                (fit, std::cmp::Reverse(at.abs_diff(passage.near)))
            })
            .expect("a place");
        return Some(best..best + quote.len());
    }
    edited(text, passage)
}

/// How well the surroundings of `start..end` agree with the passage's context, in bytes.
fn agreement(text: &str, start: usize, end: usize, passage: &Passage) -> usize {
    common_suffix(&text[..start], passage.before) + common_prefix(&text[end..], passage.after)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The passage edited inside: a place that starts with the quote's first words and ends with
/// its last ones, not much longer than the quote, holding enough of its words.
fn edited(text: &str, passage: &Passage) -> Option<Range<usize>> {
    let quote = passage.quote;
    let spans = word_spans(quote);
    if spans.len() < 4 {
        return None;
    }
    let words: Vec<&str> = spans.iter().map(|r| &quote[r.clone()]).collect();
    let ends = (spans.len() / 4).clamp(1, 3);
    let head = &quote[spans[0].start..spans[ends - 1].end];
    let tail = &quote[spans[spans.len() - ends].start..spans[spans.len() - 1].end];
    let reach = quote.len() * 2 + CONTEXT;
    let mut best: Option<(f64, usize, Range<usize>)> = None;
    for (start, _) in text.match_indices(head).take(CANDIDATES) {
        let mut window_end = (start + reach).min(text.len());
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let from = start + head.len();
        let Some(window) = text.get(from..window_end) else {
            continue;
        };
        for (offset, _) in window.match_indices(tail) {
            let end = from + offset + tail.len();
            let score = similarity(&words, &text[start..end]);
            let distance = start.abs_diff(passage.near);
            let better = best.as_ref().is_none_or(|(s, d, _)| {
                score > *s || ((score - *s).abs() < f64::EPSILON && distance < *d)
            });
            if score >= SIMILAR && better {
                best = Some((score, distance, start..end));
            }
        }
    }
    best.map(|(_, _, range)| range)
}

/// The byte ranges of the words of `text`.
fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// The share of the quote's words (as a multiset) found in `candidate`, against the longer of
/// the two, so a candidate much longer than the quote scores low.
fn similarity(words: &[&str], candidate: &str) -> f64 {
    let mut pool: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let theirs: Vec<&str> = candidate.split_whitespace().collect();
    for w in &theirs {
        *pool.entry(w).or_default() += 1;
    }
    let mut shared = 0usize;
    for w in words {
        if let Some(n) = pool.get_mut(w)
            && *n > 0
        {
            *n -= 1;
            shared += 1;
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let share = shared as f64 / words.len().max(theirs.len()).max(1) as f64;
    share
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The harbour was quiet that winter. Boats stayed tied up for weeks, \
        and the fish market opened only twice a week.\nThe council met in March and agreed \
        to pay for a new breakwater, though nobody could say when the work would start.\n\
        By summer the boats were out again.";

    fn passage_of<'a>(text: &'a str, quote: &'a str) -> (Passage<'a>, String, String) {
        let at = text.find(quote).expect("quote in text");
        let b = before(text, at);
        let a = after(text, at + quote.len());
        (
            Passage {
                quote,
                before: "",
                after: "",
                near: at,
            },
            b,
            a,
        )
    }

    fn locate(old: &str, quote: &str, new: &str) -> Option<String> {
        let (mut p, b, a) = passage_of(old, quote);
        p.before = &b;
        p.after = &a;
        find(new, &p).map(|r| new[r].to_string())
    }

    const QUOTE: &str = "The council met in March and agreed to pay for a new breakwater";

    #[test]
    fn the_passage_is_found_where_it_was() {
        assert_eq!(locate(TEXT, QUOTE, TEXT).as_deref(), Some(QUOTE));
    }

    #[test]
    fn an_edit_before_the_passage_moves_it_and_it_is_found() {
        let new = TEXT.replace("that winter.", "that long, cold and windless winter.");
        assert_eq!(locate(TEXT, QUOTE, &new).as_deref(), Some(QUOTE));
    }

    #[test]
    fn an_edit_after_the_passage_changes_nothing() {
        let new = TEXT.replace("By summer", "By the middle of the summer");
        assert_eq!(locate(TEXT, QUOTE, &new).as_deref(), Some(QUOTE));
    }

    #[test]
    fn an_edit_inside_the_passage_finds_the_edited_passage() {
        let new = TEXT.replace("met in March", "met early in April");
        assert_eq!(
            locate(TEXT, QUOTE, &new).as_deref(),
            Some("The council met early in April and agreed to pay for a new breakwater")
        );
    }

    #[test]
    fn a_deleted_passage_is_not_found() {
        let new = TEXT.replace(
            "The council met in March and agreed to pay for a new breakwater, though nobody \
             could say when the work would start.\n",
            "",
        );
        assert_eq!(locate(TEXT, QUOTE, &new), None);
        // Most of it rewritten is as good as gone.
        let rewritten = TEXT.replace(
            "met in March and agreed to pay for a new",
            "argued for months about whether a",
        );
        assert_eq!(locate(TEXT, QUOTE, &rewritten), None);
    }

    #[test]
    fn of_two_equal_passages_the_context_chooses() {
        let text = "Intro. It rained all day. The end of part one.\n\
                    Middle. It rained all day. The end of part two.";
        let second = text.rfind("It rained all day.").unwrap();
        let passage = Passage {
            quote: "It rained all day.",
            before: "Middle. ",
            after: " The end of part two.",
            near: 0,
        };
        let found = find(text, &passage).unwrap();
        assert_eq!(found.start, second);
        // With the text before it changed so it moved, the context still wins over nearness.
        let edited = format!("A new first line.\n{text}");
        let found = find(&edited, &passage).unwrap();
        assert_eq!(found.start, edited.rfind("It rained all day.").unwrap());
    }

    #[test]
    fn context_stops_at_words_and_char_boundaries() {
        let text = "ééééééééééééééééééééééééééééééé word one two three HERE after four five six \
                    seven eight nine ten eleven twelve thirteen";
        let at = text.find("HERE").unwrap();
        let b = before(text, at);
        assert!(b.ends_with("three "), "{b:?}");
        assert!(!b.starts_with('é') || b.len() <= CONTEXT);
        let a = after(text, at + 4);
        assert!(a.starts_with(" after"), "{a:?}");
        assert!(a.len() <= CONTEXT);
        assert!(!a.ends_with("thirte"), "{a:?}");
    }
}
