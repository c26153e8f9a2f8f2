//! Finding things: matches in the open article, the list filter and the library-wide
//! results. State and transitions only; drawing is in `ui`, typing in `prompt`.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config as FuzzyConfig, Matcher as Fuzzy, Utf32String};

use super::{App, Mode, Reader};
use crate::library::search::MATCHES_IN_ALL;
use crate::search::{Hit, Matcher, layout_hits};

/// An active search in the open article.
#[derive(Debug, Clone)]
pub struct Find {
    /// The query.
    pub query: String,
    /// Regex mode.
    pub regex: bool,
    /// `n` goes towards the start.
    pub backward: bool,
    /// The compiled query, or why it did not compile.
    pub matcher: Result<Matcher, String>,
    /// Matches in reading order.
    pub hits: Vec<Hit>,
    /// The current match.
    pub current: Option<usize>,
}

impl Find {
    pub(super) fn new(query: &str, regex: bool, backward: bool) -> Self {
        Self {
            query: query.to_string(),
            regex,
            backward,
            matcher: Matcher::new(query, regex).map_err(|e| e.to_string()),
            hits: Vec::new(),
            current: None,
        }
    }

    /// Recomputes the matches for a (new) layout, keeping the current one by position.
    pub fn refresh(&mut self, reader_layout: &crate::layout::Layout) {
        let current = self.current.and_then(|i| self.hits.get(i)).cloned();
        self.hits = match &self.matcher {
            Ok(m) => layout_hits(reader_layout, m),
            Err(_) => Vec::new(),
        };
        self.current = current.and_then(|c| {
            self.hits
                .iter()
                .position(|h| h.seg == c.seg && h.range == c.range)
        });
    }
}

/// The list filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The query.
    pub query: String,
    /// Matching entries, best first, with the matched character positions of their title.
    pub matches: Vec<(usize, Vec<u32>)>,
}

/// One row of the library search results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultRow {
    /// An article heading its group of matches.
    Article {
        /// Index in the entries.
        entry: usize,
        /// How many matches (capped).
        count: usize,
    },
    /// One match.
    Hit {
        /// Index in the entries.
        entry: usize,
        /// Block of the match in the document.
        block: usize,
        /// Which match in that block (0 = first).
        nth: usize,
        /// Section breadcrumb.
        section: String,
        /// Context, and where the match is in it.
        snippet: (String, std::ops::Range<usize>),
    },
}

/// Library search results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    /// The query.
    pub query: String,
    /// Regex mode.
    pub regex: bool,
    /// Rows, grouped by article.
    pub rows: Vec<ResultRow>,
    /// Selected row (always a hit row when there are any).
    pub selected: usize,
    /// Articles with a match.
    pub articles: usize,
}

/// Where to land after an article opened from the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingJump {
    /// The query to search for.
    pub query: String,
    /// Regex mode.
    pub regex: bool,
    /// The block that holds the match.
    pub block: usize,
    /// Which match in that block.
    pub nth: usize,
}

/// How many of the best filter matches get their matched characters computed (the rest are
/// below any screen's fold until the query narrows).
const MARKED_MATCHES: usize = 200;

/// What the list filter matches against: title, authors and file name, as the fuzzy matcher
/// wants them and as text (as it is, and lower-cased).
#[derive(Debug, Clone)]
pub struct Haystack {
    fuzzy: Utf32String,
    text: String,
    lower: String,
}

/// The haystack of an entry.
pub fn haystack(entry: &super::Entry) -> Haystack {
    let (title, authors) = entry
        .summary()
        .map_or(("", ""), |s| (&*s.title, &*s.authors));
    // The file name, not the whole path: the folders are shared by every article and would
    // let almost any query match everything.
    let name = entry.path.file_name().map_or_else(
        || entry.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = format!("{title} {authors} {name}");
    Haystack {
        fuzzy: Utf32String::from(text.as_str()),
        lower: text.to_lowercase(),
        text,
    }
}

/// How well a query's term matches: the word it starts (best), inside a word, or as letters
/// close together (a fuzzy match whose letters span at most half as much again as the term, as
/// a typo or a missing letter gives; letters strewn across a title are no match).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    WordStart,
    Inside,
    Close,
}

