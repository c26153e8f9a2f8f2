//! Reading state in the app: where each article was left, read flags, marks, list order.
//! The app keeps the one copy of the remembered states; what changes leaves as
//! [`Command::Save`] for the shell's saver to merge into the state file.

use std::collections::BTreeMap;

use super::{App, Command, Focus};
use crate::library::FileInfo;
use crate::state::{Anchor, ArticleState, Changes, anchor_at, line_at_offset, restore};

/// The order of the article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// By file path, as scanned.
    Path,
    /// By title.
    Title,
    /// By author.
    Author,
    /// By date, newest first.
    Date,
    /// Most recently opened first.
    Recent,
    /// Unread first, then partly read, then read.
    Unread,
}

impl Sort {
    /// The next order in the cycle.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Path => Self::Title,
            Self::Title => Self::Author,
            Self::Author => Self::Date,
            Self::Date => Self::Recent,
            Self::Recent => Self::Unread,
            Self::Unread => Self::Path,
        }
    }

    /// Its name for the status bar.
    pub fn name(self) -> &'static str {
        match self {
            Self::Path => "file name",
            Self::Title => "title",
            Self::Author => "author",
            Self::Date => "date",
            Self::Recent => "recently opened",
            Self::Unread => "unread first",
        }
    }
}

/// Which way round the list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// As the order goes (A to Z; newest first for dates and recently opened).
    Ascending,
    /// The other way round.
    Descending,
}

/// The sort key of an author: the family name (the last word of the first author's name),
/// then the rest, so "Jane Smith" sorts under S.
fn family_name(authors: &str) -> String {
    let first = authors.split(',').next().unwrap_or("").trim();
    let mut words: Vec<&str> = first.split_whitespace().collect();
    match words.pop() {
        Some(last) => format!("{} {}", last, words.join(" ")).to_lowercase(),
        None => String::new(),
    }
}

/// A key the app waits for after `m` or `'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaiting {
    /// The letter of a mark to set.
    SetMark,
    /// The letter of a mark to jump to (`'` again: back to before the last jump).
    JumpMark,
}

/// How much of an article has been read, for the list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// Never opened.
    Unread,
    /// Opened, this far through (0..1).
    Partly(f64),
    /// The end was reached.
    Read,
}

impl App {
    fn key_of(&self, entry: usize) -> Option<String> {
        self.entries
            .get(entry)
            .map(|e| e.path.display().to_string())
    }

    /// What is remembered of an entry.
    pub fn remembered(&self, entry: usize) -> Option<&ArticleState> {
        self.remembered.get(&self.key_of(entry)?)
    }

    /// How far an entry has been read.
    pub fn progress_of(&self, entry: usize) -> Progress {
        match self.remembered(entry) {
            None => Progress::Unread,
            Some(s) if s.read => Progress::Read,
            Some(s) => Progress::Partly(s.anchor.percent),
        }
    }

    /// Recomputes the list order for the current sort.
    pub(super) fn resort(&mut self) {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        let title = |i: usize| self.entries[i].title().to_lowercase();
        let author = |i: usize| match self.entries[i].summary() {
            Some(s) if !s.authors.is_empty() => family_name(&s.authors),
            // Articles without an author go last.
            _ => "\u{10ffff}".to_string(),
        };
        let date = |i: usize| {
            self.entries[i]
                .summary()
                .and_then(|s| s.date.as_deref())
                .unwrap_or_default()
                .to_string()
        };
        let opened = |i: usize| self.remembered(i).map_or(0, |s| s.last_opened);
        let rank = |i: usize| match self.progress_of(i) {
            Progress::Unread => 0,
            Progress::Partly(_) => 1,
            Progress::Read => 2,
        };
        match self.sort {
            Sort::Path => {}
            Sort::Title => order.sort_by_cached_key(|&i| title(i)),
            Sort::Author => order.sort_by_cached_key(|&i| (author(i), title(i))),
            Sort::Date => order.sort_by_cached_key(|&i| std::cmp::Reverse(date(i))),
            Sort::Recent => order.sort_by_cached_key(|&i| std::cmp::Reverse(opened(i))),
            Sort::Unread => order.sort_by_cached_key(|&i| rank(i)),
        }
        if self.direction == Direction::Descending {
            order.reverse();
        }
        self.order = order;
    }

    /// The list order in words, for the list's title: "title", "author, reversed".
    pub fn sort_label(&self) -> String {
        let reversed = if self.direction == Direction::Descending {
            " ↑"
        } else {
            ""
        };
        format!("{}{reversed}", self.sort.name())
    }

    pub(super) fn reverse_sort(&mut self) {
        let current = self.selected_entry();
        self.direction = match self.direction {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        };
        self.resort();
        if let Some(entry) = current {
            self.selected = self.visible().iter().position(|&i| i == entry).unwrap_or(0);
        }
    }

