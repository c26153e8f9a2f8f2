//! Finding things: the search prompt, matches in the open article, the list filter and the
//! library-wide results. State and transitions only; drawing is in `ui`.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config as FuzzyConfig, Matcher as Fuzzy, Utf32String};

use super::{App, Command, EntryStatus, Focus, Mode, Reader};
use crate::library::search::MATCHES_IN_ALL;
use crate::search::{Hit, Matcher, layout_hits};

/// A key typed into a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A printable character.
    Char(char),
    /// Delete the last character.
    Backspace,
    /// Delete the whole line.
    Clear,
    /// Switch between literal and regex matching.
    ToggleRegex,
    /// Confirm.
    Enter,
    /// Cancel.
    Esc,
    /// Switch what a pipe sends (section or article).
    Tab,
    /// An earlier entry of the history.
    Up,
    /// A later entry of the history.
    Down,
}

/// What is being typed at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// Search in the open article.
    Find {
        /// Search towards the start.
        backward: bool,
        /// The query so far.
        text: String,
        /// Regex mode.
        regex: bool,
        /// The reader's top line when the prompt opened, restored on Esc.
        origin: usize,
    },
    /// Filter the article list by a fuzzy match.
    Filter {
        /// The query so far.
        text: String,
    },
    /// Search every article's text.
    Library {
        /// The query so far.
        text: String,
        /// Regex mode.
        regex: bool,
    },
    /// A shell command to pipe the section (or article) to.
    Pipe {
        /// The command so far.
        text: String,
        /// Send the whole article instead of the current section.
        article: bool,
        /// Position in the history while browsing it with up and down.
        history: Option<usize>,
    },
}

