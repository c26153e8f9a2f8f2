//! The reader's state and how it changes: `App::update(Msg) -> Command`.
//!
//! No terminal and no file system here: the event loop in `tui` turns terminal events into
//! [`Msg`]s and carries out the [`Command`]s (such as loading a file) that `update` returns.
//! Geometry comes from [`panes`], the same pure function `ui` draws with.

mod handoff;
mod library;
mod prepare;
mod reading;
mod search;

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::action::Action;
use crate::config::{Alignment, Keymap, ReaderConfig};
use crate::document::Document;
use crate::layout::{Layout, Options, layout};
use crate::library::index::{Indexed, Summary};
pub use handoff::{Output, PipeRequest, base64};
pub use prepare::{Job, Prepared, Readiness, Whole, preview_end};
pub use reading::{Awaiting, Opened, Progress, Sort};
pub use search::{
    Filter, Find, Input, LibrarySearch, PendingJump, Prompt, ResultRow, Results, fuzzy_filter,
};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The reader.
    Reader,
    /// The outline.
    Outline,
}

/// What is drawn over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The key help.
    Help,
    /// Matches of a search over every article.
    Results(Box<Results>),
    /// What a piped command printed.
    Output(Box<Output>),
}

/// Whether the outline pane is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlinePane {
    /// Shown when there is room.
    Shown,
    /// Hidden by the user.
    Hidden,
}

/// What the list knows about an article before it is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryStatus {
    /// Found, not summarised yet: the list shows the file name until it is.
    Pending,
    /// Summarised.
    Ready(Summary),
    /// Could not be read; the reason.
    Failed(String),
}

/// One article in the list.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Where it lives.
    pub path: PathBuf,
    /// What is known of it.
    pub status: EntryStatus,
}

impl Entry {
    /// An entry summarising a loaded document.
    pub fn ready(path: PathBuf, doc: &Document) -> Self {
        let summary = Summary::of(doc, &path);
        Self {
            path,
            status: EntryStatus::Ready(summary),
        }
    }

    /// An entry not summarised yet.
    pub fn pending(path: PathBuf) -> Self {
        Self {
            path,
            status: EntryStatus::Pending,
        }
    }

    /// An entry that could not be read.
    pub fn failed(path: PathBuf, reason: String) -> Self {
        Self {
            path,
            status: EntryStatus::Failed(reason),
        }
    }

    /// The title to show: the article's, else the file name.
    pub fn title(&self) -> std::borrow::Cow<'_, str> {
        match &self.status {
            EntryStatus::Ready(summary) => std::borrow::Cow::Borrowed(&summary.title),
            EntryStatus::Pending | EntryStatus::Failed(_) => self.path.file_name().map_or_else(
                || self.path.to_string_lossy(),
                std::ffi::OsStr::to_string_lossy,
            ),
        }
    }

    /// The summary, once there is one.
    pub fn summary(&self) -> Option<&Summary> {
        match &self.status {
            EntryStatus::Ready(summary) => Some(summary),
            EntryStatus::Pending | EntryStatus::Failed(_) => None,
        }
    }
}

fn count_pending(entries: &[Entry]) -> usize {
    entries
        .iter()
        .filter(|e| matches!(e.status, EntryStatus::Pending))
        .count()
}

/// An open article laid out for the reader pane.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Index of the article in the list.
    pub entry: usize,
    /// The document (shared with background layout jobs).
    pub doc: Arc<Document>,
    /// Whether the layout is whole or a stand-in while a job runs.
    pub readiness: Readiness,
    /// Its layout at `width`.
    pub layout: Layout,
    /// The measure the layout was made for.
    pub width: u16,
    /// Index of the line at the top of the pane.
    pub top: usize,
    /// Selected outline entry while the outline has focus.
    pub cursor: usize,
    /// The search in this article, if any.
    pub find: Option<Find>,
    /// The article's key in the remembered states (its path).
    pub key: String,
    /// Size, time and hash of the file.
    pub info: crate::library::FileInfo,
    /// Marks by letter.
    pub marks: std::collections::BTreeMap<String, crate::state::Anchor>,
    /// The end has been reached (or the user said so).
    pub read: bool,
    /// First and last time opened.
    pub first_opened: u64,
    /// Last time opened.
    pub last_opened: u64,
    /// The top line before the last jump, for `''` and `ctrl+o`.
    pub previous: Option<usize>,
    /// The end of the article was on screen after the last update.
    pub at_end: bool,
}

