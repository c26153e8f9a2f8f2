//! The prompt at the bottom line: what is typed (a search, a filter, a command to pipe to),
//! how each key edits it, and what Enter and Esc do.

use super::search::{Filter, Find, fuzzy_filter, show_hit};
use super::{App, Command, EntryStatus, Focus, Mode};
use crate::search::Matcher;

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
    /// Pick a heading of the open article to jump to (the outline where no rail fits).
    Outline {
        /// The filter so far.
        text: String,
        /// The outline entries that match, in order.
        matches: Vec<usize>,
        /// The selected one, among `matches`.
        cursor: usize,
    },
    /// A note for a highlight (empty: no note).
    Note {
        /// The article's key.
        key: String,
        /// The highlight's id.
        id: u64,
        /// The note so far.
        text: String,
    },
    /// A web address to capture into the library.
    Add {
        /// The address so far.
        text: String,
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
            Self::Outline { text, .. } => format!("outline: {text}"),
            Self::Add { text } => format!("add from address: {text}"),
            Self::Note { text, .. } => format!("note: {text}"),
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

impl App {
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
        if let Prompt::Outline {
            matches, cursor, ..
        } = &mut prompt
        {
            match input {
                Input::Up => *cursor = cursor.saturating_sub(1),
                Input::Down => *cursor = (*cursor + 1).min(matches.len().saturating_sub(1)),
                _ => {}
            }
        }
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
            Prompt::Filter { text }
            | Prompt::Pipe { text, .. }
            | Prompt::Outline { text, .. }
            | Prompt::Add { text }
            | Prompt::Note { text, .. } => (text, None),
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
        if let Prompt::Outline {
            text,
            matches,
            cursor,
        } = &mut prompt
            && !matches!(input, Input::Up | Input::Down)
        {
            *matches = self.outline_matches(text);
            *cursor = 0;
        }
        self.follow_typing(&prompt);
        self.mode = Mode::Prompt(prompt);
    }

    /// Updates matches as the query is typed.
    fn follow_typing(&mut self, prompt: &Prompt) {
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
            Prompt::Library { .. }
            | Prompt::Pipe { .. }
            | Prompt::Outline { .. }
            | Prompt::Add { .. }
            | Prompt::Note { .. } => {}
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
            Prompt::Library { .. }
            | Prompt::Pipe { .. }
            | Prompt::Outline { .. }
            | Prompt::Add { .. }
            | Prompt::Note { .. } => {}
        }
    }

    /// `o` where the rail does not fit: the outline as an overlay, filtered as you type.
    pub(super) fn start_outline(&mut self) {
        let current = self.current_section().unwrap_or(0);
        let matches = self.outline_matches("");
        let cursor = matches.iter().position(|&i| i == current).unwrap_or(0);
        self.mode = Mode::Prompt(Prompt::Outline {
            text: String::new(),
            matches,
            cursor,
        });
    }

    /// The outline entries whose heading holds `query` (any case): those with a word that
    /// starts with it first, then the rest, each in document order.
    fn outline_matches(&self, query: &str) -> Vec<usize> {
        let Some(reader) = &self.reader else {
            return Vec::new();
        };
        let query = query.to_lowercase();
        let mut prefix = Vec::new();
        let mut inside = Vec::new();
        for (i, entry) in reader.doc.outline.iter().enumerate() {
            let text = entry.text.to_lowercase();
            if text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with(&query))
            {
                prefix.push(i);
            } else if text.contains(&query) {
                inside.push(i);
            }
        }
        prefix.extend(inside);
        prefix
    }

    fn confirm(&mut self, prompt: Prompt) {
        match prompt {
            Prompt::Outline {
                matches, cursor, ..
            } => {
                if let Some(&entry) = matches.get(cursor)
                    && let Some(reader) = &mut self.reader
                {
                    reader.previous = Some(reader.top);
                    super::navigate::jump_to(reader, entry);
                    self.focus = super::Focus::Reader;
                }
                self.fit();
            }
            Prompt::Add { text } => self.add_from(&text),
            Prompt::Note { key, id, text } => self.set_note(&key, id, &text),
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
}