fn tier(hay: &Haystack, term: &str, fuzzy: &mut Fuzzy) -> Option<(Tier, u32)> {
    // Smart case: a capital in the term makes it case-sensitive.
    let (text, term_cased) = if term.chars().any(char::is_uppercase) {
        (hay.text.as_str(), term.to_string())
    } else {
        (hay.lower.as_str(), term.to_lowercase())
    };
    let mut inside = false;
    for (at, _) in text.match_indices(&term_cased) {
        if text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
        {
            return Some((Tier::WordStart, 0));
        }
        inside = true;
    }
    if inside {
        return Some((Tier::Inside, 0));
    }
    let pattern = Pattern::parse(term, CaseMatching::Smart, Normalization::Smart);
    let score = pattern.score(hay.fuzzy.slice(..), fuzzy)?;
    let mut indices = Vec::new();
    pattern.indices(hay.fuzzy.slice(..), fuzzy, &mut indices);
    let span = match (indices.iter().min(), indices.iter().max()) {
        (Some(lo), Some(hi)) => hi - lo + 1,
        _ => return None,
    };
    let len = term.chars().count() as u32;
    (span <= len + len / 2 + 1).then_some((Tier::Close, score))
}

/// Filters the list by `query`: entries where every term (split at spaces) matches, those
/// where each term starts a word first, then those where it sits inside one, then close fuzzy
/// matches, best first; with the matched characters of the title for the best ones.
pub fn fuzzy_filter(app: &App, query: &str) -> Vec<(usize, Vec<u32>)> {
    let haystacks = app
        .haystacks
        .get_or_init(|| app.entries.iter().map(haystack).collect());
    let mut fuzzy = Fuzzy::new(FuzzyConfig::DEFAULT);
    let terms: Vec<&str> = query.split_whitespace().collect();
    let mut scored: Vec<(Tier, std::cmp::Reverse<u32>, usize)> = haystacks
        .iter()
        .enumerate()
        .filter_map(|(i, hay)| {
            let mut worst = Tier::WordStart;
            let mut total = 0;
            for term in &terms {
                let (t, score) = tier(hay, term, &mut fuzzy)?;
                worst = worst.max(t);
                total += score;
            }
            Some((worst, std::cmp::Reverse(total), i))
        })
        .collect();
    scored.sort_unstable();
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    scored
        .into_iter()
        .enumerate()
        .map(|(rank, (_, _, i))| {
            let mut indices = Vec::new();
            if rank < MARKED_MATCHES {
                let title_len = app.entries[i]
                    .summary()
                    .map_or(0, |s| s.title.chars().count() as u32);
                pattern.indices(haystacks[i].fuzzy.slice(..), &mut fuzzy, &mut indices);
                indices.sort_unstable();
                indices.dedup();
                indices.retain(|&c| c < title_len);
            }
            (i, indices)
        })
        .collect()
}

/// Result rows from each article's hits, in the order given, up to [`MATCHES_IN_ALL`].
pub(super) fn results(
    query: &str,
    regex: bool,
    found: impl Iterator<Item = (usize, Vec<crate::search::LibraryHit>)>,
) -> Results {
    let mut rows = Vec::new();
    let mut articles = 0;
    let mut total = 0;
    for (entry, hits) in found {
        if total >= MATCHES_IN_ALL {
            break;
        }
        if hits.is_empty() {
            continue;
        }
        articles += 1;
        total += hits.len();
        rows.push(ResultRow::Article {
            entry,
            count: hits.len(),
        });
        let mut nth = 0;
        let mut last_block = usize::MAX;
        for hit in hits {
            nth = if hit.block == last_block { nth + 1 } else { 0 };
            last_block = hit.block;
            rows.push(ResultRow::Hit {
                entry,
                block: hit.block,
                nth,
                section: hit.section,
                snippet: (hit.snippet, hit.snippet_match),
            });
        }
    }
    let selected = rows
        .iter()
        .position(|r| matches!(r, ResultRow::Hit { .. }))
        .unwrap_or(0);
    Results {
        query: query.to_string(),
        regex,
        rows,
        selected,
        articles,
    }
}

