//! Moving around: the list, the reader and the outline; what each action does in each pane
//! and view; stepping back; scrolling and jumping.

use std::path::PathBuf;

use super::{
    App, Command, Entry, Filter, Focus, Mode, Needs, OutlinePane, Reader, Readiness, View,
    count_pending, hit, panes,
};
use crate::action::Action;

impl App {
    pub(super) fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let panes = self.panes();
        let step: isize = if down { 3 } else { -3 };
        if hit(panes.list, column, row) {
            self.select(self.selected as isize + step.signum());
        } else if hit(panes.reader, column, row) {
            self.scroll(step);
        } else if hit(panes.rail, column, row) {
            self.move_cursor(step.signum());
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let panes = self.panes();
        if hit(panes.list, column, row) {
            if let Some(index) = self.row_at(row) {
                self.selected = index;
                self.focus = Focus::List;
            }
        } else if hit(panes.rail, column, row) {
            if let Some(index) = self.rail_entry_at(row)
                && let Some(reader) = &mut self.reader
            {
                reader.cursor = index;
                reader.previous = Some(reader.top);
                jump_to(reader, index);
            }
            self.fit();
        } else if hit(panes.reader, column, row) && self.reader.is_some() {
            self.focus = Focus::Reader;
        } else if hit(panes.preview, column, row)
            && let Some(entry) = self.selected_entry()
        {
            self.open_entry(entry);
        }
    }

    /// The section the reader is in: the one holding the top line, or, when the end of the
    /// article is on screen, the last one whose heading is on screen.
    pub fn current_section(&self) -> Option<usize> {
        let reader = self.reader.as_ref()?;
        let height = self.reader_height();
        let lines = &reader.layout.heading_lines;
        if reader.top + height >= reader.layout.lines.len() {
            let bottom = reader.top + height;
            if let Some(last) = lines.iter().rposition(|&l| l < bottom)
                && lines[last] >= reader.top
            {
                return Some(last);
            }
        }
        reader.current_section()
    }

    /// What an action does, given the mode and the focused pane.
    pub(super) fn act(&mut self, action: Action) {
        match &self.mode {
            Mode::Help(scroll) => {
                let scroll = *scroll;
                match action {
                    Action::Quit => self.quit(),
                    Action::Down => self.mode = Mode::Help(scroll + 1),
                    Action::Up => self.mode = Mode::Help(scroll.saturating_sub(1)),
                    Action::PageDown | Action::HalfPageDown => self.mode = Mode::Help(scroll + 10),
                    Action::PageUp | Action::HalfPageUp => {
                        self.mode = Mode::Help(scroll.saturating_sub(10));
                    }
                    // Any other key closes help.
                    _ => self.mode = Mode::Browse,
                }
            }
            Mode::Results(_) => match action {
                Action::Quit => self.quit(),
                Action::Down | Action::PageDown | Action::HalfPageDown => self.move_result(true),
                Action::Up | Action::PageUp | Action::HalfPageUp => self.move_result(false),
                Action::Open => self.open_result(),
                Action::LibrarySearch => self.start_library_search(),
                _ => self.mode = Mode::Browse,
            },
            Mode::Output(_) => match action {
                Action::Quit => self.quit(),
                Action::Down => self.scroll_output(1),
                Action::Up => self.scroll_output(-1),
                Action::PageDown | Action::HalfPageDown => self.scroll_output(10),
                Action::PageUp | Action::HalfPageUp => self.scroll_output(-10),
                _ => self.mode = Mode::Browse,
            },
            Mode::Follow(_) | Mode::Visual(_) | Mode::Highlights(_) => self.mode = Mode::Browse,
            Mode::Browse | Mode::Prompt(_) | Mode::Awaiting(_) => self.browse(action),
        }
    }

    /// Esc and `q`: one level back. The search highlights, the rail's keyboard, the reader,
    /// the list filter; `q` in the library quits.
    fn back(&mut self, action: Action) {
        let find = self.reader.as_ref().is_some_and(|r| r.find.is_some());
        match (self.view, self.focus) {
            (View::Library, _) | (View::ReaderWithList, Focus::List) if self.filter.is_some() => {
                self.filter = None;
                self.selected = 0;
            }
            (View::Library, _) if action == Action::Back => self.quit(),
            (View::Library, _) => {}
            (_, Focus::Outline | Focus::List) => {
                self.focus = Focus::Reader;
                self.fit();
            }
            _ if find => {
                if let Some(reader) = &mut self.reader {
                    reader.find = None;
                }
            }
            _ => self.show_library(),
        }
    }