impl Prompt {
    /// The line shown for the prompt, and the hints shown after it (from the table of prompt
    /// keys, so they name keys that work).
    pub fn display(&self) -> (String, String) {
        let line = match self {
            Self::Find { backward, text, .. } => {
                format!("{}{text}", if *backward { '?' } else { '/' })
            }
            Self::Filter { text } => format!("filter: {text}"),
            Self::Library { text, .. } => format!("search all articles: {text}"),
            Self::Pipe { text, .. } => format!("| {text}"),
        };
        let state = match self {
            Self::Find { regex: true, .. } | Self::Library { regex: true, .. } => Some("regex"),
            Self::Pipe { article: true, .. } => Some("whole article"),
            Self::Pipe { article: false, .. } => Some("section"),
            _ => None,
        };
        let hints: Vec<String> = state
            .map(String::from)
            .into_iter()
            .chain(super::keys::prompt_hints(self))
            .collect();
        let hints = if hints.is_empty() {
            String::new()
        } else {
            format!("  [{}]", hints.join("; "))
        };
        (line, hints)
    }
}

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
    fn new(query: &str, regex: bool, backward: bool) -> Self {
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

/// What the list filter matches against: title, authors and file name.
pub fn haystack(entry: &super::Entry) -> Utf32String {
    let (title, authors) = entry
        .summary()
        .map_or(("", ""), |s| (&*s.title, &*s.authors));
    // The file name, not the whole path: the folders are shared by every article and would
    // let almost any query match everything.
    let name = entry.path.file_name().map_or_else(
        || entry.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Utf32String::from(format!("{title} {authors} {name}").as_str())
}

/// Fuzzy-matches `query` against each entry's title, authors and path; best first, with the
/// matched characters of the title for the best ones.
pub fn fuzzy_filter(app: &App, query: &str) -> Vec<(usize, Vec<u32>)> {
    let haystacks = app
        .haystacks
        .get_or_init(|| app.entries.iter().map(haystack).collect());
    let mut fuzzy = Fuzzy::new(FuzzyConfig::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let mut scored: Vec<(u32, usize)> = haystacks
        .iter()
        .enumerate()
        .filter_map(|(i, hay)| Some((pattern.score(hay.slice(..), &mut fuzzy)?, i)))
        .collect();
    scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .enumerate()
        .map(|(rank, (_, i))| {
            let mut indices = Vec::new();
            if rank < MARKED_MATCHES {
                let title_len = app.entries[i]
                    .summary()
                    .map_or(0, |s| s.title.chars().count() as u32);
                pattern.indices(haystacks[i].slice(..), &mut fuzzy, &mut indices);
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

    pub(super) fn start_find(&mut self, backward: bool) {
        if self.focus == Focus::List && !backward {
            self.mode = Mode::Prompt(Prompt::Filter {
                text: self
                    .filter
                    .as_ref()
                    .map(|f| f.query.clone())
                    .unwrap_or_default(),
            });
            return;
        }
        let Some(reader) = &self.reader else {
            self.status = Some("open an article to search it (F searches every article)".into());
            return;
        };
        let regex = reader.find.as_ref().is_some_and(|f| f.regex);
        self.mode = Mode::Prompt(Prompt::Find {
            backward,
            text: String::new(),
            regex,
            origin: reader.top,
        });
        self.focus = Focus::Reader;
    }

    pub(super) fn start_library_search(&mut self) {
        self.mode = Mode::Prompt(Prompt::Library {
            text: String::new(),
            regex: false,
        });
    }

    /// Handles a key typed into the prompt.
    pub(super) fn input(&mut self, input: Input) {
        let mut prompt = match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Prompt(prompt) => prompt,
            Mode::Awaiting(awaiting) => {
                if let Input::Char(c) = input {
                    self.mark_key(awaiting, c);
                }
                return;
            }
            other => {
                self.mode = other;
                return;
            }
        };
        if let Prompt::Pipe {
            text,
            article,
            history,
        } = &mut prompt
        {
            match input {
                Input::Tab => *article = !*article,
                Input::Up | Input::Down => {
                    let n = self.pipe_history.len();
                    let at = match (input, *history) {
                        (Input::Up, None) => n.checked_sub(1),
                        (Input::Up, Some(i)) => Some(i.saturating_sub(1)),
                        (_, Some(i)) if i + 1 < n => Some(i + 1),
                        _ => None,
                    };
                    *history = at;
                    *text = at.map(|i| self.pipe_history[i].clone()).unwrap_or_default();
                }
                _ => {}
            }
        }
        let (text, regex) = match &mut prompt {
            Prompt::Find { text, regex, .. } | Prompt::Library { text, regex } => {
                (text, Some(regex))
            }
            Prompt::Filter { text } | Prompt::Pipe { text, .. } => (text, None),
        };
        match input {
            Input::Char(c) => text.push(c),
            Input::Backspace => {
                text.pop();
            }
            Input::Clear => text.clear(),
            Input::ToggleRegex => {
                if let Some(r) = regex {
                    *r = !*r;
                }
            }
            Input::Esc => {
                self.cancel(&prompt);
                return;
            }
            Input::Enter => return self.confirm(prompt),
            Input::Tab | Input::Up | Input::Down => {}
        }
        self.preview(&prompt);
        self.mode = Mode::Prompt(prompt);
    }

    /// Updates matches as the query is typed.
    fn preview(&mut self, prompt: &Prompt) {
        match prompt {
            Prompt::Find {
                backward,
                text,
                regex,
                origin,
            } => {
                let height = self.reader_height();
                let Some(reader) = &mut self.reader else {
                    return;
                };
                if text.is_empty() {
                    reader.find = None;
                    reader.top = *origin;
                    return;
                }
                let mut find = Find::new(text, *regex, *backward);
                find.refresh(&reader.layout);
                let start = if *backward {
                    find.hits.iter().rposition(|h| h.line < *origin + height)
                } else {
                    find.hits.iter().position(|h| h.line >= *origin)
                };
                find.current = start.or(if find.hits.is_empty() { None } else { Some(0) });
                reader.find = Some(find);
                match reader.find.as_ref().and_then(|f| f.current) {
                    Some(i) => show_hit(reader, i, height),
                    None => reader.top = *origin,
                }
                self.clamp_top();
            }
            Prompt::Filter { text } => {
                if text.is_empty() {
                    self.filter = None;
                } else {
                    let matches = fuzzy_filter(self, text);
                    self.filter = Some(Filter {
                        query: text.clone(),
                        matches,
                    });
                }
                self.selected = 0;
            }
            Prompt::Library { .. } | Prompt::Pipe { .. } => {}
        }
    }

    fn cancel(&mut self, prompt: &Prompt) {
        match prompt {
            Prompt::Find { origin, .. } => {
                if let Some(reader) = &mut self.reader {
                    reader.find = None;
                    reader.top = *origin;
                }
            }
            Prompt::Filter { .. } => {
                self.filter = None;
                self.selected = 0;
            }
            Prompt::Library { .. } | Prompt::Pipe { .. } => {}
        }
    }

    fn confirm(&mut self, prompt: Prompt) {
        match prompt {
            Prompt::Pipe { text, article, .. } => {
                let command = text.trim().to_string();
                if command.is_empty() {
                    return;
                }
                self.pipe_history.retain(|c| *c != command);
                self.pipe_history.push(command.clone());
                if let Some(request) = self.pipe_request(&command, article) {
                    self.pipe(request);
                }
            }
            Prompt::Find { .. } => {
                if let Some(find) = self.reader.as_ref().and_then(|r| r.find.as_ref()) {
                    self.status = match (&find.matcher, find.hits.len()) {
                        (Err(e), _) => Some(e.clone()),
                        (Ok(_), 0) => Some(format!("not found: {}", find.query)),
                        _ => None,
                    };
                }
            }
            Prompt::Filter { .. } => {
                if self.filter.as_ref().is_some_and(|f| f.matches.is_empty()) {
                    self.status = Some("no article matches the filter".into());
                }
            }
            Prompt::Library { text, regex } => {
                if text.is_empty() {
                    return;
                }
                // Matcher errors show at once; the search itself runs off the event loop.
                if let Err(e) = Matcher::new(&text, regex) {
                    self.status = Some(e.to_string());
                    return;
                }
                let files = self
                    .entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| !matches!(e.status, EntryStatus::Failed(_)))
                    .map(|(i, e)| (i, e.path.clone()))
                    .collect::<Vec<_>>();
                self.status = Some(format!("searching {} articles…", files.len()));
                self.emit(Command::SearchLibrary {
                    query: text,
                    regex,
                    files,
                });
            }
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
fn show_hit(reader: &mut Reader, i: usize, height: usize) {
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
        app.update(Msg::Action(Action::FocusPrev));
        while app.focus != Focus::List {
            app.update(Msg::Action(Action::FocusPrev));
        }
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
            }]
        );
        app.update(Msg::Action(Action::Close));
        assert_eq!(app.visible().as_ref(), [0, 1]);
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
        }));
        app.update(Msg::Opened {
            entry: 0,
            result: Ok(Box::new(crate::library::Opened::new(article()))),
            at: 0,
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