impl App {
    /// Entry indices in list order (filtered when a filter is active).
    /// Borrowed when unfiltered, so the per-frame and per-key callers copy nothing.
    pub fn visible(&self) -> std::borrow::Cow<'_, [usize]> {
        match &self.filter {
            Some(f) => std::borrow::Cow::Owned(f.matches.iter().map(|(i, _)| *i).collect()),
            None => std::borrow::Cow::Borrowed(&self.order),
        }
    }

    /// The entry under the list selection.
    pub fn selected_entry(&self) -> Option<usize> {
        match &self.filter {
            Some(f) => f.matches.get(self.selected).map(|(i, _)| *i),
            None => self.order.get(self.selected).copied(),
        }
    }

    /// `n` / `N`: the next or previous match, wrapping with a note.
    pub(super) fn step_match(&mut self, forward: bool) {
        let height = self.reader_height();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let Some(find) = &mut reader.find else {
            self.status = Some("no search yet: press / to search".into());
            return;
        };
        if let Err(e) = &find.matcher {
            self.status = Some(e.clone());
            return;
        }
        if find.hits.is_empty() {
            self.status = Some(format!("not found: {}", find.query));
            return;
        }
        let forward = forward != find.backward;
        let n = find.hits.len();
        let next = match find.current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => find
                .hits
                .iter()
                .position(|h| h.line >= reader.top)
                .unwrap_or(0),
            None => find
                .hits
                .iter()
                .rposition(|h| h.line < reader.top)
                .unwrap_or(n - 1),
        };
        let wrapped = match find.current {
            Some(i) => (forward && next <= i) || (!forward && next >= i),
            None => false,
        };
        find.current = Some(next);
        reader.previous = Some(reader.top);
        show_hit(reader, next, height);
        self.status = wrapped.then(|| {
            if forward {
                "search wrapped to the top".to_string()
            } else {
                "search wrapped to the bottom".to_string()
            }
        });
        self.clamp_top();
    }

    /// Moves the selection in the results overlay.
    pub(super) fn move_result(&mut self, down: bool) {
        if let Mode::Results(results) = &mut self.mode {
            let rows = &results.rows;
            let mut i = results.selected;
            loop {
                i = if down {
                    i + 1
                } else {
                    match i.checked_sub(1) {
                        Some(i) => i,
                        None => return,
                    }
                };
                match rows.get(i) {
                    Some(ResultRow::Hit { .. }) => {
                        results.selected = i;
                        return;
                    }
                    Some(ResultRow::Article { .. }) => {}
                    None => return,
                }
            }
        }
    }

    /// Opens the article of the selected result, at that match.
    pub(super) fn open_result(&mut self) {
        let Mode::Results(results) = &self.mode else {
            return;
        };
        let Some(ResultRow::Hit {
            entry, block, nth, ..
        }) = results.rows.get(results.selected)
        else {
            return;
        };
        let jump = PendingJump {
            query: results.query.clone(),
            regex: results.regex,
            block: *block,
            nth: *nth,
        };
        let entry = *entry;
        self.mode = Mode::Browse;
        self.filter = None;
        self.selected = self.order.iter().position(|&i| i == entry).unwrap_or(0);
        self.pending_jump = Some(jump);
        self.open_entry(entry);
    }

    /// After an article opened from the results: search it and land on the chosen match.
    pub(super) fn land(&mut self) {
        let Some(jump) = self.pending_jump.take() else {
            return;
        };
        let height = self.reader_height();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let mut find = Find::new(&jump.query, jump.regex, false);
        find.refresh(&reader.layout);
        let lines = reader
            .layout
            .block_lines
            .get(jump.block)
            .cloned()
            .unwrap_or(0..0);
        let in_block: Vec<usize> = (0..find.hits.len())
            .filter(|&i| lines.contains(&find.hits[i].line))
            .collect();
        find.current = in_block
            .get(jump.nth)
            .or(in_block.first())
            .copied()
            .or(if find.hits.is_empty() { None } else { Some(0) });
        let current = find.current;
        reader.find = Some(find);
        if let Some(i) = current {
            show_hit(reader, i, height);
        }
        self.clamp_top();
    }
}