    /// An action on the panes.
    fn browse(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit(),
            Action::Back | Action::Close => self.back(action),
            Action::Help => self.mode = Mode::Help(0),
            Action::Visual => self.start_visual(),
            Action::Highlights => self.show_highlights(),
            Action::SearchForward => self.start_find(false),
            Action::SearchBackward => self.start_find(true),
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::LibrarySearch => self.start_library_search(),
            Action::ToggleRead => self.toggle_read(),
            Action::CycleSort => self.cycle_sort(),
            Action::ReverseSort => self.reverse_sort(),
            Action::SetMark => self.mode = Mode::Awaiting(super::Awaiting::SetMark),
            Action::JumpMark => self.mode = Mode::Awaiting(super::Awaiting::JumpMark),
            Action::JumpBack => self.jump_back(),
            Action::Pipe => self.start_pipe(),
            Action::CopySection => self.copy(false),
            Action::CopyArticle => self.copy(true),
            Action::Edit => self.edit(),
            Action::Add => self.start_add(),
            Action::Reload => {
                self.reload();
                self.status = Some("reloaded".into());
            }
            Action::NamedPipe(i) => self.run_named_pipe(i),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::ToggleOutline => self.toggle_outline(),
            Action::ToggleList => self.toggle_list(),
            Action::Follow => self.start_follow(super::FollowPurpose::Open),
            Action::CopyLink => self.start_follow(super::FollowPurpose::Copy),
            Action::HistoryBack => self.history_back(),
            Action::HistoryForward => self.history_forward(),
            Action::ScrollLeft => self.scroll_left(),
            Action::ScrollRight => self.scroll_right(),
            Action::Open => self.open_selected(),
            Action::NextHeading => self.jump(Jump::NextAny),
            Action::PrevHeading => self.jump(Jump::PrevAny),
            Action::NextSection => self.jump(Jump::NextSame),
            Action::PrevSection => self.jump(Jump::PrevSame),
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Top
            | Action::Bottom => self.motion(action),
        }
    }

    /// `o`: the rail on or off where it fits; where it does not, the outline as an overlay.
    fn toggle_outline(&mut self) {
        if self.view == View::Library || self.reader.is_none() {
            self.status = Some("open an article to see its outline".into());
            return;
        }
        let shown = OutlinePane::Shown;
        let fits = {
            let headings = self.reader.as_ref().map_or(0, |r| r.outline_width);
            let needs = Needs {
                titles: self.widest_title,
                headings: headings.max(1),
            };
            panes(self.size, self.view, shown, &self.options, needs)
                .rail
                .is_some()
        };
        if !fits {
            self.start_outline();
            return;
        }
        self.outline = match self.outline {
            OutlinePane::Shown => OutlinePane::Hidden,
            OutlinePane::Hidden => OutlinePane::Shown,
        };
        if self.outline == OutlinePane::Hidden && self.focus == Focus::Outline {
            self.focus = Focus::Reader;
        }
        self.fit();
    }

    /// `L`: the list beside the reader, or not.
    fn toggle_list(&mut self) {
        self.view = match self.view {
            View::Library => return,
            View::Reader => View::ReaderWithList,
            View::ReaderWithList => View::Reader,
        };
        if self.panes().list.is_none() {
            if self.view == View::ReaderWithList {
                self.status = Some("the list fits beside the reader from 90 columns".into());
            }
            self.view = View::Reader;
        }
        if self.focus == Focus::List && self.view == View::Reader {
            self.focus = Focus::Reader;
        }
        self.fit();
    }

    /// Enter: open the selected article, or jump to the selected heading.
    fn open_selected(&mut self) {
        match self.focus {
            Focus::List => {
                if let Some(index) = self.selected_entry() {
                    self.open_entry(index);
                }
            }
            Focus::Outline => {
                if let Some(reader) = &mut self.reader {
                    let cursor = reader.cursor;
                    reader.previous = Some(reader.top);
                    jump_to(reader, cursor);
                    self.focus = Focus::Reader;
                }
                self.fit();
            }
            Focus::Reader => {}
        }
    }

    /// Up, down, a page, the top or the bottom, in the focused pane.
    fn motion(&mut self, action: Action) {
        let page = self.reader_height().saturating_sub(2).max(1) as isize;
        let far = |to_end: bool| {
            if to_end {
                isize::MAX / 2
            } else {
                isize::MIN / 2
            }
        };
        let by = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::HalfPageDown => (page / 2).max(1),
            Action::HalfPageUp => -(page / 2).max(1),
            Action::Bottom => far(true),
            _ => far(false),
        };
        let whole = matches!(action, Action::Top | Action::Bottom);
        let line = matches!(action, Action::Down | Action::Up);
        match self.focus {
            Focus::List if whole => {
                self.selected = if by > 0 {
                    self.visible().len().saturating_sub(1)
                } else {
                    0
                };
            }
            // A page in the list or the outline is five rows.
            Focus::List => {
                let step = if line { by } else { by.signum() * 5 };
                self.select(self.selected as isize + step);
            }
            Focus::Outline => self.move_cursor(if line || whole { by } else { by.signum() * 5 }),
            Focus::Reader => {
                if whole {
                    // Like vim, top and bottom are jumps: '' comes back.
                    self.remember_jump();
                }
                self.scroll(by);
            }
        }
    }

    /// Tab: the next pane of the view (the list, the reader, the rail).
    pub(super) fn cycle_focus(&mut self, forward: bool) {
        let panes = self.panes();
        let mut order = Vec::new();
        if panes.list.is_some() {
            order.push(Focus::List);
        }
        if panes.reader.is_some() {
            order.push(Focus::Reader);
        }
        if panes.rail.is_some() {
            order.push(Focus::Outline);
        }
        if order.is_empty() {
            return;
        }
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = order.len();
        self.focus = order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        if self.focus == Focus::Outline {
            let current = self.current_section().unwrap_or(0);
            if let Some(reader) = &mut self.reader {
                reader.cursor = current;
            }
        }
        self.fit();
    }

    pub(super) fn select(&mut self, to: isize) {
        let last = self.visible().len().saturating_sub(1);
        self.selected = to.clamp(0, last as isize) as usize;
    }

    pub(super) fn move_cursor(&mut self, by: isize) {
        if let Some(reader) = &mut self.reader {
            let last = reader.doc.outline.len().saturating_sub(1) as isize;
            reader.cursor = (reader.cursor as isize)
                .saturating_add(by)
                .clamp(0, last.max(0)) as usize;
        }
    }

    /// Largest top line scrolling reaches: the last line at the bottom of the pane.
    fn max_top(&self) -> usize {
        let height = self.reader_height();
        self.reader
            .as_ref()
            .map_or(0, |r| r.layout.lines.len().saturating_sub(height.max(1)))
    }

    /// Largest top line at all: a jump may put a heading near the end on the top line, with
    /// blank space below the article, as a jump promises the heading on top.
    fn hard_max_top(&self) -> usize {
        self.reader
            .as_ref()
            .map_or(0, |r| r.layout.lines.len().saturating_sub(1))
    }

    pub(super) fn scroll(&mut self, by: isize) {
        let max = self.max_top();
        if let Some(reader) = &mut self.reader {
            // Scrolling never goes past the end, nor pulls a jump back up unasked.
            let limit = max.max(if by > 0 { 0 } else { reader.top });
            let target = (reader.top as isize).saturating_add(by).max(0) as usize;
            reader.top = if by > 0 {
                target.min(max.max(reader.top))
            } else {
                target.min(limit)
            };
        }
    }

    fn jump(&mut self, jump: Jump) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        let before = reader.top;
        let lines = &reader.layout.heading_lines;
        let outline = &reader.doc.outline;
        let top = reader.top;
        let level = reader
            .current_section()
            .map_or(u8::MAX, |i| outline[i].level);
        let target = match jump {
            Jump::NextAny => lines.iter().position(|&l| l > top),
            Jump::PrevAny => lines.iter().rposition(|&l| l < top),
            Jump::NextSame => {
                (0..lines.len()).find(|&i| lines[i] > top && outline[i].level <= level)
            }
            Jump::PrevSame => (0..lines.len())
                .rev()
                .find(|&i| lines[i] < top && outline[i].level <= level),
        };
        match target {
            Some(i) => {
                reader.previous = Some(before);
                jump_to(reader, i);
                self.status = None;
            }
            // Before the first heading is the start of the article.
            None if matches!(jump, Jump::PrevAny | Jump::PrevSame) && before > 0 => {
                reader.previous = Some(before);
                reader.top = 0;
                self.status = None;
            }
            None => {
                self.status = Some(
                    match jump {
                        Jump::NextAny | Jump::NextSame => "no next section",
                        Jump::PrevAny | Jump::PrevSame => "at the start of the article",
                    }
                    .to_string(),
                );
            }
        }
        self.fit();
    }

    /// Re-lays the article out for the current size and keeps scroll positions in range.
    pub(super) fn fit(&mut self) {
        let options = self.reader_options();
        if let Some(reader) = &mut self.reader
            && let Some(job) = reader.relayout(&options)
        {
            self.emit(Command::Prepare(job));
        }
        self.clamp_top();
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    /// A new scan of the library: keeps the selection and the open article by path.
    pub(super) fn replace_entries(&mut self, entries: Vec<Entry>) {
        let selected = self.selected_entry().map(|i| self.entries[i].path.clone());
        let open = self
            .reader
            .as_ref()
            .and_then(|r| self.entries.get(r.entry))
            .map(|e| e.path.clone());
        self.unsummarised = count_pending(&entries);
        self.entries = entries;
        self.haystacks = std::cell::OnceCell::new();
        if let Some(f) = &self.filter {
            let query = f.query.clone();
            let matches = super::fuzzy_filter(self, &query);
            self.filter = Some(Filter { query, matches });
        }
        self.resort();
        let find = |path: &Option<PathBuf>| {
            path.as_ref()
                .and_then(|p| self.entries.iter().position(|e| &e.path == p))
        };
        if let Some(index) = find(&open)
            && let Some(reader) = &mut self.reader
        {
            reader.entry = index;
        }
        if let Some(entry) = find(&selected) {
            self.selected = self.visible().iter().position(|&i| i == entry).unwrap_or(0);
        }
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    /// Keeps the reader's top line in range.
    pub(super) fn clamp_top(&mut self) {
        let max = self.hard_max_top();
        if let Some(reader) = &mut self.reader {
            reader.top = reader.top.min(max);
            if self.focus != Focus::Outline {
                reader.cursor = reader.current_section().unwrap_or(0);
            }
        }
    }

    /// Fraction of the article above the bottom of the pane, 0..=1.
    pub fn progress(&self) -> f64 {
        self.reader.as_ref().map_or(0.0, |r| {
            if r.readiness != Readiness::Ready {
                // A stand-in's lines are not the article's: go by the text's position.
                let len = r
                    .doc
                    .blocks
                    .last()
                    .map_or(0, |b| b.source.end)
                    .max(r.info.len);
                let offset = r.anchor().map_or(0, |(_, offset, _)| offset);
                return (offset as f64 / len.max(1) as f64).clamp(0.0, 1.0);
            }
            let total = r.layout.lines.len().max(1);
            ((r.top + self.reader_height()).min(total)) as f64 / total as f64
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Jump {
    NextAny,
    PrevAny,
    NextSame,
    PrevSame,
}

/// The widest heading of a document's outline with its indent, in cells (for the rail).
pub(super) fn outline_width(doc: &crate::document::Document) -> u16 {
    let top = doc.outline_top_level();
    doc.outline
        .iter()
        .map(|e| {
            2 * usize::from(e.level.saturating_sub(top))
                + unicode_width::UnicodeWidthStr::width(e.text.as_str())
        })
        .max()
        .map_or(0, |w| u16::try_from(w).unwrap_or(u16::MAX))
}

pub(super) fn jump_to(reader: &mut Reader, entry: usize) {
    if let Some(&line) = reader.layout.heading_lines.get(entry) {
        reader.top = line;
    }
}