impl Reader {
    /// The outline entry of the section containing the top line.
    pub fn current_section(&self) -> Option<usize> {
        self.layout.section_at(self.top)
    }

    /// First line at or below `top` that belongs to a block: (block, source offset, distance).
    fn anchor(&self) -> Option<(usize, usize, usize)> {
        self.layout.lines[self.top.min(self.layout.lines.len())..]
            .iter()
            .enumerate()
            .find_map(|(d, l)| l.block.map(|b| (b, l.source.start, d)))
    }

    /// Lays the document out at a new measure, keeping the top line on the same text. A big
    /// document gets a window around the top line at once and the whole from the returned job.
    fn relayout(&mut self, options: &Options) -> Option<Job> {
        let width = options.width.map_or(0, |w| w as u16);
        if width == self.width {
            return None;
        }
        let anchor = self.anchor();
        self.width = width;
        let job = if self.is_big() {
            let offset = anchor.map_or(0, |(_, offset, _)| offset);
            self.layout = self.window_layout(options, offset);
            let generation = prepare::next_generation();
            let restore = match &mut self.readiness {
                Readiness::Preparing { restore, .. } => restore.take(),
                Readiness::Ready => None,
            };
            self.readiness = Readiness::Preparing {
                generation,
                restore,
                deferred: None,
            };
            Some(Job::Layout {
                generation,
                doc: Arc::clone(&self.doc),
                options: *options,
            })
        } else {
            self.layout = layout(&self.doc, options);
            None
        };
        if let Some(find) = &mut self.find {
            find.refresh(&self.layout);
        }
        self.place(anchor);
        job
    }

    /// Puts the top line back on the text of an [`anchor`](Self::anchor) taken before the
    /// layout changed.
    fn place(&mut self, anchor: Option<(usize, usize, usize)>) {
        if let Some((block, offset, distance)) = anchor {
            let range = self.layout.block_lines.get(block).cloned().unwrap_or(0..0);
            let line = self.layout.lines[range.clone()]
                .iter()
                .rposition(|l| l.source.start <= offset && l.source != (0..0))
                .map_or(range.start, |i| range.start + i);
            self.top = line.saturating_sub(distance);
        }
    }
}

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The user asked for an action.
    Action(Action),
    /// A key typed into the prompt.
    Input(Input),
    /// The terminal has a new size.
    Resized(u16, u16),
    /// An article finished loading (or failed to).
    Opened(usize, Result<Box<Opened>, String>),
    /// The mouse wheel turned over a cell (`down` is towards the end).
    Wheel {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
        /// Towards the end.
        down: bool,
    },
    /// A piped command finished: a title saying how, and what it printed.
    Piped {
        /// The command and its exit status.
        title: String,
        /// Its output.
        text: String,
    },
    /// The open article was read again from disk (after the editor, or a change).
    Reloaded(Box<Opened>),
    /// The library was scanned again: every entry, replacing the list.
    Library(Vec<Entry>),
    /// More articles were found (in list order, after those already found); `done` when the
    /// scan is over.
    Found {
        /// The new entries.
        entries: Vec<Entry>,
        /// The scan has finished.
        done: bool,
    },
    /// The library was scanned again: every article with its size and modification time
    /// (`None` for a problem, whose reason is then the `String`).
    Rescanned(Vec<Listed>),
    /// Summaries of entries, from the index workers.
    Indexed(Vec<Indexed>),
    /// A library-wide search finished.
    Searched(Result<Results, String>),
    /// A background job finished parsing or laying out the open article.
    Prepared(Box<Prepared>),
    /// A left click at a cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
}

/// What the event loop should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Nothing.
    None,
    /// Load the article at this list index and send back [`Msg::Opened`].
    Load(usize, PathBuf),
    /// Run a shell command with text on its standard input; send back [`Msg::Piped`].
    Pipe(PipeRequest),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Open a file in the editor at the line of a byte offset, then reload it.
    Edit {
        /// The article.
        path: PathBuf,
        /// Byte offset of the reader's top text.
        offset: usize,
    },
    /// Scan the library again and reload the open article.
    Reload,
    /// Search the text of these articles and send back [`Msg::Searched`].
    SearchLibrary(search::LibrarySearch),
    /// Exit.
    Quit,
}