/// Scrolls so match `i` shows with a few lines of context above it, without scrolling above
/// the heading of its section (so the outline names the section that holds the match).
pub(super) fn show_hit(reader: &mut Reader, i: usize, height: usize) {
    let Some(line) = reader
        .find
        .as_ref()
        .and_then(|f| f.hits.get(i))
        .map(|h| h.line)
    else {
        return;
    };
    let visible = reader.top <= line && line + 2 < reader.top + height;
    if visible {
        return;
    }
    let context = 3.min(height / 3);
    let heading = reader
        .layout
        .section_at(line)
        .and_then(|s| reader.layout.heading_lines.get(s).copied())
        .unwrap_or(0);
    reader.top = line.saturating_sub(context).max(heading.min(line));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::app::{Command, Focus, Input};
    use crate::app::{Entry, Msg};
    use crate::document::{SourceFormat, parse};
    use std::path::PathBuf;

    const OTHER: &str = "# Other\n\nNo match in this one.\n";

    fn article_text() -> String {
        let mut text = String::from("# Doc\n\nThe first needle is here.\n\n## Middle\n\n");
        for _ in 0..40 {
            text.push_str("Filler prose that goes on for a while without the word.\n\n");
        }
        text.push_str("## End\n\nA second needle, and a Needle with a capital.\n");
        text
    }

    fn article() -> crate::document::Document {
        parse(&article_text(), SourceFormat::Markdown, "doc")
    }

    fn app_at(doc_path: PathBuf, other_path: PathBuf) -> App {
        let doc = article();
        let other = parse(OTHER, SourceFormat::Markdown, "o");
        let mut app = App::new(
            vec![
                Entry::ready(doc_path, &doc),
                Entry::ready(other_path, &other),
            ],
            vec![],
            (100, 30),
        );
        app.update(Msg::Action(Action::Open));
        app.update(Msg::Opened {
            entry: 0,
            result: Ok(Box::new(crate::library::Opened::new(doc))),
            at: 0,
            purpose: crate::app::Purpose::Read,
        });
        app
    }

    fn app() -> App {
        app_at(PathBuf::from("doc.md"), PathBuf::from("other.md"))
    }

    /// The app over the same two articles written to `dir`, for library-wide search.
    fn app_on_disk(dir: &std::path::Path) -> App {
        std::fs::write(dir.join("doc.md"), article_text()).unwrap();
        std::fs::write(dir.join("other.md"), OTHER).unwrap();
        app_at(dir.join("doc.md"), dir.join("other.md"))
    }

    /// Presses Enter in the library search prompt and runs the search it asks for.
    fn submit_library_search(app: &mut App) {
        let cmds = app.update(Msg::Input(Input::Enter));
        match cmds.as_slice() {
            [
                Command::SearchLibrary {
                    query,
                    regex,
                    files,
                },
            ] => {
                assert!(
                    app.status
                        .as_deref()
                        .is_some_and(|s| s.contains("searching 2"))
                );
                let result = crate::library::search::search_files(
                    files,
                    query,
                    *regex,
                    &crate::library::Limits::default(),
                );
                let (query, regex) = (query.clone(), *regex);
                app.update(Msg::Searched {
                    query,
                    regex,
                    result,
                });
            }
            other => panic!("expected a search, got {other:?}"),
        }
    }

    fn typed(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Msg::Input(Input::Char(c)));
        }
    }

    fn find(app: &App) -> &Find {
        app.reader
            .as_ref()
            .and_then(|r| r.find.as_ref())
            .expect("a search")
    }

    /// Whether the current match is on screen.
    fn current_visible(app: &App) -> bool {
        let r = app.reader.as_ref().expect("open");
        let f = r.find.as_ref().expect("search");
        let line = f.current.map(|i| f.hits[i].line).expect("current");
        r.top <= line && line < r.top + app.reader_height()
    }

    fn section(app: &App) -> String {
        let r = app.reader.as_ref().expect("open");
        r.current_section()
            .map(|i| r.doc.outline[i].text.clone())
            .unwrap_or_default()
    }

    #[test]
    fn incremental_search_counts_and_moves_with_wrap() {
        let mut app = app();
        app.update(Msg::Action(Action::SearchForward));
        assert!(matches!(app.mode, Mode::Prompt(_)));
        typed(&mut app, "needle");
        // Smart case: all three, the capitalised one included.
        assert_eq!(find(&app).hits.len(), 3);
        assert_eq!(find(&app).current, Some(0));
        app.update(Msg::Input(Input::Enter));
        assert!(!matches!(app.mode, Mode::Prompt(_)));
        app.update(Msg::Action(Action::NextMatch));
        assert_eq!(find(&app).current, Some(1));
        assert!(current_visible(&app));
        app.update(Msg::Action(Action::NextMatch));
        app.update(Msg::Action(Action::NextMatch));
        assert_eq!(find(&app).current, Some(0));
        assert!(app.status.as_deref().is_some_and(|s| s.contains("wrapped")));
        app.update(Msg::Action(Action::PrevMatch));
        assert_eq!(find(&app).current, Some(2));
    }

    #[test]
    fn a_capital_makes_it_case_sensitive_and_regex_toggles() {
        let mut app = app();
        app.update(Msg::Action(Action::SearchForward));
        typed(&mut app, "Needle");
        assert_eq!(find(&app).hits.len(), 1);
        app.update(Msg::Input(Input::Clear));
        typed(&mut app, "n..dle");
        assert_eq!(find(&app).hits.len(), 0);
        app.update(Msg::Input(Input::ToggleRegex));
        assert_eq!(find(&app).hits.len(), 3);
    }

    #[test]
    fn esc_returns_to_where_you_were() {
        let mut app = app();
        let top = app.reader.as_ref().map(|r| r.top);
        app.update(Msg::Action(Action::SearchBackward));
        typed(&mut app, "second");
        assert_ne!(app.reader.as_ref().map(|r| r.top), top);
        app.update(Msg::Input(Input::Esc));
        assert_eq!(app.reader.as_ref().map(|r| r.top), top);
        assert!(app.reader.as_ref().is_some_and(|r| r.find.is_none()));
    }

    #[test]
    fn the_list_filter_is_fuzzy_and_esc_clears_it() {
        let mut app = app();
        app.update(Msg::Action(Action::Close));
        assert_eq!(app.focus, Focus::List, "back in the library");
        app.update(Msg::Action(Action::SearchForward));
        typed(&mut app, "othr");
        assert_eq!(app.visible().as_ref(), [1]);
        assert_eq!(app.selected_entry(), Some(1));
        app.update(Msg::Input(Input::Enter));
        assert_eq!(
            app.update(Msg::Action(Action::Open)),
            [Command::Open {
                entry: 1,
                path: PathBuf::from("other.md"),
                extent: crate::library::Extent::Preview,
                purpose: crate::app::Purpose::Read,
            }]
        );
        app.update(Msg::Action(Action::Close));
        assert_eq!(app.visible().as_ref(), [0, 1]);
    }

    #[test]
    fn the_filter_puts_word_starts_first_and_drops_scattered_letters() {
        let titles = [
            "Reading a Tide Table Without Fear",
            "Neither surrender nor peace: Khamenei opts for strategic delay",
            "The Stubborn Arithmetic of Night Trains",
            "Two Cities in the Rain: Notes from Kyoto and Taipei",
            "Antidepressants, explained",
            "nom: parser combinators",
            "Number formatting in Rust",
        ];
        let entries = titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let doc = parse(&format!("# {t}\n\nText.\n"), SourceFormat::Markdown, "x");
                Entry::ready(PathBuf::from(format!("{i}.md")), &doc)
            })
            .collect();
        let app = App::new(entries, vec![], (100, 30));
        let kept = |q: &str| -> Vec<usize> { fuzzy_filter(&app, q).iter().map(|m| m.0).collect() };
        // "tide" starts a word in one title and sits inside another ("Antidepressants").
        assert_eq!(kept("tide"), [0, 4]);
        assert_eq!(kept("nom"), [5], "not n…o…m strewn over other titles");
        assert_eq!(kept("Rain kyoto"), [3]);
        // Close letters still match: a missing letter, initials of a short run.
        assert_eq!(kept("stubbrn"), [2]);
        assert!(kept("zzz").is_empty());
    }

    #[test]
    fn library_results_open_the_article_at_the_match() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_on_disk(dir.path());
        app.update(Msg::Action(Action::LibrarySearch));
        typed(&mut app, "second needle");
        submit_library_search(&mut app);
        let Mode::Results(results) = &app.mode else {
            panic!("no results: {:?}", app.status)
        };
        assert_eq!(results.articles, 1);
        let cmds = app.update(Msg::Action(Action::Open));
        assert!(cmds.contains(&Command::Open {
            entry: 0,
            path: dir.path().join("doc.md"),
            extent: crate::library::Extent::Preview,
            purpose: crate::app::Purpose::Read,
        }));
        app.update(Msg::Opened {
            entry: 0,
            result: Ok(Box::new(crate::library::Opened::new(article()))),
            at: 0,
            purpose: crate::app::Purpose::Read,
        });
        assert_eq!(find(&app).current, Some(0));
        assert!(current_visible(&app));
        assert_eq!(find(&app).query, "second needle");
        assert!(!section(&app).is_empty());
    }

    #[test]
    fn nothing_found_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app_on_disk(dir.path());
        app.update(Msg::Action(Action::LibrarySearch));
        typed(&mut app, "zebra");
        submit_library_search(&mut app);
        assert_eq!(app.mode, Mode::Browse);
        assert!(app.status.as_deref().is_some_and(|s| s.contains("zebra")));
    }
}