    /// Takes the widest title of entries from `from` on into account (the list is sized from
    /// it); with `from` 0, measures all again.
    pub(super) fn measure_titles(&mut self, from: usize) {
        let most = usize::from(self.options.list_width);
        let widest = self.entries[from.min(self.entries.len())..]
            .iter()
            .map(|e| unicode_width::UnicodeWidthStr::width(e.title().as_ref()).min(most))
            .max()
            .unwrap_or(0);
        let widest = u16::try_from(widest).unwrap_or(u16::MAX);
        self.widest_title = if from == 0 {
            widest
        } else {
            self.widest_title.max(widest)
        };
    }

    pub(super) fn cycle_sort(&mut self) {
        let current = self.selected_entry();
        self.sort = self.sort.next();
        self.resort();
        if let Some(entry) = current {
            self.selected = self.visible().iter().position(|&i| i == entry).unwrap_or(0);
        }
        self.status = Some(format!("sorted by {}", self.sort_label()));
    }

    /// Selects the most recently opened article (on start; again as the library streams in,
    /// until the user moves).
    pub fn select_last_opened(&mut self) {
        if self.remembered.is_empty() {
            return;
        }
        let last = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((self.remembered.get(e.path.to_str()?)?.last_opened, i)))
            .max();
        if let Some((_, entry)) = last {
            self.selected = self.visible().iter().position(|&i| i == entry).unwrap_or(0);
        }
    }

    /// Puts the reader where this article was left (called right after it opened).
    pub(super) fn restore_position(&mut self, info: &FileInfo, now: u64) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        let remembered = crate::state::find(&self.remembered, &reader.key, &info.hash).cloned();
        reader.info = info.clone();
        reader.first_opened = now;
        if let Some(state) = remembered {
            // A preview from the head of the file knows its size and time, not yet its hash.
            let same = crate::state::same_file(&state, info.size, info.modified, &info.hash)
                || info.hash.is_empty()
                    && (state.size, state.modified) == (info.size, info.modified);
            reader.top = restore(&reader.doc, &reader.layout, &state.anchor, same, info.len);
            reader.marks = state.marks.clone();
            reader.notes.list.clone_from(&state.highlights);
            reader.read = state.read;
            if state.first_opened > 0 {
                reader.first_opened = state.first_opened;
            }
        }
        reader.last_opened = now;
        reader.place_notes();
        self.clamp_top();
    }

    /// The state to remember for the open article.
    pub fn snapshot(&self) -> Option<ArticleState> {
        let reader = self.reader.as_ref()?;
        // A preview or a window knows too little of the article to describe a place in it.
        if reader.readiness != super::Readiness::Ready {
            return None;
        }
        let mut anchor = anchor_at(&reader.doc, &reader.layout, reader.top, reader.info.len);
        anchor.percent = self.progress();
        Some(ArticleState {
            path: reader.key.clone(),
            size: reader.info.size,
            modified: reader.info.modified,
            hash: reader.info.hash.clone(),
            anchor,
            read: reader.read,
            first_opened: reader.first_opened,
            last_opened: reader.last_opened,
            updated: 0,
            marks: reader.marks.clone(),
            highlights: reader.notes.list.clone(),
        })
    }

    /// Takes the open article's state into the remembered ones (after every change), noting
    /// it to be saved when it changed.
    pub(super) fn remember(&mut self) {
        if let Some(mut state) = self.snapshot() {
            if let Some(old) = self.remembered.get(&state.path) {
                state.updated = old.updated;
                if *old == state {
                    return;
                }
            }
            self.remembered.insert(state.path.clone(), state.clone());
            self.unsaved.absorb(Changes {
                put: vec![state],
                forget: Vec::new(),
            });
        }
    }

    /// Hands what changed to be saved soon; when the update quits, at once and before the
    /// quitting.
    pub(super) fn hand_over_changes(&mut self) {
        let quitting = self.outbox.contains(&Command::Quit);
        if self.unsaved.is_empty() {
            return;
        }
        let save = Command::Save {
            changes: std::mem::take(&mut self.unsaved),
            urgent: quitting,
        };
        // Before whatever else this update decided (a quit above all).
        self.outbox.insert(0, save);
    }

    /// Hands what changed to be saved now (on switching article).
    pub(super) fn unsaved_urgent(&mut self) {
        if !self.unsaved.is_empty() {
            let changes = std::mem::take(&mut self.unsaved);
            self.emit(Command::Save {
                changes,
                urgent: true,
            });
        }
    }

    /// Marks the open article read when its end comes on screen (only on arriving there, so
    /// `u` at the end can still mark it unread).
    pub(super) fn note_progress(&mut self) {
        let at_end = self.progress() >= 0.999;
        if let Some(reader) = &mut self.reader {
            if at_end && !reader.at_end {
                reader.read = true;
            }
            reader.at_end = at_end;
        }
    }

    /// `u`: read <-> unread for the selected article (the open one when reading).
    pub(super) fn toggle_read(&mut self) {
        let entry = if self.focus == Focus::List {
            self.selected_entry()
        } else {
            self.reader.as_ref().map(|r| r.entry)
        };
        let Some(entry) = entry else { return };
        let Some(key) = self.key_of(entry) else {
            return;
        };
        let now_read = !matches!(self.progress_of(entry), Progress::Read);
        if let Some(reader) = &mut self.reader
            && reader.key == key
        {
            reader.read = now_read;
        }
        let state = self
            .remembered
            .entry(key.clone())
            .or_insert_with(|| ArticleState {
                path: key,
                ..ArticleState::default()
            });
        state.read = now_read;
        if !now_read {
            state.anchor = Anchor::default();
        }
        let key = state.path.clone();
        if !now_read && state.first_opened == 0 {
            // Never opened: unread again means nothing to remember.
            self.remembered.remove(&key);
            self.unsaved.absorb(Changes {
                put: Vec::new(),
                forget: vec![key],
            });
        } else {
            let state = state.clone();
            self.unsaved.absorb(Changes {
                put: vec![state],
                forget: Vec::new(),
            });
        }
        self.status = Some(
            if now_read {
                "marked read"
            } else {
                "marked unread"
            }
            .into(),
        );
    }

    /// Before a jump: remember where we were, for `''` and `ctrl+o`.
    pub(super) fn remember_jump(&mut self) {
        if let Some(reader) = &mut self.reader {
            reader.previous = Some(reader.top);
        }
    }

    /// Back to where the last jump started.
    pub(super) fn jump_back(&mut self) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        match reader.previous {
            Some(line) => {
                reader.previous = Some(reader.top);
                reader.top = line;
                self.status = None;
            }
            None => self.status = Some("no earlier position to go back to".into()),
        }
        self.clamp_top();
    }

    /// A letter typed after `m` or `'`.
    pub(super) fn mark_key(&mut self, awaiting: Awaiting, c: char) {
        let Some(reader) = &self.reader else {
            self.status = Some("open an article to use marks".into());
            return;
        };
        match (awaiting, c) {
            (Awaiting::JumpMark, '\'') => self.jump_back(),
            (_, c) if !c.is_ascii_alphabetic() => {
                self.status = Some(format!("marks are letters, not '{c}'"));
            }
            (Awaiting::SetMark, c) => {
                let anchor = anchor_at(&reader.doc, &reader.layout, reader.top, reader.info.len);
                if let Some(reader) = &mut self.reader {
                    reader.marks.insert(c.to_string(), anchor);
                }
                self.status = Some(format!("mark '{c}' set"));
            }
            (Awaiting::JumpMark, c) => match reader.marks.get(&c.to_string()) {
                Some(anchor) => {
                    let line = line_at_offset(&reader.layout, anchor.offset);
                    self.remember_jump();
                    if let Some(reader) = &mut self.reader {
                        reader.top = line;
                    }
                    self.status = None;
                    self.clamp_top();
                }
                None => self.status = Some(format!("no mark '{c}' in this article")),
            },
        }
    }

    /// Scans the library again and reads the open article again (`r`, or changes on disk).
    pub(super) fn reload(&mut self) {
        self.emit(Command::Scan {
            roots: self.roots.clone(),
            again: true,
        });
        self.reread();
    }

    /// Reads the open article again, if one is open.
    pub(super) fn reread(&mut self) {
        let open = self
            .reader
            .as_ref()
            .and_then(|r| self.entries.get(r.entry))
            .map(|e| e.path.clone());
        if let Some(path) = open {
            self.emit(Command::Reread(path));
        }
    }

    /// The remembered states, to start with (from the state file).
    #[must_use]
    pub fn with_remembered(mut self, states: BTreeMap<String, ArticleState>) -> Self {
        self.remembered = states;
        self.resort();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::family_name;

    #[test]
    fn authors_sort_by_family_name() {
        assert_eq!(family_name("Jane Smith"), "smith jane");
        assert_eq!(family_name("Mehdi Parpanchi, Ann Lee"), "parpanchi mehdi");
        assert_eq!(family_name("Prince"), "prince ");
        assert_eq!(family_name(""), "");
        let mut names = vec!["Zoe Adams", "Anna Zimmer", "Bob Miller"];
        names.sort_by_key(|n| family_name(n));
        assert_eq!(names, ["Zoe Adams", "Bob Miller", "Anna Zimmer"]);
    }
}