/// The rectangles of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The article list, when shown.
    pub list: Option<Rect>,
    /// The reader, when shown.
    pub reader: Option<Rect>,
    /// The outline, when shown.
    pub outline: Option<Rect>,
    /// The status bar.
    pub status: Rect,
}

/// Narrowest terminal that shows the outline pane beside the list and the reader.
pub const OUTLINE_MIN_WIDTH: u16 = 100;

/// Smallest terminal that shows panes; below it a "too small" note is drawn.
pub const MIN_SIZE: (u16, u16) = (20, 5);

/// Pane geometry for a terminal size. Wide terminals show list, reader and outline side by
/// side; narrow ones show the focused pane alone.
pub fn panes(
    (width, height): (u16, u16),
    focus: Focus,
    outline: OutlinePane,
    open: bool,
    options: &ReaderConfig,
) -> Panes {
    let status = Rect::new(0, height.saturating_sub(1), width, 1.min(height));
    let body_h = height.saturating_sub(1);
    let show_outline = outline == OutlinePane::Shown && open;
    if width < 80 {
        let full = Some(Rect::new(0, 0, width, body_h));
        let which = if open { focus } else { Focus::List };
        let which = if which == Focus::Outline && !show_outline {
            Focus::Reader
        } else {
            which
        };
        return Panes {
            list: full.filter(|_| which == Focus::List),
            reader: full.filter(|_| which == Focus::Reader),
            outline: full.filter(|_| which == Focus::Outline),
            status,
        };
    }
    let list_w = options.list_width.min(width / 3);
    let outline_w = if show_outline && width >= OUTLINE_MIN_WIDTH {
        options.outline_width.min(width / 4)
    } else {
        0
    };
    let reader_w = width - list_w - outline_w;
    Panes {
        list: Some(Rect::new(0, 0, list_w, body_h)),
        reader: Some(Rect::new(list_w, 0, reader_w, body_h)),
        outline: (outline_w > 0).then(|| Rect::new(list_w + reader_w, 0, outline_w, body_h)),
        status,
    }
}

/// The text measure for a reader pane of `pane_width` cells (a cell of margin each side and
/// one for the scrollbar), at most `max`.
pub fn measure(pane_width: u16, max: u16) -> u16 {
    pane_width.saturating_sub(3).clamp(1, max.max(1))
}

/// Where the text starts inside a reader pane.
pub fn text_left(pane: Rect, measure: u16, alignment: Alignment) -> u16 {
    match alignment {
        Alignment::Left => pane.x + 1.min(pane.width.saturating_sub(measure)),
        Alignment::Centre => pane.x + pane.width.saturating_sub(measure) / 2,
    }
}

/// The reader's whole state.
#[derive(Debug, Clone)]
pub struct App {
    /// Articles, in list order.
    pub entries: Vec<Entry>,
    /// Folders and files the library came from (named when it is empty).
    pub roots: Vec<PathBuf>,
    /// Selected list row.
    pub selected: usize,
    /// The open article.
    pub reader: Option<Reader>,
    /// Keyboard focus.
    pub focus: Focus,
    /// Overlay on top.
    pub overlay: Overlay,
    /// Outline pane shown or hidden.
    pub outline: OutlinePane,
    /// Terminal size.
    pub size: (u16, u16),
    /// A message for the status bar (errors, notes).
    pub status: Option<String>,
    /// Keys.
    pub keymap: Keymap,
    /// Reader options from the config.
    pub options: ReaderConfig,
    /// What is being typed at the bottom line, if anything.
    pub prompt: Option<Prompt>,
    /// The list filter, if any.
    pub filter: Option<Filter>,
    /// Where to land once the article being opened from search results is loaded.
    pub pending_jump: Option<PendingJump>,
    /// What the list filter matches against, built on first use.
    haystacks: std::cell::OnceCell<Vec<nucleo_matcher::Utf32String>>,
    /// What is remembered of each article, by path.
    pub remembered: std::collections::BTreeMap<String, crate::state::ArticleState>,
    /// The order of the list.
    pub sort: Sort,
    /// Entry indices in list order for `sort`.
    order: Vec<usize>,
    /// A letter is expected next (after `m` or `'`).
    pub awaiting: Option<Awaiting>,
    /// Keys of remembered states changed outside the open article (`u` in the list), for the
    /// event loop to save.
    pub touched: Vec<String>,
    /// Named pipes from the config.
    pub pipes: Vec<crate::config::PipeConfig>,
    /// Commands piped to before, newest last.
    pub pipe_history: Vec<String>,
    /// Whether the library scan is still finding articles.
    pub scan: Scan,
    /// Entries still waiting for their summary.
    pub unsummarised: usize,
    /// Background work asked for, for the event loop to start.
    pub jobs: Vec<Job>,
}

