//! Library-wide search: the text of many articles, read again from disk (the index keeps no
//! text) on every core. Runs away from the event loop; the app turns the hits into rows.

use std::path::PathBuf;

use super::{Extent, Limits, read};
use crate::document::SourceFormat;
use crate::error::Error;
use crate::search::{ArticleText, LibraryHit, Matcher, search_article};

/// At most this many matches are kept of one article.
pub const MATCHES_PER_ARTICLE: usize = 50;

/// A search stops once it has this many matches.
pub const MATCHES_IN_ALL: usize = 2000;

/// The hits of one article: its list entry and its matches in reading order.
pub type ArticleHits = (usize, Vec<LibraryHit>);

/// Searches `files` (list entry and path each) for `query`, in order, on all cores. Files that
/// cannot be read are skipped (the list already shows why).
pub fn search_files(
    files: &[(usize, PathBuf)],
    query: &str,
    regex: bool,
    limits: &Limits,
) -> Result<Vec<ArticleHits>, Error> {
    let matcher = Matcher::new(query, regex)?;
    let word = (!regex).then(|| longest_word(query)).flatten();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    let found: Vec<Vec<ArticleHits>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|files| {
                let (matcher, word) = (&matcher, &word);
                scope.spawn(move || search_chunk(files, matcher, word.as_ref(), limits))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    Ok(found.into_iter().flatten().collect())
}

fn search_chunk(
    files: &[(usize, PathBuf)],
    matcher: &Matcher,
    word: Option<&regex::Regex>,
    limits: &Limits,
) -> Vec<ArticleHits> {
    let mut out = Vec::new();
    let mut total = 0;
    for (entry, path) in files {
        if total >= MATCHES_IN_ALL {
            break;
        }
        let Ok(source) = read(path, limits) else {
            continue;
        };
        if !may_hold(&source, word) {
            continue;
        }
        let doc = source.open(Extent::Whole).doc;
        let hits = search_article(&ArticleText::new(&doc), matcher, MATCHES_PER_ARTICLE);
        if !hits.is_empty() {
            total += hits.len();
            out.push((*entry, hits));
        }
    }
    out
}

/// Whether the article read as `source` may hold a match of a literal query whose
/// [`longest_word`] is `word` (always, for a regular expression, which has none): one that
/// cannot need not be parsed.
pub fn may_hold(source: &super::Source, word: Option<&regex::Regex>) -> bool {
    source.format == SourceFormat::Html || word.is_none_or(|word| may_match(&source.text, word))
}

/// Characters that may sit inside a word in a file but not in the block text shown: markup
/// (`* _ ` \`) and invisible characters.
const DROPPED: &str = r"[*_`\\\u{ad}\u{200b}\u{2060}\u{feff}]*";

/// The longest run of letters and digits in a literal query, as a regular expression (with
/// the query's smart case) that finds it in a raw file even with markup or invisible
/// characters between its letters, for [`may_match`]; `None` when the query has no letters
/// or digits.
pub fn longest_word(query: &str) -> Option<regex::Regex> {
    let word = query
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|w| w.chars().count())
        .filter(|w| !w.is_empty())?;
    let pattern: Vec<String> = word
        .chars()
        .map(|c| regex::escape(c.encode_utf8(&mut [0; 4])))
        .collect();
    regex::RegexBuilder::new(&pattern.join(DROPPED))
        .case_insensitive(!query.chars().any(char::is_uppercase))
        .build()
        .ok()
}

/// Whether an article's raw text may hold a match of a literal query whose longest word is
/// `word`. Every character of a block's text comes from the file, in order, with at most
/// markup and invisible characters between them; so a file without the word cannot match,
/// and need not be parsed. Files with `<` or `&` (inline HTML, entities, which put characters
/// in a block that the file spells otherwise) are always parsed.
fn may_match(raw: &str, word: &regex::Regex) -> bool {
    raw.contains(['<', '&']) || word.is_match(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    #[test]
    fn the_raw_text_check_never_skips_an_article_that_matches() {
        let cases = [
            ("# T\n\nA ri**ver** runs.\n", "the river", true),
            ("# T\n\nA `river` runs.\n", "RIVER", false),
            ("# T\n\nA river runs.\n", "RIVER", false),
            ("# T\n\nA River runs.\n", "river", true),
            ("# T\n\nA ri\u{ad}ver runs.\n", "river", true),
            ("# T\n\nNo such word.\n", "river", false),
            ("# T\n\nA caf&eacute; here.\n", "café", true),
            ("# T\n\nA <em>ri</em>ver here.\n", "river", true),
        ];
        for (raw, query, expect) in cases {
            let word = longest_word(query).unwrap();
            assert_eq!(may_match(raw, &word), expect, "{raw:?} / {query:?}");
            // Whenever the parsed article matches, the check lets it through.
            let doc = parse(raw, SourceFormat::Markdown, "t");
            let hits = search_article(
                &ArticleText::new(&doc),
                &Matcher::new(query, false).unwrap(),
                10,
            );
            assert!(
                hits.is_empty() || may_match(raw, &word),
                "{raw:?} / {query:?}"
            );
        }
        assert!(longest_word("--").is_none());
    }

    #[test]
    fn files_are_searched_in_order_and_unreadable_ones_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        let b = dir.path().join("b.md");
        std::fs::write(&a, "# A\n\nA needle here.\n").unwrap();
        std::fs::write(&b, "# B\n\nTwo needles, a needle.\n").unwrap();
        let files = vec![(0, a), (1, dir.path().join("gone.md")), (2, b)];
        let found = search_files(&files, "needle", false, &Limits::default()).unwrap();
        let counts: Vec<(usize, usize)> = found.iter().map(|(e, h)| (*e, h.len())).collect();
        assert_eq!(counts, [(0, 1), (2, 2)]);
        assert!(search_files(&files, "(", true, &Limits::default()).is_err());
    }
}