/// An article found by a rescan with its size and modification time, or why it cannot be
/// read.
pub type Listed = (PathBuf, Result<(u64, u64), String>);

/// Where the library scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// Articles are still being found; `to_end` when the user asked for the end of the list
    /// (`G`), which the selection then keeps to as articles arrive.
    Running {
        /// The selection follows the end of the list.
        to_end: bool,
    },
    /// Every article has been found.
    Finished,
}

impl App {
    /// A new app over a library.
    pub fn new(entries: Vec<Entry>, roots: Vec<PathBuf>, size: (u16, u16)) -> Self {
        Self {
            entries,
            roots,
            selected: 0,
            reader: None,
            focus: Focus::List,
            overlay: Overlay::None,
            outline: OutlinePane::Shown,
            size,
            status: None,
            keymap: Keymap::default(),
            options: ReaderConfig::default(),
            prompt: None,
            filter: None,
            pending_jump: None,
            haystacks: std::cell::OnceCell::new(),
            remembered: std::collections::BTreeMap::new(),
            sort: Sort::Path,
            order: Vec::new(),
            awaiting: None,
            touched: Vec::new(),
            pipes: Vec::new(),
            pipe_history: Vec::new(),
            scan: Scan::Finished,
            unsummarised: 0,
            jobs: Vec::new(),
        }
        .sorted()
    }

    fn sorted(mut self) -> Self {
        self.unsummarised = count_pending(&self.entries);
        self.resort();
        self
    }

    /// The app with the user's reader options and keys.
    #[must_use]
    pub fn with_config(mut self, options: ReaderConfig, keymap: Keymap) -> Self {
        self.outline = if options.show_outline {
            OutlinePane::Shown
        } else {
            OutlinePane::Hidden
        };
        self.options = options;
        self.keymap = keymap;
        self.fit();
        self
    }

    /// Layout options for the reader at a measure.
    pub fn layout_options(&self, width: u16) -> Options {
        let mut options = Options::reader(usize::from(width));
        options.block_space = usize::from(self.options.paragraph_spacing);
        options.justify = self.options.justify;
        options
    }

    /// Current geometry.
    pub fn panes(&self) -> Panes {
        panes(
            self.size,
            self.focus,
            self.outline,
            self.reader.is_some(),
            &self.options,
        )
    }

    /// Height of the reader's text area.
    pub fn reader_height(&self) -> usize {
        self.panes()
            .reader
            .map_or(usize::from(self.size.1.saturating_sub(1)), |r| {
                usize::from(r.height)
            })
    }

    fn reader_measure(&self) -> u16 {
        measure(
            self.panes().reader.map_or(self.size.0, |r| r.width),
            self.options.measure,
        )
    }

    /// Applies a message and says what to do next.
    pub fn update(&mut self, msg: Msg) -> Command {
        let command = self.dispatch(msg);
        self.note_progress();
        self.remember();
        command
    }

    fn dispatch(&mut self, msg: Msg) -> Command {
        match msg {
            Msg::Action(action) => {
                // A note lasts until the next key.
                self.status = None;
                if let Scan::Running { to_end } = &mut self.scan {
                    *to_end = action == Action::Bottom && self.focus == Focus::List;
                }
                if self.defer(action) {
                    return Command::None;
                }
                self.act(action)
            }
            Msg::Input(input) => self.input(input),
            Msg::Resized(w, h) => {
                self.size = (w, h);
                self.fit();
                Command::None
            }
            Msg::Opened(index, Ok(opened)) => {
                // Keep the state of the article being left before it goes.
                self.remember();
                let Opened {
                    doc,
                    info,
                    now,
                    note,
                    whole,
                } = *opened;
                let weak = self.options.show_weak_headings;
                let doc = if weak { doc.with_weak_headings() } else { doc };
                if let Some(entry) = self.entries.get(index)
                    && whole.is_none()
                {
                    let summary = Summary::of(&doc, &entry.path);
                    self.set_status(index, EntryStatus::Ready(summary));
                }
                let pane = panes(self.size, Focus::Reader, self.outline, true, &self.options);
                let width = measure(
                    pane.reader.map_or(self.size.0, |r| r.width),
                    self.options.measure,
                );
                let key = self
                    .entries
                    .get(index)
                    .map(|e| e.path.display().to_string())
                    .unwrap_or_default();
                let options = self.layout_options(width);
                self.reader = Some(Reader {
                    entry: index,
                    layout: layout(&doc, &options),
                    doc: Arc::new(doc),
                    readiness: Readiness::Ready,
                    width,
                    top: 0,
                    cursor: 0,
                    find: None,
                    key,
                    info: crate::library::FileInfo::default(),
                    marks: std::collections::BTreeMap::new(),
                    read: false,
                    first_opened: now,
                    last_opened: now,
                    previous: None,
                    at_end: false,
                });
                self.focus = Focus::Reader;
                self.status = note;
                self.fit();
                self.restore_position(&info, now);
                self.land();
                self.remember();
                if let Some(whole) = whole {
                    self.prepare_whole(whole, weak, info, now);
                }
                Command::None
            }
            Msg::Piped { title, text } => {
                self.piped(title, text);
                Command::None
            }
            Msg::Reloaded(opened) => {
                self.reloaded(*opened);
                Command::None
            }
            Msg::Library(entries) => {
                self.replace_entries(entries);
                Command::None
            }
            Msg::Found { entries, done } => {
                self.found(entries, done);
                Command::None
            }
            Msg::Rescanned(files) => {
                self.rescanned(files);
                Command::None
            }
            Msg::Indexed(batch) => {
                self.indexed(batch);
                Command::None
            }
            Msg::Searched(result) => {
                self.searched(result);
                Command::None
            }
            Msg::Prepared(prepared) => {
                self.prepared(*prepared);
                Command::None
            }
            Msg::Opened(index, Err(reason)) => {
                self.set_status(index, EntryStatus::Failed(reason.clone()));
                self.status = Some(reason);
                Command::None
            }
            Msg::Wheel { column, row, down } => {
                let panes = self.panes();
                let step: isize = if down { 3 } else { -3 };
                if hit(panes.list, column, row) {
                    self.select(self.selected as isize + step.signum());
                } else if hit(panes.reader, column, row) {
                    self.scroll(step);
                } else if hit(panes.outline, column, row) {
                    self.move_cursor(step.signum());
                }
                Command::None
            }
            Msg::Click { column, row } => self.click(column, row),
        }
    }

    fn click(&mut self, column: u16, row: u16) -> Command {
        let panes = self.panes();
        if let Some(list) = panes.list.filter(|_| hit(panes.list, column, row)) {
            // Two rows per entry, after the border row; the list scrolls to keep selection.
            let first = self.list_offset(usize::from(list.height.saturating_sub(2)) / 2);
            let index = first + usize::from(row.saturating_sub(list.y + 1)) / 2;
            if index < self.visible().len() {
                self.selected = index;
                self.focus = Focus::List;
            }
        } else if let Some(outline) = panes.outline.filter(|_| hit(panes.outline, column, row)) {
            let rows = usize::from(outline.height.saturating_sub(2));
            let index = self.outline_offset(rows) + usize::from(row.saturating_sub(outline.y + 1));
            if let Some(reader) = &mut self.reader
                && index < reader.doc.outline.len()
            {
                reader.cursor = index;
                jump_to(reader, index);
            }
            self.fit();
        } else if hit(panes.reader, column, row) && self.reader.is_some() {
            self.focus = Focus::Reader;
        }
        Command::None
    }

    /// First outline entry shown when `rows` fit: keeps the cursor (when the outline has
    /// focus) or the current section in view.
    pub fn outline_offset(&self, rows: usize) -> usize {
        let Some(reader) = &self.reader else { return 0 };
        let row = if self.focus == Focus::Outline {
            reader.cursor
        } else {
            reader.current_section().unwrap_or(0)
        };
        row.saturating_sub(rows.max(1) - 1)
    }

    /// First list entry shown when `rows` entries fit: keeps the selection visible.
    pub fn list_offset(&self, rows: usize) -> usize {
        let rows = rows.max(1);
        self.selected.saturating_sub(rows - 1)
    }

    fn act(&mut self, action: Action) -> Command {
        match &self.overlay {
            Overlay::Help => {
                // Any key closes help; quit still quits.
                if action == Action::Quit {
                    return Command::Quit;
                }
                self.overlay = Overlay::None;
                return Command::None;
            }
            Overlay::Results(_) => {
                match action {
                    Action::Quit => return Command::Quit,
                    Action::Down | Action::PageDown | Action::HalfPageDown => {
                        self.move_result(true);
                    }
                    Action::Up | Action::PageUp | Action::HalfPageUp => self.move_result(false),
                    Action::Open => return self.open_result(),
                    Action::LibrarySearch => self.start_library_search(),
                    _ => self.overlay = Overlay::None,
                }
                return Command::None;
            }
            Overlay::Output(_) => {
                match action {
                    Action::Quit => return Command::Quit,
                    Action::Down => self.scroll_output(1),
                    Action::Up => self.scroll_output(-1),
                    Action::PageDown | Action::HalfPageDown => self.scroll_output(10),
                    Action::PageUp | Action::HalfPageUp => self.scroll_output(-10),
                    _ => self.overlay = Overlay::None,
                }
                return Command::None;
            }
            Overlay::None => {}
        }
        let page = self.reader_height().saturating_sub(2).max(1) as isize;
        match action {
            Action::Quit => return Command::Quit,
            Action::Help => self.overlay = Overlay::Help,
            Action::Close => {
                // Esc clears what a search left behind: the filter in the list, the
                // highlights in the reader.
                if self.focus == Focus::List && self.filter.is_some() {
                    self.filter = None;
                    self.selected = 0;
                } else if let Some(reader) = &mut self.reader {
                    reader.find = None;
                }
            }
            Action::SearchForward => self.start_find(false),
            Action::SearchBackward => self.start_find(true),
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::LibrarySearch => self.start_library_search(),
            Action::ToggleRead => self.toggle_read(),
            Action::CycleSort => self.cycle_sort(),
            Action::SetMark => self.awaiting = Some(Awaiting::SetMark),
            Action::JumpMark => self.awaiting = Some(Awaiting::JumpMark),
            Action::JumpBack => self.jump_back(),
            Action::Pipe => self.start_pipe(),
            Action::CopySection => return self.copy(false),
            Action::CopyArticle => return self.copy(true),
            Action::Edit => return self.edit(),
            Action::Reload => return Command::Reload,
            Action::NamedPipe(i) => return self.run_named_pipe(i),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::ToggleOutline if self.size.0 < OUTLINE_MIN_WIDTH => {
                self.status = Some(format!(
                    "the outline shows on terminals at least {OUTLINE_MIN_WIDTH} columns wide"
                ));
            }
            Action::ToggleOutline => {
                self.outline = match self.outline {
                    OutlinePane::Shown => OutlinePane::Hidden,
                    OutlinePane::Hidden => OutlinePane::Shown,
                };
                if self.outline == OutlinePane::Hidden && self.focus == Focus::Outline {
                    self.focus = Focus::Reader;
                }
                self.fit();
            }
            Action::Open => match self.focus {
                Focus::List => {
                    if let Some(index) = self.selected_entry() {
                        return Command::Load(index, self.entries[index].path.clone());
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
            },
            Action::NextHeading => self.jump(Jump::NextAny),
            Action::PrevHeading => self.jump(Jump::PrevAny),
            Action::NextSection => self.jump(Jump::NextSame),
            Action::PrevSection => self.jump(Jump::PrevSame),
            Action::Down | Action::Up => {
                let step = if action == Action::Down { 1 } else { -1 };
                match self.focus {
                    Focus::List => self.select(self.selected as isize + step),
                    Focus::Reader => self.scroll(step),
                    Focus::Outline => self.move_cursor(step),
                }
            }
            Action::PageDown | Action::PageUp | Action::HalfPageDown | Action::HalfPageUp => {
                let amount = match action {
                    Action::PageDown => page,
                    Action::PageUp => -page,
                    Action::HalfPageDown => (page / 2).max(1),
                    _ => -(page / 2).max(1),
                };
                match self.focus {
                    Focus::List => self.select(self.selected as isize + amount.signum() * 5),
                    Focus::Outline => self.move_cursor(amount.signum() * 5),
                    Focus::Reader => self.scroll(amount),
                }
            }
            Action::Top | Action::Bottom => {
                let to_end = action == Action::Bottom;
                match self.focus {
                    Focus::List => {
                        self.selected = if to_end {
                            self.visible().len().saturating_sub(1)
                        } else {
                            0
                        };
                    }
                    Focus::Reader => {
                        // Like vim, top and bottom are jumps: '' comes back.
                        self.remember_jump();
                        self.scroll(if to_end {
                            isize::MAX / 2
                        } else {
                            isize::MIN / 2
                        });
                    }
                    Focus::Outline => self.move_cursor(if to_end {
                        isize::MAX / 2
                    } else {
                        isize::MIN / 2
                    }),
                }
            }
        }
        Command::None
    }

    fn cycle_focus(&mut self, forward: bool) {
        let mut order = vec![Focus::List];
        if self.reader.is_some() {
            order.push(Focus::Reader);
            if self.outline == OutlinePane::Shown {
                order.push(Focus::Outline);
            }
        }
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = order.len();
        self.focus = order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        if self.focus == Focus::Outline
            && let Some(reader) = &mut self.reader
        {
            reader.cursor = reader.current_section().unwrap_or(0);
        }
        self.fit();
    }

    fn select(&mut self, to: isize) {
        let last = self.visible().len().saturating_sub(1);
        self.selected = to.clamp(0, last as isize) as usize;
    }

    fn move_cursor(&mut self, by: isize) {
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

    fn scroll(&mut self, by: isize) {
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
            None => {
                self.status = Some(
                    match jump {
                        Jump::NextAny | Jump::NextSame => "no next section",
                        Jump::PrevAny | Jump::PrevSame => "no previous section",
                    }
                    .to_string(),
                );
            }
        }
        self.fit();
    }

    /// Re-lays the article out for the current size and keeps scroll positions in range.
    fn fit(&mut self) {
        let options = self.layout_options(self.reader_measure());
        if let Some(reader) = &mut self.reader
            && let Some(job) = reader.relayout(&options)
        {
            self.jobs.push(job);
        }
        self.clamp_top();
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    /// A new scan of the library: keeps the selection and the open article by path.
    fn replace_entries(&mut self, entries: Vec<Entry>) {
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
            let matches = search::fuzzy_filter(self, &query);
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
    fn clamp_top(&mut self) {
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

fn jump_to(reader: &mut Reader, entry: usize) {
    if let Some(&line) = reader.layout.heading_lines.get(entry) {
        reader.top = line;
    }
}

fn hit(rect: Option<Rect>, column: u16, row: u16) -> bool {
    rect.is_some_and(|r| {
        column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SourceFormat, parse};

    fn doc() -> Document {
        let mut text = String::from("# Title\n\n");
        for s in ["One", "Two", "Three"] {
            text.push_str(&format!("## {s}\n\n"));
            for _ in 0..3 {
                text.push_str(&"word ".repeat(60));
                text.push_str("\n\n");
            }
            text.push_str(&format!("### {s} sub\n\nShort.\n\n"));
        }
        parse(&text, SourceFormat::Markdown, "t")
    }

    fn open(size: (u16, u16)) -> App {
        let d = doc();
        let mut app = App::new(vec![Entry::ready(PathBuf::from("t.md"), &d)], vec![], size);
        assert_eq!(
            app.update(Msg::Action(Action::Open)),
            Command::Load(0, PathBuf::from("t.md"))
        );
        app.update(Msg::Opened(0, Ok(Box::new(Opened::new(d)))));
        app
    }

    fn section(app: &App) -> Option<String> {
        let r = app.reader.as_ref()?;
        r.current_section().map(|i| r.doc.outline[i].text.clone())
    }

    fn top_text(app: &App) -> String {
        let r = app.reader.as_ref().expect("open");
        r.layout.lines[r.top].text()
    }

    #[test]
    fn opening_focuses_the_reader() {
        let app = open((160, 40));
        assert_eq!(app.focus, Focus::Reader);
        assert_eq!(app.reader.as_ref().map(|r| r.width), Some(72));
    }

    #[test]
    fn section_jumps_put_the_heading_on_top() {
        let mut app = open((120, 40));
        // The title is the first heading, on the top line already.
        assert_eq!(top_text(&app), "Title");
        app.update(Msg::Action(Action::NextHeading));
        assert_eq!(top_text(&app), "One");
        app.update(Msg::Action(Action::NextHeading));
        assert_eq!(top_text(&app), "One sub");
        app.update(Msg::Action(Action::NextSection));
        assert_eq!(top_text(&app), "Two");
        app.update(Msg::Action(Action::PrevHeading));
        assert_eq!(top_text(&app), "One sub");
        // `{` from inside "One sub" (level 3) goes to the previous level-3-or-higher heading.
        app.update(Msg::Action(Action::PrevSection));
        assert_eq!(top_text(&app), "One");
    }

    #[test]
    fn current_section_follows_every_scroll() {
        let mut app = open((120, 40));
        for _ in 0..2 {
            app.update(Msg::Action(Action::NextHeading));
        }
        let start = app.reader.as_ref().map_or(0, |r| r.top);
        assert_eq!(section(&app).as_deref(), Some("One sub"));
        app.update(Msg::Action(Action::Up));
        assert_eq!(section(&app).as_deref(), Some("One"));
        app.update(Msg::Action(Action::Down));
        assert_eq!(app.reader.as_ref().map(|r| r.top), Some(start));
        assert_eq!(section(&app).as_deref(), Some("One sub"));
        // The title is the header's, not an outline entry (issue 17).
        assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(1));
        assert_eq!(
            app.reader.as_ref().map(|r| r.doc.outline[1].text.as_str()),
            Some("One sub")
        );
    }

    #[test]
    fn outline_enter_jumps() {
        let mut app = open((120, 40));
        app.update(Msg::Action(Action::FocusNext));
        assert_eq!(app.focus, Focus::Outline);
        // One, One sub, Two: the title is the header's, not an outline entry (issue 17).
        for _ in 0..2 {
            app.update(Msg::Action(Action::Down));
        }
        app.update(Msg::Action(Action::Open));
        assert_eq!(top_text(&app), "Two");
        assert_eq!(app.focus, Focus::Reader);
    }

    #[test]
    fn resize_keeps_the_text_on_top() {
        let mut app = open((120, 40));
        app.update(Msg::Action(Action::NextSection));
        app.update(Msg::Action(Action::NextSection));
        let before = top_text(&app);
        app.update(Msg::Resized(60, 20));
        assert_eq!(top_text(&app), before);
        app.update(Msg::Resized(120, 40));
        assert_eq!(top_text(&app), before);
    }

    #[test]
    fn tiny_sizes_do_not_panic() {
        let mut app = open((120, 40));
        for (w, h) in [(1, 1), (0, 0), (5, 2), (20, 5), (79, 3)] {
            app.update(Msg::Resized(w, h));
            for a in [
                Action::PageDown,
                Action::Bottom,
                Action::NextHeading,
                Action::Up,
            ] {
                app.update(Msg::Action(a));
            }
        }
    }

    #[test]
    fn help_overlay_closes_on_any_key() {
        let mut app = open((120, 40));
        app.update(Msg::Action(Action::Help));
        assert_eq!(app.overlay, Overlay::Help);
        app.update(Msg::Action(Action::Close));
        assert_eq!(app.overlay, Overlay::None);
        assert_eq!(app.update(Msg::Action(Action::Quit)), Command::Quit);
    }

    #[test]
    fn failed_open_keeps_running_with_a_note() {
        let mut app = App::new(
            vec![Entry::failed("x.md".into(), String::new())],
            vec![],
            (80, 24),
        );
        app.update(Msg::Opened(
            0,
            Err("cannot read 'x.md': permission denied".into()),
        ));
        assert!(app.status.as_deref().is_some_and(|s| s.contains("x.md")));
        assert!(app.reader.is_none());
    }
}
